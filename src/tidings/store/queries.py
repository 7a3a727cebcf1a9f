"""Read-side queries of the store: articles, one article, events, quotes, ingest errors, timelines, series."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb

from ..errors import ConfigError, StoreError
from .dates import parse_bound

Rows = tuple[list[str], list[tuple]]


# columns the store keeps as JSON text: parsed back into lists/objects for JSON output
JSON_COLUMNS = frozenset({"actors", "recipients", "meta", "inputs", "mentions"})


def plain(value: Any) -> Any:
    """A cell value for JSON/CSV: dates and timestamps as ISO strings, the rest as is."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def row_records(columns: list[str], rows: list[tuple]) -> list[dict[str, Any]]:
    """Rows as dicts: JSON columns parsed, dates and timestamps as ISO strings."""
    out = []
    for row in rows:
        record = {}
        for name, value in zip(columns, row, strict=True):
            if name in JSON_COLUMNS and isinstance(value, str):
                value = json.loads(value)
            record[name] = plain(value)
        out.append(record)
    return out


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Rows:
    cur = con.execute(sql, params or [])
    return [d[0] for d in cur.description], cur.fetchall()


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_articles(con: duckdb.DuckDBPyConnection, *, search: str | None = None,
                  limit: int | None = None) -> Rows:
    """Stored articles (id, outlet, date used, title), newest date first.

    ``search`` keeps the articles matching it, best match first, by the rules of
    ``tidings.store.search`` (every word but stop words, stemmed; quoted phrases and
    hyphenated names as written; BM25 when the full-text index is current, else a
    case-insensitive match of each word), with a ``snippet`` column: the passage around
    the first match.
    """
    from . import search as fts

    tail = f" LIMIT {int(limit)}" if limit else ""
    columns = "a.id, a.outlet, a.dct_used AS date, a.title"
    query = fts.parse_query(search) if search and search.strip() else None
    if query is None:
        return _fetch(con, f"SELECT {columns} FROM articles a ORDER BY a.dct_used DESC NULLS LAST, a.id" + tail)
    if query.empty:
        return ["id", "outlet", "date", "title", "snippet"], []
    matches, params = fts.matches_sql(con, query)
    names, rows = _fetch(
        con,
        f"SELECT {columns}, a.text FROM articles a JOIN ({matches}) m ON m.id = a.id "
        "ORDER BY m.score DESC, a.dct_used DESC NULLS LAST, a.id" + tail,
        params,
    )
    stop = fts.stopwords(con)
    return names[:-1] + ["snippet"], [(*r[:-1], fts.snippet(r[-1], query, stop, width=120)["text"]) for r in rows]


def resolve_article_id(con: duckdb.DuckDBPyConnection, prefix: str) -> str:
    """The one stored id starting with ``prefix``; a StoreError if none or several."""
    prefix = prefix.strip()
    if not prefix:
        raise StoreError("an article id (or the start of one) is required")
    ids = [r[0] for r in con.execute(
        "SELECT id FROM articles WHERE starts_with(id, ?) ORDER BY id LIMIT 6", [prefix]).fetchall()]
    if not ids:
        raise StoreError(f"no article with an id starting {prefix!r}; `tidings articles` lists them")
    if len(ids) > 1:
        shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
        raise StoreError(f"{prefix!r} matches several articles ({shown}); give more of the id")
    return ids[0]


def get_article(con: duckdb.DuckDBPyConnection, prefix: str) -> dict[str, Any]:
    """One article's row (without the Analysis JSON), found by id or id prefix."""
    article_id = resolve_article_id(con, prefix)
    columns, rows = _fetch(con, "SELECT * EXCLUDE (analysis) FROM articles WHERE id = ?", [article_id])
    return dict(zip(columns, rows[0], strict=True))


def _article_filter(con, article: str | None, where: list[str], params: list[Any]) -> None:
    if article:
        where.append("article_id = ?")
        params.append(resolve_article_id(con, article))


def query_events(con: duckdb.DuckDBPyConnection, *, actor: str | None = None, type: str | None = None,
                 since: str | None = None, until: str | None = None, modality: str | None = None,
                 article: str | None = None) -> Rows:
    """Events matching every filter given, ordered by date.

    ``actor`` matches a source or target whose code starts with it (``USA``
    matches ``USAGOV``) or whose name contains it (case-insensitive).
    ``since``/``until`` (YYYY, YYYY-MM or YYYY-MM-DD) keep events whose date
    can fall in that period: an event dated ``2017-06`` matches ``--since
    2017-06-15``; events without a calendar date are left out.
    """
    where: list[str] = []
    params: list[Any] = []
    if actor:
        where.append(
            "((' ' || upper(coalesce(actor_codes, '')) || ' ' || upper(coalesce(recipient_codes, ''))) "
            "LIKE ? ESCAPE '\\' OR "
            "(coalesce(actor_names, '') || ' | ' || coalesce(recipient_names, '')) ILIKE ? ESCAPE '\\')"
        )
        value = _like_escape(actor.strip())
        params += [f"% {value.upper()}%", f"%{value}%"]
    if type:
        where.append("upper(type) = upper(?)")
        params.append(type.strip())
    if modality:
        where.append("lower(modality) = lower(?)")
        params.append(modality.strip())
    if since:
        where.append("date_end >= ?")
        params.append(parse_bound(since, upper=False))
    if until:
        where.append("date_start <= ?")
        params.append(parse_bound(until, upper=True))
    _article_filter(con, article, where, params)
    sql = (
        "SELECT article_id, n, date, type, mode, cameo, quad, goldstein, modality, "
        "actor_codes, recipient_codes, actor_names, recipient_names, "
        "place_name, place_country, place_lat, place_lon, "
        "trigger_start, trigger_end, trigger_text, sentence_start, sentence_end, sentence_text, "
        "date_source, date_start, date_end, confidence, actors, recipients FROM events"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY date_start NULLS LAST, article_id, n"
    )
    return _fetch(con, sql, params)


def query_quotes(con: duckdb.DuckDBPyConnection, *, speaker: str | None = None, actor: str | None = None,
                 article: str | None = None) -> Rows:
    """Quotes matching every filter given.

    ``speaker`` matches the speaker's name or the words naming them
    (case-insensitive substring); ``actor`` matches a speaker code prefix.
    """
    where: list[str] = []
    params: list[Any] = []
    if speaker:
        where.append("(speaker_name ILIKE ? ESCAPE '\\' OR speaker_text ILIKE ? ESCAPE '\\')")
        params += [f"%{_like_escape(speaker.strip())}%"] * 2
    if actor:
        where.append("starts_with(upper(speaker_code), upper(?))")
        params.append(actor.strip())
    _article_filter(con, article, where, params)
    sql = (
        "SELECT article_id, n, speaker_name, speaker_code, direct, text, start_char, end_char, "
        "speaker_text, speaker_start, speaker_end, cue_text, cue_start, cue_end, confidence FROM quotes"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY article_id, start_char"
    )
    return _fetch(con, sql, params)


def list_errors(con: duckdb.DuckDBPyConnection, *, run: int | None = None) -> Rows:
    """Recorded ingest errors, oldest first (only run ``run`` if given)."""
    sql = "SELECT run_id, source, code, reason, failed_at FROM ingest_errors"
    params: list[Any] = []
    if run is not None:
        sql += " WHERE run_id = ?"
        params.append(run)
    return _fetch(con, sql + " ORDER BY failed_at, run_id", params)


def iter_analyses(con: duckdb.DuckDBPyConnection, batch: int = 256):
    """Each stored Analysis as a dict, in id order (the JSONL export)."""
    cur = con.execute("SELECT analysis FROM articles ORDER BY id")
    while rows := cur.fetchmany(batch):
        for (analysis,) in rows:
            yield json.loads(analysis)


def load_merged_events(con: duckdb.DuckDBPyConnection) -> list:
    """The stored merged events (``tidings link``) as ``tidings.link.MergedEvent`` with their mentions."""
    from ..link import Mention, MergedEvent
    from ..model import Span

    mentions: dict[str, list] = {}
    for row in con.execute(
            "SELECT merged_id, article_id, event_n, sentence_start, sentence_end, sentence_text, "
            "trigger_start, trigger_end, trigger_text, date, modality, dated_by_article, outlet "
            "FROM merged_mentions ORDER BY merged_id, article_id, event_n").fetchall():
        mentions.setdefault(row[0], []).append(Mention(
            article_id=row[1], event_index=row[2], sentence=Span(row[3], row[4], row[5]),
            trigger=Span(row[6], row[7], row[8]), date=row[9], modality=row[10],
            dated_by_article=bool(row[11]), outlet=row[12]))
    out = []
    for row in con.execute(
            "SELECT id, type, cameo, quad, goldstein, date, actors, recipients, countries, place, "
            "place_country, modalities FROM merged_events ORDER BY id").fetchall():
        out.append(MergedEvent(
            id=row[0], type=row[1], cameo=row[2], quad=row[3], goldstein=row[4], date=row[5],
            actors=(row[6] or "").split(), recipients=(row[7] or "").split(),
            countries=(row[8] or "").split(), place=row[9], place_country=row[10],
            modalities=(row[11] or "").split(), mentions=mentions.get(row[0], [])))
    return out


def story_articles(con: duckdb.DuckDBPyConnection, story: str) -> list[str]:
    """The article ids of a stored story (``S00001``); an unknown story is a ``ConfigError``."""
    rows = con.execute("SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id",
                       [story]).fetchall()
    if not rows:
        raise ConfigError(f"no story {story!r} in the store (run `tidings link --db ...` first)")
    return [r[0] for r in rows]


TIMELINE_COLUMNS = ["id", "date", "type", "cameo", "quad", "goldstein", "sources", "targets", "place",
                    "modalities", "articles", "outlets", "mentions"]


def timeline_rows(con: duckdb.DuckDBPyConnection, *, actor: str | None = None, other: str | None = None,
                  story: str | None = None) -> Rows:
    """Merged events involving ``actor`` (and ``other``), within ``story``, in date order.

    ``mentions`` is a JSON list of ``{article_id, outlet, sentence, trigger, date, modality}``.
    """
    from ..link import timeline

    articles = story_articles(con, story) if story else None
    events = timeline(load_merged_events(con), actor=actor, other=other, story=articles)
    rows = []
    for e in events:
        mentions = [{"article_id": m.article_id, "outlet": m.outlet, "sentence": m.sentence.text,
                     "trigger": m.trigger.text, "date": m.date, "modality": m.modality} for m in e.mentions]
        rows.append((e.id, e.date, e.type, e.cameo, e.quad, e.goldstein, " ".join(e.actors),
                     " ".join(e.recipients), e.place, " ".join(e.modalities), len(e.articles),
                     " | ".join(e.outlets), json.dumps(mentions, ensure_ascii=False)))
    return TIMELINE_COLUMNS, rows


SERIES_COLUMNS = ["period", "events", "quad1", "quad2", "quad3", "quad4", "goldstein"]


def series_rows(con: duckdb.DuckDBPyConnection, a: str, b: str, *, freq: str = "month",
                directed: bool = False) -> Rows:
    """Per-period QuadClass counts and mean Goldstein of the merged events between ``a`` and ``b``."""
    from ..link import series

    result = series(load_merged_events(con), a, b, freq=freq, directed=directed)
    return SERIES_COLUMNS, [tuple(r[c] for c in SERIES_COLUMNS) for r in result]
