"""The W3C SPARQL 1.1 Protocol test suite (tests/w3c/protocol/, from w3c/rdf-tests), read from its manifest and run
against a real `kgraph serve` whose data puts the suite's one-triple files in their own named graphs (N-Quads: a data
file's graph names are kept). Every test passes except the seven that update the store, which kgraph refuses by
design (read-only): those must get a 4xx."""

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import httpx
import pytest
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection

from tests.e2e.conftest import start_server, stop_server

SUITE = Path(__file__).parent.parent / "w3c" / "protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
TABULAR_TYPES = (*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
RDF_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")
# The tests that change the store and expect it to succeed: refused (403), as a read-only endpoint must.
UPDATES = {"update_dataset_default_graph", "update_dataset_default_graphs", "update_dataset_named_graphs",
           "update_dataset_full", "update_post_form", "update_post_direct", "update_base_uri"}

MANIFEST = Graph().parse(SUITE / "manifest.ttl", format="turtle", publicID="http://www.w3.org/2009/sparql/docs/tests/"
                         "data-sparql11/protocol/manifest.ttl")
[_manifest] = MANIFEST.subjects(RDF.type, MF.Manifest)
ENTRIES = list(Collection(MANIFEST, MANIFEST.value(_manifest, MF.entries)))


def _name(test) -> str:
    return str(test).rsplit("#", 1)[1]


def _requests(test) -> list[dict]:
    action = MANIFEST.value(test, MF.action)
    found = []
    for request in Collection(MANIFEST, MANIFEST.value(action, HT.requests)):
        body = MANIFEST.value(request, HT.body)
        headers = {}
        headers_list = MANIFEST.value(request, HT.headers)
        for header in (Collection(MANIFEST, headers_list) if headers_list is not None else ()):
            headers[str(MANIFEST.value(header, HT.fieldName))] = str(MANIFEST.value(header, HT.fieldValue))
        response = MANIFEST.value(request, HT.resp)
        boolean = MANIFEST.value(response, MF.expectedBoolean)
        found.append({
            "method": str(MANIFEST.value(request, HT.methodName)),
            "path": str(MANIFEST.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
            "body": None if body is None else str(MANIFEST.value(body, CNT.chars)).encode(
                str(MANIFEST.value(body, CNT.characterEncoding) or "UTF-8")),
            "headers": headers,
            "statuses": {str(s).removeprefix(HTS) for s in MANIFEST.objects(response, MF.expectedStatus)},
            "format": str(MANIFEST.value(response, MF.expectedFormat) or "") or None,
            "boolean": None if boolean is None else boolean.toPython(),
        })
    return found


def _graph_data() -> set[tuple[str, str]]:
    """(file, graph name) for every `ut:graphData` of the manifest."""
    return {(str(MANIFEST.value(node, UT.graph)).rsplit("/", 1)[1], str(MANIFEST.value(node, RDFS.label)))
            for node in MANIFEST.objects(None, UT.graphData)}


@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory):
    """A project whose only data is the suite's files, each in the named graph the manifest gives it."""
    project = tmp_path_factory.mktemp("w3c-project")
    (project / "data").mkdir()
    quads = []
    for file, graph in sorted(_graph_data()):
        for line in (SUITE / file).read_text().splitlines():
            if line.strip():
                quads.append(line.rstrip().removesuffix(".").rstrip() + f" <{graph}> .")
    (project / "data" / "w3c-protocol.nq").write_text("\n".join(quads) + "\n")
    process, base = start_server(tmp_path_factory.mktemp("w3c-serve"), "--workers", "1", project=project)
    yield base
    stop_server(process)


def _boolean(response: httpx.Response) -> bool:
    media_type = response.headers["content-type"].split(";")[0]
    if media_type == "application/sparql-results+json":
        return json.loads(response.text)["boolean"]
    root = ElementTree.fromstring(response.content)
    return root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


def test_the_manifest_has_34_tests_and_7_updates():
    assert len(ENTRIES) == 34 and {_name(test) for test in ENTRIES} >= UPDATES
    assert _graph_data() == {(f"data{n}.nt", f"http://kasei.us/2009/09/sparql/data/data{n}.rdf") for n in (1, 2, 3)}


@pytest.mark.parametrize("test", ENTRIES, ids=_name)
def test_w3c_protocol(w3c_server, test):
    requests = _requests(test)
    with httpx.Client(base_url=w3c_server, timeout=30) as client:
        for request in requests:
            response = client.request(request["method"], request["path"], content=request["body"],
                                      headers=request["headers"])
            assert "traceback" not in response.text.lower()
            if _name(test) in UPDATES:  # read-only by design: the first request, an update, is refused
                assert response.status_code == 403 and response.headers["x-kgraph-error"] == "update"
                return
            status_class = f"{response.status_code // 100}xx"
            assert status_class in request["statuses"], (response.status_code, response.text)
            if status_class == "4xx":
                assert response.headers["x-kgraph-error"]
            media_type = response.headers.get("content-type", "").split(";")[0]
            if request["format"] == "boolean":
                assert media_type in BOOLEAN_TYPES
            elif request["format"] == "tabular":
                assert media_type in TABULAR_TYPES
            elif request["format"] == "RDF":
                assert media_type in RDF_TYPES
                Graph().parse(data=response.text, format={"text/turtle": "turtle", "application/n-triples": "nt",
                                                          "application/rdf+xml": "xml",
                                                          "application/ld+json": "json-ld"}[media_type])
            if request["boolean"] is not None:
                assert _boolean(response) is request["boolean"]


def test_unknown_graphs_are_empty_and_never_fetched(client, listener):
    """An unknown graph IRI (even one that answers, on this machine) is an empty graph: never dereferenced."""
    target = f"http://127.0.0.1:{listener.port}/graph"
    asked = [({"query": "ASK { ?s ?p ?o }", "default-graph-uri": target}, False),
             ({"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": target}, False),
             ({"query": f"ASK FROM <{target}> {{ ?s ?p ?o }}"}, False),
             ({"query": f"ASK FROM NAMED <{target}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"}, False),
             ({"query": "ASK {}", "default-graph-uri": target}, True)]
    for params, expected in asked:
        response = client.get("/sparql", params=params)
        assert response.status_code == 200 and response.json()["boolean"] is expected, params
    assert listener.connections == []


def test_the_source_graphs_are_in_the_default_graph(w3c_server):
    """Without a dataset in the request, the default graph includes the data's source graphs."""
    query = ("ASK { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type . "
             "<http://kasei.us/2009/09/sparql/data/data3.rdf> a ?type }")
    response = httpx.get(w3c_server + "/sparql", params={"query": query})
    assert response.status_code == 200 and response.json()["boolean"] is True
