"""The read-only REST API over a store and the web app it serves (needs the ``api`` extra).

>>> from tidings.api import create_app
>>> app = create_app("tidings.duckdb")   # doctest: +SKIP

FastAPI is imported only when ``create_app`` is called, so the rest of tidings works
without the extra; without it ``create_app`` raises ``ApiExtraMissing`` ([T310]).
"""

from __future__ import annotations

from ..errors import ConfigError

EXTRA_MODULES = ("fastapi", "starlette", "pydantic", "uvicorn")


class ApiExtraMissing(ConfigError):
    """FastAPI or uvicorn is not installed: ``pip install 'tidings[api]'``."""

    code = "T310"


def require_extra() -> None:
    """Raise ``ApiExtraMissing`` unless the web framework and server can be imported."""
    import importlib

    for name in EXTRA_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            raise ApiExtraMissing(
                f"the API needs the 'api' extra ({name} is not installed): pip install 'tidings[api]'"
            ) from exc


def create_app(db: str, **options):
    """The FastAPI app serving the store at ``db`` read-only, and the web app at ``/``.

    ``options``: ``allowed_hosts``, ``max_body``, ``extract_workers``, ``extract_queue``
    (see ``tidings.api.app.create_app``).
    """
    require_extra()
    from .app import create_app as _create_app

    return _create_app(db, **options)


__all__ = ["ApiExtraMissing", "create_app", "require_extra"]
