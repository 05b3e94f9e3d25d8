"""Read-only, no server-side request forgery, timeouts that stop the work, concurrency."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from .conftest import TIMEOUT, WIKIDATA

HEAVY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o "
         "FILTER(STR(?a) != STR(?o)) }")
PEOPLE = "SELECT ?person WHERE { ?person a kg:Person }"


def test_ssrf_attempts_are_refused_and_no_connection_is_made(client, listener):
    target = f"http://127.0.0.1:{listener.port}"
    attempts = [
        ("GET", {"query": f"SELECT * WHERE {{ SERVICE <{target}/> {{ ?s ?p ?o }} }}"}, 403),
        ("GET", {"query": f"SELECT * WHERE {{ SERVICE SILENT <{target}/sparql> {{ ?s ?p ?o }} }}"}, 403),
        ("GET", {"query": f"PREFIX x: <{target}/> SELECT * WHERE {{ SERVICE x:y {{ ?s ?p ?o }} }}"}, 403),
        ("GET", {"query": f"SELECT * WHERE {{ SERVICE <\\u0068ttp://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"},
         403),
        ("GET", {"query": f"SELECT * WHERE {{ BIND(<{target}/> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"}, 403),
        # an unknown graph is an empty graph, never fetched
        ("GET", {"query": f"SELECT * FROM <{target}/x> WHERE {{ ?s ?p ?o }}"}, 200),
        ("GET", {"query": f"SELECT * FROM NAMED <{target}/x> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"}, 200),
        ("GET", {"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"}, 200),
        ("GET", {"query": PEOPLE, "default-graph-uri": f"{target}/"}, 200),
        ("GET", {"query": PEOPLE, "named-graph-uri": "file:///etc/passwd"}, 200),
        ("POST", {"update": f"LOAD <{target}/>"}, 403),
        ("POST", {"query": f"LOAD <{target}/>"}, 403),
    ]
    for method, params, status in attempts:
        response = client.get("/sparql", params=params) if method == "GET" else client.post("/sparql", data=params)
        assert response.status_code == status, (params, response.text)
        assert "Traceback" not in response.text
        if status == 200:
            assert response.json()["results"]["bindings"] == []
    raw_load = client.post("/sparql", content=f"LOAD <{target}/>",
                           headers={"Content-Type": "application/sparql-update"})
    assert raw_load.status_code == 403
    time.sleep(0.3)
    assert listener.connections == []


def test_updates_are_refused_and_change_nothing(client):
    def count():
        return client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}
                          ).json()["results"]["bindings"][0]["n"]["value"]

    before = count()
    for update in ["INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", "CLEAR ALL",
                   "DROP GRAPH <https://w3id.org/kgraph/graph/asserted>",
                   "DELETE WHERE { ?s ?p ?o }", "CREATE GRAPH <http://x/g>"]:
        assert client.post("/sparql", data={"update": update}).status_code == 403
        assert client.post("/sparql", content=update,
                           headers={"Content-Type": "application/sparql-update"}).status_code == 403
        assert client.get("/sparql", params={"update": update}).status_code in (403, 405)
        assert client.get("/sparql", params={"query": update}).status_code in (400, 403)
    assert count() == before


def test_allowed_service_goes_to_the_mapped_stand_in(client, wikidata_standin):
    _url, requests = wikidata_standin
    query = (f"SELECT ?person ?capital WHERE {{ ?person skos:exactMatch ?item . "
             f"SERVICE <{WIKIDATA}> {{ ?item wdt:P36 ?capital }} }}")
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    bindings = response.json()["results"]["bindings"]
    assert bindings and bindings[0]["capital"]["value"] == "stand-in answer"
    assert requests, "the stand-in saw no request"


def test_timeout_stops_the_query_while_health_stays_fast(server):
    health_times, stop = [], threading.Event()

    def poll():
        with httpx.Client(base_url=server, timeout=5) as http:
            while not stop.is_set():
                started = time.perf_counter()
                assert http.get("/health").status_code in (200, 503)  # 503 while a killed worker is replaced
                health_times.append(time.perf_counter() - started)
                time.sleep(0.1)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        started = time.perf_counter()
        response = httpx.get(server + "/sparql", params={"query": HEAVY}, timeout=30)
        elapsed = time.perf_counter() - started
    finally:
        stop.set()
        poller.join()
    assert response.status_code == 422, response.text
    assert response.headers["x-kgraph-error"] == "timeout"
    assert "timed out" in response.text
    assert elapsed < TIMEOUT + 1.5
    assert len(health_times) >= 10 and max(health_times) < 0.5
    # the server keeps answering, and the killed worker has been replaced
    for _ in range(3):
        assert httpx.get(server + "/sparql", params={"query": PEOPLE}, timeout=10).status_code == 200
    deadline = time.monotonic() + 10
    while httpx.get(server + "/health").json()["alive_workers"] < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert httpx.get(server + "/health").json()["alive_workers"] == 2


def test_two_heavy_queries_run_concurrently(server):
    """With 2 workers two timed-out heavy queries finish together in about one timeout, not two."""
    started = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        responses = list(pool.map(lambda _: httpx.get(server + "/sparql", params={"query": HEAVY}, timeout=30),
                                  range(2)))
    elapsed = time.perf_counter() - started
    assert [r.status_code for r in responses] == [422, 422]
    assert elapsed < 2 * TIMEOUT


@pytest.mark.parametrize("method, path, options, status, cause", [
    ("GET", "/sparql", {"params": {"query": "SELECT * WHERE { ?s ?p ?o } GROUP BY"}}, 400, "syntax"),
    ("GET", "/kgraph/id/%00", {}, 404, "not-found"),  # every error names its cause (the protocol branch)
    ("POST", "/sparql", {"content": b"\xff\xfe", "headers": {"Content-Type": "application/sparql-query"}}, 400,
     "protocol"),
])
def test_no_traceback_reaches_the_user(client, method, path, options, status, cause):
    """Bad input is the client's error, answered in one plain line: never a 500, never a traceback."""
    response = client.request(method, path, **options)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers.get("x-kgraph-error") == cause
    assert "Traceback" not in response.text and "File \"" not in response.text


def test_one_client_cannot_hold_every_worker(tmp_path):
    """By default a client may have workers - 1 queries in the pool; past that, 429 with Retry-After at once."""
    from .conftest import start_server, stop_server, wait_until

    process, base = start_server(tmp_path, "--timeout", "3", "--workers", "2")
    try:
        with ThreadPoolExecutor(3) as pool:
            answers = list(pool.map(lambda n: httpx.get(base + "/sparql", params={"query": f"{HEAVY} # {n}"},
                                                        timeout=30), range(3)))
        statuses = sorted(a.status_code for a in answers)
        assert statuses.count(422) == 1 and statuses.count(429) == 2, statuses
        refused = next(a for a in answers if a.status_code == 429)
        assert refused.headers["retry-after"] == "1" and refused.headers["x-kgraph-error"] == "client-busy"
        # the timed-out query's share is held until its worker is replaced; then a spoofed header gains nothing
        assert wait_until(lambda: httpx.get(base + "/health").status_code == 200, 15)
        spoofed = {"X-Forwarded-For": "203.0.113.7"}  # not a trusted proxy: the header is ignored
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda n: httpx.get(base + "/sparql", params={"query": f"{HEAVY} # x{n}"},
                                                        headers=spoofed, timeout=30), range(2)))
        assert sorted(a.status_code for a in answers) == [422, 429]
    finally:
        stop_server(process)


def test_a_trusted_proxy_names_the_client(tmp_path):
    from .conftest import start_server, stop_server

    process, base = start_server(tmp_path, "--timeout", "3", "--workers", "2", "--trusted-proxy", "127.0.0.1",
                                 "--long-queries", "2")
    try:
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda n: httpx.get(base + "/sparql", params={"query": f"{HEAVY} # p{n}"},
                                                        headers={"X-Forwarded-For": f"203.0.113.{n}"}, timeout=30),
                                    range(2)))
        assert [a.status_code for a in answers] == [422, 422]  # two clients behind the proxy, one query each
    finally:
        stop_server(process)
