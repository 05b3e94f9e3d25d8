"""The answer cache: the dataset is read-only, so a repeated query is answered without a worker."""

import httpx

from tests.e2e.conftest import start_server, stop_server

QUERY = "SELECT ?s WHERE { ?s a kg:Person } ORDER BY ?s"


def test_a_repeated_query_is_a_cache_hit_with_the_same_answer(client):
    first = client.get("/sparql", params={"query": QUERY + " # cache test"})
    second = client.get("/sparql", params={"query": QUERY + " # cache test"})
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.headers["x-kgraph-cache"], second.headers["x-kgraph-cache"]) == ("miss", "hit")
    assert first.content == second.content


def test_the_format_is_part_of_the_key(client):
    client.get("/sparql", params={"query": QUERY + " # format test"})
    csv = client.get("/sparql", params={"query": QUERY + " # format test"}, headers={"Accept": "text/csv"})
    assert csv.headers["x-kgraph-cache"] == "miss" and csv.headers["content-type"].startswith("text/csv")


def test_errors_are_never_cached(client):
    for _ in range(2):
        response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
        assert response.status_code == 400 and "x-kgraph-cache" not in response.headers


def test_cache_mb_zero_turns_it_off(tmp_path):
    process, base = start_server(tmp_path, "--cache-mb", "0")
    try:
        answers = [httpx.get(f"{base}/sparql", params={"query": QUERY}, timeout=30) for _ in range(2)]
    finally:
        stop_server(process)
    assert [a.headers["x-kgraph-cache"] for a in answers] == ["miss", "miss"]
