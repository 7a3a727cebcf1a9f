"""The web app in a real browser: Playwright drives Debian's Chromium against a real `tidings serve`.

The store is built from the seed reports (examples/) plus two articles written here: one whose
title, outlet, text and quote carry script payloads, and a near-copy of a seed from another
outlet. Every view must load with its own title and no console error, ask nothing of any host
but 127.0.0.1, keep the payloads inert, offer downloads that parse, draw its charts, map and
network (SVG with marks, a screenshot of a real size) and fit a phone's width.

Runs when Chromium (/usr/bin/chromium, from `scripts/install --dev`) and the `playwright`
package are there; in CI (CI=true) their absence is a failure, not a skip. The browser is
never downloaded by Playwright. TIDINGS_WEB_SHOTS=DIR also saves a screenshot of each view
there (how docs/img/ was made).
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "examples").glob("*.txt"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = pytest.mark.model  # the store is built by the real pipeline (spaCy)

XSS_TEXT = (
    "US President Donald Trump met North Korean leader Kim Jong-un in Singapore on June 12, 2018. "
    '<img src=x onerror="window.__xss=3"> The two leaders signed a joint statement. '
    '"<script>window.__xss=4</script> We will work toward complete denuclearization," Kim Jong-un said. '
    "South Korea welcomed the agreement on Wednesday, and China praised the talks in Beijing."
)
XSS_TITLE = '<img src=x onerror="window.__xss=1">Summit <script>window.__xss=2</script>'
XSS_OUTLET = '<b onmouseover="window.__xss=5">Evil Wire</b>'


def _browser_or_skip():
    """The playwright module, or a skip (a failure in CI) saying what is missing."""
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -e '.[dev]')")
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (scripts/install --dev installs Debian's chromium)")
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if IN_CI:
            pytest.fail(message + "; in CI they must run")
        pytest.skip(message)
    from playwright import sync_api

    return sync_api


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, dict, bytes]:
    with urllib.request.urlopen(url, timeout=20) as response:  # 127.0.0.1 only
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A store of the seeds and the two written articles, served by `tidings serve` on a free port."""
    _browser_or_skip()
    from tidings.store.ingest import ingest_paths
    from tidings.store.link import link_store

    tmp = tmp_path_factory.mktemp("web-browser")
    extra = tmp / "extra.jsonl"
    seed = SEEDS[-1].read_text(encoding="utf-8")
    lines = [
        {"title": XSS_TITLE, "outlet": XSS_OUTLET, "date": "2018-06-13", "text": XSS_TEXT},
        {"title": "New period in US-North Korean relations", "outlet": "Repost Daily", "date": "2018-06-20",
         "text": seed + "\nRepublished with permission.\n"},
    ]
    extra.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    db = tmp / "web.duckdb"
    summary = ingest_paths([str(p) for p in SEEDS] + [str(extra)], db)
    assert (summary.stored, summary.failed) == (len(SEEDS) + 2, 0)
    link_store(db)  # duplicates, merged events, stories: what `tidings ingest` does after storing
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__import__("tidings").__file__).parents[1])}
    log = (tmp / "serve.log").open("wb")  # a file, not a pipe: nothing can block the server's output
    server = subprocess.Popen([sys.executable, "-m", "tidings", "-q", "serve", "--db", str(db), "--port", str(port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:  # whatever fails from here on, the server is stopped
        deadline = time.monotonic() + 30
        while True:
            try:
                if _get(base + "/api/health")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("tidings serve did not start: " + (tmp / "serve.log").read_text(errors="replace")[-2000:])
            time.sleep(0.2)
        import duckdb

        con = duckdb.connect(str(db), read_only=True)
        ids = {
            "xss": con.execute("SELECT id FROM articles WHERE outlet = ?", [XSS_OUTLET]).fetchone()[0],
            "story": con.execute("SELECT id FROM stories ORDER BY n_articles DESC, id LIMIT 1").fetchone()[0],
            "merged": con.execute("SELECT id FROM merged_events ORDER BY n_articles DESC, id LIMIT 1").fetchone()[0],
        }
        con.close()
        yield {"base": base, **ids}
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


class Tab:
    """One page that records console errors, uncaught exceptions and requests to any other host."""

    def __init__(self, context, base: str):
        self.base = base
        self.page = context.new_page()
        self.page.set_default_timeout(10_000)
        self.errors: list[str] = []
        self.offsite: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        self.page.route("**/*", self._guard)

    def _guard(self, route):
        url = route.request.url
        if url.startswith("http://127.0.0.1:") or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort()

    def open(self, hash_: str):
        """Go to a view and wait until it is drawn (<body data-ready>)."""
        self.errors.clear()
        self.page.goto(self.base + "/" + hash_)
        self.page.wait_for_selector("body[data-ready]", timeout=20_000)
        return self.page


@pytest.fixture(scope="module")
def browser(site):
    sync_api = _browser_or_skip()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def tab(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    yield Tab(context, site["base"])
    context.close()


def views(site) -> list[tuple[str, str, str]]:
    """(hash, words the page title starts with, a selector the view must show)."""
    return [
        ("#/articles", "Articles", "main table tbody tr"),
        (f"#/article/{site['xss']}", XSS_TITLE, ".article-text .hl-event"),
        ("#/stories", "Stories", "main table tbody tr"),
        (f"#/story/{site['story']}", "", ".chart[data-chart=story] svg"),
        (f"#/merged/{site['merged']}", "", "main table tbody tr"),
        ("#/events", "Events", "main table tbody tr"),
        ("#/events?type=CONSULT", "Events", "main table tbody tr"),
        ("#/quotes", "Quotes", "blockquote.quote"),
        ("#/quotes?actor=PRKGOV", "Quotes", "blockquote.quote"),
        ("#/actors", "Actors", "main table tbody tr"),
        ("#/actor/USAGOV?by=year", "USAGOV", ".chart[data-chart=series] svg"),
        ("#/dyad/USAGOV/PRKGOV", "USAGOV – PRKGOV", ".chart[data-chart=series] svg"),
        ("#/timeline?actor=USA&other=PRK", "Timeline: USA and PRK", ".chart[data-chart=series] svg"),
        ("#/map", "Map", ".chart[data-chart=map] svg"),
        ("#/network", "Actor network", ".chart[data-chart=network] svg"),
        ("#/api", "API", "section.endpoint"),
    ]


def _shot(page, name: str) -> None:
    folder = os.environ.get("TIDINGS_WEB_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def test_every_view_loads_with_its_title_and_no_console_error_or_offsite_request(tab, site):
    titles = set()
    for hash_, title, selector in views(site):
        page = tab.open(hash_)
        assert page.locator(selector).count() > 0, (hash_, selector)
        assert not page.locator("main .error").count(), (hash_, page.locator("main .error").all_inner_texts())
        assert page.title().endswith("tidings") and page.title().startswith(title), (hash_, page.title())
        assert tab.errors == [], (hash_, tab.errors)
        titles.add(page.title())
        _shot(page, hash_.strip("#/").split("?")[0].split("/")[0] or "articles")
    assert len(titles) >= len(views(site)) - 3  # the two filtered lists share their view's title
    assert tab.offsite == []
    # ... and all of that under the server's policy: no inline script, no eval
    policy = _get(site["base"] + "/")[1].get("content-security-policy", "")
    script_src = next((p for p in policy.split(";") if p.strip().startswith("script-src")), "")
    assert "'self'" in script_src and "unsafe" not in script_src, policy


def test_a_deep_link_opens_its_view_directly_and_back_goes_back(tab, site):
    page = tab.open(f"#/merged/{site['merged']}")
    assert "Merged event" in page.title()
    mentions = page.locator("main table tbody tr")
    assert mentions.count() >= 2  # the most-reported merged event: one row per report
    rows = mentions.all_inner_texts()
    assert all(row.strip() for row in rows)
    page.locator("main table tbody tr a[href^='#/article/']").first.click()
    page.wait_for_selector("body[data-ready^='#/article/']")
    assert page.locator(".panel .record").count() == 1  # the reported event is selected
    page.go_back()
    page.wait_for_selector("body[data-ready^='#/merged/']")
    assert tab.errors == []


def test_script_payloads_in_titles_outlets_texts_and_quotes_stay_text(tab, site):
    for hash_ in ["#/articles", f"#/article/{site['xss']}", "#/events", "#/quotes", f"#/story/{site['story']}",
                  "#/stories", "#/map", "#/network"]:
        page = tab.open(hash_)
        page.mouse.move(300, 300)
        assert page.evaluate("window.__xss") is None, hash_
        assert page.locator("main script, main img[src='x'], main b[onmouseover]").count() == 0, hash_
    page = tab.open("#/articles")
    assert XSS_TITLE in page.locator("main").inner_text()  # shown as the words it is
    page = tab.open(f"#/article/{site['xss']}")
    assert "<script>window.__xss=4</script>" in page.locator(".article-text").inner_text()
    assert page.evaluate("window.__xss") is None
    assert tab.offsite == []


def _downloads(page) -> dict[str, str]:
    return {a.get_attribute("data-format"): a.get_attribute("href")
            for a in page.locator("p.downloads a").all()}


def test_every_list_offers_csv_and_json_downloads_that_parse(tab, site):
    for hash_, key in [("#/articles", "articles"), ("#/events", "events"), ("#/quotes", "quotes"),
                       ("#/stories", "stories"), ("#/actors", "actors"), ("#/events?type=CONSULT", "events")]:
        page = tab.open(hash_)
        links = _downloads(page)
        assert set(links) == {"csv", "json"}, hash_
        status, headers, body = _get(site["base"] + links["json"])
        assert status == 200 and "json" in headers.get("content-type", ""), hash_
        items = json.loads(body)[key]
        assert items, hash_
        status, headers, body = _get(site["base"] + links["csv"])
        assert status == 200 and "csv" in headers.get("content-type", ""), hash_
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
        assert len(rows) == len(items), hash_
        if key == "events":
            assert {r["type"] for r in rows} == {e["type"] for e in items}
            if "type=" in hash_:
                assert {r["type"] for r in rows} == {"CONSULT"}  # the download keeps the view's filters


def test_facet_counts_narrow_the_list(tab, site):
    page = tab.open("#/events")
    total = int(page.locator("main p.muted", has_text="events").first.inner_text().split()[0])
    facet = page.locator(".facet[data-facet=type] li a").first
    value, count = facet.inner_text(), int(facet.locator("xpath=..").locator("span").inner_text())
    assert 0 < count <= total
    facet.click()
    page.wait_for_selector("body[data-ready*='type=']")
    assert f"type={value}" in page.url
    assert int(page.locator("main p.muted", has_text="events").first.inner_text().split()[0]) == count
    types = {t.strip() for t in page.locator("main table tbody tr td:nth-child(2) .badge").all_inner_texts()}
    assert types == {value}
    for name in ("modality", "country", "outlet", "month"):
        assert page.locator(f".facet[data-facet={name}]").count() == 1, name
    page.locator(".facet li.active a").first.click()  # removing the filter gives the whole list back
    page.wait_for_selector("body[data-ready='#/events']")
    assert int(page.locator("main p.muted", has_text="events").first.inner_text().split()[0]) == total


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def test_the_series_chart_draws_bars_on_a_time_axis(tab, site):
    page = tab.open("#/actor/USAGOV?by=year")
    chart = page.locator(".chart[data-chart=series]")
    bars = chart.locator("svg g.mark-rect path")
    assert bars.count() >= 2  # 2000 and 2018 at least
    assert chart.locator("svg g.mark-line path").count() == 1  # mean Goldstein
    ticks = chart.locator("svg .role-axis-label text").all_text_contents()
    assert "2000" in ticks and "2018" in ticks  # a time axis: years, not categories
    fills = {bars.nth(i).get_attribute("fill") for i in range(bars.count())}
    assert fills <= {"#2e7d32", "#1565c0", "#ef6c00", "#c62828"} and len(fills) >= 2
    width, height = _png_size(chart.screenshot())
    assert width >= 400 and height >= 200


def test_the_map_draws_countries_and_clustered_points_that_list_their_events(tab, site):
    page = tab.open("#/map")
    svg = page.locator(".chart[data-chart=map] svg")
    assert svg.locator("g.mark-shape path").count() > 150  # graticule + the 110m countries
    points = svg.locator("g.mark-symbol.role-mark path")
    assert points.count() >= 2
    counts = [int(t) for t in svg.locator("g.mark-text.role-mark text").all_text_contents()]
    places = page.locator("main table").last.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert sum(counts) == sum(int(p) for p in places)  # every placed event is in one cluster
    width, height = _png_size(svg.screenshot())
    assert width >= 600 and height >= 300
    # clicking a cluster lists its events (each links to its article)
    box = points.first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(".cluster-detail table tbody tr")
    assert page.locator(".cluster-detail a[href^='#/article/']").count() >= 1
    fewer = tab.open("#/map?grid=0").locator(".chart[data-chart=map] svg g.mark-symbol.role-mark path").count()
    assert fewer >= points.count()  # exact places: as many points as clusters or more
    assert tab.errors == []


def test_the_network_draws_actors_and_edges_coloured_by_quadclass(tab, site):
    page = tab.open("#/network")
    svg = page.locator(".chart[data-chart=network] svg")
    nodes = svg.locator("g.mark-symbol.role-mark path")
    edges = svg.locator("g.mark-path path")
    listed = page.locator("main table tbody tr").count()
    assert nodes.count() >= 3 and edges.count() == min(listed, 100) and listed >= 1
    colours = {edges.nth(i).get_attribute("stroke") for i in range(edges.count())}
    assert colours <= {"#2e7d32", "#1565c0", "#ef6c00", "#c62828", "#999"}
    labels = svg.locator("g.mark-text text").all_text_contents()
    assert "USAGOV" in labels and "PRKGOV" in labels
    width, height = _png_size(svg.screenshot())
    assert width >= 600 and height >= 300
    box = nodes.first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("body[data-ready^='#/actor/']")
    assert page.title().endswith("Actor · tidings")
    assert tab.errors == []


def test_no_view_overflows_a_phone_screen(browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    phone = Tab(context, site["base"])
    try:
        for hash_, _title, _selector in views(site):
            page = phone.open(hash_)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, (hash_, width)
            assert phone.errors == [], (hash_, phone.errors)
        if os.environ.get("TIDINGS_WEB_SHOTS"):
            _shot(phone.open("#/actor/USAGOV"), "phone-actor")
    finally:
        context.close()
