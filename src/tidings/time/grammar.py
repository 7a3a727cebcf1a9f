"""The time-expression grammar: patterns that find time expressions and the rules that read them.

Each ``Rule`` pairs a pattern (a case-insensitive regular expression assembled
from the words in ``lexicon.py``, matched at word boundaries of the article
text) with a reader that turns the match into a ``Reading``: TIMEX3 type,
value, mod, and what a relative value is anchored to. Readers get a
``Context`` that knows the document date, the verb tense around the match
(from the spaCy parse) and the previous time in the discourse. ``timex.py``
runs the rules, keeps the longest non-overlapping matches and reads them in
text order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import lexicon as lx
from .resolve import (
    Point,
    at_granularity,
    day_point,
    easter,
    nearest_month_year,
    nearest_weekday,
    nth_weekday,
    shift,
    shifted_point,
    week_point,
)


@dataclass
class Reading:
    """What a matched expression means."""

    type: str
    value: str
    mod: str | None = None
    anchor: str | None = None  # "dct" | "discourse" | None
    anchor_value: str | None = None  # signed offset from the anchor ("-P1Y") or direction ("<=")
    point: Point | None = None  # the resolved calendar position (for later discourse anchoring)
    explicit: bool = False  # the expression states its own year


def _alt(words) -> str:
    """A regex alternation of words, longest first, with '.' and spaces made literal/flexible."""
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


# ---------------------------------------------------------------- building blocks
# words TimeML leaves outside the extent ("about five hours", "within a week", "just a decade ago")
EXTENT_EXCLUDED = {"about", "within", "over", "under"}
MONTH_ABBR = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
MONTH_NAMES = [m for m in lx.MONTHS if m not in MONTH_ABBR]
# abbreviations need their dot unless a number follows ("Oct. 5", "Oct 5", "Sept 2017", not "oct")
MONTH = rf"(?:{_alt(MONTH_NAMES)}|(?:{_alt(MONTH_ABBR)})(?:\.|(?=\s+\d)))(?![a-z])"
WEEKDAY_FULL = _alt([w for w in lx.WEEKDAYS if len(w) > 4])
WEEKDAY = rf"(?:{WEEKDAY_FULL}|(?:{_alt([w for w in lx.WEEKDAYS if len(w) <= 4])})\.)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
YEAR = r"(?:1[0-9]\d\d|20\d\d)(?![\d,.]\d)"
SEASON = _alt(lx.SEASONS)
PART = _alt(lx.PARTS_OF_DAY)
ONES = _alt(lx.SMALL_NUMBERS)
TENS = _alt(lx.TENS)
NUMWORD = rf"(?:(?:{TENS})(?:[- ](?:{ONES}))?|{ONES})(?:\s+hundred)?(?:\s+thousand)?"
QUANTITY = (
    rf"(?:\d+(?:[.,]\d+)?(?:\s+1/2)?|{NUMWORD}(?:\s+and\s+a\s+half)?|{_alt(lx.ARTICLE_NUMBERS)}"
    rf"|{_alt(lx.VAGUE_NUMBERS)})"
)
UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|weekends?|months?|quarters?|years?|decades?|centuries|century|millenni(?:um|a))"
MODIFIER = _alt([k for k in lx.MODIFIERS if k not in EXTENT_EXCLUDED]) + "|another|the\\s+last|the\\s+past|the\\s+next|the\\s+first|the\\s+previous|the\\s+following|the\\s+coming|the\\s+final|the\\s+remaining|the\\s+same|the\\s+entire|the\\s+whole|the\\s+full|the|past|last|next|first|previous|following|coming|final|remaining|recent"
POSITION = r"(?:the\s+)?(?:very\s+)?(?:beginning|start|middle|end|close|first\s+half|second\s+half|last\s+half|latter\s+part|early\s+part|turn)\s+of|early|earlier|mid-?|late|later"
RELATIVE = r"this|last|next|coming|past|previous|current|the\s+current|the\s+past|the\s+coming|the\s+previous|the\s+last|the\s+next|the\s+following|following|the\s+same|that|the"
ORDINAL = _alt(lx.ORDINALS) + r"|\d+(?:st|nd|rd|th)"


def number_value(text: str) -> float | None:
    """The number a quantity phrase stands for, or None when vague ("several")."""
    t = " ".join(text.lower().replace("-", " ").split())
    if t in lx.ARTICLE_NUMBERS:
        return lx.ARTICLE_NUMBERS[t]
    if t in lx.VAGUE_NUMBERS or t.replace(" ", "") in ("afew", "acoupleof"):
        return None
    half = 0.0
    for suffix in (" 1/2", " and a half"):
        if t.endswith(suffix):
            t, half = t[: -len(suffix)], 0.5
    t = t.replace(",", "")
    try:
        return float(t) + half
    except ValueError:
        pass
    total, current = 0, 0
    for word in t.split():
        if word in lx.SMALL_NUMBERS:
            current += lx.SMALL_NUMBERS[word]
        elif word in lx.TENS:
            current += lx.TENS[word]
        elif word == "hundred":
            current *= 100
        elif word == "thousand":
            total, current = (total + current) * 1000, 0
        elif word in ("and", "a"):
            continue
        else:
            return None
    return float(total + current + half)


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration: (2, 'week') -> P2W, (7, 'decade') -> P7DE, (None, 'year') -> PXY."""
    letter, is_time = lx.UNITS[unit]
    if unit == "weekend":
        letter = "WE"
    prefix = "PT" if is_time else "P"
    if n is None:
        return f"{prefix}X{letter}"
    if n != int(n) and n - int(n) == 0.5 and unit in HALF_UNITS:
        # 2 1/2 years -> P2Y6M, 5 1/2 hours -> PT5H30M, half a day -> PT12H
        whole = int(n)
        amount, sub_letter, sub_is_time = HALF_UNITS[unit]
        head = f"{prefix}{whole}{letter}" if whole else prefix
        t_part = "T" if sub_is_time and "T" not in head else ""
        return f"{head}{t_part}{amount}{sub_letter}"
    if n != int(n):  # ISO 8601 allows a decimal fraction in the last part: P1.5W
        return f"{prefix}{n:g}{letter}"
    return f"{prefix}{int(n)}{letter}"


# half of a unit, in the next smaller one: (amount, letter, is a time part)
HALF_UNITS = {"year": (6, "M", False), "month": (2, "W", False), "day": (12, "H", True),
              "hour": (30, "M", True), "minute": (30, "S", True), "decade": (5, "Y", False),
              "century": (50, "Y", False)}


def unit_of(word: str) -> str:
    """Normalise a unit word: 'Years' -> 'year', 'centuries' -> 'century'."""
    w = word.lower()
    if w in ("centuries",):
        return "century"
    if w.startswith("millenni"):
        return "millennium"
    return w[:-1] if w.endswith("s") and w[:-1] in lx.UNITS else w


SHIFT_UNIT = {"year": "Y", "month": "M", "week": "W", "day": "D", "quarter": "Q", "decade": "DE",
              "century": "CE", "weekend": "W", "hour": "H", "minute": "MIN", "second": "SEC"}


# ---------------------------------------------------------------- the context a reader sees
class Context:
    """What a reader may consult: the document date, tense, the discourse, the text."""

    def __init__(self, dct: dt.date | None, text: str, tense: Callable[[int, int], str | None]):
        self.dct = dct
        self.text = text
        self.tense = tense  # (start, end) -> "past" | "present" | "progressive" | "future" | None
        # (start, end) of a national day -> the alpha-3 code of the country that owns it, or None
        self.country_of_day: Callable[[int, int], str | None] = lambda start, end: None
        self.word_before_is_count: Callable[[int], bool] = lambda start: False
        self.verb_follows: Callable[[int], bool] = lambda end: False  # the next word is a verb
        self.previous: Reading | None = None  # the previous DATE/TIME reading with a point
        self.previous_explicit: Reading | None = None  # ... that stated its own year
        self.previous_explicit_start = -1
        self.quarter_focus: Point | None = None  # the quarter the text is reporting on
        self.last_quarter: Point | None = None  # the quarter mentioned last
        self.sentence_of: Callable[[int], tuple[int, int]] = lambda start: (0, len(text))
        self.start = 0
        self.end = 0
        self.paragraph_changed = False

    # -- anchors
    def dct_point(self) -> Point | None:
        return day_point(self.dct) if self.dct else None

    def discourse_point(self) -> Point | None:
        if self.previous is not None and self.previous.point is not None:
            return self.previous.point
        return None

    def reported_quarter(self) -> Point | None:
        """The quarter the text reports on, unless this sentence compares a longer period
        ("For the nine months, net fell ... a year earlier": then a year ago is the year)."""
        if self.quarter_focus is None or self.longer_period():
            return None
        return self.quarter_focus

    def longer_period(self) -> bool:
        """Does this sentence report on a period of several quarters ("the nine months")?"""
        lo, hi = self.sentence_of(self.start)
        return LONGER_PERIOD.search(self.text, lo, hi) is not None

    def direction(self, default: int | None = None) -> int | None:
        """-1 past, 0 present (simple or progressive), +1 future, ``default`` when unclear."""
        tense = self.tense(self.start, self.end)
        return default if tense is None else TENSE_DIRECTION[tense]


TENSE_DIRECTION = {"past": -1, "present": 0, "progressive": 0, "future": 1}
LONGER_PERIOD = re.compile(r"\b(?:nine|six|eight|ten|eleven|\d+)[\s-]+months?\b|\bfirst\s+half\b"
                           r"|\byear[\s-]+to[\s-]+date\b", re.IGNORECASE)


def _dir_symbol(direction: int | None) -> str:
    return {-2: "<", -1: "<=", 1: ">=", 2: ">", 0: "~"}.get(direction, "~")


def _signed(n: int, unit: str) -> str:
    sign = "-" if n < 0 else "+"
    return f"{sign}P{abs(n)}{unit}"


def relative_to_dct(ctx: Context, n: int, unit: str, granularity: str | None = None,
                    mod: str | None = None, type_: str = "DATE") -> Reading:
    """A date ``n`` units from the document date ("last year", "two days ago")."""
    offset = _signed(n, unit)
    if ctx.dct is None:
        return Reading(type_, X_VALUE.get(granularity or SHIFT_GRANULARITY.get(unit, "day"), "XXXX-XX-XX"),
                       mod, anchor="dct", anchor_value=offset)
    day = shift(ctx.dct, n, unit)
    point = at_granularity(day, granularity or SHIFT_GRANULARITY.get(unit, "day"))
    return Reading(type_, point.value, mod, anchor="dct", anchor_value=offset, point=point)


SHIFT_GRANULARITY = {"Y": "year", "M": "month", "W": "week", "D": "day", "Q": "quarter",
                     "DE": "year", "CE": "year"}
X_VALUE = {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX", "day": "XXXX-XX-XX",
           "quarter": "XXXX-QX", "season": "XXXX-XX", "half": "XXXX-HX"}


# ---------------------------------------------------------------- readers
def _mod_of(words: str | None) -> str | None:
    if not words:
        return None
    w = " ".join(words.lower().split())
    if w.startswith("mid"):
        return "MID"
    return lx.POSITIONS.get(w) or lx.MODIFIERS.get(w)


def _month_number(word: str) -> int:
    return lx.MONTHS[word.lower().rstrip(".")]


def _day_number(word: str) -> int:
    return int(re.match(r"\d+", word).group(0))


def read_iso_date(m: re.Match, ctx: Context) -> Reading | None:
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    try:
        point = day_point(dt.date(y, mo, d))
    except ValueError:
        return None
    if m["hh"]:
        return Reading("TIME", f"{point.value}T{m['hh']}:{m['mm']}", point=point, explicit=True)
    return Reading("DATE", point.value, point=point, explicit=True)


def read_slash_date(m: re.Match, ctx: Context) -> Reading | None:
    mo, d, y = int(m["mo"]), int(m["d"]), int(m["y"])
    if y < 100:
        y += 1900 if y > 30 else 2000
    try:
        point = day_point(dt.date(y, mo, d))
    except ValueError:
        return None
    return Reading("DATE", point.value, point=point, explicit=True)


# how far back (in characters) a stated date sets the year of a later yearless month: a narrative
# continues from the sentence before, not from a date mentioned paragraphs earlier
NARRATIVE_REACH = 300


def _year_for_month(ctx: Context, month: int, day: int | None) -> tuple[int | None, str, str | None]:
    """The year of a month (or month-day) written without one: from an explicit year earlier in
    the paragraph (narratives: "In June, 2017 ... July 4"), else the document date and tense."""
    anchor = ctx.previous_explicit
    if anchor is not None and anchor.point is not None and not ctx.paragraph_changed \
            and ctx.start - ctx.previous_explicit_start <= NARRATIVE_REACH \
            and anchor.point.granularity in ("month", "day") and ctx.direction() != 1:
        point = anchor.point
        year = point.year
        if point.month is not None and (month, day or 0) < (point.month, point.day or 0):
            year += 1
        if ctx.dct is None or year != ctx.dct.year:
            return year, "discourse", ">="
    direction = ctx.direction(default=-1 if day is not None else 0)
    if direction == -1 and ctx.dct is not None and day is not None:
        # a past-tense clause can still name a date just after the article's ("said ... on Jan. 14")
        ahead = (dt.date(ctx.dct.year, month, min(day, 28)) - ctx.dct).days
        if 0 < ahead <= 90:
            direction = 0
    elif direction == 1 and ctx.dct is not None and day is not None:
        # a deadline that has just passed keeps its year ("to repatriate the child by Jan. 14",
        # article of Jan. 15): a date a year ahead would carry its year
        behind = (ctx.dct - nearest_month_year_date(ctx.dct, month, day)).days
        if 0 < behind <= 30:
            direction = 0
    elif direction == -1 and ctx.dct is not None and day is None and (month - ctx.dct.month) % 12 == 1:
        direction = 0  # "told of a cutback in September" (article of August): most likely ahead
    if ctx.dct is None:
        return None, "dct", _dir_symbol(direction)
    return nearest_month_year(ctx.dct, month, direction, day), "dct", _dir_symbol(direction)


def nearest_month_year_date(dct: dt.date, month: int, day: int) -> dt.date:
    """The date ``month``/``day`` nearest to ``dct`` (Feb. 29 read as Feb. 28)."""
    year = nearest_month_year(dct, month, 0, day)
    return dt.date(year, month, min(day, 28) if month == 2 else day)


def read_month_day(m: re.Match, ctx: Context) -> Reading | None:
    month = _month_number(m["month"])
    day = _day_number(m["day"])
    if m["month"][0].islower() and m["month"].lower().rstrip(".") in lx.AMBIGUOUS_MONTHS:
        return None
    try:
        dt.date(2000, month, day)
    except ValueError:
        return None
    mod = _mod_of(m.groupdict().get("mod"))
    if m["year"]:
        point = Point(int(m["year"]), month, day)
        try:
            point.as_date()
        except ValueError:  # "Feb. 29, 2019"
            return None
        return Reading("DATE", point.value, mod, point=point, explicit=True)
    year, anchor, how = _year_for_month(ctx, month, day)
    if year is None:
        return Reading("DATE", f"XXXX-{month:02d}-{day:02d}", mod, anchor=anchor, anchor_value=how)
    try:
        point = Point(year, month, day)
        point.as_date()
    except ValueError:
        return None
    return Reading("DATE", point.value, mod, anchor=anchor, anchor_value=how, point=point)


def read_month(m: re.Match, ctx: Context) -> Reading | None:
    word = m["month"]
    key = word.lower().rstrip(".")
    if key in lx.AMBIGUOUS_MONTHS and (word[0].islower() or (len(word) <= 4 and not word.endswith(".")
                                                                 and key != "may")):
        return None
    month = lx.MONTHS[key]
    mod = _mod_of(m["pos"])
    rel = (m["rel"] or "").lower()
    year_words = m["year"] or m.groupdict().get("syear")
    if year_words:
        year = int(year_words) if year_words.isdigit() else spoken_year_value(year_words)
        if year is None:
            return None
        point = Point(year, month)
        return Reading("DATE", point.value, mod, point=point, explicit=True)
    if m["yrel"]:
        n = {"this": 0, "last": -1, "next": 1}[m["yrel"].lower()]
        if ctx.dct is None:
            return Reading("DATE", f"XXXX-{month:02d}", mod, anchor="dct", anchor_value=_signed(n, "Y"))
        point = Point(ctx.dct.year + n, month)
        return Reading("DATE", point.value, mod, anchor="dct", anchor_value=_signed(n, "Y"), point=point)
    if rel in ("last", "this", "next", "coming", "past"):
        direction = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(rel, 0)
        if ctx.dct is None:
            return Reading("DATE", f"XXXX-{month:02d}", mod, anchor="dct", anchor_value=_dir_symbol(direction))
        if direction < 0:
            year = ctx.dct.year if month < ctx.dct.month else ctx.dct.year - 1
        elif direction > 0:
            year = ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
        else:
            year = ctx.dct.year
        point = Point(year, month)
        return Reading("DATE", point.value, mod, anchor="dct", anchor_value=_dir_symbol(direction), point=point)
    year, anchor, how = _year_for_month(ctx, month, None)
    if year is None:
        return Reading("DATE", f"XXXX-{month:02d}", mod, anchor=anchor, anchor_value=how)
    point = Point(year, month)
    return Reading("DATE", point.value, mod, anchor=anchor, anchor_value=how, point=point)


def read_year(m: re.Match, ctx: Context) -> Reading | None:
    year = int(m["year"])
    pos = (m["pos"] or "").lower()
    mod = _mod_of(pos) if pos else None
    if pos.startswith("post"):
        mod = "AFTER"
    elif pos.startswith("pre"):
        mod = "BEFORE"
    half = re.match(r"(?:the\s+)?(first|second|last|latter)\s+half\s+of", pos)
    if half:  # "the first half of 2016" -> 2016-H1
        point = Point(year, half=1 if half.group(1) == "first" else 2)
        return Reading("DATE", point.value, point=point, explicit=True)
    tail = (m["tail"] or "").lower()
    if tail:
        mod = "ON_OR_AFTER" if ("beyond" in tail or "later" in tail or "after" in tail) else "ON_OR_BEFORE"
    point = Point(year)
    return Reading("DATE", point.value, mod, point=point, explicit=True)


DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}


def read_decade(m: re.Match, ctx: Context) -> Reading | None:
    digits = m["decade"]
    word = digits.lower().split()[-1].split("-")[-1]
    if word in DECADE_WORDS:  # "the nineties": only with "the" or "nineteen" (not "in his forties")
        if not (m.group(0).lower().startswith("the") or digits.lower().startswith("nineteen")):
            return None
        return Reading("DATE", f"19{DECADE_WORDS[word]}", _mod_of(m["pos"]))
    if len(digits) == 3 and not re.search(r"\bthe\s*$", ctx.text[max(0, m.start("decade") - 12):m.start("decade")], re.I) \
            and not m["pos"]:
        return None  # "in their 20s": an age
    mod = _mod_of(m["pos"])
    digits = digits.strip("'").rstrip("sS")
    if len(digits) == 2:
        d = int(digits)
        century = 19 if d >= 30 or ctx.dct is None or d * 1 > (ctx.dct.year % 100) else 20
        value = f"{century}{d // 10}"
    else:
        value = digits[:3]
    return Reading("DATE", value, mod)


def read_century(m: re.Match, ctx: Context) -> Reading | None:
    mod = _mod_of(m["pos"])
    word = m["nth"].lower()
    if word in ("this", "the current", "last", "next", "the last", "the next", "the past"):
        if word in ("the past", "the last", "the next"):
            return Reading("DURATION", "P1CE", mod)
        if ctx.dct is None:
            return Reading("DATE", "XX", mod, anchor="dct",
                           anchor_value={"last": "-P1CE", "next": "+P1CE"}.get(word, "+P0CE"))
        shift_n = {"last": -1, "next": 1}.get(word, 0)
        return Reading("DATE", f"{ctx.dct.year // 100 + shift_n:02d}", mod, anchor="dct")
    n = lx.ORDINALS.get(word) or int(re.match(r"\d+", word).group(0))
    if not 1 <= n <= 30:
        return None
    return Reading("DATE", f"{n - 1:02d}", mod)


def read_season(m: re.Match, ctx: Context) -> Reading | None:
    season = lx.SEASONS[m["season"].lower()]
    mod = _mod_of(m["pos"])
    if m["year"]:
        point = Point(int(m["year"]), season=season)
        return Reading("DATE", point.value, mod, point=point, explicit=True)
    rel = (m["rel"] or "").lower()
    direction = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}.get(rel)
    if direction is None:
        direction = ctx.direction(default=0)
    if ctx.dct is None:
        return Reading("DATE", f"XXXX-{season}", mod, anchor="dct", anchor_value=_dir_symbol(direction))
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
    year = ctx.dct.year
    if rel == "last" or (rel != "this" and direction < 0):
        if (start_month, 1) > (ctx.dct.month, ctx.dct.day) or rel == "last" and start_month <= ctx.dct.month <= start_month + 2:
            year -= 1
    elif direction > 0 and start_month + 2 < ctx.dct.month:
        year += 1
    point = Point(year, season=season)
    return Reading("DATE", point.value, mod, anchor="dct", anchor_value=_dir_symbol(direction), point=point)


def read_quarter(m: re.Match, ctx: Context) -> Reading | None:
    """Fiscal quarters and halves: "the third quarter", "third-quarter", "Q3 2018",
    "the year-ago quarter", "the latest period", "the first half of 1990"."""
    which = " ".join((m["nth"] or "").lower().replace("-", " ").split())
    unit = m["unit"].lower()
    pre = " ".join((m["pre"] or "").lower().replace("-", " ").split())
    letter = "H" if unit.startswith("half") else "Q"
    n = lx.ORDINALS.get(which) if which not in ("last",) else None
    if n is None and which[:1].isdigit():
        n = int(which[0])
    if letter == "H" and n not in (1, 2):
        return None
    if letter == "Q" and n is not None and not 1 <= n <= 4:
        return None
    year, explicit = None, False
    if m["year"]:
        year, explicit = int(m["year"]), True
    elif m["preyear"]:
        year, explicit = int(m["preyear"]), True
    offset = 0
    if any(w in pre for w in ("year ago", "year earlier", "last year", "prior year")) or m["post"]:
        offset = -1
    elif "next year" in pre:
        offset = 1
    focus = ctx.quarter_focus
    if n is None:  # "the quarter", "the latest quarter", "the year-ago period", "the 1988 period"
        if unit == "period" and (focus is None and which not in ("latest", "most recent")
                                 or re.match(r"\s+of\b", ctx.text[ctx.end:ctx.end + 4])):
            return None  # "the latest period" in a report is the last quarter; "the latest period of unrest" is not
        if which in ("current", "this") and ctx.dct is not None:
            point = Point(ctx.dct.year + offset, quarter=(ctx.dct.month - 1) // 3 + 1)
            return Reading("DATE", point.value, point=point, anchor="dct", anchor_value=_signed(offset, "Y"))
        if which in ("last", "previous") and not pre and ctx.dct is not None:
            point = shifted_point(Point(ctx.dct.year, quarter=(ctx.dct.month - 1) // 3 + 1), -1, "Q")
            return Reading("DATE", point.value, point=point, anchor="dct", anchor_value="-P1Q")
        ended = _quarter_ended(ctx) if unit == "quarter" and not pre and focus is None else None
        if ended is not None:
            # "the quarter ended July 31": the calendar quarter that holds most of those three
            # months. A quarter the text already named keeps its (maybe fiscal) number: "the fiscal
            # first quarter ... the quarter ended Sept. 29".
            mid = ended - dt.timedelta(days=45)
            point = Point(mid.year, quarter=(mid.month - 1) // 3 + 1)
            if _reported_quarter(point, ctx.dct):
                ctx.quarter_focus = point
            return Reading("DATE", point.value, point=point)
        prev = ctx.last_quarter
        if which == "that" and not pre and prev is not None:
            # "Results for that quarter": the quarter last mentioned (a year-ago one, too)
            return Reading("DATE", prev.value, point=prev, anchor="discourse", anchor_value="+P0Q")
        if focus is not None and which not in ("latest", "most recent"):
            point = Point(year if year is not None else focus.year + offset, quarter=focus.quarter)
            return Reading("DATE", point.value, point=point, anchor="discourse",
                           anchor_value=_signed(offset, "Y"))
        if ctx.dct is None:
            return Reading("DATE", "XXXX-QX", anchor="dct", anchor_value="~")
        # the latest / the quarter: the last completed quarter
        point = shifted_point(Point(ctx.dct.year, quarter=(ctx.dct.month - 1) // 3 + 1), -1, "Q")
        point = Point(point.year + offset, quarter=point.quarter)
        return Reading("DATE", point.value, point=point, anchor="dct", anchor_value="-P1Q")
    anchor = None
    if year is None:
        if focus is not None:
            year, anchor = focus.year, "discourse"
        elif ctx.dct is not None:
            year, anchor = ctx.dct.year, "dct"
            current = (ctx.dct.month - 1) // 3 + 1 if letter == "Q" else (1 if ctx.dct.month <= 6 else 2)
            if ctx.direction(default=-1) < 0 and n > current and "this year" not in pre:
                year -= 1
        else:
            return Reading("DATE", f"XXXX-{letter}{n}", anchor="dct", anchor_value=_signed(offset, "Y"))
        year += offset
    point = Point(year, quarter=n) if letter == "Q" else Point(year, half=n)
    if letter == "Q" and offset == 0 and _reported_quarter(point, ctx.dct) and (
            focus is None or (point.year, point.quarter) >= (focus.year, focus.quarter)):
        ctx.quarter_focus = point  # an earlier quarter mentioned in passing ("after a flat second
        # quarter") does not replace the one reported on
    return Reading("DATE", point.value, point=point, anchor=anchor, explicit=explicit)


QUARTER_ENDED = re.compile(
    rf"\s+(?:that\s+)?(?:ended|ending|ends|closed)\s+(?:on\s+)?(?P<month>{MONTH})\s+(?P<day>{DAYNUM})(?:,?\s+(?P<year>{YEAR}))?",
    re.IGNORECASE)


def _quarter_ended(ctx: Context) -> dt.date | None:
    """The end date written after "the quarter" ("the quarter ended Sept. 30, 1989"); without a
    year, the last such day on or before the document date (None when neither is known, and the
    quarter then stays open)."""
    m = QUARTER_ENDED.match(ctx.text, ctx.end)
    if m is None:
        return None
    month, day = _month_number(m["month"]), _day_number(m["day"])
    if m["year"]:
        year = int(m["year"])
    elif ctx.dct is not None:
        year = nearest_month_year(ctx.dct, month, -1, day)
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _reported_quarter(point: Point, dct: dt.date | None) -> bool:
    """A quarter a report can be about: already over at the document date, and less than a year ago."""
    if dct is None:
        return True
    end = shift(point.as_date(), 1, "Q")
    return end <= dct + dt.timedelta(days=7) and (dct - end).days < 366


def _from_discourse(prev: Point, n: int, letter: str, mod: str | None) -> Reading:
    """``n`` units (D, W, M, Y) from the previous time in the text ("the next day", "that week");
    when that time is coarser than the unit ("in 2015 ... that day") the unknown parts stay X."""
    gran = SHIFT_GRANULARITY[letter]
    if GRANULARITY_RANK[prev.granularity] > GRANULARITY_RANK[gran]:
        if prev.granularity == "month" and gran == "day":
            value = prev.value + "-XX"
        elif prev.granularity == "year":
            value = prev.value + {"month": "-XX", "week": "-WXX", "day": "-XX-XX"}.get(gran, "")
        else:
            value = X_VALUE[gran]
        return Reading("DATE", value, mod, anchor="discourse", anchor_value=_signed(n, letter))
    point = at_granularity(shift(prev.as_date(), n, letter), gran)
    return Reading("DATE", point.value, mod, anchor="discourse", anchor_value=_signed(n, letter), point=point)


GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "half": 4, "year": 5}

REL_OFFSET = {"this": 0, "current": 0, "the current": 0, "last": -1, "past": -1, "previous": -1,
              "the previous": -1, "next": 1, "coming": 1, "the coming": 1, "the following": 1,
              "following": 1, "that": None, "the same": None}


def read_relative_unit(m: re.Match, ctx: Context) -> Reading | None:
    rel = " ".join(m["rel"].lower().split())
    unit = unit_of(m["unit"])
    mod = _mod_of(m["pos"])
    pos = (m["pos"] or "").lower()
    letter = SHIFT_UNIT[unit]
    if rel in ("the past", "the last", "the next", "the coming") and not pos and unit != "day":
        # "over the past year", "in the last decade": TimeBank and AQUAINT annotate the year /
        # decade / week before (or after) the document date, as "last year" (DATE), not a length
        rel = rel[4:]
    if rel == "the":  # "the year", "the weekend": the one the text is about
        if unit == "weekend" and not pos:
            direction = ctx.direction(default=-1)
            if ctx.dct is None:
                return Reading("DATE", "XXXX-WXX-WE", mod, anchor="dct", anchor_value=_dir_symbol(direction))
            day = nearest_weekday(ctx.dct, 6, direction)
            point = at_granularity(day, "week")
            return Reading("DATE", point.value + "-WE", mod, anchor="dct", anchor_value=_dir_symbol(direction),
                           point=point)
        if unit == "year" and not pos:
            if re.match(r"\s+(?:ended|ending|that\s+ended|that\s+ends)\b", ctx.text[ctx.end:ctx.end + 16]):
                return Reading("DURATION", "P1Y", mod)  # "the year ended March 31": a length of time
            prev = ctx.discourse_point()
            if prev is not None and not ctx.paragraph_changed:
                return Reading("DATE", str(prev.year), mod, anchor="discourse", anchor_value="+P0Y",
                               point=Point(prev.year))
            if ctx.dct is None:
                return Reading("DATE", "XXXX", mod, anchor="dct", anchor_value="+P0Y")
            return Reading("DATE", str(ctx.dct.year), mod, anchor="dct", anchor_value="+P0Y", point=Point(ctx.dct.year))
        if not pos:
            return None
        rel = "this"
    if unit == "weekend":
        n = REL_OFFSET.get(rel)
        if n is None:
            return None
        reading = relative_to_dct(ctx, n, "W", "week", mod)
        if reading.point is not None:
            reading.value += "-WE"
        else:
            reading.value = "XXXX-WXX-WE"
        return reading
    if unit in ("decade", "century"):
        n = REL_OFFSET.get(rel)
        if n is None:
            return None
        if unit == "century":
            if ctx.dct is None:
                return Reading("DATE", "XX", mod, anchor="dct", anchor_value=_signed(n, "CE"))
            return Reading("DATE", f"{ctx.dct.year // 100 + n:02d}", mod, anchor="dct", anchor_value=_signed(n, "CE"))
        if ctx.dct is None:
            return Reading("DATE", "XXX", mod, anchor="dct", anchor_value=_signed(n, "DE"))
        return Reading("DATE", f"{ctx.dct.year // 10 + n:03d}", mod, anchor="dct", anchor_value=_signed(n, "DE"))
    n = REL_OFFSET.get(rel)
    if unit == "day" or rel in ("the following", "following", "the previous") and not pos:
        n = {"the following": 1, "following": 1, "the next": 1, "next": 1, "the previous": -1,
             "previous": -1, "that": 0, "the same": 0, "this": 0}.get(rel)
        if n is None:
            return None
        prev = ctx.discourse_point()
        gran = SHIFT_GRANULARITY[letter]
        if prev is None:
            if unit == "day" and rel == "this":
                return relative_to_dct(ctx, 0, "D", "day", mod)
            return Reading("DATE", X_VALUE[gran], mod, anchor="discourse", anchor_value=_signed(n, letter))
        return _from_discourse(prev, n, letter, mod)
    if n is None:  # "that year", "the same week": the previous time in the discourse
        prev = ctx.discourse_point()
        if prev is None:
            return Reading("DATE", X_VALUE[SHIFT_GRANULARITY[letter]], mod, anchor="discourse", anchor_value="+P0" + letter)
        return _from_discourse(prev, 0, letter, mod)
    if unit in ("hour", "minute", "second"):
        return None
    if pos in ("earlier", "later") and n == 0:
        mod = "START" if pos == "earlier" else "END"
    half = re.match(r"(?:the\s+)?(first|second|last|latter)\s+half\s+of", pos)
    if half and unit == "year":  # "the first half of the year" -> 2015-H1
        reading = relative_to_dct(ctx, n, "Y", "year")
        h = 1 if half.group(1) == "first" else 2
        reading.value = f"{reading.value}-H{h}" if reading.point is not None else f"XXXX-H{h}"
        if reading.point is not None:
            reading.point = Point(reading.point.year, half=h)
        return reading
    return relative_to_dct(ctx, n, letter, SHIFT_GRANULARITY[letter], mod)


DEICTIC_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
                "the day before yesterday": -2, "the day after tomorrow": 2}


def _with_part(reading: Reading, part: str | None) -> Reading:
    if not part:
        return reading
    suffix = lx.PARTS_OF_DAY.get(" ".join(part.lower().split()))
    if suffix is None:
        return reading
    reading.type = "TIME"
    reading.value = f"{reading.value}T{suffix}"
    return reading


def read_deictic_day(m: re.Match, ctx: Context) -> Reading | None:
    word = " ".join(m["word"].lower().split())
    mod = _mod_of(m["pos"])
    n = DEICTIC_DAYS[word]
    reading = relative_to_dct(ctx, n, "D", "day", mod)
    part = m["part"] or m.groupdict().get("prepart")  # "yesterday afternoon", "mid-afternoon yesterday"
    if word == "tonight":
        part = "night"
    return _with_part(reading, part)


def read_this_part(m: re.Match, ctx: Context) -> Reading | None:
    """'this morning', 'last night', 'mid-afternoon'; 'the next morning', 'that evening',
    'the morning' (of the day the text is talking about)."""
    rel = " ".join((m["rel"] or "").lower().split())
    part = m["part"].lower()
    mod = "MID" if m["mid"] else None
    if rel in ("this", "last", ""):
        if rel == "last" and part != "night":
            return None
        n = -1 if rel == "last" else 0
        prev = ctx.discourse_point()
        if rel == "" and prev is not None and prev.granularity == "day" and not ctx.paragraph_changed:
            return _with_part(Reading("DATE", prev.value, mod, anchor="discourse", anchor_value="+P0D", point=prev), part)
        return _with_part(relative_to_dct(ctx, n, "D", "day", mod), part)
    n = 1 if rel in ("the next", "the following") else 0
    prev = ctx.discourse_point()
    if prev is None or prev.granularity != "day":
        return _with_part(Reading("DATE", "XXXX-XX-XX", mod, anchor="discourse", anchor_value=_signed(n, "D")), part)
    point = day_point(prev.as_date() + dt.timedelta(days=n))
    return _with_part(Reading("DATE", point.value, mod, anchor="discourse", anchor_value=_signed(n, "D"),
                              point=point), part)


def read_weekday(m: re.Match, ctx: Context) -> Reading | None:
    word = m["weekday"].lower().rstrip(".")
    if word in ("sat", "sun", "wed", "mon") and not m["weekday"].endswith("."):
        return None
    if m["weekday"][0].islower():
        return None
    weekday = lx.WEEKDAYS[word]
    mod = _mod_of(m["pos"])
    rel = (m["rel"] or "").lower()
    if rel in ("last", "past", "previous", "the previous"):
        direction = -2
    elif rel in ("next", "coming", "the following"):
        direction = 2
    elif rel == "this":
        direction = ctx.direction(default=1)
    else:
        # news convention: past tense (or no verb) -> the latest one on or before the article
        # date; a clause that looks ahead ("will meet on Friday") -> the next one on or after it;
        # present ("are holding a summit on Tuesday", "meets Monday") -> the nearest one, the
        # article's own day first
        direction = ctx.direction(default=-1)
        if direction == 0 and ctx.text.startswith(("'s", "’s"), ctx.end):
            # "Thursday's closing price", "after Tuesday's ruling": a day named by what happened
            # on it lies behind unless the clause looks ahead ("will attend Saturday's rally")
            direction = -1
    prev = ctx.discourse_point()
    if rel in ("the previous", "the following") and prev is not None and prev.granularity == "day":
        # "the previous Friday": before the day the text is talking about
        base = prev.as_date()
        step = -1 if direction < 0 else 1
        day = nearest_weekday(base + dt.timedelta(days=step), weekday, step)
        point = day_point(day)
        reading = Reading("DATE", point.value, mod, anchor="discourse", anchor_value=_dir_symbol(2 * step),
                          point=point)
    elif ctx.dct is None:
        reading = Reading("DATE", f"XXXX-WXX-{weekday}", mod, anchor="dct", anchor_value=_dir_symbol(direction))
    else:
        if direction == -2:
            day = nearest_weekday(ctx.dct - dt.timedelta(days=1), weekday, -1)
        elif direction == 2:
            day = nearest_weekday(ctx.dct + dt.timedelta(days=1), weekday, 1)
        else:
            day = nearest_weekday(ctx.dct, weekday, direction)
        point = day_point(day)
        reading = Reading("DATE", point.value, mod, anchor="dct", anchor_value=_dir_symbol(direction), point=point)
    # "Friday night" / "Wednesday evening": TimeBank / AQUAINT annotate a DATE; the evening and the
    # afternoon keep their part of day in the value ("2000-01-05TEV", as the TIMEX3 guidelines and
    # every such case in the corpora write it), "Friday night" and "Friday morning" are mostly
    # written (and often marked) as the day alone, so the value is the day
    part = " ".join((m.groupdict().get("part") or "").lower().split())
    suffix = lx.PARTS_OF_DAY.get(part)
    if suffix in WEEKDAY_PART_SUFFIXES and reading.point is not None:  # open ("XXXX-WXX-5"): the day only
        reading.value = f"{reading.value}T{suffix}"
    return reading


WEEKDAY_PART_SUFFIXES = {"AF", "EV"}


def read_clock(m: re.Match, ctx: Context) -> Reading | None:
    word = m["clock"].lower()
    if word in ("noon", "midday"):
        hh, mm = 12, 0
    elif word == "midnight":
        hh, mm = 24, 0
    else:
        hh = int(m["hh"])
        mm = int(m["mm"] or 0)
        ampm = (m["ampm"] or "").lower().replace(".", "").replace(" ", "")
        if hh > 12 and ampm or hh > 24 or mm > 59:
            return None
        if ampm.startswith("p") and hh < 12:
            hh += 12
        elif ampm.startswith("a") and hh == 12:
            hh = 0
        elif not ampm and not m["mm"] and "o'clock" not in word and "morning" not in word:
            return None
        if "evening" in word or "night" in word or "afternoon" in word:
            if hh < 12:
                hh += 12
    mod = lx.MODIFIERS.get(" ".join((m["mod"] or "").lower().split()))
    day_word = (m["day"] or "").lower()
    base: Reading | None = None
    if day_word:
        sub = DAY_PATTERN.fullmatch(m["day"])
        if sub is not None:
            base = _read_day_phrase(sub, ctx)
    if base is None:
        prev = ctx.discourse_point()
        if ctx.dct is not None and (prev is None or prev.granularity != "day"):
            base = relative_to_dct(ctx, 0, "D", "day")
        elif prev is not None and prev.granularity == "day":
            base = Reading("DATE", prev.value, anchor="discourse", point=prev)
        else:
            base = Reading("DATE", "XXXX-XX-XX", anchor="dct", anchor_value="+P0D")
    value = base.value.split("T")[0]
    return Reading("TIME", f"{value}T{hh:02d}:{mm:02d}", mod, anchor=base.anchor,
                   anchor_value=base.anchor_value, point=base.point)


def _read_day_phrase(sub: re.Match, ctx: Context) -> Reading | None:
    if sub["weekday"]:
        return read_weekday(_Fake(weekday=sub["weekday"]), ctx)
    if sub["deictic"]:
        return read_deictic_day(_Fake(word=sub["deictic"]), ctx)
    if sub["month"]:
        return read_month_day(_Fake(month=sub["month"], day=sub["day"], year=sub["year"]), ctx)
    return None


class _Fake(dict):
    """A stand-in for a regex match when one reader calls another."""

    def __getitem__(self, key):
        return self.get(key)

    def groupdict(self):
        return dict(self)


def read_ago(m: re.Match, ctx: Context) -> Reading | None:
    """"two years ago", "a year earlier", "some weeks later", "weeks later"."""
    if m["n"] is None and not m["unit"].lower().endswith("s"):
        return None
    n = number_value(m["n"]) if m["n"] else None
    unit = unit_of(m["unit"])
    word = " ".join(m["dir"].lower().split())
    lead = " ".join((m["mod"] or "").lower().split())
    mod = lx.MODIFIERS.get(lead) if (m["n"] or lead != "some") else None  # "some weeks later": vague
    if unit in ("hour", "minute", "second"):
        return Reading("DURATION", duration_value(n, unit), mod)  # "two hours later": keep the span
    if unit == "millennium":
        n, unit = (n * 1000 if n is not None else None), "century"
        n = n / 100 if n is not None else None
    letter = SHIFT_UNIT[unit]
    sign = -1 if word in ("ago", "earlier", "before", "previously", "back", "prior") else 1
    if n is None or n != int(n):
        value = X_VALUE.get(SHIFT_GRANULARITY.get(letter, "day"), "XXXX")
        anchor = "dct" if word in ("ago", "from now", "hence", "back") else "discourse"
        if n is None and anchor == "dct" and letter in ("M", "Y", "DE", "CE"):
            # "many years ago", "years from now": only the direction is known
            return Reading("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod, anchor="dct",
                           anchor_value=f"{'-' if sign < 0 else '+'}PX{letter}")
        if ctx.dct is not None and n is None:
            # "some weeks later", "a few days ago": the direction is known, the distance is not
            base = ctx.discourse_point() if anchor == "discourse" else ctx.dct_point()
            if base is not None:
                gran = SHIFT_GRANULARITY.get(letter, "day")
                coarse = "year" if gran in ("year", "quarter") else "month"
                value = at_granularity(base.as_date(), coarse).value
                mod = mod or ("AFTER" if sign > 0 else "BEFORE")
        return Reading("DATE", value, mod, anchor=anchor, anchor_value=f"{'-' if sign < 0 else '+'}PX{letter}")
    n = int(n) * sign
    if word in ("ago", "from now", "hence", "back"):
        reading = relative_to_dct(ctx, n, letter, SHIFT_GRANULARITY.get(letter), mod)
        focus = ctx.reported_quarter()
        if unit == "year" and focus is not None and reading.point is not None:
            point = shifted_point(focus, n, "Y")
            reading.value, reading.point = point.value, point
        return reading
    prev = ctx.discourse_point()
    if prev is None:
        prev = ctx.dct_point()
        anchor = "dct"
    else:
        anchor = "discourse"
    if prev is None:
        return Reading("DATE", X_VALUE.get(SHIFT_GRANULARITY.get(letter, "day"), "XXXX"), mod,
                       anchor=anchor, anchor_value=_signed(n, letter))
    if unit == "year" and ctx.quarter_focus is not None:
        # "up from $4 a share a year earlier": the reported quarter a year before, or the year
        # before when the sentence reports on several quarters ("for the nine months")
        focus = ctx.quarter_focus
        point = Point(focus.year + n) if ctx.longer_period() else shifted_point(focus, n, "Y")
    elif unit == "year" and prev.granularity in ("quarter", "half", "season") and not ctx.longer_period():
        point = shifted_point(prev, n, "Y")
    elif letter in ("D", "W", "M") and anchor == "discourse":
        # "four days earlier" after "in 2015": only as precise as the anchor allows
        reading = _from_discourse(prev, n, letter, mod)
        return reading
    else:
        point = at_granularity(shift(prev.as_date(), n, letter), SHIFT_GRANULARITY.get(letter, "day"))
    return Reading("DATE", point.value, mod, anchor=anchor, anchor_value=_signed(n, letter), point=point)


# counted times before "a week" make a frequency ("two nights a week", "24 hours a day")
TIME_COUNT = r"\b(?:nights|days|mornings|evenings|afternoons|hours|minutes|weekends|weeks|months)"
RATE_BEFORE = re.compile(r"(?:\d|%|percent|cents?|dollars?|pence|yen|marks|francs|pounds|thousand|million|billion"
                         r"|trillion)\s*$")


def _rate_before(before: str, start: int, ctx: Context) -> bool:
    """Does a quantity end just before ``start`` ("$5 a year", "20% annually", "10,000 units
    annually", "15 million instructions per second"), making the time word the unit of a rate?"""
    if re.search(TIME_COUNT + r"\s*$", before):
        return False  # "two nights per week" is a frequency
    return bool(RATE_BEFORE.search(before)) or ctx.word_before_is_count(start)


def read_duration(m: re.Match, ctx: Context) -> Reading | None:
    quantity = m["n"]
    n = number_value(quantity) if quantity else 1.0
    if m["half"] and n is not None:  # "a minute and a half"
        n += 0.5
    unit = unit_of(m["unit"])
    if unit == "millennium":
        return Reading("DURATION", f"P{int(n or 1)}ML" if n else "PXML")
    lead = " ".join((m["mod"] or "").lower().split())
    mod = lx.MODIFIERS.get(lead)
    value = duration_value(n, unit)
    if unit == "quarter" and n is not None:
        value = f"P{int(n * 3)}M" if n == int(n) else value
    # "twice a week": a frequency, not a length of time; "$5 a year", "700 seats a week": the
    # rate of a quantity, which TimeML does not annotate
    before = ctx.text[max(0, m.start() - 25):m.start()].lower()
    if quantity and quantity.lower() in ("a", "an") and not lead:
        if re.search(rf"(?:times|twice|once|thrice|\bper|{TIME_COUNT})\s*$", before):
            return Reading("SET", duration_value(1, unit), None)
        if _rate_before(before, m.start(), ctx):
            return None
    if unit == "weekend" and n == 1:
        value = "P1WE"
    if unit == "day" and not lead and m.group(0).lower().split()[0] in ("one", "some") \
            and ctx.verb_follows(m.end()):
        # "Islam will one day be ...", "the hope he one day follows ...", "may some day return":
        # the idiom for an unknown future time, not a length of one day
        return Reading("DATE", "FUTURE_REF")
    return Reading("DURATION", value, mod)


BARE_UNIT_CUES = {"for", "in", "within", "over", "took", "than", "after", "lasted", "last", "spent", "spend", "take"}


def read_bare_units(m: re.Match, ctx: Context) -> Reading | None:
    """ "for years", "in decades": a vague length of time."""
    before = ctx.text[max(0, m.start() - 12):m.start()].split()
    if not before or before[-1].lower() not in BARE_UNIT_CUES:
        return None
    unit = unit_of(m["unit"])
    return Reading("DURATION", duration_value(None, unit))


def read_set(m: re.Match, ctx: Context) -> Reading | None:
    word = " ".join(m["set"].lower().split())
    if not word.startswith(("every", "each")) and _rate_before(
            ctx.text[max(0, m.start() - 25):m.start()].lower(), m.start(), ctx):
        return None  # "rise 8.5% annually", "$2 per year": a rate, not a recurring time
    if word in lx.SET_WORDS:
        return Reading("SET", lx.SET_WORDS[word])
    parts = word.split()
    quant = parts[1:-1]
    last = parts[-1]
    n = number_value(" ".join(quant)) if quant else 1.0
    if n is None:
        n = 1.0
    if last.rstrip("s") in lx.UNITS or last in ("centuries",):
        return Reading("SET", duration_value(n, unit_of(last)))
    if last.rstrip("s") in lx.WEEKDAYS:
        return Reading("SET", f"XXXX-WXX-{lx.WEEKDAYS[last.rstrip('s')]}")
    if last in lx.MONTHS:
        return Reading("SET", f"XXXX-{lx.MONTHS[last]:02d}")
    if last in lx.PARTS_OF_DAY:
        return Reading("SET", f"XXXX-XX-XXT{lx.PARTS_OF_DAY[last]}")
    if last in lx.SEASONS:
        return Reading("SET", f"XXXX-{lx.SEASONS[last]}")
    return None


def read_ref(m: re.Match, ctx: Context) -> Reading | None:
    word = " ".join(m["ref"].lower().split())
    return Reading("DATE", lx.REF_WORDS[word])


def read_holiday(m: re.Match, ctx: Context) -> Reading | None:
    """A holiday ("Christmas", "India's Independence Day", "Easter 2016") is the day; "Easter
    week", "Christmas week", "Holy Week" are the ISO week that holds it (Holy Week: the week that
    ends on Easter Sunday)."""
    holiday = m["holiday"] or "Easter"
    name = " ".join(holiday.lower().replace("’", "'").split())
    if not (m["holy"] or holiday)[0].isupper():
        return None
    week = bool(m["week"] or m["holy"])
    national_day = None
    if name in lx.NATIONAL_DAYS:
        # "India's Independence Day": the date is the owner's; no owner or no fixed date for it
        # (Israel's follows the Hebrew calendar) -> no timex rather than a guessed or X-ed value
        start = m.start("holiday")
        national_day = lx.NATIONAL_DAYS[name].get(ctx.country_of_day(start, start + len(m["holiday"])))
        if national_day is None:
            return None
    rel = (m["rel"] or "").lower()

    def on(year: int) -> dt.date:
        if name in lx.FIXED_HOLIDAYS:
            mo, d = lx.FIXED_HOLIDAYS[name]
            return dt.date(year, mo, d)
        if national_day is not None:
            mo, d = national_day
            return dt.date(year, mo, d)
        if name == "election day":  # US: the Tuesday after the first Monday of November
            return nth_weekday(year, 11, 1, 1) + dt.timedelta(days=1)
        if name in lx.FLOATING_HOLIDAYS:
            mo, wd, nth = lx.FLOATING_HOLIDAYS[name]
            return nth_weekday(year, mo, wd, nth)
        return easter(year) + dt.timedelta(days=lx.EASTER_HOLIDAYS[name])

    def point_of(day: dt.date) -> Point:
        return week_point(day) if week else day_point(day)

    if m["year"]:
        point = point_of(on(int(m["year"])))
        return Reading("DATE", point.value, point=point, explicit=True)
    sample = on(2001)
    anchor = ctx.previous_explicit
    if not rel and anchor is not None and anchor.point is not None and not ctx.paragraph_changed \
            and anchor.point.granularity in ("month", "day"):
        year = anchor.point.year
        if anchor.point.month and (sample.month, sample.day) < (anchor.point.month, anchor.point.day or 1):
            year += 1
        point = point_of(on(year))
        return Reading("DATE", point.value, anchor="discourse", anchor_value=">=", point=point)
    direction = {"last": -1, "next": 1, "this": 0}.get(rel)
    if direction is None:
        direction = ctx.direction(default=0)
    if ctx.dct is None:
        if week:
            value = "XXXX-WXX"
        elif name in lx.FIXED_HOLIDAYS or name in lx.NATIONAL_DAYS:
            value = f"XXXX-{sample.month:02d}-{sample.day:02d}"
        else:
            value = "XXXX-XX-XX"
        return Reading("DATE", value, anchor="dct", anchor_value=_dir_symbol(direction))

    def first_day(year: int) -> dt.date:  # a week has begun once its Monday has come
        day = on(year)
        return day - dt.timedelta(days=day.weekday()) if week else day

    year = ctx.dct.year
    this_year = first_day(year)
    if direction < 0 and this_year > ctx.dct:
        year -= 1
    elif direction > 0 and this_year < ctx.dct and not (week and on(year) >= ctx.dct):
        year += 1
    elif direction == 0 and abs((this_year - ctx.dct).days) > 183:
        year += 1 if this_year < ctx.dct else -1
    point = point_of(on(year))
    return Reading("DATE", point.value, anchor="dct", anchor_value=_dir_symbol(direction), point=point)


# ---------------------------------------------------------------- the rules
# Every rule's match contains one of these words (or a digit): ``timex.py`` runs the rules only
# in windows around them, which keeps the time layer cheap on long texts.
TRIGGER_WORDS = (
    list(lx.MONTHS) + list(lx.WEEKDAYS) + list(lx.SEASONS) + list(lx.PARTS_OF_DAY) + list(lx.SET_WORDS)
    + ["second", "minute", "hour", "day", "week", "month", "quarter", "year", "decade", "centur", "millenni",
       "period", "half", "now", "current", "nowadays", "present", "recent", "past", "lately", "future",
       "ahead", "today", "tonight", "yesterday", "tomorrow", "noon", "midnight", "midday", "fiscal",
       "nineteen", "twenty", "thousand", "every", "each", "per", "ago", "earlier", "later", "term"]
    + list(DECADE_WORDS)
    + [h.split()[0] for h in list(lx.FIXED_HOLIDAYS) + list(lx.NATIONAL_DAYS) + list(lx.FLOATING_HOLIDAYS)
       + list(lx.EASTER_HOLIDAYS)] + ["holy", "someday"]
)
TRIGGER = re.compile(rf"\d|(?<![\w])(?:{_alt({w.split(chr(39))[0] for w in TRIGGER_WORDS})})", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    read: Callable[[re.Match, Context], Reading | None]


def _rule(name: str, pattern: str, read) -> Rule:
    return Rule(name, re.compile(rf"(?<![\w'-])(?:{pattern})(?![\w]|-\w)", re.IGNORECASE | re.VERBOSE), read)


SPOKEN_YEAR = rf"(?:nineteen|twenty)[\s-]+(?:{TENS})(?:[\s-]+(?:{ONES}))?|nineteen[\s-]+(?:{ONES})|two\s+thousand(?:\s+and)?(?:[\s-]+(?:{ONES}))?"
HOLIDAYS = _alt(list(lx.FIXED_HOLIDAYS) + list(lx.NATIONAL_DAYS) + list(lx.FLOATING_HOLIDAYS)
                + list(lx.EASTER_HOLIDAYS)).replace("'", "['’]")
DEICTIC = r"today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
DAY_PATTERN = re.compile(
    rf"(?P<weekday>{WEEKDAY})|(?P<deictic>{DEICTIC})|(?P<month>{MONTH})\s+(?P<day>{DAYNUM})(?:,?\s+(?P<year>{YEAR}))?",
    re.IGNORECASE,
)
ZONE = r"(?:\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|ET|PT|local\s+time))?"

RULES: list[Rule] = [
    _rule("iso-date", r"(?P<y>\d{4})-(?P<mo>[01]\d)-(?P<d>[0-3]\d)(?:[T\s](?P<hh>[0-2]\d):(?P<mm>[0-5]\d))?", read_iso_date),
    _rule("slash-date", r"(?P<mo>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>\d{4}|\d{2})", read_slash_date),
    _rule(
        "month-day",
        rf"""(?:(?P<mod>around)\s+(?=\w))?(?:{WEEKDAY},?\s+)?
        (?:(?P<month>{MONTH})\s+(?P<day>{DAYNUM})|(?:the\s+)?(?P<day2>{DAYNUM})\s+(?:of\s+)?(?P<month2>{MONTH}))
        (?:,?\s+(?P<year>{YEAR}))?""",
        lambda m, ctx: read_month_day(_Fake(month=m["month"] or m["month2"], day=m["day"] or m["day2"],
                                            year=m["year"], mod=m["mod"]), ctx),
    ),
    _rule("week-of",
          rf"the\s+week\s+of\s+(?P<month>{MONTH})\s+(?P<day>{DAYNUM})(?:,?\s+(?P<year>{YEAR}))?",
          lambda m, ctx: _week_of(m, ctx)),
    _rule("month",
          rf"(?:(?P<pos>{POSITION})[\s-]*)?(?:(?P<rel>last|next|this|coming|past)\s+)?(?P<month>{MONTH})(?:,?\s+(?:of\s+)?(?P<year>{YEAR})|,?\s+(?:of\s+)?(?P<syear>{SPOKEN_YEAR})|\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year|(?!\s+{DAYNUM}))",
          read_month),
    _rule("decade",
          rf"(?:the\s+)?(?:(?P<pos>{POSITION})\s*)?(?P<decade>(?:1[0-9]|20)?\d0s|'\d0s|(?:nineteen[\s-])?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))",
          read_decade),
    _rule("century",
          rf"(?:the\s+)?(?:(?P<pos>{POSITION})\s*)?(?P<nth>{ORDINAL}|this|the\s+current|last|next|the\s+last|the\s+past|the\s+next)[-\s]century",
          read_century),
    _rule("year",
          rf"(?:(?P<pos>{POSITION}|post-|pre-|fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|FY)\s*)?(?P<year>{YEAR})(?P<tail>\s+and\s+beyond|\s+or\s+(?:later|earlier|before|after))?",
          read_year),
    _rule("season",
          rf"""(?:(?P<pos>{POSITION})\s*)?(?:(?P<rel>last|next|this|coming|past|the)\s+)?(?P<season>{SEASON})(?:,?\s+(?:of\s+)?(?:(?P<year>{YEAR})|(?P<syear>{SPOKEN_YEAR})))?
          |(?P<year2>{YEAR})\s+(?P<season2>{SEASON})""",
          lambda m, ctx: _season(m, ctx)),
    _rule("quarter",
          rf"""(?P<pre>(?:(?:the|this\s+year['’]s|next\s+year['’]s|last\s+year['’]s|year-ago|year-earlier|year\s+ago|prior-year|comparable|same|fiscal|calendar|the\s+fiscal|(?P<preyear>{YEAR})|(?:{YEAR}|fiscal)-)[\s-]+)*)
          (?P<nth>first|second|third|fourth|1st|2nd|3rd|4th|latest|current|most\s+recent|previous|last|final|this|that|same|the|corresponding|(?<={YEAR}\s)|(?<=year['’]s\s))[\s-]*(?P<unit>quarter|half|period)
          (?:\s+of\s+(?:fiscal\s+|the\s+year\s+)?(?P<year>{YEAR}))?
          (?P<post>\s+(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year|the\s+year\s+before))?
          |(?P<nthq>Q[1-4])(?:\s+(?P<qyear>{YEAR}))?""",
          lambda m, ctx: _quarter(m, ctx)),
    _rule("day-before",
          rf"(?:the\s+)?(?P<n>day|(?:{QUANTITY})\s+days)\s+(?P<dir>before|after)\s+(?:(?P<rel>last|next|this)\s+)?(?:(?P<weekday>{WEEKDAY})|(?P<month>{MONTH})\s+(?P<day>{DAYNUM})(?:,?\s+(?P<year>{YEAR}))?)",
          lambda m, ctx: _day_before(m, ctx)),
    _rule("two-quarters",
          rf"(?:the\s+)?(?P<which>first|last|second|final)\s+two\s+quarters\s+of\s+(?:fiscal\s+|the\s+year\s+)?(?P<year>{YEAR})",
          lambda m, ctx: _two_quarters(m)),
    _rule("relative-unit",
          rf"(?:(?P<pos>{POSITION})\s*)?(?P<rel>{RELATIVE})\s+(?:(?:fiscal|calendar|full|entire|whole)\s+)?(?P<unit>week|month|year|weekend|decade|century|quarter|day)",
          read_relative_unit),
    _rule("deictic-day",
          rf"(?:(?P<pos>early|late|earlier|later)\s+)?(?:(?P<prepart>(?:mid-?\s*)?(?:morning|afternoon|evening|night))\s+)?(?P<word>{DEICTIC})(?:\s+(?P<part>{PART}))?",
          read_deictic_day),
    _rule("part-of-day",
          r"""(?:(?P<rel>this|last|the\s+next|the\s+following|that|the\s+same)\s+)?(?P<mid>mid-?\s*)?(?P<part>morning|afternoon|evening|night)
          |(?:the\s+)(?P<part2>morning|afternoon|evening)(?=\s+(?:session|hours|of|when|after|before)\b|\s*[.,;])""",
          lambda m, ctx: read_this_part(_Fake(rel=m["rel"], mid=m["mid"], part=m["part"] or m["part2"]), ctx)
          if (m["rel"] or m["mid"] or m["part2"]) else None),
    _rule("nth-weekday",
          rf"(?:the\s+)?(?P<nth>first|second|third|fourth|last)\s+(?P<weekday>{WEEKDAY_FULL})\s+(?:in|of)\s+(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?",
          lambda m, ctx: _nth_weekday(m, ctx)),
    _rule("weekdays", rf"(?P<weekday>{WEEKDAY_FULL})s(?:\s+(?P<part>{PART}))?|(?P<weekday2>{WEEKDAY_FULL})\s+(?P<part2>mornings|afternoons|evenings|nights)",
          lambda m, ctx: _weekday_set(m, ctx)),
    _rule("weekday",
          rf"(?:(?P<pos>early|late)\s+)?(?:(?P<rel>last|next|this|coming|past|previous|the\s+previous|the\s+following)\s+)?(?P<weekday>{WEEKDAY})(?:\s+(?P<part>{PART}))?",
          read_weekday),
    _rule("clock",
          rf"""(?:(?P<mod>around|approximately|roughly|shortly\s+after|shortly\s+before|just\s+after|just\s+before)\s+)?
          (?P<clock>(?P<hh>[012]?\d)(?:[:.](?P<mm>[0-5]\d))?\s*(?P<ampm>a\.m\.?|p\.m\.?|am|pm|o['’]clock|in\s+the\s+(?:morning|afternoon|evening))
            |(?P<hh2>[012]?\d):(?P<mm2>[0-5]\d)|noon|midnight|midday){ZONE}
          (?:,?\s+(?:on\s+)?(?P<day>{DEICTIC}|{WEEKDAY}|(?:{MONTH})\s+{DAYNUM}(?:,?\s+{YEAR})?))?""",
          lambda m, ctx: read_clock(_Fake(mod=m["mod"], clock=m["clock"], hh=m["hh"] or m["hh2"], mm=m["mm"] or m["mm2"],
                                          ampm=m["ampm"] or ("" if not m["hh2"] else None), day=m["day"]), ctx)),
    _rule("ago",
          rf"(?:(?P<mod>{_alt([k for k in lx.MODIFIERS if k not in EXTENT_EXCLUDED])})\s+)?(?:(?P<n>{QUANTITY})\s+)?(?:(?:more|full|long)\s+)?(?P<unit>{UNIT})(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence|back|previously|(?:before|after|prior)(?=\s*[.,;:)]|\s+(?:that|then)\b))",
          read_ago),
    _rule("duration",
          rf"""(?:(?P<mod>{MODIFIER})\s+)?(?:(?:the\s+)?(?:past|last|next|first|previous|following|coming|final|remaining)\s+)?(?P<n>{QUANTITY})(?:\s+or\s+(?:so|more|two|three))?
          (?:\s+(?:more|additional|further|extra|straight|consecutive|full|long|trading|business|calendar|working|solid))?[\s-]+(?P<unit>{UNIT})(?P<half>\s+and\s+a\s+half)?(?:\s+or\s+so)?(?!-old|\s+old\b|\s+of\s+age\b)""",
          read_duration),
    _rule("past-units",
          rf"(?P<mod>the\s+(?:past|last|next|coming|previous|first|following)|past|last|next|coming)\s+(?P<unit>{UNIT})",
          lambda m, ctx: Reading("DURATION", duration_value(None, unit_of(m["unit"])))
          if m["unit"].lower().endswith("s") else None),
    _rule("set",
          rf"(?P<set>{_alt(lx.SET_WORDS)}|(?:every|each|per)\s+(?:(?:other|{QUANTITY})\s+)?(?:{UNIT}|{WEEKDAY}|{MONTH}|morning|afternoon|evening|night|{SEASON}))",
          read_set),
    _rule("reference", rf"(?P<ref>{_alt(lx.REF_WORDS)})", read_ref),
    _rule("holiday",
          rf"(?:(?P<rel>last|next|this)\s+)?(?:(?P<holiday>{HOLIDAYS})(?P<week>\s+week)?|(?P<holy>Holy\s+Week))(?:,?\s+(?P<year>{YEAR}))?",
          read_holiday),
    _rule("recent-units", rf"(?P<rel>recent|the\s+past\s+few|the\s+last\s+few|the\s+next\s+few|the\s+coming|coming)\s+(?P<unit>{UNIT})",
          lambda m, ctx: _recent_units(m)),
    _rule("bare-units", r"(?P<unit>years|months|weeks|days|decades|hours|minutes|centuries)",
          read_bare_units),
    _rule("year-ago", r"(?P<pre>the\s+)?(?:(?:comparable|corresponding|same)\s+)?(?P<adj>year-ago|year-earlier|prior-year|year\s+earlier|year\s+ago)(?:\s+(?P<unit>quarter|period|level|figure|results))?",
          lambda m, ctx: _year_ago(m, ctx)),
    _rule("spoken-year", rf"(?:the\s+year\s+)?(?P<year>{SPOKEN_YEAR})",
          lambda m, ctx: _spoken_year(m, ctx)),
    _rule("year-end", r"(?P<pos>around\s+)?(?:the\s+)?year['’]?s?[\s-]end", lambda m, ctx: _year_end(m, ctx)),
]


def _two_quarters(m: re.Match) -> Reading:
    """"the first two quarters of 1990" is the first half year; the last / second two, the second."""
    point = Point(int(m["year"]), half=1 if m["which"].lower() == "first" else 2)
    return Reading("DATE", point.value, point=point, explicit=True)


def _day_before(m: re.Match, ctx: Context) -> Reading | None:
    """"the day before last Tuesday", "two days after March 5": a day counted from a named day."""
    inner = (read_weekday(_Fake(weekday=m["weekday"], rel=m["rel"]), ctx) if m["weekday"] else
             read_month_day(_Fake(month=m["month"], day=m["day"], year=m["year"]), ctx))
    count = m["n"].lower()
    n = 1 if count == "day" else number_value(count.rsplit(None, 1)[0])
    if inner is None or n is None or n != int(n):
        return None
    n = int(n) if m["dir"].lower() == "after" else -int(n)
    if inner.point is None or inner.point.granularity != "day":  # no date yet: keep the offset open
        return Reading("DATE", "XXXX-XX-XX", anchor=inner.anchor, anchor_value=inner.anchor_value)
    point = day_point(inner.point.as_date() + dt.timedelta(days=n))
    return Reading("DATE", point.value, point=point, anchor=inner.anchor, anchor_value=inner.anchor_value,
                   explicit=inner.explicit)


def _recent_units(m: re.Match) -> Reading | None:
    """"recent years" (= lately: PAST_REF, as TimeBank has it), "recent weeks", "the coming months"."""
    unit = m["unit"].lower()
    if not (unit.endswith("s") or unit == "centuries"):
        return None
    if m["rel"].lower() == "recent" and unit in ("years", "decades"):
        return Reading("DATE", "PAST_REF")
    return Reading("DURATION", duration_value(None, unit_of(unit)))


def _nth_weekday(m: re.Match, ctx: Context) -> Reading | None:
    """"the last Friday in August", "the first Monday of March 2019"."""
    month = _month_number(m["month"])
    weekday = lx.WEEKDAYS[m["weekday"].lower()]
    nth = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}[m["nth"].lower()]
    if m["year"]:
        year, anchor, how, explicit = int(m["year"]), None, None, True
    else:
        year, anchor, how = _year_for_month(ctx, month, None)
        explicit = False
    if year is None:
        return Reading("DATE", "XXXX-XX-XX", anchor=anchor, anchor_value=how)
    point = day_point(nth_weekday(year, month, weekday, nth))
    return Reading("DATE", point.value, anchor=anchor, anchor_value=how, point=point, explicit=explicit)


def _weekday_set(m: re.Match, ctx: Context) -> Reading | None:
    """"on Mondays", "Tuesday nights": every such day."""
    word = (m["weekday"] or m["weekday2"]).lower()
    if word not in lx.WEEKDAYS or len(word) < 6:
        return None
    part = m["part"] or (m["part2"] or "")[:-1]
    value = f"XXXX-WXX-{lx.WEEKDAYS[word]}"
    suffix = lx.PARTS_OF_DAY.get(part.lower()) if part else None
    return Reading("SET", value + (f"T{suffix}" if suffix else ""))


def _season(m: re.Match, ctx: Context) -> Reading | None:
    if m["season2"]:
        return read_season(_Fake(season=m["season2"], year=m["year2"], pos=None, rel=None), ctx)
    rel = (m["rel"] or "").lower()
    if not (rel or m["year"] or m["syear"] or m["pos"]):
        return None  # a bare "fall" / "spring" is too often not a season
    if m["season"][0].isupper() and re.match(r"\s+[A-Z]", ctx.text[m.end():m.end() + 2]):
        return None  # "the Winter Olympics", "Spring Festival": a name
    if rel == "the" and not (m["year"] or m["syear"]) and not m["pos"]:
        # "in the fall": the season nearest in tense
        rel = ""
    year = m["year"]
    if m["syear"]:
        spoken = spoken_year_value(m["syear"])
        year = str(spoken) if spoken else None
    return read_season(_Fake(season=m["season"], year=year, pos=m["pos"], rel=rel or None), ctx)


def _quarter(m: re.Match, ctx: Context) -> Reading | None:
    if m["nthq"]:
        year = m["qyear"]
        return read_quarter(_Fake(nth=m["nthq"][1], unit="quarter", pre="", year=year, preyear=None), ctx)
    nth = (m["nth"] or "").lower()
    if m["unit"].lower() == "period" and nth not in ("latest", "current", "same", "that", "the", "this",
                                                     "corresponding", ""):
        return None  # "third-period goal"
    if nth in ("final", "last", "same", "that", "the", "") and not m["pre"] and m["unit"].lower() != "quarter":
        return None
    return read_quarter(m, ctx)


def _year_ago(m: re.Match, ctx: Context) -> Reading | None:
    """"the year-ago quarter", "year-earlier" (profit): the same period a year before."""
    if not m["unit"] and m["adj"].lower().replace("-", " ") in ("year earlier", "year ago") and " " in m["adj"]:
        return None  # "a year earlier" is read by the "ago" rule
    if not m["unit"] and m["pre"]:
        return None
    focus = ctx.reported_quarter()
    if focus is not None:
        point = shifted_point(focus, -1, "Y")
        return Reading("DATE", point.value, anchor="discourse", anchor_value="-P1Y", point=point)
    return relative_to_dct(ctx, -1, "Y", "year")


def spoken_year_value(text: str) -> int | None:
    """'nineteen ninety-six' -> 1996, 'two thousand and one' -> 2001."""
    words = text.lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + int(number_value(" ".join(rest)) or 0) if rest else 2000
    head = 19 if words[0] == "nineteen" else 20
    tail = number_value(" ".join(words[1:]))
    if tail is None or tail >= 100:
        return None
    return head * 100 + int(tail)


def _week_of(m: re.Match, ctx: Context) -> Reading | None:
    """"the week of March 6": the ISO week that holds the day."""
    day = read_month_day(_Fake(month=m["month"], day=m["day"], year=m["year"], mod=None), ctx)
    if day is None:
        return None
    if day.point is None:
        return Reading("DATE", "XXXX-WXX", anchor=day.anchor, anchor_value=day.anchor_value)
    point = at_granularity(day.point.as_date(), "week")
    return Reading("DATE", point.value, anchor=day.anchor, anchor_value=day.anchor_value, point=point,
                   explicit=day.explicit)


def _spoken_year(m: re.Match, ctx: Context) -> Reading | None:
    year = spoken_year_value(m["year"])
    if year is None:
        return None
    point = Point(year)
    return Reading("DATE", point.value, point=point, explicit=True)


def _year_end(m: re.Match, ctx: Context) -> Reading | None:
    prev = ctx.discourse_point()
    mod = "APPROX" if m["pos"] else "END"
    if re.search(r"\bsince\s+$", ctx.text[max(0, m.start() - 8):m.start()], re.IGNORECASE):
        # "the change since year-end": the last year-end before the document date
        return relative_to_dct(ctx, -1, "Y", "year", mod)
    if prev is not None and not ctx.paragraph_changed and ctx.previous_explicit is ctx.previous:
        return Reading("DATE", str(prev.year), mod, anchor="discourse", point=Point(prev.year))
    reading = relative_to_dct(ctx, 0, "Y", "year", mod)
    return reading
