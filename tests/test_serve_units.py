"""Unit tests of the endpoint's pieces: query inspection, negotiation, result writers, settings, and the real
project served through TestClient (smoke)."""

import argparse
from pathlib import Path

import pytest

from kgraph.namespaces import PREFIXES
from kgraph.serve import Settings, add_arguments
from kgraph.serve._formats import GRAPH_FORMATS, RESULT_FORMATS, negotiate, write_select
from kgraph.serve._inspect import RequestRefused, inspect
from kgraph.serve._settings import settings_from_args

P = {prefix: str(iri) for prefix, iri in PREFIXES.items()}
WIKIDATA = "https://query.wikidata.org/sparql"


def plan(query, **kwargs):
    return inspect(query, prefixes=P, allowed_services=frozenset({WIKIDATA}), **kwargs)


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "select * { service silent <http://evil.example/> { ?s ?p ?o } }",
    "SELECT * { SERVICE <\\u0068ttp://evil.example/> { ?s ?p ?o } }",
    "PREFIX e: <http://evil.example/> SELECT * { SERVICE e:x { ?s ?p ?o } }",
    "SELECT * { SERVICE ?endpoint { ?s ?p ?o } }",
    "BASE <http://evil.example/> SELECT * { SERVICE <sparql> { ?s ?p ?o } }",
    "SELECT * { { SELECT * { SERVICE <http://evil.example/> { ?s ?p ?o } } } }",
])
def test_service_outside_the_allow_list_is_refused(query):
    with pytest.raises(RequestRefused) as refused:
        plan(query)
    assert refused.value.status == 403


def test_service_words_in_strings_and_comments_are_not_services():
    found = plan('SELECT * { ?s ?p "SERVICE <http://evil.example/>" } # SERVICE <http://evil.example/>')
    assert found.services == [] and found.form == "SELECT"


def test_allowed_service_is_rewritten_by_the_map():
    found = plan(f"SELECT * {{ SERVICE <{WIKIDATA}> {{ ?s ?p ?o }} }}",
                 service_map={WIKIDATA: "http://127.0.0.1:9999/sparql"})
    assert found.services == [WIKIDATA] and "<http://127.0.0.1:9999/sparql>" in found.text


@pytest.mark.parametrize("update", ["LOAD <http://x/>", "INSERT DATA { <a:b> <a:c> <a:d> }", "CLEAR ALL",
                                    "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }", "DROP ALL"])
def test_updates_are_refused(update):
    with pytest.raises(RequestRefused) as refused:
        plan(update)
    assert refused.value.status == 403


def test_dataset_clauses_are_collected():
    found = plan("SELECT * FROM kgg:asserted FROM NAMED <https://w3id.org/kgraph/graph/inferred> { ?s ?p ?o }")
    assert found.from_graphs == ["https://w3id.org/kgraph/graph/asserted"]
    assert found.from_named_graphs == ["https://w3id.org/kgraph/graph/inferred"]


def test_negotiation():
    assert negotiate(None, RESULT_FORMATS).key == "json"
    assert negotiate("*/*", GRAPH_FORMATS).key == "turtle"
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_FORMATS).key == "xml"
    assert negotiate("image/png", RESULT_FORMATS) is None
    assert negotiate("text/html,*/*;q=0.8", GRAPH_FORMATS, extra=("text/html",)) == "text/html"
    assert negotiate("text/html", RESULT_FORMATS, format_parameter="tsv").key == "tsv"


def test_csv_and_tsv_writers():
    rows = [[("uri", "http://x/a", None, None), ("literal", 'say "hi", then', "en", None)], [None, None]]
    assert write_select(["s", "o"], rows, "csv") == b's,o\r\nhttp://x/a,"say ""hi"", then"\r\n,\r\n'
    assert write_select(["s", "o"], rows, "tsv") == b'?s\t?o\n<http://x/a>\t"say \\"hi\\", then"@en\n\t\n'


def test_settings_from_environment_and_arguments():
    env = {"PORT": "9000", "KGRAPH_TIMEOUT": "5", "KGRAPH_ALLOW_SERVICE": "http://a/sparql, http://b/sparql",
           "KGRAPH_SERVICE_MAP": f"{WIKIDATA}=http://127.0.0.1:1/sparql"}
    settings = Settings.from_env(env)
    assert (settings.port, settings.timeout, settings.host) == (9000, 5.0, "127.0.0.1")
    assert settings.allowed_services == ("http://a/sparql", "http://b/sparql")
    assert settings.service_map == {WIKIDATA: "http://127.0.0.1:1/sparql"}
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--port", "1234", "--max-rows", "7", "--allow-service", "none"])
    settings = settings_from_args(args, environ=env)
    assert (settings.port, settings.max_rows, settings.allowed_services, settings.timeout) == (1234, 7, (), 5.0)
    assert Settings().allowed_services == (WIKIDATA,) and not Settings().updates_enabled


def test_real_project_smoke(tmp_path):
    """The real data served in-process: the UI lists the project's named queries, the timeline and pages render."""
    from fastapi.testclient import TestClient

    from kgraph.build import build
    from kgraph.errors import KgraphError
    from kgraph.serve import create_app

    root = Path(__file__).resolve().parent.parent
    try:
        built = build(root, cache_dir=tmp_path, allow_invalid=True).built
    except KgraphError as error:  # the content is being written concurrently
        pytest.skip(f"the real project does not build right now: {error}")
    app = create_app(built, Settings(project_root=root, workers=1))
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        index = client.get("/", headers={"Accept": "text/html"}).text
        for query in (root / "queries").glob("*.rq"):
            assert query.stem in index
        assert client.get("/timeline").status_code == 200
        assert client.get("/kgraph/ontology", headers={"Accept": "text/html"}).status_code == 200
        people = client.get("/sparql", params={"query": "SELECT ?p WHERE { ?p a kg:Person } LIMIT 5"})
        assert people.status_code == 200
        for binding in people.json()["results"]["bindings"]:
            path = binding["p"]["value"].removeprefix("https://w3id.org")
            assert client.get(path, headers={"Accept": "text/html"}).status_code == 200
