"""Quotes: quote-mark scanning, seed targets, constructed variants, speaker resolution, the eval scorer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tidings.model import Actor, Entity
from tidings.quotes import extract_quotes, scan_quotes

REPO = Path(__file__).resolve().parents[1]
SEED_000 = REPO / "examples" / "000_5904b99a19247a34.txt"
SEED_004 = REPO / "examples" / "004_3979278851648cfb.txt"
SHARED = Path(os.environ.get("TIDINGS_SHARED", REPO.parent / "shared"))
QUOTES_DEV = SHARED / "eval" / "quotes" / "dev"


# --------------------------------------------------------------------------- scanning (no model)


def contents(text: str) -> list[str]:
    return [text[q.start : q.end] for q in scan_quotes(text)]


@pytest.mark.parametrize(
    "text, inner",
    [
        ('He said "we will win" today.', "we will win"),
        ("He said “we will win” today.", "we will win"),
        ("He said ‘we will win’ today.", "we will win"),
        ("He said 'we will win' today.", "we will win"),
        ("Il a dit « nous allons gagner » hier.", "nous allons gagner"),
        ("Er sagte ‹wir gewinnen› heute.", "wir gewinnen"),
        ("Er sagte „wir gewinnen“ heute.", "wir gewinnen"),
        ("He said `we will win` today.", "we will win"),
        ("He said `we will win’ today.", "we will win"),
        ("He said ``we will win'' today.", "we will win"),
        ("Sie sagte »wir gewinnen« heute.", "wir gewinnen"),
    ],
)
def test_every_quote_mark_style(text, inner):
    assert contents(text) == [inner]


def test_apostrophes_are_not_quote_marks():
    text = "Korea's leaders didn't mention the ’90s famine, nor the '80s, nor rock'n'roll."
    assert scan_quotes(text) == []
    text = "North Korea’s envoy said ‘the leaders’ meeting went well’ on Tuesday."
    assert contents(text) == ["the leaders’ meeting went well"]


def test_plural_possessive_closes_when_nothing_else_can():
    assert contents("They chanted ‘no more wars, no more generals’ all night.") == [
        "no more wars, no more generals"
    ]


def test_nested_quotes_keep_their_parent():
    text = "“President Obama told me ‘We can’t wait any longer’ in 2015,” Rice said."
    quotes = scan_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == [
        "President Obama told me ‘We can’t wait any longer’ in 2015,",
        "We can’t wait any longer",
    ]
    assert quotes[1].parent == 0 and quotes[1].depth == 1


def test_quote_running_over_three_paragraphs_is_one_quote():
    text = (
        "“The water came at night.\n\n"
        "“We lost the house and the animals.\n\n"
        "“Nobody has come to help us,” Hassan said.\n\n"
        "“A new quote,” he added."
    )
    quotes = scan_quotes(text)
    assert len(quotes) == 2
    assert quotes[0].paragraphs == 3
    assert text[quotes[0].start : quotes[0].end].endswith("help us,")
    assert text[quotes[1].start : quotes[1].end] == "A new quote,"


def test_a_string_instead_of_a_doc_is_a_clear_error():
    from tidings.errors import InputError

    with pytest.raises(InputError, match="parsed spaCy Doc"):
        extract_quotes("“We will win,” Lee said.", actors=[], entities=[])


def test_unclosed_quote_not_continued_is_dropped():
    text = "“This never closes.\n\nThe next paragraph is narration with a “real quote” in it."
    assert contents(text) == ["real quote"]


# --------------------------------------------------------------------------- extraction (spaCy)


def run(parse, text, actors=(), entities=None):
    doc = parse(text)
    if entities is None:
        entities = [Entity(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
    quotes = extract_quotes(doc, actors=list(actors), entities=entities)
    for q in quotes:  # every record points into the text
        assert doc.text[q.start : q.end] == q.text
        for span in (q.cue, q.speaker):
            if span is not None:
                assert doc.text[span.start : span.end] == span.text
    return quotes


def direct(quotes):
    return [q for q in quotes if q.direct]


def reported(quotes):
    return [q for q in quotes if not q.direct]


@pytest.mark.model
def test_seed_000_direct_quotes(parse):
    quotes = run(parse, SEED_000.read_text(encoding="utf-8"))
    found = direct(quotes)
    assert len(found) == 5
    first, albright, clinton, hoare, last = found
    # the first two quoted paragraphs are one quote, closed by "Lee emphasized"
    assert first.text.startswith("Having a summit with the US president")
    assert first.text.endswith("third generation leader of the Kim family,")
    assert "\n\n`Kim Jong-un is taking the final steps" in first.text
    assert (first.speaker.text, first.cue.text) == ("Lee", "emphasized")
    # Albright's quote holds Clinton's, each with its own speaker
    assert albright.text.startswith("President Clinton tactfully said ‘I won’t go")
    assert albright.start < clinton.start and clinton.end <= albright.end
    assert albright.speaker.text == "Albright"
    assert clinton.text.startswith("I won’t go unless I’m prepared")
    assert clinton.text.endswith("not very interested,")
    assert clinton.speaker.text == "President Clinton"
    assert clinton.speaker_name == "Bill Clinton"  # resolved to the article's full name
    assert hoare.text.startswith("There is a strong belief in North Korea")
    assert hoare.speaker.text == "Hoare"
    assert last.text.startswith("He was a young man who came to power")
    assert last.speaker.text == "Lee"


@pytest.mark.model
def test_seed_000_reported_speech(parse):
    quotes = reported(run(parse, SEED_000.read_text(encoding="utf-8")))
    cnn = [q for q in quotes if q.speaker_name == "CNN"]
    assert cnn and cnn[0].cue.text == "according to"
    assert "the meeting itself is the biggest victory for North Korea" in cnn[0].text
    assert "according to" not in cnn[0].text
    experts = [q for q in quotes if q.speaker and q.speaker.text == "experts"]
    assert experts and "according to CNN" not in experts[0].text
    westcott = [q for q in quotes if q.speaker and q.speaker.text == "CNN writer Ben Westcott"]
    assert westcott and westcott[0].speaker_name == "Ben Westcott"
    assert westcott[0].text.startswith("But with the spirit of eagerness")
    assert westcott[0].text.endswith("pushing for this meeting to the end")
    # "she believes ...": a belief, not speech (issue 14): no quote
    assert not [q for q in quotes if q.cue.text == "believes"]


@pytest.mark.model
def test_seed_004_reported_speech(parse):
    quotes = reported(run(parse, SEED_004.read_text(encoding="utf-8")))
    trump = [q for q in quotes if q.text.startswith("ultimate pressure has forced North Korea")]
    assert trump and trump[0].speaker_name == "Donald Trump" and trump[0].cue.text == "said"
    kim = [q for q in quotes if q.text.startswith("the US’s acceptance to talk")]
    assert kim and kim[0].speaker.text == "Kim" and kim[0].speaker_name == "Kim Jong-un"
    rodong = [q for q in quotes if q.text.startswith("a new relationship between Pyongyang and Washington")]
    assert rodong and rodong[0].speaker_name == "Rodong Sinmun"
    assert not direct(run(parse, SEED_004.read_text(encoding="utf-8")))  # and no quote marks


@pytest.mark.model
@pytest.mark.parametrize(
    "text, content, speaker",
    [
        ('"The talks must go on," said Mike Pompeo, the secretary of state.', "The talks must go on,", "Mike Pompeo"),
        ("“The talks must go on,” Sergei Lavrov told reporters in Moscow.", "The talks must go on,", "Sergei Lavrov"),
        ("Angela Merkel said: «Europe must act together on migration.»", "Europe must act together on migration.", "Angela Merkel"),
        ("The Chinese envoy said: ‹We will not accept these terms at all.›", "We will not accept these terms at all.", "The Chinese envoy"),
        ("Smith told reporters: „We will not accept this deal at all.“", "We will not accept this deal at all.", "Smith"),
        ("`We are ready to talk about everything,` Moon Jae-in said on Friday.", "We are ready to talk about everything,", "Moon Jae-in"),
        ("'The summit was a success for both countries,' said Jacinda Ardern.", "The summit was a success for both countries,", "Jacinda Ardern"),
        ("“Subpoenas are not optional,” Rep. Jason Chaffetz (R-Utah) said.", "Subpoenas are not optional,", "Rep. Jason Chaffetz"),
        ("“We need the money for the school,” ― Amelize Joseph", "We need the money for the school,", "Amelize Joseph"),
    ],
)
def test_quote_styles_with_cue_before_and_after(parse, text, content, speaker):
    quotes = direct(run(parse, text))
    assert [q.text for q in quotes] == [content]
    assert quotes[0].speaker.text == speaker


@pytest.mark.model
def test_speaker_in_earlier_sentence_or_colon_paragraph(parse):
    text = "The talks may fail, Schiff said. “The other factor is the timing of the election.”"
    (q,) = direct(run(parse, text))
    assert q.speaker.text == "Schiff" and q.cue.text == "said"
    text = "Caddell continued:\n\n“The health issue is very much a partisan issue in this race.”"
    (q,) = direct(run(parse, text))
    assert q.speaker.text == "Caddell"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, speaker, name",
    [
        ("The timing does not surprise pollster Daron Shaw: “Lesser-known candidates gain late.”",
         "pollster Daron Shaw", "Daron Shaw"),
        ("Kasich: ‘We Are Going To Go All The Way To Cleveland’", "Kasich", "Kasich"),
        ("Hillary Clinton spoke for an hour. She then turned to the crowd: “Here is what I regret most.”",
         "She", "Hillary Clinton"),
        ("Continued Stone:\n\n“I think it is a very real problem for the country.”", "Stone", "Stone"),
        ("“There was probable cause to arrest him,” according to a court document.", "a court document",
         "a court document"),
        ("One early supporter, Representative Lee Zeldin, tried it on CNN on Tuesday: “You can argue that "
         "the president is wrong.”", "One early supporter", "One early supporter"),
    ],
)
def test_colon_lead_ins_and_according_to_after_a_quote(parse, text, speaker, name):
    (q,) = direct(run(parse, text))
    assert (q.speaker.text, q.speaker_name) == (speaker, name)
    assert not reported(run(parse, text))  # the quote is not reported twice


@pytest.mark.model
def test_quote_continued_after_the_cue_shares_speaker_and_cue(parse):
    text = "“We were there legally,” Warren said. “And we will go back again next year.”"
    first, second = direct(run(parse, text))
    assert second.speaker.text == "Warren" and second.cue == first.cue


@pytest.mark.model
@pytest.mark.parametrize(
    "text, name",
    [
        ("Theresa May met Emmanuel Macron in Paris. “We agreed to work together,” she said.", "Theresa May"),
        ("Emmanuel Macron met Theresa May in Paris. “We agreed to work together,” he said.", "Emmanuel Macron"),
        ("Angela Merkel met Joe Biden in Berlin. “We agreed to work together,” she said.", "Angela Merkel"),
        ("Mrs. Lopez Obrador met Mr. Kenyatta in Nairobi. “We agreed to work together,” he said.", "Kenyatta"),
    ],
)
def test_pronoun_speakers_follow_gender(parse, text, name):
    (q,) = direct(run(parse, text))
    assert q.speaker.text in ("he", "she")
    assert q.speaker_name.endswith(name)


@pytest.mark.model
def test_surname_resolves_to_full_name(parse):
    text = (
        "Jean H. Lee runs the Korea program at the Wilson Center.\n\n"
        "“The talks will fail unless both sides give ground,” Lee said."
    )
    (q,) = direct(run(parse, text))
    assert (q.speaker.text, q.speaker_name) == ("Lee", "Jean H. Lee")
    text = (
        "Bill Clinton was president in 2000. Years later, Hillary Clinton ran for the office.\n\n"
        "“I am ready for this job,” Clinton said."
    )
    (q,) = direct(run(parse, text))
    assert q.speaker_name == "Hillary Clinton"  # the most recent Clinton, not the first
    text = "Kim Jong-un met Moon Jae-in. Kim said the talks had been useful for both countries."
    (q,) = [q for q in reported(run(parse, text)) if q.cue.text == "said"]
    assert q.speaker_name == "Kim Jong-un"


@pytest.mark.model
def test_quote_without_speaker_has_none(parse):
    text = (
        "“This is a great day for peace and for the people of both Koreas.”\n\n"
        "The statement was posted on the ministry website on Tuesday."
    )
    (q,) = direct(run(parse, text))
    assert q.speaker is None and q.speaker_name is None and q.cue is None


@pytest.mark.model
def test_three_paragraph_quote(parse):
    text = (
        "Ahmed Hassan, a farmer, described the flood.\n\n"
        "“The water came at night and took everything we had.\n\n"
        "“We lost the house, the animals and the harvest.\n\n"
        "“Nobody from the government has come to help us,” Hassan said."
    )
    (q,) = direct(run(parse, text))
    assert q.text.startswith("The water came") and q.text.endswith("help us,")
    assert q.speaker_name == "Ahmed Hassan"


@pytest.mark.model
@pytest.mark.parametrize("text", ["", "“", "““““““““", "'''''", "“”", '" , " said Lee.', "``''", "\n\n"])
def test_degenerate_input_gives_no_quotes(parse, text):
    assert direct(run(parse, text)) == []


@pytest.mark.model
def test_scare_quotes_and_titles_are_not_quotes(parse):
    text = "Trump called the deal “an absolute disgrace” and Korea's 'historic' summit went ahead."
    assert direct(run(parse, text)) == []
    text = "As the Daily Beast called them last week, “Manchurian anchors” were everywhere."
    assert direct(run(parse, text)) == []


@pytest.mark.model
def test_reported_speech_forms(parse):
    quotes = reported(run(parse, "The ministry said the talks would resume next week, according to state media."))
    said = [q for q in quotes if q.cue.text == "said"]
    assert said and said[0].text == "the talks would resume next week"
    assert said[0].speaker.text == "The ministry"
    according = [q for q in quotes if q.cue.text == "according to"]
    assert according and according[0].speaker.text == "state media"
    quotes = reported(run(parse, "Pyongyang will keep its missiles, Lavrov warned on Monday."))
    assert [q.text for q in quotes] == ["Pyongyang will keep its missiles"]
    assert quotes[0].speaker_name == "Lavrov"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, content, cue, speaker",
    [
        ("Senator Marco Rubio talked about the southern border for an hour.", "the southern border", "talked",
         "Senator Marco Rubio"),
        ("Trump called the investigation a witch hunt.", "the investigation a witch hunt", "called", "Trump"),
        ("Trump's claim that the election was rigged drew criticism.", "that the election was rigged", "claim",
         "Trump"),
        ("Kim vowed to end all missile tests by the end of the year.",
         "to end all missile tests by the end of the year", "vowed", "Kim"),
        ("Joe Bateman said there is a “long road ahead” for the campaign.",
         "there is a “long road ahead” for the campaign", "said", "Joe Bateman"),
    ],
)
def test_reported_objects_infinitives_and_nouns(parse, text, content, cue, speaker):
    quotes = reported(run(parse, text))
    assert [(q.text, q.cue.text, q.speaker.text) for q in quotes] == [(content, cue, speaker)]
    assert not direct(run(parse, text))


@pytest.mark.model
def test_relative_pronoun_speaker_resolves_to_its_antecedent(parse):
    text = "The crowd cheered for Jeremy Corbyn, who said that the vote would be held in May."
    (q,) = [q for q in reported(run(parse, text)) if q.cue.text == "said"]
    assert q.speaker.text == "who" and q.speaker_name == "Jeremy Corbyn"
    assert q.text == "that the vote would be held in May"


@pytest.mark.model
def test_pronouns_and_dates_are_not_attributed_content(parse):
    quotes = reported(run(parse, "Clinton described that on Friday. The senator called Friday."))
    assert quotes == []


@pytest.mark.model
def test_the_newspaper_resolves_through_its_apposition(parse):
    text = "Rodong Sinmun, the party newspaper, praised the summit. The newspaper wrote that a new era had begun."
    (q,) = [q for q in reported(run(parse, text)) if q.cue.text == "wrote"]
    assert q.speaker.text == "The newspaper" and q.speaker_name == "Rodong Sinmun"


@pytest.mark.model
def test_speaker_code_comes_from_the_actors_layer(parse):
    text = "Moon Jae-in met Kim Jong-un.\n\n“Peace has come to the peninsula,” Moon said."
    moon_at = text.index("Moon said")
    actors = [
        Actor(0, 11, "Moon Jae-in", "Moon Jae-in", "KORGOV", "KOR", "GOV", "dictionary", entity_id="e1"),
        Actor(moon_at, moon_at + 4, "Moon", "Moon Jae-in", None, "KOR", None, "alias", entity_id="e1"),
    ]
    (q,) = direct(run(parse, text, actors=actors))
    assert q.speaker.text == "Moon" and q.speaker_code == "KORGOV"
    # without actors there is no code, and nothing is invented
    (q,) = direct(run(parse, text))
    assert q.speaker_code is None
    # a pronoun speaker takes the code of the person it resolves to
    text = "Jacinda Ardern met reporters in Wellington.\n\n“We will not change the law,” she said."
    actors = [Actor(0, 14, "Jacinda Ardern", "Jacinda Ardern", "NZLGOV", "NZL", "GOV", "dictionary")]
    (q,) = direct(run(parse, text, actors=actors))
    assert (q.speaker.text, q.speaker_name, q.speaker_code) == ("she", "Jacinda Ardern", "NZLGOV")


# --------------------------------------------------------------------------- the scorer


def write_brat(root: Path, name: str, text: str, ann: str, annotator: str = "aaaa") -> None:
    (root / "text").mkdir(parents=True, exist_ok=True)
    (root / "attributions").mkdir(parents=True, exist_ok=True)
    (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    (root / "attributions" / f"{name}_{annotator}.ann").write_text(ann, encoding="utf-8")


def test_brat_reader_and_overlap(tmp_path):
    from tidings.eval.quotes import Attribution, load_gold, match, overlap

    text = "“We will win,” Lee said. Polls show that she leads."
    q_end = text.index(" Lee")
    ann = (
        f"T1\tContent 0 {q_end}\t{text[:q_end]}\n"
        f"T2\tSource 15 18\tLee\nT3\tCue 19 23\tsaid\nT4\tAttribution 19 23\tsaid\n"
        "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n"
        "T5\tContent 37 50\tthat she leads\nT6\tCue 31 35\tshow\nT7\tAttribution 31 35\tshow\n"
        "E2\tAttribution:T7 Content:T5 Cue:T6\n"
    )
    write_brat(tmp_path, "doc1", text, ann, "bbbb")
    write_brat(tmp_path, "doc1", text, "", "aaaa")  # a second annotator with nothing
    (tmp_path / "metadata.tsv").write_text("filename\tannotators\ndoc1\tbbbb|aaaa\n", encoding="utf-8")
    (doc,) = load_gold(tmp_path)
    assert doc.annotator == "aaaa"  # the first annotator, alphabetically, as documented
    (tmp_path / "attributions" / "doc1_aaaa.ann").unlink()
    (doc,) = load_gold(tmp_path)
    assert doc.annotator == "bbbb"
    quote, reported_ = doc.attributions
    assert quote.direct and not reported_.direct and quote.source_text == "Lee"
    half = Attribution(content=[(0, q_end // 2)])
    assert overlap(quote, half) == pytest.approx((q_end // 2) / q_end)
    assert match([quote], [half], 0.3) and not match([quote], [half], 0.8)


def test_eval_command_reports_a_clear_error(tmp_path):
    from click.testing import CliRunner

    from tidings.cli import main

    result = CliRunner().invoke(main, ["eval", "quotes", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "[T100]" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["eval", "quotes", str(tmp_path)])
    assert result.exit_code == 2 and "[T100]" in result.output


@pytest.mark.model
@pytest.mark.gold
def test_polnear_dev_sample_scores():
    if not QUOTES_DEV.is_dir():
        pytest.skip("../shared/eval/quotes/dev is not available")
    from tidings.eval.quotes import evaluate, load_gold

    result = evaluate(load_gold(QUOTES_DEV, limit=12))
    assert result["direct@30"]["f1"] >= 0.8
    assert result["speaker_accuracy_direct"] >= 0.8
    assert result["all@30"]["f1"] >= 0.55


# ---- issue 14: only speech carries quotes; the speaker's code from what the text says ---------


@pytest.mark.model
@pytest.mark.parametrize("text", [
    # the object of a reaction verb is what the reaction is about, not words anyone said
    "The US welcomed the exchange of prisoners.",
    "Merkel praised the agreement on Monday.",
    "The UN condemned the attack on the convoy near Aleppo.",
    "The group criticized Clinton for accepting speaking fees from banks.",
    "Beijing has strongly denounced the new sanctions.",
    # thinking, fearing and showing are not speech
    "Analysts believe the economy will grow next year.",
    "He worries that the deal will collapse before the summer.",
    "Many voters think that the election was stolen from them.",
    "Footage shows police beating protesters in the square.",
    "Court papers showed that the senator had lied to investigators.",
    "The data indicates that unemployment fell in March.",
    # wanting or planning to do something is not speech either
    "Iran wants to restore the nuclear deal with Europe.",
    "The minister called the ambassador on Friday.",
])
def test_non_speech_verbs_and_reaction_objects_carry_no_quote(parse, text):
    assert run(parse, text) == []


@pytest.mark.model
@pytest.mark.parametrize("text, cue", [
    # controls: the same sentences said with speech verbs stay quotes
    ("The US said the exchange of prisoners was a step forward.", "said"),
    ("Merkel told reporters that the agreement would hold.", "told"),
    ("Analysts wrote that the economy will grow next year.", "wrote"),
    ("Court officials announced that the senator had lied to investigators.", "announced"),
    ("The minister described the talks as very useful.", "described"),
    ("Kim pledged to end all missile tests this year.", "pledged"),
])
def test_speech_verbs_still_carry_quotes(parse, text, cue):
    quotes = reported(run(parse, text))
    assert [q.cue.text for q in quotes] == [cue]


@pytest.mark.model
@pytest.mark.parametrize("text, code", [
    ("China's ambassador to Britain said the protests were illegal.", "CHNGOV"),
    ("Liu Xiaoming, China's ambassador to Britain, said the protests were illegal.", "CHNGOV"),
    ("The Chinese ambassador to Britain said the protests were illegal.", "CHNGOV"),
    ("Britain's ambassador to China said the talks were useful.", "GBRGOV"),
    ("US officials testifying about Ukraine said the aid had been withheld.", "USAGOV"),
    ("Ukrainian officials testifying about the US said the aid had been withheld.", "UKRGOV"),
])
def test_speaker_code_comes_from_what_the_sentence_says(parse, text, code):
    from tidings import nlp
    from tidings.actors import code_actors

    doc = parse(text)
    entities = nlp.entities(doc)
    quotes = reported(extract_quotes(doc, actors=code_actors(doc, entities, dct="2019-11-20"), entities=entities))
    assert [q.speaker_code for q in quotes] == [code]


@pytest.mark.model
def test_pronoun_speakers_go_through_the_shared_resolver(parse):
    text = "Hillary Clinton met Donald Trump in May. Later she said the talks went well."
    (q,) = reported(run(parse, text))
    assert q.speaker.text == "she" and q.speaker_name == "Hillary Clinton"
    text = "Donald Trump met Angela Merkel in May. Later he said the talks went well."
    (q,) = reported(run(parse, text))
    assert q.speaker_name == "Donald Trump"
