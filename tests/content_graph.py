"""The project's graph as the real pipeline builds it, for the content tests.

Two views, as the endpoint serves them: the default one (the article's facts, the editors' interpretations and what
both imply) and the article-only one (kgg:asserted + kgg:inferred, no interpretation). `closed_graph()` is ontology +
data + the pipeline's inferred graphs of the chosen view; `run_query(name)` evaluates a named query with pyoxigraph
over the built store exactly as the endpoint does; quality checks (`qc/NAME`) also see the ontology graph, since some
of them check ontology terms.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from kgraph.build import build
from kgraph.load import ProjectFiles, data_graph, load
from kgraph.namespaces import (
    ARTICLE_ONLY_GRAPHS,
    DEFAULT_GRAPHS,
    GRAPH_ASSERTED,
    GRAPH_ONTOLOGY,
    GRAPH_SHAPES,
)
from kgraph.store import BuiltDataset

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
SHAPES_DIR = ROOT / "shapes"
ARTICLE = DATA_DIR / "sources" / "article.txt"
VIEWS = {"full": DEFAULT_GRAPHS, "article-only": ARTICLE_ONLY_GRAPHS}


@functools.lru_cache(maxsize=1)
def built() -> BuiltDataset:
    """The project built once per test session, into a private cache."""
    return build(ROOT, cache_dir=Path(tempfile.mkdtemp(prefix="kgraph-test-cache-"))).built


@functools.lru_cache(maxsize=1)
def _loaded():
    return load(ProjectFiles.discover(ROOT))


def _standalone(*graphs) -> Graph:
    copy = Graph()
    for graph in graphs:
        for triple in graph:
            copy.add(triple)
    return copy


@functools.lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return _standalone(_loaded().graph(GRAPH_ONTOLOGY))


@functools.lru_cache(maxsize=1)
def asserted_graph() -> Graph:
    """The article's facts alone (kgg:asserted)."""
    return _standalone(_loaded().graph(GRAPH_ASSERTED))


@functools.lru_cache(maxsize=1)
def data() -> Graph:
    """What the build validates: the article's facts and the interpretations."""
    return _standalone(data_graph(_loaded()))


@functools.lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return _standalone(_loaded().graph(GRAPH_SHAPES))


@functools.lru_cache(maxsize=2)
def closed_graph(view: str = "full") -> Graph:
    """Ontology + the data graphs of `view` + their inferred graphs, as the built store holds them."""
    graph = _standalone(ontology_graph())
    store = built().open()
    triples = [q.triple for name in VIEWS[view] for q in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(name)))]
    graph.parse(data=pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES), format="nt")
    return graph


def query_path(name: str) -> Path:
    path = QUERIES_DIR / (name if name.endswith(".rq") else name + ".rq")
    if not path.exists():
        raise FileNotFoundError(f"no query {path.relative_to(ROOT)}")
    return path


def query_result(name: str, view: str = "full") -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """(variables, rows) of queries/<name>.rq over the built store; rows map bound variables to term values."""
    text = query_path(name).read_text(encoding="utf-8")
    graphs = ((GRAPH_ONTOLOGY,) if name.startswith("qc/") else ()) + VIEWS[view]
    solutions = built().open().query(text, default_graph=[pyoxigraph.NamedNode(str(g)) for g in graphs])
    variables = tuple(v.value for v in solutions.variables)
    rows = [{v: solution[v].value for v in variables if solution[v] is not None} for solution in solutions]
    return variables, rows


def run_query(name: str, view: str = "full") -> list[dict[str, str]]:
    return query_result(name, view)[1]
