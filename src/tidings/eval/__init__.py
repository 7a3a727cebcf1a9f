"""Scorers for public gold formats: TimeML, PETRARCH XML, brat attributions, ECB+, timelines."""

from __future__ import annotations

import os
from pathlib import Path


def shared_dir() -> Path:
    """The shared data folder: ``$TIDINGS_SHARED``, else ``<repo>/../shared`` beside a checkout."""
    env = os.environ.get("TIDINGS_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3].parent / "shared"
