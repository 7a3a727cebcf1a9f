"""Subcommands of the tidings CLI, one module per area."""
