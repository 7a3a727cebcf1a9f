"""Full-text search over article titles and text with DuckDB's FTS extension (BM25, stemmed).

The extension comes from the pinned ``duckdb-extension-fts`` wheel and is LOADed from
its packaged file (never INSTALLed from the network). The index is derived data: ingest
rebuilds it after a run that stored articles; a missing or out-of-date index (or a
missing extension) makes search fall back to a plain word match.
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

INDEX_SCHEMA = "fts_main_articles"


def extension_path() -> Path | None:
    """The packaged FTS extension file for this DuckDB version, if installed."""
    try:
        import duckdb_extension_fts
    except ImportError:
        return None
    path = Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    return path if path.is_file() else None


def load_extension(con: duckdb.DuckDBPyConnection) -> bool:
    """LOAD the FTS extension into this connection; False when it is not available."""
    path = extension_path()
    if path is None:
        return False
    try:
        con.execute("LOAD '" + str(path).replace("'", "''") + "'")
    except duckdb.Error as exc:
        log.info("full-text search unavailable: %s", exc)
        return False
    return True


def rebuild_index(con: duckdb.DuckDBPyConnection) -> bool:
    """(Re)build the BM25 index over ``articles.title`` and ``articles.text``."""
    if not load_extension(con):
        return False
    try:
        con.execute("PRAGMA create_fts_index('articles', 'id', 'title', 'text', overwrite = 1)")
    except duckdb.Error as exc:
        log.warning("could not build the full-text index: %s", exc)
        return False
    return True


def index_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the index exists and covers exactly the stored articles."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = 'docs'",
        [INDEX_SCHEMA],
    ).fetchone()[0]
    if not exists:
        return False
    indexed = con.execute(f"SELECT count(*) FROM {INDEX_SCHEMA}.docs").fetchone()[0]
    return indexed == con.execute("SELECT count(*) FROM articles").fetchone()[0]


def ranked_ids_sql() -> str:
    """A subquery of ``(id, score)`` for the articles matching every word of ``?``, best first."""
    return (
        f"SELECT id, {INDEX_SCHEMA}.match_bm25(id, ?, conjunctive := 1) AS score FROM articles"
    )


def can_search(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ranked full-text search can run on this connection now."""
    return index_is_current(con) and load_extension(con)
