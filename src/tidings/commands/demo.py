"""``tidings demo``: ingest the bundled examples and print what tidings found in them."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError


def _examples_dir() -> Path:
    """``examples/`` in the working directory, else beside the source checkout."""
    here = Path("examples")
    if here.is_dir():
        return here
    checkout = Path(__file__).resolve().parents[3] / "examples"
    if checkout.is_dir():
        return checkout
    raise InputError("no examples/ folder here; run the demo from the tidings checkout or give a PATH")


def _actors(actors: list[dict]) -> str:
    return ", ".join(a.get("code") or a.get("text") for a in actors) or "-"


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--db", default=None, help="Database file (default: tidings.duckdb or $TIDINGS_DB).")
@click.pass_context
def demo(ctx, paths, db):
    """Ingest the bundled examples (or PATHS) and summarise the articles, events and quotes."""
    from rich.console import Console
    from rich.table import Table

    from ..store.db import connect, default_db
    from ..store.ingest import ingest_paths
    from ..store.link import link_store
    from ..store.queries import iter_analyses

    quiet = (ctx.obj or {}).get("quiet", False)
    console = Console(soft_wrap=False)
    db = db or default_db()
    inputs = list(paths) or [str(_examples_dir())]
    summary = ingest_paths(inputs, db, progress=not quiet)
    console.print(f"[bold]ingest[/bold] {', '.join(inputs)} -> {db}: {summary}")
    for failure in summary.errors:
        console.print(f"  [red]failed[/red] {failure.source}: {failure.reason}")
    linked = link_store(db)
    console.print(f"[bold]link[/bold] {linked}")
    for article_id, before, after in linked.redated:
        console.print(f"  re-dated {article_id} from the other articles: {before or 'no date'} -> {after or 'no date'}")

    con = connect(db, read_only=True)
    try:
        analyses = list(iter_analyses(con))
    finally:
        con.close()
    for a in analyses:
        dct = a["dct"]
        console.rule(f"[bold]{a.get('title') or a['id']}")
        date_line = f"date used {dct.get('used') or '?'} ({dct.get('source')})"
        if dct.get("stated"):
            date_line += f", stated {dct['stated']}"
        if dct.get("contradicted"):
            date_line += " [yellow]- stated date contradicted by the text[/yellow]"
        console.print(f"id {a['id']}  outlet {a.get('outlet') or '-'}  byline {a.get('byline') or '-'}")
        console.print(date_line)
        console.print(
            f"{len(a['sentences'])} sentences, {len(a['entities'])} entities, {len(a['timexes'])} time "
            f"expressions, {len(a['actors'])} actor mentions, {len(a['places'])} places, "
            f"{len(a['quotes'])} quotes, {len(a['events'])} events"
        )
        if a["events"]:
            table = Table("date", "event", "who", "to whom", "where", "modality", "trigger", box=None)
            for e in a["events"]:
                table.add_row(
                    str(e.get("date") or "-"),
                    f"{e['type']}" + (f"/{e['mode']}" if e.get("mode") else "") + f" ({e.get('cameo') or '-'})",
                    _actors(e["actors"]), _actors(e["recipients"]),
                    (e.get("place") or {}).get("name") or "-", e["modality"], e["trigger"]["text"],
                )
            console.print(table)
        if a["quotes"]:
            table = Table("speaker", "quote", box=None)
            for q in a["quotes"]:
                text = " ".join(q["text"].split())
                table.add_row(q.get("speaker_name") or "(unknown)",
                              ("“" if q["direct"] else "") + text[:90] + ("…" if len(text) > 90 else ""))
            console.print(table)
    first = analyses[0]["id"][:6] if analyses else "ID"
    db_opt = "" if db == "tidings.duckdb" else f" --db {db}"
    console.rule("[bold]explore")
    for line in (
        f"tidings articles{db_opt}",
        f"tidings show {first}{db_opt}",
        f"tidings events{db_opt} --actor PRK --modality asserted",
        f"tidings timeline{db_opt} --actor USA --other PRK",
        f"tidings quotes{db_opt}",
        f"tidings export{db_opt} --format csv --table events -o events.csv",
        "tidings extract --dct 2018-06-12 examples/004_3979278851648cfb.txt",
    ):
        console.print(f"  {line}")
    if summary.failed:
        ctx.exit(1)
