"""Validate stage: pySHACL against the shapes, with a report grouped by focus node and message."""

from kgraph.load import ProjectFiles, load, parse_file
from kgraph.namespaces import GRAPH_ASSERTED, GRAPH_ONTOLOGY, GRAPH_SHAPES
from kgraph.validate import validate

from conftest import FIXTURES


def _mini_graphs(mini_root):
    dataset = load(ProjectFiles.discover(mini_root))
    return dataset.graph(GRAPH_ASSERTED), dataset.graph(GRAPH_SHAPES), dataset.graph(GRAPH_ONTOLOGY)


def test_conforming_data_gives_an_empty_report(mini_root):
    report = validate(*_mini_graphs(mini_root))
    assert report.conforms
    assert report.violations == ()
    assert report.text() == "Conforms: the data satisfies every shape."


def test_target_class_reaches_instances_of_subclasses_through_the_ontology(mini_root):
    _, shapes, ontology = _mini_graphs(mini_root)
    report = validate(parse_file(FIXTURES / "invalid" / "unlabelled-person.ttl"), shapes, ontology)
    assert not report.conforms
    [violation] = report.violations
    assert violation.focus_node == "https://w3id.org/kgraph/id/person/anonymous"
    assert violation.message == "An agent needs exactly one rdfs:label."
    assert report.text().splitlines() == [
        "Does not conform: 1 results on 1 focus nodes.",
        "",
        "https://w3id.org/kgraph/id/person/anonymous",
        "  [Violation] An agent needs exactly one rdfs:label. "
        "(path http://www.w3.org/2000/01/rdf-schema#label)",
    ]


def test_validation_leaves_every_graph_it_is_given_as_it_was(mini_root):
    data, shapes, ontology = _mini_graphs(mini_root)
    before = [set(data), set(shapes), set(ontology)]
    validate(data, shapes, ontology)
    assert [set(data), set(shapes), set(ontology)] == before
