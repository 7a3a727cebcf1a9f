"""Blocking keys of the cross-article layer: pure functions from an analysis (or one event
mention of it) to the string keys under which it can meet other articles.

Two records are ever compared only when they share a key, so a batch is linked against a
store by looking its keys up among the stored ones (``store.link``), and Spark links by
exploding the same keys, grouping and taking connected components (``tidings.spark``).
Every key is a plain string with a one-letter family prefix; none depends on the rest of
the corpus (no corpus statistics, no input order), so a record's keys never change when
other articles arrive.

* **Near-duplicates** (``duplicate_keys``): MinHash (``datasketch``, ``NUM_PERM`` = 128
  permutations, seed 1) of the 5-word shingles of the lowercased clean text, cut into
  ``BANDS`` = 32 bands of ``ROWS`` = 4 values; a band key is ``B<band>:<hash of its values>``.
  Two texts with Jaccard ``J`` share a band with probability ``1 - (1 - J^4)^32``: 0.9999 at
  J = 0.8, 0.87 at 0.5. Candidates are then checked with the exact Jaccard.
* **Event mentions** (``mention_features`` -> ``MentionFeatures``): a mention is an *anchor*
  when its own words date it to one day; otherwise it is *loose* (a month, a year, a
  year-less day, or only its article's date). Keys, one set per actor country ``c`` and
  PLOVER type ``T``:
    - ``anchor_keys``: ``E|T|c|D:2018-06-12``; anchors sharing one are compared (same day);
    - ``found_keys``: an anchor is also found under ``E|T|c|M:2018-06``, ``E|T|c|Y:2018`` and
      ``E|T|c|X:06-12`` (the year-less day);
    - ``lookup_keys``: the keys a loose mention looks anchors up with: the months its range
      touches when it is at most ``MONTHISH`` days wide, else the years it touches (at most
      two), and ``X:MM-DD`` for a year-less day;
    - ``equal_keys``: loose mentions that find no anchor are compared with loose mentions of
      the same key: ``E|T|c|=<their exact date value>`` (a document-dated mention's value is
      the ISO week of its article's date).
  ``event_keys`` is the union (what Spark explodes).
* **Stories** (``story_keys``): pairs of the article's 16 heaviest words,
  ``S|tt:<word>|<word>``. Articles sharing one are candidate story links, scored with their
  who/where/when (see ``link.stories``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from datasketch import MinHash

from ..model import Analysis, Event

SHINGLE = 5
NUM_PERM = 128
BANDS = 32
ROWS = 4  # BANDS * ROWS == NUM_PERM
MONTHISH = 62  # a loose range at most this wide looks anchors up by month, a wider one by year
_WORD = re.compile(r"\w+", re.UNICODE)


# ---- near-duplicates --------------------------------------------------------------------------

def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The set of ``size``-word shingles of the lowercased text (the whole text if shorter)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def minhash(shingle_set: set[str], num_perm: int = NUM_PERM) -> MinHash:
    m = MinHash(num_perm=num_perm, seed=1)
    m.update_batch([s.encode("utf-8") for s in shingle_set])
    return m


def band_keys(signature: Iterable[int], bands: int = BANDS, rows: int = ROWS) -> list[str]:
    """LSH band keys of a MinHash signature (``bands`` x ``rows`` values)."""
    values = [int(v) for v in signature]
    out = []
    for b in range(bands):
        chunk = values[b * rows:(b + 1) * rows]
        digest = hashlib.blake2b(" ".join(map(str, chunk)).encode(), digest_size=8).hexdigest()
        out.append(f"B{b}:{digest}")
    return out


def band_rows(threshold: float) -> int:
    """Rows per band for a Jaccard threshold: 4 (32 bands) from 0.5 up, the stored keys; 2
    (64 bands) from 0.15, 1 below, so that a low threshold still finds its pairs."""
    return ROWS if threshold >= 0.5 else 2 if threshold >= 0.15 else 1


def duplicate_keys(text: str, rows: int = ROWS) -> list[str]:
    """Band keys of the text's MinHash; no keys for a text without words."""
    s = shingles(text)
    if not s:
        return []
    return band_keys(minhash(s).hashvalues, NUM_PERM // rows, rows)


# ---- event mentions ---------------------------------------------------------------------------

@dataclass(slots=True)
class MentionFeatures:
    """What linking needs of one event mention (and what its merged_mentions row shows).

    Slotted: a store of 64,000 articles holds about a million of them while it is linked (a
    slotted instance is about a quarter of one with a ``__dict__``). The ``_``-fields are
    caches of ``link.merge`` (signature, date range, sets), not features: not compared,
    not written."""

    article_id: str
    event_n: int
    type: str
    countries: list[str]  # actor countries (or the sentence's, see merge.event_countries)
    lo: str | None  # the date range used for merging (ISO days, inclusive)
    hi: str | None
    month: int | None = None  # a year-less value: its month and day
    day: int | None = None
    value: str | None = None  # the TIMEX value used (see dates.event_date)
    document_dated: bool = False
    negated: bool = False
    place: list | None = None  # [geonameid, name lower, feature, country, display name]
    names: list[str] = field(default_factory=list)  # canonical names of coded actors
    codes: list[str] = field(default_factory=list)  # full codes with a sector
    stem: str = ""
    # shown, not matched
    cameo: str | None = None
    quad: int | None = None
    goldstein: float | None = None
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    modality: str = "asserted"
    sentence: list = field(default_factory=list)  # [start, end, text]
    trigger: list = field(default_factory=list)
    dated_by_article: bool = False
    outlet: str | None = None
    article_day: str | None = None  # the article's trusted date (document-dated mentions)
    _sig: str | None = field(default=None, init=False, repr=False, compare=False)
    _rng: object = field(default=None, init=False, repr=False, compare=False)
    _sets: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.event_n)

    @property
    def mid(self) -> str:
        return f"{self.article_id}:{self.event_n}"

    @property
    def days(self) -> int:
        if self.month is not None and self.lo is None:
            return 1 if self.day else 31
        if self.lo is None or self.hi is None:
            return 10**6
        return (dt.date.fromisoformat(self.hi) - dt.date.fromisoformat(self.lo)).days + 1

    @property
    def anchor(self) -> bool:
        """Dated to one day by its own words (not by its article's date, not year-less)."""
        return not self.document_dated and self.lo is not None and self.lo == self.hi

    def as_dict(self) -> dict:
        # the fields only (not merge's caches); lists copied, as asdict does
        out = {}
        for k in _FEATURE_FIELDS:
            v = getattr(self, k)
            out[k] = list(v) if isinstance(v, list) else v
        return out

    @classmethod
    def from_dict(cls, data: dict) -> MentionFeatures:
        return cls(**data)


_FEATURE_FIELDS = tuple(f.name for f in fields(MentionFeatures) if not f.name.startswith("_"))


def mention_features(analysis: Analysis, event_n: int, event: Event | None = None) -> MentionFeatures | None:
    """The features of one mention, or None when it can't be matched (no usable date or no
    actor country): such a mention has no keys and stays out of merged events."""
    from .dates import date_usable, event_date
    from .merge import _mention_range, _names, _stem, event_countries

    event = event if event is not None else analysis.events[event_n]
    value = event_date(analysis, event)
    rng = _mention_range(analysis, event, value)
    countries = sorted(event_countries(analysis, event))
    if rng is None or not countries:
        return None
    place = None
    if event.place is not None:
        p = event.place
        place = [p.geonameid, p.name.lower(), p.feature, p.country, p.name]
    doc = event.date_source == "document"
    return MentionFeatures(
        article_id=analysis.id, event_n=event_n, type=event.type, countries=countries,
        lo=rng.lo.isoformat() if rng.lo else None, hi=rng.hi.isoformat() if rng.hi else None,
        month=rng.month, day=rng.day, value=value, document_dated=doc,
        negated=event.modality == "negated", place=place,
        names=sorted(_names(event)),
        codes=sorted({x.code for x in event.actors + event.recipients
                      if x.code and len(x.code) > 3 and x.code[:3] != "---"}),
        stem=_stem(event.trigger.text),
        cameo=event.cameo, quad=event.quad, goldstein=event.goldstein,
        actors=[a.code for a in event.actors if a.code],
        recipients=[a.code for a in event.recipients if a.code],
        modality=event.modality,
        sentence=[event.sentence.start, event.sentence.end, event.sentence.text],
        trigger=[event.trigger.start, event.trigger.end, event.trigger.text],
        dated_by_article=doc and date_usable(analysis),
        outlet=analysis.outlet,
        article_day=rng.hi.isoformat() if doc and rng.hi else None,
    )


def article_mentions(analysis: Analysis) -> list[MentionFeatures]:
    """Features of every matchable mention of an article."""
    out = []
    for n, event in enumerate(analysis.events):
        f = mention_features(analysis, n, event)
        if f is not None:
            out.append(f)
    return out


def _prefixes(f: MentionFeatures) -> list[str]:
    return [f"E|{f.type}|{c}|" for c in f.countries]


def anchor_keys(f: MentionFeatures) -> list[str]:
    """Keys two anchors must share to be compared: type, a country, the day."""
    if not f.anchor:
        return []
    return [p + f"D:{f.lo}" for p in _prefixes(f)]


def found_keys(f: MentionFeatures) -> list[str]:
    """Keys under which an anchor is found by loose mentions (its month, year, year-less day)."""
    if not f.anchor:
        return []
    out = []
    for p in _prefixes(f):
        out += [p + f"M:{f.lo[:7]}", p + f"Y:{f.lo[:4]}", p + f"X:{f.lo[5:]}"]
    return out


def _months(lo: dt.date, hi: dt.date) -> list[str]:
    out, y, m = [], lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def lookup_keys(f: MentionFeatures) -> list[str]:
    """Keys a loose mention looks its anchor up with (none for an anchor or a range > 2 years)."""
    if f.anchor:
        return []
    if f.lo is None:  # year-less
        if f.day is None:
            return []
        return [p + f"X:{f.month:02d}-{f.day:02d}" for p in _prefixes(f)]
    lo, hi = dt.date.fromisoformat(f.lo), dt.date.fromisoformat(f.hi)
    if f.days <= MONTHISH:
        buckets = [f"M:{m}" for m in _months(lo, hi)]
    elif hi.year - lo.year <= 1:
        buckets = [f"Y:{y}" for y in range(lo.year, hi.year + 1)]
    else:
        return []
    return [p + b for p in _prefixes(f) for b in buckets]


def equal_value(f: MentionFeatures) -> str | None:
    """The value loose mentions must share to merge without an anchor."""
    if f.anchor:
        return None
    if f.document_dated and f.article_day:
        year, week, _ = dt.date.fromisoformat(f.article_day).isocalendar()
        return f"doc:{year}-W{week:02d}"
    if f.lo is None:
        return f"XXXX-{f.month:02d}-{f.day:02d}" if f.day else f"XXXX-{f.month:02d}"
    return f"{f.lo}/{f.hi}"


def equal_keys(f: MentionFeatures) -> list[str]:
    value = equal_value(f)
    return [p + f"={value}" for p in _prefixes(f)] if value else []


def event_keys(f: MentionFeatures) -> list[str]:
    """Every key of a mention (anchor, found, lookup and equal keys)."""
    return anchor_keys(f) + found_keys(f) + lookup_keys(f) + equal_keys(f)


# ---- stories ----------------------------------------------------------------------------------

def story_keys(analysis: Analysis) -> list[str]:
    """Story keys ``S|tt:<word>|<word>``: the pairs of the article's 16 heaviest words (see
    ``link.stories.story_profile``: sqrt term frequency, stop words out, no corpus
    statistics). Articles sharing one are scored as a candidate story link."""
    from .stories import profile_keys, story_profile

    return profile_keys(story_profile(analysis))
