"""``merge.best_anchor`` (the tiered search a loose mention's anchor is found by) against the
brute force it replaces: every anchor under the mention's lookup keys scored, the highest
score then the smallest signature. Random features over small vocabularies, so that places
agree by geonameid, by name and at country level, names are shared or disjoint, codes and
stems meet, and scores tie; keys big enough for the tiered path and small ones scanned whole."""

from __future__ import annotations

import random

import pytest

from tidings.link.keys import MentionFeatures, lookup_keys
from tidings.link.merge import (
    MIN_SUPPORT,
    LinkState,
    _better,
    best_anchor,
    loose_date_points,
    pair_score,
    signature,
    support,
)

PLACES = [
    [1, "springfield", "city", "USA", "Springfield"],
    [2, "springfield", "city", "USA", "Springfield"],  # another Springfield: the same name
    [3, "paris", "city", "FRA", "Paris"],
    [4, "france", "country", "FRA", "France"],
    [5, "united states", "country", "USA", "United States"],
    [None, "lyon", "city", "FRA", "Lyon"],
    [6, "nowhere", "city", None, "Nowhere"],
]


def _mention(rng: random.Random, n: int, anchor: bool) -> MentionFeatures:
    countries = sorted(rng.sample(["USA", "FRA"], rng.choice((1, 2))))
    day = rng.randrange(1, 29)
    doc = False
    month = mday = None
    if anchor:
        lo = hi = f"2018-06-{day:02d}"
    else:
        kind = rng.choice(["month", "year", "range", "yearless", "doc"])
        if kind == "month":
            lo, hi = "2018-06-01", "2018-06-30"
        elif kind == "year":
            lo, hi = "2018-01-01", "2018-12-31"
        elif kind == "range":
            lo, hi = f"2018-06-{day:02d}", f"2018-06-{min(day + 5, 30):02d}"
        elif kind == "yearless":
            lo = hi = None
            month, mday = 6, day
        else:
            lo, hi, doc = f"2018-06-{max(day - 7, 1):02d}", f"2018-06-{day:02d}", True
    return MentionFeatures(
        article_id=f"a{n:04d}", event_n=0, type="CONSULT", countries=countries, lo=lo, hi=hi,
        month=month, day=mday, document_dated=doc, negated=rng.random() < 0.1,
        place=list(rng.choice(PLACES)) if rng.random() < 0.6 else None,
        names=sorted(set(rng.sample(["macron", "trump", "pompeo"], rng.choice((0, 1, 1, 2))))),
        codes=sorted(set(rng.sample(["USAGOV", "FRAGOV", "USAMIL"], rng.choice((0, 1, 2))))),
        stem=rng.choice(["meet", "talk", "visit"]),
        article_day=hi if doc else None)


def _brute(state: LinkState, f: MentionFeatures, floor=None):
    best = floor
    for k in lookup_keys(f):
        for sig, mid in state.by_found_key.get(k, {}).get("*", {}).items():
            score = pair_score(state.feats[mid], f)
            if score is not None and _better(score, sig, best):
                best = (score, sig, mid)
    return None if best is floor else best


def _score(a: MentionFeatures, f: MentionFeatures) -> int | None:
    return pair_score(a, f)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("n_anchors", [3, 40, 400])
def test_best_anchor_equals_brute_force(seed, n_anchors):
    rng = random.Random(seed * 1000 + n_anchors)
    state = LinkState()
    for n in range(n_anchors):
        state.add(_mention(rng, n, anchor=True))
    score_mid = lambda mid, f: _score(state.feats[mid], f)  # noqa: E731
    checked = found = 0
    for n in range(150):
        f = _mention(rng, 10_000 + n, anchor=False)
        want = _brute(state, f)
        got = best_anchor(state.by_found_key, state.sorted_cache, f, lookup_keys(f), score_mid)
        assert got == want, (f, got, want)
        # with the stored choice as a floor, only a strictly better anchor comes back
        if want is not None:
            worse = (want[0] - 1, want[1], want[2])
            assert best_anchor(state.by_found_key, state.sorted_cache, f, lookup_keys(f), score_mid,
                               floor=want) is None
            assert best_anchor(state.by_found_key, state.sorted_cache, f, lookup_keys(f), score_mid,
                               floor=worse) == want
            found += 1
        checked += 1
    assert checked == 150
    if n_anchors >= 40:
        assert found > 30  # the random mentions do find anchors, at several scores


def test_best_anchor_after_more_anchors_are_added():
    """The sorted signature lists are kept per key and facet; adding anchors must not leave a
    stale order behind."""
    rng = random.Random(5)
    state = LinkState()
    loose = [_mention(rng, 50_000 + n, anchor=False) for n in range(80)]
    score_mid = lambda mid, f: _score(state.feats[mid], f)  # noqa: E731
    for round_ in range(4):
        for n in range(100):
            state.add(_mention(rng, round_ * 1000 + n, anchor=True))
        for f in loose:
            assert best_anchor(state.by_found_key, state.sorted_cache, f, lookup_keys(f), score_mid) == \
                _brute(state, f)


def test_loose_date_points_is_the_date_part_of_every_score():
    """The tiers rest on the date points being the same for every anchor a loose mention is
    compatible with: support minus its place/actor/stem points, minus the document penalty."""
    rng = random.Random(11)
    anchors = [_mention(rng, n, anchor=True) for n in range(200)]
    for n in range(300):
        f = _mention(rng, 5000 + n, anchor=False)
        for a in anchors:
            if pair_score(a, f) is None:
                continue
            assert support(a, f) - f.document_dated - _specific_points(a, f) == loose_date_points(f)


def _specific_points(a: MentionFeatures, b: MentionFeatures) -> int:
    """support without the date: the same mention with the other's dates (and no document
    date) scores the date 2 for two days, so the specifics are what is left."""
    from dataclasses import replace

    a2 = replace(a, document_dated=False)
    b2 = replace(b, lo=a.lo, hi=a.hi, month=None, day=None, document_dated=False)
    return support(a2, b2) - 2


def test_a_loose_mention_sharing_nothing_specific_finds_no_anchor():
    """Control: the same type, country and month but no place, name, code or stem in common
    is below MIN_SUPPORT, in a key big enough for the tiered search."""
    state = LinkState()
    for n in range(30):
        state.add(MentionFeatures(article_id=f"a{n:03d}", event_n=0, type="CONSULT", countries=["USA"],
                                  lo=f"2018-06-{n % 28 + 1:02d}", hi=f"2018-06-{n % 28 + 1:02d}",
                                  names=["trump"], codes=["USAGOV"], stem="meet",
                                  place=[1, "springfield", "city", "USA", "Springfield"]))
    f = MentionFeatures(article_id="z", event_n=0, type="CONSULT", countries=["USA"], lo="2018-06-01",
                        hi="2018-06-30", names=[], codes=["USAMIL"], stem="talk", place=None)
    score_mid = lambda mid, x: pair_score(state.feats[mid], x)  # noqa: E731
    assert best_anchor(state.by_found_key, state.sorted_cache, f, lookup_keys(f), score_mid) is None
    # variant: the same stem and a shared code reach 3 with the month's point
    g = MentionFeatures(article_id="y", event_n=0, type="CONSULT", countries=["USA"], lo="2018-06-01",
                        hi="2018-06-30", names=[], codes=["USAGOV"], stem="meet", place=None)
    got = best_anchor(state.by_found_key, state.sorted_cache, g, lookup_keys(g), score_mid)
    assert got is not None and got[0] == MIN_SUPPORT
    assert got == _brute(state, g)
    assert signature(state.feats[got[2]]) == got[1]
