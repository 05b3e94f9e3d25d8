"""The shipped data conforms to the SHACL shapes; every node shape rejects its broken example."""

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from content_graph import ROOT, SHAPES_DIR, asserted_graph, ontology_graph

FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
KGS = "https://w3id.org/kgraph/shapes#"
BROKEN = URIRef("https://w3id.org/kgraph/id/test/broken")


def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def node_shapes() -> list[str]:
    return sorted(str(s).removeprefix(KGS) for s in shapes_graph().subjects(RDF.type, SH.NodeShape))


def validate(data: Graph):
    return pyshacl.validate(data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none",
                            advanced=True, allow_warnings=True)


def test_shipped_data_conforms():
    conforms, _, text = validate(asserted_graph())
    assert conforms, text


def test_every_class_the_data_instantiates_has_a_shape():
    shapes = shapes_graph()
    targeted = set(shapes.objects(None, SH.targetClass))
    ontology = ontology_graph()
    for cls in set(asserted_graph().objects(None, RDF.type)):
        ancestors = {cls} | set(ontology.transitive_objects(cls, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf")))
        assert ancestors & targeted, f"no shape targets {cls} or a superclass"


def test_every_node_shape_has_a_broken_example():
    assert sorted(p.stem for p in FIXTURES.glob("*.ttl")) == node_shapes()


def test_every_constraint_has_a_message():
    shapes = shapes_graph()
    for prop in shapes.objects(None, SH.property):
        assert shapes.value(prop, SH.message) is not None, f"property shape {prop} has no sh:message"


@pytest.mark.parametrize("shape", node_shapes())
def test_shape_rejects_its_broken_example(shape):
    path = FIXTURES / f"{shape}.ttl"
    text = path.read_text(encoding="utf-8")
    expect = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("# expect:"))
    data = Graph().parse(data=text, format="turtle")
    conforms, report, report_text = validate(data)
    assert not conforms
    shapes = shapes_graph()
    node = URIRef(KGS + shape)
    own_messages = {str(m) for m in shapes.objects(node, SH.message)} | {
        str(m) for prop in shapes.objects(node, SH.property) for m in shapes.objects(prop, SH.message)}
    assert any(expect in m for m in own_messages), f"{shape} has no message containing {expect!r}"
    hits = [
        result for result in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(result, SH.focusNode) == BROKEN
        and str(report.value(result, SH.resultMessage)) in own_messages
        and expect in str(report.value(result, SH.resultMessage))
    ]
    assert hits, f"{shape} did not reject {path.name} with a message containing {expect!r}:\n{report_text}"
