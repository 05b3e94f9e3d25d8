"""Validate stage: the data (with the ontology) against the SHACL shapes, with pySHACL (the reference) or rudof.

Both engines get the statements as the files write them (see `kgraph.load.Dataset`) and the ontology beside them, so
that sh:targetClass and sh:class reach instances of subclasses. rudof (`pyrudof`, in Rust) reports the same results on
the project's data and on every broken example (tested); where it words a result in its own terms although the shape
has an sh:message (sh:lessThan, sh:xone), the report uses the shape's sh:message, as SHACL asks and as pySHACL does.
A result's path is printed as an IRI, or, when it is not a plain property (pySHACL names such a path by its blank node,
rudof in a notation of its own), as a SPARQL property path read from the shape: the same text whichever engine reports.

Large data is validated in parts (`part_triples`): each part is a set of subjects with every statement about them, the
statements that point at them through a property some shape reads backwards (sh:inversePath), the rdf:type statements
of every other node those statements name (for sh:class), and every statement of a property some shape follows
transitively (sh:zeroOrMorePath). Of a part's results only those about its own subjects are kept (its other nodes are
seen only in part). That is the whole report exactly when every shape reads no further than this from its focus node,
which `_parts_suffice` checks on the shapes; otherwise the data is validated whole. Each engine's memory then grows with
a part, not with the graph (rudof holds about 10 KB per triple).
"""

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph
from rdflib import BNode, Graph, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from kgraph.errors import UsageError
from kgraph.namespaces import PREFIXES
from kgraph.terms import rdflib_graph, to_oxigraph

VALIDATORS = ("pyshacl", "rudof")


@dataclass(frozen=True)
class Violation:
    focus_node: str
    message: str
    shape: str
    path: str | None
    value: str | None
    severity: str


@dataclass(frozen=True)
class ValidationReport:
    violations: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        return not any(v.severity == "Violation" for v in self.violations)

    def text(self) -> str:
        """The report grouped by focus node, then by shape message: a line that stands for more than one result says
        how many, so that the lines account for every result the first line counts."""
        if not self.violations:
            return "Conforms: the data satisfies every shape."
        grouped: dict[str, dict[str, list[Violation]]] = defaultdict(lambda: defaultdict(list))
        for violation in self.violations:
            grouped[violation.focus_node][violation.message].append(violation)
        lines = [f"Does not conform: {len(self.violations)} results on {len(grouped)} focus nodes."]
        for focus_node in sorted(grouped):
            lines.append(f"\n{focus_node}")
            for message, items in sorted(grouped[focus_node].items()):
                details = ", ".join(sorted({_detail(v) for v in items if _detail(v)}))
                if len(items) > 1:
                    details = f"{len(items)} results" + (f": {details}" if details else "")
                lines.append(f"  [{items[0].severity}] {message}" + (f" ({details})" if details else ""))
        return "\n".join(lines)


def _detail(violation: Violation) -> str:
    parts = [f"path {violation.path}" if violation.path else "", f"value {violation.value}" if violation.value else ""]
    return "; ".join(p for p in parts if p)


@dataclass(frozen=True)
class StoredData:
    """Named graphs of a pyoxigraph store: data that can be validated in parts."""

    store: pyoxigraph.Store
    graphs: tuple[pyoxigraph.NamedNode | pyoxigraph.DefaultGraph, ...]

    def quads(self) -> Iterator[pyoxigraph.Quad]:
        for graph in self.graphs:
            yield from self.store.quads_for_pattern(None, None, None, graph)


Statements = Graph | Iterable[pyoxigraph.Quad]
Data = Statements | StoredData
Subject = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Triple


def validate(data: Data, shapes: Graph, ontology: Graph | None = None, validator: str = "pyshacl",
             part_triples: int | None = None) -> ValidationReport:
    """Validate `data` (an rdflib graph, left as it was, pyoxigraph statements, or graphs of a store) against `shapes`.

    `validator` is "pyshacl" (the reference) or "rudof" (faster on small graphs, but see the README's benchmarks).
    With `part_triples`, data in a store is validated in parts of about that many statements (see the module's
    docstring) when the shapes allow it, with the same report.
    """
    if validator not in VALIDATORS:
        raise UsageError(f"unknown validator {validator!r}; choose one of {', '.join(VALIDATORS)}")
    engine = _pyshacl if validator == "pyshacl" else _rudof
    if isinstance(data, StoredData) and part_triples and _parts_suffice(shapes):
        violations = _in_parts(data, shapes, ontology, engine, part_triples)
    else:
        violations = engine(data.quads() if isinstance(data, StoredData) else data, shapes, ontology, _every)
    return ValidationReport(tuple(sorted(violations, key=lambda v: (v.focus_node, v.message, v.path or "",
                                                                   v.value or ""))))


Keep = Callable[[str], bool]  # whether to report a result about this focus node (its IRI or blank-node label)
Engine = Callable[[Statements, Graph, Graph | None, Keep], list[Violation]]
_TYPE = pyoxigraph.NamedNode(str(RDF.type))
# Shapes with any of these read more than a part holds (a node's shape, SPARQL, targets not among its subjects).
_BEYOND_A_PART = (SH.node, SH.sparql, SH.target, SH.targetNode, SH.targetObjectsOf, SH.zeroOrOnePath,
                  SH.alternativePath)
_VALUE_SHAPES = (SH.qualifiedValueShape, SH["not"])  # a shape checked on each value node
_VALUE_SHAPE_LISTS = (SH["or"], SH["and"], SH.xone)
_TRANSITIVE_PATHS = (SH.zeroOrMorePath, SH.oneOrMorePath)


def _parts_suffice(shapes: Graph) -> bool:
    """Whether every shape reads only what a part holds: its focus node's statements, the statements pointing at it by
    an inverse path, its values' rdf:type, and whole transitive paths. A property shape's path is a property, its
    inverse, or a transitive path of a property; a shape applied to value nodes (sh:qualifiedValueShape, and the
    members of sh:or/sh:and/sh:xone/sh:not under a property shape) has no path of its own."""
    if any(True for predicate in _BEYOND_A_PART for _ in shapes.triples((None, predicate, None))):
        return False
    for path in shapes.objects(None, SH.path):
        if isinstance(path, BNode):
            steps = [shapes.value(path, p) for p in (SH.inversePath, *_TRANSITIVE_PATHS)]
            if sum(isinstance(step, URIRef) for step in steps) != 1 or len(set(shapes.predicate_objects(path))) != 1:
                return False
    for property_shape in set(shapes.subjects(SH.path, None)):
        for nested in _value_shapes(shapes, property_shape):
            if shapes.value(nested, SH.path) is not None or shapes.value(nested, SH.property) is not None:
                return False
    return True


def _value_shapes(shapes: Graph, shape: Node) -> Iterator[Node]:
    for predicate in _VALUE_SHAPES:
        yield from shapes.objects(shape, predicate)
    for predicate in _VALUE_SHAPE_LISTS:
        for members in shapes.objects(shape, predicate):
            yield from Collection(shapes, members)


def _in_parts(data: StoredData, shapes: Graph, ontology: Graph | None, engine: Engine,
              part_triples: int) -> list[Violation]:
    """Run `engine` on each part; keep each part's results about its own subjects, and once (from the first part) those
    about nodes that are no subject of the data (the ontology's, mixed in by both engines)."""
    store = data.store
    graphs = tuple(g for g in data.graphs if next(iter(store.quads_for_pattern(None, None, None, g)), None) is not None)
    data = StoredData(store, graphs)  # a subject's statements are looked up in the graphs that have any
    backwards = [pyoxigraph.NamedNode(str(p)) for p in shapes.objects(None, SH.inversePath)]
    transitive = [q for predicate in _TRANSITIVE_PATHS for p in shapes.objects(None, predicate)
                  for graph in graphs for q in store.quads_for_pattern(None, pyoxigraph.NamedNode(str(p)), None, graph)]
    violations: list[Violation] = []
    for index, subjects in enumerate(_subject_parts(data, part_triples)):
        quads = [q for s in subjects for graph in graphs for q in store.quads_for_pattern(s, None, None, graph)]
        quads += [q for s in subjects for p in backwards for graph in graphs
                  for q in store.quads_for_pattern(None, p, s, graph)]
        named = {q.object for q in quads if not isinstance(q.object, pyoxigraph.Literal)} | {q.subject for q in quads}
        quads += [q for node in named - set(subjects) for graph in graphs
                  for q in store.quads_for_pattern(node, _TYPE, None, graph)]
        own = {str(s) if isinstance(s, pyoxigraph.Triple) else s.value for s in subjects}

        def keep(focus: str, own: set[str] = own, first: bool = index == 0) -> bool:
            return focus in own or (first and not _is_subject(data, focus))

        violations += engine(quads + transitive, shapes, ontology, keep)
    return violations


def _subject_parts(data: StoredData, part_triples: int) -> Iterator[list[Subject]]:
    """The data's subjects in parts of about `part_triples` statements (a subject is in one part only)."""
    seen: set[Subject] = set()
    part: list[Subject] = []
    size = 0
    for quad in data.quads():
        size += 1
        if quad.subject not in seen:
            if size >= part_triples:
                yield part
                part, size = [], 1
            seen.add(quad.subject)
            part.append(quad.subject)
    if part:
        yield part


def _is_subject(data: StoredData, label: str) -> bool:
    """Whether the node a result names (an IRI, or a blank node's label, which has no colon) is a subject of the data."""
    try:
        node = pyoxigraph.NamedNode(label) if ":" in label else pyoxigraph.BlankNode(label)
    except ValueError:  # no node ("?": an engine named none)
        return False
    return any(next(iter(data.store.quads_for_pattern(node, None, None, graph)), None) is not None
               for graph in data.graphs)


def _every(focus_node: str) -> bool:
    return True


def _pyshacl(data: Statements, shapes: Graph, ontology: Graph | None, keep: Keep = _every) -> list[Violation]:
    """pySHACL mixes the ontology into the data graph: into a clone of a graph it is given (its default, which leaves
    the caller's graph as it was), or straight into the graph made here from pyoxigraph statements, which nobody else
    holds (a clone of a million triples would cost a gigabyte). It also adds triples to the shapes graph, so it gets a
    copy (shapes are small)."""
    import pyshacl  # imported here: half a second that `kgraph query` on a cached build must not pay (README targets)

    own = not isinstance(data, Graph)
    graph = data if isinstance(data, Graph) else rdflib_graph(data)
    shapes_copy = Graph()
    shapes_copy += shapes
    _, results, _ = pyshacl.validate(graph, shacl_graph=shapes_copy, ont_graph=ontology, inference="none",
                                     allow_warnings=True, advanced=True, inplace=own)
    del graph
    gc.collect()  # an rdflib graph is a web of reference cycles: free a large one now, not at some later collection

    def value(node: Node, predicate: URIRef) -> str | None:
        term = results.value(node, predicate)
        return None if term is None else str(term)

    return [Violation(focus_node=value(node, SH.focusNode) or "?",
                      message=value(node, SH.resultMessage) or "(no message)",
                      shape=value(node, SH.sourceShape) or "?",
                      path=_path(shapes, results.value(node, SH.sourceShape), value(node, SH.resultPath)),
                      value=value(node, SH.value),
                      severity=(value(node, SH.resultSeverity) or str(SH.Violation)).rsplit("#", 1)[-1])
            for node in results.subjects(SH.resultSeverity, None) if keep(value(node, SH.focusNode) or "?")]


def _rudof(data: Statements, shapes: Graph, ontology: Graph | None, keep: Keep = _every) -> list[Violation]:
    """rudof reads N-Triples; blank nodes keep their labels, so a result's source shape can be looked up in `shapes`."""
    import pyrudof  # imported here: only this validator needs it

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    statements = (_oxigraph_triple(t) for t in data) if isinstance(data, Graph) else (q.triple for q in data)
    rudof.read_data(_n_triples(statements), format=pyrudof.RDFFormat.NTriples,
                    reader_mode=pyrudof.ReaderMode.Strict)
    if ontology is not None:
        rudof.read_data(_n_triples(map(_oxigraph_triple, ontology)), format=pyrudof.RDFFormat.NTriples,
                        reader_mode=pyrudof.ReaderMode.Strict, merge=True)
    rudof.read_shacl(_n_triples(map(_oxigraph_triple, shapes)), format=pyrudof.ShaclFormat.NTriples,
                     reader_mode=pyrudof.ReaderMode.Strict)
    return [Violation(focus_node=_node(entry.focus_node),
                      message=_shape_message(shapes, entry.source_shape or "?") or _lexical(entry.message),
                      shape=_node(entry.source_shape or "?"),
                      path=_path(shapes, _shape_node(entry.source_shape or "?"), entry.path or None),
                      value=_lexical(entry.value) if entry.value else None,
                      severity=str(entry.severity).rsplit("#", 1)[-1])
            for entry in rudof.validate_shacl().violations if keep(_node(entry.focus_node))]


def _oxigraph_triple(triple: tuple[Node, Node, Node]) -> pyoxigraph.Triple:
    return pyoxigraph.Triple(*map(to_oxigraph, triple))


def _n_triples(triples: Iterable[pyoxigraph.Triple]) -> str:
    """N-Triples text; an empty graph as a comment line, since rudof refuses an empty input."""
    written = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return (written or b"").decode() or "# empty graph\n"


def _node(text: str) -> str:
    """rudof writes a blank node as _:label; pySHACL (and our report) as the bare label."""
    return text.removeprefix("_:")


def _shape_node(shape: str) -> BNode | URIRef:
    """The shapes graph's node of a shape rudof names (`_:label` or an IRI)."""
    return BNode(shape[2:]) if shape.startswith("_:") else URIRef(shape)


def _shape_message(shapes: Graph, shape: str) -> str | None:
    message = shapes.value(_shape_node(shape), SH.message)
    return None if message is None else str(message)


def _path(shapes: Graph, shape: Node | None, reported: str | None) -> str | None:
    """The path of a result of `shape`: as reported when it is an IRI; otherwise the shape's sh:path as a SPARQL
    property path."""
    path = None if reported is None or shape is None else shapes.value(shape, SH.path)
    return reported if path is None or isinstance(path, URIRef) else _sparql_path(shapes, path)


_PATH_SUFFIXES = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def _sparql_path(shapes: Graph, path: Node) -> str:
    """A SHACL property path (SHACL 2.3.1) in SPARQL 1.1 property-path syntax, IRIs in full."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_operand(shapes, inverse)
    for predicate, suffix in _PATH_SUFFIXES.items():
        operand = shapes.value(path, predicate)
        if operand is not None:
            return _path_operand(shapes, operand) + suffix
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path_operand(shapes, p) for p in Collection(shapes, alternatives))
    return "/".join(_path_operand(shapes, p) for p in Collection(shapes, path))  # a sequence path is an RDF list


def _path_operand(shapes: Graph, path: Node) -> str:
    text = _sparql_path(shapes, path)
    return text if isinstance(path, URIRef) else f"({text})"


def _lexical(text: str) -> str:
    """The lexical form of a term rdflib-style, from rudof's Turtle rendering of it ('"x"@en', '10', an IRI)."""
    if not text.startswith('"'):
        return _node(text)
    declarations = "".join(f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in PREFIXES.items())  # '"7"^^xsd:integer'
    [quad] = pyoxigraph.parse(f"{declarations}<urn:x> <urn:x> {text} .", format=pyoxigraph.RdfFormat.TURTLE)
    return str(quad.object.value)
