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
from kgraph.namespaces import GRAPH_ALIGNMENTS, GRAPH_ASSERTED, GRAPH_ONTOLOGY, GRAPH_SHAPES, bind_prefixes
from kgraph.terms import to_rdflib

# rdflib logs a traceback for every ill-typed literal it builds; we report those ourselves, in one line.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)

ALIGNMENTS_FILE = "alignments.ttl"
RDF_SUFFIXES = {".ttl", ".nt", ".nq", ".trig", ".n3", ".rdf", ".owl", ".xml", ".jsonld"}
_FORMAT_BY_SUFFIX = {".owl": pyoxigraph.RdfFormat.RDF_XML, ".xml": pyoxigraph.RdfFormat.RDF_XML}


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
    graph = into if into is not None else Graph()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdflib warns about odd booleans; _is_ill_typed reports them instead
        for quad in quads:
            triple = tuple(to_rdflib(term) for term in quad.triple)
            if isinstance(triple[2], Literal) and _is_ill_typed(triple[2], quad.object.value):
                raise _ill_typed(path, quad.object.value, str(triple[2].datatype))
            graph.add(triple)
    return graph


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
    """Parse every input file into its named graph (see `ProjectFiles.by_graph`)."""
    dataset = Dataset()
    bind_prefixes(dataset)
    for graph_name, paths in files.by_graph().items():
        graph = dataset.graph(graph_name)
        for path in paths:
            parse_file(path, into=graph)
    return dataset
