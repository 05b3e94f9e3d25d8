"""HTML for people: the page templates (`render`, with the links and names every page shows: `href`, `curie`), and
the readable views of what /sparql and /.well-known/void otherwise answer in RDF or SPARQL results: a browser gets a
page, a program the same data as before. Each view renders an answer evaluated (and cached, and bounded) exactly as
the program's would be; IRIs of the graph link to their local Linked Data pages."""

import json
from itertools import islice
from typing import Any
from urllib.parse import quote as url_quote

import pyoxigraph
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import BNode, Graph, Literal, URIRef

from kgraph.formats import GRAPH_FORMATS, XSD_STRING, term_of
from kgraph.namespaces import BASE, ONTOLOGY_IRI, curie
from kgraph.serve._answers import HTML, conditional, error, requested_formats
from kgraph.serve._formats import negotiate
from kgraph.serve._inspect import QueryPlan

NAMESPACE_HOST = "/".join(BASE.split("/")[:3])          # https://w3id.org
Cell = dict[str, Any]  # a term as the templates show it
PAGE_MEDIA_TYPE = "text/html; charset=utf-8"
PAGE_ROWS = 1000  # rows a results page shows: a browser needs no more, and a page's cost is bounded by it
TITLES = {"service.html": "Service description", "void.html": "VoID and DCAT description"}


def local_path(iri: str) -> str | None:
    """The server path of an IRI of our namespace (https://w3id.org/kgraph/... → /kgraph/...), else None."""
    if iri.startswith(BASE) or iri == str(ONTOLOGY_IRI):
        return iri[len(NAMESPACE_HOST):].split("#")[0] + ("#" + iri.split("#", 1)[1] if "#" in iri else "")
    return None


def href(iri: str) -> str:
    return local_path(iri) or iri


def quote_link(start: int | None, end: int | None) -> str:
    """The article page with the quote at these offsets highlighted."""
    return f"/sources/article?start={start}&end={end}#quote" if start is not None else "/sources/article"


templates = Environment(loader=PackageLoader("kgraph", "templates"), autoescape=select_autoescape(["html", "svg"]))
templates.globals["quote_link"] = quote_link
templates.globals["url_quote"] = url_quote


def render(name: str, request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("title", "kgraph")
    return HTMLResponse(templates.get_template(name).render(request=request, href=href, curie=curie, **context),
                        status_code=status, headers={"Vary": "Accept"})


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
        return {"kind": "literal", "text": "<<( " + " ".join(parts) + " )>>", "note": None}
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
                for q in islice(pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES), PAGE_ROWS)]
    else:
        answer = json.loads(body)
        boolean = answer.get("boolean")
        variables = answer.get("head", {}).get("vars", [])
        rows = [[_json_cell(binding.get(v)) for v in variables] for binding in answer.get("results", {}).get(
            "bindings", [])[:PAGE_ROWS]]
    return bytes(render("sparql_results.html", request, title="Query results", query=query_plan.original,
                        form=query_plan.form, boolean=boolean, variables=variables, rows=rows,
                        count=int(headers.get("X-Kgraph-Rows", len(rows))),
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


def rdf_response(request: Request, graph: Graph, page: str | None = None) -> Response:
    """A description in the negotiated RDF syntax, or, for a browser, as the readable page `page` (a template
    rendering the same triples)."""
    chosen = negotiate(request.headers.get("accept"), GRAPH_FORMATS, requested_formats(request),
                       extra=HTML if page else ())
    if chosen is None:
        return error(406, "available: " + ", ".join(f.media_type for f in GRAPH_FORMATS), cause="not-acceptable")
    if isinstance(chosen, str):  # one of HTML, offered only with a page
        assert page is not None
        return conditional(request, description_page(request, graph, page), PAGE_MEDIA_TYPE,
                           {"Vary": "Accept"})
    return conditional(request, graph.serialize(format=chosen.rdflib, encoding="utf-8"), chosen.content_type,
                       {"Vary": "Accept"})
