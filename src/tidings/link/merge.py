"""One event reported by several articles becomes one MergedEvent listing its mentions.

Two event mentions are merged when they have the same PLOVER type, their actor countries
overlap (sources and recipients together; when an event has no coded actor, the countries of
the actors named in its sentence stand in), their dates can denote the same day
(``2018-06-12`` / ``2018-06`` / ``2018`` / ``XXXX-06-12``, see ``link.dates``), their places
agree or one is missing, and they agree on enough specifics (``support`` >= ``MIN_SUPPORT``:
the same stated day, the same named place, a shared actor name or code, the same trigger
stem). Negated mentions merge only with negated ones; planned, reported and asserted
mentions of one event merge.

Blocking keeps it near-linear: mentions are bucketed by (type, country) and, inside a bucket,
swept in date order so only mentions whose date ranges overlap are compared. Clustering is
greedy and centroid-like: mentions are taken most specific date first, and each joins the
best cluster it is compatible with as a whole (its narrowed date, all its places), so a
year-only mention cannot chain two different days together.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Analysis, Event, Record, Span
from .dates import DateRange, compatible, date_usable, event_date, intersect, parse_value, to_value

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


@dataclass
class _Item:
    article: Analysis
    index: int
    event: Event
    date: str | None
    rng: DateRange | None
    countries: frozenset[str]
    negated: bool
    specificity: int
    names: frozenset[str] = frozenset()  # canonical names of coded actors
    codes: frozenset[str] = frozenset()  # full codes with a sector
    stem: str = ""
    document_dated: bool = False


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


def _items(analyses: Sequence[Analysis]) -> list[_Item]:
    items = []
    for analysis in analyses:
        for index, event in enumerate(analysis.events):
            value = event_date(analysis, event)
            rng = _mention_range(analysis, event, value)
            items.append(_Item(
                article=analysis, index=index, event=event, date=value, rng=rng,
                countries=event_countries(analysis, event),
                negated=event.modality == "negated",
                specificity=rng.days if rng is not None else 10**6,
                names=frozenset(_names(event)),
                codes=frozenset(x.code for x in event.actors + event.recipients
                                if x.code and len(x.code) > 3 and x.code[:3] != "---"),
                stem=_stem(event.trigger.text),
                document_dated=event.date_source == "document",
            ))
    return items


def _place_ok(cluster_places: list, place) -> bool:
    if place is None:
        return True
    for other in cluster_places:
        if _same_place(other, place):
            continue
        return False
    return True


def _same_place(a, b) -> bool:
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.name.lower() == b.name.lower():
        return True
    # a country and a place inside it
    if a.feature == "country" and a.country and a.country == b.country:
        return True
    return b.feature == "country" and b.country is not None and b.country == a.country


@dataclass
class _Cluster:
    items: list[_Item] = field(default_factory=list)
    rng: DateRange | None = None
    countries: set[str] = field(default_factory=set)
    places: list = field(default_factory=list)
    distinct: dict = field(default_factory=dict)  # one member per support-relevant signature


def _fits(cluster: _Cluster, item: _Item) -> bool:
    """The hard constraints (support is checked separately)."""
    if cluster.items[0].negated != item.negated:
        return False
    if not compatible(cluster.rng, item.rng):
        return False
    if not cluster.countries & item.countries:
        return False
    return _place_ok(cluster.places, item.event.place)


# Sharing a type, a country and a compatible date is not enough in a corpus where most
# events involve the same country (US politics): a merge also needs MIN_SUPPORT points of
# specific agreement with some mention already in the cluster, one more when either mention
# is dated only by its article's date (that says "within the week before", not which day).
MIN_SUPPORT = 3
MAX_SUPPORT = 7  # 2 date + 2 place + 2 actors + 1 trigger


def support(a: _Item, b: _Item) -> int:
    """Points of specific agreement between two compatible mentions.

    date: the same day stated by both texts 2, a month or a year-less day 1, a date that is only
    the article's date (or a year) 0; place: the same named place 2, the same country-level
    place 1; actors: a shared actor name 2, a shared full code with a sector (USAGOV) 1;
    trigger: the same word stem 1. When both mentions name coded actors and share none, they
    are different events (a large negative score).
    """
    points = 0
    if not a.document_dated and not b.document_dated and a.rng and b.rng:
        if a.rng.days == 1 and b.rng.days == 1 and a.rng == b.rng:
            points += 2
        elif max(a.rng.days, b.rng.days) <= 31 or (a.rng.yearless and a.rng.day) or (b.rng.yearless and b.rng.day):
            points += 1
    pa, pb = a.event.place, b.event.place
    if pa is not None and pb is not None and _same_place(pa, pb):
        points += 1 if "country" in (pa.feature, pb.feature) and pa.name.lower() != pb.name.lower() \
            or pa.feature == pb.feature == "country" else 2
    if a.names and b.names and not a.names & b.names:
        return -100  # both name their (coded) actors, and no one is in both: different events
    if a.names & b.names:
        points += 2
    elif a.codes & b.codes:
        points += 1
    if a.stem == b.stem:
        points += 1
    return points


def _names(event: Event) -> set[str]:
    """Canonical names of the event's coded actors (those with a country)."""
    return {x.name.lower() for x in event.actors + event.recipients
            if x.name and x.country and x.name != x.code}


def _stem(word: str) -> str:
    return word.lower()[:5]


def _support(cluster: _Cluster, item: _Item) -> int:
    """Best support against a member, minus 1 when either is only document-dated."""
    best = -100
    for member in cluster.distinct.values():
        best = max(best, support(member, item) - (member.document_dated or item.document_dated))
        if best >= MAX_SUPPORT:
            break
    return best


def _signature(item: _Item) -> tuple:
    e = item.event
    place = (e.place.geonameid, e.place.name.lower(), e.place.feature, e.place.country) if e.place else None
    return (item.rng, item.document_dated, place, item.names, item.codes, item.stem)


def merge_events(analyses: Sequence[Analysis], *, include_undated: bool = False) -> list[MergedEvent]:
    """Merge event mentions across (and within) articles into MergedEvents.

    Mentions without a usable date or without any actor country can't be matched safely; they
    are left out, unless ``include_undated`` is set, in which case each becomes its own
    single-mention MergedEvent.
    """
    items = _items(analyses)
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    loose: list[_Item] = []
    for n, item in enumerate(items):
        if item.rng is None or not item.countries:
            loose.append(item)
            continue
        for country in item.countries:
            blocks[(item.event.type, country)].append(n)
    # candidate neighbours: same block and overlapping date ranges (sweep in date order)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for members in blocks.values():
        _sweep(items, members, neighbours)
    clusters: list[_Cluster] = []
    cluster_of: dict[int, int] = {}
    order = sorted(neighbours.keys() | {n for ms in blocks.values() for n in ms},
                   key=lambda n: (items[n].specificity, items[n].article.id, items[n].index))
    for n in order:
        item = items[n]
        candidates = {cluster_of[m] for m in neighbours[n] if m in cluster_of}
        best, best_score = None, None
        for c in candidates:
            cluster = clusters[c]
            if not _fits(cluster, item):
                continue
            points = _support(cluster, item)
            if points < MIN_SUPPORT:
                continue
            score = (points, len(cluster.countries & item.countries), -(cluster.rng.days if cluster.rng else 10**6))
            if best_score is None or score > best_score:
                best, best_score = c, score
        if best is None:
            clusters.append(_Cluster())
            best = len(clusters) - 1
        _add(clusters[best], item)
        cluster_of[n] = best
    merged = [_record(c) for c in clusters]
    if include_undated:
        for item in loose:
            cluster = _Cluster()
            _add(cluster, item)
            merged.append(_record(cluster))
    merged.sort(key=lambda m: (_first_day(m.date), m.type, m.id))
    for k, m in enumerate(merged):
        m.id = f"M{k + 1:05d}"
    return merged


def _first_day(value: str | None):
    from .dates import sort_key
    return sort_key(value)


def _sweep(items: list[_Item], members: list[int], neighbours: dict[int, set[int]]) -> None:
    """Link members of one block whose date ranges may overlap (year-less values: same month)."""
    dated = [n for n in members if not items[n].rng.yearless]
    yearless = [n for n in members if items[n].rng.yearless]
    dated.sort(key=lambda n: items[n].rng.lo)
    active: list[int] = []
    for n in dated:
        lo = items[n].rng.lo
        active = [m for m in active if items[m].rng.hi >= lo]
        for m in active:
            neighbours[n].add(m)
            neighbours[m].add(n)
        active.append(n)
    for n in yearless:
        for m in members:
            if m != n and compatible(items[n].rng, items[m].rng):
                neighbours[n].add(m)
                neighbours[m].add(n)


def _add(cluster: _Cluster, item: _Item) -> None:
    cluster.items.append(item)
    cluster.distinct.setdefault(_signature(item), item)
    cluster.rng = item.rng if cluster.rng is None or item.rng is None else intersect(cluster.rng, item.rng)
    cluster.countries |= item.countries
    if item.event.place is not None:
        cluster.places.append(item.event.place)


def _record(cluster: _Cluster) -> MergedEvent:
    first = cluster.items[0].event
    events = [i.event for i in cluster.items]
    goldsteins = [e.goldstein for e in events if e.goldstein is not None]
    place = next((p for p in cluster.places if p.feature != "country"), None) or \
        (cluster.places[0] if cluster.places else None)
    mentions = [Mention(
        article_id=i.article.id, event_index=i.index, sentence=i.event.sentence,
        trigger=i.event.trigger, date=i.date, modality=i.event.modality,
        dated_by_article=i.event.date_source == "document" and date_usable(i.article),
        outlet=i.article.outlet,
    ) for i in sorted(cluster.items, key=lambda i: (i.article.id, i.index))]
    return MergedEvent(
        id="",
        type=first.type,
        cameo=first.cameo,
        quad=first.quad,
        goldstein=round(sum(goldsteins) / len(goldsteins), 2) if goldsteins else None,
        date=_date_value(cluster),
        actors=sorted({a.code for e in events for a in e.actors if a.code}),
        recipients=sorted({a.code for e in events for a in e.recipients if a.code}),
        countries=sorted(cluster.countries),
        place=place.name if place else None,
        place_country=place.country if place else None,
        modalities=sorted({e.modality for e in events}),
        mentions=mentions,
    )


def _date_value(cluster: _Cluster) -> str | None:
    """The cluster's date: its narrowed range, but a document-dated range only as wide as it is."""
    rng = cluster.rng
    if rng is None:
        return None
    own = [i for i in cluster.items if i.event.date_source != "document"]
    if not own:  # only document-dated mentions: say the latest article day, not a slack window
        return max((i.date for i in cluster.items if i.date), default=None)
    return to_value(rng)
