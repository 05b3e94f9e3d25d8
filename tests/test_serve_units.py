"""Unit tests of the endpoint's pieces: query inspection, negotiation, result writers, settings, and the real
project served through TestClient (smoke)."""

import argparse
from pathlib import Path

import pytest

from kgraph.errors import UsageError
from kgraph.formats import GRAPH_FORMATS, RESULT_FORMATS, Term, write_select
from kgraph.namespaces import PREFIXES
from kgraph.serve import Settings, add_arguments
from kgraph.serve._formats import format_values, negotiate
from kgraph.serve._inspect import RequestRefused, inspect
from kgraph.serve._settings import settings_from_args

P = {prefix: str(iri) for prefix, iri in PREFIXES.items()}
WIKIDATA = "https://query.wikidata.org/sparql"


RELAYED = "http://127.0.0.1:80/service/0"


def plan(query, **kwargs):
    return inspect(query, prefixes=P, services={WIKIDATA: RELAYED}, **kwargs)


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


def test_allowed_service_is_rewritten_to_where_it_may_be_fetched():
    found = plan(f"SELECT * {{ SERVICE <{WIKIDATA}> {{ ?s ?p ?o }} }}")
    assert found.services == [WIKIDATA] and found.text == f"SELECT * {{ SERVICE <{RELAYED}> {{ ?s ?p ?o }} }}"


@pytest.mark.parametrize("query, canonical", [
    # prefixed names expanded, PREFIX and BASE dropped, comments dropped, keywords upper-cased and separated
    ("prefix x: <http://a/>\nselect * where{?s x:p ?o}# SERVICE <http://evil/>",
     "SELECT * WHERE { ?s <http://a/p> ?o }"),
    ("BASE <http://a/b/> SELECT * FROM <../g> { <c> ?p ?o }", "SELECT * FROM <http://a/g> { <http://a/b/c> ?p ?o }"),
    # escapes decoded and re-encoded with the four escapes only: no \u is left anywhere
    (r'SELECT * { ?s ?p "\u0022\U00000027" }', r'''SELECT * { ?s ?p "\"'" }'''),
    ("SELECT * { ?s ?p '''a\nb\"''' }", r'SELECT * { ?s ?p "a\nb\"" }'),
    ('SELECT * { ?s ?p "x"@en-GB , "1"^^xsd:integer , -1.5e3 }',
     'SELECT * { ?s ?p "x"@en-GB , "1" ^^ <http://www.w3.org/2001/XMLSchema#integer> , -1.5e3 }'),
])
def test_the_evaluator_gets_a_canonical_text(query, canonical):
    assert plan(query).text == canonical


@pytest.mark.parametrize("query, status, words", [
    (r'PREFIX : <http://127.0.0.1:1/x-> SELECT ?s WHERE { BIND("\u0022" AS ?a) SERVICE:x { ?s ?p ?o } }', 400,
     "prefix SERVICE: is not declared"),
    ("PREFIX : <http://127.0.0.1:1/> SELECT * FROM:x WHERE { ?s ?p ?o }", 400, "prefix FROM: is not declared"),
    (r"SELECT * WHERE { SERVICE <http://x/\uD800> { ?s ?p ?o } }", 400, "surrogate"),
    (r'SELECT * WHERE { ?s ?p "a\\u0041" }', 400, "backslash followed by 'u'"),
    ("SELECT * WHERE { <relative> ?p ?o }", 400, "needs a BASE"),
    ("SELECT * WHERE { ?s ?p ?o } LIMT 1", 400, "unknown keyword"),
    ("SELECT * WHERE " + "{" * 65 + "}" * 65, 400, "nests deeper than 64"),
    ("SELECT * WHERE { ?s ?p ?o } # " + "x" * 70000, 413, "at most 65536"),
    ("SELECT * WHERE { ?s ?p ?o } LOAD <http://x/>", 403, "read-only"),
    ("SELECT * WHERE { ?s ?p ?o @en }", 400, "must follow a string"),
])
def test_what_cannot_be_canonicalised_is_refused(query, status, words):
    with pytest.raises(RequestRefused) as refused:
        plan(query)
    assert refused.value.status == status and words in refused.value.message


def test_an_evaluator_error_position_is_given_in_the_original_text():
    found = plan("PREFIX x: <http://a/>\nSELECT *\nWHERE { ?s x:p ?o\n  ?broken }")
    column = found.text.index("?broken") + 1
    assert found.locate(f"error at 1:{column}: expected one of ...") == "error at 4:3: expected one of ..."


def test_negotiation_follows_rfc_9110():
    assert negotiate("application/sparql-results+json;q=0, */*;q=0.5", RESULT_FORMATS).key == "xml"
    assert negotiate("application/sparql-results+json;q=0", RESULT_FORMATS) is None
    assert negotiate("*/*;q=0", GRAPH_FORMATS) is None
    assert negotiate("application/json", RESULT_FORMATS).key == "json"  # an alias counts when it is named
    assert negotiate("not a type, text/csv", RESULT_FORMATS).key == "csv"  # a malformed range is ignored


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


def test_format_parameter_values_lists_and_precedence():
    assert format_values(["tsv", "text/tab-separated-values"]) == ("tsv", "text/tab-separated-values")
    assert format_values("application/ld+json, application/x-json+ld;q=0.9") == (
        "application/ld+json", "application/x-json+ld")
    assert format_values(None) == () and format_values(["", " , "]) == ()
    assert negotiate(None, GRAPH_FORMATS, ["json-ld", "application/ld+json"]).key == "jsonld"
    assert negotiate(None, GRAPH_FORMATS, "N3").key == "turtle"
    assert negotiate(None, RESULT_FORMATS, ["turtle", "csv", "xml"]).key == "csv"    # the first that is on offer
    assert negotiate("text/csv", RESULT_FORMATS, ["turtle"]).key == "csv"            # none is: Accept decides
    assert negotiate(None, RESULT_FORMATS, ["turtle"]) is None                       # ... and without it, 406
    assert negotiate("text/csv", RESULT_FORMATS, ["html"], extra=("html",)) == "html"


def test_csv_and_tsv_writers():
    rows = [[Term("uri", "http://x/a"), Term("literal", 'say "hi", then', "en")], [None, None]]
    assert write_select(["s", "o"], rows, "csv") == b's,o\r\nhttp://x/a,"say ""hi"", then"\r\n,\r\n'
    assert write_select(["s", "o"], rows, "tsv") == b'?s\t?o\n<http://x/a>\t"say \\"hi\\", then"@en\n\t\n'


def test_settings_from_environment_and_arguments(monkeypatch):
    """The command line over KGRAPH_* (and PORT) over the defaults; a bad value is one UsageError."""
    env = {"PORT": "9000", "KGRAPH_TIMEOUT": "5", "KGRAPH_ALLOW_SERVICE": "http://a/sparql, http://b/sparql",
           "KGRAPH_SERVICE_MAP": f"{WIKIDATA}=http://127.0.0.1:1/sparql", "KGRAPH_ROOT": "/srv/kgraph",
           "KGRAPH_CORS": "off", "KGRAPH_HOST": ""}
    assert Settings().allowed_services == (WIKIDATA,) and not Settings().updates_enabled
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = Settings.load()
    assert (settings.port, settings.timeout, settings.host) == (9000, 5.0, "127.0.0.1")
    assert settings.allowed_services == ("http://a/sparql", "http://b/sparql")
    assert settings.service_map == {WIKIDATA: "http://127.0.0.1:1/sparql"}
    assert settings.project_root == Path("/srv/kgraph") and settings.cors is False
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--port", "1234", "--max-rows", "7", "--allow-service", "none",
                              "--service-map", "http://x/sparql=http://127.0.0.1:2/sparql"])
    settings = settings_from_args(args)
    assert (settings.port, settings.max_rows, settings.allowed_services, settings.timeout) == (1234, 7, (), 5.0)
    assert settings.service_map == {WIKIDATA: "http://127.0.0.1:1/sparql", "http://x/sparql": "http://127.0.0.1:2/sparql"}
    monkeypatch.setenv("KGRAPH_WORKERS", "0")
    with pytest.raises(UsageError, match=r"^workers: Input should be greater than or equal to 1 \(got '0'\)$"):
        Settings.load()
    monkeypatch.setenv("KGRAPH_WORKERS", "two")
    with pytest.raises(UsageError, match=r"^workers: "):
        Settings.load()


def test_real_project_smoke(built_project, project_root):
    """The real data served in-process: the UI lists the project's named queries, the timeline and pages render."""
    from fastapi.testclient import TestClient

    from kgraph.serve import create_app

    root = project_root
    app = create_app(built_project, Settings(project_root=root, workers=1))
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


def test_a_worker_cannot_reach_the_network_even_when_handed_a_service_query_directly(tmp_path):
    """The inspector is bypassed on purpose: a job naming a recording listener goes straight to a real worker. In its
    network namespace the connection is refused, and the listener sees nothing."""
    import asyncio
    import socket
    import threading

    from kgraph.build import build
    from kgraph.serve._messages import Failure, Job
    from kgraph.serve._pool import WorkerLimits, WorkerPool

    built = build(Path(__file__).parent / "fixtures" / "serve_project", cache_dir=tmp_path).built
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    seen = []
    threading.Thread(target=lambda: seen.append(listener.accept()), daemon=True).start()

    async def attempt():
        pool = WorkerPool(lambda: str(built.store_path), 1, WorkerLimits(isolation="namespace"))
        await pool.start()
        try:
            reply = await pool.run(Job(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.getsockname()[1]}/> "
                                       "{ ?s ?p ?o } }", {}), 10)
            return reply, pool.health()
        finally:
            pool.close()

    reply, health = asyncio.run(attempt())
    listener.close()
    assert health["isolation"] == "namespace"
    assert isinstance(reply, Failure) and reply.kind == "engine" and "Connection refused" in reply.message
    assert seen == []


def test_every_project_query_answers_the_same_from_its_canonical_text(built_project, project_root):
    """The canonical text is the same query: each competency and quality query, evaluated from the text as written
    and from the inspector's canonical text, gives the same rows (federated ones are only parsed: no network)."""
    store = built_project.open()

    def rows(query, prefixes=None):
        return sorted(str(list(row)) for row in built_project.query(query, store, prefixes=prefixes))

    paths = sorted((project_root / "queries").glob("*.rq")) + sorted((project_root / "queries" / "qc").glob("*.rq"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if path.name.startswith("federated-"):
            assert plan(text).services == [WIKIDATA]
        else:
            assert rows(plan(text).text) == rows(text, P), path.name


@pytest.mark.parametrize("query", [
    "SELECT * { ?s x:a" + "." * 5000 + " ?o }",            # a prefixed name's dots: one way to read each
    "SELECT * { ?s ?p <" + "a" * 60000 + " }",             # an IRI never closed
    "SELECT * { ?s ?p '''" + "''a" * 20000 + " }",          # a long string never closed
    "SELECT * { ?s ?p \"" + "\\\\" * 30000 + " }",
])
def test_pathological_texts_are_read_in_linear_time(query):
    """The lexer's regular expression has no nested repetition that can split a run two ways (which would take
    exponential time on these): each is read, or refused, after one pass."""
    try:
        plan("PREFIX x: <http://a/> " + query)
    except RequestRefused as refused:
        assert refused.status == 400


def test_a_deleted_build_is_made_again_with_the_engines_it_was_built_with(tmp_path, mini_root):
    """The served build's reasoner and validator are part of its cache key: the rebuild uses both, so that it makes
    the same build again (same folder), not the default one."""
    import shutil

    from kgraph.build import build
    from kgraph.serve._app import ServedBuild

    built = build(mini_root, cache_dir=tmp_path, reasoner="rules", validator="rudof").built
    served = ServedBuild(built, Settings(project_root=mini_root))
    try:
        shutil.rmtree(built.store_path)
        assert served.store_path() == str(built.store_path)
        assert served.rebuilt == 1
        assert (served.dataset.manifest["reasoner"], served.dataset.manifest["validator"]) == ("rules", "rudof")
    finally:
        served.release()


def test_with_an_update_token_an_update_is_401_without_it_and_501_with_it(built_mini, mini_root):
    """Updates stay impossible (the store is a read-only build); the token only changes which refusal is given. A
    token with a character outside ASCII is a wrong token like any other, not a server error."""
    from fastapi.testclient import TestClient

    from kgraph.serve import create_app

    app = create_app(built_mini, Settings(project_root=mini_root, workers=1, update_token="s3cret"))
    update = {"update": "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"}
    with TestClient(app) as client:
        for authorization in (None, "Bearer wrong", "Basic s3cret", "Bearer s3cr\u00e9t".encode("latin-1")):
            refused = client.post("/sparql", data=update, headers={"Authorization": authorization} if authorization else {})
            assert (refused.status_code, refused.headers["www-authenticate"], refused.headers["x-kgraph-error"]) == \
                (401, "Bearer", "unauthorized"), authorization
        accepted = client.post("/sparql", data=update, headers={"Authorization": "Bearer s3cret"})
        assert accepted.status_code == 501 and accepted.headers["x-kgraph-error"] == "not-implemented"


def test_plan_cache_mb_is_a_setting_and_zero_turns_plans_off(monkeypatch):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert Settings().plan_cache_mb == 4
    assert settings_from_args(parser.parse_args(["--cache-mb", "0", "--plan-cache-mb", "0"])).plan_cache_mb == 0
    monkeypatch.setenv("KGRAPH_PLAN_CACHE_MB", "16")
    assert Settings.load().plan_cache_mb == 16
    with pytest.raises(UsageError, match=r"^plan-cache-mb: Input should be greater than or equal to 0 \(got -1\)$"):
        settings_from_args(parser.parse_args(["--plan-cache-mb", "-1"]))


def test_plans_kept_with_the_answer_cache_off_never_cross_bases_or_service_maps(built_mini, mini_root):
    """With --cache-mb 0 the plans are still kept; a repeated query gets the same answer from its kept plan, a plan
    made with the SERVICE map (the protocol's queries) is never used without it (our pages' queries), and each app
    resolves relative IRIs against its own --public-url."""
    import asyncio

    from fastapi import Request
    from fastapi.testclient import TestClient

    from kgraph.serve import create_app
    from kgraph.serve._answers import plan

    def request_to(app):
        return Request({"type": "http", "app": app, "method": "GET", "path": "/sparql", "headers": [],
                        "query_string": b""})

    relative = "SELECT (<x> AS ?i) WHERE {}"
    federated = f"SELECT * WHERE {{ SERVICE <{WIKIDATA}> {{ ?s ?p ?o }} }}"
    app = create_app(built_mini, Settings(project_root=mini_root, workers=1, cache_mb=0, public_url="http://a.example"))
    with TestClient(app) as client:
        answers = [client.get("/sparql", params={"query": relative}) for _ in range(2)]
        assert [a.status_code for a in answers] == [200, 200]
        assert [a.headers["x-kgraph-cache"] for a in answers] == ["miss", "miss"]
        assert answers[0].content == answers[1].content
        assert answers[0].json()["results"]["bindings"] == [{"i": {"type": "uri", "value": "http://a.example/x"}}]
        relayed = asyncio.run(plan(request_to(app), federated))
        assert relayed.services == [WIKIDATA] and WIKIDATA not in relayed.text
        with pytest.raises(RequestRefused) as refused:
            asyncio.run(plan(request_to(app), federated, services=False))
        assert refused.value.status == 403
    other = create_app(built_mini, Settings(project_root=mini_root, workers=1, cache_mb=0,
                                            public_url="http://b.example"))
    assert asyncio.run(plan(request_to(other), relative, services=False)).text == \
        "SELECT( <http://b.example/x> AS ?i ) WHERE { }"


def test_with_a_public_url_the_query_page_names_that_endpoint_whatever_the_host(built_mini, mini_root):
    from fastapi.testclient import TestClient

    from kgraph.serve import create_app

    app = create_app(built_mini, Settings(project_root=mini_root, workers=1, public_url="https://kg.example/"))
    with TestClient(app) as client:
        page = client.get("/", headers={"Host": "evil.example"}).text
    assert "https://kg.example/sparql" in page and "evil.example" not in page
