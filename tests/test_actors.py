"""Actor coding on the seed articles and on constructed variants (other leaders, countries, titles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.actors import CorpusRegistry, code_actors, load_dictionary, office_evidence

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dictionary():
    """The packaged dictionary (``src/tidings/actors/data``)."""
    return load_dictionary()


@pytest.fixture(scope="module")
def nlp():
    from tidings import nlp as nlp_module

    return nlp_module


@pytest.fixture(scope="module")
def seed000(nlp, dictionary):
    doc = nlp.parse((REPO / "examples" / "000_5904b99a19247a34.txt").read_text(encoding="utf-8"))
    return doc, code_actors(doc, nlp.entities(doc), "2018-05-28", dictionary=dictionary)


@pytest.fixture(scope="module")
def seed004(nlp, dictionary):
    doc = nlp.parse((REPO / "examples" / "004_3979278851648cfb.txt").read_text(encoding="utf-8"))
    return doc, code_actors(doc, nlp.entities(doc), "2018-06-12", dictionary=dictionary)


def code(nlp, dictionary, text, dct):
    doc = nlp.parse(text)
    return code_actors(doc, nlp.entities(doc), dct, dictionary=dictionary)


def find(actors, text, nth=0):
    found = [a for a in actors if a.text == text]
    assert len(found) > nth, f"no actor {text!r} in {[(a.text, a.code) for a in actors]}"
    return found[nth]


def codes_of(actors, text):
    return {a.code for a in actors if a.text == text}


# --- the seed targets --------------------------------------------------------------------------


def test_seed_004_leaders(seed004):
    doc, actors = seed004
    trump = find(actors, "Donald Trump")
    assert trump.code == "USAGOV" and trump.method == "dictionary"
    assert trump.evidence is not None and "President" in trump.evidence.text
    kim = find(actors, "Kim Jong-un")
    assert kim.code == "PRKGOV" and kim.evidence.text == "North Korean leader"
    assert codes_of(actors, "Moon Jae-in") == {"KORGOV"}
    assert codes_of(actors, "Pyongyang") == {"PRKGOV"}
    assert codes_of(actors, "Washington") == {"USAGOV"}
    assert find(actors, "Pyongyang").method == "metonym"


def test_seed_004_bare_kim_is_kim_jong_un(seed004):
    doc, actors = seed004
    kim_jong_un = find(actors, "Kim Jong-un").entity_id
    bare = [a for a in actors if a.text == "Kim"]
    assert len(bare) >= 3  # "Kim and Trump", "Kim said", "Kim's sitting"
    assert all(a.entity_id == kim_jong_un and a.code == "PRKGOV" and a.method == "alias" for a in bare)
    assert find(actors, "Trump").entity_id == find(actors, "Donald Trump").entity_id


def test_seed_004_kim_yo_jong_stays_apart(seed004):
    doc, actors = seed004
    sister = find(actors, "Kim Yo-jong")
    assert sister.country == "PRK"
    assert sister.entity_id != find(actors, "Kim Jong-un").entity_id


def test_seed_004_media(seed004):
    doc, actors = seed004
    rodong = [a for a in actors if "Rodong Sinmun" in a.text]
    assert rodong and all(a.code == "PRKMED" for a in rodong)
    # "North Korea's" before the paper describes it: not a separate country actor
    first = rodong[0]
    assert not any(a.code == "PRK" and a.end <= first.start and first.start - a.end < 4 for a in actors)


def test_seed_000_time_bounded_offices(seed000):
    doc, actors = seed000
    # "Bill Clinton ... during his time in office in 2000": the clause's year decides
    assert find(actors, "Bill Clinton").code == "USAGOV"
    assert find(actors, "Kim Jong-il").code == "PRKGOV"
    # quoted in a 2018 text, with no year: a former president
    assert find(actors, "Clinton").code == "USAELI"
    assert find(actors, "Clinton").entity_id == find(actors, "Bill Clinton").entity_id
    # "the North Korean leader" right after the 2000 sentence is Kim Jong-il, later Kim Jong-un
    leaders = [a for a in actors if a.text == "North Korean leader"]
    assert leaders[0].entity_id == find(actors, "Kim Jong-il").entity_id
    assert leaders[-1].entity_id == find(actors, "Kim Jong-un").entity_id


def test_seed_000_other_targets(seed000):
    doc, actors = seed000
    assert find(actors, "Donald Trump").code == "USAGOV"
    assert find(actors, "Trump administration").code == "USAGOV"
    assert find(actors, "Washington").code == "USAGOV"
    assert find(actors, "Pyongyang").code == "PRKGOV"
    assert find(actors, "North Korean officials").code == "PRKGOV"
    assert find(actors, "United Nations").code == "IGOUNO"
    assert codes_of(actors, "CNN") == {"USAMED"}
    westcott = find(actors, "Ben Westcott")
    assert westcott.code == "USAMED" and westcott.evidence.text == "CNN writer"
    # "according to Westcott" later is the same person
    later = find(actors, "Westcott")
    assert later.entity_id == westcott.entity_id and later.code == "USAMED"


def test_offsets_point_into_the_text(seed000, seed004):
    for doc, actors in (seed000, seed004):
        assert actors
        assert any(a.evidence is not None for a in actors)
        for actor in actors:
            assert doc.text[actor.start:actor.end] == actor.text
            if actor.evidence is not None:
                assert doc.text[actor.evidence.start:actor.evidence.end] == actor.evidence.text


# --- office evidence for the document date ------------------------------------------------------


def test_office_evidence_seed_000_contradicts_stated_date(seed000, dictionary):
    doc, actors = seed000
    evidence = {e.detail.split(":")[0]: e for e in office_evidence(actors, doc, dictionary)}
    trump = evidence["US President Donald Trump"]
    assert trump.kind == "office-term"
    assert trump.windows == [["2017-01-20", "2021-01-20"], ["2025-01-20", None]]
    stated = "2023-12-04"
    assert not any(start <= stated and (end is None or stated <= end) for start, end in trump.windows)
    # the quoted "President Clinton" and the 2000 sentence give no evidence
    assert not any("Clinton" in key for key in evidence)


def test_office_evidence_variants(nlp, dictionary):
    doc = nlp.parse("Former President Barack Obama and President Joe Biden spoke, "
                    "and French President Emmanuel Macron listened.")
    actors = code_actors(doc, nlp.entities(doc), "2022-01-01", dictionary=dictionary)
    evidence = {e.detail.split(":")[0]: e.windows for e in office_evidence(actors, doc, dictionary)}
    assert evidence["President Joe Biden"] == [["2021-01-20", "2025-01-20"]]
    assert evidence["French President Emmanuel Macron"][0][0] == "2017-05-14"
    assert not any("Obama" in key for key in evidence)  # "former": no window
    assert find(actors, "Barack Obama").code == "USAELI"


def test_office_evidence_president_moon(seed004, dictionary):
    doc, actors = seed004
    windows = [e.windows for e in office_evidence(actors, doc, dictionary) if "Moon" in e.detail]
    assert windows == [[["2017-05-10", "2022-05-10"]]]


# --- constructed variants -----------------------------------------------------------------------


def test_titled_leaders_of_other_countries(nlp, dictionary):
    actors = code(nlp, dictionary, "Russian President Vladimir Putin met Chinese leader Xi Jinping in Moscow "
                                   "on Tuesday.", "2019-06-05")
    assert find(actors, "Vladimir Putin").code == "RUSGOV"
    assert find(actors, "Xi Jinping").code == "CHNGOV"
    assert "Moscow" not in {a.text for a in actors}  # a location, not the Russian government


def test_office_bounded_by_dct(nlp, dictionary):
    assert find(code(nlp, dictionary, "German Chancellor Angela Merkel spoke in Berlin.", "2010-03-01"),
                "Angela Merkel").code == "DEUGOV"
    assert find(code(nlp, dictionary, "Angela Merkel said the euro would survive.", "2023-03-01"),
                "Angela Merkel").code == "DEUELI"
    assert find(code(nlp, dictionary, "Bill Clinton visited Hanoi.", "2018-01-01"), "Bill Clinton").code == "USAELI"
    # the sentence's own year wins over the dct
    actors = code(nlp, dictionary, "Bill Clinton visited Hanoi in 2000.", "2018-01-01")
    assert find(actors, "Bill Clinton").code == "USAGOV"
    assert "Hanoi" not in {a.text for a in actors}  # "visited Hanoi": a place


def test_surname_picks_the_namesake_in_office(nlp, dictionary):
    actors = code(nlp, dictionary, "Bush met Blair at Camp David.", "2003-03-01")
    assert find(actors, "Bush").name == "George W. Bush" and find(actors, "Bush").code == "USAGOV"
    assert find(actors, "Blair").code == "GBRGOV"
    # a title and a surname of someone out of office: the one who held that office
    actors = code(nlp, dictionary, "\"President Clinton was right,\" the senator said.", "2018-01-01")
    assert find(actors, "Clinton").code == "USAELI"


def test_common_surname_alone_is_not_guessed(nlp, dictionary):
    actors = code(nlp, dictionary, "Lee said the plan would fail.", "2018-05-28")
    assert find(actors, "Lee").code is None


def test_namesakes_with_shared_surname_stay_apart(nlp, dictionary):
    actors = code(nlp, dictionary, "Kim Jong-il met Kim Dae-jung in Pyongyang in 2000. "
                                   "Kim said the talks went well.", "2000-06-15")
    assert find(actors, "Kim Jong-il").code == "PRKGOV"
    assert find(actors, "Kim Dae-jung").code == "KORGOV"
    bare = find(actors, "Kim")
    assert bare.entity_id == find(actors, "Kim Dae-jung").entity_id  # the most recent fitting one
    assert find(actors, "Kim Jong-il").entity_id != bare.entity_id


def test_apposition_and_alias(nlp, dictionary):
    actors = code(nlp, dictionary, "Ahmed Karimi, the Iranian foreign minister, said talks would resume. "
                                   "Karimi added that Tehran was ready.", "2015-01-01")
    karimi = find(actors, "Ahmed Karimi")
    assert karimi.code == "IRNGOV" and karimi.method == "apposition"
    assert "Iranian foreign minister" in karimi.evidence.text
    later = find(actors, "Karimi")
    assert later.entity_id == karimi.entity_id and later.code == "IRNGOV" and later.method == "alias"
    assert find(actors, "Tehran").code == "IRNGOV"
    actors = code(nlp, dictionary, "A Kenyan journalist, Peter Otieno, was arrested.", "2015-01-01")
    assert find(actors, "Peter Otieno").code == "KENMED"


def test_title_lexicon_sectors(nlp, dictionary):
    actors = code(nlp, dictionary, "Japanese Defense Minister Taro Sato visited the base. Venezuelan opposition "
                                   "leader Carlos Mendez called for protests. Rebel commander Abu Omar said his "
                                   "fighters held the town.", "2015-01-01")
    assert find(actors, "Taro Sato").code == "JPNGOV"
    assert find(actors, "Carlos Mendez").code == "VENOPP"
    assert find(actors, "Abu Omar").sector == "REB"
    assert "Defense" not in {a.text for a in actors}  # part of the title, not an organisation


def test_organisation_with_a_title_sector(nlp, dictionary):
    actors = code(nlp, dictionary, "UN troops withdrew while United Nations inspectors waited.", "2015-06-09")
    assert find(actors, "UN troops").code == "IGOUNOMIL"
    assert find(actors, "United Nations").code == "IGOUNO"


def test_demonym_groups(nlp, dictionary):
    actors = code(nlp, dictionary, "The South Korean military said South Korean troops and Japanese officials "
                                   "met Egyptian students.", "2015-01-01")
    assert find(actors, "South Korean military").code == "KORMIL"
    assert find(actors, "South Korean troops").code == "KORMIL"
    assert find(actors, "Japanese officials").code == "JPNGOV"
    assert find(actors, "Egyptian students").code == "EGYEDU"
    actors = code(nlp, dictionary, "US and British activists staged a protest in Beijing.", "2008-08-06")
    assert {a.code for a in actors} >= {"USAOPP", "GBROPP"}
    # a demonym on a thing that is no actor gives no actor; a country name there is a weak one
    actors = code(nlp, dictionary, "The Korean peninsula and US-Japanese relations were discussed.", "2015-01-01")
    assert [(a.text, a.code, a.confidence) for a in actors] == [("US", "USA", 0.5)]


def test_pro_prefix_does_not_give_the_country(nlp, dictionary):
    actors = code(nlp, dictionary, "Pro-Russian rebels shot down the plane.", "2014-07-20")
    rebels = [a for a in actors if "rebels" in a.text]
    assert rebels and all(a.sector == "REB" and a.country is None for a in rebels)


def test_possessive_country_and_institutions(nlp, dictionary):
    actors = code(nlp, dictionary, "Rwanda's Senate rejected the bill and the Georgian government resigned.",
                  "2015-01-01")
    assert find(actors, "Rwanda's Senate").code == "RWALEG"
    assert find(actors, "Georgian government").code == "GEOGOV"


def test_metonyms_are_actors_only_when_they_act(nlp, dictionary):
    actors = code(nlp, dictionary, "Tokyo protested to Beijing on Monday. Protesters gathered in Tokyo. "
                                   "Seoul said it would respond.", "2015-01-01")
    tokyo = [a for a in actors if a.text == "Tokyo"]
    assert len(tokyo) == 1 and tokyo[0].code == "JPNGOV"  # the second Tokyo is a place
    assert find(actors, "Seoul").code == "KORGOV"


def test_corpus_registry_carries_codes_across_articles(nlp, dictionary):
    registry = CorpusRegistry()
    first = nlp.parse("Iranian envoy Hossein Danesh arrived in Vienna.")
    code_actors(first, nlp.entities(first), "2015-01-01", registry=registry, dictionary=dictionary)
    second = nlp.parse("Hossein Danesh said the talks were over.")
    actors = code_actors(second, nlp.entities(second), "2015-01-02", registry=registry, dictionary=dictionary)
    danesh = find(actors, "Hossein Danesh")
    assert danesh.code == "IRNGOV" and danesh.method == "registry" and danesh.confidence < 0.7
    # without the registry nothing is known about him
    alone = code_actors(second, nlp.entities(second), "2015-01-02", dictionary=dictionary)
    assert find(alone, "Hossein Danesh").code is None


def test_empty_and_actorless_text(nlp, dictionary):
    assert code(nlp, dictionary, "", None) == []
    assert code(nlp, dictionary, "The weather was fine and the river was calm.", None) == []


def test_pronoun_after_a_single_subject(nlp, dictionary, seed004):
    doc, actors = seed004
    he = find(actors, "He")  # "President Moon Jae-in made a friendly gesture ... He extended ..."
    assert he.entity_id == find(actors, "Moon Jae-in").entity_id and he.method == "pronoun"
    actors = code(nlp, dictionary, "Indian Prime Minister Narendra Modi arrived on Monday. "
                                   "He met the press.", "2019-05-01")
    assert find(actors, "He").code == "INDGOV"
    # two people before: no guess
    actors = code(nlp, dictionary, "Narendra Modi met Vladimir Putin on Monday. He said little.", "2019-05-01")
    assert "He" not in {a.text for a in actors}


def test_between_two_terms_is_former(nlp, dictionary):
    actors = code(nlp, dictionary, "Donald Trump held a rally in Ohio.", "2023-12-04")
    assert find(actors, "Donald Trump").code == "USAELI"
    actors = code(nlp, dictionary, "Donald Trump held a rally in Ohio.", "2016-03-01")
    assert find(actors, "Donald Trump").code == "USA"  # not yet in office


def test_bad_document_date_is_a_clear_error(nlp, dictionary):
    from tidings.errors import ConfigError

    doc = nlp.parse("Kim Jong-un spoke.")
    with pytest.raises(ConfigError, match=r"\[T300\] document date 'last Tuesday'"):
        code_actors(doc, nlp.entities(doc), "last Tuesday", dictionary=dictionary)
    assert find(code_actors(doc, nlp.entities(doc), "2018-06-12T09:00:00", dictionary=dictionary),
                "Kim Jong-un").code == "PRKGOV"


def test_news_constructions(nlp, dictionary):
    cases = {
        "Venezuela's President Nicolas Maduro denounced the sanctions.": [("Nicolas Maduro", "VENGOV")],
        "Afghan police killed five Taliban fighters.": [("Afghan police", "AFGCOP"),
                                                         ("five Taliban fighters", "AFGREB")],
        "The Saudi-led coalition bombed the port.": [("Saudi-led coalition", "SAU")],
        "Mexican drug cartels killed three police officers.": [("Mexican drug cartels", "MEXCRM"),
                                                               ("three police officers", "---COP")],
        "The Kremlin said Beijing had accused Washington of meddling.": [
            ("Kremlin", "RUSGOV"), ("Beijing", "CHNGOV"), ("Washington", "USAGOV")],
        "Thai Prime Minister Prayuth Chan-ocha dissolved parliament.": [("Prayuth Chan-ocha", "THAGOV"),
                                                                        ("parliament", "---LEG")],
    }
    for text, expected in cases.items():
        actors = code(nlp, dictionary, text, "2019-06-01")
        assert [(a.text, a.code) for a in actors] == expected, text


def test_country_in_a_place_name_is_weak(nlp, dictionary):
    actors = code(nlp, dictionary, "North Korea fired a missile into the Sea of Japan.", "2019-06-01")
    assert find(actors, "North Korea").confidence == 0.9
    assert not any(a.code == "JPN" for a in actors)  # part of the sea's name
    actors = code(nlp, dictionary, "Protesters reached the capital of Japan.", "2019-06-01")
    assert find(actors, "Japan").confidence <= 0.6  # written as a location


def test_institution_sector_beats_a_generic_title(nlp, dictionary):
    cases = {"Kenyan police officials said five people died.": ("Kenyan police officials", "KENCOP"),
             "Syrian army officers defected.": ("Syrian army officers", "SYRMIL"),
             "Chinese government officials met.": ("Chinese government officials", "CHNGOV")}
    for text, (words, expected) in cases.items():
        assert find(code(nlp, dictionary, text, "2015-01-01"), words).code == expected


def test_bare_surname_prefers_the_established_coded_person(nlp, dictionary):
    actors = code(nlp, dictionary, "Hossein Danesh, the Iranian envoy, arrived on Monday. Danesh met reporters. "
                                   "Maryam Danesh watched from the gallery. Danesh said the talks went well.",
                  "2015-01-01")
    hossein = find(actors, "Hossein Danesh")
    assert hossein.code == "IRNGOV"
    last = [a for a in actors if a.text == "Danesh"][-1]
    assert last.entity_id == hossein.entity_id and last.start > 100
    maryam = actors[0].start + len("Hossein Danesh, the Iranian envoy, arrived on Monday. Danesh met reporters. ")
    assert not any(maryam <= a.start < maryam + len("Maryam Danesh") and a.entity_id == hossein.entity_id
                   for a in actors)


def test_a_present_title_outweighs_a_wrong_document_date(nlp, dictionary):
    # the 000 seed states 2023-12-04, which the text contradicts: "US President Donald Trump"
    # is still coded as the president, and so are later mentions of him
    actors = code(nlp, dictionary, "US President Donald Trump arrived in Singapore. Trump said the talks "
                                   "would go well.", "2023-12-04")
    assert find(actors, "Donald Trump").code == "USAGOV"
    assert find(actors, "Trump").code == "USAGOV"
    actors = code(nlp, dictionary, "Russian President Dmitry Medvedev met the press.", "2015-01-01")
    assert find(actors, "Dmitry Medvedev").code == "RUSGOV"
    # a sentence's year still wins, and so does "former"
    actors = code(nlp, dictionary, "Former President Donald Trump spoke in Ohio.", "2023-12-04")
    assert find(actors, "Donald Trump").code == "USAELI"


def test_shared_demonym_follows_the_article(nlp, dictionary):
    for text, expected in (("Congolese soldiers crossed into Rwanda. Officials in Kinshasa denied it.", "COD"),
                           ("Congolese soldiers paraded. Officials in Brazzaville praised them.", "COG")):
        soldiers = find(code(nlp, dictionary, text, "2015-01-01"), "Congolese soldiers")
        assert soldiers.code == expected + "MIL", text


def test_capital_that_is_a_common_name_needs_ner(nlp, dictionary):
    actors = code(nlp, dictionary, "Victoria said the plan was fine, and Kingston agreed with her.", "2015-01-01")
    assert not any(a.method == "metonym" for a in actors)


def test_demonym_on_a_thing_is_a_weak_owner(nlp, dictionary):
    actors = code(nlp, dictionary, "Protesters stormed the Russian embassy and seized a Chinese ship.", "2015-01-01")
    russian = find(actors, "Russian")
    assert russian.code == "RUS" and russian.confidence == 0.4 and russian.evidence.text == "embassy"
    assert find(actors, "Chinese").code == "CHN"
    actors = code(nlp, dictionary, "Inter-Korean ties and North Korean relations with Japan improved.", "2015-01-01")
    assert not any(a.method == "demonym" for a in actors)


def test_abbreviated_and_honorific_titles(nlp, dictionary):
    actors = code(nlp, dictionary, "Gen. Ali Rahimi spoke with Sen. Omar Haddad. Chairman Kim met Mr. Trump.",
                  "2019-06-01")
    assert find(actors, "Ali Rahimi").sector == "MIL"
    assert find(actors, "Omar Haddad").sector == "LEG"
    assert find(actors, "Kim").name == "Kim Jong-un"  # the one Kim who chairs anything in 2019
    assert find(actors, "Trump").code == "USAGOV"


def test_names_inside_other_place_names(nlp, dictionary):
    actors = code(nlp, dictionary, "Nassau County police arrested him in New Mexico.", "2016-06-01")
    assert not any(a.country in ("BHS", "MEX") for a in actors)
    actors = code(nlp, dictionary, "In a Bloomberg interview Trump declared that NATO was obsolete.", "2016-06-01")
    assert find(actors, "Trump").code != "USAMED"  # an outlet without a title is no employer


def test_head_of_a_private_organisation_is_not_government(nlp, dictionary):
    actors = code(nlp, dictionary, "Douglas Holtz-Eakin, president of the American Action Forum, disagreed.",
                  "2016-06-01")
    assert find(actors, "Douglas Holtz-Eakin").code == "USA"
    assert find(code(nlp, dictionary, "The president of France arrived.", "2016-06-01"),
                "president of France").code == "FRAGOV"


def test_place_qualified_by_a_country_is_no_person(nlp, dictionary):
    actors = code(nlp, dictionary, "The cable reaches Marseilles, France, and Abu Talat, Egypt.", "2012-01-01")
    assert not any(a.method == "apposition" for a in actors)
    countries = [a for a in actors if a.code in ("FRA", "EGY")]
    assert countries
    assert all(a.confidence <= 0.6 for a in countries)
    assert not code(nlp, dictionary, "Creighton All-American Kyle Korver scored.", "2012-01-01")


def test_president_elect_is_not_in_office_yet(nlp, dictionary):
    doc = nlp.parse("US President-elect Donald Trump met Japanese Prime Minister Shinzo Abe.")
    actors = code_actors(doc, nlp.entities(doc), "2016-11-17", dictionary=dictionary)
    assert find(actors, "Donald Trump").code == "USA"
    assert find(actors, "Shinzo Abe").code == "JPNGOV"
    details = [e.detail for e in office_evidence(actors, doc, dictionary)]
    assert not any("Trump" in d for d in details) and any("Abe" in d for d in details)
