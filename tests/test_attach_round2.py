"""Targets after the merge of the event branches (issue 10, third round): the mechanisms in
``tidings.events.attach`` that the attachment-miss listing (``python -m tidings.eval.plv
--role target``) grouped for the new lexicon rows and frames: things returned, demands given in
to, support pledged, measures imposed on an area, a party that only locates the place hit.

Constructed variants (other actors, tenses, phrasings) and controls that must not fire; real
parses, no answers taken from the dev file.
"""

from __future__ import annotations

import pytest

from test_attach_annotator import of_type, texts
from test_events_roles import events
from tidings import nlp
from tidings.events.attach import doc_text

pytestmark = pytest.mark.model


# ---- the recipient of a thing returned, also when the parser hangs "to" on the thing's nouns --

@pytest.mark.parametrize("text, recipient", [
    ("On May 12, 2010, US government returned dozens of pre-Columbian and Mayan artifacts to the Embassy "
     "of El Salvador.", "the Embassy of El Salvador"),
    ("Germany has returned a collection of skulls taken from Namibia during colonial rule to the Namibian "
     "government.", "the Namibian government"),
    ("The museum will return dozens of bronze statues from the Benin kingdom to Nigeria.", "Nigeria"),
    ("The United States returned a portrait of a young girl by a Belgian artist to its owner.", "its owner"),
])
def test_a_thing_returned_targets_its_recipient(parse, text, recipient):
    event = of_type(events(parse, text), "RETREAT", "CONCEDE", "YIELD")
    assert texts(event.recipients) == [recipient]


def test_control_a_thing_returned_without_a_recipient_stays_the_target(parse):
    event = of_type(events(parse, "Hamas returned the bodies of two soldiers."), "RETREAT", "CONCEDE", "YIELD")
    assert texts(event.recipients) == ["the bodies of two soldiers"]


def test_control_returning_somewhere_is_no_giving(parse):
    found = events(parse, "The rebels returned to their bases.")
    assert not any(r.text == "their bases" for e in found for r in e.recipients)


# ---- a demand given in to: its makers ---------------------------------------------------------

@pytest.mark.parametrize("text, makers", [
    ("President Michel Temer has conceded to the demands of the protesting truck drivers twice already.",
     "the protesting truck drivers"),
    ("The government finally gave in to the demands of the striking teachers.", "the striking teachers"),
    ("The company met the demands of the union.", "the union"),
])
def test_a_demand_given_in_to_targets_its_makers(parse, text, makers):
    event = of_type(events(parse, text), "CONCEDE", "YIELD")
    assert texts(event.recipients) == [makers]


def test_control_a_demand_for_a_thing_names_no_maker(parse):
    # "of higher wages" is what is demanded, not who demands it
    event = of_type(events(parse, "The government rejected the demands of higher wages."), "REJECT")
    assert "higher wages" not in texts(event.recipients)


# ---- the "for" phrase of support pledged, named or not ---------------------------------------

@pytest.mark.parametrize("text, target", [
    ("The U.S. State Department pledged support for Hungarian NGOs and free media.", "Hungarian NGOs"),
    ("Japan pledged support for the farmers.", "the farmers"),
    ("The European Union promised its support for Ukrainian refugees.", "Ukrainian refugees"),
])
def test_support_pledged_targets_its_for_phrase(parse, text, target):
    event = of_type(events(parse, text), "SUPPORT")
    assert target in texts(event.recipients)


def test_control_a_pledge_with_no_for_phrase_gets_no_target(parse):
    event = of_type(events(parse, "Japan pledged its full support on Monday."), "SUPPORT")
    assert event.recipients == []


# ---- a measure imposed on an area: the area, not the measure ----------------------------------

@pytest.mark.parametrize("text, area", [
    ("Bolivian President Evo Morales declared a state of siege in Pando.", "Pando"),
    ("Indian authorities have imposed a curfew in parts of Kashmir to stop fresh demonstrations.",
     "parts of Kashmir"),
    ("The army imposed a curfew in the northern districts.", "the northern districts"),
    ("Authorities declared a state of emergency in three provinces.", "three provinces"),
    ("Burmese authorities announced they will extend the curfew order in Maungtaw district.",
     "Maungtaw district"),
    ("Israel imposed a blockade on the Gaza Strip in 2007.", "the Gaza Strip"),
])
def test_a_measure_targets_the_area_it_covers(parse, text, area):
    event = of_type(events(parse, text), "COERCE", "THREATEN", "SANCTION")
    assert texts(event.recipients) == [area]


def test_a_lifted_blockade_targets_the_one_besieged(parse):
    event = of_type(events(parse, "Saudi Arabia lifts blockade of Qatar in breakthrough agreement."),
                    "RETREAT", "CONCEDE", "YIELD")
    assert texts(event.recipients) == ["Qatar"]


@pytest.mark.parametrize("text, target", [
    ("Police arrested the curfew violators in Kashmir.", "the curfew violators"),  # people, no measure
    ("The government declared a state of emergency.", "a state of emergency"),     # no area: unchanged
])
def test_control_no_measure_or_no_area_keeps_the_object(parse, text, target):
    event = of_type(events(parse, text), "COERCE")
    assert texts(event.recipients) == [target]


# ---- a party that only locates the plain object hit or seized --------------------------------

@pytest.mark.parametrize("text, target", [
    ("The Syrian army seized all three pumping stations on the Kirkuk-Baniyas pipeline.",
     "all three pumping stations on the Kirkuk-Baniyas pipeline"),
    ("The troops seized the oil wells near the border with Iraq.", "the oil wells"),
])
def test_the_object_hit_is_the_target_not_the_place_locating_it(parse, text, target):
    event = of_type(events(parse, text), "COERCE", "ASSAULT")
    assert texts(event.recipients) == [target]


@pytest.mark.parametrize("text, target", [
    ("Police arrested three members of Hamas.", "three members of Hamas"),  # "of": a member, not a site
    ("The militants attacked the Kenyan army.", "the Kenyan army"),
])
def test_control_a_party_object_is_not_widened(parse, text, target):
    event = of_type(events(parse, text), "COERCE", "ASSAULT")
    assert texts(event.recipients) == [target]


# ---- doc.text read once per Doc ---------------------------------------------------------------

def test_doc_text_is_the_docs_text_and_built_once(parse):
    doc = nlp.parse("Rebels attacked a checkpoint near the Turkish border.")
    first = doc_text(doc)
    assert first == doc.text
    assert doc_text(doc) is first  # the same string object: not rebuilt


# ---- a mediation: the mediator is the source, the sides mediated between are the targets -----

@pytest.mark.parametrize("text, kinds, mediator, sides", [
    ("Russia's president launched a mediation effort between India and Pakistan last night.", ("CONSULT",),
     "Russia's president", ["India", "Pakistan"]),
    ("Prime Minister Nawaz Sharif launched a mediation effort to resolve the rift between Qatar and other "
     "Gulf states.", ("CONSULT",), "Prime Minister Nawaz Sharif", ["Qatar", "other Gulf states"]),
    ("Norway suspended its mediation between the government and the rebels.", ("SANCTION",), "Norway",
     ["the government", "the rebels"]),
    ("US envoy Richard Holbrooke ended mediation efforts between Albanian separatists.", ("SANCTION",),
     "US envoy Richard Holbrooke", ["Albanian separatists"]),
])
def test_a_mediation_targets_the_sides(parse, text, kinds, mediator, sides):
    event = of_type(events(parse, text), *kinds)
    assert texts(event.actors) == [mediator]
    assert texts(event.recipients) == sides


def test_control_talks_between_two_sides_keep_both_as_parties(parse):
    # no mediator: the sides of the talks are each other's partners, not targets of a third
    event = of_type(events(parse, "The talks between Hamas and Fatah ended in Cairo."), "CONSULT")
    assert texts(event.actors) == ["Hamas", "Fatah"]


# ---- a strike called off after a deal: the other side of the deal ----------------------------

@pytest.mark.parametrize("text, side", [
    ("Indian coal workers called off the two-day old strike after the agreement with the Indian government.",
     "the Indian government"),
    ("Brazil's truck drivers called off a four-day strike just hours after reaching agreement with the "
     "Brazilian government.", "the Brazilian government"),
    ("Nurses in Kenya ended their strike after talks with the health ministry.", "the health ministry"),
])
def test_a_strike_called_off_after_a_deal_targets_the_other_side(parse, text, side):
    event = of_type(events(parse, text), "CONCEDE", "YIELD")
    assert texts(event.recipients) == [side]


@pytest.mark.parametrize("text", [
    "The union called off the strike after the police arrested its leaders.",  # no deal: no side
    "The miners called off the strike after a week.",
])
def test_control_called_off_after_something_else_gets_no_target(parse, text):
    event = of_type(events(parse, text), "CONCEDE", "YIELD")
    assert event.recipients == []


# ---- the one granted leave, read by the parser as a compound of the leave --------------------

@pytest.mark.parametrize("text, recipient", [
    ("The European Commission recently granted the Portuguese government permission to inject 1.2 billion "
     "euros into TAP.", "the Portuguese government"),
    ("Pakistan's military ruler had given the Pentagon permission to use Pakistani airspace.", "the Pentagon"),
])
def test_the_one_granted_leave_is_the_target(parse, text, recipient):
    event = of_type(events(parse, text), "CONCEDE", "YIELD", "RETREAT")
    assert texts(event.recipients) == [recipient]


def test_control_a_compound_that_is_no_party_is_not_a_recipient(parse):
    # "building permission" is one thing granted; the project it is for is the target
    event = of_type(events(parse, "The ministry granted the building permission for the project."), "CONCEDE")
    assert "the building" not in texts(event.recipients)
