"""The schema.org claims export over HTTP (`/claims.jsonld`): one file per build, served like a dump."""

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response

from kgraph.claims import FILE_NAME, MEDIA_TYPE, ClaimsDocument, claims_file
from kgraph.serve._answers import not_modified
from kgraph.serve._dumps import DUMP_CACHE_CONTROL
from kgraph.serve._state import AppState, AppStateDep

router = APIRouter()


async def _document(state: AppState) -> ClaimsDocument:
    """The build's claims document, written on first use (in a thread), and again if its file went away."""
    async with state.claims_lock:
        document = state.claims
        if document is None or not document.path.is_file():
            document = state.claims = await run_in_threadpool(claims_file, state.build.dataset)
    return document


@router.get(f"/{FILE_NAME}")
async def claims(request: Request, state: AppStateDep) -> Response:
    document = await _document(state)
    headers = {"ETag": f'"{document.sha256}"', "Cache-Control": DUMP_CACHE_CONTROL}
    if not_modified(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return FileResponse(document.path, media_type=MEDIA_TYPE, headers=headers)


def install(app: FastAPI) -> None:
    app.include_router(router)
