"""Generic agents: the PETRARCH-2 / Phoenix agents file converted into ``actors/data/agents.tsv``,
its use as group titles by the actor coder, generic agents coded by sector with the country of
the place they are in, and the party/thing test the event attacher asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings import nlp
from tidings.actors import code_actors
from tidings.actors.agents import DATA_FILE, agent_sector, convert
from tidings.actors.dictionary import DATA_DIR, build_dictionary, normalize

PHOENIX = """# comment line
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
FARMER [~AGR]
CATTLE!PERSON! [~AGR]
POLICE_OFFICER [~COP]
BUDDHIST_STUDENT [~BUDEDU]
#BANK [~BUS]
!MINIST! OF_DEFENCE [~GOVMIL]
CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]
A_VERY_LONG_NAMED_BODY_OF_SOMETHING [~GOV]
"""


def test_convert_reads_the_phoenix_format(tmp_path: Path):
    source = tmp_path / "agents.txt"
    source.write_text(PHOENIX, encoding="utf-8")
    rows = {phrase: (sector, also) for phrase, sector, also in convert(source)}
    assert rows["farmer"] == ("AGR", "")
    assert rows["police officer"] == ("COP", "")
    assert rows["buddhist student"] == ("BUD", "EDU")  # first sector, the second kept
    assert rows["chamber of commerce"] == ("BUS", "")
    assert {"cattleman", "cattlewoman", "cattleperson"} <= set(rows)
    # commented rows, ministry macros and long named bodies are left out
    assert "bank" not in rows and not any("defence" in p for p in rows)
    assert "a very long named body of something" not in rows


def test_the_derived_file_keeps_the_mit_notice():
    head = DATA_FILE.read_text(encoding="utf-8")[:2500]
    assert "The MIT License (MIT)" in head and "Open Event Data Alliance" in head
    assert "Phoenix.agents.txt" in head


@pytest.mark.model
@pytest.mark.parametrize("text, word, sector", [
    ("Riot police fired tear gas.", "police", "COP"),
    ("Gunmen opened fire.", "Gunmen", "UAF"),
    ("Farmers blocked the road.", "Farmers", "AGR"),
    ("The kidnappers released the hostages.", "kidnappers", "CRM"),
])
def test_agent_sector_of_a_noun(parse, text, word, sector):
    doc = parse(text)
    token = next(t for t in doc if t.text == word)
    assert agent_sector(token) == sector


@pytest.mark.model
@pytest.mark.parametrize("text, word", [
    ("The talks collapsed.", "talks"),
    ("Aid deliveries were suspended.", "deliveries"),
    ("The embargo was lifted.", "embargo"),
])
def test_control_things_and_acts_are_no_agents(parse, text, word):
    doc = parse(text)
    token = next(t for t in doc if t.text == word)
    assert agent_sector(token) is None


def test_phoenix_groups_join_the_title_lexicon_and_can_be_turned_off(monkeypatch):
    with_agents = build_dictionary(DATA_DIR, geonames=False)
    assert with_agents.titles[normalize("militiamen")].sector == "UAF"
    assert with_agents.titles[normalize("farmers")].kind == "group"
    # the project's own titles win over the Phoenix rows
    assert with_agents.titles[normalize("police")].sector == "COP"
    monkeypatch.setenv("TIDINGS_PHOENIX_AGENTS", "0")
    without = build_dictionary(DATA_DIR, geonames=False)
    assert normalize("militiamen") not in without.titles


def codes(parse, text):
    doc = parse(text)
    return {a.text: a.code for a in code_actors(doc, nlp.entities(doc), dct="2019-06-01")}


def code_of(parse, text, word):
    """The code of the actor whose words include ``word`` (the actor's span is the coder's own:
    "judge in Cairo", without the article)."""
    found = [code for phrase, code in codes(parse, text).items() if word in phrase.split()]
    return found[0] if found else None


@pytest.mark.model
@pytest.mark.parametrize("text, phrase, code", [
    ("Militiamen abducted 20 farmers near Goma.", "Militiamen", "---UAF"),
    ("Militiamen abducted 20 farmers near Goma.", "farmers", "---AGR"),
    ("A judge sentenced the activist to five years.", "judge", "---JUD"),
    ("A sniper killed a soldier near the border.", "sniper", "---UAF"),
    ("A sniper killed a soldier near the border.", "soldier", "---MIL"),
])
def test_generic_agents_are_coded_by_sector(parse, text, phrase, code):
    assert code_of(parse, text, phrase) == code


@pytest.mark.model
@pytest.mark.parametrize("text, phrase, code", [
    ("A judge in Cairo sentenced the activist to five years.", "judge", "EGYJUD"),
    ("Police in Nairobi arrested 20 protesters.", "Police", "KENCOP"),
    ("Soldiers in Mali repelled the attack.", "Soldiers", "MLIMIL"),
    ("Rebels in Syria shelled the town.", "Rebels", "SYRREB"),
])
def test_a_generic_agent_takes_the_country_it_is_in(parse, text, phrase, code):
    assert code_of(parse, text, phrase) == code


@pytest.mark.model
@pytest.mark.parametrize("text, phrase", [
    ("Refugees in Turkey protested.", "Refugees"),
    ("Journalists in Paris protested.", "Journalists"),
])
def test_control_refugees_and_journalists_are_not_of_the_place_they_are_in(parse, text, phrase):
    code = code_of(parse, text, phrase)
    assert code is not None and not code.startswith(("TUR", "FRA"))


@pytest.mark.model
def test_control_a_government_title_alone_stays_uncoded(parse):
    found = codes(parse, "The president said the minister was wrong.")
    assert not any(code for text, code in found.items() if {"president", "minister"} & set(text.lower().split()))
