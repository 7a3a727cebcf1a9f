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
from . import lists
from .errors import ActorNotFound, AmbiguousArticleId, ArticleNotFound

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

def _sql_list(values) -> str:
    """A SQL literal list of strings (ids come from the store, but are quoted all the same)."""
    return "(" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + ")" if values else "(NULL)"


def article_facts(con, ids) -> dict[str, tuple]:
    """(outlet, title, date used) of the articles ``ids``."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = con.execute(f"SELECT id, outlet, title, dct_used FROM articles WHERE id IN {_sql_list(ids)}").fetchall()
    return {r[0]: r[1:] for r in rows}


def record_counts(con) -> dict[str, tuple[int, int, int]]:
    """(events, quotes, actor mentions) per article id, computed once (the store does not change while served)."""
    def compute():
        counts: dict[str, list[int]] = {}
        for i, table in enumerate(("events", "quotes", "actors")):
            for article_id, n in con.execute(f"SELECT article_id, count(*) FROM {table} GROUP BY article_id").fetchall():
                counts.setdefault(article_id, [0, 0, 0])[i] = n
        return {k: tuple(v) for k, v in counts.items()}

    return lists.cached(con, ("record_counts",), compute)


def date_bounds(since, until) -> tuple[str | None, str | None]:
    """since/until as ISO day strings (first and last day they cover), for columns holding dates as text."""
    lo = parse_bound(check_date(since, "since"), upper=False).isoformat() if check_text(since) else None
    hi = parse_bound(check_date(until, "until"), upper=True).isoformat() if check_text(until) else None
    return lo, hi


def check_month(value: str | None) -> tuple[dt.date, dt.date] | None:
    """A month filter ``YYYY-MM`` (the value of a month facet) as its first and last day."""
    value = check_text(value)
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}", value):
        raise ConfigError(f"month: {value!r} is not YYYY-MM")
    return parse_bound(value, upper=False), parse_bound(value, upper=True)


ARTICLE_SORTS = {
    "date": lists.Sort(("a.dct_used", "a.id"), ("text", "text")),
    "title": lists.Sort(("a.title", "a.id"), ("text", "text")),
    "outlet": lists.Sort(("a.outlet", "a.dct_used", "a.id"), ("text", "text", "text")),
}


def list_articles(con, *, search: str | None = None, outlet=None, since=None, until=None, month=None,
                  story=None, limit: int = 100, offset: int = 0, cursor=None, sort=None,
                  facets=None) -> dict[str, Any]:
    """Stored articles, newest first (best match first with ``search``), with record counts and snippets."""
    from ..store import search as fts

    query = lists.ListQuery(
        name="articles", source="articles a", select="a.id, a.outlet, a.dct_used AS date, a.title",
        sorts=dict(ARTICLE_SORTS), default_sort="-date",
        facets={"outlet": "a.outlet", "month": "substr(a.dct_used, 1, 7)", "language": "a.language"},
    )
    parsed = fts.parse_query(search) if check_text(search) else None
    if parsed is not None and not parsed.empty:
        matches, params = fts.matches_sql(con, parsed)
        table = lists.aggregate_query(con, matches, params)  # matched once; pages and counts read it
        query.source = f"articles a JOIN {table} m ON m.id = a.id"
        query.source_params = [] if table.startswith(lists.AGG + ".") else params
        query.select += ", m.score, a.text AS _text"
        query.sorts["relevance"] = lists.Sort(("m.score", "a.id"), ("num", "text"))
        query.default_sort = "-relevance"
    elif parsed is not None:
        query.add("false")  # nothing searchable in the query (only punctuation)
    if check_text(outlet):
        query.add("a.outlet = ?", outlet.strip())
    _article_date_filters(query, since, until, month)
    if check_text(story):
        query.add("a.id IN (SELECT article_id FROM story_articles WHERE story_id = ?)", story.strip())
    stop = fts.stopwords(con) if parsed is not None else frozenset()

    def convert(columns, rows):
        items = records(columns, rows)
        counts = record_counts(con)
        for item in items:
            item["events"], item["quotes"], item["actors"] = counts.get(item["id"], (0, 0, 0))
            if "_text" in item:
                text = item.pop("_text")
                item["snippet"] = fts.snippet(text, parsed, stop)
                item["title_highlights"] = fts.snippet(item["title"] or "", parsed, stop, width=10_000)["highlights"]
                item["score"] = round(item["score"], 4) if item.get("score") is not None else None
        return items

    result = lists.page(con, query, limit=limit, offset=offset, cursor=cursor, sort=sort, facets=facets,
                        convert=convert)
    result["stored"] = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    if parsed is not None:
        result["search"] = {"words": parsed.words, "phrases": parsed.phrases,
                            "ignored": [w for w in parsed.words if w in stop]}
    return result


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

EVENT_COLUMNS = ("e.article_id, e.n, e.date, e.type, e.mode, e.cameo, e.quad, e.goldstein, e.modality, "
                 "e.actor_codes, e.recipient_codes, e.actor_names, e.recipient_names, "
                 "e.place_name, e.place_country, e.place_lat, e.place_lon, "
                 "e.trigger_start, e.trigger_end, e.trigger_text, e.sentence_start, e.sentence_end, e.sentence_text, "
                 "e.date_source, e.date_start, e.date_end, e.confidence, e.actors, e.recipients")

_MERGED_JOIN = ("events e LEFT JOIN merged_mentions mm ON mm.article_id = e.article_id AND mm.event_n = e.n "
                "LEFT JOIN merged_events me ON me.id = mm.merged_id")

EVENT_SORTS = {
    "date": lists.Sort(("e.date_start", "e.article_id", "e.n"), ("date", "text", "num")),
    "goldstein": lists.Sort(("e.goldstein", "e.article_id", "e.n"), ("num", "text", "num")),
    "articles": lists.Sort(("me.n_articles", "e.article_id", "e.n"), ("num", "text", "num"),
                           source=_MERGED_JOIN, extra_select="mm.merged_id, me.n_articles"),
}

EVENT_FACETS = {"type": "e.type", "modality": "e.modality", "country": "e.place_country",
                "outlet": "a.outlet", "month": "strftime(e.date_start, '%Y-%m')", "quad": "e.quad"}


def _actor_condition(actor: str, strict: bool) -> tuple[str, list[Any]]:
    """SQL keeping events in which a participant is ``actor``.

    Loose (``/api/events``, ``tidings events``): a code starting with it or a name containing
    it. Strict (timeline, series: the rule of ``matches``): a code-like value matches codes
    starting with it or a whole name, any other value a code prefix or part of a name.
    """
    value = actor.strip()
    code = value.upper()
    pattern = "%" + value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    # column by column, no concatenation: several times faster on a large table (codes are stored upper case)
    parts, params = [], []
    for column in ("e.actor_codes", "e.recipient_codes"):
        parts.append(f"starts_with({column}, ?) OR contains({column}, ?)")
        params += [code, " " + code]
    for column in ("e.actor_names", "e.recipient_names"):
        if strict and looks_like_code(value):  # a whole name only: "NATO", not "NATO ally"
            parts.append(f"({column} ILIKE ? ESCAPE '\\' AND list_contains(string_split(lower({column}), ' | '), ?))")
            params += [pattern, value.lower()]
        else:
            parts.append(f"{column} ILIKE ? ESCAPE '\\'")
            params.append(pattern)
    return "(" + " OR ".join(parts) + ")", params


def event_query(con, *, actor=None, type=None, since=None, until=None, modality=None, article=None,
                country=None, outlet=None, story=None, month=None, quad=None, strict_actor: str | None = None,
                other: str | None = None, name: str = "events") -> lists.ListQuery:
    """The events matching every filter, as a list (``tidings.api.lists``)."""
    query = lists.ListQuery(name=name, source="events e", select=EVENT_COLUMNS, sorts=EVENT_SORTS,
                            default_sort="date", facets=EVENT_FACETS,
                            facet_source={"outlet": "events e JOIN articles a ON a.id = e.article_id"})
    if check_text(actor):
        query.add(*_sql_params(_actor_condition(actor, strict=False)))
    for value in (strict_actor, other):
        if check_text(value):
            query.add(*_sql_params(_actor_condition(value, strict=True)))
    if check_type(type):
        query.add("e.type = ?", check_type(type))
    if check_modality(modality):
        query.add("e.modality = ?", check_modality(modality))
    if check_text(since):
        query.add("e.date_end >= ?", parse_bound(check_date(since, "since"), upper=False))
    if check_text(until):
        query.add("e.date_start <= ?", parse_bound(check_date(until, "until"), upper=True))
    if check_month(month):
        lo, hi = check_month(month)
        query.add("e.date_start >= ? AND e.date_start <= ?", lo, hi)
    if check_text(article):
        query.add("e.article_id = ?", resolve_article(con, article))
    if check_text(country):
        query.add("e.place_country = ?", country.strip().upper())
    if check_text(outlet):
        query.add("e.article_id IN (SELECT id FROM articles WHERE outlet = ?)", outlet.strip())
    if check_text(story):
        query.add("e.article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)", story.strip())
    if quad is not None:
        if quad not in QUADS:
            raise ConfigError(f"quad: {quad} is not a QuadClass (1-4)")
        query.add("e.quad = ?", quad)
    return query


def _sql_params(pair: tuple[str, list[Any]]) -> tuple:
    return (pair[0], *pair[1])


def with_articles(con, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each item with its article's ``outlet``, ``title`` and ``article_date``."""
    facts = article_facts(con, [i["article_id"] for i in items])
    for item in items:
        item["outlet"], item["title"], item["article_date"] = facts.get(item["article_id"], (None, None, None))
    return items


def list_events(con, *, limit: int = 500, offset: int = 0, cursor=None, sort=None, facets=None,
                **filters) -> dict[str, Any]:
    """Events matching every filter (``event_query``), in the order asked for (date by default)."""
    query = event_query(con, **filters)
    return lists.page(con, query, limit=limit, offset=offset, cursor=cursor, sort=sort, facets=facets,
                      convert=lambda c, r: with_articles(con, records(c, r)))


QUOTE_COLUMNS = ("q.article_id, q.n, q.speaker_name, q.speaker_code, q.direct, q.text, q.start_char, q.end_char, "
                 "q.speaker_text, q.speaker_start, q.speaker_end, q.cue_text, q.cue_start, q.cue_end, q.confidence, "
                 "a.outlet, a.title, a.dct_used AS article_date")
QUOTE_SORTS = {
    "date": lists.Sort(("a.dct_used", "q.article_id", "q.n"), ("text", "text", "num")),
    "speaker": lists.Sort(("q.speaker_name", "q.article_id", "q.n"), ("text", "text", "num")),
}
QUOTE_FACETS = {"speaker": "q.speaker_name", "country": "substr(q.speaker_code, 1, 3)", "outlet": "a.outlet",
                "month": "substr(a.dct_used, 1, 7)", "direct": "q.direct"}


def quote_filters(query: lists.ListQuery, con, *, speaker=None, actor=None, article=None, outlet=None,
                  story=None, country=None, since=None, until=None, month=None, direct=None) -> None:
    if check_text(speaker):
        query.add("(contains(lower(q.speaker_name), ?) OR contains(lower(q.speaker_text), ?))",
                  speaker.strip().lower(), speaker.strip().lower())
    if check_text(actor):
        query.add("starts_with(upper(q.speaker_code), ?)", actor.strip().upper())
    if check_text(country):
        query.add("substr(q.speaker_code, 1, 3) = ?", country.strip().upper())
    if check_text(article):
        query.add("q.article_id = ?", resolve_article(con, article))
    if check_text(outlet):
        query.add("a.outlet = ?", outlet.strip())
    if check_text(story):
        query.add("q.article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)", story.strip())
    _article_date_filters(query, since, until, month)
    if direct is not None:
        query.add("q.direct = ?", bool(direct))


def list_quotes(con, *, limit: int = 500, offset: int = 0, cursor=None, sort=None, facets=None,
                **filters) -> dict[str, Any]:
    """Quotes matching every filter, newest article first by default, with their article's outlet and title."""
    query = lists.ListQuery(name="quotes", source="quotes q JOIN articles a ON a.id = q.article_id",
                            select=QUOTE_COLUMNS, sorts=QUOTE_SORTS, default_sort="-date", facets=QUOTE_FACETS)
    quote_filters(query, con, **filters)
    return lists.page(con, query, limit=limit, offset=offset, cursor=cursor, sort=sort, facets=facets)


def list_speakers(con, *, limit: int = 100, offset: int = 0, cursor=None, sort=None, facets=None,
                  **filters) -> dict[str, Any]:
    """Who is quoted: one row per speaker (name and code) with their quote and article counts."""
    inner = lists.ListQuery(name="speakers", source="quotes q JOIN articles a ON a.id = q.article_id",
                            select="", sorts={}, default_sort="")
    quote_filters(inner, con, **filters)
    source = ("(SELECT coalesce(q.speaker_name, q.speaker_text) AS speaker, q.speaker_code AS code, "
              "substr(q.speaker_code, 1, 3) AS country, count(*) AS quotes, "
              "count(DISTINCT q.article_id) AS articles, count(*) FILTER (WHERE q.direct) AS direct, "
              "min(a.dct_used) AS first, max(a.dct_used) AS last "
              f"FROM {inner.source}{inner.where_sql()} GROUP BY ALL) s")
    query = lists.ListQuery(
        name="speakers", source=source, source_params=inner.params,
        select="s.speaker, s.code, s.country, s.quotes, s.articles, s.direct, s.first, s.last",
        sorts={"quotes": lists.Sort(("s.quotes", "s.speaker", "s.code"), ("num", "text", "text")),
               "speaker": lists.Sort(("s.speaker", "s.code"), ("text", "text")),
               "last": lists.Sort(("s.last", "s.speaker", "s.code"), ("text", "text", "text"))},
        default_sort="-quotes", facets={"country": "s.country"})
    return lists.page(con, query, limit=limit, offset=offset, cursor=cursor, sort=sort, facets=facets)


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


ACTOR_SORTS = {
    "events": lists.Sort(("t.events", "t.mentions", "t.code"), ("num", "num", "text")),
    "mentions": lists.Sort(("t.mentions", "t.events", "t.code"), ("num", "num", "text")),
    "code": lists.Sort(("t.code",), ("text",)),
}


def list_actors(con, *, search: str | None = None, article: str | None = None, country=None, sector=None,
                limit: int = 500, offset: int = 0, cursor=None, sort=None, facets=None) -> dict[str, Any]:
    """Actor codes with how often they are mentioned and how many events they take part in.

    ``search`` keeps codes starting with it or codes one of whose names it names (the
    rule of ``matches``). Most events first, then most mentions. Over the whole store the
    counts are computed once (``lists.aggregate``); for one article, on the fly.
    """
    params: list[Any] = []
    if check_text(article):  # the article filter appears three times in the query
        params = [resolve_article(con, article)] * 3
        source = f"({_ACTORS_SQL.format(article='AND article_id = ?')}) t"
    else:
        source = lists.aggregate(con, "actor_counts", _ACTORS_SQL.format(article="")) + " t"
    query = lists.ListQuery(name="actors", source=source, source_params=params,
                            select="t.code, t.mentions, t.articles, t.events, t.as_source, t.as_target, "
                                   "t.country, t.sector, t.names",
                            sorts=ACTOR_SORTS, default_sort="-events",
                            facets={"country": "t.country", "sector": "t.sector"})
    search = check_text(search)
    if search:  # the same rule as ``matches``: a code-like query matches names only whole
        name_test = "lower(x) = ?" if looks_like_code(search) else "contains(lower(x), ?)"
        query.add(f"(starts_with(upper(t.code), ?) OR len(list_filter(t.names, x -> {name_test})) > 0)",
                  search.upper(), search.lower())
    if check_text(country):
        query.add("t.country = ?", country.strip().upper())
    if check_text(sector):
        query.add("t.sector = ?", sector.strip().upper())
    return lists.page(con, query, limit=limit, offset=offset, cursor=cursor, sort=sort, facets=facets)


def get_actor(con, code: str) -> dict[str, Any]:
    """One actor code: its counts, names, the actors it has most events with, its first and last event."""
    code = (code or "").strip().upper()
    table = lists.aggregate(con, "actor_counts", _ACTORS_SQL.format(article=""))
    cur = con.execute(f"SELECT * FROM {table} WHERE code = ?", [code])
    columns = [d[0] for d in cur.description]
    row = cur.fetchone()
    if row is None:
        raise ActorNotFound(f"no actor with code {code!r} in the store (see /api/actors)")
    actor = records(columns, [row])[0]
    both = "(' ' || coalesce(actor_codes, '') || ' ' || coalesce(recipient_codes, '') || ' ')"
    partners = con.execute(f"""
        SELECT partner, count(*) AS events,
               count(*) FILTER (WHERE quad = 1) AS verbal_cooperation,
               count(*) FILTER (WHERE quad = 2) AS material_cooperation,
               count(*) FILTER (WHERE quad = 3) AS verbal_conflict,
               count(*) FILTER (WHERE quad = 4) AS material_conflict,
               round(avg(goldstein), 3) AS goldstein_mean
        FROM (SELECT unnest(string_split(CASE WHEN contains(' ' || coalesce(actor_codes, '') || ' ', ?)
                                              THEN coalesce(recipient_codes, '') ELSE coalesce(actor_codes, '') END,
                                         ' ')) AS partner, quad, goldstein
              FROM events WHERE contains({both}, ?))
        WHERE partner <> '' AND partner <> ? GROUP BY partner ORDER BY events DESC, partner LIMIT 25""",
        [f" {code} ", f" {code} ", code]).fetchall()
    span = con.execute(f"SELECT min(date_start), max(date_end) FROM events WHERE contains({both}, ?)",
                       [f" {code} "]).fetchone()
    actor["partners"] = [dict(zip(("code", "events", *QUADS.values(), "goldstein_mean"), p, strict=True))
                         for p in partners]
    actor["first"], actor["last"] = (d.isoformat() if d else None for d in span)
    return {"actor": actor}


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


def _pair_query(con, actor: str, other: str | None, *, type=None, since=None, until=None,
                modalities: tuple[str, ...] | None = None, dated_only: bool = False, name: str = "events"):
    """The events ``actor`` (and ``other``) take part in, as a list; the pair rule is checked after (``involvement``)."""
    actor = check_text(actor)
    if not actor:
        raise ConfigError("actor is required: an actor code (USA, PRKGOV) or part of a name")
    query = event_query(con, type=type, since=since, until=until, strict_actor=actor, other=check_text(other),
                        name=name)
    if dated_only:
        query.add("e.date_start IS NOT NULL")
    if modalities is not None:
        query.add(f"e.modality IN ({', '.join('?' for _ in modalities)})", *modalities)
    return query


def timeline(con, *, actor: str, other: str | None = None, type=None, since=None, until=None,
             modality: str | None = None, undated: bool = False, limit: int = 1000, offset: int = 0,
             cursor=None, sort=None, facets=None) -> dict[str, Any]:
    """Events of an actor, or between two actors, in date order, with sentence and article.

    Events without a calendar date are left out unless ``undated`` (they then come last).
    """
    query = _pair_query(con, actor, other, type=type, since=since, until=until,
                        modalities=check_modalities(modality, None), dated_only=not undated)
    other = check_text(other)

    def convert(columns, rows):
        items = with_articles(con, records(columns, rows))
        for item in items:
            item["role"] = involvement(item, actor, other)
        return items

    keep = (lambda item: item["role"] is not None) if other else None
    result = lists.page(con, query, limit=limit, offset=offset, cursor=cursor, sort=sort, facets=facets,
                        convert=convert, keep=keep)
    return {"actor": actor.strip(), "other": other, **result}


PERIODS = ("day", "week", "month", "quarter", "year")

# the SQL label of the period a date falls in, as _period gives it
_PERIOD_SQL = {
    "day": "strftime({d}, '%Y-%m-%d')",
    "week": "strftime({d}, '%G-W%V')",
    "month": "strftime({d}, '%Y-%m')",
    "quarter": "strftime({d}, '%Y') || '-Q' || quarter({d})",
    "year": "strftime({d}, '%Y')",
}


def _period(day: dt.date, by: str) -> str:
    if by == "year":
        return f"{day.year:04d}"
    if by == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if by == "day":
        return day.isoformat()
    return f"{day.year:04d}-{day.month:02d}"


def _period_start(label: str, by: str) -> dt.date:
    if by == "day":
        return dt.date.fromisoformat(label)
    if by == "week":
        return dt.date.fromisocalendar(int(label[:4]), int(label[6:8]), 1)
    if by == "quarter":
        return dt.date(int(label[:4]), 3 * (int(label[6]) - 1) + 1, 1)
    if by == "year":
        return dt.date(int(label[:4]), 1, 1)
    return dt.date(int(label[:4]), int(label[5:7]), 1)


def _periods_between(first: str, last: str, by: str) -> list[str]:
    """Every period label from ``first`` to ``last``, inclusive, in order."""
    day = _period_start(first, by)
    out = []
    while True:
        label = _period(day, by)
        out.append(label)
        if label >= last:
            return out
        if by in ("day", "week"):
            day += dt.timedelta(days=1 if by == "day" else 7)
        else:
            months = {"year": 12, "quarter": 3, "month": 1}[by]
            index = day.year * 12 + day.month - 1 + months
            day = dt.date(index // 12, index % 12 + 1, 1)


MAX_PERIODS = 20_000


def series(con, *, actor: str, other: str | None = None, type=None, since=None, until=None,
           modality: str | None = None, by: str = "month") -> dict[str, Any]:
    """Per day, week, month, quarter or year: event counts per QuadClass and the mean Goldstein score.

    For an actor, or a pair (the events of ``timeline``, whatever the direction). An event
    counts in the period its date falls in; one dated more loosely than the period ("2018"
    by month, "summer 2017" by quarter) or not at all is left out and counted in
    ``left_out``. By default only events that took place (asserted, reported) count;
    ``modality`` takes a comma list or ``all``. Periods between the first and the last with
    no event are listed with zero counts, so the series has no gaps. Counted in SQL; for a
    pair, the rows SQL keeps are checked with ``involvement`` (two different participants).
    """
    if by not in PERIODS:
        raise ConfigError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    chosen = check_modalities(modality, HAPPENED)
    query = _pair_query(con, actor, other, type=type, since=since, until=until, modalities=chosen)
    other = check_text(other)
    start_label = _PERIOD_SQL[by].format(d="e.date_start")
    end_label = _PERIOD_SQL[by].format(d="e.date_end")
    where, params = query.where_sql(), query.all_params
    counted: dict[str, dict[str, Any]] = {}
    left_out = {"undated": 0, "vaguer_than_the_period": 0}
    if other is None:
        rows = con.execute(f"""
            SELECT CASE WHEN e.date_start IS NULL THEN 'undated'
                        WHEN {start_label} <> {end_label} THEN 'vaguer' ELSE {start_label} END AS p,
                   count(*), count(*) FILTER (WHERE e.quad = 1), count(*) FILTER (WHERE e.quad = 2),
                   count(*) FILTER (WHERE e.quad = 3), count(*) FILTER (WHERE e.quad = 4),
                   sum(e.goldstein), count(e.goldstein)
            FROM {query.source}{where} GROUP BY p""", params).fetchall()
    else:
        raw = con.execute(f"""
            SELECT CASE WHEN e.date_start IS NULL THEN 'undated'
                        WHEN {start_label} <> {end_label} THEN 'vaguer' ELSE {start_label} END AS p,
                   e.quad, e.goldstein, e.actors, e.recipients
            FROM {query.source}{where}""", params).fetchall()
        acc: dict[str, list] = {}
        for p, quad, goldstein, actors, recipients in raw:
            event = {"actors": json.loads(actors or "[]"), "recipients": json.loads(recipients or "[]")}
            if involvement(event, actor, other) is None:
                continue
            entry = acc.setdefault(p, [p, 0, 0, 0, 0, 0, 0.0, 0])
            entry[1] += 1
            if quad in QUADS:
                entry[1 + quad] += 1
            if goldstein is not None:
                entry[6] += goldstein
                entry[7] += 1
        rows = [tuple(v) for v in acc.values()]
    for p, n, q1, q2, q3, q4, gsum, gn in rows:
        if p == "undated":
            left_out["undated"] += n
        elif p == "vaguer":
            left_out["vaguer_than_the_period"] += n
        else:
            counted[p] = {"period": p, "events": n, "verbal_cooperation": q1, "material_cooperation": q2,
                          "verbal_conflict": q3, "material_conflict": q4,
                          "goldstein_mean": round(gsum / gn, 3) if gn else None}
    periods = []
    if counted:
        labels = _periods_between(min(counted), max(counted), by)
        if len(labels) > MAX_PERIODS:
            raise ConfigError(f"by={by} gives {len(labels)} periods (at most {MAX_PERIODS}); "
                              "use a longer period or since/until")
        for label in labels:
            periods.append(counted.get(label) or {"period": label, "events": 0, **{q: 0 for q in QUADS.values()},
                                                  "goldstein_mean": None})
    return {
        "actor": actor.strip(), "other": other, "by": by,
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


def _article_date_filters(query, since, until, month) -> None:
    """Keep the rows whose article date (``a.dct_used``) falls in since..until and in month."""
    lo, hi = date_bounds(since, until)
    if lo:
        query.add("a.dct_used >= ?", lo)
    if hi:
        query.add("a.dct_used <= ?", hi)
    if check_month(month):
        query.add("substr(a.dct_used, 1, 7) = ?", month.strip())
