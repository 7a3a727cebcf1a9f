"""Near-duplicate articles and reposts: MinHash LSH over word shingles of the clean text.

Candidates are the pairs sharing a MinHash band key (``keys.duplicate_keys``: 128
permutations over 5-word shingles of the lowercased words, 32 bands of 4); each candidate pair is then scored with the exact Jaccard
similarity of the two shingle sets and kept when it reaches ``threshold``. A pair whose
stated dates differ (or where one copy's date is contradicted by its text) is a *repost*:
the copy with the consistent date (else the earlier one) is the original, and its date
becomes ``DateEvidence(kind="repost")`` for the other copy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..errors import ConfigError
from ..model import Analysis, DateEvidence, Record
from .keys import NUM_PERM, SHINGLE, band_rows, duplicate_keys, minhash, shingles  # noqa: F401  (re-exported)


@dataclass
class DuplicatePair(Record):
    """Two articles whose texts are near-identical."""

    a: str  # article ids, a < b
    b: str
    similarity: float  # exact Jaccard of the word-shingle sets
    repost: bool = False  # same text, different stated dates
    original: str | None = None  # for a repost: the copy whose date is taken as the true one
    copy: str | None = None
    evidence: list[DateEvidence] = field(default_factory=list)  # date evidence for ``copy``


def candidate_pairs(keyed: Iterable[tuple[str, Iterable[str]]]) -> set[tuple[str, str]]:
    """Id pairs (a < b) of texts sharing a MinHash band key (``keys.duplicate_keys``)."""
    index: dict[str, list[str]] = defaultdict(list)
    for article_id, keys in keyed:
        for k in keys:
            index[k].append(article_id)
    pairs = set()
    for ids in index.values():
        for x, a in enumerate(ids):
            for b in ids[x + 1:]:
                if a != b:
                    pairs.add((a, b) if a < b else (b, a))
    return pairs


def find_duplicates(analyses: Sequence[Analysis], threshold: float = 0.8) -> list[DuplicatePair]:
    """Pairs of near-duplicate articles (Jaccard of 5-word shingles >= ``threshold``)."""
    if not 0.0 < threshold <= 1.0:
        raise ConfigError(f"duplicate threshold must be in (0, 1], got {threshold}")
    by_id = {a.id: a for a in analyses}
    rows = band_rows(threshold)
    candidates = candidate_pairs((a.id, duplicate_keys(a.text, rows)) for a in analyses)
    sets: dict[str, set[str]] = {}

    def shingle_set(article_id: str) -> set[str]:
        if article_id not in sets:
            sets[article_id] = shingles(by_id[article_id].text)
        return sets[article_id]

    pairs = [p for a, b in sorted(candidates) if (p := check_pair(by_id[a], by_id[b], threshold,
                                                                  shingle_set(a), shingle_set(b)))]
    pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
    return pairs


def check_pair(a: Analysis, b: Analysis, threshold: float, sa: set[str] | None = None,
               sb: set[str] | None = None) -> DuplicatePair | None:
    """The DuplicatePair of two candidates (ids in order) when their exact Jaccard reaches the threshold."""
    if b.id < a.id:
        a, b, sa, sb = b, a, sb, sa
    sim = jaccard(sa if sa is not None else shingles(a.text), sb if sb is not None else shingles(b.text))
    return _pair(a, b, sim) if sim >= threshold else None


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _pair(a: Analysis, b: Analysis, sim: float) -> DuplicatePair:
    pair = DuplicatePair(a=a.id, b=b.id, similarity=round(sim, 4))
    da, db = a.dct.stated, b.dct.stated
    if not (da or db) or da == db:
        return pair
    original, copy = _original(a, b)
    if original.dct.stated is None or original.dct.contradicted:
        return pair  # no usable date to lend
    pair.repost = True
    pair.original, pair.copy = original.id, copy.id
    date = original.dct.stated
    pair.evidence.append(DateEvidence(
        kind="repost",
        detail=(f"the text is a near-identical copy (Jaccard {sim:.2f}) of article {original.id}, "
                f"stated {date}: the copy describes that date"),
        windows=[[date, date]],
        weight=0.8 if not copy.dct.contradicted else 1.0,
    ))
    return pair


def _original(a: Analysis, b: Analysis) -> tuple[Analysis, Analysis]:
    """(original, copy): a consistent stated date beats a contradicted or missing one, then earlier."""
    def rank(x: Analysis) -> tuple:
        return (x.dct.stated is None, x.dct.contradicted, x.dct.stated or "")
    return (a, b) if rank(a) <= rank(b) else (b, a)
