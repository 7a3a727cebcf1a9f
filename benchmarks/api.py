"""Latency of the REST API on a synthetic store of a given size (default 1,000,000 events).

Two steps, the first done once:

* **generate** (when ``--db`` does not exist yet): a store with the real schema filled by SQL
  inside DuckDB (no model, a few minutes for 1M events): ``events/8`` articles from 40 outlets
  over 2015-2024, each with a short text that names actors such as "Kim Jong-un" or "Moon
  Jae-in", 8 events per article among 300 coded actors and 120 geocoded places, quotes, actor
  mentions and places, the link tables (merged events of 1-6 reports, stories of 1-20
  articles, reposts), and the full-text index;
* **measure**: starts ``tidings serve`` on 127.0.0.1 (a free port) over that store, warms each
  request once, then times each endpoint with ONE client (``--rounds`` requests per endpoint),
  then with ``--clients`` concurrent clients (``--rounds`` requests per client over the whole
  mix), and prints p50/p95 in ms per endpoint, the error count and the server's resident
  memory (now and peak, from /proc). Every loop is bounded in count; the server is stopped at
  the end.

    PYTHONPATH=src python3 benchmarks/api.py --events 1000000 --db /tmp/tidings-1m.duckdb
    PYTHONPATH=src python3 benchmarks/api.py --events 20000 --db /tmp/tidings-20k.duckdb --rounds 10
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
QUAD = [1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4]
GOLDSTEIN = [3.0, 1.0, 3.4, 5.0, 6.0, 7.4, 5.0, -1.0, -2.0, -4.0, -4.4, -6.0, -5.0, -7.0, -8.0, -9.0]
COUNTRIES = ["USA", "PRK", "KOR", "CHN", "RUS", "UKR", "FRA", "DEU", "GBR", "JPN", "IND", "PAK", "IRN", "ISR",
             "PSE", "SYR", "TUR", "EGY", "SAU", "BRA", "ARG", "MEX", "CAN", "NGA", "ZAF", "KEN", "ETH", "SDN",
             "AFG", "IRQ", "VEN", "COL", "PER", "CHL", "ESP", "ITA", "POL", "SWE", "NOR", "AUS"]
SECTORS = ["", "GOV", "MIL", "OPP", "BUS", "CVL", "MED"]
PEOPLE = ["Kim Jong-un", "Moon Jae-in", "Donald Trump", "Xi Jinping", "Vladimir Putin", "Shinzo Abe",
          "Emmanuel Macron", "Angela Merkel", "Narendra Modi", "Recep Tayyip Erdogan", "Jean-Claude Juncker",
          "Ri Yong-ho", "Kang Kyung-wha", "Mike Pompeo", "Sergei Lavrov", "Wang Yi"]
OUTLETS = [f"Outlet {i:02d}" for i in range(40)]
WORDS = ("talks summit sanctions missile border agreement ministers meeting delegation aid troops protest "
         "election court treaty ceasefire envoy trade tariffs nuclear visit statement officials rally "
         "negotiations crisis refugees oil pipeline bank parliament").split()


def actor_pool() -> list[tuple[str, str, str, str]]:
    """(code, name, country, sector): 300 coded actors; the people are the first 16."""
    rng = random.Random(3)
    pool = []
    for i, person in enumerate(PEOPLE):
        country = COUNTRIES[i % len(COUNTRIES)] if i not in (0, 1) else ("PRK", "KOR")[i]
        pool.append((f"{country}GOV", person, country, "GOV"))
    while len(pool) < 300:
        country, sector = rng.choice(COUNTRIES), rng.choice(SECTORS)
        pool.append((country + sector, f"{country} {sector or 'state'} {len(pool)}", country, sector))
    return pool


def place_pool() -> list[tuple[str, str, float, float]]:
    rng = random.Random(5)
    return [(f"City {i}", rng.choice(COUNTRIES), round(rng.uniform(-50, 65), 4), round(rng.uniform(-120, 150), 4))
            for i in range(120)]


def generate(db: Path, events: int) -> None:
    """Fill a new store at ``db`` with ``events`` events (and the rest in proportion), by SQL."""
    from tidings.store import connect
    from tidings.store import search as fts

    n_articles = max(1, events // 8)
    con = connect(db, create=True)
    con.execute("SET preserve_insertion_order = false")
    con.execute("CREATE TEMP MACRO h(a, b, n) AS (hash(a, b) % n)::BIGINT")
    con.execute("CREATE TEMP MACRO h3(a, b, c, n) AS (hash(a, b, c) % n)::BIGINT")
    started = time.perf_counter()

    def step(label: str, sql: str, params: list | None = None) -> None:
        t = time.perf_counter()
        con.execute(sql, params or [])
        print(f"  {label}: {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)

    actors, places = actor_pool(), place_pool()
    con.execute("CREATE TEMP TABLE pool_actor (i INTEGER, code VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR)")
    con.executemany("INSERT INTO pool_actor VALUES (?, ?, ?, ?, ?)", [(i, *a) for i, a in enumerate(actors)])
    con.execute("CREATE TEMP TABLE pool_place (i INTEGER, name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE)")
    con.executemany("INSERT INTO pool_place VALUES (?, ?, ?, ?, ?)", [(i, *p) for i, p in enumerate(places)])
    con.execute("CREATE TEMP TABLE pool_type (i INTEGER, type VARCHAR, quad INTEGER, goldstein DOUBLE)")
    con.executemany("INSERT INTO pool_type VALUES (?, ?, ?, ?)",
                    [(i, t, QUAD[i], GOLDSTEIN[i]) for i, t in enumerate(TYPES)])
    words = "[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
    people = "[" + ", ".join(f"'{p}'" for p in PEOPLE) + "]"
    outlets = "[" + ", ".join(f"'{o}'" for o in OUTLETS) + "]"
    na = len(actors)
    # articles: a deterministic pseudo-random function of i (hash), so reruns give the same store
    step("articles", f"""
        INSERT INTO articles (id, source, url, outlet, title, byline, stated_date, dct_used, dct_source,
                              dct_contradicted, language, text, raw, meta, analysis, run_id, ingested_at)
        SELECT id, 'synthetic/' || i || '.txt', NULL, outlet, title, NULL, day, day, 'stated', false, 'en',
               text, NULL, '{{}}', json_object('id', id, 'title', title, 'outlet', outlet, 'text', text,
               'dct', json_object('stated', day, 'used', day, 'source', 'stated'),
               'sentences', [], 'entities', [], 'timexes', [], 'actors', [], 'places', [], 'quotes', [],
               'events', [])::VARCHAR, NULL, now()::TIMESTAMP
        FROM (
            SELECT i, substr(md5(i::VARCHAR), 1, 16) AS id,
                   {outlets}[1 + h(i, 'o', {len(OUTLETS)})] AS outlet,
                   strftime(DATE '2015-01-01' + (h(i, 'd', 3650))::INTEGER, '%Y-%m-%d') AS day,
                   p1 || ' and ' || p2 || ' ' || w1 || ' ' || w2 AS title,
                   p1 || ' met ' || p2 || ' at the summit on ' || w1 || ' and ' || w2 || '. '
                   || 'Officials said the ' || w3 || ' would continue. ' || p2 || ' said: "The ' || w2
                   || ' must go on." The ' || w4 || ' drew criticism from the ' || w1 || ' delegation.' AS text
            FROM (
                SELECT i, {people}[1 + h(i, 'p1', {len(PEOPLE)})] AS p1,
                       {people}[1 + h(i, 'p2', {len(PEOPLE)})] AS p2,
                       {words}[1 + h(i, 'w1', {len(WORDS)})] AS w1, {words}[1 + h(i, 'w2', {len(WORDS)})] AS w2,
                       {words}[1 + h(i, 'w3', {len(WORDS)})] AS w3, {words}[1 + h(i, 'w4', {len(WORDS)})] AS w4
                FROM range({n_articles}) t(i)
            )
        )""")
    con.execute("CREATE TEMP TABLE art AS SELECT row_number() OVER (ORDER BY dct_used, id) - 1 AS k, id, dct_used::DATE AS day "
                "FROM articles")
    # events: 8 per article; the event's date is within a month of its article's day
    step("events", f"""
        INSERT INTO events (article_id, n, type, mode, cameo, quad, goldstein, date, date_source, modality,
                            place_name, place_country, place_lat, place_lon, sentence_start, sentence_end,
                            sentence_text, trigger_start, trigger_end, trigger_text, confidence, actors,
                            recipients, actor_codes, recipient_codes, actor_names, recipient_names,
                            date_start, date_end)
        SELECT e.id, e.n, t.type, NULL, NULL, t.quad, t.goldstein, strftime(d, '%Y-%m-%d'), 'clause',
               ['asserted', 'asserted', 'asserted', 'reported', 'reported', 'negated', 'planned',
                'hypothetical'][1 + h(e.j, 'm', 8)],
               CASE WHEN h(e.j, 'pl', 3) = 0 THEN NULL ELSE p.name END,
               CASE WHEN h(e.j, 'pl', 3) = 0 THEN NULL ELSE p.country END,
               CASE WHEN h(e.j, 'pl', 3) = 0 THEN NULL ELSE p.lat END,
               CASE WHEN h(e.j, 'pl', 3) = 0 THEN NULL ELSE p.lon END,
               0, 60, s.name || ' ' || lower(t.type) || ' ' || r.name || ' over the summit.', 0, 5, lower(t.type),
               0.8,
               json_array(json_object('start', 0, 'end', 5, 'text', s.name, 'name', s.name, 'code', s.code,
                                      'country', s.country))::VARCHAR,
               json_array(json_object('start', 0, 'end', 5, 'text', r.name, 'name', r.name, 'code', r.code,
                                      'country', r.country))::VARCHAR,
               s.code, r.code, s.name, r.name,
               CASE WHEN h(e.j, 'u', 20) = 0 THEN NULL ELSE d END,
               CASE WHEN h(e.j, 'u', 20) = 0 THEN NULL ELSE d END
        FROM (SELECT j, a.id, j % 8 AS n, (a.day + (h(j, 'dd', 30))::INTEGER) AS d
              FROM range({n_articles * 8}) r(j) JOIN art a ON a.k = j // 8) e
        JOIN pool_type t ON t.i = h(e.j, 't', 16)
        JOIN pool_actor s ON s.i = least(h(e.j, 's', {na}), h(e.j, 's2', {na}))
        JOIN pool_actor r ON r.i = h(e.j, 'r', {na})
        JOIN pool_place p ON p.i = h(e.j, 'p', {len(places)})
        """)
    step("actors", f"""
        INSERT INTO actors (article_id, n, start_char, end_char, text, name, code, country, sector, method)
        SELECT a.id, m.n, 0, 5, p.name, p.name, p.code, p.country, nullif(p.sector, ''), 'dictionary'
        FROM (SELECT j, j // 6 AS k, j % 6 AS n FROM range({n_articles * 6}) r(j)) m
        JOIN art a ON a.k = m.k JOIN pool_actor p ON p.i = h(m.j, 'a', {na})""")
    step("places", f"""
        INSERT INTO places (article_id, n, start_char, end_char, text, name, country, lat, lon, feature,
                            geonameid, confidence)
        SELECT a.id, m.n, 0, 5, p.name, p.name, p.country, p.lat, p.lon, 'city', 1000 + p.i, 0.9
        FROM (SELECT j, j // 2 AS k, j % 2 AS n FROM range({n_articles * 2}) r(j)) m
        JOIN art a ON a.k = m.k JOIN pool_place p ON p.i = h(m.j, 'pp', {len(places)})""")
    step("quotes", f"""
        INSERT INTO quotes (article_id, n, start_char, end_char, text, direct, cue_start, cue_end, cue_text,
                            speaker_start, speaker_end, speaker_text, speaker_name, speaker_code, confidence)
        SELECT a.id, m.n, 10, 40, 'The ' || {words}[1 + h(m.j, 'qw', {len(WORDS)})] || ' must go on.',
               h(m.j, 'qd', 2) = 0, 5, 9, 'said', 0, 4, p.name, p.name, p.code, 0.9
        FROM (SELECT j, j // 2 AS k, j % 2 AS n FROM range({n_articles * 2}) r(j)) m
        JOIN art a ON a.k = m.k JOIN pool_actor p ON p.i = h(m.j, 'qs', 40)""")
    # merged events: consecutive events of the same (type, n) in neighbouring articles of a story
    # share an id, so clusters have 1-6 reports
    con.execute(f"""CREATE TEMP TABLE story_of AS
        SELECT k, id, 'S' || lpad((k // (1 + h(k // 20, 'sz', 20)))::VARCHAR, 7, '0') AS story
        FROM art""")
    con.execute("""CREATE TEMP TABLE story_of2 AS
        SELECT k, id, 'S' || lpad((dense_rank() OVER (ORDER BY story))::VARCHAR, 7, '0') AS story FROM story_of""")
    step("merged_mentions", """
        INSERT INTO merged_mentions (merged_id, article_id, event_n, sentence_start, sentence_end, sentence_text,
                                     trigger_start, trigger_end, trigger_text, date, modality,
                                     dated_by_article, outlet)
        SELECT 'M' || lpad(((a.k // (1 + h3(a.k // 6, e.n, 'mz', 6))) * 8 + e.n)::VARCHAR, 9, '0'),
               e.article_id, e.n, e.sentence_start, e.sentence_end, e.sentence_text, e.trigger_start,
               e.trigger_end, e.trigger_text, e.date, e.modality, false, ar.outlet
        FROM events e JOIN art a ON a.id = e.article_id JOIN articles ar ON ar.id = e.article_id""")
    step("merged_events", """
        INSERT INTO merged_events (id, type, cameo, quad, goldstein, date, date_start, date_end, actors,
                                   recipients, countries, place, place_country, modalities, n_mentions,
                                   n_articles, n_outlets)
        SELECT mm.merged_id, any_value(e.type), NULL, any_value(e.quad), any_value(e.goldstein), min(e.date),
               min(e.date_start), max(e.date_end), any_value(e.actor_codes), any_value(e.recipient_codes),
               any_value(e.actor_codes[1:3] || ' ' || e.recipient_codes[1:3]), any_value(e.place_name),
               any_value(e.place_country), string_agg(DISTINCT e.modality, ' '), count(*),
               count(DISTINCT mm.article_id), count(DISTINCT mm.outlet)
        FROM merged_mentions mm JOIN events e ON e.article_id = mm.article_id AND e.n = mm.event_n
        GROUP BY mm.merged_id""")
    step("stories", """
        INSERT INTO story_articles SELECT story, id FROM story_of2;
        INSERT INTO stories (id, first, last, title, n_articles, countries, places, events, links)
        SELECT s.story, min(a.dct_used), max(a.dct_used), any_value(a.title), count(*), 'USA PRK', 'City 1',
               '', '{"event": 1, "text": 1}'
        FROM story_of2 s JOIN articles a ON a.id = s.id GROUP BY s.story""")
    step("duplicates", f"""
        INSERT INTO duplicates (a, b, similarity, repost, original, copy)
        SELECT least(x.id, y.id), greatest(x.id, y.id), 0.97, true, x.id, y.id
        FROM story_of2 x JOIN story_of2 y ON y.k = x.k + 1 AND y.story = x.story
        WHERE h(x.k, 'dup', 10) = 0""")
    t = time.perf_counter()
    fts.rebuild_index(con)
    print(f"  full-text index: {time.perf_counter() - t:.1f} s", file=sys.stderr)
    con.execute("CHECKPOINT")
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("articles", "events", "quotes", "actors", "places", "merged_events", "stories")}
    con.close()
    print(f"generated {db} in {time.perf_counter() - started:.0f} s: {counts}", file=sys.stderr)


# --- measuring ----------------------------------------------------------------------------------

ENDPOINTS = [
    ("health", "/api/health"),
    ("events, first page", "/api/events?limit=200"),
    ("events, type", "/api/events?limit=200&type=CONSULT"),
    ("events, actor", "/api/events?limit=200&actor=PRKGOV"),
    ("events, country", "/api/events?limit=200&country=FRA"),
    ("events, since", "/api/events?limit=200&since=2020-03"),
    ("events, modality", "/api/events?limit=200&modality=negated"),
    ("events, outlet", "/api/events?limit=200&outlet=Outlet%2007"),
    ("events, by goldstein", "/api/events?limit=200&sort=-goldstein"),
    ("events, by articles", "/api/events?limit=200&sort=-articles"),
    ("events, next page", "CURSOR"),
    ("events, facets", "/api/events?limit=200&type=CONSULT&facets=all"),
    ("articles", "/api/articles?limit=100"),
    ("search Kim Jong-un", "/api/articles?limit=50&search=Kim%20Jong-un"),
    ("search the summit", "/api/articles?limit=50&search=the%20summit"),
    ("article", "ARTICLE"),
    ("series, actor", "/api/series?actor=PRKGOV&by=month"),
    ("series, dyad", "/api/series?actor=PRKGOV&other=KORGOV&by=week"),
    ("timeline, actor", "/api/timeline?actor=PRKGOV&limit=200"),
    ("actors", "/api/actors?limit=100"),
    ("quotes, speaker", "/api/quotes?speaker=Moon&limit=100"),
    ("speakers", "/api/quotes/speakers?limit=100"),
    ("stories", "/api/stories?limit=100"),
    ("story", "STORY"),
    ("merged events", "/api/merged?limit=100&sort=-articles"),
    ("merged event", "MERGED"),
    ("map", "/api/map?type=ASSAULT"),
    ("network", "/api/network?limit=200"),
    ("events csv", "/api/events?limit=1000&format=csv"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) of a process, in MB."""
    now = peak = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            now = int(line.split()[1]) / 1024
        elif line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    return now, peak


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def measure(base: str, rounds: int, clients: int) -> int:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=60, headers={"Host": "127.0.0.1"}) as c:
        first = (await c.get("/api/events?limit=200")).json()
        story = (await c.get("/api/stories?limit=1&sort=-articles")).json()["stories"][0]["id"]
        merged = (await c.get("/api/merged?limit=1&sort=-articles")).json()["merged"][0]["id"]
        article = first["events"][0]["article_id"]
        fill = {"CURSOR": f"/api/events?limit=200&cursor={first['next_cursor']}", "STORY": f"/api/stories/{story}",
                "MERGED": f"/api/merged/{merged}", "ARTICLE": f"/api/articles/{article}"}
        urls = [(name, fill.get(url, url)) for name, url in ENDPOINTS]
        errors = 0
        first: dict[str, float] = {}
        for name, url in urls:  # warm-up: each once (the first request fills the caches: timed apart)
            t = time.perf_counter()
            r = await c.get(url)
            first[name] = (time.perf_counter() - t) * 1000
            if r.status_code != 200:
                errors += 1
                print(f"  warm-up {url}: {r.status_code} {r.text[:200]}", file=sys.stderr)
        print(f"\none client, {rounds} requests per endpoint (ms)\n")
        print("| request | first | p50 | p95 |\n|---|---|---|---|")
        for name, url in urls:
            times = []
            for _ in range(rounds):
                t = time.perf_counter()
                r = await c.get(url)
                times.append((time.perf_counter() - t) * 1000)
                errors += r.status_code != 200
            print(f"| {name} (`{url.split('cursor=')[0]}`) | {first[name]:.0f} | {statistics.median(times):.0f} | "
                  f"{pct(times, 0.95):.0f} |",
                  flush=True)

    per_name: dict[str, list[float]] = {}
    failures = 0

    async def client(k: int) -> None:
        nonlocal failures
        rng = random.Random(k)
        async with httpx.AsyncClient(base_url=base, timeout=120, headers={"Host": "127.0.0.1"}) as c:
            for _ in range(rounds):
                name, url = rng.choice(urls)
                t = time.perf_counter()
                try:
                    r = await c.get(url)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                per_name.setdefault(name, []).append((time.perf_counter() - t) * 1000)
                failures += not ok

    t = time.perf_counter()
    await asyncio.gather(*(client(k) for k in range(clients)))
    wall = time.perf_counter() - t
    every = [x for v in per_name.values() for x in v]
    print(f"\n{clients} concurrent clients, {rounds} requests each over the mix: {len(every)} requests in "
          f"{wall:.1f} s ({len(every) / wall:.0f} req/s), {failures} errors; all requests p50 "
          f"{statistics.median(every):.0f} ms, p95 {pct(every, 0.95):.0f} ms\n")
    print("| request | n | p50 | p95 |\n|---|---|---|---|")
    for name, _url in urls:
        v = per_name.get(name, [])
        if v:
            print(f"| {name} | {len(v)} | {statistics.median(v):.0f} | {pct(v, 0.95):.0f} |")
    return errors + failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None, help="default /tmp/tidings-bench-EVENTS.duckdb")
    parser.add_argument("--rounds", type=int, default=20, help="requests per endpoint (one client) and per client")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args()
    db = args.db or Path(f"/tmp/tidings-bench-{args.events}.duckdb")
    if not db.exists():
        print(f"generating {db} ({args.events} events) ...", file=sys.stderr)
        generate(db, args.events)
    if args.generate_only:
        return 0
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    server = subprocess.Popen([sys.executable, "-m", "tidings", "-q", "serve", "--db", str(db), "--port", str(port)],
                              env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):  # up to 60 s for the server to open the store
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        print(f"server pid {server.pid}, RSS at start {rss_mb(server.pid)[0]:.0f} MB")
        errors = asyncio.run(measure(base, args.rounds, args.clients))
        now, peak = rss_mb(server.pid)
        print(f"\nserver RSS: {now:.0f} MB now, {peak:.0f} MB peak; {errors} errors in all")
        return 1 if errors else 0
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
