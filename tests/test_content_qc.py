"""Quality checks (queries/qc/*.rq) return no rows on the shipped graph, and do find seeded defects."""


import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from content_graph import QUERIES_DIR, closed_graph, run_query

QC = sorted(p.stem for p in (QUERIES_DIR / "qc").glob("*.rq"))
KG = "https://w3id.org/kgraph/ontology#"


def test_there_are_quality_checks():
    assert len(QC) >= 10


@pytest.mark.parametrize("name", QC)
def test_qc_returns_no_rows(name):
    assert run_query(f"qc/{name}") == []


@pytest.mark.parametrize("name", QC)
def test_qc_header(name):
    lines = (QUERIES_DIR / "qc" / f"{name}.rq").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# title: ")
    assert any(line.startswith("# checks: ") for line in lines[:5])
    assert any(line.startswith("# severity: ") for line in lines[:5])


def _run_on(graph: Graph, name: str) -> list:
    return list(graph.query((QUERIES_DIR / "qc" / f"{name}.rq").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def defective() -> Graph:
    graph = Graph()
    for triple in closed_graph():
        graph.add(triple)
    bad = URIRef("https://w3id.org/kgraph/id/statement/qc-seeded-defect")
    graph.add((bad, RDF.type, URIRef(KG + "Statement")))
    graph.add((bad, URIRef(KG + "agent"), URIRef("https://w3id.org/kgraph/id/person/nikol-pashinyan")))
    graph.add((bad, URIRef(KG + "agent"), URIRef("https://w3id.org/kgraph/id/person/ilham-aliyev")))
    graph.add((URIRef("https://w3id.org/kgraph/id/proposition/qc-orphan"), RDF.type, URIRef(KG + "Proposition")))
    graph.add((URIRef(KG + "Quote"), RDFS.label, Literal("second label", lang="en")))
    return graph


@pytest.mark.parametrize("name", ["missing-label", "statement-without-quote", "statement-agent-count",
                                  "statement-stance", "statement-without-proposition", "statement-without-date",
                                  "proposition-without-statement", "multiple-labels",
                                  "ontology-term-label-definition"])
def test_qc_finds_seeded_defect(defective, name):
    assert _run_on(defective, name), f"qc/{name} did not report the seeded defect"
