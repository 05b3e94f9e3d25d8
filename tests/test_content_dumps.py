"""What is served and dumped is what the files say: the store keeps every term of the data files (datatypes
included), and every dump, in every syntax, with or without the inferred graphs, validates against the shapes.

Stores normalise integer subtypes (pyoxigraph's store, as Fuseki and Virtuoso do, turns "4"^^xsd:positiveInteger into
"4"^^xsd:integer), so the model uses none: offsets and article numbers are xsd:integer, bounded by the shapes.
"""

import subprocess
import sys

import pyoxigraph
import pytest
from content_graph import ROOT, _loaded, built, ontology_graph, shapes_graph

from kgraph.export import export
from kgraph.formats import DUMP_FORMATS as FORMATS
from kgraph.load import parse_file
from kgraph.namespaces import GRAPH_ASSERTED, GRAPH_INTERPRETATIONS
from kgraph.terms import to_oxigraph
from kgraph.validate import validate


def _canonical(quads) -> set[str]:
    """Quads with blank nodes renamed canonically (RDFC-1.0), as strings: equal iff the same terms, datatypes included."""
    dataset = pyoxigraph.Dataset(quads)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


@pytest.mark.parametrize("graph_name", [GRAPH_ASSERTED, GRAPH_INTERPRETATIONS])
def test_the_store_keeps_every_term_of_the_data_files(graph_name):
    """Would have caught the lost xsd:nonNegativeInteger and xsd:positiveInteger (126 violations in a dump)."""
    name = pyoxigraph.NamedNode(str(graph_name))
    stored = built().open().quads_for_pattern(None, None, None, name)
    loaded = [pyoxigraph.Quad(*(to_oxigraph(term) for term in triple), name) for triple in _loaded().graph(graph_name)]
    assert _canonical(stored) == _canonical(loaded)


def test_every_datatype_of_the_data_survives_a_store():
    quads = [quad for path in sorted((ROOT / "data").iterdir()) if path.suffix in (".ttl", ".trig")
             for quad in pyoxigraph.parse(path=path)]
    store = pyoxigraph.Store()
    store.extend(quads)
    assert _canonical(store) == _canonical(quads)


@pytest.mark.parametrize("fmt, inferred", [(fmt, False) for fmt in FORMATS] + [("ttl", True), ("nq", True)])
def test_every_dump_validates_against_the_shapes(fmt, inferred, tmp_path):
    path = tmp_path / f"kgraph.{fmt}"
    export(built(), fmt, path, include_inferred=inferred)
    report = validate(parse_file(path), shapes_graph(), ontology_graph())
    assert report.conforms, report.text()


def test_export_then_validate_on_the_command_line(tmp_path):
    """The round trip of the issue, as a user types it."""
    cache = ["--root", ROOT, "--cache-dir", built().directory.parent]
    dump = tmp_path / "kgraph.ttl"
    for args in (["export", "--format", "ttl", "--no-inferred", "--output", dump], ["validate", dump]):
        process = subprocess.run([sys.executable, "-m", "kgraph.cli", *map(str, cache), *map(str, args)],
                                 capture_output=True, text=True, timeout=300)
        assert process.returncode == 0, process.stdout + process.stderr
    assert process.stdout.startswith("Conforms")
