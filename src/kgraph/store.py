"""Store stage: the built dataset as an on-disk pyoxigraph store, which is what the endpoint and queries read."""

import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import URIRef

from kgraph.namespaces import ARTICLE_ONLY_GRAPHS, BUILD_GRAPHS, DEFAULT_GRAPHS

# The triples of every named graph: the one way kgraph counts them (the CLI's info, VoID, the service description).
GRAPH_COUNTS = "SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph ORDER BY ?graph"

MANIFEST = "manifest.json"
STORE_DIRECTORY = "store"
LEASE_FILE = "lease.lock"  # flock(2)ed: shared by whoever uses the build, exclusive by whoever builds or prunes it


@dataclass(frozen=True)
class BuiltDataset:
    """A finished build: a read-only pyoxigraph store plus the manifest of how it was made."""

    directory: Path

    @property
    def store_path(self) -> Path:
        return self.directory / STORE_DIRECTORY

    @property
    def manifest(self) -> dict[str, Any]:
        manifest: dict[str, Any] = json.loads((self.directory / MANIFEST).read_text(encoding="utf-8"))
        return manifest

    def open(self) -> pyoxigraph.Store:
        """Open the store read-only; any number of processes may do so at once."""
        return pyoxigraph.Store.read_only(str(self.store_path))

    def lease(self) -> "Lease":
        """Hold this build: no kgraph command prunes it while the lease is held (released with the process, even on
        SIGKILL). Raises FileNotFoundError if the build is gone or being pruned."""
        return Lease(self.directory)

    def query(self, sparql: str, store: pyoxigraph.Store | None = None, *, article_only: bool = False,
              **options: Any) -> Any:
        """Evaluate SPARQL with the served default graph (the article's facts, the interpretations and what both add
        by inference, and the data's source graphs), or with `article_only` the article's facts and their inferences
        alone; options go to `Store.query`."""
        store = store or self.open()
        graphs = ARTICLE_ONLY_GRAPHS if article_only else DEFAULT_GRAPHS + source_graphs(store)
        return store.query(sparql, default_graph=[pyoxigraph.NamedNode(str(g)) for g in graphs], **options)


def source_graphs(store: pyoxigraph.Store) -> tuple[URIRef, ...]:
    """The data's source graphs (see `namespaces.BUILD_GRAPHS`): the named graphs of `store` the build does not name
    itself."""
    built = {str(g) for g in BUILD_GRAPHS}
    return tuple(sorted(URIRef(g.value) for g in store.named_graphs() if g.value not in built))


class Lease:
    """A shared flock(2) on a build's lease file; `release()` (or the end of the process) lets it go."""

    def __init__(self, directory: Path):
        self._fd: int | None = os.open(directory / LEASE_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_SH)  # waits while a pruner holds it exclusively
        if not (directory / MANIFEST).is_file():  # pruned (or never finished) meanwhile
            self.release()
            raise FileNotFoundError(f"the build {directory} is gone")

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def exclusive_lock(directory: Path) -> int | None:
    """An exclusive flock on `directory`'s lease file if nobody holds it (a descriptor to close), else None."""
    try:
        fd = os.open(directory / LEASE_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def create_store(directory: Path) -> pyoxigraph.Store:
    """A new on-disk store at `directory`, for a build to load, reason and write into."""
    return pyoxigraph.Store(str(directory))


def materialise_default_graph(store: pyoxigraph.Store, graphs: tuple[URIRef, ...] = DEFAULT_GRAPHS) -> None:
    """Write the union of `graphs` into the store's own default graph (a set: a triple in two graphs is there once).

    The endpoint evaluates most queries over the served default graph; given as a list of six named graphs, Oxigraph
    joins every pattern across the six (3.6x the CPU on the competency queries, bench/results/evaluation.json). The
    store's default graph is otherwise unused: exports, publishing and `GRAPH ?g` see the named graphs only."""
    default = pyoxigraph.DefaultGraph()
    for graph in graphs:
        store.bulk_extend(pyoxigraph.Quad(quad.subject, quad.predicate, quad.object, default)
                          for quad in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(graph))))


def close_store(store: pyoxigraph.Store) -> int:
    """Finish a store a build has written: flush it and compact it (a served store is only read); return its number of
    quads. The caller drops its last reference afterwards, which closes the database so that read-only openers see a
    consistent state."""
    store.flush()
    store.optimize()
    return len(store)


def graph_counts(store: pyoxigraph.Store) -> dict[str, int]:
    """Named graph IRI -> its number of triples (`GRAPH_COUNTS`)."""
    solutions = store.query(GRAPH_COUNTS)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    return {row["graph"].value: int(row["triples"].value) for row in solutions}
