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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import cast, overload

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from kgraph.errors import UsageError
from kgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY
from kgraph.terms import rdflib_graph, to_oxigraph

# pyoxigraph's terms by position
Subject = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Triple
OxTerm = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple
OxTriple = tuple[Subject, pyoxigraph.NamedNode, OxTerm]
Pair = tuple[OxTerm, OxTerm]
RdflibTriple = tuple[Node, Node, Node]

UNINFORMATIVE_TYPES = frozenset({OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class,
                                 RDF.Property, RDFS.Datatype, RDFS.Literal})


@dataclass(frozen=True)
class ReasoningResult:
    asserted_count: int
    closure_count: int
    inferred_count: int
    dropped_count: int
    seconds: float


ENGINES = ("owlrl", "rules")


def reason(store: pyoxigraph.Store, engine: str = "owlrl", data: tuple[URIRef, ...] = (GRAPH_ASSERTED,),
           into: URIRef = GRAPH_INFERRED, known: tuple[URIRef, ...] = ()) -> ReasoningResult:
    """Compute the closure of the store's ontology + `data` graphs; write the informative new triples into its graph
    `into`, except those already in a graph of `known` (so that kgg:interpretations-inferred holds only what the
    interpretations add to kgg:inferred).

    `engine` is "owlrl" (the reference, in rdflib) or "rules" (SPARQL rule materialisation in pyoxigraph, much faster,
    and the data never leaves pyoxigraph).
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown reasoner {engine!r}; choose one of {', '.join(ENGINES)}")
    started = time.perf_counter()
    before = _count(store, into)
    candidates, closure_count = (_owlrl_reason if engine == "owlrl" else _rules_closure)(store, data)
    target, known_graphs, kept = _named(into), [_named(g) for g in known], 0

    def new_quads() -> Iterator[pyoxigraph.Quad]:
        nonlocal kept
        for s, p, o in candidates:
            kept += 1
            yield pyoxigraph.Quad(s, p, o, target)

    quads: Iterable[pyoxigraph.Quad] = new_quads()
    if known_graphs:  # looked up before anything is written: the store is not read while it is bulk-loaded
        quads = [q for q in quads if not any(pyoxigraph.Quad(q.subject, q.predicate, q.object, g) in store
                                             for g in known_graphs)]
    store.bulk_extend(quads)
    return ReasoningResult(asserted_count=sum(_count(store, g) for g in data), closure_count=closure_count,
                           inferred_count=_count(store, into) - before, dropped_count=closure_count - kept,
                           seconds=time.perf_counter() - started)


def _named(graph_name: URIRef | str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(str(graph_name))


def _quads(store: pyoxigraph.Store, graphs: Iterable[URIRef]) -> Iterator[pyoxigraph.Quad]:
    for graph_name in graphs:
        yield from store.quads_for_pattern(None, None, None, _named(graph_name))


def _count(store: pyoxigraph.Store, graph_name: URIRef) -> int:
    return _counted(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} }}")


def _counted(store: pyoxigraph.Store, query: str) -> int:
    """The number a `SELECT (COUNT(…) AS ?n)` query answers."""
    results = store.query(query)
    assert isinstance(results, pyoxigraph.QuerySolutions)
    count = next(results)[0]
    assert isinstance(count, pyoxigraph.Literal)
    return int(count.value)


def _owlrl_reason(store: pyoxigraph.Store, data: tuple[URIRef, ...]) -> tuple[Iterator[OxTriple], int]:
    """(the informative new triples, as pyoxigraph terms; the number of new triples in the closure)."""
    ontology, asserted = rdflib_graph(_quads(store, [GRAPH_ONTOLOGY])), rdflib_graph(_quads(store, data))
    new_triples, closure_count = _owlrl_closure(ontology, asserted)
    inferred, _ = keep_informative(new_triples, ontology, asserted)
    return ((to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in inferred), closure_count


def keep_informative(candidates: Iterable[RdflibTriple], ontology: Graph, asserted: Graph,
                     into: Graph | None = None) -> tuple[Graph, int]:
    """The noise filter shared by every engine: (informative new triples, added to `into` or a new graph; number of
    new triples dropped)."""
    described = _described_resources(asserted) - set(ontology.subjects())
    inferred = Graph() if into is None else into
    kept_before = len(inferred)
    new_count = 0
    for triple in candidates:
        if triple in ontology or triple in asserted:
            continue
        new_count += 1
        if _informative(triple, described):
            inferred.add(triple)
    return inferred, new_count - (len(inferred) - kept_before)


def _owlrl_closure(ontology: Graph, asserted: Graph) -> tuple[Graph, int]:
    import owlrl  # imported here: only this engine needs it, and `kgraph query` on a cached build must start fast

    closure = Graph()
    for triple in ontology:
        closure.add(triple)
    for triple in asserted:
        closure.add(triple)
    before = len(closure)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    return closure, len(closure) - before


def _described_resources(asserted: Graph) -> set[Node]:
    """Subjects and non-class objects of the asserted data: the resources a user asks about."""
    objects = {o for _, p, o in asserted if p != RDF.type and not isinstance(o, Literal)}
    return set(asserted.subjects()) | objects


def _informative(triple: RdflibTriple, described: set[Node]) -> bool:
    subject, predicate, obj = triple
    if isinstance(subject, Literal) or subject not in described:
        return False
    if predicate == OWL.sameAs:
        return subject != obj
    if predicate == RDF.type:
        return obj not in UNINFORMATIVE_TYPES and not isinstance(obj, BNode)
    return True


# The "rules" engine: the OWL 2 RL rules (https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules)
# whose premises our ontology can produce, evaluated semi-naively inside an in-memory pyoxigraph store.
#
# The TBox (the schema triples wherever they are: ontology or data) is read once into Python (`_Tbox`), its
# subclass / subproperty closure computed there, and each rule instantiated with it: "?c rdfs:subClassOf ?d . ?x a ?c"
# becomes one VALUES table of (class, every superclass) joined with the instance pattern. Every round then joins each
# rule's instance patterns with at least one pattern read from the triples that are new since the previous round (the
# delta graph), never re-deriving the whole closure. If the fixpoint derived schema triples (possible only through
# owl:sameAs between classes or properties, or sub-properties of the RDFS/OWL vocabulary), the TBox is read again and
# the rules re-run to a new fixpoint, so the result is the fixpoint of the generic rules.
# Blank nodes are skolemised to IRIs while in the store (SPARQL cannot name a blank node) and given back at the end.
#
# Implemented: cax-sco, cax-eqc1/2, prp-dom, prp-rng, prp-spo1, prp-spo2 (property chains of any length), prp-eqp1/2,
# prp-inv1/2, prp-symp, prp-trp, prp-fp, prp-ifp, cls-hv1/2, cls-svf1/2, cls-avf, cls-int1/2, cls-uni, eq-sym,
# eq-trans, eq-rep-s/p/o. Not implemented, because nothing in an OWL 2 RL ontology of ours can trigger them without
# also being refused by CONVENTIONS: cardinality (cls-maxc*, cls-maxqc*), keys (prp-key), owl:oneOf, disjointness and
# the inconsistency rules (they add nothing), datatype rules (dt-*), and the schema rules (scm-*), whose conclusions
# about classes and properties the filter drops and whose effect on the data the fixpoint reproduces.
_INPUT = "urn:kgraph:reason:input"  # input + everything derived so far
_ROUND = "urn:kgraph:reason:round/"  # + k: what round k derived (the delta of round k+1)
_DESCRIBED = "urn:kgraph:reason:described"  # the resources the data describes (see keep_informative)
_SKOLEM = "urn:kgraph:reason:bnode:"
_PREFIXES = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
MAX_ROUNDS = 256


def _rules_closure(source: pyoxigraph.Store, data: tuple[URIRef, ...]) -> tuple[Iterator[OxTriple], int]:
    """Materialise the rules to a fixpoint in a scratch store; return (the informative derived triples, streamed from
    it; the number of triples derived).

    The filter is `keep_informative`'s, evaluated in the scratch store: the described resources are marked from the
    asserted triples before the ontology is added, and what is derived is never already in the input.
    """
    store = pyoxigraph.Store()
    graph = _iri(_INPUT)
    store.bulk_extend(pyoxigraph.Quad(_skolem(q.subject), q.predicate, _skolem(q.object), graph)
                      for q in _quads(source, data))
    store.update(f"INSERT {{ GRAPH <{_DESCRIBED}> {{ ?r a <{_DESCRIBED}> }} }} WHERE {{ GRAPH <{_INPUT}> {{ "
                 f"{{ ?r ?p ?o }} UNION {{ ?s ?p ?r FILTER(?p != rdf:type && !isLiteral(?r)) }} }} }}",
                 prefixes=_PREFIXES)
    ontology = [pyoxigraph.Quad(_skolem(q.subject), q.predicate, _skolem(q.object), graph)
                for q in _quads(source, [GRAPH_ONTOLOGY])]
    store.bulk_extend(ontology)
    for subject in {q.subject for q in ontology}:
        store.remove(pyoxigraph.Quad(subject, _TYPE, _iri(_DESCRIBED), _iri(_DESCRIBED)))
    tbox = _Tbox.read(store)
    rounds: list[str] = []
    for _ in range(MAX_ROUNDS):
        rounds += _fixpoint(store, tbox, len(rounds))
        again = _Tbox.read(store)
        if again == tbox:
            break
        tbox = again  # schema triples were derived: everything is new again for the new rules
    else:
        raise RuntimeError(f"the rules did not reach a fixpoint in {MAX_ROUNDS} rounds")
    derived = "VALUES ?g { " + " ".join(f"<{g}>" for g in rounds) + " } GRAPH ?g { ?s ?p ?o }"
    derived_count = _counted(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {derived} }}")
    uninformative = ", ".join(f"<{t}>" for t in sorted(UNINFORMATIVE_TYPES))
    kept = store.query(
        f"SELECT ?s ?p ?o WHERE {{ {derived} GRAPH <{_DESCRIBED}> {{ ?s a <{_DESCRIBED}> }} "
        f"FILTER((?p != owl:sameAs || ?s != ?o) && (?p != rdf:type || (?o NOT IN ({uninformative}) "
        f"&& !STRSTARTS(STR(?o), \"{_SKOLEM}\")))) }}", prefixes=_PREFIXES)
    assert isinstance(kept, pyoxigraph.QuerySolutions)
    # each solution binds ?s, ?p, ?o to the terms of a stored triple (a subject, a predicate, an object) and unpacks
    # as that triple would
    triples = cast(Iterator[OxTriple], kept)
    return ((_unskolem(s), p, _unskolem(o)) for s, p, o in triples), derived_count


@overload
def _skolem(term: Subject) -> Subject: ...
@overload
def _skolem(term: OxTerm) -> OxTerm: ...
def _skolem(term: OxTerm) -> OxTerm:
    return pyoxigraph.NamedNode(_SKOLEM + term.value) if isinstance(term, pyoxigraph.BlankNode) else term


@overload
def _unskolem(term: Subject) -> Subject: ...
@overload
def _unskolem(term: OxTerm) -> OxTerm: ...
def _unskolem(term: OxTerm) -> OxTerm:
    if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(_SKOLEM):
        return pyoxigraph.BlankNode(term.value[len(_SKOLEM):])
    return term


def _fixpoint(store: pyoxigraph.Store, tbox: "_Tbox", first: int) -> list[str]:
    """Run the rules round after round until a round derives nothing new; return the names of the rounds' graphs.

    Round k reads its delta from the graph of round k-1 (the whole input in the first round of a fixpoint) and writes
    what is not known yet into its own graph, which is then added to the input graph.
    """
    rounds: list[str] = []
    delta = _INPUT
    for k in range(first, first + MAX_ROUNDS):
        new = f"{_ROUND}{k}"
        rules = tbox.rules(delta, new)
        if not rules:
            return rounds
        store.update(" ;\n".join(rules), prefixes=_PREFIXES)
        if next(iter(store.quads_for_pattern(None, None, None, _iri(new))), None) is None:
            return rounds
        store.update(f"INSERT {{ GRAPH <{_INPUT}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{new}> {{ ?s ?p ?o }} }}")
        rounds.append(new)
        delta = new
    raise RuntimeError(f"the rules did not reach a fixpoint in {MAX_ROUNDS} rounds")


Values = tuple[str, Sequence[Sequence[OxTerm]]]  # a VALUES table: its variables, its rows


def _rule_forms(delta: str, new: str, conclusion: str, patterns: list[str], values: Values | None = None,
                condition: str = "") -> list[str]:
    """The semi-naive forms of one rule: one INSERT per instance pattern, that pattern read from the `delta` graph;
    conclusions already in the input graph are not written to the `new` graph.

    `values` is (variables, rows) of a VALUES table binding the rule's schema terms; `condition` a FILTER expression.
    """
    if values is not None and not values[1]:
        return []
    table = ""
    if values is not None:
        names, rows = values
        table = f"VALUES ({names}) {{ " + " ".join("(" + " ".join(str(t) for t in row) + ")" for row in rows) + " } "
    updates = []
    for i in range(len(patterns) if delta != _INPUT else 1):
        body = " ".join(f"GRAPH <{delta if i == j else _INPUT}> {{ {pattern} }}" for j, pattern in enumerate(patterns))
        where = table + body + (f" FILTER({condition})" if condition else "")
        updates.append(f"INSERT {{ GRAPH <{new}> {{ {conclusion} }} }} WHERE {{ {where} "
                       f"FILTER NOT EXISTS {{ GRAPH <{_INPUT}> {{ {conclusion} }} }} }}")
    return updates


def _iri(value: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(value)


_TYPE, _SUBCLASS, _SUBPROPERTY = _iri(str(RDF.type)), _iri(str(RDFS.subClassOf)), _iri(str(RDFS.subPropertyOf))
_FIRST, _REST, _NIL = _iri(str(RDF.first)), _iri(str(RDF.rest)), _iri(str(RDF.nil))


@dataclass(frozen=True)
class _Tbox:
    """The schema triples the rules read, as sorted tuples (so that two readings compare equal when nothing changed)."""

    superclasses: tuple[Pair, ...]  # (class, superclass) of the reflexive-free closure of subClassOf and equivalentClass
    superproperties: tuple[Pair, ...]  # (property, superproperty), the same for subPropertyOf and equivalentProperty
    domains: tuple[Pair, ...]  # (property, class) including through superproperties, then superclasses
    ranges: tuple[Pair, ...]
    inverses: tuple[Pair, ...]  # (p, q): x p y gives y q x (both directions of owl:inverseOf, and symmetric properties)
    transitive: tuple[Subject, ...]
    functional: tuple[Subject, ...]
    inverse_functional: tuple[Subject, ...]
    has_value: tuple[tuple[OxTerm, OxTerm, OxTerm], ...]  # (restriction, property, value)
    some_values: tuple[tuple[OxTerm, OxTerm, OxTerm], ...]  # (restriction, property, class)
    all_values: tuple[tuple[OxTerm, OxTerm, OxTerm], ...]
    intersections: tuple[tuple[OxTerm, tuple[OxTerm, ...]], ...]  # (class, (members…))
    unions: tuple[Pair, ...]  # (class, member)
    chains: tuple[tuple[OxTerm, tuple[OxTerm, ...]], ...]  # (property, (p1, … pn))

    @classmethod
    def read(cls, store: pyoxigraph.Store) -> "_Tbox":
        graph = _iri(_INPUT)

        def pairs(predicate: str) -> set[Pair]:
            return {(q.subject, q.object) for q in store.quads_for_pattern(None, _iri(predicate), None, graph)}

        def typed(klass: str) -> tuple[Subject, ...]:
            return tuple(sorted({q.subject for q in store.quads_for_pattern(None, _TYPE, _iri(klass), graph)}, key=str))

        def members(node: OxTerm) -> tuple[OxTerm, ...] | None:
            items: list[OxTerm] = []
            seen: set[OxTerm] = set()
            while node != _NIL:
                if node in seen or isinstance(node, pyoxigraph.Literal):  # a cycle, or not a list node
                    return None
                seen.add(node)
                first = [q.object for q in store.quads_for_pattern(node, _FIRST, None, graph)]
                rest = [q.object for q in store.quads_for_pattern(node, _REST, None, graph)]
                if len(first) != 1 or len(rest) != 1:
                    return None
                items.append(first[0])
                node = rest[0]
            return tuple(items)

        superclasses = _closure(pairs(str(RDFS.subClassOf)) | _both_ways(pairs(str(OWL.equivalentClass))))
        superproperties = _closure(pairs(str(RDFS.subPropertyOf)) | _both_ways(pairs(str(OWL.equivalentProperty))))

        below = _grouped((q, p) for p, q in superproperties)
        above = _grouped(superclasses)

        def through_hierarchy(direct: set[Pair]) -> tuple[Pair, ...]:
            """(p, c) for p the property or any sub-property of it, c the class or any superclass of it."""
            return tuple(sorted({(sub, c) for prop, klass in direct for sub in {prop} | below.get(prop, set())
                                 for c in {klass} | above.get(klass, set())}, key=str))

        on_property = _grouped(pairs(str(OWL.onProperty)))

        def restrictions(predicate: str) -> tuple[tuple[OxTerm, OxTerm, OxTerm], ...]:
            return tuple(sorted(((r, p, v) for r, v in pairs(predicate) for p in on_property.get(r, ())), key=str))

        lists = [(c, members(node)) for c, node in pairs(str(OWL.intersectionOf))]
        unions = [(c, m) for c, node in pairs(str(OWL.unionOf)) for m in (members(node) or ())]
        chains = [(p, members(node)) for p, node in pairs(str(OWL.propertyChainAxiom))]
        symmetric = typed(str(OWL.SymmetricProperty))
        return cls(
            superclasses=tuple(sorted(superclasses, key=str)),
            superproperties=tuple(sorted(superproperties, key=str)),
            domains=through_hierarchy(pairs(str(RDFS.domain))),
            ranges=through_hierarchy(pairs(str(RDFS.range))),
            inverses=tuple(sorted(_both_ways(pairs(str(OWL.inverseOf))) | {(p, p) for p in symmetric}, key=str)),
            transitive=typed(str(OWL.TransitiveProperty)),
            functional=typed(str(OWL.FunctionalProperty)),
            inverse_functional=typed(str(OWL.InverseFunctionalProperty)),
            has_value=restrictions(str(OWL.hasValue)),
            some_values=restrictions(str(OWL.someValuesFrom)),
            all_values=restrictions(str(OWL.allValuesFrom)),
            intersections=tuple(sorted(((c, m) for c, m in lists if m), key=str)),
            unions=tuple(sorted(unions, key=str)),
            chains=tuple(sorted(((p, m) for p, m in chains if m and len(m) >= 2
                                 and all(isinstance(t, pyoxigraph.NamedNode) for t in m)), key=str)),
        )

    def rules(self, delta: str, new: str) -> list[str]:
        """The rules' INSERTs for one round, reading the triples new since the last round from `delta`."""

        def _rule(conclusion: str, patterns: list[str], values: Values | None = None, condition: str = "") -> list[str]:
            return _rule_forms(delta, new, conclusion, patterns, values, condition)

        thing = _iri(str(OWL.Thing))
        not_literal = "!isLiteral(?y)"
        rules = [
            *_rule("?x a ?d", ["?x a ?c"], ("?c ?d", self.superclasses)),  # cax-sco, cax-eqc1/2
            *_rule("?x ?q ?y", ["?x ?p ?y"], ("?p ?q", self.superproperties)),  # prp-spo1, prp-eqp1/2
            *_rule("?x a ?c", ["?x ?p ?y"], ("?p ?c", self.domains)),  # prp-dom
            *_rule("?y a ?c", ["?x ?p ?y"], ("?p ?c", self.ranges), not_literal),  # prp-rng
            *_rule("?y ?q ?x", ["?x ?p ?y"], ("?p ?q", self.inverses), not_literal),  # prp-inv1/2, prp-symp
            *_rule("?x ?p ?z", ["?x ?p ?y", "?y ?p ?z"], ("?p", [(p,) for p in self.transitive])),  # prp-trp
            *_rule("?y1 owl:sameAs ?y2", ["?x ?p ?y1", "?x ?p ?y2"], ("?p", [(p,) for p in self.functional]),
                   "?y1 != ?y2 && !isLiteral(?y1)"),  # prp-fp
            *_rule("?x1 owl:sameAs ?x2", ["?x1 ?p ?y", "?x2 ?p ?y"], ("?p", [(p,) for p in self.inverse_functional]),
                   "?x1 != ?x2"),  # prp-ifp
            *_rule("?x ?p ?v", ["?x a ?r"], ("?r ?p ?v", self.has_value)),  # cls-hv1
            *_rule("?x a ?r", ["?x ?p ?v"], ("?r ?p ?v", self.has_value)),  # cls-hv2
            *_rule("?x a ?r", ["?x ?p ?y", "?y a ?c"], ("?r ?p ?c", [t for t in self.some_values if t[2] != thing])),
            *_rule("?x a ?r", ["?x ?p ?y"], ("?r ?p", [t[:2] for t in self.some_values if t[2] == thing])),  # svf2
            *_rule("?y a ?c", ["?x a ?r", "?x ?p ?y"], ("?r ?p ?c", self.all_values), not_literal),  # cls-avf
            *_rule("?x a ?m", ["?x a ?c"], ("?c ?m", [(c, m) for c, ms in self.intersections for m in ms])),  # int2
            *_rule("?x a ?c", ["?x a ?m"], ("?m ?c", [(m, c) for c, m in self.unions])),  # cls-uni
            # eq-sym, eq-trans, eq-rep-s/p/o
            *_rule("?y owl:sameAs ?x", ["?x owl:sameAs ?y"]),
            *_rule("?x owl:sameAs ?z", ["?x owl:sameAs ?y", "?y owl:sameAs ?z"]),
            *_rule("?t ?p ?o", ["?s owl:sameAs ?t", "?s ?p ?o"]),
            *_rule("?s ?q ?o", ["?p owl:sameAs ?q", "?s ?p ?o"]),
            *_rule("?s ?p ?t", ["?o owl:sameAs ?t", "?s ?p ?o"], condition="!isLiteral(?t)"),
        ]
        for klass, members in self.intersections:  # cls-int1
            rules += _rule(f"?x a {klass}", [f"?x a {m}" for m in members])
        for prop, members in self.chains:  # prp-spo2
            variables = ["?x", *(f"?v{i}" for i in range(1, len(members))), "?y"]
            rules += _rule(f"?x {prop} ?y", [f"{variables[i]} {m} {variables[i + 1]}" for i, m in enumerate(members)])
        return rules


def _both_ways(pairs: set[Pair]) -> set[Pair]:
    return pairs | {(b, a) for a, b in pairs}


def _grouped(pairs: Iterable[Pair]) -> dict[OxTerm, set[OxTerm]]:
    grouped: dict[OxTerm, set[OxTerm]] = {}
    for a, b in pairs:
        grouped.setdefault(a, set()).add(b)
    return grouped


def _closure(pairs: set[Pair]) -> set[Pair]:
    """The transitive closure of a relation given as pairs, without reflexive pairs."""
    direct = _grouped(pairs)
    closure: set[Pair] = set()
    for start in direct:
        seen: set[OxTerm] = set()
        stack = list(direct[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(direct.get(node, ()))
        closure |= {(start, node) for node in seen if node != start}
    return closure
