"""Loads what ``tidings spark --link`` wrote (Parquet) into a store: articles, records, sightings, links.

``load_spark(folder, db)`` reads ``folder/articles`` (one row per clean text, with its whole
Analysis), ``folder/sightings``, and the link tables Spark computed (``duplicates``,
``merged_events``, ``merged_mentions``), with DuckDB's Parquet reader (no Spark needed here).
In one transaction it stores the articles not yet in the store with their record rows, adds
their sightings, and, when the store held no articles before, takes Spark's links as the
link tables (merged event ids are ``link.merge.event_id``'s, the ones ``tidings link`` gives
the same mentions), with stories and corpus date evidence computed here from them. Loading
into a store that already had articles links the whole store again instead
(``store.link.link_store``), since Spark only saw its own corpus.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError
from ..model import Analysis

CHUNK = 256


@dataclass
class LoadSummary:
    stored: int = 0
    duplicate: int = 0  # texts the store had already
    sightings: int = 0
    merged_events: int = 0
    duplicate_pairs: int = 0
    stories: int = 0
    relinked: bool = False  # the store had articles before: linked again as a whole
    run_id: int | None = None

    def __str__(self) -> str:
        how = "linked again with the stored articles" if self.relinked else "links from Spark"
        return (f"loaded: stored {self.stored}, duplicate {self.duplicate}, {self.sightings} sightings; "
                f"{how}: {self.duplicate_pairs} duplicate pairs, {self.merged_events} merged events, "
                f"{self.stories} stories")


def _parquet(folder: Path, name: str) -> str:
    part = folder / name
    if not part.is_dir() or not any(part.glob("*.parquet")):
        raise ConfigError(f"{folder} is not the output of `tidings spark --link`: no {name}/*.parquet in it")
    return "'" + str(part / "*.parquet").replace("'", "''") + "'"


def load_spark(folder: str | os.PathLike, db: str | os.PathLike | None = None) -> LoadSummary:
    """Load a ``tidings spark --link`` output folder into the store at ``db`` (see the module)."""
    from ..link import date_evidence_from_corpus, group_stories
    from .db import connect, default_db
    from .link import link_rows, link_store, load_analyses
    from .queries import load_merged_events
    from .sightings import add_sightings, count_over_sightings, recount
    from .write import _now, _rollback, existing_ids, finish_run, insert_rows, record_rows, start_run

    folder = Path(folder)
    if not folder.is_dir():
        raise ConfigError(f"no such folder: {folder}")
    sources = {name: _parquet(folder, name) for name in
               ("articles", "sightings", "duplicates", "merged_events", "merged_mentions")}
    con = connect(db or default_db(), create=True)
    summary = LoadSummary()
    try:
        had = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        summary.run_id = start_run(con, [str(folder)])
        at = _now()
        con.execute("BEGIN TRANSACTION")
        try:
            reader = con.cursor()  # its own connection: the scan is not cut by the writes below
            cur = reader.execute(f"SELECT * FROM read_parquet({sources['articles']}) ORDER BY id")
            names = [d[0] for d in cur.description]
            while chunk := cur.fetchmany(CHUNK):
                rows = [dict(zip(names, r, strict=True)) for r in chunk]
                known = existing_ids(con, [r["id"] for r in rows])
                new = [r | {"run_id": summary.run_id, "ingested_at": at} for r in rows if r["id"] not in known]
                summary.duplicate += len(rows) - len(new)
                summary.stored += len(new)
                insert_rows(con, "articles", new)
                per_table: dict[str, list] = {}
                for r in new:
                    for table, records in record_rows(Analysis.from_dict(json.loads(r["analysis"]))).items():
                        per_table.setdefault(table, []).extend(records)
                for table, records in per_table.items():
                    insert_rows(con, table, records)
            reader.close()
            seen = con.execute(f"SELECT * FROM read_parquet({sources['sightings']})").fetchall()
            snames = ["article_id", "key", "source", "url", "outlet", "title", "stated_date", "given_id"]
            summary.sightings = add_sightings(con, [dict(zip(snames, r, strict=True))
                                                    | {"run_id": summary.run_id, "seen_at": at} for r in seen])
            con.execute("UPDATE runs SET stored = ?, duplicate = ?, sightings = ? WHERE id = ?",
                        [summary.stored, summary.duplicate, summary.sightings, summary.run_id])
            if not had:
                _take_spark_links(con, sources)
                analyses = load_analyses(con)
                merged = load_merged_events(con)
                pairs = _pairs(con)
                stories = group_stories(analyses, merged, pairs)
                evidence = date_evidence_from_corpus(analyses, merged, pairs)
                rows = link_rows([], [], stories, evidence)
                for table in ("stories", "story_articles", "corpus_date_evidence"):
                    insert_rows(con, table, rows[table])
                count_over_sightings(con)
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
            raise
        if had and summary.stored:
            summary.relinked = True
            link_store(con)
        elif had and summary.sightings:
            recount(con)
        summary.merged_events, summary.duplicate_pairs, summary.stories = con.execute(
            "SELECT (SELECT count(*) FROM merged_events), (SELECT count(*) FROM duplicates), "
            "(SELECT count(*) FROM stories)").fetchone()
        from . import search

        if summary.stored:
            search.rebuild_index(con)
        finish_run(con, summary.run_id)
    finally:
        con.close()
    return summary


def _take_spark_links(con, sources: dict[str, str]) -> None:
    """Spark's duplicates and merged events as the link tables (their ids are ``merge.event_id``'s)."""
    for table in ("duplicates", "merged_events", "merged_mentions", "stories", "story_articles",
                  "corpus_date_evidence"):
        con.execute(f"DELETE FROM {table}")
    for table in ("duplicates", "merged_events", "merged_mentions"):
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet({sources[table]})")


def _pairs(con) -> list:
    from ..link import DuplicatePair
    from ..model import DateEvidence

    out = []
    for a, b, sim, repost, original, copy, stated, contradicted in con.execute(
            "SELECT d.a, d.b, d.similarity, d.repost, d.original, d.copy, o.stated_date, c.dct_contradicted "
            "FROM duplicates d LEFT JOIN articles o ON o.id = d.original LEFT JOIN articles c ON c.id = d.copy "
            "ORDER BY d.similarity DESC, d.a, d.b").fetchall():
        pair = DuplicatePair(a=a, b=b, similarity=sim, repost=bool(repost), original=original, copy=copy)
        if repost and stated:
            pair.evidence.append(DateEvidence(
                kind="repost", detail=(f"the text is a near-identical copy (Jaccard {sim:.2f}) of article "
                                       f"{original}, stated {stated}: the copy describes that date"),
                windows=[[stated, stated]], weight=1.0 if contradicted else 0.8))  # as link.duplicates
        out.append(pair)
    return out
