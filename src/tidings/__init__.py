"""tidings: rebuild who did what to whom, when and where, from news text.

The Python API:

>>> import tidings
>>> result = tidings.extract("US President Donald Trump met Kim Jong-un on Tuesday.", dct="2018-06-12")
>>> result.timexes[0].value
'2018-06-12'

``extract`` returns an :class:`tidings.model.Analysis`; ``ingest`` reads files,
folders, feeds or WARCs into the DuckDB store.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "extract", "extract_article", "ingest", "read"]


def extract(text_or_html: str, dct: str | None = None, **kwargs: Any):
    """Run every stage on one text (or HTML page) and return its Analysis."""
    from .pipeline import extract as _extract

    return _extract(text_or_html, dct=dct, **kwargs)


def extract_article(article, dct: str | None = None, **kwargs: Any):
    """Run every stage on an already-read Article."""
    from .pipeline import analyze

    return analyze(article, dct=dct, **kwargs)


def read(*paths: str, **kwargs: Any):
    """Stream Articles (and read errors) from files, folders, feeds, WARCs or '-'."""
    from .ingest import read_inputs

    return read_inputs(list(paths), **kwargs)


def ingest(*paths: str, db: str = "tidings.duckdb", **kwargs: Any):
    """Read inputs, run the pipeline and store the results; returns the batch summary."""
    from .store.ingest import ingest_paths

    return ingest_paths(list(paths), db=db, **kwargs)
