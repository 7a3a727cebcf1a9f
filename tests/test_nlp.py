"""The spaCy layer: loading, sentence starts in scraped text, sentences and entities with offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings import nlp
from tidings.errors import ConfigError, InputError, ModelMissingError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED_000 = EXAMPLES / "000_5904b99a19247a34.txt"
SEED_004 = EXAMPLES / "004_3979278851648cfb.txt"

pytestmark = pytest.mark.model


def sentence_texts(text: str) -> list[str]:
    return [s.text for s in nlp.sentences(nlp.parse(text))]


@pytest.fixture(scope="module")
def seed_000():
    return nlp.parse(SEED_000.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_004():
    return nlp.parse(SEED_004.read_text(encoding="utf-8"))


# --- loading ---------------------------------------------------------------------------------


def test_load_is_cached_and_puts_the_sentence_component_before_the_parser():
    pipeline = nlp.load()
    assert nlp.load() is pipeline
    names = pipeline.pipe_names
    assert names.index(nlp.SENTENCE_COMPONENT) == names.index("parser") - 1


def test_missing_pipeline_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("TIDINGS_SPACY_MODEL", "en_no_such_pipeline_xyz")
    with pytest.raises(ModelMissingError) as caught:
        nlp.load()
    assert str(caught.value).startswith("[T200]") and "en_no_such_pipeline_xyz" in str(caught.value)
    with pytest.raises(ModelMissingError):
        nlp.load("another_missing_pipeline")


def test_bad_input_is_a_clear_error():
    with pytest.raises(InputError):
        nlp.parse(b"bytes are not text")  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        list(nlp.parse_many(["a"], n_process=0))


def test_parse_keeps_the_text_exactly(seed_000):
    assert seed_000.text == SEED_000.read_text(encoding="utf-8")


def test_parse_many_in_two_processes_gives_the_same_sentences():
    texts = ["Earn respect\n\nHe left.She stayed.", "Related News\nMr. Lee spoke on Jan. 5 in Seoul."]
    one = [[s.text for s in nlp.sentences(d)] for d in nlp.parse_many(texts)]
    two = [[s.text for s in nlp.sentences(d)] for d in nlp.parse_many(texts, n_process=2, batch_size=1)]
    assert one == two
    assert one[0] == ["Earn respect", "He left.", "She stayed."]


# --- sentences: the seeds -----------------------------------------------------------------------


def test_sentence_offsets_point_at_trimmed_text(seed_000, seed_004):
    for doc in (seed_000, seed_004):
        sentences = list(nlp.sentences(doc))
        assert len(sentences) > 10
        for sentence in sentences:
            assert doc.text[sentence.start:sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip() and sentence.text


def test_seed_000_headings_byline_and_backtick_quotes(seed_000):
    texts = [s.text for s in nlp.sentences(seed_000)]
    assert "Earn respect" in texts and "Consolidate power" in texts
    assert "Avatar of Nick John By Nick John Dec4,2023 #Meeting #president" in texts
    assert "Related Post" in texts and "Leave a Reply" in texts and "Vu Hoang" in texts
    quote = next(t for t in texts if t.startswith("`Kim Jong-un is taking"))
    assert quote.endswith("the third generation leader of the Kim family,` Lee emphasized.")
    assert not any(t.startswith("`") and t.split()[1:2] == ["Lee"] for t in texts)
    albright = next(t for t in texts if t.startswith("`President Clinton tactfully said"))
    assert albright.endswith("interested,’` Albright said in March in Brussels.")
    assert any(t.endswith("challenges or insecurities,` Lee said.") for t in texts)
    assert "Just five months ago, North Korea was isolated and subjected to a series of strong sanctions." in texts


def test_seed_004_heading_caption_and_missing_space(seed_004):
    texts = [s.text for s in nlp.sentences(seed_004)]
    assert texts[0] == "New period in US-North Korean relations"
    assert texts[1].startswith("(VOVWORLD) -US President Donald Trump") and texts[1].endswith("on Tuesday.")
    assert "(photo: Straits Times/Getty Images)" in texts
    assert any(t.endswith("with the aid of translators.") for t in texts)
    assert "They then held a summit and a working lunch with advisors." in texts
    assert "Tough way to the summit" in texts and "Related News" in texts


# --- sentences: constructed scraped text ---------------------------------------------------------


def test_lines_without_final_punctuation_end_sentences():
    text = (
        "Markets rally on rate hopes\n"
        "By Jane Okafor, Reuters\n"
        "Stocks rose on Friday as investors bet on a cut.\n"
        "Photo: AP/Evan Vucci\n"
        "Read more\n"
        "Traders in Frankfurt were cautious."
    )
    assert sentence_texts(text) == [
        "Markets rally on rate hopes",
        "By Jane Okafor, Reuters",
        "Stocks rose on Friday as investors bet on a cut.",
        "Photo: AP/Evan Vucci",
        "Read more",
        "Traders in Frankfurt were cautious.",
    ]


def test_a_list_after_a_colon_splits_but_a_quote_after_a_colon_is_left_to_the_parser():
    texts = sentence_texts("Share this:\n• Telegram\n• WhatsApp\nThe ministry said:\n“Talks are over.”")
    assert texts[:3] == ["Share this:", "• Telegram", "• WhatsApp"]
    assert texts[-1].endswith("“Talks are over.”")


def test_blank_lines_always_end_sentences_and_lowercase_continuations_do_not():
    text = "Ceasefire talks stall as shelling resumes\n\nThe envoy said the talks\nwould resume in Cairo.\n\nMore on this story"
    assert sentence_texts(text) == [
        "Ceasefire talks stall as shelling resumes",
        "The envoy said the talks\nwould resume in Cairo.",
        "More on this story",
    ]


def test_missing_space_after_period_splits():
    assert sentence_texts("The minister resigned in 2019.The cabinet met.Critics were silent.") == [
        "The minister resigned in 2019.", "The cabinet met.", "Critics were silent.",
    ]


def test_abbreviations_do_not_split():
    texts = sentence_texts(
        "Mr. Abe met Gen. Milley and Dr. Ruto on Jan. 5 at the U.S. Embassy. "
        "The U.N. Security Council met later. It was in the U.S. The end came quickly."
    )
    assert texts[0] == "Mr. Abe met Gen. Milley and Dr. Ruto on Jan. 5 at the U.S. Embassy."
    assert texts[1] == "The U.N. Security Council met later."
    assert texts[-1] == "The end came quickly."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will not give in,” the minister said. “Never.”",
         ["“We will not give in,” the minister said.", "“Never.”"]),
        ("«Nous ne céderons pas», a déclaré Macron. Il est parti.",
         ["«Nous ne céderons pas», a déclaré Macron.", "Il est parti."]),
        ("`The sanctions are working,' Sato said. `They will stay,` she added.",
         ["`The sanctions are working,' Sato said.", "`They will stay,` she added."]),
        ("‘This is a victory for both nations,’ Ramaphosa said on Monday.",
         ["‘This is a victory for both nations,’ Ramaphosa said on Monday."]),
        ("The talks ended.“We won,” he said.", ["The talks ended.", "“We won,” he said."]),
        ("\"It is over,\" said Ortega. Then he left.", ["\"It is over,\" said Ortega.", "Then he left."]),
    ],
)
def test_quotes_stay_with_their_attribution(text, expected):
    assert sentence_texts(text) == expected


def test_possessive_apostrophe_inside_a_backtick_quote_does_not_close_it():
    texts = sentence_texts("`The leaders’ talks will go on for days,` Moon said. Nobody disagreed.")
    assert texts == ["`The leaders’ talks will go on for days,` Moon said.", "Nobody disagreed."]


def test_hard_wrapped_text_is_not_split_at_every_line():
    text = (
        "The foreign ministers of the two countries met in Geneva on Monday\n"
        "to discuss the border dispute that has strained relations since the\n"
        "spring. Officials said the meeting was constructive and that a second\n"
        "round of talks would follow next month in Addis Ababa, Ethiopia.\n"
    )
    assert [t.replace("\n", " ") for t in sentence_texts(text)] == [
        "The foreign ministers of the two countries met in Geneva on Monday to discuss the border "
        "dispute that has strained relations since the spring.",
        "Officials said the meeting was constructive and that a second round of talks would follow "
        "next month in Addis Ababa, Ethiopia.",
    ]


def test_a_list_of_headlines_of_similar_length_is_not_taken_for_wrapped_text():
    headlines = [
        "Markets rally on rate hopes as inflation cools across the euro zone",
        "Oil prices slip after the OPEC output decision surprises energy traders",
        "Kenyan shilling steadies as central bank signals pause in rate hikes",
        "Rescue teams reach flooded villages in northern Bangladesh after rains",
    ]
    assert sentence_texts("\n".join(headlines)) == headlines


# --- entities ------------------------------------------------------------------------------------


def test_entities_have_offsets_labels_and_no_possessive_or_whitespace(seed_000, seed_004):
    for doc in (seed_000, seed_004):
        ents = nlp.entities(doc)
        assert ents
        for ent in ents:
            assert doc.text[ent.start:ent.end] == ent.text
            assert ent.text == ent.text.strip()
            assert not ent.text.endswith(("’s", "'s"))
    labels = {(e.text, e.label) for e in nlp.entities(seed_004)}
    assert ("Singapore", "GPE") in labels and ("Donald Trump", "PERSON") in labels
    assert any(e.text == "North Korea" for e in nlp.entities(seed_004))


def test_glued_byline_date_is_split_for_the_entity_recognizer():
    doc = nlp.parse("By Amina Yusuf Mar7,2021 #Sudan\n\nTalks resumed.")
    tokens = [t.text for t in doc]
    assert tokens[3:7] == ["Mar", "7", ",", "2021"]
    assert not any(e.label == "PERSON" and "2021" in e.text for e in nlp.entities(doc))
