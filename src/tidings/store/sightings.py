"""Sightings: every source an article was read from (path or URL, outlet, title, stated date, run).

An article is its clean text: its id is the hash of that text (``model.content_id``), so the
same wire story read from five files or outlets is analysed and stored once. Each source it
came from is kept as a *sighting* of it, one row of ``sightings``, identified by its ``key``:
the URL when there is one, else the input's own id (a JSONL line's ``"id"``, as ``id:X``),
else the path (``PATH`` or ``PATH:LINE``). Reading the same source again adds nothing.

The counts of the link layer (``merged_events.n_articles`` / ``n_outlets``, ``stories``
likewise) are taken over sightings by ``count_over_sightings``: a story published by five
outlets counts five articles and five outlets, as GDELT's NumArticles / NumSources do.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from collections.abc import Iterable
from typing import Any

import duckdb

from ..model import Article, content_id

log = logging.getLogger(__name__)

GIVEN_ID = "given_id"  # Article.meta key holding the input's own id once the article is re-keyed
COLUMNS = ("article_id", "key", "source", "url", "outlet", "title", "stated_date", "given_id",
           "run_id", "seen_at")


def own_id(article: Article) -> Article:
    """Give ``article`` its content id; an id the input gave it (JSONL ``"id"``) moves to its meta.

    The store keys articles by their text, so the same text under two ids is one article
    with two sightings, and a stored article can always be re-analysed under its id.
    """
    text_id = content_id(article.text)
    if article.id != text_id:
        if article.id:
            article.meta.setdefault(GIVEN_ID, article.id)
        article.id = text_id
    return article


def sighting_key(article: Article) -> str:
    """What identifies the source: the URL, else the input's own id, else the path, else the id."""
    from .write import printable

    given = article.meta.get(GIVEN_ID)
    if article.url:
        return article.url
    if given:
        return f"id:{given}"
    if article.source:
        return printable(_absolute(article.source))
    return f"article:{article.id}"


_PART = re.compile(r"^(.*?)([:#]\d+)$")  # PATH:LINE (JSONL), PATH#N (feed entry, WARC record)


def _absolute(source: str) -> str:
    """A local path source as an absolute path, so ``a.txt`` and ``/data/a.txt`` are one source."""
    if "://" in source:
        return source
    for path, part in ((source, ""), *([_PART.match(source).groups()] if _PART.match(source) else [])):
        try:
            if os.path.isfile(path):
                return os.path.abspath(path) + part
        except (OSError, ValueError):  # a name the file system can't take
            return source
    return source


def sighting_row(article: Article, run_id: int | None, at: dt.datetime) -> dict[str, Any]:
    from .write import printable

    return {"article_id": article.id, "key": sighting_key(article), "source": printable(article.source),
            "url": article.url, "outlet": article.outlet, "title": article.title,
            "stated_date": article.stated_date, "given_id": article.meta.get(GIVEN_ID),
            "run_id": run_id, "seen_at": at}


def add_sightings(con: duckdb.DuckDBPyConnection, rows: Iterable[dict[str, Any]]) -> int:
    """Insert the sightings of stored articles that are new (by article and key); return how many.

    Call inside the batch's transaction, after its articles are written: a sighting of an
    article that is not stored (its analysis failed) is dropped.
    """
    from .write import existing_ids, insert_rows

    unique: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        unique.setdefault((row["article_id"], row["key"]), row)
    if not unique:
        return 0
    stored = existing_ids(con, sorted({a for a, _ in unique}))
    known = set(con.execute(
        "SELECT article_id, key FROM sightings WHERE list_contains(?, article_id)",
        [sorted(stored)]).fetchall()) if stored else set()
    new = [r for k, r in unique.items() if k[0] in stored and k not in known]
    insert_rows(con, "sightings", new)
    return len(new)


# one sighting counts once; an article without any (never, after migration 4) counts as one
_MERGED_COUNTS = """
UPDATE merged_events SET n_articles = c.n_articles, n_outlets = c.n_outlets
FROM (
    SELECT mm.merged_id,
           count(DISTINCT (mm.article_id, coalesce(s.key, ''))) AS n_articles,
           count(DISTINCT coalesce(s.outlet, a.outlet)) AS n_outlets
    FROM (SELECT DISTINCT merged_id, article_id FROM merged_mentions) mm
    JOIN articles a ON a.id = mm.article_id
    LEFT JOIN sightings s ON s.article_id = mm.article_id
    GROUP BY mm.merged_id
) c
WHERE merged_events.id = c.merged_id
"""
_STORY_COUNTS = """
UPDATE stories SET n_articles = c.n_articles, n_outlets = c.n_outlets
FROM (
    SELECT sa.story_id,
           count(DISTINCT (sa.article_id, coalesce(s.key, ''))) AS n_articles,
           count(DISTINCT coalesce(s.outlet, a.outlet)) AS n_outlets
    FROM story_articles sa
    JOIN articles a ON a.id = sa.article_id
    LEFT JOIN sightings s ON s.article_id = sa.article_id
    GROUP BY sa.story_id
) c
WHERE stories.id = c.story_id
"""


def count_over_sightings(con: duckdb.DuckDBPyConnection) -> None:
    """Set the article and outlet counts of merged events and stories from the sightings.

    The one place the link layer's counts come from; call it (in the transaction that
    wrote them) after the link tables, and after an ingest that added sightings only.
    """
    con.execute(_MERGED_COUNTS)
    con.execute(_STORY_COUNTS)


def recount(con: duckdb.DuckDBPyConnection) -> None:
    """``count_over_sightings`` in its own transaction."""
    from .write import _rollback

    con.execute("BEGIN TRANSACTION")
    try:
        count_over_sightings(con)
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise


def sightings_of(con: duckdb.DuckDBPyConnection, article_id: str) -> tuple[list[str], list[tuple]]:
    """(columns, rows) of one article's sightings, first seen first."""
    cur = con.execute(
        "SELECT key, source, url, outlet, title, stated_date, given_id, run_id, seen_at FROM sightings "
        "WHERE article_id = ? ORDER BY seen_at, run_id, key", [article_id])
    return [d[0] for d in cur.description], cur.fetchall()


def merged_sightings(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, list[str]]]:
    """Per merged event: (articles counted over sightings, its outlets over sightings, sorted)."""
    rows = con.execute("""
        SELECT mm.merged_id, count(DISTINCT (mm.article_id, coalesce(s.key, ''))),
               list_sort(list_distinct(list(coalesce(s.outlet, a.outlet))))
        FROM (SELECT DISTINCT merged_id, article_id FROM merged_mentions) mm
        JOIN articles a ON a.id = mm.article_id
        LEFT JOIN sightings s ON s.article_id = mm.article_id
        GROUP BY mm.merged_id""").fetchall()
    return {r[0]: (r[1], [o for o in r[2] if o]) for r in rows}


def resolve_given_id(con: duckdb.DuckDBPyConnection, value: str) -> str | None:
    """The article a source's own id (JSONL ``"id"``) was stored as, when exactly one."""
    rows = con.execute("SELECT DISTINCT article_id FROM sightings WHERE given_id = ? LIMIT 2",
                       [value.strip()]).fetchall()
    return rows[0][0] if len(rows) == 1 else None


# --------------------------------------------------------------------------- migration 4


def backfill(con: duckdb.DuckDBPyConnection) -> None:
    """Migration 4: one sighting per stored article; articles stored under an input's own id re-keyed.

    Before v4 a JSONL line's ``"id"`` became the article id, so such an article could not be
    re-dated (its text no longer gave its id) and the same text under two ids was stored
    twice. Each one now gets its content id (every record row follows) and keeps the old id
    as its sighting's ``given_id``; a second copy of a text already stored is folded into the
    first as one more sighting. The link tables are emptied when ids changed: the next
    ``tidings link`` (or ingest) fills them again.
    """
    from .write import RECORD_TABLES, _now

    at = _now()
    rows = con.execute("SELECT id, text, source, url, outlet, title, stated_date, run_id, ingested_at "
                       "FROM articles ORDER BY ingested_at, id").fetchall()
    ids = {r[0] for r in rows}
    sightings: dict[tuple[str, str], dict[str, Any]] = {}
    moved = 0
    for old, text, source, url, outlet, title, stated, run_id, ingested in rows:
        new = content_id(text)
        given = old if new != old else None
        if given:
            moved += 1
            if new in ids:  # the same text is stored already: this copy becomes a sighting of it
                for table in ("articles", *RECORD_TABLES):
                    con.execute(f"DELETE FROM {table} WHERE {'id' if table == 'articles' else 'article_id'} = ?",
                                [old])
            else:
                analysis = json.loads(con.execute("SELECT analysis FROM articles WHERE id = ?",
                                                  [old]).fetchone()[0])
                analysis["id"] = new
                con.execute("UPDATE articles SET id = ?, analysis = ? WHERE id = ?",
                            [new, json.dumps(analysis, ensure_ascii=False), old])
                for table in RECORD_TABLES:
                    con.execute(f"UPDATE {table} SET article_id = ? WHERE article_id = ?", [new, old])
                ids.add(new)
        key = url or (f"id:{given}" if given else None) or source or f"article:{new}"
        sightings.setdefault((new, key), {
            "article_id": new, "key": key, "source": source, "url": url, "outlet": outlet, "title": title,
            "stated_date": stated, "given_id": given, "run_id": run_id, "seen_at": ingested or at})
    from .write import insert_rows

    insert_rows(con, "sightings", list(sightings.values()))
    if moved:
        log.warning("migration 4 re-keyed %d article(s) stored under an input's own id; "
                    "the link tables are emptied: run `tidings link`", moved)
        for table in ("duplicates", "merged_events", "merged_mentions", "stories", "story_articles",
                      "corpus_date_evidence"):
            con.execute(f"DELETE FROM {table}")
