"""The SPARQL 1.1 Protocol at /sparql: query by GET / POST form / POST sparql-query, dataset selection, negotiation
of the answer (a browser gets it as a readable page), conditional requests, the Service Description, and refusal of
updates. An `APIRouter`, mountable in a larger app.

Every query goes through `_answers.plan()` first (the inspector's canonical text), through the answer cache (bounded
in bytes, keys hashed and counted), and through `_answers.evaluate()`, which applies the per-client limit and stops
the work when the client goes away; here the whole HTTP answer is cached too.
"""

import hmac
from typing import NamedTuple
from urllib.parse import parse_qs

import pyoxigraph
from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID, XSD
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from kgraph import namespaces
from kgraph.errors import RequestRefused
from kgraph.formats import FORMATS, GRAPH_FORMATS, RESULT_FORMATS, W3C_FORMATS
from kgraph.namespaces import DEFAULT_GRAPH_IRIS, SD, bind_prefixes
from kgraph.serve._answers import (
    HTML,
    AnswerCache,
    build_key,
    conditional,
    endpoint_url,
    error,
    error_response,
    evaluate,
    plan,
)
from kgraph.serve._formats import negotiate
from kgraph.serve._inspect import QueryPlan
from kgraph.serve._messages import Answer, Job
from kgraph.serve._state import app_state
from kgraph.serve._views import PAGE_MEDIA_TYPE, rdf_response, results_page

TRUNCATED_HEADER = "X-Kgraph-Truncated"


class SentAnswer(NamedTuple):
    """An HTTP answer as the answer cache keeps it."""

    body: bytes
    headers: dict[str, str]


async def _page_of(request: Request, key: bytes, query_plan: QueryPlan, body: bytes, graph_form: bool,
                   headers: dict[str, str]) -> bytes:
    """The answer as a readable page, made off the event loop and kept in the answer cache beside the answer it
    shows (`key`: empty when the answer is not cached), so that asking again for a large answer's page costs a
    lookup, not its rendering again."""
    state = app_state(request)
    # the page shows the query as sent: two texts with one canonical form share an answer, never a page
    page_key = AnswerCache.key("page", key, query_plan.original) if key and state.results is not None else b""
    cached = state.results.get(page_key) if page_key and state.results is not None else None
    if isinstance(cached, bytes):
        return cached
    page = await run_in_threadpool(results_page, request, query_plan, body, graph_form, headers)
    if page_key and state.results is not None:
        state.results.put(page_key, page, len(page))
    return page


def _check_graphs(request: Request, iris: list[str], what: str) -> None:
    """A graph is named by an absolute IRI (400 otherwise). An unknown graph is an empty graph (as in Oxigraph and
    Fuseki), never fetched: the local store has no way to fetch one. A remote store (`--store`) might dereference
    it, so there an unknown graph is refused."""
    for iri in iris:
        try:
            pyoxigraph.NamedNode(iri)
        except ValueError as invalid:
            raise RequestRefused(400, f"{what} <{iri[:200]}> is not an absolute IRI: {invalid}", "graph") from None
    state = app_state(request)
    if not state.settings.store_url:
        return
    for iri in iris:
        if iri not in state.graphs:
            raise RequestRefused(400, f"unknown graph <{iri}> in {what}: this endpoint never fetches graphs; "
                                      f"it serves {', '.join(f'<{g}>' for g in sorted(state.graphs))}", "graph")


async def answer_query(request: Request, query: str, default_graph_uris: list[str],
                       named_graph_uris: list[str], formats: list[str]) -> Response:
    """Answer a query request: inspect it, negotiate, then answer from the cache or a worker. A browser (HTML
    first in its Accept, or `format=html`) gets the same answer, evaluated the same way, as a readable page.
    `formats` are the request's `format=` values, taken from the parameters its handler parsed (the URL's, then a
    form body's): a query string is parsed once (a competency query's costs 0.1 ms)."""
    state = app_state(request)
    settings = state.settings
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
    page = isinstance(chosen, str)  # one of HTML
    if isinstance(chosen, str):  # the page shows the answer in a format it reads: the same job, the same cache entry
        chosen = FORMATS["nt" if graph_form else "json"]
    job = Job(query_plan.text, state.prefixes, default_graph, named_graphs, "serialize",
              result_format=chosen.key if not graph_form else "json",
              graph_format=chosen.key if graph_form else "turtle", max_rows=settings.max_rows,
              max_bytes=settings.max_answer_mb * 2**20)
    cacheable = state.results is not None and query_plan.deterministic
    key = AnswerCache.key("answer", build_key(request), job.query, default_graph, named_graphs, chosen.key,
                          job.max_rows, job.max_bytes) if cacheable else b""
    cached = state.results.get(key) if state.results is not None and cacheable else None

    async def respond(body: bytes, headers: dict[str, str]) -> Response:
        media_type = chosen.content_type
        if page:
            body, media_type = await _page_of(request, key, query_plan, body, graph_form, headers), PAGE_MEDIA_TYPE
        if not query_plan.deterministic:
            return Response(body, media_type=media_type, headers=headers)
        return conditional(request, body, media_type, headers)

    if isinstance(cached, SentAnswer):
        body, headers = cached
        return await respond(body, {**headers, "X-Kgraph-Cache": "hit"})
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
        return await respond(reply.body, {**headers, "Cache-Control": "no-store", "X-Kgraph-Cache": "off"})
    if state.results is not None and cacheable:
        state.results.put(key, SentAnswer(reply.body, headers), len(reply.body) + sum(map(len, headers.values())))
    return await respond(reply.body, {**headers, "X-Kgraph-Cache": "miss"})


def _bearer_ok(request: Request) -> bool:
    token = app_state(request).settings.update_token
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if not token:
        return False
    # as bytes: the header arrives decoded as Latin-1, and compare_digest refuses a str holding non-ASCII characters
    return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode("latin-1"), token.encode())


async def refuse_or_update(request: Request, update: str) -> Response:
    settings = app_state(request).settings
    if not settings.updates_enabled:
        return error(403, "SPARQL Update is not allowed: this endpoint is read-only", cause="update")
    if not _bearer_ok(request):
        return error(401, "SPARQL Update needs the operator's bearer token", {"WWW-Authenticate": "Bearer"},
                     cause="unauthorized")
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
    return await answer_query(request, params["query"][0], *_graph_params(params), params.get("format", []))


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
                                  url_params.get("format", []) + params.get("format", []))
    if media_type == "application/sparql-query":
        if "query" in url_params:
            return error(400, "a POST of application/sparql-query carries its query in the body, not also in the "
                              "URL", cause="protocol")
        return await answer_query(request, text, *_graph_params(url_params), url_params.get("format", []))
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

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/sparql" and scope["method"] in ("GET", "POST"):
            request = Request(scope, receive)
            response = await (sparql_get if scope["method"] == "GET" else sparql_post)(request)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
