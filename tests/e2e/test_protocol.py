"""SPARQL 1.1 Protocol against the real server: httpx for the edge cases, SPARQLWrapper and rdflib's SPARQLStore
as standard clients."""

import csv
import io
import json

import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

PEOPLE = "SELECT ?person ?label WHERE { ?person a kg:Person ; rdfs:label ?label } ORDER BY ?label"
PASHINYAN = "https://w3id.org/kgraph/id/person/nikol-pashinyan"


def people(payload: dict) -> list[str]:
    return [b["person"]["value"] for b in payload["results"]["bindings"]]


def test_get_post_form_and_post_direct_agree(client):
    by_get = client.get("/sparql", params={"query": PEOPLE})
    by_form = client.post("/sparql", data={"query": PEOPLE})
    by_body = client.post("/sparql", content=PEOPLE, headers={"Content-Type": "application/sparql-query"})
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/sparql-results+json"
        assert PASHINYAN in people(response.json())
    assert by_get.json() == by_form.json() == by_body.json()


@pytest.mark.parametrize("accept, content_type", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("application/json", "application/sparql-results+json"),
])
def test_select_formats_by_accept(client, accept, content_type):
    response = client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert "nikol-pashinyan" in response.text


@pytest.mark.parametrize("accept, content_type, rdflib_format", [
    ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
@pytest.mark.parametrize("query", ["CONSTRUCT WHERE { ?s a kg:Person }", f"DESCRIBE <{PASHINYAN}>"])
def test_graph_forms_by_accept(client, accept, content_type, rdflib_format, query):
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == content_type
    graph = Graph().parse(data=response.text, format=rdflib_format)
    assert (URIRef(PASHINYAN), None, None) in graph


def test_defaults_and_format_parameter(client):
    ask = client.get("/sparql", params={"query": "ASK { ?s a kg:Statement }"})
    assert ask.headers["content-type"] == "application/sparql-results+json" and ask.json()["boolean"] is True
    construct = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s a kg:Person }"})
    assert construct.headers["content-type"].startswith("text/turtle")
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    as_csv = client.get("/sparql", params={"query": PEOPLE, "format": "csv"}, headers=browser)
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert next(row[0] for row in csv.reader(io.StringIO(as_csv.text))) == "person"


def test_406_for_a_type_we_cannot_produce(client):
    assert client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                      headers={"Accept": "text/csv"}).status_code == 406


def test_syntax_error_is_400_with_line_and_column(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p }"})
    assert response.status_code == 400
    assert "2:" in response.text and "syntax error" in response.text.lower()
    assert "Traceback" not in response.text


def test_predeclared_prefixes_and_query_prefixes_win(client):
    assert people(client.get("/sparql", params={"query": PEOPLE}).json())
    own = "PREFIX kg: <http://example.org/other#> ASK { ?s a kg:Person }"
    assert client.get("/sparql", params={"query": own}).json()["boolean"] is False


def test_default_graph_is_asserted_plus_inferred_and_named_graphs_are_addressable(client):
    def count(query, **params):
        response = client.get("/sparql", params={"query": query, **params})
        assert response.status_code == 200, response.text
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    total = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    asserted = count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH kgg:asserted { ?s ?p ?o } }")
    inferred = count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH kgg:inferred { ?s ?p ?o } }")
    assert total == asserted + inferred and inferred > 0
    assert count("SELECT (COUNT(*) AS ?n) FROM kgg:asserted WHERE { ?s ?p ?o }") == asserted
    assert count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                 **{"default-graph-uri": "https://w3id.org/kgraph/graph/asserted"}) == asserted
    assert count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH kgg:ontology { ?s ?p ?o } }") > 0
    assert count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH kgg:shapes { ?s ?p ?o } }") > 0
    named = client.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                          "named-graph-uri": "https://w3id.org/kgraph/graph/inferred"})
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == ["https://w3id.org/kgraph/graph/inferred"]


def test_unknown_graph_is_an_empty_graph(client):
    response = client.get("/sparql", params={"query": PEOPLE, "default-graph-uri": "http://example.org/g"})
    assert response.status_code == 200 and response.json()["results"]["bindings"] == []


def test_service_description(client, server):
    response = client.get("/sparql")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = URIRef(server + "/sparql")
    assert (endpoint, URIRef(sd + "endpoint"), endpoint) in graph
    assert (endpoint, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    as_jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert as_jsonld.headers["content-type"] == "application/ld+json" and json.loads(as_jsonld.text)


def test_row_cap_is_signalled(client):
    from .conftest import MAX_ROWS

    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert response.headers["X-Kgraph-Truncated"] == "true"
    assert response.headers["X-Kgraph-Max-Rows"] == str(MAX_ROWS)
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    small = client.get("/sparql", params={"query": PEOPLE})
    assert small.headers["X-Kgraph-Truncated"] == "false"


def test_cors_for_reads(client):
    response = client.get("/sparql", params={"query": PEOPLE}, headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    preflight = client.options("/sparql", headers={"Origin": "https://example.org",
                                                   "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == "*"


def test_unsupported_post_body_is_415(client):
    assert client.post("/sparql", content="x", headers={"Content-Type": "text/plain"}).status_code == 415


@pytest.mark.parametrize("return_format, check", [
    (JSON, lambda r: PASHINYAN in [b["person"]["value"] for b in r["results"]["bindings"]]),
    (XML, lambda r: PASHINYAN in r.toxml()),
    (CSV, lambda r: b"nikol-pashinyan" in r),
])
def test_sparqlwrapper_select(server, return_format, check):
    wrapper = SPARQLWrapper(server + "/sparql")
    wrapper.setQuery("PREFIX kg: <https://w3id.org/kgraph/ontology#>\n"
                     "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + PEOPLE)
    wrapper.setReturnFormat(return_format)
    assert check(wrapper.query().convert())


def test_sparqlwrapper_construct_turtle_and_post(server):
    wrapper = SPARQLWrapper(server + "/sparql")
    wrapper.setQuery("CONSTRUCT WHERE { ?s a <https://w3id.org/kgraph/ontology#Person> }")
    wrapper.setReturnFormat(TURTLE)
    wrapper.setMethod("POST")
    graph = Graph().parse(data=wrapper.query().convert(), format="turtle")
    assert (URIRef(PASHINYAN), None, None) in graph


def test_rdflib_sparqlstore(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server + "/sparql")
    graph = Graph(store=store)
    rows = list(graph.query(f"SELECT ?label WHERE {{ <{PASHINYAN}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"))
    assert [str(row[0]) for row in rows] == ["Nikol Pashinyan"]
    assert graph.query("ASK { ?s a <https://w3id.org/kgraph/ontology#Statement> }").askAnswer is True
    triples = list(graph.triples((URIRef(PASHINYAN), None, None)))
    assert triples
