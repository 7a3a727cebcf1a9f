"""Benchmark: the coreference step (``tidings.coref.Resolver``) against the spaCy parse time.

Usage: python benchmarks/coref.py [--n 300] [--ecbplus PATH]

Builds ``--n`` news articles from the ECB+ texts (as ``benchmarks/extract.py`` does), parses them
in batches of 64, codes their actors, then times on its own what coreference adds: building the
resolver's mentions and resolving every pronoun, relative pronoun and bare definite of each
document (what the event and quote stages ask of it). Target (issue 10): at most +20% of the
parse time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
SHARED = Path(os.environ.get("TIDINGS_SHARED", REPO.parent / "shared"))


def main() -> None:
    from extract import build_articles

    from tidings import nlp
    from tidings.actors import code_actors
    from tidings.coref import PERSON_PRONOUNS, PLURAL_PRONOUNS, RELATIVE_PRONOUNS, THING_PRONOUNS, Resolver

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--ecbplus", default=str(SHARED / "eval" / "ecbplus"))
    args = parser.parse_args()
    articles = build_articles(Path(args.ecbplus), args.n)
    nlp.load()
    start = time.perf_counter()
    docs = list(nlp.parse_many(a.text for a in articles))
    parse_s = time.perf_counter() - start
    actors = [code_actors(doc, nlp.entities(doc)) for doc in docs]
    asked = set(PERSON_PRONOUNS) | PLURAL_PRONOUNS | THING_PRONOUNS | RELATIVE_PRONOUNS
    start = time.perf_counter()
    resolved = lookups = 0
    for doc, found in zip(docs, actors, strict=True):
        resolver = Resolver(doc, found)
        for token in doc:
            if token.lower_ in asked or (token.pos_ == "NOUN" and token.lemma_.lower() in
                                         ("minister", "president", "country", "group", "official")):
                lookups += 1
                resolved += resolver.antecedent(token) is not None
    coref_s = time.perf_counter() - start
    words = sum(len(d) for d in docs)
    print(f"{len(docs)} documents, {words} tokens")
    print(f"spaCy parse        {parse_s:8.2f} s")
    print(f"coreference        {coref_s:8.2f} s  = {100 * coref_s / parse_s:+.1f}% of the parse time (target <= +20%)")
    print(f"lookups {lookups}, resolved {resolved} ({100 * resolved / max(lookups, 1):.0f}%)")


if __name__ == "__main__":
    main()
