"""The store commands in-process: ingest, articles, show, export, events, quotes, errors."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from test_store import ReadFailure, fake_stream, other_analysis, summit_analysis
from tidings.cli import COMMANDS, EVAL_COMMANDS, main
from tidings.commands import store as store_commands
from tidings.model import Analysis
from tidings.store import connect
from tidings.store import ingest as store_ingest

REPO = Path(__file__).resolve().parents[1]


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture
def db(tmp_path, monkeypatch):
    """Two hand-built articles and one recorded read error, without loading spaCy."""
    monkeypatch.setattr(store_ingest, "analyze_stream", fake_stream)
    path = tmp_path / "cli.duckdb"
    store_ingest.ingest_items([summit_analysis()[0], other_analysis()[0],
                               ReadFailure("scans/page.pdf", "not a text or HTML file", "T102")], path)
    return path


def test_articles_lists_id_outlet_date_title(db):
    result = run("articles", "--db", db, "--csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["outlet"], r["date"], r["title"]) for r in rows] == [
        ("Wire", "2019-03-04", "Talks to resume"), ("Example News", "2018-06-12", "Summit in Singapore")]
    table = run("articles", "--db", db)
    assert "Summit in Singapore" in table.stdout and summit_analysis()[0].id in table.stdout
    lines = run("articles", "--db", db, "--jsonl", "--search", "geneva iran").stdout.splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["Talks to resume"]


def test_show_prints_metadata_then_text(db):
    article_id = summit_analysis()[0].id
    result = run("show", article_id[:7], "--db", db)
    assert result.exit_code == 0
    head, _, body = result.stdout.partition("\n\n")
    assert "title:        Summit in Singapore" in head
    assert "outlet:       Example News" in head
    assert "stated date:  2018-06-12" in head
    assert "date used:    2018-06-12 (stated)" in head
    assert "contradicted: no" in head
    assert body.rstrip("\n") == summit_analysis()[0].text
    as_json = run("show", article_id, "--db", db, "--json")
    assert Analysis.from_dict(json.loads(as_json.stdout)) == summit_analysis()[1]


def test_show_unknown_id_is_one_clear_line(db):
    result = run("show", "ffffffffff", "--db", db)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: [T400] no article with an id starting 'ffffffffff'; `tidings articles` lists them"]


def test_reading_commands_say_when_the_database_is_missing(tmp_path):
    missing = tmp_path / "nothing.duckdb"
    for command in ("articles", "events", "quotes", "errors", "export"):
        result = run(command, "--db", missing)
        assert result.exit_code == 2, command
        assert re.fullmatch(r"error: \[T400\] no database at .*nothing\.duckdb; run `tidings ingest.*\n",
                            result.stderr), command
        assert not missing.exists()  # reading never creates a database


def test_events_filters_and_formats(db):
    rows = [json.loads(line) for line in run("events", "--db", db, "--jsonl", "--actor", "PRK").stdout.splitlines()]
    assert sorted(r["type"] for r in rows) == ["ASSAULT", "CONSULT"]
    consult = next(r for r in rows if r["type"] == "CONSULT")
    assert consult["actors"][0]["code"] == "USAGOV" and consult["date_start"] == "2018-06-12"
    planned = list(csv.DictReader(io.StringIO(
        run("events", "--db", db, "--csv", "--modality", "planned").stdout)))
    assert [(r["type"], r["actor_codes"], r["recipient_codes"]) for r in planned] == [("CONSULT", "IRN", "IGOEEC")]
    dated = run("events", "--db", db, "--csv", "--since", "2019-03", "--until", "2019-03-05", "--type", "reject")
    assert [r["trigger_text"] for r in csv.DictReader(io.StringIO(dated.stdout))] == ["rejected"]
    table = run("events", "--db", db, "--article", other_analysis()[0].id[:6])
    assert "REJECT" in table.stdout and "ASSAULT" not in table.stdout
    bad = run("events", "--db", db, "--since", "yesterday")
    assert bad.exit_code == 2 and bad.stderr.startswith("error: [T300] not a date: 'yesterday'")


@pytest.mark.parametrize("value", ["foo", "assert", "planned,negated", ""])
def test_events_refuses_an_unknown_modality(db, value):
    bad = run("events", "--db", db, "--modality", value)
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr.startswith("error: [T300] Invalid value for '--modality'") and "planned" in bad.stderr


def test_events_modality_is_any_case(db):
    planned = list(csv.DictReader(io.StringIO(run("events", "--db", db, "--csv", "--modality", "PLANNED").stdout)))
    assert [r["type"] for r in planned] == ["CONSULT"]
    asserted = list(csv.DictReader(io.StringIO(run("events", "--db", db, "--csv", "--modality", "Asserted").stdout)))
    assert sorted(r["type"] for r in asserted) == ["ASSAULT", "CONSULT", "REJECT"]


@pytest.mark.parametrize("value", ["FOO", "meet", "CONSULTS", "04", ""])
def test_events_refuses_a_type_that_is_not_plover(db, value):
    bad = run("events", "--db", db, "--type", value)
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr.startswith(f"error: [T300] --type: unknown PLOVER event type {value!r}")
    assert len(bad.stderr.strip().splitlines()) == 1 and "CONSULT" in bad.stderr


@pytest.mark.parametrize(("a", "b", "which"), [("", "", "A"), ("  ", "PRK", "A"), ("USA", "", "B")])
def test_series_refuses_empty_actors(db, a, b, which):
    bad = run("series", a, b, "--db", db)
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr.startswith(f"error: [T300] series: actor {which} is empty")


def test_quotes_filters(db):
    rows = list(csv.DictReader(io.StringIO(run("quotes", "--db", db, "--csv", "--speaker", "Kim").stdout)))
    assert [(r["speaker_code"], r["direct"]) for r in rows] == [("PRKGOV", "True")]
    text = summit_analysis()[0].text
    assert text[int(rows[0]["start_char"]):int(rows[0]["end_char"])] == rows[0]["text"]
    assert run("quotes", "--db", db, "--csv", "--actor", "IRN").stdout.strip().count("\n") == 0  # header only
    assert "officials" in run("quotes", "--db", db, "--article", other_analysis()[0].id).stdout


def test_errors_lists_recorded_failures(db):
    result = run("errors", "--db", db, "--jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["source"], r["code"], r["reason"], r["run_id"]) for r in rows] == [
        ("scans/page.pdf", "T102", "not a text or HTML file", 1)]
    assert "scans/page.pdf" in run("errors", "--db", db).stdout
    assert run("errors", "--db", db, "--run", 2, "--csv").stdout.strip() == "run_id,source,code,reason,failed_at"


def test_export_command_formats(db, tmp_path):
    jsonl = run("export", "--db", db)
    analyses = [Analysis.from_dict(json.loads(line)) for line in jsonl.stdout.splitlines()]
    assert sorted(a.title for a in analyses) == ["Summit in Singapore", "Talks to resume"]
    out = tmp_path / "events.csv"
    result = run("export", "--db", db, "--format", "csv", "--table", "events", "-o", out)
    assert result.exit_code == 0 and "wrote 4 rows" in result.stderr
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 4
    no_file = run("export", "--db", db, "--format", "parquet")
    assert no_file.exit_code == 2 and "needs a file" in no_file.stderr
    rows = run("export", "--db", db, "--format", "jsonl", "--table", "actors").stdout.splitlines()
    assert json.loads(rows[0])["code"] == "USAGOV"


def test_ingest_exit_status_and_failure_lines(tmp_path, monkeypatch):
    """The command's contract, with the readers and the pipeline replaced by hand-built items."""
    monkeypatch.setattr(store_ingest, "analyze_stream", fake_stream)

    def fake_read(paths, **kwargs):
        assert kwargs["raw"] is False and kwargs["fetch_links"] is False and "input_format" not in kwargs
        yield summit_analysis()[0]
        yield ReadFailure("gone.txt", "no such file or directory", "T101")

    import tidings.ingest as readers
    monkeypatch.setattr(readers, "read_inputs", fake_read, raising=False)
    db = tmp_path / "i.duckdb"
    first = run("ingest", "x", "--db", db)
    assert first.exit_code == 1
    stored_line, linked_line = first.stdout.splitlines()  # a run that stored something is linked
    assert stored_line == "stored 1, duplicate 0, failed 1"
    assert linked_line.startswith("linked 1 articles: 0 duplicate pairs")
    assert first.stderr == "failed: gone.txt: [T101] no such file or directory\n"
    quiet = run("-q", "ingest", "x", "--db", db)
    assert quiet.exit_code == 1 and quiet.stdout == ""
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT duplicate, failed FROM runs WHERE id = 2").fetchone() == (1, 1)
    bad_stage = run("ingest", "x", "--db", db, "--stages", "time,weather")
    assert bad_stage.exit_code == 2 and "unknown stage 'weather'" in bad_stage.stderr


def test_ctrl_c_keeps_committed_batches_and_says_so(tmp_path, monkeypatch):
    def stream_then_interrupt(items, options=None, *, dct=None, tolerant=True, batch_size=32):
        for item in items:
            if "Tehran" in item.text:
                raise KeyboardInterrupt
            yield from fake_stream([item])

    monkeypatch.setattr(store_ingest, "analyze_stream", stream_then_interrupt)

    def fake_read(paths, **kwargs):
        yield summit_analysis()[0]
        yield other_analysis()[0]

    import tidings.ingest as readers
    monkeypatch.setattr(readers, "read_inputs", fake_read, raising=False)
    db = tmp_path / "c.duckdb"
    result = run("ingest", "x", "--db", db, "--batch-size", 1)
    assert result.exit_code == 130
    assert result.stderr == ("interrupted: stored 1, duplicate 0, failed 0 were committed; "
                             "the batch in progress was rolled back\n")
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT title FROM articles").fetchall() == [("Summit in Singapore",)]
        assert con.execute("SELECT stored, finished FROM runs").fetchall() == [(1, None)]


@pytest.mark.model
@pytest.mark.parametrize("verbosity,traceback_logged", [([], False), (["-vv"], True)])
def test_a_failing_stage_is_one_line_unless_debugging(tmp_path, monkeypatch, caplog, verbosity, traceback_logged):
    import tidings.ingest as readers
    import tidings.pipeline as pipeline

    def exploding(article, *args, **kwargs):
        raise ZeroDivisionError("a stage divided by zero")

    monkeypatch.setattr(pipeline, "analyze", exploding)
    monkeypatch.setattr(readers, "read_inputs", lambda paths, **kwargs: iter([other_analysis()[0]]), raising=False)
    result = run(*verbosity, "ingest", "x", "--db", tmp_path / "t.duckdb")
    assert result.exit_code == 1
    assert result.stderr.endswith(": [T500] analysis failed: ZeroDivisionError: a stage divided by zero\n")
    records = [r for r in caplog.records if r.name == "tidings.pipeline"]
    assert records and any(r.exc_info is not None for r in records) == traceback_logged


def test_every_registered_command_and_store_option_is_documented():
    doc = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"tidings {name}" in doc, name
    for name in EVAL_COMMANDS:
        assert f"tidings eval {name}" in doc, name
    for name in ("ingest", "articles", "show", "export", "events", "quotes", "errors", "timeline", "series"):
        command = getattr(store_commands, name)
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("-"):
                    assert f"`{opt}" in doc or f"{opt}`" in doc or f"{opt} " in doc, f"{name} {opt}"


# --- the real readers and pipeline ---------------------------------------------------------------

EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    """The two seed reports ingested once through the real readers and pipeline."""
    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    first = run("ingest", EXAMPLES, "--db", db)
    return db, first


@pytest.mark.model
def test_ingesting_the_seeds_twice_stores_them_once(seeds_db):
    db, first = seeds_db
    assert first.exit_code == 0, first.stderr
    assert first.stdout.splitlines()[0] == "stored 2, duplicate 0, failed 0"
    assert first.stdout.splitlines()[1].startswith("linked 2 articles")
    second = run("ingest", EXAMPLES, "--db", db)
    assert second.exit_code == 0
    assert second.stdout == "stored 0, duplicate 2, failed 0\n"
    # the same reports given one by one, and a copy under another name, are still duplicates
    third = run("ingest", *sorted(EXAMPLES.glob("*.txt")), "--db", db)
    assert third.stdout == "stored 0, duplicate 2, failed 0\n"
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
        assert con.execute("SELECT stored, duplicate, failed FROM runs ORDER BY id").fetchall() == [
            (2, 0, 0), (0, 2, 0), (0, 2, 0)]


@pytest.mark.model
def test_stored_seed_records_point_into_the_stored_text(seeds_db):
    from tidings.ingest import read_inputs

    db, _ = seeds_db
    read = {a.id: a for a in read_inputs([str(EXAMPLES)])}
    with connect(db, read_only=True) as con:
        texts = dict(con.execute("SELECT id, text FROM articles").fetchall())
        assert set(texts) == set(read)
        assert all(texts[i] == read[i].text for i in texts)
        for table in ("sentences", "entities", "timexes", "actors", "places", "quotes"):
            for aid, start, end, words in con.execute(
                    f"SELECT article_id, start_char, end_char, text FROM {table}").fetchall():
                assert texts[aid][start:end] == words, table
        # DuckDB counts characters as Python does, so SQL can cut the text at the offsets too
        mismatched = con.execute(
            "SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id "
            "WHERE substr(a.text, q.start_char + 1, q.end_char - q.start_char) <> q.text").fetchone()[0]
        assert mismatched == 0
        assert con.execute("SELECT count(*) FROM quotes WHERE regexp_matches(text, '[“”’‘]')").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM sentences").fetchone()[0] > 20
        assert con.execute("SELECT count(*) FROM entities WHERE text = 'Singapore'").fetchone()[0] >= 2
    listed = list(csv.DictReader(io.StringIO(run("articles", "--db", db, "--csv").stdout)))
    assert {r["id"] for r in listed} == set(read)
    some_id = sorted(read)[0]
    shown = run("show", some_id[:6], "--db", db)
    assert shown.exit_code == 0 and shown.stdout.endswith(read[some_id].text + "\n")
    exported = [Analysis.from_dict(json.loads(line)) for line in run("export", "--db", db).stdout.splitlines()]
    assert {a.id for a in exported} == set(read)


def _write_mixed_folder(folder: Path) -> None:
    for seed in EXAMPLES.glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "wire.html").write_text(
        "<html><head><title>Clashes near Goma</title></head><body><article><h1>Clashes near Goma</h1>"
        "<p>The Congolese army said on Monday that rebels attacked a convoy near Goma, killing three "
        "soldiers. A spokesman for the M23 group denied the claim.</p></article></body></html>",
        encoding="utf-8")
    (folder / "note.txt").write_text(
        "Ministers from Chile and Peru met in Lima on 3 March 2021 to discuss a fishing dispute. "
        "They agreed to meet again in April.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin.txt").write_bytes("Le président a rencontré le ministre à Paris mardi.\n".encode("latin-1"))


@pytest.mark.model
def test_mixed_folder_stores_good_files_and_records_bad_ones(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    _write_mixed_folder(folder)
    db = tmp_path / "mixed.duckdb"
    missing = tmp_path / "gone.txt"
    result = run("ingest", folder, missing, "--db", db)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "stored 4, duplicate 0, failed 4"
    failure_lines = result.stderr.strip().splitlines()
    assert len(failure_lines) == 4 and all(line.startswith("failed: ") for line in failure_lines)
    with connect(db, read_only=True) as con:
        stored = {Path(s).name for (s,) in con.execute("SELECT source FROM articles").fetchall()}
        failed = dict(con.execute("SELECT source, code FROM ingest_errors").fetchall())
    assert stored == {p.name for p in EXAMPLES.glob("*.txt")} | {"wire.html", "note.txt"}
    assert {Path(s).name for s in failed} == {"empty.txt", "scan.txt", "latin.txt", "gone.txt"}
    assert all(code and code.startswith("T1") for code in failed.values())
    listed = run("errors", "--db", db, "--csv")
    assert len(list(csv.DictReader(io.StringIO(listed.stdout)))) == 4
    # the Latin-1 file goes in when its encoding is given; the rest are duplicates now
    again = run("ingest", folder / "latin.txt", folder / "note.txt", "--db", db, "--encoding", "latin-1")
    assert again.exit_code == 0 and again.stdout.splitlines()[0] == "stored 1, duplicate 1, failed 0"
    assert again.stdout.splitlines()[1].startswith("linked 5 articles")  # the whole store, not the run
