"""Quality checks (queries/qc/*.rq) return no rows on the shipped graph, with and without the interpretations, and
do find seeded defects."""

import warnings

import pytest
from content_graph import QUERIES_DIR, built, closed_graph, run_query
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

QC = sorted(p.stem for p in (QUERIES_DIR / "qc").glob("*.rq"))
KG = "https://w3id.org/kgraph/ontology#"
ID = "https://w3id.org/kgraph/id/"
OA = "http://www.w3.org/ns/oa#"


def test_there_are_quality_checks():
    assert len(QC) >= 10


@pytest.mark.parametrize("view", ["full", "article-only"])
@pytest.mark.parametrize("name", QC)
def test_qc_returns_no_rows(name, view):
    assert run_query(f"qc/{name}", view) == []


@pytest.mark.parametrize("name", QC)
def test_qc_header(name):
    lines = (QUERIES_DIR / "qc" / f"{name}.rq").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# title: ")
    assert any(line.startswith("# checks: ") for line in lines[:5])
    assert any(line.startswith("# severity: ") for line in lines[:5])


def _run_on(graph: Graph, name: str) -> list:
    """The check over `graph` as the default graph of a dataset (some checks also read kgg:ontology by name)."""
    dataset = Dataset()
    with warnings.catch_warnings():  # rdflib's own Dataset.query still calls its deprecated default_context
        warnings.simplefilter("ignore", DeprecationWarning)
        default = dataset.default_graph
        for triple in graph:
            default.add(triple)
        return list(dataset.query((QUERIES_DIR / "qc" / f"{name}.rq").read_text(encoding="utf-8")))


def test_the_ontology_check_reads_the_ontology_where_the_endpoint_keeps_it():
    """As `kgraph query` and the endpoint run it, the default graph has no ontology: the check reads kgg:ontology."""
    text = (QUERIES_DIR / "qc" / "ontology-term-label-definition.rq").read_text(encoding="utf-8")
    assert [s["term"].value for s in built().query(text)] == []
    assert [s["term"].value for s in built().query(text, article_only=True)] == []


def test_the_ontology_check_does_not_pass_on_nothing():
    assert [str(row[0]) for row in _run_on(Graph(), "ontology-term-label-definition")] == ["no ontology terms found"]


def k(name: str) -> URIRef:
    return URIRef(KG + name)


@pytest.fixture(scope="module")
def defective() -> Graph:
    graph = Graph()
    for triple in closed_graph():
        graph.add(triple)
    bad = URIRef(ID + "statement/qc-seeded-defect")
    graph.add((bad, RDF.type, k("Statement")))
    graph.add((bad, k("agent"), URIRef(ID + "person/nikol-pashinyan")))
    graph.add((bad, k("agent"), URIRef(ID + "person/ilham-aliyev")))
    graph.add((URIRef(ID + "proposition/qc-orphan"), RDF.type, k("Proposition")))
    graph.add((k("Quote"), RDFS.label, Literal("second label", lang="en")))
    # a factuality that is not one of FactBank's values (a possible claim without a polarity)
    odd = URIRef(ID + "statement/author-uncertainty#qc-odd")
    graph.add((URIRef(ID + "statement/author-uncertainty"), k("factuality"), odd))
    graph.add((odd, RDF.type, k("Factuality")))
    graph.add((odd, k("ofProposition"), URIRef(ID + "proposition/iskander-issues-will-increase-uncertainty")))
    graph.add((odd, k("certainty"), URIRef(ID + "certainty/possible")))
    graph.add((odd, k("polarity"), URIRef(ID + "polarity/underspecified")))
    # one selector with both types, as the old model had them
    graph.add((URIRef(ID + "quote/peskov#text"), RDF.type, URIRef(OA + "TextPositionSelector")))
    # a fragment its resource does not link to (its page would not show it)
    graph.add((URIRef(ID + "quote/peskov#qc-loose"), RDFS.label, Literal("a loose part", lang="en")))
    # a date outside its own bounds
    graph.add((URIRef(ID + "statement/khachatrian-nonsense"), k("date"), Literal("2021-01-01", datatype=XSD.date)))
    # an interpretation without its rationale, and an outside fact without its source
    reading = URIRef(ID + "interpretation/qc-bare")
    graph.add((reading, RDF.type, k("Interpretation")))
    graph.add((URIRef(ID + "weapon/iskander-e"), k("designation"), Literal("9K720E")))
    # an alleged event nobody reports
    graph.add((URIRef(ID + "event/russian-helicopter-shootdown"), k("alleged"), Literal(True)))
    # a sourced statement that reifies nothing in the graph
    claim = BNode()
    graph.add((claim, RDF.type, k("SourcedStatement")))
    graph.add((claim, RDF.subject, URIRef(ID + "weapon/9m723")))
    graph.add((claim, RDF.predicate, k("designation")))
    graph.add((claim, RDF.object, Literal("9M724")))
    # a weapon definition nobody states
    graph.add((URIRef(ID + "weapon/iskander-m"), SKOS.definition, Literal("A quasi-ballistic missile.", lang="en")))
    # two propositions that entail each other (each is fine on its own; the loop is not)
    graph.add((URIRef(ID + "proposition/armenia-used-iskanders-in-2020-war"), k("entails"),
               URIRef(ID + "proposition/armenia-used-iskanders-early-in-war")))
    # a reported event stated as a fact (C1 of the review: the Shusha find without kg:alleged)
    graph.add((URIRef(ID + "event/putin-pashinyan-call-2021-02-25"), k("reportedIn"),
               URIRef(ID + "statement/pashinyan-call-inaccurate-information")))
    # a request for a fact, not for an action
    graph.add((URIRef(ID + "statement/pashinyan-dismissal-request#khachatrian-should-be-dismissed"), k("ofProposition"),
               URIRef(ID + "proposition/armenia-used-iskanders-in-2020-war")))
    # a schema:author outside schema.org's range (what kg:agent implied in 2.0.0)
    graph.add((URIRef(ID + "statement/baku-article-4-belief"), URIRef("http://schema.org/author"),
               URIRef(ID + "group/questioners-in-azerbaijan")))
    # a description dated more precisely than the article (M7 of the review)
    graph.add((URIRef(ID + "group/influential-military-figures"), SKOS.definition,
               Literal("Military figures who challenged the prime minister in February 2021.", lang="en")))
    return graph


@pytest.mark.parametrize("name", ["missing-label", "statement-without-quote", "statement-agent-count",
                                  "statement-speech-act", "statement-without-proposition", "statement-without-date",
                                  "proposition-without-statement", "multiple-labels",
                                  "ontology-term-label-definition", "factuality-combination", "factuality-duplicate",
                                  "selector-offsets", "date-bounds", "interpretation-incomplete",
                                  "outside-fact-unsourced", "alleged-event-unreported", "sourced-statement-unmatched",
                                  "relation-cycle", "reported-event-unhedged", "request-content-not-deontic",
                                  "schema-author-range", "undated-description-dated", "fragment-unlinked"])
def test_qc_finds_seeded_defect(defective, name):
    assert _run_on(defective, name), f"qc/{name} did not report the seeded defect"
