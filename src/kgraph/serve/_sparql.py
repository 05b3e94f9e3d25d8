"""The SPARQL 1.1 Protocol at /sparql: query by GET / POST form / POST sparql-query, dataset selection, negotiation,
conditional requests, the Service Description, and refusal of updates. An `APIRouter`, mountable in a larger app.

Every query a worker evaluates goes through `plan()` first (the inspector's canonical text), through the answer
cache (bounded in bytes, keys hashed and counted), and through `evaluate()`, which applies the per-client limit and
stops the work when the client goes away.
"""

import asyncio
import hashlib
import hmac
import sys
from collections.abc import Callable
from urllib.parse import parse_qs

from cachetools import LRUCache
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, Response
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID, XSD

from kgraph import namespaces
from kgraph.errors import KgraphError, RequestRefused
from kgraph.formats import FORMATS, GRAPH_FORMATS, RESULT_FORMATS, W3C_FORMATS, Term
from kgraph.namespaces import DEFAULT_GRAPH_IRIS, PREFIXES, SD, bind_prefixes
from kgraph.serve._clients import client_key
from kgraph.serve._formats import negotiate
from kgraph.serve._inspect import Limits, QueryPlan, inspect
from kgraph.serve._messages import Answer, Failure, Job, Reply, Rows
from kgraph.serve._state import app_state

TRUNCATED_HEADER = "X-Kgraph-Truncated"
ERROR_HEADER = "X-Kgraph-Error"
CACHE_CONTROL = "public, max-age=300"   # an answer is the build's; a restart may serve another build
HTML = ("text/html", "application/xhtml+xml", "html")  # what a browser asks for: the readable views
INLINE_INSPECTION_CHARS = 4096          # shorter queries are inspected on the event loop (well under a millisecond)
ENTRY_OVERHEAD = 256                    # bytes an answer cache entry costs beyond its body and headers (key included)
ORIGIN_BYTES = 56 + 2 * 32              # a plan's (offset, offset) pair: a 2-tuple and two ints as allocated


def error(status: int, message: str, headers: dict | None = None, cause: str | None = None) -> PlainTextResponse:
    headers = {**(headers or {}), **({ERROR_HEADER: cause} if cause else {}), "Cache-Control": "no-store"}
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=headers)


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
    answer larger than an eighth of the cache is not kept (it would evict everything else)."""

    def __init__(self, megabytes: int):
        self.limit = megabytes * 2**20
        self._entries = LRUCache(maxsize=self.limit, getsizeof=lambda entry: entry[0])

    @staticmethod
    def key(*parts) -> bytes:
        return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).digest()

    def get(self, key: bytes):
        entry = self._entries.get(key)
        return None if entry is None else entry[1]

    def put(self, key: bytes, value, size: int) -> None:
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
    """The dataset is read-only, so an answer stays right for as long as it is served."""
    return AnswerCache(megabytes) if megabytes > 0 else None


def plan_bytes(found: QueryPlan) -> int:
    """The memory a plan holds, as Python allocates it (measured with tracemalloc: README, security model)."""
    return (sys.getsizeof(found.text) + sys.getsizeof(found.original) + sys.getsizeof(found.origins)
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
    loop, every text within its own time bound. Plans are kept in the answer cache (keyed by a hash of the text,
    charged their size), so that a repeated query is not inspected again."""
    state = app_state(request)
    settings = state.settings
    key = AnswerCache.key("plan", query, services) if state.results is not None else b""
    found = state.results.get(key) if key else None
    if found is not None:
        return found
    limits = Limits(max_bytes=settings.max_query_kb * 1024, max_depth=settings.max_depth)
    endpoints = state.pool.service_endpoints() if services else {}
    base = endpoint_url(request)  # the service-defined base IRI the protocol allows: the endpoint's own URL
    if len(query) <= INLINE_INSPECTION_CHARS:
        found = inspect(query, prefixes=state.prefixes, services=endpoints, limits=limits, base=base)
    else:
        found = await run_in_threadpool(inspect, query, prefixes=state.prefixes, services=endpoints, limits=limits,
                                        base=base)
    if key:
        state.results.put(key, found, plan_bytes(found))
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
    cached = state.results.get(key) if use_cache else None
    if cached is not None:
        return cached
    client = client_key(request.client.host if request.client else None)
    if state.client_queries.get(client, 0) >= settings.queries_per_client:
        return error_response(RequestRefused(429, f"this client already has {settings.queries_per_client} queries "
                                                  "running or waiting; wait for them", "client-busy",
                                             {"Retry-After": "1"}))
    state.client_queries[client] = state.client_queries.get(client, 0) + 1
    replacements: list[asyncio.Future] = []

    def release(_=None) -> None:
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
    if use_cache:
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
    settings = app_state(request).settings
    running = asyncio.ensure_future(app_state(request).pool.run(job, settings.timeout, hold))
    gone = asyncio.ensure_future(_until_disconnected(request))
    try:
        await asyncio.wait({running, gone}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        gone.cancel()
    if not running.done():  # the client went away: stop the work (the pool kills and replaces the worker)
        running.cancel()
        await asyncio.wait({running})
        return error(499, "the client closed the connection", cause="client-gone")
    try:
        return running.result()
    except KgraphError as failure:
        return error_response(failure)


def _check_graphs(request: Request, iris: list[str], what: str) -> None:
    """An unknown graph is an empty graph (as in Oxigraph and Fuseki), never fetched: the local store has no way to
    fetch one. A remote store (`--store`) might dereference it, so there an unknown graph is refused."""
    state = app_state(request)
    if not state.settings.store_url:
        return
    for iri in iris:
        if iri not in state.graphs:
            raise RequestRefused(400, f"unknown graph <{iri}> in {what}: this endpoint never fetches graphs; "
                                      f"it serves {', '.join(f'<{g}>' for g in sorted(state.graphs))}", "graph")


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def not_modified(request: Request, etag: str) -> bool:
    """If-None-Match (RFC 9110 13.1.2): weak comparison, `*` matches any current representation."""
    wanted = request.headers.get("if-none-match")
    if not wanted:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
    return "*" in tags or etag in tags


def conditional(request: Request, body: bytes, media_type: str, headers: dict) -> Response:
    """A 200 with ETag and Cache-Control, or a 304 if the client holds the same bytes."""
    etag = etag_of(body)
    headers = {**headers, "ETag": etag, "Cache-Control": CACHE_CONTROL}
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def requested_formats(request: Request, form: dict[str, list[str]] | None = None) -> list[str]:
    """The `format=` values of a request: the URL's, then a form body's, in order (see `_formats.format_values`)."""
    return request.query_params.getlist("format") + (form or {}).get("format", [])


async def answer_query(request: Request, query: str, default_graph_uris: list[str],
                       named_graph_uris: list[str], formats: list[str] | None = None) -> Response:
    """Answer a query request: inspect it, negotiate, then answer from the cache or a worker. A browser (HTML
    first in its Accept, or `format=html`) gets the same answer, evaluated the same way, as a readable page."""
    state = app_state(request)
    settings = state.settings
    formats = requested_formats(request) if formats is None else formats
    try:
        query_plan = await plan(request, query)
        _check_graphs(request, default_graph_uris, "default-graph-uri")
        _check_graphs(request, named_graph_uris, "named-graph-uri")
        _check_graphs(request, query_plan.from_graphs, "FROM")
        _check_graphs(request, query_plan.from_named_graphs, "FROM NAMED")
    except RequestRefused as refused:
        return error_response(refused)
    if default_graph_uris or named_graph_uris:  # the protocol's parameters override FROM / FROM NAMED
        default_graph, named_graphs = default_graph_uris, named_graph_uris
    elif query_plan.has_dataset_clause:
        default_graph, named_graphs = None, None
    else:
        default_graph, named_graphs = state.default_graphs, None
    graph_form = query_plan.form in ("CONSTRUCT", "DESCRIBE")
    offers = GRAPH_FORMATS if graph_form else RESULT_FORMATS
    chosen = negotiate(request.headers.get("accept"), offers, formats, extra=HTML)
    if chosen is None:
        asked = ",".join(formats) or request.headers.get("accept") or ""
        return error(406, f"cannot answer a {query_plan.form} query as {asked[:200]}; available: "
                          f"{', '.join(f.media_type for f in offers)}", cause="not-acceptable")
    page = chosen in HTML
    if page:  # the page shows the answer in a format it reads: the same job, the same cache entry
        chosen = FORMATS["nt" if graph_form else "json"]
    job = Job(query_plan.text, state.prefixes, default_graph, named_graphs, "serialize",
              result_format=chosen.key if not graph_form else "json",
              graph_format=chosen.key if graph_form else "turtle", max_rows=settings.max_rows,
              max_bytes=settings.max_answer_mb * 2**20)
    key = AnswerCache.key("answer", build_key(request), job.query, default_graph, named_graphs, chosen.key,
                          job.max_rows, job.max_bytes)
    cacheable = state.results is not None and query_plan.deterministic
    cached = state.results.get(key) if cacheable else None

    def respond(body: bytes, headers: dict) -> Response:
        media_type = chosen.content_type
        if page:
            from kgraph.serve._views import results_page  # jinja2 and the pages' helpers

            body, media_type = results_page(request, query_plan, body, graph_form, headers), "text/html; charset=utf-8"
        if not query_plan.deterministic:
            return Response(body, media_type=media_type, headers=headers)
        return conditional(request, body, media_type, headers)

    if cached is not None:
        body, headers = cached
        return respond(body, {**headers, "X-Kgraph-Cache": "hit"})
    reply = await evaluate(request, job, query_plan, cached_here=False)
    if isinstance(reply, Response):
        return reply
    assert isinstance(reply, Answer), "a serialize job is answered with an Answer"
    headers = {"Vary": "Accept", TRUNCATED_HEADER: "true" if reply.truncated else "false",
               "X-Kgraph-Rows": str(reply.count)}
    if reply.truncated:
        bound = f"{settings.max_answer_mb} MB" if reply.truncated == "bytes" else f"{settings.max_rows} rows"
        headers["X-Kgraph-Max-Rows"] = str(settings.max_rows)
        headers["Warning"] = f'199 kgraph "results truncated to the first {reply.count} rows (limit: {bound})"'
    if not query_plan.deterministic:  # RAND, NOW, UUID...: a fresh answer every time, for this client only
        return respond(reply.body, {**headers, "Cache-Control": "no-store", "X-Kgraph-Cache": "off"})
    if cacheable:
        state.results.put(key, (reply.body, headers), len(reply.body) + sum(map(len, headers.values())))
    return respond(reply.body, {**headers, "X-Kgraph-Cache": "miss"})


def _bearer_ok(request: Request) -> bool:
    token = app_state(request).settings.update_token
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(value.strip(), token)


async def refuse_or_update(request: Request, update: str) -> Response:
    settings = app_state(request).settings
    if not settings.updates_enabled:
        return error(403, "SPARQL Update is not allowed: this endpoint is read-only", cause="update")
    if not _bearer_ok(request):
        return error(401, "SPARQL Update needs the operator's bearer token", {"WWW-Authenticate": "Bearer"})
    return await app_state(request).updater(request, update)


def service_description(request: Request) -> Graph:
    state = app_state(request)
    url = URIRef(endpoint_url(request))
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("formats", Namespace(W3C_FORMATS))
    graph.add((url, RDF.type, SD.Service))
    graph.add((url, SD.endpoint, url))
    graph.add((url, SD.supportedLanguage, SD.SPARQL11Query))
    if state.settings.updates_enabled:
        graph.add((url, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((url, SD.feature, SD.BasicFederatedQuery))
    for offered in RESULT_FORMATS + GRAPH_FORMATS:
        graph.add((url, SD.resultFormat, URIRef(offered.iri)))
    dataset = BNode("dataset")
    graph.add((url, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode("default")
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    counts = state.graph_counts
    graph.add((default, VOID.triples, Literal(sum(counts.get(g, 0) for g in DEFAULT_GRAPH_IRIS), datatype=XSD.integer)))
    graph.add((default, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
               Literal("the union of " + ", ".join("kgg:" + g.removeprefix(str(namespaces.KGG)) for g in namespaces.DEFAULT_GRAPHS)
                       + "; kgg:asserted and kgg:inferred alone are the article only", lang="en")))
    for iri in sorted(state.graphs):
        named, inner = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(iri)))
        graph.add((named, SD.graph, inner))
        graph.add((inner, RDF.type, SD.Graph))
        graph.add((inner, VOID.triples, Literal(counts.get(iri, 0), datatype=XSD.integer)))
    return graph


def rdf_response(request: Request, graph: Graph, page: str | None = None) -> Response:
    """A description in the negotiated RDF syntax, or, for a browser, as the readable page `page` (a template
    rendering the same triples)."""
    chosen = negotiate(request.headers.get("accept"), GRAPH_FORMATS, requested_formats(request),
                       extra=HTML if page else ())
    if chosen is None:
        return error(406, "available: " + ", ".join(f.media_type for f in GRAPH_FORMATS), cause="not-acceptable")
    if chosen in HTML:
        from kgraph.serve._views import description_page

        return conditional(request, description_page(request, graph, page), "text/html; charset=utf-8",
                           {"Vary": "Accept"})
    return conditional(request, graph.serialize(format=chosen.rdflib, encoding="utf-8"), chosen.content_type,
                       {"Vary": "Accept"})


def _graph_params(values: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    return values.get("default-graph-uri", []), values.get("named-graph-uri", [])


router = APIRouter()


@router.get("/sparql")
async def sparql_get(request: Request) -> Response:
    params = parse_qs(request.url.query, keep_blank_values=True)
    if "update" in params:
        return error(403 if not app_state(request).settings.updates_enabled else 405,
                     "SPARQL Update is not allowed by GET (and this endpoint is read-only unless enabled)",
                     cause="update")
    if "query" not in params:
        return rdf_response(request, service_description(request), "service.html")
    if len(params["query"]) != 1:
        return error(400, "exactly one query parameter is allowed", cause="protocol")
    return await answer_query(request, params["query"][0], *_graph_params(params))


@router.post("/sparql")
async def sparql_post(request: Request) -> Response:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    url_params = parse_qs(request.url.query, keep_blank_values=True)
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return error(400, "the request body is not UTF-8", cause="protocol")
    if "update" in url_params:  # SPARQL 1.1 Protocol: a query or update goes in the body of a POST, never the URL
        return error(400, "a POST carries its update in the body, not in the URL", cause="protocol")
    if media_type == "application/x-www-form-urlencoded":
        params = parse_qs(text, keep_blank_values=True)
        if "query" in url_params:
            return error(400, "a form POST carries its query in the body, not also in the URL", cause="protocol")
        if "update" in params:
            return await refuse_or_update(request, params["update"][0])
        if len(params.get("query", [])) != 1:
            return error(400, "a form POST needs exactly one query parameter", cause="protocol")
        return await answer_query(request, params["query"][0], *_graph_params(params),
                                  requested_formats(request, params))
    if media_type == "application/sparql-query":
        if "query" in url_params:
            return error(400, "a POST of application/sparql-query carries its query in the body, not also in the "
                              "URL", cause="protocol")
        return await answer_query(request, text, *_graph_params(url_params))
    if media_type == "application/sparql-update":
        return await refuse_or_update(request, text)
    return error(415, "POST a query as application/x-www-form-urlencoded (query=...) or as "
                      "application/sparql-query", cause="media-type")


class SparqlShortcut:
    """ASGI middleware, innermost of ours (inside the body guard, the body limit and CORS): GET and POST /sparql go
    straight to their handlers, past FastAPI's router and per-request dependency machinery, which cost more server
    CPU per uncached lookup than the handler itself (bench/results/profile-lookup.md). The routes stay declared on
    `router` too, for every other method (405). A failure still reaches the app's catch-all
    handler (outermost), so no traceback reaches a user."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] == "/sparql" and scope["method"] in ("GET", "POST"):
            request = Request(scope, receive)
            response = await (sparql_get if scope["method"] == "GET" else sparql_post)(request)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
