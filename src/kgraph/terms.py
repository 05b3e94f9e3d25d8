"""RDF terms between rdflib (which the build stages need) and pyoxigraph (which parses, reasons and serves).

RDF 1.1 has no plain literals: pyoxigraph gives "x" the datatype xsd:string, rdflib's parsers give it none, and rdflib
tells the two apart. `to_rdflib` therefore returns an xsd:string literal as rdflib's parsers would, so that a triple
read through pyoxigraph equals the same triple read by rdflib.
"""

from collections.abc import Callable

import pyoxigraph
from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD

_XSD_STRING = str(XSD.string)


def to_rdflib(term):
    """The rdflib term for a pyoxigraph term (blank-node labels kept)."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))


def oxigraph_converter(skolem_prefix: str | None = None) -> Callable:
    """A function from rdflib terms to pyoxigraph terms that converts each distinct term once (graphs repeat terms).

    The default graph becomes `DefaultGraph()`; with `skolem_prefix`, blank nodes become IRIs under it (SPARQL updates
    cannot name a blank node). `converter.seen` maps every rdflib term converted so far to its pyoxigraph term.
    """
    seen: dict = {}

    def convert(term):
        converted = seen.get(term)
        if converted is None:
            converted = seen[term] = _to_oxigraph(term, skolem_prefix)
        return converted

    convert.seen = seen
    return convert


def _to_oxigraph(term, skolem_prefix: str | None):
    if term is None or term == DATASET_DEFAULT_GRAPH_ID:
        return pyoxigraph.DefaultGraph()
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.NamedNode(skolem_prefix + str(term)) if skolem_prefix else pyoxigraph.BlankNode(str(term))
    if term.language:
        return pyoxigraph.Literal(str(term), language=term.language)
    return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype or XSD.string)))
