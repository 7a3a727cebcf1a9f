"""The API over a store built by ingesting the two seed reports (runs spaCy), and POST /api/extract."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_api import Client
from tidings.api import create_app

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "examples").glob("*.txt"))

pytestmark = pytest.mark.model


@pytest.fixture(scope="session")
def seed_client(tmp_path_factory) -> Client:
    """Both seed files ingested once per session into a tmp store."""
    from tidings.store.ingest import ingest_paths

    if len(SEEDS) < 2:
        pytest.skip("the seed files are not in examples/")
    db = tmp_path_factory.mktemp("api-seeds") / "seeds.duckdb"
    summary = ingest_paths([str(p) for p in SEEDS], db)
    assert (summary.stored, summary.failed) == (2, 0)
    return Client(create_app(str(db)))


@pytest.fixture(scope="module")
def extract_client(tmp_path_factory) -> Client:
    """An app over an empty store: /api/extract needs no database rows."""
    from tidings.store import connect

    db = tmp_path_factory.mktemp("api-extract") / "empty.duckdb"
    connect(db, create=True).close()
    return Client(create_app(str(db)))


def _check_offsets(analysis: dict) -> int:
    """Every span of every layer points at its own words; returns how many were checked."""
    text, checked = analysis["text"], 0
    for layer in ("sentences", "entities", "timexes", "actors", "places", "quotes"):
        for record in analysis[layer]:
            assert text[record["start"]:record["end"]] == record["text"], (layer, record)
            checked += 1
    for event in analysis["events"]:
        for span in [event["trigger"], event["sentence"], *event["actors"], *event["recipients"]]:
            assert text[span["start"]:span["end"]] == span["text"], event
            checked += 1
    return checked


def test_seed_articles_are_listed_and_searchable(seed_client):
    articles = seed_client.json("/api/articles")["articles"]
    assert len(articles) == 2
    assert all(a["events"] > 0 and a["actors"] > 0 for a in articles)
    found = seed_client.json("/api/articles", search="Singapore summit")["articles"]
    assert found and all(a["id"] in {x["id"] for x in articles} for a in found)


def test_every_highlight_of_a_seed_article_points_at_its_words(seed_client):
    for item in seed_client.json("/api/articles")["articles"]:
        result = seed_client.json(f"/api/articles/{item['id'][:6]}")
        assert result["article"]["id"] == item["id"]
        assert _check_offsets(result["analysis"]) > 50


def test_seed_events_rows_match_their_article_text(seed_client):
    texts = {a["id"]: seed_client.json(f"/api/articles/{a['id']}")["analysis"]["text"]
             for a in seed_client.json("/api/articles")["articles"]}
    events = seed_client.json("/api/events")["events"]
    assert events
    for e in events:
        text = texts[e["article_id"]]
        assert text[e["trigger_start"]:e["trigger_end"]] == e["trigger_text"]
        assert text[e["sentence_start"]:e["sentence_end"]] == e["sentence_text"]


def test_seed_timeline_of_the_summit_pair(seed_client):
    """The two reports are about Trump meeting Kim: the USA–PRK timeline has those meetings."""
    timeline = seed_client.json("/api/timeline", actor="USA", other="PRK")["events"]
    assert timeline
    for e in timeline:
        people = e["actors"] + e["recipients"]
        assert any((p["code"] or "").startswith("USA") for p in people)
        assert any((p["code"] or "").startswith("PRK") for p in people)
    starts = [e["date_start"] for e in timeline]
    assert starts == sorted(starts)
    assert any(e["type"] == "CONSULT" and e["date"] == "2018-06-12" for e in timeline)


def test_seed_series_agrees_with_the_timeline(seed_client):
    series = seed_client.json("/api/series", actor="USA", other="PRK", modality="all")
    timeline = seed_client.json("/api/timeline", actor="USA", other="PRK", undated="true")["events"]
    counted = sum(m["events"] for m in series["periods"])
    left = series["left_out"]
    assert counted + left["undated"] + left["vaguer_than_the_period"] == len(timeline)
    for month in series["periods"]:
        quads = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
        assert sum(month[q] for q in quads) <= month["events"]


def test_seed_actors_have_the_summit_leaders(seed_client):
    actors = {a["code"]: a for a in seed_client.json("/api/actors")["actors"]}
    assert "Kim Jong-un" in actors["PRKGOV"]["names"] and "Donald Trump" in actors["USAGOV"]["names"]
    assert actors["PRKGOV"]["events"] > 0 and actors["USAGOV"]["mentions"] > 0


# --- POST /api/extract --------------------------------------------------------------------------

def test_extract_analyses_a_seed_text(extract_client):
    text = SEEDS[1].read_text(encoding="utf-8")
    response = extract_client.request("POST", "/api/extract", json={"text": text})
    assert response.status_code == 200, response.text
    analysis = response.json()
    assert analysis["events"] and analysis["actors"] and analysis["quotes"]
    _check_offsets(analysis)


@pytest.mark.parametrize("text, dct, words, value", [
    ("Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Tuesday.",
     "2019-04-26", "on Tuesday", "2019-04-23"),
    ("The French foreign minister visited Berlin yesterday, officials said.", "2021-11-03", "yesterday", "2021-11-02"),
])
def test_extract_anchors_times_to_the_dct_given(extract_client, text, dct, words, value):
    analysis = extract_client.request("POST", "/api/extract", json={"text": text, "dct": dct, "raw": True}).json()
    assert analysis["text"] == text  # raw: the input verbatim
    assert analysis["dct"]["used"] == dct and analysis["dct"]["source"] == "given"
    timex = next(t for t in analysis["timexes"] if words.endswith(t["text"]) or t["text"] in words)
    assert timex["value"] == value
    _check_offsets(analysis)
