"""The one contract of every list endpoint: a stable sort, keyset (cursor) or offset paging, capped counts, facets.

A list is a ``ListQuery``: a FROM clause, the WHERE conditions the filters made, the
columns to return and the sorts it offers. ``page()`` runs it and returns::

    {KEY: [...], "count", "limit", "offset", "sort", "has_more", "next_cursor",
     "total", "total_exact", "facets"?}

* **Sort.** Each sort is a list of plain columns, ending with columns that make the order
  total (``article_id, n`` for events), all in one direction, NULLs last; a ``-`` before the
  name reverses it (``sort=-goldstein``). Plain columns (not expressions) let DuckDB prune
  row groups by their min/max while it keeps the best rows of a top-N, which is what makes
  the first page fast on a large table.
* **Cursor.** ``next_cursor`` encodes the sort keys of the last row returned; passing it
  back (``cursor=``) returns the rows after that one, by a WHERE on the keys, so page 5,000
  costs what page 1 costs. It is opaque text (URL-safe base64 of JSON) and names its sort
  and list; a cursor given to another list or sort is refused.
* **Offset.** ``offset`` skips that many rows (at most ``MAX_OFFSET``); with a cursor it is
  refused.
* **Counts.** ``total`` counts the matching rows up to ``COUNT_CAP``; ``total_exact`` is
  false when there are more (the count stops there instead of reading every match).
* **Facets.** ``facets=type,month`` (or ``all``) adds, per facet, the 50 most frequent
  values among ALL the matching rows and their counts (``{"value", "count"}``, most first).
  Facet counts do read every match; a read-only store never changes while it is served, so
  they are kept in a small cache.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError
from ..store.queries import row_records

COUNT_CAP = 10_000
MAX_OFFSET = 100_000
FACET_SIZE = 50


@dataclass(frozen=True)
class Sort:
    """A sort a list offers: its plain key columns (SQL expressions over the FROM clause) and their types."""

    columns: tuple[str, ...]
    kinds: tuple[str, ...]  # "date", "num", "text" per column, to decode cursor values
    source: str | None = None  # a FROM clause of its own, when the sort needs a join
    extra_select: str | None = None  # columns that source adds to the items


@dataclass
class ListQuery:
    """One list request: what to read, the filters' WHERE parts, the sorts offered."""

    name: str  # the list's name (cursors name it) and the items' key in the response
    source: str  # FROM ... (with joins)
    select: str  # the columns returned
    sorts: dict[str, Sort]
    default_sort: str
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    source_params: list[Any] = field(default_factory=list)  # parameters of ``source`` (a filtered subquery)
    facets: dict[str, str] = field(default_factory=dict)  # facet name -> SQL expression giving its value
    facet_source: dict[str, str] = field(default_factory=dict)  # facet name -> FROM clause when it needs a join
    unnest_facets: frozenset[str] = frozenset()  # facets whose expression is a list (counted per element)

    def add(self, condition: str, *params: Any) -> None:
        self.where.append(condition)
        self.params.extend(params)

    def where_sql(self, extra: list[str] | None = None) -> str:
        parts = self.where + (extra or [])
        return (" WHERE " + " AND ".join(f"({p})" for p in parts)) if parts else ""

    @property
    def all_params(self) -> list[Any]:
        return self.source_params + self.params

    def fingerprint(self) -> str:
        """A short hash of what the list reads and how it is filtered, for cache keys."""
        text = json.dumps([self.name, self.source, self.where, [_jsonable(p) for p in self.all_params]],
                          default=str)
        return hashlib.sha1(text.encode()).hexdigest()[:16]


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


# --- parameters --------------------------------------------------------------------------------

def parse_sort(query: ListQuery, sort: str | None) -> tuple[str, bool]:
    """(sort name, descending) from ``sort`` (``date``, ``-goldstein`` ...); the default when empty."""
    value = (sort or "").strip() or query.default_sort
    descending = value.startswith("-")
    name = value.lstrip("-+ ")
    if name not in query.sorts:
        offered = ", ".join(f"{s}, -{s}" for s in query.sorts)
        raise ConfigError(f"sort: unknown sort {value!r} for {query.name}; use one of {offered}")
    return name, descending


def parse_facets(query: ListQuery, facets: str | None) -> list[str]:
    """The facet names asked for: a comma list or ``all``; none when empty."""
    if facets is None or not facets.strip():
        return []
    if facets.strip().lower() == "all":
        return list(query.facets)
    names = [f.strip().lower() for f in facets.split(",") if f.strip()]
    unknown = [n for n in names if n not in query.facets]
    if unknown:
        raise ConfigError(f"facets: {query.name} has no facet {unknown[0]!r}; use all or some of "
                          f"{', '.join(query.facets)}")
    return list(dict.fromkeys(names))


def encode_cursor(list_name: str, sort: str, values: list[Any]) -> str:
    raw = json.dumps([list_name, sort, [_jsonable(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, list_name: str, sort: str, kinds: tuple[str, ...]) -> list[Any]:
    """The key values a cursor carries; a ConfigError for a cursor that is not one of this list and sort."""
    try:
        padded = cursor.strip() + "=" * (-len(cursor.strip()) % 4)
        name, its_sort, values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if (name, its_sort) != (list_name, sort):
            raise LookupError(name, its_sort)
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError("wrong length")
        out = []
        for value, kind in zip(values, kinds, strict=True):
            if value is None:
                out.append(None)
            elif kind == "date":
                out.append(dt.date.fromisoformat(value))
            elif kind == "num":
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    raise ValueError("not a number")
                out.append(value)
            else:
                out.append(str(value))
    except LookupError as exc:
        name, its_sort = exc.args
        raise ConfigError(f"cursor: this cursor pages {name} sorted by {its_sort}, not {list_name} by {sort}; "
                          "start again without it") from None
    except (ValueError, TypeError, UnicodeDecodeError):  # JSONDecodeError is a ValueError
        raise ConfigError("cursor: not a cursor this server gave (use next_cursor of a previous page)") from None
    return out


def _after(columns: tuple[str, ...], values: list[Any], descending: bool) -> list[tuple[str, list[Any]]]:
    """WHERE conditions that keep the rows sorting after ``values`` (NULLs last, one direction).

    Returned as segments to read in order: the rows whose first key is not NULL, then (when
    the cursor is not yet among them) the rows whose first key is NULL. Each first segment
    starts with a bound on the first key alone (``date_start >= ?``) that DuckDB pushes into
    the scan; the rest of it breaks the ties exactly. (One condition with ``OR ... IS NULL``
    would be read as a whole-table filter, several times slower.)
    """
    op, op_eq = ("<", "<=") if descending else (">", ">=")

    def rest(i: int) -> tuple[str, list[Any]]:
        if i == len(columns):
            return "false", []
        col, value = columns[i], values[i]
        tail, tail_params = rest(i + 1)
        if value is None:  # within the NULL group: only the later keys decide
            return f"({col} IS NULL AND {tail})", tail_params
        return (f"({col} {op} ? OR {col} IS NULL OR ({col} = ? AND {tail}))",
                [value, value, *tail_params])

    first, value = columns[0], values[0]
    if value is None:
        condition, params = rest(1)
        return [(f"{first} IS NULL AND {condition}", params)]
    condition, params = rest(1)
    return [(f"{first} {op_eq} ? AND ({first} {op} ? OR {condition})", [value, value, *params]),
            (f"{first} IS NULL", [])]


def order_by(sort: Sort, descending: bool) -> str:
    way = "DESC" if descending else "ASC"
    return ", ".join(f"{c} {way} NULLS LAST" for c in sort.columns)


# --- running a list ----------------------------------------------------------------------------

class Cache:
    """A small LRU of computed values (counts, facets, aggregates) for a store that does not change."""

    def __init__(self, size: int = 256):
        self.size, self._data, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = compute()
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value


CACHE = Cache()


def store_path(con) -> str:
    """The file of the store ``con`` reads: cached values are kept per store."""
    return con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0]


def cached(con, key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, or its value kept from an earlier call with the same key on the same store."""
    return CACHE.get((store_path(con), *key), compute)


AGG = "agg"  # an in-memory database the server ATTACHes: pre-aggregated tables built on first use
_AGG_LOCK = threading.Lock()


def aggregate(con, name: str, sql: str) -> str:
    """The table ``agg.NAME`` holding ``sql``'s result, built on first use; ``(sql)`` without ``agg``.

    The served store is read-only and does not change while served, so a table computed
    once stays true; it lives in memory (DuckDB's buffer pool), never in the store file.
    """
    attached = con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = ?", [AGG]).fetchone()[0]
    if not attached:
        return f"({sql})"
    table = f"{AGG}.{name}"
    with _AGG_LOCK:
        exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = ?",
                             [AGG, name]).fetchone()[0]
        if not exists:
            con.execute(f"CREATE TABLE {table} AS {sql}")
    return table


MAX_QUERY_TABLES = 64
_QUERY_TABLES: OrderedDict = OrderedDict()


def aggregate_query(con, sql: str, params: list[Any]) -> str:
    """A table ``agg.q_HASH`` holding the result of ``sql`` with ``params`` (a search's matches).

    The last ``MAX_QUERY_TABLES`` are kept (the oldest dropped); without ``agg``, ``(sql)``.
    """
    attached = con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = ?", [AGG]).fetchone()[0]
    if not attached:
        return f"({sql})"
    key = hashlib.sha1(json.dumps([store_path(con), sql, [_jsonable(p) for p in params]],
                                  default=str).encode()).hexdigest()[:20]
    table = f"{AGG}.q_{key}"
    with _AGG_LOCK:
        exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = ?",
                             [AGG, f"q_{key}"]).fetchone()[0]
        if exists and key in _QUERY_TABLES:
            _QUERY_TABLES.move_to_end(key)
            return table
        con.execute(f"CREATE OR REPLACE TABLE {table} AS {sql}", params)
        _QUERY_TABLES[key] = table
        while len(_QUERY_TABLES) > MAX_QUERY_TABLES:
            _old, old_table = _QUERY_TABLES.popitem(last=False)
            con.execute(f"DROP TABLE IF EXISTS {old_table}")
    return table


def capped_count(con, query: ListQuery, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(matching rows up to ``cap``, whether that is every match)."""
    def compute():
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {query.source}{query.where_sql()} LIMIT {cap + 1})"
        n = con.execute(sql, query.all_params).fetchone()[0]
        return (cap, False) if n > cap else (n, True)

    return cached(con, ("count", query.fingerprint(), cap), compute)


def facet_counts(con, query: ListQuery, names: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Per facet, the most frequent values among all matching rows."""
    out = {}
    for name in names:
        def compute(name=name):
            expr = query.facets[name]
            source = query.facet_source.get(name, query.source)
            params = query.all_params if name not in query.facet_source else query.params
            inner = f"SELECT {expr} AS v FROM {source}{query.where_sql()}"
            if name in query.unnest_facets:
                inner = f"SELECT unnest(v) AS v FROM ({inner})"
            sql = (f"SELECT v, count(*) AS n FROM ({inner}) WHERE v IS NOT NULL AND v::VARCHAR <> '' "
                   f"GROUP BY v ORDER BY n DESC, v LIMIT {FACET_SIZE}")
            return [{"value": _jsonable(v), "count": n} for v, n in con.execute(sql, params).fetchall()]

        out[name] = cached(con, ("facet", name, query.fingerprint()), compute)
    return out


def _fetch(con, query: ListQuery, spec: Sort, descending: bool, after: list[Any] | None, want: int,
           offset: int) -> tuple[list[str], list[tuple]]:
    """Up to ``want`` rows in sort order (after the row whose keys are ``after``), each ending with its keys."""
    segments = _after(spec.columns, after, descending) if after is not None else [("true", [])]
    keys = ", ".join(f"{c} AS _k{i}" for i, c in enumerate(spec.columns))
    names: list[str] = []
    rows: list[tuple] = []
    for condition, condition_params in segments:
        if len(rows) >= want:
            break
        select = query.select + (", " + spec.extra_select if spec.extra_select else "")
        sql = (f"SELECT {select}, {keys} FROM {spec.source or query.source}{query.where_sql([condition])} "
               f"ORDER BY {order_by(spec, descending)} LIMIT {want - len(rows)} OFFSET {int(offset)}")
        cur = con.execute(sql, query.all_params + condition_params)
        names = [d[0] for d in cur.description]
        rows += cur.fetchall()
    return names, rows


def page(con, query: ListQuery, *, limit: int, offset: int = 0, cursor: str | None = None,
         sort: str | None = None, facets: str | None = None,
         convert: Callable[[list[str], list[tuple]], list[dict[str, Any]]] = row_records,
         keep: Callable[[dict[str, Any]], bool] | None = None) -> dict[str, Any]:
    """One page of a list, by the contract in this module's docstring.

    ``keep`` (optional) drops converted rows the SQL could not tell apart (the pair rule of
    the timeline); rows are then read in chunks until the page is full, and ``offset``
    counts kept rows.
    """
    sort_name, descending = parse_sort(query, sort)
    facet_names = parse_facets(query, facets)
    spec = query.sorts[sort_name]
    shown_sort = ("-" if descending else "") + sort_name
    if offset and cursor:
        raise ConfigError("offset and cursor can't be used together: a cursor already says where the page starts")
    if offset > MAX_OFFSET:
        raise ConfigError(f"offset: at most {MAX_OFFSET}; use cursor (next_cursor) to page further")
    after = decode_cursor(cursor, query.name, shown_sort, spec.kinds) if cursor else None
    n_keys = len(spec.columns)
    if keep is None:
        names, rows = _fetch(con, query, spec, descending, after, int(limit) + 1, offset)
        items = convert(names[:-n_keys], [r[:-n_keys] for r in rows])
        keys = [list(r[-n_keys:]) for r in rows]
    else:
        items, keys = [], []
        chunk = max(2 * int(limit), 200)
        while len(items) < offset + limit + 1:
            names, rows = _fetch(con, query, spec, descending, after, chunk, 0)
            for row, item in zip(rows, convert(names[:-n_keys], [r[:-n_keys] for r in rows]), strict=True):
                if keep(item):
                    items.append(item)
                    keys.append(list(row[-n_keys:]))
            if len(rows) < chunk:
                break
            after = list(rows[-1][-n_keys:])
        items, keys = items[offset:], keys[offset:]
    has_more = len(items) > limit
    items, keys = items[:limit], keys[:limit]
    next_cursor = encode_cursor(query.name, shown_sort, keys[-1]) if has_more and keys else None
    total, exact = capped_count(con, query, COUNT_CAP) if keep is None else (None, False)
    result: dict[str, Any] = {
        query.name: items, "count": len(items), "limit": limit, "offset": offset, "sort": shown_sort,
        "has_more": has_more, "next_cursor": next_cursor, "total": total, "total_exact": exact,
    }
    if facet_names:
        result["facets"] = facet_counts(con, query, facet_names)
    return result


# --- downloads ---------------------------------------------------------------------------------

def csv_text(items: list[dict[str, Any]]) -> str:
    """Items as CSV: one column per key (in first-seen order), lists and objects as JSON text."""
    columns: dict[str, None] = {}
    for item in items:
        columns.update(dict.fromkeys(item))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(columns))
    for item in items:
        row = []
        for name in columns:
            value = item.get(name)
            if isinstance(value, (list, dict)):
                value = json.dumps(value, ensure_ascii=False)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            row.append("" if value is None else value)
        writer.writerow(row)
    return out.getvalue()
