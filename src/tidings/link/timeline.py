"""Timelines and dyad series over merged events.

``timeline`` filters merged events by actor, counterpart and story and orders them by date:
partial dates sort by their first day, and a narrower value before a wider one that starts
the same day (``2018`` < ``2018-06`` < ``2018-06-12`` < ``2018-06-13``); year-less values and
undated events come last. An actor matches by code prefix (``USA`` matches ``USAGOV``) or
country.

``series`` counts a pair's events per period (day, week, month, quarter, year) by QuadClass
(1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict) and
averages their Goldstein scores: the cooperation-conflict curve of a dyad. Events dated less
precisely than the period are not placed in any period and are counted under ``unplaced``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..errors import ConfigError
from .dates import parse_value, sort_key
from .merge import MergedEvent
from .stories import Story

FREQS = ("day", "week", "month", "quarter", "year")


def _matches(codes: Iterable[str], countries: Iterable[str], who: str) -> bool:
    who = who.upper()
    return any(c.upper().startswith(who) for c in codes) or who in {c.upper() for c in countries}


def involves(event: MergedEvent, actor: str, role: str = "any") -> bool:
    """The event has ``actor`` as source (role "source"), recipient ("target") or either ("any")."""
    if role == "source":
        return _matches(event.actors, [], actor) or (not event.actors and not event.recipients
                                                    and _matches([], event.countries, actor))
    if role == "target":
        return _matches(event.recipients, [], actor)
    return _matches(event.actors + event.recipients, event.countries, actor)


def timeline(merged_events: Sequence[MergedEvent], actor: str | None = None, other: str | None = None,
             story: Story | Iterable[str] | None = None) -> list[MergedEvent]:
    """The merged events involving ``actor`` (and ``other``), within ``story``, in date order."""
    articles: set[str] | None = None
    if isinstance(story, Story):
        articles = set(story.articles)
    elif story is not None:
        articles = set(story)
    out = []
    for event in merged_events:
        if actor and not involves(event, actor):
            continue
        if other and not involves(event, other):
            continue
        if articles is not None and not articles & set(event.articles):
            continue
        out.append(event)
    return sorted(out, key=lambda e: (sort_key(e.date), e.type, e.id))


def period(value: str | None, freq: str) -> str | None:
    """The period label of a date value at ``freq``, or None when the value is less precise."""
    rng = parse_value(value)
    if rng is None or rng.yearless:
        return None
    assert rng.lo and rng.hi
    lo, hi = rng.lo, rng.hi
    if freq == "day":
        return lo.isoformat() if lo == hi else None
    if freq == "week":
        a, b = lo.isocalendar(), hi.isocalendar()
        return f"{a[0]}-W{a[1]:02d}" if a[:2] == b[:2] else None
    if freq == "month":
        return lo.isoformat()[:7] if (lo.year, lo.month) == (hi.year, hi.month) else None
    if freq == "quarter":
        q = (lo.month - 1) // 3
        return f"{lo.year}-Q{q + 1}" if lo.year == hi.year and q == (hi.month - 1) // 3 else None
    return str(lo.year) if lo.year == hi.year else None


def series(merged_events: Sequence[MergedEvent], a: str, b: str, freq: str = "month",
           directed: bool = False) -> list[dict]:
    """Per-period counts by QuadClass and mean Goldstein for events between ``a`` and ``b``.

    Undirected (default): events involving both. Directed: ``a`` is a source and ``b`` a
    recipient. Returns ``[{"period", "events", "quad1".."quad4", "goldstein"}, ...]`` in period
    order, plus a final ``{"period": "unplaced", ...}`` row when some events can't be placed.
    """
    if freq not in FREQS:
        raise ConfigError(f"unknown frequency {freq!r}: use one of {', '.join(FREQS)}")
    rows: dict[str, dict] = defaultdict(lambda: {"events": 0, "quad1": 0, "quad2": 0, "quad3": 0,
                                                 "quad4": 0, "_g": []})
    for event in merged_events:
        if directed:
            if not (involves(event, a, "source") and involves(event, b, "target")):
                continue
        elif not (involves(event, a) and involves(event, b)):
            continue
        label = period(event.date, freq) or "unplaced"
        row = rows[label]
        row["events"] += 1
        if event.quad in (1, 2, 3, 4):
            row[f"quad{event.quad}"] += 1
        if event.goldstein is not None:
            row["_g"].append(event.goldstein)
    out = []
    for label in sorted(rows, key=lambda p: (p == "unplaced", p)):
        row = rows[label]
        g = row.pop("_g")
        out.append({"period": label, **row, "goldstein": round(sum(g) / len(g), 2) if g else None})
    return out
