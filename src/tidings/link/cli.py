"""``tidings link``: link the store, or run the cross-article functions on a JSONL file of analyses.

    tidings link --db news.duckdb          # recompute the store's link tables (and re-date articles)

    tidings extract a.txt b.txt > analyses.jsonl
    tidings link duplicates analyses.jsonl
    tidings link events analyses.jsonl
    tidings link stories analyses.jsonl
    tidings link timeline analyses.jsonl --actor USA --other PRK
    tidings link series analyses.jsonl USA PRK --freq month
    tidings link dates analyses.jsonl

Each subcommand prints JSON lines on stdout. Lines with an ``error`` key (documents that failed)
and JSON values that are not objects are skipped, and counted on stderr.

``tidings link series`` takes the file first (``PATH A B``); the store's ``tidings series A B``
has no path. The order is kept for backwards compatibility.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

import click

from ..errors import ConfigError
from ..export import json_line
from ..model import Analysis
from . import date_evidence_from_corpus, merge_events, series, timeline
from .timeline import FREQS


def read_analyses(path: str, skipped: list[tuple[int, str]] | None = None) -> list[Analysis]:
    """Analyses from a JSONL file ('-' = stdin); a malformed line is a clear InputError.

    A line for a document that failed (an object with an ``error`` key) or a JSON value that
    is not an object (``[]``, ``5``) is skipped; ``skipped`` gets ``(line number, why)`` for each.
    Lines end at newlines only: a raw U+2028 inside a JSON string is text (``stream.iter_analyses``).
    """
    from .stream import iter_analyses

    return [analysis for analysis, _line in iter_analyses(path, skipped)]


def _load(path: str) -> list[Analysis]:
    """``read_analyses`` for a subcommand: the lines it skips are counted on stderr."""
    skipped: list[tuple[int, str]] = []
    analyses = read_analyses(path, skipped)
    if skipped:
        shown = "; ".join(f"line {n}: {why}" for n, why in skipped[:5])
        more = f"; and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        click.echo(f"skipped {len(skipped)} line{'s' if len(skipped) != 1 else ''} of {path} "
                   f"({shown}{more}); read {len(analyses)} analyses", err=True)
    return analyses


def _report_skipped(path: str, skipped: list[tuple[int, str]], read: int) -> None:
    if skipped:
        shown = "; ".join(f"line {n}: {why}" for n, why in skipped[:5])
        more = f"; and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        click.echo(f"skipped {len(skipped)} line{'s' if len(skipped) != 1 else ''} of {path} "
                   f"({shown}{more}); read {read} analyses", err=True)


def _stream(path: str):
    """The analyses of a JSONL file one at a time (``stream.iter_analyses``); the lines it
    skips are counted on stderr once the file is read."""
    from .stream import iter_analyses

    skipped: list[tuple[int, str]] = []
    read = 0
    for analysis, _line in iter_analyses(path, skipped):
        read += 1
        yield analysis
    _report_skipped(path, skipped, read)


@contextmanager
def _linked(path: str, batch_size: int, threshold: float = 0.8, window_days: int = 14, on_analysis=None):
    """A temporary store holding the file's analyses, linked ``batch_size`` at a time."""
    from .stream import iter_analyses, linked_store

    if batch_size < 1:
        raise ConfigError(f"--batch-size must be at least 1, got {batch_size}")
    skipped: list[tuple[int, str]] = []
    read = 0

    def rows():
        nonlocal read
        for item in iter_analyses(path, skipped):
            read += 1
            yield item
        _report_skipped(path, skipped, read)

    with linked_store(rows(), batch_size=batch_size, threshold=threshold, window_days=window_days,
                      on_analysis=on_analysis) as con:
        yield con


_BATCH = click.option("--batch-size", type=int, default=1000, show_default=True,
                      help="Analyses read and linked at once (memory is bounded by it, not by the file).")


def _emit(records) -> None:
    for r in records:
        click.echo(json_line(r.as_dict() if hasattr(r, "as_dict") else r))


@click.group("link", invoke_without_command=True)
@click.option("--db", "db", type=click.Path(dir_okay=False), default=None, envvar="TIDINGS_DB",
              show_default="tidings.duckdb", help="The DuckDB store to link (env TIDINGS_DB).")
@click.option("--no-redate", is_flag=True, help="Don't re-run the pipeline on articles the corpus dates.")
@click.option("--full", is_flag=True, help="Drop the link tables and link every stored article again "
              "(by default only the articles not linked yet are linked against the store).")
@click.option("--threshold", type=float, default=0.8, show_default=True,
              help="Near-duplicate threshold (Jaccard of 5-word shingles).")
@click.pass_context
def link(ctx: click.Context, db: str | None, no_redate: bool, full: bool, threshold: float) -> None:
    """Across articles: duplicates, merged events, stories, timelines, corpus date evidence.

    Without a subcommand: recompute the store's link tables from every stored analysis in one
    transaction, re-dating articles whose date the corpus can fix, and print a summary. With a
    subcommand: run one function on a JSONL file of analyses (`tidings extract` output).
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..store.link import link_store

    summary = link_store(db, redate_articles=not no_redate, threshold=threshold, full=full)
    click.echo(str(summary))
    for article_id, before, after in summary.redated:
        click.echo(f"re-dated {article_id}: {before or 'no date'} -> {after or 'no date'}")


@link.command("duplicates")
@click.argument("path")
@click.option("--threshold", type=float, default=0.8, show_default=True, help="Jaccard of 5-word shingles.")
@_BATCH
def duplicates_cmd(path: str, threshold: float, batch_size: int) -> None:
    """Near-duplicate pairs; reposts carry date evidence for the copy."""
    from . import stream

    if not 0.0 < threshold <= 1.0:
        raise ConfigError(f"duplicate threshold must be in (0, 1], got {threshold}")
    with _linked(path, batch_size, threshold=threshold) as con:
        _emit(stream.duplicates(con))


@link.command("events")
@click.argument("path")
@click.option("--all", "include_undated", is_flag=True, help="Also list mentions that can't be matched.")
@_BATCH
def events_cmd(path: str, include_undated: bool, batch_size: int) -> None:
    """Merged events, each with its mentions."""
    import tempfile

    from . import stream
    from .keys import mention_features
    from .merge import _undated_record

    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        def undated(analysis: Analysis) -> None:  # the mentions merge_events(include_undated) lists alone
            for n, event in enumerate(analysis.events):
                if mention_features(analysis, n, event) is None:
                    m = _undated_record(analysis, n, event)
                    spool.write(json.dumps([m.date, m.type, m.id, json.dumps(m.as_dict(), ensure_ascii=False)],
                                           ) + "\n")

        with _linked(path, batch_size, on_analysis=undated if include_undated else None) as con:
            spool.seek(0)
            _emit(stream.events(con, (json.loads(line) for line in spool) if include_undated else None))


@link.command("stories")
@click.argument("path")
@click.option("--window-days", type=int, default=14, show_default=True)
@_BATCH
def stories_cmd(path: str, window_days: int, batch_size: int) -> None:
    """Groups of articles about the same story."""
    from . import stream

    with _linked(path, batch_size, window_days=window_days) as con:
        _emit(stream.stories(con))


@link.command("timeline")
@click.argument("path")
@click.option("--actor", default=None, help="Actor code or country, e.g. USA or PRKGOV.")
@click.option("--other", default=None, help="A second actor both must involve.")
def timeline_cmd(path: str, actor: str | None, other: str | None) -> None:
    """Merged events in date order."""
    _emit(timeline(merge_events(_stream(path)), actor=actor, other=other))


@link.command("series")
@click.argument("path")
@click.argument("a")
@click.argument("b")
@click.option("--freq", type=click.Choice(FREQS), default="month", show_default=True)
@click.option("--directed", is_flag=True, help="Only events with A as source and B as recipient.")
def series_cmd(path: str, a: str, b: str, freq: str, directed: bool) -> None:
    """QuadClass counts and mean Goldstein per period for actors A and B, from the JSONL file PATH.

    Note the order: the file comes first (PATH A B), unlike the store's `tidings series A B`.
    """
    for name, value in (("A", a), ("B", b)):
        if not value.strip():
            raise ConfigError(f"link series: actor {name} is empty; give an actor code (USA, PRKGOV) or a country")
    _emit(series(merge_events(_stream(path)), a.strip(), b.strip(), freq=freq, directed=directed))


@link.command("dates")
@click.argument("path")
def dates_cmd(path: str) -> None:
    """Date evidence from the corpus for articles without a trustworthy date."""
    for article_id, evidence in date_evidence_from_corpus(_load(path)).items():
        click.echo(json_line({"id": article_id, "evidence": [e.as_dict() for e in evidence]}))
