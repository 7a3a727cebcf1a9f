"""The ``tidings`` command: a click group whose subcommands mirror the pipeline.

Subcommands live beside the stage they drive and are imported only when used,
so ``tidings --help`` stays fast and a stage's dependencies load on demand.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from . import __version__
from .errors import ConfigError, TidingsError

# name -> "module:attribute" of a click command, imported on first use
COMMANDS = {
    "extract": "tidings.commands.extract:extract",
    "ingest": "tidings.commands.store:ingest",
    "articles": "tidings.commands.store:articles",
    "show": "tidings.commands.store:show",
    "export": "tidings.commands.store:export",
    "events": "tidings.commands.store:events",
    "quotes": "tidings.commands.store:quotes",
    "errors": "tidings.commands.store:errors",
    "timeline": "tidings.commands.store:timeline",
    "series": "tidings.commands.store:series",
    "demo": "tidings.commands.demo:demo",
    "serve": "tidings.commands.serve:serve",
    "eval": "tidings.cli:eval_group",
    "link": "tidings.link.cli:link",
    "spark": "tidings.commands.spark:spark",
    "load": "tidings.commands.spark:load",
}

EVAL_COMMANDS = {
    "time": "tidings.eval.timeml:command",
    "actors": "tidings.eval.actors:command",
    "events": "tidings.eval.events:command",
    "quotes": "tidings.eval.quotes:command",
    "ecb": "tidings.eval.ecb:command",
    "timelines": "tidings.eval.timelines:command",
    "places": "tidings.eval.places:command",
}


def _load(spec: str) -> click.Command:
    module, attr = spec.split(":")
    return getattr(importlib.import_module(module), attr)


class LazyGroup(click.Group):
    """A click group whose commands are imported when they are asked for."""

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx, name):
        if name in self.lazy:
            return _load(self.lazy[name])
        return super().get_command(ctx, name)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except TidingsError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(2)

    def main(self, args=None, prog_name=None, **kwargs):
        """Run the command; a usage error is one line with its code, like every other error."""
        if kwargs.get("standalone_mode", True) is False:
            return super().main(args, prog_name, **kwargs)
        kwargs["standalone_mode"] = False
        try:
            rv = super().main(args, prog_name, **kwargs)
        except click.UsageError as err:
            where = f" (see `{err.ctx.command_path} --help`)" if err.ctx else ""
            click.echo(f"error: [{ConfigError.code}] {err.format_message()}{where}", err=True)
            sys.exit(2)
        except click.ClickException as err:
            click.echo(f"error: {err.format_message()}", err=True)
            sys.exit(err.exit_code)
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


@click.group(cls=LazyGroup, lazy=COMMANDS)
@click.version_option(__version__, prog_name="tidings")
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """tidings: who did what to whom, when and where, from news text."""
    level = logging.ERROR if quiet else [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("tidings").setLevel(level)  # also when a host already configured logging
    if verbose < 2:  # libraries' own chatter ("discarding data: None") is not the user's business
        for noisy in ("trafilatura", "htmldate", "courlan", "warcio"):
            logging.getLogger(noisy).setLevel(logging.ERROR)
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet
    ctx.obj["verbose"] = verbose


@click.group(cls=LazyGroup, lazy=EVAL_COMMANDS, name="eval")
def eval_group() -> None:
    """Score a stage on gold data: precision, recall and F1."""


if __name__ == "__main__":  # pragma: no cover
    main()
