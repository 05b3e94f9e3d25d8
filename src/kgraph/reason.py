"""Reason stage: the OWL 2 RL closure of ontology + data, filtered down to what informs a user.

Two engines compute the closure: ``owlrl`` (the reference: every OWL 2 RL rule, in Python, about 1k triples/s) and
``rules`` (the OWL 2 RL rules whose premises our ontology can produce, as SPARQL updates over an in-memory pyoxigraph
store iterated to a fixpoint; see RULES). Both pass their new triples through the same filter, and the tests assert that
they keep the same set on the article graph and on every construct the ontology uses.

Kept (see README, "What the inferred graph holds"): new triples whose subject is a resource the data describes
(a subject, or an object other than a class, of the asserted graph that the ontology does not define), i.e. class memberships through subclasses,
domains and ranges, property values through sub-properties, inverses and property chains, and owl:sameAs between
two different resources. Dropped: everything else owlrl adds (TBox closure, literal subjects, reflexive owl:sameAs,
typing as owl:Thing / rdfs:Resource / owl:NamedIndividual, datatype axioms) and what is asserted already.
"""

import time
from collections.abc import Iterable
from dataclasses import dataclass

import owlrl
import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

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


ENGINES = ("owlrl", "rules")


def reason(ontology: Graph, asserted: Graph, engine: str = "owlrl") -> ReasoningResult:
    """Compute the closure of ontology + asserted and return the informative new triples.

    `engine` is "owlrl" (the reference) or "rules" (SPARQL rule materialisation in pyoxigraph, much faster).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown reasoner {engine!r}; choose one of {', '.join(ENGINES)}")
    started = time.perf_counter()
    if engine == "owlrl":
        new_triples, closure_count = _owlrl_closure(ontology, asserted)
    else:
        new_triples, closure_count = _rules_closure(ontology, asserted)
    inferred, dropped = keep_informative(new_triples, ontology, asserted)
    return ReasoningResult(inferred=inferred, asserted_count=len(asserted), closure_count=closure_count,
                           dropped_count=dropped, seconds=time.perf_counter() - started)


def keep_informative(candidates: Iterable, ontology: Graph, asserted: Graph) -> tuple[Graph, int]:
    """The noise filter shared by every engine: (informative new triples, number of new triples dropped)."""
    described = _described_resources(asserted) - set(ontology.subjects())
    inferred = Graph()
    new_count = 0
    for triple in candidates:
        if triple in ontology or triple in asserted:
            continue
        new_count += 1
        if _informative(triple, described):
            inferred.add(triple)
    return inferred, new_count - len(inferred)


def _owlrl_closure(ontology: Graph, asserted: Graph) -> tuple[Graph, int]:
    closure = Graph()
    for triple in ontology:
        closure.add(triple)
    for triple in asserted:
        closure.add(triple)
    before = len(closure)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    return closure, len(closure) - before


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


# The "rules" engine. Each rule is one SPARQL update: its premises are read from the union of the input graph and the
# triples derived so far (USING), and only triples not already there are written to the derived graph. Named after the
# OWL 2 RL rule tables (https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules).
# Not implemented, because nothing in an OWL 2 RL ontology of ours can trigger them without also being refused by
# CONVENTIONS (no owl:sameAs between data resources is produced but by these): cardinality (cls-maxc*, cls-maxqc*),
# keys (prp-key), owl:oneOf, disjointness and the inconsistency rules (they add nothing), datatype rules (dt-*), and the
# schema rules (scm-*), whose conclusions about classes and properties the filter drops and whose effect on the data
# the fixpoint reproduces. Functional and inverse-functional properties and owl:sameAs are handled (prp-fp, prp-ifp,
# eq-sym, eq-trans, eq-rep-*).
_INPUT = "urn:kgraph:reason:input"
_DERIVED = "urn:kgraph:reason:derived"
_PREFIXES = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
RULES: dict[str, tuple[str, str]] = {  # name: (conclusion template, premises)
    "cax-sco": ("?x a ?d", "?c rdfs:subClassOf ?d . ?x a ?c"),
    "cax-eqc1": ("?x a ?d", "?c owl:equivalentClass ?d . ?x a ?c"),
    "cax-eqc2": ("?x a ?c", "?c owl:equivalentClass ?d . ?x a ?d"),
    "prp-dom": ("?x a ?c", "?p rdfs:domain ?c . ?x ?p ?y"),
    "prp-rng": ("?y a ?c", "?p rdfs:range ?c . ?x ?p ?y FILTER(!isLiteral(?y))"),
    "prp-spo1": ("?x ?q ?y", "?p rdfs:subPropertyOf ?q . ?x ?p ?y"),
    "prp-eqp1": ("?x ?q ?y", "?p owl:equivalentProperty ?q . ?x ?p ?y"),
    "prp-eqp2": ("?x ?p ?y", "?p owl:equivalentProperty ?q . ?x ?q ?y"),
    "prp-inv1": ("?y ?q ?x", "?p owl:inverseOf ?q . ?x ?p ?y FILTER(!isLiteral(?y))"),
    "prp-inv2": ("?y ?p ?x", "?p owl:inverseOf ?q . ?x ?q ?y FILTER(!isLiteral(?y))"),
    "prp-symp": ("?y ?p ?x", "?p a owl:SymmetricProperty . ?x ?p ?y FILTER(!isLiteral(?y))"),
    "prp-trp": ("?x ?p ?z", "?p a owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z"),
    "prp-fp": ("?y1 owl:sameAs ?y2", "?p a owl:FunctionalProperty . ?x ?p ?y1 . ?x ?p ?y2 "
                                     "FILTER(?y1 != ?y2 && !isLiteral(?y1))"),
    "prp-ifp": ("?x1 owl:sameAs ?x2", "?p a owl:InverseFunctionalProperty . ?x1 ?p ?y . ?x2 ?p ?y FILTER(?x1 != ?x2)"),
    "cls-hv1": ("?x ?p ?v", "?r owl:hasValue ?v ; owl:onProperty ?p . ?x a ?r"),
    "cls-hv2": ("?x a ?r", "?r owl:hasValue ?v ; owl:onProperty ?p . ?x ?p ?v"),
    "cls-svf1": ("?x a ?r", "?r owl:someValuesFrom ?c ; owl:onProperty ?p . ?x ?p ?y . ?y a ?c"),
    "cls-svf2": ("?x a ?r", "?r owl:someValuesFrom owl:Thing ; owl:onProperty ?p . ?x ?p ?y"),
    "cls-avf": ("?y a ?c", "?r owl:allValuesFrom ?c ; owl:onProperty ?p . ?x a ?r . ?x ?p ?y FILTER(!isLiteral(?y))"),
    "cls-int1": ("?x a ?c", "?c owl:intersectionOf ?l . ?l rdf:first ?first . ?x a ?first "
                            "FILTER NOT EXISTS { ?l rdf:rest*/rdf:first ?m FILTER NOT EXISTS { ?x a ?m } }"),
    "cls-int2": ("?x a ?m", "?c owl:intersectionOf ?l . ?l rdf:rest*/rdf:first ?m . ?x a ?c"),
    "cls-uni": ("?x a ?c", "?c owl:unionOf ?l . ?l rdf:rest*/rdf:first ?m . ?x a ?m"),
    "eq-sym": ("?y owl:sameAs ?x", "?x owl:sameAs ?y"),
    "eq-trans": ("?x owl:sameAs ?z", "?x owl:sameAs ?y . ?y owl:sameAs ?z"),
    "eq-rep-s": ("?t ?p ?o", "?s owl:sameAs ?t . ?s ?p ?o"),
    "eq-rep-p": ("?s ?q ?o", "?p owl:sameAs ?q . ?s ?p ?o"),
    "eq-rep-o": ("?s ?p ?t", "?o owl:sameAs ?t . ?s ?p ?o FILTER(!isLiteral(?t))"),
}
MAX_ROUNDS = 64


def _rules_closure(ontology: Graph, asserted: Graph) -> tuple[list, int]:
    """Materialise RULES (and one prp-spo2 rule per property chain) to a fixpoint; return the derived triples."""
    store = pyoxigraph.Store()
    graph = pyoxigraph.NamedNode(_INPUT)
    cache: dict = {}
    store.extend(pyoxigraph.Quad(*(_to_oxigraph(term, cache) for term in triple), graph)
                 for source in (ontology, asserted) for triple in source)
    updates = [_update(conclusion, premises) for conclusion, premises in RULES.values()]
    updates += [_update("?x <%s> ?y" % chain, premises) for chain, premises in _chain_premises(store)]
    request = " ;\n".join(updates)
    size = len(store)
    for _ in range(MAX_ROUNDS):
        store.update(request, prefixes=_PREFIXES)
        if len(store) == size:
            break
        size = len(store)
    else:
        raise RuntimeError(f"the rules did not reach a fixpoint in {MAX_ROUNDS} rounds")
    # rules copy terms, never make literals: map each literal back to the rdflib term it came from, since rdflib
    # tells "x" from "x"^^xsd:string and RDF 1.1 (hence pyoxigraph) does not
    literals = {converted: term for term, converted in cache.items() if isinstance(term, Literal)}
    derived = [tuple(literals.get(term) or _to_rdflib(term) for term in quad.triple)
               for quad in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(_DERIVED))]
    return derived, len(derived)


def _update(conclusion: str, premises: str) -> str:
    return (f"INSERT {{ GRAPH <{_DERIVED}> {{ {conclusion} }} }} USING <{_INPUT}> USING <{_DERIVED}> "
            f"WHERE {{ {premises} FILTER NOT EXISTS {{ {conclusion} }} }}")


def _chain_premises(store: pyoxigraph.Store) -> list[tuple[str, str]]:
    """prp-spo2: for each `p owl:propertyChainAxiom (p1 … pn)`, the premises `?x p1 ?v1 . … ?vn-1 pn ?y`."""
    chains = []
    lists = store.query(f"SELECT ?p ?l WHERE {{ GRAPH <{_INPUT}> {{ ?p owl:propertyChainAxiom ?l }} }}",
                        prefixes=_PREFIXES)
    for solution in lists:
        members, node = [], solution["l"]
        while node != pyoxigraph.NamedNode(str(RDF.nil)) and len(members) < 100:
            first = next(iter(store.quads_for_pattern(node, pyoxigraph.NamedNode(str(RDF.first)), None)), None)
            rest = next(iter(store.quads_for_pattern(node, pyoxigraph.NamedNode(str(RDF.rest)), None)), None)
            if first is None or rest is None or not isinstance(first.object, pyoxigraph.NamedNode):
                members = []
                break
            members.append(first.object.value)
            node = rest.object
        if len(members) >= 2:
            variables = ["?x", *(f"?v{i}" for i in range(1, len(members))), "?y"]
            chains.append((solution["p"].value, " . ".join(f"{variables[i]} <{member}> {variables[i + 1]}"
                                                           for i, member in enumerate(members))))
    return chains


def _to_oxigraph(term, cache: dict):
    converted = cache.get(term)
    if converted is None:
        if isinstance(term, URIRef):
            converted = pyoxigraph.NamedNode(str(term))
        elif isinstance(term, BNode):
            converted = pyoxigraph.BlankNode(str(term))
        elif term.language:
            converted = pyoxigraph.Literal(str(term), language=term.language)
        else:
            converted = pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype or XSD.string)))
        cache[term] = converted
    return converted


def _to_rdflib(term):
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
