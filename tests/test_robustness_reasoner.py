"""The "rules" reasoner (SPARQL rule materialisation in pyoxigraph) keeps exactly what owlrl's closure keeps.

owlrl is the reference: on the article graph, on the miniature project and on a graph exercising every OWL 2 RL
construct the rules engine implements, both engines' filtered closures must be the same set of triples.
"""

import pytest
from rdflib import Graph

from kgraph.load import ProjectFiles, data_graph, load
from kgraph.namespaces import GRAPH_ONTOLOGY
from kgraph.reason import ENGINES, reason

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


def _graphs(root):
    dataset = load(ProjectFiles.discover(root))
    return _standalone(dataset.graph(GRAPH_ONTOLOGY)), _standalone(data_graph(dataset))  # interpretations too


def _standalone(graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def _both(ontology, asserted):
    return {engine: reason(ontology, asserted, engine=engine) for engine in ENGINES}


@pytest.mark.parametrize("which", ["project", "mini"])
def test_rules_engine_keeps_the_same_closure_as_owlrl(which, project_root, mini_root):
    ontology, asserted = _graphs(project_root if which == "project" else mini_root)
    results = _both(ontology, asserted)
    owlrl_set, rules_set = set(results["owlrl"].inferred), set(results["rules"].inferred)
    assert rules_set - owlrl_set == set(), "the rules engine infers what owlrl does not"
    assert owlrl_set - rules_set == set(), "the rules engine misses what owlrl infers"


def test_every_implemented_construct_agrees_with_owlrl():
    graph = Graph().parse(data=CONSTRUCTS, format="turtle")
    ontology, asserted = Graph(), Graph()
    for triple in graph:
        is_data = str(triple[0]).startswith("https://w3id.org/kgraph/id/")
        (asserted if is_data else ontology).add(triple)
    results = _both(ontology, asserted)
    owlrl_set, rules_set = set(results["owlrl"].inferred), set(results["rules"].inferred)
    assert len(owlrl_set) > 25  # the graph does exercise the rules
    assert rules_set == owlrl_set


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown reasoner"):
        reason(Graph(), Graph(), engine="pellet")
