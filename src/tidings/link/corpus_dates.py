"""Date evidence from the corpus: an undated article's events, dated by other articles.

An article whose date can't be trusted (no stated date, or a stated date its text
contradicts) often reports an event that other, dated articles also report. When its mention
merges (``merge_events``) with mentions from articles whose date is usable, the event's date
in those articles bounds the undated article's date:

* a planned or hypothetical mention ("the summit ... scheduled to be held on June 12") was
  written before the event: the document lies in ``[event - 1 year, event]``, or
  ``[.., event]`` when the mention names no day of its own;
* an asserted, reported or attempted mention was written on or after the event: the document
  lies in ``[event, event + 1 year]`` when the mention itself names the month/day (a writer
  leaves the year out only for recent dates), else ``[event, ..]``.

Near-identical copies with a consistent stated date add ``repost`` evidence
(``find_duplicates``). Every piece is a ``DateEvidence(kind="corpus" | "repost")`` whose span
is the sentence of the undated article it rests on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..model import Analysis, DateEvidence, Span
from .dates import DateRange, compatible, date_usable, intersect, parse_value
from .duplicates import DuplicatePair, find_duplicates
from .merge import Mention, MergedEvent, merge_events

BEFORE = {"planned", "hypothetical"}
YEAR = dt.timedelta(days=365)


def needs_date(analysis: Analysis) -> bool:
    """No stated date, or one the text contradicts."""
    return analysis.dct.stated is None or analysis.dct.contradicted


def date_evidence_from_corpus(analyses: Sequence[Analysis], merged: Sequence[MergedEvent] | None = None,
                              duplicates: Sequence[DuplicatePair] | None = None
                              ) -> dict[str, list[DateEvidence]]:
    """DateEvidence for each article without a trustworthy date, from the other articles."""
    by_id = {a.id: a for a in analyses}
    if merged is None:
        merged = merge_events(analyses)
    if duplicates is None:
        duplicates = find_duplicates(analyses)
    out: dict[str, list[DateEvidence]] = {}
    for event in merged:
        for target_id in {m.article_id for m in event.mentions}:
            target = by_id.get(target_id)
            if target is None or not needs_date(target):
                continue
            evidence = _event_evidence(event, target, by_id)
            if evidence is not None:
                out.setdefault(target_id, []).append(evidence)
    for pair in duplicates:
        if pair.repost and pair.copy and pair.copy in by_id and needs_date(by_id[pair.copy]):
            out.setdefault(pair.copy, []).extend(pair.evidence)
    return out


def _event_evidence(event: MergedEvent, target: Analysis, by_id: dict[str, Analysis]) -> DateEvidence | None:
    sources = [m for m in event.mentions
               if m.article_id != target.id and m.article_id in by_id and date_usable(by_id[m.article_id])]
    reference: DateRange | None = None
    for m in sources:
        rng = parse_value(m.date)
        if rng is None or rng.yearless or m.dated_by_article:
            continue  # only dates the other articles' words state
        if reference is None:
            reference = rng
        elif compatible(reference, rng):
            reference = intersect(reference, rng)
    if reference is None or reference.lo is None or reference.hi is None:
        return None
    own = [m for m in event.mentions if m.article_id == target.id]
    mention = _best_mention(own)
    own_date = parse_value(mention.date)
    names_day = own_date is not None
    if mention.modality in BEFORE:
        window = [(reference.lo - YEAR).isoformat() if names_day else None, reference.hi.isoformat()]
        relation = "before"
    else:
        window = [reference.lo.isoformat(), (reference.hi + YEAR).isoformat() if names_day else None]
        relation = "on or after"
    articles = sorted({m.article_id for m in sources})
    stated = sum(1 for a in articles if by_id[a].dct.source in ("stated", "given"))
    weight = min(1.0, 0.4 + 0.2 * len(articles) + 0.2 * stated)
    value = reference.lo.isoformat() if reference.lo == reference.hi else \
        f"{reference.lo.isoformat()}..{reference.hi.isoformat()}"
    detail = (f"'{mention.trigger.text}' ({event.type}, {mention.modality}) is the event "
              f"{len(articles)} other dated article(s) put on {value} ({', '.join(articles[:3])}): "
              f"the document is {relation} it")
    return DateEvidence(kind="corpus", detail=detail, windows=[window], weight=round(weight, 2),
                        span=Span(mention.sentence.start, mention.sentence.end, mention.sentence.text))


def _best_mention(mentions: list[Mention]) -> Mention:
    """The target's most telling mention: one with its own date first, then a planned one."""
    return sorted(mentions, key=lambda m: (parse_value(m.date) is None, m.modality not in BEFORE,
                                           m.event_index))[0]
