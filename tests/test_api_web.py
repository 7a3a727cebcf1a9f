"""The web app's JavaScript run by Node against a live server on a hand-built store (skipped without node).

Node has no DOM, so a small stand-in (elements, text, attributes, classes, listeners and
the three selectors app.js uses) is enough to run every view and read what it rendered.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time

import pytest

from test_api import INVITE_ID, IRAN_ID, STATIC, build_store
from tidings.api import create_app

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

HARNESS = r"""
const vm = require("vm");
const fs = require("fs");
const [appFile, base, hashesJson, linkedArticle] = process.argv.slice(2);

class FakeNode {
  constructor() { this.childNodes = []; this.parentNode = null; }
  append(...items) {
    for (let item of items) {
      if (!(item instanceof FakeNode)) item = new FakeText(String(item));
      item.parentNode = this;
      this.childNodes.push(item);
    }
  }
  replaceChildren(...items) { this.childNodes = []; this.append(...items); }
  get textContent() { return this.childNodes.map((c) => c.textContent).join(""); }
  set textContent(value) { this.replaceChildren(String(value)); }
  *descendants() {
    for (const child of this.childNodes) {
      if (child instanceof FakeElement) { yield child; yield* child.descendants(); }
    }
  }
  querySelectorAll(selector) {
    const last = selector.trim().split(/\s+/).pop();
    const m = /^([a-z]*)(?:\.([\w-]+))?(?:\[([\w-]+)\])?$/.exec(last);
    return [...this.descendants()].filter((el) =>
      (!m[1] || el.tagName === m[1].toUpperCase()) && (!m[2] || el.classList.contains(m[2])) &&
      (!m[3] || m[3] in el.attributes));
  }
}
class FakeText extends FakeNode {
  constructor(data) { super(); this.data = data; }
  get textContent() { return this.data; }
}
class FakeElement extends FakeNode {
  constructor(tag) {
    super();
    this.tagName = tag.toUpperCase(); this.attributes = {}; this.listeners = {}; this.dataset = {};
    this.value = ""; this.checked = false;
    const el = this;
    this.classList = {
      list: () => (el.attributes.class || "").split(/\s+/).filter(Boolean),
      contains: (name) => el.classList.list().includes(name),
      add: (name) => { if (!el.classList.contains(name)) el.className = [...el.classList.list(), name].join(" "); },
      remove: (name) => { el.className = el.classList.list().filter((c) => c !== name).join(" "); },
      toggle: (name, on) => (on ? el.classList.add(name) : el.classList.remove(name)),
    };
  }
  get className() { return this.attributes.class || ""; }
  set className(value) { this.attributes.class = value; }
  setAttribute(name, value) {
    this.attributes[name] = String(value);
    if (name.startsWith("data-")) this.dataset[name.slice(5).replace(/-(\w)/g, (_, c) => c.toUpperCase())] = String(value);
    if (name === "checked") this.checked = true;
  }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  dispatch(type) { for (const fn of this.listeners[type] || []) fn({preventDefault() {}, stopPropagation() {}}); }
}

const byId = {main: new FakeElement("main"), store: new FakeElement("span")};
globalThis.Node = FakeNode;
globalThis.document = {
  createElement: (tag) => new FakeElement(tag),
  getElementById: (id) => byId[id] || null,
  querySelectorAll: () => [],
};
globalThis.window = {addEventListener() {}};
globalThis.location = {hash: ""};
const realFetch = globalThis.fetch;
globalThis.fetch = (url, options) => realFetch(base + url, options);

function spans(root) {
  return root.querySelectorAll("span[data-start]").map((el) => [el.className, el.textContent]);
}

(async () => {
  vm.runInThisContext(fs.readFileSync(appFile, "utf8"), {filename: appFile});
  await new Promise((resolve) => setTimeout(resolve, 300));  // the first route() and the health line
  const main = byId.main;
  const out = {store: byId.store.textContent, views: {}};
  for (const hash of JSON.parse(hashesJson)) {
    location.hash = hash;
    await route();
    out.views[hash] = {text: main.textContent, spans: spans(main), rows: main.querySelectorAll("tr").length,
                       links: main.querySelectorAll("a").map((a) => a.attributes.href)};
  }
  // the article page: click the highlighted trigger "rejected", read the record panel
  location.hash = "#/article/" + "f00d";
  await route();
  const trigger = main.querySelectorAll("span[data-start]").find((el) => el.textContent === "rejected");
  trigger.dispatch("click");
  const panel = main.querySelectorAll("aside")[0];
  out.clicked = {panel: panel.textContent, selected: main.querySelectorAll(".selected").map((el) => el.textContent).join("")};
  // an article opened from an events row: #/article/ID?event=N selects that event
  location.hash = "#/article/" + linkedArticle + "?event=1";
  await route();
  out.linked = {panel: main.querySelectorAll("aside")[0].textContent,
                selected: main.querySelectorAll(".selected").map((el) => el.textContent).join("")};
  // switching the actor layer off removes its highlights
  const boxes = main.querySelectorAll("input");
  const actorsBox = boxes.find((b) => b.parentNode.textContent.startsWith(" actors"));
  actorsBox.checked = false;
  actorsBox.dispatch("change");
  out.withoutActors = spans(main);
  console.log(JSON.stringify(out));
})().catch((err) => { console.error(err && err.stack || err); process.exit(1); });
"""

HASHES = ["#/articles", "#/articles?search=Tehran", "#/article/" + IRAN_ID, "#/article/ffff",
          "#/events?actor=USA", "#/events?since=June", "#/timeline?actor=USA&other=PRK", "#/timeline",
          "#/timeline?actor=USA&other=PRK&modality=all&by=year",
          "#/actors", "#/api"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    import uvicorn

    from tidings.commands.serve import listen

    db = build_store(tmp_path_factory.mktemp("web") / "web.duckdb")
    sock = listen("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the test server did not start"
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def rendered(base_url, tmp_path_factory) -> dict:
    harness = tmp_path_factory.mktemp("node") / "harness.js"
    harness.write_text(HARNESS, encoding="utf-8")
    done = subprocess.run([NODE, str(harness), str(STATIC / "app.js"), base_url, json.dumps(HASHES), INVITE_ID],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_header_shows_the_store(rendered):
    assert "3 articles" in rendered["store"] and "9 events" in rendered["store"]


def test_articles_view_lists_and_searches(rendered):
    every = rendered["views"]["#/articles"]
    assert "Summit in Singapore" in every["text"] and "Trump accepts" in every["text"]
    assert every["rows"] == 1 + 3  # header and one row per article
    found = rendered["views"]["#/articles?search=Tehran"]
    assert "Talks to resume" in found["text"] and "Summit in Singapore" not in found["text"]


def test_article_view_highlights_records_at_their_offsets(rendered):
    view = rendered["views"]["#/article/" + IRAN_ID]
    assert "Talks to resume" in view["text"]
    classes = {}
    for cls, text in view["spans"]:
        for c in cls.split():
            classes.setdefault(c, []).append(text)
    assert "rejected" in classes["hl-event"] and "resume" in classes["hl-event"]
    assert "Tehran" in classes["hl-actor"] and "European Union" in classes["hl-actor"]
    # the indirect quote covers "talks between Iran ..." in pieces cut by the actors inside it
    assert "".join(classes["hl-quote"]) == "talks between Iran and the European Union would resume next week"


def test_clicking_a_highlight_shows_its_record(rendered):
    assert "REJECT" in rendered["clicked"]["panel"] and "Tehran" in rendered["clicked"]["panel"]
    assert rendered["clicked"]["selected"] == "Tehran rejected the proposal on Monday."  # the event's sentence


def test_an_event_link_opens_the_article_with_the_event_selected(rendered):
    assert "SANCTION" in rendered["linked"]["panel"]
    assert rendered["linked"]["selected"] == "The United States imposed new sanctions on North Korea in February."


def test_event_rows_link_to_their_event_in_the_article(rendered):
    links = rendered["views"]["#/events?actor=USA"]["links"]
    assert f"#/article/{INVITE_ID}?event=1" in links  # the sanctions, event 1 of that article
    assert f"#/article/{INVITE_ID}?event=1" in rendered["views"]["#/timeline?actor=USA&other=PRK"]["links"]


def test_a_layer_can_be_switched_off(rendered):
    assert not any("hl-actor" in cls for cls, _ in rendered["withoutActors"])
    assert any("hl-event" in cls for cls, _ in rendered["withoutActors"])


def test_errors_from_the_api_are_shown(rendered):
    assert "[T601]" in rendered["views"]["#/article/ffff"]["text"]
    assert "[T300]" in rendered["views"]["#/events?since=June"]["text"]


def test_events_view_shows_the_filtered_events(rendered):
    view = rendered["views"]["#/events?actor=USA"]
    assert "6 events" in view["text"] and view["rows"] == 1 + 6
    assert "The United States imposed new sanctions on North Korea in February." in view["text"]


def test_timeline_view_shows_series_and_dated_events(rendered):
    view = rendered["views"]["#/timeline?actor=USA&other=PRK"]
    assert "Timeline: USA and PRK" in view["text"]
    assert "5 dated events" in view["text"]
    assert "2018-04 – 2018-05" in view["text"]  # the empty months, folded into one row
    assert "Name an actor" in rendered["views"]["#/timeline"]["text"]
    yearly = rendered["views"]["#/timeline?actor=USA&other=PRK&modality=all&by=year"]["text"]
    assert "Per year" in yearly and "0 dated more loosely than a year" in yearly


def test_actors_and_api_views(rendered):
    assert "PRKGOV" in rendered["views"]["#/actors"]["text"]
    api = rendered["views"]["#/api"]["text"]
    assert "GET /api/timeline" in api and "POST /api/extract" in api


def test_the_live_server_answers_requests_in_parallel(base_url):
    """Requests run in uvicorn's thread pool, each on its own cursor of the one read-only connection."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    urls = ["/api/events?actor=USA", "/api/timeline?actor=USA&other=PRK", "/api/actors",
            "/api/articles?search=Kim", "/api/series?actor=IRN&modality=all"] * 6
    with httpx.Client(base_url=base_url, timeout=30) as client, ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda url: client.get(url), urls))
    assert all(a.status_code == 200 for a in answers)
    first = {url: a.json() for url, a in zip(urls[:5], answers[:5], strict=True)}
    for url, answer in zip(urls, answers, strict=True):
        assert answer.json() == first[url]  # the same answer whichever thread served it
