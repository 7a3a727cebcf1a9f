"""Test-session settings shared by every test module."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIDINGS_SHARED") or REPO.parent / "shared")
GOLD_SETS = ("timeml", "events", "quotes/dev", "ecbplus", "timelines")


def pytest_sessionstart(session):
    """With TIDINGS_REQUIRE_GOLD=1 (CI sets it), missing gold data fails the run instead of
    letting the gold tests skip quietly."""
    if os.environ.get("TIDINGS_REQUIRE_GOLD") != "1":
        return
    missing = [name for name in GOLD_SETS if not (SHARED / "eval" / name).is_dir()]
    if missing:
        pytest.exit(f"TIDINGS_REQUIRE_GOLD=1 but gold data is missing under {SHARED / 'eval'}: "
                    f"{', '.join(missing)}", returncode=1)


@pytest.fixture(scope="session")
def parse():
    """parse(text) -> spaCy Doc, parsed once per text for the whole session."""
    from tidings import nlp

    cache: dict[str, object] = {}

    def _parse(text: str):
        if text not in cache:
            cache[text] = nlp.parse(text)
        return cache[text]

    return _parse


@pytest.fixture(scope="session")
def sentence_events(parse):
    """sentence_events(text) -> the events of a text through the actors, places and events
    stages, the document dated 2019-05-10 (shared by the confidence, modality and senses tests)."""
    from tidings.model import Article
    from tidings.pipeline import Options, analyze

    options = Options(stages=("actors", "places", "events"))

    def run(text: str):
        result = analyze(Article(id="t", text=text), dct="2019-05-10", doc=parse(text), options=options)
        return list(result.events)

    return run
