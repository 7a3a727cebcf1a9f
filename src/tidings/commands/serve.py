"""``tidings serve``: the REST API and the web app over a store, with uvicorn."""

from __future__ import annotations

import socket

import click

from ..errors import ConfigError
from .store import db_option


class CannotListen(ConfigError):
    """The host and port can't be bound (in use, not an address of this machine, no permission)."""

    code = "T311"


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``, bound here so a busy port is a one-line error, not a traceback."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise CannotListen(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise CannotListen(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sock


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 makes the store readable from other machines).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header is NAME (repeatable; * for any). "
                   "By default only localhost names and the --host address are answered.")
@click.pass_context
def serve(ctx, db, host, port, allow_hosts):
    """Serve the store read-only: JSON API under /api, the web app at /.

    API reference: the web app's API page and /api/openapi.json (/api/docs is FastAPI's
    Swagger page, served from this machine). While the server runs, DuckDB's file
    lock keeps `tidings ingest` from writing the same file.
    """
    from ..api import require_extra
    from ..store.db import default_db

    require_extra()
    import uvicorn

    from ..api import create_app

    quiet = (ctx.obj or {}).get("quiet", False)
    path = db or default_db()
    from ..api.guard import DEFAULT_HOSTS

    hosts = [*DEFAULT_HOSTS, *allow_hosts]
    if host not in ("0.0.0.0", "::", ""):
        hosts.append(host)  # the address it listens on is a name it answers to
    app = create_app(path, allowed_hosts=hosts)  # a StoreError ([T400]) now, before listening, if unreadable
    sock = listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    if not quiet:
        click.echo(f"serving {path} at http://{shown}:{port}/ (Ctrl-C to stop)", err=True)
    config = uvicorn.Config(app, log_level="warning" if quiet else "info")
    uvicorn.Server(config).run(sockets=[sock])
