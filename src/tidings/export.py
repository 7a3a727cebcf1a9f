"""Exports the store: one Analysis JSON per article, or any table as CSV, Parquet or JSON lines."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO

from .errors import ConfigError
from .store.db import connect
from .store.queries import iter_analyses

FORMATS = ("jsonl", "csv", "parquet")

# every table, with the order its rows are exported in
TABLES = {
    "articles": "id",
    "sentences": "article_id, n",
    "entities": "article_id, n",
    "timexes": "article_id, n",
    "actors": "article_id, n",
    "places": "article_id, n",
    "quotes": "article_id, n",
    "events": "article_id, n",
    "ingest_errors": "failed_at, run_id",
    "runs": "id",
}


def export(db: str | os.PathLike | None = None, *, format: str = "jsonl", table: str | None = None,
           out: str | os.PathLike | IO[str] | None = None) -> int:
    """Write the store's contents to ``out`` (a path, a text stream, or stdout) and return the row count.

    ``jsonl`` without a ``table`` writes one Analysis JSON per article (what
    ``tidings extract`` prints, readable with ``Analysis.from_dict``). With a
    ``table``, or as ``csv`` / ``parquet`` (default table ``articles``), the
    table's rows are written by DuckDB's COPY; the ``articles`` table leaves out
    its ``analysis`` column there. Parquet needs a file path.
    """
    if format not in FORMATS:
        raise ConfigError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    if table is not None and table not in TABLES:
        raise ConfigError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    if format == "parquet" and (out is None or not isinstance(out, (str, os.PathLike))):
        raise ConfigError("parquet export needs a file: give -o PATH")
    if isinstance(out, (str, os.PathLike)):
        parent = Path(out).parent
        if not parent.is_dir():
            raise ConfigError(f"cannot write {out}: folder {parent} does not exist")
    con = connect(db, read_only=True)
    try:
        if format == "jsonl" and table is None:
            return _export_analyses(con, out)
        return _copy_table(con, table or "articles", format, out)
    finally:
        con.close()


def _export_analyses(con, out) -> int:
    count = 0
    if isinstance(out, (str, os.PathLike)):
        with open(out, "w", encoding="utf-8") as stream:
            return _export_analyses(con, stream)
    stream = out or sys.stdout
    for analysis in iter_analyses(con):
        stream.write(json.dumps(analysis, ensure_ascii=False) + "\n")
        count += 1
    return count


def _copy_table(con, table: str, format: str, out) -> int:
    columns = "* EXCLUDE (analysis)" if table == "articles" else "*"
    query = f"SELECT {columns} FROM {table} ORDER BY {TABLES[table]}"
    options = {"csv": "FORMAT CSV, HEADER", "jsonl": "FORMAT JSON", "parquet": "FORMAT PARQUET"}[format]
    if isinstance(out, (str, os.PathLike)):
        return _copy_to(con, query, str(out), options)
    with tempfile.TemporaryDirectory(prefix="tidings-export-") as tmp:
        path = os.path.join(tmp, f"{table}.{format}")
        count = _copy_to(con, query, path, options)
        stream = out or sys.stdout
        with open(path, encoding="utf-8") as produced:
            shutil.copyfileobj(produced, stream)
    return count


def _copy_to(con, query: str, path: str, options: str) -> int:
    literal = "'" + path.replace("'", "''") + "'"
    result = con.execute(f"COPY ({query}) TO {literal} ({options})").fetchone()
    return int(result[0]) if result else 0
