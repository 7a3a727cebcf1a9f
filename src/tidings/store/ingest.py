"""Reads inputs, analyses each new document and stores it: idempotent, one transaction per batch."""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..model import Article
from ..pipeline import Options, StageError, analyze_stream
from . import search
from .db import connect, default_db
from .sightings import own_id, recount, sighting_row
from .write import Batch, Failure, UnstorableData, _now, existing_ids, finish_run, start_run, write_batch

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 64
CHECKPOINT_EVERY = "256MB"  # of write-ahead log


@dataclass
class BatchSummary:
    """What an ingest run did: counts, and why each failed document failed."""

    stored: int = 0
    duplicate: int = 0
    failed: int = 0
    errors: list[Failure] = field(default_factory=list)
    run_id: int | None = None
    handled: int = 0  # documents (and read errors) handled so far, committed or not
    sightings: int = 0  # new sightings (``store.sightings``): one per stored article, plus new sources of known ones

    @property
    def resighted(self) -> int:
        """New sightings of texts already stored (other sources of the same article)."""
        return self.sightings - self.stored

    def __str__(self) -> str:
        more = f" ({self.resighted} new sightings)" if self.resighted > 0 else ""
        return f"stored {self.stored}, duplicate {self.duplicate}{more}, failed {self.failed}"


Progress = Callable[[BatchSummary], None]


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during an ingest: committed batches are kept, the batch in progress is rolled back."""

    def __init__(self, summary: BatchSummary):
        super().__init__(f"interrupted after {summary}")
        self.summary = summary


def ingest_paths(paths: Sequence[str | os.PathLike], db: str | os.PathLike | None = None, *,
                 options: Options | None = None, progress: bool | Progress = False,
                 dct: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE, index: bool = True,
                 **reader_kwargs) -> BatchSummary:
    """Read files, folders, feeds or WARCs with the readers and store every new document.

    ``reader_kwargs`` go to ``tidings.ingest.read_inputs`` (``input_format``,
    ``fetch_links``, ``max_bytes``, ``encoding``, ``raw``). ``progress`` is
    ``True`` for a rich progress bar on stderr, or a function called with the
    running summary after each document and after each committed batch.
    """
    from ..ingest import read_inputs

    options = options or Options()
    if reader_kwargs.get("raw") and not options.raw:
        options = dataclasses.replace(options, raw=True)  # keeps the budget and every other option
    reader_kwargs.setdefault("raw", options.raw)
    paths = [str(p) for p in paths]
    items = read_inputs(paths, **reader_kwargs)
    return ingest_items(items, db, options=options, progress=progress, dct=dct,
                        batch_size=batch_size, inputs=paths, index=index)


def ingest_items(items: Iterable, db: str | os.PathLike | None = None, *,
                 options: Options | None = None, progress: bool | Progress = False,
                 dct: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                 inputs: Sequence[str] = (), index: bool = True) -> BatchSummary:
    """Store Articles (and record read errors) from any iterable, ``batch_size`` per transaction.

    Every article gets its content id (``store.sightings.own_id``: an input's own id is
    kept on its sighting). An article whose id is already stored, or seen earlier in this
    run, counts as ``duplicate`` and is not analysed again; its source is kept as one more
    sighting of the stored article unless that source was seen before. Anything with ``source``/``reason``
    (a reader's ``ReadError``) is recorded in ``ingest_errors``, as is an article
    whose analysis raises; the run goes on. With ``index``, the full-text index is
    rebuilt after a run that stored articles (see ``store.search``).
    """
    options = options or Options()
    con = connect(db or default_db(), create=True)
    # DuckDB checkpoints every 16 MB of WAL by default; each checkpoint rewrites the
    # partly filled blocks of every table, which left half of a 1,000-article file as
    # free blocks. Checkpointing every 256 MB gave half the file size and a faster run.
    con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_EVERY}'")
    summary = BatchSummary()
    try:
        summary.run_id = start_run(con, inputs)
        with _progress_reporter(progress) as report:
            seen: set[str] = set()
            chunk: list = []
            for item in items:
                chunk.append(item)
                if len(chunk) >= batch_size:
                    _store_chunk(con, chunk, seen, summary, options, dct, report)
                    chunk = []
            if chunk:
                _store_chunk(con, chunk, seen, summary, options, dct, report)
        if summary.resighted > 0 and not summary.stored:
            recount(con)  # no article stored, so no link run follows: the counts take the new sources
        if index and (summary.stored or not search.index_is_current(con)):
            search.rebuild_index(con)
        finish_run(con, summary.run_id)
    except KeyboardInterrupt as exc:
        if isinstance(exc, IngestInterrupted):
            raise
        raise IngestInterrupted(summary) from exc
    finally:
        con.close()
    return summary


def _store_chunk(con, chunk: list, seen: set[str], summary: BatchSummary,
                 options: Options, dct: str | None, report: Progress) -> None:
    batch = Batch()
    candidates = [own_id(item) for item in chunk if isinstance(item, Article)]
    at = _now()
    batch.sightings = [sighting_row(a, summary.run_id, at) for a in candidates]
    stored_before = existing_ids(con, [a.id for a in candidates])
    to_analyse: list = []
    for item in chunk:
        if not isinstance(item, Article):
            batch.failures.append(_read_failure(item))
        elif item.id in stored_before or item.id in seen:
            batch.duplicate += 1
        elif not item.text.strip():
            batch.failures.append(Failure(item.source or item.id, "no text to analyse", "T100"))
        else:
            seen.add(item.id)
            to_analyse.append(item)
            continue
        summary.handled += 1
    report(summary)
    for article, result in analyze_stream(to_analyse, options, dct=dct, batch_size=max(1, len(to_analyse))):
        if isinstance(result, StageError):
            batch.failures.append(Failure(article.source or article.id, result.message, result.code))
        else:
            batch.stored.append((article, result))
        summary.handled += 1
        report(summary)
    try:
        write_batch(con, batch, summary.run_id)
    except UnstorableData:
        batch = _write_one_by_one(con, batch, summary.run_id)
    summary.stored += len(batch.stored)
    summary.sightings += batch.sighted
    summary.duplicate += batch.duplicate
    summary.failed += len(batch.failures)
    summary.errors.extend(batch.failures)
    report(summary)


def _write_one_by_one(con, batch: Batch, run_id: int | None) -> Batch:
    """After a batch was refused for its content: store each article in its own transaction.

    The articles that still can't be stored are recorded as failed ([T400]).
    """
    done = Batch(failures=list(batch.failures), duplicate=batch.duplicate)
    for article, analysis in batch.stored:
        try:
            write_batch(con, Batch(stored=[(article, analysis)]), run_id)  # counted with the sightings below
        except UnstorableData as exc:
            done.failures.append(Failure(article.source or article.id, f"could not store: {exc.message}",
                                         exc.code))
        else:
            done.stored.append((article, analysis))
    last = Batch(failures=done.failures, duplicate=done.duplicate, sightings=batch.sightings)
    write_batch(con, last, run_id)
    done.sighted = last.sighted
    return done


def _read_failure(item) -> Failure:
    source = getattr(item, "source", None)
    reason = getattr(item, "reason", None) or str(item)
    return Failure(str(source) if source is not None else None, reason, getattr(item, "code", None))


class _progress_reporter:
    """Context manager giving a ``report(summary)`` function: rich bar, callback, or nothing."""

    def __init__(self, progress: bool | Progress):
        self.progress = progress
        self.bar = None

    def __enter__(self) -> Progress:
        if callable(self.progress):
            return self.progress
        if not self.progress:
            return lambda summary: None
        from rich.console import Console
        from rich.progress import Progress as RichProgress
        from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

        self.bar = RichProgress(
            SpinnerColumn(), TextColumn("ingesting: {task.completed} documents; committed: {task.fields[counts]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True), transient=True,
        )
        self.bar.start()
        task = self.bar.add_task("ingest", total=None, counts="starting")

        def report(summary: BatchSummary) -> None:
            self.bar.update(task, completed=summary.handled, counts=str(summary))

        return report

    def __exit__(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.stop()
