"""Modality from the governing verb (events/modality.py): events under an ending or blocking verb
are not asserted, the ending itself is coded where PLOVER has a type for it, and under deny /
reject the accusation stays asserted while what it says is negated. Variants and controls."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def events(sentence_events):
    return sentence_events


def of_type(found, kind):
    return [e for e in found if e.type == kind]


# ---- events under drop / discontinue / halt / block / scuttle / cancel / call off ---------------

@pytest.mark.parametrize("text, kind", [
    ("The United States dropped its investigation into the company.", "ACCUSE"),
    ("The United States discontinued military aid to Pakistan.", "AID"),
    ("Aid to Pakistan was discontinued by the United States.", "AID"),
    ("The government halted the offensive against the rebels.", "ASSAULT"),
    ("The Senate blocked the deployment of troops to Syria.", "MOBILIZE"),
    ("The rebels called off their attack on the city.", "ASSAULT"),
    ("Pakistan cancelled talks with India.", "CONSULT"),
    ("The government cancelled the planned visit of the Iranian president.", "CONSULT"),
    ("Russia suspended cooperation with NATO.", "COOPERATE"),
    ("The army stopped shelling the town on Monday.", "ASSAULT"),
])
def test_an_event_under_an_ending_verb_is_not_asserted(events, text, kind):
    stopped = of_type(events(text), kind)
    assert stopped and all(e.modality == "negated" for e in stopped)


@pytest.mark.parametrize("text, kind", [
    ("The United States provided military aid to Pakistan.", "AID"),
    ("The government launched an offensive against the rebels.", "ASSAULT"),
    ("Pakistan held talks with India.", "CONSULT"),
    ("The army shelled the town on Monday.", "ASSAULT"),
])
def test_controls_without_an_ending_verb_stay_asserted(events, text, kind):
    found = of_type(events(text), kind)
    assert found and all(e.modality == "asserted" for e in found)


@pytest.mark.parametrize("text, kind, source, target", [
    ("The United States discontinued military aid to Pakistan.", "SANCTION", "USA", "PAK"),
    ("Britain suspended aid to Rwanda.", "SANCTION", "GBR", "RWA"),
    ("Russia suspended cooperation with NATO.", "SANCTION", "RUS", "IGONAT"),
    ("The army stopped shelling the town on Monday.", "RETREAT", None, None),
    ("Pakistan cancelled talks with India.", "REJECT", "PAK", "IND"),
    ("The European Union lifted sanctions on Belarus.", "RETREAT", "IGOEEC", "BLR"),
    ("Egypt halted talks with Ethiopia over the dam.", "SANCTION", "EGY", "ETH"),  # joint talks: the other party
    ("Trump scuttled the planned summit with Kim Jong Un.", "REJECT", None, "PRKGOV"),
])
def test_the_ending_is_coded_where_plover_has_a_type(events, text, kind, source, target):
    found = [e for e in events(text) if e.type == kind and e.modality == "asserted"]
    assert found, [(e.type, e.modality) for e in events(text)]
    if source:
        assert source in {a.code for a in found[0].actors}
    if target:
        assert target in {r.code for r in found[0].recipients}


@pytest.mark.parametrize("text", [
    "Police halted the protest in the capital.",  # someone else's event: not the police conceding
    "The Senate blocked the deployment of troops to Syria.",  # blocking is no retreat of the Senate
    "Former President Barack Obama is ending a five-day trip to France.",  # a visit ends: no halted talks
])
def test_no_ending_is_coded_for_someone_elses_event_or_a_trip(events, text):
    assert not [e for e in events(text) if e.type in ("SANCTION", "RETREAT", "CONCEDE")
                and e.modality == "asserted"]


# ---- deny / reject: the accusation stays asserted, its content is negated -----------------------

@pytest.mark.parametrize("text, content", [
    ("Russia denied accusations by Ukraine that it shelled the town.", "shelled"),
    ("Israel rejected claims that its soldiers killed three Palestinians.", "killed"),
    ("The army denied allegations of torturing prisoners.", "torturing"),
    ("Egypt dismissed reports that it had arrested journalists.", "arrested"),
    ("Russia denied that its troops shelled the town.", "shelled"),
])
def test_what_a_denied_claim_says_is_negated(events, text, content):
    found = [e for e in events(text) if e.trigger.text == content]
    assert found and all(e.modality == "negated" for e in found)


def test_the_denied_accusation_itself_stays_asserted(events):
    found = events("Russia denied accusations by Ukraine that it shelled the town.")
    accusation = [e for e in found if e.type == "ACCUSE"]
    assert accusation and accusation[0].modality == "asserted"
    assert [a.code for a in accusation[0].actors] == ["UKR"]


@pytest.mark.parametrize("text, content, mood", [
    ("Ukraine accused Russia of shelling the town.", "shelling", {"asserted", "reported"}),
    ("Reports that Russia shelled the town alarmed Kiev.", "shelled", {"asserted", "reported"}),
    ("Israel confirmed reports that its soldiers killed three Palestinians.", "killed", {"asserted", "reported"}),
])
def test_claims_that_are_not_denied_are_not_negated(events, text, content, mood):
    found = [e for e in events(text) if e.trigger.text == content]
    assert found and all(e.modality in mood for e in found)
