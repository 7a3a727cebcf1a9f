"""Benchmark: spaCy parse time vs actor coding + geocoding time on the same news texts.

Usage: ``python benchmarks/actors.py [--n N] [--corpus ecbplus|polnear]`` (default 150 ECB+ documents
from ``../shared/eval/ecbplus``; ``polnear``: the longer PolNeAR dev articles; the shared
folder is ``TIDINGS_SHARED`` or ``../shared``). Prints the one-time load costs (actor
dictionary with its PhraseMatcher, gazetteer), the parse time, the coding time and the
overhead of coding over parsing (target: at most +15%).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path


def shared_dir() -> Path:
    env = os.environ.get("TIDINGS_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


def ecbplus_texts(limit: int) -> list[str]:
    """Plain text of ECB+ documents: tokens joined by spaces, one line per sentence."""
    token = re.compile(r'<token t_id="\d+" sentence="(\d+)"[^>]*>([^<]*)</token>')
    texts = []
    for path in sorted((shared_dir() / "eval" / "ecbplus").glob("*/*.xml")):
        sentences: dict[int, list[str]] = {}
        for sentence, word in token.findall(path.read_text(encoding="utf-8")):
            sentences.setdefault(int(sentence), []).append(word)
        texts.append("\n".join(" ".join(words) for _, words in sorted(sentences.items())))
        if len(texts) >= limit:
            break
    return texts


def polnear_texts(limit: int) -> list[str]:
    """Longer political news: the PolNeAR dev texts (``../shared/eval/quotes/dev/text``)."""
    paths = sorted((shared_dir() / "eval" / "quotes" / "dev" / "text").glob("*.txt"))[:limit]
    return [p.read_text(encoding="utf-8") for p in paths]


def main() -> None:
    from tidings import nlp
    from tidings.actors import code_actors, load_dictionary
    from tidings.places import gazetteer, geocode

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=150, help="documents (default 150)")
    parser.add_argument("--corpus", choices=("ecbplus", "polnear"), default="ecbplus")
    args = parser.parse_args()
    limit, corpus = args.n, args.corpus
    texts = polnear_texts(limit) if corpus == "polnear" else ecbplus_texts(limit)
    if not texts:
        sys.exit(f"no {corpus} documents under {shared_dir() / 'eval'}")
    language = nlp.load()
    t0 = time.perf_counter()
    dictionary = load_dictionary()
    dictionary.matcher(language.vocab)
    t1 = time.perf_counter()
    gazetteer().matcher(language.vocab)
    t2 = time.perf_counter()
    docs = list(nlp.parse_many(texts))
    t3 = time.perf_counter()
    n_actors = n_places = 0
    for doc in docs:
        entities = nlp.entities(doc)
        actors = code_actors(doc, entities, "2012-01-01")
        n_actors += len(actors)
        n_places += len(geocode(doc, entities, actors))
    t4 = time.perf_counter()
    parse, coding = t3 - t2, t4 - t3
    words = sum(len(doc) for doc in docs)
    print(f"corpus: {corpus}  documents: {len(docs)}  tokens: {words}  actors: {n_actors}  places: {n_places}")
    print(f"one-time load: dictionary + matcher {t1 - t0:.2f} s, gazetteer + matcher {t2 - t1:.2f} s")
    print(f"spaCy parse: {parse:.2f} s ({words / parse:.0f} tokens/s)")
    print(f"actor coding + geocoding: {coding:.2f} s ({1000 * coding / len(docs):.1f} ms/doc)")
    print(f"overhead over parsing: +{100 * coding / parse:.1f}% (target: at most +15%)")


if __name__ == "__main__":
    main()
