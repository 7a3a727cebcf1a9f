"""TIMEX3 values as date ranges: which values can denote the same day, and how to sort them.

``2018-06-12``, ``2018-06``, ``2018-W24``, ``2018-Q2``, ``2018-SU`` and ``2018`` all become an
inclusive ``[lo, hi]`` range of days; two values are *compatible* when their ranges overlap
(``2018-06-12`` fits ``2018-06`` and ``2018``, not ``2018-07``). A value with an unknown year
(``XXXX-06-12``, what an untrusted document date leaves of "June 12") keeps only its month and
day and fits any range that contains that month-day. Reference values (``PRESENT_REF``) and
durations have no range.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model import Analysis, Event

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}
_QUARTERS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12)}


@dataclass(frozen=True)
class DateRange:
    """An inclusive range of days, or (``lo is None``) a month[-day] with an unknown year."""

    lo: dt.date | None
    hi: dt.date | None
    month: int | None = None  # set only for year-less values
    day: int | None = None

    @property
    def yearless(self) -> bool:
        return self.lo is None and self.month is not None

    @property
    def days(self) -> int:
        """Width in days (1 for a day); a year-less value counts as wide as a year."""
        if self.lo is None or self.hi is None:
            return 366
        return (self.hi - self.lo).days + 1


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _valid_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_value(value: str | None) -> DateRange | None:
    """The day range a TIMEX3 DATE value denotes, or None (durations, references, garbage)."""
    if not value:
        return None
    value = value.strip().split("T")[0]
    m = re.fullmatch(r"XXXX-(\d\d)(?:-(\d\d))?", value)
    if m:
        month = int(m.group(1))
        if not 1 <= month <= 12:
            return None
        return DateRange(None, None, month, int(m.group(2)) if m.group(2) else None)
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value)
    if m:
        day = _valid_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return DateRange(day, day) if day else None
    m = re.fullmatch(r"(\d{4})-(\d\d)", value)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            return None
        return DateRange(dt.date(year, month, 1), _month_end(year, month))
    m = re.fullmatch(r"(\d{4})-W(\d\d)(?:-WE)?", value)
    if m:
        try:
            monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            return None
        return DateRange(monday, monday + dt.timedelta(days=6))
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI|Q[1-4]|H[12])", value)
    if m:
        year = int(m.group(1))
        first, last = (_SEASONS | _QUARTERS)[m.group(2)]
        hi = _month_end(year + (last - 1) // 12, (last - 1) % 12 + 1)
        return DateRange(dt.date(year, first, 1), hi)
    m = re.fullmatch(r"(\d{4})", value)
    if m:
        year = int(m.group(1))
        return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31))
    m = re.fullmatch(r"(\d{3})X", value)  # a decade, 201X
    if m:
        start = int(m.group(1)) * 10
        return DateRange(dt.date(start, 1, 1), dt.date(start + 9, 12, 31))
    return None


def compatible(a: DateRange | None, b: DateRange | None) -> bool:
    """True when the two values can denote the same day (None is compatible with nothing)."""
    if a is None or b is None:
        return False
    if a.yearless and b.yearless:
        return a.month == b.month and (a.day is None or b.day is None or a.day == b.day)
    if a.yearless or b.yearless:
        partial, full = (a, b) if a.yearless else (b, a)
        assert full.lo is not None and full.hi is not None
        for year in range(full.lo.year, min(full.hi.year, full.lo.year + 20) + 1):
            lo = dt.date(year, partial.month, 1)
            hi = _month_end(year, partial.month)
            if partial.day is not None:
                day = _valid_day(year, partial.month, partial.day)
                if day is None:
                    continue
                lo = hi = day
            if lo <= full.hi and full.lo <= hi:
                return True
        return False
    assert a.lo and a.hi and b.lo and b.hi
    return a.lo <= b.hi and b.lo <= a.hi


def intersect(a: DateRange, b: DateRange) -> DateRange:
    """The narrower of two compatible values (a year-less one is refined by a full range)."""
    if a.yearless and b.yearless:
        return a if a.day is not None else b
    if a.yearless:
        return _fill_year(a, b)
    if b.yearless:
        return _fill_year(b, a)
    assert a.lo and a.hi and b.lo and b.hi
    return DateRange(max(a.lo, b.lo), min(a.hi, b.hi))


def _fill_year(partial: DateRange, full: DateRange) -> DateRange:
    assert full.lo and full.hi and partial.month
    for year in range(full.lo.year, full.hi.year + 1):
        if partial.day is not None:
            day = _valid_day(year, partial.month, partial.day)
            if day and full.lo <= day <= full.hi:
                return DateRange(day, day)
        else:
            lo, hi = max(full.lo, dt.date(year, partial.month, 1)), min(full.hi, _month_end(year, partial.month))
            if lo <= hi:
                return DateRange(lo, hi)
    return full


def to_value(rng: DateRange | None) -> str | None:
    """The most specific TIMEX3 value covering the range (day, month, year or XXXX-MM-DD)."""
    if rng is None:
        return None
    if rng.yearless:
        return f"XXXX-{rng.month:02d}" + (f"-{rng.day:02d}" if rng.day else "")
    assert rng.lo and rng.hi
    if rng.lo == rng.hi:
        return rng.lo.isoformat()
    if rng.lo.year == rng.hi.year and rng.lo.month == rng.hi.month:
        return rng.lo.isoformat()[:7]
    if rng.lo.year == rng.hi.year:
        return str(rng.lo.year)
    return f"{rng.lo.isoformat()}/{rng.hi.isoformat()}"


def sort_key(value: str | None) -> tuple:
    """Sort partial dates: by first day, then narrower first; year-less and undated last."""
    rng = parse_value(value)
    if rng is None:
        return (2, dt.date.max, 0, value or "")
    if rng.yearless:
        return (1, dt.date(4, rng.month or 1, rng.day or 1), 366, value or "")
    assert rng.lo
    return (0, rng.lo, rng.days, value or "")


# ---- how far an article's dates can be trusted ------------------------------------------------

def date_usable(analysis: Analysis) -> bool:
    """The article's date may anchor other articles: any used date the text doesn't contradict."""
    dct = analysis.dct
    return bool(dct.used) and not dct.contradicted and dct.source != "none"


def event_date(analysis: Analysis, event: Event) -> str | None:
    """The event's date as far as it doesn't depend on an untrustworthy document date.

    With a usable document date the event's own value is kept. Otherwise a date computed from
    the document date ("June 12" -> 2024-06-12 under a wrong 2023 date) keeps only what the
    words say (``XXXX-06-12``), and a date that is the document date itself, or an offset from
    it ("five months ago"), is dropped.
    """
    if not event.date:
        return None
    if date_usable(analysis):
        return event.date
    if event.date_source in ("document", "none"):
        return None
    if event.date.startswith("XXXX"):
        return event.date  # the words alone: no year was taken from the document date
    for timex in analysis.timexes:
        if timex.value != event.date or timex.type != "DATE":
            continue
        if not (event.sentence.start <= timex.start < event.sentence.end) and event.date_source == "clause":
            continue
        if timex.anchor is None:
            return event.date  # an absolute expression: "in 2000", "June 12, 2018"
        if timex.anchor == "dct" and not (timex.anchor_value or "").startswith(("+", "-")):
            m = re.fullmatch(r"\d{4}(-\d\d(?:-\d\d)?)", event.date)
            if m and not re.search(r"\b\d{4}\b", timex.text):
                return "XXXX" + m.group(1)
        return None
    return None
