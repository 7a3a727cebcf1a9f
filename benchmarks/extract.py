"""Benchmark: documents per second for the whole tidings pipeline, and the event stage's share.

Usage: python benchmarks/extract.py [--n 1000] [--ecbplus PATH]

Builds ``--n`` news articles from the ECB+ texts (``../shared/eval/ecbplus``: the token text of each
CAT XML file, detokenized; texts are reused if there are fewer files than ``--n``), parses them in
batches of 64 (as ``pipeline.analyze_many`` does), runs every stage (``tidings.pipeline.analyze``) and reports documents per second, peak
memory (max RSS), and the event stage's time against the spaCy parse time (target: at most +30%).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIDINGS_SHARED", REPO.parent / "shared"))
TOKEN = re.compile(r'<token[^>]*\bsentence="(\d+)"[^>]*>(.*?)</token>', re.S)
NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", "%", ")", "]", "}", "'s", "n't", "'", "''", "'re", "'ve", "'ll",
                   "'d", "'m"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}


def detokenize(tokens: list[str]) -> str:
    out = ""
    for tok in tokens:
        tok = {"``": '"', "''": '"'}.get(tok, tok)
        if out and tok not in NO_SPACE_BEFORE and not out.endswith(tuple(NO_SPACE_AFTER)):
            out += " "
        out += tok
    return out


def ecb_text(path: Path) -> str:
    """The article text of one ECB+ CAT XML file: its tokens, one paragraph per sentence."""
    import html

    raw = path.read_text(encoding="utf-8", errors="replace")
    sentences: dict[int, list[str]] = {}
    for sent, tok in TOKEN.findall(raw):
        sentences.setdefault(int(sent), []).append(html.unescape(tok))
    return "\n\n".join(detokenize(toks) for _, toks in sorted(sentences.items()))


def build_articles(folder: Path, n: int):
    from tidings.model import Article, content_id

    files = sorted(folder.rglob("*.xml"))
    if not files:
        sys.exit(f"no ECB+ files under {folder}")
    texts = [t for t in (ecb_text(f) for f in files) if t.strip()]
    articles = []
    for i in range(n):
        text = texts[i % len(texts)]
        articles.append(Article(id=f"{content_id(text)}-{i}", text=text))
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--ecbplus", default=str(SHARED / "eval" / "ecbplus"))
    parser.add_argument("--dct", default=None, help="document date given to every article")
    args = parser.parse_args(argv)

    from tidings import nlp, pipeline
    from tidings.events import extract_events

    articles = build_articles(Path(args.ecbplus), args.n)
    nlp.load()  # loading the model is not part of the per-document cost
    chars = sum(len(a.text) for a in articles)
    print(f"{len(articles)} articles, {chars / len(articles):.0f} characters on average")

    before = pipeline.Options().stages
    options = pipeline.Options(stages=tuple(s for s in before if s != "events"))
    parse_s = stages_s = events_s = 0.0
    n_events = 0
    for first in range(0, len(articles), 64):  # batches, as pipeline.analyze_many does
        batch = articles[first:first + 64]
        t = time.perf_counter()
        docs = list(nlp.parse_many((a.text for a in batch), batch_size=64))
        parse_s += time.perf_counter() - t
        for article, doc in zip(batch, docs, strict=True):
            t = time.perf_counter()
            result = pipeline.analyze(article, dct=args.dct, options=options, doc=doc)
            stages_s += time.perf_counter() - t
            t = time.perf_counter()
            events = extract_events(doc, actors=result.actors, timexes=result.timexes,
                                    places=result.places, dct=result.dct.used)
            events_s += time.perf_counter() - t
            n_events += len(events)
    total = parse_s + stages_s + events_s
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"parse (spaCy)        {parse_s:8.2f} s")
    print(f"other stages         {stages_s:8.2f} s")
    print(f"events stage         {events_s:8.2f} s   ({n_events} events)")
    print(f"whole pipeline       {total:8.2f} s   {len(articles) / total:.1f} documents/s")
    print(f"events / parse       {100 * events_s / parse_s:8.1f} %   (target <= 30 %)")
    print(f"peak memory (RSS)    {peak_mb:8.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
