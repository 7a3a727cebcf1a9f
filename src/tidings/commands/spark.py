"""``tidings spark``: analyse a large corpus on Apache Spark (the optional ``spark`` extra)."""

from __future__ import annotations

import click


@click.command()
@click.argument("input_path", metavar="INPUT")
@click.argument("output_path", metavar="OUTPUT")
@click.option("--format", "output_format", type=click.Choice(["jsonl", "parquet"]), default="jsonl",
              show_default=True,
              help="jsonl: OUTPUT/analyses, one Analysis per line; parquet: OUTPUT/events, one row per event.")
@click.option("--input-format", type=click.Choice(["jsonl", "text"]), default="jsonl", show_default=True,
              help="jsonl: one document per line; text: one document per file (wholeTextFiles).")
@click.option("--partitions", type=click.IntRange(1), default=None,
              help="Repartition the input into N partitions (default: as Spark reads it).")
@click.option("--master", default=None, help="Spark master, e.g. local[2] (default: the session's).")
@click.option("--dct", help="Document creation date YYYY-MM-DD for every document (a line's own dct wins).")
@click.option("--raw", is_flag=True, help="Keep each text verbatim (no cleaning).")
@click.option("--stages", default=None, help="Comma-separated subset of time,actors,places,quotes,events.")
@click.pass_context
def spark(ctx, input_path, output_path, output_format, input_format, partitions, master, dct, raw, stages):
    """Analyse INPUT on Spark and write OUTPUT/analyses (or OUTPUT/events) and OUTPUT/errors.

    A document that can't be read or analysed becomes an {"id", "source", "error"} row in
    OUTPUT/errors; the exit status is then 1. Needs pyspark (pip install 'tidings[spark]').
    """
    from ..spark import run_spark

    options = {"raw": raw}
    if dct:
        options["dct"] = dct
    if stages is not None:
        options["stages"] = stages
    counts = run_spark(input_path, output_path, input_format=input_format, output_format=output_format,
                       partitions=partitions, master=master, options=options)
    if not (ctx.obj or {}).get("quiet"):
        click.echo(f"{counts['documents']} documents: {counts['analyses']} analysed, "
                   f"{counts['errors']} failed, {counts['events']} events -> {output_path}", err=True)
    if counts["errors"]:
        ctx.exit(1)
