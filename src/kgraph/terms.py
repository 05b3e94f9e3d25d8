"""RDF terms between rdflib (which pySHACL and owlrl need) and pyoxigraph (which parses, reasons and serves).

RDF 1.1 has no plain literals: pyoxigraph gives "x" the datatype xsd:string, rdflib's parsers give it none, and rdflib
tells the two apart. `to_rdflib` therefore returns an xsd:string literal as rdflib's parsers would, so that a triple
read through pyoxigraph equals the same triple read by rdflib.

With a `skolem_prefix`, blank nodes travel as IRIs under that prefix (a SPARQL update cannot name a blank node) and
come back as the same blank nodes.
"""

from collections.abc import Callable, Iterable
from typing import Any

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kgraph.formats import XSD_STRING


def to_rdflib(term: Any, skolem_prefix: str | None = None) -> Any:
    """The rdflib term for a pyoxigraph term (blank-node labels kept)."""
    if isinstance(term, pyoxigraph.NamedNode):
        if skolem_prefix and term.value.startswith(skolem_prefix):
            return BNode(term.value[len(skolem_prefix):])
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))


def to_oxigraph(term: Any, skolem_prefix: str | None = None) -> Any:
    """The pyoxigraph term for an rdflib term; rdflib's default graph becomes `DefaultGraph()`."""
    if term is None or term == DATASET_DEFAULT_GRAPH_ID:
        return pyoxigraph.DefaultGraph()
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.NamedNode(skolem_prefix + str(term)) if skolem_prefix else pyoxigraph.BlankNode(str(term))
    if term.language:
        return pyoxigraph.Literal(str(term), language=term.language)
    return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype or XSD_STRING)))


def interning_to_rdflib() -> Callable[[Any], Any]:
    """`to_rdflib` that gives one rdflib object per IRI and blank node however often it is met.

    A large graph then holds each resource once (about a fifth less memory at 100k triples), and rdflib's index lookups
    find equal keys by identity. Literals are mostly distinct (labels, quotes), so they are not remembered.
    """
    made: dict[Any, Any] = {}

    def convert(term: Any) -> Any:
        if isinstance(term, pyoxigraph.Literal):
            return to_rdflib(term)
        found = made.get(term)
        if found is None:
            found = made[term] = to_rdflib(term)
        return found

    return convert


def rdflib_graph(triples: Iterable[Any]) -> Graph:
    """A new rdflib graph of pyoxigraph triples or quads (a quad's graph name is ignored)."""
    graph, convert = Graph(), interning_to_rdflib()
    add = graph.store.add
    for triple in triples:
        add((convert(triple.subject), convert(triple.predicate), convert(triple.object)), graph)
    return graph
