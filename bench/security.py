"""What the security design costs (README: security model), measured in one run on this machine:

- inspection: `_inspect.inspect` on every competency query, against pyoxigraph parsing (and evaluating on an empty
  store) the same query text — the evaluator's own first step, the peer named in the ratio;
- isolation: starting a query worker in its own network namespace against starting one without, and the latency
  of an uncached query through a real `kgraph serve` with each.

Run with `python bench/security.py` (under `flock /work/bench.lock` on a shared machine); writes
bench/results/security.json and prints a table. Each number is the median of REPEATS rounds, with min-max spread.
"""

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pyoxigraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
REPEATS = 7


def spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def inspection() -> dict:
    from kgraph.namespaces import PREFIXES
    from kgraph.serve._inspect import inspect

    prefixes = {p: str(iri) for p, iri in PREFIXES.items()}
    queries = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))
               if not p.name.startswith("federated-")]
    store = pyoxigraph.Store()
    ours, theirs = [], []
    for _ in range(REPEATS):
        started = time.perf_counter()
        for _ in range(20):
            for query in queries:
                inspect(query, prefixes=prefixes, services={})
        ours.append((time.perf_counter() - started) / (20 * len(queries)))
        started = time.perf_counter()
        for _ in range(20):
            for query in queries:
                store.query(query, prefixes=prefixes)
        theirs.append((time.perf_counter() - started) / (20 * len(queries)))
    return {"queries": len(queries), "mean_chars": statistics.mean(map(len, queries)),
            "inspect_ms": spread([t * 1000 for t in ours]), "pyoxigraph_parse_ms": spread([t * 1000 for t in theirs]),
            "ratio": spread([a / b for a, b in zip(ours, theirs, strict=False)])}


def isolation(built) -> dict:
    from kgraph.serve._pool import WorkerLimits, _Worker

    result = {}
    for mode in ("namespace", "none"):
        times = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            worker = _Worker(str(built.store_path), WorkerLimits(isolation=mode))
            times.append((time.perf_counter() - started) * 1000)
            if worker.relay_socket is not None:
                worker.relay_socket.close()
            worker.kill()
        result[f"worker_start_ms_{mode}"] = spread(times)
    return result


def query_latency(tmp: Path) -> dict:
    """Uncached lookups through two real servers, one per isolation mode, alternating request by request so that
    both see the same machine load."""
    from e2e.conftest import FIXTURE_PROJECT, start_server, stop_server

    servers = {}
    for mode in ("namespace", "none"):
        (tmp / mode).mkdir(parents=True, exist_ok=True)
        servers[mode] = start_server(tmp / mode, "--cache-mb", "0", "--isolation", mode, "--client-queries", "8",
                                     project=FIXTURE_PROJECT)
    rounds = {mode: [] for mode in servers}
    try:
        clients = {mode: httpx.Client(base_url=base, timeout=30) for mode, (_, base) in servers.items()}
        for _ in range(REPEATS):
            times = {mode: [] for mode in servers}
            for number in range(100):
                for mode, http in clients.items():
                    started = time.perf_counter()
                    http.get("/sparql", params={"query": "SELECT ?o WHERE { <https://w3id.org/kgraph/id/person/"
                                                         f"nikol-pashinyan> ?p ?o }} LIMIT {number + 1}"})
                    times[mode].append((time.perf_counter() - started) * 1000)
            for mode in servers:
                rounds[mode].append(statistics.median(times[mode]))
    finally:
        for process, _ in servers.values():
            stop_server(process)
    return {**{mode: spread(values) for mode, values in rounds.items()},
            "ratio": spread([a / b for a, b in zip(rounds["namespace"], rounds["none"], strict=False)])}


def main() -> None:
    from kgraph.build import build

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        built = build(ROOT / "tests" / "fixtures" / "serve_project", cache_dir=scratch / "cache").built
        results = {"inspection": inspection(), "isolation": isolation(built),
                   "uncached_lookup_ms": query_latency(scratch / "servers")}
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "security.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
