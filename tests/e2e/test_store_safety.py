"""The stores' own safety settings, asserted on the real servers as the README sets them: each store stops a query at
its own time limit; Virtuoso, locked down by deploy/virtuoso-lockdown.sql, fetches nothing a query names; Oxigraph's
server has no such switch and follows SERVICE to any host, so it must stay behind `kgraph serve --store`.

A recording TCP listener on 127.0.0.1 stands for any host a query could name; it counts the connections made to it."""

import time

import httpx
import pytest
from conftest import ROOT, STORE_QUERY_SECONDS, VIRTUOSO_LOCKDOWN  # tests/conftest.py

from kgraph.publish import publish
from kgraph.store import DEFAULT_GRAPHS
from tests.e2e.conftest import start_server, stop_server

pytestmark = pytest.mark.stores
CUBED = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # over the default graph: thousands cubed


def _post(url: str, query: str, timeout: float = 60, params=None) -> httpx.Response:
    return httpx.post(url, params=params, data={"query": query}, timeout=timeout,
                      headers={"Accept": "application/sparql-results+json"})


def _connections_after(listener, before: int, wait: float = 3.0) -> int:
    """Connections the listener saw since `before`, after giving a late one `wait` seconds to arrive."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and len(listener.connections) == before:
        time.sleep(0.1)
    return len(listener.connections) - before


@pytest.fixture(scope="module")
def published(store, built_project):
    publish(built_project, store.graph_store, sparql_url=store.sparql, auth=store.auth)
    return store


def test_each_store_stops_a_query_at_its_own_time_limit(published):
    """Oxigraph (`--timeout-s 5`) cuts its 200 answer short with a message; Virtuoso (`MaxQueryExecutionTime = 5`)
    answers 500 SR171. Either way the store stopped the work itself (within the client's generous 100 s);
    `kgraph serve --store` turns both into a 422 (tests/e2e/test_store_mode.py)."""
    response = _post(published.sparql, CUBED, timeout=STORE_QUERY_SECONDS * 20,
                     params=[("default-graph-uri", str(g)) for g in DEFAULT_GRAPHS])
    if published.name == "oxigraph":
        assert response.status_code == 200
        assert response.text.endswith("The SPARQL operation has been cancelled")
    else:
        assert response.status_code == 500
        assert response.text.startswith("Virtuoso S1T00 Error SR171: Transaction timed out")


def _reaching_out(listener) -> dict[str, str]:
    target = f"http://127.0.0.1:{listener.port}"
    return {
        "SERVICE": f"SELECT * WHERE {{ SERVICE <{target}/sparql> {{ ?s ?p ?o }} }}",
        "sponge": f'define get:soft "replace" SELECT * FROM <{target}/data.ttl> WHERE {{ ?s ?p ?o }}',
        "LOAD": f"LOAD <{target}/data.ttl>",
    }


def test_virtuoso_fetches_nothing_once_locked_down(virtuoso, listener):
    """Opened up as a careless installation might be, Virtuoso follows SERVICE and sponges FROM IRIs; after
    deploy/virtuoso-lockdown.sql (the README's command) the same queries are refused and nothing connects."""
    virtuoso.sql('GRANT "SPARQL_SPONGE" TO "SPARQL"; GRANT SELECT ON DB.DBA.SPARQL_SINV_2 TO "SPARQL"; '
                 'GRANT EXECUTE ON DB.DBA.SPARQL_SINV_IMP TO "SPARQL";')
    try:
        for name in ("SERVICE", "sponge"):
            before = len(listener.connections)
            _post(virtuoso.sparql, _reaching_out(listener)[name])
            assert _connections_after(listener, before) >= 1, f"{name} did not reach out while granted"
    finally:
        virtuoso.sql_file(VIRTUOSO_LOCKDOWN)
    before = len(listener.connections)
    for name, query in _reaching_out(listener).items():
        response = _post(virtuoso.sparql, query)
        assert response.status_code == 500 and "SECURITY" in response.text, name
    assert _connections_after(listener, before) == 0


def test_oxigraph_follows_service_itself_so_only_the_front_may_face_users(oxigraph_store, built_project, listener,
                                                                         tmp_path):
    """`oxigraph serve` has no switch to refuse SERVICE: asked directly, it connects to any host. Through
    `kgraph serve --store`, the same query is refused (403) before the store sees it."""
    query = _reaching_out(listener)["SERVICE"]
    before = len(listener.connections)
    _post(oxigraph_store.sparql, query)
    assert _connections_after(listener, before) == 1
    publish(built_project, oxigraph_store.graph_store, sparql_url=oxigraph_store.sparql)
    process, front = start_server(tmp_path, "--store", oxigraph_store.sparql, project=ROOT,
                                  cache=built_project.directory.parent)
    try:
        before = len(listener.connections)
        refused = httpx.get(f"{front}/sparql", params={"query": query}, timeout=30)
        assert refused.status_code == 403
        assert _connections_after(listener, before) == 0
    finally:
        stop_server(process)
