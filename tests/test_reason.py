"""Reason stage: the OWL-RL closure keeps what informs a user and drops owlrl's noise."""

from named_graphs import graph_of, store_of
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kgraph.load import ProjectFiles
from kgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, KG, KGR
from kgraph.reason import reason

PASHINYAN = URIRef(KGR["person/nikol-pashinyan"])
PRIME_MINISTER = URIRef(KGR["position/nikol-pashinyan-prime-minister"])
ARMENIA = URIRef(KGR["state/armenia"])


def _reason_mini(mini_root, extra: Graph | None = None):
    """(the reasoning result, the inferred graph) of the miniature project, with `extra` asserted triples."""
    files = ProjectFiles.discover(mini_root)
    asserted = files.graph(GRAPH_ASSERTED)
    for triple in extra or ():
        asserted.add(triple)
    store = store_of(files.graph(GRAPH_ONTOLOGY), asserted)
    return reason(store), graph_of(store, GRAPH_INFERRED)


def test_exactly_the_informative_inferences_are_kept(mini_root):
    result, inferred = _reason_mini(mini_root)
    assert set(inferred) == {
        (PASHINYAN, RDF.type, KG.Agent),                 # subclass
        (PASHINYAN, KG.actsFor, ARMENIA),                # property chain holds ∘ ofState
        (PRIME_MINISTER, KG.heldBy, PASHINYAN),          # inverse
        (PRIME_MINISTER, RDF.type, KG.Position),         # range
        (ARMENIA, RDF.type, KG.State),                   # range
        (ARMENIA, RDF.type, KG.Agent),                   # range, then subclass
    }
    assert result.asserted_count == 6
    assert result.inferred_count == 6
    assert result.dropped_count > 100  # owlrl's TBox closure, owl:Thing typing, reflexive sameAs…
    assert result.seconds > 0


def test_noise_is_dropped(mini_root):
    _, inferred = _reason_mini(mini_root)
    assert not any(isinstance(s, Literal) for s in inferred.subjects())
    assert (None, RDF.type, OWL.Thing) not in inferred
    assert (None, RDF.type, RDFS.Resource) not in inferred
    assert not any(s == o for s, o in inferred.subject_objects(OWL.sameAs))
    assert not set(inferred.subjects()) & {KG.Person, KG.holds, KG.actsFor}  # no TBox closure


def test_nothing_asserted_is_repeated_and_non_reflexive_same_as_is_kept(mini_root):
    other = URIRef(KGR["person/pashinyan-duplicate"])
    extra = Graph()
    extra.add((PASHINYAN, OWL.sameAs, other))
    _, inferred = _reason_mini(mini_root, extra)
    assert (PASHINYAN, KG.holds, PRIME_MINISTER) not in inferred
    assert (other, OWL.sameAs, PASHINYAN) in inferred
