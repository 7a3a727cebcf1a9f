"""Places layer: gazetteer load time and memory, and the layer's time against the parse time.

    PYTHONPATH=src python3 benchmarks/places.py [N]

Loads the gazetteer in a fresh process (from the cache folder; the first run builds it
there and says so), then parses the first N (default 100) LGL articles and times the actors
and places stages on them. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import resource
import sys
import time


def rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    from tidings.places import gazetteer as load

    before = rss_mb()
    start = time.perf_counter()
    gaz = load()
    loaded = time.perf_counter() - start
    print(f"gazetteer: {len(gaz.names):,} names, loaded in {loaded:.2f} s, +{rss_mb() - before:.0f} MB resident")

    from tidings import nlp
    from tidings.actors import code_actors
    from tidings.eval.places import default_path, read_gold
    from tidings.places import geocode

    articles = read_gold(default_path())[:n]
    nlp.load()
    start = time.perf_counter()
    docs = [nlp.parse(a.text) for a in articles]
    parse = time.perf_counter() - start
    actors = []
    start = time.perf_counter()
    for doc in docs:
        actors.append(code_actors(doc, nlp.entities(doc)))
    actor_time = time.perf_counter() - start
    start = time.perf_counter()
    places = 0
    for article, doc, found in zip(articles, docs, actors, strict=True):
        places += len(geocode(doc, nlp.entities(doc), found, outlet=article.domain))
    place_time = time.perf_counter() - start
    print(f"{len(docs)} articles: parse {parse:.2f} s, actors {actor_time:.2f} s, "
          f"places {place_time:.2f} s ({100 * place_time / parse:+.1f}% of parse time), {places} places")


if __name__ == "__main__":
    main()
