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
import sys
from pathlib import Path

import click

from ..errors import ConfigError, InputError
from ..export import json_line
from ..model import Analysis
from . import date_evidence_from_corpus, find_duplicates, group_stories, merge_events, series, timeline
from .timeline import FREQS


def read_analyses(path: str, skipped: list[tuple[int, str]] | None = None) -> list[Analysis]:
    """Analyses from a JSONL file ('-' = stdin); a malformed line is a clear InputError.

    A line for a document that failed (an object with an ``error`` key) or a JSON value that
    is not an object (``[]``, ``5``) is skipped; ``skipped`` gets ``(line number, why)`` for each.
    """
    try:
        lines = sys.stdin.read().splitlines() if path == "-" else Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read {path}: {err}") from err
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}:{n}: not JSON ({err.msg})") from err
        if not isinstance(data, dict):
            if skipped is not None:
                skipped.append((n, f"a JSON {type(data).__name__}, not an object"))
            continue
        if "error" in data:
            if skipped is not None:
                skipped.append((n, "a document that failed (an \"error\" key)"))
            continue
        try:
            out.append(Analysis.from_dict(data))
        except TypeError as err:
            raise InputError(f"{path}:{n}: not a tidings analysis ({err})") from err
    return out


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
def duplicates_cmd(path: str, threshold: float) -> None:
    """Near-duplicate pairs; reposts carry date evidence for the copy."""
    _emit(find_duplicates(_load(path), threshold=threshold))


@link.command("events")
@click.argument("path")
@click.option("--all", "include_undated", is_flag=True, help="Also list mentions that can't be matched.")
def events_cmd(path: str, include_undated: bool) -> None:
    """Merged events, each with its mentions."""
    _emit(merge_events(_load(path), include_undated=include_undated))


@link.command("stories")
@click.argument("path")
@click.option("--window-days", type=int, default=14, show_default=True)
def stories_cmd(path: str, window_days: int) -> None:
    """Groups of articles about the same story."""
    _emit(group_stories(_load(path), window_days=window_days))


@link.command("timeline")
@click.argument("path")
@click.option("--actor", default=None, help="Actor code or country, e.g. USA or PRKGOV.")
@click.option("--other", default=None, help="A second actor both must involve.")
def timeline_cmd(path: str, actor: str | None, other: str | None) -> None:
    """Merged events in date order."""
    _emit(timeline(merge_events(_load(path)), actor=actor, other=other))


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
    _emit(series(merge_events(_load(path)), a.strip(), b.strip(), freq=freq, directed=directed))


@link.command("dates")
@click.argument("path")
def dates_cmd(path: str) -> None:
    """Date evidence from the corpus for articles without a trustworthy date."""
    for article_id, evidence in date_evidence_from_corpus(_load(path)).items():
        click.echo(json_line({"id": article_id, "evidence": [e.as_dict() for e in evidence]}))
