"""The endpoint under load, fuzzing and a kill: no server error, no traceback, no hang, the same data after restart.

A real `kgraph serve` on a loopback port over tests/fixtures/serve_project, with a 2 s query timeout and 2 query
workers. Every phase is bounded: the load runs 4 s, each hypothesis test at most 120 examples with a 5 s deadline,
every request has a client timeout.

Never a 5xx: the endpoint's answers to too much work are client errors — 422 when a query ran out of its time (the
same query would again; the client must narrow it down) and 429 with Retry-After when every query worker stayed busy
for a whole timeout (transient; retry later). A 5xx, a dropped connection or a traceback is a failure.
"""

import contextlib
import os
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stores import start_server

PROJECT = Path(__file__).parent / "fixtures" / "serve_project"
TIMEOUT = 2.0
CLIENT_TIMEOUT = TIMEOUT + 8
PEOPLE = "SELECT ?person WHERE { ?person a <https://w3id.org/kgraph/ontology#Person> } ORDER BY ?person"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SYNTAX_ERRORS = ["SELECT * WHERE { ?s ?p }", "SELEC ?x", "SELECT * WHERE { ?s ?p ?o } GROUP BY", "{", ""]
RESOURCE = "/kgraph/id/person/nikol-pashinyan"
FUZZ = settings(max_examples=120, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


def _start(cache: Path) -> tuple[subprocess.Popen, str]:
    """The server over `cache` (its parent holds the logs), in a process group of its own, to be killed with its
    workers."""
    return start_server(cache.parent, "--timeout", str(TIMEOUT), "--workers", "2", "--allow-service", "none",
                        "--client-queries", "64", "--max-connections-per-client", "64", project=PROJECT, new_session=True)  # 32 clients share one IP


def _kill(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process, base = _start(tmp_path_factory.mktemp("robustness") / "cache")
    yield base
    _kill(process)


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server, timeout=CLIENT_TIMEOUT) as http:
        yield http


def _clean(response: httpx.Response) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert "Traceback" not in response.text and 'File "' not in response.text


def test_load_of_32_clients_mixing_good_bad_heavy_and_dereferencing(server):
    mix = ([("GET", "/sparql", {"query": PEOPLE}, "good")] * 4 + [("GET", "/sparql", {"query": COUNT}, "good")] * 2
           + [("GET", "/sparql", {"query": q}, "syntax") for q in SYNTAX_ERRORS]
           + [("GET", "/sparql", {"query": HEAVY}, "heavy")]
           + [("GET", RESOURCE, None, "deref")] * 2)
    outcomes: dict[str, list[int]] = {kind: [] for kind in ("good", "syntax", "heavy", "deref", "dropped")}
    health: list[int] = []
    deadline = time.monotonic() + 4

    def client_loop(offset: int):
        with httpx.Client(base_url=server, timeout=CLIENT_TIMEOUT) as http:
            index = offset
            while time.monotonic() < deadline or index - offset < 2:  # two each even on a slow machine
                method, path, params, kind = mix[index % len(mix)]
                index += 1
                try:
                    response = http.request(method, path, params=params,
                                            headers={"Accept": "text/turtle" if kind == "deref" else "*/*"})
                except httpx.HTTPError as error:
                    outcomes["dropped"].append(repr(error))
                    continue
                _clean(response)
                outcomes[kind].append(response.status_code)

    def health_loop(http: httpx.Client):
        while True:  # at least one probe: on a loaded machine this thread may only start after the deadline
            health.append(http.get("/health").status_code)
            if time.monotonic() >= deadline:
                return
            time.sleep(0.1)

    # the probe's client is made before the load: making one (its TLS context) took seconds under 32 busy threads
    with httpx.Client(base_url=server, timeout=2) as prober, ThreadPoolExecutor(33) as pool:
        futures = [pool.submit(health_loop, prober)] + [pool.submit(client_loop, 5 * i) for i in range(32)]
        for future in futures:
            future.result(timeout=60)
    assert outcomes["dropped"] == []
    assert health and set(health) <= {200, 503}  # 503 while a killed worker is replaced
    assert not [status for statuses in outcomes.values() for status in statuses if isinstance(status, int)
                and status >= 500]
    assert 400 in outcomes["syntax"] and set(outcomes["syntax"]) <= {400, 429}  # parsed in a worker: may wait
    assert set(outcomes["heavy"]) <= {422, 429}
    assert outcomes["good"].count(200) >= len(outcomes["good"]) // 2, outcomes["good"]
    assert set(outcomes["good"]) <= {200, 429} and set(outcomes["deref"]) <= {200, 429}
    # every kind of request was sent (the clients' offsets cover the whole mix), whatever the machine's speed
    assert all(outcomes[kind] for kind in ("good", "syntax", "heavy", "deref")), outcomes


def test_health_answers_while_every_worker_is_busy(server):
    """/health never waits for a query worker: it reports both workers busy while two heavy queries hold them. (Had
    it waited for one, it could only ever report a worker free.) No count or duration depends on scheduling."""
    seen: list[dict] = []
    with ThreadPoolExecutor(2) as pool:
        heavy = [pool.submit(_swallow, lambda: httpx.get(server + "/sparql", params={"query": HEAVY},
                                                         timeout=CLIENT_TIMEOUT)) for _ in range(2)]
        with httpx.Client(base_url=server, timeout=CLIENT_TIMEOUT) as http:
            while not all(f.done() for f in heavy) and not (seen and seen[-1]["busy_workers"] == 2):
                seen.append(http.get("/health").json())
        for future in heavy:
            future.result(timeout=CLIENT_TIMEOUT * 2)
    assert seen[-1]["busy_workers"] == 2 and seen[-1]["workers"] == 2, seen[-3:]


@FUZZ
@given(query=st.text(max_size=300))
def test_fuzz_query_string(client, query):
    _clean(client.get("/sparql", params={"query": query}))


@FUZZ
@given(query=st.text(max_size=200), body=st.binary(max_size=200),
       content_type=st.sampled_from(["application/sparql-query", "application/x-www-form-urlencoded",
                                     "text/plain", "application/json", "multipart/form-data", ""]))
def test_fuzz_post_bodies(client, query, body, content_type):
    _clean(client.post("/sparql", content=body, headers={"Content-Type": content_type} if content_type else {}))
    _clean(client.post("/sparql", data={"query": query}))


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(["query", "default-graph-uri", "named-graph-uri", "update", "format",
                                               "timeout", "x"]), st.text(max_size=80), max_size=4))
def test_fuzz_form_fields(client, fields):
    _clean(client.post("/sparql", data=fields))
    _clean(client.get("/sparql", params=fields))


HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=120).map(str.strip)


@FUZZ
@given(accept=st.one_of(HEADER_TEXT, st.sampled_from(["application/sparql-results+json;q=0", "*/*;q=abc",
                                                      "text/turtle, */*;q=0.1", "application/ld+json;;;", ",,,"])))
def test_fuzz_accept_header(client, accept):
    _clean(client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": accept}))
    _clean(client.get("/sparql", params={"query": "DESCRIBE <https://w3id.org/kgraph/id/person/nikol-pashinyan>"},
                      headers={"Accept": accept}))
    _clean(client.get(RESOURCE, headers={"Accept": accept}))


@FUZZ
@given(path=st.text(max_size=120))
def test_fuzz_iri_paths(client, path):
    _clean(client.get("/kgraph/id/" + quote(path, safe="/")))
    _clean(client.get("/kgraph/ontology/" + quote(path, safe="")))


def test_kill_mid_query_then_restart_serves_the_same_data_without_rebuilding(tmp_path):
    cache = tmp_path / "cache"
    process, base = _start(cache)
    try:
        before = httpx.get(base + "/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"}, timeout=10).text
        entries = sorted(p.name for p in cache.iterdir())
        manifests = {p: p.read_bytes() for p in cache.glob("*/manifest.json")}
        heavy = threading.Thread(target=lambda: _swallow(lambda: httpx.get(base + "/sparql", params={"query": HEAVY},
                                                                           timeout=CLIENT_TIMEOUT)))
        heavy.start()
        time.sleep(0.5)  # the heavy query is running in a worker
    finally:
        _kill(process, signal.SIGKILL)
    heavy.join(CLIENT_TIMEOUT)
    process, base = _start(cache)
    try:
        after = httpx.get(base + "/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"}, timeout=10).text
        assert after == before and "n" in before
        assert sorted(p.name for p in cache.iterdir()) == entries  # no new build directory
        assert {p: p.read_bytes() for p in cache.glob("*/manifest.json")} == manifests  # nothing rebuilt
    finally:
        _kill(process)


def _swallow(function) -> None:
    with contextlib.suppress(httpx.HTTPError):
        function()
