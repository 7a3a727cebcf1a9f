"""Linking a JSONL file of analyses with bounded memory (``tidings link events|stories|duplicates FILE``).

The file is read line by line; every ``batch_size`` analyses go into a temporary DuckDB store
(the ``articles`` rows only: id, outlet, stated date, the analysis JSON) and are linked into it
by the store's incremental path (``store.link.link_store``: persisted blocking keys, one
transaction per batch), so no more than one batch of analyses is held at once, whatever the
size of the file. The results are then read back from the link tables in the order the
in-memory functions (``find_duplicates``, ``merge_events``, ``group_stories``) give, a chunk
at a time, and are the same records: incremental linking gives the tables that linking
everything at once gives (``tests/test_link_incremental.py``), merged events are rebuilt from
their mentions' stored features with the same ``merge.record``, and a repost's date evidence
from its two stored analyses.

An id that occurs twice in the file is linked once (its first line); the in-memory
functions would count both copies.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError
from ..model import Analysis

BATCH_SIZE = 1000  # analyses read (and linked) at once
CHUNK = 500  # records rebuilt and written out at once
MEMORY_LIMIT = "1GB"  # DuckDB's buffer pool for the temporary store (it spills to its folder)


def iter_analyses(path: str, skipped: list[tuple[int, str]] | None = None) -> Iterator[tuple[Analysis, str]]:
    """(Analysis, its JSON line) for each analysis line of a JSONL file ('-' = stdin), read
    line by line (lines end at newlines only). A malformed line is an InputError naming its
    number; a failed document's line (an ``error`` key) or a JSON value that is not an object
    is skipped, with ``(line number, why)`` appended to ``skipped``."""
    try:
        handle = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as err:
        raise InputError(f"cannot read {path}: {err}") from err
    try:
        n = 0
        while True:
            try:
                line = handle.readline()
            except (OSError, UnicodeDecodeError) as err:
                raise InputError(f"cannot read {path}: {err}") from err
            if not line:
                break
            # JSON lines end at a newline only (str.splitlines would also split at U+2028, U+2029,
            # U+0085 and other separators, which are valid raw inside a JSON string)
            for piece in (line.rstrip("\r\n"),):
                n += 1
                if not piece.strip():
                    continue
                try:
                    data = json.loads(piece)
                except json.JSONDecodeError as err:
                    raise InputError(f"{path}:{n}: not JSON ({err.msg})") from err
                if not isinstance(data, dict):
                    if skipped is not None:
                        skipped.append((n, f"a JSON {type(data).__name__}, not an object"))
                    continue
                if "error" in data:
                    if skipped is not None:
                        skipped.append((n, "a document that failed (an \"error\" key)"))
                    continue
                try:
                    yield Analysis.from_dict(data), piece
                except TypeError as err:
                    raise InputError(f"{path}:{n}: not a tidings analysis ({err})") from err
    finally:
        if handle is not sys.stdin:
            handle.close()


@contextmanager
def linked_store(rows: Iterator[tuple[Analysis, str]], *, batch_size: int = BATCH_SIZE, threshold: float = 0.8,
                 window_days: int = 14, on_batch: Callable[[int], None] | None = None,
                 on_analysis: Callable[[Analysis], None] | None = None):
    """A temporary store with every analysis of ``rows`` linked into it, ``batch_size`` at a
    time (``on_batch`` is told each batch's size, ``on_analysis`` sees each analysis kept);
    yields the DuckDB connection and removes the store afterwards."""
    import datetime as dt

    from ..store.db import connect
    from ..store.link import link_store
    from ..store.write import insert_rows

    with tempfile.TemporaryDirectory(prefix="tidings-link-") as tmp:
        con = connect(Path(tmp) / "link.duckdb", create=True)
        try:
            con.execute(f"SET memory_limit = '{os.environ.get('TIDINGS_LINK_MEMORY', MEMORY_LIMIT)}'")
            con.execute(f"SET temp_directory = '{Path(tmp) / 'spill'}'")
            seen: set[str] = set()
            at = dt.datetime.now()

            def flush(batch: list[dict]) -> None:
                if on_batch is not None:
                    on_batch(len(batch))
                insert_rows(con, "articles", batch)
                link_store(con, redate_articles=False, threshold=threshold, batch_size=batch_size,
                           window_days=window_days, recount=False)

            batch: list[dict] = []
            for analysis, line in rows:
                if analysis.id in seen:
                    continue
                seen.add(analysis.id)
                if on_analysis is not None:
                    on_analysis(analysis)
                batch.append({"id": analysis.id, "outlet": analysis.outlet, "title": analysis.title,
                              "stated_date": analysis.dct.stated, "dct_used": analysis.dct.used,
                              "dct_source": analysis.dct.source, "dct_contradicted": analysis.dct.contradicted,
                              "text": analysis.text, "analysis": line, "ingested_at": at})
                if len(batch) >= batch_size:
                    flush(batch)
                    batch = []
            if batch:
                flush(batch)
            yield con
        finally:
            con.close()


def _chunks(cursor, size: int = CHUNK):
    while True:
        rows = cursor.fetchmany(size)
        if not rows:
            return
        yield rows


def duplicates(con) -> Iterator:
    """The store's near-duplicate pairs as ``find_duplicates`` lists them (by similarity, then ids)."""
    from ..link.duplicates import DuplicatePair, check_pair
    from ..store.link import _load

    cur = con.cursor()
    cur.execute("SELECT a, b, similarity, repost FROM duplicates ORDER BY similarity DESC, a, b")
    for rows in _chunks(cur):
        need = sorted({x for a, b, _s, repost in rows if repost for x in (a, b)})
        loaded = _load(con, need)
        for a, b, sim, repost in rows:
            if repost:  # its date evidence is rebuilt from the two analyses (the same check)
                yield check_pair(loaded[a], loaded[b], 0.0)
            else:
                yield DuplicatePair(a=a, b=b, similarity=sim)
    cur.close()


def events(con, undated: Iterator[tuple] | None = None) -> Iterator:
    """The store's merged events as ``merge_events`` lists them (by date, type, id); with
    ``undated`` ((date, type, id, JSON) of the single-mention records of the mentions that
    can't be matched, as ``merge_events(include_undated=True)`` makes them) in the same order."""
    from ..link.dates import sort_key
    from ..link.keys import MentionFeatures
    from ..link.merge import event_id, record

    con.execute("CREATE OR REPLACE TABLE _order (k0 INTEGER, k1 VARCHAR, k2 BIGINT, value VARCHAR, type VARCHAR, "
                "id VARCHAR, root VARCHAR, record VARCHAR)")

    def add(rows: list[dict]) -> None:
        if rows:
            con.register("_order_rows", _arrow(rows))
            con.execute("INSERT INTO _order SELECT k0, k1, k2, value, type, id, root, record FROM _order_rows")
            con.unregister("_order_rows")

    def keyed(date, etype, eid, root, text) -> dict:
        k0, day, k2, value = sort_key(date)
        return {"k0": k0, "k1": day.isoformat(), "k2": k2, "value": value, "type": etype, "id": eid,
                "root": root, "record": text}

    cur = con.cursor()
    cur.execute("SELECT DISTINCT root FROM link_mentions")
    for rows in _chunks(cur, 5000):
        ids = {event_id(r): r for (r,) in rows}
        con.register("_ids", _arrow([{"id": k} for k in ids]))
        found = con.execute("SELECT e.id, e.date, e.type FROM merged_events e JOIN _ids i ON e.id = i.id").fetchall()
        con.unregister("_ids")
        add([keyed(date, etype, eid, ids[eid], None) for eid, date, etype in found])
    if undated is not None:
        pending = []
        for date, etype, eid, text in undated:
            pending.append(keyed(date, etype, eid, None, text))
            if len(pending) >= 5000:
                add(pending)
                pending = []
        add(pending)
    cur.execute("SELECT root, record FROM _order ORDER BY k0, k1, k2, value, type, id")
    for rows in _chunks(cur):
        roots = [r for r, _rec in rows if r is not None]
        feats: dict[str, list] = {}
        if roots:
            con.register("_roots", _arrow([{"root": r} for r in roots]))
            for root, feat in con.execute("SELECT m.root, m.feat FROM link_mentions m JOIN _roots r "
                                          "ON m.root = r.root").fetchall():
                feats.setdefault(root, []).append(MentionFeatures.from_dict(json.loads(feat)))
            con.unregister("_roots")
        for root, text in rows:
            yield record(root, feats[root]) if root is not None else json.loads(text)
    cur.close()
    con.execute("DROP TABLE _order")


def stories(con) -> Iterator:
    """The store's stories as ``group_stories`` lists them (most articles first, then the
    first date, then the first article)."""
    from ..link.stories import Story

    cur = con.cursor()
    cur.execute(
        "SELECT s.id, s.first, s.last, s.title, s.countries, s.places, s.events, s.links, a.articles "
        "FROM stories s JOIN (SELECT story_id, list_sort(list(article_id)) AS articles FROM story_articles "
        "GROUP BY story_id) a ON a.story_id = s.id "
        "ORDER BY len(a.articles) DESC, coalesce(s.first, '9999'), a.articles[1]")
    for rows in _chunks(cur):
        for sid, first, last, title, countries, places, evs, links, articles in rows:
            yield Story(id=sid, articles=list(articles), events=evs.split(" ") if evs else [],
                        countries=countries.split(" ") if countries else [],
                        places=places.split(" | ") if places else [], first=first, last=last, title=title,
                        links=json.loads(links) if links else {})
    cur.close()


def _arrow(rows: list[dict]):
    import pyarrow as pa

    return pa.Table.from_pylist(rows)
