"""Incremental linking (``store.link``): a batch linked against the store gives the same link
tables as linking everything at once, whatever the batches and their order."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tidings.link import merge_events
from tidings.link.keys import article_mentions, event_keys, story_keys
from tidings.model import Analysis, Article, DocDate, Entity, Event, EventActor, Place, Sentence, Span, Timex
from tidings.store import connect
from tidings.store.link import LINK_TABLES, link_store
from tidings.store.write import Batch, write_batch

WORDS = ("harbor strike dockworkers wages union port cargo ships minister talks ceasefire border "
         "shelling village refugees flood river dam rain rescue election ballot count turnout "
         "candidate vaccine clinic outbreak doctors quake magnitude rubble aftershock mine miners "
         "collapse tunnel drought harvest wheat prices bank rates inflation bonds").split()
COUNTRIES = ["FRA", "DEU", "KEN", "ETH", "PER", "CHL", "IND", "PAK"]


def corpus(n: int = 48, seed: int = 3) -> list[Analysis]:
    """Small constructed corpus: 8 stories (two look-alikes of one kind each), reposts, and
    event mentions of day, month, year and document precision."""
    rng = random.Random(seed)
    stories = []
    for k in range(8):
        words = rng.sample(WORDS, 8)
        day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(600))
        stories.append((words, day, rng.sample(COUNTRIES, 2), f"Town{k}", ["Ames", "Bello", "Chu", "Diaz"][k % 4]))
    out: list[Analysis] = []
    while len(out) < n:
        if out and rng.random() < 0.15:
            src = rng.choice(out)
            copy = Analysis.from_dict(src.as_dict())
            copy.id = f"z{len(out):03d}"
            copy.text = "Shared from the wire. " + src.text
            copy.dct = DocDate(stated="2024-01-01", used="2024-01-01", source="stated", contradicted=True)
            out.append(copy)
            continue
        words, day, countries, town, person = rng.choice(stories)
        used = day + dt.timedelta(days=rng.randrange(4))
        body = " ".join(rng.choice(words) for _ in range(60)) + " " + " ".join(rng.sample(WORDS, 10))
        text = f"{person} said. {body}."
        a = Analysis(id=f"a{len(out):03d}", title=None, outlet=rng.choice(["Wire", "Daily", None]), byline=None,
                     dct=DocDate(stated=used.isoformat(), used=used.isoformat(), source="stated"), text=text,
                     sentences=[Sentence(0, len(text), text)],
                     entities=[Entity(0, len(person), person, "PERSON")] * 2,
                     timexes=[Timex(0, 4, str(day.year), "DATE", str(day.year), None)])
        place = Place(0, 4, town, town, countries[0], None, None, "city", 100 + len(town))
        for e in range(6):
            kind = rng.random()
            value = (day.isoformat() if kind < 0.5 else day.isoformat()[:7] if kind < 0.7
                     else str(day.year) if kind < 0.8 else used.isoformat())
            a.events.append(Event(
                type=rng.choice(["ASSAULT", "CONSULT"]), mode=None, cameo=None, quad=4, goldstein=-5.0,
                actors=[EventActor(0, 4, c, c, c + "GOV", c) for c in countries[:rng.choice((1, 2))]],
                recipients=[], date=value, date_source="document" if kind >= 0.8 else "clause",
                place=place if rng.random() < 0.6 else None, modality="asserted",
                sentence=Span(0, 10, text[:10]), trigger=Span(0, 4, rng.choice(["shelled", "talks"]))))
        out.append(a)
    return out


def _store(tmp_path, name, batches):
    db = tmp_path / f"{name}.duckdb"
    con = connect(db, create=True)
    for batch in batches:
        write_batch(con, Batch(stored=[(Article(id=a.id, text=a.text, stated_date=a.dct.stated), a)
                                       for a in batch]), None)
        link_store(con, redate_articles=False)
    return con


def _tables(con) -> dict[str, list]:
    return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in LINK_TABLES}


def test_incremental_linking_in_any_batch_order_equals_full(tmp_path):
    analyses = corpus()
    full = _store(tmp_path, "full", [analyses])
    link_store(full, redate_articles=False, full=True)
    expected = _tables(full)
    assert len(expected["merged_events"]) > 10 and len(expected["duplicates"]) >= 3
    assert any(r[-3] > 1 for r in expected["merged_events"])  # merged across articles
    assert any(r[4] > 1 for r in expected["stories"])  # a story of several articles
    rng = random.Random(11)
    orders = {"by id, 3 batches": (sorted(analyses, key=lambda a: a.id), 16),
              "reversed, 5 batches": (sorted(analyses, key=lambda a: a.id, reverse=True), 10),
              "shuffled, one at a time": (rng.sample(analyses, len(analyses)), 1),
              "shuffled, batches of 7": (rng.sample(analyses, len(analyses)), 7)}
    for name, (order, size) in orders.items():
        con = _store(tmp_path, name.replace(" ", "_").replace(",", ""),
                     [order[k:k + size] for k in range(0, len(order), size)])
        assert _tables(con) == expected, name
        # --full over an incrementally linked store changes nothing either
        link_store(con, redate_articles=False, full=True)
        assert _tables(con) == expected, name
        con.close()
    full.close()


def test_merge_events_is_the_same_for_any_batching_of_the_input():
    analyses = corpus(40, seed=5)
    canon = lambda ms: sorted((m.id, m.date, tuple((x.article_id, x.event_index) for x in m.mentions))  # noqa: E731
                              for m in ms)
    expected = canon(merge_events(analyses))
    rng = random.Random(2)
    for batch in (1, 3, 13):
        assert canon(merge_events(rng.sample(analyses, len(analyses)), batch=batch)) == expected


def test_keys_depend_on_the_record_only():
    a, b = corpus(2, seed=9)
    before = ([event_keys(f) for f in article_mentions(a)], story_keys(a))
    merge_events([a, b])  # linking with others changes none of a's keys
    assert ([event_keys(f) for f in article_mentions(a)], story_keys(a)) == before
    assert all(k.startswith("E|") for ks in before[0] for k in ks) and before[1]


@pytest.mark.parametrize("n", [3000])
def test_a_big_block_of_one_dyad_is_not_compared_pair_by_pair(n, monkeypatch):
    """3,000 ASSAULT mentions of one dyad in one month: merging compares each mention with
    the distinct events it could join, not with every other mention."""
    import tidings.link.merge as merge

    calls = 0
    real = merge.pair_score

    def counting(a, b):
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(merge, "pair_score", counting)
    rng = random.Random(1)
    arts = []
    for k in range(n // 10):
        text = "Shelling was reported. More later."
        a = Analysis(id=f"b{k:04d}", title=None, outlet=None, byline=None,
                     dct=DocDate(stated="2022-05-31", used="2022-05-31", source="stated"), text=text,
                     sentences=[Sentence(0, len(text), text)])
        for _ in range(10):
            day = dt.date(2022, 5, 1) + dt.timedelta(days=rng.randrange(30))
            town = f"Village{rng.randrange(10)}"
            a.events.append(Event(
                type="ASSAULT", mode=None, cameo="19", quad=4, goldstein=-10.0,
                actors=[EventActor(0, 4, "ISR", "ISR", "ISRMIL", "ISR")],
                recipients=[EventActor(0, 4, "PSE", "PSE", "PSEMIL", "PSE")],
                date=day.isoformat() if rng.random() < 0.8 else "2022-05", date_source="clause",
                place=Place(0, 4, town, town, "PSE", None, None, "city", hash(town) % 1000),
                modality="asserted", sentence=Span(0, 8, text[:8]), trigger=Span(0, 8, "Shelling")))
        arts.append(a)
    merged = merge.merge_events(arts)
    assert 200 <= len(merged) <= 400  # 30 days x 10 villages
    # each mention is scored against the distinct events it could join (a month-dated one:
    # every event of the month), never against every mention: all pairs would be 4.5 million
    assert calls < n * len(merged) / 3


def test_a_batch_reads_only_the_stored_mentions_it_could_merge_with(tmp_path):
    """The SQL filter in front of pair_score: a loose mention of the same month reads the
    stored anchors it could join; negated, or at another place, it reads none of them."""
    import copy
    import json as _json

    from tidings.link.keys import MentionFeatures
    from tidings.link.merge import pair_score
    from tidings.store.link import _load_state

    con = _store(tmp_path, "plausible", [corpus()])
    feat = next(MentionFeatures.from_dict(_json.loads(r[0])) for r in con.execute(
        "SELECT feat FROM link_mentions WHERE anchor AND (feat->>'place') IS NOT NULL ORDER BY article_id, event_n"
    ).fetchall())
    loose = copy.deepcopy(feat)
    loose.article_id, loose.event_n = "new", 0
    month = feat.lo[:7]
    loose.lo, loose.hi = f"{month}-01", (dt.date.fromisoformat(f"{month}-01") + dt.timedelta(days=27)).isoformat()
    assert not loose.anchor and pair_score(feat, loose) is not None  # it could join that anchor
    state, _ = _load_state(con, [loose])
    assert feat.mid in state.feats
    negated = copy.deepcopy(loose)
    negated.negated = True
    elsewhere = copy.deepcopy(loose)
    elsewhere.place = [999999, "nowhere town", "city", feat.place[3], "Nowhere Town"]
    every = [MentionFeatures.from_dict(_json.loads(r[0])) for r in con.execute(
        "SELECT feat FROM link_mentions WHERE anchor").fetchall()]
    for other in (loose, negated, elsewhere):
        state, _ = _load_state(con, [other])
        # every stored anchor the mention could join is read (the filter is a necessary condition)
        assert {f.mid for f in every if pair_score(f, other) is not None} <= set(state.feats)
        if other is not loose:
            assert feat.mid not in state.feats
    con.close()


def test_full_run_in_small_batches_equals_one_batch_and_links_on(tmp_path):
    """A from-scratch run of several batches builds merged events, stories and date evidence
    once at its end (``_link_from_scratch``): the same link tables AND link state as one batch,
    so that a later incremental batch links the same way on either."""
    from tidings.store.link import STATE_TABLES

    analyses = sorted(corpus(), key=lambda a: a.id)
    first, later = analyses[:40], analyses[40:]
    tables = lambda con: {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)  # noqa: E731
                          for t in LINK_TABLES + STATE_TABLES}
    one = _store(tmp_path, "one", [first])
    expected = tables(one)
    assert len(expected["merged_events"]) > 10 and any(r[4] > 1 for r in expected["stories"])
    for size in (1, 7, 16):
        con = _store(tmp_path, f"small{size}", [first])
        link_store(con, redate_articles=False, full=True, batch_size=size)
        assert tables(con) == expected, size
        # a later batch on top links as it does on the one-batch store
        write_batch(con, Batch(stored=[(Article(id=a.id, text=a.text, stated_date=a.dct.stated), a)
                                       for a in later]), None)
        link_store(con, redate_articles=False, batch_size=size)
        if size == 1:
            write_batch(one, Batch(stored=[(Article(id=a.id, text=a.text, stated_date=a.dct.stated), a)
                                           for a in later]), None)
            link_store(one, redate_articles=False)
            after = tables(one)
        assert tables(con) == after, size
        con.close()
    one.close()
