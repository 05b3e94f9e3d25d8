"""Every quote is the exact substring of the stored article at its offsets, between its prefix and suffix; every
selector has one Web Annotation type; the stored article matches its checksum."""

import hashlib

from content_graph import ARTICLE, ROOT, asserted_graph, data
from rdflib import URIRef
from rdflib.namespace import RDF

from kgraph.curate import check_quotes

OA = "http://www.w3.org/ns/oa#"
KG = "https://w3id.org/kgraph/ontology#"
SOURCE = URIRef("https://w3id.org/kgraph/id/source/nee-2021-04-27-schrodingers-iskanders")


def article_text() -> str:
    return ARTICLE.read_bytes().decode("utf-8")


def selectors(quote) -> tuple:
    graph = asserted_graph()
    chosen = list(graph.objects(quote, URIRef(OA + "hasSelector")))
    [text] = [s for s in chosen if (s, RDF.type, URIRef(OA + "TextQuoteSelector")) in graph]
    [position] = [s for s in chosen if (s, RDF.type, URIRef(OA + "TextPositionSelector")) in graph]
    return text, position


def quotes() -> list:
    return list(asserted_graph().subjects(RDF.type, URIRef(KG + "Quote")))


def test_every_quote_is_at_its_offsets_between_its_prefix_and_suffix():
    """`kgraph check-quotes`'s own check (kgraph.curate), over the project's data: every quote's text at its offsets,
    between its prefix and suffix, prefix + exact + suffix occurring once; every source against its SHA-256."""
    result = check_quotes(ROOT)
    assert [str(problem) for problem in result.problems] == []
    assert (result.quotes, result.sources) == (len(quotes()), 1)
    assert result.quotes >= 50


def test_every_selector_has_exactly_one_selector_type():
    """The Web Annotation model: 'Selectors MUST have exactly 1 type'. The old quotes had one node typed twice."""
    graph = asserted_graph()
    kinds = {URIRef(OA + name) for name in ("TextQuoteSelector", "TextPositionSelector", "FragmentSelector",
                                              "CssSelector", "XPathSelector", "DataPositionSelector", "SvgSelector",
                                              "RangeSelector")}
    for selector in set(graph.objects(None, URIRef(OA + "hasSelector"))):
        assert len(set(graph.objects(selector, RDF.type)) & kinds) == 1, selector


def test_every_quote_points_to_the_article():
    graph = asserted_graph()
    for quote in quotes():
        assert graph.value(quote, URIRef(OA + "hasSource")) == SOURCE


def test_checksum_file_matches_the_article():
    digest = hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    line = (ROOT / "data" / "sources" / "article.txt.sha256").read_text(encoding="utf-8").split()
    assert line == [digest, "article.txt"]


def test_checksum_in_the_graph_matches_the_article():
    digest = hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    assert str(asserted_graph().value(SOURCE, URIRef(KG + "sha256"))) == digest


def test_every_record_is_derived_from_a_quote_that_resolves():
    graph = data()
    records = set(graph.subjects(RDF.type, URIRef(KG + "Statement"))) | set(graph.subjects(RDF.type, URIRef(KG + "Interpretation")))
    assert len(records) > 60
    for record in records:
        quoted = list(graph.objects(record, URIRef(KG + "derivedFromQuote")))
        assert quoted, f"{record} has no quote"
        for quote in quoted:
            assert (quote, RDF.type, URIRef(KG + "Quote")) in graph, f"{record}: {quote} is not a kg:Quote"
