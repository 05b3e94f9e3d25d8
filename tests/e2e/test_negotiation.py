"""Content negotiation for people and programs: HTML views of the service description, VoID and query results for
browsers, the same RDF and SPARQL results as before for clients; `format=` with its aliases, lists and repeats, in
GET and POST forms; SPARQLWrapper with every return format it offers, by every request method."""

import html
import re
import warnings
import xml.dom.minidom

import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDF,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

from .conftest import MAX_ROWS

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PEOPLE = "SELECT ?person ?label WHERE { ?person a kg:Person ; rdfs:label ?label } ORDER BY ?label"
PASHINYAN = "https://w3id.org/kgraph/id/person/nikol-pashinyan"
CONSTRUCT = "CONSTRUCT WHERE { ?person a kg:Person ; rdfs:label ?label }"


def test_browsers_get_pages_for_the_service_description_and_void(client):
    for path, heading in (("/sparql", "Service description"), ("/.well-known/void", "VoID and DCAT description")):
        page = client.get(path, headers=BROWSER)
        assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
        assert f"<h1>{heading}</h1>" in page.text and "Vary" in page.headers
        assert "attachment" not in page.headers.get("content-disposition", "")
    description = client.get("/sparql", headers=BROWSER).text
    assert "sd:endpoint" in description and "sd:SPARQL11Query" in description
    void = client.get("/.well-known/void", headers=BROWSER).text
    assert "void:triples" in void and "/dumps/" in void


def test_every_navigation_link_opens_a_page_in_a_browser(client):
    """The navigation's links (Service description and VoID among them) are pages, not downloads."""
    nav = client.get("/", headers=BROWSER).text.split('<nav aria-label="site">', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'href="([^"]+)"', nav)
    assert "/sparql" in links and "/.well-known/void" in links
    for link in links:
        page = client.get(link, headers=BROWSER)
        assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8", link


@pytest.mark.parametrize("path", ["/sparql", "/.well-known/void"])
@pytest.mark.parametrize("headers, media_type", [({}, "text/turtle"), ({"Accept": "*/*"}, "text/turtle"),
                                                 ({"Accept": "application/rdf+xml"}, "application/rdf+xml"),
                                                 ({"Accept": "application/ld+json"}, "application/ld+json")])
def test_programs_get_the_descriptions_in_rdf_as_before(client, path, headers, media_type):
    response = client.get(path, headers=headers)
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media_type


def test_browsers_get_results_as_a_table_linking_to_local_pages(client):
    page = client.get("/sparql", params={"query": PEOPLE}, headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert "<th>person</th><th>label</th>" in page.text
    assert 'href="/kgraph/id/person/nikol-pashinyan"' in page.text          # the local page, not w3id.org
    assert 'href="https://w3id.org/kgraph/id/' not in page.text
    assert "Nikol Pashinyan" in page.text and html.escape(PEOPLE, quote=False) in page.text
    graph = client.get("/sparql", params={"query": CONSTRUCT}, headers=BROWSER)
    assert graph.status_code == 200 and 'href="/kgraph/id/person/nikol-pashinyan"' in graph.text
    assert "<th>subject</th><th>predicate</th><th>object</th>" in graph.text
    ask = client.get("/sparql", params={"query": "ASK { ?s a kg:Person }"}, headers=BROWSER)
    assert "The answer is <strong>true</strong>" in ask.text
    external = client.get("/sparql", params={"query": "SELECT ?w WHERE { ?p skos:exactMatch ?w }"}, headers=BROWSER)
    assert 'href="http://www.wikidata.org/entity/Q1000001"' in external.text  # others' IRIs stay as they are


def test_the_html_view_goes_through_the_same_path_as_the_results(client, listener):
    """Inspection, limits and the answer cache apply to the page as to the results it shows."""
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } # html view " + str(id(client))
    first = client.get("/sparql", params={"query": query})
    assert first.headers["x-kgraph-cache"] == "miss"
    page = client.get("/sparql", params={"query": query}, headers=BROWSER)
    assert page.headers["x-kgraph-cache"] == "hit"                        # the same evaluated answer
    assert page.headers["x-kgraph-truncated"] == "true" and page.headers["x-kgraph-rows"] == str(MAX_ROWS)
    assert page.text.count("<tr><td>") == MAX_ROWS and f"at most {MAX_ROWS} rows" in page.text
    refused = client.get("/sparql", headers=BROWSER, params={
        "query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"})
    assert refused.status_code == 403 and refused.headers["x-kgraph-error"] == "service"
    syntax = client.get("/sparql", params={"query": "SELECT * WHERE {"}, headers=BROWSER)
    assert syntax.status_code == 400 and syntax.headers["x-kgraph-error"] == "syntax"
    assert listener.connections == []


FORMAT_ALIASES = [  # (query form, format= value, content type)
    ("SELECT", "json", "application/sparql-results+json"), ("SELECT", "xml", "application/sparql-results+xml"),
    ("SELECT", "csv", "text/csv"), ("SELECT", "tsv", "text/tab-separated-values"),
    ("SELECT", "application/sparql-results+xml", "application/sparql-results+xml"),
    ("SELECT", "text/tab-separated-values", "text/tab-separated-values"),
    ("ASK", "xml", "application/sparql-results+xml"), ("ASK", "json", "application/sparql-results+json"),
    ("CONSTRUCT", "turtle", "text/turtle"), ("CONSTRUCT", "ttl", "text/turtle"), ("CONSTRUCT", "n3", "text/turtle"),
    ("CONSTRUCT", "text/n3", "text/turtle"), ("CONSTRUCT", "nt", "application/n-triples"),
    ("CONSTRUCT", "ntriples", "application/n-triples"), ("CONSTRUCT", "json-ld", "application/ld+json"),
    ("CONSTRUCT", "jsonld", "application/ld+json"), ("CONSTRUCT", "json", "application/ld+json"),
    ("CONSTRUCT", "rdf", "application/rdf+xml"), ("CONSTRUCT", "rdfxml", "application/rdf+xml"),
    ("CONSTRUCT", "xml", "application/rdf+xml"), ("CONSTRUCT", "application/ld+json,application/x-json+ld",
                                                   "application/ld+json"),
    ("DESCRIBE", "text/turtle", "text/turtle"), ("DESCRIBE", "RDF+XML", "application/rdf+xml"),
]
QUERIES = {"SELECT": PEOPLE, "ASK": "ASK { ?s a kg:Person }", "CONSTRUCT": CONSTRUCT,
           "DESCRIBE": f"DESCRIBE <{PASHINYAN}>"}


@pytest.mark.parametrize("form, value, content_type", FORMAT_ALIASES)
def test_format_aliases_by_get_and_post_form(client, form, value, content_type):
    got = client.get("/sparql", params={"query": QUERIES[form], "format": value})
    posted = client.post("/sparql", data={"query": QUERIES[form], "format": value})
    for response in (got, posted):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == content_type
    assert got.content == posted.content


def test_repeated_format_values_and_format_against_accept(client):
    def content_type(params, headers=None, post=False):
        response = (client.post("/sparql", data=params, headers=headers) if post
                    else client.get("/sparql", params=params, headers=headers))
        return response.status_code, response.headers["content-type"].split(";")[0]

    # the first value that names a format on offer wins, in the request's order
    assert content_type([("query", PEOPLE), ("format", "tsv"), ("format", "text/tab-separated-values")]) == (
        200, "text/tab-separated-values")
    assert content_type([("query", PEOPLE), ("format", "turtle"), ("format", "csv"), ("format", "xml")]) == (
        200, "text/csv")
    assert content_type([("query", PEOPLE), ("format", "xml"), ("format", "csv")]) == (
        200, "application/sparql-results+xml")
    # format= wins over Accept when it names something on offer; otherwise Accept decides; neither: 406
    assert content_type({"query": PEOPLE, "format": "csv"}, {"Accept": "application/sparql-results+xml"}) == (
        200, "text/csv")
    assert content_type({"query": PEOPLE, "format": "turtle"}, {"Accept": "application/sparql-results+xml"}) == (
        200, "application/sparql-results+xml")
    assert content_type({"query": PEOPLE, "format": "bogus"}, {"Accept": "*/*"}) == (
        200, "application/sparql-results+json")
    assert content_type({"query": PEOPLE, "format": "bogus"}, {"Accept": ""})[0] == 406
    # in a POST form, the URL's format= values come before the body's
    response = client.post("/sparql?format=csv", data={"query": PEOPLE, "format": "xml"})
    assert response.headers["content-type"].startswith("text/csv")


def _check(form: str, return_format: str, result) -> None:
    if form in ("SELECT", "ASK") and return_format == JSON:
        assert (PASHINYAN in str(result)) if form == "SELECT" else result["boolean"] is True
    elif return_format == XML and form in ("SELECT", "ASK"):
        assert isinstance(result, xml.dom.minidom.Document)
    elif return_format in (CSV, TSV):
        assert (PASHINYAN in result.decode()) if form == "SELECT" else result.decode().strip() == "true"
    elif return_format in (N3, TURTLE):
        assert (URIRef(PASHINYAN), None, None) in Graph().parse(data=result, format="turtle")
    else:  # RDF, RDFXML, XML, JSONLD, JSON for CONSTRUCT and DESCRIBE: rdflib graphs
        assert isinstance(result, Graph) and (URIRef(PASHINYAN), None, None) in result


SPARQLWRAPPER = [(form, return_format) for form in ("SELECT", "ASK") for return_format in (JSON, XML, CSV, TSV)] + [
    (form, return_format) for form in ("CONSTRUCT", "DESCRIBE")
    for return_format in (TURTLE, N3, RDF, RDFXML, XML, JSONLD, JSON)]


@pytest.mark.parametrize("method, request_method", [(GET, None), (POST, URLENCODED), (POST, POSTDIRECTLY)],
                         ids=["get", "post-urlencoded", "post-direct"])
@pytest.mark.parametrize("form, return_format", SPARQLWRAPPER)
def test_sparqlwrapper_with_every_return_format(server, method, request_method, form, return_format):
    wrapper = SPARQLWrapper(server + "/sparql")
    wrapper.setQuery(QUERIES[form])
    wrapper.setMethod(method)
    if request_method:
        wrapper.setRequestMethod(request_method)
    wrapper.setReturnFormat(return_format)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # SPARQLWrapper warns when the answer is not what it asked
        # ... and, for RDF and JSON on CONSTRUCT/DESCRIBE, that it sends Accept */* (its choice; format= says it)
        warnings.filterwarnings("ignore", "Sending Accept header '\\*/\\*'", RuntimeWarning)
        _check(form, return_format, wrapper.queryAndConvert())
