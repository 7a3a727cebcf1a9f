"""The DuckDB schema of the tidings store, as numbered migrations applied in order.

A new database gets every migration; an older one gets the steps it lacks.
``schema_version`` records each applied step, so the version of a database is
``max(version)``. Migrations are append-only: never edit a released step, add
a new one.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ..errors import StoreError


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


_V1 = (
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started TIMESTAMP NOT NULL,
        finished TIMESTAMP,
        inputs JSON,
        stored INTEGER NOT NULL DEFAULT 0,
        duplicate INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0
    )
    """,
    """
    CREATE TABLE articles (
        id VARCHAR PRIMARY KEY,
        source VARCHAR,
        url VARCHAR,
        outlet VARCHAR,
        title VARCHAR,
        byline VARCHAR,
        stated_date VARCHAR,
        dct_used VARCHAR,
        dct_source VARCHAR,
        dct_contradicted BOOLEAN,
        language VARCHAR,
        text VARCHAR NOT NULL,
        raw VARCHAR,
        meta JSON,
        analysis JSON NOT NULL,
        run_id INTEGER,
        ingested_at TIMESTAMP NOT NULL
    )
    """,
    """
    CREATE TABLE sentences (
        article_id VARCHAR NOT NULL, n INTEGER NOT NULL,
        start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, text VARCHAR,
        PRIMARY KEY (article_id, n)
    )
    """,
    """
    CREATE TABLE entities (
        article_id VARCHAR NOT NULL, n INTEGER NOT NULL,
        start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, text VARCHAR,
        label VARCHAR,
        PRIMARY KEY (article_id, n)
    )
    """,
    """
    CREATE TABLE timexes (
        article_id VARCHAR NOT NULL, n INTEGER NOT NULL,
        start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, text VARCHAR,
        type VARCHAR, value VARCHAR, mod VARCHAR, anchor VARCHAR, anchor_value VARCHAR,
        PRIMARY KEY (article_id, n)
    )
    """,
    """
    CREATE TABLE actors (
        article_id VARCHAR NOT NULL, n INTEGER NOT NULL,
        start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, text VARCHAR,
        name VARCHAR, code VARCHAR, country VARCHAR, sector VARCHAR, method VARCHAR,
        entity_id VARCHAR, confidence DOUBLE,
        evidence_start INTEGER, evidence_end INTEGER, evidence_text VARCHAR,
        PRIMARY KEY (article_id, n)
    )
    """,
    """
    CREATE TABLE places (
        article_id VARCHAR NOT NULL, n INTEGER NOT NULL,
        start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, text VARCHAR,
        name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE, feature VARCHAR,
        geonameid BIGINT, confidence DOUBLE,
        PRIMARY KEY (article_id, n)
    )
    """,
    """
    CREATE TABLE quotes (
        article_id VARCHAR NOT NULL, n INTEGER NOT NULL,
        start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, text VARCHAR,
        direct BOOLEAN,
        cue_start INTEGER, cue_end INTEGER, cue_text VARCHAR,
        speaker_start INTEGER, speaker_end INTEGER, speaker_text VARCHAR,
        speaker_name VARCHAR, speaker_code VARCHAR, confidence DOUBLE,
        PRIMARY KEY (article_id, n)
    )
    """,
    """
    CREATE TABLE events (
        article_id VARCHAR NOT NULL, n INTEGER NOT NULL,
        type VARCHAR NOT NULL, mode VARCHAR, cameo VARCHAR, quad INTEGER, goldstein DOUBLE,
        date VARCHAR, date_source VARCHAR, modality VARCHAR,
        place_name VARCHAR, place_country VARCHAR, place_lat DOUBLE, place_lon DOUBLE,
        place_start INTEGER, place_end INTEGER, place_text VARCHAR,
        sentence_start INTEGER, sentence_end INTEGER, sentence_text VARCHAR,
        trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR,
        confidence DOUBLE,
        actors JSON, recipients JSON,
        actor_codes VARCHAR, recipient_codes VARCHAR,
        actor_names VARCHAR, recipient_names VARCHAR,
        PRIMARY KEY (article_id, n)
    )
    """,
    """
    CREATE TABLE ingest_errors (
        run_id INTEGER,
        source VARCHAR,
        reason VARCHAR NOT NULL,
        code VARCHAR,
        failed_at TIMESTAMP NOT NULL
    )
    """,
)

# v2: events get the day range their TIMEX3 date covers, so --since/--until can
# compare dates ("2017-06" covers 2017-06-01..2017-06-30); indexes for filters.
_V2 = (
    "ALTER TABLE events ADD COLUMN date_start DATE",
    "ALTER TABLE events ADD COLUMN date_end DATE",
    "CREATE INDEX events_type ON events (type)",
    "CREATE INDEX quotes_speaker_code ON quotes (speaker_code)",
)

# v3: the cross-article layer (``tidings.link``), recomputed whole by ``tidings link --db``:
# near-duplicate pairs, events merged across articles with their mentions, stories and
# the date evidence other articles give an article whose own date can't be trusted.
_V3 = (
    """
    CREATE TABLE duplicates (
        a VARCHAR NOT NULL, b VARCHAR NOT NULL, similarity DOUBLE,
        repost BOOLEAN, original VARCHAR, copy VARCHAR,
        PRIMARY KEY (a, b)
    )
    """,
    """
    CREATE TABLE merged_events (
        id VARCHAR PRIMARY KEY,
        type VARCHAR NOT NULL, cameo VARCHAR, quad INTEGER, goldstein DOUBLE,
        date VARCHAR, date_start DATE, date_end DATE,
        actors VARCHAR, recipients VARCHAR, countries VARCHAR,
        place VARCHAR, place_country VARCHAR, modalities VARCHAR,
        n_mentions INTEGER, n_articles INTEGER, n_outlets INTEGER
    )
    """,
    """
    CREATE TABLE merged_mentions (
        merged_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, event_n INTEGER NOT NULL,
        sentence_start INTEGER, sentence_end INTEGER, sentence_text VARCHAR,
        trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR,
        date VARCHAR, modality VARCHAR, dated_by_article BOOLEAN, outlet VARCHAR,
        PRIMARY KEY (article_id, event_n)
    )
    """,
    """
    CREATE TABLE stories (
        id VARCHAR PRIMARY KEY,
        first VARCHAR, last VARCHAR, title VARCHAR, n_articles INTEGER,
        countries VARCHAR, places VARCHAR, events VARCHAR, links JSON
    )
    """,
    """
    CREATE TABLE story_articles (
        story_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL,
        PRIMARY KEY (story_id, article_id)
    )
    """,
    """
    CREATE TABLE corpus_date_evidence (
        article_id VARCHAR NOT NULL, n INTEGER NOT NULL,
        kind VARCHAR, detail VARCHAR, windows JSON, weight DOUBLE,
        span_start INTEGER, span_end INTEGER, span_text VARCHAR,
        PRIMARY KEY (article_id, n)
    )
    """,
    "CREATE INDEX merged_mentions_merged ON merged_mentions (merged_id)",
    "CREATE INDEX story_articles_article ON story_articles (article_id)",
)

# v4: every source an article was read from is kept as a sighting of it (``store.sightings``);
# stories count outlets too, runs count the sightings they added.
_V4 = (
    """
    CREATE TABLE sightings (
        article_id VARCHAR NOT NULL, key VARCHAR NOT NULL,
        source VARCHAR, url VARCHAR, outlet VARCHAR, title VARCHAR, stated_date VARCHAR,
        given_id VARCHAR, run_id INTEGER, seen_at TIMESTAMP NOT NULL,
        PRIMARY KEY (article_id, key)
    )
    """,
    "CREATE INDEX sightings_given_id ON sightings (given_id)",
    "ALTER TABLE stories ADD COLUMN n_outlets INTEGER",
    "ALTER TABLE runs ADD COLUMN sightings INTEGER DEFAULT 0",
)

# v5: what incremental linking keeps (``store.link``): every linked mention's features and
# event root, every blocking key (``link.keys``) of mentions and articles, and each linked
# article's story profile and story component. (v4 is the sightings migration.)
_V5 = (
    """
    CREATE TABLE link_mentions (
        article_id VARCHAR NOT NULL, event_n INTEGER NOT NULL, anchor BOOLEAN,
        feat JSON, root VARCHAR, best_score INTEGER, best_sig VARCHAR, best_mid VARCHAR,
        PRIMARY KEY (article_id, event_n)
    )
    """,
    "CREATE TABLE link_keys (key VARCHAR NOT NULL, role VARCHAR NOT NULL, article_id VARCHAR NOT NULL, event_n INTEGER)",
    """
    CREATE TABLE link_articles (
        article_id VARCHAR PRIMARY KEY, profile JSON, component VARCHAR, story_id VARCHAR
    )
    """,
    "CREATE INDEX link_mentions_root ON link_mentions (root)",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, per-record tables, runs and ingest errors", _V1),
    Migration(2, "events.date_start/date_end for date filters; filter indexes", _V2),
    Migration(3, "link layer: duplicates, merged events and mentions, stories, corpus date evidence", _V3),
    Migration(4, "sightings: every source of an article; articles keyed by their text", _V4),
    Migration(5, "incremental linking: mention features, blocking keys, story profiles", _V5),
)

LATEST = MIGRATIONS[-1].version


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open database (0 for an empty one)."""
    has_table = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_name = 'schema_version' AND table_schema = 'main'"
    ).fetchone()[0]
    if not has_table:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection, target: int | None = None) -> list[int]:
    """Apply, in order and each in its own transaction, the migrations up to ``target``.

    Returns the versions applied. A database newer than this code is refused.
    """
    target = LATEST if target is None else target
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        "version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
    )
    version = current_version(con)
    if version > LATEST:
        raise StoreError(
            f"the database has schema version {version}, newer than this tidings ({LATEST}); upgrade tidings"
        )
    applied = []
    for step in MIGRATIONS:
        if step.version <= version or step.version > target:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in step.statements:
                con.execute(statement)
            if step.version == 2:
                _backfill_event_dates(con)
            if step.version == 4:
                from .sightings import backfill

                backfill(con)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, now()::TIMESTAMP)",
                [step.version, step.description],
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {step.version} ({step.description}) failed: {exc}") from exc
        applied.append(step.version)
    return applied


def _backfill_event_dates(con: duckdb.DuckDBPyConnection) -> None:
    """Fill events.date_start/date_end for rows written before v2."""
    from .dates import timex_range

    rows = con.execute("SELECT DISTINCT date FROM events WHERE date IS NOT NULL").fetchall()
    for (value,) in rows:
        start, end = timex_range(value)
        con.execute(
            "UPDATE events SET date_start = ?, date_end = ? WHERE date = ?", [start, end, value]
        )
