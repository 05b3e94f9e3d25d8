"""The "rules" reasoner (SPARQL rule materialisation in pyoxigraph) keeps exactly what owlrl's closure keeps.

owlrl is the reference: on the article graph, on the miniature project, on a synthetic project shaped like ours
(bench/generate.py) and on a graph exercising every OWL 2 RL construct the rules engine implements, both engines'
inferred graphs must be the same set of triples.
"""

import sys

import pyoxigraph
import pytest
from rdflib import Graph

from kgraph.load import ProjectFiles, load
from kgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_INTERPRETATIONS
from kgraph.reason import ENGINES, reason

from conftest import ROOT
from named_graphs import store_of

sys.path.insert(0, str(ROOT / "bench"))
from generate import write_project  # noqa: E402  (the benchmark's generator, a script directory)

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


def _inferred_by_each_engine(store: pyoxigraph.Store) -> dict[str, set]:
    """Each engine's inferred graph over the asserted data and the interpretations, each computed on its own copy of
    `store` (same blank nodes)."""
    inferred = {}
    for engine in ENGINES:
        copy = pyoxigraph.Store()
        copy.extend(store)
        reason(copy, engine=engine, data=(GRAPH_ASSERTED, GRAPH_INTERPRETATIONS))
        inferred[engine] = {q.triple for q in copy.quads_for_pattern(None, None, None,
                                                                     pyoxigraph.NamedNode(str(GRAPH_INFERRED)))}
    return inferred


@pytest.fixture(scope="module")
def synthetic_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic")
    write_project(root, 3000, root=ROOT)
    return root


@pytest.mark.parametrize("which", ["project", "mini", "synthetic"])
def test_rules_engine_keeps_the_same_closure_as_owlrl(which, project_root, mini_root, synthetic_root):
    root = {"project": project_root, "mini": mini_root, "synthetic": synthetic_root}[which]
    inferred = _inferred_by_each_engine(load(ProjectFiles.discover(root)).store)
    assert len(inferred["owlrl"]) > 0
    assert inferred["rules"] - inferred["owlrl"] == set(), "the rules engine infers what owlrl does not"
    assert inferred["owlrl"] - inferred["rules"] == set(), "the rules engine misses what owlrl infers"


def test_every_implemented_construct_agrees_with_owlrl():
    graph = Graph().parse(data=CONSTRUCTS, format="turtle")
    ontology, asserted = Graph(), Graph()
    for triple in graph:
        is_data = str(triple[0]).startswith("https://w3id.org/kgraph/id/")
        (asserted if is_data else ontology).add(triple)
    inferred = _inferred_by_each_engine(store_of(ontology, asserted))
    assert len(inferred["owlrl"]) > 25  # the graph does exercise the rules
    assert inferred["rules"] == inferred["owlrl"]


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown reasoner"):
        reason(pyoxigraph.Store(), engine="pellet")
