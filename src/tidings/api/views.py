"""What the cross-article endpoints return: stories, merged events, the map and the actor network.

These read the link tables that ``tidings link --db`` fills (``stories``, ``story_articles``,
``merged_events``, ``merged_mentions``, ``duplicates``); on a store that was never linked
the lists are empty. Lists follow the contract of ``tidings.api.lists``.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import ConfigError
from ..store.queries import plain
from . import lists
from .data import (
    QUADS,
    _sql_list,
    article_facts,
    check_date,
    check_modality,
    check_month,
    check_text,
    check_type,
    date_bounds,
    event_query,
    looks_like_code,
    parse_bound,
    records,
    resolve_article,
)
from .errors import MergedEventNotFound, StoryNotFound

# --- stories ------------------------------------------------------------------------------------

STORY_COLUMNS = "s.id, s.title, s.first, s.last, s.n_articles AS articles, s.countries, s.places, s.links"
STORY_SORTS = {
    "date": lists.Sort(("s.first", "s.id"), ("text", "text")),
    "last": lists.Sort(("s.last", "s.id"), ("text", "text")),
    "articles": lists.Sort(("s.n_articles", "s.first", "s.id"), ("num", "text", "text")),
}
_STORY_OUTLETS = ("stories s JOIN story_articles sa ON sa.story_id = s.id "
                  "JOIN articles a ON a.id = sa.article_id")


def _split(item: dict[str, Any], key: str, sep: str = " ") -> None:
    value = item.get(key)
    item[key] = [v for v in value.split(sep) if v] if isinstance(value, str) else []


def list_stories(con, *, search=None, country=None, outlet=None, since=None, until=None, month=None,
                 article=None, min_articles: int = 1, limit: int = 100, offset: int = 0, cursor=None, sort=None,
                 facets=None) -> dict[str, Any]:
    """Stories (groups of articles about the same thing), newest first by default."""
    query = lists.ListQuery(
        name="stories", source="stories s", select=STORY_COLUMNS, sorts=STORY_SORTS, default_sort="-date",
        facets={"country": "string_split(s.countries, ' ')", "outlet": "a.outlet", "month": "substr(s.first, 1, 7)"},
        facet_source={"outlet": _STORY_OUTLETS}, unnest_facets=frozenset({"country"}),
    )
    if check_text(search):
        query.add("contains(lower(s.title), ?)", search.strip().lower())
    if check_text(country):
        query.add("list_contains(string_split(s.countries, ' '), ?)", country.strip().upper())
    if check_text(outlet):
        query.add("s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                  "WHERE a.outlet = ?)", outlet.strip())
    lo, hi = date_bounds(since, until)
    if lo:
        query.add("s.last >= ?", lo)
    if hi:
        query.add("s.first <= ?", hi)
    if check_month(month):
        query.add("substr(s.first, 1, 7) = ?", month.strip())
    if check_text(article):
        query.add("s.id IN (SELECT story_id FROM story_articles WHERE article_id = ?)", resolve_article(con, article))
    if min_articles > 1:
        query.add("s.n_articles >= ?", int(min_articles))

    def convert(columns, rows):
        items = records(columns, rows)
        for item in items:
            _split(item, "countries")
            _split(item, "places", " | ")
            item["links"] = json.loads(item["links"]) if isinstance(item.get("links"), str) else item.get("links")
        return items

    return lists.page(con, query, limit=limit, offset=offset, cursor=cursor, sort=sort, facets=facets,
                      convert=convert)


MAX_STORY_PART = 500


def get_story(con, story_id: str, *, by: str = "day") -> dict[str, Any]:
    """One story: its articles, its outlets over time, its merged events, its quotes and its reposts."""
    story_id = (story_id or "").strip()
    cur = con.execute(f"SELECT {STORY_COLUMNS}, s.events AS event_ids FROM stories s WHERE s.id = ?", [story_id])
    columns = [d[0] for d in cur.description]
    row = cur.fetchone()
    if row is None:
        raise StoryNotFound(f"no story {story_id!r} in the store (see /api/stories; `tidings link` makes them)")
    story = records(columns, [row])[0]
    _split(story, "countries")
    _split(story, "places", " | ")
    story["links"] = json.loads(story["links"]) if isinstance(story.get("links"), str) else story.get("links")
    story.pop("event_ids", None)
    if by not in ("day", "week", "month"):
        raise ConfigError(f"by must be one of day, week, month, not {by!r}")
    period = {"day": "a.dct_used", "week": "strftime(a.dct_used::DATE, '%G-W%V')",
              "month": "substr(a.dct_used, 1, 7)"}[by]
    members = "(SELECT article_id FROM story_articles WHERE story_id = ?)"
    cur = con.execute(
        "SELECT a.id, a.outlet, a.dct_used AS date, a.title, "
        "EXISTS (SELECT 1 FROM duplicates d WHERE d.repost AND d.copy = a.id) AS repost "
        f"FROM articles a WHERE a.id IN {members} ORDER BY a.dct_used NULLS LAST, a.id LIMIT {MAX_STORY_PART}",
        [story_id])
    articles = records([d[0] for d in cur.description], cur.fetchall())
    outlets = con.execute(
        f"SELECT {period} AS period, a.outlet, count(*) FROM articles a WHERE a.id IN {members} "
        "GROUP BY ALL ORDER BY period NULLS LAST, a.outlet", [story_id]).fetchall()
    cur = con.execute(
        "SELECT me.id, me.type, me.quad, me.goldstein, me.date, me.actors, me.recipients, me.place, "
        "me.place_country, me.modalities, me.n_mentions AS mentions, me.n_articles AS articles, "
        "me.n_outlets AS outlets FROM merged_events me WHERE me.id IN "
        f"(SELECT merged_id FROM merged_mentions WHERE article_id IN {members}) "
        f"ORDER BY me.n_articles DESC, me.date_start NULLS LAST, me.id LIMIT {MAX_STORY_PART}", [story_id])
    merged = _merged_items([d[0] for d in cur.description], cur.fetchall())
    member_ids = [a["id"] for a in articles]  # a literal list: DuckDB then reads quotes by its index
    cur = con.execute(
        "SELECT q.article_id, q.n, q.speaker_name, q.speaker_code, q.direct, q.text, q.start_char, q.end_char "
        f"FROM quotes q WHERE q.article_id IN {_sql_list(member_ids)}")
    quotes = records([d[0] for d in cur.description], cur.fetchall())
    dates = {a["id"]: (a["outlet"], a["date"]) for a in articles}
    for q in quotes:
        q["outlet"], q["article_date"] = dates.get(q["article_id"], (None, None))
    quotes.sort(key=lambda q: (q["article_date"] is None, q["article_date"] or "", q["article_id"], q["n"]))
    quotes = quotes[:MAX_STORY_PART]
    cur = con.execute(
        "SELECT d.original, d.copy, d.similarity FROM duplicates d WHERE d.repost AND "
        f"(d.original IN {members} OR d.copy IN {members}) ORDER BY d.original, d.copy LIMIT {MAX_STORY_PART}",
        [story_id, story_id])
    reposts = records([d[0] for d in cur.description], cur.fetchall())
    facts = article_facts(con, [r["original"] for r in reposts] + [r["copy"] for r in reposts])
    for r in reposts:
        for key in ("original", "copy"):
            outlet, title, date = facts.get(r[key], (None, None, None))
            r[f"{key}_outlet"], r[f"{key}_date"], r[f"{key}_title"] = outlet, date, title
    return {
        "story": story, "articles": articles,
        "outlets_over_time": {"by": by, "points": [{"period": p, "outlet": o, "articles": n} for p, o, n in outlets]},
        "merged_events": merged, "quotes": quotes, "reposts": reposts,
        "limits": {"per_part": MAX_STORY_PART},
    }


# --- merged events ------------------------------------------------------------------------------

MERGED_COLUMNS = ("me.id, me.type, me.cameo, me.quad, me.goldstein, me.date, me.date_start, me.date_end, "
                  "me.actors, me.recipients, me.countries, me.place, me.place_country, me.modalities, "
                  "me.n_mentions AS mentions, me.n_articles AS articles, me.n_outlets AS outlets")
MERGED_SORTS = {
    "date": lists.Sort(("me.date_start", "me.id"), ("date", "text")),
    "goldstein": lists.Sort(("me.goldstein", "me.id"), ("num", "text")),
    "articles": lists.Sort(("me.n_articles", "me.n_mentions", "me.id"), ("num", "num", "text")),
}
_MERGED_OUTLETS = "merged_events me JOIN merged_mentions mm ON mm.merged_id = me.id"


def _codes_condition(column: str, value: str) -> tuple[str, list[Any]]:
    """A space-separated code column has a code starting with ``value``."""
    return f"contains(' ' || coalesce({column}, ''), ?)", [" " + value.strip().upper()]


def merged_query(con, *, actor=None, other=None, type=None, modality=None, country=None, outlet=None,
                 since=None, until=None, month=None, story=None, article=None, min_articles: int = 1,
                 quad=None) -> lists.ListQuery:
    query = lists.ListQuery(
        name="merged", source="merged_events me", select=MERGED_COLUMNS, sorts=MERGED_SORTS, default_sort="date",
        facets={"type": "me.type", "modality": "string_split(me.modalities, ' ')", "country": "me.place_country",
                "outlet": "mm.outlet", "month": "strftime(me.date_start, '%Y-%m')", "quad": "me.quad"},
        facet_source={"outlet": _MERGED_OUTLETS}, unnest_facets=frozenset({"modality"}),
    )
    both = "(coalesce(me.actors, '') || ' ' || coalesce(me.recipients, ''))"
    for value in (actor, other):
        if check_text(value):
            if not looks_like_code(value.strip().upper()):
                raise ConfigError(f"actor: merged events are found by actor code (USA, PRKGOV), not {value!r}")
            condition, params = _codes_condition(both, value)
            query.add(condition, *params)
    if check_type(type):
        query.add("me.type = ?", check_type(type))
    if check_modality(modality):
        query.add("list_contains(string_split(me.modalities, ' '), ?)", check_modality(modality))
    if check_text(country):
        query.add("(me.place_country = ? OR list_contains(string_split(me.countries, ' '), ?))",
                  country.strip().upper(), country.strip().upper())
    if check_text(outlet):
        query.add("me.id IN (SELECT merged_id FROM merged_mentions WHERE outlet = ?)", outlet.strip())
    if check_text(since):
        query.add("me.date_end >= ?", parse_bound(check_date(since, "since"), upper=False))
    if check_text(until):
        query.add("me.date_start <= ?", parse_bound(check_date(until, "until"), upper=True))
    if check_month(month):
        lo, hi = check_month(month)
        query.add("me.date_start >= ? AND me.date_start <= ?", lo, hi)
    if check_text(story):
        query.add("me.id IN (SELECT merged_id FROM merged_mentions WHERE article_id IN "
                  "(SELECT article_id FROM story_articles WHERE story_id = ?))", story.strip())
    if check_text(article):
        query.add("me.id IN (SELECT merged_id FROM merged_mentions WHERE article_id = ?)",
                  resolve_article(con, article))
    if min_articles > 1:
        query.add("me.n_articles >= ?", int(min_articles))
    if quad is not None:
        if quad not in QUADS:
            raise ConfigError(f"quad: {quad} is not a QuadClass (1-4)")
        query.add("me.quad = ?", quad)
    return query


def _plain_records(columns, rows) -> list[dict[str, Any]]:
    """Rows as dicts, dates as ISO strings, no JSON parsing (``actors`` here is a code list, not JSON)."""
    return [{c: plain(v) for c, v in zip(columns, row, strict=True)} for row in rows]


def _merged_items(columns, rows) -> list[dict[str, Any]]:
    items = _plain_records(columns, rows)
    for item in items:
        for key in ("actors", "recipients", "countries", "modalities"):
            _split(item, key)
    return items


def list_merged(con, *, limit: int = 100, offset: int = 0, cursor=None, sort=None, facets=None,
                **filters) -> dict[str, Any]:
    """Events merged across articles (one row per real-world event), in date order by default."""
    query = merged_query(con, **filters)
    return lists.page(con, query, limit=limit, offset=offset, cursor=cursor, sort=sort, facets=facets,
                      convert=_merged_items)


def get_merged(con, merged_id: str) -> dict[str, Any]:
    """One merged event and every report of it: each sentence with its outlet, date and article."""
    merged_id = (merged_id or "").strip()
    cur = con.execute(f"SELECT {MERGED_COLUMNS} FROM merged_events me WHERE me.id = ?", [merged_id])
    columns = [d[0] for d in cur.description]
    row = cur.fetchone()
    if row is None:
        raise MergedEventNotFound(f"no merged event {merged_id!r} in the store (see /api/merged)")
    event = _merged_items(columns, [row])[0]
    cur = con.execute(
        "SELECT mm.article_id, mm.event_n AS n, mm.outlet, mm.date, mm.modality, mm.dated_by_article, "
        "mm.sentence_text, mm.sentence_start, mm.sentence_end, mm.trigger_text, mm.trigger_start, mm.trigger_end "
        "FROM merged_mentions mm WHERE mm.merged_id = ? ORDER BY mm.date NULLS LAST, mm.article_id, mm.event_n",
        [merged_id])
    reports = records([d[0] for d in cur.description], cur.fetchall())
    facts = article_facts(con, [r["article_id"] for r in reports])
    for r in reports:
        outlet, r["title"], r["article_date"] = facts.get(r["article_id"], (None, None, None))
        r["outlet"] = r["outlet"] or outlet
    stories = [s for (s,) in con.execute(
        "SELECT DISTINCT story_id FROM story_articles WHERE article_id IN "
        "(SELECT article_id FROM merged_mentions WHERE merged_id = ?) ORDER BY story_id", [merged_id]).fetchall()]
    return {"merged": event, "reports": reports, "stories": stories}


# --- map ----------------------------------------------------------------------------------------

MAX_POINTS = 5000


def map_points(con, *, layer: str = "events", grid: float = 0.0, limit: int = 2000, **filters) -> dict[str, Any]:
    """Where things happened: events (or place mentions) with coordinates, one point per place.

    ``grid`` (degrees, 0 = exact places) snaps points to a grid first, for a zoomed-out map.
    Each event point has its count, the counts per QuadClass, the mean Goldstein score, its
    most frequent event types and an ``events`` query that lists them.
    """
    if layer not in ("events", "places"):
        raise ConfigError(f"layer must be events or places, not {layer!r}")
    if not 0 <= grid <= 45:
        raise ConfigError("grid: degrees between 0 (exact places) and 45")
    snap = (lambda c: f"round({c} / {grid}) * {grid}") if grid else (lambda c: c)
    if layer == "places":
        unknown = sorted(k for k, v in filters.items() if v not in (None, "") and k not in ("country", "article"))
        if unknown:
            raise ConfigError(f"{unknown[0]}: not a filter of the places layer (country, article)")
        where, params = ["p.lat IS NOT NULL", "p.lon IS NOT NULL"], []
        if check_text(filters.get("country")):
            where.append("p.country = ?")
            params.append(filters["country"].strip().upper())
        if check_text(filters.get("article")):
            where.append("p.article_id = ?")
            params.append(resolve_article(con, filters["article"]))
        sql = (f"SELECT {snap('p.lat')} AS lat, {snap('p.lon')} AS lon, "
               "mode(p.name) AS name, mode(p.country) AS country, count(*) AS mentions, "
               "count(DISTINCT p.article_id) AS articles FROM places p WHERE " + " AND ".join(where) +
               f" GROUP BY 1, 2 ORDER BY mentions DESC, name LIMIT {int(limit)}")
        points = records(*_rows(con, sql, params))
        return {"layer": layer, "grid": grid, "points": points, "count": len(points)}
    query = event_query(con, **filters)
    query.add("e.place_lat IS NOT NULL AND e.place_lon IS NOT NULL")

    def compute():
        sql = (f"SELECT {snap('e.place_lat')} AS lat, {snap('e.place_lon')} AS lon, "
               "mode(e.place_name) AS name, mode(e.place_country) AS country, count(*) AS events, "
               + ", ".join(f"count(*) FILTER (WHERE e.quad = {q}) AS {name}" for q, name in QUADS.items())
               + ", round(avg(e.goldstein), 3) AS goldstein_mean, "
               "list(e.type ORDER BY e.type) AS _types "
               f"FROM {query.source}{query.where_sql()} GROUP BY 1, 2 ORDER BY events DESC, name "
               f"LIMIT {int(limit)}")
        columns, rows = _rows(con, sql, query.all_params)
        return columns, rows

    columns, rows = lists.cached(con, ("map", query.fingerprint(), grid, limit), compute)
    points = []
    for item in records(columns, rows):
        counts: dict[str, int] = {}
        for t in item.pop("_types"):
            counts[t] = counts.get(t, 0) + 1
        item["types"] = [{"value": t, "count": n} for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]]
        points.append(item)
    with_coords = sum(p["events"] for p in points)
    return {"layer": layer, "grid": grid, "points": points, "count": len(points), "events": with_coords}


def _rows(con, sql: str, params: list[Any]):
    cur = con.execute(sql, params)
    return [d[0] for d in cur.description], cur.fetchall()


# --- network ------------------------------------------------------------------------------------

MAX_EDGES = 2000


def network(con, *, limit: int = 200, min_weight: int = 1, **filters) -> dict[str, Any]:
    """The actor network: nodes are coded actors, edges the merged events between two of them.

    An edge joins a source code to a target code of a merged event (or two codes on the same
    side of one that has no target, undirected: "Trump and Kim met"); its weight is the
    number of merged events, with counts per QuadClass, the dominant QuadClass and the mean
    Goldstein score. The ``limit`` heaviest edges are kept, then the nodes they touch.
    """
    if not 1 <= limit <= MAX_EDGES:
        raise ConfigError(f"limit: between 1 and {MAX_EDGES} edges")
    query = merged_query(con, **filters)

    def compute():
        sql = f"""
            WITH m AS (SELECT me.id, me.quad, me.goldstein, string_split(coalesce(me.actors, ''), ' ') AS src,
                              string_split(coalesce(me.recipients, ''), ' ') AS tgt
                       FROM {query.source}{query.where_sql()}),
            directed AS (SELECT id, quad, goldstein, s AS a, t AS b, true AS directed
                         FROM (SELECT id, quad, goldstein, unnest(src) AS s, tgt FROM m), unnest(tgt) AS u(t)),
            joint AS (SELECT id, quad, goldstein, least(s, t) AS a, greatest(s, t) AS b, false AS directed
                      FROM (SELECT id, quad, goldstein, unnest(src) AS s, src FROM m WHERE tgt = [''] OR len(tgt) = 0),
                           unnest(src) AS u(t) WHERE s < t),
            pairs AS (SELECT * FROM directed UNION ALL SELECT * FROM joint)
            SELECT a AS source, b AS target, directed, count(DISTINCT id) AS weight,
                   {", ".join(f"count(DISTINCT id) FILTER (WHERE quad = {q}) AS {n}" for q, n in QUADS.items())},
                   round(avg(goldstein), 3) AS goldstein_mean
            FROM pairs WHERE a <> '' AND b <> '' AND a <> b
            GROUP BY a, b, directed HAVING count(DISTINCT id) >= {int(min_weight)}
            ORDER BY weight DESC, source, target LIMIT {int(limit)}"""
        return _rows(con, sql, query.all_params)

    columns, rows = lists.cached(con, ("network", query.fingerprint(), limit, min_weight), compute)
    edges = records(columns, rows)
    degree: dict[str, dict[str, int]] = {}
    for edge in edges:
        counts = [edge[name] for name in QUADS.values()]
        edge["quad"] = 1 + counts.index(max(counts)) if edge["weight"] else None
        for end in (edge["source"], edge["target"]):
            node = degree.setdefault(end, {"edges": 0, "weight": 0})
            node["edges"] += 1
            node["weight"] += edge["weight"]
    names = {}
    if degree:
        codes = "(" + ", ".join("'" + c.replace("'", "''") + "'" for c in degree) + ")"
        for code, name, country, sector in con.execute(
                f"SELECT code, mode(name), any_value(country), any_value(sector) FROM actors "
                f"WHERE code IN {codes} GROUP BY code").fetchall():
            names[code] = (name, country, sector)
    nodes = []
    for code, d in sorted(degree.items(), key=lambda kv: (-kv[1]["weight"], kv[0])):
        name, country, sector = names.get(code, (None, code[:3] if len(code) >= 3 else None, None))
        nodes.append({"id": code, "name": name, "country": country, "sector": sector, **d})
    return {"nodes": nodes, "edges": edges, "count": len(edges),
            "quad_classes": {str(k): v.replace("_", " ") for k, v in QUADS.items()}}
