"""Export stage: deterministic, atomically written RDF dumps of the built dataset.

Determinism: blank nodes are renamed by RDF Dataset Canonicalization (RDFC-1.0), statements are sorted, prefixes come
from `kgraph.namespaces`, and gzip headers carry no time stamp; the same input gives byte-identical files.
Atomicity: a dump is written to a temporary file beside its target and renamed over it only when complete.
"""

import gzip
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Literal, URIRef
from rdflib import Dataset as RdflibDataset

from kgraph.namespaces import (GRAPH_ALIGNMENTS, GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES,
                               PREFIXES)
from kgraph.store import BuiltDataset

FORMATS: dict[str, tuple[pyoxigraph.RdfFormat, str]] = {
    "ttl": (pyoxigraph.RdfFormat.TURTLE, "text/turtle"),
    "nt": (pyoxigraph.RdfFormat.N_TRIPLES, "application/n-triples"),
    "nq": (pyoxigraph.RdfFormat.N_QUADS, "application/n-quads"),
    "trig": (pyoxigraph.RdfFormat.TRIG, "application/trig"),
    "jsonld": (pyoxigraph.RdfFormat.JSON_LD, "application/ld+json"),
    "rdf": (pyoxigraph.RdfFormat.RDF_XML, "application/rdf+xml"),
}
EXPORTED_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_ALIGNMENTS, GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_SHAPES)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    media_type: str
    quads: int
    size: int


def jsonld_context() -> dict:
    """The JSON-LD @context of kgraph: one term per project prefix."""
    return {"@context": {prefix: str(iri) for prefix, iri in PREFIXES.items()}}


def export(built: BuiltDataset, fmt: str, output: Path, *, include_inferred: bool = True,
           compress: bool = False) -> ExportResult:
    """Write the dataset (every served named graph, the inferred one optionally) as `fmt` to `output`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rdf_format, media_type = FORMATS[fmt]
    graphs = [g for g in EXPORTED_GRAPHS if include_inferred or g != GRAPH_INFERRED]
    quads = _canonical_quads(built.open(), graphs)
    payload = _serialise(quads, fmt, rdf_format)
    _write_atomically(Path(output), gzip.compress(payload, mtime=0) if compress else payload)
    return ExportResult(Path(output), media_type, len(quads), Path(output).stat().st_size)


def _canonical_quads(store: pyoxigraph.Store, graphs) -> list[pyoxigraph.Quad]:
    dataset = pyoxigraph.Dataset()
    for graph in graphs:
        for quad in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(graph))):
            dataset.add(quad)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def _serialise(quads: list[pyoxigraph.Quad], fmt: str, rdf_format: pyoxigraph.RdfFormat) -> bytes:
    prefixes = {prefix: str(iri) for prefix, iri in PREFIXES.items()}
    if fmt == "jsonld":
        return _compact_jsonld(quads)
    if rdf_format.supports_datasets:
        return pyoxigraph.serialize(quads, format=rdf_format, prefixes=prefixes)
    triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return pyoxigraph.serialize(triples, format=rdf_format, prefixes=prefixes)


def _compact_jsonld(quads: list[pyoxigraph.Quad]) -> bytes:
    """JSON-LD compacted with the kgraph context, its nodes and values in a stable order."""
    dataset = RdflibDataset()
    for quad in quads:  # term by term, so that the canonical blank-node labels survive
        dataset.graph(URIRef(quad.graph_name.value)).add(tuple(_rdflib_term(t) for t in quad.triple))
    document = json.loads(dataset.serialize(format="json-ld", context=jsonld_context()["@context"],
                                            auto_compact=True))
    return (json.dumps(_stable(document), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _rdflib_term(term):
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    return Literal(term.value, lang=term.language, datatype=None if term.language else URIRef(term.datatype.value))


def _stable(value, ordered: bool = False):
    """Sort every JSON array except the members of an RDF list ("@list"), whose order is meaningful."""
    if isinstance(value, dict):
        return {key: _stable(item, ordered=key == "@list") for key, item in value.items()}
    if isinstance(value, list):
        items = [_stable(item) for item in value]
        return items if ordered else sorted(items, key=lambda i: json.dumps(i, sort_keys=True, ensure_ascii=False))
    return value


def _write_atomically(target: Path, payload: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
