"""Near-duplicate articles and reposts: MinHash LSH over word shingles of the clean text.

Candidates come from a ``datasketch`` MinHash LSH index (128 permutations) over 5-word
shingles of the lowercased words; each candidate pair is then scored with the exact Jaccard
similarity of the two shingle sets and kept when it reaches ``threshold``. A pair whose
stated dates differ (or where one copy's date is contradicted by its text) is a *repost*:
the copy with the consistent date (else the earlier one) is the original, and its date
becomes ``DateEvidence(kind="repost")`` for the other copy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from ..errors import ConfigError
from ..model import Analysis, DateEvidence, Record

SHINGLE = 5
NUM_PERM = 128
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class DuplicatePair(Record):
    """Two articles whose texts are near-identical."""

    a: str  # article id (input order: a before b)
    b: str
    similarity: float  # exact Jaccard of the word-shingle sets
    repost: bool = False  # same text, different stated dates
    original: str | None = None  # for a repost: the copy whose date is taken as the true one
    copy: str | None = None
    evidence: list[DateEvidence] = field(default_factory=list)  # date evidence for ``copy``


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The set of ``size``-word shingles of the lowercased text (the whole text if shorter)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def minhash(shingle_set: set[str], num_perm: int = NUM_PERM) -> MinHash:
    m = MinHash(num_perm=num_perm)
    m.update_batch([s.encode("utf-8") for s in shingle_set])
    return m


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def find_duplicates(analyses: Sequence[Analysis], threshold: float = 0.8) -> list[DuplicatePair]:
    """Pairs of near-duplicate articles (Jaccard of 5-word shingles >= ``threshold``)."""
    if not 0.0 < threshold <= 1.0:
        raise ConfigError(f"duplicate threshold must be in (0, 1], got {threshold}")
    sets = [shingles(a.text) for a in analyses]
    # the LSH index is tuned a little below the threshold so that borderline pairs are
    # still proposed; the exact Jaccard decides
    lsh = MinHashLSH(threshold=max(0.05, threshold - 0.1), num_perm=NUM_PERM)
    hashes = []
    for i, s in enumerate(sets):
        m = minhash(s)
        hashes.append(m)
        if s:
            lsh.insert(i, m)
    pairs: list[DuplicatePair] = []
    for i, m in enumerate(hashes):
        if not sets[i]:
            continue
        for j in lsh.query(m):
            if j <= i:
                continue
            sim = jaccard(sets[i], sets[j])
            if sim >= threshold:
                pairs.append(_pair(analyses[i], analyses[j], sim))
    pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
    return pairs


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
