"""A run-on sentence of ~500 words: the event stage stays near-linear and its output stays right.

Before, every date and place of a sentence was tested against the phrase (subtree) of every other
trigger, each phrase recomputed by walking its subtree: about cubic in the sentence length (a
2.9 KB, 500-word sentence took 52 s). The test counts the phrase computations instead of timing.
"""

from __future__ import annotations

import pytest

from tidings.events import extract as ex
from tidings.model import Article
from tidings.pipeline import Options, analyze

pytestmark = pytest.mark.model

CLAUSES = ["the army attacked the town on Monday", "police arrested 20 protesters in Cairo on May 3",
           "Egypt and Jordan met in Amman", "rebels shelled the village near Aleppo on April 30"]
N = 60


@pytest.fixture(scope="module")
def long_text():
    return "Officials said " + ", and ".join(CLAUSES[i % len(CLAUSES)] for i in range(N)) + "."


def test_long_run_on_sentence(parse, long_text, monkeypatch):
    assert len(long_text.split()) > 480
    doc = parse(long_text)
    assert len(list(doc.sents)) == 1
    calls = {"n": 0}
    real = ex.span_of

    def counted(token):
        calls["n"] += 1
        return real(token)

    monkeypatch.setattr(ex, "span_of", counted)
    result = analyze(Article(id="long", text=long_text), dct="2019-05-10", doc=doc,
                     options=Options(stages=("actors", "places", "events")))
    events = result.events
    by_type = {}
    for e in events:
        by_type.setdefault(e.type, []).append(e)
    # one event per clause, of the clause's type
    assert len(by_type["ASSAULT"]) == N // 2 and len(by_type["COERCE"]) == N // 4
    assert len(by_type["CONSULT"]) == N // 4
    assert all(any(a.code == "EGY" for a in e.actors) and any(a.code == "JOR" for a in e.actors)
               for e in by_type["CONSULT"])
    # each arrest keeps the place of its own clause, not another clause's
    assert {e.place.text for e in by_type["COERCE"] if e.place} == {"Cairo"}
    # a few phrase computations per trigger, not one per (trigger, date or place, other trigger)
    triggers = len(events)
    assert calls["n"] <= 4 * triggers, (calls["n"], triggers)
