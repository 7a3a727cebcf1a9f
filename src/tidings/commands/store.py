"""``tidings ingest`` and the commands that read the store: articles, show, events, quotes, errors, export, timeline, series."""

from __future__ import annotations

import csv
import json
import sys

import click

from ..errors import ConfigError
from ..events.modality import ORDER as MODALITIES
from ..export import json_line
from ..store.queries import plain, row_records
from . import budget_options

INPUT_FORMATS = ["auto", "text", "html", "jsonl", "feed", "warc"]
STAGES = ("time", "actors", "places", "quotes", "events")


def db_option(func):
    """``--db PATH``: the store file (default ``$TIDINGS_DB`` or ``tidings.duckdb``)."""
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False), default=None, envvar="TIDINGS_DB",
        show_default="tidings.duckdb", help="The DuckDB store file (env TIDINGS_DB).",
    )(func)


def output_options(func):
    """``--table`` (default) / ``--csv`` / ``--jsonl``: how a command prints its rows."""
    func = click.option("--jsonl", "fmt", flag_value="jsonl", help="One JSON object per row.")(func)
    func = click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row.")(func)
    func = click.option("--table", "fmt", flag_value="table", default=True,
                        help="A table for the terminal (default).")(func)
    return func


def _quiet(ctx: click.Context) -> bool:
    return bool((ctx.obj or {}).get("quiet", False))


def _cell(value) -> str:
    """A table cell on one line: a quote spanning paragraphs would break the table."""
    return "" if value is None else " ".join(str(plain(value)).split())


def emit_rows(ctx: click.Context, columns: list[str], rows: list[tuple], fmt: str, *,
              shown: list[str] | None = None, labels: dict[str, str] | None = None,
              widths: dict[str, int] | None = None, what: str = "rows") -> None:
    """Print rows as a rich table (only the ``shown`` columns), CSV or JSON lines (every column)."""
    out = click.get_text_stream("stdout")
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[plain(v) for v in row] for row in rows])
        return
    if fmt == "jsonl":
        for record in row_records(columns, rows):
            out.write(json_line(record) + "\n")
        return
    if not rows:
        if not _quiet(ctx):
            click.echo(f"no {what}", err=True)
        return
    from rich.console import Console
    from rich.table import Table

    shown = shown or columns
    index = [columns.index(c) for c in shown]
    labels = labels or {}
    widths = widths or {}
    table = Table(show_lines=False, header_style="bold")
    for name in shown:
        table.add_column(labels.get(name, name), max_width=widths.get(name), overflow="ellipsis",
                         no_wrap=True)
    for row in rows:
        table.add_row(*[_cell(row[i]) for i in index])
    # on a terminal rich fits its width; piped, a wide fixed width keeps short columns whole
    width = None if out.isatty() else 200
    Console(file=out, width=width, soft_wrap=False).print(table)
    if not _quiet(ctx):
        click.echo(f"{len(rows)} {what}", err=True)


def _open(db, *, read_only: bool = True):
    from ..store.db import connect

    return connect(db, read_only=read_only)


def _parse_stages(value: str) -> tuple[str, ...]:
    value = value.strip().lower()
    if value == "all":
        return STAGES
    if value == "none":
        return ()
    stages = tuple(s.strip() for s in value.split(",") if s.strip())
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise ConfigError(f"unknown stage {unknown[0]!r} in --stages; use all, none or some of {', '.join(STAGES)}")
    return stages


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
              help="Force a reader instead of guessing from each file.")
@click.option("--fetch-links", is_flag=True, help="For feeds: fetch each entry's linked page (network).")
@click.option("--max-bytes", type=click.IntRange(1), default=None,
              help="Refuse inputs larger than this (default: the readers' limit).")
@click.option("--encoding", default=None, help="Decode non-UTF-8 input with this codec (e.g. latin-1).")
@click.option("--raw", is_flag=True, help="Keep the input text verbatim (no cleaning).")
@click.option("--dct", help="Document creation date YYYY-MM-DD for every document (a JSONL line's own dct wins).")
@click.option("--processes", type=click.IntRange(1, 64), default=1, show_default=True,
              help="spaCy parsing processes.")
@click.option("--stages", default="all", show_default=True,
              help="Stages after sentences/entities: all, none, or a comma list of "
                   "time,actors,places,quotes,events.")
@budget_options
@click.option("--batch-size", type=click.IntRange(1, 10000), default=64, show_default=True,
              help="Documents per transaction.")
@click.option("--no-index", is_flag=True,
              help="Don't rebuild the full-text index after storing (faster on big stores).")
@click.option("--no-link", is_flag=True,
              help="Don't recompute duplicates, merged events and stories after storing (see `tidings link`).")
@click.pass_context
def ingest(ctx, paths, db, input_format, fetch_links, max_bytes, encoding, raw, dct, processes, stages,
           budget, budget_per_10k, batch_size, no_index, no_link):
    """Read PATHS (files, folders, feeds, WARCs, or - for stdin), analyse and store every new document.

    A document already in the store (same id) is counted as a duplicate and skipped. A file
    that can't be read, or a document whose analysis fails, is recorded (see `tidings errors`)
    and the run goes on. Prints `stored N, duplicate N, failed N` and one line per failure;
    the exit status is 1 when something failed. After a run that stored something, the
    store is linked as by `tidings link` (one more summary line) unless --no-link.
    """
    from ..pipeline import Options, validate_dct
    from ..store.ingest import IngestInterrupted, ingest_paths

    dct = validate_dct(dct)
    options = Options(raw=raw, n_process=processes, stages=_parse_stages(stages), budget_base=budget,
                      budget_per_10kb=budget_per_10k)
    kwargs = {"raw": raw, "fetch_links": fetch_links}
    if input_format != "auto":
        kwargs["input_format"] = input_format
    if max_bytes:
        kwargs["max_bytes"] = max_bytes
    if encoding:
        kwargs["encoding"] = encoding
    quiet = _quiet(ctx)
    progress = not quiet and sys.stderr.isatty()
    # a stage's failure is reported below in one line; the pipeline logs its traceback at
    # debug level, so only -vv shows it
    try:
        summary = ingest_paths(list(paths), db, options=options, progress=progress, dct=dct,
                               batch_size=batch_size, index=not no_index, **kwargs)
    except IngestInterrupted as stop:
        click.echo(f"interrupted: {stop.summary} were committed; the batch in progress was rolled back",
                   err=True)
        ctx.exit(130)
    if not quiet:
        click.echo(str(summary))
    from ..store.link import link_store, unlinked_articles

    # link what this run stored, and what an earlier run stored but never linked (killed or
    # interrupted between its ingest and its link step)
    if not no_link and (summary.stored or unlinked_articles(db)):

        try:
            linked = link_store(db, options=options)
        except KeyboardInterrupt:
            click.echo(f"interrupted while linking: {summary} were committed; the link tables are as "
                       "they were (run `tidings link --db ...`)", err=True)
            ctx.exit(130)
        if not quiet:
            click.echo(str(linked))
            for article_id, before, after in linked.redated:
                click.echo(f"re-dated {article_id}: {before or 'no date'} -> {after or 'no date'}")
    for failure in summary.errors:
        # a reader's reason already starts with its "[T1xx]" code
        code = f"[{failure.code}] " if failure.code and not failure.reason.startswith("[") else ""
        click.echo(f"failed: {failure.source}: {code}{failure.reason}", err=True)
    if summary.failed:
        ctx.exit(1)


@click.command()
@db_option
@click.option("--search", help="Only articles whose title or text has every word of this, best match first.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many articles.")
@output_options
@click.pass_context
def articles(ctx, db, search, limit, fmt):
    """List stored articles: id, outlet, date (the date used), title."""
    from ..store.queries import list_articles

    with _open(db) as con:
        columns, rows = list_articles(con, search=search, limit=limit)
    emit_rows(ctx, columns, rows, fmt, widths={"title": 60}, what="articles")


@click.command()
@click.argument("article_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the stored Analysis JSON instead.")
@click.pass_context
def show(ctx, article_id, db, as_json):
    """Show one article (ID, the start of it, or a JSONL line's own id): its metadata, the
    sources it was read from (sightings), then its clean text."""
    from ..store.queries import get_article, resolve_article_id
    from ..store.sightings import sightings_of

    with _open(db) as con:
        if as_json:
            full_id = resolve_article_id(con, article_id)
            analysis = con.execute("SELECT analysis FROM articles WHERE id = ?", [full_id]).fetchone()[0]
            click.echo(json_line(json.loads(analysis), indent=2))
            return
        row = get_article(con, article_id)
        _, seen = sightings_of(con, row["id"])
    date_used = row["dct_used"] or "unknown"
    if row["dct_source"] and row["dct_source"] != "none":
        date_used += f" ({row['dct_source']})"
    lines = [
        ("id", row["id"]),
        ("title", row["title"]),
        ("byline", row["byline"]),
        ("outlet", row["outlet"]),
        ("source", row["source"]),
        ("url", row["url"]),
        ("stated date", row["stated_date"]),
        ("date used", date_used),
        ("contradicted", "yes: the stated date disagrees with the text" if row["dct_contradicted"] else "no"),
    ]
    for label, value in lines:
        if value is not None:
            click.echo(f"{label + ':':14}{value}")
    click.echo(f"sightings:    {len(seen)} (the sources this text was read from)")
    for key, source, url, outlet, title, stated, given, run_id, _at in seen:
        where = url or source or key
        parts = [p for p in (outlet, f'"{title}"' if title else None, f"stated {stated}" if stated else None,
                             f"id {given}" if given else None, f"run {run_id}" if run_id is not None else None) if p]
        click.echo(f"  - {_cell(where)}" + (f"  ({_cell(', '.join(parts))})" if parts else ""))
    click.echo("")
    click.echo(row["text"])


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt", "plover"]), default="jsonl",
              show_default=True, help="jsonl: one Analysis per article; csv/parquet: one table; "
                                      "gdelt: GDELT-2.0-style event TSV; plover: PLOVER JSON lines.")
@click.option("--table", "table", type=click.Choice(["articles", "sentences", "entities", "timexes", "actors",
                                                     "places", "quotes", "events", "ingest_errors", "runs",
                                                     "duplicates", "merged_events", "merged_mentions",
                                                     "stories", "story_articles", "corpus_date_evidence",
                                                     "sightings"]),
              default=None, help="The table to export (default: articles for csv/parquet; "
                                 "with jsonl, its rows instead of the Analysis JSON).")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (default stdout; parquet needs a file).")
@click.pass_context
def export(ctx, db, fmt, table, output):
    """Export the store: Analysis JSON lines, a table as CSV, Parquet or JSON lines, or events as GDELT / PLOVER."""
    from ..export import export as run_export

    count = run_export(db, format=fmt, table=table, out=output)
    if output and not _quiet(ctx):
        click.echo(f"wrote {count} rows to {output}", err=True)


def _event_type(value: str | None) -> str | None:
    """A ``--type`` value as its PLOVER type (any case accepted), or a one-line T300 error."""
    from ..events.ontology import plover_types

    if value is None:
        return None
    known = list(plover_types())
    if value.strip().upper() not in known:
        raise ConfigError(f"--type: unknown PLOVER event type {value!r}; use one of {', '.join(known)}")
    return value.strip().upper()


@click.command()
@db_option
@click.option("--actor", help="A source or target: code prefix (USA, PRKGOV) or part of a name.")
@click.option("--type", "event_type", help="PLOVER event type, e.g. CONSULT (any case; an unknown one is T300).")
@click.option("--since", help="Events that can fall on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Events that can fall on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--modality", type=click.Choice(MODALITIES, case_sensitive=False),
              help="Only events of this modality.")
@click.option("--article", help="Only this article (id or the start of it).")
@output_options
@click.pass_context
def events(ctx, db, actor, event_type, since, until, modality, article, fmt):
    """List stored events matching every filter given."""
    from ..store.queries import query_events

    event_type = _event_type(event_type)
    modality = modality.lower() if modality else None
    with _open(db) as con:
        columns, rows = query_events(con, actor=actor, type=event_type, since=since, until=until,
                                     modality=modality, article=article)
    rows = [(r[0][:8], *r[1:]) if fmt == "table" else r for r in rows]
    emit_rows(ctx, columns, rows, fmt, what="events",
              shown=["article_id", "date", "type", "mode", "actor_codes", "recipient_codes", "place_name",
                     "modality", "trigger_text"],
              labels={"article_id": "article", "actor_codes": "source", "recipient_codes": "target",
                      "place_name": "place", "trigger_text": "trigger"},
              widths={"trigger_text": 30, "place_name": 24})


@click.command()
@db_option
@click.option("--speaker", help="Part of the speaker's name.")
@click.option("--actor", help="Speaker code prefix, e.g. USAGOV or PRK.")
@click.option("--article", help="Only this article (id or the start of it).")
@output_options
@click.pass_context
def quotes(ctx, db, speaker, actor, article, fmt):
    """List stored quotes with their speakers."""
    from ..store.queries import query_quotes

    with _open(db) as con:
        columns, rows = query_quotes(con, speaker=speaker, actor=actor, article=article)
    rows = [(r[0][:8], *r[1:]) if fmt == "table" else r for r in rows]
    emit_rows(ctx, columns, rows, fmt, what="quotes",
              shown=["article_id", "speaker_name", "speaker_code", "direct", "text"],
              labels={"article_id": "article", "speaker_name": "speaker", "speaker_code": "code"},
              widths={"text": 70})


@click.command()
@db_option
@click.option("--run", type=int, default=None, help="Only the errors of this ingest run.")
@output_options
@click.pass_context
def errors(ctx, db, run, fmt):
    """List the documents that ingest could not read or analyse, and why."""
    from ..store.queries import list_errors

    with _open(db) as con:
        columns, rows = list_errors(con, run=run)
    emit_rows(ctx, columns, rows, fmt, what="errors", shown=["run_id", "source", "code", "reason"],
              labels={"run_id": "run"}, widths={"reason": 70})


def _hint_if_unlinked(ctx: click.Context, con, rows: list) -> None:
    """Nothing found in a store that has articles but was never linked: say how to link it."""
    if rows or _quiet(ctx):
        return
    merged, articles = con.execute(
        "SELECT (SELECT count(*) FROM merged_events), (SELECT count(*) FROM articles)").fetchone()
    if not merged and articles:
        click.echo("the store has no merged events yet: run `tidings link --db PATH`", err=True)


@click.command()
@db_option
@click.option("--actor", help="Events involving this actor: code prefix (USA, PRKGOV) or country.")
@click.option("--other", help="... and also this one.")
@click.option("--story", help="Only events reported by articles of this story (an id such as S00001).")
@output_options
@click.pass_context
def timeline(ctx, db, actor, other, story, fmt):
    """Merged events in date order, with the articles' sentences and outlets (run `tidings link` first)."""
    from ..store.queries import timeline_rows

    with _open(db) as con:
        columns, rows = timeline_rows(con, actor=actor, other=other, story=story)
        _hint_if_unlinked(ctx, con, rows)
    if fmt == "table":
        rows = [(*r[:-1], " / ".join(m["sentence"] for m in json.loads(r[-1]))) for r in rows]
    emit_rows(ctx, columns, rows, fmt, what="merged events",
              shown=["date", "type", "sources", "targets", "place", "articles", "outlets", "mentions"],
              labels={"mentions": "sentences"},
              widths={"mentions": 80, "outlets": 24, "place": 16})


@click.command()
@click.argument("a")
@click.argument("b")
@db_option
@click.option("--freq", type=click.Choice(["day", "week", "month", "quarter", "year"]), default="month",
              show_default=True, help="Period length.")
@click.option("--directed", is_flag=True, help="Only events with A as source and B as target.")
@output_options
@click.pass_context
def series(ctx, a, b, db, freq, directed, fmt):
    """QuadClass counts and mean Goldstein per period of the merged events between actors A and B."""
    from ..store.queries import series_rows

    for name, value in (("A", a), ("B", b)):
        if not value.strip():
            raise ConfigError(f"series: actor {name} is empty; give an actor code (USA, PRKGOV) or part of a name")
    a, b = a.strip(), b.strip()
    with _open(db) as con:
        columns, rows = series_rows(con, a, b, freq=freq, directed=directed)
        _hint_if_unlinked(ctx, con, rows)
    emit_rows(ctx, columns, rows, fmt, what="periods")
