"""How a route answers from the served dataset: the toolkit that the SPARQL protocol (`_sparql`), the pages and the
dumps share. An error becomes an HTTP answer here (`error_response`); a query is planned (`plan`: the inspector's
canonical text, kept in the plan cache) and evaluated (`evaluate`: from the cache, or by the query backend under
the per-client limit, stopped when the client goes away); a page runs its own queries through the same two (`rows`,
`rdf_of`); an answer is sent with its ETag (`conditional`).
"""

import asyncio
import hashlib
import sys
from collections.abc import Callable, Mapping, Sequence

from cachetools import LRUCache
from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, Response

from kgraph.errors import KgraphError, RequestRefused
from kgraph.export import compact_jsonld
from kgraph.formats import Format, Term
from kgraph.namespaces import DEFAULT_GRAPH_IRIS, PREFIXES
from kgraph.serve._clients import client_key
from kgraph.serve._inspect import Limits, QueryPlan, inspect
from kgraph.serve._messages import Answer, Failure, Job, Mode, Reply, Rows
from kgraph.serve._state import app_state

ERROR_HEADER = "X-Kgraph-Error"
CACHE_CONTROL = "public, max-age=300"   # an answer is the build's; a restart may serve another build
HTML = ("text/html", "application/xhtml+xml", "html")  # what a browser asks for: the readable views
INLINE_INSPECTION_CHARS = 4096          # shorter queries are inspected on the event loop (well under a millisecond)
ENTRY_OVERHEAD = 256                    # bytes an answer cache entry costs beyond its body and headers (key included)
ORIGIN_BYTES = 56 + 2 * 32              # a plan's (offset, offset) pair: a 2-tuple and two ints as allocated
Solution = dict[str, Term | None]       # a row of a page's query, by variable name


def error(status: int, message: str, headers: Mapping[str, str] | None = None,
          cause: str | None = None) -> PlainTextResponse:
    sent = {**(headers or {}), **({ERROR_HEADER: cause} if cause else {}), "Cache-Control": "no-store"}
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=sent)


def error_response(failure: KgraphError) -> PlainTextResponse:
    """The one place an error becomes an HTTP answer: the status, `X-Kgraph-Error` and headers its class names."""
    return error(failure.http_status, failure.message, failure.headers, failure.cause)


def prefixes() -> dict[str, str]:
    return {prefix: str(iri) for prefix, iri in PREFIXES.items()}


def public_base(request: Request) -> str:
    """The base URL written into the Service Description, VoID and dump URLs: --public-url, else the address the
    server listens on. Never the request's Host header, which the client chooses."""
    settings = app_state(request).settings
    if settings.public_url:
        return settings.public_url.rstrip("/")
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "", "::") else settings.host
    return f"http://{'[' + host + ']' if ':' in host else host}:{settings.port}"


def endpoint_url(request: Request) -> str:
    return public_base(request) + "/sparql"


class AnswerCache:
    """An LRU cache of answers bounded in bytes, keys included: a key is the SHA-256 of what makes the answer (the
    canonical query, never a raw header), and an entry is charged its body, its headers and a fixed overhead. An
    answer larger than an eighth of the cache is not kept (it would evict everything else). Replies and whole HTTP
    answers share the answer cache, each under keys of its own (the first part of the key says which); plans have a
    cache of their own, of the same kind."""

    def __init__(self, megabytes: int):
        self.limit = megabytes * 2**20
        self._entries: LRUCache[bytes, tuple[int, object]] = LRUCache(maxsize=self.limit, getsizeof=lambda entry: entry[0])

    @staticmethod
    def key(*parts: object) -> bytes:
        return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).digest()

    def get(self, key: bytes) -> object:
        """The entry under `key`, or None (what it is, its key says)."""
        entry = self._entries.get(key)
        return None if entry is None else entry[1]

    def put(self, key: bytes, value: object, size: int) -> None:
        charged = size + ENTRY_OVERHEAD
        if charged <= self.limit // 8:
            self._entries[key] = (charged, value)

    @property
    def size(self) -> int:
        return int(self._entries.currsize)


def build_key(request: Request) -> str:
    """The served build's cache key (its directory's name): part of every answer's key, so that a build made again
    from changed inputs never answers from the previous one's entries."""
    return app_state(request).build.dataset.directory.name


def result_cache(megabytes: int) -> AnswerCache | None:
    """The dataset is read-only, so an answer (or a plan) stays right for as long as it is served; 0 MB: none."""
    return AnswerCache(megabytes) if megabytes > 0 else None


def plan_bytes(found: QueryPlan) -> int:
    """The memory a plan holds, as Python allocates it (measured with tracemalloc: README, security model). A
    non-ASCII text gains a UTF-8 copy inside the string object once it is pickled for a worker: charged too."""
    utf8_copy = 0 if found.text.isascii() else len(found.text.encode("utf-8", "surrogatepass"))
    return (utf8_copy + sys.getsizeof(found.text) + sys.getsizeof(found.original) + sys.getsizeof(found.origins)
            + ORIGIN_BYTES * len(found.origins) + sum(map(sys.getsizeof, found.services + found.from_graphs
                                                          + found.from_named_graphs)) + 512)


def _term_allocation(term: Term | None) -> int:
    if term is None:
        return 0
    _kind, value, language, datatype = term
    inner = sum(map(_term_allocation, value)) if isinstance(value, tuple) else sys.getsizeof(value)
    return sys.getsizeof(term) + inner + sum(sys.getsizeof(text) for text in (language, datatype) if text)


def reply_bytes(reply: Answer | Rows) -> int:
    """The memory a worker's reply holds: its body, or its rows of terms as Python allocates them."""
    if isinstance(reply, Answer):
        return len(reply.body)
    return sum(sys.getsizeof(row) + sum(map(_term_allocation, row)) for row in reply.rows)


async def plan(request: Request, query: str, services: bool = True) -> QueryPlan:
    """The inspector's plan of `query` (RequestRefused if it may not run); long texts are inspected off the event
    loop, every text within its own time bound. Plans are kept in the plan cache (`--plan-cache-mb`, apart from the
    answers, so that `--cache-mb 0` turns off answers only), keyed by everything a plan depends on besides the app's
    own prefixes and limits: the text, the base IRI and the SERVICE rewrite map. A refusal is never kept."""
    state = app_state(request)
    settings = state.settings
    endpoints = state.pool.service_endpoints() if services else {}
    base = endpoint_url(request)  # the service-defined base IRI the protocol allows: the endpoint's own URL
    key = AnswerCache.key("plan", query, base, endpoints) if state.plans is not None else b""
    cached = state.plans.get(key) if state.plans is not None else None
    if isinstance(cached, QueryPlan):
        return cached
    limits = Limits(max_bytes=settings.max_query_kb * 1024, max_depth=settings.max_depth)
    if len(query) <= INLINE_INSPECTION_CHARS:
        found = inspect(query, prefixes=state.prefixes, services=endpoints, limits=limits, base=base)
    else:
        found = await run_in_threadpool(inspect, query, prefixes=state.prefixes, services=endpoints, limits=limits,
                                        base=base)
    if state.plans is not None:
        state.plans.put(key, found, plan_bytes(found))
    return found


async def _until_disconnected(request: Request) -> None:
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def evaluate(request: Request, job: Job, query_plan: QueryPlan | None = None,
                   cached_here: bool = True) -> Answer | Rows | Response:
    """Run `job` in the worker pool, or answer it from the cache; a Response if it failed.

    The client may have at most `queries_per_client` queries in the pool (429 past it). If the client disconnects
    first, the evaluation is stopped and its worker replaced. `cached_here=False` for callers that cache the whole
    HTTP answer themselves, so that one answer is not held twice."""
    state = app_state(request)
    settings = state.settings
    use_cache = cached_here and state.results is not None and (query_plan is None or query_plan.deterministic)
    key = AnswerCache.key("reply", build_key(request), job.query, job.default_graph, job.named_graphs, job.mode,
                          job.result_format, job.graph_format, job.max_rows, job.max_bytes) if use_cache else b""
    cached = state.results.get(key) if state.results is not None and use_cache else None
    if isinstance(cached, Answer | Rows):
        return cached
    client = client_key(request.client.host if request.client else None)
    if state.client_queries.get(client, 0) >= settings.queries_per_client:
        return error_response(RequestRefused(429, f"this client already has {settings.queries_per_client} queries "
                                                  "running or waiting; wait for them", "client-busy",
                                             {"Retry-After": "1"}))
    state.client_queries[client] = state.client_queries.get(client, 0) + 1
    replacements: list[asyncio.Future[None]] = []

    def release(_: object = None) -> None:
        state.client_queries[client] -= 1
        if not state.client_queries[client]:
            del state.client_queries[client]

    try:
        reply = await _run_while_connected(request, job, replacements.append)
    finally:  # a query that cost its worker keeps its client's share until the worker is replaced
        if replacements and not replacements[0].done():
            replacements[0].add_done_callback(release)
        else:
            release()
    if isinstance(reply, Response):
        return reply
    if isinstance(reply, Failure):
        return _failure_response(request, reply, query_plan)
    if state.results is not None and use_cache:
        state.results.put(key, reply, reply_bytes(reply))
    return reply


def _failure_response(request: Request, failure: Failure, query_plan: QueryPlan | None) -> Response:
    if failure.kind == "syntax":
        message = (query_plan.locate(failure.message) + query_plan.point(failure.message) if query_plan
                   else failure.message)
        return error(400, f"SPARQL syntax error: {message}", cause="syntax")
    if query_plan is not None and query_plan.services:
        message = failure.message
        for iri, relayed in app_state(request).pool.service_endpoints().items():
            message = message.replace(relayed, iri)
        return error(502, f"a SERVICE endpoint failed: {message}", cause="service")
    if failure.kind == "evaluation":
        return error(400, f"the query cannot be evaluated: {failure.message}", cause="evaluation")
    if failure.kind == "not-expressible":
        return error(406, failure.message, cause="not-acceptable")
    return error(500, f"query evaluation failed: {failure.message}", cause="engine")


async def _run_while_connected(request: Request, job: Job,
                               hold: Callable[[asyncio.Future[None]], None]) -> Reply | Response:
    """Run `job` in this task; a watcher task cancels it if the client disconnects first (the pool then kills and
    replaces the worker). One task per request besides the handler's own, and no `asyncio.wait` around them."""
    state = app_state(request)
    running = asyncio.current_task()
    assert running is not None, "called from a request's task"
    finished = gone = False

    def client_gone(watcher: asyncio.Future[None]) -> None:
        nonlocal gone
        if not finished and not watcher.cancelled():
            watcher.exception()  # whatever ended the wait, the client is no longer there to be answered
            gone = True
            running.cancel()

    watcher = asyncio.ensure_future(_until_disconnected(request))
    watcher.add_done_callback(client_gone)
    try:
        return await state.pool.run(job, state.settings.timeout, hold)
    except asyncio.CancelledError:
        if not gone:
            raise
        running.uncancel()
        return error(499, "the client closed the connection", cause="client-gone")
    except KgraphError as failure:
        return error_response(failure)
    finally:
        finished = True
        watcher.cancel()


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def not_modified(request: Request, etag: str) -> bool:
    """If-None-Match (RFC 9110 13.1.2): weak comparison, `*` matches any current representation."""
    wanted = request.headers.get("if-none-match")
    if not wanted:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
    return "*" in tags or etag in tags


def conditional(request: Request, body: bytes, media_type: str, headers: Mapping[str, str]) -> Response:
    """A 200 with ETag and Cache-Control, or a 304 if the client holds the same bytes."""
    etag = etag_of(body)
    sent = {**headers, "ETag": etag, "Cache-Control": CACHE_CONTROL}
    if not_modified(request, etag):
        return Response(status_code=304, headers=sent)
    return Response(body, media_type=media_type, headers=sent)


def requested_formats(request: Request, form: dict[str, list[str]] | None = None) -> list[str]:
    """The `format=` values of a request: the URL's, then a form body's, in order (see `_formats.format_values`)."""
    return request.query_params.getlist("format") + (form or {}).get("format", [])


# ---- our own queries, for the pages ----

async def _page_job(request: Request, query: str, default_graph: Sequence[str] | None,
                    named_graphs: Sequence[str] | None = None, mode: Mode = "serialize",
                    graph_format: str = "turtle") -> tuple[Job, QueryPlan]:
    """Our own queries go through the inspector too: a worker only ever evaluates its canonical text."""
    state = app_state(request)
    query_plan = await plan(request, query, services=False)
    return Job(query_plan.text, state.prefixes, default_graph, named_graphs, mode, graph_format=graph_format,
               max_rows=state.settings.max_rows, max_bytes=state.settings.max_answer_mb * 2**20), query_plan


async def rows(request: Request, query: str, default_graph: Sequence[str] | None = DEFAULT_GRAPH_IRIS,
               named_graphs: Sequence[str] | None = None) -> list[Solution] | Response:
    """The solutions of a page's SELECT (or the triples of its CONSTRUCT, as s, p, o), or the error to answer."""
    try:
        job = await _page_job(request, query, default_graph, named_graphs, mode="rows")
    except RequestRefused as refused:  # an IRI taken from the path that Oxigraph would not accept
        return error(404, f"not an IRI of this graph: {refused.message}")
    reply = await evaluate(request, *job)
    if isinstance(reply, Response):
        return reply
    assert isinstance(reply, Rows), "a rows job is answered with Rows"
    return [dict(zip(reply.variables, row, strict=False)) for row in reply.rows]


async def rdf_of(request: Request, construct: str, chosen: Format,
                 default_graph: Sequence[str] | None = DEFAULT_GRAPH_IRIS) -> Response:
    """A page's CONSTRUCT as RDF in the `chosen` syntax (404 if it has no triple)."""
    # JSON-LD is compacted here, from N-Triples: Oxigraph writes it expanded, without a context
    worker_format = "nt" if chosen.key == "jsonld" else chosen.key
    try:
        job = await _page_job(request, construct, default_graph, graph_format=worker_format)
    except RequestRefused as refused:
        return error(404, f"not an IRI of this graph: {refused.message}")
    reply = await evaluate(request, *job)
    if isinstance(reply, Response):
        return reply
    assert isinstance(reply, Answer), "a serialize job is answered with an Answer"
    if reply.count == 0:
        return error(404, "no such resource in this graph")
    body = await run_in_threadpool(compact_jsonld, reply.body) if chosen.key == "jsonld" else reply.body
    return Response(body, media_type=chosen.content_type, headers={"Vary": "Accept"})
