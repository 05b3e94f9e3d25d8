"""Load stage: find the project's RDF files and parse them, with pyoxigraph, into a store of documented named graphs.

pyoxigraph's syntax errors carry an exact line and column. The store keeps the data from here to the endpoint; an rdflib
graph (which pySHACL and owlrl need) is made only on request, from the files, by `ProjectFiles.graph`.
"""

import logging
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
from rdflib import Graph, URIRef

from kgraph.errors import InputError
from kgraph.namespaces import (
    GRAPH_ALIGNMENTS,
    GRAPH_ASSERTED,
    GRAPH_ONTOLOGY,
    GRAPH_SHAPES,
    INFERRED_GRAPHS,
    LAYERS,
    bind_prefixes,
)
from kgraph.terms import rdflib_graph, to_rdflib

# rdflib logs a traceback for every ill-typed literal it builds; we report those ourselves, in one line.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)

ALIGNMENTS_FILE = "alignments.ttl"
RDF_SUFFIXES = {".ttl", ".nt", ".nq", ".trig", ".n3", ".rdf", ".owl", ".xml", ".jsonld"}
_FORMAT_BY_SUFFIX = {".owl": pyoxigraph.RdfFormat.RDF_XML, ".xml": pyoxigraph.RdfFormat.RDF_XML}
# A data file's named graphs that are kept as they are (TriG, N-Quads); its default graph is kgg:asserted. A graph
# outside `BUILD_GRAPHS` (a source graph, see `namespaces`) keeps its name too; these the build makes, so a data
# file may not write to them.
DATA_GRAPHS = (GRAPH_ASSERTED, *tuple(graph for graph, _ in LAYERS))
RESERVED_GRAPHS = frozenset(str(g) for g in (GRAPH_ONTOLOGY, GRAPH_ALIGNMENTS, GRAPH_SHAPES, *INFERRED_GRAPHS))


@dataclass(frozen=True)
class ProjectFiles:
    """The input files of a kgraph project, grouped by the named graph they are loaded into."""

    root: Path
    ontology: tuple[Path, ...]
    alignments: tuple[Path, ...]
    data: tuple[Path, ...]
    shapes: tuple[Path, ...]

    @classmethod
    def discover(cls, root: Path) -> "ProjectFiles":
        root = root.resolve()
        if not (root / "data").is_dir():
            raise InputError(root, "not a kgraph project: it has no data/ directory (see --root)")
        ontology = _rdf_files(root / "ontology")
        return cls(
            root=root,
            ontology=tuple(p for p in ontology if p.name != ALIGNMENTS_FILE),
            alignments=tuple(p for p in ontology if p.name == ALIGNMENTS_FILE),
            data=_rdf_files(root / "data"),
            shapes=_rdf_files(root / "shapes"),
        )

    def by_graph(self) -> dict[URIRef, tuple[Path, ...]]:
        return {
            GRAPH_ONTOLOGY: self.ontology,
            GRAPH_ALIGNMENTS: self.alignments,
            GRAPH_ASSERTED: self.data,
            GRAPH_SHAPES: self.shapes,
        }

    def all(self) -> tuple[Path, ...]:
        return self.ontology + self.alignments + self.data + self.shapes

    def quads(self, graph_name: URIRef) -> Iterator[pyoxigraph.Quad]:
        """The statements of a named graph as its files write them, parsed as they are read (none held in memory);
        each quad's graph name is the named graph it is loaded into (see `load`)."""
        for role, paths in self.by_graph().items():
            if graph_name == role or (role == GRAPH_ASSERTED and str(graph_name) not in RESERVED_GRAPHS):
                yield from (q for q in _in_graphs(paths, role) if str(q.graph_name) == f"<{graph_name}>")

    def data_quads(self) -> Iterator[pyoxigraph.Quad]:
        """Every statement of the data files, as written (kgg:asserted and the layers' graphs): what is validated."""
        return _in_graphs(self.data, GRAPH_ASSERTED)

    def graph(self, graph_name: URIRef) -> Graph:
        """A named graph as an rdflib graph of the statements as written (for pySHACL, owlrl and tests)."""
        graph = rdflib_graph(self.quads(graph_name))
        bind_prefixes(graph)
        return graph


def _rdf_files(directory: Path) -> tuple[Path, ...]:
    if not directory.is_dir():
        return ()
    return tuple(sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in RDF_SUFFIXES))


@dataclass(frozen=True)
class Dataset:
    """The project's named graphs in one pyoxigraph store (in memory, or the on-disk store a build is writing).

    The store holds literals in canonical form (pyoxigraph stores "07"^^xsd:int as "7"^^xsd:integer), which is what
    is served; SHACL must check the literals as written, so `graph` reads them from the files.
    """

    files: ProjectFiles
    store: pyoxigraph.Store
    _graphs: dict[URIRef, Graph] = field(default_factory=dict, compare=False, repr=False)

    def graph(self, graph_name: URIRef) -> Graph:
        """A named graph, as written in its files, as an rdflib graph (see `ProjectFiles.graph`); made once, so that
        its blank nodes are the same on every call (a parse labels anonymous ones afresh)."""
        if graph_name not in self._graphs:
            self._graphs[graph_name] = self.files.graph(graph_name)
        return self._graphs[graph_name]

    def count(self, graph_name: URIRef) -> int:
        """The number of statements of a named graph in the store."""
        solutions = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_name}> {{ ?s ?p ?o }} }}")
        assert isinstance(solutions, pyoxigraph.QuerySolutions)
        [row] = solutions
        return int(row[0].value)


def load(files: ProjectFiles, store: pyoxigraph.Store | None = None) -> Dataset:
    """Parse every input file into its named graph (see `ProjectFiles.by_graph`) of `store`, or of a new in-memory
    store.

    A data file's triples go to kgg:asserted, except those it puts in a named graph (TriG: `GRAPH kgg:outside
    { ... }`, `GRAPH kgg:interpretations { ... }`, `GRAPH <http://example.org/source> { ... }`; N-Quads), which
    keep it; a graph the build makes itself (kgg:ontology, kgg:inferred, kgg:shapes, ...) is an error."""
    store = pyoxigraph.Store() if store is None else store
    for role, paths in files.by_graph().items():
        store.bulk_extend(_in_graphs(paths, role))
    return Dataset(files, store)


def data_graph(dataset: Dataset, graphs: tuple[URIRef, ...] = DATA_GRAPHS) -> Graph:
    """The data validated and reasoned over, as written: kgg:asserted, plus the other data graphs of `graphs` that
    have any (the same blank nodes as `Dataset.graph`'s)."""
    parts = [dataset.graph(name) for name in graphs if name == GRAPH_ASSERTED or dataset.count(name)]
    if len(parts) == 1:
        return parts[0]
    union = Graph()
    for graph in parts:
        union += graph
    return union


def _in_graphs(paths: Iterable[Path], role: URIRef) -> Iterator[pyoxigraph.Quad]:
    """The statements of `paths`, each in the named graph it is loaded into."""
    graphs: dict[tuple[Path, str | None], pyoxigraph.NamedNode] = {}
    for path in paths:
        for quad in parse_quads([path]):
            name = None if isinstance(quad.graph_name, pyoxigraph.DefaultGraph) else quad.graph_name.value
            key = (path, name)
            if key not in graphs:
                graphs[key] = pyoxigraph.NamedNode(str(_graph_for(path, role, name)))
            yield pyoxigraph.Quad(quad.subject, quad.predicate, quad.object, graphs[key])


def _graph_for(path: Path, role: URIRef, graph_name: str | None) -> URIRef:
    if graph_name is None or graph_name == str(role):
        return role
    if role == GRAPH_ASSERTED and graph_name not in RESERVED_GRAPHS:
        return URIRef(graph_name)
    if role == GRAPH_ASSERTED:
        raise InputError(path, f"named graph <{graph_name}> is made by the build; a data file may not write to it")
    raise InputError(path, f"named graph <{graph_name}> is not one this file may write to (allowed: <{role}>)")


def parse_quads(paths: Iterable[Path]) -> Iterator[pyoxigraph.Quad]:
    """Parse RDF files (format from the extension), statement by statement.

    A literal whose lexical form is not valid for its XSD datatype ("2021-02-30"^^xsd:date) is refused like a syntax
    error: pyoxigraph accepts it, but a reasoner or a SHACL datatype check would then work on a value that is not one.
    """
    for path in map(Path, paths):
        rdf_format = _FORMAT_BY_SUFFIX.get(path.suffix) or pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip("."))
        if rdf_format is None:
            raise InputError(path, f"unknown RDF file extension {path.suffix!r}")
        try:
            for quad in pyoxigraph.parse(path=path, format=rdf_format, base_iri=path.resolve().as_uri()):
                if isinstance(quad.object, pyoxigraph.Literal) and _is_ill_typed(quad.object):
                    raise _ill_typed(path, quad.object)
                yield quad
        except SyntaxError as error:
            raise InputError(path, _reason(error), error.lineno, error.offset) from None
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise InputError(path, str(error)) from None


def parse_file(path: Path) -> Graph:
    """One RDF file as an rdflib graph, its statements as written."""
    return rdflib_graph(parse_quads([path]))


_XSD = "http://www.w3.org/2001/XMLSchema#"
_UNCHECKED = {_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
_LEXICAL_PATTERNS = {  # XSD datatypes whose lexical form rdflib does not check
    _XSD + "gYear": re.compile(r"-?\d{4,}(Z|[+-]\d{2}:\d{2})?"),
    _XSD + "gYearMonth": re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])(Z|[+-]\d{2}:\d{2})?"),
}


def _is_ill_typed(literal: pyoxigraph.Literal) -> bool:
    datatype = literal.datatype.value
    if datatype in _UNCHECKED:
        return False
    pattern = _LEXICAL_PATTERNS.get(datatype)
    if pattern is not None and not pattern.fullmatch(literal.value):
        return True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdflib warns about odd booleans; we report them instead
        return bool(to_rdflib(literal).ill_typed)


def _ill_typed(path: Path, literal: pyoxigraph.Literal) -> InputError:
    """The error for an ill-typed literal, at the first place its lexical form is written in the file."""
    message = f'"{literal.value}" is not a valid {literal.datatype.value.rsplit("#", 1)[-1]} value'
    text = path.read_text(encoding="utf-8", errors="replace")
    offset = text.find(f'"{literal.value}"')
    if offset < 0:
        return InputError(path, message)
    line = text.count("\n", 0, offset) + 1
    return InputError(path, message, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _reason(error: SyntaxError) -> str:
    """pyoxigraph's message without its own location prefix (we print file:line:column in front)."""
    message = error.msg or str(error)
    return message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message
