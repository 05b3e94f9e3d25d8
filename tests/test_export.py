"""Export stage: every format round-trips, dumps are byte-stable, and writes are atomic."""

import gzip
import hashlib
import os
import signal
import stat
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

import kgraph.export as exporting
from kgraph.export import describe, dump_set, export
from kgraph.formats import DUMP_FORMATS as FORMATS
from kgraph.namespaces import GRAPH_INFERRED, PREFIXES


def _expected(built, include_inferred=True) -> Dataset:
    expected = Dataset()
    named = [quad for quad in built.open() if not isinstance(quad.graph_name, exporting.pyoxigraph.DefaultGraph)]
    expected.parse(data=exporting.pyoxigraph.serialize(named, format=exporting.pyoxigraph.RdfFormat.N_QUADS),
                   format="nquads")  # the store's default graph is the served union, a copy of named graphs
    if not include_inferred:
        expected.remove_graph(expected.graph(GRAPH_INFERRED))
    return expected


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_parses_back_to_the_same_statements(fmt, built_mini, tmp_path):
    result = export(built_mini, fmt, tmp_path / f"dump.{fmt}")
    parsed = Dataset()
    parsed.parse(tmp_path / f"dump.{fmt}", format=FORMATS[fmt].rdflib)
    expected = _expected(built_mini)
    if FORMATS[fmt].rdf.supports_datasets:
        for graph in expected.graphs():
            assert isomorphic(graph, parsed.graph(graph.identifier)), graph.identifier
    else:
        union = Graph()
        for quad in expected.quads():
            union.add(quad[:3])
        assert isomorphic(union, Graph().parse(tmp_path / f"dump.{fmt}", format=FORMATS[fmt].rdflib))
    assert result.size == (tmp_path / f"dump.{fmt}").stat().st_size


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_dumps_are_byte_identical_across_runs(fmt, built_mini, tmp_path):
    export(built_mini, fmt, tmp_path / "a", compress=True)
    export(built_mini, fmt, tmp_path / "b", compress=True)
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()
    assert gzip.decompress((tmp_path / "a").read_bytes())


def test_no_inferred_leaves_the_inferred_graph_out(built_mini, tmp_path):
    export(built_mini, "nq", tmp_path / "dump.nq", include_inferred=False)
    text = (tmp_path / "dump.nq").read_text(encoding="utf-8")
    assert str(GRAPH_INFERRED) not in text
    assert "graph/asserted" in text


def test_a_failing_export_leaves_the_previous_file_untouched(built_mini, tmp_path, monkeypatch):
    target = tmp_path / "dump.nt"
    target.write_text("previous dump\n")

    def explode(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(exporting, "_serialise", explode)
    with pytest.raises(RuntimeError):
        export(built_mini, "nt", target)
    assert target.read_text() == "previous dump\n"
    assert [p.name for p in tmp_path.iterdir()] == ["dump.nt"]


SLOW_WRITER = """
import os, sys, time
import kgraph.files as writing
real_fsync = os.fsync
def slow_fsync(fd):
    print("writing", flush=True)
    time.sleep(60)
    real_fsync(fd)
writing.os.fsync = slow_fsync
from kgraph.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_killed_export_leaves_no_file_at_the_target(mini_root, built_mini, tmp_path):
    target = tmp_path / "dump.nq"
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, "--root", str(mini_root), "--cache-dir", str(built_mini.directory.parent),
         "export", "--format", "nq", "--output", str(target)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "writing"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        process.kill()
    assert not target.exists()
    leftovers = [p.name for p in tmp_path.iterdir()]
    assert all(name.startswith(".dump.nq.") and name.endswith(".partial") for name in leftovers)


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_dump_has_the_mode_the_umask_gives_a_new_file(built_mini, tmp_path, umask, mode):
    """Like any file a tool writes (and yet written atomically, through a temporary file)."""
    previous = os.umask(umask)
    try:
        export(built_mini, "ttl", tmp_path / "dump.ttl")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "dump.ttl").stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["dump.ttl"]


def test_the_description_names_the_version_with_dcat_3s_term_without_a_warning(built_mini, recwarn):
    description = describe(built_mini, "http://127.0.0.1:8000/")
    versions = list(description.objects(None, URIRef("http://www.w3.org/ns/dcat#version")))
    assert [str(v) for v in versions] == [built_mini.manifest["kgraph_version"]]
    assert not [w for w in recwarn if "not defined in namespace" in str(w.message)]


def test_the_dump_set_is_written_once_and_described_with_sizes_and_checksums(built_mini, tmp_path):
    dumps = dump_set(built_mini, tmp_path / "dumps")
    names = sorted(p.name for p in (tmp_path / "dumps").iterdir())
    assert names == sorted([f"kgraph.{fmt}" for fmt in FORMATS] + ["kgraph.nt.gz", "kgraph.nq.gz", "dumps.json"])
    assert dump_set(built_mini, tmp_path / "dumps") == dumps  # reused, not rewritten
    description = describe(built_mini, "http://127.0.0.1:8000/", dumps)
    rows = description.query("""
        SELECT ?url ?size ?sha WHERE {
          ?dataset void:dataDump ?url ; void:sparqlEndpoint <http://127.0.0.1:8000/sparql> .
          ?url dcat:byteSize ?size ; spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ;
                                                     spdx:checksumValue ?sha ] }""", initNs=PREFIXES)
    described = {str(url).rsplit("/", 1)[-1]: (int(size), str(sha)) for url, size, sha in rows}
    for dump in dumps:
        payload = dump.path.read_bytes()
        assert described[dump.path.name] == (len(payload), hashlib.sha256(payload).hexdigest())
    assert len(described) == 8
    triples = description.query("""SELECT ?graph ?n WHERE { ?d void:subset ?s . ?s sd:name ?graph ; void:triples ?n }""",
                                initNs=PREFIXES)
    assert {str(g).rsplit("/", 1)[-1]: int(n) for g, n in triples} == {
        "ontology": 31, "alignments": 0, "asserted": 6, "inferred": 6, "outside": 0, "outside-inferred": 0,
        "interpretations": 0, "interpretations-inferred": 0, "shapes": 7}
    [(served,)] = description.query("SELECT ?n WHERE { ?d void:sparqlEndpoint ?e ; void:triples ?n }")
    assert int(served) == 12
