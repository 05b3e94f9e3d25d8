"""RDF dumps over HTTP, the dataset's VoID + DCAT description, and the published JSON-LD @context."""


from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from kgraph.export import ExportResult, describe, dump_set, jsonld_context
from kgraph.formats import JSON_LD
from kgraph.serve._answers import error, not_modified, public_base
from kgraph.serve._state import AppState, AppStateDep
from kgraph.serve._views import rdf_response, render

router = APIRouter()
DUMP_CACHE_CONTROL = "public, max-age=3600"  # a dump is one build's; its ETag is its SHA-256


async def _dumps(state: AppState) -> tuple[ExportResult, ...]:
    """The build's dump set, written on first use (in a thread: it can take a while on a large graph), and again if
    its files went away (the build was deleted and made again)."""
    async with state.dumps_lock:
        dumps = state.dumps
        if dumps is None or not all(dump.path.is_file() for dump in dumps):
            dumps = state.dumps = await run_in_threadpool(dump_set, state.build.dataset)
            state.description = None
    return dumps


@router.get("/dumps/", response_class=HTMLResponse)
async def dump_index(request: Request, state: AppStateDep) -> Response:
    return render("dumps.html", request, title="Dumps", dumps=await _dumps(state))


@router.get("/dumps/{name}")
async def dump_file(request: Request, name: str, state: AppStateDep) -> Response:
    for dump in await _dumps(state):
        if dump.path.name == name:
            headers = {"ETag": f'"{dump.sha256}"', "Cache-Control": DUMP_CACHE_CONTROL, "Content-Encoding": "identity"}
            if not_modified(request, headers["ETag"]):
                return Response(status_code=304, headers=headers)
            return FileResponse(dump.path, media_type="application/gzip" if name.endswith(".gz") else dump.media_type,
                                filename=name, headers=headers)
    return error(404, f"no dump named {name!r}; see /dumps/")


@router.get("/.well-known/void")
async def void(request: Request, state: AppStateDep) -> Response:
    """The description counts every graph's triples: computed once (its base URL is the configured one, never a
    client's Host header), since the data never changes while it is served."""
    dumps = await _dumps(state)
    description = state.description
    if description is None:
        description = state.description = await run_in_threadpool(describe, state.build.dataset,
                                                                  public_base(request) + "/", dumps)
    return rdf_response(request, description, "void.html")


@router.get("/context.jsonld")
async def context() -> Response:
    return JSONResponse(jsonld_context(), media_type=JSON_LD.media_type)


def install(app: FastAPI) -> None:
    app.include_router(router)
