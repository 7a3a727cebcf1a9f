"""Office-term evidence for the document date: "US President Donald Trump" dates the text to his terms.

``office_evidence(actors, doc)`` reads the actors ``code_actors`` returned; the document-date
stage (``time.infer_document_date``) combines its ``DateEvidence`` with the rest.
"""

from __future__ import annotations

from ..model import Actor, DateEvidence, Span
from .context import FORMER_WORDS, FUTURE_WORDS, in_quote, reference_window
from .dictionary import Dictionary, load_dictionary


def _merge_windows(windows: list[tuple[str | None, str | None]]) -> list[tuple[str | None, str | None]]:
    """Sorted, with overlapping or touching terms joined (an open end stays open)."""
    merged: list[list[str | None]] = []
    for start, end in sorted(windows, key=lambda w: w[0] or ""):
        if merged and (merged[-1][1] is None or (start or "") <= (merged[-1][1] or "")):
            if merged[-1][1] is not None and (end is None or end > merged[-1][1]):
                merged[-1][1] = end
            continue
        merged.append([start, end])
    return [(s, e) for s, e in merged]


def office_evidence(actors: list[Actor], doc, dictionary: Dictionary | None = None) -> list[DateEvidence]:
    """Date windows from people called by an office title in the present ("US President Donald Trump").

    Each person in the dictionary whose mention carries a title naming one of their offices
    gives one ``DateEvidence`` (kind ``"office-term"``) whose windows are their terms in that
    office. Titles marked "former"/"then"/"late" or "-elect"/"designate", mentions inside
    quotation marks, and people the article places in an explicit other year ("Bill Clinton
    ... in 2000") give none.
    """
    d = dictionary or load_dictionary()
    evidence: list[DateEvidence] = []
    done: set[str] = set()
    historical = set()
    for actor in actors:
        if actor.method == "dictionary" and actor.name in d.people:
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
            if span is not None and reference_window(doc, span.start, None):
                historical.add(actor.name)
    for actor in actors:
        if actor.method != "dictionary" or actor.name not in d.people or actor.name in done \
                or actor.name in historical or actor.evidence is None:
            continue
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        ev = doc.char_span(actor.evidence.start, actor.evidence.end, alignment_mode="expand")
        if span is None or ev is None or ev.end > span.start or in_quote(doc, span.start):
            continue
        words = {t.lower_.rstrip("-") for t in ev}
        if words & (FORMER_WORDS | FUTURE_WORDS):
            continue
        title_offices: set[str] = set()
        i = ev.start
        while i < ev.end:
            found = None
            for j in range(ev.end, i, -1):
                entries = d.lookup(doc[i:j].text)
                title = next((e for e in entries if e.kind == "title"), None)
                if title:
                    found = (j, d.titles[title.key])
                    break
            if found:
                title_offices |= set(found[1].offices)
                i = found[0]
            else:
                i += 1
        person = d.people[actor.name]
        terms = [t for t in person.terms if t.office in title_offices]
        if not terms:
            continue
        windows = _merge_windows([(t.start, t.end) for t in terms])
        done.add(actor.name)
        detail = f"{ev.text} {span.text}: in office " + ", ".join(f"{s}..{e or 'now'}" for s, e in windows)
        whole = doc[ev.start:span.end]
        evidence.append(DateEvidence(kind="office-term", detail=detail, windows=[list(w) for w in windows],
                                     weight=1.0, span=Span(whole.start_char, whole.end_char, whole.text)))
    return evidence
