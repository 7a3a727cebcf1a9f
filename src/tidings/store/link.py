"""Fills the store's link tables from every stored analysis, and re-dates articles from the corpus.

``link_store(db)`` reads every stored Analysis, runs ``tidings.link`` on them (near-duplicates,
merged events, stories, corpus date evidence), re-runs the pipeline on each article whose date
can't be trusted and for which other articles give new date evidence, and then, in ONE
transaction, rewrites the re-dated articles (their ``articles`` row and every record row) and
replaces the link tables whole. Any error rolls everything back: the database is never
half-linked.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from .. import nlp
from ..errors import StoreError
from ..model import Analysis, Article, DateEvidence, content_id
from ..pipeline import Options, analyze
from .dates import timex_range
from .sightings import count_over_sightings
from .write import _rollback, article_row, insert_rows, record_rows

log = logging.getLogger(__name__)

LINK_TABLES = ("duplicates", "merged_events", "merged_mentions", "stories", "story_articles",
               "corpus_date_evidence")
CORPUS_KINDS = ("corpus", "repost")  # DateEvidence kinds that come from other articles
CORPUS_FLAG = "date-from-corpus"  # DocDate flag of a date chosen from the corpus evidence


@dataclass
class LinkSummary:
    """What a link run found and changed."""

    articles: int = 0
    duplicate_pairs: int = 0
    reposts: int = 0
    merged_events: int = 0
    merged_multi: int = 0  # merged events reported by more than one article
    stories: int = 0
    stories_multi: int = 0  # stories of more than one article
    redated: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (id, before, after)
    failed: list[str] = field(default_factory=list)  # articles whose re-dating raised (kept as they were)

    def __str__(self) -> str:
        text = (f"linked {self.articles} articles: {self.duplicate_pairs} duplicate pairs "
                f"({self.reposts} reposts), {self.merged_events} merged events "
                f"({self.merged_multi} with >1 article), {self.stories} stories "
                f"({self.stories_multi} with >1 article)")
        if self.redated:
            text += f", {len(self.redated)} re-dated"
        if self.failed:
            text += f", {len(self.failed)} could not be re-dated"
        return text


def load_analyses(con: duckdb.DuckDBPyConnection) -> list[Analysis]:
    """Every stored Analysis, in article id order."""
    rows = con.execute("SELECT analysis FROM articles ORDER BY id").fetchall()
    return [Analysis.from_dict(json.loads(r[0])) for r in rows]


def article_from_row(con: duckdb.DuckDBPyConnection, article_id: str) -> Article:
    """Rebuild the Article an ``articles`` row was made from (text, stated date, title, meta, ...).

    The id must still be the hash of the text: a row whose text no longer gives its id is
    refused (``StoreError``) rather than re-analysed under the wrong id.
    """
    row = con.execute(
        "SELECT id, text, raw, source, url, outlet, title, byline, stated_date, language, meta "
        "FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise StoreError(f"no article {article_id} in the store")
    meta = json.loads(row[10]) if row[10] else {}
    article = Article(id=row[0], text=row[1], raw=row[2] or "", source=row[3], url=row[4], outlet=row[5],
                      title=row[6], byline=row[7], stated_date=row[8], language=row[9],
                      photo_credits=list(meta.pop("photo_credits", []) or []),
                      removed=list(meta.pop("removed", []) or []), meta=meta)
    if content_id(article.text) != article.id:
        raise StoreError(f"article {article_id}: its stored text no longer hashes to its id; not re-dated")
    return article


def untrustworthy(analysis: Analysis) -> bool:
    """The date can't be relied on: no stated date and nothing inferred, or a contradicted one."""
    dct = analysis.dct
    return (dct.stated is None and dct.inferred is None and dct.source != "given") or dct.contradicted


def _key(ev: DateEvidence) -> tuple:
    return (ev.kind, json.dumps(ev.windows), round(ev.weight, 3))


def _already_applied(analysis: Analysis, evidence: Sequence[DateEvidence]) -> bool:
    """The stored analysis was made with exactly this corpus evidence."""
    had = {_key(e) for e in analysis.dct.evidence if e.kind in CORPUS_KINDS}
    return had == {_key(e) for e in evidence}


def anchor_day(ev: DateEvidence) -> dt.date | None:
    """The day of a corpus window nearest the event it rests on.

    A repost's window is the original's date; a "before" window (a planned mention) ends on
    the event, an "on or after" window starts on it (see ``link.corpus_dates``).
    """
    if not ev.windows:
        return None
    lo, hi = ev.windows[0][0], ev.windows[0][1]
    before = ev.kind == "corpus" and ev.detail.endswith("before it")
    if before and hi:
        # a report of an upcoming event was written before it: the day before, not the day itself
        return dt.date.fromisoformat(hi) - dt.timedelta(days=1)
    value = hi if before else lo
    if value is None:
        value = lo if before else hi
    return dt.date.fromisoformat(value) if value else None


def corpus_date(analysis: Analysis, evidence: Sequence[DateEvidence]) -> str | None:
    """See ``corpus_window``: the single day it chooses."""
    chosen = corpus_window(analysis, evidence)
    return chosen[0] if chosen else None


def corpus_window(analysis: Analysis, evidence: Sequence[DateEvidence]) -> tuple[str, str | None, str | None] | None:
    """A single document date from corpus evidence, for when the pipeline infers none.

    The strongest piece's anchor day (the event it rests on, or the original's date for a
    repost), moved into the window every piece and the article's own plausible window
    allow when they overlap: a report of an upcoming event is taken to date from just
    before it, a report of a past one from just after.
    """
    ranked = sorted(evidence, key=lambda e: -e.weight)
    day = next((d for d in (anchor_day(e) for e in ranked) if d), None)
    if day is None:
        return None
    lo, hi = dt.date.min, dt.date.max
    windows = [w for e in ranked for w in e.windows[:1]] + [analysis.dct.window]
    for first, last in windows:
        new_lo = max(lo, dt.date.fromisoformat(first)) if first else lo
        new_hi = min(hi, dt.date.fromisoformat(last)) if last else hi
        if new_lo > new_hi:
            continue  # a window that excludes the others is outweighed; keep the rest
        lo, hi = new_lo, new_hi
    day = min(max(day, lo), hi)
    return (day.isoformat(), None if lo == dt.date.min else lo.isoformat(),
            None if hi == dt.date.max else hi.isoformat())


def redate(article: Article, evidence: Sequence[DateEvidence], options: Options | None = None) -> Analysis:
    """Re-run the pipeline on ``article`` with corpus ``evidence`` for its document date.

    The evidence joins the article's own in ``infer_document_date`` (``combine`` sums the
    weights of the windows that allow each day). When that still gives no usable date (a
    corpus window a year wide gives no single inferred day), the date of ``corpus_date`` is
    passed as the document date and the result is marked ``source="inferred"`` with the flag
    ``date-from-corpus``; a stated date the text contradicts stays ``contradicted``.
    """
    doc = nlp.parse(article.text, (options or Options()).pipeline)  # parsed once for both runs
    result = analyze(article, options=options, doc=doc, extra_evidence=evidence)
    if result.dct.source == "inferred" or (result.dct.used and not result.dct.contradicted):
        return result
    window = corpus_window(result, evidence)
    if window is None:
        return result
    chosen, earliest, latest = window
    result = analyze(article, dct=chosen, options=options, doc=doc, extra_evidence=evidence)
    result.dct.source = "inferred"
    result.dct.inferred = chosen
    result.dct.window = [earliest, latest]  # what the article's own and the corpus evidence allow
    result.dct.flags = [f for f in result.dct.flags if f != "given-date-contradicted"] + [CORPUS_FLAG]
    return result


def link_store(db: str | os.PathLike | duckdb.DuckDBPyConnection | None = None, *,
               options: Options | None = None, redate_articles: bool = True,
               threshold: float = 0.8) -> LinkSummary:
    """Recompute the link tables from every stored analysis, re-dating articles first; one transaction.

    ``options`` are the pipeline options re-dating runs with (default: every stage); without
    the ``time`` stage, or with ``redate_articles=False``, nothing is re-dated.
    """
    from ..link import date_evidence_from_corpus, find_duplicates, group_stories, merge_events
    from .db import connect, default_db

    own = not isinstance(db, duckdb.DuckDBPyConnection)
    con = connect(db or default_db()) if own else db
    options = options or Options()
    try:
        analyses = load_analyses(con)
        summary = LinkSummary(articles=len(analyses))
        pairs = find_duplicates(analyses, threshold=threshold)
        merged = merge_events(analyses)
        evidence = date_evidence_from_corpus(analyses, merged, pairs)
        changed: dict[str, tuple[Article, Analysis]] = {}
        if redate_articles and "time" in options.stages:
            by_id = {a.id: i for i, a in enumerate(analyses)}
            for article_id, pieces in sorted(evidence.items()):
                old = analyses[by_id[article_id]]
                if not untrustworthy(old) or old.dct.source == "given" or _already_applied(old, pieces):
                    continue  # a date the user gave wins; evidence already used changes nothing
                try:
                    article = article_from_row(con, article_id)
                    new = redate(article, pieces, options)
                except Exception as exc:  # one article's failure never stops the link run
                    log.warning("re-dating %s failed: %s: %s", article_id, type(exc).__name__, exc)
                    log.debug("traceback of the failed re-dating", exc_info=True)
                    summary.failed.append(article_id)
                    continue
                if new.id != article_id:
                    raise StoreError(f"re-dating {article_id} gave id {new.id}; nothing written")
                changed[article_id] = (article, new)
                analyses[by_id[article_id]] = new
                summary.redated.append((article_id, old.dct.used, new.dct.used))
            if changed:  # dates moved: merge again (duplicates depend on text and stated dates only)
                merged = merge_events(analyses)
                evidence = date_evidence_from_corpus(analyses, merged, pairs)
        stories = group_stories(analyses, merged, pairs)
        _write(con, changed, pairs, merged, stories, evidence)
        summary.duplicate_pairs = len(pairs)
        summary.reposts = sum(1 for p in pairs if p.repost)
        summary.merged_events = len(merged)
        summary.merged_multi = sum(1 for m in merged if len(m.articles) > 1)
        summary.stories = len(stories)
        summary.stories_multi = sum(1 for s in stories if len(s.articles) > 1)
        return summary
    finally:
        if own:
            con.close()


def link_rows(pairs, merged, stories, evidence) -> dict[str, list[dict]]:
    """The rows of every link table."""
    rows: dict[str, list[dict]] = {t: [] for t in LINK_TABLES}
    rows["duplicates"] = [{"a": p.a, "b": p.b, "similarity": p.similarity, "repost": p.repost,
                           "original": p.original, "copy": p.copy} for p in pairs]
    for m in merged:
        start, end = timex_range(m.date)
        rows["merged_events"].append({
            "id": m.id, "type": m.type, "cameo": m.cameo, "quad": m.quad, "goldstein": m.goldstein,
            "date": m.date, "date_start": start, "date_end": end,
            "actors": " ".join(m.actors), "recipients": " ".join(m.recipients),
            "countries": " ".join(m.countries), "place": m.place, "place_country": m.place_country,
            "modalities": " ".join(m.modalities), "n_mentions": len(m.mentions),
            "n_articles": len(m.articles), "n_outlets": len(m.outlets),
        })
        for x in m.mentions:
            rows["merged_mentions"].append({
                "merged_id": m.id, "article_id": x.article_id, "event_n": x.event_index,
                "sentence_start": x.sentence.start, "sentence_end": x.sentence.end,
                "sentence_text": x.sentence.text, "trigger_start": x.trigger.start,
                "trigger_end": x.trigger.end, "trigger_text": x.trigger.text, "date": x.date,
                "modality": x.modality, "dated_by_article": x.dated_by_article, "outlet": x.outlet,
            })
    for s in stories:
        rows["stories"].append({
            "id": s.id, "first": s.first, "last": s.last, "title": s.title, "n_articles": len(s.articles),
            "countries": " ".join(s.countries), "places": " | ".join(s.places), "events": " ".join(s.events),
            "links": json.dumps(s.links),
        })
        rows["story_articles"].extend({"story_id": s.id, "article_id": a} for a in s.articles)
    for article_id, pieces in sorted(evidence.items()):
        for n, ev in enumerate(pieces):
            rows["corpus_date_evidence"].append({
                "article_id": article_id, "n": n, "kind": ev.kind, "detail": ev.detail,
                "windows": json.dumps(ev.windows), "weight": ev.weight,
                "span_start": ev.span.start if ev.span else None,
                "span_end": ev.span.end if ev.span else None,
                "span_text": ev.span.text if ev.span else None,
            })
    return rows


def _write(con, changed: dict[str, tuple[Article, Analysis]], pairs, merged, stories, evidence) -> None:
    rows = link_rows(pairs, merged, stories, evidence)
    con.execute("BEGIN TRANSACTION")
    try:
        for article_id, (_article, analysis) in changed.items():
            _rewrite_article(con, article_id, analysis)
        for table in LINK_TABLES:
            con.execute(f"DELETE FROM {table}")
            insert_rows(con, table, rows[table])
        count_over_sightings(con)  # n_articles / n_outlets over every source of each article
        con.execute("COMMIT")
    except BaseException as exc:
        _rollback(con)
        if isinstance(exc, duckdb.Error):
            raise StoreError(f"could not write the link tables: {str(exc).splitlines()[0]}") from exc
        raise


def _rewrite_article(con, article_id: str, analysis: Analysis) -> None:
    """Replace an article's analysis: its date columns and JSON, and every record row."""
    row = article_row(Article(id=article_id, text=analysis.text), analysis, None, dt.datetime.now())
    con.execute(
        "UPDATE articles SET dct_used = ?, dct_source = ?, dct_contradicted = ?, analysis = ? WHERE id = ?",
        [row["dct_used"], row["dct_source"], row["dct_contradicted"], row["analysis"], article_id])
    for table, table_rows in record_rows(analysis).items():
        con.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
        insert_rows(con, table, table_rows)
