"""``tidings extract``: the stable JSON output, one object per document, no database."""

from __future__ import annotations

import sys

import click

from ..export import json_line
from ..pipeline import validate_dct
from . import budget_options


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--input-format", type=click.Choice(["auto", "text", "html", "jsonl", "feed", "warc"]),
              default="auto", show_default=True,
              help="Force a reader; jsonl lines are {id, text|html, dct?, title?}.")
@click.option("--raw", is_flag=True, help="Keep the input text verbatim (no cleaning): offsets refer to it exactly.")
@click.option("--dct", help="Document creation date YYYY-MM-DD for every document (a JSONL line's own dct wins).")
@click.option("--processes", type=click.IntRange(1, 64), default=1, show_default=True,
              help="spaCy parsing processes.")
@click.option("--max-bytes", type=click.IntRange(1), default=None,
              help="Refuse inputs larger than this (default: the readers' documented limit).")
@budget_options
@click.option("--pretty", is_flag=True, help="Indent the JSON (one object per document still).")
@click.pass_context
def extract(ctx, paths, input_format, raw, dct, processes, max_bytes, budget, budget_per_10k, pretty):
    """Print one JSON object per document (files, folders or stdin) on stdout, in input order.

    Every span is {start, end, text, ...} with character offsets into the object's "text".
    A document that can't be read or analysed prints {"id", "source", "error"} instead, and the
    exit status is 1. With no PATHS (or "-"), reads stdin.
    """
    from ..ingest import ReadError, read_inputs
    from ..pipeline import Options, StageError, analyze_stream

    dct = validate_dct(dct)
    quiet = (ctx.obj or {}).get("quiet", False)
    options = Options(raw=raw, n_process=processes, budget_base=budget, budget_per_10kb=budget_per_10k)
    kwargs = {"raw": raw}
    if input_format != "auto":
        kwargs["input_format"] = input_format
    if max_bytes:
        kwargs["max_bytes"] = max_bytes
    failed = 0
    indent = 2 if pretty else None

    def emit(obj):
        sys.stdout.write(json_line(obj, indent=indent) + "\n")

    for article, result in analyze_stream(read_inputs(list(paths) or ["-"], **kwargs), options, dct=dct):
        if isinstance(article, ReadError):
            failed += 1
            if not quiet:
                click.echo(f"error: {article.source}: {article.reason}", err=True)
            emit({"id": None, "source": article.source, "error": article.reason})
        elif isinstance(result, StageError):
            failed += 1
            if not quiet:
                click.echo(f"error: {article.source or article.id}: {result}", err=True)
            emit({"id": article.id, "source": article.source, "error": str(result)})
        else:
            emit(result.as_dict())
        sys.stdout.flush()
    if failed:
        ctx.exit(1)
