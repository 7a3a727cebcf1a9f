"""Sightings: the same text from several sources is one article with one sighting per source."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest
from click.testing import CliRunner

from test_store import fake_stream, make_analysis, other_analysis, summit_analysis
from test_store_link import corpus, repost
from tidings.cli import main
from tidings.export import export
from tidings.model import Article, DocDate, content_id
from tidings.store import connect, migrate
from tidings.store import ingest as store_ingest
from tidings.store import link as store_link
from tidings.store.link import link_store
from tidings.store.queries import timeline_rows
from tidings.store.write import article_row, insert_rows, record_rows

OUTLETS = ["Pacific Wire", "Daily Ledger", "Morning Star", "Global Post", "City Herald"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def copies(article: Article, outlets, *, prefix="feed") -> list[Article]:
    """The same text as read from several sources: other paths, outlets, headlines, dates."""
    out = []
    for n, outlet in enumerate(outlets):
        copy = Article.from_dict(article.as_dict())
        copy.source, copy.outlet = f"{prefix}/{n}.html", outlet
        copy.title, copy.stated_date = f"Headline {n}: {article.title}", f"2018-06-1{2 + n % 3}"
        out.append(copy)
    return out


@pytest.fixture
def syndicated(tmp_path, monkeypatch):
    """The summit story from five outlets, and the Geneva story from one."""
    monkeypatch.setattr(store_ingest, "analyze_stream", fake_stream)
    db = tmp_path / "s.duckdb"
    items = copies(summit_analysis()[0], OUTLETS) + [other_analysis()[0]]
    summary = store_ingest.ingest_items(items, db, batch_size=2)  # copies split over batches
    link_store(db, redate_articles=False)
    return db, summary


def test_five_sources_of_one_text_are_one_article_and_five_sightings(syndicated):
    db, summary = syndicated
    summit = summit_analysis()[0].id
    assert (summary.stored, summary.duplicate, summary.failed, summary.sightings) == (2, 4, 0, 6)
    assert str(summary) == "stored 2, duplicate 4 (4 new sightings), failed 0"
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM events WHERE article_id = ?", [summit]).fetchone()[0] == 2
        rows = con.execute("SELECT outlet, title, stated_date, source, run_id FROM sightings "
                           "WHERE article_id = ? ORDER BY outlet", [summit]).fetchall()
        assert [r[0] for r in rows] == sorted(OUTLETS)
        assert {r[1] for r in rows} == {f"Headline {n}: Summit in Singapore" for n in range(5)}
        assert {r[2] for r in rows} == {"2018-06-12", "2018-06-13", "2018-06-14"}
        assert {r[4] for r in rows} == {1} and len({r[3] for r in rows}) == 5
        # the article row keeps its first source
        assert con.execute("SELECT outlet FROM articles WHERE id = ?", [summit]).fetchone() == ("Pacific Wire",)
        assert con.execute("SELECT stored, duplicate, sightings FROM runs").fetchall() == [(2, 4, 6)]


def test_merged_events_and_stories_count_articles_and_outlets_over_sightings(syndicated):
    db, _ = syndicated
    summit, other = summit_analysis()[0].id, other_analysis()[0].id
    with connect(db, read_only=True) as con:
        counts = con.execute(
            "SELECT DISTINCT mm.article_id, m.n_mentions, m.n_articles, m.n_outlets FROM merged_events m "
            "JOIN merged_mentions mm ON mm.merged_id = m.id ORDER BY 1").fetchall()
        assert sorted(counts) == sorted([(summit, 1, 5, 5), (other, 1, 1, 1)])
        stories = con.execute("SELECT sa.article_id, s.n_articles, s.n_outlets FROM stories s "
                              "JOIN story_articles sa ON sa.story_id = s.id").fetchall()
        assert sorted(stories) == sorted([(summit, 5, 5), (other, 1, 1)])
        _, rows = timeline_rows(con, actor="PRK")
        assert {(r[10], r[11]) for r in rows} == {(5, " | ".join(sorted(OUTLETS)))}


def test_the_same_source_again_is_still_one_sighting_and_a_new_one_is_counted(syndicated, monkeypatch):
    db, _ = syndicated
    again = store_ingest.ingest_items(copies(summit_analysis()[0], OUTLETS), db)
    assert (again.stored, again.duplicate, again.sightings) == (0, 5, 0)
    assert str(again) == "stored 0, duplicate 5, failed 0"
    # a sixth source of the same outlet as one before: one more article, no more outlets; and
    # the counts follow without a link run (nothing new to link)
    sixth = copies(summit_analysis()[0], ["Daily Ledger"], prefix="late")
    later = store_ingest.ingest_items(sixth, db)
    assert (later.stored, later.sightings) == (0, 1)
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM sightings").fetchone()[0] == 7
        assert {r for r in con.execute("SELECT n_articles, n_outlets FROM merged_events WHERE n_articles > 1")
                .fetchall()} == {(6, 5)}


def test_show_api_and_exports_carry_the_sightings(syndicated, tmp_path):
    pytest.importorskip("fastapi")
    db, _ = syndicated
    summit = summit_analysis()[0].id
    shown = run("show", summit[:6], "--db", db).stdout
    head = shown.split("\n\n", 1)[0]
    assert "sightings:    5 " in head
    for n, outlet in enumerate(OUTLETS):
        assert f"feed/{n}.html  ({outlet}, \"Headline {n}: Summit in Singapore\"" in head

    from tidings.api import data

    with connect(db, read_only=True) as con:
        article = data.get_article(con, summit[:6])
    assert [s["outlet"] for s in article["sightings"]] == OUTLETS
    assert article["analysis"]["id"] == summit

    table = tmp_path / "sightings.csv"
    assert export(db, format="csv", table="sightings", out=table) == 6
    assert {r["outlet"] for r in csv.DictReader(table.open(encoding="utf-8"))} == set(OUTLETS) | {"Wire"}
    out = io.StringIO()
    export(db, format="gdelt", out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))
    by_article = {(r["tidings_article_id"], r["NumArticles"], r["NumSources"]) for r in rows}
    assert by_article == {(summit, "5", "5"), (other_analysis()[0].id, "1", "1")}
    out = io.StringIO()
    export(db, format="plover", out=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    summit_records = [r for r in records if r["story_id"] == summit]
    assert summit_records and all(len(r["sightings"]) == 5 for r in summit_records)
    assert {s["publication"] if "publication" in s else s["outlet"] for s in summit_records[0]["sightings"]} \
        == set(OUTLETS)


# --- a JSONL line's own id -----------------------------------------------------------------------


def test_jsonl_own_ids_become_sightings_of_one_article_keyed_by_its_text(tmp_path, monkeypatch):
    monkeypatch.setattr(store_ingest, "analyze_stream", fake_stream)
    text = "The ministry said on Friday that the border with Chad would reopen next week."
    lines = [{"id": "wire-1", "text": text, "outlet": "Wire", "date": "2021-05-07"},
             {"id": "wire-2", "text": text, "outlet": "Other", "title": "Border to reopen"},
             {"id": "solo", "text": "Rebels attacked a convoy near Kidal on Monday, officials said."}]
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    db = tmp_path / "j.duckdb"
    first = store_ingest.ingest_paths([path], db)
    assert (first.stored, first.duplicate, first.sightings) == (2, 1, 3)
    again = store_ingest.ingest_paths([path], db)
    assert (again.stored, again.duplicate, again.sightings) == (0, 3, 0)
    with connect(db, read_only=True) as con:
        ids = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
        assert ids == {content_id(text), content_id(lines[2]["text"])}  # never the lines' own ids
        analysis_ids = {json.loads(r[0])["id"] for r in con.execute("SELECT analysis FROM articles").fetchall()}
        assert analysis_ids == ids
        rows = con.execute("SELECT given_id, key, outlet, stated_date FROM sightings WHERE article_id = ? "
                           "ORDER BY given_id", [content_id(text)]).fetchall()
        assert rows == [("wire-1", "id:wire-1", "Wire", "2021-05-07"), ("wire-2", "id:wire-2", "Other", None)]
    # a line's own id still finds its article
    for given in ("wire-2", "solo"):
        shown = run("show", given, "--db", db)
        assert shown.exit_code == 0 and f"id {given}" in shown.stdout
    assert run("show", "nonesuch", "--db", db).exit_code != 0


def test_an_article_with_its_own_id_can_be_redated(tmp_path, monkeypatch):
    """The repost of the summit comes with the input's own id: it is still re-dated from its original."""
    known = {a.id: an for a, an in corpus()}
    monkeypatch.setattr(store_ingest, "analyze_stream",
                        lambda items, options=None, **kw: ((i, known[i.id]) for i in items))
    monkeypatch.setattr(store_link.nlp, "parse", lambda text, pipeline=None: None)

    def fake_analyze(article, dct=None, options=None, doc=None, *, extra_evidence=()):
        result = make_analysis(article)
        day = extra_evidence[0].windows[0][0]
        result.dct = DocDate(stated=article.stated_date, inferred=day, used=day, source="inferred",
                             contradicted=True, evidence=list(extra_evidence))
        return result

    monkeypatch.setattr(store_link, "analyze", fake_analyze)
    items = [a for a, _ in corpus()]
    items[2] = Article.from_dict(items[2].as_dict() | {"id": "agg-3"})  # as the JSONL reader gives it
    db = tmp_path / "r.duckdb"
    store_ingest.ingest_items(items, db)
    summary = link_store(db)
    copy = repost()[0].id
    assert summary.failed == [] and summary.redated == [(copy, "2023-12-04", "2018-06-12")]
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT dct_used FROM articles WHERE id = ?", [copy]).fetchone() == ("2018-06-12",)
        assert con.execute("SELECT given_id FROM sightings WHERE article_id = ?", [copy]).fetchone() == ("agg-3",)


def test_migration_4_rekeys_own_ids_and_folds_a_text_stored_twice(tmp_path):
    """A version-3 store holding one text under two JSONL ids, and an ordinary article."""
    path = tmp_path / "v3.duckdb"
    old = duckdb.connect(str(path))
    assert migrate(old, target=3) == [1, 2, 3]
    import datetime as dt

    at = dt.datetime(2024, 1, 1)
    summit, analysis = summit_analysis()
    other, other_an = other_analysis()
    for given, outlet in (("wire-1", "Wire"), ("wire-2", "Other")):
        article = Article.from_dict(summit.as_dict() | {"id": given, "outlet": outlet, "source": f"f.jsonl:{given}"})
        an = type(analysis).from_dict(analysis.as_dict() | {"id": given})
        insert_rows(old, "articles", [article_row(article, an, 1, at)])
        for table, rows in record_rows(an).items():
            insert_rows(old, table, rows)
    insert_rows(old, "articles", [article_row(other, other_an, 1, at)])
    insert_rows(old, "merged_events", [{"id": "M00001", "type": "CONSULT", "n_articles": 2}])
    old.close()

    con = connect(path)
    assert con.execute("SELECT id FROM articles ORDER BY id").fetchall() == sorted([(summit.id,), (other.id,)])
    assert json.loads(con.execute("SELECT analysis FROM articles WHERE id = ?", [summit.id]).fetchone()[0])["id"] \
        == summit.id
    assert con.execute("SELECT count(*) FROM events WHERE article_id = ?", [summit.id]).fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM events WHERE article_id LIKE 'wire-%'").fetchone()[0] == 0
    sightings = con.execute("SELECT article_id, given_id, outlet FROM sightings").fetchall()
    assert sorted(sightings, key=str) == sorted([(summit.id, "wire-1", "Wire"), (summit.id, "wire-2", "Other"),
                                                 (other.id, None, "Wire")], key=str)
    assert con.execute("SELECT count(*) FROM merged_events").fetchone()[0] == 0  # ids changed: relink
    con.close()
    assert link_store(path, redate_articles=False).articles == 2
