"""Opens the DuckDB store file, migrating it to the current schema."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

from ..errors import StoreError
from .schema import LATEST, current_version, migrate

DEFAULT_DB = "tidings.duckdb"


def default_db() -> str:
    """The database path used when none is given: ``TIDINGS_DB`` or ``tidings.duckdb``."""
    return os.environ.get("TIDINGS_DB") or DEFAULT_DB


def connect(db: str | os.PathLike | None = None, *, create: bool = False,
            read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store at ``db``, bringing its schema up to date.

    ``create`` makes a new database when the file is missing; without it a
    missing file is a ``StoreError``. A read-only open of an out-of-date
    database migrates it first through a short read-write connection.
    """
    path = Path(db or default_db())
    if not path.exists():
        if not create:
            raise StoreError(f"no database at {path}; run `tidings ingest PATH --db {path}` first")
        if path.parent and not path.parent.exists():
            raise StoreError(f"cannot create {path}: folder {path.parent} does not exist")
    elif path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    try:
        if read_only:
            con = duckdb.connect(str(path), read_only=True)
            if current_version(con) == LATEST:
                return con
            con.close()
        recovered = Path(str(path) + ".wal").exists()  # a run was killed: its log is replayed now
        con = duckdb.connect(str(path))
        if recovered:
            # write the replayed log into the file before anything else is written: without it
            # a killed run's replayed appends can clash with the next run's in the indexes
            # (DuckDB 1.5.5 then aborts the process on a primary-key error at commit)
            con.execute("CHECKPOINT")
        migrate(con)
        if read_only:
            con.close()
            con = duckdb.connect(str(path), read_only=True)
        return con
    except duckdb.IOException as exc:
        message = _first_line(exc)
        if "Conflicting lock" in message:
            holder = re.search(r"\(PID (\d+)\)", message)
            who = f"process {holder[1]}" if holder else "another process"
            raise StoreError(
                f"{path} is in use by {who} (a running ingest or serve); DuckDB lets one process "
                "write a file, so wait for it to finish or use another --db"
            ) from exc
        raise StoreError(f"cannot open {path}: {message}") from exc
    except duckdb.Error as exc:
        raise StoreError(f"{path} is not a usable tidings database: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
