"""The federated queries through the endpoint: SERVICE to Wikidata is on the allow-list, and --service-map sends it
to a real local SPARQL server holding the recorded Wikidata extract. The endpoint must answer exactly what the same
query answers when evaluated directly against the stand-in."""

import httpx
import pytest
from conftest import ROOT
from test_link import _run_federated

from tests.e2e.conftest import WIKIDATA, start_server, stop_server

FEDERATED = sorted(p.name for p in (ROOT / "queries").glob("federated-*.rq"))


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory, wikidata_stand_in, built_project):
    process, base = start_server(tmp_path_factory.mktemp("federated"), "--service-map",
                                 f"{WIKIDATA}={wikidata_stand_in}", project=ROOT,
                                 cache=built_project.directory.parent)
    yield base
    stop_server(process)


@pytest.mark.parametrize("name", FEDERATED)
def test_federated_query_answers_through_the_allow_list(endpoint, wikidata_stand_in, name):
    response = httpx.post(f"{endpoint}/sparql", data={"query": (ROOT / "queries" / name).read_text(encoding="utf-8")},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text
    document = response.json()
    rows = [{v: b[v]["value"] if v in b else None for v in document["head"]["vars"]}
            for b in document["results"]["bindings"]]
    expected = _run_federated(name, wikidata_stand_in)
    assert rows and rows == expected


def test_without_the_allow_list_the_same_query_is_refused(tmp_path, built_project):
    process, base = start_server(tmp_path, "--allow-service", "none", project=ROOT,
                                 cache=built_project.directory.parent)
    try:
        response = httpx.post(f"{base}/sparql", timeout=30,
                              data={"query": (ROOT / "queries" / FEDERATED[0]).read_text(encoding="utf-8")})
    finally:
        stop_server(process)
    assert response.status_code == 403
