"""The DuckDB store: schema and migrations, idempotent batched ingest, and queries.

>>> from tidings.store import connect, ingest_paths
>>> summary = ingest_paths(["examples/"], db="tidings.duckdb")   # doctest: +SKIP
>>> con = connect("tidings.duckdb", read_only=True)                 # doctest: +SKIP
"""

from __future__ import annotations

from .db import DEFAULT_DB, connect
from .schema import LATEST as SCHEMA_VERSION
from .schema import MIGRATIONS, migrate

__all__ = ["DEFAULT_DB", "MIGRATIONS", "SCHEMA_VERSION", "connect", "ingest_paths", "migrate"]


def ingest_paths(*args, **kwargs):
    """Read inputs, analyse and store them (see :func:`tidings.store.ingest.ingest_paths`)."""
    from .ingest import ingest_paths as _ingest_paths

    return _ingest_paths(*args, **kwargs)
