"""Word senses that are not events (events/senses.py): each sense with variants (other actors,
tenses, layouts) and controls where the same word is an event and must still fire."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def events(sentence_events):
    return lambda text: [e for e in sentence_events(text) if e.modality != "negated"]


def triggered(found, kind):
    return [e.trigger.text.lower() for e in found if e.type == kind]


# ---- threat meaning danger --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Climate change poses a serious threat to Pacific island nations.",
    "North Korea is a threat to regional security.",
    "The threat of terrorism remains high in Europe, officials said.",
    "The virus remains a major threat to public health.",
    "Cyber attacks represent the biggest threat to German companies.",
    "The government said it would counter the threat posed by extremists.",
])
def test_threat_as_danger_is_no_threaten(events, text):
    assert triggered(events(text), "THREATEN") == []


@pytest.mark.parametrize("text, who", [
    ("Iran's threat to close the Strait of Hormuz alarmed shipping companies.", "IRN"),
    ("The United States issued a threat against Venezuela.", "USA"),
    ("Threats by the rebels forced the closure of the school.", None),
    ("Russia threatened to cut gas supplies to Ukraine.", "RUS"),
])
def test_threat_that_someone_makes_is_threaten(events, text, who):
    found = [e for e in events(text) if e.type == "THREATEN"]
    assert found and found[0].actors
    if who:
        assert who in {a.code for a in found[0].actors}


def test_threats_from_a_named_party_are_kept(events):
    # the sense is kept; who is attached from a "from" phrase is the argument reader's business
    assert triggered(events("The US will move a missile battery to the Gulf to counter threats from Iran."),
                     "THREATEN")
    assert triggered(events("The US will move a missile battery to the Gulf to counter the threat of war."),
                     "THREATEN") == []


# ---- demonstrate meaning show -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The report demonstrates that Russia interfered in the election.",
    "Cuba's refusal to engage demonstrates that it is not serious about peace, the State Department said.",
    "The exercise demonstrated the readiness of NATO forces.",
    "China has demonstrated its commitment to the agreement.",
])
def test_demonstrate_with_what_is_shown_is_no_protest(events, text):
    assert triggered(events(text), "PROTEST") == []


@pytest.mark.parametrize("text", [
    "Thousands of protesters demonstrated in Paris against the government.",
    "Students demonstrated outside the parliament on Monday.",
    "Opposition supporters will demonstrate in Caracas this weekend.",
])
def test_people_who_demonstrate_protest(events, text):
    assert triggered(events(text), "PROTEST")


# ---- support as a general stance --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Most voters support the president's policy on immigration.",
    "Many Americans support stricter gun laws.",
    "A majority of Germans supports the plan, a poll found.",
    "Sixty percent of respondents support the deal.",
])
def test_a_population_holding_an_opinion_is_no_support_event(events, text):
    assert triggered(events(text), "SUPPORT") == []


@pytest.mark.parametrize("text", [
    "Germany supports the French proposal for a European army.",
    "The European Union supported the Libyan government in the talks.",
    "Japan and India support the plan for a new trade corridor.",
    "NATO members support the plan to station troops in Poland.",
    "Most EU governments support the new sanctions on Russia.",
])
def test_a_party_backing_something_is_support(events, text):
    assert triggered(events(text), "SUPPORT")


# ---- travel that is no visit ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The senator left for the rally in Ohio on Tuesday.",
    "Voters headed to the polls on Sunday.",
    "The minister left for work early on Monday.",
])
def test_travel_to_no_place_or_meeting_is_no_visit(events, text):
    assert triggered(events(text), "CONSULT") == []


@pytest.mark.parametrize("text", [
    "Angela Merkel left for Paris on Monday.",
    "Merkel left for the summit in Brussels.",
    "The Iranian foreign minister travelled to Moscow for talks.",
])
def test_travel_to_a_place_or_a_meeting_is_still_a_visit(events, text):
    assert triggered(events(text), "CONSULT")


@pytest.mark.parametrize("text", [
    "Some 163 Chinese peacekeepers arrived in South Sudan on Thursday for a peacekeeping mission.",
    "UN peacekeepers arrived in Mali on Friday.",
])
def test_peacekeepers_arriving_is_not_filtered_as_travel_but_coded_as_protection(events, text):
    # CAMEO 074 (provide military protection or peacekeeping) -> PLOVER AID, not a visit
    assert triggered(events(text), "AID") and triggered(events(text), "CONSULT") == []


# ---- nouns in generic talk --------------------------------------------------------------------

@pytest.mark.parametrize("text, kind", [
    ("Sanctions rarely work, experts say.", "SANCTION"),
    ("Talks are the only way to resolve the conflict.", "CONSULT"),
    ("Negotiations usually take months.", "CONSULT"),
])
def test_event_nouns_in_generic_talk_are_no_events(events, text, kind):
    assert triggered(events(text), kind) == []


@pytest.mark.parametrize("text, kind", [
    ("Talks resumed on Monday in Geneva.", "CONSULT"),
    ("The talks between Iran and the US are the first in years.", "CONSULT"),
    ("US sanctions on Iran hurt its oil exports.", "SANCTION"),
    ("Talks will resume next week.", "CONSULT"),
])
def test_event_nouns_with_an_occasion_or_a_party_stay_events(events, text, kind):
    assert triggered(events(text), kind)


# ---- meet meaning achieve ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Officials say they are on track to meet this fiscal year's goal of 12,000 refugees.",
    "Greece failed to meet the deadline set by its creditors.",
    "The plan meets the criteria of the European Commission.",
])
def test_meet_a_goal_is_no_meeting(events, text):
    assert triggered(events(text), "CONSULT") == []


@pytest.mark.parametrize("text", [
    "Vladimir Putin met Recep Tayyip Erdogan in Ankara on Tuesday.",
    "The minister will meet the Iranian delegation in Vienna.",
    "Merkel met her French counterpart in Berlin.",
    "The two leaders met in Helsinki.",
])
def test_meeting_a_party_is_a_meeting(events, text):
    assert triggered(events(text), "CONSULT")
