"""Infers the document date from the text's own evidence and checks the stated date against it.

A scraped page often has no date, or the wrong one (the crawl date, a
republication date). The text itself says a lot: the years it mentions in
past-tense clauses, the tense of references to dated events ("scheduled to
be held on June 12"), weekday-date pairs ("on Tuesday" + "June 12"), reports
of a dated event as happening now ("are holding a meeting ... on Tuesday").
Each of these becomes a ``DateEvidence``: a list of ``[earliest, latest]``
windows any of which may hold, a weight, and the words it came from. Later
stages add more evidence the same way (offices held by the actors, other
articles of the same story) through ``extra_evidence``.

``combine(evidence)`` is the one place that weighs the evidence: every day
scores the summed weight of the evidence whose windows contain it, and the
best-scoring stretch is the document date window. ``docs/language.md``
describes the evidence kinds, the weights and the flags.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..errors import ConfigError
from ..model import DateEvidence, DocDate, Span, Timex

Day = dt.date
Window = tuple[Day | None, Day | None]

# --- weights (see docs/language.md) ---
W_EXPLICIT = 1.0  # an explicit year or date in a past / future clause
W_RECENCY = 0.5  # the document is usually within two years after the latest past year it mentions
W_PAIR = 1.0  # a weekday and a month-day naming the same day
W_TODAY = 1.0  # "today's meeting" = the meeting on June 12
W_MONTH_DAY = 0.5  # a month-day without year in a past / future / progressive clause
W_MONTH = 0.25  # a month without year in a past / future clause
W_PRESENT = 0.5  # an explicit period in a present-progressive clause
CONTRADICTION_MARGIN = 1.0  # a date scoring this much below the best is contradicted
MAX_INFERRED_SPAN = 31  # days: a wider best window gives no single inferred date
RECENCY_YEARS = 2
YEAR_SPREAD = 10  # yearless evidence is expanded over the anchor years +- this many years
NO_ANCHOR_YEARS = 30  # ... or over the last 30 years when the text has no year at all

FUTURE_AUX = {"will", "shall", "'ll", "wo", "would", "'d"}
PLANNING_LEMMAS = {"schedule", "set", "due", "plan", "expect", "slate", "go", "intend", "poise"}
PERFECT_AUX = {"have", "has", "had", "'ve", "'s", "'d"}
REPORTING_LEMMAS = {"say", "tell", "add", "state", "report", "note", "be", "have", "do"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
TODAY_WORDS = {"today": 0, "tonight": 0, "yesterday": 1, "tomorrow": -1}
WEEKDAY_NAMES = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
}
SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}

ABSOLUTE = re.compile(r"^(\d{4})(?:-(\d{2}|W\d{2}|Q[1-4]|H[12]|SP|SU|FA|AU|WI)(?:-(\d{2}|\d))?)?(?:T.*)?$")
DECADE = re.compile(r"^(\d{3})X$")
MONTH_DAY = re.compile(r"^XXXX-(\d{2})-(\d{2})$")
MONTH = re.compile(r"^XXXX-(\d{2})$")
WEEKDAY = re.compile(r"^XXXX-WXX-([1-7])$")


# --- dates and windows --------------------------------------------------------------------


def parse_iso(value: str | None) -> tuple[Day, Day] | None:
    """The first and last day of an ISO date, month or year (``2018-06-12``, ``2018-06``, ``2018``)."""
    if not value:
        return None
    return period(value.strip()[:10] if len(value.strip()) > 10 else value.strip())


def period(value: str) -> tuple[Day, Day] | None:
    """First and last day of an absolute TIMEX3 date value, or None if it has no fixed year."""
    decade = DECADE.match(value)
    if decade:
        year = int(decade.group(1)) * 10
        return _safe(year, 1, 1), _safe(year + 9, 12, 31)
    match = ABSOLUTE.match(value)
    if not match:
        return None
    year, part, day = int(match.group(1)), match.group(2), match.group(3)
    try:
        if part is None:
            return Day(year, 1, 1), Day(year, 12, 31)
        if part.isdigit():
            month = int(part)
            if day is not None:
                d = Day(year, month, int(day))
                return d, d
            return Day(year, month, 1), _month_end(year, month)
        if part.startswith("W"):
            monday = Day.fromisocalendar(year, int(part[1:]), 1)
            if day is not None:
                d = Day.fromisocalendar(year, int(part[1:]), int(day))
                return d, d
            return monday, monday + dt.timedelta(days=6)
        if part.startswith("Q"):
            q = int(part[1])
            return Day(year, 3 * q - 2, 1), _month_end(year, 3 * q)
        if part.startswith("H"):
            h = int(part[1])
            return Day(year, 6 * h - 5, 1), _month_end(year, 6 * h)
        first, last = SEASONS[part]
        return Day(year, first, 1), _month_end(year + (last - 1) // 12, (last - 1) % 12 + 1)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> Day:
    nxt = Day(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _safe(year: int, month: int, day: int) -> Day:
    return Day(min(max(year, 1), 9999), month, day)


def _shift_years(day: Day, years: int) -> Day:
    year = min(max(day.year + years, 1), 9999)
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def _iso(day: Day | None) -> str | None:
    return day.isoformat() if day else None


def _windows_out(windows: Iterable[Window]) -> list[list[str | None]]:
    return [[_iso(a), _iso(b)] for a, b in windows]


def _windows_in(evidence: DateEvidence) -> list[Window]:
    result = []
    for window in evidence.windows:
        lo = parse_iso(window[0]) if window and window[0] else None
        hi = parse_iso(window[1]) if len(window) > 1 and window[1] else None
        result.append((lo[0] if lo else None, hi[1] if hi else None))
    return result


# --- reading the clause around a time expression ------------------------------------------


def _tokens(doc, timex: Timex):
    return doc.char_span(timex.start, timex.end, alignment_mode="expand")


def clause_tense(doc, timex: Timex) -> str | None:
    """The tense of the clause a time expression sits in.

    ``"future"`` (will / would / 'll, or "scheduled to", "set to", "expected
    to" ...), ``"past"`` (a finite past verb, or a perfect), ``"progressive"``
    (is / are ... -ing), ``"present"``, or None when no verb governs it.
    """
    span = _tokens(doc, timex)
    if span is None or len(span) == 0:
        return None
    verb = _governing_verb(span.root)
    if verb is None:
        return None
    return _verb_tense(verb)


def _governing_verb(token):
    """The nearest verb (or auxiliary-carrying predicate) above ``token``."""
    seen = 0
    current = token
    while seen < 12:
        if current.pos_ in {"VERB", "AUX"} and current is not token:
            return current
        if current.head is current:
            return current if current.pos_ in {"VERB", "AUX"} else None  # a verbless headline
        current = current.head
        seen += 1
    return None


def _verb_tense(verb) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    aux_lower = {a.lower_ for a in auxes}
    if aux_lower & FUTURE_AUX:
        return "future"
    if _planned(verb):
        return "future"
    for aux in auxes:
        if aux.lemma_ == "have" or aux.lower_ in PERFECT_AUX and verb.tag_ == "VBN":
            return "past"
    finite = [t for t in [*auxes, verb] if "Fin" in t.morph.get("VerbForm")]
    tenses = {tense for t in finite for tense in t.morph.get("Tense")}
    if "Past" in tenses:
        return "past"
    if "Pres" in tenses:
        if verb.tag_ == "VBG" and any(a.lemma_ == "be" for a in auxes):
            return "progressive"
        return "present"
    if verb.dep_ in {"xcomp", "ccomp", "advcl", "conj", "relcl", "acl"} and verb.head is not verb:
        # an infinitive or participle takes the tense of the clause it hangs from
        return _verb_tense(verb.head) if verb.head.pos_ in {"VERB", "AUX"} else None
    return None


def _planned(verb) -> bool:
    """Is ``verb`` the infinitive of "scheduled to", "set to", "due to", "is to be" ...?"""
    current = verb
    for _ in range(3):
        if not any(c.lower_ == "to" and c.dep_ == "aux" for c in current.children):
            return False
        head = current.head
        if head is current:
            return False
        if head.lemma_ in PLANNING_LEMMAS or head.lower_ in {"due", "set", "scheduled", "slated"}:
            return True
        if head.lemma_ == "be" and current.dep_ in {"xcomp", "ccomp", "attr"}:
            return True  # "the talks are to be held on ..."
        current = head
    return False


def _attachment(token):
    """The word a time expression modifies: "holding" in "holding ... on Tuesday", "meeting" in "today's meeting"."""
    if token.dep_ == "pobj" and token.head is not token:
        token = token.head  # the preposition
    return token.head


def _context(doc, timex: Timex) -> set[str]:
    """What a time expression is about: lemmas of the word it modifies and its object, and the places."""
    span = _tokens(doc, timex)
    if span is None or len(span) == 0:
        return set()
    root = span.root
    attached = _attachment(root)
    heads = [attached] if attached is not root else []
    heads += [c for c in attached.children if c.dep_ in {"dobj", "nsubj", "nsubjpass", "attr"}]
    context = {
        f"word:{h.lemma_.lower()}" for h in heads
        if h.pos_ in {"NOUN", "VERB"} and h.lemma_.lower() not in REPORTING_LEMMAS and not h.is_stop
    }
    for owner in [*heads, root]:
        for prep in owner.children:
            if prep.dep_ == "prep" and prep.lower_ in {"in", "at"}:
                for obj in prep.children:
                    if obj.ent_type_ in PLACE_LABELS:
                        context.add(f"place:{_entity_text(doc, obj).lower()}")
    return context


def _entity_text(doc, token) -> str:
    for ent in token.sent.ents if token.sent is not None else doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text
    return token.text


# --- evidence from the text ---------------------------------------------------------------


@dataclass
class _Mention:
    timex: Timex
    kind: str  # "absolute" | "month-day" | "month" | "weekday" | "today"
    tense: str | None
    context: set[str]
    period: tuple[Day, Day] | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    offset: int = 0  # today 0, yesterday 1 (the document is a day after), tomorrow -1


def _classify(doc, timex: Timex) -> _Mention | None:
    if timex.type not in {"DATE", "TIME"}:
        return None
    value = timex.value or ""
    lower = timex.text.lower().strip()
    words = re.findall(r"[a-z]+", lower)
    tense = clause_tense(doc, timex)
    context = _context(doc, timex)
    named_weekday = next((WEEKDAY_NAMES[w] for w in words if w in WEEKDAY_NAMES), None)
    if lower.rstrip("'’s").strip() in TODAY_WORDS or (words and words[0] in TODAY_WORDS and len(words) <= 2):
        word = words[0]
        return _Mention(timex, "today", tense, context, offset=TODAY_WORDS[word])
    if timex.anchor != "dct":
        span = period(value)
        if span is None:
            return None
        mention = _Mention(timex, "absolute", tense, context, period=span)
        mention.weekday = named_weekday
        return mention
    if match := MONTH_DAY.match(value):
        return _Mention(timex, "month-day", tense, context, month=int(match.group(1)),
                        day=int(match.group(2)), weekday=named_weekday)
    if match := MONTH.match(value):
        return _Mention(timex, "month", tense, context, month=int(match.group(1)))
    if match := WEEKDAY.match(value):
        return _Mention(timex, "weekday", tense, context, weekday=int(match.group(1)))
    return None


def _span(timex: Timex) -> Span:
    return Span(start=timex.start, end=timex.end, text=timex.text)


def _year_range(mentions: list[_Mention], extra: list[DateEvidence], stated: str | None,
                given: str | None) -> tuple[range, list[int]]:
    """Years to expand yearless evidence over, and the years the text itself mentions."""
    mentioned = sorted({y for m in mentions if m.period for y in (m.period[0].year, m.period[1].year)})
    anchors = set(mentioned)
    for ev in extra:
        for lo, hi in _windows_in(ev):
            anchors.update(d.year for d in (lo, hi) if d is not None)
    for value in (stated, given):
        span = parse_iso(value)
        if span:
            anchors.add(span[0].year)
    if anchors:
        first, last = min(anchors) - YEAR_SPREAD, max(anchors) + YEAR_SPREAD
    else:
        this_year = dt.date.today().year
        first, last = this_year - NO_ANCHOR_YEARS, this_year + 1
    return range(max(first, 2), min(last, 9998) + 1), mentioned


def _month_day(year: int, month: int, day: int) -> Day | None:
    try:
        return Day(year, month, day)
    except ValueError:
        return None


def _tense_window(first: Day, last: Day, tense: str | None) -> Window | None:
    """Where the document date lies, given a yearless period it mentions and the clause's tense.

    Past: within a year after the period starts; future: within a year before
    it ends; progressive: the period itself, give or take a day.
    """
    one_day = dt.timedelta(days=1)
    if tense == "past":
        return first, max(last, _shift_years(first, 1) - one_day)
    if tense == "future":
        return min(first, _shift_years(last, -1) + one_day), last
    if tense == "progressive":
        return first - one_day, last + one_day
    return None


def _cyclic(windows: list[Window], years: range) -> list[Window]:
    """Yearless evidence says nothing outside the years it was expanded over: leave those open."""
    return [(None, Day(years.start, 1, 1) - dt.timedelta(days=1)), *windows,
            (Day(years.stop, 1, 1), None)]


def _explicit_evidence(mentions: list[_Mention]) -> list[DateEvidence]:
    result = []
    latest_past: _Mention | None = None
    earliest_future: _Mention | None = None
    for m in mentions:
        if m.kind != "absolute" or m.period is None:
            continue
        first, last = m.period
        what = "year" if (last - first).days > 31 * 3 else "date"
        if m.tense == "past":
            result.append(DateEvidence(
                kind=f"explicit-{what}",
                detail=f"'{m.timex.text}' ({m.timex.value}) in a past-tense clause: the document is not earlier",
                windows=_windows_out([(first, None)]), weight=W_EXPLICIT, span=_span(m.timex)))
            if latest_past is None or first > latest_past.period[0]:
                latest_past = m
        elif m.tense == "future":
            result.append(DateEvidence(
                kind=f"explicit-{what}",
                detail=f"'{m.timex.text}' ({m.timex.value}) in a future-tense clause: the document is not later",
                windows=_windows_out([(None, last)]), weight=W_EXPLICIT, span=_span(m.timex)))
            if earliest_future is None or last < earliest_future.period[1]:
                earliest_future = m
        elif m.tense == "progressive":
            result.append(DateEvidence(
                kind=f"explicit-{what}",
                detail=f"'{m.timex.text}' ({m.timex.value}) in a present-progressive clause: the document is then",
                windows=_windows_out([(first, last)]), weight=W_PRESENT, span=_span(m.timex)))
    if latest_past is not None:
        first, last = latest_past.period
        result.append(DateEvidence(
            kind="recency",
            detail=f"the latest past period the text mentions is {latest_past.timex.value}: documents "
                   f"usually date from within {RECENCY_YEARS} years after it",
            windows=_windows_out([(first, Day(min(last.year + RECENCY_YEARS, 9999), 12, 31))]),
            weight=W_RECENCY, span=_span(latest_past.timex)))
    if earliest_future is not None:
        first, last = earliest_future.period
        result.append(DateEvidence(
            kind="recency",
            detail=f"the earliest future period the text mentions is {earliest_future.timex.value}: "
                   f"documents usually date from within {RECENCY_YEARS} years before it",
            windows=_windows_out([(Day(max(first.year - RECENCY_YEARS, 1), 1, 1), last)]),
            weight=W_RECENCY, span=_span(earliest_future.timex)))
    return result


_RELATION = {
    "past": "the document is within a year after it",
    "future": "the document is within a year before it",
    "progressive": "the document is from that day",
}


def _yearless_evidence(mentions: list[_Mention], years: range) -> list[DateEvidence]:
    result = []
    for m in mentions:
        if m.kind == "month-day" and m.tense in {"past", "future", "progressive"}:
            windows = []
            for year in years:
                day = _month_day(year, m.month, m.day)
                if day is not None:
                    windows.append(_tense_window(day, day, m.tense))
            result.append(DateEvidence(
                kind="month-day-tense",
                detail=f"'{m.timex.text}' ({m.timex.value}) in a {m.tense} clause: "
                       f"{_RELATION[m.tense]} (expanded over {years.start}-{years.stop - 1})",
                windows=_windows_out(_cyclic(windows, years)), weight=W_MONTH_DAY, span=_span(m.timex)))
        elif m.kind == "month" and m.tense in {"past", "future"}:
            windows = []
            for year in years:
                first, last = Day(year, m.month, 1), _month_end(year, m.month)
                windows.append(_tense_window(first, last, m.tense))
            result.append(DateEvidence(
                kind="month-tense",
                detail=f"'{m.timex.text}' ({m.timex.value}) in a {m.tense} clause: "
                       f"{_RELATION[m.tense]} (expanded over {years.start}-{years.stop - 1})",
                windows=_windows_out(_cyclic(windows, years)), weight=W_MONTH, span=_span(m.timex)))
    return result


def _groups(mentions: list[_Mention], doc) -> list[list[_Mention]]:
    """Mentions that name the same day: adjacent in one sentence, or about the same thing."""
    linkable = [m for m in mentions if m.kind in {"month-day", "weekday", "today"}
                or (m.kind == "absolute" and m.period and m.period[0] == m.period[1])]
    parent = list(range(len(linkable)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(linkable):
        for j in range(i + 1, len(linkable)):
            b = linkable[j]
            between = doc.text[a.timex.end:b.timex.start]
            adjacent = 0 <= len(between) <= 3 and not between.strip(" ,(") or between.strip() in {"(", ","}
            if adjacent or (a.context & b.context):
                parent[find(i)] = find(j)
    groups: dict[int, list[_Mention]] = {}
    for i, m in enumerate(linkable):
        groups.setdefault(find(i), []).append(m)
    return [g for g in groups.values() if len(g) > 1]


def _same_day_evidence(mentions: list[_Mention], doc, years: range) -> list[DateEvidence]:
    """Weekday-date pairs ("on Tuesday" + "June 12") and "today's meeting" = the meeting on June 12."""
    result = []
    groups = _groups(mentions, doc)
    groups += [[m] for m in mentions if m.kind == "month-day" and m.weekday is not None]  # "Tuesday, June 12"
    for group in groups:
        dated = [m for m in group if m.kind in {"month-day", "absolute"}]
        weekdays = {m.weekday for m in group if m.weekday is not None}
        if len({(m.month, m.day, m.period) for m in dated}) != 1 or len(weekdays) > 1:
            continue  # no date, or several different ones: not one day
        date = dated[0]
        if date.kind == "absolute":
            days = [date.period[0]]
        else:
            days = [d for y in years if (d := _month_day(y, date.month, date.day)) is not None]
        today = next((m for m in group if m.kind == "today"), None)
        if today is not None:
            shift = dt.timedelta(days=today.offset)
            result.append(DateEvidence(
                kind="today-event",
                detail=f"'{today.timex.text}' is about the same thing as '{date.timex.text}' "
                       f"({_shared(group)}): the document is from "
                       + ("that day" if not today.offset else f"{today.offset:+d} day(s) after it"),
                windows=_windows_out((d + shift, d + shift) for d in days),
                weight=W_TODAY, span=_span(date.timex)))
        if not weekdays:
            continue
        weekday = weekdays.pop()
        said = next((m for m in group if m.weekday is not None and m is not date), date)
        matching = [d for d in days if d.isoweekday() == weekday]
        windows = [_weekday_window(d, said.tense) for d in matching]
        years_text = ", ".join(str(d.year) for d in matching) or "no year near the text"
        result.append(DateEvidence(
            kind="weekday-date",
            detail=f"'{said.timex.text}' ({said.tense or 'no'} tense) and '{date.timex.text}' name the same "
                   f"day ({_shared(group)}), a {_weekday_name(weekday)} in {years_text}",
            windows=_windows_out(windows), weight=W_PAIR if windows else 0.0, span=_span(date.timex)))
    return result


def _shared(group: list[_Mention]) -> str:
    """What links the mentions of a group, for the evidence detail."""
    common = sorted({c for i, a in enumerate(group) for b in group[i + 1:] for c in a.context & b.context})
    if not common:
        return "written together"
    return "linked by " + ", ".join(c.split(":", 1)[1] for c in common)


def _weekday_window(day: Day, tense: str | None) -> Window:
    """A weekday name refers to a day within a week of the document date."""
    week = dt.timedelta(days=6)
    if tense == "past":
        return day, day + week
    if tense == "future":
        return day - week, day
    if tense == "progressive":
        return day, day
    return day - week, day + week


def _weekday_name(number: int) -> str:
    return next(name for name, n in WEEKDAY_NAMES.items() if n == number).capitalize()


def text_evidence(doc, timexes: Iterable[Timex], *, years: range | None = None,
                  extra: Iterable[DateEvidence] = (), stated: str | None = None,
                  given: str | None = None) -> list[DateEvidence]:
    """All the evidence about the document date that the text's time expressions give."""
    mentions = [m for t in timexes if (m := _classify(doc, t)) is not None]
    if years is None:
        years, _ = _year_range(mentions, list(extra), stated, given)
    return [*_explicit_evidence(mentions), *_yearless_evidence(mentions, years),
            *_same_day_evidence(mentions, doc, years)]


# --- weighing ---------------------------------------------------------------------------


@dataclass
class Combined:
    """The result of weighing evidence: the best-scoring stretches of days."""

    best: float
    pieces: list[tuple[Day | None, Day | None]]  # maximal stretches that reach ``best``
    score_of: Callable[[Day], float]


def _merge(windows: list[Window]) -> list[Window]:
    """The same windows as a sorted list of disjoint ones."""
    spans = sorted((a or Day.min, b or Day.max) for a, b in windows)
    merged: list[list[Day]] = []
    for a, b in spans:
        if a > b:
            continue
        if merged and (a - merged[-1][1]).days <= 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a if a != Day.min else None, b if b != Day.max else None) for a, b in merged]


def combine(evidence: Iterable[DateEvidence]) -> Combined:
    """Weigh evidence: a day scores the summed weight of the evidence that allows it.

    Evidence of the same kind with the same windows counts once (repeating a
    year does not make it weigh more). Returns the best score and the maximal
    stretches of days that reach it.
    """
    unique: dict[tuple, float] = {}
    for ev in evidence:
        if ev.weight <= 0 or not ev.windows:
            continue
        key = (ev.kind, tuple(_merge(_windows_in(ev))))
        unique[key] = max(unique.get(key, 0.0), ev.weight)
    if not unique:
        return Combined(best=0.0, pieces=[(None, None)], score_of=lambda day: 0.0)
    # sweep over day ordinals: +weight where a window opens, -weight the day after it closes
    start, stop = 0, Day.max.toordinal() + 2
    changes: dict[int, float] = {}
    for (_, windows), weight in unique.items():
        for a, b in windows:
            lo = a.toordinal() if a else start
            hi = b.toordinal() + 1 if b else stop
            changes[lo] = changes.get(lo, 0.0) + weight
            changes[hi] = changes.get(hi, 0.0) - weight
    points = sorted(changes)
    stretches: list[tuple[int, int, float]] = []
    score = 0.0
    previous = start
    for point in points:
        if point > previous:
            stretches.append((previous, point - 1, score))
        score += changes[point]
        previous = point
    if previous < stop:
        stretches.append((previous, stop - 1, score))
    best = max(s for _, _, s in stretches)
    pieces: list[list[int]] = []
    for lo, hi, s in stretches:
        if abs(s - best) > 1e-9:
            continue
        if pieces and pieces[-1][1] + 1 == lo:
            pieces[-1][1] = hi
        else:
            pieces.append([lo, hi])

    def to_day(ordinal: int) -> Day | None:
        return Day.fromordinal(ordinal) if 1 <= ordinal <= Day.max.toordinal() and ordinal not in (start, stop - 1) else None

    def score_of(day: Day) -> float:
        o = day.toordinal()
        for lo, hi, s in stretches:
            if lo <= o <= hi:
                return s
        return 0.0

    return Combined(best=best, pieces=[(to_day(lo), to_day(hi)) for lo, hi in pieces], score_of=score_of)


def _distance_to_years(piece: tuple[Day | None, Day | None], years: list[int]) -> float:
    lo, hi = piece
    if lo is None or hi is None or not years:
        return float("inf")
    best = float("inf")
    for year in years:
        a, b = Day(year, 1, 1), Day(year, 12, 31)
        if hi < a:
            gap = (a - hi).days
        elif lo > b:
            gap = (lo - b).days
        else:
            gap = 0
        best = min(best, gap)
    return best


def _choose(combined: Combined, mentioned: list[int]) -> tuple[tuple[Day | None, Day | None] | None, bool]:
    """The best piece, and whether the choice among several was ambiguous."""
    pieces = combined.pieces
    if len(pieces) == 1:
        return pieces[0], False
    ranked = sorted(pieces, key=lambda p: _distance_to_years(p, mentioned))
    first, second = (_distance_to_years(p, mentioned) for p in ranked[:2])
    if first <= 365 * 3 and second - first >= 365:
        return ranked[0], False  # the one nearest the years the text mentions
    return None, True


def _score_of_period(combined: Combined, value: str) -> float | None:
    span = parse_iso(value)
    if span is None:
        return None
    first, last = span
    if (last - first).days == 0:
        return combined.score_of(first)
    return max(combined.score_of(first + dt.timedelta(days=k)) for k in range(0, (last - first).days + 1))


# --- the document date --------------------------------------------------------------------


def infer_document_date(doc, timexes: Iterable[Timex], *, stated: str | None, given: str | None = None,
                        extra_evidence: Iterable[DateEvidence] = ()) -> DocDate:
    """Weigh the stated (and given) date against the text's evidence and choose the date to use.

    ``timexes`` are the unanchored time expressions (``extract_timexes(doc,
    dct=None)``); ``extra_evidence`` comes from other stages. ``used`` is the
    given date, else the stated date if the text does not contradict it, else
    the inferred date, else the stated date, else None.
    """
    if given is not None and parse_iso(given) is None:
        raise ConfigError(f"the document date {given!r} is not an ISO date (YYYY-MM-DD)")
    flags: list[str] = []
    stated_span = parse_iso(stated) if stated else None
    if stated and stated_span is None:
        flags.append("stated-date-unreadable")
        stated = None
    timexes = list(timexes)
    extra = list(extra_evidence)
    mentions = [m for t in timexes if (m := _classify(doc, t)) is not None]
    years, mentioned = _year_range(mentions, extra, stated, given)
    evidence = [*_explicit_evidence(mentions), *_yearless_evidence(mentions, years),
                *_same_day_evidence(mentions, doc, years), *extra]
    combined = combine(evidence)
    piece, ambiguous = _choose(combined, mentioned)
    inferred = None
    window: list[str | None] = [None, None]
    if piece is not None:
        lo, hi = piece
        window = [_iso(lo), _iso(hi)]
        if lo is not None and hi is not None and (hi - lo).days <= MAX_INFERRED_SPAN and combined.best > 0:
            inferred = (lo + (hi - lo) / 2).isoformat()
        elif combined.best > 0:
            flags.append("date-imprecise")
    else:
        lows = [p[0] for p in combined.pieces]
        highs = [p[1] for p in combined.pieces]
        window = [None if None in lows else _iso(min(lows)), None if None in highs else _iso(max(highs))]
    if ambiguous:
        flags.append("date-ambiguous")
    contradicted = False
    if stated is not None and combined.best > 0:
        score = _score_of_period(combined, stated)
        contradicted = score is not None and combined.best - score >= CONTRADICTION_MARGIN
        if contradicted:
            flags.append("stated-date-contradicted")
    if given is not None:
        score = _score_of_period(combined, given)
        if score is not None and combined.best > 0 and combined.best - score >= CONTRADICTION_MARGIN:
            flags.append("given-date-contradicted")
        used, source = given, "given"
    elif stated is not None and not contradicted:
        used, source = stated, "stated"
    elif inferred is not None:
        used, source = inferred, "inferred"
    elif stated is not None:
        used, source = stated, "stated"
    else:
        used, source = None, "none"
        flags.append("no-date")
    if stated is None and given is None and "stated-date-unreadable" not in flags:
        flags.append("no-stated-date")
    return DocDate(stated=stated, inferred=inferred, window=window, evidence=evidence, used=used,
                   source=source, contradicted=contradicted, flags=flags)
