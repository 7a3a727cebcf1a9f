"""Throughput and peak memory of the cross-article stage (tidings.link) on ~1,000 analyses.

Two corpora:

* ``synthetic`` (default): N Analysis objects built without the model: ~400-word texts drawn
  from a 6,000-word vocabulary, 10% near-duplicate copies (1% of words changed, a contradicted later stated
  date), and ~15 events per article drawn from 150 underlying "stories" (type, two of 40
  actor countries, a date of day/month/year precision, a place), so that real merges happen;
* ``ecb``: the ECB+ texts run through the real pipeline (``analyze_stream``), then replicated
  with shifted ids up to N analyses (the pipeline time is reported separately).

Prints seconds and articles/s for find_duplicates, merge_events, group_stories and
date_evidence_from_corpus, the number of pairs/clusters found, and peak Python memory of the
link stage (tracemalloc, in a second run so it doesn't slow the timed one).

    python benchmarks/link.py [--n 1000] [--source synthetic|ecb] [--ecb-limit 200] [--store]
    python benchmarks/link.py --growth 1000,4000,16000,64000 --store [--memory] [--batch 1000]
    python benchmarks/link.py --cli 16000,64000 [--commands events,stories,duplicates] [--batch-size 1000]

``--growth`` prints the growth table on a corpus whose stories grow with it (``growing``),
with a pathological block (1,000 articles, 10,000 ASSAULT mentions of one dyad in one month)
in every size above 1,000: with ``--store``, ``link_store`` from scratch on a fresh store and
then adding a batch of ``--batch`` articles, each step in its own process (wall and CPU
seconds, peak RSS = the process's ``ru_maxrss``); ``--memory`` adds the in-memory functions on
the whole corpus. The load average before each size is printed with it.

``--cli`` writes the same corpus as an analyses JSONL and runs ``tidings link CMD FILE`` as a
child process for each command: wall time and the child's peak RSS (``wait4``).

``--store`` also writes the analyses into a fresh DuckDB store and times ``tidings link --db``'s
work (``store.link.link_store``: load every analysis, link, rewrite the link tables in one
transaction), without re-dating (which re-runs the pipeline on each article it re-dates).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from tidings.link import date_evidence_from_corpus, find_duplicates, group_stories, merge_events
from tidings.model import Analysis, DocDate, Event, EventActor, Place, Sentence, Span

TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
COUNTRIES = ["USA", "PRK", "KOR", "CHN", "RUS", "UKR", "FRA", "DEU", "GBR", "JPN", "IND", "PAK", "IRN", "ISR",
             "PSE", "SYR", "TUR", "EGY", "SAU", "BRA", "ARG", "MEX", "CAN", "NGA", "ZAF", "KEN", "ETH", "SDN",
             "AFG", "IRQ", "VEN", "COL", "PER", "CHL", "ESP", "ITA", "POL", "SWE", "NOR", "AUS"]


def synthetic(n: int, seed: int = 7) -> list[Analysis]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(6000)]
    places = [Place(0, 0, f"City{i}", f"City{i}", rng.choice(COUNTRIES), None, None, "city", 10000 + i)
              for i in range(50)]
    start = dt.date(2018, 1, 1)
    stories = []
    for _ in range(150):
        day = start + dt.timedelta(days=rng.randrange(730))
        stories.append((rng.choice(TYPES), rng.sample(COUNTRIES, 2), day, rng.choice(places)))
    out: list[Analysis] = []
    while len(out) < n:
        if out and rng.random() < 0.1:  # a near-duplicate repost of an earlier article
            src = rng.choice(out)
            words = src.text.split()
            for _ in range(len(words) // 100):
                words[rng.randrange(len(words))] = rng.choice(vocab)
            a = copy.deepcopy(src)
            a.id = f"dup{len(out):05d}"
            a.text = " ".join(words)
            a.dct = DocDate(stated="2024-01-01", used="2024-01-01", source="stated", contradicted=True)
            out.append(a)
            continue
        story = rng.choice(stories)
        text = " ".join(rng.choice(vocab) for _ in range(400))
        used = (story[2] + dt.timedelta(days=rng.randrange(5))).isoformat()
        a = Analysis(id=f"a{len(out):05d}", title=None, outlet=None, byline=None,
                     dct=DocDate(stated=used, used=used, source="stated"), text=text,
                     sentences=[Sentence(0, len(text), text)])
        for k in range(15):
            etype, countries, day, place = story if k < 4 else rng.choice(stories)
            precision = rng.random()
            date = day.isoformat() if precision < 0.7 else (day.isoformat()[:7] if precision < 0.9 else str(day.year))
            actors = [EventActor(0, 0, c, c, c + "GOV", c) for c in countries[: rng.choice((1, 2))]]
            a.events.append(Event(
                type=etype, mode=None, cameo=None, quad=rng.randint(1, 4), goldstein=rng.uniform(-10, 10),
                actors=actors, recipients=[], date=date, date_source="clause",
                place=place if rng.random() < 0.5 else None,
                modality=rng.choice(["asserted"] * 6 + ["planned", "reported", "negated"]),
                sentence=Span(0, 10, text[:10]), trigger=Span(0, 2, text[:2]),
            ))
        out.append(a)
    return out


def growing(n: int, seed: int = 7, pathological: int = 0) -> list[Analysis]:
    """A corpus whose stories grow with it: n / 8 stories of ~8 articles, each article 15
    mentions (4 of its story's event, 11 of other stories'), 10% reposts, words from a
    letter vocabulary; ``pathological`` more articles are one dyad's ASSAULT mentions in one
    month (10 each, 300 distinct events: 30 days x 10 villages)."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = ["".join(rng.choice(letters) for _ in range(rng.randint(4, 9))) for _ in range(20000)]
    places = [Place(0, 0, f"City{i}", f"City{i}", rng.choice(COUNTRIES), None, None, "city", 10000 + i)
              for i in range(500)]
    start = dt.date(2018, 1, 1)
    stories = []
    for _ in range(max(1, n // 8)):
        day = start + dt.timedelta(days=rng.randrange(730))
        stories.append((rng.choice(TYPES), rng.sample(COUNTRIES, 2), day, rng.choice(places),
                        rng.sample(vocab, 30)))
    out: list[Analysis] = []
    while len(out) < n:
        if out and rng.random() < 0.1:
            src = rng.choice(out)
            words = src.text.split()
            for _ in range(len(words) // 100):
                words[rng.randrange(len(words))] = rng.choice(vocab)
            a = copy.deepcopy(src)
            a.id = f"dup{len(out):06d}"
            a.text = " ".join(words)
            a.dct = DocDate(stated="2024-01-01", used="2024-01-01", source="stated", contradicted=True)
            out.append(a)
            continue
        story = rng.choice(stories)
        text = " ".join(rng.choice(story[4]) if rng.random() < 0.3 else rng.choice(vocab) for _ in range(400))
        used = (story[2] + dt.timedelta(days=rng.randrange(5))).isoformat()
        a = Analysis(id=f"a{len(out):06d}", title=None, outlet=rng.choice(["Wire", "Daily", "Post"]), byline=None,
                     dct=DocDate(stated=used, used=used, source="stated"), text=text,
                     sentences=[Sentence(0, len(text), text)])
        for k in range(15):
            etype, countries, day, place, _w = story if k < 4 else rng.choice(stories)
            precision = rng.random()
            date = day.isoformat() if precision < 0.7 else (day.isoformat()[:7] if precision < 0.9 else str(day.year))
            actors = [EventActor(0, 0, c, c, c + "GOV", c) for c in countries[: rng.choice((1, 2))]]
            a.events.append(Event(
                type=etype, mode=None, cameo=None, quad=rng.randint(1, 4), goldstein=rng.uniform(-10, 10),
                actors=actors, recipients=[], date=date, date_source="clause",
                place=place if rng.random() < 0.5 else None,
                modality=rng.choice(["asserted"] * 6 + ["planned", "reported", "negated"]),
                sentence=Span(0, 10, text[:10]), trigger=Span(0, 2, text[:2]),
            ))
        out.append(a)
    for k in range(pathological):
        text = " ".join(rng.choice(vocab) for _ in range(200))
        a = Analysis(id=f"p{k:06d}", title=None, outlet="Wire", byline=None,
                     dct=DocDate(stated="2019-05-31", used="2019-05-31", source="stated"), text=text,
                     sentences=[Sentence(0, len(text), text)])
        for _ in range(10):
            day = dt.date(2019, 5, 1) + dt.timedelta(days=rng.randrange(30))
            village = places[rng.randrange(10)]
            a.events.append(Event(
                type="ASSAULT", mode=None, cameo="19", quad=4, goldstein=-10.0,
                actors=[EventActor(0, 0, "ISR", "ISR", "ISRMIL", "ISR")],
                recipients=[EventActor(0, 0, "PSE", "PSE", "PSEMIL", "PSE")],
                date=day.isoformat() if rng.random() < 0.8 else "2019-05", date_source="clause",
                place=village, modality="asserted", sentence=Span(0, 10, text[:10]), trigger=Span(0, 2, "shelled")))
        out.append(a)
    return out


def corpus(n: int) -> list[Analysis]:
    """The growth table's corpus of ``n`` articles: above 1,000, 1,000 of them are the
    pathological block (10,000 ASSAULT mentions of one dyad in one month)."""
    return growing(n - 1000, pathological=1000) if n > 1000 else growing(n)


def extra_batch(batch: int) -> list[Analysis]:
    out = growing(batch, seed=99)
    for a in out:
        a.id = "x" + a.id
    return out


def write_store(db: Path, analyses: list[Analysis], chunk: int = 1000) -> None:
    from tidings.model import Article
    from tidings.store import connect
    from tidings.store.write import Batch, write_batch

    con = connect(db, create=True)
    for k in range(0, len(analyses), chunk):
        pairs = [(Article(id=a.id, text=a.text, stated_date=a.dct.stated), a) for a in analyses[k:k + chunk]]
        write_batch(con, Batch(stored=pairs), None)
    con.close()


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(args) -> None:
    """One step of the growth table in its own process, so that its peak RSS is its own;
    prints one JSON line."""
    import json

    db = Path(args.db) if args.db else None
    out: dict = {"step": args.child, "n": args.n}
    if args.child == "write":
        write_store(db, corpus(args.n))
    elif args.child == "link":  # from scratch: link every stored article
        from tidings.store.link import link_store

        out["rss_before"] = max_rss_mib()
        t, c = time.perf_counter(), time.process_time()
        summary = link_store(db, redate_articles=False)
        out["seconds"], out["cpu"] = time.perf_counter() - t, time.process_time() - c
        out["summary"] = str(summary)
    elif args.child == "batch":  # write a batch (not timed), then link it into the store
        from tidings.store.link import link_store

        write_store(db, extra_batch(args.batch))
        out["rss_before"] = max_rss_mib()
        t, c = time.perf_counter(), time.process_time()
        summary = link_store(db, redate_articles=False)
        out["seconds"], out["cpu"] = time.perf_counter() - t, time.process_time() - c
        out["summary"] = str(summary)
    elif args.child == "memory":  # the in-memory functions on the whole corpus
        analyses = corpus(args.n)
        out["rss_before"] = max_rss_mib()
        t0 = time.perf_counter()
        dups = find_duplicates(analyses)
        t1 = time.perf_counter()
        merged = merge_events(analyses)
        t2 = time.perf_counter()
        group_stories(analyses, merged, dups)
        t3 = time.perf_counter()
        out.update(duplicates=t1 - t0, merge=t2 - t1, stories=t3 - t2, seconds=t3 - t0)
    out["rss_mib"] = max_rss_mib()
    print(json.dumps(out), flush=True)


def run_child(step: str, n: int, db: Path | None = None, batch: int = 1000) -> dict:
    import json
    import subprocess

    cmd = [sys.executable, __file__, "--child", step, "--n", str(n), "--batch", str(batch)]
    if db is not None:
        cmd += ["--db", str(db)]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{step} {n} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def growth(sizes: list[int], batch: int, store: bool, memory: bool) -> None:
    """The growth table: each size (with a pathological block above 1,000) linked from
    scratch in a store, then a batch added to that store; each step in its own process
    (peak RSS of that process, ``ru_maxrss``); the load average before each size."""
    import tempfile

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; load average (1/5/15 min) "
          "before each size in the last column", flush=True)
    head = f"{'articles':>9} {'mentions':>9}"
    if store:
        head += (f" {'from scratch wall/CPU':>22} {'peak RSS':>9} {'+' + str(batch) + ' wall/CPU':>18}"
                 f" {'peak RSS':>9}")
    if memory:
        head += f" {'in memory':>10} {'(dup/merge/stories)':>22} {'peak RSS':>9}"
    print(head + "  load", flush=True)
    for n in sizes:
        line = f"{n:>9,} {(n - 1000) * 15 + 10000 if n > 1000 else n * 15:>9,}"
        before = load()
        if store:
            with tempfile.TemporaryDirectory(prefix="tidings-linkbench-") as tmp:
                db = Path(tmp) / "link.duckdb"
                run_child("write", n, db)
                full = run_child("link", n, db)
                more = run_child("batch", n, db, batch)
            line += (f" {full['seconds']:>12.1f}s /{full['cpu']:>6.1f}s {full['rss_mib']:>5.0f} MiB"
                     f" {more['seconds']:>9.1f}s /{more['cpu']:>5.1f}s {more['rss_mib']:>5.0f} MiB")
        if memory:
            mem = run_child("memory", n)
            line += (f" {mem['seconds']:>9.1f}s {mem['duplicates']:>6.1f}/{mem['merge']:.1f}/{mem['stories']:.1f} s"
                     f"{'':>5} {mem['rss_mib']:>5.0f} MiB")
        print(f"{line}  {before}", flush=True)


def cli_table(sizes: list[int], commands: list[str], batch_size: int) -> None:
    """``tidings link CMD FILE`` as a subprocess on a synthetic analyses JSONL of each size
    (the growth table's corpus): wall time and the child's peak RSS (``wait4``)."""
    import json
    import subprocess
    import tempfile

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; `tidings link CMD FILE --batch-size "
          f"{batch_size}` as a child process, stdout to a file; load average before each run", flush=True)
    print(f"{'articles':>9} {'file MiB':>9} {'command':>11} {'wall':>8} {'peak RSS':>9} {'lines out':>10}  load",
          flush=True)
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="tidings-linkcli-") as tmp:
            path = Path(tmp) / "analyses.jsonl"
            with path.open("w", encoding="utf-8") as out:
                for a in corpus(n):
                    out.write(json.dumps(a.as_dict(), ensure_ascii=False) + "\n")
            size = path.stat().st_size / 2**20
            for command in commands:
                before = load()
                with (Path(tmp) / "out.jsonl").open("w") as sink:
                    t = time.perf_counter()
                    proc = subprocess.Popen([sys.executable, "-m", "tidings", "link", command, str(path),
                                             "--batch-size", str(batch_size)], stdout=sink, stderr=subprocess.PIPE)
                    _pid, status, usage = os.wait4(proc.pid, 0)
                    wall = time.perf_counter() - t
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                if status != 0:
                    raise SystemExit(f"tidings link {command} failed: {err[-2000:]}")
                lines = sum(1 for _ in (Path(tmp) / "out.jsonl").open())
                print(f"{n:>9,} {size:>9.0f} {command:>11} {wall:>7.1f}s {usage.ru_maxrss / 1024:>5.0f} MiB "
                      f"{lines:>10,}  {before}", flush=True)


def from_ecb(n: int, limit: int) -> tuple[list[Analysis], float]:
    from tidings.clean import article_from_input
    from tidings.eval.ecb import read_corpus
    from tidings.eval import shared_dir
    from tidings.pipeline import analyze_stream

    docs, _ = read_corpus(shared_dir() / "eval" / "ecbplus")
    articles = [article_from_input(d.text, raw=True, id=d.name) for d in docs[:limit]]
    t0 = time.perf_counter()
    base = [a for _art, a in analyze_stream(articles) if isinstance(a, Analysis)]
    pipeline_s = time.perf_counter() - t0
    out = list(base)
    k = 0
    while len(out) < n:
        a = copy.copy(base[k % len(base)])
        a.id = f"{a.id}-r{k}"
        out.append(a)
        k += 1
    return out[:n], pipeline_s


def run(analyses: list[Analysis]) -> dict:
    times, counts = {}, {}
    t = time.perf_counter()
    dups = find_duplicates(analyses)
    times["find_duplicates"] = time.perf_counter() - t
    counts["duplicate pairs"] = len(dups)
    t = time.perf_counter()
    merged = merge_events(analyses)
    times["merge_events"] = time.perf_counter() - t
    counts["mentions"] = sum(len(a.events) for a in analyses)
    counts["merged events"] = len(merged)
    counts["merged across articles"] = sum(1 for m in merged if len(m.articles) > 1)
    t = time.perf_counter()
    stories = group_stories(analyses, merged, dups)
    times["group_stories"] = time.perf_counter() - t
    counts["stories"] = len(stories)
    t = time.perf_counter()
    evidence = date_evidence_from_corpus(analyses, merged, dups)
    times["date_evidence_from_corpus"] = time.perf_counter() - t
    counts["articles given corpus evidence"] = len(evidence)
    return {"times": times, "counts": counts}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--source", choices=["synthetic", "ecb"], default="synthetic")
    ap.add_argument("--ecb-limit", type=int, default=200, help="ECB+ documents run through the pipeline")
    ap.add_argument("--store", action="store_true", help="also time link_store on a DuckDB store")
    ap.add_argument("--growth", default=None, help="sizes for the growth table, e.g. 1000,4000,16000,64000")
    ap.add_argument("--batch", type=int, default=1000, help="growth table: the batch added to each store")
    ap.add_argument("--memory", action="store_true",
                    help="growth table: also time the in-memory functions on the whole corpus")
    ap.add_argument("--cli", default=None,
                    help="sizes for the CLI table (tidings link CMD FILE on a synthetic JSONL), e.g. 16000,64000")
    ap.add_argument("--commands", default="events,stories,duplicates", help="CLI table: the subcommands run")
    ap.add_argument("--batch-size", type=int, default=1000, help="CLI table: tidings link --batch-size")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--db", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args)
        return
    if args.cli:
        cli_table([int(x) for x in args.cli.split(",")], args.commands.split(","), args.batch_size)
        return
    if args.growth:
        growth([int(x) for x in args.growth.split(",")], args.batch, args.store, args.memory)
        return
    if args.source == "ecb":
        analyses, pipeline_s = from_ecb(args.n, args.ecb_limit)
        print(f"pipeline on {args.ecb_limit} ECB+ documents: {pipeline_s:.1f} s "
              f"({args.ecb_limit / pipeline_s:.1f} docs/s), replicated to {len(analyses)} analyses")
    else:
        analyses = synthetic(args.n)
    print(f"{len(analyses)} analyses ({args.source}), {sum(len(a.text.split()) for a in analyses)} words, "
          f"python {sys.version.split()[0]}")
    result = run(analyses)
    total = sum(result["times"].values())
    for name, secs in result["times"].items():
        print(f"  {name:28} {secs:7.2f} s  {len(analyses) / secs if secs else float('inf'):9.0f} articles/s")
    print(f"  {'all four':28} {total:7.2f} s  {len(analyses) / total:9.0f} articles/s")
    for name, count in result["counts"].items():
        print(f"  {name:28} {count}")
    tracemalloc.start()
    run(analyses)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  peak Python memory of the link stage: {peak / 2**20:.1f} MiB "
          f"(process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")
    if args.store:
        store_timing(analyses)


def store_timing(analyses: list[Analysis]) -> None:
    """Write the analyses to a fresh store, then time link_store (no re-dating) on it."""
    import tempfile

    from tidings.model import Article
    from tidings.store import connect
    from tidings.store.link import link_store
    from tidings.store.write import Batch, write_batch

    with tempfile.TemporaryDirectory(prefix="tidings-linkbench-") as tmp:
        db = Path(tmp) / "link.duckdb"
        con = connect(db, create=True)
        pairs = [(Article(id=a.id, text=a.text, stated_date=a.dct.stated), a) for a in analyses]
        for k in range(0, len(pairs), 256):
            write_batch(con, Batch(stored=pairs[k:k + 256]), None)
        con.close()
        started = time.perf_counter()
        summary = link_store(db, redate_articles=False)
        seconds = time.perf_counter() - started
        print(f"  link_store on the stored analyses: {seconds:.2f} s "
              f"({len(analyses) / seconds:.0f} articles/s): {summary}")


if __name__ == "__main__":
    main()
