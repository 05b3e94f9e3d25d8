"""Every error status the README lists, provoked as a client would against a real server, carries `X-Kgraph-Error`;
and retired identifiers answer 301 or 410."""

import os
import re
import shutil
import signal
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from .conftest import FIXTURE_PROJECT, descendants, start_server, stop_server, wait_until

README = Path(__file__).resolve().parents[2] / "README.md"
HEAVY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o "
         "FILTER(STR(?a) != STR(?o)) }")
REQUEST_TIMEOUT = 2
RETIRED = """@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@base <https://w3id.org/kgraph/id/> .
<person/pashinyan> owl:deprecated true ; dcterms:isReplacedBy <person/nikol-pashinyan> ;
    rdfs:label "Pashinyan (retired identifier)"@en ; skos:historyNote "renamed with the first name"@en .
<stance/all> owl:deprecated true ; dcterms:isReplacedBy <stance/affirms>, <stance/denies> ;
    rdfs:label "All stances (retired identifier)"@en ; skos:historyNote "split into one resource per stance"@en .
<stance/unsure> owl:deprecated true ; rdfs:label "Unsure (retired identifier)"@en ;
    skos:historyNote "dropped: no statement used it"@en .
"""


@pytest.fixture(scope="module")
def bounded(tmp_path_factory):
    """The fixture project with retired identifiers, served with small bounds so that each can be reached."""
    project = tmp_path_factory.mktemp("errors-project") / "project"
    shutil.copytree(FIXTURE_PROJECT, project)
    (project / "data" / "retired.ttl").write_text(RETIRED)
    process, base = start_server(tmp_path_factory.mktemp("errors"), "--workers", "1", "--timeout", "4",
                                 "--request-timeout", str(REQUEST_TIMEOUT), "--max-head-kb", "4",
                                 "--max-body-kb", "16", "--max-query-kb", "8", "--client-queries", "1",
                                 "--max-connections", "4", project=project)
    yield process, base
    stop_server(process)


def readme_statuses() -> set[int]:
    """The error statuses of the README's table of status codes."""
    table = README.read_text().split("**Status codes.**", 1)[1].split("\n\n", 2)[1]
    return {int(code) for row in table.splitlines() for code in re.findall(r"\d{3}", row.split("|")[1])
            if int(code) >= 400}


def _raw(base: str, data: bytes, wait: float = 0.0) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(data)
        time.sleep(wait)
        return connection.recv(65536)


def _worker_pids(process) -> list[int]:
    found = []
    for pid in descendants(process.pid):
        try:
            if b"kgraph.serve._worker" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found


def _healed(base: str) -> None:
    """Wait until the pool is whole again (a worker killed at a time limit keeps its client's share till then)."""
    assert wait_until(lambda: httpx.get(base + "/health", timeout=5).status_code == 200, 60)


def _during_heavy_query(base: str, action) -> httpx.Response:
    """The answer to a heavy query while `action()` runs one second into it."""
    _healed(base)
    answers = []
    running = threading.Thread(target=lambda: answers.append(
        httpx.get(base + "/sparql", params={"query": HEAVY}, timeout=60)))
    running.start()
    time.sleep(1)
    action()
    running.join()
    return answers[0]


def provoke(process, base: str) -> dict[int, tuple[str, httpx.Response | bytes]]:
    """Each status, provoked, with the `X-Kgraph-Error` it must carry (None: any)."""
    sparql = base + "/sparql"
    found = {
        400: ("syntax", httpx.get(sparql, params={"query": "SELECT * WHERE {"})),
        403: ("update", httpx.post(sparql, data={"update": "CLEAR ALL"})),
        404: ("not-found", httpx.get(base + "/no/such/page")),
        405: ("method", httpx.put(sparql, content=b"ASK {}")),
        406: ("not-acceptable", httpx.get(sparql, params={"query": "ASK {}"}, headers={"Accept": "image/png"})),
        410: ("retired", httpx.get(base + "/kgraph/id/stance/unsure", headers={"Accept": "text/html"})),
        413: ("limit", httpx.post(sparql, content=b"#" * 20_000,
                                  headers={"Content-Type": "application/sparql-query"})),
        414: ("limit", httpx.get(base + "/" + "x" * 5000)),
        415: ("media-type", httpx.post(sparql, content=b"ASK {}", headers={"Content-Type": "text/plain"})),
        422: ("timeout", httpx.get(sparql, params={"query": HEAVY}, timeout=60)),
        431: ("limit", httpx.get(sparql, headers={"X-Padding": "y" * 5000})),
    }
    found[408] = ("limit", _raw(base, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                                      b"Content-Length: 100\r\n\r\nASK", wait=REQUEST_TIMEOUT + 1))
    found[429] = ("client-busy", _during_heavy_query(base, lambda: found.__setitem__(
        "busy", httpx.get(sparql, params={"query": "ASK { ?s ?p ?o }"}))))
    found[429] = ("client-busy", found.pop("busy"))
    found[500] = ("engine-crash", _during_heavy_query(base, lambda: [os.kill(pid, signal.SIGSEGV)
                                                                     for pid in _worker_pids(process)]))
    _healed(base)
    sockets = [socket.create_connection(base.removeprefix("http://").split(":")) for _ in range(4)]
    try:
        found[503] = ("limit", httpx.get(sparql, params={"query": "ASK {}"}))  # /health is exempt
    finally:
        for connection in sockets:
            connection.close()
    return found


def test_every_error_status_the_readme_lists_carries_x_kgraph_error(bounded):
    process, base = bounded
    found = provoke(process, base)
    assert readme_statuses() - {502} <= set(found)  # 502: tests/e2e/test_hostile.py (an allowed SERVICE that fails)
    for status, (cause, response) in found.items():
        if isinstance(response, bytes):
            head = response.split(b"\r\n\r\n", 1)[0].decode().lower()
            assert head.startswith(f"http/1.1 {status} ") and f"x-kgraph-error: {cause}" in head, (status, head)
            continue
        assert response.status_code == status, (status, response.status_code, response.text)
        assert response.headers.get("x-kgraph-error") == cause, (status, dict(response.headers))
        assert "Traceback" not in response.text


def test_a_retired_iri_redirects_to_its_one_replacement_or_is_gone(bounded):
    _, base = bounded
    moved = httpx.get(base + "/kgraph/id/person/pashinyan", headers={"Accept": "text/turtle"})
    assert moved.status_code == 301 and moved.headers["location"] == "/kgraph/id/person/nikol-pashinyan"
    followed = httpx.get(base + "/kgraph/id/person/pashinyan", headers={"Accept": "text/turtle"},
                         follow_redirects=True)
    assert followed.status_code == 200 and "Nikol Pashinyan" in followed.text
    for path in ("/kgraph/id/stance/all", "/kgraph/id/stance/unsure"):
        page = httpx.get(base + path, headers={"Accept": "text/html"})
        assert page.status_code == 410 and page.headers["content-type"] == "text/html; charset=utf-8"
        assert page.headers["x-kgraph-error"] == "retired" and "<h1>Retired identifier</h1>" in page.text
        described = httpx.get(base + path, headers={"Accept": "text/turtle"})
        assert described.status_code == 410 and described.headers["content-type"].startswith("text/turtle")
        assert described.headers["x-kgraph-error"] == "retired" and "owl:deprecated" in described.text
    gone = httpx.get(base + "/kgraph/id/stance/all", headers={"Accept": "text/html"}).text
    assert 'href="/kgraph/id/stance/affirms"' in gone and "split into one resource per stance" in gone
