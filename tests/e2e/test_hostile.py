"""Issue 10, item by item: every reproduction of the hostile-client report, as it was written, against a real
`kgraph serve`. Each test names the item it pins down; each is bounded in time."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from .conftest import (
    FIXTURE_PROJECT,
    descendants,
    health,
    rss_mb,
    start_server,
    stop_server,
    wait_until,
)

PEOPLE = "SELECT ?p WHERE { ?p a <https://w3id.org/kgraph/ontology#Person> } ORDER BY ?p"
CROSS_PRODUCT_ORDERED = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def raw_request(port: int, data: bytes, read_timeout: float = 10.0) -> bytes:
    """Send bytes as they are; return what the server answers before it closes (or the timeout)."""
    with socket.create_connection(("127.0.0.1", port), timeout=read_timeout) as sock:
        with contextlib.suppress(OSError):  # the server may close before reading everything: its answer is still there
            sock.sendall(data)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except (TimeoutError, ConnectionResetError):
            pass
        return answer


def port_of(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


@pytest.fixture(scope="module")
def closed_service(tmp_path_factory):
    """A server with `--allow-service none`."""
    process, base = start_server(tmp_path_factory.mktemp("no-service"), "--allow-service", "none")
    yield base
    stop_server(process)


@pytest.fixture(scope="module")
def tight(tmp_path_factory):
    """A server with small bounds: 1 MB cache, 64 MB per query, 2 s to send a request, 30 s per query."""
    tmp = tmp_path_factory.mktemp("tight")
    process, base = start_server(tmp, "--cache-mb", "1", "--worker-memory-mb", "64", "--request-timeout", "2",
                                 "--timeout", "30", "--client-queries", "8", "--long-queries", "2")
    yield process, base, tmp
    stop_server(process)


# ---- 1. SSRF with the answer returned ----

SSRF_QUERIES = [
    'PREFIX : <http://127.0.0.1:PORT/x-> SELECT ?s WHERE { BIND("\\u0022" AS ?a) SERVICE:x { ?s ?p ?o } '
    'BIND("\\u0022" AS ?b) }',
    "PREFIX : <http://127.0.0.1:PORT/x-> SELECT ?s WHERE { BIND('\\u0027' AS ?a) SERVICE:x { ?s ?p ?o } "
    "BIND('\\u0027' AS ?b) }",
    'PREFIX : <http://127.0.0.1:PORT/x-> SELECT ?s WHERE { BIND("\\U00000022" AS ?a) SERVICE:x { ?s ?p ?o } '
    'BIND("\\U00000022" AS ?b) }',
    "PREFIX : <http://127.0.0.1:PORT/x-> SELECT * FROM:x WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("query", SSRF_QUERIES)
def test_1_parser_differential_ssrf_is_refused_and_nothing_is_fetched(client, closed_service, listener, query):
    text = query.replace("PORT", str(listener.port))
    for base in (str(client.base_url), closed_service):
        response = httpx.get(base + "/sparql", params={"query": text}, timeout=30)
        assert response.status_code == 400, response.text
        assert "leaked.example" not in response.text
    time.sleep(0.2)
    assert listener.connections == []


def test_1_open_and_closed_ports_give_the_same_answer(client, listener):
    """No port scanning: the refusal happens before anything is fetched, so it cannot depend on the target."""
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed = unused.getsockname()[1]
    answers = set()
    for port in (listener.port, closed):
        response = client.get("/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> "
                                                          "{ ?s ?p ?o } }"})
        answers.add((response.status_code, response.text.replace(str(port), "PORT")))
    assert len(answers) == 1 and answers.pop()[0] == 403
    assert listener.connections == []


def test_1_an_allowed_service_that_fails_is_a_502_naming_it(tmp_path):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed = unused.getsockname()[1]
    wikidata = "https://query.wikidata.org/sparql"
    process, base = start_server(tmp_path, "--service-map", f"{wikidata}=http://127.0.0.1:{closed}/sparql")
    try:
        response = httpx.get(base + "/sparql", params={"query": f"SELECT * {{ SERVICE <{wikidata}> {{ ?s ?p ?o }} }}"},
                             timeout=30)
    finally:
        stop_server(process)
    assert response.status_code == 502 and response.headers["x-kgraph-error"] == "service"
    assert wikidata in response.text and "/service/" not in response.text


# ---- 2. one request freezes the server; unbounded body, headers, time to send headers ----

def test_2_a_huge_query_mentioning_service_is_refused_at_once_and_health_stays_fast(server):
    query = "SELECT * WHERE { ?s ?p ?o } # " + "service " * (2 * 2**20 // 8)
    slowest, stop = [], threading.Event()

    def poll():
        while not stop.is_set():
            started = time.monotonic()
            httpx.get(server + "/health", timeout=10)
            slowest.append(time.monotonic() - started)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        response = httpx.post(server + "/sparql", content=query, timeout=30,
                              headers={"Content-Type": "application/sparql-query"})
        form = httpx.post(server + "/sparql", data={"query": query[: 200 * 1024]}, timeout=30)
    finally:
        stop.set()
        poller.join()
    assert response.status_code == 413  # the 256 KiB body limit
    assert form.status_code == 413 and "64 KiB" in form.text  # a body within the limit, a query over 64 KiB
    assert max(slowest) < 2.0


def test_2_a_100_mb_post_is_refused_without_reading_it(server):
    head = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: %d\r\n\r\n" % (100 * 2**20))
    answer = raw_request(port_of(server), head + b"SELECT" + b" " * 65536)
    assert answer.startswith(b"HTTP/1.1 413")


def test_2_a_2_mb_header_is_431_and_a_huge_url_is_414(server):
    header = b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (2 * 2**20) + b"\r\n\r\n"
    assert raw_request(port_of(server), header).startswith(b"HTTP/1.1 431")
    url = b"GET /kgraph/id/" + b"a" * (60 * 1024) + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    assert raw_request(port_of(server), url).startswith(b"HTTP/1.1 414")
    assert httpx.get(server + "/health").status_code == 200


def test_2_headers_sent_too_slowly_get_408_and_the_connection_closes(tight):
    _, base, _ = tight
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port_of(base)), timeout=10) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # never finished
        answer = sock.recv(65536)
        assert sock.recv(65536) == b""  # closed
    assert answer.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 8
    with socket.create_connection(("127.0.0.1", port_of(base)), timeout=10) as idle:  # nothing at all
        assert idle.recv(65536).startswith(b"HTTP/1.1 408")


# ---- 3. the answer cache is bounded, keys included; nothing is keyed by a client-chosen header ----

def test_3_unique_large_queries_do_not_grow_the_server(tight):
    process, base, _ = tight
    filler = "x" * (60 * 1024)
    with httpx.Client(base_url=base, timeout=30) as http:
        http.get("/sparql", params={"query": f'ASK {{ FILTER("{filler}" != "0") }}'})
        before = rss_mb(process.pid)
        for number in range(400):  # 24 MB of distinct query text, each with a tiny answer (kept twice before)
            response = http.post("/sparql", content=f'ASK {{ FILTER("{filler}" != "{number}") }}',
                                 headers={"Content-Type": "application/sparql-query"})
            assert response.status_code == 200
        grown = rss_mb(process.pid) - before
        cached = http.get("/health").json()["cached_answers_bytes"]
    assert cached <= 2**20
    assert grown < 20, f"the server and its workers grew by {grown:.0f} MB"


def test_3_unknown_linked_data_paths_and_hosts_are_not_kept(tight):
    process, base, _ = tight
    with httpx.Client(base_url=base, timeout=30) as http:
        http.get("/.well-known/void")
        before = rss_mb(process.pid)
        for number in range(200):
            assert http.get(f"/kgraph/id/{number}-" + "y" * 20000).status_code == 404
        descriptions = {http.get("/.well-known/void", headers={"Host": f"evil-{number}.example"}).text
                        for number in range(200)}
        grown = rss_mb(process.pid) - before
    assert len(descriptions) == 1 and "evil" not in descriptions.pop()
    assert grown < 30, f"the server and its workers grew by {grown:.0f} MB"


# ---- 4 and 5. memory per query; an answer larger than the cache ----

def test_4_a_query_past_the_memory_cap_is_a_422_and_two_at_once_too(tight):
    _, base, _ = tight
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: httpx.get(base + "/sparql", params={"query": CROSS_PRODUCT_ORDERED},
                                                    timeout=60), range(2)))
    for answer in answers:
        assert answer.status_code == 422, answer.text
        assert answer.headers["x-kgraph-error"] == "memory" and "64 MB" in answer.text
    assert wait_until(lambda: health(base)["status"] == "ok", 20)


def test_5_an_answer_larger_than_the_cache_is_served_and_not_kept(tight):
    _, base, _ = tight
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 9000"
    answers = [httpx.get(base + "/sparql", params={"query": query}, timeout=60) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert len(answers[0].content) > 2**20 and answers[0].content == answers[1].content
    assert [a.headers["x-kgraph-cache"] for a in answers] == ["miss", "miss"]


# ---- 6. a pool that heals; a leased build; swept staging folders ----

def test_6_a_failed_respawn_is_retried_and_health_says_degraded_meanwhile(tmp_path):
    process, base = start_server(tmp_path, "--timeout", "2", "--client-queries", "8")
    try:
        build = next(p for p in (tmp_path / "cache").iterdir() if (p / "manifest.json").is_file())
        (build / "store").rename(build / "store-away")
        workers = [pid for pid in descendants(process.pid) if pid != process.pid]
        os.kill(workers[0], signal.SIGKILL)
        assert wait_until(lambda: httpx.get(base + "/health").json()["last_error"], 20)
        degraded = httpx.get(base + "/health")
        assert degraded.status_code == 503
        assert degraded.json()["status"] == "degraded" and degraded.json()["alive_workers"] == 1
        assert httpx.get(base + "/sparql", params={"query": PEOPLE}, timeout=30).status_code == 200  # one worker
        (build / "store-away").rename(build / "store")
        assert wait_until(lambda: httpx.get(base + "/health").status_code == 200, 15)
        assert health(base)["alive_workers"] == 2
    finally:
        stop_server(process)


def test_6_a_flood_of_half_sent_requests_does_not_lose_the_pool(tmp_path):
    import resource

    def few_files():
        resource.setrlimit(resource.RLIMIT_NOFILE, (200, 200))

    process, base = start_server(tmp_path, "--request-timeout", "2", "--client-queries", "8",
                                 "--max-connections-per-client", "1000", preexec=few_files)
    flood = []
    try:
        for _ in range(260):
            try:
                sock = socket.create_connection(("127.0.0.1", port_of(base)), timeout=2)
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # half-sent
                flood.append(sock)
            except OSError:
                break
        for pid in [pid for pid in descendants(process.pid) if pid != process.pid]:
            os.kill(pid, signal.SIGKILL)  # both respawns now compete with the flood for descriptors
        for sock in flood:
            sock.close()
        assert wait_until(lambda: _quietly(lambda: health(base)["alive_workers"] == 2), 30)
        assert httpx.get(base + "/sparql", params={"query": PEOPLE}, timeout=30).status_code == 200
    finally:
        for sock in flood:
            sock.close()
        stop_server(process)


def _quietly(check) -> bool:
    try:
        return check()
    except httpx.HTTPError:
        return False


def _kgraph(*args: str, root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kgraph.cli", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=300)


def test_6_later_builds_on_the_same_cache_never_prune_the_served_build(tmp_path):
    import shutil

    process, base = start_server(tmp_path, "--client-queries", "8")
    try:
        served = next(p for p in (tmp_path / "cache").iterdir() if (p / "manifest.json").is_file())
        for number in range(3):  # three later builds: the served one is now the oldest of four, past the three kept
            project = tmp_path / f"project-{number}"
            shutil.copytree(FIXTURE_PROJECT, project)
            (project / "data" / f"extra-{number}.ttl").write_text(
                f'<https://w3id.org/kgraph/id/x/{number}> <http://www.w3.org/2000/01/rdf-schema#label> "x{number}"@en .\n')
            done = _kgraph("--cache-dir", str(tmp_path / "cache"), "build", "--allow-invalid", root=project)
            assert done.returncode in (0, 1), done.stderr
        assert (served / "store").is_dir()
        for pid in [pid for pid in descendants(process.pid) if pid != process.pid]:
            os.kill(pid, signal.SIGKILL)  # the respawned workers need the store
        assert wait_until(lambda: _quietly(lambda: health(base)["alive_workers"] == 2), 20)
        assert httpx.get(base + "/sparql", params={"query": PEOPLE}, timeout=30).status_code == 200
        assert health(base)["rebuilt"] == 0
    finally:
        stop_server(process)


def test_6_staging_folders_of_killed_builds_are_swept(tmp_path):
    from kgraph.store import LEASE_FILE, exclusive_lock

    cache = tmp_path / "cache"
    dead, alive, fresh = cache / ".building-dead", cache / ".building-alive", cache / ".building-just-made"
    for folder in (dead, alive, fresh):
        folder.mkdir(parents=True)
    (dead / LEASE_FILE).touch()
    (alive / LEASE_FILE).touch()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from kgraph.store import exclusive_lock; "
                               f"fd = exclusive_lock(Path({str(alive)!r})); print(fd is not None, flush=True); "
                               "time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "True"  # a build in progress in another process
        done = _kgraph("--cache-dir", str(cache), "build", root=FIXTURE_PROJECT)
        assert done.returncode == 0, done.stderr
        assert not dead.exists() and alive.exists() and fresh.exists()
        assert exclusive_lock(alive) is None
    finally:
        holder.kill()
        holder.wait()


# ---- 7. abandoned queries ----

def test_7_a_client_that_gives_up_frees_its_worker(tight):
    _, base, _ = tight
    for _ in range(6):
        with contextlib.suppress(httpx.TimeoutException):
            httpx.get(base + "/sparql", params={"query": HEAVY}, timeout=1)
    assert wait_until(lambda: health(base)["busy_workers"] == 0 and health(base)["alive_workers"] == 2, 10)
    started = time.monotonic()
    assert httpx.get(base + "/sparql", params={"query": PEOPLE + " # after"}, timeout=30).status_code == 200
    assert time.monotonic() - started < 10  # not after the abandoned queries' 30 s


# ---- 8. crashes ----

def test_8_thousands_of_nested_parentheses_are_a_400(client):
    query = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    assert len(query.encode()) > 10000
    replaced = health(str(client.base_url))["replaced_workers"]
    for _ in range(30):
        response = client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
        assert response.status_code == 400 and "nests deeper" in response.text
    assert health(str(client.base_url))["replaced_workers"] == replaced  # refused before any worker saw it


def test_8_an_idle_worker_killed_is_never_handed_a_query(tmp_path):
    process, base = start_server(tmp_path, "--client-queries", "8")
    try:
        for round_ in range(3):
            for pid in [pid for pid in descendants(process.pid) if pid != process.pid][:1]:
                os.kill(pid, signal.SIGKILL)
            response = httpx.get(base + "/sparql", params={"query": f"{PEOPLE} # {round_}"}, timeout=30)
            assert response.status_code == 200, response.text
        assert wait_until(lambda: health(base)["alive_workers"] == 2 and health(base)["status"] == "ok", 10)
    finally:
        stop_server(process)


@pytest.mark.parametrize("query", ["SELECT * WHERE { SERVICE <http://x/\\uD800> { ?s ?p ?o } }",
                                   "SELECT * FROM <http://x/\\uDC00> WHERE { ?s ?p ?o }",
                                   "SELECT * FROM NAMED <http://x/\\U0010FFFF\\uD83D> WHERE { ?s ?p ?o }"])
def test_8_a_lone_surrogate_in_an_iri_is_a_400(client, query):
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400 and "surrogate" in response.text


# ---- 9. HTTP semantics ----

GET_ROUTES = ["/", "/health", "/sparql", "/sparql?query=ASK%7B%7D", "/.well-known/void", "/dumps/", "/dumps/kgraph.nt",
              "/context.jsonld", "/kgraph/id/person/nikol-pashinyan", "/kgraph/ontology", "/timeline",
              "/sources/article.txt", "/static/kgraph.css", "/claims.jsonld", "/static/favicon.svg"]


@pytest.mark.parametrize("path", GET_ROUTES)
def test_9_head_on_every_get_route(client, path):
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers.get("content-length") == got.headers.get("content-length")


def test_9_q_zero_excludes_and_a_wildcard_does_not_readmit(client):
    excluded = client.get("/sparql", params={"query": PEOPLE},
                          headers={"Accept": "application/sparql-results+json;q=0, */*;q=0.5"})
    assert excluded.status_code == 200
    assert excluded.headers["content-type"] == "application/sparql-results+xml"
    only = client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": "application/sparql-results+json;q=0"})
    assert only.status_code == 406


@pytest.mark.parametrize("path, params", [("/dumps/kgraph.nq.gz", None), ("/sparql", {"query": PEOPLE}),
                                          ("/.well-known/void", None)])
def test_9_if_none_match_gives_304(client, path, params):
    first = client.get(path, params=params)
    assert first.status_code == 200 and first.headers["etag"].startswith('"')
    assert "max-age" in first.headers["cache-control"]
    again = client.get(path, params=params, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    other = client.get(path, params=params, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.content == first.content
