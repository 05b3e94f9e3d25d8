"""A grammar-based fuzzer for SERVICE, FROM and FROM NAMED in every spelling the SPARQL grammar (or a confused
parser) admits: escapes in IRIs, strings and keywords, comments, case, glued tokens, prefixed names whose prefix is
a keyword, BASE and relative IRIs, nested groups. Every query goes to a real `kgraph serve` whose only allowed
SERVICE endpoint is an allow-listed stand-in; a recording listener (answering like a SPARQL endpoint) is the target
of everything else, and must see no connection at all.

`make test` runs `KGRAPH_FUZZ_EXAMPLES` (default 100) examples; `make fuzz` runs many more.
"""

import os

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import start_server, stop_server

ALLOWED = "http://allowed.example/sparql"
EXAMPLES = int(os.environ.get("KGRAPH_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory, wikidata_standin):
    process, base = start_server(tmp_path_factory.mktemp("fuzz"), "--allow-service", ALLOWED, "--service-map",
                                 f"{ALLOWED}={wikidata_standin[0]}", "--timeout", "5", "--client-queries", "8")
    yield base
    stop_server(process)


def escaped(text: str, draw) -> str:
    """Some characters of `text` written as \\u or \\U escapes."""
    out = []
    for character in text:
        choice = draw(st.integers(0, 5))
        out.append(f"\\u{ord(character):04X}" if choice == 0 else f"\\U{ord(character):08x}" if choice == 1
                   else character)
    return "".join(out)


def cased(word: str, draw) -> str:
    return "".join(c.upper() if draw(st.booleans()) else c.lower() for c in word)


SEPARATORS = st.sampled_from(["", " ", "\n", "\t", " # SERVICE <http://127.0.0.1:1/> \n", "#c\n", "  "])
DECOYS = st.sampled_from(['BIND("\\u0022" AS ?a)', "BIND('\\u0027' AS ?b)", 'BIND("\\U00000022" AS ?c)',
                          'BIND("""SERVICE <TARGET> { }""" AS ?d)', "# SERVICE <TARGET> {\n", "", "?s ?p ?o .",
                          'FILTER(?o != "SERVICE")', "OPTIONAL { ?s ?p ?o }"])


@st.composite
def iri_spelling(draw, iri: str) -> tuple[str, str]:
    """(prologue, term) naming `iri`: full, escaped, prefixed (the prefix possibly a keyword) or relative."""
    kind = draw(st.sampled_from(["full", "escaped", "prefixed", "relative"]))
    if kind == "full":
        return "", f"<{iri}>"
    if kind == "escaped":
        return "", f"<{escaped(iri, draw)}>"
    cut = draw(st.integers(iri.index("//") + 2, len(iri) - 1))
    namespace, local = iri[:cut], iri[cut:]
    if kind == "relative":
        return f"BASE <{escaped(namespace, draw)}> ", f"<{local}>"
    prefix = draw(st.sampled_from(["", "s", "SERVICE", "FROM", "service", "x1", "NAMED"]))
    if not all(c.isalnum() or c in "_-" for c in local) or local[0] == "-":
        return f"PREFIX {prefix}: <{escaped(iri, draw)}> ", f"{prefix}:"
    return f"PREFIX {prefix}: <{escaped(namespace, draw)}> ", f"{prefix}:{local}"


@st.composite
def hostile_query(draw, evil: str) -> str:
    target = draw(st.sampled_from([ALLOWED, evil]))
    prologue, term = draw(iri_spelling(target))
    decoy = draw(DECOYS).replace("TARGET", evil)
    separator = draw(SEPARATORS)
    where = draw(st.sampled_from(["WHERE ", "where", ""]))
    if draw(st.booleans()):
        keyword = cased("SERVICE", draw) + (" " + cased("SILENT", draw) if draw(st.booleans()) else "")
        if draw(st.integers(0, 9)) == 0:
            keyword = escaped(keyword, draw)  # not SPARQL: must never become a SERVICE anywhere
        pattern = f"{keyword}{separator}{term}{draw(SEPARATORS)}{{ ?s ?p ?o }}"
        for _ in range(draw(st.integers(0, 3))):
            pattern = draw(st.sampled_from(["{{ {} }}", "OPTIONAL {{ {} }}", "{{ {} }} UNION {{ ?s ?p ?o }}",
                                            "{{ SELECT * {{ {} }} }}"])).format(pattern)
        return f"{prologue}SELECT ?s {where}{{ {decoy} {pattern} {decoy} }}"
    clause = cased("FROM", draw) + (" " + cased("NAMED", draw) if draw(st.booleans()) else "")
    return f"{prologue}SELECT * {clause}{separator}{term} {where}{{ {decoy} ?s ?p ?o }}"


@FUZZ
@given(data=st.data())
def test_no_spelling_of_service_or_from_reaches_anything_but_the_allowed_endpoint(fuzz_server, listener, data):
    query = data.draw(hostile_query(f"http://127.0.0.1:{listener.port}/x"))
    how = data.draw(st.sampled_from(["get", "form", "body"]))
    if how == "get":
        response = httpx.get(fuzz_server + "/sparql", params={"query": query}, timeout=30)
    elif how == "form":
        response = httpx.post(fuzz_server + "/sparql", data={"query": query}, timeout=30)
    else:
        response = httpx.post(fuzz_server + "/sparql", content=query.encode(), timeout=30,
                              headers={"Content-Type": "application/sparql-query"})
    assert response.status_code < 500, (query, response.status_code, response.text)
    assert "leaked.example" not in response.text and "Traceback" not in response.text
    assert listener.connections == [], query
