"""Round 2 on merged main: kinds of background in the confidence features, fighting an ill is
no assault, calling off an attack is a de-escalation."""

from __future__ import annotations

import pytest

from tidings.model import Article
from tidings.pipeline import Options, analyze

OPTIONS = Options(stages=("actors", "places", "quotes", "events"))


def _events(text):
    return [e for e in analyze(Article(id="t", text=text), options=OPTIONS).events
            if e.modality != "negated" and e.confidence >= 0.5]


def _types(text):
    return {e.type for e in _events(text)}


@pytest.mark.parametrize("text", [
    "The government pledged to fight the Ebola epidemic.",
    "Nigeria is battling corruption.",
    "Firefighters fought the fire for hours.",
    "They fought against poverty.",
    "The ministry will combat malaria in the north.",
])
def test_fighting_an_ill_is_no_assault(text):
    assert "ASSAULT" not in _types(text)


@pytest.mark.parametrize("text", [
    "The army fought the rebels near Aleppo.",
    "Government troops fought Islamic State militants.",
])
def test_fighting_a_party_stays_assault(text):
    assert "ASSAULT" in _types(text)


@pytest.mark.parametrize("text", [
    "The rebels called off their attack.",
    "Israel called off the planned offensive on Gaza.",
    "The militants called off the raid on the town.",
])
def test_calling_off_an_attack_is_a_retreat(text):
    types = _types(text)
    assert "RETREAT" in types
    assert not types & {"REQUEST", "THREATEN", "ASSAULT"}


def test_calling_off_a_strike_stays_a_concession():
    assert "CONCEDE" in _types("The union called off the strike.")


def test_temporal_background_is_under_half():
    text = ("Hundreds of UN troops withdrew from the Golan on Monday, an AFP correspondent said, "
            "two weeks after Al-Qaeda-linked rebels kidnapped dozens of peacekeepers.")
    types = _types(text)
    assert "RETREAT" in types and "ASSAULT" not in types


def test_main_clause_event_is_not_background():
    assert "ASSAULT" in _types("Al-Qaeda-linked rebels kidnapped dozens of peacekeepers on Monday.")


def test_background_kinds():
    from tidings import nlp
    from tidings.events import confidence as C

    doc = nlp.load()("Troops left the town after rebels attacked it, and the group that seized the city fled.")
    attacked = next(t for t in doc if t.lower_ == "attacked")
    seized = next(t for t in doc if t.lower_ == "seized")
    left = next(t for t in doc if t.lower_ == "left")
    assert C._bgkind(attacked, C.position(attacked))["bg_temporal"] == 1.0
    assert C._bgkind(seized, C.position(seized))["bg_relcl"] == 1.0
    assert not any(C._bgkind(left, C.position(left)).values())


def test_deep_background():
    from tidings import nlp
    from tidings.events import confidence as C

    doc = nlp.load()("The army said on Monday it was expanding its campaign against the group that has "
                     "seized the city.")
    seized = next(t for t in doc if t.lower_ == "seized")
    said = next(t for t in doc if t.lower_ == "said")
    assert C._depth(seized) >= 2
    assert C._depth(said) == 0


@pytest.mark.parametrize("text, background, report", [
    ("The civilians imprisoned for acting against Moscow were released yesterday by Putin himself",
     "imprisoned", "released"),
    ("The fishermen seized near the border were returned by India on Friday.", "seized", None),
])
def test_reduced_relative_misread_as_root_is_background(text, background, report):
    from tidings import nlp
    from tidings.events import confidence as C

    root = next(t for t in nlp.load()(text) if t.dep_ == "ROOT")
    assert root.text == background and C.reduced_relative(root)  # the parser's misreading, repaired here
    found = {e.trigger.text: e.confidence for e in analyze(Article(id="t", text=text), options=OPTIONS).events}
    assert found[background] < 0.5
    if report:
        assert found[report] >= 0.5


@pytest.mark.parametrize("text", [
    "Police arrested the men and they were charged with murder.",  # own subject, "and"
    "Police arrested the protesters on Monday.",
    "The rebels attacked the town.",
])
def test_main_verbs_are_no_reduced_relative(text):
    from tidings import nlp
    from tidings.events import confidence as C

    doc = nlp.load()(text)
    root = next(t for t in doc if t.dep_ == "ROOT")
    assert not C.reduced_relative(root)
    assert _events(text)
