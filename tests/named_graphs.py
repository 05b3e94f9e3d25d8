"""Named graphs for the stage tests: rdflib graphs into a pyoxigraph store's named graphs, and back."""

import pyoxigraph
from rdflib import Graph

from kgraph.namespaces import GRAPH_ASSERTED, GRAPH_ONTOLOGY
from kgraph.terms import rdflib_graph, to_oxigraph


def store_of(ontology: Graph, asserted: Graph) -> pyoxigraph.Store:
    """A new in-memory store holding `ontology` and `asserted` in their named graphs (blank-node labels kept)."""
    store = pyoxigraph.Store()
    for graph_name, graph in ((GRAPH_ONTOLOGY, ontology), (GRAPH_ASSERTED, asserted)):
        name = pyoxigraph.NamedNode(str(graph_name))
        store.extend(pyoxigraph.Quad(*map(to_oxigraph, triple), name) for triple in graph)
    return store


def graph_of(store: pyoxigraph.Store, graph_name) -> Graph:
    """One named graph of `store` as an rdflib graph."""
    return rdflib_graph(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(graph_name))))
