"""Query evaluation by an external SPARQL 1.1 store (`kgraph serve --store URL`).

Same interface as `WorkerPool`, so the HTTP front — protocol, pages, read-only inspection, SERVICE allow-list, row
cap — is unchanged; only evaluation moves. The query inspection happens before a query gets here, so the store never
sees a SERVICE, FROM or update we refused. The deadline is the HTTP timeout of the request to the store: the store
must enforce its own time limit to actually stop the work (Oxigraph `--timeout-s`, Virtuoso `MaxQueryExecutionTime`,
Fuseki `arq:queryTimeout`).

Where stores differ, the difference is handled here: a store that stops a query at its own time limit is a timeout
(Virtuoso answers 500 "SR171: Transaction timed out"; Oxigraph cuts the 200 answer short with "The SPARQL operation
has been cancelled"); a store that cut the answer at its own row cap says so (Virtuoso: `X-SPARQL-MaxRows`), and
the answer is marked truncated; an answer cut short otherwise is an error, never a shorter result. A query that names
no graphs sees ours as its named graphs, as in the embedded store (Oxigraph, following the protocol, would otherwise
give it none) — except on Virtuoso, where it sees every graph of the store: Virtuoso 7.2.5 can die on a query that
lists its named graphs (tests/e2e/test_store_mode.py shows one). Each query asks
for the one format its form has (Virtuoso answers a CONSTRUCT as SPARQL results when offered both), and Virtuoso's
answer to an ASK, a SELECT of `?__ASK_RETVAL` (one row "1" for true, no row for false), is read as that boolean.
"""

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pyoxigraph

from kgraph.errors import EvaluationError, KgraphError, QueryTimeout
from kgraph.export import EXPORTED_GRAPHS
from kgraph.formats import (
    N_TRIPLES,
    RDF_LANG_STRING,
    SPARQL_JSON,
    XSD_STRING,
    Row,
    Term,
    serialize_triples,
    term_of,
    write_boolean,
    write_select,
)
from kgraph.namespaces import sparql_prologue
from kgraph.publish import COMPLETED, publication_status_query
from kgraph.serve._backend import Health
from kgraph.serve._inspect import QUERY_FORMS, tokenize
from kgraph.serve._messages import TRIPLE_VARIABLES, Answer, Failure, Job, Reply, Rows, Truncation

MAX_ANSWER_BYTES = 256 * 2**20  # a bound on what one answer may hold in memory here; a store's row cap comes first
VIRTUOSO_TIMEOUT = "SR171: Transaction timed out"  # the start of its 500 answer
OXIGRAPH_TIMEOUT = "The SPARQL operation has been cancelled"  # written where the 200 answer stops
STORE_ROW_CAP_HEADER = "X-SPARQL-MaxRows"
VIRTUOSO_ASK_VARIABLE = "__ASK_RETVAL"
# The named graphs a query sees when it names none, as in the embedded store: ours, not whatever else the store holds
# (the protocol's default-graph-uri alone would leave a query no named graph at all).
SERVED_GRAPHS = tuple(str(g) for g in EXPORTED_GRAPHS)


class AnswerTooLarge(EvaluationError):
    pass


class StoreNotReady(KgraphError):
    """The external store holds a publication that is not complete."""


def check_publication(url: str, timeout: float = 30) -> None:
    """Refuse a store whose kgraph publication is unfinished (a publish in progress, interrupted or failed).

    A store that holds no status graph (loaded by hand) is served as it is; one that cannot be reached is reported by
    the queries themselves."""
    try:
        response = httpx.post(url, data={"query": publication_status_query()}, timeout=timeout,
                              headers={"Accept": SPARQL_JSON.media_type})
        bindings = response.json()["results"]["bindings"] if response.status_code == 200 else []
    except (httpx.HTTPError, ValueError, KeyError):
        return
    statuses = {binding["status"]["value"] for binding in bindings}
    if statuses and statuses != {COMPLETED}:
        raise StoreNotReady(f"the store at {url} holds an unfinished kgraph publication "
                            f"({', '.join(sorted(s.rsplit('/', 1)[-1] for s in statuses))}): run kgraph publish "
                            f"again, then serve")


class RemoteStore:
    """Sends each job to the store's SPARQL endpoint over HTTP and shapes the answer like a worker's reply."""

    virtuoso = False

    def __init__(self, url: str, concurrency: int = 8, service_map: dict[str, str] | None = None,
                 allowed_services: tuple[str, ...] = ()):
        self.url, self.concurrency = url, concurrency
        self._services = {iri: (service_map or {}).get(iri, iri) for iri in allowed_services}
        self._client: httpx.AsyncClient | None = None

    def service_endpoints(self) -> dict[str, str]:
        """Allowed SERVICE IRI -> what the store is to call: the store fetches for itself (our workers' network
        isolation does not reach it)."""
        return dict(self._services)

    def health(self) -> Health:
        return {"workers": self.concurrency, "alive_workers": self.concurrency, "busy_workers": 0,
                "replaced_workers": 0, "isolation": "external store", "last_error": None}

    async def start(self) -> None:
        self._client = httpx.AsyncClient(limits=httpx.Limits(max_connections=self.concurrency),
                                         headers={"User-Agent": "kgraph-serve"})
        self.virtuoso = await self._server_is_virtuoso()

    @property
    def client(self) -> httpx.AsyncClient:
        assert self._client is not None, "the store backend has not started"
        return self._client

    async def _server_is_virtuoso(self) -> bool:
        try:
            response = await self.client.post(self.url, data={"query": "ASK {}"}, timeout=30)
        except httpx.HTTPError:
            return False
        server: str = response.headers.get("server", "")
        return server.startswith("Virtuoso")

    async def run(self, job: Job, timeout: float,
                  hold: Callable[[asyncio.Future[None]], None] | None = None) -> Reply:
        """`hold` is never called: no worker of ours is replaced."""
        named = job.named_graphs
        if named is None and not self.virtuoso:  # Virtuoso 7.2.5 can die on a query that lists named graphs
            named = SERVED_GRAPHS
        dataset = tuple([("default-graph-uri", g) for g in job.default_graph or ()]
                        + [("named-graph-uri", g) for g in named or ()])
        query = sparql_prologue() + job.query
        try:
            status, headers, body = await asyncio.wait_for(self._fetch(dataset, query, timeout), timeout)
        except (TimeoutError, httpx.TimeoutException):
            raise QueryTimeout(timeout) from None
        except httpx.HTTPError as error:
            return Failure("engine", f"the store at {self.url} cannot be reached: {error}")
        except AnswerTooLarge:
            return Failure("engine", f"the store's answer is larger than {MAX_ANSWER_BYTES // 2**20} MB; "
                                     f"narrow the query, or give the store a lower row cap")
        text = body.decode("utf-8", errors="replace")
        if status == 200:
            try:
                if headers.get("content-type", "").startswith(N_TRIPLES.media_type):
                    return _graph_reply(body, job, STORE_ROW_CAP_HEADER in headers)
                document = json.loads(body)
                if _form(job.query) == "ASK" and document.get("head", {}).get("vars") == [VIRTUOSO_ASK_VARIABLE]:
                    document = {"boolean": any(row.get(VIRTUOSO_ASK_VARIABLE, {}).get("value") == "1"
                                               for row in document["results"]["bindings"])}
                return _results_reply(document, job, STORE_ROW_CAP_HEADER in headers)
            except (ValueError, SyntaxError, LookupError, TypeError, AttributeError):
                if OXIGRAPH_TIMEOUT in text[-200:]:
                    raise QueryTimeout(timeout) from None
                return Failure("engine", f"the store's answer was cut short or malformed: {text[-200:]!r}")
        if status == 400:
            return Failure("syntax", text.strip()[:500])
        if VIRTUOSO_TIMEOUT in text[:200]:
            raise QueryTimeout(timeout)
        return Failure("engine", f"the store answered HTTP {status}: {text.strip()[:300]}")

    async def _fetch(self, params: tuple[tuple[str, str], ...], query: str,
                     timeout: float) -> tuple[int, httpx.Headers, bytes]:
        """POST the query; read at most MAX_ANSWER_BYTES of the answer."""
        accept = (N_TRIPLES if _form(query) in ("CONSTRUCT", "DESCRIBE") else SPARQL_JSON).media_type
        async with self.client.stream("POST", self.url, params=params, data={"query": query}, timeout=timeout,
                                       headers={"Accept": accept}) as response:
            body = bytearray()
            async for piece in response.aiter_bytes():
                body += piece
                if len(body) > MAX_ANSWER_BYTES:
                    raise AnswerTooLarge()
            return response.status_code, response.headers, bytes(body)

    def close(self) -> None:
        self._client = None  # the connections close with the event loop


def _form(query: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the first such keyword (the query was inspected before it got here, so
    reading its canonical text again is quick)."""
    deadline = time.monotonic() + 5
    return next((t.text.upper() for t in tokenize(query, deadline) if t.kind == "NAME" and t.text.upper() in QUERY_FORMS), None)


def _results_reply(document: dict[str, Any], job: Job, store_truncated: bool) -> Answer | Rows:
    """A SPARQL JSON results document (parsed, so of any shape until read) as a reply."""
    if "boolean" in document:
        value = bool(document["boolean"])
        if job.mode == "rows":
            return Rows("ASK", boolean=value)
        return Answer("ASK", write_boolean(value, job.result_format), job.result_format, 1)
    variables: list[str] = document["head"]["vars"]
    bindings: list[dict[str, Any]] = document["results"]["bindings"]
    truncated: Truncation = "rows" if len(bindings) > job.max_rows or store_truncated else None
    rows: list[Row] = [[_term(binding.get(v)) for v in variables] for binding in bindings[:job.max_rows]]
    if job.mode == "rows":
        return Rows("SELECT", variables, rows, truncated=truncated)
    return Answer("SELECT", write_select(variables, rows, job.result_format), job.result_format, len(rows), truncated)


def _term(binding: dict[str, str] | None) -> Term | None:
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind in ("uri", "bnode"):
        return Term(kind, value)
    language = binding.get("xml:lang")
    return Term("literal", value, language, RDF_LANG_STRING if language else binding.get("datatype", XSD_STRING))


def _graph_reply(body: bytes, job: Job, store_truncated: bool) -> Answer | Rows:
    triples = [quad.triple for quad in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)]
    truncated: Truncation = "rows" if len(triples) > job.max_rows or store_truncated else None
    triples = triples[:job.max_rows]
    if job.mode == "rows":
        return Rows("CONSTRUCT", list(TRIPLE_VARIABLES),
                    [[term_of(t.subject), term_of(t.predicate), term_of(t.object)] for t in triples],
                    truncated=truncated)
    return Answer("CONSTRUCT", serialize_triples(triples, job.graph_format, job.prefixes), job.graph_format,
                  len(triples), truncated)
