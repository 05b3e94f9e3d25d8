"""The schema.org claims export over HTTP (`/claims.jsonld`): one file per build, served like a dump."""

import asyncio

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response

from kgraph.claims import FILE_NAME, MEDIA_TYPE, ClaimsDocument, claims_file
from kgraph.serve._dumps import DUMP_CACHE_CONTROL
from kgraph.serve._sparql import not_modified

router = APIRouter()


async def _document(request: Request) -> ClaimsDocument:
    """The build's claims document, written on first use (in a thread), and again if its file went away."""
    state = request.app.state
    async with state.claims_lock:
        if state.claims is None or not state.claims.path.is_file():
            state.claims = await run_in_threadpool(claims_file, state.served.dataset)
    return state.claims


@router.get(f"/{FILE_NAME}")
async def claims(request: Request):
    document = await _document(request)
    headers = {"ETag": f'"{document.sha256}"', "Cache-Control": DUMP_CACHE_CONTROL}
    if not_modified(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return FileResponse(document.path, media_type=MEDIA_TYPE, headers=headers)


def install(app) -> None:
    app.state.claims = None
    app.state.claims_lock = asyncio.Lock()
    app.include_router(router)
