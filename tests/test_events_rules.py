"""Event rules added for PETRARCH's unit-test phrasings, checked on constructed news sentences.

Each rule is a general frame of English news ("X is about to restore ties with Y", "spoke by
telephone", "appealed for aid", "contribute $5 million"), so each is tested on names, dates and
wordings that are not in the unit-test file, and against look-alikes the frame must reject.
"""

from __future__ import annotations

import re

import pytest

from tidings.events import extract_events
from tidings.events.ontology import is_cameo
from tidings.model import Actor

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    from tidings import nlp as nlp_module

    return nlp_module.load()


def run(nlp, text, table=None):
    actors = []
    for surface, code in (table or {}).items():
        for m in re.finditer(re.escape(surface), text):
            actors.append(Actor(start=m.start(), end=m.end(), text=surface, name=surface, code=code,
                                country=code[:3], sector=code[3:] or None, method="test"))
    return extract_events(nlp(text), actors=actors, timexes=[], places=[], dct="2019-03-01")


def only(events, kind):
    found = [e for e in events if e.type == kind]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in events]
    return found[0]


@pytest.mark.parametrize("sentence,trigger,kind,actor,recipient", [
    ("Freedonia is about to restore full diplomatic ties with Sylvania.", "restore", "SUPPORT",
     "Freedonia", "Sylvania"),
    ("Ruritania is about to normalize relations with Latveria, officials said on Friday.", "normalize",
     "SUPPORT", "Ruritania", "Latveria"),
    ("Kazakhstan is ready to break off diplomatic relations with Bhutan.", "break", "SANCTION",
     "Kazakhstan", "Bhutan"),
    ("Belize is poised to re-establish ties with the Sylvania main opposition group.", "establish",
     "SUPPORT", "Belize", "the Sylvania main opposition group"),
    ("Tonga is about to resume diplomatic relations with Latveria's government.", "resume", "SUPPORT",
     "Tonga", "Latveria's government"),
])
def test_about_to_takes_the_copula_subject_and_is_planned(nlp, sentence, trigger, kind, actor, recipient):
    # no actor records at all: the names are unknown to the actors stage, yet the event is kept
    event = only(run(nlp, sentence), kind)
    assert event.trigger.text.startswith(trigger)
    assert event.modality == "planned"
    assert [a.text for a in event.actors] == [actor] and event.actors[0].code is None
    assert [r.text for r in event.recipients] == [recipient] and event.recipients[0].code is None
    assert event.confidence >= 0.5  # a named (uncoded) actor is scored


def test_coded_actors_still_win_over_uncoded_names(nlp):
    event = only(run(nlp, "Chile is about to restore diplomatic ties with Peru.", {"Chile": "CHL", "Peru": "PER"}),
                 "SUPPORT")
    assert [a.code for a in event.actors] == ["CHL"] and [r.code for r in event.recipients] == ["PER"]
    assert event.confidence >= 0.5  # scored: a coded actor


def test_a_plain_common_noun_is_not_a_named_participant(nlp):
    event = only(run(nlp, "Officials are about to restore ties with the neighbours."), "SUPPORT")
    assert event.actors == [] and event.confidence < 0.5


def test_negated_about_to(nlp):
    event = only(run(nlp, "Norway is not about to restore diplomatic ties with Sylvania."), "SUPPORT")
    assert event.modality == "negated"


@pytest.mark.parametrize("sentence,kind,mode,expected", [
    ("Brazil and Chile spoke by telephone on Monday.", "CONSULT", "phone", True),
    ("The foreign minister talked by phone with his Turkish counterpart.", "CONSULT", "phone", True),
    ("The minister spoke at the conference in Lima.", "CONSULT", "phone", False),
    ("Haiti appealed for humanitarian aid after the storm.", "REQUEST", "assist", True),
    ("Mozambique asked for emergency assistance from its neighbours.", "REQUEST", "assist", True),
    ("Nepal sought international aid after the earthquake.", "REQUEST", "assist", True),
    ("Norway will contribute $5 million to the relief fund.", "AID", None, True),
    ("Fiji will contribute 200 peacekeepers to the mission.", "AID", None, True),
    ("Norway contributed to the debate on climate.", "AID", None, False),
    ("Soldiers have cordoned off the square in the capital.", "COERCE", None, True),
    ("Peru downgraded its diplomatic relations with Bolivia.", "SANCTION", None, True),
    ("The agency downgraded the bank's credit rating.", "SANCTION", None, False),
    ("The president departed for Tokyo on Sunday.", "CONSULT", "visit", True),
    ("The train departed from the station at noon.", "CONSULT", "visit", False),
    ("Macron heads to Beijing on Friday.", "CONSULT", "visit", True),
    ("She heads the delegation of the bank.", "CONSULT", "visit", False),
])
def test_new_frames_and_their_look_alikes(nlp, sentence, kind, mode, expected):
    events = run(nlp, sentence)
    hit = any(e.type == kind and (mode is None or e.mode == mode) for e in events)
    assert hit is expected, [(e.type, e.mode, e.trigger.text) for e in events]


def test_resumption_of_ties_as_a_noun(nlp):
    text = "The resumption of diplomatic relations between Cuba and the United States was announced."
    event = only(run(nlp, text, {"Cuba": "CUB", "United States": "USA"}), "SUPPORT")
    assert sorted(a.code for a in event.actors) == ["CUB", "USA"]


def test_an_actor_record_over_the_event_word_is_not_a_participant(nlp):
    # an actors stage may tag "air strike" as a military actor: the doer is still the subject
    text = "Jordan launched an air strike on the camp on Tuesday."
    event = only(run(nlp, text, {"Jordan": "JOR", "air strike": "---MIL"}), "ASSAULT")
    assert [a.code for a in event.actors] == ["JOR"]


def test_is_cameo_tells_codebook_codes_from_test_codes():
    assert is_cameo("064") and is_cameo("0841") and is_cameo("19")
    assert not is_cameo("1717") and not is_cameo("903") and not is_cameo("174K") and not is_cameo("")


@pytest.mark.parametrize("sentence,table,actor,recipient", [
    ("Greece came under pressure from the European Union to cut spending.",
     {"Greece": "GRC", "European Union": "IGOEEC"}, "IGOEEC", "GRC"),
    ("Obama faces pressure from Congress to help Iran.", {"Congress": "USALEG", "Obama": "USAGOV"},
     "USALEG", "USAGOV"),
    ("Brussels stepped up pressure on Poland to reform its courts.", {"Brussels": "IGOEEC", "Poland": "POL"},
     "IGOEEC", "POL"),
])
def test_pressure_to_act_is_a_demand(nlp, sentence, table, actor, recipient):
    event = only(run(nlp, sentence, table), "REQUEST")
    assert [a.code for a in event.actors] == [actor] and [r.code for r in event.recipients] == [recipient]


def test_pressure_without_a_demand_is_no_event(nlp):
    assert not [e for e in run(nlp, "The blood pressure of the patient rose sharply.") if e.type == "REQUEST"]


def test_the_content_of_an_allegation_is_not_asserted(nlp):
    text = "A report released on Tuesday alleged that the Freedonian army helped to plan and carry out killings."
    killings = only(run(nlp, text, {"Freedonian army": "FREMIL"}), "ASSAULT")
    assert killings.confidence < 0.5  # kept, but as the content of the allegation
    plain = only(run(nlp, "The Freedonian army carried out killings.", {"Freedonian army": "FREMIL"}), "ASSAULT")
    assert plain.confidence >= 0.5


def test_a_place_qualified_by_a_demonym_is_no_participant(nlp):
    event = only(run(nlp, "The two leaders discussed trade on the Iberian peninsula."), "CONSULT")
    assert all("peninsula" not in a.text for a in event.actors + event.recipients)
    # with named parties: they are found, the peninsula still is not one of them
    for text in ("Spain and Portugal discussed trade on the Iberian peninsula.",
                 "The Spanish and Portuguese leaders discussed trade on the Iberian peninsula."):
        event = only(run(nlp, text, {"Spain": "ESP", "Portugal": "PRT", "Spanish": "ESP", "Portuguese": "PRT"}),
                     "CONSULT")
        assert {p.code for p in event.actors + event.recipients} == {"ESP", "PRT"}
        assert all("peninsula" not in a.text for a in event.actors + event.recipients)


@pytest.mark.parametrize("sentence", [
    "The agency said a new relationship between Hanoi and Canberra would be established.",
    "Mexico restored relations between Hanoi and Canberra.",
])
def test_between_on_the_ties_gives_the_parties(nlp, sentence):
    table = {"Hanoi": "VNMGOV", "Canberra": "AUSGOV", "Mexico": "MEX"}
    event = only(run(nlp, sentence, table), "SUPPORT")
    assert {"VNMGOV", "AUSGOV"} <= {p.code for p in event.actors + event.recipients}
    # scored when asserted; a planned one ("would be established") may fall under 0.5 (confidence.py)
    assert event.confidence >= 0.5 or event.modality == "planned"



@pytest.mark.parametrize("sentence", [
    "Kim and Trump entered the meeting with the aid of translators.",
    "The rebels crossed the border with the help of local guides.",
    "Officials reached the village with the assistance of the army.",
])
def test_with_the_aid_of_is_a_means_not_an_aid_event(nlp, sentence):
    events = run(nlp, sentence)
    assert not [e for e in events if e.type == "AID"], [(e.type, e.trigger.text) for e in events]


@pytest.mark.parametrize("sentence", [
    "Officials reached the village with the support of the army.",
    "The police raided the compound with the backing of the army.",
])
def test_with_the_support_of_is_a_means_too(nlp, sentence):
    events = run(nlp, sentence)
    assert not [e for e in events if e.trigger.text in ("support", "backing")], \
        [(e.type, e.trigger.text) for e in events]


@pytest.mark.parametrize("sentence,kind,trigger", [
    ("The talks opened with the release of 20 prisoners.", "RETREAT", "release"),
    ("The ceasefire collapsed with the attack of rebels on the town.", "ASSAULT", "attack"),
    ("Tensions rose with the launch of the missile.", "MOBILIZE", "launch"),
    ("The protest ended with the arrest of the organisers.", "COERCE", "arrest"),
    ("The week began with the release of three journalists.", "RETREAT", "release"),
])
def test_event_nouns_after_with_the_of_stay_events(nlp, sentence, kind, trigger):
    events = run(nlp, sentence)
    assert any(e.type == kind and e.trigger.text == trigger for e in events), \
        [(e.type, e.trigger.text) for e in events]


@pytest.mark.parametrize("sentence,table", [
    ("Japan sent aid to the flood victims in Pakistan.", {"Japan": "JPN", "Pakistan": "PAK"}),
    ("The European Union announced new aid for Ukraine.", {"European Union": "IGOEEC", "Ukraine": "UKR"}),
])
def test_aid_as_an_event_is_still_coded(nlp, sentence, table):
    assert any(e.type == "AID" for e in run(nlp, sentence, table))


@pytest.mark.parametrize("verb,expected", [
    ("held", True), ("staged", True), ("waged", True), ("staging", True), ("waging", True),
    ("stepped", True), ("started", True), ("launched", True),
    # look-alikes that only start with a light verb's letters
    ("wagered", False), ("startled", False), ("stagnated", False), ("helped", False),
])
def test_light_verb_is_judged_by_lemma(nlp, verb, expected):
    from tidings.events.extract import _is_support

    doc = nlp(f"The rebels {verb} talks with the government.")
    token = next(t for t in doc if t.lower_ == verb)
    assert _is_support(token) is expected


@pytest.mark.parametrize("verb,noun,kind,has_doer", [
    ("waged", "an attack on the town", "ASSAULT", True),
    ("staged", "a protest in the capital", "PROTEST", True),
    ("wagered", "a protest in the capital", "PROTEST", False),
    ("startled", "a protest in the capital", "PROTEST", False),
])
def test_light_verb_subject_becomes_the_doer(nlp, verb, noun, kind, has_doer):
    event = only(run(nlp, f"Syrian rebels {verb} {noun}.", {"Syrian rebels": "SYRREB"}), kind)
    assert ([a.code for a in event.actors] == ["SYRREB"]) is has_doer


@pytest.mark.parametrize("sentence,table,expected", [
    ("US President Donald Trump and North Korean leader Kim Jong-un are holding a historic meeting.",
     {"Donald Trump": "USAGOV", "North Korean leader Kim Jong-un": "PRKGOV"},
     [("US President Donald Trump", "USAGOV"), ("North Korean leader Kim Jong-un", "PRKGOV")]),
    # the actors stage may also code the title with the name: still one party, not two USAGOV
    ("US President Donald Trump and North Korean leader Kim Jong-un are holding a historic meeting.",
     {"US President Donald Trump": "USAGOV", "Kim Jong-un": "PRKGOV"},
     [("US President Donald Trump", "USAGOV"), ("North Korean leader Kim Jong-un", "PRKGOV")]),
    ("French President Emmanuel Macron and German Chancellor Olaf Scholz met in Berlin.",
     {"Emmanuel Macron": "FRAGOV", "Olaf Scholz": "DEUGOV"},
     [("French President Emmanuel Macron", "FRAGOV"), ("German Chancellor Olaf Scholz", "DEUGOV")]),
    ("Russian President Vladimir Putin and Chinese President Xi Jinping held talks in Moscow.",
     {"Vladimir Putin": "RUSGOV", "Xi Jinping": "CHNGOV"},
     [("Russian President Vladimir Putin", "RUSGOV"), ("Chinese President Xi Jinping", "CHNGOV")]),
    # control: an uncoded party joined by "and" is a party of its own and stays
    ("Arnor President Bilbo Baggins and German Chancellor Olaf Scholz met in Berlin.",
     {"Olaf Scholz": "DEUGOV"},
     [("Arnor President Bilbo Baggins", None), ("German Chancellor Olaf Scholz", "DEUGOV")]),
])
def test_title_and_name_are_one_party(nlp, sentence, table, expected):
    event = only(run(nlp, sentence, table), "CONSULT")
    parties = event.actors + event.recipients
    assert parties
    assert [(p.text, p.code) for p in parties] == expected
    assert all(sentence[p.start:p.end] == p.text for p in parties)
