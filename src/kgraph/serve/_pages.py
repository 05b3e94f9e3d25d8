"""Pages for people and Linked Data clients: the query UI, resource pages under each IRI's own path, the ontology,
the timeline, the article with a highlighted quote, and the VoID description."""

import html
import re
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyoxigraph
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from rdflib.namespace import RDF, XSD

from kgraph.formats import GRAPH_FORMATS, Format, Term
from kgraph.namespaces import (
    BASE,
    DEFAULT_GRAPH_IRIS,
    GRAPH_ONTOLOGY,
    INFERRED_GRAPH_IRIS,
    KG,
    ONTOLOGY_IRI,
    curie,
)
from kgraph.serve._answers import HTML, Solution, endpoint_url, error, prefixes, rdf_of, rows
from kgraph.serve._formats import negotiate
from kgraph.serve._ontology_doc import ontology_model
from kgraph.serve._retired import retired_answer
from kgraph.serve._state import app_state
from kgraph.serve._views import NAMESPACE_HOST, href, render, templates

ID_PREFIX = BASE + "id/"
QUERIES_DIR = Path(__file__).parent / "queries"
ARTICLE = Path("data") / "sources" / "article.txt"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
          "http://schema.org/name")
RDF_TYPE = str(RDF.type)
STANCE_COLOURS = {"affirms": "#1a9850", "denies": "#d73027", "doubts": "#f46d43", "hedges": "#c9a400",
                  "retracts": "#762a83"}
TIMELINE_START, TIMELINE_END = date(2020, 11, 1), date(2021, 5, 1)

MAX_RESOURCE_IRI = 2048  # characters; ours are under 200
View = dict[str, Any]  # what a template shows of a term, a statement or a row
router = APIRouter()


# ---- helpers ----

def _sparql_iri(iri: str) -> str:
    """`iri` as SPARQL writes it; ValueError unless it is a valid absolute IRI of a length a resource of ours can
    have (a page's queries never quote what could not be one: a 404, not the inspector's refusal of the query)."""
    if len(iri) > MAX_RESOURCE_IRI:
        raise ValueError("not an IRI")
    pyoxigraph.NamedNode(iri)  # ValueError: a character an IRI cannot hold (<, >, ", space…), a bad percent-encoding
    return f"<{iri}>"


def wants(request: Request) -> Format | str | None:
    """The negotiated representation for a resource: 'html' or a graph Format (None: 406)."""
    chosen = negotiate(request.headers.get("accept"), GRAPH_FORMATS, request.query_params.getlist("format"), extra=HTML)
    if isinstance(chosen, str):  # one of HTML
        return "html"
    return chosen


def _bound(row: Solution, name: str) -> str:
    """The value of a variable that the query always binds (to an IRI, a blank node or a literal)."""
    term = row[name]
    assert term is not None, f"?{name} is always bound"
    return term.text


def _optional(row: Solution, name: str) -> str | None:
    term = row.get(name)
    return term.text if term else None


def _term_view(term: Term | None, labels: dict[str, str]) -> View | None:
    if term is None:
        return None
    if isinstance(term.value, tuple):  # a triple term
        return {"kind": "literal", "label": " ".join(str(t.value) for t in term.value)}
    value = term.value
    if term.kind == "uri":
        return {"kind": "uri", "iri": value, "href": href(value), "label": labels.get(value) or curie(value),
                "curie": curie(value)}
    if term.kind == "bnode":
        return {"kind": "bnode", "label": f"_:{value}"}
    datatype = term.datatype or ""
    suffix = f"@{term.language}" if term.language else ("" if datatype == str(XSD.string) else f" ({curie(datatype)})")
    return {"kind": "literal", "label": value, "suffix": suffix}


def _types_by_label(values: list[View]) -> list[View]:
    """A resource's classes as labels, each with the prefixed names of the classes it stands for as hints: a class's
    rdfs:label, else its local name in words (schema:Person → "person", prov:SoftwareAgent → "software agent").
    Asserted classes first; a label is inferred when every class behind it is."""
    grouped: dict[str, View] = {}
    for value in sorted(values, key=lambda v: (v["inferred"], not v["value"]["iri"].startswith(str(KG)),
                                               v["value"]["iri"])):
        term = value["value"]
        label = term["label"]
        if label == term["curie"]:
            local = re.split(r"[#/:]", term["iri"])[-1]
            label = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).lower()
        entry = grouped.setdefault(label.lower(), {"label": label, "href": term["href"], "inferred": True,
                                                   "classes": []})
        entry["inferred"] = entry["inferred"] and value["inferred"]
        entry["classes"].append(term)
    return sorted(grouped.values(), key=lambda t: (t["inferred"], t["label"].lower()))


async def _labels(request: Request, iris: set[str]) -> dict[str, str]:
    iris = {i for i in iris if re.fullmatch(r"[^<>\"{}|^`\\\x00-\x20]+", i)}
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in sorted(iris)[:2000])
    found = await rows(request, f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} "
                                f"VALUES ?p {{ {' '.join(f'<{p}>' for p in LABELS)} }} "
                                f"GRAPH ?g {{ ?x ?p ?l }} }}")
    if isinstance(found, Response):
        return {}
    labels: dict[str, str] = {}
    for row in found:
        label, iri = row["l"], _bound(row, "x")
        if label and (iri not in labels or label.language == "en"):
            labels[iri] = label.text
    return labels


# ---- the query UI ----

def named_queries(root: Path | None) -> list[dict[str, str]]:
    """The project's queries/*.rq with their `# title:` headers, for the UI's example list."""
    if root is None or not (root / "queries").is_dir():
        return []
    found = []
    for path in sorted((root / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title = re.search(r"^#\s*title:\s*(.+)$", text, re.MULTILINE)
        found.append({"name": path.stem, "title": title.group(1).strip() if title else path.stem, "query": text})
    return found


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> Response:
    state = app_state(request)
    # no PREFIX lines: the endpoint predeclares them all, and the page lists them
    default_query = ("# the prefixes are predeclared: see the list above\n"
                     "SELECT ?class (COUNT(?s) AS ?instances)\nWHERE { ?s a ?class }\n"
                     "GROUP BY ?class\nORDER BY DESC(?instances)\nLIMIT 50\n")
    # with --public-url, the endpoint the page names and the editor queries is that one, never the Host header's;
    # without it, the address the browser used (the listening address may not be reachable from the browser)
    endpoint = endpoint_url(request) if state.settings.public_url else str(request.url_for("sparql_get"))
    return render("index.html", request, title="kgraph — SPARQL", endpoint=endpoint,
                  prefixes=prefixes(), queries=named_queries(state.project_root), default_query=default_query,
                  settings=state.settings, namespace_host=NAMESPACE_HOST)


@router.get("/queries/{name}.rq")
async def named_query(request: Request, name: str) -> Response:
    for query in named_queries(app_state(request).project_root):
        if query["name"] == name:
            return PlainTextResponse(query["query"], media_type="application/sparql-query")
    return error(404, f"no named query {name!r}")


# ---- Linked Data ----

@router.get("/kgraph/id/{path:path}")
async def resource(request: Request, path: str) -> Response:
    iri = ID_PREFIX + path
    try:
        subject = _sparql_iri(iri)
    except ValueError:
        return error(404, "not an IRI of this graph")
    chosen = wants(request)
    if chosen is None:
        return error(406, "available: text/html, " + ", ".join(f.media_type for f in GRAPH_FORMATS))

    retired = await retired_answer(request, iri, subject, chosen)
    if retired is not None:
        return retired
    # the resource and the fragments it links to (its factualities, its selectors: qc/fragment-unlinked holds the
    # data to that), found from the resource rather than by scanning every subject of the graph for the prefix
    described = (f'{{ BIND({subject} AS ?s) }} UNION {{ SELECT DISTINCT ?s WHERE {{ {subject} ?link ?s '
                 f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{iri}#")) }} }}')
    if not isinstance(chosen, str):  # not "html"
        return await rdf_of(request, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {described} ?s ?p ?o }}", chosen)
    out = await rows(request, f"SELECT ?s ?p ?o ?g WHERE {{ {described} GRAPH ?g {{ ?s ?p ?o }} "
                              f"FILTER(?g IN ({', '.join(f'<{g}>' for g in DEFAULT_GRAPH_IRIS)})) }}")
    if isinstance(out, Response):
        return out
    if not out:
        return render("notfound.html", request, status=404, title="Not found", iri=iri)
    # the most specific property only: a link is dropped when a sub-property of it links the same pair
    incoming = await rows(request, f"""SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {subject}
        FILTER NOT EXISTS {{ ?s ?q {subject} FILTER(?q != ?p)
                             GRAPH <{GRAPH_ONTOLOGY}> {{ ?q rdfs:subPropertyOf+ ?p }} }} }} ORDER BY ?p ?s LIMIT 500""")
    if isinstance(incoming, Response):
        return incoming
    quotes = await rows(request, f"""SELECT DISTINCT ?quote ?exact ?start ?end WHERE {{
        {{ {subject} kg:quote ?quote }} UNION {{ BIND({subject} AS ?quote) }}
        ?quote oa:hasSelector ?selector . ?selector oa:exact ?exact .
        OPTIONAL {{ ?quote oa:hasSelector ?position . ?position oa:start ?start ; oa:end ?end }} }}""")
    if isinstance(quotes, Response):
        return quotes
    mentioned = {t.text for row in out for t in row.values() if t and t.kind == "uri"}
    mentioned |= {t.text for row in incoming for t in row.values() if t and t.kind == "uri"}
    labels = await _labels(request, mentioned | {iri})
    by_subject: dict[str, dict[str, list[View]]] = {}
    for row in out:
        entry = by_subject.setdefault(_bound(row, "s"), {})
        view = _term_view(row["o"], labels)
        values = entry.setdefault(_bound(row, "p"), [])
        inferred = _bound(row, "g") in INFERRED_GRAPH_IRIS
        if not any(v["value"] == view for v in values):
            values.append({"value": view, "inferred": inferred})
    main = by_subject.pop(iri, {})
    types = _types_by_label(main.get(RDF_TYPE, []))

    def table(entry: dict[str, list[View]]) -> list[View]:
        return [{"predicate": _term_view(Term("uri", p), labels), "values": v}
                for p, v in sorted(entry.items(), key=lambda item: (item[0] != RDF_TYPE, item[0]))]

    quote_views: list[View] = []
    for row in quotes:
        start, end = _optional(row, "start"), _optional(row, "end")
        quote = _bound(row, "quote")
        quote_views.append({"iri": quote, "href": href(quote), "exact": _bound(row, "exact"),
                            "start": int(start) if start else None, "end": int(end) if end else None})
    return render("resource.html", request, title=labels.get(iri) or curie(iri), iri=iri,
                  label=labels.get(iri), types=types, properties=table(main),
                  fragments=[{"iri": s, "id": s.split("#", 1)[1], "properties": table(e)}
                             for s, e in sorted(by_subject.items())],
                  incoming=[{"subject": _term_view(r["s"], labels), "predicate": _term_view(r["p"], labels)}
                            for r in incoming],
                  quotes=quote_views, formats=GRAPH_FORMATS)


# ---- the ontology ----

@router.get("/kgraph/ontology")
@router.get("/kgraph/ontology/{version}")
async def ontology(request: Request, version: str | None = None) -> Response:
    chosen = wants(request)
    if chosen is None:
        return error(406, "available: text/html, " + ", ".join(f.media_type for f in GRAPH_FORMATS))
    graphs = [str(GRAPH_ONTOLOGY)]
    if not isinstance(chosen, str):  # not "html"
        return await rdf_of(request, "CONSTRUCT WHERE { ?s ?p ?o }", chosen, default_graph=graphs)
    triples = await rows(request, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", default_graph=graphs)
    if isinstance(triples, Response):
        return triples
    if not triples:
        return render("notfound.html", request, status=404, title="Not found", iri=str(ONTOLOGY_IRI))
    return render("ontology.html", request, **ontology_model(triples))


# ---- the timeline ----

def _when(row: Solution) -> tuple[date | None, str]:
    """Where a statement goes on the time axis: its day, else the middle of its month; a statement the source dates
    only by bounds (after one event, before the article) goes to the "undated" column, its bounds in the tooltip."""
    def parse(text: str | None) -> date | None:
        try:
            return date.fromisoformat(text[:10]) if text else None
        except ValueError:
            return None
    day, month_text = _optional(row, "date"), _optional(row, "month")
    if day and parse(day):
        return parse(day), day[:10]
    if month_text:
        try:
            year, month = map(int, month_text[:7].split("-"))
            return date(year, month, 15), month_text[:7]
        except ValueError:
            pass
    early, late = parse(_optional(row, "earliest")), parse(_optional(row, "latest"))
    if early and late:
        return None, f"undated, between {early} and {late}"
    if early or late:
        return None, f"undated, {'after' if early else 'before'} {early or late}"
    return None, "undated"


def response_depths(responses: list[tuple[str, str]]) -> dict[str, int]:
    """How deep each statement sits in the kg:respondsTo chains (0: answers nothing here): a response is always
    deeper than what it answers, so sorting a day's statements by depth puts answers after what they answer."""
    answers: dict[str, set[str]] = {}
    for response, answered in responses:
        answers.setdefault(response, set()).add(answered)
    depths: dict[str, int] = {}

    def depth(statement: str, seen: frozenset[str] = frozenset()) -> int:
        if statement not in depths:
            depths[statement] = 1 + max((depth(a, seen | {statement}) for a in answers.get(statement, ())
                                         if a not in seen | {statement}), default=-1)
        return depths[statement]

    for statement in answers:
        depth(statement)
    return depths


def timeline_model(found: list[Solution], responses: Sequence[tuple[str, str]] = ()) -> View:
    statements: dict[tuple[str, str], View] = {}
    for row in found:
        statement, proposition = _bound(row, "statement"), _bound(row, "proposition")
        entry = statements.setdefault((proposition, statement), {"statement": statement, "proposition": proposition})
        for name in ("statementLabel", "propositionLabel", "agentLabel", "stanceLabel", "exact"):
            term = row.get(name)
            if term and name not in entry:
                entry[name] = term.text
        entry.setdefault("agent", _optional(row, "agent"))
        entry.setdefault("stance", _bound(row, "stance"))
        if "when" not in entry:
            entry["when"], entry["when_text"] = _when(row)
    depths = response_depths(list(responses))
    width, left, right, top, dot_step, min_row = 1100, 330, 70, 40, 13, 30
    span = (TIMELINE_END - TIMELINE_START).days
    plot = width - left - right

    def x_of(day: date | None) -> float:
        if day is None:
            return width - right / 2
        day = min(max(day, TIMELINE_START), TIMELINE_END)
        return left + plot * (day - TIMELINE_START).days / span

    propositions: dict[str, list[View]] = {}
    for entry in statements.values():
        propositions.setdefault(entry["proposition"], []).append(entry)
    rows_view: list[View] = []
    dots: list[View] = []
    y = top
    for proposition, entries in sorted(propositions.items(),
                                       key=lambda item: min((e["when"] or TIMELINE_END) for e in item[1])):
        # dots that would touch (the same day, days a few pixels apart, the undated ones) are stacked, earliest
        # first and each answer below what it answers
        columns: list[list[View]] = []
        for entry in sorted(entries, key=lambda e: (e["when"] or TIMELINE_END + timedelta(days=1),
                                                    depths.get(e["statement"], 0), e["statement"])):
            if columns and x_of(entry["when"]) - x_of(columns[-1][0]["when"]) < dot_step:
                columns[-1].append(entry)
            else:
                columns.append([entry])
        height = max(min_row, max(len(c) for c in columns) * dot_step + 8)
        middle = y + height / 2
        label = entries[0].get("propositionLabel") or curie(proposition)
        rows_view.append({"y": middle, "top": y, "height": height,
                          "label": label if len(label) <= 46 else label[:44] + "…",
                          "full_label": label, "href": href(proposition)})
        for column in columns:
            for position, entry in enumerate(column):
                day = entry["when"]
                stance = entry.get("stanceLabel") or entry["stance"].rsplit("/", 1)[-1]
                tooltip = (f"{entry.get('agentLabel') or curie(entry['agent'] or '')} — {entry['when_text']} — "
                           f"{stance}: {entry.get('statementLabel') or ''}"
                           + (f"\n“{entry['exact']}”" if entry.get("exact") else ""))
                dots.append({"x": x_of(day), "y": middle + (position - (len(column) - 1) / 2) * dot_step,
                             "href": href(entry["statement"]), "tooltip": tooltip, "undated": day is None,
                             "colour": STANCE_COLOURS.get(stance, "#777"), "stance": stance})
        y += height
    months: list[View] = []
    day = TIMELINE_START
    while day < TIMELINE_END:
        months.append({"x": x_of(day), "label": day.strftime("%b %Y")})
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return {"width": width, "height": y + 20, "rows": rows_view, "dots": dots, "months": months, "top": top,
            "left": left, "right_edge": width - right, "undated_x": width - right / 2,
            "legend": [{"stance": s, "colour": c} for s, c in STANCE_COLOURS.items()],
            "count": len(dots), "undated": sum(d["undated"] for d in dots)}


@router.get("/timeline")
async def timeline(request: Request) -> Response:
    query = (QUERIES_DIR / "timeline.rq").read_text(encoding="utf-8")
    found = await rows(request, query, default_graph=DEFAULT_GRAPH_IRIS)
    if isinstance(found, Response):
        return found
    answered = await rows(request, "SELECT ?response ?answered WHERE { ?response kg:respondsTo ?answered }",
                          default_graph=DEFAULT_GRAPH_IRIS)
    if isinstance(answered, Response):
        return answered
    model = timeline_model(found, [(_bound(r, "response"), _bound(r, "answered")) for r in answered])
    svg = templates.get_template("timeline.svg").render(**model)
    if request.query_params.get("format") == "svg" or "image/svg+xml" in request.headers.get("accept", "").split(
            ",")[0]:
        return Response(svg, media_type="image/svg+xml")
    return render("timeline.html", request, title="Timeline — statements on each proposition", svg=svg, **model)


# ---- the article ----

def _article_path(request: Request) -> Path | None:
    root = app_state(request).project_root
    path = root / ARTICLE if root else None
    return path if path and path.is_file() else None


@router.get("/sources/article.txt")
async def article_text(request: Request) -> Response:
    path = _article_path(request)
    if path is None:
        return error(404, "the article text is not available on this server (no project root)")
    return PlainTextResponse(path.read_text(encoding="utf-8"))


@router.get("/sources/article")
async def article(request: Request, start: int | None = None, end: int | None = None) -> Response:
    path = _article_path(request)
    if path is None:
        return error(404, "the article text is not available on this server (no project root)")
    text = path.read_text(encoding="utf-8")
    if start is not None and end is not None and 0 <= start <= end <= len(text):
        body = (html.escape(text[:start]) + '<mark id="quote">' + html.escape(text[start:end]) + "</mark>"
                + html.escape(text[end:]))
    else:
        body = html.escape(text)
    return render("article.html", request, title="The article", body=body, start=start, end=end)


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> Response:
    """Pages link the SVG icon; this answers browsers that ask for /favicon.ico anyway (a JSON or text answer)."""
    return RedirectResponse("/static/favicon.svg", status_code=308)
