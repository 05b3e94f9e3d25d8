"""Publish stage: push the built dataset to a triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph is sent with one `PUT {store}?graph=IRI` (N-Triples body), which replaces the graph: publishing
twice leaves the same graphs, never duplicates. Afterwards the triple count of every graph is read back through the
store's SPARQL query endpoint and compared with ours.
"""

import argparse
import io
import sys
from dataclasses import dataclass

import httpx
import pyoxigraph
from tqdm import tqdm

from kgraph.errors import KgraphError
from kgraph.export import EXPORTED_GRAPHS
from kgraph.namespaces import KGG
from kgraph.store import BuiltDataset

UPLOAD_CHUNK = 256 * 1024


class PublishError(KgraphError):
    """The store refused the data, could not be reached, or answered counts that differ from ours."""


@dataclass(frozen=True)
class PublishedGraph:
    local: str
    remote: str
    triples: int
    verified: int


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", required=True, metavar="URL",
                        help="the store's Graph Store Protocol endpoint (Oxigraph: http://HOST:7878/store, "
                             "Fuseki: http://HOST:3030/DATASET/data, Virtuoso: http://HOST:8890/sparql-graph-crud)")
    parser.add_argument("--sparql", metavar="URL",
                        help="the store's SPARQL query endpoint, to verify the counts (default: for a URL ending in "
                             "/store, the same URL ending in /query, as in Oxigraph)")
    parser.add_argument("--graph-prefix", metavar="IRI", default=str(KGG),
                        help=f"the remote graphs are PREFIX + ontology|alignments|asserted|inferred|shapes "
                             f"(default {KGG})")
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="HTTP basic authentication")
    parser.add_argument("--bearer", metavar="TOKEN", help="HTTP bearer token (e.g. for Neptune or a proxy)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def run(built: BuiltDataset, args: argparse.Namespace) -> int:
    published = publish(built, args.to, sparql_url=args.sparql, graph_prefix=args.graph_prefix,
                        auth=_auth(args), progress=not args.no_progress)
    for graph in published:
        print(f"{graph.remote}: {graph.triples} triples sent, {graph.verified} read back")
    return 0


def publish(built: BuiltDataset, store_url: str, *, sparql_url: str | None = None, graph_prefix: str = str(KGG),
            auth: httpx.Auth | None = None, progress: bool = False, timeout: float = 300.0) -> list[PublishedGraph]:
    """Replace each of our named graphs in the store, then verify the triple counts through SPARQL."""
    sparql_url = sparql_url or _default_sparql_url(store_url)
    store = built.open()
    sent = []
    with httpx.Client(auth=auth, timeout=timeout) as client:
        for local in EXPORTED_GRAPHS:
            remote = graph_prefix + str(local)[len(str(KGG)):]
            payload, triples = _ntriples(store, str(local))
            _put(client, store_url, remote, payload, progress)
            sent.append((str(local), remote, triples))
        published = [PublishedGraph(local, remote, triples, _remote_count(client, sparql_url, remote))
                     for local, remote, triples in sent]
    wrong = [g for g in published if g.triples != g.verified]
    if wrong:
        raise PublishError("verification failed: " + "; ".join(
            f"{g.remote} has {g.verified} triples in the store, {g.triples} here" for g in wrong))
    return published


def _default_sparql_url(store_url: str) -> str:
    if store_url.rstrip("/").endswith("/store"):
        return store_url.rstrip("/")[: -len("store")] + "query"
    raise PublishError(f"cannot guess the SPARQL endpoint of {store_url}: give it with --sparql")


def _ntriples(store: pyoxigraph.Store, graph: str) -> tuple[bytes, int]:
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph))]
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES), len(triples)


def _put(client: httpx.Client, store_url: str, graph: str, payload: bytes, progress: bool) -> None:
    bar = tqdm(total=len(payload), unit="B", unit_scale=True, desc=graph, disable=not progress, file=sys.stderr)

    def chunks():
        stream = io.BytesIO(payload)
        while chunk := stream.read(UPLOAD_CHUNK):
            bar.update(len(chunk))
            yield chunk

    try:
        response = client.put(store_url, params={"graph": graph}, content=chunks(),
                              headers={"Content-Type": "application/n-triples",
                                       "Content-Length": str(len(payload))})
    except httpx.HTTPError as error:
        raise PublishError(f"cannot reach the store at {store_url}: {error}") from None
    finally:
        bar.close()
    if response.status_code not in (200, 201, 204):
        raise PublishError(f"the store refused graph {graph}: HTTP {response.status_code} {response.text[:200]}")


def _remote_count(client: httpx.Client, sparql_url: str, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    try:
        response = client.post(sparql_url, data={"query": query},
                                headers={"Accept": "application/sparql-results+json"})
        response.raise_for_status()
        return int(response.json()["results"]["bindings"][0]["n"]["value"])
    except (httpx.HTTPError, KeyError, IndexError, ValueError) as error:
        raise PublishError(f"cannot verify graph {graph} through {sparql_url}: {error}") from None


def _auth(args: argparse.Namespace) -> httpx.Auth | None:
    if args.auth:
        user, _, password = args.auth.partition(":")
        return httpx.BasicAuth(user, password)
    if args.bearer:
        return _Bearer(args.bearer)
    return None


class _Bearer(httpx.Auth):
    def __init__(self, token: str):
        self.token = token

    def auth_flow(self, request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request
