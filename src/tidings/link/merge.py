"""One event reported by several articles becomes one MergedEvent listing its mentions.

Two event mentions are merged when they have the same PLOVER type, their actor countries
overlap (sources and recipients together; when an event has no coded actor, the countries of
the actors named in its sentence stand in), their dates can denote the same day
(``2018-06-12`` / ``2018-06`` / ``2018`` / ``XXXX-06-12``, see ``link.dates``), their places
agree or one is missing, and they agree on enough specifics (``support`` >= ``MIN_SUPPORT``:
the same stated day, the same named place, a shared actor name or code, the same trigger
stem). Negated mentions merge only with negated ones; planned, reported and asserted
mentions of one event merge.

Blocking keeps it near-linear and incremental (keys: ``link.keys``). A mention whose own
words give one day is an *anchor*; anchors sharing a type, a country and the day are compared
and merge into connected components. Every other (*loose*) mention (a month, a year, a
year-less day, or only its article's date) joins the component of the one anchor it agrees
with best, found under its month or year key, so a year-only mention cannot chain two days
together; loose mentions that find no anchor merge with loose mentions of the same value
(document-dated ones: of the same week). Mentions with one ``signature`` are compared once,
and a mention is never compared with a component it is already in: a block of 10,000
mentions of one dyad in a month costs about its mentions times its distinct events, not
its pairs. The result depends on the set of mentions only, so ``link_batch`` can add a
batch to a stored ``LinkState`` and get what linking everything at once gives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model import Analysis, Event, Record, Span
from .dates import DateRange, compatible, date_usable, event_date, intersect, parse_value, sort_key, to_value
from .keys import MentionFeatures, anchor_keys, equal_keys, found_keys, lookup_keys, mention_features

# a document-dated event ("They then held a summit", dated by the article) happened shortly
# before the article: it is taken to be within this many days before the document date
DOCUMENT_DATE_SLACK = 7


@dataclass
class Mention(Record):
    """One article's report of an event: which article, which event, which words."""

    article_id: str
    event_index: int  # index into that Analysis's ``events``
    sentence: Span
    trigger: Span
    date: str | None  # the mention's date as used for merging (see ``dates.event_date``)
    modality: str
    dated_by_article: bool = False  # True when the date is the article's trusted date
    outlet: str | None = None


@dataclass
class MergedEvent(Record):
    """An event reported by one or more articles."""

    id: str
    type: str
    cameo: str | None
    quad: int | None
    goldstein: float | None
    date: str | None  # most specific value consistent with every mention
    actors: list[str] = field(default_factory=list)  # source actor codes (all mentions)
    recipients: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # actor countries used for matching
    place: str | None = None
    place_country: str | None = None
    modalities: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        return sorted({m.article_id for m in self.mentions})

    @property
    def outlets(self) -> list[str]:
        return sorted({m.outlet for m in self.mentions if m.outlet})


# ---- features of a mention ------------------------------------------------------------------

def event_countries(analysis: Analysis, event: Event) -> frozenset[str]:
    """Countries of the event's actors and recipients, else of the actors named in its sentence."""
    countries = {a.country for a in event.actors + event.recipients if a.country}
    if countries:
        return frozenset(countries)
    place_spans = [(p.start, p.end) for p in analysis.places]
    if event.place is not None:
        place_spans.append((event.place.start, event.place.end))
    found = set()
    for actor in analysis.actors:
        if not actor.country or not (event.sentence.start <= actor.start < event.sentence.end):
            continue
        if any(s <= actor.start < e for s, e in place_spans) and not actor.sector:
            continue  # "in Singapore": a place, not a participant
        found.add(actor.country)
    return frozenset(found)


def _mention_range(analysis: Analysis, event: Event, value: str | None) -> DateRange | None:
    rng = parse_value(value)
    if rng is not None and event.date_source == "document" and rng.lo is not None and rng.lo == rng.hi:
        return DateRange(rng.lo - dt.timedelta(days=DOCUMENT_DATE_SLACK), rng.hi)
    return rng


def _same_place_f(a: list, b: list) -> bool:
    """``_same_place`` on the feature lists [geonameid, name lower, feature, country, name]."""
    if a[0] is not None and a[0] == b[0]:
        return True
    if a[1] == b[1]:
        return True
    if a[2] == "country" and a[3] and a[3] == b[3]:
        return True
    return b[2] == "country" and b[3] is not None and b[3] == a[3]


def _range(f: MentionFeatures) -> DateRange:
    r = f._rng
    if r is None:
        r = f._rng = _make_range(f)
    return r


def _sets(f: MentionFeatures) -> tuple[frozenset, frozenset, frozenset, int]:
    """(countries, names, codes, days) of a mention, computed once; the sets are shared by
    every mention with the same ones (a million mentions hold a few thousand sets)."""
    r = f._sets
    if r is None:
        r = f._sets = (_shared(f.countries), _shared(f.names), _shared(f.codes), f.days)
    return r


_SHARED: dict[tuple, frozenset] = {}


def _shared(values: list[str]) -> frozenset:
    key = tuple(values)
    found = _SHARED.get(key)
    if found is None:
        if len(_SHARED) > 200_000:  # a bound, not a leak: sets are equal, sharing is only memory
            _SHARED.clear()
        found = _SHARED[key] = frozenset(values)
    return found


def _make_range(f: MentionFeatures) -> DateRange:
    return DateRange(dt.date.fromisoformat(f.lo) if f.lo else None,
                     dt.date.fromisoformat(f.hi) if f.hi else None, f.month, f.day)


# Sharing a type, a country and a compatible date is not enough in a corpus where most
# events involve the same country (US politics): a merge also needs MIN_SUPPORT points of
# specific agreement, one more when either mention is dated only by its article's date
# (that says "within the week before", not which day).
MIN_SUPPORT = 3


def support(a: MentionFeatures, b: MentionFeatures) -> int:
    """Points of specific agreement between two compatible mentions.

    date: the same day stated by both texts 2, a month or a year-less day 1, a date that is only
    the article's date (or a year) 0; place: the same named place 2, the same country-level
    place 1; actors: a shared actor name 2, a shared full code with a sector (USAGOV) 1;
    trigger: the same word stem 1. When both mentions name coded actors and share none, they
    are different events (a large negative score).
    """
    points = 0
    _ca, names_a, codes_a, da = _sets(a)
    _cb, names_b, codes_b, db = _sets(b)
    if not a.document_dated and not b.document_dated:
        if da == 1 and db == 1 and a.lo == b.lo and a.lo is not None:
            points += 2
        elif max(da, db) <= 31 or (a.lo is None and a.day) or (b.lo is None and b.day):
            points += 1
    pa, pb = a.place, b.place
    if pa is not None and pb is not None and _same_place_f(pa, pb):
        points += 1 if ("country" in (pa[2], pb[2]) and pa[1] != pb[1]) or pa[2] == pb[2] == "country" else 2
    if names_a and names_b and not names_a & names_b:
        return -100  # both name their (coded) actors, and no one is in both: different events
    if names_a & names_b:
        points += 2
    elif codes_a & codes_b:
        points += 1
    if a.stem == b.stem:
        points += 1
    return points


def pair_score(a: MentionFeatures, b: MentionFeatures) -> int | None:
    """The support of a merge of two mentions (minus 1 when either is only document-dated),
    or None when a hard constraint fails: type, negation, countries, dates, places."""
    if a.type != b.type or a.negated != b.negated:
        return None
    if not _sets(a)[0] & _sets(b)[0]:
        return None
    if not compatible(_range(a), _range(b)):
        return None
    if a.place is not None and b.place is not None and not _same_place_f(a.place, b.place):
        return None
    points = support(a, b) - (a.document_dated or b.document_dated)
    return points if points >= MIN_SUPPORT else None


def signature(f: MentionFeatures) -> str:
    """Everything ``pair_score`` looks at: mentions with one signature merge alike (computed once)."""
    sig = f._sig
    if sig is None:
        sig = f._sig = json.dumps(
            [f.type, f.countries, f.lo, f.hi, f.month, f.day, f.document_dated, f.negated,
             f.place[:4] if f.place else None, f.names, f.codes, f.stem], separators=(",", ":"))
    return sig


# ---- the linking state ----------------------------------------------------------------------

@dataclass
class LinkState:
    """Mentions already linked (all of them, or the part of a store a batch can touch).

    ``root`` maps a mention id to the root of its event: ``a:<mid>`` (the smallest anchor of
    an anchor component) or ``l:<mid>`` (the smallest mention of a group of loose mentions).
    ``best`` holds a loose mention's chosen anchor: (score, signature, anchor mid).
    """

    feats: dict[str, MentionFeatures] = field(default_factory=dict)
    root: dict[str, str] = field(default_factory=dict)
    best: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_anchor_key: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    # found key -> facet (see ``found_facets``; "*": every anchor) -> signature -> smallest mid
    by_found_key: dict[str, dict[str, dict[str, str]]] = field(default_factory=lambda: defaultdict(dict))
    by_lookup_key: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_equal_key: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    sorted_cache: dict = field(default_factory=dict, repr=False)  # see ``_sorted_sigs``

    def add(self, f: MentionFeatures, root: str | None = None,
            best: tuple[int, str, str] | None = None) -> None:
        """Index a mention (a stored one comes with its root and best anchor)."""
        mid = f.mid
        self.feats[mid] = f
        sig = signature(f)
        if f.anchor:
            for k in anchor_keys(f):
                d = self.by_anchor_key[k]
                if sig not in d or mid < d[sig]:
                    d[sig] = mid
            for k in found_keys(f):
                index_found(self.by_found_key[k], sig, mid, f, self.feats)
        else:
            for k in lookup_keys(f):
                self.by_lookup_key[k].add(mid)
            for k in equal_keys(f):
                self.by_equal_key[k].add(mid)
        if root is not None:
            self.root[mid] = root
            self.members[root].add(mid)
        if best is not None:
            self.best[mid] = best


def _better(score: int, sig: str, old: tuple[int, str, str] | None) -> bool:
    return old is None or score > old[0] or (score == old[0] and sig < old[1])


def _same_place_facets(p: list) -> list[str]:
    """A place's geonameid and name facets (``Pg:``, ``Pn:``): what the same named place shares."""
    return ([f"Pg:{p[0]}"] if p[0] is not None else []) + [f"Pn:{p[1]}"]


def found_facets(f: MentionFeatures) -> tuple[str, ...]:
    """The facets an anchor is found by within each of its big found keys (``index_found``):
    its place (``Pg:`` geonameid, ``Pn:`` name, ``Pin:`` its country, ``Pcty:`` a country-level
    place), its actor names (``N:``) and its trigger stem (``S:``)."""
    out = []
    p = f.place
    if p is not None:
        out += _same_place_facets(p)
        if p[3] is not None:
            out.append(f"Pin:{p[3]}")
            if p[2] == "country":
                out.append(f"Pcty:{p[3]}")
    out += [f"N:{n}" for n in f.names]
    out.append(f"S:{f.stem}")
    return tuple(sys.intern(x) for x in out)


def index_found(by_facet: dict[str, dict[str, str]], sig: str, mid: str, f: MentionFeatures,
                feats: dict[str, MentionFeatures]) -> None:
    """Index an anchor under one of its found keys: ``*`` holds the smallest mid of each
    signature; once a key holds more than ``_SCAN_ALL`` signatures its anchors are also
    indexed by facet (``best_anchor`` scans smaller keys whole, so they keep no facets)."""
    every = by_facet.get("*")
    if every is None:
        every = by_facet["*"] = {}
    old = every.get(sig)
    if old is not None and old <= mid:
        return
    every[sig] = mid
    if len(every) <= _SCAN_ALL:
        return
    todo = every.items() if len(by_facet) == 1 else ((sig, mid),)  # just grown past: all so far
    for s, m in list(todo):
        for facet in found_facets(feats[m] if m != mid else f):
            d = by_facet.get(facet)
            if d is None:
                d = by_facet[facet] = {}
            d[s] = m


def _loose_components(f: MentionFeatures) -> dict[str, list[str]]:
    """The facets a loose mention looks up for each support component: ``P2`` (a place that
    can be the same named place), ``P1`` (any agreeing place: ``_same_place_f`` is a match of
    geonameid or name, or a country-level place and a place in that country), ``A2`` (a shared
    actor name), ``S1`` (the same trigger stem). A shared code alone has no list: it is
    looked for through the other components it needs to reach MIN_SUPPORT."""
    out: dict[str, list[str]] = {}
    p = f.place
    if p is not None:
        same = _same_place_facets(p)
        out["P2"] = same
        country = []
        if p[3] is not None:
            country.append(f"Pcty:{p[3]}")  # a country-level anchor of this place's country
            if p[2] == "country":
                country.append(f"Pin:{p[3]}")  # any anchor in this country
        out["P1"] = same + country
    if f.names:
        out["A2"] = [f"N:{n}" for n in f.names]
    out["S1"] = [f"S:{f.stem}"]
    return out


def loose_date_points(f: MentionFeatures) -> int:
    """The date points (``support``) of a loose mention with any anchor it is compatible with,
    minus the document-date penalty (``pair_score``): the same for every anchor. An anchor is
    one stated day, so two stated days never meet here; a mention of a month or less, or a
    year-less day, gets 1; a wider one or one dated by its article, 0 (and -1)."""
    if f.document_dated:
        return -1
    return 1 if f.days <= 31 or (f.lo is None and f.day) else 0


_SCAN_ALL = 4  # keys with at most this many anchor signatures are scanned whole (measured: 4 < 12 < 48)

# the (place, actor, stem) points a pair can have beyond the date, by total, highest first,
# each with the components that have an anchor list (a shared code alone, A1, has none: it is
# found through the components it needs beside it)
_TOTALS = [(total, [tuple(f"{n}{v}" for n, v in zip("PAS", c, strict=True) if v and (n, v) != ("A", 1))
                    for c in ((p, a, s) for p in (2, 1, 0) for a in (2, 1, 0) for s in (1, 0)) if sum(c) == total])
           for total in range(5, -1, -1)]


def _sorted_sigs(cache: dict, key: str, facet: str, d: dict[str, str]) -> list[str]:
    """The signatures of ``d`` in order, sorted again only when ``d`` has grown."""
    hit = cache.get((key, facet))
    if hit is None or hit[0] != len(d):
        hit = cache[(key, facet)] = (len(d), sorted(d))
    return hit[1]


def best_anchor(index: dict, cache: dict, f: MentionFeatures, keys: Iterable[str], score_of,
                floor: tuple[int, str, str] | None = None) -> tuple[int, str, str] | None:
    """The anchor a loose mention joins: the highest ``pair_score`` among the anchors under
    its lookup keys, then the smallest signature; None when none reaches MIN_SUPPORT (or,
    with ``floor``, none is better than ``floor``).

    Exact, but without scoring every anchor of a big key (one dyad's month can hold
    thousands): a pair's score is the loose mention's ``loose_date_points`` plus its place,
    actor and stem points, and an anchor with given points has the facets of each non-zero
    component. Totals are tried from the highest: for each combination of points, one of its
    components' anchor lists is scanned in signature order up to the first anchor scoring
    exactly that total (anchors scoring more were found at a higher total). Once a total has
    an anchor, nothing lower can win. Small keys are scanned whole."""
    keys = [k for k in keys if k in index]
    if not keys:
        return None
    best = floor
    seen: dict[str, int | None] = {}

    def consider(sig: str, mid: str) -> int | None:
        nonlocal best
        if sig in seen:
            return seen[sig]
        score = seen[sig] = score_of(mid, f)
        if score is not None and _better(score, sig, best):
            best = (score, sig, mid)
        return score

    for k in keys:
        if len(index[k]) == 1:  # a small key (no facets): scanned whole
            for sig, mid in index[k]["*"].items():
                consider(sig, mid)
    keys = [k for k in keys if len(index[k]) > 1]
    if not keys:
        return None if best is floor else best
    base = loose_date_points(f)
    lists: dict[str, tuple[int, list]] = {}
    for name, facet_names in _loose_components(f).items():
        found = [(k, x, index[k][x]) for k in keys for x in facet_names if x in index[k]]
        lists[name] = (sum(len(d) for _k, _x, d in found), found)
    lowest = max(MIN_SUPPORT, floor[0] if floor else MIN_SUPPORT) - base
    for total, combos in _TOTALS:
        if total < lowest:
            break
        target = base + total
        for needed in combos:
            if any(n not in lists for n in needed):
                continue  # the mention lacks a component: no anchor has these points
            if needed:
                chosen = min((lists[n] for n in needed), key=lambda x: x[0])[1]
            else:  # no listed component: every anchor
                chosen = [(k, "*", index[k]["*"]) for k in keys]
            for k, x, d in chosen:
                for sig in _sorted_sigs(cache, k, x, d):
                    if best is not None and best[0] == target and sig > best[1]:
                        break  # later ones can at most tie, with a larger signature
                    if consider(sig, d[sig]) == target:
                        break
        if best is not None and best[0] >= target:
            break
    return None if best is floor else best


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def link_batch(state: LinkState, new: Sequence[MentionFeatures]) -> tuple[set[str], set[str]]:
    """Link new mentions into ``state``; returns (roots removed, roots created or changed).

    The result is a function of the set of mentions, whatever the batches and their order:
    1. anchors sharing a day key merge when ``pair_score`` allows (connected components);
    2. each loose mention joins the component of its best anchor (highest score, then the
       smallest signature), found under its lookup keys: its decision depends only on the
       anchors it can see, so a new anchor can change only the loose mentions that see it;
    3. loose mentions with no anchor merge with loose mentions of an equal key (components).
    """
    removed: set[str] = set()
    changed: set[str] = set()
    # pair_score depends on the two signatures only: each pair of signatures is scored once
    scores: dict[tuple[str, str], int | None] = {}

    def score_of(x: MentionFeatures, y: MentionFeatures) -> int | None:
        key = (signature(x), signature(y))
        if key not in scores:
            scores[key] = pair_score(x, y)
        return scores[key]

    def score_mid(mid: str, f: MentionFeatures) -> int | None:
        return score_of(state.feats[mid], f)

    new = sorted((f for f in new if f.mid not in state.feats), key=lambda f: f.mid)
    anchors = [f for f in new if f.anchor]
    loose = [f for f in new if not f.anchor]
    # 1. anchors: union over stored components (by root) and new anchors
    uf = _Union()

    def node(mid: str) -> str:
        return state.root.get(mid) or f"a:{mid}"

    # found key -> facet -> the batch's new anchor signatures ("*": all of them), for best_anchor
    new_index: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    new_cache: dict = {}
    for a in anchors:
        sig = signature(a)
        for k in anchor_keys(a):
            for other_sig, r in state.by_anchor_key.get(k, {}).items():
                if uf.find(node(r)) == uf.find(f"a:{a.mid}"):
                    continue
                if score_of(state.feats[r], a) is not None:
                    uf.join(node(r), f"a:{a.mid}")
        uf.find(f"a:{a.mid}")
        state.add(a)
        for k in found_keys(a):
            if state.by_found_key[k]["*"].get(sig) == a.mid:
                index_found(new_index[k], sig, a.mid, a, state.feats)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in list(uf.parent):
        groups[uf.find(x)].append(x)
    for root, parts in groups.items():
        # root is the smallest part: an old root (its smallest anchor) or a new anchor
        mids = set()
        for p in parts:
            if p in state.members:
                mids |= state.members.pop(p)
                removed.add(p)
            else:
                mids.add(p[2:])
        for mid in mids:
            state.root[mid] = root
        state.members[root] = mids
        removed.discard(root)
        changed.add(root)
    # 2. loose mentions: new ones look at every anchor they can see; stored ones only at new
    # anchor signatures
    moved_from: set[str] = set()

    def attach(mid: str, choice: tuple[int, str, str]) -> None:
        old = state.root.get(mid)
        target = state.root[choice[2]]
        state.best[mid] = choice
        if old == target:
            return
        if old is not None:
            state.members[old].discard(mid)
            moved_from.add(old)
        state.root[mid] = target
        state.members[target].add(mid)
        changed.add(target)

    stored_seen: dict[str, set[str]] = defaultdict(set)  # stored loose mid -> found keys to check
    for k in new_index:
        for mid in state.by_lookup_key.get(k, ()):
            stored_seen[mid].add(k)
    # the best choice among some anchors depends on the loose mention's signature only: it
    # is found once per signature (and set of keys), then weighed against each one's own
    best_new: dict[tuple, tuple[int, str, str] | None] = {}
    for mid in sorted(stored_seen):
        f = state.feats[mid]
        keys = tuple(sorted(stored_seen[mid]))
        memo = (signature(f), keys, state.best.get(mid))
        if memo not in best_new:
            best_new[memo] = best_anchor(new_index, new_cache, f, keys, score_mid, floor=state.best.get(mid))
        found = best_new[memo]
        choice = state.best.get(mid)
        if found is not None and _better(found[0], found[1], choice):
            choice = found
        if choice is not None and choice != state.best.get(mid):
            attach(mid, choice)
    unattached_new = []
    best_loose: dict[str, tuple[int, str, str] | None] = {}  # signature -> its best anchor
    for f in loose:
        state.add(f)
        sig_f = signature(f)
        if sig_f not in best_loose:
            best_loose[sig_f] = best_anchor(state.by_found_key, state.sorted_cache, f, lookup_keys(f), score_mid)
        choice = best_loose[sig_f]
        if choice is not None:
            attach(f.mid, choice)
        else:
            unattached_new.append(f.mid)
    # 3. groups of loose mentions without an anchor: recompute those that lost a member or
    # that a new unattached mention can join
    affected = {r for r in moved_from if r.startswith("l:")}
    for mid in unattached_new:
        for k in equal_keys(state.feats[mid]):
            for other in state.by_equal_key.get(k, ()):
                r = state.root.get(other)
                if r is not None and r.startswith("l:"):
                    affected.add(r)
    pool = set(unattached_new)
    for r in affected:
        pool |= state.members.pop(r, set())
        removed.add(r)
    pool = sorted(pool)
    if pool:
        luf = _Union()
        seen: dict[str, dict[str, str]] = defaultdict(dict)  # equal key -> signature -> mid
        for mid in pool:
            f = state.feats[mid]
            sig = signature(f)
            luf.find(mid)
            for k in equal_keys(f):
                for other_sig, m in seen[k].items():
                    if luf.find(m) != luf.find(mid) and score_of(state.feats[m], f) is not None:
                        luf.join(m, mid)
                seen[k].setdefault(sig, mid)
        lgroups: dict[str, set[str]] = defaultdict(set)
        for mid in pool:
            lgroups[luf.find(mid)].add(mid)
        for first, mids in lgroups.items():
            root = f"l:{first}"
            for mid in mids:
                state.root[mid] = root
            state.members[root] = mids
            removed.discard(root)
            changed.add(root)
    for r in moved_from:
        if r in state.members and r not in removed:
            if state.members[r]:
                changed.add(r)
            else:
                del state.members[r]
                removed.add(r)
    return removed, changed


# ---- merged events from the state ------------------------------------------------------------

def event_id(root: str) -> str:
    """A merged event's id: stable for its set of mentions' smallest anchor (or mention)."""
    return "M" + hashlib.blake2b(root.encode(), digest_size=6).hexdigest()


def record(root: str, feats: Sequence[MentionFeatures]) -> MergedEvent:
    """The MergedEvent of one event's mentions."""
    items = sorted(feats, key=lambda f: (f.days, f.article_id, f.event_n))
    first = items[0]
    goldsteins = [f.goldstein for f in items if f.goldstein is not None]
    places = [f.place for f in items if f.place is not None]
    place = next((p for p in places if p[2] != "country"), None) or (places[0] if places else None)
    countries = sorted({c for f in items for c in f.countries})
    mentions = [Mention(
        article_id=f.article_id, event_index=f.event_n, sentence=Span(*f.sentence),
        trigger=Span(*f.trigger), date=f.value, modality=f.modality,
        dated_by_article=f.dated_by_article, outlet=f.outlet,
    ) for f in sorted(items, key=lambda f: (f.article_id, f.event_n))]
    return MergedEvent(
        id=event_id(root), type=first.type, cameo=first.cameo, quad=first.quad,
        goldstein=round(sum(goldsteins) / len(goldsteins), 2) if goldsteins else None,
        date=_date_value(items),
        actors=sorted({a for f in items for a in f.actors}),
        recipients=sorted({a for f in items for a in f.recipients}),
        countries=countries,
        place=place[4] if place else None, place_country=place[3] if place else None,
        modalities=sorted({f.modality for f in items}),
        mentions=mentions,
    )


def _date_value(items: Sequence[MentionFeatures]) -> str | None:
    """The event's date: the intersection of its mentions' ranges; only document-dated
    mentions: the latest article day, not a slack window."""
    own = [f for f in items if not f.document_dated]
    if not own:
        return max((f.value for f in items if f.value), default=None)
    rng = None
    for f in items:
        if f.lo is None and f.month is None:
            continue
        r = _range(f)
        rng = r if rng is None else (intersect(rng, r) or rng)
    return to_value(rng) if rng is not None else None


def events_of(state: LinkState, roots: Iterable[str] | None = None) -> list[MergedEvent]:
    roots = state.members.keys() if roots is None else roots
    out = [record(r, [state.feats[m] for m in state.members[r]]) for r in roots if state.members.get(r)]
    out.sort(key=lambda m: (sort_key(m.date), m.type, m.id))
    return out


def merge_events(analyses: Iterable[Analysis], *, include_undated: bool = False,
                 batch: int = 2000) -> list[MergedEvent]:
    """Merge event mentions across (and within) articles into MergedEvents.

    ``analyses`` may be any iterable (a generator reading a file): only the mentions'
    features are kept, in batches of ``batch`` articles. Mentions without a usable date or
    without any actor country can't be matched safely; they are left out, unless
    ``include_undated`` is set, in which case each becomes its own single-mention MergedEvent.
    """
    state = LinkState()
    loose_out: list[MergedEvent] = []
    pending: list[MentionFeatures] = []
    count = 0
    for analysis in analyses:
        count += 1
        for n, event in enumerate(analysis.events):
            f = mention_features(analysis, n, event)
            if f is not None:
                pending.append(f)
            elif include_undated:
                loose_out.append(_undated_record(analysis, n, event))
        if count % batch == 0:
            link_batch(state, pending)
            pending = []
    link_batch(state, pending)
    merged = events_of(state) + loose_out
    merged.sort(key=lambda m: (sort_key(m.date), m.type, m.id))
    return merged


def _undated_record(analysis: Analysis, n: int, event: Event) -> MergedEvent:
    value = event_date(analysis, event)
    f = MentionFeatures(
        article_id=analysis.id, event_n=n, type=event.type,
        countries=sorted(event_countries(analysis, event)), lo=None, hi=None, value=value,
        document_dated=event.date_source == "document", negated=event.modality == "negated",
        place=[event.place.geonameid, event.place.name.lower(), event.place.feature,
               event.place.country, event.place.name] if event.place else None,
        cameo=event.cameo, quad=event.quad, goldstein=event.goldstein,
        actors=[a.code for a in event.actors if a.code],
        recipients=[a.code for a in event.recipients if a.code], modality=event.modality,
        sentence=[event.sentence.start, event.sentence.end, event.sentence.text],
        trigger=[event.trigger.start, event.trigger.end, event.trigger.text],
        dated_by_article=event.date_source == "document" and date_usable(analysis),
        outlet=analysis.outlet)
    m = record(f"u:{analysis.id}:{n}", [f])
    m.date = value
    return m

def _names(event: Event) -> set[str]:
    """Canonical names of the event's coded actors (those with a country)."""
    return {x.name.lower() for x in event.actors + event.recipients
            if x.name and x.country and x.name != x.code}


def _stem(word: str) -> str:
    return word.lower()[:5]


