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
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

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


# the per-document analysis budget: BUDGET_BASE seconds plus BUDGET_PER_10KB per 10,000 characters;
# TIDINGS_BUDGET / TIDINGS_BUDGET_PER_10K (seconds) change the defaults, TIDINGS_BUDGET=0 turns it off
BUDGET_BASE = 20.0
BUDGET_PER_10KB = 5.0


def _seconds(value, name: str) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a number of seconds, got {value!r}") from None
    if not seconds >= 0 or seconds == float("inf"):
        raise ConfigError(f"{name} must be 0 (no budget) or a positive number of seconds, got {value!r}")
    return seconds


def analysis_budget(text: str | int, base: float | None = None, per_10kb: float | None = None) -> float | None:
    """Seconds one document's analysis may take before it is refused (T501); None: no budget.

    ``text`` is the document (or its length). ``base`` / ``per_10kb`` default to
    ``$TIDINGS_BUDGET`` / ``$TIDINGS_BUDGET_PER_10K``, else ``BUDGET_BASE`` / ``BUDGET_PER_10KB``;
    a base of 0 means no budget.
    """
    if base is None:
        base = _seconds(os.environ["TIDINGS_BUDGET"], "TIDINGS_BUDGET") if os.environ.get("TIDINGS_BUDGET") \
            else BUDGET_BASE
    if per_10kb is None:
        per_10kb = _seconds(os.environ["TIDINGS_BUDGET_PER_10K"], "TIDINGS_BUDGET_PER_10K") \
            if os.environ.get("TIDINGS_BUDGET_PER_10K") else BUDGET_PER_10KB
    if base <= 0:
        return None
    length = text if isinstance(text, int) else len(text)
    return base + per_10kb * length / 10_000


class _Timeout(BaseException):
    """Raised by the alarm inside a stage; a BaseException, so no stage's ``except Exception`` keeps it."""


class _budget:
    """Context manager: raise ``_Timeout`` in this thread after ``seconds``.

    On the main thread a ``SIGALRM`` timer raises it; on any other thread (the REST API's
    workers) a watchdog timer raises it asynchronously in the thread
    (``PyThreadState_SetAsyncExc``). Both raise it again every ``REFIRE`` seconds while the
    block still runs (an exception that lands in a garbage-collector callback or a ``__del__``
    is swallowed there). Either way
    it arrives between two Python bytecodes, so one long call into C (a spaCy parse) finishes
    first; the stages' loops are Python. ``finish()`` (run on the way out, and again by a
    caller that caught the ``_Timeout``) stops the watchdog and withdraws anything pending,
    so nothing reaches the thread after the block.
    """

    REFIRE = 0.5
    MAX_FIRES = 40

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.previous = None
        self.active = False
        self.watching = False

    def __enter__(self):
        import signal
        import threading

        if not self.seconds or self.seconds <= 0:
            return self
        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            return self._watchdog()
        if signal.getitimer(signal.ITIMER_REAL)[0]:
            return self  # someone else's alarm is running: leave it alone

        self.done = False

        def expired(signum, frame):
            if not self.done:
                raise _Timeout()

        self.previous = signal.signal(signal.SIGALRM, expired)
        self.active = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds, self.REFIRE)
        return self

    def _watchdog(self):
        import ctypes
        import threading

        self.target = ctypes.c_ulong(threading.get_ident())
        self.lock = threading.Lock()
        self.done = False
        fires = [0]

        def expire():
            with self.lock:
                if self.done:
                    return
                ctypes.pythonapi.PyThreadState_SetAsyncExc(self.target, ctypes.py_object(_Timeout))
            fires[0] += 1
            if fires[0] < self.MAX_FIRES:
                _start(self.REFIRE)

        def _start(delay):
            timer = threading.Timer(delay, expire)
            timer.daemon = True
            timer.start()

        self.watching = True
        _start(self.seconds)
        return self

    def finish(self) -> None:
        """Stop the timer or watchdog and withdraw a pending ``_Timeout`` (idempotent)."""
        if self.active:
            self._stop_alarm()
        if not self.watching:
            return
        import ctypes

        for _ in range(1000):
            try:
                with self.lock:
                    self.done = True
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(self.target, None)
                return
            except _Timeout:  # delivered while stopping: we are leaving anyway
                continue

    def _stop_alarm(self) -> None:
        import signal

        for _ in range(1000):
            try:
                self.done = True  # the handler raises nothing from now on
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, self.previous or signal.SIG_DFL)
                self.active = False
                return
            except _Timeout:  # the alarm went off while stopping: we are leaving anyway
                continue

    def __exit__(self, *exc_info):
        self.finish()
        return False


@dataclass(frozen=True)
class Options:
    """Options passed down to every stage."""

    raw: bool = False  # keep the input text verbatim (no cleaning)
    pipeline: str | None = None  # spaCy pipeline name
    n_process: int = 1
    stages: tuple[str, ...] = ("time", "actors", "places", "quotes", "events")  # a subset of STAGES
    budget: bool = True  # refuse (T501) a document whose analysis runs past ``analysis_budget``
    budget_base: float | None = None  # seconds per document (default $TIDINGS_BUDGET or BUDGET_BASE; 0: none)
    budget_per_10kb: float | None = None  # seconds more per 10,000 characters (default BUDGET_PER_10KB)

    def budget_for(self, text: str | int) -> float | None:
        """This document's time budget in seconds, or None (no budget)."""
        return analysis_budget(text, self.budget_base, self.budget_per_10kb) if self.budget else None


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


# One short report that reaches every stage's data (actor dictionary and titles, the gazetteer,
# the event lexicon, coreference, quotes): analysed once per process before the first budgeted
# document, so loading them is not charged to that document's time budget.
_WARM_TEXT = ('WASHINGTON (Reuters) - President Donald Trump met North Korean leader Kim Jong Un in '
              'Singapore on Tuesday, and police said protesters were arrested in Seoul. '
              '"We will talk again," he said.')
_warmed: set = set()


def warm(options: Options | None = None) -> None:
    """Load every stage's data once in this process (spaCy, dictionaries, gazetteer, lexicon).

    The batch analyser and ``extract`` call it before a document's budget clock starts: a cold
    first document would otherwise pay seconds of loading out of its own budget (and on a loaded
    machine be refused for it). A failure here is left for the real document to report.
    """
    options = options or Options()
    key = (options.pipeline, tuple(options.stages))
    if key in _warmed:
        return
    _warmed.add(key)
    try:
        analyze(Article(id="warm-up", text=_WARM_TEXT), dct="2018-06-12", options=replace(options, budget=False))
    except Exception:  # the real document reports its own error
        log.debug("warm-up analysis failed", exc_info=True)


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
            doc, open_timexes, stated=article.stated_date, given=dct, extra_evidence=evidence,
            dateline=_dateline(article),
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
                extra_evidence=evidence + list(offices), dateline=_dateline(article),
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


def _dateline(article: Article) -> str | None:
    """The date of the article's dateline as written ("Nov. 20"), when it is a string."""
    value = article.meta.get("dateline_date")
    return value if isinstance(value, str) else None


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
    if options.budget:
        warm(options)
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
        seconds = options.budget_for(item.text)
        guard = _budget(seconds)
        try:
            with guard:
                result = analyze(item, dct=dct, options=options, doc=doc)
        except _Timeout:
            guard.finish()
            refused = _over_budget(seconds, len(item.text))
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


def _over_budget(seconds: float, length: int) -> OverBudget:
    return OverBudget(f"analysis took longer than its budget of {seconds:g} s for {length:,} characters; "
                      "the document is refused (set TIDINGS_BUDGET or --budget for another budget)")


def parser_limit(pipeline: str | None = None) -> int:
    """The most characters one document may have (the size budget: spaCy's ``max_length``)."""
    return nlp.load(pipeline).max_length


def extract(text_or_html: str, dct: str | None = None, *, raw: bool = False,
            title: str | None = None, id: str | None = None, options: Options | None = None) -> Analysis:
    """Clean (unless ``raw``), then analyze one text or HTML page.

    The per-document budget holds here as in a batch: a text longer than the parser's limit
    raises ``DocumentTooLong`` (T148) before any work, and cleaning plus analysis past
    ``options.budget_for(text)`` seconds raise ``OverBudget`` (T501); both are one line.
    """
    from .clean import article_from_input

    options = options or Options(raw=raw)
    seconds = options.budget_for(text_or_html)
    limit = parser_limit(options.pipeline)  # loads spaCy before the clock starts
    if seconds:
        warm(options)  # and every stage's data
    guard = _budget(seconds)
    try:
        with guard:
            article = article_from_input(text_or_html, raw=raw or options.raw, title=title, id=id)
            if len(article.text) > limit:
                raise DocumentTooLong(f"text of {len(article.text):,} characters is longer than the parser's "
                                      f"limit of {limit:,}; split the document")
            return analyze(article, dct=dct, options=options)
    except _Timeout:
        guard.finish()
        raise _over_budget(seconds, len(text_or_html)) from None
