"""The link layer in the store: link tables, re-dating from the corpus, timelines, series, GDELT/PLOVER export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.csv as pacsv
import pytest
from click.testing import CliRunner

from test_store import actor_at, make_analysis, make_article, span, summit_analysis
from tidings.cli import main
from tidings.errors import ConfigError
from tidings.export import GDELT_COLUMNS, export
from tidings.model import DateEvidence, DocDate, Event, Place
from tidings.store import connect
from tidings.store import ingest as store_ingest
from tidings.store import link as store_link
from tidings.store.link import anchor_day, corpus_date, link_store
from tidings.store.queries import series_rows, timeline_rows

REPO = Path(__file__).resolve().parents[1]
LINK_TABLES = ("duplicates", "merged_events", "merged_mentions", "stories", "story_articles",
               "corpus_date_evidence")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# --- hand-built corpus: the summit in two outlets, and a repost of the first with a wrong date ---

OTHER_SUMMIT = ("Donald Trump and Kim Jong-un held a summit in Singapore on June 12, 2018, the first meeting "
                "of the two leaders. Talks lasted five hours.")


def second_report():
    article = make_article(OTHER_SUMMIT, title="Trump and Kim meet", outlet="Other Wire", stated_date="2018-06-13")
    text = article.text
    trump = actor_at(text, "Donald Trump", "Donald Trump", "USAGOV", "USA")
    kim = actor_at(text, "Kim Jong-un", "Kim Jong-un", "PRKGOV", "PRK")
    sg = span(text, "Singapore")
    summit = Event(
        type="CONSULT", mode="visit", cameo="04", quad=1, goldstein=1.0, actors=[trump], recipients=[kim],
        date="2018-06-12", date_source="clause",
        place=Place(sg.start, sg.end, sg.text, "Singapore", "SGP", 1.29, 103.85, "city", geonameid=1880252),
        modality="asserted", sentence=span(text, text[:text.index("leaders.") + 8]), trigger=span(text, "held"),
    )
    return article, make_analysis(article, events=[summit])


def repost():
    """The first report again under a stated date its text contradicts."""
    original, _ = summit_analysis()
    article = make_article(original.text + " Reporting by staff.", title=original.title, outlet="Aggregator",
                           stated_date="2023-12-04")
    analysis = make_analysis(article)
    analysis.dct = DocDate(stated="2023-12-04", used="2023-12-04", source="stated", contradicted=True)
    return article, analysis


def corpus():
    return [summit_analysis(), second_report(), repost()]


def _stored_corpus(tmp_path, monkeypatch) -> Path:
    known = {a.id: an for a, an in corpus()}

    def stream(items, options=None, *, dct=None, tolerant=True, batch_size=32):
        for item in items:
            yield item, known[item.id]

    monkeypatch.setattr(store_ingest, "analyze_stream", stream)
    monkeypatch.setattr(store_link.nlp, "parse", lambda text, pipeline=None: None)  # no spaCy here
    db = tmp_path / "link.duckdb"
    store_ingest.ingest_items([a for a, _ in corpus()], db)
    return db


@pytest.fixture
def linked_db(tmp_path, monkeypatch):
    db = _stored_corpus(tmp_path, monkeypatch)
    calls = []

    def fake_analyze(article, dct=None, options=None, doc=None, *, extra_evidence=()):
        """Stands in for the pipeline: the document date becomes the repost evidence's day."""
        calls.append((article.id, list(extra_evidence)))
        result = make_analysis(article)
        day = extra_evidence[0].windows[0][0]
        result.dct = DocDate(stated=article.stated_date, inferred=day, used=day, source="inferred",
                             contradicted=True, evidence=list(extra_evidence))
        return result

    monkeypatch.setattr(store_link, "analyze", fake_analyze)
    summary = link_store(db)
    return db, summary, calls


def test_link_tables_hold_duplicates_merged_events_and_stories(linked_db):
    db, summary, _ = linked_db
    first, second, copy = (a.id for a, _ in corpus())
    assert (summary.articles, summary.duplicate_pairs, summary.reposts) == (3, 1, 1)
    assert summary.merged_multi == 1 and summary.stories_multi >= 1
    with connect(db, read_only=True) as con:
        pairs = con.execute("SELECT repost, original, copy, similarity FROM duplicates").fetchall()
        assert len(pairs) == 1 and pairs[0][:3] == (True, first, copy) and pairs[0][3] >= 0.8
        multi = con.execute("SELECT id, type, date, n_mentions, n_articles, n_outlets, place "
                            "FROM merged_events WHERE n_articles > 1").fetchall()
        assert [m[1:] for m in multi] == [("CONSULT", "2018-06-12", 2, 2, 2, "Singapore")]
        mentions = con.execute("SELECT article_id, trigger_text, outlet FROM merged_mentions WHERE merged_id = ? "
                               "ORDER BY outlet", [multi[0][0]]).fetchall()
        assert sorted(mentions) == sorted([(first, "met", "Example News"), (second, "held", "Other Wire")])
        story = con.execute("SELECT story_id FROM story_articles WHERE article_id = ?", [first]).fetchone()[0]
        members = {r[0] for r in con.execute("SELECT article_id FROM story_articles WHERE story_id = ?",
                                             [story]).fetchall()}
        assert {first, second, copy} <= members
        # every article is in exactly one story
        assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM story_articles").fetchone() == (3, 3)


def test_a_repost_is_redated_from_its_original_in_the_same_run(linked_db):
    db, summary, calls = linked_db
    copy = repost()[0].id
    assert [c[0] for c in calls] == [copy]
    assert calls[0][1][0].kind == "repost" and calls[0][1][0].windows == [["2018-06-12", "2018-06-12"]]
    assert summary.redated == [(copy, "2023-12-04", "2018-06-12")]
    with connect(db, read_only=True) as con:
        row = con.execute("SELECT dct_used, dct_source, dct_contradicted, analysis FROM articles WHERE id = ?",
                          [copy]).fetchone()
        assert row[:3] == ("2018-06-12", "inferred", True)
        assert json.loads(row[3])["dct"]["evidence"][0]["kind"] == "repost"
        sentences = con.execute("SELECT count(*) FROM sentences WHERE article_id = ?", [copy]).fetchone()[0]
        assert sentences == len(repost()[1].sentences) > 0  # records rewritten once, not doubled
        evidence = con.execute("SELECT kind, windows FROM corpus_date_evidence WHERE article_id = ?",
                               [copy]).fetchall()
        assert evidence == [("repost", '[["2018-06-12", "2018-06-12"]]')]
    again = link_store(db)  # the evidence is already in the stored analysis: nothing to re-run
    assert again.redated == [] and len(calls) == 1


def test_an_article_whose_redating_fails_is_kept_and_the_rest_is_linked(tmp_path, monkeypatch):
    db = _stored_corpus(tmp_path, monkeypatch)

    def broken(article, dct=None, options=None, doc=None, *, extra_evidence=()):
        raise ValueError("stage bug")

    monkeypatch.setattr(store_link, "analyze", broken)
    summary = link_store(db)
    copy = repost()[0].id
    assert summary.failed == [copy] and summary.redated == []
    assert "1 could not be re-dated" in str(summary)
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT dct_used FROM articles WHERE id = ?", [copy]).fetchone() == ("2023-12-04",)
        assert con.execute("SELECT count(*) FROM merged_events WHERE n_articles = 2").fetchone()[0] == 1


def test_only_untrustworthy_dates_are_redated():
    _, analysis = summit_analysis()
    assert not store_link.untrustworthy(analysis)  # stated, not contradicted
    analysis.dct = DocDate(stated=None, inferred="2018-06-12", used="2018-06-12", source="inferred")
    assert not store_link.untrustworthy(analysis)  # no stated date, but one inferred from the text
    analysis.dct = DocDate(stated=None)
    assert store_link.untrustworthy(analysis)
    analysis.dct = DocDate(stated="2023-12-04", used="2023-12-04", source="stated", contradicted=True)
    assert store_link.untrustworthy(analysis)


def test_a_failing_write_leaves_the_previous_link_tables(linked_db, monkeypatch):
    db, _, _ = linked_db
    with connect(db, read_only=True) as con:
        before = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in LINK_TABLES}
    assert before["merged_events"] > 0 and before["stories"] > 0
    real_insert = store_link.insert_rows

    def insert_then_fail(con, table, rows):
        if table == "stories":
            raise RuntimeError("disk gone")
        real_insert(con, table, rows)

    monkeypatch.setattr(store_link, "insert_rows", insert_then_fail)
    with pytest.raises(RuntimeError):
        link_store(db, full=True)  # everything linked again: every link table rewritten
    with connect(db, read_only=True) as con:
        after = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in LINK_TABLES}
    assert after == before


def test_timeline_and_series_read_the_stored_merged_events(linked_db):
    db, _, _ = linked_db
    with connect(db, read_only=True) as con:
        columns, rows = timeline_rows(con, actor="USA", other="PRK")
        assert [r[columns.index("date")] for r in rows] == sorted(r[columns.index("date")] for r in rows)
        summit = next(r for r in rows if r[columns.index("articles")] == 2)
        assert summit[columns.index("outlets")] == "Example News | Other Wire"
        sentences = {m["sentence"] for m in json.loads(summit[columns.index("mentions")])}
        assert any("Singapore on June 12, 2018" in s for s in sentences) and len(sentences) == 2
        assert timeline_rows(con, actor="IRN")[1] == []
        columns, rows = series_rows(con, "USA", "PRK", freq="month")
        month = dict(zip(columns, rows[0], strict=True))
        assert month["period"] == "2018-06" and month["quad1"] >= 1 and month["goldstein"] == 1.0
        with pytest.raises(ConfigError):
            timeline_rows(con, story="S99999")


def test_timeline_and_series_commands(linked_db):
    db, _, _ = linked_db
    result = run("timeline", "--db", db, "--actor", "USAGOV", "--other", "PRK", "--jsonl")
    assert result.exit_code == 0
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(e["articles"] == 2 and len(e["mentions"]) == 2 for e in events)
    csv_out = run("series", "USA", "PRK", "--db", db, "--freq", "year", "--csv").stdout
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    assert rows[0]["period"] == "2018" and int(rows[0]["events"]) >= 1
    bad = run("timeline", "--db", db, "--story", "nope")
    assert bad.exit_code == 2 and "[T300]" in bad.stderr


def test_timeline_on_an_unlinked_store_says_how_to_link(tmp_path, monkeypatch):
    db = _stored_corpus(tmp_path, monkeypatch)
    result = run("timeline", "--db", db, "--actor", "USA")
    assert result.exit_code == 0 and result.stdout == ""
    assert "run `tidings link --db PATH`" in result.stderr


def test_link_command_prints_a_summary(linked_db):
    db, _, _ = linked_db
    result = run("link", "--db", db)
    assert result.exit_code == 0
    assert "1 duplicate pairs (1 reposts)" in result.stdout and "(1 with >1 article)" in result.stdout


# --- exports ------------------------------------------------------------------------------------

def test_gdelt_export_round_trips_through_csv_and_arrow(linked_db, tmp_path):
    db, _, _ = linked_db
    out = tmp_path / "events.tsv"
    count = export(db, format="gdelt", out=out)
    rows = list(csv.DictReader(out.open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == count
    assert list(rows[0])[:len(GDELT_COLUMNS)] == GDELT_COLUMNS and len(GDELT_COLUMNS) == 61
    merged = [r for r in rows if r["NumArticles"] == "2"]
    assert len(merged) == 1
    m = merged[0]
    assert (m["SQLDATE"], m["EventRootCode"], m["QuadClass"], m["NumMentions"], m["NumSources"]) == \
        ("20180612", "04", "1", "2", "2")
    assert {m["Actor1CountryCode"], m["Actor2CountryCode"]} == {"USA", "PRK"}
    assert m["ActionGeo_FullName"] == "Singapore" and m["ActionGeo_Type"] == "4"
    assert m["tidings_modality"] == "asserted" and "Singapore" in m["tidings_sentence"]
    missile = next(r for r in rows if r["EventRootCode"] == "19")
    assert (missile["SQLDATE"], missile["tidings_date"], missile["NumMentions"]) == ("20170601", "2017-06", "1")
    table = pacsv.read_csv(out, parse_options=pacsv.ParseOptions(delimiter="\t", quote_char=False),
                           convert_options=pacsv.ConvertOptions(column_types={"EventCode": "string"}))
    assert table.num_rows == count
    assert sorted(table.column("GLOBALEVENTID").to_pylist()) == list(range(1, count + 1))


def test_plover_export_gives_manual_fields(linked_db):
    db, _, _ = linked_db
    out = io.StringIO()
    count = export(db, format="plover", out=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == count == 3  # every stored event mention: 2 + 1 + none in the copy
    for r in records:
        for name in ("id", "date", "actor", "event", "event_text", "mode", "context", "quad_code",
                     "event_scale", "text_info", "cite_info", "event_id", "event_date", "event_type",
                     "story_date", "publication"):
            assert name in r, name
        assert r["event"] == [r["event_type"]] and len({x["id"] for x in records}) == count
    summit = [r for r in records if r["event_type"] == "CONSULT"]
    assert len({r["link"] for r in summit}) == 1 and summit[0]["link"]  # one merged event
    first = next(r for r in summit if r["publication"] == "Example News")
    assert first["date"] == "2018-06-12" and first["mode"] == ["visit"] and first["quad_code"] == 1
    assert first["actor"][0]["code"] == "USA" and first["actor"][0]["sector"] == "GOV"
    assert first["recipient"][0]["identifier_text"] == "Kim Jong-un"
    assert first["event_loc"]["resolved_place"] == "Singapore"
    assert first["event_text"][0].endswith("2018.")
    missile = next(r for r in records if r["event_type"] == "ASSAULT")
    assert (missile["date"], missile["enddate"], missile["timex"]) == ("2017-06-01", "2017-06-30", "2017-06")


def test_event_formats_refuse_a_table(linked_db):
    db, _, _ = linked_db
    with pytest.raises(ConfigError, match="takes no --table"):
        export(db, format="gdelt", table="events")


# --- choosing a date from corpus evidence ---------------------------------------------------------

def _corpus(windows, relation="before", weight=0.6):
    return DateEvidence(kind="corpus", detail=f"... the document is {relation} it", windows=windows, weight=weight)


@pytest.mark.parametrize("evidence, expected", [
    (_corpus([["2017-06-12", "2018-06-12"]]), "2018-06-11"),  # planned: the day before the event
    (_corpus([["2019-03-01", "2020-03-01"]], "on or after"), "2019-03-01"),  # reported: just after
    (_corpus([[None, "2021-10-05"]]), "2021-10-04"),
    (DateEvidence(kind="repost", detail="copy of x", windows=[["2016-02-29", "2016-02-29"]]), "2016-02-29"),
])
def test_anchor_day(evidence, expected):
    assert anchor_day(evidence).isoformat() == expected


def test_corpus_date_stays_inside_the_articles_own_window():
    _, analysis = summit_analysis()
    analysis.dct = DocDate(window=["2017-01-20", "2017-12-31"])
    evidence = [_corpus([["2017-06-12", "2018-06-12"]])]
    assert corpus_date(analysis, evidence) == "2017-12-31"
    analysis.dct = DocDate(window=["2025-01-01", None])  # disjoint: the corpus window wins
    assert corpus_date(analysis, evidence) == "2018-06-11"


# --- the seeds through the real pipeline -----------------------------------------------------------

EXAMPLES = REPO / "examples"
SEED_000 = "2a42d3ea2b328f26"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    db = tmp_path_factory.mktemp("seedlink") / "seeds.duckdb"
    return db, run("ingest", EXAMPLES, "--db", db)


@pytest.mark.model
def test_ingest_links_and_redates_the_000_seed(seeds):
    db, result = seeds
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "stored 2, duplicate 0, failed 0"
    assert lines[1].startswith("linked 2 articles") and f"re-dated {SEED_000}: no date -> 2018-" in lines[2]
    # read alone, the seed's contradicted 2023-12-04 anchored nothing (its summit stayed XXXX-06-12)
    with connect(db, read_only=True) as con:
        used, source, contradicted = con.execute(
            "SELECT dct_used, dct_source, dct_contradicted FROM articles WHERE id = ?", [SEED_000]).fetchone()
        assert "2017-06-12" <= used < "2018-06-12" and source == "inferred" and contradicted  # before the summit it announces
        summit = con.execute("SELECT date FROM events WHERE article_id = ? AND sentence_text LIKE "
                             "'%scheduled to be held on June 12%'", [SEED_000]).fetchall()
        assert summit and {d for (d,) in summit} == {"2018-06-12"}
        march = con.execute("SELECT value FROM timexes WHERE article_id = ? AND text = 'March'",
                            [SEED_000]).fetchall()
        assert march == [("2018-03",)]
        shared = con.execute("SELECT n_articles FROM merged_events WHERE type = 'CONSULT' AND date = '2018-06-12' "
                             "ORDER BY n_articles DESC LIMIT 1").fetchone()
        assert shared == (2,)
        assert con.execute("SELECT count(*) FROM stories").fetchone()[0] >= 1
        assert con.execute("SELECT kind FROM corpus_date_evidence WHERE article_id = ?",
                           [SEED_000]).fetchall() == [("corpus",)]


@pytest.mark.model
def test_relinking_the_seeds_redates_nothing_and_no_link_skips(seeds, tmp_path):
    db, _ = seeds
    again = run("link", "--db", db)
    assert again.exit_code == 0 and "re-dated" not in again.stdout
    other = tmp_path / "nolink.duckdb"
    skipped = run("ingest", EXAMPLES, "--db", other, "--no-link")
    assert skipped.stdout == "stored 2, duplicate 0, failed 0\n"
    with connect(other, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM merged_events").fetchone()[0] == 0
