"""Helpers for the content tests: the ontology + data graph after OWL-RL reasoning, and named query runs.

Interface kept tiny on purpose (it may later be switched to the real pipeline, kgraph.build):
``closed_graph() -> rdflib.Graph`` and ``run_query(name) -> list[dict[str, str]]``.
"""

from __future__ import annotations

import functools
from pathlib import Path

import owlrl
from rdflib import Graph, Literal

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
SHAPES_DIR = ROOT / "shapes"
ARTICLE = DATA_DIR / "sources" / "article.txt"


def ontology_files() -> list[Path]:
    return sorted(p for p in ONTOLOGY_DIR.glob("*.ttl") if p.name != "alignments.ttl")


def data_files() -> list[Path]:
    return sorted(DATA_DIR.rglob("*.ttl"))


@functools.lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


@functools.lru_cache(maxsize=1)
def asserted_graph() -> Graph:
    graph = Graph()
    for path in data_files():
        graph.parse(path, format="turtle")
    return graph


@functools.lru_cache(maxsize=1)
def closed_graph() -> Graph:
    """Ontology + data, expanded with owlrl's OWL-RL closure (triples with a literal subject dropped)."""
    graph = Graph()
    for triple in ontology_graph():
        graph.add(triple)
    for triple in asserted_graph():
        graph.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    for triple in [t for t in graph if isinstance(t[0], Literal)]:
        graph.remove(triple)
    return graph


def query_path(name: str) -> Path:
    path = QUERIES_DIR / (name if name.endswith(".rq") else name + ".rq")
    if not path.exists():
        raise FileNotFoundError(f"no query {path.relative_to(ROOT)}")
    return path


def run_query(name: str) -> list[dict[str, str]]:
    """Run queries/<name>.rq (or queries/qc/<name>.rq with name 'qc/<name>') on the closed graph."""
    result = closed_graph().query(query_path(name).read_text(encoding="utf-8"))
    rows = []
    for row in result:
        rows.append({str(var): str(row[var]) for var in result.vars if row[var] is not None})
    return rows
