"""Benchmark: spaCy parse time vs quote extraction time on the same texts (target: quotes add <= 10%).

Usage: python benchmarks/quotes.py [FOLDER_OR_FILES ...] [--limit N]

Without arguments it reads the PolNeAR dev texts (``../shared/eval/quotes/dev/text``) when
present, else the seed examples. Each text is parsed once; extraction runs on the parsed docs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _texts(paths: list[str], limit: int | None) -> list[str]:
    files: list[Path] = []
    if not paths:
        dev = REPO.parent / "shared" / "eval" / "quotes" / "dev" / "text"
        paths = [str(dev)] if dev.is_dir() else [str(REPO / "examples")]
    for p in map(Path, paths):
        files.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    files = files[:limit] if limit else files
    return [f.read_text(encoding="utf-8") for f in files]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()

    from tidings import nlp
    from tidings.model import Entity
    from tidings.quotes import extract_quotes

    texts = _texts(args.paths, args.limit)
    if not texts:
        print("no texts found", file=sys.stderr)
        return 1
    nlp.load()  # loading the model is not parsing
    nlp.parse("Warm-up sentence.")

    t0 = time.perf_counter()
    docs = [nlp.parse(t) for t in texts]
    parse_s = time.perf_counter() - t0

    per_doc = []
    n_quotes = n_direct = 0
    for doc in docs:
        entities = [Entity(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
        t1 = time.perf_counter()
        quotes = extract_quotes(doc, actors=[], entities=entities)
        per_doc.append(time.perf_counter() - t1)
        n_quotes += len(quotes)
        n_direct += sum(q.direct for q in quotes)
    quotes_s = sum(per_doc)

    chars = sum(len(t) for t in texts)
    print(f"texts: {len(texts)}  characters: {chars:,}")
    print(f"spaCy parse:        {parse_s:8.3f} s  ({chars / parse_s / 1000:,.0f} k chars/s)")
    print(f"quote extraction:   {quotes_s:8.3f} s  (median {statistics.median(per_doc) * 1000:.1f} ms/doc, "
          f"max {max(per_doc) * 1000:.1f} ms)")
    print(f"quotes / parse:     {quotes_s / parse_s * 100:8.1f} %  (target <= 10 %)")
    print(f"quotes found:       {n_quotes} ({n_direct} direct)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
