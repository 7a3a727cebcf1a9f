"""The target of issue 14: a folder of every bad input the reliability audit found, mixed with good
files, ingests (and links) in under a minute with every good document stored and every bad one
recorded with its code. The time is printed; under load the bound has slack (see docs/ingest.md)."""

from __future__ import annotations

import gzip
import json
import os
import time
import zlib

import pytest
from click.testing import CliRunner

BOUND = 60.0  # seconds: the target
SLACK = 3.0  # a loaded, shared machine may be this much slower; the figure is printed either way

GOOD_TEXTS = {
    "good1.txt": "Iran talks to resume\nThe foreign minister said on Monday that talks with Iran would resume in "
                 "Vienna next week.",
    "good2.txt": "Rebels attack convoy\nGOMA (Reuters) - Rebels attacked a convoy near Goma on Friday, the army said.",
    "odd name ü \u2028 é.txt": "The president of Kenya met the prime minister of Ethiopia in Nairobi on Tuesday.",
    "line-separators.txt": "The court said on Friday\u2028that the law stands.\u2029 Lawyers for the state welcomed "
                           "the ruling\x85 on Saturday.",
    "old.txt": "The empire fell 30 centuries ago, historians said on Monday.",  # once: year out of range
}


def _gzip(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


def _build(folder) -> tuple[int, dict[str, str]]:
    """Write the folder; return (good documents, {source suffix: expected code}) and the bad ones."""
    good = 0
    for name, text in GOOD_TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
        good += 1
    bad: dict[str, str] = {}
    # pathological but analysable: stored, or refused by the budget (T501): recorded either way
    (folder / "dates.txt").write_text("Meetings were held on " + ", ".join(
        f"June {d % 28 + 1}" for d in range(800)) + ".")
    words = "the minister said that the army attacked the rebels and".split()
    (folder / "run-on.txt").write_text("The president said that " + " ".join(
        words[i % len(words)] for i in range(500)) + " the talks ended.")
    # special files
    os.mkfifo(folder / "fifo.txt")
    bad["fifo.txt"] = "T113"
    os.symlink("/dev/zero", folder / "zero.txt")
    bad["zero.txt"] = "T113"
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    bad["loop-a.txt"] = bad["loop-b.txt"] = "T1"  # a symlink loop: refused, not followed forever
    # undecodable, empty, binary
    (folder / "empty.txt").write_text("   \n")
    bad["empty.txt"] = "T102"
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 200)
    bad["binary.txt"] = "T103"
    (folder / "latin1.txt").write_bytes("Le président a déclaré lundi que les pourparlers reprendraient.".encode("latin-1"))
    bad["latin1.txt"] = "T104"
    # JSONL: a lone surrogate line among good lines, a line with its own id, the same text under two ids
    lines = ['{"text": "The army said on Friday that rebels attacked a convoy near Goma."}',
             '{"text": "a\\ud800b The minister said talks failed."}',
             '{"id": "own-1", "text": "Parliament elected a new speaker on Thursday after weeks of deadlock."}',
             '{"id": "own-2", "text": "Parliament elected a new speaker on Thursday after weeks of deadlock."}',
             '{"title": "x", "text": ""}']
    (folder / "lines.jsonl").write_text("\n".join(lines) + "\n")
    good += 2  # line 1, line 3 (line 4 is the same text: a second sighting, not a second article)
    bad["lines.jsonl:2"] = "T107"
    bad["lines.jsonl:5"] = "T108"
    # bombs and huge records
    blank = zlib.compressobj(1, zlib.DEFLATED, 31)
    parts = [blank.compress(b"\n" * (1 << 20)) for _ in range(256)]  # 256 MiB of blank lines
    parts += [blank.compress(b'{"text": "The police said on Sunday that protesters marched in Lima."}\n'), blank.flush()]
    (folder / "blank.jsonl.gz").write_bytes(b"".join(parts))
    good += 1
    (folder / "bomb.txt.gz").write_bytes(_gzip(b"A" * (12 << 20)))  # 12 MiB of one letter, past the 10 MiB limit
    bad["bomb.txt.gz"] = "T105"
    (folder / "huge-line.jsonl").write_text('{"text": "' + "word " * (2_200_000) + '"}\n')
    bad["huge-line.jsonl:1"] = "T105"
    truncated = gzip.compress(b'{"text": "The navy said on Monday that it seized a tanker near the strait, '
                              b'officials said, and that its crew of ' + b"twenty " * 2000 + b'was held."}\n')
    (folder / "truncated.jsonl.gz").write_bytes(truncated[: len(truncated) // 2])
    bad["truncated.jsonl.gz"] = "T109"
    bad["truncated.jsonl.gz:1"] = "T107"  # the line the damage cut short
    # HTML: deep nesting, 100k divs, a placeholder date
    (folder / "deep.html").write_text("<html><body>" + "<div>" * 300 + "<p>Parliament in Lima elected a new speaker "
                                      "on Thursday after weeks of deadlock between the parties.</p>" + "</div>" * 300
                                      + "</body></html>")
    (folder / "divs.html").write_text("<html><body>" + "<div>" * 100_000 + "</body></html>")
    bad["divs.html"] = "T106"
    (folder / "placeholder.html").write_text(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "datePublished": '
        '"0001-01-01T00:00:00Z"}</script></head><body><article><h1>Council votes</h1><p>The city council voted on '
        'Tuesday to approve the new budget after a long debate about police funding.</p></article></body></html>')
    good += 2
    # feeds: entity junk, billion laughs, XXE; an XML file that is not a feed
    (folder / "lol.xml").write_text("""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol9 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>Feed</title>
<item><title>A</title><description>The minister said on Monday that talks would resume. &lol9; &xxe;</description></item>
<item><title>B</title><description>&lol9;</description></item>
</channel></rss>""")
    good += 1
    bad["lol.xml#2"] = "T119"
    (folder / "notfeed.xml").write_text('<?xml version="1.0"?><catalog><book>A</book></catalog>')
    bad["notfeed.xml"] = "T111"
    return good, bad


@pytest.mark.model
def test_a_folder_of_every_bad_input_mixed_with_good_files_ingests_in_under_a_minute(tmp_path):
    from tidings.cli import main
    from tidings.store.db import connect

    folder = tmp_path / "in"
    folder.mkdir()
    good, bad = _build(folder)
    db = tmp_path / "bad.duckdb"
    start = time.monotonic()
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)], catch_exceptions=False)
    elapsed = time.monotonic() - start
    print(f"\nbad-input folder: {good} good documents, {len(bad)} bad inputs, ingested and linked in "
          f"{elapsed:.1f} s (target {BOUND:.0f} s)")
    assert "Traceback" not in result.output
    with connect(db, read_only=True) as con:
        stored = {r[0] for r in con.execute("SELECT source FROM articles").fetchall()}
        errors = dict(con.execute("SELECT source, reason FROM ingest_errors").fetchall())
        leaks = con.execute("SELECT count(*) FROM articles WHERE text LIKE '%lol%' OR text LIKE '%root:%'").fetchone()
        placeholder = con.execute("SELECT stated_date FROM articles WHERE source LIKE '%placeholder.html'").fetchone()
    pathological = {os.path.basename(s) for s in stored} & {"dates.txt", "run-on.txt"}
    refused = {os.path.basename(s) for s, reason in errors.items() if reason.startswith("[T501]")}
    assert pathological | refused == {"dates.txt", "run-on.txt"}  # each stored, or refused by its budget
    assert len(stored) - len(pathological) == good, sorted(stored)
    for suffix, code in bad.items():
        match = [reason for source, reason in errors.items() if source.endswith(suffix)]
        assert match and match[0].startswith(f"[{code}"), (suffix, code, match)
    assert len(errors) == len(bad) + len(refused), sorted(errors)
    assert all("\n" not in reason for reason in errors.values())
    assert leaks == (0,) and placeholder == (None,)  # nothing expanded; the placeholder date refused
    assert elapsed < BOUND * SLACK, f"{elapsed:.1f} s"
    # the JSONL line with its own id can be re-dated (its text still hashes to what is stored)
    redo = CliRunner().invoke(main, ["link", "--db", str(db), "--full"], catch_exceptions=False)
    assert redo.exit_code == 0 and "T400" not in redo.output
    with connect(db, read_only=True) as con:
        sightings = con.execute("SELECT count(*) FROM sightings WHERE given_id IN ('own-1', 'own-2')").fetchone()
    assert sightings == (2,)  # the same text under two ids: one article, two sightings
    json.dumps(errors)  # every reason is plain text
