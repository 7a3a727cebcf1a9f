"""The DuckDB store: migrations, rows with offsets, idempotent transactional ingest, queries, export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import duckdb
import pyarrow.parquet as pq
import pytest

from tidings.errors import ConfigError, StoreError
from tidings.export import export
from tidings.model import (
    Actor,
    Analysis,
    Article,
    DocDate,
    Entity,
    Event,
    EventActor,
    Place,
    Quote,
    Sentence,
    Span,
    Timex,
    content_id,
)
from tidings.pipeline import StageError
from tidings.store import SCHEMA_VERSION, connect, migrate
from tidings.store import ingest as store_ingest
from tidings.store import write as store_write
from tidings.store.dates import parse_bound, timex_range
from tidings.store.queries import query_events, query_quotes, resolve_article_id
from tidings.store.schema import current_version

# --- hand-built documents -------------------------------------------------------------------------

def span(text: str, words: str, after: int = 0) -> Span:
    start = text.index(words, after)
    return Span(start, start + len(words), words)


def actor_at(text: str, words: str, name: str, code: str | None, country: str | None) -> EventActor:
    s = span(text, words)
    return EventActor(s.start, s.end, s.text, name=name, code=code, country=country)


def make_article(text: str, **meta) -> Article:
    return Article(id=content_id(text), text=text, raw=text, source=meta.pop("source", "hand.txt"), **meta)


def make_analysis(article: Article, *, events=(), quotes=(), dct: str | None = None) -> Analysis:
    """An Analysis whose sentences split on '. ' and whose entities are the capitalised names given."""
    text = article.text
    sentences, start = [], 0
    for piece in text.split(". "):
        end = start + len(piece) + (1 if start + len(piece) < len(text) else 0)
        sentences.append(Sentence(start, end, text[start:end]))
        start = end + 1
    return Analysis(
        id=article.id, title=article.title, outlet=article.outlet, byline=article.byline,
        dct=DocDate(stated=article.stated_date, used=dct or article.stated_date,
                    source="stated" if article.stated_date else "none"),
        text=text, sentences=sentences, events=list(events), quotes=list(quotes),
    )


SUMMIT = ("US President Donald Trump met North Korean leader Kim Jong-un in Singapore on June 12, 2018. "
          "Kim said: “We will work for complete denuclearization.” "
          "Pyongyang had tested a missile in June 2017.")


def summit_analysis() -> tuple[Article, Analysis]:
    article = make_article(SUMMIT, title="Summit in Singapore", outlet="Example News", stated_date="2018-06-12")
    text = article.text
    trump = actor_at(text, "Donald Trump", "Donald Trump", "USAGOV", "USA")
    kim = actor_at(text, "Kim Jong-un", "Kim Jong-un", "PRKGOV", "PRK")
    pyongyang = actor_at(text, "Pyongyang", "North Korea", "PRK", "PRK")
    sg = span(text, "Singapore")
    meet = Event(
        type="CONSULT", mode="visit", cameo="04", quad=1, goldstein=1.0, actors=[trump], recipients=[kim],
        date="2018-06-12", date_source="clause",
        place=Place(sg.start, sg.end, sg.text, "Singapore", "SGP", 1.29, 103.85, "city"),
        modality="asserted", sentence=span(text, text[:text.index("2018.") + 5]), trigger=span(text, "met"),
    )
    test = Event(
        type="ASSAULT", mode="missile", cameo="19", quad=4, goldstein=-9.0, actors=[pyongyang], recipients=[],
        date="2017-06", date_source="clause", place=None, modality="asserted",
        sentence=span(text, "Pyongyang had tested a missile in June 2017."), trigger=span(text, "tested"),
    )
    quote = Quote(*_se(span(text, "“We will work for complete denuclearization.”")), direct=True,
                  cue=span(text, "said"), speaker=span(text, "Kim", text.index("2018.")),
                  speaker_name="Kim Jong-un", speaker_code="PRKGOV")
    analysis = make_analysis(article, events=[meet, test], quotes=[quote])
    analysis.entities = [Entity(*_se(span(text, "Donald Trump")), "PERSON"),
                         Entity(*_se(span(text, "Singapore")), "GPE")]
    analysis.timexes = [Timex(*_se(span(text, "June 12, 2018")), "DATE", "2018-06-12")]
    analysis.actors = [Actor(trump.start, trump.end, trump.text, "Donald Trump", "USAGOV", "USA", "GOV",
                             "title", evidence=span(text, "US President"))]
    analysis.places = [meet.place]
    return article, analysis


def _se(s: Span) -> tuple[int, int, str]:
    return s.start, s.end, s.text


OTHER = ("Officials in Geneva said talks between Iran and the European Union would resume next week. "
         "Tehran rejected the proposal on Monday.")


def other_analysis() -> tuple[Article, Analysis]:
    article = make_article(OTHER, title="Talks to resume", outlet="Wire", stated_date="2019-03-04")
    text = article.text
    iran = actor_at(text, "Iran", "Iran", "IRN", "IRN")
    eu = actor_at(text, "European Union", "European Union", "IGOEEC", None)
    tehran = actor_at(text, "Tehran", "Iran", "IRNGOV", "IRN")
    resume = Event(
        type="CONSULT", mode=None, cameo="04", quad=1, goldstein=1.0, actors=[iran], recipients=[eu],
        date="2019-W11", date_source="clause", place=None, modality="planned",
        sentence=span(text, text[:text.index("week.") + 5]), trigger=span(text, "resume"),
    )
    reject = Event(
        type="REJECT", mode=None, cameo="12", quad=3, goldstein=-4.0, actors=[tehran], recipients=[],
        date="2019-03-04", date_source="clause", place=None, modality="asserted",
        sentence=span(text, "Tehran rejected the proposal on Monday."), trigger=span(text, "rejected"),
    )
    quote = Quote(*_se(span(text, "talks between Iran and the European Union would resume next week")),
                  direct=False, cue=span(text, "said"), speaker=span(text, "Officials"),
                  speaker_name="officials", speaker_code=None)
    return article, make_analysis(article, events=[resume, reject], quotes=[quote])


def fake_stream(items, options=None, *, dct=None, tolerant=True, batch_size=32):
    """Stands in for pipeline.analyze_stream: hand-built analyses, a StageError for 'explode' texts."""
    known = {a.id: an for a, an in (summit_analysis(), other_analysis())}
    for item in items:
        if "explode" in item.text:
            yield item, StageError("analysis failed: ValueError: boom")
        else:
            yield item, known.get(item.id) or make_analysis(item)


@pytest.fixture
def hand_db(tmp_path, monkeypatch):
    """A store holding the two hand-built articles, written through ingest_items."""
    monkeypatch.setattr(store_ingest, "analyze_stream", fake_stream)
    db = tmp_path / "hand.duckdb"
    summary = store_ingest.ingest_items([summit_analysis()[0], other_analysis()[0]], db)
    assert (summary.stored, summary.duplicate, summary.failed) == (2, 0, 0)
    return db


class ReadFailure:
    """The shape of a reader's ReadError."""

    def __init__(self, source, reason, code="T100"):
        self.source, self.reason, self.code = source, reason, code


# --- migrations --------------------------------------------------------------------------------

def test_new_database_gets_every_migration(tmp_path):
    con = connect(tmp_path / "new.duckdb", create=True)
    assert current_version(con) == SCHEMA_VERSION == 5
    versions = [r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]
    assert versions == [1, 2, 3, 4, 5]
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"articles", "sentences", "entities", "timexes", "actors", "places", "quotes", "events",
            "ingest_errors", "runs", "schema_version", "duplicates", "merged_events", "merged_mentions",
            "stories", "story_articles", "corpus_date_evidence", "link_mentions", "link_keys",
            "link_articles", "sightings"} <= tables


def test_opening_a_version_1_database_migrates_it_and_keeps_rows(tmp_path):
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    assert migrate(old, target=1) == [1]
    old.execute("INSERT INTO events (article_id, n, type, date) VALUES ('a1', 0, 'CONSULT', '2017-SU'), "
                "('a1', 1, 'ASSAULT', 'XXXX-07-04')")
    old.close()
    con = connect(path, read_only=True)  # a read-only open still upgrades the file first
    assert current_version(con) == SCHEMA_VERSION
    rows = con.execute("SELECT type, date_start, date_end FROM events ORDER BY n").fetchall()
    assert rows == [("CONSULT", dt.date(2017, 6, 1), dt.date(2017, 8, 31)), ("ASSAULT", None, None)]
    con.close()
    again = duckdb.connect(str(path))
    assert migrate(again) == []  # nothing left to apply


def test_opening_a_version_2_database_adds_the_link_tables_and_keeps_rows(tmp_path):
    path = tmp_path / "v2.duckdb"
    old = duckdb.connect(str(path))
    assert migrate(old, target=2) == [1, 2]
    old.execute("INSERT INTO events (article_id, n, type, date) VALUES ('a1', 0, 'CONSULT', '2018-06-12')")
    old.close()
    con = connect(path)
    assert current_version(con) == SCHEMA_VERSION
    assert con.execute("SELECT type, date FROM events").fetchall() == [("CONSULT", "2018-06-12")]
    for table in ("duplicates", "merged_events", "merged_mentions", "stories", "story_articles",
                  "corpus_date_evidence"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_a_newer_database_is_refused(tmp_path):
    path = tmp_path / "future.duckdb"
    con = connect(path, create=True)
    con.execute("INSERT INTO schema_version VALUES (99, 'from the future', now())")
    con.close()
    with pytest.raises(StoreError, match="newer than this tidings"):
        connect(path)


def test_missing_database_is_a_store_error_unless_created(tmp_path):
    with pytest.raises(StoreError, match="no database at"):
        connect(tmp_path / "absent.duckdb")
    with pytest.raises(StoreError, match="does not exist"):
        connect(tmp_path / "no" / "folder.duckdb", create=True)
    not_a_db = tmp_path / "notes.duckdb"
    not_a_db.write_text("just text, not a database\n")
    with pytest.raises(StoreError):
        connect(not_a_db)


def test_a_database_held_by_another_process_says_so(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "busy.duckdb"
    connect(path, create=True).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
         "time.sleep(30)", str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match=rf"is in use by process {holder.pid} "):
            connect(path, read_only=True)
    finally:
        holder.kill()
        holder.wait()


# --- rows and offsets ----------------------------------------------------------------------------

def test_every_stored_offset_points_at_its_text(hand_db):
    con = connect(hand_db, read_only=True)
    texts = dict(con.execute("SELECT id, text FROM articles").fetchall())
    for table in ("sentences", "entities", "timexes", "actors", "places", "quotes"):
        for aid, start, end, words in con.execute(f"SELECT article_id, start_char, end_char, text FROM {table}").fetchall():
            assert texts[aid][start:end] == words, table
    checks = [("trigger_start", "trigger_end", "trigger_text"), ("sentence_start", "sentence_end", "sentence_text"),
              ("place_start", "place_end", "place_text")]
    for s, e, t in checks:
        for aid, start, end, words in con.execute(f"SELECT article_id, {s}, {e}, {t} FROM events WHERE {s} IS NOT NULL").fetchall():
            assert texts[aid][start:end] == words
    for aid, start, end, words in con.execute(
            "SELECT article_id, speaker_start, speaker_end, speaker_text FROM quotes").fetchall():
        assert texts[aid][start:end] == words
    evidence = con.execute("SELECT article_id, evidence_start, evidence_end, evidence_text FROM actors").fetchall()
    assert [texts[a][s:e] for a, s, e, _ in evidence] == [w for *_, w in evidence] == ["US President"]


def test_event_rows_are_flat_with_actor_json(hand_db):
    con = connect(hand_db, read_only=True)
    row = con.execute(
        "SELECT type, mode, cameo, quad, goldstein, date, date_start, date_end, modality, place_name, "
        "place_country, actor_codes, recipient_codes, actor_names, actors FROM events WHERE type = 'CONSULT' "
        "AND mode = 'visit'").fetchone()
    assert row[:13] == ("CONSULT", "visit", "04", 1, 1.0, "2018-06-12", dt.date(2018, 6, 12), dt.date(2018, 6, 12),
                        "asserted", "Singapore", "SGP", "USAGOV", "PRKGOV")
    assert row[13] == "Donald Trump"
    assert json.loads(row[14])[0]["code"] == "USAGOV"
    article = con.execute("SELECT dct_used, dct_source, dct_contradicted, title, outlet FROM articles "
                          "WHERE title = 'Summit in Singapore'").fetchone()
    assert article == ("2018-06-12", "stated", False, "Summit in Singapore", "Example News")


# --- ingest: idempotent, errors recorded, transactional ---------------------------------------

def test_ingesting_the_same_articles_again_counts_duplicates(hand_db, monkeypatch):
    monkeypatch.setattr(store_ingest, "analyze_stream", fake_stream)
    again = store_ingest.ingest_items([summit_analysis()[0], other_analysis()[0], summit_analysis()[0]], hand_db)
    assert (again.stored, again.duplicate, again.failed) == (0, 3, 0)
    con = connect(hand_db, read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 4
    runs = con.execute("SELECT id, stored, duplicate, failed, finished IS NOT NULL FROM runs ORDER BY id").fetchall()
    assert runs == [(1, 2, 0, 0, True), (2, 0, 3, 0, True)]


def test_same_text_twice_in_one_run_is_stored_once(tmp_path, monkeypatch):
    monkeypatch.setattr(store_ingest, "analyze_stream", fake_stream)
    a = make_article("The ministry said on Friday that the border would reopen.", source="a.txt")
    b = make_article("The  ministry said on Friday that\nthe border would reopen.", source="b.txt")
    assert a.id == b.id  # content ids ignore whitespace differences
    summary = store_ingest.ingest_items([a, b], tmp_path / "db.duckdb")
    assert (summary.stored, summary.duplicate) == (1, 1)


def test_progress_is_reported_per_document_and_per_commit(tmp_path, monkeypatch):
    monkeypatch.setattr(store_ingest, "analyze_stream", fake_stream)
    items = [summit_analysis()[0], ReadFailure("gone.txt", "no such file"), other_analysis()[0],
             summit_analysis()[0]]
    snapshots = []
    store_ingest.ingest_items(items, tmp_path / "db.duckdb", batch_size=2,
                              progress=lambda s: snapshots.append((s.handled, s.stored, s.failed, s.duplicate)))
    handled = [h for h, *_ in snapshots]
    assert handled == sorted(handled) and handled[-1] == 4
    # counts only grow when a batch commits: after the first batch of two, one stored and one failed
    assert (2, 1, 1, 0) in snapshots and snapshots[-1] == (4, 2, 1, 1)
    assert all(stored <= 1 for h, stored, *_ in snapshots if h < 3)


def test_read_and_analysis_failures_are_recorded_and_the_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(store_ingest, "analyze_stream", fake_stream)
    good = make_article("Rebels seized the town of Goma on Tuesday, the army said.", source="good.txt")
    bad = make_article("This text will explode the pipeline.", source="bad.txt")
    empty = Article(id="e" * 16, text="  \n ", source="blank.txt")
    items = [ReadFailure("missing.txt", "no such file", "T101"), good, bad, empty]
    db = tmp_path / "db.duckdb"
    summary = store_ingest.ingest_items(items, db, batch_size=2)
    assert (summary.stored, summary.duplicate, summary.failed) == (1, 0, 3)
    con = connect(db, read_only=True)
    errors = con.execute("SELECT source, code, reason, run_id FROM ingest_errors ORDER BY source").fetchall()
    assert [(s, c) for s, c, *_ in errors] == [("bad.txt", "T500"), ("blank.txt", "T100"), ("missing.txt", "T101")]
    assert "boom" in errors[0][2] and {r for *_, r in errors} == {summary.run_id}
    assert con.execute("SELECT source FROM articles").fetchall() == [("good.txt",)]


def test_an_article_that_cannot_be_stored_is_recorded_and_its_batch_mates_kept(tmp_path, monkeypatch):
    good = make_article("Farmers blocked roads in Lagos on Thursday over fuel prices.", source="lagos.txt")
    broken = make_article("Troops entered Bogota on Friday.", source="bogota.txt")
    other = make_article("Police in Dhaka detained twelve protesters, a spokesman said.", source="dhaka.txt")

    def stream(items, options=None, *, dct=None, tolerant=True, batch_size=32):
        for article, analysis in fake_stream(items):
            if article is broken:  # a stage bug: a value no BIGINT column can hold
                where = span(article.text, "Bogota")
                analysis.places = [Place(where.start, where.end, where.text, "Bogota", "COL", 4.6, -74.1,
                                         "city", geonameid=2**70)]
            yield article, analysis

    monkeypatch.setattr(store_ingest, "analyze_stream", stream)
    db = tmp_path / "db.duckdb"
    summary = store_ingest.ingest_items([good, broken, other], db)
    assert (summary.stored, summary.failed) == (2, 1)
    assert (summary.errors[0].source, summary.errors[0].code) == ("bogota.txt", "T400")
    assert summary.errors[0].reason.startswith("could not store: ")
    con = connect(db, read_only=True)
    assert sorted(r[0] for r in con.execute("SELECT source FROM articles").fetchall()) == ["dhaka.txt", "lagos.txt"]
    assert con.execute("SELECT stored, failed FROM runs").fetchone() == (2, 1)
    assert con.execute("SELECT count(*) FROM ingest_errors WHERE code = 'T400'").fetchone()[0] == 1
    assert con.execute("SELECT count(DISTINCT article_id) FROM sentences").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM places").fetchone()[0] == 0


def test_undecodable_file_names_are_stored_escaped(tmp_path, monkeypatch):
    monkeypatch.setattr(store_ingest, "analyze_stream", fake_stream)
    # a Latin-1 file name on a UTF-8 system decodes with lone surrogates
    article = make_article("Talks in Bogota ended early.", source="bogot\udce1.txt")
    db = tmp_path / "db.duckdb"
    failure = ReadFailure("caf\udce9/notes.txt", "the file is empty", "T102")
    summary = store_ingest.ingest_items([article, failure], db)
    assert (summary.stored, summary.failed) == (1, 1)
    con = connect(db, read_only=True)
    assert con.execute("SELECT source FROM articles").fetchone()[0] == "bogot\\udce1.txt"
    assert con.execute("SELECT source FROM ingest_errors").fetchone()[0] == "caf\\udce9/notes.txt"


def test_a_failure_mid_batch_leaves_no_partial_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(store_ingest, "analyze_stream", fake_stream)
    db = tmp_path / "db.duckdb"
    first = make_article("Protesters marched in Caracas against the government on Sunday.", source="first.txt")
    store_ingest.ingest_items([first], db)

    real_insert = store_write.insert_rows

    def failing_insert(con, table, rows):
        if table == "events":  # articles, sentences, ... are already inserted by now
            raise duckdb.IOException("disk full (injected)")
        return real_insert(con, table, rows)

    monkeypatch.setattr(store_write, "insert_rows", failing_insert)
    with pytest.raises(StoreError, match="disk full"):
        store_ingest.ingest_items([summit_analysis()[0], other_analysis()[0]], db)

    con = connect(db, read_only=True)
    assert con.execute("SELECT source FROM articles").fetchall() == [("first.txt",)]
    for table in ("sentences", "entities", "timexes", "actors", "places", "quotes", "events"):
        assert con.execute(f"SELECT count(*) FROM {table} WHERE article_id <> ?", [first.id]).fetchone()[0] == 0
    # the interrupted run is visible: not finished, nothing counted
    assert con.execute("SELECT stored, finished FROM runs WHERE id = 2").fetchone() == (0, None)


def test_an_interrupt_mid_batch_rolls_back_too(tmp_path, monkeypatch):
    monkeypatch.setattr(store_ingest, "analyze_stream", fake_stream)
    db = tmp_path / "db.duckdb"
    real_insert = store_write.insert_rows

    def interrupted(con, table, rows):
        if table == "quotes":
            raise KeyboardInterrupt
        return real_insert(con, table, rows)

    monkeypatch.setattr(store_write, "insert_rows", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store_ingest.ingest_items([summit_analysis()[0]], db)
    con = connect(db, read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM sentences").fetchone()[0] == 0


# --- queries --------------------------------------------------------------------------------------

def _types(rows):
    return sorted((r[3], r[8]) for r in rows[1])


def test_event_filters(hand_db):
    con = connect(hand_db, read_only=True)
    assert len(query_events(con)[1]) == 4
    assert _types(query_events(con, actor="USAGOV")) == [("CONSULT", "asserted")]
    assert _types(query_events(con, actor="prk")) == [("ASSAULT", "asserted"), ("CONSULT", "asserted")]  # code prefix, any role
    assert _types(query_events(con, actor="IRN")) == [("CONSULT", "planned"), ("REJECT", "asserted")]
    assert _types(query_events(con, actor="european union")) == [("CONSULT", "planned")]  # by name
    assert _types(query_events(con, actor="GOV")) == []  # a code prefix, not any substring
    assert _types(query_events(con, type="consult")) == [("CONSULT", "asserted"), ("CONSULT", "planned")]
    assert _types(query_events(con, modality="planned")) == [("CONSULT", "planned")]
    # 2017-06 is a month: it can fall after 2017-06-15; week 11 of 2019 is 2019-03-11..17
    assert _types(query_events(con, since="2017-06-15", until="2017-12")) == [("ASSAULT", "asserted")]
    assert _types(query_events(con, since="2019-03-10")) == [("CONSULT", "planned")]
    assert _types(query_events(con, until="2019-03-04", since="2018")) == [("CONSULT", "asserted"),
                                                                           ("REJECT", "asserted")]
    summit_id = summit_analysis()[0].id
    assert _types(query_events(con, article=summit_id[:6])) == [("ASSAULT", "asserted"), ("CONSULT", "asserted")]
    with pytest.raises(ConfigError):
        query_events(con, since="last week")


def test_quote_filters(hand_db):
    con = connect(hand_db, read_only=True)
    columns, rows = query_quotes(con, speaker="kim")
    assert [r[columns.index("speaker_code")] for r in rows] == ["PRKGOV"]
    assert len(query_quotes(con, actor="PRK")[1]) == 1
    assert len(query_quotes(con, actor="USA")[1]) == 0
    assert len(query_quotes(con, speaker="Officials")[1]) == 1  # matches the speaker's words too
    assert len(query_quotes(con, article=other_analysis()[0].id)[1]) == 1


def test_article_id_prefix_must_be_unique(hand_db):
    full = summit_analysis()[0].id
    con = connect(hand_db)
    twin = full[:4] + ("0" if full[4] != "0" else "1") + full[5:]
    con.execute("INSERT INTO articles SELECT * REPLACE (? AS id) FROM articles WHERE id = ?", [twin, full])
    assert resolve_article_id(con, full[:5]) == full
    assert resolve_article_id(con, full) == full
    with pytest.raises(StoreError, match="several"):
        resolve_article_id(con, full[:4])
    with pytest.raises(StoreError, match="no article"):
        resolve_article_id(con, "zzzz")


@pytest.mark.parametrize("value,expected", [
    ("2018-06-12", (dt.date(2018, 6, 12), dt.date(2018, 6, 12))),
    ("2018-06-12T14:30", (dt.date(2018, 6, 12), dt.date(2018, 6, 12))),
    ("2016-02", (dt.date(2016, 2, 1), dt.date(2016, 2, 29))),
    ("2017-WI", (dt.date(2017, 12, 1), dt.date(2018, 2, 28))),
    ("2020-Q3", (dt.date(2020, 7, 1), dt.date(2020, 9, 30))),
    ("2015-W01", (dt.date(2014, 12, 29), dt.date(2015, 1, 4))),
    ("1999", (dt.date(1999, 1, 1), dt.date(1999, 12, 31))),
    ("199", (dt.date(1990, 1, 1), dt.date(1999, 12, 31))),
    ("XXXX-07-04", (None, None)),
    ("P3D", (None, None)),
    ("PRESENT_REF", (None, None)),
    ("2019-02-29", (None, None)),
])
def test_timex_range(value, expected):
    assert timex_range(value) == expected


def test_date_bounds():
    assert parse_bound("2018-06", upper=False) == dt.date(2018, 6, 1)
    assert parse_bound("2018-06", upper=True) == dt.date(2018, 6, 30)
    for bad in ("2018-13", "June", "2018-SU", ""):
        with pytest.raises(ConfigError):
            parse_bound(bad, upper=False)


# --- full-text search ----------------------------------------------------------------------------

def _titles(con, query):
    from tidings.store.queries import list_articles

    columns, rows = list_articles(con, search=query)
    return [r[columns.index("title")] for r in rows]


def test_search_uses_the_stemmed_index_and_falls_back_when_it_is_stale(hand_db, monkeypatch):
    from tidings.store import search

    con = connect(hand_db)
    assert search.index_is_current(con)
    # stemming: "denuclearized" finds "denuclearization"; every word must match
    assert _titles(con, "denuclearized") == ["Summit in Singapore"]
    assert _titles(con, "proposals rejected") == ["Talks to resume"]
    assert _titles(con, "singapore tehran") == []
    # a row the index doesn't cover makes it stale: plain substring matching takes over
    con.execute("INSERT INTO articles SELECT * REPLACE ('f' || id[2:] AS id, 'Copy' AS title) FROM articles "
                "WHERE title = 'Talks to resume'")
    assert not search.index_is_current(con)
    assert _titles(con, "denuclearized") == []
    assert sorted(_titles(con, "TEHRAN rejected")) == ["Copy", "Talks to resume"]
    con.close()
    # the next ingest that stores something rebuilds it
    monkeypatch.setattr(store_ingest, "analyze_stream", fake_stream)
    store_ingest.ingest_items([make_article("Sudan and South Sudan signed a denuclearization pact.", title="Pact")], hand_db)
    con = connect(hand_db, read_only=True)
    assert search.index_is_current(con)
    assert sorted(_titles(con, "denuclearized")) == ["Pact", "Summit in Singapore"]


def test_search_without_the_extension_is_a_substring_match(hand_db, monkeypatch):
    from tidings.store import search

    monkeypatch.setattr(search, "extension_path", lambda: None)
    con = connect(hand_db, read_only=True)
    assert _titles(con, "denuclearized") == []
    assert _titles(con, "denuclearization") == ["Summit in Singapore"]


# --- export ---------------------------------------------------------------------------------------

def test_jsonl_export_round_trips_to_analysis(hand_db, tmp_path):
    out = tmp_path / "all.jsonl"
    assert export(hand_db, out=out) == 2
    back = [Analysis.from_dict(json.loads(line)) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = {a.id: a for _, a in (summit_analysis(), other_analysis())}
    assert {a.id for a in back} == set(expected)
    for analysis in back:
        assert analysis == expected[analysis.id]
        assert all(analysis.text[e.trigger.start:e.trigger.end] == e.trigger.text for e in analysis.events)


def test_csv_export_of_a_table(hand_db):
    buffer = io.StringIO()
    assert export(hand_db, format="csv", table="events", out=buffer) == 4
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert len(rows) == 4
    assert {"article_id", "type", "actor_codes", "recipient_codes", "trigger_start", "trigger_end", "date_start",
            "place_lat"} <= set(rows[0])
    assert sorted(r["type"] for r in rows) == ["ASSAULT", "CONSULT", "CONSULT", "REJECT"]
    articles = io.StringIO()
    export(hand_db, format="csv", out=articles)
    header = next(csv.reader(io.StringIO(articles.getvalue())))
    assert "title" in header and "analysis" not in header


def test_parquet_export_is_readable_by_pyarrow(hand_db, tmp_path):
    out = tmp_path / "quotes.parquet"
    assert export(hand_db, format="parquet", table="quotes", out=out) == 2
    table = pq.read_table(out)
    assert table.num_rows == 2
    assert sorted(table.column("speaker_name").to_pylist()) == ["Kim Jong-un", "officials"]
    with pytest.raises(ConfigError, match="needs a file"):
        export(hand_db, format="parquet", table="quotes")


def test_export_rejects_unknown_table_and_format(hand_db):
    with pytest.raises(ConfigError):
        export(hand_db, table="secrets")
    with pytest.raises(ConfigError):
        export(hand_db, format="xlsx")
