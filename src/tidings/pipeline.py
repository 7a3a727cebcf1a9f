"""Runs the stages on an Article: the one place that knows their order.

Order and what each stage reads / adds:

1. clean (``clean.clean_text``)            raw text -> Article (text, title, byline, ...)
2. parse (``nlp.parse``)                    Article.text -> spaCy Doc
3. sentences, entities (``nlp``)            Doc -> Sentence, Entity
4. time expressions, unanchored             Doc -> Timex (relative values left open)
5. document date (``time.infer_document_date``)  stated date + timexes -> DocDate
6. actors (``actors.code_actors``)          Doc, entities, date -> Actor
7. office evidence (``actors.office_evidence``) -> more DateEvidence; the date is re-inferred
8. time expressions, anchored               Doc + DocDate.used -> Timex
9. places (``places.geocode``)              Doc, entities, actors -> Place
10. quotes (``quotes.extract_quotes``)      Doc, actors -> Quote
11. events (``events.extract_events``)      Doc, actors, timexes, places, date -> Event
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import nlp
from .errors import ConfigError, TidingsError
from .model import Analysis, Article, DateEvidence, DocDate

log = logging.getLogger(__name__)


class StageError(TidingsError):
    """A stage raised on one document: the document is recorded as failed, the batch goes on."""

    code = "T500"


class DocumentTooLong(StageError):
    """A document longer than the parser's limit: refused on its own, the batch goes on."""

    code = "T148"


class OverBudget(StageError):
    """A document whose analysis ran past its time budget: refused on its own, the batch goes on."""

    code = "T501"


# the per-document analysis budget: BUDGET_BASE seconds plus BUDGET_PER_10KB per 10,000 characters
BUDGET_BASE = 20.0
BUDGET_PER_10KB = 5.0


def analysis_budget(text: str) -> float:
    """Seconds one document's analysis may take before it is refused (T501)."""
    return BUDGET_BASE + BUDGET_PER_10KB * len(text) / 10_000


class _Timeout(BaseException):
    """Raised by the alarm inside a stage; a BaseException, so no stage's ``except Exception`` keeps it."""


class _budget:
    """Context manager: raise ``_Timeout`` in this thread after ``seconds`` (a no-op off the main
    thread or without ``signal.setitimer``, where no alarm can be delivered)."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.previous = None
        self.active = False

    def __enter__(self):
        import signal
        import threading

        if not self.seconds or self.seconds <= 0 or not hasattr(signal, "setitimer") \
                or threading.current_thread() is not threading.main_thread():
            return self
        if signal.getitimer(signal.ITIMER_REAL)[0]:
            return self  # someone else's alarm is running: leave it alone

        def expired(signum, frame):
            raise _Timeout()

        self.previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        self.active = True
        return self

    def __exit__(self, *exc_info):
        if self.active:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous or signal.SIG_DFL)
        return False


@dataclass(frozen=True)
class Options:
    """Options passed down to every stage."""

    raw: bool = False  # keep the input text verbatim (no cleaning)
    pipeline: str | None = None  # spaCy pipeline name
    n_process: int = 1
    stages: tuple[str, ...] = ("time", "actors", "places", "quotes", "events")  # a subset of STAGES
    budget: bool = True  # refuse (T501) a document whose analysis runs past ``analysis_budget``


STAGES = ("time", "actors", "places", "quotes", "events")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def validate_dct(value: str | None, name: str = "--dct") -> str | None:
    """Check a given document date: ISO ``YYYY-MM-DD`` and a real calendar day ([T300] if not)."""
    if value is None:
        return None
    if not _ISO_DAY.match(value):
        raise ConfigError(f"{name} must be a date as YYYY-MM-DD, got {value!r}")
    try:
        dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"{name} is not a calendar date: {value!r}") from exc
    return value


def _stage(name: str):
    """Import a stage module only when it runs (``Options(stages=())`` imports none)."""
    return importlib.import_module(f"tidings.{name}")


def analyze(article: Article, dct: str | None = None, options: Options | None = None, doc=None,
            *, extra_evidence: Iterable[DateEvidence] = ()) -> Analysis:
    """Run every stage on one Article and return its Analysis.

    ``dct`` is a given document date (``--dct``; an Article's own ``meta["dct"]`` wins);
    ``extra_evidence`` is document-date evidence found outside the article (other
    articles of the same story, see ``tidings.link``).
    """
    options = options or Options()
    stages = set(options.stages)
    unknown = stages - set(STAGES)
    if unknown:
        raise ConfigError(f"unknown stage(s) {sorted(unknown)}; known: {', '.join(STAGES)}")
    dct = article.meta.get("dct") or dct  # a document's own date wins over a batch-wide one
    if doc is None:
        doc = nlp.parse(article.text, options.pipeline)
    if doc.text != article.text:
        raise ValueError("the parsed Doc's text must be the article text (offsets point into it)")
    result = Analysis(
        id=article.id,
        title=article.title,
        outlet=article.outlet,
        byline=article.byline,
        dct=DocDate(),
        text=article.text,
        sentences=nlp.sentences(doc),
        entities=nlp.entities(doc),
    )
    evidence = list(extra_evidence)
    if "time" in stages:
        time_stage = _stage("time")
        open_timexes = time_stage.extract_timexes(doc, dct=None)
        result.dct = time_stage.infer_document_date(
            doc, open_timexes, stated=article.stated_date, given=dct, extra_evidence=evidence
        )
    else:
        result.dct = DocDate(stated=article.stated_date, used=dct or article.stated_date,
                             source="given" if dct else ("stated" if article.stated_date else "none"))
    if "actors" in stages:
        actors_stage = _stage("actors")
        result.actors = actors_stage.code_actors(doc, result.entities, dct=result.dct.used)
        offices = actors_stage.office_evidence(result.actors, doc)
        if offices and "time" in stages:
            used_before = result.dct.used
            result.dct = time_stage.infer_document_date(
                doc, open_timexes, stated=article.stated_date, given=dct,
                extra_evidence=evidence + list(offices),
            )
            if result.dct.used != used_before:
                result.actors = actors_stage.code_actors(doc, result.entities, dct=result.dct.used)
    if "time" in stages:
        result.dct.notes = _date_notes(article) + result.dct.notes
        result.timexes = time_stage.timexes_for_document(doc, result.dct)
    if "places" in stages:
        result.places = _stage("places").geocode(doc, result.entities, result.actors, outlet=article.outlet)
    if "quotes" in stages:
        result.quotes = _stage("quotes").extract_quotes(doc, actors=result.actors, entities=result.entities)
    if "events" in stages:
        result.events = _stage("events").extract_events(
            doc, actors=result.actors, timexes=result.timexes,
            places=[p for p in result.places if p.role == "location"],  # where things happen, not who
            dct=result.dct.used,
        )
    return result


def _date_notes(article: Article) -> list[str]:
    """What the cleaner decided about the stated date, in words (see ``clean.reconcile_dates``)."""
    notes = [f"{r.get('from')}: {r.get('value')} refused: {r.get('reason')}"
             for r in article.meta.get("date_refused") or [] if isinstance(r, dict)]
    choice = article.meta.get("date_choice")
    if isinstance(choice, dict) and choice.get("why"):
        notes.append(f"stated date {choice.get('used')} from {choice.get('from')}: {choice['why']}")
    return notes


def analyze_many(articles: Iterable[Article], options: Options | None = None,
                 dct: str | None = None) -> Iterator[Analysis]:
    """Analyze Articles in order, parsing them in batches; a stage error propagates."""
    for _article, result in analyze_stream(articles, options, dct=dct, tolerant=False):
        yield result  # type: ignore[misc]


def analyze_stream(items: Iterable, options: Options | None = None, *,
                   dct: str | None = None, tolerant: bool = True,
                   batch_size: int = 32) -> Iterator[tuple]:
    """Analyze Articles in order, parsing them in batches.

    Yields ``(article, analysis)``; with ``tolerant`` a document whose analysis raises
    yields ``(article, StageError)`` instead, and the stream goes on. Items that are not
    Articles (a reader's errors) pass through in their place as ``(item, None)``, so
    callers keep input order.
    """
    options = options or Options()
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _analyze_batch(batch, options, dct, tolerant)
            batch = []
    if batch:
        yield from _analyze_batch(batch, options, dct, tolerant)


def _analyze_batch(batch: list, options: Options, dct: str | None, tolerant: bool) -> Iterator[tuple]:
    limit = nlp.load(options.pipeline).max_length
    articles = [item for item in batch if isinstance(item, Article) and len(item.text) <= limit]
    docs = nlp.parse_many((a.text for a in articles), options.pipeline, n_process=options.n_process)
    for item in batch:
        if not isinstance(item, Article):
            yield item, None
            continue
        if len(item.text) > limit:
            yield item, DocumentTooLong(
                f"text of {len(item.text):,} characters is longer than the parser's limit of "
                f"{limit:,}; split the document")
            continue
        doc = next(docs)
        seconds = analysis_budget(item.text) if options.budget else None
        try:
            with _budget(seconds):
                result = analyze(item, dct=dct, options=options, doc=doc)
        except _Timeout:
            refused = OverBudget(f"analysis took longer than its budget of {seconds:.0f} s for "
                                 f"{len(item.text):,} characters; the document is refused")
            log.warning("%s: %s", item.source or item.id, refused)
            if not tolerant:
                raise refused from None
            yield item, refused
            continue
        except Exception as exc:  # one bad document never stops the batch
            if not tolerant:
                raise
            log.warning("analysis failed for %s: %s: %s", item.source or item.id, type(exc).__name__, exc)
            log.debug("traceback of the failed analysis", exc_info=True)
            yield item, StageError(f"analysis failed: {type(exc).__name__}: {exc}".splitlines()[0])
            continue
        yield item, result


def extract(text_or_html: str, dct: str | None = None, *, raw: bool = False,
            title: str | None = None, id: str | None = None, options: Options | None = None) -> Analysis:
    """Clean (unless ``raw``), then analyze one text or HTML page."""
    from .clean import article_from_input

    options = options or Options(raw=raw)
    article = article_from_input(text_or_html, raw=raw or options.raw, title=title, id=id)
    return analyze(article, dct=dct, options=options)
