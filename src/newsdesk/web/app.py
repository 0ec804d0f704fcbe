"""The web app's frame: the app factory, per-thread stores, security headers, errors.

>>> app = create_app("news.db")  # doctest: +SKIP

Each worker thread keeps its own connection to the store (SQLite connections are cheap and
not shared between threads); every page reads inside one snapshot of it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from newsdesk.errors import ConfigError, NewsdeskError, NotFoundError, StoreError
from newsdesk.pipeline import Desk
from newsdesk.web import present

HERE = Path(__file__).parent
PAGE_CACHE_SIZE = 512  # rendered pages kept (~20 KB each): the pages readers are on now
MEMO_SIZE = 256  # remembered aggregates (story counts per filter, the outlet list)
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class DeskPool:
    """One :class:`Desk` per thread on the same store file, all closed together."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._desks: list[Desk] = []

    def get(self) -> Desk:
        desk: Desk | None = getattr(self._local, "desk", None)
        if desk is None:
            desk = Desk.open(self.path)
            self._local.desk = desk
            with self._lock:
                self._desks.append(desk)
        return desk

    def close(self) -> None:
        with self._lock:
            for desk in self._desks:
                desk.close()
            self._desks.clear()


@dataclass(frozen=True, slots=True)
class CachedPage:
    token: str
    body: bytes
    media_type: str | None


class PageCache:
    """Rendered pages by URL, valid while the store's state token is unchanged.

    Pages are a pure function of the store's committed state, so a page rendered at one
    token is the page any later request would render until an ingest commits.
    """

    def __init__(self, size: int = PAGE_CACHE_SIZE) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[str, str, bool], CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, bool], token: str) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None or page.token != token:
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[str, str, bool], page: CachedPage) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


class Memo:
    """Values computed from the store, kept while its state token is unchanged."""

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self.size = size
        self._values: OrderedDict[str, tuple[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, token: str, compute: Callable[[], Any]) -> Any:
        with self._lock:
            hit = self._values.get(key)
        if hit is not None and hit[0] == token:
            return hit[1]
        value = compute()
        with self._lock:
            self._values[key] = (token, value)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value


def state_token(desk: Desk) -> str:
    state = desk.store.web_state()
    return f"{state['articles']}-{state['changes']}-{state['briefs']}"


def remember(request: Request) -> Callable[[str, Callable[[], Any]], Any]:
    """A ``remember(key, compute)`` for page builders, valid for the store's current state."""
    memo: Memo = request.app.state.memo
    token = state_token(desk_of(request))
    return lambda key, compute: memo.get(key, token, compute)


class SecurityHeaders:
    """Adds the Content-Security-Policy and friends to every response."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every value is escaped unless a helper built it as Markup
    )
    env.globals.update(
        safe_url=present.safe_url,
        date_label=present.when,
        date_range=present.date_range,
        cite_href=present.cite_href,
        entity_href=present.entity_href,
        diff_html=present.diff_html,
        plural=present.plural,
        query_string=present.query_string,
    )
    return Jinja2Templates(env=env)


def wants_json(request: Request) -> bool:
    """A ``.json`` path, or an Accept header that asks for JSON rather than HTML."""
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def create_app(db_path: str | Path, *, page_cache: bool = True) -> FastAPI:
    """The web app over the store at ``db_path`` (which must exist).

    ``page_cache`` keeps recently rendered pages until the store changes (see
    :class:`PageCache`); turn it off to measure or debug rendering.
    """
    path = Path(db_path)
    if not path.is_file():
        raise StoreError(f"no store at {path}; create one with `newsdesk ingest PATH --db {path}`")
    Desk.open(path).close()  # migrate once, before threads open their own connections
    pool = DeskPool(path)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        lifespan=lifespan,
        title="newsdesk",
        description="Stories, briefs and sources. Every page has a JSON twin: the same path "
        "with `.json`, or `Accept: application/json`.",
        docs_url=None,  # the interactive docs load scripts from a CDN, which the CSP forbids
        redoc_url=None,
    )
    app.state.pool = pool
    app.state.cache = PageCache() if page_cache else None
    app.state.memo = Memo()
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _add_error_handlers(app)
    from newsdesk.web.routes import router

    app.include_router(router)
    app.add_middleware(SecurityHeaders)
    return app


def desk_of(request: Request) -> Desk:
    pool: DeskPool = request.app.state.pool
    return pool.get()


async def cached(request: Request, build: Callable[[], Response]) -> Response:
    """The page from the cache while the store is unchanged, else ``build()`` (and keep it).

    The check runs on the event loop (one indexed read); only a miss goes to a worker
    thread, so cached pages never wait for the GIL behind page builds. Answers
    ``If-None-Match`` with 304 when the page has not changed since the client's copy.
    """
    token = state_token(desk_of(request))
    json_wanted = wants_json(request)
    etag = f'W/"{token}-{int(json_wanted)}"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"etag": etag})
    cache: PageCache | None = request.app.state.cache
    key = (request.url.path, request.url.query, json_wanted)
    page = cache.get(key, token) if cache is not None else None
    if page is None:
        response = await run_in_threadpool(build)
        if response.status_code != 200 or cache is None:
            return response
        page = CachedPage(token, bytes(response.body), response.media_type)
        cache.put(key, page)
    return Response(page.body, media_type=page.media_type, headers={"etag": etag})


def render(request: Request, template: str, data: dict[str, Any], **extra: Any) -> Response:
    """The page's HTML (``extra`` is for the template only), or its JSON when asked for."""
    if wants_json(request):
        return JSONResponse(data)
    tpl: Jinja2Templates = request.app.state.templates
    return tpl.TemplateResponse(request, template, {"data": data, **extra})


def error_response(request: Request, status: int, message: str) -> Response:
    body = {"error": {"status": status, "message": message}}
    if wants_json(request):
        return JSONResponse(body, status_code=status)
    tpl: Jinja2Templates = request.app.state.templates
    return tpl.TemplateResponse(request, "error.html", {"data": body}, status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    async def not_found(request: Request, exc: Exception) -> Response:
        what = str(exc).split(";")[0].replace(f" in {app.state.pool.path}", "")
        return error_response(request, 404, f"{what}; start from the stories page at /")

    async def bad_request(request: Request, exc: Exception) -> Response:
        return error_response(request, 400, str(exc))

    async def invalid(request: Request, exc: Exception) -> Response:
        errors = exc.errors() if isinstance(exc, RequestValidationError) else []
        where = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in errors
        )
        return error_response(request, 400, f"bad request parameters: {where}")

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = exc.detail if isinstance(exc, HTTPException) else "error"
        if status == 404:
            detail = f"nothing at {request.url.path}; start from the stories page at /"
        response = error_response(request, status, str(detail))
        if status == 405:
            response.headers["allow"] = "GET"
        return response

    async def store_error(request: Request, exc: Exception) -> Response:
        return error_response(request, 503, f"the store cannot be read: {exc}")

    async def crash(request: Request, exc: Exception) -> Response:
        return error_response(request, 500, "internal error; the server log has the details")

    app.add_exception_handler(NotFoundError, not_found)
    app.add_exception_handler(ConfigError, bad_request)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(NewsdeskError, bad_request)
    app.add_exception_handler(Exception, crash)
