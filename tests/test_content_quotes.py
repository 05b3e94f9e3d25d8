"""Every quote is the exact substring of the stored article at its offsets; the stored article matches its checksum."""

import hashlib

from rdflib import URIRef
from rdflib.namespace import RDF

from content_graph import ARTICLE, ROOT, asserted_graph

OA = "http://www.w3.org/ns/oa#"
KG = "https://w3id.org/kgraph/ontology#"
SOURCE = URIRef("https://w3id.org/kgraph/id/source/nee-2021-04-27-schrodingers-iskanders")


def article_text() -> str:
    return ARTICLE.read_bytes().decode("utf-8")


def test_every_selector_matches_the_article_at_its_offsets():
    graph = asserted_graph()
    text = article_text()
    selectors = list(graph.subjects(RDF.type, URIRef(OA + "TextQuoteSelector")))
    assert len(selectors) >= 50
    for selector in selectors:
        exact = str(graph.value(selector, URIRef(OA + "exact")))
        start = int(graph.value(selector, URIRef(OA + "start")))
        end = int(graph.value(selector, URIRef(OA + "end")))
        assert text[start:end] == exact, f"{selector}: offsets {start}-{end} do not select its oa:exact"


def test_every_quote_points_to_the_article():
    graph = asserted_graph()
    quotes = list(graph.subjects(RDF.type, URIRef(KG + "Quote")))
    assert quotes
    for quote in quotes:
        assert graph.value(quote, URIRef(OA + "hasSource")) == SOURCE


def test_checksum_file_matches_the_article():
    digest = hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    line = (ROOT / "data" / "sources" / "article.txt.sha256").read_text(encoding="utf-8").split()
    assert line == [digest, "article.txt"]


def test_checksum_in_the_graph_matches_the_article():
    digest = hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    assert str(asserted_graph().value(SOURCE, URIRef(KG + "sha256"))) == digest


def test_every_statement_quote_resolves():
    graph = asserted_graph()
    for statement in graph.subjects(RDF.type, URIRef(KG + "Statement")):
        quotes = list(graph.objects(statement, URIRef(KG + "quote")))
        assert quotes, f"{statement} has no quote"
        for quote in quotes:
            assert (quote, RDF.type, URIRef(KG + "Quote")) in graph, f"{statement}: {quote} is not a kg:Quote"
