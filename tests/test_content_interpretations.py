"""The editors' interpretations are resources, apart from the article's facts: every triple of kgg:interpretations
is accounted for by an interpretation (a resource it introduces, or a triple it asserts), none of the article's facts
rests on one, and no statement carries a reading as free text any more."""

from content_graph import _loaded, asserted_graph, run_query
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kgraph.namespaces import GRAPH_INTERPRETATIONS

KG = "https://w3id.org/kgraph/ontology#"
ID = "https://w3id.org/kgraph/id/"
OA = "http://www.w3.org/ns/oa#"


def interpretations():
    return _loaded().graph(GRAPH_INTERPRETATIONS)


def test_every_triple_of_the_interpretations_graph_is_accounted_for():
    graph = interpretations()
    readings = set(graph.subjects(RDF.type, URIRef(KG + "Interpretation")))
    introduced = set(graph.objects(None, URIRef(KG + "introduces")))
    reified = {(graph.value(t, RDF.subject), graph.value(t, RDF.predicate), graph.value(t, RDF.object))
               for t in graph.objects(None, URIRef(KG + "assertsTriple"))}
    about_readings = readings | set(graph.objects(None, URIRef(KG + "assertsTriple"))) | \
        set(graph.objects(None, URIRef(KG + "interpreter")))

    def introduced_or_part(node) -> bool:
        return any(node == r or (isinstance(node, URIRef) and str(node).startswith(str(r) + "#")) for r in introduced)

    assert len(readings) >= 5
    unaccounted = [t for t in graph if t[0] not in about_readings and not introduced_or_part(t[0])
                   and not introduced_or_part(t[2]) and t not in reified]
    assert unaccounted == []


def test_no_fact_of_the_article_is_about_an_introduced_resource():
    introduced = set(interpretations().objects(None, URIRef(KG + "introduces")))
    asserted = asserted_graph()
    assert not [t for t in asserted if t[0] in introduced or t[2] in introduced]
    for subject, predicate, obj in (
            (interpretations().value(t, RDF.subject), interpretations().value(t, RDF.predicate),
             interpretations().value(t, RDF.object))
            for t in interpretations().objects(None, URIRef(KG + "assertsTriple"))):
        assert (subject, predicate, obj) not in asserted, "an asserted triple cannot also be an interpretation"


def test_no_statement_carries_a_reading_as_free_text():
    asserted = asserted_graph()
    for statement in asserted.subjects(RDF.type, URIRef(KG + "Statement")):
        assert asserted.value(statement, SKOS.editorialNote) is None, statement


def test_the_interpretations_query_lists_them_and_the_article_alone_has_none():
    full = {row["interpretation"] for row in run_query("interpretations")}
    assert len(full) == len(set(interpretations().subjects(RDF.type, URIRef(KG + "Interpretation"))))
    assert run_query("interpretations", "article-only") == []


def test_reified_triples_are_blank_nodes_of_the_interpretations_graph():
    for triple in interpretations().objects(None, URIRef(KG + "assertsTriple")):
        assert isinstance(triple, BNode)


def test_a_place_is_attested_only_by_sentences_that_name_it():
    """2.0.0 attested Shusha with Peskov's sentence, which names Karabakh, not Shusha: the premise of an
    interpretation stated as the article's. A place's quotes name it, bar the anaphora listed here."""
    anaphora = {("place/nagorno-karabakh", "quote/russian-ties"): "the disputed area"}
    graph = asserted_graph()
    found = {}
    for place in graph.subjects(RDF.type, URIRef(KG + "Place")):
        if (place, RDF.type, URIRef(KG + "State")) in graph:
            continue
        label = str(graph.value(place, RDFS.label))
        for quote in graph.objects(place, URIRef(KG + "quote")):
            exact = " ".join(str(text) for selector in graph.objects(quote, URIRef(OA + "hasSelector"))
                             for text in graph.objects(selector, URIRef(OA + "exact")))
            key = (str(place).removeprefix(ID), str(quote).removeprefix(ID))
            if label.lower() not in exact.lower():
                found[key] = anaphora.get(key, exact)
    assert found == anaphora
    assert Literal("Shusha", lang="en") in set(graph.objects(URIRef(ID + "place/shusha"), RDFS.label))
