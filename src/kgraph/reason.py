"""Reason stage: the OWL 2 RL closure of ontology + data (owlrl), filtered down to what informs a user.

Kept (see README, "What the inferred graph holds"): new triples whose subject is a resource the data describes
(a subject, or an object other than a class, of the asserted graph that the ontology does not define), i.e. class memberships through subclasses,
domains and ranges, property values through sub-properties, inverses and property chains, and owl:sameAs between
two different resources. Dropped: everything else owlrl adds (TBox closure, literal subjects, reflexive owl:sameAs,
typing as owl:Thing / rdfs:Resource / owl:NamedIndividual, datatype axioms) and what is asserted already.
"""

import time
from dataclasses import dataclass

import owlrl
from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

UNINFORMATIVE_TYPES = frozenset({OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class,
                                 RDF.Property, RDFS.Datatype, RDFS.Literal})


@dataclass(frozen=True)
class ReasoningResult:
    inferred: Graph
    asserted_count: int
    closure_count: int
    dropped_count: int
    seconds: float

    @property
    def inferred_count(self) -> int:
        return len(self.inferred)


def reason(ontology: Graph, asserted: Graph) -> ReasoningResult:
    """Compute the closure of ontology + asserted and return the informative new triples."""
    started = time.perf_counter()
    closure = Graph()
    for triple in ontology:
        closure.add(triple)
    for triple in asserted:
        closure.add(triple)
    before = len(closure)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)

    described = _described_resources(asserted) - set(ontology.subjects())
    inferred = Graph()
    new_count = 0
    for triple in closure:
        if triple in ontology or triple in asserted:
            continue
        new_count += 1
        if _informative(triple, described):
            inferred.add(triple)
    return ReasoningResult(inferred=inferred, asserted_count=len(asserted), closure_count=len(closure) - before,
                           dropped_count=new_count - len(inferred), seconds=time.perf_counter() - started)


def _described_resources(asserted: Graph) -> set:
    """Subjects and non-class objects of the asserted data: the resources a user asks about."""
    objects = {o for _, p, o in asserted if p != RDF.type and not isinstance(o, Literal)}
    return set(asserted.subjects()) | objects


def _informative(triple, described: set) -> bool:
    subject, predicate, obj = triple
    if isinstance(subject, Literal) or subject not in described:
        return False
    if predicate == OWL.sameAs:
        return subject != obj
    if predicate == RDF.type:
        return obj not in UNINFORMATIVE_TYPES and not isinstance(obj, BNode)
    return True
