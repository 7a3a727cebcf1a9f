"""Benchmark: spaCy parse time vs. time-expression layer time on the same texts.

Usage: python benchmarks/time.py [PATH ...] [--limit N]

PATH defaults to ``../shared/eval/timeml`` (TimeML files: the tag-free TEXT is
used). Plain ``.txt`` files or folders of them are read as they are. Prints the
parse time, the time of ``extract_timexes`` (with the document date, and with
``dct=None`` as the pipeline also runs it), and the ratio to the parse time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIDINGS_SHARED", REPO.parent / "shared"))


def load_texts(paths: list[str], limit: int | None) -> list[tuple[str, str | None]]:
    from tidings.eval.timeml import read_tml

    texts: list[tuple[str, str | None]] = []
    for p in paths:
        path = Path(p)
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.suffix == ".tml":
                doc = read_tml(f)
                texts.append((doc.text, doc.dct))
            elif f.suffix == ".txt" and not f.name.upper().startswith("README"):
                texts.append((f.read_text(encoding="utf-8", errors="replace"), None))
    return texts[:limit] if limit else texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(SHARED / "eval" / "timeml")])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the time layer (best is kept)")
    args = parser.parse_args(argv)

    from tidings import nlp
    from tidings.time.timex import extract_timexes

    texts = load_texts(args.paths, args.limit)
    if not texts:
        print("no texts found", file=sys.stderr)
        return 1
    nlp.load()  # loading is not parsing
    words = sum(len(t.split()) for t, _ in texts)
    start = time.perf_counter()
    docs = list(nlp.parse_many(t for t, _ in texts))
    parse_s = time.perf_counter() - start

    def run(with_dct: bool) -> tuple[float, int]:
        best, count = float("inf"), 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            count = sum(len(extract_timexes(doc, dct if with_dct else None))
                        for doc, (_t, dct) in zip(docs, texts, strict=True))
            best = min(best, time.perf_counter() - start)
        return best, count

    dated_s, found = run(True)
    open_s, _ = run(False)
    print(f"documents: {len(texts)}  words: {words}  timexes found: {found}")
    print(f"spaCy parse:            {parse_s:8.3f} s  ({words / parse_s:,.0f} words/s)")
    print(f"time layer (with dct):  {dated_s:8.3f} s  ratio {dated_s / parse_s:6.1%} of parse time")
    print(f"time layer (dct=None):  {open_s:8.3f} s  ratio {open_s / parse_s:6.1%} of parse time")
    print(f"both runs (pipeline):   {dated_s + open_s:8.3f} s  ratio {(dated_s + open_s) / parse_s:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
