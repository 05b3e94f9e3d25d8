"""Linked Data pages, the ontology, the timeline, the article, VoID, the UI's page."""

import re

import pytest
from rdflib import Graph, URIRef

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
STATEMENT = "/kgraph/id/statement/pashinyan-did-not-explode"


def test_resource_page_for_browsers(client):
    page = client.get(STATEMENT, headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "Pashinyan says the missiles did not explode" in html            # label
    assert 'href="/kgraph/ontology#Statement"' in html                     # type, linked
    assert 'href="/kgraph/id/person/nikol-pashinyan"' in html              # property values link to their pages
    assert "they did not explode" in html                                  # the quote
    assert "/sources/article?start=169&amp;end=189#quote" in html          # its place in the article
    quote_page = client.get("/kgraph/id/quote/did-not-explode", headers=BROWSER).text
    assert 'id="selector"' in quote_page                                   # the #selector resource shown too
    assert "Incoming links" in quote_page and STATEMENT in quote_page


@pytest.mark.parametrize("accept, rdflib_format", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                                   ("application/n-triples", "nt")])
def test_resource_for_rdf_clients(client, accept, rdflib_format):
    response = client.get("/kgraph/id/quote/did-not-explode", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.text, format=rdflib_format)
    selector = URIRef("https://w3id.org/kgraph/id/quote/did-not-explode#selector")
    assert (selector, URIRef("http://www.w3.org/ns/oa#exact"), None) in graph


def test_unknown_iri_is_404(client):
    assert client.get("/kgraph/id/person/nobody", headers=BROWSER).status_code == 404
    assert client.get("/kgraph/id/person/nobody", headers={"Accept": "text/turtle"}).status_code == 404


def test_ontology_docs_and_turtle(client):
    page = client.get("/kgraph/ontology", headers=BROWSER)
    assert page.status_code == 200 and 'id="Statement"' in page.text and "A speech act" in page.text
    turtle = client.get("/kgraph/ontology", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef("https://w3id.org/kgraph/ontology"), None, None) in graph


def test_timeline(client):
    page = client.get("/timeline", headers=BROWSER)
    assert page.status_code == 200 and "<svg" in page.text
    assert page.text.count('class="statement"') == 3
    assert 'href="/kgraph/id/statement/ministry-denies-use"' in page.text
    assert "Russian Ministry of Defence — 2021-03-31 — denies" in page.text
    assert 'fill="#d73027"' in page.text and 'fill="#1a9850"' in page.text
    svg = client.get("/timeline", params={"format": "svg"})
    assert svg.headers["content-type"].startswith("image/svg+xml")


def test_article_and_highlight(client):
    raw = client.get("/sources/article.txt")
    assert raw.status_code == 200 and raw.text[169:189] == "they did not explode"
    page = client.get("/sources/article", params={"start": 169, "end": 189})
    assert '<mark id="quote">they did not explode</mark>' in page.text


def test_void(client, server):
    response = client.get("/.well-known/void")
    graph = Graph().parse(data=response.text, format="turtle")
    assert (None, URIRef("http://rdfs.org/ns/void#sparqlEndpoint"), URIRef(server + "/sparql")) in graph


def test_ui_page_is_self_contained(client):
    page = client.get("/", headers=BROWSER).text
    assert "/static/yasgui/yasgui.min.js" in page and "statements-by-stance" in page
    assert "cdn" not in page.lower() and not re.search(r'(src|href)="(https?:)?//', page.split("</head>")[0])
    assert not re.search(r'<script[^>]+src="(https?:)?//', page)
    assert client.get("/static/yasgui/yasgui.min.js").status_code == 200


def test_health_is_fast(client):
    response = client.get("/health")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_a_syntax_error_points_at_the_unexpected_token(client):
    response = client.post("/sparql", data={"query": "SELECT *\nWHERE { ?s ?p ?o .\n  FILTER( }"})
    assert response.status_code == 400 and response.headers["content-type"].startswith("text/plain")
    assert response.text.endswith("    3 |   FILTER( }\n      |           ^ unexpected '}'\n"), response.text
    ours = client.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT ~"})  # our tokenizer's refusal
    assert ours.status_code == 400
    assert ours.text.endswith("    1 | SELECT * WHERE { ?s ?p ?o } LIMIT ~\n      |                                   ^ unexpected '~'\n")


def test_favicon_and_navigation(client):
    page = client.get("/", headers=BROWSER).text
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert '<a href="/dumps/">Dumps</a>' in page
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"
    legacy = client.get("/favicon.ico")
    assert legacy.status_code == 308 and legacy.headers["location"] == "/static/favicon.svg"


def test_the_editor_shows_no_prefix_lines_but_lists_the_predeclared_ones(client):
    page = client.get("/", headers=BROWSER).text
    default_query = page.split("defaultQuery: ", 1)[1].split("\n", 1)[0]
    assert "PREFIX" not in default_query and "SELECT ?class" in default_query
    assert "<code>person:</code></td><td class=\"iri\">https://w3id.org/kgraph/id/person/</td>" in page
