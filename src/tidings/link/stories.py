"""Stories: articles about the same happening, grouped by shared events, actors, places and words.

Two articles are linked when any of these holds (and the groups are the connected parts):

* they share a merged event (``merge_events``) with a day- or month-precise date that is a
  *main* event of both, i.e. one of the events each mentions most often (a background event
  that many articles recall in passing does not chain their stories together);
* they are near-duplicates (``find_duplicates``);
* their document dates are within ``window_days`` and they share a salient named place and two
  salient actor countries (each among the article's three most mentioned), or their word
  TF-IDF vectors have cosine >= ``min_cosine``.

Candidate pairs for the text test come from an inverted index of each article's top terms,
so the cost grows with the overlaps, not with the square of the corpus.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Analysis, Record
from .dates import parse_value
from .duplicates import DuplicatePair, find_duplicates
from .merge import MergedEvent, merge_events

TOP_TERMS = 25
SALIENT = 3  # places / actor countries per article that count for the actors+place link
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
STOPWORDS = frozenset("""
the and that for with from this have has had was were are been being not but they their them
its his her she him who whom which what when where will would could should said says say also
than then there here into onto over under about after before more most some such only other
can may might must our out one two all any each just very new last first year years week
told according while since during between against because these those upon like
""".split())


@dataclass
class Story(Record):
    """A group of articles about the same story."""

    id: str
    articles: list[str]
    events: list[str] = field(default_factory=list)  # merged event ids shared by 2+ articles
    countries: list[str] = field(default_factory=list)  # most frequent actor countries
    places: list[str] = field(default_factory=list)
    first: str | None = None  # earliest and latest document date
    last: str | None = None
    title: str | None = None
    links: dict[str, int] = field(default_factory=dict)  # how many links of each kind


def _terms(text: str) -> Counter:
    return Counter(w for w in (t.lower() for t in _WORD.findall(text)) if w not in STOPWORDS)


def tfidf_vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors (log tf, smoothed idf) of lowercased words."""
    counts = [_terms(t) for t in texts]
    df: Counter = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(texts)
    vectors = []
    for c in counts:
        v = {w: (1 + math.log(k)) * math.log((1 + n) / (1 + df[w])) for w, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items() if x > 0})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def similar_pairs(vectors: Sequence[dict[str, float]], min_cosine: float) -> list[tuple[int, int, float]]:
    """Pairs (i, j, cosine) with cosine >= min_cosine among documents sharing a top term."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(vectors):
        for w in sorted(v, key=v.get, reverse=True)[:TOP_TERMS]:
            index[w].append(i)
    seen = set()
    out = []
    for postings in index.values():
        if len(postings) > 200:  # a term this common links nothing specific
            continue
        for x, i in enumerate(postings):
            for j in postings[x + 1:]:
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                sim = cosine(vectors[i], vectors[j])
                if sim >= min_cosine:
                    out.append((i, j, sim))
    return out


def average_link(vectors: Sequence[dict[str, float]], min_similarity: float) -> list[list[int]]:
    """Average-linkage agglomerative clusters of vectors, merging while the best pair's mean
    cosine is >= ``min_similarity``. Cubic in the worst case: meant for topic-sized sets."""
    clusters = [[i] for i in range(len(vectors))]
    sim = [[cosine(a, b) for b in vectors] for a in vectors]
    while len(clusters) > 1:
        best, bi, bj = -1.0, -1, -1
        for i in range(len(clusters)):
            for j in range(i + 1, len(clusters)):
                if sim[i][j] > best:
                    best, bi, bj = sim[i][j], i, j
        if best < min_similarity:
            break
        ni, nj = len(clusters[bi]), len(clusters[bj])
        for k in range(len(clusters)):  # Lance-Williams update for average linkage
            merged = (ni * sim[bi][k] + nj * sim[bj][k]) / (ni + nj)
            sim[bi][k] = sim[k][bi] = merged
        clusters[bi].extend(clusters[bj])
        del clusters[bj]
        del sim[bj]
        for row in sim:
            del row[bj]
    return clusters


class _Union:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _day(analysis: Analysis) -> dt.date | None:
    rng = parse_value(analysis.dct.used)
    return rng.lo if rng is not None and not analysis.dct.contradicted else None


def _close(a: Analysis, b: Analysis, window_days: int) -> bool:
    da, db = _day(a), _day(b)
    return da is None or db is None or abs((da - db).days) <= window_days


def group_stories(analyses: Sequence[Analysis], merged: Sequence[MergedEvent] | None = None,
                  duplicates: Sequence[DuplicatePair] | None = None, *, window_days: int = 14,
                  min_cosine: float = 0.3) -> list[Story]:
    """Group articles into stories; every article is in exactly one Story (maybe alone)."""
    if merged is None:
        merged = merge_events(analyses)
    if duplicates is None:
        duplicates = find_duplicates(analyses)
    index = {a.id: i for i, a in enumerate(analyses)}
    union = _Union(len(analyses))
    links: list[tuple[int, int, str]] = []
    shared_events: dict[int, list[str]] = defaultdict(list)
    main = _main_events(merged)
    for event in merged:
        ids = [index[a] for a in event.articles if a in index and event.id in main.get(a, ())]
        rng = parse_value(event.date)
        if len(ids) < 2 or rng is None or rng.days > 31:
            continue
        for i in ids[1:]:
            links.append((ids[0], i, "event"))
        shared_events[ids[0]].append(event.id)
    for pair in duplicates:
        if pair.a in index and pair.b in index:
            links.append((index[pair.a], index[pair.b], "duplicate"))
    for i, j, _sim in similar_pairs(tfidf_vectors([a.text for a in analyses]), min_cosine):
        if _close(analyses[i], analyses[j], window_days):
            links.append((i, j, "text"))
    links.extend(_actor_place_links(analyses, window_days))
    for i, j, _kind in links:
        union.join(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(analyses)):
        groups[union.find(i)].append(i)
    kinds_of: dict[int, Counter] = defaultdict(Counter)
    for i, _j, kind in links:
        kinds_of[union.find(i)][kind] += 1
    event_ids = {e.id: e for e in merged}
    stories = []
    for root, members in groups.items():
        arts = [analyses[i] for i in members]
        ids = {a.id for a in arts}
        countries = Counter(x.country for a in arts for x in a.actors if x.country)
        places = Counter(p.name for a in arts for p in a.places)
        days = sorted(d for d in (_day(a) for a in arts) if d)
        events = sorted({e for i in members for e in shared_events.get(i, [])
                         if set(event_ids[e].articles) <= ids})
        stories.append(Story(
            id="", articles=sorted(ids), events=events,
            countries=[c for c, _ in countries.most_common(5)],
            places=[p for p, _ in places.most_common(5)],
            first=days[0].isoformat() if days else None,
            last=days[-1].isoformat() if days else None,
            title=next((a.title for a in arts if a.title), None),
            links=dict(kinds_of.get(root, {})),
        ))
    stories.sort(key=lambda s: (-len(s.articles), s.first or "9999", s.articles[0]))
    for k, s in enumerate(stories):
        s.id = f"S{k + 1:05d}"
    return stories


def _main_events(merged: Sequence[MergedEvent]) -> dict[str, set[str]]:
    """Per article, the merged events it mentions most often (its main events)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for event in merged:
        for m in event.mentions:
            counts[m.article_id][event.id] += 1
    out = {}
    for article_id, c in counts.items():
        top = max(c.values())
        out[article_id] = {e for e, k in c.items() if k == top}
    return out


def _actor_place_links(analyses: Sequence[Analysis], window_days: int) -> list[tuple[int, int, str]]:
    """Articles within the window sharing a salient named place and two salient actor countries.

    Salient = among the article's three most often mentioned (non-country) places, and among
    its three most often mentioned actor countries.
    """
    keys: dict[tuple, list[int]] = defaultdict(list)
    for i, a in enumerate(analyses):
        country_counts = Counter(x.country for x in a.actors if x.country)
        countries = sorted(c for c, _ in country_counts.most_common(SALIENT))
        place_counts = Counter(p.geonameid or p.name for p in a.places if p.feature != "country")
        for place, _n in place_counts.most_common(SALIENT):
            for x, c1 in enumerate(countries):
                for c2 in countries[x + 1:]:
                    keys[(place, c1, c2)].append(i)
    out = []
    seen = set()
    for members in keys.values():
        if len(members) > 200:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if (i, j) not in seen and _close(analyses[i], analyses[j], window_days):
                    seen.add((i, j))
                    out.append((i, j, "actors+place"))
    return out
