"""The readable HTML views of what /sparql and /.well-known/void otherwise answer in RDF or SPARQL results: a browser
gets a page, a program the same data as before. Each view renders an answer evaluated (and cached, and bounded)
exactly as the program's would be; IRIs of the graph link to their local Linked Data pages."""

import json
from typing import Any

import pyoxigraph
from fastapi import Request
from rdflib import BNode, Graph, Literal, URIRef

from kgraph.formats import XSD_STRING, term_of
from kgraph.serve._inspect import QueryPlan
from kgraph.serve._pages import curie, href, render

Cell = dict[str, Any]  # a term as the templates show it
TITLES = {"service.html": "Service description", "void.html": "VoID and DCAT description"}


def _cell(kind: str, value: str, language: str | None = None, datatype: str | None = None) -> Cell:
    """A term as the templates show it: an IRI with its link (the local page for the graph's own IRIs), a blank
    node, or a literal with its language or datatype."""
    if kind == "uri":
        return {"kind": "uri", "text": curie(value), "href": href(value), "iri": value}
    if kind == "bnode":
        return {"kind": "bnode", "text": f"_:{value}", "id": value}
    note = f"@{language}" if language else None if datatype in (None, XSD_STRING) else curie(datatype)
    return {"kind": "literal", "text": value, "note": note}


def _json_cell(term: dict[str, Any] | None) -> Cell | None:
    if term is None:
        return None
    if term["type"] == "triple":
        parts = [_triple_part(term["value"][name]) for name in ("subject", "predicate", "object")]
        return {"kind": "literal", "text": "<< " + " ".join(parts) + " >>", "note": None}
    kind = "literal" if term["type"] == "typed-literal" else term["type"]
    return _cell(kind, term["value"], term.get("xml:lang"), term.get("datatype"))


def _triple_part(term: dict[str, Any]) -> str:
    cell = _json_cell(term)
    assert cell is not None  # a triple's terms are never unbound
    return str(cell["text"])


def _oxigraph_cell(term: object) -> Cell:
    parsed = term_of(term)
    if parsed is None or parsed.kind == "triple":
        return {"kind": "literal", "text": str(term), "note": None}
    return _cell(parsed.kind, str(parsed.value), parsed.language, parsed.datatype)


def results_page(request: Request, query_plan: QueryPlan, body: bytes, graph_form: bool,
                 headers: dict[str, str]) -> bytes:
    """An answer (SPARQL JSON for SELECT and ASK, N-Triples for CONSTRUCT and DESCRIBE) as an HTML table."""
    boolean, variables = None, ["subject", "predicate", "object"]
    rows: list[list[Cell | None]]
    if graph_form:
        rows = [[_oxigraph_cell(t) for t in (q.subject, q.predicate, q.object)]
                for q in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)]
    else:
        answer = json.loads(body)
        boolean = answer.get("boolean")
        variables = answer.get("head", {}).get("vars", [])
        rows = [[_json_cell(binding.get(v)) for v in variables] for binding in answer.get("results", {}).get(
            "bindings", [])]
    return bytes(render("sparql_results.html", request, title="Query results", query=query_plan.original,
                        form=query_plan.form, boolean=boolean, variables=variables, rows=rows,
                        truncated=headers.get("X-Kgraph-Truncated") == "true",
                        max_rows=headers.get("X-Kgraph-Max-Rows")).body)


def _rdflib_cell(term: object) -> Cell:
    if isinstance(term, URIRef):
        return _cell("uri", str(term))
    if isinstance(term, BNode):
        return _cell("bnode", str(term))
    if isinstance(term, Literal):
        return _cell("literal", str(term), term.language, str(term.datatype) if term.datatype else None)
    return {"kind": "literal", "text": str(term), "note": None}


def description_page(request: Request, graph: Graph, template: str) -> bytes:
    """An RDF description (the service description, VoID) as a page: its resources, named ones first, each with
    its properties; blank nodes are anchors that their mentions link to."""
    subjects: dict[object, list[tuple[Cell, Cell]]] = {}
    for s, p, o in sorted(graph, key=lambda t: (isinstance(t[0], BNode), str(t[0]), str(t[1]), str(t[2]))):
        subjects.setdefault(s, []).append((_rdflib_cell(p), _rdflib_cell(o)))
    resources = [{"subject": _rdflib_cell(s), "properties": properties} for s, properties in subjects.items()]
    return bytes(render(template, request, title=TITLES[template], resources=resources).body)
