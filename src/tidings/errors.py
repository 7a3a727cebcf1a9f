"""Errors with a code and a plain one-line message, so users can search for them.

Every error tidings reports to a user is a ``TidingsError`` with a stable code
(``[T101] no such file or folder: x.txt``). Codes are never reused; ``docs/errors.md`` lists them.
"""

from __future__ import annotations


class TidingsError(Exception):
    """Base class: ``code`` is stable, ``str(err)`` is one line for the user."""

    code = "T000"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # one line, with its code
        return f"[{self.code}] {self.message}"


class InputError(TidingsError):
    """A document or path that can't be read or parsed (recorded, never fatal to a batch)."""

    code = "T100"


class ModelMissingError(TidingsError):
    """The spaCy pipeline is not installed."""

    code = "T200"


class ConfigError(TidingsError):
    """An invalid setting or option value."""

    code = "T300"


class StoreError(TidingsError):
    """The database can't be opened, migrated or written."""

    code = "T400"
