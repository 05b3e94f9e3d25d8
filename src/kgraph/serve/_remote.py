"""Query evaluation by an external SPARQL 1.1 store (`kgraph serve --store URL`).

Same interface as `WorkerPool`, so the HTTP front — protocol, pages, read-only inspection, SERVICE allow-list, row
cap — is unchanged; only evaluation moves. The query inspection happens before a query gets here, so the store never
sees a SERVICE, FROM or update we refused. The deadline is the HTTP timeout of the request to the store: the store
must enforce its own time limit to actually stop the work (Oxigraph `--timeout-s`, Fuseki `arq:queryTimeout`, …).
"""

import httpx
import pyoxigraph

from kgraph.namespaces import sparql_prologue
from kgraph.serve._formats import term_tuple, write_boolean, write_select
from kgraph.serve._pool import _RDF_FORMATS, Job, QueryTimeout

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class RemoteStore:
    """Sends each job to the store's SPARQL endpoint over HTTP and shapes the answer like a worker's reply."""

    def __init__(self, url: str, concurrency: int = 8, service_map: dict[str, str] | None = None,
                 allowed_services: tuple[str, ...] = ()):
        self.url, self.concurrency = url, concurrency
        self._services = {iri: (service_map or {}).get(iri, iri) for iri in allowed_services}
        self._client: httpx.AsyncClient | None = None

    def service_endpoints(self) -> dict[str, str]:
        """Allowed SERVICE IRI -> what the store is to call: the store fetches for itself (our workers' network
        isolation does not reach it)."""
        return dict(self._services)

    def health(self) -> dict:
        return {"workers": self.concurrency, "alive_workers": self.concurrency, "busy_workers": 0,
                "replaced_workers": 0, "isolation": "external store", "last_error": None}

    async def start(self) -> None:
        self._client = httpx.AsyncClient(limits=httpx.Limits(max_connections=self.concurrency),
                                         headers={"User-Agent": "kgraph-serve"})

    async def run(self, job: Job, timeout: float, hold=None) -> dict:  # `hold`: no worker of ours is replaced
        params = [("default-graph-uri", g) for g in job.default_graph or ()]
        params += [("named-graph-uri", g) for g in job.named_graphs or ()]
        try:
            response = await self._client.post(
                self.url, params=params, data={"query": sparql_prologue() + job.query}, timeout=timeout,
                headers={"Accept": f"{RESULTS_JSON}, {N_TRIPLES};q=0.9"})
        except httpx.TimeoutException:
            raise QueryTimeout() from None
        except httpx.HTTPError as error:
            return {"error": "engine", "message": f"the store at {self.url} cannot be reached: {error}"}
        if response.status_code == 400:
            return {"error": "syntax", "message": response.text.strip()[:500]}
        if response.status_code != 200:
            return {"error": "engine", "message": f"the store answered HTTP {response.status_code}: "
                                                  f"{response.text.strip()[:300]}"}
        if response.headers.get("content-type", "").startswith(N_TRIPLES):
            return _graph_reply(response.content, job)
        return _results_reply(response.json(), job)

    def close(self) -> None:
        self._client = None  # the connections close with the event loop


def _results_reply(document: dict, job: Job) -> dict:
    if "boolean" in document:
        value = bool(document["boolean"])
        if job.mode == "rows":
            return {"form": "ASK", "boolean": value}
        return {"form": "ASK", "body": write_boolean(value, job.result_format), "format": job.result_format,
                "truncated": False, "count": 1}
    variables = document["head"]["vars"]
    bindings = document["results"]["bindings"]
    truncated = len(bindings) > job.max_rows
    rows = [[_term(binding.get(v)) for v in variables] for binding in bindings[:job.max_rows]]
    if job.mode == "rows":
        return {"form": "SELECT", "variables": variables, "rows": rows, "truncated": truncated}
    return {"form": "SELECT", "body": write_select(variables, rows, job.result_format), "format": job.result_format,
            "truncated": truncated, "count": len(rows)}


def _term(binding: dict | None) -> tuple | None:
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ("uri", value, None, None)
    if kind == "bnode":
        return ("bnode", value, None, None)
    language = binding.get("xml:lang")
    return ("literal", value, language, RDF_LANG_STRING if language else binding.get("datatype", XSD_STRING))


def _graph_reply(body: bytes, job: Job) -> dict:
    triples = [quad.triple for quad in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)]
    truncated = len(triples) > job.max_rows
    triples = triples[:job.max_rows]
    if job.mode == "rows":
        return {"form": "CONSTRUCT", "rows": [[term_tuple(t.subject), term_tuple(t.predicate), term_tuple(t.object)]
                                              for t in triples], "truncated": truncated}
    body = pyoxigraph.serialize(triples, format=_RDF_FORMATS[job.graph_format],
                                prefixes=job.prefixes if job.graph_format in ("turtle", "rdfxml") else None)
    return {"form": "CONSTRUCT", "body": body, "format": job.graph_format, "truncated": truncated,
            "count": len(triples)}
