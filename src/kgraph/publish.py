"""Publish stage: push the built dataset to a triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph is sent in chunks of N-Triples: the first with `PUT {store}?graph=IRI`, which replaces the graph, each
further one with `POST`, which adds to it (on Oxigraph, through its bulk loader). A request that fails for a passing reason (no connection, 5xx, 408, 429) is
sent again. Every triple that has a blank node travels in the PUT: a blank node means one node only within one
request, and a PUT can be repeated without duplicating anything, while a POST of ground triples adds the same set again.

An interrupted publish is never silently partial: the status graph `PREFIX + publication` says "active" from before the
first graph is touched until the triple count of every graph, read back through the store's SPARQL endpoint, equals
ours; only then does it say "completed" (with the counts). A publish that gives up says "failed", with the reason; one
that is killed leaves "active". `kgraph serve --store` refuses a store whose publication is not completed.
"""

import argparse
import contextlib
import sys
import tempfile
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pyoxigraph
from rdflib.namespace import VOID, XSD
from tqdm import tqdm

from kgraph import __version__
from kgraph.errors import KgraphError
from kgraph.export import EXPORTED_GRAPHS
from kgraph.formats import N_TRIPLES, SPARQL_JSON
from kgraph.namespaces import KGG, SCHEMA
from kgraph.store import BuiltDataset

CHUNK_TRIPLES = 100_000
RETRIES = 3
TIMEOUT = 1800.0  # seconds to wait for one answer: replacing a large graph makes the store delete it first
TRANSIENT_STATUSES = {408, 429, 500, 502, 503, 504}
PUBLICATION = "publication"  # local name of the status graph, and of the action it describes
ACTIVE, COMPLETED, FAILED = (str(SCHEMA[s]) for s in ("ActiveActionStatus", "CompletedActionStatus",
                                                        "FailedActionStatus"))


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
                             "Virtuoso: http://HOST:8890/sparql-graph-crud-auth, Fuseki: http://HOST:3030/DATASET/data)")
    parser.add_argument("--sparql", metavar="URL",
                        help="the store's SPARQL query endpoint, to verify the counts (default: for a URL ending in "
                             "/store, the same URL ending in /query, as in Oxigraph)")
    parser.add_argument("--graph-prefix", metavar="IRI", default=str(KGG),
                        help=f"the remote graphs are PREFIX + ontology|alignments|asserted|inferred|shapes, and the "
                             f"status graph PREFIX + {PUBLICATION} (default {KGG})")
    parser.add_argument("--auth", metavar="USER:PASSWORD",
                        help="HTTP authentication, Basic or Digest as the store asks (Virtuoso: Digest)")
    parser.add_argument("--bearer", metavar="TOKEN", help="HTTP bearer token (e.g. for Neptune or a proxy)")
    parser.add_argument("--chunk-triples", metavar="N", type=int, default=CHUNK_TRIPLES,
                        help=f"triples per request (default {CHUNK_TRIPLES})")
    parser.add_argument("--retries", metavar="N", type=int, default=RETRIES,
                        help=f"times a failed request is sent again (default {RETRIES})")
    parser.add_argument("--timeout", metavar="SECONDS", type=float, default=TIMEOUT,
                        help=f"seconds to wait for the store's answer to one request (default {TIMEOUT:g}; replacing "
                             f"a graph of a million triples took Oxigraph longer than 300 s)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def run(built: BuiltDataset, args: argparse.Namespace) -> int:
    published = publish(built, args.to, sparql_url=args.sparql, graph_prefix=args.graph_prefix,
                        auth=_auth(args), progress=not args.no_progress, chunk_triples=args.chunk_triples,
                        retries=args.retries, timeout=args.timeout)
    for graph in published:
        print(f"{graph.remote}: {graph.triples} triples sent, {graph.verified} read back")
    return 0


def publish(built: BuiltDataset, store_url: str, *, sparql_url: str | None = None, graph_prefix: str = str(KGG),
            auth: httpx.Auth | None = None, progress: bool = False, timeout: float = TIMEOUT,
            chunk_triples: int = CHUNK_TRIPLES, retries: int = RETRIES) -> list[PublishedGraph]:
    """Replace each of our named graphs in the store, chunk by chunk, verify the triple counts through SPARQL, and
    record the outcome in the status graph."""
    if chunk_triples < 1 or retries < 0:
        raise PublishError("--chunk-triples must be at least 1 and --retries at least 0")
    sparql_url = sparql_url or _default_sparql_url(store_url)
    store = built.open()
    graphs = [(str(local), graph_prefix + str(local)[len(str(KGG)):]) for local in EXPORTED_GRAPHS]
    sender = _Sender(store_url, retries)
    status = _StatusGraph(graph_prefix + PUBLICATION, built)
    with tempfile.TemporaryDirectory(prefix="kgraph-publish-") as scratch:
        try:
            dumps = [_GraphDump(store, local, Path(scratch) / f"{n}.nt") for n, (local, _) in enumerate(graphs)]
        except OSError as error:
            raise PublishError(f"cannot write the graphs to a temporary file: {error}") from None
        with httpx.Client(auth=auth, timeout=timeout) as client:
            sender.put(client, status.iri, status.active())
            try:
                _send_graphs(client, sender, [remote for _, remote in graphs], dumps, chunk_triples, progress)
                published = [PublishedGraph(local, remote, dump.triples,
                                            _remote_count(client, sparql_url, remote, retries))
                             for (local, remote), dump in zip(graphs, dumps, strict=False)]
                wrong = [g for g in published if g.triples != g.verified]
                if wrong:
                    raise PublishError("verification failed: " + "; ".join(
                        f"{g.remote} has {g.verified} triples in the store, {g.triples} here" for g in wrong))
            except PublishError as failure:
                _mark_failed(client, sender, status, failure)
                raise
            sender.put(client, status.iri, status.completed(published))
    return published


def _send_graphs(client: httpx.Client, sender: "_Sender", remotes: list[str], dumps: list["_GraphDump"],
                 chunk_triples: int, progress: bool) -> None:
    with tqdm(total=sum(d.triples for d in dumps), unit=" triples", desc="publishing", disable=not progress,
              file=sys.stderr) as bar:
        for remote, dump in zip(remotes, dumps, strict=False):
            for number, chunk in enumerate(dump.chunks(chunk_triples)):
                (sender.put if number == 0 else sender.post)(client, remote, b"".join(chunk))
                bar.update(len(chunk))


def _mark_failed(client: httpx.Client, sender: "_Sender", status: "_StatusGraph", failure: PublishError) -> None:
    with contextlib.suppress(PublishError):  # the store is gone: the status graph still says "active", which also
        sender.put(client, status.iri, status.failed(str(failure)))  # means incomplete


def _default_sparql_url(store_url: str) -> str:
    if store_url.rstrip("/").endswith("/store"):
        return store_url.rstrip("/")[: -len("store")] + "query"
    raise PublishError(f"cannot guess the SPARQL endpoint of {store_url}: give it with --sparql")


class _GraphDump:
    """One graph as N-Triples in a file (written by the store itself: one triple a line), read back in chunks.

    The first chunk holds every triple with a blank node (so it may be larger), then ground triples only; there is
    always a first chunk, if empty, so that the PUT clears the graph."""

    def __init__(self, store: pyoxigraph.Store, graph: str, path: Path):
        store.dump(str(path), format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.NamedNode(graph))
        self.path, self.triples, self.blank = path, 0, []
        with open(path, "rb") as lines:
            for line in lines:
                self.triples += 1
                if _has_blank_node(line):
                    self.blank.append(line)

    def chunks(self, size: int) -> Iterator[list[bytes]]:
        chunk, first = list(self.blank), True
        with open(self.path, "rb") as lines:
            for line in lines:
                if _has_blank_node(line):
                    continue
                chunk.append(line)
                if len(chunk) >= size:
                    yield chunk
                    chunk, first = [], False
        if chunk or first:
            yield chunk


def _has_blank_node(line: bytes) -> bool:
    """Whether an N-Triples line (`S P O .`, as the store writes it) has a blank node as subject or object. A literal
    object ends in a quote, a language tag or a datatype IRI, and always holds a quote; a blank node label never does."""
    if line.startswith(b"_:"):
        return True
    last = line.rstrip()[:-1].rstrip().rsplit(b" ", 1)[-1]
    return last.startswith(b"_:") and b'"' not in last


class _Sender:
    """Sends one Graph Store request, again after a passing failure, and turns any other failure into one line.

    On Oxigraph (told by its `Server` header) the requests take its bulk path, `no_transaction` and `lenient`: several
    times faster, not atomic per request — which the status graph already covers — and our N-Triples are valid."""

    def __init__(self, store_url: str, retries: int):
        self.store_url, self.retries = store_url, retries
        self.bulk: dict[str, str] | None = None  # the store's bulk-path parameters, once its first answer tells

    def put(self, client: httpx.Client, graph: str, body: bytes) -> None:
        self._send(client, "PUT", graph, body)

    def post(self, client: httpx.Client, graph: str, body: bytes) -> None:
        self._send(client, "POST", graph, body)

    def _send(self, client: httpx.Client, method: str, graph: str, body: bytes) -> None:
        for attempt in range(self.retries + 1):
            try:
                response = client.request(method, self.store_url, params={"graph": graph, **(self.bulk or {})},
                                          content=body, headers={"Content-Type": N_TRIPLES.media_type})
            except httpx.HTTPError as error:
                problem = f"cannot reach the store at {self.store_url}: {error or type(error).__name__}"
            else:
                if self.bulk is None:
                    oxigraph = response.headers.get("server", "").startswith("Oxigraph/")
                    self.bulk = {"no_transaction": "", "lenient": ""} if oxigraph else {}
                if response.status_code in (200, 201, 204):
                    return
                problem = (f"the store refused graph {graph}: HTTP {response.status_code} "
                           f"{' '.join(response.text.split())[:200]}").rstrip()
                if response.status_code not in TRANSIENT_STATUSES:
                    raise PublishError(problem)
            if attempt == self.retries:
                raise PublishError(problem + (f" (after {self.retries + 1} attempts)" if self.retries else ""))
            tqdm.write(f"kgraph publish: {method} of {len(body)} bytes to graph {graph} failed ({problem}); "
                       f"sending it again", file=sys.stderr)
            time.sleep(min(2 ** attempt * 0.5, 8))


class _StatusGraph:
    """The N-Triples of the status graph: one `schema:UpdateAction` whose `schema:actionStatus` tells readers whether
    the published graphs are whole."""

    def __init__(self, iri: str, built: BuiltDataset):
        self.iri = iri
        self.started = _now()
        self.build = built.directory.name

    def _lines(self, status: str, extra: list[str]) -> bytes:
        me = f"<{self.iri}>"
        lines = [f"{me} <{_RDF_TYPE}> <{SCHEMA.UpdateAction}> .",
                 f"{me} <{SCHEMA.actionStatus}> <{status}> .",
                 f"{me} <{SCHEMA.startTime}> {_literal(self.started, XSD.dateTime)} .",
                 f"{me} <{SCHEMA.instrument}> {_literal(f'kgraph {__version__}, build {self.build}')} .", *extra]
        return ("\n".join(lines) + "\n").encode()

    def active(self) -> bytes:
        return self._lines(ACTIVE, [])

    def completed(self, graphs: list[PublishedGraph]) -> bytes:
        me = f"<{self.iri}>"
        extra = [f"{me} <{SCHEMA.endTime}> {_literal(_now(), XSD.dateTime)} ."]
        for graph in graphs:
            extra += [f"{me} <{SCHEMA.result}> <{graph.remote}> .",
                      f"<{graph.remote}> <{VOID.triples}> {_literal(str(graph.verified), XSD.integer)} ."]
        return self._lines(COMPLETED, extra)

    def failed(self, reason: str) -> bytes:
        me = f"<{self.iri}>"
        return self._lines(FAILED, [f"{me} <{SCHEMA.endTime}> {_literal(_now(), XSD.dateTime)} .",
                                    f"{me} <{SCHEMA.error}> {_literal(reason)} ."])


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _literal(value: str, datatype: str | None = None) -> str:
    return str(pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(str(datatype)) if datatype else None))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def publication_status_query(graph_prefix: str = str(KGG)) -> str:
    """SPARQL for the publication's status IRI (one row, or none where nothing was published by kgraph)."""
    iri = graph_prefix + PUBLICATION
    return f"SELECT ?status WHERE {{ GRAPH <{iri}> {{ <{iri}> <{SCHEMA.actionStatus}> ?status }} }}"


def _remote_count(client: httpx.Client, sparql_url: str, graph: str, retries: int) -> int:
    """The graph's triple count as the store answers it; asked again after a passing failure (a store that has just
    taken a million triples may time a first count out)."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    for attempt in range(retries + 1):
        try:
            response = client.post(sparql_url, data={"query": query},
                                   headers={"Accept": SPARQL_JSON.media_type})
            if response.status_code == 200:
                return int(response.json()["results"]["bindings"][0]["n"]["value"])
            problem = f"HTTP {response.status_code} {' '.join(response.text.split())[:300]}"
            if response.status_code not in TRANSIENT_STATUSES:
                break
        except httpx.HTTPError as error:
            problem = str(error) or type(error).__name__
        except (KeyError, IndexError, ValueError) as error:
            problem = f"not a SPARQL count: {error}"
            break
        if attempt < retries:
            time.sleep(min(2 ** attempt * 0.5, 8))
    raise PublishError(f"cannot verify graph {graph} through {sparql_url}: {problem}")


def _auth(args: argparse.Namespace) -> httpx.Auth | None:
    if args.auth:
        user, _, password = args.auth.partition(":")
        return ChallengedAuth(user, password)
    if args.bearer:
        return _Bearer(args.bearer)
    return None


class ChallengedAuth(httpx.Auth):
    """User and password in the scheme the server's challenge names: Digest (Virtuoso's Graph Store endpoint) or
    Basic. The first request goes without credentials, so a password is never sent in clear to a server that asked
    for Digest; later requests use the scheme learnt."""

    requires_request_body = True

    def __init__(self, user: str, password: str):
        self._schemes = {"basic": httpx.BasicAuth(user, password), "digest": httpx.DigestAuth(user, password)}
        self._scheme: str | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme:
            yield from self._schemes[self._scheme].auth_flow(request)
            return
        response = yield request
        challenge = response.headers.get("WWW-Authenticate", "").split(" ", 1)[0].lower()
        if response.status_code == 401 and challenge in self._schemes:
            self._scheme = challenge
            yield from self._schemes[challenge].auth_flow(request)


class _Bearer(httpx.Auth):
    def __init__(self, token: str):
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request
