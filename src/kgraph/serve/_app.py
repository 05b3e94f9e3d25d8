"""The app factory: one FastAPI app per served dataset, no module-level state."""

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.staticfiles import StaticFiles

from kgraph import __version__
from kgraph.serve._remote import RemoteStore
from kgraph.serve._pool import Job, WorkerPool
from kgraph.serve._settings import Settings
from kgraph.serve._sparql import error, prefixes, result_cache, router as sparql_router
from kgraph.store import BuiltDataset

log = logging.getLogger("kgraph.serve")


async def _not_updatable(request: Request, update: str):
    return error(501, "SPARQL Update is enabled but this server has no writable store: the served dataset is a "
                      "build of the project's files; change the files and rebuild")


def create_app(dataset: BuiltDataset, settings: Settings | None = None) -> FastAPI:
    """A FastAPI app serving `dataset` under `settings`; its worker processes start and stop with the app."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        pool = RemoteStore(settings.store_url) if settings.store_url else WorkerPool(str(dataset.store_path),
                                                                                      settings.workers)
        await pool.start()
        app.state.pool = pool
        try:
            reply = await pool.run(Job("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                                       prefixes(), mode="rows"), max(settings.timeout, 30))
            app.state.graph_counts = {row[0][1]: int(row[1][1]) for row in reply.get("rows", [])}
            app.state.graphs = set(app.state.graph_counts)
            yield
        finally:
            pool.close()

    app = FastAPI(title="kgraph SPARQL endpoint", version=__version__, lifespan=lifespan,
                  docs_url="/api", redoc_url=None, openapi_url="/api/openapi.json")
    app.state.settings = settings
    app.state.dataset = dataset
    app.state.updater = _not_updatable
    app.state.results = result_cache(settings.cache_mb)
    app.state.graph_counts, app.state.graphs = {}, set()
    app.state.project_root = Path(settings.project_root) if settings.project_root else None
    if settings.cors:
        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=False,
                           allow_methods=["GET", "POST", "HEAD", "OPTIONS"], allow_headers=["*"],
                           expose_headers=["X-Kgraph-Truncated", "X-Kgraph-Rows", "X-Kgraph-Max-Rows"])

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):  # never a traceback to the user
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return PlainTextResponse("internal server error; the operator's log has the details\n", status_code=500)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return PlainTextResponse(f"{exc.detail}\n", status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return PlainTextResponse("bad request parameters\n", status_code=400)

    @app.get("/health")
    async def health():
        pool = getattr(app.state, "pool", None)
        return JSONResponse({"status": "ok", "version": __version__,
                             "workers": settings.workers, "idle_workers": pool.idle if pool else 0,
                             "killed_workers": pool.killed if pool else 0})

    app.include_router(sparql_router)
    from kgraph.serve._pages import router as pages_router  # jinja2 and page helpers

    app.include_router(pages_router)
    from kgraph.serve import _dumps

    _dumps.install(app)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent.parent / "static")), name="static")
    return app
