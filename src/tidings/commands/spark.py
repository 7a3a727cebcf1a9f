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
@click.option("--link", is_flag=True,
              help="With --format parquet: one analysis per clean text with its sightings, and the corpus "
                   "linked on Spark (duplicates, merged events) for `tidings load`.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0, min_open=True), default=0.8, show_default=True,
              help="With --link: the Jaccard similarity of near-duplicates.")
@click.pass_context
def spark(ctx, input_path, output_path, output_format, input_format, partitions, master, dct, raw, stages,
          link, threshold):
    """Analyse INPUT on Spark and write OUTPUT/analyses (or OUTPUT/events) and OUTPUT/errors.

    A document that can't be read or analysed becomes an {"id", "source", "error"} row in
    OUTPUT/errors; the exit status is then 1. Needs pyspark (pip install 'tidings[spark]').
    With --link (Parquet), OUTPUT also holds articles, sightings, keys, duplicates and merged
    events: load them into a store with `tidings load OUTPUT --db PATH`.
    """
    from ..spark import run_spark

    options = {"raw": raw}
    if dct:
        options["dct"] = dct
    if stages is not None:
        options["stages"] = stages
    counts = run_spark(input_path, output_path, input_format=input_format, output_format=output_format,
                       partitions=partitions, master=master, options=options, link=link, threshold=threshold)
    if not (ctx.obj or {}).get("quiet"):
        click.echo(f"{counts['documents']} documents: {counts['analyses']} analysed, "
                   f"{counts['errors']} failed, {counts['events']} events -> {output_path}", err=True)
        if link:
            click.echo(f"{counts['texts']} texts, {counts['sightings']} sightings, "
                       f"{counts['duplicate_pairs']} duplicate pairs, {counts['merged_events']} merged events "
                       f"({counts['components']} event-key components)", err=True)
    if counts["errors"]:
        ctx.exit(1)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--db", "db", type=click.Path(dir_okay=False), default=None, envvar="TIDINGS_DB",
              show_default="tidings.duckdb", help="The DuckDB store file (env TIDINGS_DB).")
@click.pass_context
def load(ctx, folder, db):
    """Load the Parquet output of `tidings spark --link` (FOLDER) into the store.

    Stores the articles not yet in it with their records and sightings, and takes Spark's
    duplicates and merged events as the link tables when the store was empty (else the
    whole store is linked again). No Spark is needed here.
    """
    from ..store.load import load_spark

    summary = load_spark(folder, db)
    if not (ctx.obj or {}).get("quiet"):
        click.echo(str(summary))
