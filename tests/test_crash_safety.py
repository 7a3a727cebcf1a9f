"""kill -9 during an ingest (which links at its end), then the same run again: the database opens and
holds what a clean run holds; a second writer gets a clean T400."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tidings.errors import StoreError

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}


def _ingest(db: Path, *, kill_after: float | None = None) -> int | None:
    cmd = [sys.executable, "-m", "tidings", "-q", "ingest", str(EXAMPLES), "--db", str(db)]
    process = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill_after is None:
        return process.wait(timeout=300)
    time.sleep(kill_after)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    return None


def _content(db: Path) -> dict:
    from tidings.store.db import connect

    with connect(db, read_only=True) as con:
        return {
            "articles": con.execute("SELECT id, dct_used, dct_source FROM articles ORDER BY id").fetchall(),
            "events": con.execute("SELECT article_id, type, date FROM events ORDER BY ALL").fetchall(),
            "timexes": con.execute("SELECT article_id, start_char, value FROM timexes ORDER BY ALL").fetchall(),
        }


@pytest.mark.model
def test_kill_9_during_ingest_then_the_same_run_gives_a_clean_runs_database(tmp_path):
    clean_db = tmp_path / "clean.duckdb"
    assert _ingest(clean_db) == 0
    expected = _content(clean_db)
    for n, delay in enumerate((5.0,)):  # one point: each run loads spaCy (more points in the bench audit)
        db = tmp_path / f"killed{n}.duckdb"
        _ingest(db, kill_after=delay)
        assert _ingest(db) == 0, delay
        assert _content(db) == expected, delay


def test_a_second_writer_gets_a_clean_t400(tmp_path):
    from tidings.store.db import connect
    from tidings.store.ingest import ingest_paths

    db = tmp_path / "busy.duckdb"
    connect(db, create=True).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
         " time.sleep(30)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as caught:
            ingest_paths([EXAMPLES], db, index=False)
        assert str(caught.value).startswith("[T400]") and "\n" not in str(caught.value)
    finally:
        holder.kill()
        holder.wait()
