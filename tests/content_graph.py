"""The project's graph as the real pipeline builds it, for the content tests.

`closed_graph()` is ontology + asserted + the pipeline's inferred graph; `run_query(name)` evaluates a named query
with pyoxigraph over the built store exactly as the endpoint does (default graph = asserted ∪ inferred); quality
checks (`qc/NAME`) also see the ontology graph, since some of them check ontology terms.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from kgraph.build import build
from kgraph.load import ProjectFiles, load
from kgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES
from kgraph.store import BuiltDataset

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
SHAPES_DIR = ROOT / "shapes"
ARTICLE = DATA_DIR / "sources" / "article.txt"
QC_DEFAULT_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED)


@functools.lru_cache(maxsize=1)
def built() -> BuiltDataset:
    """The project built once per test session, into a private cache."""
    return build(ROOT, cache_dir=Path(tempfile.mkdtemp(prefix="kgraph-test-cache-"))).built


@functools.lru_cache(maxsize=1)
def _loaded():
    return load(ProjectFiles.discover(ROOT))


def _standalone(graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


@functools.lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return _standalone(_loaded().graph(GRAPH_ONTOLOGY))


@functools.lru_cache(maxsize=1)
def asserted_graph() -> Graph:
    return _standalone(_loaded().graph(GRAPH_ASSERTED))


@functools.lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return _standalone(_loaded().graph(GRAPH_SHAPES))


@functools.lru_cache(maxsize=1)
def closed_graph() -> Graph:
    """Ontology + asserted + the inferred graph of the built store."""
    graph = Graph()
    for triple in ontology_graph():
        graph.add(triple)
    for triple in asserted_graph():
        graph.add(triple)
    inferred = pyoxigraph.serialize(
        [q.triple for q in built().open().quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(GRAPH_INFERRED)))],
        format=pyoxigraph.RdfFormat.N_TRIPLES)
    graph.parse(data=inferred, format="nt")
    return graph


def query_path(name: str) -> Path:
    path = QUERIES_DIR / (name if name.endswith(".rq") else name + ".rq")
    if not path.exists():
        raise FileNotFoundError(f"no query {path.relative_to(ROOT)}")
    return path


def query_result(name: str) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """(variables, rows) of queries/<name>.rq over the built store; rows map bound variables to term values."""
    text = query_path(name).read_text(encoding="utf-8")
    graphs = QC_DEFAULT_GRAPHS if name.startswith("qc/") else None
    store = built().open()
    if graphs:
        solutions = store.query(text, default_graph=[pyoxigraph.NamedNode(str(g)) for g in graphs])
    else:
        solutions = built().query(text, store)
    variables = tuple(v.value for v in solutions.variables)
    rows = [{v: solution[v].value for v in variables if solution[v] is not None} for solution in solutions]
    return variables, rows


def run_query(name: str) -> list[dict[str, str]]:
    return query_result(name)[1]
