"""Benchmark: documents per second through Spark local[2] against ``tidings extract`` in one process.

Usage: python benchmarks/spark.py [--n 200] [--master local[2]] [--partitions 2] [--ecbplus PATH]

Builds ``--n`` JSONL documents from the ECB+ texts (``../shared/eval/ecbplus``: the tokens of each
CAT XML file joined, one paragraph per sentence; texts are reused with a new id when there are
fewer files than ``--n``), then times, on the same file:

1. ``tidings extract FILE`` in one process (a subprocess: start-up and model load included);
2. ``run_spark(FILE, OUT)`` with a new Spark session (session start-up included);
3. ``run_spark`` again on an already started session whose Python workers have loaded the model
   (a small warm-up run first): the steady state a long cluster job sees;
4. ``run_spark(..., link=True)`` on that session: the same analyses, one per clean text, plus the
   linking on Spark with the blocking keys (Parquet out), and ``load_spark`` of its output into a
   new store.

It prints documents/second for each, the event count (which must agree) and the load average
(the machine is shared, so figures vary from run to run). Needs pyspark (the ``spark`` extra).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIDINGS_SHARED", REPO.parent / "shared"))
TOKEN = re.compile(r'<token[^>]*\bsentence="(\d+)"[^>]*>(.*?)</token>', re.S)
GLUE = re.compile(r" ([.,;:!?%)\]]|'s|n't)")


def ecb_text(path: Path) -> str:
    """The text of one ECB+ CAT XML file: its tokens joined, one paragraph per sentence."""
    sentences: dict[int, list[str]] = {}
    for sent, tok in TOKEN.findall(path.read_text(encoding="utf-8", errors="replace")):
        sentences.setdefault(int(sent), []).append(html.unescape(tok))
    return "\n\n".join(GLUE.sub(r"\1", " ".join(toks)) for _, toks in sorted(sentences.items()))


def write_corpus(folder: Path, n: int, target: Path) -> None:
    files = sorted(folder.rglob("*.xml"))
    if not files:
        sys.exit(f"no ECB+ files under {folder}")
    texts = [(f.stem, t) for f in files if (t := ecb_text(f)).strip()]
    with open(target, "w", encoding="utf-8") as out:
        for i in range(n):
            name, text = texts[i % len(texts)]
            out.write(json.dumps({"id": f"{name}-{i}", "text": text}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=2)
    parser.add_argument("--ecbplus", type=Path, default=SHARED / "eval" / "ecbplus")
    args = parser.parse_args()

    from tidings.spark import run_spark

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_corpus(args.ecbplus, args.n, corpus)
        chars = sum(len(json.loads(line)["text"]) for line in corpus.open(encoding="utf-8"))
        print(f"{args.n} ECB+ documents, {chars / args.n:,.0f} characters each on average; "
              f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")

        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "tidings", "-q", "extract", str(corpus)],
                              capture_output=True, text=True, check=False)
        extract_s = time.perf_counter() - start
        extract_events = sum(len(json.loads(line).get("events") or []) for line in done.stdout.splitlines())
        print(f"tidings extract, one process:      {extract_s:7.1f} s  {args.n / extract_s:6.2f} docs/s  "
              f"{extract_events} events")

        start = time.perf_counter()
        counts = run_spark(str(corpus), str(Path(tmp) / "out1"), master=args.master,
                           partitions=args.partitions)
        cold_s = time.perf_counter() - start
        print(f"spark {args.master}, new session:    {cold_s:7.1f} s  {args.n / cold_s:6.2f} docs/s  "
              f"{counts['events']} events")

        from pyspark.sql import SparkSession

        spark = (SparkSession.builder.master(args.master).appName("tidings-bench")
                 .config("spark.ui.showConsoleProgress", "false").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        try:
            small = Path(tmp) / "small.jsonl"  # load the model in the Python workers first
            small.write_text("".join(corpus.open(encoding="utf-8").readlines()[:2 * args.partitions]),
                             encoding="utf-8")
            run_spark(str(small), str(Path(tmp) / "warm"), partitions=args.partitions, spark=spark)
            start = time.perf_counter()
            counts = run_spark(str(corpus), str(Path(tmp) / "out2"), partitions=args.partitions, spark=spark)
            warm_s = time.perf_counter() - start
            start = time.perf_counter()
            linked = run_spark(str(corpus), str(Path(tmp) / "out3"), partitions=args.partitions, spark=spark,
                               output_format="parquet", link=True)
            link_s = time.perf_counter() - start
        finally:
            spark.stop()
        print(f"spark {args.master}, warm session:   {warm_s:7.1f} s  {args.n / warm_s:6.2f} docs/s  "
              f"{counts['events']} events  ({warm_s and extract_s / warm_s:.2f}x one process)")
        print(f"spark {args.master}, warm, --link:   {link_s:7.1f} s  {args.n / link_s:6.2f} docs/s  "
              f"{linked['texts']} texts, {linked['events']} events, {linked['duplicate_pairs']} duplicate "
              f"pairs, {linked['merged_events']} merged events, {linked['components']} components")
        from tidings.store.load import load_spark

        start = time.perf_counter()
        loaded = load_spark(Path(tmp) / "out3", Path(tmp) / "loaded.duckdb")
        print(f"tidings load of that output:        {time.perf_counter() - start:7.1f} s  ({loaded})")


if __name__ == "__main__":
    main()
