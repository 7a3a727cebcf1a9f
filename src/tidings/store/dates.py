"""The calendar days a TIMEX3 date value covers, for filtering events by date."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..errors import ConfigError

_SEASONS = {  # meteorological, northern hemisphere (month ranges)
    "SP": (3, 5),
    "SU": (6, 8),
    "FA": (9, 11),
    "AU": (9, 11),
    "WI": (12, 14),  # December to February of the next year
}
_QUARTERS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}
_HALVES = {"H1": (1, 6), "H2": (7, 12)}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-WE)?$")
_PART = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI|Q[1-4]|H[12])$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X?$")


def _month_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return dt.date(year, first, 1), dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])


def timex_range(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    """First and last day a TIMEX3 date value covers, or ``(None, None)``.

    ``2018-06-12`` -> that day; ``2017-06`` -> the month; ``2017-SU`` -> June to
    August; ``2017-W24`` -> the ISO week; ``2017`` -> the year; ``201`` / ``201X`` ->
    the decade. Durations, ``PRESENT_REF`` and values with unknown digits
    (``XXXX-07-04``) cover no fixed days.
    """
    if not value:
        return None, None
    value = value.strip()
    try:
        if m := _DAY.match(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _MONTH.match(value):
            month = int(m[2])
            return _month_span(int(m[1]), month, month)
        if m := _WEEK.match(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6)
        if m := _PART.match(value):
            part = m[2]
            first, last = _SEASONS.get(part) or _QUARTERS.get(part) or _HALVES[part]
            return _month_span(int(m[1]), first, last)
        if m := _YEAR.match(value):
            year = int(m[1])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if m := _DECADE.match(value):
            decade = int(m[1]) * 10
            return dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31)
    except ValueError:  # an impossible date such as 2018-02-30 or week 60
        return None, None
    return None, None


def parse_bound(value: str, *, upper: bool) -> dt.date:
    """A ``--since``/``--until`` value (YYYY, YYYY-MM or YYYY-MM-DD) as a day.

    ``--since 2018-06`` starts on 2018-06-01; ``--until 2018-06`` ends on 2018-06-30.
    """
    start, end = timex_range(value) if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value.strip()) else (None, None)
    if start is None:
        raise ConfigError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return end if upper else start
