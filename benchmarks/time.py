"""Benchmark: spaCy parse time vs. time-expression layer time on the same texts.

Usage: python benchmarks/time.py [PATH ...] [--limit N]

PATH defaults to ``../shared/eval/timeml`` (TimeML files: the tag-free TEXT is
used). Plain ``.txt`` files or folders of them are read as they are. Prints the
parse time, the time of ``extract_timexes`` as the pipeline calls it (first with
``dct=None``, then with the document date, which reuses the matches), and
the ratios to the parse time.
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
    from tidings.time import timex as timex_module
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

    def run() -> tuple[float, float, int]:
        """Like the pipeline: each document without, then with its date (the second call reuses
        the matches of the first). Best of ``--repeat`` runs."""
        best_open = best_dated = float("inf")
        count = 0
        for _ in range(args.repeat):
            timex_module._FOUND.clear()
            start = time.perf_counter()
            for doc in docs:
                extract_timexes(doc, None)
            middle = time.perf_counter()
            count = sum(len(extract_timexes(doc, dct)) for doc, (_t, dct) in zip(docs, texts, strict=True))
            end = time.perf_counter()
            best_open, best_dated = min(best_open, middle - start), min(best_dated, end - middle)
        return best_open, best_dated, count

    open_s, dated_s, found = run()
    both = open_s + dated_s
    print(f"documents: {len(texts)}  words: {words}  timexes found: {found}")
    print(f"spaCy parse:                     {parse_s:8.3f} s  ({words / parse_s:,.0f} words/s)")
    print(f"time layer, dct=None (1st call): {open_s:8.3f} s  {open_s / parse_s:6.1%} of parse time")
    print(f"time layer, with dct (2nd call): {dated_s:8.3f} s  {dated_s / parse_s:6.1%} of parse time")
    print(f"time layer, both (as pipeline):  {both:8.3f} s  {both / parse_s:6.1%} of parse time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
