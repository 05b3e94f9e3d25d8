"""The "rules" reasoner (SPARQL rule materialisation in pyoxigraph) keeps exactly what owlrl's closure keeps.

owlrl is the reference: on the article graph, on the miniature project, on a synthetic project shaped like ours
(bench/generate.py) and on a graph exercising every OWL 2 RL construct the rules engine implements, both engines'
inferred graphs must be the same sets of triples: kgg:inferred, and each layer's (kgg:outside-inferred,
kgg:interpretations-inferred), reasoned one layer at a time as the build does.
"""

import sys

import pyoxigraph
import pytest
from conftest import ROOT
from named_graphs import store_of
from rdflib import Graph

from kgraph.build import _reason_over_layers
from kgraph.errors import UsageError
from kgraph.load import Dataset, ProjectFiles, load
from kgraph.namespaces import INFERRED_GRAPHS
from kgraph.reason import ENGINES, reason

sys.path.insert(0, str(ROOT / "bench"))
from generate import write_project

CONSTRUCTS = """
@prefix : <https://w3id.org/kgraph/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix r: <https://w3id.org/kgraph/id/> .
:Agent a owl:Class . :Person rdfs:subClassOf :Agent . :Human owl:equivalentClass :Person .
:Statement a owl:Class . :Rejection rdfs:subClassOf :Statement .
:Denial owl:equivalentClass [ owl:intersectionOf ( :Statement [ a owl:Restriction ; owl:onProperty :stance ;
                                                               owl:hasValue r:denies ] ) ] ;
        rdfs:subClassOf :Rejection .
:Either owl:unionOf ( :Denial :Weapon ) .
:Armed owl:equivalentClass [ a owl:Restriction ; owl:onProperty :owns ; owl:someValuesFrom :Weapon ] .
:Loyal rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :serves ; owl:allValuesFrom :State ] .
:stance rdfs:domain :Statement .
:says rdfs:domain :Agent ; rdfs:range :Statement ; owl:inverseOf :saidBy .
:memberOf rdfs:subPropertyOf :affiliatedWith . :affiliatedWith owl:equivalentProperty :linkedTo .
:partOf a owl:TransitiveProperty . :borders a owl:SymmetricProperty .
:holds rdfs:range :Position . :positionIn rdfs:range :Agent . :rank rdfs:domain :Position ; rdfs:range xsd:string .
:actsFor owl:propertyChainAxiom ( :holds :positionIn ) .
:longChain owl:propertyChainAxiom ( :holds :positionIn :partOf ) .
:code a owl:FunctionalProperty .

r:p1 a :Human ; :says r:s1 ; :holds r:pos1 ; :memberOf r:o1 ; :owns r:w1 ; :code r:c1, r:c2 .
r:p2 a :Loyal ; :serves r:armenia ; :saidBy r:s3 .
r:s1 :stance r:denies .
r:s2 a :Denial .
r:pos1 :positionIn r:o1 ; :rank "colonel" .
r:o1 :partOf r:o2 . r:o2 :partOf r:o3 .
r:armenia :borders r:azerbaijan .
r:w1 a :Weapon .
r:x owl:sameAs r:y . r:y :count "01"^^xsd:integer ; :label "x"@en .
"""


def _inferred_by_each_engine(store: pyoxigraph.Store, files: ProjectFiles | None = None) -> dict[str, dict]:
    """Each engine's inferred graphs, as the build makes them (with the layers when the project's `files` are given),
    each computed on its own copy of `store` (same blank nodes): {engine: {graph name: set of triples}}."""
    inferred = {}
    for engine in ENGINES:
        copy = pyoxigraph.Store()
        copy.extend(store)
        reason(copy, engine=engine)
        if files is not None:
            _reason_over_layers(Dataset(files, copy), engine)
        inferred[engine] = {str(graph): {q.triple for q in copy.quads_for_pattern(None, None, None,
                                                                                   pyoxigraph.NamedNode(str(graph)))}
                            for graph in INFERRED_GRAPHS}
    return inferred


@pytest.fixture(scope="module")
def synthetic_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic")
    write_project(root, 3000, root=ROOT)
    return root


@pytest.mark.parametrize("which", ["project", "mini", "synthetic"])
def test_rules_engine_keeps_the_same_closure_as_owlrl(which, project_root, mini_root, synthetic_root):
    files = ProjectFiles.discover({"project": project_root, "mini": mini_root, "synthetic": synthetic_root}[which])
    inferred = _inferred_by_each_engine(load(files).store, files)
    non_empty = {graph for graph, triples in inferred["owlrl"].items() if triples}
    # the project has outside facts and interpretations, and each adds inferences
    assert non_empty == ({str(g) for g in INFERRED_GRAPHS} if which == "project" else {str(INFERRED_GRAPHS[0])})
    for graph, expected in inferred["owlrl"].items():
        found = inferred["rules"][graph]
        assert found - expected == set(), f"the rules engine infers into {graph} what owlrl does not"
        assert expected - found == set(), f"the rules engine misses in {graph} what owlrl infers"


def test_every_implemented_construct_agrees_with_owlrl():
    graph = Graph().parse(data=CONSTRUCTS, format="turtle")
    ontology, asserted = Graph(), Graph()
    for triple in graph:
        is_data = str(triple[0]).startswith("https://w3id.org/kgraph/id/")
        (asserted if is_data else ontology).add(triple)
    inferred = _inferred_by_each_engine(store_of(ontology, asserted))
    assert len(inferred["owlrl"][str(INFERRED_GRAPHS[0])]) > 25  # the graph does exercise the rules
    assert inferred["rules"] == inferred["owlrl"]


def test_unknown_engine_is_refused():
    with pytest.raises(UsageError, match="unknown reasoner"):
        reason(pyoxigraph.Store(), engine="pellet")
