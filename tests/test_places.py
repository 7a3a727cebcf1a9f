"""Offline geocoding: the seed places, namesakes decided by context, metonyms left to the actors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.errors import ConfigError
from tidings.places import choose, read_supplement

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def nlp():
    from tidings import nlp as nlp_module

    return nlp_module


def places_of(nlp, text, dct="2018-06-12"):
    from tidings.actors import code_actors
    from tidings.places import geocode

    doc = nlp.parse(text)
    entities = nlp.entities(doc)
    actors = code_actors(doc, entities, dct)
    places = geocode(doc, entities, actors)
    for place in places:
        assert doc.text[place.start:place.end] == place.text
    return places


def one(places, text):
    found = [p for p in places if p.text == text]
    assert found, f"no place {text!r} in {[(p.text, p.country) for p in places]}"
    return found[0]


@pytest.fixture(scope="module")
def seed_places(nlp):
    places = []
    for name, dct in (("000_5904b99a19247a34.txt", "2018-05-28"), ("004_3979278851648cfb.txt", "2018-06-12")):
        places += places_of(nlp, (REPO / "examples" / name).read_text(encoding="utf-8"), dct)
    return places


@pytest.mark.model
def test_seed_places(seed_places):
    singapore = one(seed_places, "Singapore")
    assert singapore.country == "SGP" and abs(singapore.lat - 1.29) < 0.2
    brussels = one(seed_places, "Brussels")
    assert brussels.country == "BEL" and brussels.feature == "city" and brussels.geonameid
    pyeongchang = one(seed_places, "Pyeong Chang")
    assert pyeongchang.country == "KOR" and pyeongchang.name == "Pyeongchang"
    panmunjom = one(seed_places, "Panmunjom")
    assert panmunjom.country == "PRK" and panmunjom.feature == "landmark"
    peninsula = one(seed_places, "Korean peninsula")
    assert peninsula.feature == "region" and peninsula.country is None


@pytest.mark.model
def test_metonym_capitals_are_actor_places(seed_places):
    # "Pyongyang reopened the inter-Korean hot line": a place record whose role is actor (PRKGOV)
    pyongyang = [p for p in seed_places if p.text == "Pyongyang" and p.start == 1514]
    assert pyongyang and pyongyang[0].role == "actor" and pyongyang[0].country == "PRK"
    assert all(p.role == "actor" for p in seed_places if p.text == "Washington")
    assert one(seed_places, "Singapore").role == "location" or any(
        p.text == "Singapore" and p.role == "location" for p in seed_places)


@pytest.mark.model
def test_spelling_variants_and_supplement_places(nlp):
    places = places_of(nlp, "Athletes arrived in PyeongChang. Shells fell on the Gaza Strip and in Crimea, "
                            "while ships crossed the South China Sea near the DMZ.")
    assert one(places, "PyeongChang").country == "KOR"
    assert one(places, "Gaza Strip").country == "PSE"
    assert one(places, "Crimea").country == "UKR"
    assert one(places, "South China Sea").feature == "sea"
    assert one(places, "DMZ").name == "Korean Demilitarized Zone"


@pytest.mark.model
def test_namesakes_follow_the_article(nlp):
    texts = {
        "Paris, Texas, was quiet on Sunday.": ("Paris", "USA"),
        "Protesters gathered in Paris on Sunday, and the French police watched.": ("Paris", "FRA"),
        "Officials met in Zurich.": ("Zurich", "CHE"),
        "Troops moved through Alaska and Texas.": ("Alaska", "USA"),
        "Officials met in Georgia and then flew to Atlanta.": ("Georgia", "USA"),
        "Russian troops left Georgia after the war.": ("Georgia", "GEO"),
    }
    for text, (name, country) in texts.items():
        assert one(places_of(nlp, text), name).country == country, text


@pytest.mark.model
def test_capitals_win_over_namesakes(nlp):
    washington = one(places_of(nlp, "Protesters marched in Washington on Sunday."), "Washington")
    assert washington.feature == "city" and abs(washington.lat - 38.9) < 0.1
    assert one(places_of(nlp, "The storm hit New York City."), "New York City").feature == "city"
    # alone, a name both a division and its city is the division, GeoNames-style
    assert one(places_of(nlp, "Farmers in Albany, New York, met."), "New York").fcode == "ADM1"


@pytest.mark.model
def test_capital_as_location_is_a_place(nlp):
    places = places_of(nlp, "Tokyo protested on Monday. Thousands gathered in Tokyo.")
    tokyo = [p for p in places if p.text == "Tokyo"]
    assert [p.role for p in tokyo] == ["actor", "location"] and {p.country for p in tokyo} == {"JPN"}


def test_choose_uses_context_then_population():
    from tidings.places import Candidate

    big = Candidate("Paris", "FRA", 48.85, 2.35, "city", 2_100_000, 1)
    small = Candidate("Paris", "USA", 33.66, -95.55, "city", 25_000, 2)
    assert choose([big, small], {}, set())[0] is big
    assert choose([big, small], {}, {"USA"})[0] is small
    assert choose([small], {}, set()) == (small, 0.9)


def test_supplement_bad_row(tmp_path):
    path = tmp_path / "places.tsv"
    path.write_text("name\taliases\tcountry\tlat\tlon\tfeature\nAtlantis\t\tATL\tnorth\t10\tcity\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"places.tsv:2: lat/lon 'north'"):
        read_supplement(path)
    path.write_text("name\tcountry\tlat\tlon\tfeature\nAtlantis\tATL\t1\t2\tvolcano\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"places.tsv:2: feature 'volcano'"):
        read_supplement(path)


def test_packaged_supplement_reads():
    from tidings.places import SUPPLEMENT

    rows = read_supplement(SUPPLEMENT)
    names = {name for names, _ in rows for name in names}
    assert {"Panmunjom", "Pyeong Chang", "Gaza Strip", "Golan Heights", "Kashmir", "Donbas"} <= names


@pytest.mark.model
def test_every_mention_with_its_role(nlp):
    places = places_of(nlp, "Turkey said on Monday it would act. Protests spread in Turkey, and Russian troops "
                            "crossed into Georgia.")
    turkey = [p for p in places if p.text == "Turkey"]
    assert [p.role for p in turkey] == ["actor", "location"]
    assert all(p.geonameid == 298795 and p.fcode == "PCLI" and p.fclass == "A" for p in turkey)
    russian = one(places, "Russian")
    assert russian.country == "RUS" and russian.role in ("modifier", "actor")
    assert one(places, "Georgia").country == "GEO"  # Russia's neighbour here, not the US state


@pytest.mark.model
def test_division_qualifiers_and_abbreviations(nlp):
    cases = {
        "Police in Alexandria, La., arrested two men.": ("LA", "Louisiana"),
        "Police in Alexandria, Va., arrested two men.": ("VA", "Virginia"),
        "The fair opened in Edmonton, Ky., on Friday.": ("KY", "Kentucky"),
        "The mill in Innisfail, Alberta, closed.": (None, "Alberta"),
    }
    for text, (_code, division) in cases.items():
        places = places_of(nlp, text)
        town = places[0]
        assert town.admin1 == division, (text, [(p.text, p.name, p.admin1) for p in places])
        assert any(p.fcode == "ADM1" and p.name == division for p in places[1:]), text  # the qualifier too
    egypt = places_of(nlp, "Egyptian police in Alexandria and Cairo arrested two men.")
    assert one(egypt, "Alexandria").country == "EGY"


@pytest.mark.model
def test_divisions_counties_continents_regions(nlp):
    places = places_of(nlp, "Farmers in Metcalfe County met in Edmonton to discuss aid from Africa and Asia.")
    county = one(places, "Metcalfe County")
    assert county.fcode == "ADM2" and county.admin1 == "Kentucky"
    assert one(places, "Africa").fcode == "CONT" and one(places, "Africa").country is None
    assert one(places, "Asia").fcode == "CONT"
    canada = places_of(nlp, "The premier of Ontario spoke in Toronto. Later, in London, she met farmers.")
    ontario = one(canada, "Ontario")
    assert ontario.country == "CAN" and ontario.fcode == "ADM1" and abs(ontario.lat - 49) < 2.5
    assert one(canada, "London").country == "CAN"  # London, Ontario, beside Toronto
    uk = places_of(nlp, "Britain's prime minister spoke in London on Monday.")
    assert one(uk, "London").country == "GBR"
    gulf = places_of(nlp, "Tensions rose across the Middle East and in the Balkans.")
    assert one(gulf, "Middle East").feature == "region" and one(gulf, "Balkans").feature == "region"


@pytest.mark.model
def test_names_that_are_not_places(nlp):
    places = places_of(nlp, "Coach Ripley praised the team. Work on West Broad Street runs through March 27. "
                            "Officials said North would speak in May.")
    assert not [p for p in places if p.text in ("Ripley", "Street", "March", "May", "North")], places
    # a place name inside an organisation's name is a toponym, not a location
    texas = places_of(nlp, "The Texas Department of State Health Services reported 40 cases in Houston.")
    assert one(texas, "Texas").role == "modifier" and one(texas, "Houston").role == "location"


@pytest.mark.model
def test_events_take_locative_places_only(nlp):
    from tidings.model import Article
    from tidings.pipeline import analyze

    result = analyze(Article(id="t", text="Turkey condemned the attack. Leaders met in Ankara on Monday."),
                     dct="2019-03-01")
    roles = {p.text: p.role for p in result.places}
    assert roles.get("Turkey") == "actor" and roles.get("Ankara") == "location"
    for event in result.events:
        assert event.place is None or event.place.role == "location"


def test_admin1_table_codes_match_the_cities():
    """The division codes of admin1.tsv are GeoNames' own: a division's capital lies in it."""
    from tidings.places import read_admin1
    from tidings.places.gazetteer import build_gazetteer  # noqa: F401  (the module builds from these rows)

    rows = {(cc, name): code for cc, code, name, _abbrevs in read_admin1()}
    assert rows[("CA", "Ontario")] == "08" and rows[("AU", "New South Wales")] == "02"
    assert rows[("US", "Kentucky")] == "KY" and rows[("GB", "Scotland")] == "SCT"
    from tidings.places import gazetteer

    gaz = gazetteer()
    for city, division in (("Toronto", "Ontario"), ("Sydney", "New South Wales"), ("Edinburgh", "Scotland"),
                           ("Vancouver", "British Columbia"), ("Louisville", "Kentucky")):
        assert any(c.admin1_name == division for c in gaz.lookup(city) if c.feature == "city"), city
    assert [c.name for c in gaz.lookup("B.C.")] == ["British Columbia"]
    assert [c.name for c in gaz.lookup("NSW")] == ["New South Wales"]
    assert [c.name for c in gaz.lookup("Ky.")] == ["Kentucky"]


def test_eval_scorer_on_constructed_gold(tmp_path):
    from tidings.eval.places import Scores, read_gold, report, score_article
    from tidings.model import Place

    text = "Fire in Alexandria, La. spread to Pineville."
    xml = tmp_path / "g.xml"
    xml.write_text(f"""<articles><article docid="1"><text>{text}</text><toponyms>
      <toponym><start>8</start><end>18</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550"><name>Alexandria</name><fclass>P</fclass><fcode>PPL</fcode>
        <lat>31.3113</lat><lon>-92.4451</lon><country>United States</country></gaztag></toponym>
      <toponym><start>20</start><end>23</end><phrase>La.</phrase>
        <gaztag geonameid="4331987"><name>Louisiana</name><fclass>A</fclass><fcode>ADM1</fcode>
        <lat>31.0</lat><lon>-92.0</lon><country>United States</country></gaztag></toponym>
      <toponym><start>34</start><end>43</end><phrase>Pineville</phrase></toponym>
    </toponyms></article></articles>""", encoding="utf-8")
    gold = read_gold(xml)[0]
    places = [Place(8, 18, "Alexandria", "Alexandria", "USA", 31.2, -92.5, "city", 1),  # 13 km off: near
              Place(20, 23, "La.", "Louisiana", "USA", 38.0, -92.0, "state", 4331987),  # same id
              Place(0, 4, "Fire", "Fire", "ITA", 1.0, 1.0, "city", 3)]  # spurious
    scores = Scores()
    score_article(gold, places, scores, {"USA": "United States", "ITA": "Italy"})
    assert (scores.gold, scores.predicted, scores.matched) == (3, 3, 2)
    assert (scores.resolvable, scores.same_id, scores.within, scores.country) == (2, 1, 2, 2)
    assert [e.split("\t")[0] for e in scores.errors] == ["miss", "spurious"]
    assert "P 0.667  R 0.667" in report(scores)
