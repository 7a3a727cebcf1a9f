"""The list contract, the link views, search and hardening of the API, on a small linked store (no spaCy).

The store is the three hand-built articles of ``test_api`` plus a second report of the
Singapore summit from another outlet, a repost of it, and an article naming Moon Jae-in,
linked with ``tidings link`` (without re-dating), so stories, merged events and reposts
exist. Requests go through httpx's ASGI transport, in process.
"""

from __future__ import annotations

import asyncio
import csv
import io
import threading
import time

import pytest

pytest.importorskip("fastapi", reason="the api extra is not installed")
httpx = pytest.importorskip("httpx", reason="httpx (dev extra) is not installed")

from test_api import DOCS, INVITE_ID, IRAN_ID, SUMMIT_ID, Client, Doc  # noqa: E402

from tidings.api import create_app, lists  # noqa: E402
from tidings.model import Place  # noqa: E402
from tidings.store import connect  # noqa: E402
from tidings.store import search as store_search  # noqa: E402
from tidings.store.link import link_store  # noqa: E402
from tidings.store.write import Batch, finish_run, start_run, write_batch  # noqa: E402

REPORT_ID, REPOST_ID, MOON_ID = "b0b0000000000001", "c0c0000000000001", "d0d0000000000001"
SINGAPORE = Place(0, 0, "Singapore", "Singapore", "SGP", 1.29, 103.85, "city", 1880252)


def report() -> Doc:
    """The summit again, told by another outlet: the same meeting, the same day."""
    d = Doc(REPORT_ID, "North Korean leader Kim Jong-un and US President Donald Trump met in Singapore on "
            "June 12, 2018, the first summit of the two countries. Trump said: “We have a special bond.”",
            "Kim and Trump meet at the summit", "2018-06-12", outlet="Courier")
    kim, trump = d.actor("Kim Jong-un", "Kim Jong-un", "PRKGOV"), d.actor("Donald Trump", "Donald Trump", "USAGOV")
    d.event("met", "CONSULT", 1, 1.0, [trump, kim], date="2018-06-12")
    d.analysis.events[-1].place = SINGAPORE
    d.quote("We have a special bond.", "Trump", "Donald Trump", "USAGOV")
    return d


def repost() -> Doc:
    """A word-for-word copy of the summit article in a third outlet, two days later."""
    original = DOCS[0]
    d = Doc(REPOST_ID, original.text, original.article.title, "2018-06-14", outlet="Aggregator")
    trump, kim = d.actor("Donald Trump", "Donald Trump", "USAGOV"), d.actor("Kim Jong-un", "Kim Jong-un", "PRKGOV")
    d.event("met", "CONSULT", 1, 1.0, [trump, kim], date="2018-06-12")
    d.analysis.events[-1].place = SINGAPORE
    return d


def moon() -> Doc:
    d = Doc(MOON_ID, "South Korean President Moon Jae-in praised the summit on Wednesday. "
            "Moon urged Pyongyang to keep talking.", "Moon praises the summit", "2018-06-13", outlet="Courier")
    moon_, pyongyang = d.actor("Moon Jae-in", "Moon Jae-in", "KORGOV"), d.actor("Pyongyang", "North Korea", "PRKGOV")
    d.event("praised", "SUPPORT", 1, 3.4, [moon_], date="2018-06-13")
    d.event("urged", "REQUEST", 3, -2.0, [d.actor("Moon", "Moon Jae-in", "KORGOV", nth=1)], [pyongyang],
            date="2018-06-13")
    return d


ALL = [*DOCS, report(), repost(), moon()]


def build(path, *, index: bool = True, docs=ALL):
    con = connect(path, create=True)
    run_id = start_run(con, ["hand-built"])
    write_batch(con, Batch(stored=[(d.article, d.analysis) for d in docs]), run_id)
    if index:
        store_search.rebuild_index(con)
    finish_run(con, run_id)
    link_store(con, redate_articles=False)
    con.close()
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build(tmp_path_factory.mktemp("lists") / "linked.duckdb")


@pytest.fixture(scope="module")
def client(store) -> Client:
    return Client(create_app(str(store)))


LISTS = [  # (url, items key, sorts)
    ("/api/articles", "articles", ["date", "-date", "title", "outlet"]),
    ("/api/events", "events", ["date", "-date", "goldstein", "-goldstein", "articles", "-articles"]),
    ("/api/quotes", "quotes", ["date", "-date", "speaker"]),
    ("/api/quotes/speakers", "speakers", ["quotes", "-quotes", "speaker"]),
    ("/api/actors", "actors", ["events", "-events", "mentions", "code"]),
    ("/api/timeline?actor=USA", "events", ["date", "-goldstein"]),
    ("/api/stories", "stories", ["date", "-date", "articles"]),
    ("/api/merged", "merged", ["date", "-goldstein", "-articles"]),
]


def _key(item: dict) -> tuple:
    return tuple(item.get(k) for k in ("id", "article_id", "n", "code", "speaker"))


def _get(client, url, **params):
    sep = "&" if "?" in url else "?"
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = client.request("GET", url + (sep + query if query else ""))
    assert response.status_code == 200, response.text
    return response.json()


# --- paging ------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, key, sorts", LISTS)
def test_cursor_pages_walk_the_whole_list_in_the_order_of_one_page(client, url, key, sorts):
    for sort in sorts:
        whole = _get(client, url, limit=1000, sort=sort)
        assert whole["sort"] == sort and whole["has_more"] is False and whole["next_cursor"] is None
        assert whole["total"] == len(whole[key]) and whole["total_exact"] in (True, False)
        walked, cursor, pages = [], None, 0
        while True:
            page = _get(client, url, limit=2, sort=sort, **({"cursor": cursor} if cursor else {}))
            walked += page[key]
            pages += 1
            assert page["count"] == len(page[key]) <= 2
            if not page["has_more"]:
                assert page["next_cursor"] is None
                break
            cursor = page["next_cursor"]
            assert pages < 100
        assert [_key(i) for i in walked] == [_key(i) for i in whole[key]], sort
        assert len(set(_key(i) for i in walked)) == len(walked)  # no item twice


@pytest.mark.parametrize("url, key, sorts", LISTS)
def test_offset_skips_items_on_every_list(client, url, key, sorts):
    # offset was silently ignored by articles, actors and timeline: the first page again
    whole = _get(client, url, limit=1000)[key]
    assert len(whole) >= 3, url
    page = _get(client, url, limit=2, offset=1)
    assert [_key(i) for i in page[key]] == [_key(i) for i in whole[1:3]]
    assert page["offset"] == 1


def test_sorts_order_what_they_say(client):
    events = _get(client, "/api/events", limit=1000, sort="-goldstein")["events"]
    scores = [e["goldstein"] for e in events]
    assert scores == sorted(scores, reverse=True)
    dated = [e["date_start"] for e in _get(client, "/api/events", limit=1000)["events"]]
    assert [d for d in dated if d] == sorted(d for d in dated if d) and dated[-1] is None  # undated last
    by_articles = _get(client, "/api/events", limit=1000, sort="-articles")["events"]
    counts = [e["n_articles"] for e in by_articles]
    assert counts[0] == 3 and counts == sorted(counts, key=lambda n: -(n or 0))  # the summit: 3 reports
    stories = _get(client, "/api/stories", sort="-articles")["stories"]
    assert [s["articles"] for s in stories] == sorted((s["articles"] for s in stories), reverse=True)


def test_a_capped_count_says_it_is_not_exact(client, monkeypatch):
    monkeypatch.setattr(lists, "COUNT_CAP", 3)
    page = _get(client, "/api/events", limit=2, type="REQUEST")  # 2 requests: under the cap
    assert (page["total"], page["total_exact"]) == (2, True)
    page = _get(client, "/api/events", limit=2)
    assert (page["total"], page["total_exact"], page["has_more"]) == (3, False, True)


@pytest.mark.parametrize("params, message", [
    ({"sort": "loudness"}, "unknown sort"),
    ({"cursor": "not-a-cursor"}, "cursor"),
    ({"offset": 1, "cursor": "eyJ9"}, "offset and cursor"),
    ({"facets": "colour"}, "no facet"),
    ({"offset": 10 ** 6}, "offset"),
    ({"colour": "red"}, "unknown parameter 'colour'"),
])
def test_bad_paging_parameters_are_refused_in_the_one_shape(client, params, message):
    response = client.get("/api/events", **params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == "T300" and message in body["error"]["message"]


def test_a_cursor_of_another_sort_or_list_is_refused(client):
    cursor = _get(client, "/api/events", limit=1)["next_cursor"]
    for url, params in [("/api/events", {"sort": "-goldstein"}), ("/api/merged", {})]:
        response = client.get(url, cursor=cursor, **params)
        assert response.status_code == 400 and "start again" in response.json()["error"]["message"]


@pytest.mark.parametrize("url", ["/api/health", "/api/vocabulary", f"/api/articles/{IRAN_ID}", "/api/series?actor=USA",
                                 "/api/map", "/api/network", "/api/actors/USAGOV", "/api/stories/S00001"])
def test_every_endpoint_refuses_unknown_parameters(client, url):
    response = client.request("GET", url + ("&" if "?" in url else "?") + "limt=5")
    assert response.status_code == 400 and response.json()["error"]["code"] == "T300"
    assert "'limt'" in response.json()["error"]["message"]


# --- facets and downloads ----------------------------------------------------------------------

@pytest.mark.parametrize("url, key, facet, field", [
    ("/api/events", "events", "type", "type"),
    ("/api/events", "events", "outlet", "outlet"),
    ("/api/events", "events", "modality", "modality"),
    ("/api/quotes", "quotes", "outlet", "outlet"),
    ("/api/merged", "merged", "type", "type"),
    ("/api/articles", "articles", "outlet", "outlet"),
])
def test_facet_counts_count_the_matches_and_narrow_the_list(client, url, key, facet, field):
    result = _get(client, url, limit=1000, facets=facet)
    counted: dict = {}
    for item in result[key]:
        if item[field] is not None:
            counted[item[field]] = counted.get(item[field], 0) + 1
    assert {f["value"]: f["count"] for f in result["facets"][facet]} == counted
    value, n = result["facets"][facet][0]["value"], result["facets"][facet][0]["count"]
    narrowed = client.json(url, limit=1000, **{facet: value})
    assert len(narrowed[key]) == n and all(i[field] == value for i in narrowed[key])


def test_month_and_country_facets_are_filters_too(client):
    result = _get(client, "/api/events", limit=1000, facets="all")
    assert set(result["facets"]) == {"type", "modality", "country", "outlet", "month", "quad"}
    months = {f["value"]: f["count"] for f in result["facets"]["month"]}
    assert months["2018-06"] == 5  # the summit thrice, Moon twice
    assert len(client.json("/api/events", month="2018-06")["events"]) == 5
    assert result["facets"]["country"] == [{"value": "SGP", "count": 2}]
    assert {e["article_id"] for e in client.json("/api/events", country="SGP")["events"]} == {REPORT_ID, REPOST_ID}


@pytest.mark.parametrize("url, key", [(u, k) for u, k, _ in LISTS] + [
    ("/api/series?actor=USA", "periods"), ("/api/map", "points"), ("/api/network", "edges")])
def test_every_list_downloads_as_csv_and_json(client, url, key):
    sep = "&" if "?" in url else "?"
    data = client.request("GET", url).json()
    response = client.request("GET", url + sep + "format=csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(data[key]) > 0
    first = data[key][0]
    for name, value in first.items():
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            assert rows[0][name] == str(value), name
    download = client.request("GET", url + sep + "format=json")
    assert download.json() == data and download.headers["content-disposition"].endswith('.json"')


# --- stories, merged events, quotes, actors, map, network ---------------------------------------

def _summit_story(client) -> dict:
    stories = client.json("/api/stories", article=SUMMIT_ID)["stories"]
    assert len(stories) == 1
    return client.json(f"/api/stories/{stories[0]['id']}")


def test_a_story_has_its_articles_outlets_over_time_merged_events_quotes_and_reposts(client):
    story = _summit_story(client)
    ids = {a["id"] for a in story["articles"]}
    assert {SUMMIT_ID, REPORT_ID, REPOST_ID} <= ids
    assert {a["id"] for a in story["articles"] if a["repost"]} == {REPOST_ID}
    points = story["outlets_over_time"]["points"]
    assert {"period": "2018-06-14", "outlet": "Aggregator", "articles": 1} in points
    assert sum(p["articles"] for p in points) == len(story["articles"])
    meeting = story["merged_events"][0]
    assert meeting["type"] == "CONSULT" and meeting["articles"] == 3 and meeting["outlets"] == 3
    assert {q["text"] for q in story["quotes"]} >= {"We have a special bond."}
    assert story["reposts"][0]["original"] == SUMMIT_ID and story["reposts"][0]["copy"] == REPOST_ID
    assert story["reposts"][0]["copy_outlet"] == "Aggregator"
    weekly = client.json(f"/api/stories/{story['story']['id']}", by="week")["outlets_over_time"]
    assert {p["period"] for p in weekly["points"]} >= {"2018-W24"}


def test_a_merged_event_lists_every_report_with_sentence_outlet_and_date(client):
    merged = client.json("/api/merged", sort="-articles", limit=1)["merged"][0]
    assert merged["articles"] == 3 and set(merged["actors"]) == {"USAGOV", "PRKGOV"}
    one = client.json(f"/api/merged/{merged['id']}")
    reports = one["reports"]
    assert {r["article_id"] for r in reports} == {SUMMIT_ID, REPORT_ID, REPOST_ID}
    assert {r["outlet"] for r in reports} == {"Wire", "Courier", "Aggregator"}
    for r in reports:
        assert r["trigger_text"] == "met" and "met" in r["sentence_text"] and r["date"] == "2018-06-12"
    assert one["stories"]
    assert client.get("/api/merged/M-none").json()["error"]["code"] == "T608"
    assert client.get("/api/stories/S-none").json()["error"]["code"] == "T607"
    assert {m["id"] for m in client.json("/api/merged", actor="KORGOV")["merged"]} == \
        {m["id"] for m in client.json("/api/merged", article=MOON_ID)["merged"]}


def test_quotes_by_speaker_and_by_actor(client):
    speakers = client.json("/api/quotes/speakers")["speakers"]
    by_name = {s["speaker"]: s for s in speakers}
    assert by_name["Kim Jong-un"]["quotes"] == 1 and by_name["Kim Jong-un"]["code"] == "PRKGOV"
    assert by_name["Donald Trump"]["direct"] == 1
    assert [q["speaker_name"] for q in client.json("/api/quotes", actor="USA")["quotes"]] == ["Donald Trump"]
    assert {s["speaker"] for s in client.json("/api/quotes/speakers", actor="PRK")["speakers"]} == {"Kim Jong-un"}
    quote = client.json("/api/quotes", speaker="trump")["quotes"][0]
    assert quote["outlet"] == "Courier" and quote["article_date"] == "2018-06-12"


def test_an_actor_page_has_counts_partners_and_dates(client):
    actor = client.json("/api/actors/KORGOV")["actor"]
    assert actor["names"] == ["Moon Jae-in", "South Korea"] or actor["names"][0] == "Moon Jae-in"
    assert [p["code"] for p in actor["partners"]] == ["PRKGOV", "USAGOV"][:len(actor["partners"])]
    assert actor["partners"][0]["verbal_conflict"] == 1  # Moon urged Pyongyang
    assert actor["first"] == "2018-06-13"
    assert client.get("/api/actors/ZZZ").json()["error"]["code"] == "T606"


def test_series_by_day_and_by_week(client):
    days = client.json("/api/series", actor="KORGOV", by="day")["periods"]
    assert [p["period"] for p in days] == ["2018-06-13"] and days[0]["events"] == 2
    weeks = client.json("/api/series", actor="USA", other="PRK", by="week")
    assert weeks["periods"][-1]["period"] == "2018-W24" and weeks["periods"][-1]["events"] == 3
    labels = [p["period"] for p in weeks["periods"]]
    assert labels == sorted(labels) and len(labels) == len(set(labels))  # no gaps, no repeats
    assert weeks["left_out"]["vaguer_than_the_period"] >= 1  # "2018-03" is vaguer than a week


def test_the_map_aggregates_events_per_place(client):
    points = client.json("/api/map")["points"]
    assert points == [{"lat": 1.29, "lon": 103.85, "name": "Singapore", "country": "SGP", "events": 2,
                       "verbal_cooperation": 2, "material_cooperation": 0, "verbal_conflict": 0,
                       "material_conflict": 0, "goldstein_mean": 1.0,
                       "types": [{"value": "CONSULT", "count": 2}]}]
    assert client.json("/api/map", type="ASSAULT")["points"] == []
    assert client.json("/api/map", grid=10)["points"][0]["lat"] == 0.0  # snapped to the 10-degree grid


def test_the_network_weights_edges_by_merged_events_with_their_quad_class(client):
    net = client.json("/api/network")
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    summit = edges[("PRKGOV", "USAGOV")]  # "Trump and Kim met": two sources, undirected
    assert summit["directed"] is False and summit["weight"] == 1 and summit["quad"] == 1
    urged = edges[("KORGOV", "PRKGOV")]
    assert urged["directed"] is True and urged["quad"] == 3 and urged["verbal_conflict"] == 1
    nodes = {n["id"]: n for n in net["nodes"]}
    assert nodes["KORGOV"]["name"] == "Moon Jae-in" and nodes["PRKGOV"]["edges"] >= 2
    assert {(e["source"], e["target"]) for e in client.json("/api/network", actor="KOR")["edges"]} == \
        {("KORGOV", "PRKGOV")}


# --- search ------------------------------------------------------------------------------------

@pytest.mark.parametrize("words, expected", [
    ("Kim Jong-un", {SUMMIT_ID, INVITE_ID, REPORT_ID, REPOST_ID}),
    ("Moon Jae-in", {MOON_ID}),
    ("the summit", {SUMMIT_ID, REPOST_ID, REPORT_ID, MOON_ID}),  # "the" is a stop word, not a required term
    ('"the first summit"', {REPORT_ID}),
    ('"summit the"', set()),  # a phrase keeps its order
    ("Jong-un Moscow", set()),
    ("jong un", {SUMMIT_ID, INVITE_ID, REPORT_ID, REPOST_ID}),
])
@pytest.mark.parametrize("index", [True, False])
def test_search_finds_names_stop_words_and_phrases(words, expected, index, store, tmp_path_factory):
    db = store if index else build(tmp_path_factory.mktemp("noindex") / "plain.duckdb", index=False)
    found = Client(create_app(str(db))).json("/api/articles", search=words)
    assert {a["id"] for a in found["articles"]} == expected


def test_search_stems_words_with_the_index(client):
    assert {a["id"] for a in client.json("/api/articles", search="summits")["articles"]} == \
        {a["id"] for a in client.json("/api/articles", search="summit")["articles"]}


def test_search_results_have_highlighted_snippets(client):
    result = client.json("/api/articles", search="Moon Jae-in summit")
    assert result["search"]["phrases"] == [["jae", "in"]] and result["search"]["ignored"] == ["in"]
    article = result["articles"][0]
    text, marks = article["snippet"]["text"], article["snippet"]["highlights"]
    assert {text[s:e] for s, e in marks} >= {"Moon Jae-in", "summit"}
    assert article["title"][slice(*article["title_highlights"][0])] == "Moon"
    best = client.json("/api/articles", search="Kim Jong-un")["articles"][0]
    assert all(best["snippet"]["text"][s:e] in ("Kim Jong-un", "Kim") for s, e in best["snippet"]["highlights"])


def test_the_cli_search_finds_the_same_articles(store):
    from click.testing import CliRunner

    from tidings.cli import main

    result = CliRunner().invoke(main, ["articles", "--db", str(store), "--jsonl", "--search", "Moon Jae-in"])
    assert result.exit_code == 0, result.output
    assert MOON_ID in result.output and "Moon Jae-in praised" in result.output
    result = CliRunner().invoke(main, ["articles", "--db", str(store), "--jsonl", "--search", "the summit"])
    assert result.output.count('"id"') == 4


# --- hardening ---------------------------------------------------------------------------------

def _send(app, method, url, *, host="localhost", **kwargs):
    async def go():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{host}") as c:
            return await c.request(method, url, **kwargs)

    return asyncio.run(go())


def test_a_50_mb_body_is_refused_before_it_is_read(client):
    sent = []

    async def body():
        for _ in range(50):
            sent.append(1)
            yield b"x" * (1024 * 1024)

    response = _send(client.app, "POST", "/api/extract", content=body(),
                     headers={"content-type": "application/json", "content-length": str(50 * 1024 * 1024)})
    assert response.status_code == 413 and response.json()["error"]["code"] == "T609"
    assert len(sent) <= 1  # not read: refused from its Content-Length

    async def chunked():  # no Content-Length: refused once it passes the limit
        for _ in range(50):
            sent.append(1)
            yield b"x" * (1024 * 1024)

    sent.clear()
    response = _send(client.app, "POST", "/api/extract", content=chunked(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "T609"
    assert len(sent) <= 4


@pytest.mark.parametrize("host, ok", [("localhost", True), ("127.0.0.1:8000", True), ("[::1]:8000", True),
                                      ("LOCALHOST", True), ("evil.example", False), ("localhost.evil.example", False),
                                      ("127.0.0.1.nip.io", False)])
def test_only_localhost_names_are_answered_by_default(client, host, ok):
    response = _send(client.app, "GET", "/api/health", headers={"host": host})
    assert response.status_code == (200 if ok else 400)
    if not ok:
        assert response.json()["error"]["code"] == "T610"


def test_more_host_names_can_be_allowed(store, monkeypatch):
    app = create_app(str(store), allowed_hosts=["localhost", "news.lan"])
    assert _send(app, "GET", "/api/health", host="news.lan").status_code == 200
    assert _send(app, "GET", "/api/health", host="127.0.0.1").status_code == 400  # the list replaces the default
    monkeypatch.setenv("TIDINGS_ALLOWED_HOSTS", "box.lan, other.lan")
    app = create_app(str(store))
    assert _send(app, "GET", "/api/health", host="other.lan").status_code == 200


@pytest.mark.parametrize("url", ["/api/health", "/api/nothing", "/", "/static/app.js", "/api/docs"])
def test_every_response_has_the_security_headers(client, url):
    response = client.get(url)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in \
        csp.split("script-src")[1].split(";")[0]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("url", ["/api/health", "/api/events", "/api/articles", f"/api/articles/{IRAN_ID}",
                                 "/api/stories", "/api/map", "/", "/static/app.js", "/api/nothing"])
def test_head_answers_like_get_without_a_body(client, url):
    get, head = client.request("GET", url), client.request("HEAD", url)
    assert head.status_code == get.status_code and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]


def test_extract_work_is_bounded_and_never_starves_the_reads(store, monkeypatch):
    import tidings.pipeline

    release = threading.Event()

    class Slow:
        def as_dict(self):
            return {"ok": True}

    def slow_extract(text, **kwargs):  # stands in for a spaCy parse that takes long
        release.wait(10)
        return Slow()

    monkeypatch.setattr(tidings.pipeline, "extract", slow_extract)
    app = create_app(str(store), extract_workers=1, extract_queue=2)

    async def go():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost", timeout=30) as c:
            posts = [asyncio.create_task(c.post("/api/extract", json={"text": f"text {i}"})) for i in range(8)]
            await asyncio.sleep(0.3)
            start = time.perf_counter()
            health = await c.get("/api/health")
            took = time.perf_counter() - start
            release.set()
            return health, took, await asyncio.gather(*posts)

    health, took, posts = asyncio.run(go())
    assert health.status_code == 200 and took < 1.0
    codes = sorted(p.status_code for p in posts)
    assert codes == [200] * 3 + [503] * 5  # one running, two waiting, the rest refused at once
    busy = next(p for p in posts if p.status_code == 503).json()
    assert busy["error"]["code"] == "T611"
