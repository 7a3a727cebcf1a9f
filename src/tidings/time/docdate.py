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
scores the summed weight of the evidence whose windows contain it. Days
scoring less than ``CONTRADICTION_MARGIN`` below the best are plausible (the
``window``; a stated date outside them is contradicted), and the best days,
with priors breaking ties, give the ``inferred`` date. ``docs/language.md``
describes the evidence kinds, the weights and the flags.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import ConfigError
from ..model import DateEvidence, DocDate, Span, Timex

Day = dt.date
Window = tuple[Day | None, Day | None]

# --- weights (see docs/language.md) ---
W_EXPLICIT = 1.0  # an explicit year or date in a past / future clause
W_RECENCY = 0.5  # the document is usually within two years after the latest past year it mentions
W_PAIR = 1.0  # a weekday and a month-day written together ("Tuesday, June 12")
W_LINKED = 0.5  # ... or linked through the same event noun or place ("today's meeting", "summit in Singapore")
W_MONTH_DAY = 0.5  # a month-day without year in a past / future / progressive clause
W_MONTH = 0.25  # a month without year in a past / future clause
W_PRESENT = 0.5  # an explicit period in a present-progressive clause
W_DISCOURSE = 0.5  # a date whose year the time stage took from an earlier expression
W_DATELINE = 0.5  # a dateline's month-day without year ("WASHINGTON, Nov. 20 (Reuters) -"): twice, for the
# day itself and for the day give or take one (time zones), so the day wins and a neighbour stays plausible
CORPUS_KINDS = {"corpus", "repost"}  # evidence from other articles (tidings.link)
PRIOR_KINDS = {"recency"}  # tie-breakers: they never make a date implausible
CONTRADICTION_MARGIN = 1.0  # a date scoring this much below the best is contradicted
MAX_INFERRED_SPAN = 31  # days: a wider best window gives no single inferred date
RECENCY_YEARS = 2
YEARS_BEFORE, YEARS_AFTER = 10, 30  # yearless evidence is expanded over these years around the anchors
NO_ANCHOR_FIRST_YEAR = 1900  # ... or from 1900 to next year when the text has no year at all

FUTURE_AUX = {"will", "shall", "'ll", "wo", "would"}  # "'d" too, before a bare verb ("she'd go")
PLANNING_LEMMAS = {"schedule", "set", "due", "plan", "expect", "slate", "go", "intend", "poise"}
REPORTING_LEMMAS = {"say", "tell", "add", "state", "report", "note", "be", "have", "do"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NOUN_MODIFIERS = {"compound", "nmod", "nummod", "amod", "poss"}  # "the 1994 act", "today's meeting"
DEADLINE_PREPS = {"by", "until", "till", "through", "into", "before"}
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


def clause_tense(doc, timex: Timex, cache: dict | None = None) -> str | None:
    """The tense of the clause a time expression sits in, as evidence for the document date.

    ``"future"`` (will / would / 'll, or "scheduled to", "set to", "expected
    to" ...), ``"past"`` (a finite past verb, or a perfect), ``"progressive"``
    (is / are ... -ing), ``"present"``, or None when the clause says nothing
    about when the expression's day is: no verb governs it, it modifies a noun
    ("the 1994 act", "the November 1995 assassination", "notes due March 15,
    2007"), or it is a deadline in a past clause ("promised to halve it by 2000").
    ``cache`` (one dict per document) keeps each verb's tense: a verb with a thousand dates
    hanging from it is read once, not once per date.
    """
    span = _tokens(doc, timex)
    if span is None or len(span) == 0:
        return None
    root = span.root
    if root.head.pos_ == "ADJ" or (root.dep_ in NOUN_MODIFIERS and root.head.pos_ in {"NOUN", "PROPN"}):
        return None
    verb, preps = _governing_verb(root)
    if span.start > 0:
        preps.add(doc[span.start - 1].lower_)  # "by the year two thousand", however it parsed
    if verb is None:
        return None
    if cache is None:
        tense = _verb_tense(verb)
    else:
        key = ("tense", verb.i)
        if key not in cache:
            cache[key] = _verb_tense(verb)
        tense = cache[key]
    if tense == "past" and preps & DEADLINE_PREPS:
        return None
    return tense


def _governing_verb(token):
    """The nearest verb above ``token``, and the prepositions on the way to it."""
    preps: set[str] = set()
    current = token
    for _ in range(12):
        if current.pos_ in {"VERB", "AUX"} and current is not token:
            return current, preps
        if current.dep_ == "prep":
            preps.add(current.lower_)
        if current.head is current:
            return (current if current.pos_ in {"VERB", "AUX"} else None), preps  # None: a verbless headline
        current = current.head
    return None, preps


def _verb_tense(verb) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    aux_lower = {a.lower_ for a in auxes}
    if aux_lower & FUTURE_AUX or ("'d" in aux_lower and verb.tag_ == "VB") or _planned(verb):
        return "future"
    if any(aux.lemma_ == "have" for aux in auxes):
        return "past"  # a perfect: "have met since 2019", "had left by then"
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


def _context(doc, timex: Timex, cache: dict | None = None) -> set[str]:
    """What a time expression is about: lemmas of the word it modifies and its object, and the places.

    ``cache`` (one dict per document) keeps what each head word gives, so that a thousand dates
    hanging from one verb read its children once (near-linear, not quadratic)."""
    span = _tokens(doc, timex)
    if span is None or len(span) == 0:
        return set()
    root = span.root
    attached = _attachment(root)
    cache = {} if cache is None else cache
    key = ("objects", attached.i)
    if key not in cache:
        cache[key] = [c for c in attached.children if c.dep_ in {"dobj", "nsubjpass"}]
    heads = [attached] if attached is not root else []
    heads += cache[key]
    # the event nouns: "summit" in "the summit on June 12", "meeting" in "holding a meeting on Tuesday"
    context = {
        f"word:{h.lemma_.lower()}" for h in heads
        if h.pos_ == "NOUN" and h.lemma_.lower() not in REPORTING_LEMMAS and not h.is_stop
    }
    for owner in [*heads, root]:
        key = ("places", owner.i)
        if key not in cache:
            cache[key] = {f"place:{_entity_text(doc, obj).lower()}"
                          for prep in owner.children if prep.dep_ == "prep" and prep.lower_ in {"in", "at"}
                          for obj in prep.children if obj.ent_type_ in PLACE_LABELS}
        context |= cache[key]
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


def _classify(doc, timex: Timex, cache: dict | None = None) -> _Mention | None:
    if timex.type not in {"DATE", "TIME"}:
        return None
    value = timex.value or ""
    lower = timex.text.lower().strip()
    words = re.findall(r"[a-z]+", lower)
    tense = clause_tense(doc, timex, cache)
    context = _context(doc, timex, cache)
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
                given: str | None) -> tuple[range, list[int], bool]:
    """Years to expand yearless evidence over, the years the text itself mentions, and whether
    any year anchors the range (else it is 1900 to next year)."""
    mentioned = sorted({y for m in mentions if m.period for y in (m.period[0].year, m.period[1].year)})
    anchors = set(mentioned)
    for ev in extra:
        for lo, hi in _windows_in(ev):
            anchors.update(d.year for d in (lo, hi) if d is not None)
    for value in (stated, given):
        span = parse_iso(value)
        if span:
            anchors.add(span[0].year)
    next_year = dt.date.today().year + 1
    if anchors:
        # documents come after the years they mention, sometimes long after; not from the future
        first = min(anchors) - YEARS_BEFORE
        last = min(max(anchors) + YEARS_AFTER, max(next_year, max(anchors) + 1))
    else:
        first, last = NO_ANCHOR_FIRST_YEAR, next_year
    return range(max(first, 2), min(last, 9998) + 1), mentioned, bool(anchors)


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
        written = m.timex.anchor is None  # the year is in the text, not taken from an earlier date
        kind = ("explicit-year" if (last - first).days > 31 * 3 else "explicit-date") if written else "discourse-date"
        weight = W_EXPLICIT if written else W_DISCOURSE
        if m.tense == "past":
            result.append(DateEvidence(
                kind=kind,
                detail=f"'{m.timex.text}' ({m.timex.value}) in a past-tense clause: the document is not earlier",
                windows=_windows_out([(first, None)]), weight=weight, span=_span(m.timex)))
            if written and (latest_past is None or first > latest_past.period[0]):
                latest_past = m
        elif m.tense == "future":
            result.append(DateEvidence(
                kind=kind,
                detail=f"'{m.timex.text}' ({m.timex.value}) in a future-tense clause: the document is not later",
                windows=_windows_out([(None, last)]), weight=weight, span=_span(m.timex)))
            if written and (earliest_future is None or last < earliest_future.period[1]):
                earliest_future = m
        elif m.tense == "progressive":
            result.append(DateEvidence(
                kind=kind,
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
    """Mentions that name the same day: adjacent in one sentence, or about the same thing.

    Near-linear in the number of mentions: adjacency is only checked between mentions
    that follow each other in the text, and mentions sharing a context word are joined
    through one index per word (a text of 800 dates once took 55 s pairwise).
    """
    linkable = [m for m in mentions if m.kind in {"month-day", "weekday", "today"}
                or (m.kind == "absolute" and m.period and m.period[0] == m.period[1])]
    parent = list(range(len(linkable)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    text = doc.text if linkable else ""  # built anew on each access of a spaCy Doc: read it once
    order = sorted(range(len(linkable)), key=lambda k: linkable[k].timex.start)
    for n, i in enumerate(order):
        a = linkable[i]
        for j in order[n + 1:]:
            b = linkable[j]
            if b.timex.start > a.timex.end + 3:
                break  # sorted by start: no later mention is written next to this one
            if _adjacent(text, a, b):
                union(i, j)
    by_context: dict[str, int] = {}
    for i, m in enumerate(linkable):
        for key in m.context:
            if key in by_context:
                union(i, by_context[key])
            else:
                by_context[key] = i
    groups: dict[int, list[_Mention]] = {}
    for i, m in enumerate(linkable):
        groups.setdefault(find(i), []).append(m)
    return [g for g in groups.values() if len(g) > 1]


def _adjacent(text: str, a: _Mention, b: _Mention) -> bool:
    """Written together: "Tuesday, June 12", "June 12 (Tuesday)", or one expression."""
    if a is b:
        return True
    first, second = (a, b) if a.timex.start <= b.timex.start else (b, a)
    between = text[first.timex.end:second.timex.start]
    return len(between) <= 3 and not between.strip(" ,(")


def _same_day_evidence(mentions: list[_Mention], doc, years: range) -> list[DateEvidence]:
    """Weekday-date pairs ("on Tuesday" + "June 12") and "today's meeting" = the meeting on June 12."""
    result = []
    text = doc.text if doc is not None else ""
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
                weight=W_PAIR if _adjacent(text, today, date) else W_LINKED, span=_span(date.timex)))
        if not weekdays:
            continue
        weekday = weekdays.pop()
        said = next((m for m in group if m.weekday is not None and m is not date), date)
        matching = [d for d in days if d.isoweekday() == weekday]
        together = _adjacent(text, said, date)
        if together:  # "on Friday, Oct. 13": within a month of the document
            windows = [_weekday_window(d, said.tense, dt.timedelta(days=30)) for d in matching]
        else:  # a bare "on Tuesday" is within a week of the document
            windows = [_weekday_window(d, said.tense) for d in matching]
        years_text = ", ".join(str(d.year) for d in matching) or "no year near the text"
        result.append(DateEvidence(
            kind="weekday-date",
            detail=f"'{said.timex.text}' ({said.tense or 'no'} tense) and '{date.timex.text}' name the same "
                   f"day ({_shared(group)}), a {_weekday_name(weekday)} in {years_text}",
            windows=_windows_out(windows), span=_span(date.timex),
            weight=0.0 if not windows else W_PAIR if together else W_LINKED))
    return result


def _shared(group: list[_Mention]) -> str:
    """What links the mentions of a group, for the evidence detail (contexts two or more share)."""
    counts = Counter(c for m in group for c in m.context)
    common = sorted(c for c, n in counts.items() if n > 1)
    if not common:
        return "written together"
    return "linked by " + ", ".join(c.split(":", 1)[1] for c in common)


def _weekday_window(day: Day, tense: str | None, week: dt.timedelta = dt.timedelta(days=6)) -> Window:
    """A bare weekday name refers to a day within a week of the document date (and a day's slack).

    A weekday written with its date ("Friday, Oct. 13") reaches further: ``week`` is then a month.
    """
    one = dt.timedelta(days=1)
    if tense == "past":
        return day - one, day + week
    if tense == "future":
        return day - week, day + one
    if tense == "progressive":
        return day, day
    return day - week, day + week



def _weekday_name(number: int) -> str:
    return next(name for name, n in WEEKDAY_NAMES.items() if n == number).capitalize()


def _text_evidence(doc, timexes: list[Timex], extra: list[DateEvidence], stated: str | None,
                   given: str | None, dateline: tuple[int, int, str] | None = None
                   ) -> tuple[list[DateEvidence], list[int]]:
    cache: dict = {}  # per document: each head word's tense, objects and places, read once
    mentions = [m for t in timexes if (m := _classify(doc, t, cache)) is not None]
    years, mentioned, anchored = _year_range(mentions, extra, stated, given)
    # without any year, "within a year after March" holds in every year: not worth recording
    evidence = [*_explicit_evidence(mentions), *(_yearless_evidence(mentions, years) if anchored else []),
                *_same_day_evidence(mentions, doc, years)]
    if dateline is not None and anchored:
        evidence += _dateline_evidence(*dateline, years)
    return evidence, mentioned


def _dateline_evidence(month: int, day: int, raw: str, years: range) -> list[DateEvidence]:
    """A dateline without its year fixes the document's month and day; the year is left to the
    other evidence (the text's years, the actors' offices, the corpus)."""
    days = [d for year in years if (d := _month_day(year, month, day)) is not None]
    one = dt.timedelta(days=1)
    where = f"(expanded over {years.start}-{years.stop - 1})"
    return [
        DateEvidence(kind="dateline", detail=f"the dateline {raw!r} is the reporter's date of the story: the "
                     f"document is from that month and day {where}",
                     windows=_windows_out(_cyclic([(d, d) for d in days], years)), weight=W_DATELINE),
        DateEvidence(kind="dateline", detail=f"the dateline {raw!r}, give or take a day for time zones {where}",
                     windows=_windows_out(_cyclic([(d - one, d + one) for d in days], years)), weight=W_DATELINE),
    ]


def _dateline_note(dateline: tuple[int, int, str], used: str | None, source: str,
                   evidence: list[DateEvidence]) -> str | None:
    """In words: what a dateline without a year decided, and where the year came from."""
    month, day, raw = dateline
    if used is None:
        return (f"the dateline {raw!r} fixes the month and day, but no evidence fixes the year: the document "
                "date stays open")
    chosen = dt.date.fromisoformat(used)
    near = [d for y in (chosen.year - 1, chosen.year, chosen.year + 1)
            if (d := _month_day(y, month, day)) is not None and abs((d - chosen).days) <= 1]
    if not near:
        return f"the dateline {raw!r} disagrees with the date used, {used} ({source})"
    if source != "inferred":
        return None  # a stated or given date the dateline agrees with: nothing to explain
    kinds = {ev.kind for ev in evidence}
    if kinds & CORPUS_KINDS:
        origin = "other articles of the same story (corpus evidence)"
    elif "office-term" in kinds:
        origin = "the offices the actors hold and the text's own evidence"
    else:
        origin = "the text's own evidence"
    return f"the dateline {raw!r} fixes the month and day; the year {chosen.year} comes from {origin}"


# --- weighing ---------------------------------------------------------------------------


@dataclass
class Combined:
    """The result of weighing evidence.

    ``stretches`` are (first ordinal, last ordinal, score, prior) runs of days
    with the same scores: ``score`` sums the weight of the evidence that
    allows the day, ``prior`` that of the priors (kinds in ``PRIOR_KINDS``).
    """

    stretches: list[tuple[int, int, float, float]]

    @property
    def best(self) -> float:
        """The best evidence score any day reaches (priors left out)."""
        return max(s for _, _, s, _ in self.stretches)

    def score_of(self, day: Day) -> float:
        o = day.toordinal()
        return next((s for lo, hi, s, _ in self.stretches if lo <= o <= hi), 0.0)

    def plausible(self, day: Day) -> bool:
        """Not contradicted: the day scores less than ``CONTRADICTION_MARGIN`` below the best."""
        return self.best - self.score_of(day) < CONTRADICTION_MARGIN - 1e-9

    def window(self) -> tuple[Day | None, Day | None]:
        """The first and last plausible day (None: open-ended)."""
        ok = [(lo, hi) for lo, hi, s, _ in self.stretches if self.best - s < CONTRADICTION_MARGIN - 1e-9]
        return _to_day(ok[0][0]), _to_day(ok[-1][1])

    def pieces(self) -> list[tuple[Day | None, Day | None]]:
        """The maximal runs of days with the best score, priors included, among the best-scoring days."""
        top = [(lo, hi, p) for lo, hi, s, p in self.stretches if abs(s - self.best) < 1e-9]
        best_prior = max(p for _, _, p in top)
        runs: list[list[int]] = []
        for lo, hi, p in top:
            if abs(p - best_prior) > 1e-9:
                continue
            if runs and runs[-1][1] + 1 == lo:
                runs[-1][1] = hi
            else:
                runs.append([lo, hi])
        return [(_to_day(lo), _to_day(hi)) for lo, hi in runs]


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


_FIRST, _LAST = 0, Day.max.toordinal() + 1  # sentinels for open-ended windows


def _to_day(ordinal: int) -> Day | None:
    return None if ordinal in (_FIRST, _LAST) else Day.fromordinal(ordinal)


def combine(evidence: Iterable[DateEvidence]) -> Combined:
    """Weigh evidence: a day scores the summed weight of the evidence whose windows allow it.

    Evidence of the same kind with the same windows counts once (repeating a
    year does not make it weigh more). Priors (``PRIOR_KINDS``: "documents
    usually date from soon after the years they mention") are scored apart:
    they choose among the best-scoring days but never make a day implausible.
    """
    unique: dict[tuple, float] = {}
    for ev in evidence:
        if ev.weight <= 0 or not ev.windows:
            continue
        key = (ev.kind in PRIOR_KINDS, ev.kind, tuple(_merge(_windows_in(ev))))
        unique[key] = max(unique.get(key, 0.0), ev.weight)
    # sweep over day ordinals: +weight where a window opens, -weight the day after it closes
    changes: dict[int, list[float]] = {}
    for (prior, _, windows), weight in unique.items():
        for a, b in windows:
            lo = a.toordinal() if a else _FIRST
            hi = b.toordinal() + 1 if b else _LAST + 1
            changes.setdefault(lo, [0.0, 0.0])[prior] += weight
            changes.setdefault(hi, [0.0, 0.0])[prior] -= weight
    stretches: list[tuple[int, int, float, float]] = []
    score = prior_score = 0.0
    previous = _FIRST
    for point in sorted(changes):
        if point > previous:
            stretches.append((previous, point - 1, score, prior_score))
        score += changes[point][0]
        prior_score += changes[point][1]
        previous = point
    if previous <= _LAST:
        stretches.append((previous, _LAST, score, prior_score))
    return Combined(stretches=stretches)


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
    pieces = combined.pieces()
    if len(pieces) == 1:
        return pieces[0], False
    ranked = sorted(pieces, key=lambda p: _distance_to_years(p, mentioned))
    first, second = (_distance_to_years(p, mentioned) for p in ranked[:2])
    if first <= 365 * 3 and second - first >= 365:
        return ranked[0], False  # the one nearest the years the text mentions
    return None, True


def _plausible_period(combined: Combined, value: str) -> bool:
    """Is some day of the ISO date, month or year ``value`` plausible?"""
    first, last = parse_iso(value)
    return any(combined.plausible(first + dt.timedelta(days=k)) for k in range((last - first).days + 1))


# --- the document date --------------------------------------------------------------------


def infer_document_date(doc, timexes: Iterable[Timex], *, stated: str | None, given: str | None = None,
                        extra_evidence: Iterable[DateEvidence] = (), dateline: str | None = None) -> DocDate:
    """Weigh the stated (and given) date against the text's evidence and choose the date to use.

    ``timexes`` are the unanchored time expressions (``extract_timexes(doc,
    dct=None)``); ``extra_evidence`` comes from other stages. ``used`` is the
    given date, else the stated date if the text does not contradict it, else
    the inferred date, else the stated date, else None. ``dateline`` is the date of the
    article's dateline as written (``meta["dateline_date"]``); without a year ("Nov. 20") it
    is evidence for the month and day, and ``notes`` say where the year came from.
    """
    if given is not None and parse_iso(given) is None:
        raise ConfigError(f"the document date {given!r} is not an ISO date (YYYY-MM-DD)")
    from ..clean import date_refusal, dateline_month_day

    flags: list[str] = []
    notes: list[str] = []
    stated_as_printed = stated
    if stated is not None and parse_iso(stated) is None:
        flags.append("stated-date-unreadable")  # kept in ``stated``, never used
        stated = None
    elif stated is not None and (why := date_refusal(stated)) is not None:
        flags.append("stated-date-refused")  # a placeholder or impossible date: kept in ``stated``, never used
        notes.append(f"the stated date is refused: {why}")
        stated = None
    extra = list(extra_evidence)
    month_day = dateline_month_day(dateline)
    yearless = (*month_day, dateline.strip()) if month_day else None
    timexes = list(timexes)

    def weigh(line):
        found, years_mentioned = _text_evidence(doc, timexes, extra, stated, given, line)
        return [*found, *extra], years_mentioned

    # a dateline without its year weighs in when no date is stated or given, or when the text
    # contradicts the stated date (which agrees with the dateline already: clean.reconcile_dates)
    first = yearless if stated is None and given is None else None
    evidence, mentioned = weigh(first)
    combined = combine(evidence)
    contradicted = stated is not None and combined.best > 0 and not _plausible_period(combined, stated)
    if contradicted and yearless is not None and first is None:
        evidence, mentioned = weigh(yearless)
        combined = combine(evidence)
    piece, ambiguous = _choose(combined, mentioned)
    inferred = None
    window = [_iso(day) for day in combined.window()]
    if piece is not None and combined.best > 0:
        lo, hi = piece
        if lo is not None and hi is not None and (hi - lo).days <= MAX_INFERRED_SPAN:
            inferred = (lo + (hi - lo) / 2).isoformat()
            if hi != lo:
                flags.append("inferred-date-approximate")
        else:
            flags.append("date-imprecise")
    if ambiguous:
        flags.append("date-ambiguous")
    if contradicted:
        flags.append("stated-date-contradicted")
    if given is not None:
        if combined.best > 0 and not _plausible_period(combined, given):
            flags.append("given-date-contradicted")
        used, source = given, "given"
    elif stated is not None and not contradicted:
        used, source = stated, "stated"
    elif inferred is not None:
        used, source = inferred, "inferred"
        if contradicted:
            notes.append(f"the stated date {stated} is contradicted by the text; the date inferred from the "
                         f"text's evidence ({inferred}) is used")
    elif contradicted:
        # a contradicted date never anchors relative expressions: they are resolved only where the
        # whole plausible window gives them one value, the rest stay open (XXXX-06-12)
        used, source = None, "window"
        flags.append("anchored-on-window")
        notes.append(f"the stated date {stated} is contradicted by the text and no single date can be "
                     f"inferred; relative expressions are resolved only where every day of the plausible "
                     f"window {window[0] or '...'} to {window[1] or 'today'} gives them the same value")
    else:
        used, source = None, "none"
        flags.append("no-date")
    if stated is None and given is None and "stated-date-unreadable" not in flags \
            and "stated-date-refused" not in flags:
        flags.append("no-stated-date")
    if yearless is not None and (note := _dateline_note(yearless, used, source, evidence)):
        notes.append(note)
    return DocDate(stated=stated_as_printed, inferred=inferred, window=window, evidence=evidence, used=used,
                   source=source, contradicted=contradicted, flags=flags, notes=notes)
