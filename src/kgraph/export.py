"""Export stage: deterministic, atomically written RDF dumps of the built dataset.

Determinism: blank nodes are renamed by RDF Dataset Canonicalization (RDFC-1.0), statements are sorted, prefixes come
from `kgraph.namespaces`, and gzip headers carry no time stamp; the same input gives byte-identical files.
Atomicity: a dump is written to a temporary file beside its target and renamed over it only when complete.
"""

import gzip
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import Dataset as RdflibDataset
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from kgraph.errors import UsageError
from kgraph.files import write_atomically
from kgraph.formats import DUMP_FORMATS, JSON_LD, Format
from kgraph.namespaces import (
    ARTICLE_ONLY_GRAPHS,
    GRAPH_ALIGNMENTS,
    GRAPH_ONTOLOGY,
    GRAPH_SHAPES,
    INFERRED_GRAPHS,
    KG,
    KGR,
    LAYERS,
    PREFIXES,
    SD,
    SPDX,
    bind_prefixes,
)
from kgraph.store import BuiltDataset, graph_counts, source_graphs
from kgraph.terms import to_rdflib

EXPORTED_GRAPHS = ((GRAPH_ONTOLOGY, GRAPH_ALIGNMENTS, *ARTICLE_ONLY_GRAPHS, *tuple(graph for layer in LAYERS for graph in layer), GRAPH_SHAPES))

IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
# DCAT 3's dcat:version; rdflib's DCAT namespace is DCAT 2's, which has no such term (it warns, then makes it anyway).
DCAT3_VERSION = URIRef(str(DCAT) + "version")
DATA_LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
ARTICLE = KGR["source/nee-2021-04-27-schrodingers-iskanders"]
DATASET_TITLE = "kgraph: the knowledge graph of the 'Schrödinger's Iskanders' affair"
DATASET_DESCRIPTION = ("Who claimed, and who denied, that Iskander missiles were fired in the 2020 Karabakh war, when, "
                       "in which words, and about which weapon variant; every statement traced to its quote in the "
                       "source article.")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    media_type: str
    quads: int
    size: int
    sha256: str


def jsonld_context() -> dict[str, dict[str, str]]:
    """The JSON-LD @context of kgraph: one term per project prefix."""
    return {"@context": {prefix: str(iri) for prefix, iri in PREFIXES.items()}}


def export(built: BuiltDataset, fmt: str, output: Path, *, include_inferred: bool = True,
           compress: bool = False) -> ExportResult:
    """Write the dataset (every served named graph, the inferred one optionally) as `fmt` to `output`."""
    payload, quads = dump(built, fmt, include_inferred=include_inferred, compress=compress)
    write_atomically(Path(output), payload)
    return ExportResult(Path(output), DUMP_FORMATS[fmt].media_type, quads, len(payload),
                        hashlib.sha256(payload).hexdigest())


def dump(built: BuiltDataset, fmt: str, *, include_inferred: bool = True, compress: bool = False) -> tuple[bytes, int]:
    """The bytes `export` writes, and the number of statements they hold."""
    if fmt not in DUMP_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(DUMP_FORMATS)}")
    store = built.open()
    graphs = [g for g in EXPORTED_GRAPHS if include_inferred or g not in INFERRED_GRAPHS] + list(source_graphs(store))
    quads = _canonical_quads(store, graphs)
    payload = _serialise(quads, DUMP_FORMATS[fmt])
    return (gzip.compress(payload, mtime=0) if compress else payload), len(quads)


def _canonical_quads(store: pyoxigraph.Store, graphs: Iterable[URIRef]) -> list[pyoxigraph.Quad]:
    dataset = pyoxigraph.Dataset()
    for graph in graphs:
        for quad in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(graph))):
            dataset.add(quad)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def _serialise(quads: list[pyoxigraph.Quad], chosen: Format) -> bytes:
    prefixes = {prefix: str(iri) for prefix, iri in PREFIXES.items()}
    rdf_format = chosen.rdf
    assert rdf_format is not None, "every dump format is an RDF syntax"
    if chosen is JSON_LD:
        return _compact_jsonld(quads)
    if rdf_format.supports_datasets:
        written = pyoxigraph.serialize(quads, format=rdf_format, prefixes=prefixes)
    else:
        triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        written = pyoxigraph.serialize(triples, format=rdf_format, prefixes=prefixes)
    assert written is not None  # no output given: the bytes are returned
    return written


def _compact_jsonld(quads: list[pyoxigraph.Quad]) -> bytes:
    """JSON-LD compacted with the kgraph context, its nodes and values in a stable order."""
    dataset = RdflibDataset()
    for quad in quads:  # term by term, so that the canonical blank-node labels survive
        triple = quad.triple
        dataset.graph(URIRef(str(quad.graph_name)[1:-1])).add(
            (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    document = json.loads(dataset.serialize(format=JSON_LD.rdflib, context=jsonld_context()["@context"],
                                            auto_compact=True))
    return (json.dumps(_stable(document), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def compact_jsonld(ntriples: bytes) -> bytes:
    """A graph in N-Triples as JSON-LD compacted with the kgraph context (the one served at /context.jsonld, inlined
    so that a client needs no second request), as the dumps are."""
    graph = Graph().parse(data=ntriples.decode("utf-8"), format="nt")
    document = json.loads(graph.serialize(format=JSON_LD.rdflib, context=jsonld_context()["@context"],
                                          auto_compact=True))
    return (json.dumps(_stable(document), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _stable(value: Any, ordered: bool = False) -> Any:
    """Sort every JSON array except the members of an RDF list ("@list"), whose order is meaningful."""
    if isinstance(value, dict):
        return {key: _stable(item, ordered=key == "@list") for key, item in value.items()}
    if isinstance(value, list):
        items = [_stable(item) for item in value]
        return items if ordered else sorted(items, key=lambda i: json.dumps(i, sort_keys=True, ensure_ascii=False))
    return value


DUMP_NAME = "kgraph"
COMPRESSED_FORMATS = ("nt", "nq")
DUMP_INDEX = "dumps.json"


def dump_set(built: BuiltDataset, directory: Path | None = None) -> tuple[ExportResult, ...]:
    """Every format (and gzipped N-Triples / N-Quads) of one build, written once into `directory`.

    The default directory is the build's own `dumps/`; since dumps are deterministic, a set that is there already
    (its index written last) is reused as it is.
    """
    directory = Path(directory) if directory else built.directory / "dumps"
    index = directory / DUMP_INDEX
    if index.is_file():
        return tuple(ExportResult(directory / entry["name"], entry["media_type"], entry["quads"], entry["size"],
                                  entry["sha256"]) for entry in json.loads(index.read_text(encoding="utf-8")))
    dumps = [export(built, fmt, directory / f"{DUMP_NAME}.{fmt}") for fmt in DUMP_FORMATS]
    dumps += [export(built, fmt, directory / f"{DUMP_NAME}.{fmt}.gz", compress=True) for fmt in COMPRESSED_FORMATS]
    entries = [{"name": d.path.name, "media_type": d.media_type, "quads": d.quads, "size": d.size,
                "sha256": d.sha256} for d in dumps]
    write_atomically(index, json.dumps(entries, indent=1).encode())
    return tuple(dumps)


def describe(built: BuiltDataset, base_url: str, dumps: tuple[ExportResult, ...] = ()) -> Graph:
    """The VoID + DCAT description of the served dataset: triple counts per graph, the endpoint, each dump."""
    base_url = base_url.rstrip("/") + "/"
    manifest = built.manifest
    graph = Graph()
    bind_prefixes(graph)
    dataset = URIRef(base_url + ".well-known/void#kgraph")
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal(DATASET_TITLE, lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(DATASET_DESCRIPTION, lang="en")))
    graph.add((dataset, DCTERMS.license, DATA_LICENCE))
    graph.add((dataset, DCAT3_VERSION, Literal(manifest["kgraph_version"])))
    graph.add((dataset, DCTERMS.issued, Literal(manifest["built_at"][:10], datatype=XSD.date)))
    graph.add((dataset, DCTERMS.source, ARTICLE))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(base_url + "sparql")))
    graph.add((dataset, VOID.uriSpace, Literal(str(KGR))))
    graph.add((dataset, VOID.vocabulary, URIRef(str(KG))))
    graph.add((dataset, VOID.exampleResource, KGR["person/nikol-pashinyan"]))
    store = built.open()
    counts = graph_counts(store)
    for name in EXPORTED_GRAPHS:
        triples = counts.get(str(name), 0)
        subset = URIRef(f"{dataset}-{str(name).rsplit('/', 1)[-1]}")
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, SD.name, name))
        graph.add((subset, VOID.triples, Literal(triples)))
    served = sum(1 for _ in built.query("SELECT * WHERE { ?s ?p ?o }", store))
    graph.add((dataset, VOID.triples, Literal(served)))
    for dump in dumps:
        _describe_dump(graph, dataset, base_url, dump)
    return graph


def _describe_dump(graph: Graph, dataset: URIRef, base_url: str, dump: ExportResult) -> None:
    url = URIRef(f"{base_url}dumps/{dump.path.name}")
    checksum = URIRef(f"{url}#sha256")
    graph.add((dataset, VOID.dataDump, url))
    graph.add((dataset, DCAT.distribution, url))
    graph.add((url, RDF.type, DCAT.Distribution))
    graph.add((url, DCAT.downloadURL, url))
    graph.add((url, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + dump.media_type)))
    if dump.path.suffix == ".gz":
        graph.add((url, DCAT.compressFormat, URIRef(IANA_MEDIA_TYPES + "application/gzip")))
    graph.add((url, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
    graph.add((url, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))
