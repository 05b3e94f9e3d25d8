"""`kgraph publish` against real stores — Oxigraph and Virtuoso 7, each started on free loopback ports with a new
database: the remote graphs equal ours, publishing twice changes nothing, chunks and retries never duplicate, and a
publication is marked completed only when every graph is whole.

Failures are injected by a real HTTP proxy between the publisher and the real store (answering 503, dropping an
answer after the store applied the request, or holding a request while the publisher is killed)."""

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx
import pyoxigraph
import pytest
from conftest import (
    ROOT,
    VIRTUOSO_NEW_DATABASE_PASSWORD,
    VIRTUOSO_PASSWORD,
    VIRTUOSO_USER,
    StoreTarget,
    free_port,
)
from stores import haproxy, oxigraph_server

from kgraph.export import EXPORTED_GRAPHS
from kgraph.namespaces import KGG, SCHEMA, VOID
from kgraph.publish import (
    ACTIVE,
    COMPLETED,
    FAILED,
    PUBLICATION,
    ChallengedAuth,
    PublishError,
    publish,
)

pytestmark = pytest.mark.stores
AUTH_PROXY = ROOT / "tests" / "fixtures" / "haproxy" / "auth-proxy.cfg"
KGRAPH = [sys.executable, "-c", "import sys; from kgraph.cli import main; sys.exit(main())"]


def _select(sparql: str, query: str) -> list[dict]:
    response = httpx.post(sparql, data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                          timeout=60)
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def _canonical(triples) -> set[str]:
    dataset = pyoxigraph.Dataset(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
    return {str(quad) for quad in dataset}


def remote_graph(store, graph: str) -> set[str]:
    """The graph as the store holds it, blank nodes canonically named (so that two copies compare equal)."""
    response = httpx.post(store.sparql, data={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
                          headers={"Accept": "application/n-triples"}, timeout=60)
    assert response.status_code == 200, response.text
    assert "x-sparql-maxrows" not in response.headers  # not cut by the store's row cap
    return _canonical(q.triple for q in pyoxigraph.parse(response.content, format=pyoxigraph.RdfFormat.N_TRIPLES))


def local_graph(built, graph: str) -> set[str]:
    return _canonical(q.triple for q in built.open().quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph)))


def renamed(prefix: str) -> dict[str, str]:
    return {str(g): prefix + str(g)[len(str(KGG)):] for g in EXPORTED_GRAPHS}


def publication(store, prefix: str) -> dict:
    """The status graph: the action's status, and the triple counts it records."""
    iri = prefix + PUBLICATION
    rows = _select(store.sparql, f"SELECT ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    status = [r["o"]["value"] for r in rows if r["p"]["value"] == str(SCHEMA.actionStatus)]
    counts = _select(store.sparql, f"SELECT ?g ?n WHERE {{ GRAPH <{iri}> {{ ?g <{VOID.triples}> ?n }} }}")
    errors = [r["o"]["value"] for r in rows if r["p"]["value"] == str(SCHEMA.error)]
    return {"status": status, "counts": {r["g"]["value"]: int(r["n"]["value"]) for r in counts}, "errors": errors}


def assert_whole(store, built, prefix: str) -> None:
    for local, remote in renamed(prefix).items():
        assert remote_graph(store, remote) == local_graph(built, local), remote
    record = publication(store, prefix)
    assert record["status"] == [COMPLETED]
    assert record["counts"] == {remote: len(local_graph(built, local)) for local, remote in renamed(prefix).items()}


def test_publish_sends_every_graph_whole_and_records_it(built_project, store):
    prefix = f"http://example.org/{store.name}/whole/"
    published = publish(built_project, store.graph_store, sparql_url=store.sparql, graph_prefix=prefix,
                        auth=store.auth)
    assert [g.remote for g in published] == list(renamed(prefix).values())
    assert all(g.triples == g.verified > 0 for g in published)
    assert_whole(store, built_project, prefix)


def test_publishing_twice_gives_the_same_graphs(built_project, store):
    prefix = f"http://example.org/{store.name}/twice/"
    publish(built_project, store.graph_store, sparql_url=store.sparql, graph_prefix=prefix, auth=store.auth)
    first = {remote: remote_graph(store, remote) for remote in renamed(prefix).values()}
    publish(built_project, store.graph_store, sparql_url=store.sparql, graph_prefix=prefix, auth=store.auth)
    assert {remote: remote_graph(store, remote) for remote in renamed(prefix).values()} == first
    assert_whole(store, built_project, prefix)


def test_small_chunks_give_the_same_graphs_blank_nodes_included(built_project, store):
    prefix = f"http://example.org/{store.name}/chunked/"
    publish(built_project, store.graph_store, sparql_url=store.sparql, graph_prefix=prefix, auth=store.auth,
            chunk_triples=150)
    assert_whole(store, built_project, prefix)


def test_the_cli_publishes_with_progress_and_prints_the_counts(built_project, store):
    prefix = f"http://example.org/{store.name}/cli/"
    result = subprocess.run([*KGRAPH, "--root", str(ROOT), "--cache-dir", str(built_project.directory.parent),
                             "publish", "--to", store.graph_store, "--sparql", store.sparql, "--graph-prefix", prefix,
                             "--chunk-triples", "500", *store.credentials],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    counts = {remote: len(local_graph(built_project, local)) for local, remote in renamed(prefix).items()}
    assert result.stdout.splitlines() == [f"{remote}: {n} triples sent, {n} read back" for remote, n in counts.items()]
    total = sum(counts.values())
    assert "publishing: 100%|" in result.stderr and f"| {total}/{total} [" in result.stderr


# --- Authentication ----------------------------------------------------------------------------------------------------

def test_virtuoso_takes_digest_with_the_changed_password_and_refuses_anything_else(built_mini, virtuoso_store):
    prefix = "http://example.org/virtuoso/auth/"
    refused = (None, ChallengedAuth(VIRTUOSO_USER, "wrong"), httpx.BasicAuth(VIRTUOSO_USER, VIRTUOSO_PASSWORD),
               ChallengedAuth(VIRTUOSO_USER, VIRTUOSO_NEW_DATABASE_PASSWORD))  # the password before it was changed
    for auth in refused:
        with pytest.raises(PublishError, match=rf"^the store refused graph {prefix}{PUBLICATION}: HTTP 401"):
            publish(built_mini, virtuoso_store.graph_store, sparql_url=virtuoso_store.sparql, graph_prefix=prefix,
                    auth=auth)
    assert publication(virtuoso_store, prefix)["status"] == []  # nothing was written
    publish(built_mini, virtuoso_store.graph_store, sparql_url=virtuoso_store.sparql, graph_prefix=prefix,
            auth=virtuoso_store.auth)
    assert_whole(virtuoso_store, built_mini, prefix)


def test_virtuoso_anonymous_endpoints_stay_read_only(virtuoso_store):
    anonymous_store = virtuoso_store.graph_store.replace("-auth", "")
    put = httpx.put(anonymous_store, params={"graph": "http://example.org/intruder"},
                    content=b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n",
                    headers={"Content-Type": "application/n-triples"}, timeout=30)
    assert put.status_code == 403
    update = httpx.post(virtuoso_store.sparql, data={"query": "INSERT DATA { GRAPH <http://example.org/intruder> { "
                                                              "<http://example.org/a> <http://example.org/b> 1 } }"},
                        timeout=30)
    assert update.status_code == 500 and "SR186:SECURITY" in update.text
    assert _select(virtuoso_store.sparql, "SELECT * WHERE { GRAPH <http://example.org/intruder> { ?s ?p ?o } }") == []


@pytest.fixture(scope="module")
def guarded_oxigraph(tmp_path_factory):
    """Oxigraph behind a real HAProxy that asks for HTTP Basic (user 'publisher') or a bearer token."""
    tmp = tmp_path_factory.mktemp("guarded")
    with oxigraph_server(tmp / "db") as base:
        secrets = {"KGRAPH_PROXY_USER": "publisher", "KGRAPH_PROXY_PASSWORD": "s3cret", "KGRAPH_PROXY_TOKEN": "t0ken"}
        with haproxy(tmp / "haproxy", [urlsplit(base).netloc], config=AUTH_PROXY, environment=secrets) as proxy:
            yield proxy.base, base


@pytest.mark.parametrize("auth", ["basic", "bearer"])
def test_basic_and_bearer_through_an_authenticating_proxy(built_mini, guarded_oxigraph, auth, tmp_path):
    proxy, direct = guarded_oxigraph
    credentials = ["--auth", "publisher:s3cret"] if auth == "basic" else ["--bearer", "t0ken"]
    wrong = ["--auth", "publisher:nope"] if auth == "basic" else ["--bearer", "nope"]
    cache = str(built_mini.directory.parent)
    command = [*KGRAPH, "--root", str(ROOT / "tests" / "fixtures" / "mini"), "--cache-dir", cache, "publish",
               "--to", f"{proxy}/store", "--sparql", f"{direct}/query", "--no-progress", "--retries", "0"]
    refused = subprocess.run([*command, *wrong], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"kgraph: error: the store refused graph {KGG}{PUBLICATION}: HTTP 401")
    assert len(refused.stderr.splitlines()) == 1
    accepted = subprocess.run([*command, *credentials], capture_output=True, text=True, timeout=120)
    assert accepted.returncode == 0, accepted.stderr
    assert_whole(StoreTarget("guarded", f"{proxy}/store", f"{direct}/query"), built_mini, str(KGG))


# --- Chunks, retries, interruptions ----------------------------------------------------------------------------------

class FaultyProxy:
    """A real HTTP proxy in front of a real store that misbehaves on chosen data requests, named (method, n): the n-th
    PUT or POST to one of our graphs (the status graph's requests are not counted). `refuse` answers 503 without
    forwarding; `lose` forwards, then drops the store's answer (the store applied it, the publisher cannot know);
    `refuse_graph` answers 503 to every request for that graph; `hold` keeps the request waiting until `close`."""

    def __init__(self, target: str, *, refuse=(), lose=(), refuse_graph: str | None = None,
                 hold: tuple[str, int] | None = None):
        self.target, self.refuse, self.lose, self.refuse_graph, self.hold = target, set(refuse), set(lose), \
            refuse_graph, hold
        self.requests: list[tuple[str, str, int]] = []  # (method, graph, number among data requests of that method)
        self.held, self.released = threading.Event(), threading.Event()
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_PUT(self):
                proxy.handle(self)

            do_POST = do_GET = do_PUT

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url_for(self, url: str) -> str:
        return self.base + urlsplit(url).path

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        body = request.rfile.read(int(request.headers.get("Content-Length", 0)))
        graph = parse_qs(urlsplit(request.path).query).get("graph", [""])[0]
        key = None
        if not graph.endswith(PUBLICATION):
            with self._lock:
                key = (request.command, 1 + sum(1 for method, *_ in self.requests if method == request.command))
                self.requests.append((request.command, graph, key[1]))
        if key is not None and key == self.hold:
            self.held.set()
            self.released.wait(120)
            return  # no answer: the connection closes
        if key in self.refuse or graph == self.refuse_graph:
            return self._answer(request, 503, {"Content-Type": "text/plain"}, b"injected failure\n")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        answer = httpx.request(request.command, self.target + request.path, headers=headers, content=body, timeout=60)
        if key in self.lose:
            return
        self._answer(request, answer.status_code, {k: v for k, v in answer.headers.items()
                                                   if k.lower() in ("content-type", "www-authenticate")},
                     answer.content)

    @staticmethod
    def _answer(request, status: int, headers: dict, body: bytes) -> None:
        request.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(body)

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()


def test_a_failed_chunk_is_sent_again_and_nothing_is_duplicated(built_project, store, capfd):
    """The first PUT (with the blank nodes) is refused (503) and the second POST is applied by the store but its answer
    is lost: both are sent again, and the graphs are exactly ours — a PUT replaces, a POST of ground triples adds the
    same set again."""
    prefix = f"http://example.org/{store.name}/retried/"
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(store.graph_store))
    proxy = FaultyProxy(origin, refuse={("PUT", 1)}, lose={("POST", 2)})
    try:
        publish(built_project, proxy.url_for(store.graph_store), sparql_url=store.sparql, graph_prefix=prefix,
                auth=store.auth, chunk_triples=300)
    finally:
        proxy.close()
    assert_whole(store, built_project, prefix)
    retried = [line for line in capfd.readouterr().err.splitlines() if "sending it again" in line]
    assert len(retried) == 2
    assert "HTTP 503 injected failure" in retried[0] and "cannot reach the store" in retried[1]


def test_a_chunk_that_keeps_failing_ends_the_publish_marked_failed(built_project, store):
    prefix = f"http://example.org/{store.name}/failing/"
    asserted = renamed(prefix)[str(KGG.asserted)]
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(store.graph_store))
    proxy = FaultyProxy(origin, refuse_graph=asserted)
    try:
        with pytest.raises(PublishError, match=rf"^the store refused graph {asserted}: HTTP 503 injected failure "
                                               r"\(after 3 attempts\)$"):
            publish(built_project, proxy.url_for(store.graph_store), sparql_url=store.sparql, graph_prefix=prefix,
                    auth=store.auth, retries=2)
    finally:
        proxy.close()
    assert [method for method, graph, _ in proxy.requests if graph == asserted] == ["PUT"] * 3
    record = publication(store, prefix)
    assert record["status"] == [FAILED] and record["counts"] == {}
    assert record["errors"] == [f"the store refused graph {asserted}: HTTP 503 injected failure (after 3 attempts)"]


def test_a_killed_publish_is_marked_active_refused_by_serve_and_completed_by_the_next(built_project, store):
    """The publisher is killed (SIGKILL: no clean-up at all) while a chunk is in flight: the status graph still says
    'active', `kgraph serve --store` refuses to serve it, and the next publish completes it."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(store.graph_store))
    cli = [*KGRAPH, "--root", str(ROOT), "--cache-dir", str(built_project.directory.parent)]
    proxy = FaultyProxy(origin, hold=("POST", 5))
    try:
        publisher = subprocess.Popen([*cli, "publish", "--to", proxy.url_for(store.graph_store), "--sparql",
                                      store.sparql, "--chunk-triples", "200", "--no-progress", *store.credentials],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert proxy.held.wait(120), "the publisher never reached the held request"
        publisher.kill()
        publisher.wait(30)
    finally:
        proxy.close()
    assert publication(store, str(KGG))["status"] == [ACTIVE]
    refused = subprocess.run([*cli, "serve", "--store", store.sparql, "--port", str(free_port())],
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1
    assert refused.stderr == (f"kgraph: error: the store at {store.sparql} holds an unfinished kgraph publication "
                              f"(ActiveActionStatus): run kgraph publish again, then serve\n")
    again = subprocess.run([*cli, "publish", "--to", store.graph_store, "--sparql", store.sparql, "--no-progress",
                            *store.credentials], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert_whole(store, built_project, str(KGG))


