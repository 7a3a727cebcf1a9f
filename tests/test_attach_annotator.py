"""Targets attached the way a PLV annotator attaches them (issue 10, deliverable 2, second round).

Each mechanism in ``tidings.events.attach.complete_roles`` that the attachment-miss listing
(``python -m tidings.eval.plv``) grouped: constructed variants (other actors, voices, tenses)
and controls that must not fire. Real parses, no fixed answers from the dev file.
"""

from __future__ import annotations

import pytest

from test_events_roles import events  # the actors, places and events stages on one text

pytestmark = pytest.mark.model


def of_type(found, *kinds):
    out = [e for e in found if e.type in kinds]
    assert out, [(e.type, e.trigger.text) for e in found]
    return out[0]


def texts(parties):
    return [p.text for p in parties]


# ---- the force withdrawn joins the source; the place left is the target ----------------------

@pytest.mark.parametrize("text, kinds, left, force", [
    ("The UN withdrew peacekeepers from the Golan Heights.", ("SANCTION", "RETREAT"), "Golan Heights",
     "peacekeepers"),
    ("The African Union has withdrawn its soldiers from the Somali capital.", ("SANCTION", "RETREAT"),
     "Somali capital", None),
    ("The withdrawal of US troops from Iraq was completed in 2011.", ("RETREAT", "SANCTION"), "Iraq", None),
])
def test_a_withdrawal_targets_the_place_left(parse, text, kinds, left, force):
    event = of_type(events(parse, text), *kinds)
    assert any(left in r.text for r in event.recipients), texts(event.recipients)
    if force:
        assert force in texts(event.actors) and force not in texts(event.recipients)


def test_control_a_withdrawal_with_nothing_left_keeps_its_object(parse):
    event = of_type(events(parse, "The US withdrew its support for the plan."), "SANCTION", "RETREAT")
    assert not any("from" in r.text for r in event.recipients)
    assert [a.code for a in event.actors] == ["USA"]


# ---- a cause ("over ...") yields to the one acted on -----------------------------------------

@pytest.mark.parametrize("text, kind, target", [
    ("Maduro expelled the top American diplomat over the refusal of the U.S. to recognize him.", "SANCTION",
     "the top American diplomat"),
    ("China summoned the Japanese ambassador over the visit of Shinzo Abe.", "ACCUSE", "the Japanese ambassador"),
])
def test_a_cause_is_not_the_target_when_someone_is_acted_on(parse, text, kind, target):
    event = of_type(events(parse, text), kind)
    assert texts(event.recipients) == [target]


# ---- the maker of a rejected proposal, marked with the proposal ------------------------------

@pytest.mark.parametrize("text, start, maker", [
    ("The German government rejected a request by Turkey to hold a rally.", "a request by", "Turkey"),
    ("Bush rejected every offer made by the Taliban to hand over bin Laden.", "every offer", "Taliban"),
    ("Nasrallah rejected a call from Russia for disarmament.", "a call from", "Russia"),
    ("The Taliban refused direct talks with the Afghan government.", "direct talks", "Afghan government"),
])
def test_a_rejected_proposal_is_marked_whole_with_its_makers_code(parse, text, start, maker):
    event = of_type(events(parse, text), "REJECT")
    (target,) = event.recipients
    assert target.text.startswith(start) and target.text.endswith(maker)


def test_control_a_condemned_act_keeps_only_its_doer(parse):
    event = of_type(events(parse, "South Africa's government condemned a protest by white farmers."), "ACCUSE")
    assert texts(event.recipients) == ["white farmers"]


def test_control_restored_relations_keep_only_the_other_side(parse):
    event = of_type(events(parse, "China restored diplomatic relations with Malawi."), "SUPPORT", "COOPERATE")
    assert [r.code for r in event.recipients] == ["MWI"] and texts(event.recipients) == ["Malawi"]


def test_control_the_other_side_of_an_agreement_one_refuses_to_sign_is_no_target(parse):
    event = of_type(events(parse, "Japan refused to sign the agreement with China."), "REJECT")
    assert "CHN" not in [r.code for r in event.recipients]


# ---- coordinated subjects of a joint act ------------------------------------------------------

@pytest.mark.parametrize("text, codes", [
    ("Canada and the United Kingdom agreed to a rollover trade deal.", ["CAN", "GBR"]),
    ("India and Pakistan agreed to a cease-fire in Kashmir.", ["IND", "PAK"]),
    ("Japan and the United States signed a limited trade deal.", ["JPN", "USA"]),
])
def test_joint_subjects_are_each_others_party_not_the_thing_agreed(parse, text, codes):
    event = of_type(events(parse, text), "AGREE", "SUPPORT", "COOPERATE")
    assert [a.code for a in event.actors] == codes and event.recipients == []


def test_control_a_joint_act_keeps_a_party_target(parse):
    event = of_type(events(parse, "Japan and China agreed to send aid to Nepal."), "AGREE")
    assert [r.code for r in event.recipients] == ["NPL"]


def test_control_coordinated_attackers_keep_their_target(parse):
    event = of_type(events(parse, "The US and Britain struck targets in Syria."), "ASSAULT")
    assert event.recipients


# ---- groups counted, the one asked, places of yields and requests ----------------------------

@pytest.mark.parametrize("text, kind, target", [
    ("U.S. airstrikes killed dozens of IS members.", "ASSAULT", "dozens of IS members"),
    ("The German authorities opened investigations against hundreds of banks.", "ACCUSE", "hundreds of banks"),
    ("Police arrested one of the suspects in Lagos.", "COERCE", "one of the suspects"),
])
def test_a_counted_group_is_a_target(parse, text, kind, target):
    event = of_type(events(parse, text), kind)
    assert target in texts(event.recipients)


@pytest.mark.parametrize("text, asked", [
    ("Leaders of the opposition demanded an explanation from the prime minister.", "the prime minister"),
    ("The mayor demanded support from the national government to deal with the problem.",
     "the national government"),
])
def test_the_one_asked_is_the_target_of_a_request(parse, text, asked):
    event = of_type(events(parse, text), "REQUEST")
    assert texts(event.recipients) == [asked]


@pytest.mark.parametrize("text, kinds, place", [
    ("The ONLF declared a unilateral ceasefire in Somalia.", ("RETREAT", "CONCEDE"), "Somalia"),
    ("Thousands of refugees have sought refuge in Bangladesh.", ("REQUEST",), "Bangladesh"),
    ("The United Nations suspended aid deliveries in Somalia after an attack.", ("SANCTION",), "Somalia"),
])
def test_the_place_stands_for_the_ones_affected_when_nobody_else_is_named(parse, text, kinds, place):
    event = of_type(events(parse, text), *kinds)
    assert texts(event.recipients) == [place]


def test_control_a_ceasefire_with_no_place_has_no_target(parse):
    event = of_type(events(parse, "The ELN declared a ceasefire on Sunday."), "RETREAT", "CONCEDE")
    assert event.recipients == []


def test_control_a_party_beats_the_place(parse):
    event = of_type(events(parse, "The EU suspended talks with Turkey in Brussels."), "SANCTION")
    assert [r.code for r in event.recipients] == ["TUR"]


# ---- conditions, object-control misparses, harm, coordination --------------------------------

@pytest.mark.parametrize("text, target", [
    ("Obama will not lift the embargo until Cuba undertakes reforms.", "Cuba"),
    ("Teachers will not end the strike until their demands are met by the authorities.", "the authorities"),
    ("The union will not call off the strike unless the company raises wages.", "the company"),
])
def test_a_refusal_until_someone_acts_targets_them(parse, text, target):
    event = of_type(events(parse, text), "REJECT")
    assert target in texts(event.recipients)


def test_control_an_until_clause_without_a_party(parse):
    event = of_type(events(parse, "Hungary will not lift the ban until next year."), "REJECT")
    assert event.recipients == []


@pytest.mark.parametrize("text, kind, target", [
    ("The Foreign Office welcomed Russian President Vladimir Putin to mediate between India and Pakistan.",
     "SUPPORT", "RUSGOV"),
    ("Cuba's refusal to engage with the Colombian government angered Washington.", "REJECT", "COLGOV"),
])
def test_the_party_of_a_to_clause(parse, text, kind, target):
    event = of_type(events(parse, text), kind)
    assert [r.code for r in event.recipients] == [target]


def test_control_a_to_clause_with_no_party_adds_none(parse):
    event = of_type(events(parse, "Iran refused to negotiate."), "REJECT")
    assert event.recipients == []


@pytest.mark.parametrize("text, victims", [
    ("A car bombing by the Islamic State killed at least 75 people.", "at least 75 people"),
    ("Three soldiers were wounded in an attack in Mali.", "Three soldiers"),
])
def test_the_harmed_are_targets_of_the_attack(parse, text, victims):
    found = events(parse, text)
    attack = next(e for e in found if e.type == "ASSAULT" and e.trigger.text in ("bombing", "attack"))
    assert victims in texts(attack.recipients)
    assert all(victims not in texts(e.actors) for e in found)


@pytest.mark.parametrize("text, kind, first", [
    ("The court lifted a ban on girls and women entering the temple.", ("RETREAT", "CONCEDE"), "girls"),
    ("Israel lifted restrictions imposed on Palestinian farmers.", ("RETREAT", "CONCEDE"), "Palestinian farmers"),
    ("The state will provide a grant and a loan to the Wyoming Brownfield Authority.", ("AID", "AGREE"),
     "the Wyoming Brownfield Authority"),
])
def test_targets_under_coordination_and_clauses(parse, text, kind, first):
    event = of_type(events(parse, text), *kind)
    assert first in texts(event.recipients)


def test_a_split_object_keeps_both_parts(parse):
    event = of_type(events(parse, "Erdogan will meet his counterpart Italian President Sergio Mattarella in Rome."),
                    "CONSULT")
    assert "his counterpart Italian President Sergio Mattarella" in texts(event.actors + event.recipients)


# ---- roles never reversed --------------------------------------------------------------------

@pytest.mark.parametrize("text, kinds", [
    ("Five journalists were abducted in Syria.", ("ASSAULT", "COERCE")),
    ("Dozens of protesters were arrested in Nairobi.", ("COERCE",)),
    ("Two protesters were shot dead by police in Baghdad.", ("ASSAULT",)),
    ("Police arrested 20 protesters in Nairobi.", ("COERCE",)),
])
def test_victims_of_abduction_arrest_and_killing_are_targets(parse, text, kinds):
    event = of_type(events(parse, text), *kinds)
    assert any("protesters" in r.text or "journalists" in r.text for r in event.recipients)
    assert not any("protesters" in a.text or "journalists" in a.text for a in event.actors)


@pytest.mark.parametrize("text", [
    "Iran asked the UN to intervene.",
    "The UN was asked by Iran to intervene.",
    "Iran has asked the UN for help.",
])
def test_a_requester_is_the_source_of_its_request(parse, text):
    event = of_type(events(parse, text), "REQUEST")
    assert [a.code for a in event.actors] == ["IRN"] and [r.code for r in event.recipients] == ["IGOUNO"]


def test_the_requester_named_by_a_possessive_is_the_source(parse):
    event = of_type(events(parse, "Kenya's request for help was rejected by the World Bank."), "REQUEST")
    assert [a.code for a in event.actors] == ["KEN"]
