"""The Spark runner: the plain-Python partition function, and a real local[2] Spark run when pyspark is installed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tidings.errors import ConfigError
from tidings.spark import EVENT_COLUMNS, analyze_partition, event_rows, is_error, pipeline_options

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEEDS = sorted(EXAMPLES.glob("*.txt"))


def seed_rows() -> list[dict]:
    return [{"id": path.stem, "text": path.read_text(encoding="utf-8"), "dct": "2018-06-12"} for path in SEEDS]


@pytest.fixture(scope="module")
def partition_output():
    rows = seed_rows() + ['{"id": "broken", "text": ', {"id": "blank", "text": "   "}]
    return list(analyze_partition(rows, options={}))


# --------------------------------------------------------------------------- options (no model)


def test_bad_options_raise_config_error_before_any_row_is_read():
    def rows():
        raise AssertionError("no row may be read when the options are invalid")
        yield  # pragma: no cover

    for options in ({"stages": ["time", "weather"]}, {"dct": "2018-13-01"}, {"batch_size": 0},
                    {"colour": "red"}):
        with pytest.raises(ConfigError):
            list(analyze_partition(rows(), options=options))


def test_stages_may_be_a_comma_separated_string():
    opts, dct, batch_size, prefix = pipeline_options({"stages": "time, events", "dct": "2020-02-29"})
    assert opts.stages == ("time", "events")
    assert dct == "2020-02-29" and batch_size == 32 and prefix == "row"


def test_blank_text_files_are_t102_and_keep_their_path():
    from tidings.spark import TextDocument

    out = list(analyze_partition([TextDocument("file:/corpus/a.txt", " \n\t")]))
    assert out == [{"id": None, "source": "file:/corpus/a.txt",
                    "error": "[T102] the file is empty or whitespace-only"}]


def test_rows_that_are_not_documents_become_error_rows_without_loading_spacy():
    rows = ["not json at all", "[1, 2]", {"id": "x", "html": ""}, 17, "{\"text\": \"\"}"]
    out = list(analyze_partition(rows, options={"source": "batch7"}))
    assert len(out) == len(rows)
    assert all(is_error(row) for row in out)
    codes = [row["error"][:6] for row in out]
    assert codes == ["[T107]", "[T107]", "[T108]", "[T107]", "[T108]"]
    assert [row["source"] for row in out] == [f"batch7:{n}" for n in range(1, 6)]


# --------------------------------------------------------------------------- the seeds (spaCy)


@pytest.mark.model
def test_seed_rows_give_analyses_in_order_and_bad_rows_give_errors(partition_output):
    assert len(partition_output) == len(SEEDS) + 2
    analyses, errors = partition_output[:len(SEEDS)], partition_output[len(SEEDS):]
    assert [a["id"] for a in analyses] == [p.stem for p in SEEDS]
    for analysis in analyses:
        assert not is_error(analysis)
        assert analysis["dct"]["used"] == "2018-06-12"  # the row's own dct is used
        assert analysis["events"], "a summit report has events"
        for event in analysis["events"]:
            trigger = event["trigger"]
            assert analysis["text"][trigger["start"]:trigger["end"]] == trigger["text"]
    assert errors[0]["error"].startswith("[T107]") and errors[0]["source"] == "row:3"
    assert errors[1]["error"].startswith("[T108]") and errors[1]["source"] == "row:4"


@pytest.mark.model
def test_partition_output_matches_extract_on_the_same_text(partition_output):
    from tidings.clean import article_from_input
    from tidings.pipeline import analyze

    path = SEEDS[1]
    article = article_from_input(path.read_text(encoding="utf-8"), id=path.stem)
    direct = analyze(article, dct="2018-06-12").as_dict()
    assert partition_output[1] == direct


@pytest.mark.model
def test_constructed_rows_with_other_names_dates_and_html():
    rows = [
        ("feed.jsonl:1", {"id": "a", "text": "Chinese President Xi Jinping met Russian President Vladimir Putin "
                                              "in Moscow on Tuesday to discuss trade.", "dct": "2019-06-07"}),
        ("feed.jsonl:2", {"id": "b", "html": "<html><head><title>Talks</title></head><body><article><p>"
                                             "German Chancellor Angela Merkel visited Paris on Monday and met "
                                             "French President Emmanuel Macron for talks on the budget.</p>"
                                             "</article></body></html>", "date": "2018-12-04"}),
        ("feed.jsonl:3", {"id": "c"}),
    ]
    out = list(analyze_partition(rows, options={"batch_size": 2}))
    assert [row.get("id") for row in out[:2]] == ["a", "b"]
    assert out[0]["dct"]["used"] == "2019-06-07"
    assert any(t["value"] == "2019-06-04" for t in out[0]["timexes"])  # the Tuesday before
    assert "Merkel" in out[1]["text"] and out[1]["dct"]["stated"] == "2018-12-04"
    assert is_error(out[2]) and out[2]["source"] == "feed.jsonl:3" and out[2]["error"].startswith("[T108]")


@pytest.mark.model
def test_event_rows_are_the_store_events_columns(partition_output):
    analysis = partition_output[0]
    rows = event_rows(analysis)
    assert len(rows) == len(analysis["events"])
    names = [name for name, _ in EVENT_COLUMNS]
    first = dict(zip(names, rows[0], strict=True))
    assert first["article_id"] == analysis["id"] and first["n"] == 0
    assert first["type"] == analysis["events"][0]["type"]
    assert analysis["text"][first["trigger_start"]:first["trigger_end"]] == first["trigger_text"]


# --------------------------------------------------------------------------- a real Spark run


def test_missing_pyspark_is_a_one_line_t320(monkeypatch, tmp_path):
    import builtins

    from tidings.spark import SparkMissingError, run_spark

    real_import = builtins.__import__

    def no_pyspark(name, *args, **kwargs):
        if name == "pyspark" or name.startswith("pyspark."):
            raise ImportError("No module named 'pyspark'")
        return real_import(name, *args, **kwargs)

    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "x"}\n')
    monkeypatch.setattr(builtins, "__import__", no_pyspark)
    with pytest.raises(SparkMissingError) as err:
        run_spark(str(source), str(tmp_path / "out"))
    assert str(err.value).startswith("[T320] ") and "\n" not in str(err.value)


def test_run_spark_refuses_bad_arguments_before_starting_spark(tmp_path):
    from tidings.spark import run_spark

    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "x"}\n')
    (tmp_path / "exists").mkdir()
    with pytest.raises(ConfigError, match="exists"):
        run_spark(str(source), str(tmp_path / "exists"))
    with pytest.raises(ConfigError, match="no such input"):
        run_spark(str(tmp_path / "missing.jsonl"), str(tmp_path / "out"))
    with pytest.raises(ConfigError, match="output format"):
        run_spark(str(source), str(tmp_path / "out"), output_format="csv")
    with pytest.raises(ConfigError, match="partitions"):
        run_spark(str(source), str(tmp_path / "out"), partitions=0)


def spark_required() -> bool:
    """CI (``.ci/run`` sets TIDINGS_REQUIRE_SPARK, and TIDINGS_REQUIRE_GOLD) must run the Spark tests."""
    return any(os.environ.get(name) in ("1", "true") for name in
               ("TIDINGS_REQUIRE_SPARK", "TIDINGS_REQUIRE_GOLD", "CI"))


@pytest.fixture(scope="session")
def spark_session():
    """One local[2] session for every Spark test of the run."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        if spark_required():
            pytest.fail("the Spark tests must run here (TIDINGS_REQUIRE_SPARK / TIDINGS_REQUIRE_GOLD / CI) "
                        "but pyspark is not installed: bash scripts/install --dev --spark")
        pytest.skip("pyspark is the optional spark extra")
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("tidings-test")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.model
def test_spark_local_run_writes_analyses_events_and_errors(spark_session, tmp_path):
    from tidings.spark import run_spark

    source = tmp_path / "corpus.jsonl"
    lines = [json.dumps(row) for row in seed_rows()] + ['{"id": "bad", "text": ']
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")

    counts = run_spark(str(source), str(tmp_path / "out"), partitions=2, spark=spark_session)
    assert counts["documents"] == 3 and counts["analyses"] == 2 and counts["errors"] == 1
    analyses = [json.loads(line) for part in sorted((tmp_path / "out" / "analyses").glob("part-*"))
                for line in part.read_text(encoding="utf-8").splitlines()]
    assert sorted(a["id"] for a in analyses) == sorted(p.stem for p in SEEDS)
    assert counts["events"] == sum(len(a["events"]) for a in analyses) > 0
    errors = [json.loads(line) for part in sorted((tmp_path / "out" / "errors").glob("part-*"))
              for line in part.read_text(encoding="utf-8").splitlines()]
    assert len(errors) == 1 and errors[0]["source"] == f"{source}:3"
    assert errors[0]["error"].startswith("[T107]")

    pq = run_spark(str(source), str(tmp_path / "pq"), output_format="parquet", partitions=2,
                   spark=spark_session)
    events = spark_session.read.parquet(str(tmp_path / "pq" / "events"))
    assert events.columns == [name for name, _ in EVENT_COLUMNS]
    assert pq["events"] == counts["events"] == events.count()
    ids = {row.article_id for row in events.select("article_id").distinct().collect()}
    assert ids == {p.stem for p in SEEDS}
    assert spark_session.read.parquet(str(tmp_path / "pq" / "errors")).count() == 1


@pytest.mark.model
def test_spark_text_input_reads_one_document_per_file(spark_session, tmp_path):
    from tidings.spark import run_spark

    folder = tmp_path / "texts"
    folder.mkdir()
    for path in SEEDS:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    counts = run_spark(str(folder), str(tmp_path / "out"), input_format="text", spark=spark_session)
    assert (counts["documents"], counts["analyses"], counts["errors"]) == (3, 2, 1)
    errors = [json.loads(line) for part in (tmp_path / "out" / "errors").glob("part-*")
              for line in part.read_text(encoding="utf-8").splitlines()]
    assert errors[0]["source"].endswith("empty.txt") and errors[0]["error"].startswith("[T102]")


def test_spark_input_rows_are_dealt_out_evenly_with_their_line_numbers(spark_session, tmp_path):
    from tidings.spark import input_rows

    source = tmp_path / "ten.jsonl"
    source.write_text("\n" + "".join(f'{{"id": "d{n}", "text": "Text {n}."}}\n' for n in range(10)),
                      encoding="utf-8")
    parts = input_rows(spark_session, str(source), "jsonl", partitions=3).glom().collect()
    assert sorted(len(part) for part in parts) == [3, 3, 4]
    pairs = sorted((p for part in parts for p in part), key=lambda pair: json.loads(pair[1])["id"])
    assert [json.loads(row)["id"] for _, row in pairs] == [f"d{n}" for n in range(10)]
    assert [src for src, _ in pairs] == [f"{source}:{n + 2}" for n in range(10)]  # blank line 1 skipped


def test_a_failing_spark_job_is_a_one_line_t321(spark_session, tmp_path):
    from tidings.spark import SparkJobError, run_spark

    with pytest.raises(SparkJobError) as err:  # a glob is not checked before Spark reads it
        run_spark(str(tmp_path / "nothing*.jsonl"), str(tmp_path / "out"), spark=spark_session)
    message = str(err.value)
    assert message.startswith("[T321] the Spark job failed: ") and "\n" not in message
    assert "nothing*.jsonl" in message and "matches 0 files" in message


# --------------------------------------------------------------------------- linking on Spark


def test_merge_component_links_one_component_as_the_whole_corpus_would():
    from test_store import summit_analysis
    from test_store_link import second_report
    from tidings.link import merge_events
    from tidings.spark import mention_rows, merge_component

    summit, second = summit_analysis()[1], second_report()[1]
    features = [f for a in (summit, second) for _, f in mention_rows(a.as_dict())]
    assert sorted((f["article_id"], f["event_n"]) for f in features) == \
        sorted([(summit.id, 0), (summit.id, 1), (second.id, 0)])
    ((component, merged, mentions),) = merge_component("c1", features)
    local = merge_events([summit, second])
    assert component == "c1" and sorted((m["id"], m["type"], m["n_mentions"], m["date"]) for m in merged) == \
        sorted((m.id, m.type, len(m.mentions), m.date) for m in local)
    assert sorted((x["merged_id"], x["article_id"], x["event_n"], x["trigger_text"]) for x in mentions) == \
        sorted((m.id, x.article_id, x.event_index, x.trigger.text) for m in local for x in m.mentions)
    assert any(m["n_mentions"] == 2 for m in merged)  # the summit in two articles
    # a component of only the second event of an article keeps its number (1) and its id
    ((_, alone, alone_mentions),) = merge_component("c2", [f for f in features if f["event_n"] == 1])
    assert [x["event_n"] for x in alone_mentions] == [1] and alone[0]["type"] == "ASSAULT"
    assert alone[0]["id"] in {m.id for m in local}


def test_connected_components_in_dataframes(spark_session):
    from tidings.spark import connected_components

    edges = spark_session.createDataFrame([("b", "a"), ("c", "b"), ("e", "d")], "src string, dst string")
    vertices = spark_session.createDataFrame([(v,) for v in "abcdef"], "id string")
    labels = {r.id: r.label for r in connected_components(spark_session, edges, vertices).collect()}
    assert labels == {"a": "a", "b": "a", "c": "a", "d": "d", "e": "d", "f": "f"}


@pytest.mark.model
def test_spark_link_keeps_sightings_links_with_the_keys_and_loads_into_a_store(spark_session, tmp_path):
    import duckdb
    from click.testing import CliRunner

    from tidings.cli import main
    from tidings.link import find_duplicates, merge_events
    from tidings.model import Analysis
    from tidings.spark import run_spark

    first, second = (p.read_text(encoding="utf-8") for p in SEEDS)
    rows = [{"id": "seed-0", "text": first, "outlet": "Example News"},
            {"id": "seed-1", "text": second, "outlet": "Example News"},
            {"id": "wire-0", "text": first, "outlet": "Aggregator"},  # the same text from another outlet
            {"id": "near-1", "outlet": "Other Wire", "text": second + "\n\nAnalysts said the meeting could "
             "reshape relations between the two countries for years to come."}]
    source = tmp_path / "corpus.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows) + '{"id": "bad", "text": \n', encoding="utf-8")
    out = tmp_path / "out"
    counts = run_spark(str(source), str(out), output_format="parquet", partitions=2, spark=spark_session,
                       link=True, options={"dct": "2018-06-12"})
    assert (counts["documents"], counts["texts"], counts["analyses"], counts["errors"], counts["sightings"]) \
        == (5, 3, 3, 1, 4)
    con = duckdb.connect()

    def read(name, sql="*"):
        return con.execute(f"SELECT {sql} FROM read_parquet('{out}/{name}/*.parquet')").fetchall()

    analyses = [Analysis.from_dict(json.loads(r[0])) for r in read("articles", "analysis")]
    # the keys' links are the in-process links of the same analyses
    pairs = {(p.a, p.b, p.similarity) for p in find_duplicates(analyses)}
    assert {r[:3] for r in read("duplicates")} == pairs and len(pairs) == 1
    local = sorted((m.type, m.date, tuple(sorted((x.article_id, x.event_index) for x in m.mentions)))
                   for m in merge_events(analyses))
    mentions: dict[str, list] = {}
    for merged_id, article_id, n in read("merged_mentions", "merged_id, article_id, event_n"):
        mentions.setdefault(merged_id, []).append((article_id, n))
    spark_merged = sorted((t, d, tuple(sorted(mentions[i]))) for i, t, d in read("merged_events", "id, type, date"))
    assert spark_merged == local and any(len(m[2]) > 1 for m in local)
    assert {r[0] for r in read("sightings", "given_id")} == {"seed-0", "seed-1", "wire-0", "near-1"}

    db = tmp_path / "store.duckdb"
    loaded = CliRunner().invoke(main, ["load", str(out), "--db", str(db)], catch_exceptions=False)
    assert loaded.exit_code == 0 and loaded.stdout.startswith("loaded: stored 3, duplicate 0, 4 sightings")
    with duckdb.connect(str(db), read_only=True) as store:
        assert store.execute("SELECT count(*) FROM merged_events").fetchone()[0] == len(local)
        assert store.execute("SELECT count(*) FROM stories").fetchone()[0] >= 1
        # the seed read from two outlets: its merged events count two articles and two outlets
        (seed,) = [r[0] for r in store.execute(
            "SELECT article_id FROM sightings GROUP BY 1 HAVING list_sort(list(given_id)) = ['seed-0', 'wire-0']"
        ).fetchall()]
        counts = store.execute(
            "SELECT DISTINCT m.n_articles, m.n_outlets FROM merged_events m JOIN merged_mentions x "
            "ON x.merged_id = m.id WHERE x.article_id = ? AND m.n_mentions = 1", [seed]).fetchall()
        assert counts == [(2, 2)]
