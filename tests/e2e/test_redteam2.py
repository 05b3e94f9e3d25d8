"""The second red-team report (`kgraph serve` as a hostile client would see it), finding by finding, each attack as
the report made it: a real server on a loopback port, real clients, and extra loopback source addresses
(127.0.0.x) standing in for other clients. Each test is bounded in time."""

import resource
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from .conftest import start_server, stop_server, wait_until

SERVER_TIMEOUT = 30       # seconds: the default, so that a hog really holds its worker for as long as the report saw
MAX_CONNECTIONS = 100
PER_CLIENT = 32
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
PEOPLE = "SELECT ?person WHERE { ?person a <https://w3id.org/kgraph/ontology#Person> } ORDER BY ?person"
FIXTURE_PEOPLE = ["https://w3id.org/kgraph/id/person/movses-hakopian",
                  "https://w3id.org/kgraph/id/person/nikol-pashinyan"]


@pytest.fixture(scope="module")
def redteam_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("redteam2")
    process, base = start_server(tmp, "--timeout", str(SERVER_TIMEOUT), "--workers", "2",
                                 "--max-connections", str(MAX_CONNECTIONS), "--max-answer-mb", "1")
    yield base
    stop_server(process)


@pytest.fixture(autouse=True)
def _healed(request):
    """Each attack starts on a whole pool: an earlier one (the hogs of test 2) has its workers killed when the
    clients give up, and their replacements take a moment to start on a busy machine."""
    if "redteam_server" in request.fixturenames:
        base = request.getfixturevalue("redteam_server")
        assert wait_until(lambda: httpx.get(base + "/health", timeout=10).status_code == 200, 60)


def _port(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def _client(source: str, timeout: float) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=timeout)


def _half_sent(base: str, source: str, count: int) -> list[socket.socket]:
    """`count` connections from `source` that send half a request and never finish it."""
    opened = []
    for _ in range(count):
        sock = socket.socket()
        sock.bind((source, 0))
        try:
            sock.connect(("127.0.0.1", _port(base)))
            sock.send(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        except OSError:
            pass  # refused and closed by the server at once: that is the point
        opened.append(sock)
    return opened


@pytest.fixture()
def many_files():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(soft, 4096), hard), hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_1_a_thousand_half_sent_connections_from_one_address_do_not_take_the_endpoint_down(redteam_server,
                                                                                          many_files):
    flood = _half_sent(redteam_server, "127.0.0.2", 1000)
    try:
        with _client("127.0.0.3", 30) as other:
            health = other.get(redteam_server + "/health")
            assert health.status_code == 200 and health.json()["status"] == "ok"
            answer = other.post(redteam_server + "/sparql", data={"query": "ASK {}"})
            assert answer.status_code == 200 and answer.json()["boolean"] is True
        # the flooder itself is told why, at once
        with socket.create_connection(("127.0.0.1", _port(redteam_server)), source_address=("127.0.0.2", 0),
                                      timeout=10) as sock:
            assert sock.recv(4096).startswith(b"HTTP/1.1 429 Too Many Requests")
    finally:
        for sock in flood:
            sock.close()


def test_1_health_answers_honestly_when_the_global_connection_limit_is_reached(redteam_server, many_files):
    flood = [s for n in range(2, 6) for s in _half_sent(redteam_server, f"127.0.0.{n}", PER_CLIENT)]  # 128 > 100
    try:
        time.sleep(0.5)
        with _client("127.0.0.9", 30) as other:
            health = other.get(redteam_server + "/health")
            assert health.status_code == 200 and health.json()["alive_workers"] == 2
            refused = other.post(redteam_server + "/sparql", data={"query": "ASK {}"})
            assert refused.status_code == 503 and refused.headers["x-kgraph-error"] == "limit"
    finally:
        for sock in flood:
            sock.close()
    time.sleep(0.5)
    assert httpx.post(redteam_server + "/sparql", data={"query": "ASK {}"}, timeout=30).status_code == 200


def test_2_two_hogs_from_two_addresses_do_not_stall_a_quick_query(redteam_server):
    answers = {}

    def hog(source: str) -> None:
        # the client gives up after 12 s (its disconnect stops the query), so the test never waits for 30 s
        with _client(source, 12) as client:
            try:
                answers[source] = client.post(redteam_server + "/sparql", data={"query": f"{HEAVY} # {source}"})
            except httpx.TimeoutException:
                answers[source] = "gave up"

    hogs = [threading.Thread(target=hog, args=(source,)) for source in ("127.0.0.2", "127.0.0.3")]
    for thread in hogs:
        thread.start()
    time.sleep(2)  # both hogs past the long-query threshold
    with _client("127.0.0.4", 60) as victim:
        started = time.monotonic()
        answer = victim.post(redteam_server + "/sparql", data={"query": PEOPLE})
        elapsed = time.monotonic() - started
    for thread in hogs:
        thread.join()
    assert answer.status_code == 200
    assert [row["person"]["value"] for row in answer.json()["results"]["bindings"]] == FIXTURE_PEOPLE
    assert elapsed < 10, elapsed  # the report's victim waited 29.5 s
    refused = [a for a in answers.values() if a != "gave up"]
    assert len(refused) == 1 and refused[0].status_code == 429, answers
    assert refused[0].headers["x-kgraph-error"] == "long-queries" and refused[0].headers["retry-after"] == "5"


def test_2_one_ipv6_64_is_one_client():
    from kgraph.serve._clients import client_key

    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:ffff:1:2:3") == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key("::ffff:192.0.2.7") == client_key("192.0.2.7") == "192.0.2.7"
    assert client_key("192.0.2.7") != client_key("192.0.2.8")


def test_3_a_31_kb_accept_header_does_not_stall_the_event_loop(redteam_server):
    accept = ("*/*;q=0.1," * 3000)[:31000]   # fits under --max-head-kb 32
    deadline = time.monotonic() + 4
    statuses, probes = [], []

    def attacker(source: str) -> None:
        with _client(source, 30) as client:
            while time.monotonic() < deadline:
                answer = client.get(redteam_server + "/sparql", params={"query": "ASK {}"}, headers={"Accept": accept})
                statuses.append((answer.status_code, answer.headers["content-type"]))

    def prober() -> None:
        with _client("127.0.0.5", 30) as client:
            while time.monotonic() < deadline:
                started = time.monotonic()
                assert client.get(redteam_server + "/health").status_code == 200
                probes.append(time.monotonic() - started)
                time.sleep(0.1)

    with ThreadPoolExecutor(5) as pool:
        for future in [pool.submit(attacker, f"127.0.0.{n}") for n in range(11, 15)] + [pool.submit(prober)]:
            future.result(timeout=60)
    assert set(statuses) == {(200, "application/sparql-results+json")}
    probes.sort()
    assert probes[len(probes) // 2] < 0.25, probes  # the report: p50 0.43 s (22 ms without the attack)


def test_3_only_the_first_32_media_ranges_are_read(redteam_server):
    read = httpx.get(redteam_server + "/sparql", params={"query": "ASK {}"},
                     headers={"Accept": "x/y, " * 31 + "text/csv"}, timeout=30)
    assert read.status_code == 200 and read.headers["content-type"] == "text/csv; charset=utf-8"
    past = httpx.get(redteam_server + "/sparql", params={"query": "ASK {}"},
                     headers={"Accept": "x/y, " * 32 + "text/csv"}, timeout=30)
    assert past.status_code == 406 and past.headers["x-kgraph-error"] == "not-acceptable"


@pytest.mark.parametrize("query", ["SELECT (<http://example.org/f>(1) AS ?x) WHERE {}",
                                   "SELECT ?x WHERE { BIND(xsd:int(\"1\") AS ?x) }",
                                   "SELECT ?x WHERE { BIND(xsd:unsignedLong(\"1\") AS ?x) }"])
def test_4_an_unknown_function_or_cast_is_a_400_without_a_class_name(redteam_server, query):
    answer = httpx.post(redteam_server + "/sparql", data={"query": query}, timeout=30)
    assert answer.status_code == 400 and answer.headers["x-kgraph-error"] == "evaluation"
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert "is not supported" in answer.text and "Error" not in answer.text


def test_5_the_byte_cap_counts_the_serialised_answer(redteam_server):
    n = 19  # a string of 786 432 U+0001: 0.75 MB as characters, 4.5 MB as JSON (each one is \u0001)
    binds = ['BIND("\\u0001" AS ?v0)'] + [f"BIND(CONCAT(?v{i},?v{i}) AS ?v{i + 1})" for i in range(n)]
    query = "SELECT ?x WHERE { " + " ".join(binds) + f" BIND(CONCAT(?v{n},?v{n - 1}) AS ?x) }}"
    for accept in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv"):
        answer = httpx.post(redteam_server + "/sparql", data={"query": query}, headers={"Accept": accept},
                            timeout=60)
        assert answer.status_code == 200 and answer.headers["x-kgraph-truncated"] == "true", accept
        assert answer.headers["x-kgraph-rows"] == "0" and len(answer.content) <= 2**20
        assert "limit: 1 MB" in answer.headers["warning"]


def test_6_sparql_xml_results_stay_well_formed_with_control_characters(redteam_server):
    from xml.dom import minidom

    for literal in ('"a\\u0001b"', '"a\\bb"', '"a\\fb"'):
        answer = httpx.post(redteam_server + "/sparql", data={"query": f"SELECT ?x WHERE {{ BIND({literal} AS ?x) }}"},
                            headers={"Accept": "application/sparql-results+xml"}, timeout=30)
        assert answer.status_code == 200
        value = minidom.parseString(answer.content).getElementsByTagName("literal")[0].firstChild.data
        assert value == "a\ufffdb"


def test_7_rdf_xml_for_a_predicate_without_an_xml_name_is_a_406(redteam_server):
    query = ("CONSTRUCT { ?s <http://example.org/123> ?o } WHERE { ?s a kg:Person ; rdfs:label ?o } LIMIT 2")
    answer = httpx.post(redteam_server + "/sparql", data={"query": query}, headers={"Accept": "application/rdf+xml"},
                        timeout=30)
    assert answer.status_code == 406 and answer.headers["x-kgraph-error"] == "not-acceptable"
    assert "<http://example.org/123> does not end in an XML name" in answer.text
    turtle = httpx.post(redteam_server + "/sparql", data={"query": query}, headers={"Accept": "text/turtle"},
                        timeout=30)
    assert turtle.status_code == 200 and "<http://example.org/123>" in turtle.text


def test_8_rand_now_uuid_and_bnode_answers_are_never_cached(redteam_server):
    query = "SELECT (RAND() AS ?r) (NOW() AS ?n) (STRUUID() AS ?u) (BNODE() AS ?b) {}"
    answers = [httpx.get(redteam_server + "/sparql", params={"query": query}, timeout=30) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert len({a.json()["results"]["bindings"][0]["u"]["value"] for a in answers}) == 3
    for answer in answers:
        assert answer.headers["cache-control"] == "no-store" and "etag" not in answer.headers
        assert answer.headers["x-kgraph-cache"] == "off"
    for call in ("UUID()", "NOW()"):
        one = {"query": f"SELECT (STR({call}) AS ?x) {{}} # {call}"}
        assert httpx.get(redteam_server + "/sparql", params=one, timeout=30).headers["cache-control"] == "no-store"
    plain = httpx.get(redteam_server + "/sparql", params={"query": "SELECT (1 AS ?x) {}"}, timeout=30)
    assert plain.headers["cache-control"].startswith("public") and "etag" in plain.headers


def _allocated(make):
    """What `make()` allocates and keeps, measured with tracemalloc as the report did."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    made = make()
    gc.collect()
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return made, kept


@pytest.mark.parametrize("query", ["SELECT * WHERE { VALUES ?x { " + " ".join(["1"] * 31000) + " } }",
                                   "SELECT * WHERE { " + " ".join(["FILTER(1)"] * 6000) + " }"])
def test_9_the_cache_charges_a_plan_what_it_really_holds(query):
    from kgraph.namespaces import PREFIXES
    from kgraph.serve._answers import plan_bytes
    from kgraph.serve._inspect import Limits, inspect

    prefixes = {prefix: str(iri) for prefix, iri in PREFIXES.items()}
    plan, kept = _allocated(lambda: inspect(query, prefixes=prefixes, services={}, limits=Limits(seconds=30)))
    kept += len(query)  # the text as sent, allocated before the measure, is kept by the plan (ASCII: 1 byte each)
    assert 0.9 * kept <= plan_bytes(plan) <= 1.5 * kept, (plan_bytes(plan), kept)  # was 1.6-1.7x under


def test_9_a_non_ascii_plan_is_charged_the_utf8_copy_pickling_adds():
    """Sending a plan's text to a worker pickles it, which leaves a UTF-8 copy inside a non-ASCII string object."""
    import pickle

    from kgraph.serve._answers import plan_bytes
    from kgraph.serve._inspect import Limits, inspect

    query = 'SELECT * WHERE { BIND("' + "é" * 30000 + '" AS ?x) }'

    def planned_charged_and_sent():  # as the server does: the plan is charged when kept, then sent
        plan = inspect(query, prefixes={}, services={}, limits=Limits(seconds=30))
        charged = plan_bytes(plan)
        pickle.dumps(plan.text)
        return plan, charged

    (_, charged), kept = _allocated(planned_charged_and_sent)
    kept += len(query)  # the text as sent, allocated before the measure, is kept by the plan (Latin-1: 1 byte each)
    assert 0.9 * kept <= charged <= 1.5 * kept, (charged, kept)  # was 0.6x: the UTF-8 copy uncharged


def test_9_the_cache_charges_rows_what_they_really_hold():
    import pickle

    from kgraph.formats import Term
    from kgraph.serve._answers import reply_bytes
    from kgraph.serve._messages import Rows

    def fresh(text: str) -> str:  # a string of its own, as each term a worker unpickles is
        return text[:1] + text[1:]

    rows = [[Term("uri", f"https://w3id.org/kgraph/id/person/p{n}"),
             Term("literal", f"label {n}", fresh("en"), fresh("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")),
             Term("literal", str(n), None, fresh("http://www.w3.org/2001/XMLSchema#integer")), None]
            for n in range(5000)]
    wire = pickle.dumps(Rows("SELECT", ["a", "b", "c", "d"], rows))
    reply, kept = _allocated(lambda: pickle.loads(wire))  # as the server receives a worker's reply
    assert 0.9 * kept <= reply_bytes(reply) <= 1.5 * kept, (reply_bytes(reply), kept)  # was 64 bytes a row: 12x under


def test_10_no_swagger_ui_nor_openapi_schema(redteam_server):
    for path in ("/api", "/api/openapi.json", "/docs", "/openapi.json", "/redoc"):
        assert httpx.get(redteam_server + path, timeout=30).status_code == 404, path
    assert "cdn." not in httpx.get(redteam_server + "/", timeout=30).text


def test_10_protocol_oddities_are_a_400(redteam_server):
    update_in_url = httpx.post(redteam_server + "/sparql", params={"update": "CLEAR ALL"}, content="ASK {}",
                               headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert update_in_url.status_code == 400 and update_in_url.headers["x-kgraph-error"] == "protocol"
    assert "not in the URL" in update_in_url.text
    two_queries = httpx.post(redteam_server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                             data={"query": "ASK {}"}, timeout=30)
    assert two_queries.status_code == 400 and two_queries.headers["x-kgraph-error"] == "protocol"
    body_and_url = httpx.post(redteam_server + "/sparql", params={"query": "ASK {}"}, content="ASK {}",
                              headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert body_and_url.status_code == 400
    # the protocol's own URL parameters next to a body stay allowed
    graph = httpx.post(redteam_server + "/sparql", content="ASK { ?s ?p ?o }",
                       params={"default-graph-uri": "https://w3id.org/kgraph/graph/asserted"},
                       headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert graph.status_code == 200 and graph.json()["boolean"] is True


# ---- the third red team (issue 12's changes) ----

FORTY = " ".join(map(str, range(40)))
MANY_ROWS = f"SELECT ?n WHERE {{ VALUES ?a {{ {FORTY} }} VALUES ?b {{ {FORTY} }} BIND(?a * 100 + ?b AS ?n) }}"  # 1 600
BROWSER = {"Accept": "text/html"}


def test_11_a_results_page_is_bounded_and_kept_with_its_answer(redteam_server):
    """A large answer's page was rendered again, on the event loop, at every cache hit: one client stalled all."""
    first = httpx.get(redteam_server + "/sparql", params={"query": MANY_ROWS}, headers=BROWSER, timeout=30)
    assert first.status_code == 200 and first.headers["content-type"] == "text/html; charset=utf-8"
    assert "1600 rows; the first 1000 are shown here" in first.text
    assert first.text.count("<tr>") == 1001  # the header row and 1000 rows
    cached = httpx.get(redteam_server + "/health", timeout=30).json()["cached_answers_bytes"]
    answer = httpx.get(redteam_server + "/sparql", params={"query": MANY_ROWS}, timeout=30)
    assert answer.headers["x-kgraph-cache"] == "hit"
    assert cached >= len(answer.content) + len(first.content)  # the answer and its page, both kept
    again = httpx.get(redteam_server + "/sparql", params={"query": MANY_ROWS}, headers=BROWSER, timeout=30)
    assert again.headers["x-kgraph-cache"] == "hit" and again.content == first.content


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("graph", [">", "", "rel", "not an iri", "a\nb", "http://a/%ZZ"])
def test_11_a_graph_that_is_not_an_absolute_iri_is_a_400(redteam_server, parameter, graph):
    answer = httpx.get(redteam_server + "/sparql", params={"query": "ASK {}", parameter: graph}, timeout=30)
    assert answer.status_code == 400 and answer.headers["x-kgraph-error"] == "graph", answer.text
    assert "is not an absolute IRI" in answer.text


@pytest.mark.parametrize("path", ["person/a%25", "person/%ff", "person/" + "a" * 30000])
def test_11_a_page_path_that_is_no_iri_of_ours_is_a_plain_404(redteam_server, path):
    answer = httpx.get(redteam_server + "/kgraph/id/" + path, headers=BROWSER, timeout=30)
    assert answer.status_code == 404 and "SELECT" not in answer.text and len(answer.text) < 10_000


def test_11_a_request_the_http_parser_refuses_carries_the_error_header(redteam_server):
    with socket.create_connection(("127.0.0.1", _port(redteam_server)), timeout=30) as connection:
        connection.sendall(b"GET /sparql?query=ASK%7B%7D\xff HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = b""
        while chunk := connection.recv(4096):
            answer += chunk
    head = answer.split(b"\r\n\r\n")[0].lower()
    assert head.startswith(b"http/1.1 400 ") and b"x-kgraph-error: protocol" in head, answer


def test_11_a_page_shows_its_own_query_text_not_one_that_shares_its_answer(redteam_server):
    noted = "# a note of the first client\n" + MANY_ROWS
    first = httpx.get(redteam_server + "/sparql", params={"query": noted}, headers=BROWSER, timeout=30)
    second = httpx.get(redteam_server + "/sparql", params={"query": MANY_ROWS}, headers=BROWSER, timeout=30)
    assert "a note of the first client" in first.text and "a note of the first client" not in second.text
