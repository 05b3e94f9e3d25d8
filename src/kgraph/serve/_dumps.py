"""RDF dumps over HTTP, the dataset's VoID + DCAT description, and the published JSON-LD @context."""

import asyncio

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from kgraph.export import ExportResult, describe, dump_set, jsonld_context
from kgraph.serve._sparql import error, rdf_response

router = APIRouter()


async def _dumps(request: Request) -> tuple[ExportResult, ...]:
    """The build's dump set, written on first use (in a thread: it can take a while on a large graph)."""
    state = request.app.state
    async with state.dumps_lock:
        if state.dumps is None:
            state.dumps = await run_in_threadpool(dump_set, state.dataset)
    return state.dumps


def _base_url(request: Request) -> str:
    settings = request.app.state.settings
    return settings.public_url or str(request.base_url)


@router.get("/dumps/", response_class=HTMLResponse)
async def dump_index(request: Request):
    from kgraph.serve._pages import render

    return render("dumps.html", request, title="Dumps", dumps=await _dumps(request))


@router.get("/dumps/{name}")
async def dump_file(request: Request, name: str):
    for dump in await _dumps(request):
        if dump.path.name == name:
            encoding = {"Content-Encoding": "identity"}
            return FileResponse(dump.path, media_type="application/gzip" if name.endswith(".gz") else dump.media_type,
                                filename=name, headers=encoding)
    return error(404, f"no dump named {name!r}; see /dumps/")


@router.get("/.well-known/void")
async def void(request: Request):
    """The description counts every graph's triples: computed once per base URL, since the data never changes."""
    state, base_url = request.app.state, _base_url(request)
    if base_url not in state.descriptions:
        dumps = await _dumps(request)
        state.descriptions[base_url] = await run_in_threadpool(describe, state.dataset, base_url, dumps)
    return rdf_response(request, state.descriptions[base_url])


@router.get("/context.jsonld")
async def context():
    return JSONResponse(jsonld_context(), media_type="application/ld+json")


def install(app) -> None:
    app.state.dumps = None
    app.state.dumps_lock = asyncio.Lock()
    app.state.descriptions = {}
    app.include_router(router)
