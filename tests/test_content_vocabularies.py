"""The graph is consistent with the vocabularies it reuses, read with their own axioms (W3C's PROV-O and Web
Annotation files, tests/fixtures/vocabularies/): no resource is in two classes they declare disjoint, and every use of
one of their properties has a subject and an object of the domain and range they declare.

Types come from the built graph (asserted, interpretations, inferred) plus, for the disjointness check, what PROV-O's
and Web Annotation's domains and ranges imply: that is how the old model's statements, prov:Activity by the ontology
and prov:Entity by the domain of prov:wasDerivedFrom, were both at once. The domain and range check is closed-world:
the graph must itself say that a subject is in the domain.
"""

import functools

import pytest
from content_graph import ROOT, closed_graph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD

VOCABULARIES = ROOT / "tests" / "fixtures" / "vocabularies"
KG = "https://w3id.org/kgraph/ontology#"
ID = "https://w3id.org/kgraph/id/"
OA = "http://www.w3.org/ns/oa#"
VALUE_SPACES = {XSD.nonNegativeInteger: lambda v: isinstance(v, int) and v >= 0,
                XSD.string: lambda v: isinstance(v, str),
                XSD.dateTime: lambda v: hasattr(v, "isoformat")}


@functools.lru_cache(maxsize=1)
def vocabularies() -> Graph:
    graph = Graph()
    for name in ("prov-o.ttl", "oa.ttl"):
        graph.parse(VOCABULARIES / name)
    return graph


class Axioms:
    """Sub-classes, sub-properties, domains, ranges and disjoint classes of the ontology and the two vocabularies."""

    def __init__(self, graph: Graph, vocabulary: Graph):
        schema = graph + vocabulary
        self.superclasses = lambda c: set(schema.transitive_objects(c, RDFS.subClassOf))
        self.superproperties = lambda p: set(schema.transitive_objects(p, RDFS.subPropertyOf))
        self.domains = {p: self._members(vocabulary, o) for p, o in vocabulary.subject_objects(RDFS.domain)}
        self.ranges = {p: self._members(vocabulary, o) for p, o in vocabulary.subject_objects(RDFS.range)}
        self.disjoint = {(a, b) for a, b in vocabulary.subject_objects(OWL.disjointWith)}

    @staticmethod
    def _members(graph: Graph, cls) -> frozenset:
        """A class, or the members of an owl:unionOf."""
        union = graph.value(cls, OWL.unionOf) if isinstance(cls, BNode) else None
        return frozenset(Collection(graph, union)) if union is not None else frozenset({cls})

    def classes(self, types) -> set:
        return set().union(*(self.superclasses(t) for t in types)) if types else set()


def _definite(classes: frozenset) -> frozenset:
    """What a domain or range implies: its class, not any one member of a union (a disjunction implies none)."""
    return classes if len(classes) == 1 else frozenset()


def _check(graph: Graph) -> tuple[list, list]:
    """(resources in two disjoint classes, uses of a property outside its domain or range)."""
    axioms = Axioms(graph, vocabularies())
    asserted_types = {}
    for s, o in graph.subject_objects(RDF.type):
        asserted_types.setdefault(s, set()).add(o)
    implied = {r: set(t) for r, t in asserted_types.items()}
    misuses = []
    for s, p, o in graph:
        if p == RDF.type:
            continue
        for prop in axioms.superproperties(p) & (axioms.domains.keys() | axioms.ranges.keys()):
            if prop in axioms.domains:
                implied.setdefault(s, set()).update(_definite(axioms.domains[prop]))
                if not axioms.classes(asserted_types.get(s, set())) & axioms.domains[prop]:
                    misuses.append((s, p, o, f"subject outside the domain of {prop}"))
            if prop in axioms.ranges:
                expected = axioms.ranges[prop]
                if isinstance(o, Literal):
                    if not any(VALUE_SPACES.get(d, lambda v: False)(o.toPython()) for d in expected):
                        misuses.append((s, p, o, f"value outside the range of {prop}"))
                else:
                    implied.setdefault(o, set()).update(_definite(expected))
                    if not axioms.classes(asserted_types.get(o, set())) & expected:
                        misuses.append((s, p, o, f"object outside the range of {prop}"))
    clashes = [(r, a, b) for r, types in implied.items() for a, b in axioms.disjoint if {a, b} <= axioms.classes(types)]
    return clashes, misuses


@pytest.mark.parametrize("view", ["full", "article-only"])
def test_no_resource_is_in_two_classes_prov_or_web_annotation_declare_disjoint(view):
    clashes, _ = _check(closed_graph(view))
    assert clashes == []


@pytest.mark.parametrize("view", ["full", "article-only"])
def test_every_use_of_a_prov_or_web_annotation_property_fits_its_domain_and_range(view):
    _, misuses = _check(closed_graph(view))
    assert misuses == []


def test_the_check_finds_a_record_that_is_also_an_activity():
    """The old model: statements were kg:Event (prov:Activity) and, by kg:quote's derivation, prov:Entity."""
    graph = Graph()
    for triple in closed_graph("article-only"):
        graph.add(triple)
    statement = URIRef(ID + "statement/peskov-denial-2021-04-02")
    graph.add((statement, RDF.type, PROV.Activity))
    clashes, _ = _check(graph)
    assert (statement, PROV.Activity, PROV.Entity) in clashes or (statement, PROV.Entity, PROV.Activity) in clashes


def test_the_check_finds_a_person_derived_from_a_quote():
    """'Putin was derived from a quote': prov:wasDerivedFrom needs a prov:Entity as its subject."""
    graph = Graph()
    for triple in closed_graph("article-only"):
        graph.add(triple)
    putin = URIRef(ID + "person/vladimir-putin")
    graph.add((putin, URIRef(KG + "derivedFromQuote"), URIRef(ID + "quote/ceasefire-signed")))
    _, misuses = _check(graph)
    assert any(s == putin and "domain" in why for s, _, _, why in misuses)


def test_the_check_finds_offsets_outside_web_annotations_range():
    graph = Graph()
    graph.add((URIRef(ID + "quote/x#position"), URIRef(OA + "start"), Literal(-1)))
    _, misuses = _check(graph)
    assert misuses and "range" in misuses[0][3]
