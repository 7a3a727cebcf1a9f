"""The FastAPI application: read-only JSON endpoints over a store, ``/api/extract``, and the web app at ``/``.

Every error, whatever raised it, leaves as ``{"error": {"code": ..., "message": ...}}``
with an HTTP status (see ``tidings.api.errors`` and ``docs/api.md``).
"""

# no `from __future__ import annotations`: FastAPI reads the endpoint annotations at runtime,
# and some name types local to create_app
import logging
import threading
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ConfigError, StoreError, TidingsError
from ..pipeline import validate_dct
from ..store.db import connect
from . import data
from .errors import (
    ApiError,
    InternalError,
    InvalidBody,
    MethodNotAllowed,
    NoSuchEndpoint,
    error_body,
    status_for,
)

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
MAX_EXTRACT_CHARS = 200_000

DESCRIPTION = """Read-only access to a tidings store: articles with their full analysis, coded events,
quotes, actors, actor timelines and cooperation–conflict series; plus `POST /api/extract`
to analyse one text without a database. Every error is
`{"error": {"code": "T...", "message": "..."}}` with an HTTP status."""


class ExtractRequest(BaseModel):
    """The body of ``POST /api/extract``."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., min_length=1, max_length=MAX_EXTRACT_CHARS,
                      description="Scraped text or an HTML page.")
    dct: str | None = Field(None, description="Document creation date YYYY-MM-DD, used when the text states none.")
    raw: bool = Field(False, description="Keep the text verbatim (no cleaning): offsets refer to it exactly.")

    @field_validator("dct")
    @classmethod
    def _calendar_day(cls, value: str | None) -> str | None:
        try:
            return validate_dct(value, "dct")
        except ConfigError as exc:
            raise ValueError(exc.message) from None


def _ok(payload: dict) -> JSONResponse:
    """A JSON response, bypassing FastAPI's generic encoder (the payloads are plain JSON already)."""
    return JSONResponse(payload)


def _json(err: TidingsError, status: int | None = None) -> JSONResponse:
    return JSONResponse(error_body(err.code, err.message), status_code=status or status_for(err))


def _validation_message(exc: RequestValidationError) -> tuple[bool, str]:
    """(is the body at fault, one line saying what is wrong)."""
    parts, in_body = [], False
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ())]
        if loc and loc[0] == "body":
            in_body = True
            if error.get("type") == "json_invalid":
                parts.append("the body is not valid JSON")
                continue
            if len(loc) == 1 and error.get("type") == "missing":
                parts.append("a JSON object body is required")
                continue
        where = ".".join(loc[1:]) if len(loc) > 1 else (loc[0] if loc else "request")
        kind = {"body": "body field", "query": "parameter", "path": "path part"}.get(loc[0] if loc else "", "")
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{kind} {where!r}: {message}".strip() if len(loc) > 1 else f"{where}: {message}")
    return in_body, "; ".join(parts) or "invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TidingsError)
    async def tidings_error(request: Request, exc: TidingsError):
        return _json(exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        in_body, message = _validation_message(exc)
        return _json(InvalidBody(message) if in_body else ConfigError(message))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            return _json(NoSuchEndpoint(f"no such endpoint: {request.method} {request.url.path}"))
        if exc.status_code == 405:
            return _json(MethodNotAllowed(f"{request.method} is not allowed on {request.url.path}"))
        return _json(ApiError(str(exc.detail)), exc.status_code)

    @app.middleware("http")
    async def unexpected(request: Request, call_next):
        try:
            return await call_next(request)
        except Exception:  # the catch-all: one shape even for bugs; the traceback goes to the log
            log.exception("unexpected error on %s %s", request.method, request.url.path)
            return _json(InternalError("unexpected server error; the server log has the details"))


def create_app(db: str) -> FastAPI:
    """A FastAPI app serving the store at ``db`` read-only (a ``StoreError`` now if it can't be opened)."""
    store = connect(db, read_only=True)
    extract_lock = threading.Lock()  # one spaCy parse at a time: the machine has few cores

    # FastAPIOffline serves Swagger UI's scripts from the package instead of a CDN: the
    # machines this runs on are often offline
    app = FastAPIOffline(
        title="tidings", version=__version__, description=DESCRIPTION,
        docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json",
        static_url="/api/docs-static",
    )
    app.state.db = str(db)
    app.state.store = store
    _install_error_handlers(app)

    def cursor():
        """A cursor per request: DuckDB connections are not shared between threads."""
        try:
            cur = store.cursor()
        except duckdb.Error as exc:  # the connection was closed or the file became unreadable
            raise StoreError(f"the store {app.state.db} can't be read: {str(exc).splitlines()[0]}") from exc
        try:
            yield cur
        finally:
            cur.close()

    Con = Annotated[Any, Depends(cursor)]
    Limit = Annotated[int, Query(ge=1, le=data.MAX_LIMIT, description="At most this many items.")]
    Offset = Annotated[int, Query(ge=0, description="Skip this many items first.")]
    Actor = Annotated[str | None, Query(description="Code prefix (USA matches USAGOV) or part of a name.")]
    RequiredActor = Annotated[str, Query(description="Code prefix (USA, PRKGOV) or part of a name (Kim).")]
    Other = Annotated[str | None, Query(description="A second actor: only events between the two.")]
    EventType = Annotated[str | None, Query(description="PLOVER event type, e.g. CONSULT (see /api/vocabulary).")]
    Since = Annotated[str | None, Query(description="Events whose date can fall on or after: YYYY, YYYY-MM or YYYY-MM-DD.")]
    Until = Annotated[str | None, Query(description="Events whose date can fall on or before: YYYY, YYYY-MM or YYYY-MM-DD.")]
    Article = Annotated[str | None, Query(description="Article id or unique id prefix.")]

    @app.get("/api/health", tags=["store"])
    def health(con: Con) -> JSONResponse:
        """The server is up and the store readable: version, schema version, row counts."""
        return _ok(data.health(con, app.state.db))

    @app.get("/api/vocabulary", tags=["store"])
    def vocabulary() -> JSONResponse:
        """The values the filters take: PLOVER event types, modalities, QuadClasses."""
        return _ok(data.vocabulary())

    @app.get("/api/articles", tags=["store"])
    def articles(con: Con,
                 search: Annotated[str | None, Query(description="Every word must appear in the title or text.")] = None,
                 limit: Limit = 100) -> JSONResponse:
        """Stored articles (id, outlet, date, title, record counts), newest first or best match first."""
        return _ok(data.list_articles(con, search=search, limit=limit))

    @app.get("/api/articles/{article_id}", tags=["store"])
    def article(con: Con, article_id: str) -> JSONResponse:
        """One article by id, unique id prefix or a JSONL line's own id: its metadata, its sightings and its whole analysis."""
        return _ok(data.get_article(con, article_id))

    @app.get("/api/events", tags=["store"])
    def events(con: Con,
               actor: Actor = None, type: EventType = None, since: Since = None, until: Until = None,
               modality: Annotated[str | None, Query(description="asserted, negated, hypothetical, planned, attempted or reported.")] = None,
               article: Article = None,
               limit: Limit = 500, offset: Offset = 0) -> JSONResponse:
        """Coded events matching every filter given, in date order (undated last)."""
        return _ok(data.list_events(con, actor=actor, type=type, since=since, until=until, modality=modality,
                                    article=article, limit=limit, offset=offset))

    @app.get("/api/quotes", tags=["store"])
    def quotes(con: Con,
               speaker: Annotated[str | None, Query(description="Part of the speaker's name or of the words naming them.")] = None,
               actor: Annotated[str | None, Query(description="Speaker code prefix, e.g. PRKGOV or USA.")] = None,
               article: Article = None,
               limit: Limit = 500, offset: Offset = 0) -> JSONResponse:
        """Quotes and reported speech matching every filter given."""
        return _ok(data.list_quotes(con, speaker=speaker, actor=actor, article=article, limit=limit, offset=offset))

    @app.get("/api/actors", tags=["store"])
    def actors(con: Con,
               search: Annotated[str | None, Query(description="Code prefix or part of a name.")] = None,
               article: Article = None,
               limit: Limit = 500) -> JSONResponse:
        """Actor codes with mention counts and event counts (as source, as target), most events first."""
        return _ok(data.list_actors(con, search=search, article=article, limit=limit))

    @app.get("/api/timeline", tags=["analysis"])
    def timeline(con: Con,
                 actor: RequiredActor, other: Other = None,
                 type: EventType = None, since: Since = None, until: Until = None,
                 modality: Annotated[str | None, Query(description="A comma list of modalities, or all (default).")] = None,
                 undated: Annotated[bool, Query(description="Also list events without a calendar date (last).")] = False,
                 limit: Annotated[int, Query(ge=1, le=data.MAX_LIMIT)] = 1000) -> JSONResponse:
        """Events of an actor, or between two actors, in date order, with sentences and article ids."""
        return _ok(data.timeline(con, actor=actor, other=other, type=type, since=since, until=until,
                                 modality=modality, undated=undated, limit=limit))

    @app.get("/api/series", tags=["analysis"])
    def series(con: Con,
               actor: RequiredActor, other: Other = None,
               type: EventType = None, since: Since = None, until: Until = None,
               modality: Annotated[str | None, Query(description="A comma list, or all; default asserted,reported.")] = None,
               by: Annotated[Literal["month", "quarter", "year"], Query(description="The period counted.")] = "month",
               ) -> JSONResponse:
        """Per month (quarter, year): event counts per QuadClass and mean Goldstein (the cooperation–conflict series)."""
        return _ok(data.series(con, actor=actor, other=other, type=type, since=since, until=until,
                               modality=modality, by=by))

    @app.post("/api/extract", tags=["analysis"])
    def extract(body: ExtractRequest) -> JSONResponse:
        """Analyse one text or HTML page (no database): the analysis JSON of `tidings extract`."""
        from ..pipeline import StageError
        from ..pipeline import extract as run

        with extract_lock:
            try:
                return _ok(run(body.text, dct=body.dct, raw=body.raw).as_dict())
            except TidingsError:
                raise
            except Exception as exc:  # a stage failed on this text: a T500, like ingest records it
                log.warning("extract failed: %s", exc, exc_info=True)
                raise StageError(f"analysis failed: {type(exc).__name__}: {exc}".splitlines()[0]) from exc

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    return app
