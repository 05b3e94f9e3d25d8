"""Load stage: every input lands in its named graph; a malformed file is reported as file:line:column."""

import shutil

import pytest
from conftest import FIXTURES
from rdflib import URIRef

from kgraph.errors import InputError
from kgraph.load import ProjectFiles, load, parse_file
from kgraph.namespaces import (
    GRAPH_ASSERTED,
    GRAPH_INFERRED,
    GRAPH_INTERPRETATIONS,
    GRAPH_ONTOLOGY,
    GRAPH_OUTSIDE,
    GRAPH_SHAPES,
    KG,
    KGR,
)
from kgraph.store import source_graphs


def test_project_files_are_grouped_by_named_graph(mini_root):
    files = ProjectFiles.discover(mini_root)
    assert [p.name for p in files.ontology] == ["mini.ttl"]
    assert [p.name for p in files.data] == ["people.ttl"]
    assert [p.name for p in files.shapes] == ["shapes.ttl"]
    assert files.alignments == ()


def test_load_puts_each_file_in_its_graph_and_keeps_shapes_apart(mini_root):
    dataset = load(ProjectFiles.discover(mini_root))
    pashinyan = URIRef(KGR["person/nikol-pashinyan"])
    assert (pashinyan, None, None) in dataset.graph(GRAPH_ASSERTED)
    assert (KG.Person, None, None) in dataset.graph(GRAPH_ONTOLOGY)
    assert (KG.AgentShape, None, None) in dataset.graph(GRAPH_SHAPES)
    assert (KG.AgentShape, None, None) not in dataset.graph(GRAPH_ASSERTED)
    assert len(dataset.graph(GRAPH_INFERRED)) == 0


@pytest.mark.parametrize("name, line, column, reason", [
    ("unterminated-string.ttl", 4, 47, "Unexpected end of file"),
    ("unknown-prefix.ttl", 6, 5, "The prefix undeclared: has not been declared"),
])
def test_malformed_file_names_file_line_and_column(name, line, column, reason):
    path = FIXTURES / "invalid" / name
    with pytest.raises(InputError) as caught:
        parse_file(path)
    error = caught.value
    assert (error.path, error.line, error.column) == (str(path), line, column)
    assert str(error) == f"{path}:{line}:{column}: {reason}"
    assert "\n" not in str(error)


def test_empty_file_is_an_empty_graph(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    assert len(parse_file(empty)) == 0


def test_other_syntaxes_are_read_by_extension():
    graph = parse_file(FIXTURES / "valid" / "one-label.nt")
    assert len(graph) == 1


def test_unknown_extension_is_refused(tmp_path):
    odd = tmp_path / "data.xyz"
    odd.write_text("")
    with pytest.raises(InputError, match="unknown RDF file extension"):
        parse_file(odd)


def test_a_malformed_project_file_stops_the_load(tmp_path, mini_root):
    shutil.copytree(mini_root, tmp_path / "project")
    shutil.copy(FIXTURES / "invalid" / "unterminated-string.ttl", tmp_path / "project" / "data")
    with pytest.raises(InputError, match=r"unterminated-string\.ttl:4:47"):
        load(ProjectFiles.discover(tmp_path / "project"))


def test_a_data_file_keeps_its_outside_and_interpretations_graphs_and_the_rest_is_asserted(tmp_path, mini_root):
    shutil.copytree(mini_root, tmp_path / "project")
    (tmp_path / "project" / "data" / "reading.trig").write_text(
        "@prefix kg: <https://w3id.org/kgraph/ontology#> .\n"
        "<https://w3id.org/kgraph/id/a> kg:note <https://w3id.org/kgraph/id/b> .\n"
        "GRAPH <https://w3id.org/kgraph/graph/outside> {\n"
        "  <https://w3id.org/kgraph/id/a> kg:label <https://w3id.org/kgraph/id/d> . }\n"
        "GRAPH <https://w3id.org/kgraph/graph/interpretations> {\n"
        "  <https://w3id.org/kgraph/id/a> kg:reading <https://w3id.org/kgraph/id/c> . }\n", encoding="utf-8")
    dataset = load(ProjectFiles.discover(tmp_path / "project"))
    a = URIRef(KGR.a)
    assert (a, KG.note, URIRef(KGR.b)) in dataset.graph(GRAPH_ASSERTED)
    assert (a, KG.label, URIRef(KGR.d)) in dataset.graph(GRAPH_OUTSIDE)
    assert (a, KG.reading, URIRef(KGR.c)) in dataset.graph(GRAPH_INTERPRETATIONS)
    assert (a, KG.reading, None) not in dataset.graph(GRAPH_ASSERTED)
    assert (a, KG.label, None) not in dataset.graph(GRAPH_ASSERTED)


def test_a_data_file_may_not_write_to_a_graph_the_build_makes(tmp_path, mini_root):
    shutil.copytree(mini_root, tmp_path / "project")
    path = tmp_path / "project" / "data" / "sneaky.trig"
    path.write_text("GRAPH <https://w3id.org/kgraph/graph/inferred> { <urn:a> <urn:b> <urn:c> . }\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(ProjectFiles.discover(tmp_path / "project"))
    assert str(caught.value) == (f"{path}: named graph <https://w3id.org/kgraph/graph/inferred> is made by the build; "
                                 "a data file may not write to it")


@pytest.mark.parametrize("name, text", [
    ("second-source.trig", "GRAPH <http://example.org/source/2> { <urn:a> <urn:b> <urn:c> . }\n"
                           "<urn:a> <urn:b> <urn:d> .\n"),
    ("second-source.nq", "<urn:a> <urn:b> <urn:c> <http://example.org/source/2> .\n<urn:a> <urn:b> <urn:d> .\n")])
def test_a_data_file_keeps_the_name_of_any_other_graph_it_names(tmp_path, mini_root, name, text):
    """TriG and N-Quads: a source graph keeps its name; the file's default graph is kgg:asserted."""
    shutil.copytree(mini_root, tmp_path / "project")
    (tmp_path / "project" / "data" / name).write_text(text, encoding="utf-8")
    dataset = load(ProjectFiles.discover(tmp_path / "project"))
    source = URIRef("http://example.org/source/2")
    assert set(dataset.graph(source)) == {(URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c"))}
    assert (URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:d")) in dataset.graph(GRAPH_ASSERTED)
    assert (URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")) not in dataset.graph(GRAPH_ASSERTED)
    assert source_graphs(dataset.store) == (source,)
