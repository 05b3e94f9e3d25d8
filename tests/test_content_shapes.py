"""The shipped data conforms to the SHACL shapes; every node shape rejects its broken example."""

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from kgraph.validate import validate as validate_stage

from content_graph import ROOT, asserted_graph, data, ontology_graph, shapes_graph

FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
KGS = "https://w3id.org/kgraph/shapes#"
BROKEN = URIRef("https://w3id.org/kgraph/id/test/broken")


def node_shapes() -> list[str]:
    return sorted(str(s).removeprefix(KGS) for s in shapes_graph().subjects(RDF.type, SH.NodeShape))


def validate(data: Graph):
    """The pipeline's validation stage, as `kgraph validate` and `kgraph build` run it."""
    return validate_stage(data, shapes_graph(), ontology_graph())


def test_shipped_data_conforms():
    report = validate(data())
    assert report.conforms, report.text()


def test_the_article_alone_conforms_without_the_interpretations():
    """The article-only view is served too: nothing in kgg:asserted may depend on an interpretation."""
    report = validate(asserted_graph())
    assert report.conforms, report.text()


def test_every_class_the_data_instantiates_has_a_shape():
    shapes = shapes_graph()
    targeted = set(shapes.objects(None, SH.targetClass))
    ontology = ontology_graph()
    for cls in set(data().objects(None, RDF.type)):
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
    report = validate(data)
    assert not report.conforms
    shapes = shapes_graph()
    node = URIRef(KGS + shape)
    own_messages = {str(m) for m in shapes.objects(node, SH.message)} | {
        str(m) for prop in shapes.objects(node, SH.property) for m in shapes.objects(prop, SH.message)}
    assert any(expect in m for m in own_messages), f"{shape} has no message containing {expect!r}"
    hits = [v for v in report.violations
            if v.focus_node == str(BROKEN) and v.message in own_messages and expect in v.message]
    assert hits, f"{shape} did not reject {path.name} with a message containing {expect!r}:\n{report.text()}"


def test_one_preferred_label_per_language_and_names_in_the_region_s_languages():
    """The shapes admit Armenian, Azerbaijani and Russian names, one preferred label per language."""
    def place(labels: str) -> Graph:
        return Graph().parse(data=f"""
            @prefix kg: <https://w3id.org/kgraph/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            <{BROKEN}> a kg:Place ; rdfs:label "Shusha"@en ; {labels} ; kg:quote <{BROKEN}q> .
            <{BROKEN}q> a kg:Quote .""", format="turtle")
    def problems(labels: str) -> list[str]:
        return [v.message for v in validate(place(labels)).violations if v.focus_node == str(BROKEN)]

    assert problems('skos:prefLabel "Шуша"@ru, "Şuşa"@az, "Շուշի"@hy') == []
    assert any("at most one preferred label per language" in m for m in problems('skos:prefLabel "Шуша"@ru, "Шуши"@ru'))
