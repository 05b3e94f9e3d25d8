"""The README's "Loading the dumps by hand", run as written: the N-Quads dump from `kgraph export`, loaded by each
store's own bulk loader into a new database, holds exactly our named graphs."""

import subprocess

import pytest
from conftest import ROOT, StoreTarget
from stores import OXIGRAPH, oxigraph_server, virtuoso_server
from test_publish import KGRAPH, local_graph, remote_graph

from kgraph.export import EXPORTED_GRAPHS

pytestmark = pytest.mark.stores


def _export(built_project, directory) -> str:
    subprocess.run([*KGRAPH, "--root", str(ROOT), "--cache-dir", str(built_project.directory.parent), "export",
                    "--format", "nq", "--output", str(directory / "kgraph.nq")], check=True, timeout=300)
    return "kgraph.nq"


def _assert_holds_our_graphs(store: StoreTarget, built_project) -> None:
    for graph in EXPORTED_GRAPHS:
        assert remote_graph(store, str(graph)) == local_graph(built_project, str(graph)), graph


def test_oxigraph_loads_the_dump(built_project, tmp_path):
    dump = tmp_path / _export(built_project, tmp_path)
    subprocess.run([str(OXIGRAPH), "load", "--location", str(tmp_path / "db"), "--file", str(dump)],
                   check=True, capture_output=True, timeout=300)
    with oxigraph_server(tmp_path / "db", command="serve-read-only") as base:
        _assert_holds_our_graphs(StoreTarget("oxigraph", "", f"{base}/query"), built_project)


def test_virtuoso_loads_the_dump(built_project, tmp_path):
    with virtuoso_server(tmp_path / "virtuoso", buffers=4000) as virtuoso:
        dump = _export(built_project, virtuoso.directory)  # a directory in the ini's DirsAllowed
        virtuoso.sql(f"ld_dir('{virtuoso.directory}', '{dump}', 'https://w3id.org/kgraph/graph/'); "
                     f"rdf_loader_run(); checkpoint;")
        _assert_holds_our_graphs(StoreTarget("virtuoso", "", virtuoso.sparql), built_project)
