"""Calendar arithmetic for TIMEX3 values: points at a granularity, shifting, nearest weekday/month.

A ``Point`` is a calendar position at one granularity (year, half, quarter,
season, month, week, day): ``Point(2018, month=6).value == "2018-06"``. The
grammar turns words into Points relative to an anchor (the document date or
the previous time in the text) and reads back their TIMEX3 ``value``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_dct(dct: str | None) -> dt.date | None:
    """The document date as a ``date`` (ISO ``YYYY-MM-DD``, a time part is ignored), or None."""
    if not dct:
        return None
    m = ISO_DATE.match(dct)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@dataclass(frozen=True)
class Point:
    """A calendar position; the finest field set decides the granularity."""

    year: int
    month: int | None = None
    day: int | None = None
    week: int | None = None  # ISO week number (year is then the ISO year)
    quarter: int | None = None
    half: int | None = None
    season: str | None = None

    @property
    def granularity(self) -> str:
        if self.day is not None:
            return "day"
        if self.week is not None:
            return "week"
        if self.month is not None:
            return "month"
        if self.season is not None:
            return "season"
        if self.quarter is not None:
            return "quarter"
        if self.half is not None:
            return "half"
        return "year"

    @property
    def value(self) -> str:
        g = self.granularity
        if g == "day":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if g == "week":
            return f"{self.year:04d}-W{self.week:02d}"
        if g == "month":
            return f"{self.year:04d}-{self.month:02d}"
        if g == "season":
            return f"{self.year:04d}-{self.season}"
        if g == "quarter":
            return f"{self.year:04d}-Q{self.quarter}"
        if g == "half":
            return f"{self.year:04d}-H{self.half}"
        return f"{self.year:04d}"

    def as_date(self) -> dt.date:
        """The first day the point covers (used to shift and compare)."""
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)
        if self.week is not None:
            return dt.date.fromisocalendar(self.year, self.week, 1)
        if self.month is not None:
            return dt.date(self.year, self.month, 1)
        if self.quarter is not None:
            return dt.date(self.year, 3 * self.quarter - 2, 1)
        if self.half is not None:
            return dt.date(self.year, 6 * self.half - 5, 1)
        if self.season is not None:
            return dt.date(self.year, {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[self.season], 1)
        return dt.date(self.year, 1, 1)


def day_point(d: dt.date) -> Point:
    return Point(d.year, d.month, d.day)


def week_point(d: dt.date) -> Point:
    iso = d.isocalendar()
    return Point(iso[0], week=iso[1])


def at_granularity(d: dt.date, granularity: str) -> Point:
    """The point of ``granularity`` that contains the day ``d``."""
    if granularity == "day":
        return day_point(d)
    if granularity == "week":
        return week_point(d)
    if granularity == "month":
        return Point(d.year, d.month)
    if granularity == "quarter":
        return Point(d.year, quarter=(d.month - 1) // 3 + 1)
    if granularity == "half":
        return Point(d.year, half=1 if d.month <= 6 else 2)
    if granularity == "season":
        season, year = season_of(d)
        return Point(year, season=season)
    return Point(d.year)


def season_of(d: dt.date) -> tuple[str, int]:
    """Meteorological season of a day (December counts to the next year's winter? no: same year)."""
    m = d.month
    if m in (3, 4, 5):
        return "SP", d.year
    if m in (6, 7, 8):
        return "SU", d.year
    if m in (9, 10, 11):
        return "FA", d.year
    return "WI", d.year if m == 12 else d.year - 1


def add_months(d: dt.date, n: int) -> dt.date:
    total = d.year * 12 + (d.month - 1) + n
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, 1)


UNIT_GRANULARITY = {"Y": "year", "M": "month", "W": "week", "D": "day", "Q": "quarter",
                    "DE": "decade", "CE": "century", "WE": "week", "H": "hour"}


def shift(anchor: dt.date, n: int, unit: str) -> dt.date:
    """Move ``anchor`` by ``n`` units (Y, M, Q, W, D, DE, CE) and return the day reached."""
    if unit == "Y":
        return _safe_date(anchor.year + n, anchor.month, anchor.day)
    if unit == "DE":
        return _safe_date(anchor.year + 10 * n, anchor.month, anchor.day)
    if unit == "CE":
        return _safe_date(anchor.year + 100 * n, anchor.month, anchor.day)
    if unit == "M":
        first = add_months(anchor, n)
        return _safe_date(first.year, first.month, anchor.day)
    if unit == "Q":
        first = add_months(anchor, 3 * n)
        return _safe_date(first.year, first.month, anchor.day)
    if unit in ("W", "WE"):
        return anchor + dt.timedelta(weeks=n)
    return anchor + dt.timedelta(days=n)


def _safe_date(year: int, month: int, day: int) -> dt.date:
    while day > 28:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1
    return dt.date(year, month, day)


def shifted_point(anchor: Point, n: int, unit: str) -> Point:
    """``anchor`` moved by ``n`` units, at the granularity of the unit (or the anchor's,
    when the anchor is a quarter and the unit a year: "a year earlier" of 1989-Q3 is 1988-Q3)."""
    if unit == "Y" and anchor.granularity in ("quarter", "half", "season"):
        return replace(anchor, year=anchor.year + n)
    d = shift(anchor.as_date(), n, unit)
    if unit == "Q" and anchor.granularity != "quarter":
        return at_granularity(d, "quarter")
    granularity = UNIT_GRANULARITY.get(unit, "day")
    if granularity in ("decade", "century"):
        granularity = "year"
    return at_granularity(d, granularity)


def nearest_weekday(anchor: dt.date, weekday: int, direction: int) -> dt.date:
    """The day with ISO ``weekday`` (1 = Monday) nearest ``anchor``: direction -1 = on or before,
    +1 = on or after, 0 = the closest either way (ties go back)."""
    delta = weekday - anchor.isoweekday()
    if direction < 0:
        return anchor + dt.timedelta(days=delta if delta <= 0 else delta - 7)
    if direction > 0:
        return anchor + dt.timedelta(days=delta if delta >= 0 else delta + 7)
    if delta > 3:
        delta -= 7
    elif delta < -3:
        delta += 7
    return anchor + dt.timedelta(days=delta)


def nearest_month_year(anchor: dt.date, month: int, direction: int, day: int | None = None) -> int:
    """The year of the month (or month-day) nearest ``anchor``: -1 = on or before, +1 = on or
    after, 0 = within six months either way."""
    here = (anchor.month, anchor.day if day is not None else 0)
    there = (month, day or 0)
    if direction < 0:
        return anchor.year if there <= here else anchor.year - 1
    if direction > 0:
        return anchor.year if there >= here else anchor.year + 1
    diff = month - anchor.month
    if diff > 6:
        return anchor.year - 1
    if diff < -6:
        return anchor.year + 1
    return anchor.year


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The ``nth`` ``weekday`` of a month (nth = -1: the last one)."""
    if nth > 0:
        first = dt.date(year, month, 1)
        offset = (weekday - first.isoweekday()) % 7
        return first + dt.timedelta(days=offset + 7 * (nth - 1))
    last = add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


def easter(year: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


VALUE_PATTERN = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|W(?P<week>\d{2})|Q(?P<quarter>[1-4])"
    r"|H(?P<half>[12])|(?P<season>SP|SU|FA|WI)))?(?:T.*)?$"
)


def point_from_value(value: str) -> Point | None:
    """Read a TIMEX3 date value back into a Point (None for durations, refs, X values)."""
    m = VALUE_PATTERN.match(value or "")
    if not m:
        return None
    g = m.groupdict()
    try:
        point = Point(
            int(g["year"]),
            month=int(g["month"]) if g["month"] else None,
            day=int(g["day"]) if g["day"] else None,
            week=int(g["week"]) if g["week"] else None,
            quarter=int(g["quarter"]) if g["quarter"] else None,
            half=int(g["half"]) if g["half"] else None,
            season=g["season"],
        )
        point.as_date()
    except ValueError:
        return None
    return point
