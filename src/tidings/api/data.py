"""What the API endpoints return, as plain functions of a store connection (no web framework here).

Each function takes a DuckDB connection (or cursor) and the endpoint's parameters and
returns a JSON-ready dict. Filters mean what they mean in ``tidings.store.queries``
(and so in the ``tidings events`` / ``quotes`` commands); a bad value raises a
``TidingsError`` whose code and HTTP status ``tidings.api.errors`` define.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from .. import __version__
from ..errors import ConfigError
from ..store import queries
from ..store.dates import parse_bound
from ..store.schema import current_version
from ..store.sightings import resolve_given_id, sightings_of
from .errors import AmbiguousArticleId, ArticleNotFound

QUADS = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}
# the modalities of events that took place, as the text tells it: the series counts these by default
HAPPENED = ("asserted", "reported")
MAX_LIMIT = 10_000


def records(columns: list[str], rows: list[tuple]) -> list[dict[str, Any]]:
    """Rows as dicts: JSON columns parsed, dates and timestamps as ISO strings."""
    return queries.row_records(columns, rows)


# --- checking parameters ------------------------------------------------------------------------

def modalities() -> tuple[str, ...]:
    from ..events.modality import ORDER

    return ORDER


def event_types() -> list[str]:
    from ..events.ontology import plover_types

    return list(plover_types())


def check_type(value: str | None) -> str | None:
    """An event type filter: a PLOVER type (any case), or None."""
    if value is None or not value.strip():
        return None
    known = event_types()
    if value.strip().upper() not in known:
        raise ConfigError(f"unknown event type {value!r}; use one of {', '.join(known)}")
    return value.strip().upper()


def check_modality(value: str | None) -> str | None:
    """One modality filter value, or None."""
    if value is None or not value.strip():
        return None
    if value.strip().lower() not in modalities():
        raise ConfigError(f"unknown modality {value!r}; use one of {', '.join(modalities())}")
    return value.strip().lower()


def check_modalities(value: str | None, default: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """A comma list of modalities; ``all`` (None returned) keeps every event; empty gives ``default``."""
    if value is None or not value.strip():
        return default
    if value.strip().lower() == "all":
        return None
    return tuple(check_modality(part) for part in value.split(",") if part.strip())


def check_date(value: str | None, name: str) -> str | None:
    """A since/until bound (YYYY, YYYY-MM or YYYY-MM-DD), checked now so the message names it."""
    if value is None or not value.strip():
        return None
    try:
        parse_bound(value, upper=False)
    except ConfigError as exc:
        raise ConfigError(f"{name}: {exc.message}") from exc
    return value.strip()


def check_text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def resolve_article(con, prefix: str) -> str:
    """The one stored article id starting with ``prefix`` (404 when none, 400 when several)."""
    prefix = (prefix or "").strip()
    if not prefix:
        raise ConfigError("an article id (or the start of one) is required")
    ids = [r[0] for r in con.execute(
        "SELECT id FROM articles WHERE starts_with(id, ?) ORDER BY id LIMIT 6", [prefix]).fetchall()]
    if not ids and (given := resolve_given_id(con, prefix)):  # a JSONL line's own id
        return given
    if not ids:
        raise ArticleNotFound(f"no article with an id starting {prefix!r}")
    if len(ids) > 1:
        shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
        raise AmbiguousArticleId(f"{prefix!r} matches several articles ({shown}); give more of the id")
    return ids[0]


# --- articles -----------------------------------------------------------------------------------

# a list of ids passed as one JSON string: binding a Python list is ~40x slower in DuckDB
_IDS = """(SELECT unnest(from_json(?, '["VARCHAR"]')))"""


def _counts(con, ids: list[str]) -> dict[str, dict[str, int]]:
    """Events, quotes and actor mentions per article, for the ids given."""
    counts = {i: {"events": 0, "quotes": 0, "actors": 0} for i in ids}
    if not ids:
        return counts
    for table in ("events", "quotes", "actors"):
        rows = con.execute(
            f"SELECT article_id, count(*) FROM {table} WHERE article_id IN {_IDS} GROUP BY article_id",
            [json.dumps(ids)]).fetchall()
        for article_id, n in rows:
            counts[article_id][table] = n
    return counts


def list_articles(con, *, search: str | None = None, limit: int = 100) -> dict[str, Any]:
    """Stored articles, newest first (best match first with ``search``), with record counts."""
    columns, rows = queries.list_articles(con, search=check_text(search), limit=limit)
    items = records(columns, rows)
    counts = _counts(con, [item["id"] for item in items])
    for item in items:
        item.update(counts[item["id"]])
    total = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    return {"articles": items, "count": len(items), "stored": total}


ARTICLE_FIELDS = ("id, source, url, outlet, title, byline, stated_date, dct_used, dct_source, "
                  "dct_contradicted, language, meta, run_id, ingested_at")


def get_article(con, prefix: str) -> dict[str, Any]:
    """One article: its stored metadata, its sightings (every source its text was read from)
    and its whole analysis (the ``tidings extract`` JSON)."""
    article_id = resolve_article(con, prefix)
    cur = con.execute(f"SELECT {ARTICLE_FIELDS}, analysis FROM articles WHERE id = ?", [article_id])
    columns = [d[0] for d in cur.description]
    row = cur.fetchone()
    article = records(columns[:-1], [row[:-1]])[0]
    return {"article": article, "sightings": records(*sightings_of(con, article_id)),
            "analysis": json.loads(row[-1])}


# --- events and quotes --------------------------------------------------------------------------

def _page(columns: list[str], rows: list[tuple], limit: int, offset: int, key: str) -> dict[str, Any]:
    """One page of rows as records (only the page is converted: stores can be large)."""
    page = records(columns, rows[offset:offset + limit])
    return {key: page, "count": len(page), "total": len(rows), "offset": offset}


def list_events(con, *, actor=None, type=None, since=None, until=None, modality=None, article=None,
                limit: int = 500, offset: int = 0) -> dict[str, Any]:
    """Events matching every filter (``tidings.store.queries.query_events``), ordered by date."""
    columns, rows = queries.query_events(
        con, actor=check_text(actor), type=check_type(type), since=check_date(since, "since"),
        until=check_date(until, "until"), modality=check_modality(modality),
        article=resolve_article(con, article) if check_text(article) else None,
    )
    return _page(columns, rows, limit, offset, "events")


def list_quotes(con, *, speaker=None, actor=None, article=None, limit: int = 500,
                offset: int = 0) -> dict[str, Any]:
    """Quotes matching every filter (``tidings.store.queries.query_quotes``)."""
    columns, rows = queries.query_quotes(
        con, speaker=check_text(speaker), actor=check_text(actor),
        article=resolve_article(con, article) if check_text(article) else None,
    )
    return _page(columns, rows, limit, offset, "quotes")


# --- actors -------------------------------------------------------------------------------------

_ACTORS_SQL = """
WITH mention_rows AS (
    SELECT article_id, code, name, country, sector FROM actors
    WHERE code IS NOT NULL AND code <> '' {article}
),
mentions AS (
    SELECT code, count(*) AS mentions, count(DISTINCT article_id) AS articles,
           any_value(country) AS country, any_value(sector) AS sector
    FROM mention_rows GROUP BY code
),
names AS (
    SELECT code, list(name ORDER BY n DESC, name) AS names
    FROM (SELECT code, name, count(*) AS n FROM mention_rows WHERE name IS NOT NULL GROUP BY code, name)
    GROUP BY code
),
roles AS (
    SELECT article_id, n, unnest(string_split(actor_codes, ' ')) AS code, 'source' AS role
    FROM events WHERE coalesce(actor_codes, '') <> '' {article}
    UNION ALL
    SELECT article_id, n, unnest(string_split(recipient_codes, ' ')) AS code, 'target' AS role
    FROM events WHERE coalesce(recipient_codes, '') <> '' {article}
),
event_counts AS (
    SELECT code,
           count(DISTINCT (article_id, n)) AS events,
           count(DISTINCT CASE WHEN role = 'source' THEN (article_id, n) END) AS as_source,
           count(DISTINCT CASE WHEN role = 'target' THEN (article_id, n) END) AS as_target
    FROM roles WHERE code <> '' GROUP BY code
)
SELECT coalesce(m.code, e.code) AS code, coalesce(m.mentions, 0) AS mentions,
       coalesce(m.articles, 0) AS articles, coalesce(e.events, 0) AS events,
       coalesce(e.as_source, 0) AS as_source, coalesce(e.as_target, 0) AS as_target,
       m.country, m.sector, coalesce(nm.names[:5], []) AS names
FROM mentions m
FULL OUTER JOIN event_counts e ON e.code = m.code
LEFT JOIN names nm ON nm.code = coalesce(m.code, e.code)
"""


def list_actors(con, *, search: str | None = None, article: str | None = None,
                limit: int = 500) -> dict[str, Any]:
    """Actor codes with how often they are mentioned and how many events they take part in.

    ``search`` keeps codes starting with it or codes one of whose names it names (the
    rule of ``matches``). Most events first, then most mentions.
    """
    params: list[Any] = []
    article_sql = ""
    if check_text(article):  # the article filter appears three times in the query
        article_sql = "AND article_id = ?"
        params += [resolve_article(con, article)] * 3
    outer = f"SELECT * FROM ({_ACTORS_SQL.format(article=article_sql)}) WHERE true"
    search = check_text(search)
    if search:  # the same rule as ``matches``: a code-like query matches names only whole
        name_test = "lower(x) = lower(?)" if looks_like_code(search) else "contains(lower(x), lower(?))"
        outer += (" AND (starts_with(upper(code), upper(?)) OR "
                  f"len(list_filter(names, x -> {name_test})) > 0)")
        params += [search, search]
    outer += f" ORDER BY events DESC, mentions DESC, code LIMIT {int(limit)}"
    cur = con.execute(outer, params)
    items = records([d[0] for d in cur.description], cur.fetchall())
    return {"actors": items, "count": len(items)}


# --- timeline and series ------------------------------------------------------------------------

_CODE_LIKE = re.compile(r"[A-Z-]{3,}")


def looks_like_code(query: str) -> bool:
    """An all-capital query of three or more letters (USA, PRKGOV, IGO, ---GOV) means an actor code."""
    return bool(_CODE_LIKE.fullmatch(query.strip()))


def matches(participant: dict[str, Any], query: str) -> bool:
    """Whether an event participant is the actor ``query`` names.

    A code-like query (``USA``, ``PRKGOV``) matches codes starting with it, or a
    name equal to it (``NATO``); any other query (``Kim``, ``north korea``) matches
    a code starting with it or a name containing it, in any case. So ``KOR``
    finds South Korean actors but not "North Korea", and ``RUS`` not "Belarus".
    """
    query = query.strip()
    code = (participant.get("code") or "").upper()
    name = (participant.get("name") or "").lower()
    if code.startswith(query.upper()):
        return True
    if looks_like_code(query):
        return name == query.lower()
    return query.lower() in name


def involvement(event: dict[str, Any], actor: str, other: str | None = None) -> str | None:
    """How ``actor`` (and ``other``) take part in an event, or None when they don't.

    With ``actor`` alone: ``source``, ``target`` or ``both``. With a pair, two
    different participants must match: ``actor->other`` (actor a source, other a
    target), ``other->actor``, or ``joint`` (both on the same side, as in "Trump and
    Kim met").
    """
    parts = [("source", p) for p in event.get("actors") or []]
    parts += [("target", p) for p in event.get("recipients") or []]
    mine = [i for i, (_role, p) in enumerate(parts) if matches(p, actor)]
    if not mine:
        return None
    if other is None:
        roles = {parts[i][0] for i in mine}
        return roles.pop() if len(roles) == 1 else "both"
    theirs = [j for j, (_role, p) in enumerate(parts) if matches(p, other)]
    kinds = set()
    for i in mine:
        for j in theirs:
            if i == j:
                continue
            if parts[i][0] == parts[j][0]:
                kinds.add("joint")
            else:
                kinds.add("actor->other" if parts[i][0] == "source" else "other->actor")
    if not kinds:
        return None
    directed = kinds - {"joint"}
    return directed.pop() if len(directed) == 1 else "joint"


def _matching_events(con, actor: str, other: str | None, *, type=None, since=None, until=None,
                     modalities: tuple[str, ...] | None = None, dated_only: bool = False):
    """Yield ``(row, role, columns)`` for each event ``actor`` (and ``other``) take part in, by date."""
    actor = check_text(actor)
    if not actor:
        raise ConfigError("actor is required: an actor code (USA, PRKGOV) or part of a name")
    other = check_text(other)
    columns, rows = queries.query_events(
        con, actor=actor, type=check_type(type), since=check_date(since, "since"),
        until=check_date(until, "until"),
    )
    at = {name: i for i, name in enumerate(columns)}
    for row in rows:  # only the participants are read here; callers build what they need
        if dated_only and row[at["date_start"]] is None:
            continue
        if modalities is not None and row[at["modality"]] not in modalities:
            continue
        event = {"actors": json.loads(row[at["actors"]] or "[]"),
                 "recipients": json.loads(row[at["recipients"]] or "[]")}
        role = involvement(event, actor, other)
        if role is not None:
            yield row, role, columns


def _titles(con, ids: list[str]) -> dict[str, tuple]:
    rows = con.execute(f"SELECT id, title, dct_used FROM articles WHERE id IN {_IDS}", [json.dumps(ids)]).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def timeline(con, *, actor: str, other: str | None = None, type=None, since=None, until=None,
             modality: str | None = None, undated: bool = False, limit: int = 1000) -> dict[str, Any]:
    """Events of an actor, or between two actors, in date order, with sentence and article.

    Events without a calendar date are left out unless ``undated`` (they then come last).
    """
    events = []
    for row, role, columns in _matching_events(con, actor, other, type=type, since=since, until=until,
                                               modalities=check_modalities(modality, None),
                                               dated_only=not undated):
        if len(events) >= limit:
            break
        events.append({**records(columns, [row])[0], "role": role})
    titles = _titles(con, sorted({e["article_id"] for e in events}))
    for event in events:
        event["title"], event["article_date"] = titles.get(event["article_id"], (None, None))
    return {"actor": actor.strip(), "other": check_text(other), "events": events, "count": len(events)}


PERIODS = ("month", "quarter", "year")


def _period(day: dt.date, by: str) -> str:
    if by == "year":
        return f"{day.year:04d}"
    if by == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}-{day.month:02d}"


def _periods_between(first: str, last: str, by: str) -> list[str]:
    """Every period label from ``first`` to ``last``, inclusive, in order."""
    year = int(first[:4])
    step = {"year": 12, "quarter": 3, "month": 1}[by]
    month = 1 if by == "year" else (3 * (int(first[6]) - 1) + 1 if by == "quarter" else int(first[5:7]))
    out = []
    while True:
        label = _period(dt.date(year, month, 1), by)
        out.append(label)
        if label >= last:
            return out
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1


def series(con, *, actor: str, other: str | None = None, type=None, since=None, until=None,
           modality: str | None = None, by: str = "month") -> dict[str, Any]:
    """Per month (or quarter, or year): event counts per QuadClass and the mean Goldstein score.

    For an actor, or a pair (the events of ``timeline``, whatever the direction). An event
    counts in the period its date falls in; one dated more loosely than the period ("2018"
    by month, "summer 2017" by quarter) or not at all is left out and counted in
    ``left_out``. By default only events that took place (asserted, reported) count;
    ``modality`` takes a comma list or ``all``. Periods between the first and the last with
    no event are listed with zero counts, so the series has no gaps.
    """
    if by not in PERIODS:
        raise ConfigError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    chosen = check_modalities(modality, HAPPENED)
    by_period: dict[str, list[tuple[int | None, float | None]]] = {}
    left_out = {"undated": 0, "vaguer_than_the_period": 0}
    at: dict[str, int] = {}
    for row, _role, columns in _matching_events(con, actor, other, type=type, since=since, until=until,
                                                modalities=chosen):
        at = at or {name: i for i, name in enumerate(columns)}
        start, end = row[at["date_start"]], row[at["date_end"]]
        if start is None:
            left_out["undated"] += 1
        elif _period(start, by) != _period(end, by):
            left_out["vaguer_than_the_period"] += 1
        else:
            by_period.setdefault(_period(start, by), []).append((row[at["quad"]], row[at["goldstein"]]))
    periods = []
    if by_period:
        for label in _periods_between(min(by_period), max(by_period), by):
            scored = by_period.get(label, [])  # (quad, goldstein) per event
            entry: dict[str, Any] = {"period": label, "events": len(scored)}
            for quad, name in QUADS.items():
                entry[name] = sum(1 for q, _ in scored if q == quad)
            scores = [g for _, g in scored if g is not None]
            entry["goldstein_mean"] = round(sum(scores) / len(scores), 3) if scores else None
            periods.append(entry)
    return {
        "actor": actor.strip(), "other": check_text(other), "by": by,
        "modalities": list(chosen) if chosen is not None else "all",
        "periods": periods, "left_out": left_out,
    }


def vocabulary() -> dict[str, Any]:
    """The values the filters take, for forms: event types, modalities, QuadClasses."""
    return {"event_types": event_types(), "modalities": list(modalities()),
            "quad_classes": {str(k): v.replace("_", " ") for k, v in QUADS.items()}}


# --- health -------------------------------------------------------------------------------------

def health(con, db: str) -> dict[str, Any]:
    """The server is up and the store readable: version, schema and row counts."""
    counts = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("articles", "events", "quotes", "actors")}
    return {"status": "ok", "version": __version__, "db": str(db),
            "schema_version": current_version(con), **counts}
