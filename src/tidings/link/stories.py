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
import hashlib
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
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
    # over the shared words only (a C-level set intersection), in a fixed order
    return sum(a[w] * b[w] for w in sorted(a.keys() & b.keys()))


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


# ---- story profiles: who, where, when and the words, none of it from corpus statistics ---------

PROFILE_TERMS = 200  # the words of an article's vector (sqrt tf, stop words out)
KEY_TERMS = 16  # pairs of its top words are its story keys
MIN_SIMILARITY = 0.2  # average-link threshold
YEAR_CONFLICT = 0.3  # the articles' years are disjoint (no two within a year of each other)
PERSON_CONFLICT = 0.2  # their main persons differ and neither names the other's
EVENT_BONUS = 0.3  # they share a main merged event with a day or month date
_STOP: frozenset[str] | None = None


def _stopwords() -> frozenset[str]:
    global _STOP
    if _STOP is None:
        from spacy.lang.en.stop_words import STOP_WORDS  # a word list only: no model is loaded
        _STOP = frozenset(STOP_WORDS) | STOPWORDS
    return _STOP


_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)")


@dataclass
class StoryProfile(Record):
    """What story linking knows of an article (small, stored per article)."""

    id: str
    vector: dict[str, float]  # unit-length sqrt-tf weights of its PROFILE_TERMS words
    years: list[int] = field(default_factory=list)  # years its absolute dates (and trusted date) name
    persons: dict[str, int] = field(default_factory=dict)  # person surnames and their counts
    day: str | None = None  # trusted document date
    title: str | None = None
    countries: dict[str, int] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict) -> StoryProfile:
        data = dict(data)
        data["vector"] = {sys.intern(w): x for w, x in data["vector"].items()}
        return cls(**data)


def story_profile(analysis: Analysis) -> StoryProfile:
    stop = _stopwords()
    counts = Counter(w for w in (t.lower() for t in _WORD.findall(analysis.text)) if w not in stop)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:PROFILE_TERMS]
    norm = math.sqrt(sum(k for _w, k in top)) or 1.0
    vector = {sys.intern(w): round(math.sqrt(k) / norm, 6) for w, k in top}  # words shared across profiles
    years = {int(m.group(1)) for t in analysis.timexes if t.anchor is None and t.value
             for m in [_YEAR.match(t.value)] if m}
    day = _day(analysis)
    if day is not None:
        years.add(day.year)
    persons: Counter = Counter()
    for e in analysis.entities:
        if e.label == "PERSON":
            toks = re.findall(r"[^\W\d_]{2,}", e.text.lower())
            if toks:
                persons[toks[-1]] += 1
    return StoryProfile(
        id=analysis.id, vector=vector, years=sorted(years),
        persons=dict(persons.most_common(5)), day=day.isoformat() if day else None,
        title=analysis.title,
        countries=dict(Counter(x.country for x in analysis.actors if x.country).most_common(5)),
        places=dict(Counter(p.name for p in analysis.places).most_common(5)),
    )


def profile_keys(p: StoryProfile) -> list[str]:
    """Story keys: pairs of the profile's KEY_TERMS heaviest words (see ``keys.story_keys``)."""
    top = sorted(sorted(p.vector, key=lambda w: (-p.vector[w], w))[:KEY_TERMS])
    return [f"S|tt:{a}|{b}" for x, a in enumerate(top) for b in top[x + 1:]]


def _years_conflict(a: StoryProfile, b: StoryProfile) -> bool:
    if not a.years or not b.years:
        return False
    return not any(abs(x - y) <= 1 for x in a.years for y in b.years)


def _persons_conflict(a: StoryProfile, b: StoryProfile) -> bool:
    if not a.persons or not b.persons:
        return False
    ta, ka = max(a.persons.items(), key=lambda kv: (kv[1], kv[0]))
    tb, kb = max(b.persons.items(), key=lambda kv: (kv[1], kv[0]))
    if ka < 2 or kb < 2:
        return False
    return ta not in b.persons and tb not in a.persons


def similarity(a: StoryProfile, b: StoryProfile, *, event: bool = False, duplicate: bool = False,
               window_days: int = 14) -> float:
    """How much two articles look like one story: the cosine of their word vectors, less
    YEAR_CONFLICT when the years they name are disjoint (the other earthquake) and
    PERSON_CONFLICT when their main persons differ, plus EVENT_BONUS for a shared main
    event; 1 for near-duplicates; 0 when their trusted dates are more than ``window_days``
    apart."""
    if duplicate:
        return 1.0
    if a.day and b.day and abs((dt.date.fromisoformat(a.day) - dt.date.fromisoformat(b.day)).days) > window_days:
        return 0.0
    sim = cosine(a.vector, b.vector)
    if _years_conflict(a, b):
        sim -= YEAR_CONFLICT
    if _persons_conflict(a, b):
        sim -= PERSON_CONFLICT
    if event:
        sim += EVENT_BONUS
    return min(sim, 1.0)


def candidate_pairs(profiles: Sequence[StoryProfile]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of profiles sharing a story key."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        for k in profile_keys(p):
            index[k].append(i)
    pairs = set()
    for members in index.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                pairs.add((i, j) if i < j else (j, i))
    return pairs


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


def sparse_average_link(n: int, sims: dict[tuple[int, int], float], threshold: float) -> list[list[int]]:
    """Average-linkage clusters of n items given the similarities of some pairs (the others
    count as 0), merging while the best mean is >= ``threshold``. Clusters never cross the
    connected parts of the pairs >= threshold, so each part is clustered on its own (a heap
    of cluster pairs: about E log E for E pairs)."""
    import heapq

    union = _Union(n)
    for (i, j), s in sims.items():
        if s >= threshold:
            union.join(i, j)
    parts: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        parts[union.find(i)].append(i)
    out: list[list[int]] = []
    by_part: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    for (i, j), s in sims.items():
        r = union.find(i)
        if r == union.find(j):
            by_part[r].append((i, j, s))
    for root, members in parts.items():
        if len(members) == 1:
            out.append(members)
            continue
        items = {m: [m] for m in members}
        sums: dict[int, dict[int, float]] = defaultdict(dict)
        for i, j, s in by_part[root]:
            sums[i][j] = sums[i].get(j, 0.0) + s
            sums[j][i] = sums[j].get(i, 0.0) + s
        heap = [(-s / 1.0, min(i, j), max(i, j)) for (i, j), s in
                {(min(i, j), max(i, j)): s for i, j, s in by_part[root]}.items() if s >= threshold]
        heapq.heapify(heap)
        next_id = n + root * 0  # ids above every item; made unique below
        next_id = max(members) + 1 + n
        while heap:
            neg, a, b = heapq.heappop(heap)
            if a not in items or b not in items:
                continue
            current = sums[a].get(b, 0.0) / (len(items[a]) * len(items[b]))
            if abs(current + neg) > 1e-12:
                continue  # stale
            c, next_id = next_id, next_id + 1
            items[c] = items.pop(a) + items.pop(b)
            row: dict[int, float] = {}
            for src in (a, b):
                for k, s in sums.pop(src).items():
                    if k in (a, b):
                        continue
                    row[k] = row.get(k, 0.0) + s
                    del sums[k][src]
            sums[c] = row
            for k, s in row.items():
                sums[k][c] = s
                mean = s / (len(items[c]) * len(items[k]))
                if mean >= threshold:
                    heapq.heappush(heap, (-mean, min(c, k), max(c, k)))
        out.extend(sorted(v) for v in items.values())
    return out


def story_id(article_ids: Sequence[str]) -> str:
    return "S" + hashlib.blake2b(min(article_ids).encode(), digest_size=6).hexdigest()


def cluster_profiles(profiles: Sequence[StoryProfile], event_pairs: set[tuple[str, str]] = frozenset(),
                     duplicate_pairs: set[tuple[str, str]] = frozenset(), *, window_days: int = 14,
                     threshold: float = MIN_SIMILARITY) -> tuple[list[list[int]], Counter, list[str]]:
    """Stories (lists of profile indexes), the link kinds used (by story index), and each
    profile's component (the smallest article id of its connected part of pairs >= threshold:
    no story crosses one), for these profiles only."""
    index = {p.id: i for i, p in enumerate(profiles)}
    pairs = candidate_pairs(profiles)
    extra = set()
    for kind_pairs in (event_pairs, duplicate_pairs):
        for a, b in kind_pairs:
            if a in index and b in index and a != b:
                i, j = sorted((index[a], index[b]))
                extra.add((i, j))
    sims: dict[tuple[int, int], float] = {}
    kinds: dict[tuple[int, int], str] = {}
    for i, j in sorted(pairs | extra):
        a, b = profiles[i].id, profiles[j].id
        key = (a, b) if a < b else (b, a)
        dup, ev = key in duplicate_pairs, key in event_pairs
        s = similarity(profiles[i], profiles[j], event=ev, duplicate=dup, window_days=window_days)
        if s > 0:
            sims[(i, j)] = s
            kinds[(i, j)] = "duplicate" if dup else "event" if ev else "text"
    clusters = sparse_average_link(len(profiles), sims, threshold)
    used: Counter = Counter()
    where = {m: k for k, c in enumerate(clusters) for m in c}
    for (i, j), s in sims.items():
        if s >= threshold and where[i] == where[j]:
            used[(where[i], kinds[(i, j)])] += 1
    union = _Union(len(profiles))
    for (i, j), sim in sims.items():
        if sim >= threshold:
            union.join(i, j)
    smallest: dict[int, str] = {}
    for i, p in enumerate(profiles):
        r = union.find(i)
        if r not in smallest or p.id < smallest[r]:
            smallest[r] = p.id
    return clusters, used, [smallest[union.find(i)] for i in range(len(profiles))]


def main_event_pairs(merged: Iterable[MergedEvent]) -> set[tuple[str, str]]:
    """Article pairs sharing a merged event with a day- or month-precise date that is a main
    event of both (one each mentions most often)."""
    merged = list(merged)
    main = _main_events(merged)
    out = set()
    for event in merged:
        rng = parse_value(event.date)
        if rng is None or rng.days > 31:
            continue
        ids = sorted({a for a in event.articles if event.id in main.get(a, ())})
        for x, a in enumerate(ids):
            for b in ids[x + 1:]:
                out.add((a, b))
    return out


def story_record(profiles: Sequence[StoryProfile], merged_of: dict[str, set[str]] | None = None,
                 links: dict[str, int] | None = None) -> Story:
    ids = sorted(p.id for p in profiles)
    countries: Counter = Counter()
    places: Counter = Counter()
    for p in profiles:
        countries.update(p.countries)
        places.update(p.places)
    days = sorted(p.day for p in profiles if p.day)
    events: set[str] = set()
    if merged_of:
        idset = set(ids)
        for e, arts in merged_of.items():
            if len(arts) > 1 and arts <= idset:
                events.add(e)
    return Story(
        id=story_id(ids), articles=ids, events=sorted(events),
        countries=[c for c, _ in sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))[:5]],
        places=[c for c, _ in sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))[:5]],
        first=days[0] if days else None, last=days[-1] if days else None,
        title=next((p.title for p in sorted(profiles, key=lambda p: p.id) if p.title), None),
        links=dict(sorted((links or {}).items())),
    )


def _day(analysis: Analysis) -> dt.date | None:
    rng = parse_value(analysis.dct.used)
    return rng.lo if rng is not None and not analysis.dct.contradicted else None


def group_stories(analyses: Sequence[Analysis], merged: Sequence[MergedEvent] | None = None,
                  duplicates: Sequence[DuplicatePair] | None = None, *, window_days: int = 14,
                  min_cosine: float = MIN_SIMILARITY) -> list[Story]:
    """Group articles into stories; every article is in exactly one Story (maybe alone).

    Average-link clusters over the candidate pairs (articles sharing a story key, a main
    merged event, or near-duplicates) scored by ``similarity``.
    """
    if merged is None:
        merged = merge_events(analyses)
    if duplicates is None:
        duplicates = find_duplicates(analyses)
    profiles = [story_profile(a) for a in analyses]
    event_pairs = main_event_pairs(merged)
    dup_pairs = {(p.a, p.b) if p.a < p.b else (p.b, p.a) for p in duplicates}
    clusters, used, _parts = cluster_profiles(profiles, event_pairs, dup_pairs, window_days=window_days,
                                      threshold=min_cosine)
    merged_of = {e.id: set(e.articles) for e in merged}
    stories = []
    for k, members in enumerate(clusters):
        links = {kind: c for (cl, kind), c in used.items() if cl == k}
        stories.append(story_record([profiles[i] for i in members], merged_of, links))
    stories.sort(key=lambda s: (-len(s.articles), s.first or "9999", s.articles[0]))
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
