"""`kgraph publish` → `kgraph serve --store` in `make test`: the fixture project published to a real Oxigraph (the
`test` extra's binary, no Debian package), served by our front with the same options as the session's embedded
server, gives the same answers; the store's own time limit is a 422. A few seconds; the
whole comparison (every competency query, Virtuoso, the stores' safety settings) is in the `stores` tests.
"""

import json
import xml.etree.ElementTree as ET

import httpx
import pytest
from stores import oxigraph_server

from kgraph.build import build
from kgraph.publish import publish
from tests.e2e.conftest import FIXTURE_PROJECT, MAX_ROWS, TIMEOUT, start_server, stop_server

PEOPLE = "SELECT ?person WHERE { ?person a <https://w3id.org/kgraph/ontology#Person> } ORDER BY ?person"
SAME_ANSWERS = [
    (PEOPLE, "application/sparql-results+json"),
    (PEOPLE, "text/csv"),
    ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", "application/sparql-results+json"),  # past the row cap
    ("SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label",
     "application/sparql-results+xml"),
    ("ASK { ?person a <https://w3id.org/kgraph/ontology#Person> }", "application/sparql-results+json"),
    ("ASK { ?s a <https://w3id.org/kgraph/ontology#NoSuchClass> }", "text/csv"),
    ("CONSTRUCT { ?person a <https://w3id.org/kgraph/ontology#Person> } WHERE "
     "{ ?person a <https://w3id.org/kgraph/ontology#Person> }", "application/n-triples"),
]
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def store_front(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("store-smoke")
    built = build(FIXTURE_PROJECT, cache_dir=tmp / "cache").built
    with oxigraph_server(tmp / "db", None, "--timeout-s", "1") as oxigraph:
        publish(built, f"{oxigraph}/store", sparql_url=f"{oxigraph}/query")
        process, base = start_server(tmp, "--store", f"{oxigraph}/query", "--timeout", str(TIMEOUT), "--max-rows",
                                     str(MAX_ROWS))
        yield base
        stop_server(process)


def _parsed(response: httpx.Response) -> object:
    """The answer as data: the two backends' writers differ only in whitespace (and a triple's order)."""
    media_type = response.headers["content-type"].split(";")[0]
    if media_type.endswith("+json"):
        return json.loads(response.text)
    if media_type.endswith("+xml"):
        return ET.canonicalize(response.text, strip_text=True)
    return sorted(response.text.splitlines()) if media_type == "application/n-triples" else response.text


@pytest.mark.parametrize(("query", "accept"), SAME_ANSWERS)
def test_the_store_front_answers_as_the_embedded_store(server, store_front, query, accept):
    embedded, external = (httpx.post(f"{base}/sparql", data={"query": query}, headers={"Accept": accept}, timeout=30)
                          for base in (server, store_front))
    assert (external.status_code, external.headers["content-type"]) == (200, embedded.headers["content-type"])
    assert embedded.status_code == 200
    assert _parsed(external) == _parsed(embedded)


def test_the_stores_time_limit_is_a_422(store_front):
    timed_out = httpx.get(f"{store_front}/sparql", params={"query": HEAVY}, timeout=30)
    assert timed_out.status_code == 422 and timed_out.headers["x-kgraph-error"] == "timeout", timed_out.text
    health = httpx.get(f"{store_front}/health", timeout=10).json()
    assert health["isolation"] == "external store"
