"""Every namespace and named-graph IRI of kgraph, in one place.

Queries, serialisations and the endpoint's predeclared prefixes all take their prefixes from ``PREFIXES``.
"""

import re

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

BASE = "https://w3id.org/kgraph/"

KG = Namespace(BASE + "ontology#")
KGR = Namespace(BASE + "id/")
KGG = Namespace(BASE + "graph/")
ONTOLOGY_IRI = URIRef(BASE + "ontology")

OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("http://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
VANN = Namespace("http://purl.org/vocab/vann/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = Namespace("http://spdx.org/rdf/terms#")

GRAPH_ONTOLOGY = KGG.ontology
GRAPH_ALIGNMENTS = KGG.alignments
GRAPH_ASSERTED = KGG.asserted
GRAPH_INFERRED = KGG.inferred
GRAPH_OUTSIDE = KGG.outside
GRAPH_OUTSIDE_INFERRED = KGG["outside-inferred"]
GRAPH_INTERPRETATIONS = KGG.interpretations
GRAPH_INTERPRETATIONS_INFERRED = KGG["interpretations-inferred"]
GRAPH_SHAPES = KGG.shapes

# The article's facts and what follows from them, with nothing from another source and no interpretation of ours:
# the "article only" mode.
ARTICLE_ONLY_GRAPHS = (GRAPH_ASSERTED, GRAPH_INFERRED)
# What the data adds beyond the article, each with the graph its consequences go to, in the order they build on each
# other: facts from other sources (designations, labels, Wikidata links: data/*.trig, GRAPH kgg:outside), then the
# editors' interpretations (GRAPH kgg:interpretations), which may read the outside facts.
LAYERS = ((GRAPH_OUTSIDE, GRAPH_OUTSIDE_INFERRED), (GRAPH_INTERPRETATIONS, GRAPH_INTERPRETATIONS_INFERRED))
INFERRED_GRAPHS = (GRAPH_INFERRED, *tuple(inferred for _, inferred in LAYERS))
# The served default graph: the article's facts, the outside facts, the interpretations and what each adds.
DEFAULT_GRAPHS = ARTICLE_ONLY_GRAPHS + tuple(graph for layer in LAYERS for graph in layer)
# The same, as the strings the SPARQL protocol and the query workers take.
DEFAULT_GRAPH_IRIS = tuple(str(graph) for graph in DEFAULT_GRAPHS)
INFERRED_GRAPH_IRIS = frozenset(str(graph) for graph in INFERRED_GRAPHS)

# Every graph the build itself names. Any other graph a data file names (TriG, N-Quads) is a *source graph*: loaded
# under its own name, validated and reasoned over with kgg:asserted, and part of the served default graph.
BUILD_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_ALIGNMENTS, *DEFAULT_GRAPHS, GRAPH_SHAPES)

# One prefix per kind of resource (the first segment of its path under kgr:), so that Turtle reads
# `person:nikol-pashinyan` rather than `kgr:person\/nikol-pashinyan`. The data files declare the same ones; `orgs`
# because `org:` is by convention the W3C Organization Ontology.
RESOURCE_KINDS: dict[str, str] = {
    "acquisition": "acquisition", "act": "act", "agreement": "agreement", "arena": "arena",
    "certainty": "certainty", "confidence": "confidence", "event": "event", "group": "group",
    "interpretation": "interpretation", "linkset": "linkset", "office": "office", "orgs": "org",
    "person": "person", "place": "place", "polarity": "polarity", "position": "position",
    "proposition": "proposition", "quote": "quote", "setting": "setting", "source": "source", "stance": "stance",
    "state": "state", "statement": "statement", "weapon": "weapon",
}

PREFIXES: dict[str, Namespace] = {
    "kg": KG,
    "kgr": KGR,
    **{prefix: Namespace(f"{KGR}{segment}/") for prefix, segment in RESOURCE_KINDS.items()},
    "kgg": KGG,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "oa": OA,
    "schema": SCHEMA,
    "time": TIME,
    "vann": VANN,
    "foaf": Namespace(str(FOAF)),
    "void": Namespace(str(VOID)),
    "dcat": Namespace(str(DCAT)),
    "sh": Namespace(str(SH)),
    "sd": SD,
    "spdx": SPDX,
    "wd": WD,
    "wdt": WDT,
}


def curie(iri: str) -> str:
    """The prefixed name of an IRI with the longest matching prefix (kg:Statement, person:x, rdfs:label), or the IRI
    itself when no prefix fits or the rest is not a plain local name (kgr: keeps its slashes: kgr:retired/x)."""
    best = max(((prefix, str(namespace)) for prefix, namespace in PREFIXES.items() if iri.startswith(str(namespace))),
               key=lambda match: len(match[1]), default=None)
    if best is None:
        return iri
    local = iri[len(best[1]):]
    return f"{best[0]}:{local}" if best[0] == "kgr" or re.fullmatch(r"[\w.\-]*", local) else iri


def sparql_prologue() -> str:
    """PREFIX declarations for every prefix above, one per line."""
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def bind_prefixes(graph: Graph) -> None:
    """Bind every project prefix on an rdflib graph or dataset, replacing rdflib's defaults."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
