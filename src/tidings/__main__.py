"""``python -m tidings`` runs the CLI."""

from .cli import main

main()
