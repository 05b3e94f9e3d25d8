"""Retired identifiers (`data/retired.ttl`): an IRI of an earlier version that no longer names a resource is answered
301 to its replacement's page when exactly one resource replaced it, else 410 Gone with what happened to it."""

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from kgraph.formats import Format
from kgraph.serve._answers import ERROR_HEADER, rdf_of, rows
from kgraph.serve._views import href, render


async def retired_answer(request: Request, iri: str, subject: str, chosen: Format | str) -> Response | None:
    """None when `iri` is not retired; otherwise the redirect, or the 410 page (HTML) or description (RDF)."""
    found = await rows(request, f"""SELECT ?replacement ?note ?label WHERE {{ {subject} owl:deprecated true .
        OPTIONAL {{ {subject} dcterms:isReplacedBy ?replacement }} OPTIONAL {{ {subject} skos:historyNote ?note }}
        OPTIONAL {{ {subject} rdfs:label ?label }} }}""")
    if isinstance(found, Response):
        return found
    if not found:
        return None
    replacements = sorted({replacement.text for row in found if (replacement := row.get("replacement"))})
    if len(replacements) == 1:
        target = href(replacements[0])
        suffix = "?" + request.url.query if request.url.query else ""
        return RedirectResponse(target + suffix, status_code=301, headers={"Vary": "Accept"})
    headers = {ERROR_HEADER: "retired", "Cache-Control": "no-store"}
    if isinstance(chosen, str):  # "html"
        label, note = found[0].get("label"), found[0].get("note")
        page = render("retired.html", request, status=410, title="Retired identifier", iri=iri,
                      label=label.text if label else None, note=note.text if note else None,
                      replacements=[{"iri": r, "href": href(r)} for r in replacements])
        page.headers.update(headers)
        return page
    described = await rdf_of(request, f"CONSTRUCT {{ {subject} ?p ?o }} WHERE {{ {subject} ?p ?o }}", chosen)
    described.status_code = 410
    described.headers.update(headers)
    return described
