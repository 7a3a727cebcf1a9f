"""Every JSON-lines surface parses back line by line when the text holds U+2028, U+2029 and U+0085
(which JSON allows raw but which end a line for ``str.splitlines`` and old JavaScript), and a lone
surrogate never crashes a writer. One writer, ``tidings.export.json_line``, makes every line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.export import json_line

BREAKERS = ("\u2028", "\u2029", "\x85")
TEXT = ("The foreign minister said on Monday\u2028that talks with Iran would resume in Vienna next week.\u2029 "
        "\"We will meet again,\" the minister said\x85 after the meeting. North Korea fired a missile on "
        "Tuesday, the South Korean army said.")
OTHER = ("Rebels attacked a convoy near Goma on Friday\u2028and killed three soldiers, the Congolese army said. "
         "The United Nations condemned the attack\u2029 on Saturday.")


def run(*args, input=None):
    result = CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)
    return result


def lines_of(output: str, *, at_least: int = 1) -> list:
    """The JSON values of ``output``, one per line, checking no line breaks where splitlines would."""
    assert output.endswith("\n") or not output
    lines = output.split("\n")[:-1]
    assert output.splitlines() == lines  # no U+2028 / U+2029 / U+0085 / other breaker left raw
    assert not any(ch in output for ch in BREAKERS)
    output.encode("utf-8")  # no lone surrogate left raw either
    values = [json.loads(line) for line in lines]
    assert len(values) >= at_least, output[:500]
    return values


def test_json_line_escapes_line_breakers_and_lone_surrogates_and_round_trips():
    value = {"text": "one\u2028two\u2029three\x85four é 😀 a\ud800b \udfff", "n": [1, "x\u2028"]}
    line = json_line(value)
    assert lines_of(line + "\n") == [value]
    assert "é" in line and "😀" in line  # UTF-8 kept, only the breakers and surrogates escaped
    pretty = json_line(value, indent=2)
    assert json.loads(pretty) == value and not any(ch in pretty for ch in BREAKERS)
    control = json_line({"text": "plain words"})
    assert control == json.dumps({"text": "plain words"}, ensure_ascii=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two raw texts holding the breakers: the extract output, and a store ingested from them."""
    folder = tmp_path_factory.mktemp("breakers")
    (folder / "in").mkdir()
    (folder / "in" / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "in" / "b.txt").write_text(OTHER, encoding="utf-8")
    extracted = run("-q", "extract", "--raw", folder / "in")
    assert extracted.exit_code == 0, extracted.stderr
    (folder / "analyses.jsonl").write_text(extracted.stdout, encoding="utf-8")
    db = folder / "b.duckdb"
    ingested = run("-q", "ingest", "--raw", folder / "in", "--db", db)
    assert ingested.exit_code == 0, ingested.output
    return folder, extracted.stdout, db


@pytest.mark.model
def test_extract_lines_keep_the_breakers_inside_strings(corpus):
    _, output, _ = corpus
    analyses = lines_of(output, at_least=2)
    texts = {a["text"] for a in analyses}
    assert texts == {TEXT, OTHER}  # escaped in the line, the same text after parsing
    pretty = run("-q", "extract", "--raw", "--pretty", "-", input=TEXT)
    assert json.loads(pretty.stdout)["text"] == TEXT and not any(ch in pretty.stdout for ch in BREAKERS)


@pytest.mark.model
def test_store_commands_with_jsonl_parse_back(corpus):
    _, _, db = corpus
    articles = lines_of(run("articles", "--db", db, "--jsonl").stdout, at_least=2)
    events = lines_of(run("events", "--db", db, "--jsonl").stdout, at_least=1)
    assert any(any(ch in json.dumps(e, ensure_ascii=False) for ch in BREAKERS) for e in events)
    for command in (("quotes",), ("errors",), ("timeline",)):
        out = run(*command, "--db", db, "--jsonl").stdout
        lines_of(out, at_least=0)
    article_id = articles[0]["id"]
    shown = run("show", article_id, "--db", db, "--json").stdout
    assert json.loads(shown)["id"] == article_id and not any(ch in shown for ch in BREAKERS)


@pytest.mark.model
def test_exports_in_json_lines_parse_back(corpus, tmp_path):
    _, _, db = corpus
    analyses = lines_of(run("export", "--db", db, "--format", "jsonl").stdout, at_least=2)
    assert {a["text"] for a in analyses} == {TEXT, OTHER}
    table = lines_of(run("export", "--db", db, "--format", "jsonl", "--table", "articles").stdout, at_least=2)
    assert {a["text"] for a in table} == {TEXT, OTHER}  # DuckDB's own JSON writer, escaped after it
    out = tmp_path / "articles.jsonl"
    run("export", "--db", db, "--format", "jsonl", "--table", "articles", "--output", out)
    assert {a["text"] for a in lines_of(out.read_text(encoding="utf-8"), at_least=2)} == {TEXT, OTHER}
    plover = lines_of(run("export", "--db", db, "--format", "plover").stdout, at_least=1)
    assert all("event_text" in record for record in plover)
    assert any(any(ch in s for ch in BREAKERS) for record in plover for s in record["event_text"])


@pytest.mark.model
def test_link_subcommands_print_lines_that_parse_back(corpus):
    folder, _, _ = corpus
    path = folder / "analyses.jsonl"
    for command in (("duplicates",), ("events", "--all"), ("stories",), ("timeline",), ("dates",),
                    ("series", path, "PRK", "KOR")):
        args = ("link", *command) if command[0] == "series" else ("link", *command, path)
        result = run(*args)
        assert result.exit_code == 0, (command, result.output)
        lines_of(result.stdout, at_least=1 if command[0] in ("events", "stories") else 0)
    merged = lines_of(run("link", "events", "--all", path).stdout)
    assert any(any(ch in m["mentions"][0]["sentence"]["text"] for ch in BREAKERS) for m in merged)


def test_a_lone_surrogate_in_a_python_string_prints_as_an_escape():
    import click

    from tidings.link.cli import _emit

    @click.command()
    def emit():
        _emit([{"text": "a\ud800b\u2028"}, {"text": "plain"}])

    printed = CliRunner().invoke(emit, catch_exceptions=False).stdout
    assert lines_of(printed) == [{"text": "a\ud800b\u2028"}, {"text": "plain"}]


def test_spark_output_lines_parse_back(tmp_path):
    """Spark's JSON lines come from the same writer: rows that are not documents give error rows
    (no spaCy needed), whose source names a file with U+2028 in its name."""
    pytest.importorskip("pyspark")
    from tidings.spark import run_spark

    source = tmp_path / "corpus\u2028\u2029\x85.jsonl"
    source.write_text('{"id": "bad", "text": \n[1, 2]\n{"id": "none"}\n', encoding="utf-8")
    counts = run_spark(str(source), str(tmp_path / "out"), partitions=2, spark=_spark())
    assert counts["documents"] == counts["errors"] == 3
    output = "".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "out" / "errors").glob("part-*")))
    errors = lines_of(output, at_least=3)
    assert all(e["source"].startswith(str(source)) and e["error"].startswith("[T10") for e in errors)


def _spark():
    from pyspark.sql import SparkSession

    return (SparkSession.builder.master("local[2]").appName("tidings-test")
            .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate())
