"""Turns Articles and their Analyses into table rows and writes a batch in one transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from ..errors import StoreError
from ..model import Analysis, Article, EventActor, Span
from .dates import timex_range

# tables holding one row per record of an Analysis, in the order they are written
RECORD_TABLES = ("sentences", "entities", "timexes", "actors", "places", "quotes", "events")

_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "JSON": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "TIMESTAMP": pa.timestamp("us"),
    "DATE": pa.date32(),
}


def printable(value: str | None) -> str | None:
    """``value`` with lone surrogates (undecodable file-name bytes) escaped, so it can be stored."""
    if value is None:
        return None
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass
class Failure:
    """A document that was not stored: where it came from, why, and the error code."""

    source: str | None
    reason: str
    code: str | None = None

    def __post_init__(self) -> None:
        self.source = printable(self.source)
        self.reason = printable(self.reason) or ""


class UnstorableData(StoreError):
    """A row DuckDB or Arrow refuses (e.g. text with lone surrogates): that batch is rolled back."""


# errors that come from a row's content rather than from the database or the disk
DATA_ERRORS = (UnicodeError, OverflowError, pa.ArrowException, duckdb.ConversionException, duckdb.InvalidInputException,
               duckdb.ConstraintException, duckdb.OutOfRangeException)


@dataclass
class Batch:
    """Rows for one transaction: stored articles with their analyses, and failures."""

    stored: list[tuple[Article, Analysis]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    duplicate: int = 0
    sightings: list[dict[str, Any]] = field(default_factory=list)  # ``store.sightings`` rows, of any article
    sighted: int = 0  # set by ``write_batch``: how many of ``sightings`` were new


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _span(span: Span | None, prefix: str) -> dict[str, Any]:
    return {
        f"{prefix}_start": span.start if span else None,
        f"{prefix}_end": span.end if span else None,
        f"{prefix}_text": span.text if span else None,
    }


def _codes(actors: list[EventActor]) -> str:
    return " ".join(a.code for a in actors if a.code)


def _names(actors: list[EventActor]) -> str:
    return " | ".join(a.name or a.text for a in actors if a.name or a.text)


def article_row(article: Article, analysis: Analysis, run_id: int | None, at: dt.datetime) -> dict[str, Any]:
    """The ``articles`` row: metadata, the date used, the text and the whole Analysis as JSON."""
    meta = {"photo_credits": article.photo_credits, "removed": article.removed, **article.meta}
    return {
        "id": article.id,
        "source": printable(article.source),
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "byline": article.byline,
        "stated_date": article.stated_date,
        "dct_used": analysis.dct.used,
        "dct_source": analysis.dct.source,
        "dct_contradicted": analysis.dct.contradicted,
        "language": article.language,
        "text": article.text,
        "raw": article.raw,
        "meta": json.dumps(meta, ensure_ascii=False, default=str),
        "analysis": json.dumps(analysis.as_dict(), ensure_ascii=False),
        "run_id": run_id,
        "ingested_at": at,
    }


def record_rows(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    """One row per sentence, entity, timex, actor, place, quote and event, with offsets."""
    aid = analysis.id

    def base(n: int, rec) -> dict[str, Any]:
        return {"article_id": aid, "n": n, "start_char": rec.start, "end_char": rec.end, "text": rec.text}

    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in RECORD_TABLES}
    rows["sentences"] = [base(n, s) for n, s in enumerate(analysis.sentences)]
    rows["entities"] = [base(n, e) | {"label": e.label} for n, e in enumerate(analysis.entities)]
    rows["timexes"] = [
        base(n, t) | {"type": t.type, "value": t.value, "mod": t.mod, "anchor": t.anchor,
                      "anchor_value": t.anchor_value}
        for n, t in enumerate(analysis.timexes)
    ]
    rows["actors"] = [
        base(n, a) | {"name": a.name, "code": a.code, "country": a.country, "sector": a.sector,
                      "method": a.method, "entity_id": a.entity_id, "confidence": a.confidence}
        | _span(a.evidence, "evidence")
        for n, a in enumerate(analysis.actors)
    ]
    rows["places"] = [
        base(n, p) | {"name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon,
                      "feature": p.feature, "geonameid": p.geonameid, "confidence": p.confidence}
        for n, p in enumerate(analysis.places)
    ]
    rows["quotes"] = [
        base(n, q) | {"direct": q.direct, "speaker_name": q.speaker_name, "speaker_code": q.speaker_code,
                      "confidence": q.confidence}
        | _span(q.cue, "cue") | _span(q.speaker, "speaker")
        for n, q in enumerate(analysis.quotes)
    ]
    for n, ev in enumerate(analysis.events):
        start, end = timex_range(ev.date)
        place = ev.place
        rows["events"].append({
            "article_id": aid, "n": n,
            "type": ev.type, "mode": ev.mode, "cameo": ev.cameo, "quad": ev.quad,
            "goldstein": ev.goldstein, "date": ev.date, "date_start": start, "date_end": end,
            "date_source": ev.date_source, "modality": ev.modality,
            "place_name": place.name if place else None,
            "place_country": place.country if place else None,
            "place_lat": place.lat if place else None,
            "place_lon": place.lon if place else None,
            "place_start": place.start if place else None,
            "place_end": place.end if place else None,
            "place_text": place.text if place else None,
            **_span(ev.sentence, "sentence"),
            **_span(ev.trigger, "trigger"),
            "confidence": ev.confidence,
            "actors": json.dumps([a.as_dict() for a in ev.actors], ensure_ascii=False),
            "recipients": json.dumps([a.as_dict() for a in ev.recipients], ensure_ascii=False),
            "actor_codes": _codes(ev.actors),
            "recipient_codes": _codes(ev.recipients),
            "actor_names": _names(ev.actors),
            "recipient_names": _names(ev.recipients),
        })
    return rows


def _arrow_schema(con: duckdb.DuckDBPyConnection, table: str) -> pa.Schema:
    columns = con.execute(f"DESCRIBE {table}").fetchall()
    return pa.schema([(name, _ARROW_TYPES[kind]) for name, kind, *_ in columns])


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    """Append ``rows`` (dicts keyed by column) to ``table`` through one Arrow scan."""
    if not rows:
        return
    schema = _arrow_schema(con, table)
    names = [f.name for f in schema]
    data = pa.Table.from_pylist([{k: r.get(k) for k in names} for r in rows], schema=schema)
    view = f"_incoming_{table}"
    con.register(view, data)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
    finally:
        con.unregister(view)


def write_batch(con: duckdb.DuckDBPyConnection, batch: Batch, run_id: int | None) -> None:
    """Write a batch's articles, records, failures and run counts together, or nothing.

    Everything happens inside one transaction: any error (or an interrupt) rolls
    the whole batch back, so no article is ever stored without its records. A
    row's content that can't be stored raises ``UnstorableData``; a database
    error, ``StoreError``.
    """
    at = _now()
    con.execute("BEGIN TRANSACTION")
    try:
        insert_rows(con, "articles", [article_row(a, an, run_id, at) for a, an in batch.stored])
        per_table: dict[str, list[dict[str, Any]]] = {t: [] for t in RECORD_TABLES}
        for _, analysis in batch.stored:
            for table, rows in record_rows(analysis).items():
                per_table[table].extend(rows)
        for table in RECORD_TABLES:
            insert_rows(con, table, per_table[table])
        from .sightings import add_sightings

        batch.sighted = add_sightings(con, batch.sightings)
        insert_rows(con, "ingest_errors", [
            {"run_id": run_id, "source": f.source, "reason": f.reason, "code": f.code, "failed_at": at}
            for f in batch.failures
        ])
        if run_id is not None:
            con.execute(
                "UPDATE runs SET stored = stored + ?, duplicate = duplicate + ?, failed = failed + ?, "
                "sightings = coalesce(sightings, 0) + ? WHERE id = ?",
                [len(batch.stored), batch.duplicate, len(batch.failures), batch.sighted, run_id],
            )
        con.execute("COMMIT")
    except BaseException as exc:
        _rollback(con)
        if isinstance(exc, DATA_ERRORS):
            raise UnstorableData(printable(f"{type(exc).__name__}: {exc}".splitlines()[0])) from exc
        if isinstance(exc, duckdb.Error):
            raise StoreError(f"could not write a batch of {len(batch.stored)} articles: {exc}") from exc
        raise


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.TransactionException:  # the failed COMMIT already ended the transaction
        pass


def start_run(con: duckdb.DuckDBPyConnection, inputs: Iterable[str]) -> int:
    """Record a new ingest run and return its id."""
    run_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM runs").fetchone()[0]
    con.execute(
        "INSERT INTO runs (id, started, inputs) VALUES (?, ?, ?)",
        [run_id, _now(), json.dumps([str(i) for i in inputs], ensure_ascii=False)],
    )
    return run_id


def finish_run(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    con.execute("UPDATE runs SET finished = ? WHERE id = ?", [_now(), run_id])


def existing_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    """Which of ``ids`` are already stored."""
    if not ids:
        return set()
    rows = con.execute("SELECT id FROM articles WHERE list_contains(?, id)", [ids]).fetchall()
    return {r[0] for r in rows}
