"""The app factory: one FastAPI app per served dataset, no module-level state."""

import logging
import subprocess
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from kgraph import __version__
from kgraph.errors import KgraphError
from kgraph.namespaces import BUILD_GRAPHS, DEFAULT_GRAPH_IRIS
from kgraph.serve import _claims, _dumps
from kgraph.serve._answers import error, error_response, prefixes, result_cache
from kgraph.serve._backend import QueryBackend
from kgraph.serve._http import ERROR_CAUSES, guard_requests
from kgraph.serve._inspect import inspect
from kgraph.serve._messages import Job, Rows
from kgraph.serve._pages import router as pages_router
from kgraph.serve._pool import WorkerLimits, WorkerPool
from kgraph.serve._relay import ServiceRelay
from kgraph.serve._remote import RemoteStore
from kgraph.serve._settings import Settings
from kgraph.serve._sparql import SparqlShortcut
from kgraph.serve._sparql import router as sparql_router
from kgraph.serve._state import AppState, AppStateDep
from kgraph.store import GRAPH_COUNTS, BuiltDataset

log = logging.getLogger("kgraph.serve")


async def _not_updatable(request: Request, update: str) -> Response:
    return error(501, "SPARQL Update is enabled but this server has no writable store: the served dataset is a "
                      "build of the project's files; change the files and rebuild", cause="not-implemented")


class ServedBuild:
    """The build being served, leased so that no other kgraph command prunes it. If its store disappears anyway
    (someone deleted the cache), `store_path()` makes it again with `kgraph build` (same inputs, same key) and leases
    the new one: the worker pool asks before every start, so it heals instead of staying short."""

    def __init__(self, dataset: BuiltDataset, settings: Settings):
        self.dataset, self.settings = dataset, settings
        manifest = dataset.manifest
        self.reasoner, self.validator = manifest.get("reasoner", "owlrl"), manifest.get("validator", "pyshacl")
        self.conforms = manifest.get("conforms", True)
        self.lease = dataset.lease()
        self._lock = threading.Lock()
        self.rebuilt = 0

    def store_path(self) -> str:
        with self._lock:
            if not (self.dataset.store_path / "CURRENT").is_file() and self.settings.project_root is not None:
                self._rebuild()
            return str(self.dataset.store_path)

    def _rebuild(self) -> None:
        log.warning("the served build %s is gone; building it again", self.dataset.directory)
        command = [sys.executable, "-m", "kgraph.cli", "--root", str(self.settings.project_root), "--cache-dir",
                   str(self.dataset.directory.parent), "build", "--reasoner", self.reasoner,
                   "--validator", self.validator, *([] if self.conforms else ["--allow-invalid"])]
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
        first_line = (done.stdout.splitlines() or [""])[0]
        if done.returncode != 0 or ": " not in first_line:
            raise RuntimeError(f"rebuilding failed: {(done.stderr or done.stdout).strip()[-300:]}")
        self.lease.release()
        self.dataset = BuiltDataset(Path(first_line.split(": ", 1)[1].strip()))
        self.lease = self.dataset.lease()
        self.rebuilt += 1

    def release(self) -> None:
        self.lease.release()


def _backend(served: ServedBuild, settings: Settings, relay: ServiceRelay | None) -> QueryBackend:
    if settings.store_url:
        return RemoteStore(settings.store_url, service_map=settings.service_map,
                           allowed_services=settings.allowed_services)
    limits = WorkerLimits(memory_mb=settings.worker_memory_mb, stack_mb=settings.stack_mb,
                          isolation=settings.isolation)
    return WorkerPool(served.store_path, settings.workers, limits, relay, settings.long_queries,
                      materialised_default=tuple(served.dataset.manifest.get("default_graph", ())))


def create_app(dataset: BuiltDataset, settings: Settings | None = None) -> FastAPI:
    """A FastAPI app serving `dataset` under `settings`; its worker processes start and stop with the app."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        served = ServedBuild(dataset, settings)
        relay = None if settings.store_url else ServiceRelay(settings.allowed_services, settings.service_map,
                                                             settings.timeout, settings.max_answer_mb * 2**20)
        pool = _backend(served, settings, relay)
        state.served, state.backend = served, pool
        try:
            await pool.start()
            health = pool.health()
            log.warning("query workers: %s; network isolation: %s%s", health["workers"], health["isolation"],
                        f" (not available: {pool.why_not})" if isinstance(pool, WorkerPool) and pool.why_not else "")
            counts = inspect(GRAPH_COUNTS, prefixes={}, services={})
            reply = await pool.run(Job(counts.text, {}, mode="rows"), max(settings.timeout, 30))
            counted = reply.rows if isinstance(reply, Rows) else []
            state.graph_counts = {row[0].text: int(row[1].text) for row in counted if row[0] and row[1]}
            if not settings.store_url:  # the build's source graphs are part of the default graph (a remote
                built = {str(g) for g in BUILD_GRAPHS}  # store's other graphs are not ours)
                state.default_graphs = [*DEFAULT_GRAPH_IRIS, *sorted(state.graphs - built)]
            yield
        finally:
            pool.close()
            if relay is not None:
                await relay.close()
            served.release()

    app = FastAPI(title="kgraph SPARQL endpoint", version=__version__, lifespan=lifespan,
                  # no Swagger UI (it loads its assets from a CDN) and no OpenAPI schema: the API is the SPARQL
                  # Protocol, documented in the README
                  docs_url=None, redoc_url=None, openapi_url=None,
                  max_body_size=settings.max_body_kb * 1024)  # Starlette's limit, 413 past it
    state = AppState(settings, prefixes(), result_cache(settings.cache_mb), _not_updatable,
                     Path(settings.project_root) if settings.project_root else None,
                     plans=result_cache(settings.plan_cache_mb), default_graphs=list(DEFAULT_GRAPH_IRIS))
    app.state.kgraph = state  # the one attribute: handlers get it typed, as `AppStateDep` or `app_state(request)`
    app.add_middleware(SparqlShortcut)  # innermost of ours: CORS and the guard wrap it
    if settings.cors:
        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=False,
                           allow_methods=["GET", "POST", "HEAD", "OPTIONS"], allow_headers=["*"],
                           expose_headers=["X-Kgraph-Truncated", "X-Kgraph-Rows", "X-Kgraph-Max-Rows", "ETag",
                                           "X-Kgraph-Error"])
    app.add_middleware(_GuardMiddleware, request_timeout=settings.request_timeout)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:  # never a traceback to the user
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error(500, "internal server error; the operator's log has the details", cause="internal")

    @app.exception_handler(KgraphError)
    async def kgraph_error(request: Request, exc: KgraphError) -> Response:
        return error_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(exc.status_code, str(exc.detail), getattr(exc, "headers", None),
                     ERROR_CAUSES.get(exc.status_code, "error"))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error(400, "bad request parameters", cause="bad-request")

    @app.get("/health")
    async def health(state: AppStateDep) -> JSONResponse:
        """200 "ok" while every configured worker is alive; 503 "degraded" while fewer are (a load balancer takes
        the instance out of rotation). Never waits for a query worker."""
        pool = state.backend
        workers = pool.health() if pool else {"workers": settings.workers, "alive_workers": 0}
        healthy = workers["alive_workers"] >= workers["workers"]
        served = state.served
        body = {"status": "ok" if healthy else "degraded", "version": __version__, **workers,
                "cached_answers_bytes": state.results.size if state.results is not None else 0,
                "rebuilt": served.rebuilt if served else 0}
        return JSONResponse(body, status_code=200 if healthy else 503, headers={"Cache-Control": "no-store"})

    app.include_router(sparql_router)
    app.include_router(pages_router)
    _dumps.install(app)
    _claims.install(app)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent.parent / "static")), name="static")
    return app


class _GuardMiddleware:
    """`_http.guard_requests` as a Starlette middleware class (outermost of ours: before CORS and routing)."""

    def __init__(self, app: ASGIApp, request_timeout: float):
        self.guarded = guard_requests(app, request_timeout)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.guarded(scope, receive, send)
