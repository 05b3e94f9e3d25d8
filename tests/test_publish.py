"""`kgraph publish` against a real Oxigraph server: graphs replaced, never duplicated, and verified."""

import httpx
import pyoxigraph
import pytest

from kgraph.export import EXPORTED_GRAPHS
from kgraph.publish import PublishError, publish

from conftest import free_port, oxigraph_server


@pytest.fixture
def oxigraph(tmp_path):
    with oxigraph_server(tmp_path / "store") as base:
        yield base


def _counts(built):
    store = built.open()
    return {str(g): len(list(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(g)))))
            for g in EXPORTED_GRAPHS}


def test_publish_sends_every_graph_and_verifies_the_counts(built_mini, oxigraph):
    published = publish(built_mini, f"{oxigraph}/store")
    assert {g.remote: g.verified for g in published} == _counts(built_mini)
    assert all(g.triples == g.verified for g in published)


def test_publishing_twice_replaces_and_never_duplicates(built_mini, oxigraph):
    publish(built_mini, f"{oxigraph}/store")
    again = publish(built_mini, f"{oxigraph}/store")
    assert {g.remote: g.verified for g in again} == _counts(built_mini)
    total = httpx.post(f"{oxigraph}/query", data={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
                       headers={"Accept": "application/sparql-results+json"}).json()
    assert int(total["results"]["bindings"][0]["n"]["value"]) == sum(_counts(built_mini).values())


def test_graph_prefix_renames_the_remote_graphs(built_mini, oxigraph):
    published = publish(built_mini, f"{oxigraph}/store", graph_prefix="http://example.org/kgraph/")
    assert sorted(g.remote for g in published) == sorted(
        f"http://example.org/kgraph/{name}" for name in ("alignments", "asserted", "inferred", "interpretations",
                                                         "interpretations-inferred", "ontology", "outside",
                                                         "outside-inferred", "shapes"))


def test_an_unreachable_store_is_one_clear_error(built_mini):
    closed = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(PublishError, match=r"^cannot reach the store at http://127\.0\.0\.1:\d+/store"):
        publish(built_mini, closed)


def test_a_store_url_without_a_known_query_endpoint_asks_for_one(built_mini):
    with pytest.raises(PublishError, match="give it with --sparql"):
        publish(built_mini, "http://127.0.0.1:9/graph-store")
