"""Event confidence from features (events/confidence.py): where the trigger sits, who takes part,
its modality and whether it is the content of another event move the score the way PLV showed;
an event with no actor, or one a frame made content, stays under 0.5."""

from __future__ import annotations

import pytest

from tidings.events import confidence

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def events(sentence_events):
    return sentence_events


def one(found, kind):
    hits = [e for e in found if e.type == kind]
    assert len(hits) == 1, [(e.type, e.trigger.text) for e in found]
    return hits[0]


@pytest.mark.parametrize("text, word, place", [
    ("Russia attacked Ukraine.", "attacked", "main"),
    ("Russia attacked Ukraine and arrested journalists.", "arrested", "main"),
    ("Kiev said Russia attacked Ukraine.", "attacked", "reported"),
    ("Russia decided to attack Ukraine.", "attack", "complement"),
    ("After Russia attacked Ukraine, Kiev cut ties.", "attacked", "background"),
    ("Kiev condemned the attack by Russia.", "attack", "main"),  # the object takes its verb's place
    ("The attack by Russia killed ten people.", "attack", "subject"),
    ("Ten people died in the attack by Russia.", "attack", "background"),
])
def test_position_of_the_trigger(parse, text, word, place):
    doc = parse(text)
    token = next(t for t in doc if t.text == word)
    assert confidence.position(token) == place


@pytest.mark.parametrize("main, background", [
    ("The army arrested 20 men in Gondar.", "After the army arrested 20 men in Gondar, protests spread."),
    ("Israel attacked Gaza on Monday.", "Protests spread across the region, which Israel attacked on Monday."),
    ("Nigeria deployed troops to Liberia.", "With Nigeria having deployed troops to Liberia, calm returned."),
])
def test_background_placement_lowers_confidence(events, main, background):
    kind = next(e.type for e in events(main))
    assert one(events(main), kind).confidence >= 0.5
    assert one(events(background), kind).confidence < one(events(main), kind).confidence


@pytest.mark.parametrize("asserted, uncertain", [
    ("Russia attacked Ukraine.", "Russia could attack Ukraine."),
    ("Germany imposed sanctions on Iran.", "Germany might impose sanctions on Iran."),
    ("The army arrested the opposition leader.", "If the protests go on, the army will arrest the opposition leader."),
])
def test_uncertain_modality_lowers_confidence(events, asserted, uncertain):
    kind = next(e.type for e in events(asserted) if e.modality == "asserted")
    sure = one(events(asserted), kind)
    assert sure.confidence >= 0.5
    assert max(e.confidence for e in events(uncertain) if e.type == kind) < sure.confidence


@pytest.mark.parametrize("text, kind", [
    ("Ten people were killed on Monday.", "ASSAULT"),  # nobody named as the doer
    ("Talks resumed on Monday.", "CONSULT"),
    ("Protests spread across the capital.", "PROTEST"),
])
def test_an_event_without_an_actor_stays_under_half(events, text, kind):
    assert all(e.confidence < 0.5 for e in events(text) if e.type == kind)


@pytest.mark.parametrize("text, kind", [
    ("The United States urged Israel to attack Iran.", "ASSAULT"),  # the content of a request
    ("Germany condemned the Russian attack on Ukraine.", "ASSAULT"),  # the object of another event
])
def test_content_of_another_event_stays_under_half(events, text, kind):
    found = [e for e in events(text) if e.type == kind]
    assert found and all(e.confidence < 0.5 for e in found)


@pytest.mark.parametrize("text, kind", [
    ("Russia attacked Ukraine.", "ASSAULT"),
    ("Germany imposed sanctions on Iran.", "SANCTION"),
    ("Japanese Prime Minister Shinzo Abe met Chinese President Xi Jinping in Beijing.", "CONSULT"),
    ("Ukraine said Russian troops shelled the town of Avdiivka.", "ACCUSE"),  # the claim frame
])
def test_a_reported_main_event_with_coded_parties_is_scored(events, text, kind):
    assert any(e.confidence >= 0.7 for e in events(text) if e.type == kind)


def test_score_is_the_logistic_of_the_weighted_features(monkeypatch):
    monkeypatch.setattr(confidence, "BIAS", 0.0)
    monkeypatch.setattr(confidence, "WEIGHTS", {"coded_source": 2.0, "noun": -1.0})
    assert confidence.score({"coded_source": 0.0, "noun": 0.0}) == 0.5
    assert confidence.score({"coded_source": 1.0, "noun": 0.0}) == 0.88
    assert confidence.score({"coded_source": 1.0, "noun": 1.0}) == 0.73


def test_without_weights_the_rule_confidence_is_kept(events, monkeypatch):
    monkeypatch.setattr(confidence, "WEIGHTS", None)
    event = one(events("Russia attacked Ukraine on Monday."), "ASSAULT")
    assert event.confidence == 0.9  # participation_confidence with a coded actor, in the main clause


def test_features_are_recorded_for_fitting(events, monkeypatch):
    monkeypatch.setattr(confidence, "RECORD", [])
    events("After Russia attacked Ukraine on Monday, Kiev cut diplomatic ties with Moscow.")
    feats = {e.trigger.text: f for f, e in confidence.RECORD}
    assert feats["attacked"]["pos_background"] == 1.0 and feats["attacked"]["coded_source"] == 1.0
    assert set(feats["attacked"]) == set(confidence.WEIGHTS)
