"""The API's errors: each has a stable code and an HTTP status, and one JSON shape for all of them."""

from __future__ import annotations

from ..errors import ConfigError, InputError, ModelMissingError, StoreError, TidingsError


class ApiError(TidingsError):
    """An error the API reports as ``{"error": {"code", "message"}}`` with ``status``."""

    code = "T600"
    status = 500


class ArticleNotFound(ApiError):
    """No stored article has an id starting with the prefix asked for."""

    code = "T601"
    status = 404


class AmbiguousArticleId(ApiError):
    """Several stored articles start with the prefix asked for."""

    code = "T602"
    status = 400


class InvalidBody(ApiError):
    """A request body that is not the JSON object the endpoint takes."""

    code = "T603"
    status = 422


class NoSuchEndpoint(ApiError):
    code = "T604"
    status = 404


class MethodNotAllowed(ApiError):
    code = "T605"
    status = 405


class ActorNotFound(ApiError):
    """No actor code in the store is the one asked for."""

    code = "T606"
    status = 404


class StoryNotFound(ApiError):
    """No stored story (``tidings link``) has the id asked for."""

    code = "T607"
    status = 404


class MergedEventNotFound(ApiError):
    """No stored merged event (``tidings link``) has the id asked for."""

    code = "T608"
    status = 404


class BodyTooLarge(ApiError):
    """A request body larger than the server takes (refused before it is read)."""

    code = "T609"
    status = 413


class HostNotAllowed(ApiError):
    """A ``Host`` header that is not one of the names the server answers to (DNS rebinding)."""

    code = "T610"
    status = 400


class ExtractBusy(ApiError):
    """Every ``/api/extract`` worker and queue place is taken: try again later."""

    code = "T611"
    status = 503


class InternalError(ApiError):
    """Something the API did not expect; the server log has the traceback."""

    code = "T699"
    status = 500


def status_for(err: TidingsError) -> int:
    """The HTTP status for any TidingsError the API lets out."""
    if isinstance(err, ApiError):
        return err.status
    if isinstance(err, ConfigError):  # a bad filter, date or parameter value
        return 400
    if isinstance(err, InputError):  # a text that can't be read (blank, binary ...)
        return 422
    if err.code in ("T148", "T501"):  # /api/extract: a text past the per-document size or time budget
        return 422
    if isinstance(err, (StoreError, ModelMissingError)):  # the database or the spaCy model is unusable
        return 503
    return 500


def error_body(code: str, message: str) -> dict:
    """The one error shape every endpoint returns."""
    return {"error": {"code": code, "message": message}}
