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
def test_metonym_capitals_are_not_places(seed_places):
    # "Pyongyang reopened the inter-Korean hot line": an actor (PRKGOV), not a place
    assert not any(p.text == "Pyongyang" and p.start == 1514 for p in seed_places)
    assert not any(p.text == "Washington" for p in seed_places)


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
    assert one(places_of(nlp, "The storm hit New York."), "New York").feature == "city"


@pytest.mark.model
def test_capital_as_location_is_a_place(nlp):
    places = places_of(nlp, "Tokyo protested on Monday. Thousands gathered in Tokyo.")
    tokyo = [p for p in places if p.text == "Tokyo"]
    assert len(tokyo) == 1 and tokyo[0].country == "JPN" and tokyo[0].start > 20


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
