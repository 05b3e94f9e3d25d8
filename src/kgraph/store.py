"""Store stage: the built dataset as an on-disk pyoxigraph store, which is what the endpoint and queries read."""

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import Dataset

from kgraph.namespaces import ARTICLE_ONLY_GRAPHS, DEFAULT_GRAPHS
from kgraph.terms import to_oxigraph

MANIFEST = "manifest.json"
STORE_DIRECTORY = "store"


@dataclass(frozen=True)
class BuiltDataset:
    """A finished build: a read-only pyoxigraph store plus the manifest of how it was made."""

    directory: Path

    @property
    def store_path(self) -> Path:
        return self.directory / STORE_DIRECTORY

    @property
    def manifest(self) -> dict:
        return json.loads((self.directory / MANIFEST).read_text(encoding="utf-8"))

    def open(self) -> pyoxigraph.Store:
        """Open the store read-only; any number of processes may do so at once."""
        return pyoxigraph.Store.read_only(str(self.store_path))

    def query(self, sparql: str, store: pyoxigraph.Store | None = None, *, article_only: bool = False, **options):
        """Evaluate SPARQL with the served default graph (the article's facts, the interpretations and what both add
        by inference), or with `article_only` the article's facts and their inferences alone; options go to
        `Store.query`."""
        store = store or self.open()
        graphs = ARTICLE_ONLY_GRAPHS if article_only else DEFAULT_GRAPHS
        return store.query(sparql, default_graph=[pyoxigraph.NamedNode(str(g)) for g in graphs], **options)


def write_store(dataset: Dataset, directory: Path) -> int:
    """Bulk-load every named graph of `dataset` into a new store at `directory`; return the number of quads.

    The rdflib terms are converted to pyoxigraph terms one by one as they stream in, not through an N-Quads text.
    """
    store = pyoxigraph.Store(str(directory))
    store.bulk_extend(pyoxigraph.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o),
                                      to_oxigraph(g.identifier if hasattr(g, "identifier") else g))
                      for s, p, o, g in dataset.quads((None, None, None, None)))
    store.flush()
    count = len(store)
    del store  # closes the database so that read-only openers see a consistent state
    return count
