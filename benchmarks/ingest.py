"""Ingest throughput: 1,000 generated HTML pages and 1,000 text files into a fresh store.

Documents are built from the two seed reports and ECB+ sentences (``../shared/eval/ecbplus``),
varied so that every document has its own content id. Each kind is ingested in its own
child process, so the peak memory (ru_maxrss) printed is that kind's alone.

    python benchmarks/ingest.py                 # 1,000 of each, every stage
    python benchmarks/ingest.py --stages none   # sentences and entities only
    python benchmarks/ingest.py -n 200 --kind text
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIDINGS_SHARED", REPO.parent / "shared"))
OUTLETS = ["Daily Ledger", "Morning Wire", "Harbour Times", "Capital Courier", "Evening Post"]


def seed_paragraphs() -> list[str]:
    folder = SHARED / "seeds"
    if not folder.is_dir():
        folder = REPO / "examples"
    paragraphs = []
    for path in sorted(folder.glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
    return paragraphs


def ecb_sentences(limit_files: int = 400) -> list[str]:
    """Sentences of ECB+ documents, rebuilt from their tokens (no gold annotations used)."""
    sentences: list[str] = []
    files = sorted((SHARED / "eval" / "ecbplus").glob("*/*.xml"))[:limit_files]
    for path in files:
        tokens: dict[str, list[str]] = {}
        for token in ET.parse(path).getroot().iter("token"):
            tokens.setdefault(token.get("sentence"), []).append(token.text or "")
        for words in tokens.values():
            text = " ".join(words)
            text = text.replace("`` ", '"').replace(" ''", '"')
            text = re.sub(r" ([,.;:!?%')])", r"\1", text).replace("( ", "(").replace(" 's", "'s")
            if 40 <= len(text) <= 400 and not text.startswith("http"):
                sentences.append(text)
    return sentences


def make_document(i: int, rng: random.Random, seeds: list[str], ecb: list[str]) -> tuple[str, str, str]:
    """Title, date and paragraphs for document ``i`` (the number is in the text, so ids differ)."""
    body = rng.sample(seeds, k=min(len(seeds), rng.randint(2, 4)))
    body += [" ".join(rng.sample(ecb, k=rng.randint(3, 6))) for _ in range(rng.randint(2, 4))] if ecb else []
    rng.shuffle(body)
    day = 1 + i % 28
    date = f"2018-{1 + i % 12:02d}-{day:02d}"
    title = f"Report {i}: " + (rng.choice(ecb) if ecb else body[0])[:70].rstrip()
    body.append(f"This is dispatch number {i} from the {rng.choice(OUTLETS)} desk.")
    return title, date, "\n\n".join(body)


def html_page(title: str, date: str, text: str, outlet: str) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | {outlet}</title>
<meta property="article:published_time" content="{date}T08:00:00Z">
<meta property="og:site_name" content="{outlet}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe</a></nav>
<article><h1>{html.escape(title)}</h1><p class="byline">By Staff Reporter</p>
{paragraphs}
</article>
<aside><h3>Most read</h3><ul><li>Markets rally</li><li>Storm warning</li></ul></aside>
<footer>Copyright {outlet}. All rights reserved.</footer></body></html>
"""


def generate(folder: Path, kind: str, n: int, seed: int) -> None:
    rng = random.Random(f"{kind}-{seed}")
    seeds, ecb = seed_paragraphs(), ecb_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        title, date, text = make_document(i, rng, seeds, ecb)
        if kind == "html":
            (folder / f"page_{i:05d}.html").write_text(html_page(title, date, text, rng.choice(OUTLETS)), "utf-8")
        else:
            (folder / f"doc_{i:05d}.txt").write_text(f"{title}\n\n{date}\n\n{text}\n", "utf-8")


def run_one(folder: Path, db: Path, stages: str, link: bool = False) -> None:
    """Child process: ingest ``folder`` into ``db`` and print one result line."""
    from tidings.pipeline import Options
    from tidings.store.ingest import ingest_paths

    chosen = () if stages == "none" else ("time", "actors", "places", "quotes", "events")
    from tidings import nlp

    nlp.load()  # model loading is not ingest throughput
    started, cpu_started = time.perf_counter(), time.process_time()
    summary = ingest_paths([str(folder)], db, options=Options(stages=chosen))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RESULT {summary.stored} {summary.duplicate} {summary.failed} {seconds:.3f} {cpu:.3f} {peak_mb:.1f}")
    if link:  # what `tidings ingest` does after the run (unless --no-link)
        from tidings.store.link import link_store

        started, cpu_started = time.perf_counter(), time.process_time()
        linked = link_store(db, options=Options(stages=chosen))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        print(f"LINK {seconds:.3f} {cpu:.3f} {len(linked.redated)} {linked}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="documents of each kind (default 1000)")
    parser.add_argument("--kind", choices=["html", "text", "both"], default="both")
    parser.add_argument("--stages", choices=["none", "all"], default="all")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--link", action="store_true", help="also time linking the store after the ingest")
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(Path(args.child[0]), Path(args.child[1]), args.stages, args.link)
        return
    kinds = ["html", "text"] if args.kind == "both" else [args.kind]
    load = os.getloadavg()[0]
    print(f"ingest benchmark: {args.n} documents per kind, stages={args.stages}, "
          f"{os.cpu_count()} CPUs, load average {load:.1f}, python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="tidings-bench-") as tmp:
        for kind in kinds:
            folder = Path(tmp) / kind
            generate(folder, kind, args.n, args.seed)
            size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
            db = Path(tmp) / f"{kind}.duckdb"
            child = subprocess.run(
                [sys.executable, __file__, "--stages", args.stages, *(["--link"] if args.link else []),
                 "--child", str(folder), str(db)],
                capture_output=True, text=True, check=False,
            )
            line = next((x for x in child.stdout.splitlines() if x.startswith("RESULT")), None)
            if line is None:
                print(f"{kind}: failed\n{child.stderr[-2000:]}")
                continue
            stored, duplicate, failed, seconds, cpu, peak = line.split()[1:]
            docs = int(stored) + int(duplicate) + int(failed)
            db_mb = db.stat().st_size / 1e6
            print(f"{kind:5}: {docs} docs ({size:.1f} MB) in {float(seconds):.1f} s = "
                  f"{docs / float(seconds):.1f} docs/s (CPU {1000 * float(cpu) / docs:.0f} ms/doc); stored {stored}, duplicate {duplicate}, failed {failed}; "
                  f"peak RSS {float(peak):.0f} MB; db {db_mb:.1f} MB")
            link_line = next((x for x in child.stdout.splitlines() if x.startswith("LINK")), None)
            if link_line:
                secs, cpu, redated, text = link_line.split(maxsplit=4)[1:]
                print(f"       link: {float(secs):.1f} s (CPU {float(cpu):.1f} s, {redated} re-dated): {text}")


if __name__ == "__main__":
    main()
