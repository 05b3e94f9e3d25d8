"""Measure the endpoint (the numbers quoted in the README): `python tests/e2e/measure_latency.py [PROJECT_ROOT]`.

Starts `kgraph serve` on a loopback port, then reports min/median/max of: a simple SELECT over HTTP (keep-alive),
a resource page, and one vs two concurrent heavy queries with 2 workers."""

import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from stores import FIXTURE_PROJECT, start_server, stop_server

SIMPLE = "SELECT ?p ?o WHERE { <https://w3id.org/kgraph/id/person/nikol-pashinyan> ?p ?o }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(CONTAINS(STR(?c), STR(?f))) }"


def stats(samples):
    return f"min {min(samples)*1000:.1f} ms, median {statistics.median(samples)*1000:.1f} ms, max {max(samples)*1000:.1f} ms"


def main():
    project = Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURE_PROJECT
    with tempfile.TemporaryDirectory() as tmp:
        process, base = start_server(Path(tmp), "--timeout", "120", "--workers", "2",
                                     *(["--allow-invalid"] if project != FIXTURE_PROJECT else []), project=project)
        try:
            with httpx.Client(base_url=base, timeout=120) as http:
                triples = http.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).json()
                print("triples in the default graph:", triples["results"]["bindings"][0]["n"]["value"])
                for run in range(3):
                    samples = []
                    for _ in range(200):
                        started = time.perf_counter()
                        assert http.get("/sparql", params={"query": SIMPLE}).status_code == 200
                        samples.append(time.perf_counter() - started)
                    print(f"run {run + 1}: simple SELECT over HTTP: {stats(samples)}")
                pages = []
                for _ in range(50):
                    started = time.perf_counter()
                    http.get("/kgraph/id/person/nikol-pashinyan", headers={"Accept": "text/html"})
                    pages.append(time.perf_counter() - started)
                print(f"resource page (HTML): {stats(pages)}")
                health = []
                for _ in range(50):
                    started = time.perf_counter()
                    http.get("/health")
                    health.append(time.perf_counter() - started)
                print(f"/health: {stats(health)}")

            def heavy(_):
                started = time.perf_counter()
                response = httpx.get(base + "/sparql", params={"query": HEAVY}, timeout=120)
                assert response.status_code == 200, response.text
                return time.perf_counter() - started

            singles = [heavy(0) for _ in range(3)]
            print(f"one heavy query alone: {stats(singles)}")
            pairs = []
            for _ in range(3):
                started = time.perf_counter()
                with ThreadPoolExecutor(2) as pool:
                    list(pool.map(heavy, range(2)))
                pairs.append(time.perf_counter() - started)
            print(f"two heavy queries at once (2 workers), wall time: {stats(pairs)}")
        finally:
            stop_server(process)


if __name__ == "__main__":
    main()
