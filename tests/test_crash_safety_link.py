"""kill -9 during a separate ``tidings link`` run, at several points of it, then the same run again:
the database opens and its link tables (and the articles the link re-dated) are what a clean
run gives; a second writer during a link gets a clean one-line T400.

The kill points are the link layer's own phases, reached deterministically: a small wrapper
process replaces one function of ``tidings.store.link`` with one that SIGKILLs the process (on
entering it, or just after it returns) and then runs the ordinary ``tidings link`` command. No
hook is needed inside the link code.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}

# six reports: four of the Singapore summit (one undated: the corpus dates it; one a near copy),
# one unrelated, so that every link table has rows and one article is re-dated
DOCS = {
    "a.txt": "Trump and Kim sign statement in Singapore\nPublished: June 12, 2018\nSINGAPORE (Reuters) - U.S. "
             "President Donald Trump and North Korean leader Kim Jong Un met in Singapore on Tuesday and signed a "
             "joint statement on denuclearisation.\nTrump said the talks went better than anybody could have "
             "expected. Kim said the two leaders had decided to leave the past behind.\nSouth Korea welcomed the "
             "agreement on Tuesday.\n",
    "b.txt": "Leaders meet at Singapore summit\nPublished: June 13, 2018\nSINGAPORE (AP) - President Donald Trump "
             "met North Korean leader Kim Jong Un in Singapore on June 12, 2018, the first meeting between a "
             "sitting U.S. president and a North Korean leader.\nThe two men signed a joint statement after the "
             "talks. China praised the summit on Wednesday.\n",
    "c.txt": "Kim returns home after summit\nNorth Korean leader Kim Jong Un met U.S. President Donald Trump in "
             "Singapore on June 12, state media said. Kim returned to Pyongyang on Wednesday after the talks.\n"
             "The official news agency said Kim and Trump signed a joint statement.\n",
    "d.txt": "Trump and Kim sign statement in Singapore\nSINGAPORE (Reuters) - U.S. President Donald Trump and "
             "North Korean leader Kim Jong Un met in Singapore on Tuesday and signed a joint statement on "
             "denuclearisation.\nTrump said the talks went better than anybody could have expected. Kim said the "
             "two leaders had decided to leave the past behind.\nSouth Korea welcomed the agreement on Tuesday. "
             "Japan said it would study the text.\n",
    "e.txt": "Rebels attack convoy near Goma\nPublished: March 10, 2018\nGOMA (Reuters) - Rebels attacked a United "
             "Nations convoy near Goma on Friday, killing two peacekeepers, the Congolese army said.\nThe United "
             "Nations condemned the attack on Saturday and said it would send more troops.\n",
}

# (function of tidings.store.link, when): the phases of one link run, in order
KILL_POINTS = [
    ("link_batch_into_store", "enter"),  # the link tables were just emptied in the open transaction
    ("_link_events", "return"),  # merged events written, stories not yet
    ("_link_stories", "enter"),
    ("_redate", "enter"),  # every link table written, nothing re-dated
    ("_rewrite_article", "enter"),  # an article re-dated in memory, about to be rewritten
    ("_recount", "return"),  # everything written, just before COMMIT
    ("link_store", "return"),  # committed: killed before the summary is printed
]

WRAPPER = """
import os, signal, sys
from tidings.store import link as L
name, when, marker, pause = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
real = getattr(L, name)
def wrapped(*args, **kwargs):
    if when == "enter":
        os.kill(os.getpid(), signal.SIGKILL)
    result = real(*args, **kwargs)
    if when == "hold":  # a link holding the store mid-transaction, for the second writer
        open(marker, "w").close()
        import time; time.sleep(pause)
        return result
    os.kill(os.getpid(), signal.SIGKILL)
setattr(L, name, wrapped)
from tidings.cli import main
main(["-q", "link", "--db", sys.argv[5]], standalone_mode=True)
"""


def _link_process(db: Path, name: str, when: str, marker: Path | None = None, pause: float = 0.0):
    return subprocess.Popen([sys.executable, "-c", WRAPPER, name, when, str(marker or ""), str(pause), str(db)],
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _tables(db: Path) -> dict:
    from tidings.store.db import connect
    from tidings.store.link import LINK_TABLES, STATE_TABLES

    with connect(db, read_only=True) as con:
        out = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in LINK_TABLES + STATE_TABLES}
        out["articles"] = con.execute("SELECT id, dct_used, dct_source, analysis FROM articles ORDER BY id").fetchall()
        out["events"] = con.execute("SELECT article_id, type, date FROM events ORDER BY ALL").fetchall()
    return out


@pytest.fixture(scope="module")
def unlinked(tmp_path_factory) -> Path:
    from tidings.store.ingest import ingest_paths

    root = tmp_path_factory.mktemp("link-crash")
    (root / "in").mkdir()
    for name, text in DOCS.items():
        (root / "in" / name).write_text(text, encoding="utf-8")
    db = root / "unlinked.duckdb"
    summary = ingest_paths([root / "in"], db, index=False)  # stores, does not link
    assert summary.stored == len(DOCS), summary.errors
    return db


@pytest.fixture(scope="module")
def clean(unlinked) -> dict:
    from tidings.store.link import link_store

    db = unlinked.with_name("clean.duckdb")
    shutil.copy(unlinked, db)
    summary = link_store(db)
    assert summary.merged_multi and summary.stories_multi and summary.duplicate_pairs and summary.redated, summary
    return _tables(db)


@pytest.mark.model
@pytest.mark.parametrize("name,when", KILL_POINTS, ids=[f"{n}-{w}" for n, w in KILL_POINTS])
def test_kill_9_during_a_link_then_the_same_run_gives_a_clean_runs_tables(unlinked, clean, name, when, tmp_path):
    from tidings.store.link import link_store

    db = tmp_path / "killed.duckdb"
    shutil.copy(unlinked, db)
    process = _link_process(db, name, when)
    _, err = process.communicate(timeout=300)
    assert process.returncode == -signal.SIGKILL, err[-2000:]  # killed where it was meant to be
    summary = link_store(db)  # the same run again, in a fresh connection
    assert _tables(db) == clean, (name, when, str(summary))


@pytest.mark.model
def test_a_second_writer_during_a_link_gets_a_clean_t400_and_the_store_survives_a_kill(unlinked, clean, tmp_path):
    from tidings.errors import StoreError
    from tidings.store.link import link_store

    db = tmp_path / "busy.duckdb"
    shutil.copy(unlinked, db)
    marker = tmp_path / "holding"
    holder = _link_process(db, "_recount", "hold", marker, pause=120)
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert holder.poll() is None, holder.communicate()[1][-2000:]
            assert time.monotonic() < deadline
            time.sleep(0.2)
        # the CLI: one line, coded, no traceback, non-zero exit
        second = subprocess.run([sys.executable, "-m", "tidings", "link", "--db", str(db)], env=ENV,
                                capture_output=True, text=True, timeout=120)
        assert second.returncode != 0
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: [T400]") and "Traceback" not in second.stderr, \
            second.stderr[-2000:]
        ingest = subprocess.run([sys.executable, "-m", "tidings", "ingest", str(unlinked.parent / "in"),
                                 "--db", str(db)], env=ENV, capture_output=True, text=True, timeout=300)
        assert ingest.returncode != 0 and "[T400]" in ingest.stderr and "Traceback" not in ingest.stderr
        # the API: a StoreError with one line
        with pytest.raises(StoreError) as caught:
            link_store(db)
        assert str(caught.value).startswith("[T400]") and "\n" not in str(caught.value)
    finally:
        holder.send_signal(signal.SIGKILL)  # killed mid-transaction: one more kill point
        holder.wait(timeout=60)
    link_store(db)
    assert _tables(db) == clean
