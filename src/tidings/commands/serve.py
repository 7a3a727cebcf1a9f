"""``tidings serve``: the REST API and the web app over a store, with uvicorn."""

from __future__ import annotations

import click

from .store import db_option


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 makes the store readable from other machines).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.pass_context
def serve(ctx, db, host, port):
    """Serve the store read-only: JSON API under /api, the web app at /.

    API docs: /api/openapi.json (and /api/docs, whose Swagger page loads its scripts from a CDN).
    While the server runs, DuckDB's file lock keeps `tidings ingest` from writing the same file.
    """
    from ..api import require_extra
    from ..store.db import default_db

    require_extra()
    import uvicorn

    from ..api import create_app

    path = db or default_db()
    app = create_app(path)  # a StoreError ([T400]) now, before listening, if the file can't be opened
    if not (ctx.obj or {}).get("quiet"):
        click.echo(f"serving {path} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning" if (ctx.obj or {}).get("quiet") else "info")
