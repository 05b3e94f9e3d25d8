"""The pipeline end to end, and its cache: a second start with unchanged inputs skips validation and reasoning."""

import shutil

import pyoxigraph
import pytest
from conftest import FIXTURES

import kgraph.build as pipeline
from kgraph.build import build, cache_key
from kgraph.errors import ValidationFailed
from kgraph.export import export
from kgraph.load import ProjectFiles
from kgraph.namespaces import (
    GRAPH_ASSERTED,
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_SHAPES,
)
from kgraph.reason import ENGINES
from kgraph.validate import VALIDATORS


@pytest.fixture
def project(tmp_path, mini_root):
    shutil.copytree(mini_root, tmp_path / "project")
    return tmp_path / "project"


def test_first_build_misses_and_second_hits_without_validating_or_reasoning(project, tmp_path, monkeypatch):
    first = build(project, cache_dir=tmp_path / "cache")
    assert not first.cache_hit
    assert set(first.timings) == {"load", "validate", "reason", "store", "total"}
    assert first.built.manifest["counts"] == {"asserted": 6, "ontology": 31, "inferred": 6, "dropped": 179,
                                              "outside": 0, "outside-inferred": 0, "interpretations": 0,
                                              "interpretations-inferred": 0, "shapes": 7, "quads": 50}

    def forbidden(*_args, **_kwargs):
        raise AssertionError("a cache hit must not validate or reason")

    monkeypatch.setattr(pipeline, "validate", forbidden)
    monkeypatch.setattr(pipeline, "reason", forbidden)
    second = build(project, cache_dir=tmp_path / "cache")
    assert second.cache_hit
    assert second.built.directory == first.built.directory
    assert "cache hit" in second.summary()


def test_any_change_to_an_input_rebuilds(project, tmp_path):
    first = build(project, cache_dir=tmp_path / "cache")
    with open(project / "data" / "people.ttl", "a", encoding="utf-8") as data:
        data.write('<state/armenia> <http://www.w3.org/2004/02/skos/core#note> "changed" .\n')
    second = build(project, cache_dir=tmp_path / "cache")
    assert not second.cache_hit
    assert second.built.directory != first.built.directory
    assert second.built.manifest["counts"]["asserted"] == 7


def test_the_key_covers_file_names_and_the_package_version(project, monkeypatch):
    before = cache_key(ProjectFiles.discover(project))
    (project / "data" / "people.ttl").rename(project / "data" / "persons.ttl")
    renamed = cache_key(ProjectFiles.discover(project))
    monkeypatch.setattr(pipeline, "__version__", "999")
    assert len({before, renamed, cache_key(ProjectFiles.discover(project))}) == 3


def test_invalid_data_is_refused_and_leaves_no_cache_entry(project, tmp_path):
    shutil.copy(FIXTURES / "invalid" / "unlabelled-person.ttl", project / "data")
    with pytest.raises(ValidationFailed) as caught:
        build(project, cache_dir=tmp_path / "cache")
    assert caught.value.violations == 1
    assert "person/anonymous" in caught.value.report_text
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_allow_invalid_builds_but_a_later_strict_start_still_refuses(project, tmp_path):
    shutil.copy(FIXTURES / "invalid" / "unlabelled-person.ttl", project / "data")
    lenient = build(project, cache_dir=tmp_path / "cache", allow_invalid=True)
    assert lenient.built.manifest["conforms"] is False
    with pytest.raises(ValidationFailed):
        build(project, cache_dir=tmp_path / "cache")


def test_the_served_default_graph_is_asserted_plus_inferred(built_mini):
    rows = {(s["person"].value, s["state"].value) for s in built_mini.query(
        "SELECT ?person ?state WHERE { ?person <https://w3id.org/kgraph/ontology#actsFor> ?state }")}
    assert rows == {("https://w3id.org/kgraph/id/person/nikol-pashinyan", "https://w3id.org/kgraph/id/state/armenia")}
    shapes_in_default = built_mini.query("ASK { ?shape a <http://www.w3.org/ns/shacl#NodeShape> }")
    assert not bool(shapes_in_default)


INTERPRETATION = """@base <https://w3id.org/kgraph/id/> .
@prefix kg: <https://w3id.org/kgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
GRAPH <https://w3id.org/kgraph/graph/interpretations> {
    <person/serzh-sargsyan> kg:holds <position/former-prime-minister> .
    <position/former-prime-minister> rdfs:label "Prime Minister of Armenia (former)"@en ; kg:ofState <state/armenia> .
}
"""


def test_what_follows_from_an_interpretation_is_kept_apart_from_the_article_only_closure(project, tmp_path):
    (project / "data" / "reading.trig").write_text(INTERPRETATION, encoding="utf-8")
    built = build(project, cache_dir=tmp_path / "cache").built
    counts = built.manifest["counts"]
    assert (counts["asserted"], counts["interpretations"]) == (6, 3)
    query = "SELECT ?person WHERE { ?person <https://w3id.org/kgraph/ontology#actsFor> ?state } ORDER BY ?person"
    people = ["https://w3id.org/kgraph/id/person/nikol-pashinyan", "https://w3id.org/kgraph/id/person/serzh-sargsyan"]
    assert [row["person"].value for row in built.query(query)] == people
    assert [row["person"].value for row in built.query(query, article_only=True)] == people[:1]
    store = built.open()
    inferred_from_reading = {str(q.subject) for q in store.quads_for_pattern(
        None, None, None, pyoxigraph.NamedNode("https://w3id.org/kgraph/graph/interpretations-inferred"))}
    assert inferred_from_reading == {"<https://w3id.org/kgraph/id/person/serzh-sargsyan>",
                                     "<https://w3id.org/kgraph/id/position/former-prime-minister>"}


LAYERED = """@base <https://w3id.org/kgraph/id/> .
@prefix kg: <https://w3id.org/kgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
GRAPH <https://w3id.org/kgraph/graph/outside> {
    <person/levon-ter-petrosyan> rdfs:label "Levon Ter-Petrosyan"@en ; kg:holds <position/envoy> .
    <position/envoy> rdfs:label "envoy"@en .
}
GRAPH <https://w3id.org/kgraph/graph/interpretations> {
    <position/envoy> kg:ofState <state/armenia> .
}
"""


@pytest.mark.parametrize("reasoner", ENGINES)
def test_each_layer_s_consequences_go_to_its_own_inferred_graph(reasoner, project, tmp_path):
    """An outside fact's consequences are in kgg:outside-inferred; what an interpretation adds on top of it is in
    kgg:interpretations-inferred; the article-only view has neither."""
    (project / "data" / "layers.trig").write_text(LAYERED, encoding="utf-8")
    built = build(project, cache_dir=tmp_path / "cache", reasoner=reasoner).built
    counts = built.manifest["counts"]
    assert (counts["asserted"], counts["outside"], counts["interpretations"]) == (6, 3, 1)
    levon = pyoxigraph.NamedNode("https://w3id.org/kgraph/id/person/levon-ter-petrosyan")
    store = built.open()

    def inferred_in(graph: str) -> set[tuple[str, str]]:
        name = pyoxigraph.NamedNode(f"https://w3id.org/kgraph/graph/{graph}")
        return {(q.predicate.value.rsplit("#", 1)[-1], q.object.value.rsplit("/", 1)[-1])
                for q in store.quads_for_pattern(levon, None, None, name)}

    assert inferred_in("outside-inferred") == {("type", "ontology#Person"), ("type", "ontology#Agent")}
    assert inferred_in("interpretations-inferred") == {("actsFor", "armenia")}
    assert inferred_in("inferred") == set()
    query = "SELECT ?person WHERE { ?person <https://w3id.org/kgraph/ontology#actsFor> ?state } ORDER BY ?person"
    full = [row["person"].value for row in built.query(query)]
    assert full == ["https://w3id.org/kgraph/id/person/levon-ter-petrosyan",
                    "https://w3id.org/kgraph/id/person/nikol-pashinyan"]
    assert [row["person"].value for row in built.query(query, article_only=True)] == full[1:]


def test_the_key_covers_the_engines_and_keeps_the_default_key(project):
    files = ProjectFiles.discover(project)
    keys = {cache_key(files, reasoner, validator) for reasoner in ("owlrl", "rules") for validator in VALIDATORS}
    assert len(keys) == 4
    assert cache_key(files) == cache_key(files, "owlrl", "pyshacl")


def test_a_build_validated_by_rudof_serves_the_same_store(project, tmp_path, built_mini):
    with_rudof = build(project, cache_dir=tmp_path / "cache", validator="rudof").built
    assert with_rudof.directory.name != built_mini.directory.name
    assert with_rudof.manifest["validator"] == "rudof"
    assert with_rudof.manifest["validation_report"] == built_mini.manifest["validation_report"]
    assert _canonical(with_rudof) == _canonical(built_mini)


def _canonical(built) -> set:
    """The store's quads with blank nodes labelled canonically (RDFC-1.0): each parse labels them afresh."""
    dataset = pyoxigraph.Dataset(built.open())
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def test_stage_timings_and_the_store_hold_every_graph(built_mini):
    graphs = {g.value for g in built_mini.open().named_graphs()}
    assert graphs == {str(g) for g in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_SHAPES)}
    assert list(built_mini.manifest["timings"]) == ["load", "validate", "reason", "store"]


SOURCE = "http://example.org/source/2"
SECOND_SOURCE = f"""@base <https://w3id.org/kgraph/id/> .
@prefix kg: <https://w3id.org/kgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
GRAPH <{SOURCE}> {{
  <person/levon-ter-petrosyan> rdfs:label "Levon Ter-Petrosyan"@en ; kg:holds <position/first-president> .
}}
"""


@pytest.mark.parametrize("reasoner", ENGINES)
def test_a_source_graph_is_validated_reasoned_and_served_in_the_default_graph(reasoner, project, tmp_path):
    """A data file's own graph (per-source provenance) keeps its name; SHACL and the reasoner see it with
    kgg:asserted (its consequences go to kgg:inferred), and the endpoint's default graph includes it."""
    (project / "data" / "second-source.trig").write_text(SECOND_SOURCE, encoding="utf-8")
    built = build(project, cache_dir=tmp_path / "cache", reasoner=reasoner).built
    store = built.open()
    levon = pyoxigraph.NamedNode("https://w3id.org/kgraph/id/person/levon-ter-petrosyan")
    in_source = {q.predicate.value for q in store.quads_for_pattern(levon, None, None, pyoxigraph.NamedNode(SOURCE))}
    assert in_source == {"http://www.w3.org/2000/01/rdf-schema#label", "https://w3id.org/kgraph/ontology#holds"}
    inferred = {q.object.value for q in store.quads_for_pattern(
        levon, pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None,
        pyoxigraph.NamedNode(str(GRAPH_INFERRED)))}
    assert inferred == {"https://w3id.org/kgraph/ontology#Person", "https://w3id.org/kgraph/ontology#Agent"}
    labelled = "SELECT ?name WHERE { <https://w3id.org/kgraph/id/person/levon-ter-petrosyan> rdfs:label ?name }"
    assert [row["name"].value for row in built.query("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                                                     + labelled, store)] == ["Levon Ter-Petrosyan"]
    dump = export(built, "nq", tmp_path / "dump.nq")
    assert f"<{SOURCE}> ." in dump.path.read_text()
    # every quad of the store's named graphs is dumped, the source graph's included (the store's own default graph
    # is the served union of some of them, materialised for speed: not a graph of the dataset)
    assert dump.quads == sum(1 for quad in store if not isinstance(quad.graph_name, pyoxigraph.DefaultGraph))


def test_a_source_graph_is_validated_with_the_data(project, tmp_path):
    (project / "data" / "second-source.trig").write_text(SECOND_SOURCE.replace(
        'rdfs:label "Levon Ter-Petrosyan"@en ;', "a kg:Person ;"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:  # a person without a label
        build(project, cache_dir=tmp_path / "cache")
    assert caught.value.violations == 1 and "levon-ter-petrosyan" in caught.value.report_text
