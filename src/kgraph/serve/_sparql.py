"""The SPARQL 1.1 Protocol at /sparql: query by GET / POST form / POST sparql-query, dataset selection, negotiation,
the Service Description, and refusal of updates. An `APIRouter`, mountable in a larger app."""

import hmac
from urllib.parse import parse_qs

from cachetools import LRUCache
from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID, XSD

from kgraph import namespaces
from kgraph.namespaces import PREFIXES, bind_prefixes
from kgraph.serve._formats import GRAPH_FORMATS, RESULT_FORMATS, negotiate
from kgraph.serve._inspect import RequestRefused, inspect
from kgraph.serve._pool import Job, PoolBusy, QueryTimeout

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
DEFAULT_GRAPHS = [str(g) for g in namespaces.DEFAULT_GRAPHS]
INFERRED_GRAPHS = {str(namespaces.GRAPH_INFERRED), str(namespaces.GRAPH_INTERPRETATIONS_INFERRED)}
RESULT_FORMAT_IRIS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
                      "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD",
                      "rdfxml": "RDF_XML"}
TRUNCATED_HEADER = "X-Kgraph-Truncated"
ERROR_HEADER = "X-Kgraph-Error"


def error(status: int, message: str, headers: dict | None = None) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=headers)


def prefixes() -> dict[str, str]:
    return {prefix: str(iri) for prefix, iri in PREFIXES.items()}


def endpoint_url(request: Request) -> str:
    public = request.app.state.settings.public_url
    return (public.rstrip("/") if public else str(request.base_url).rstrip("/")) + "/sparql"


async def evaluate(request: Request, job: Job, cached_here: bool = True) -> dict | Response:
    """Run `job` in the worker pool, or answer it from the result cache; a Response if it failed.

    `cached_here=False` for callers that cache the whole HTTP answer themselves (the protocol route), so that one
    answer is not held twice."""
    state = request.app.state
    use_cache = cached_here and state.results is not None
    key = _cache_key(job)
    cached = state.results.get(key) if use_cache else None
    if cached is not None:
        return {**cached, "cache": "hit"}
    try:
        reply = await state.pool.run(job, state.settings.timeout)
    except QueryTimeout:
        return error(422, f"query timed out: it did not finish within the {state.settings.timeout:g} s limit and "
                          "its evaluation was stopped. Narrow it down (LIMIT, more specific patterns) or ask the "
                          "operator for a longer --timeout.", {ERROR_HEADER: "timeout"})
    except PoolBusy:
        return error(429, f"all {state.settings.workers} query workers stayed busy for "
                          f"{state.settings.timeout:g} s; try again later", {"Retry-After": "5", ERROR_HEADER: "busy"})
    if reply.get("error") == "syntax":
        return error(400, f"SPARQL syntax error: {reply['message']}", {ERROR_HEADER: "syntax"})
    if reply.get("error"):
        return error(500, f"query evaluation failed: {reply['message']}", {ERROR_HEADER: "engine"})
    if use_cache:
        state.results[key] = reply
    return {**reply, "cache": "miss"}


def _cache_key(job: Job) -> tuple:
    graphs = tuple(job.default_graph) if job.default_graph is not None else None
    named = tuple(job.named_graphs) if job.named_graphs is not None else None
    return job.query, graphs, named, job.mode, job.result_format, job.graph_format, job.max_rows


def result_cache(megabytes: int) -> LRUCache | None:
    """An LRU cache of replies, bounded in bytes: the dataset is read-only, so an answer stays right."""
    if megabytes <= 0:
        return None
    return LRUCache(maxsize=megabytes * 2**20, getsizeof=_size)


def _size(entry) -> int:
    """Bytes an entry holds: a worker's reply (a dict) or a whole HTTP answer (body, media type, headers)."""
    if isinstance(entry, dict):
        return len(entry.get("body") or repr(entry))
    return len(entry[0]) + 200


def served_graphs(request: Request) -> set[str]:
    return request.app.state.graphs


def _check_graphs(request: Request, iris: list[str], what: str) -> None:
    served = served_graphs(request)
    for iri in iris:
        if iri not in served:
            raise RequestRefused(400, f"unknown graph <{iri}> in {what}: this endpoint never fetches graphs; "
                                      f"it serves {', '.join(f'<{g}>' for g in sorted(served))}")


async def answer_query(request: Request, query: str, default_graph_uris: list[str],
                       named_graph_uris: list[str]) -> Response:
    """Answer a query request; a request identical to an earlier successful one is answered from the cache, before
    any inspection (the same text with the same parameters gets the same decisions and the same answer)."""
    state = request.app.state
    key = ("http", query, tuple(default_graph_uris), tuple(named_graph_uris), request.headers.get("accept"),
           request.query_params.get("format"))
    cached = state.results.get(key) if state.results is not None else None
    if cached is not None:
        body, media_type, headers = cached
        return Response(body, media_type=media_type, headers={**headers, "x-kgraph-cache": "hit"})
    response = await _answer_uncached(request, query, default_graph_uris, named_graph_uris)
    if state.results is not None and response.status_code == 200:
        kept = {k: v for k, v in response.headers.items()
                if k.startswith(("x-kgraph", "vary", "warning")) and k != "x-kgraph-cache"}
        state.results[key] = (response.body, response.media_type, kept)
    return response


async def _answer_uncached(request: Request, query: str, default_graph_uris: list[str],
                           named_graph_uris: list[str]) -> Response:
    settings = request.app.state.settings
    try:
        plan = inspect(query, prefixes=prefixes(), allowed_services=frozenset(settings.allowed_services),
                       service_map=settings.service_map)
        _check_graphs(request, default_graph_uris, "default-graph-uri")
        _check_graphs(request, named_graph_uris, "named-graph-uri")
        _check_graphs(request, plan.from_graphs, "FROM")
        _check_graphs(request, plan.from_named_graphs, "FROM NAMED")
    except RequestRefused as refused:
        return error(refused.status, refused.message)
    if default_graph_uris or named_graph_uris:  # the protocol's parameters override FROM / FROM NAMED
        default_graph, named_graphs = default_graph_uris, named_graph_uris
    elif plan.has_dataset_clause:
        default_graph, named_graphs = None, None
    else:
        default_graph, named_graphs = DEFAULT_GRAPHS, None
    graph_form = plan.form in ("CONSTRUCT", "DESCRIBE")
    offers = GRAPH_FORMATS if graph_form else RESULT_FORMATS
    chosen = negotiate(request.headers.get("accept"), offers, request.query_params.get("format"))
    if chosen is None:
        return error(406, f"cannot answer a {plan.form or 'SPARQL'} query as "
                          f"{request.query_params.get('format') or request.headers.get('accept')}; available: "
                          f"{', '.join(f.media_type for f in offers)}")
    job = Job(plan.text, prefixes(), default_graph, named_graphs, "serialize",
              result_format=chosen.key if not graph_form else "json",
              graph_format=chosen.key if graph_form else "turtle", max_rows=settings.max_rows)
    reply = await evaluate(request, job, cached_here=False)
    if isinstance(reply, Response):
        return reply
    if chosen.key != reply["format"]:  # the form was not what the lexer thought: renegotiate for the real one
        return error(406, "the query's form does not match the negotiated format")
    headers = {"Vary": "Accept", TRUNCATED_HEADER: "true" if reply["truncated"] else "false",
               "X-Kgraph-Rows": str(reply["count"]), "X-Kgraph-Cache": reply["cache"]}
    if reply["truncated"]:
        headers["X-Kgraph-Max-Rows"] = str(settings.max_rows)
        headers["Warning"] = f'199 kgraph "results truncated to the first {settings.max_rows} rows"'
    return Response(reply["body"], media_type=chosen.content_type, headers=headers)


def _bearer_ok(request: Request) -> bool:
    token = request.app.state.settings.update_token
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(value.strip(), token)


async def refuse_or_update(request: Request, update: str) -> Response:
    settings = request.app.state.settings
    if not settings.updates_enabled:
        return error(403, "SPARQL Update is not allowed: this endpoint is read-only")
    if not _bearer_ok(request):
        return error(401, "SPARQL Update needs the operator's bearer token", {"WWW-Authenticate": "Bearer"})
    return await request.app.state.updater(request, update)


def service_description(request: Request) -> Graph:
    state = request.app.state
    url = URIRef(endpoint_url(request))
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS_NS)
    graph.add((url, RDF.type, SD.Service))
    graph.add((url, SD.endpoint, url))
    graph.add((url, SD.supportedLanguage, SD.SPARQL11Query))
    if state.settings.updates_enabled:
        graph.add((url, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((url, SD.feature, SD.BasicFederatedQuery))
    for name in RESULT_FORMAT_IRIS.values():
        graph.add((url, SD.resultFormat, FORMATS_NS[name]))
    dataset = BNode("dataset")
    graph.add((url, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode("default")
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    counts = state.graph_counts
    graph.add((default, VOID.triples, Literal(sum(counts.get(g, 0) for g in DEFAULT_GRAPHS), datatype=XSD.integer)))
    graph.add((default, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
               Literal("the union of kgg:asserted, kgg:inferred, kgg:interpretations and "
                       "kgg:interpretations-inferred; kgg:asserted and kgg:inferred alone are the article only", lang="en")))
    for iri in sorted(state.graphs):
        named, inner = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(iri)))
        graph.add((named, SD.graph, inner))
        graph.add((inner, RDF.type, SD.Graph))
        graph.add((inner, VOID.triples, Literal(counts.get(iri, 0), datatype=XSD.integer)))
    return graph


def rdf_response(request: Request, graph: Graph) -> Response:
    chosen = negotiate(request.headers.get("accept"), GRAPH_FORMATS, request.query_params.get("format"))
    if chosen is None:
        return error(406, "available: " + ", ".join(f.media_type for f in GRAPH_FORMATS))
    rdflib_format = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[chosen.key]
    return Response(graph.serialize(format=rdflib_format, encoding="utf-8"), media_type=chosen.content_type,
                    headers={"Vary": "Accept"})


def _graph_params(values: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    return values.get("default-graph-uri", []), values.get("named-graph-uri", [])


router = APIRouter()


@router.get("/sparql")
async def sparql_get(request: Request) -> Response:
    params = parse_qs(request.url.query, keep_blank_values=True)
    if "update" in params:
        return error(403 if not request.app.state.settings.updates_enabled else 405,
                     "SPARQL Update is not allowed by GET (and this endpoint is read-only unless enabled)")
    if "query" not in params:
        return rdf_response(request, service_description(request))
    if len(params["query"]) != 1:
        return error(400, "exactly one query parameter is allowed")
    return await answer_query(request, params["query"][0], *_graph_params(params))


@router.post("/sparql")
async def sparql_post(request: Request) -> Response:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    url_params = parse_qs(request.url.query, keep_blank_values=True)
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return error(400, "the request body is not UTF-8")
    if media_type == "application/x-www-form-urlencoded":
        params = parse_qs(text, keep_blank_values=True)
        if "update" in params:
            return await refuse_or_update(request, params["update"][0])
        if len(params.get("query", [])) != 1:
            return error(400, "a form POST needs exactly one query parameter")
        return await answer_query(request, params["query"][0], *_graph_params(params))
    if media_type == "application/sparql-query":
        return await answer_query(request, text, *_graph_params(url_params))
    if media_type == "application/sparql-update":
        return await refuse_or_update(request, text)
    return error(415, "POST a query as application/x-www-form-urlencoded (query=...) or as "
                      "application/sparql-query")
