"""Text precision and recall of the HTML cleaner on the constructed pages of benchmarks/html_pages.py.

    PYTHONPATH=src python3 benchmarks/html_text.py [--no-prepass]

For each page, the words of the text the cleaner keeps (``tidings.clean.article_from_html``)
are compared with the words of the page's gold article paragraphs, as bags of words
(the measure of the trafilatura and CleanEval evaluations): precision = kept gold words
/ kept words, recall = kept gold words / gold words, summed over all pages. It also
counts furniture phrases that got through, pages lost (no text), and dates against the
date a careful reader takes. No HTML benchmark with gold text ships in an installable
package (trafilatura's sdist has no evaluation pages), so these pages are constructed:
see the module docstring of html_pages.py.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from html_pages import pages  # noqa: E402

from tidings import clean  # noqa: E402
from tidings.errors import TidingsError  # noqa: E402

WORD = re.compile(r"\w+(?:['’]\w+)*")


def words(text: str) -> Counter:
    return Counter(w.lower() for w in WORD.findall(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-prepass", action="store_true", help="trafilatura alone, without the furniture pre-pass")
    args = parser.parse_args()
    if args.no_prepass:
        clean.HTML_PREPASS = False
    kept = gold = hit = 0
    leaks = lost = dates_right = 0
    started = time.perf_counter()
    all_pages = pages()
    for page in all_pages:
        try:
            article = clean.article_from_html(page.html)
            text, date = article.text, article.stated_date
        except TidingsError as err:
            text, date = "", None
            print(f"  {page.name}: lost ({err})")
        lost += not text
        got, want = words(text), words(" ".join(page.gold))
        overlap = sum((got & want).values())
        kept, gold, hit = kept + sum(got.values()), gold + sum(want.values()), hit + overlap
        leaked = [f for f in page.furniture if f.lower() in text.lower()]
        leaks += len(leaked)
        dates_right += date == page.date
        p = overlap / max(1, sum(got.values()))
        r = overlap / max(1, sum(want.values()))
        print(f"  {page.name:26s} P {p:.3f} R {r:.3f}  date {date} (want {page.date})"
              + (f"  furniture: {leaked}" if leaked else ""))
    precision, recall = hit / max(1, kept), hit / max(1, gold)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(f"pages {len(all_pages)}  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  "
          f"furniture phrases kept {leaks}  pages lost {lost}  dates right {dates_right}/{len(all_pages)}  "
          f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
