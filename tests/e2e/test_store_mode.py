"""`kgraph publish` → `kgraph serve --store`: a real Oxigraph server evaluates, our HTTP front answers the same.

Every competency query gets the same answer from the embedded store and from the external one; the front's safety
(updates refused, SERVICE allow-list) still applies in store mode.
"""

import json

import httpx
import pytest

from kgraph.publish import publish

from conftest import ROOT, oxigraph_server  # tests/conftest.py
from tests.e2e.conftest import start_server, stop_server

QUERIES = sorted(p for p in (ROOT / "queries").glob("*.rq") if not p.name.startswith("federated-"))


@pytest.fixture(scope="module")
def fronts(tmp_path_factory, built_project):
    """(embedded front, store-mode front), both `kgraph serve` over the project, the second over Oxigraph."""
    tmp = tmp_path_factory.mktemp("store-mode")
    with oxigraph_server(tmp / "oxigraph") as oxigraph:
        publish(built_project, f"{oxigraph}/store")
        embedded, embedded_url = start_server(tmp, project=ROOT)
        remote, remote_url = start_server(tmp, "--store", f"{oxigraph}/query", project=ROOT)
        try:
            yield embedded_url, remote_url
        finally:
            stop_server(embedded)
            stop_server(remote)


def _answer(base: str, query: str):
    response = httpx.post(f"{base}/sparql", data={"query": query},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text
    document = response.json()
    if "boolean" in document:
        return document["boolean"]
    return sorted(json.dumps(row, sort_keys=True) for row in document["results"]["bindings"])


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_every_competency_query_answers_the_same_from_the_external_store(fronts, query):
    embedded, remote = fronts
    text = query.read_text(encoding="utf-8")
    assert _answer(remote, text) == _answer(embedded, text)


def test_the_front_stays_read_only_and_guarded_in_store_mode(fronts):
    _, remote = fronts
    update = httpx.post(f"{remote}/sparql", data={"update": "CLEAR ALL"}, timeout=30)
    assert update.status_code == 403
    service = httpx.get(f"{remote}/sparql", params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"},
                        timeout=30)
    assert service.status_code == 403
    assert _answer(remote, "ASK { ?s a kg:Statement }") is True


def test_resource_pages_come_from_the_external_store(fronts):
    _, remote = fronts
    page = httpx.get(f"{remote}/kgraph/id/person/nikol-pashinyan", headers={"Accept": "text/turtle"}, timeout=30)
    assert page.status_code == 200 and "Pashinyan" in page.text
