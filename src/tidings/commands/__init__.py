"""Subcommands of the tidings CLI, one module per area."""

from __future__ import annotations

import click


def budget_options(command):
    """The per-document budget options (``--budget``, ``--budget-per-10k``) of the commands
    that analyse documents (``extract``, ``ingest``)."""
    command = click.option("--budget-per-10k", "budget_per_10k", type=click.FloatRange(min=0), default=None,
                           metavar="SECONDS",
                           help="Seconds more per 10,000 characters. [default: $TIDINGS_BUDGET_PER_10K or 5]")(command)
    return click.option("--budget", "budget", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
                        help="Seconds one document's analysis may take, plus --budget-per-10k per 10,000 "
                             "characters; past it the document is refused (T501) and the run goes on. 0: no "
                             "budget. [default: $TIDINGS_BUDGET or 20]")(command)
