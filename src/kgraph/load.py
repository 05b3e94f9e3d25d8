"""Load stage: find the project's RDF files and parse them into one rdflib Dataset of documented named graphs.

Files are parsed by pyoxigraph, whose syntax errors carry an exact line and column, and handed to rdflib (which the
validation and reasoning stages need) term by term.
"""

import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import Dataset, Graph, Literal, URIRef

from kgraph.errors import InputError
from kgraph.namespaces import GRAPH_ALIGNMENTS, GRAPH_ASSERTED, GRAPH_ONTOLOGY, GRAPH_SHAPES, LAYERS, bind_prefixes
from kgraph.terms import to_rdflib

# rdflib logs a traceback for every ill-typed literal it builds; we report those ourselves, in one line.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)

ALIGNMENTS_FILE = "alignments.ttl"
RDF_SUFFIXES = {".ttl", ".nt", ".nq", ".trig", ".n3", ".rdf", ".owl", ".xml", ".jsonld"}
_FORMAT_BY_SUFFIX = {".owl": pyoxigraph.RdfFormat.RDF_XML, ".xml": pyoxigraph.RdfFormat.RDF_XML}
# A data file's named graphs that are kept as they are (TriG, N-Quads); its default graph is kgg:asserted.
DATA_GRAPHS = (GRAPH_ASSERTED,) + tuple(graph for graph, _ in LAYERS)


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


def _rdf_files(directory: Path) -> tuple[Path, ...]:
    if not directory.is_dir():
        return ()
    return tuple(sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in RDF_SUFFIXES))


def parse_file(path: Path, into: Graph | None = None) -> Graph:
    """Parse one RDF file (format from its extension) into `into`, or a new graph; quads are merged into it.

    A literal whose lexical form is not valid for its XSD datatype ("2021-02-30"^^xsd:date) is refused like a syntax
    error: pyoxigraph accepts it, but a reasoner or a SHACL datatype check would then work on a value that is not one.
    """
    graph = into if into is not None else Graph()
    for triple, _ in parse_quads(path):
        graph.add(triple)
    return graph


def parse_quads(path: Path) -> list[tuple[tuple, URIRef | None]]:
    """The (rdflib triple, graph name or None for the default graph) of every quad of one RDF file, checked as
    `parse_file` says."""
    path = Path(path)
    rdf_format = _FORMAT_BY_SUFFIX.get(path.suffix) or pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip("."))
    if rdf_format is None:
        raise InputError(path, f"unknown RDF file extension {path.suffix!r}")
    try:
        quads = list(pyoxigraph.parse(path=path, format=rdf_format, base_iri=path.resolve().as_uri()))
    except SyntaxError as error:
        raise InputError(path, _reason(error), error.lineno, error.offset) from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise InputError(path, str(error)) from None
    parsed = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdflib warns about odd booleans; _is_ill_typed reports them instead
        for quad in quads:
            triple = tuple(to_rdflib(term) for term in quad.triple)
            if isinstance(triple[2], Literal) and _is_ill_typed(triple[2], quad.object.value):
                raise _ill_typed(path, quad.object.value, str(triple[2].datatype))
            graph_name = None if isinstance(quad.graph_name, pyoxigraph.DefaultGraph) else to_rdflib(quad.graph_name)
            parsed.append((triple, graph_name))
    return parsed


_XSD = "http://www.w3.org/2001/XMLSchema#"
_LEXICAL_PATTERNS = {  # XSD datatypes whose lexical form rdflib does not check
    _XSD + "gYear": re.compile(r"-?\d{4,}(Z|[+-]\d{2}:\d{2})?"),
    _XSD + "gYearMonth": re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])(Z|[+-]\d{2}:\d{2})?"),
}


def _is_ill_typed(literal: Literal, lexical_form: str) -> bool:
    pattern = _LEXICAL_PATTERNS.get(str(literal.datatype))
    return bool(literal.ill_typed) or (pattern is not None and not pattern.fullmatch(lexical_form))


def _ill_typed(path: Path, lexical_form: str, datatype: str) -> InputError:
    """The error for an ill-typed literal, at the first place its lexical form is written in the file."""
    message = f'"{lexical_form}" is not a valid {datatype.rsplit("#", 1)[-1]} value'
    text = path.read_text(encoding="utf-8", errors="replace")
    offset = text.find(f'"{lexical_form}"')
    if offset < 0:
        return InputError(path, message)
    line = text.count("\n", 0, offset) + 1
    return InputError(path, message, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _reason(error: SyntaxError) -> str:
    """pyoxigraph's message without its own location prefix (we print file:line:column in front)."""
    message = error.msg or str(error)
    return message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message


def load(files: ProjectFiles) -> Dataset:
    """Parse every input file into its named graph (see `ProjectFiles.by_graph`).

    A data file's triples go to kgg:asserted, except those it puts in a named graph of `DATA_GRAPHS` (TriG:
    `GRAPH kgg:outside { ... }`, `GRAPH kgg:interpretations { ... }`), which keep it; any other graph name in a data
    file is an error."""
    dataset = Dataset()
    bind_prefixes(dataset)
    for role, paths in files.by_graph().items():
        for path in paths:
            for triple, graph_name in parse_quads(path):
                dataset.graph(_graph_for(path, role, graph_name)).add(triple)
    return dataset


def _graph_for(path: Path, role: URIRef, graph_name: URIRef | None) -> URIRef:
    if graph_name is None or graph_name == role:
        return role
    if role == GRAPH_ASSERTED and graph_name in DATA_GRAPHS:
        return graph_name
    allowed = ", ".join(f"<{g}>" for g in (DATA_GRAPHS if role == GRAPH_ASSERTED else (role,)))
    raise InputError(path, f"named graph <{graph_name}> is not one this file may write to (allowed: {allowed})")


def data_graph(dataset: Dataset, graphs=DATA_GRAPHS) -> Graph:
    """The data to validate and reason over: kgg:asserted, plus the other data graphs of `graphs` that have any."""
    parts = [dataset.graph(name) for name in graphs if name == GRAPH_ASSERTED or len(dataset.graph(name))]
    if len(parts) == 1:
        return parts[0]
    union = Graph()
    for graph in parts:
        for triple in graph:
            union.add(triple)
    return union
