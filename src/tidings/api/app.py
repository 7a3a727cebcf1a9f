"""The FastAPI application: read-only JSON endpoints over a store, ``/api/extract``, and the web app at ``/``.

Every error, whatever raised it, leaves as ``{"error": {"code": ..., "message": ...}}``
with an HTTP status (see ``tidings.api.errors`` and ``docs/api.md``).
"""

# no `from __future__ import annotations`: FastAPI reads the endpoint annotations at runtime,
# and some name types local to create_app
import asyncio
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ConfigError, StoreError, TidingsError
from ..pipeline import validate_dct
from ..store.db import connect
from . import data, lists, views
from .errors import (
    ApiError,
    ExtractBusy,
    InternalError,
    InvalidBody,
    MethodNotAllowed,
    NoSuchEndpoint,
    error_body,
    status_for,
)
from .guard import DEFAULT_HOSTS, MAX_BODY, Guard

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
MAX_EXTRACT_CHARS = 200_000

DESCRIPTION = """Read-only access to a tidings store: articles with their full analysis, coded events,
quotes and speakers, actors, actor timelines and cooperation–conflict series, stories, merged
events, a map and an actor network; plus `POST /api/extract` to analyse one text without a
database. Every list takes `limit`, `offset` or `cursor`, `sort`, `facets` and `format`
(json or csv). Every error is `{"error": {"code": "T...", "message": "..."}}` with an HTTP
status; an unknown query parameter is an error too."""

# the Swagger page's start-up, as a file: the Content-Security-Policy allows no inline script
SWAGGER_INIT = """window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({url: "/api/openapi.json", dom_id: "#swagger-ui", layout: "BaseLayout",
    deepLinking: true, showExtensions: true, showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset]});
});
"""
SWAGGER_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>tidings - Swagger UI</title>
<link rel="stylesheet" href="/api/docs-static/swagger-ui.css">
<link rel="icon" href="/api/docs-static/favicon.png"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs-static/swagger-ui-bundle.js"></script>
<script src="/api/docs-init.js"></script>
</body></html>
"""
EXTRACT_WORKERS = 1  # spaCy parses one text at a time per worker; the machine has few cores
EXTRACT_QUEUE = 4  # requests that may wait for a worker; more get 503 at once


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


def _allowed_query(route) -> frozenset[str]:
    """The query parameter names a route declares (its own and its dependencies')."""
    cached = getattr(route, "_tidings_query_names", None)
    if cached is None:
        names, todo = set(), [route.dependant]
        while todo:  # the route's own parameters and those of its dependencies
            dependant = todo.pop()
            names.update(p.alias for p in dependant.query_params)
            todo.extend(dependant.dependencies)
        cached = frozenset(names)
        route._tidings_query_names = cached
    return cached


def reject_unknown_parameters(request: Request) -> None:
    """Refuse a query parameter the endpoint does not take (a typo would otherwise be ignored)."""
    route = request.scope.get("route")
    if route is None or not hasattr(route, "dependant"):
        return
    allowed = _allowed_query(route)
    unknown = sorted({k for k in request.query_params if k not in allowed})
    if unknown:
        takes = ", ".join(sorted(allowed)) or "no parameters"
        raise ConfigError(f"unknown parameter {unknown[0]!r} for {request.url.path}; it takes {takes}")


def _download(payload: dict, key: str, fmt: str, name: str) -> Response:
    """A list response: JSON (``format=json`` adds a download file name) or CSV of ``payload[key]``."""
    if fmt == "csv":
        return Response(lists.csv_text(payload[key]), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if fmt == "json":
        return JSONResponse(payload, headers={"Content-Disposition": f'attachment; filename="{name}.json"'})
    return JSONResponse(payload)


def create_app(db: str, *, allowed_hosts: tuple[str, ...] | list[str] | None = None, max_body: int = MAX_BODY,
               extract_workers: int = EXTRACT_WORKERS, extract_queue: int = EXTRACT_QUEUE) -> FastAPI:
    """A FastAPI app serving the store at ``db`` read-only (a ``StoreError`` now if it can't be opened).

    ``allowed_hosts``: the names the server answers to in the ``Host`` header (default the
    localhost names, plus ``TIDINGS_ALLOWED_HOSTS``, comma-separated); ``max_body``: the
    largest request body in bytes; ``extract_workers`` / ``extract_queue``: how many
    ``/api/extract`` texts are analysed at once and how many may wait (more get 503).
    """
    store = connect(db, read_only=True)
    # at most this many queries run at once (the others wait for a slot): a few large scans at
    # a time finish sooner than forty that share two cores and DuckDB's memory
    slots_at_once = int(os.environ.get("TIDINGS_API_QUERIES", "4"))
    semaphores: dict[int, asyncio.Semaphore] = {}  # one per event loop (uvicorn has one; tests make several)
    try:  # pre-aggregated tables (lists.aggregate) live in memory, never in the store file
        store.execute(f"ATTACH ':memory:' AS {lists.AGG} (READ_WRITE)")
        store.execute("SET memory_limit = '768MB'")
    except duckdb.Error as exc:  # pragma: no cover - an older DuckDB: lists read the store directly
        log.info("no in-memory database for aggregates: %s", exc)
    hosts = list(DEFAULT_HOSTS if allowed_hosts is None else allowed_hosts)
    hosts += [h.strip() for h in os.environ.get("TIDINGS_ALLOWED_HOSTS", "").split(",") if h.strip()]
    pool = ThreadPoolExecutor(max_workers=extract_workers, thread_name_prefix="tidings-extract")
    slots = threading.BoundedSemaphore(extract_workers + extract_queue)

    # FastAPIOffline serves Swagger UI's scripts from the package instead of a CDN: the
    # machines this runs on are often offline. Its page has an inline script, which the CSP
    # refuses, so /api/docs is served here with its start-up script as a file.
    app = FastAPIOffline(
        title="tidings", version=__version__, description=DESCRIPTION,
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
        static_url="/api/docs-static", dependencies=[Depends(reject_unknown_parameters)],
    )
    app.state.db = str(db)
    app.state.store = store
    app.state.allowed_hosts = hosts
    _install_error_handlers(app)

    async def query_slot():
        """Wait, in the event loop and first come first served, for a query slot (no worker thread held meanwhile)."""
        loop = id(asyncio.get_running_loop())
        semaphore = semaphores.get(loop)
        if semaphore is None:
            semaphore = semaphores[loop] = asyncio.Semaphore(slots_at_once)
        async with semaphore:
            yield

    def cursor(_slot: Annotated[None, Depends(query_slot)]):
        """A cursor per request (DuckDB connections are not shared between threads), once a query slot is free."""
        try:
            cur = store.cursor()
        except duckdb.Error as exc:  # the connection was closed or the file became unreadable
            raise StoreError(f"the store {app.state.db} can't be read: {str(exc).splitlines()[0]}") from exc
        try:
            yield cur
        finally:
            cur.close()

    def health_cursor():
        """/api/health does not wait for a query slot: it must answer while the server is busy."""
        try:
            cur = store.cursor()
        except duckdb.Error as exc:
            raise StoreError(f"the store {app.state.db} can't be read: {str(exc).splitlines()[0]}") from exc
        try:
            yield cur
        finally:
            cur.close()

    Con = Annotated[Any, Depends(cursor)]
    Limit = Annotated[int, Query(ge=1, le=data.MAX_LIMIT, description="At most this many items.")]
    Offset = Annotated[int, Query(ge=0, le=lists.MAX_OFFSET, description="Skip this many items first (not with cursor).")]
    Cursor = Annotated[str | None, Query(description="next_cursor of the previous page: the items after it.")]
    Sort = Annotated[str | None, Query(description="The order: a sort name (see docs/api.md), '-' first for descending.")]
    Facets = Annotated[str | None, Query(description="Facet counts to add: a comma list of facet names, or all.")]
    Format = Annotated[Literal["json", "csv"] | None, Query(
        description="json or csv: the list as a file to download (csv: one row per item).")]
    Actor = Annotated[str | None, Query(description="Code prefix (USA matches USAGOV) or part of a name.")]
    RequiredActor = Annotated[str, Query(description="Code prefix (USA, PRKGOV) or part of a name (Kim).")]
    Other = Annotated[str | None, Query(description="A second actor: only events between the two.")]
    EventType = Annotated[str | None, Query(description="PLOVER event type, e.g. CONSULT (see /api/vocabulary).")]
    Modality = Annotated[str | None, Query(description="asserted, negated, hypothetical, planned, attempted or reported.")]
    Since = Annotated[str | None, Query(description="Whose date can fall on or after: YYYY, YYYY-MM or YYYY-MM-DD.")]
    Until = Annotated[str | None, Query(description="Whose date can fall on or before: YYYY, YYYY-MM or YYYY-MM-DD.")]
    Month = Annotated[str | None, Query(description="YYYY-MM: only this month (the value of a month facet).")]
    Article = Annotated[str | None, Query(description="Article id or unique id prefix.")]
    Country = Annotated[str | None, Query(description="ISO 3166 alpha-3 country code, e.g. PRK.")]
    Outlet = Annotated[str | None, Query(description="The outlet's name, exactly (the value of an outlet facet).")]
    Story = Annotated[str | None, Query(description="A story id (S00001): only what its articles hold.")]
    Quad = Annotated[int | None, Query(ge=1, le=4, description="QuadClass 1-4.")]
    MinArticles = Annotated[int, Query(ge=1, description="Only those reported by at least this many articles.")]

    def paging(limit, offset, cursor, sort, facets):
        return {"limit": limit, "offset": offset, "cursor": cursor, "sort": sort, "facets": facets}

    @app.get("/api/health", tags=["store"])
    def health(con: Annotated[Any, Depends(health_cursor)]) -> JSONResponse:
        """The server is up and the store readable: version, schema version, row counts."""
        return _ok(data.health(con, app.state.db))

    @app.get("/api/vocabulary", tags=["store"])
    def vocabulary() -> JSONResponse:
        """The values the filters take: PLOVER event types, modalities, QuadClasses."""
        return _ok(data.vocabulary())

    @app.get("/api/articles", tags=["store"])
    def articles(con: Con,
                 search: Annotated[str | None, Query(description=(
                     "Words (every one must appear; stop words are ignored) and \"quoted phrases\" "
                     "(must appear as written); hyphenated names count as phrases."))] = None,
                 outlet: Outlet = None, since: Since = None, until: Until = None, month: Month = None,
                 story: Story = None,
                 limit: Limit = 100, offset: Offset = 0, cursor: Cursor = None, sort: Sort = None,
                 facets: Facets = None, format: Format = None) -> Response:
        """Stored articles (id, outlet, date, title, record counts), newest first or best match first, with snippets."""
        result = data.list_articles(con, search=search, outlet=outlet, since=since, until=until, month=month,
                                    story=story, **paging(limit, offset, cursor, sort, facets))
        return _download(result, "articles", format, "articles")

    @app.get("/api/articles/{article_id}", tags=["store"])
    def article(con: Con, article_id: str) -> JSONResponse:
        """One article by id or unique id prefix: its metadata and its whole analysis."""
        return _ok(data.get_article(con, article_id))

    @app.get("/api/events", tags=["store"])
    def events(con: Con,
               actor: Actor = None, type: EventType = None, since: Since = None, until: Until = None,
               modality: Modality = None, article: Article = None, country: Annotated[str | None, Query(
                   description="Country of the event's place (alpha-3).")] = None,
               outlet: Outlet = None, story: Story = None, month: Month = None, quad: Quad = None,
               limit: Limit = 500, offset: Offset = 0, cursor: Cursor = None, sort: Sort = None,
               facets: Facets = None, format: Format = None) -> Response:
        """Coded events matching every filter given, by date (undated last), Goldstein score or number of articles."""
        result = data.list_events(con, actor=actor, type=type, since=since, until=until, modality=modality,
                                  article=article, country=country, outlet=outlet, story=story, month=month,
                                  quad=quad, **paging(limit, offset, cursor, sort, facets))
        return _download(result, "events", format, "events")

    @app.get("/api/quotes", tags=["store"])
    def quotes(con: Con,
               speaker: Annotated[str | None, Query(description="Part of the speaker's name or of the words naming them.")] = None,
               actor: Annotated[str | None, Query(description="Speaker code prefix, e.g. PRKGOV or USA.")] = None,
               article: Article = None, outlet: Outlet = None, story: Story = None,
               country: Annotated[str | None, Query(description="The speaker's country (alpha-3).")] = None,
               since: Since = None, until: Until = None, month: Month = None,
               direct: Annotated[bool | None, Query(description="true: direct quotes only; false: reported speech only.")] = None,
               limit: Limit = 500, offset: Offset = 0, cursor: Cursor = None, sort: Sort = None,
               facets: Facets = None, format: Format = None) -> Response:
        """Quotes and reported speech matching every filter given, newest article first."""
        result = data.list_quotes(con, speaker=speaker, actor=actor, article=article, outlet=outlet, story=story,
                                  country=country, since=since, until=until, month=month, direct=direct,
                                  **paging(limit, offset, cursor, sort, facets))
        return _download(result, "quotes", format, "quotes")

    @app.get("/api/quotes/speakers", tags=["store"])
    def speakers(con: Con,
                 speaker: Annotated[str | None, Query(description="Part of the speaker's name.")] = None,
                 actor: Annotated[str | None, Query(description="Speaker code prefix.")] = None,
                 article: Article = None, outlet: Outlet = None, story: Story = None,
                 country: Annotated[str | None, Query(description="The speaker's country (alpha-3).")] = None,
                 since: Since = None, until: Until = None, month: Month = None,
                 limit: Limit = 100, offset: Offset = 0, cursor: Cursor = None, sort: Sort = None,
                 facets: Facets = None, format: Format = None) -> Response:
        """Who is quoted: speakers (name and code) with their number of quotes and articles, most quoted first."""
        result = data.list_speakers(con, speaker=speaker, actor=actor, article=article, outlet=outlet, story=story,
                                    country=country, since=since, until=until, month=month,
                                    **paging(limit, offset, cursor, sort, facets))
        return _download(result, "speakers", format, "speakers")

    @app.get("/api/actors", tags=["store"])
    def actors(con: Con,
               search: Annotated[str | None, Query(description="Code prefix or part of a name.")] = None,
               article: Article = None, country: Country = None,
               sector: Annotated[str | None, Query(description="Sector code, e.g. GOV, MIL.")] = None,
               limit: Limit = 500, offset: Offset = 0, cursor: Cursor = None, sort: Sort = None,
               facets: Facets = None, format: Format = None) -> Response:
        """Actor codes with mention counts and event counts (as source, as target), most events first."""
        result = data.list_actors(con, search=search, article=article, country=country, sector=sector,
                                  **paging(limit, offset, cursor, sort, facets))
        return _download(result, "actors", format, "actors")

    @app.get("/api/actors/{code}", tags=["store"])
    def actor_page(con: Con, code: str) -> JSONResponse:
        """One actor code: counts, names, the actors it has most events with, first and last event date."""
        return _ok(data.get_actor(con, code))

    @app.get("/api/timeline", tags=["analysis"])
    def timeline(con: Con,
                 actor: RequiredActor, other: Other = None,
                 type: EventType = None, since: Since = None, until: Until = None,
                 modality: Annotated[str | None, Query(description="A comma list of modalities, or all (default).")] = None,
                 undated: Annotated[bool, Query(description="Also list events without a calendar date (last).")] = False,
                 limit: Limit = 1000, offset: Offset = 0, cursor: Cursor = None, sort: Sort = None,
                 format: Format = None) -> Response:
        """Events of an actor, or between two actors, in date order, with sentences and article ids."""
        result = data.timeline(con, actor=actor, other=other, type=type, since=since, until=until,
                               modality=modality, undated=undated, limit=limit, offset=offset, cursor=cursor,
                               sort=sort)
        return _download(result, "events", format, "timeline")

    @app.get("/api/series", tags=["analysis"])
    def series(con: Con,
               actor: RequiredActor, other: Other = None,
               type: EventType = None, since: Since = None, until: Until = None,
               modality: Annotated[str | None, Query(description="A comma list, or all; default asserted,reported.")] = None,
               by: Annotated[Literal["day", "week", "month", "quarter", "year"], Query(description="The period counted.")] = "month",
               format: Format = None) -> Response:
        """Per day (week, month, quarter, year): event counts per QuadClass and mean Goldstein (the cooperation–conflict series)."""
        result = data.series(con, actor=actor, other=other, type=type, since=since, until=until,
                             modality=modality, by=by)
        return _download(result, "periods", format, "series")

    @app.get("/api/stories", tags=["links"])
    def stories(con: Con,
                search: Annotated[str | None, Query(description="Part of the story's title.")] = None,
                country: Country = None, outlet: Outlet = None, since: Since = None, until: Until = None,
                month: Month = None, article: Article = None, min_articles: MinArticles = 1,
                limit: Limit = 100, offset: Offset = 0, cursor: Cursor = None, sort: Sort = None,
                facets: Facets = None, format: Format = None) -> Response:
        """Stories (groups of articles about one thing, from `tidings link`), newest first."""
        result = views.list_stories(con, search=search, country=country, outlet=outlet, since=since, until=until,
                                    month=month, article=article, min_articles=min_articles,
                                    **paging(limit, offset, cursor, sort, facets))
        return _download(result, "stories", format, "stories")

    @app.get("/api/stories/{story_id}", tags=["links"])
    def story(con: Con, story_id: str,
              by: Annotated[Literal["day", "week", "month"], Query(description="Period of outlets_over_time.")] = "day",
              ) -> JSONResponse:
        """One story: its articles, its outlets over time, its merged events, its quotes and its reposts."""
        return _ok(views.get_story(con, story_id, by=by))

    @app.get("/api/merged", tags=["links"])
    def merged(con: Con,
               actor: Annotated[str | None, Query(description="Actor code prefix (USA, PRKGOV).")] = None,
               other: Annotated[str | None, Query(description="A second actor code prefix.")] = None,
               type: EventType = None, modality: Modality = None,
               country: Annotated[str | None, Query(description="Country of the place or of an actor (alpha-3).")] = None,
               outlet: Outlet = None, since: Since = None, until: Until = None, month: Month = None,
               story: Story = None, article: Article = None, min_articles: MinArticles = 1, quad: Quad = None,
               limit: Limit = 100, offset: Offset = 0, cursor: Cursor = None, sort: Sort = None,
               facets: Facets = None, format: Format = None) -> Response:
        """Events merged across articles (one per real-world event), by date, Goldstein score or number of articles."""
        result = views.list_merged(con, actor=actor, other=other, type=type, modality=modality, country=country,
                                   outlet=outlet, since=since, until=until, month=month, story=story,
                                   article=article, min_articles=min_articles, quad=quad,
                                   **paging(limit, offset, cursor, sort, facets))
        return _download(result, "merged", format, "merged")

    @app.get("/api/merged/{merged_id}", tags=["links"])
    def merged_one(con: Con, merged_id: str) -> JSONResponse:
        """One merged event and every report of it: sentence, outlet, date, article."""
        return _ok(views.get_merged(con, merged_id))

    @app.get("/api/map", tags=["analysis"])
    def map_(con: Con,
             layer: Annotated[Literal["events", "places"], Query(description="events (default) or places (place mentions).")] = "events",
             grid: Annotated[float, Query(ge=0, le=45, description="Snap points to a grid of this many degrees (0: exact places).")] = 0.0,
             actor: Actor = None, type: EventType = None, since: Since = None, until: Until = None,
             modality: Modality = None, article: Article = None, country: Country = None, outlet: Outlet = None,
             story: Story = None, month: Month = None, quad: Quad = None,
             limit: Annotated[int, Query(ge=1, le=views.MAX_POINTS, description="At most this many points.")] = 2000,
             format: Format = None) -> Response:
        """Points to map: events (or place mentions) with coordinates, aggregated per place or grid cell."""
        result = views.map_points(con, layer=layer, grid=grid, limit=limit, actor=actor, type=type, since=since,
                                  until=until, modality=modality, article=article, country=country, outlet=outlet,
                                  story=story, month=month, quad=quad)
        return _download(result, "points", format, "map")

    @app.get("/api/network", tags=["analysis"])
    def network(con: Con,
                actor: Annotated[str | None, Query(description="Only merged events of this actor code prefix.")] = None,
                type: EventType = None, since: Since = None, until: Until = None, country: Country = None,
                story: Story = None, quad: Quad = None, min_articles: MinArticles = 1,
                min_weight: Annotated[int, Query(ge=1, description="Only edges of at least this many merged events.")] = 1,
                limit: Annotated[int, Query(ge=1, le=views.MAX_EDGES, description="At most this many edges, heaviest first.")] = 200,
                format: Format = None) -> Response:
        """The actor network: nodes = coded actors, edges = merged events between them, weighted, with QuadClass."""
        result = views.network(con, limit=limit, min_weight=min_weight, actor=actor, type=type, since=since,
                               until=until, country=country, story=story, quad=quad, min_articles=min_articles)
        return _download(result, "edges", format, "network")

    @app.post("/api/extract", tags=["analysis"])
    async def extract(body: ExtractRequest) -> JSONResponse:
        """Analyse one text or HTML page (no database): the analysis JSON of `tidings extract`.

        Runs in a bounded worker pool apart from the read endpoints; when every worker and
        queue place is taken the answer is 503 (T611) at once.
        """
        if not slots.acquire(blocking=False):
            raise ExtractBusy(f"the server is analysing {extract_workers + extract_queue} texts already; "
                              "try again in a moment")

        def job():
            from ..pipeline import StageError
            from ..pipeline import extract as run

            try:
                return run(body.text, dct=body.dct, raw=body.raw).as_dict()
            except TidingsError:
                raise
            except Exception as exc:  # a stage failed on this text: a T500, like ingest records it
                log.warning("extract failed: %s", exc, exc_info=True)
                raise StageError(f"analysis failed: {type(exc).__name__}: {exc}".splitlines()[0]) from exc

        try:
            future = pool.submit(job)
        except RuntimeError:  # the pool was shut down
            slots.release()
            raise
        future.add_done_callback(lambda _f: slots.release())  # freed when the work ends, even if the client left
        return _ok(await asyncio.wrap_future(future))

    @app.get("/api/docs", include_in_schema=False)
    def swagger_page() -> HTMLResponse:
        return HTMLResponse(SWAGGER_PAGE)

    @app.get("/api/docs-init.js", include_in_schema=False)
    def swagger_init() -> Response:
        return Response(SWAGGER_INIT, media_type="text/javascript")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.state.extract_pool = pool
    app.add_middleware(Guard, allowed_hosts=hosts, max_body=max_body)  # outermost: before any parsing
    return app
