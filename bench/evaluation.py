"""Evaluation alone, in one process: the competency queries over the served default graph given to Oxigraph as the
six named graphs it is the union of, against the same union materialised in the store's default graph (the build
writes it; README: design decisions).

    python bench/evaluation.py [--repeats 7] [--out bench/results]

Each query's canonical text (from the inspector) is evaluated and its answer written as SPARQL JSON by pyoxigraph;
the median of --repeats runs, alternating the two ways query by query, in CPU time of this process (on a shared
machine, wall-clock time measures the neighbours too) and in wall-clock time. Writes bench/results/evaluation.json.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from peers import ROOT, competency_queries

WAYS = ("six_graphs", "materialised")


def answer(store: pyoxigraph.Store, query: str, graphs) -> bytes:
    results = store.query(query, default_graph=graphs)
    if isinstance(results, pyoxigraph.QuerySolutions):
        return results.serialize(format=pyoxigraph.QueryResultsFormat.JSON)
    return bytes(str(bool(results)) if isinstance(results, pyoxigraph.QueryBoolean) else len(list(results)), "ascii")


def answer_writers(store: pyoxigraph.Store, prefixes: dict, repeats: int) -> dict:
    """A worker's whole job (evaluate and write SPARQL JSON), in CPU microseconds per query, as it was (rows as Python
    tuples, then our writer) and as it is (pyoxigraph's serialiser, rows counted in its bytes), for both mixes."""
    from peers import lookup_queries

    from kgraph.formats import write_select
    from kgraph.serve._inspect import inspect
    from kgraph.serve._messages import Job
    from kgraph.serve._worker import execute

    def before(job: Job) -> bytes:
        rows = execute(store, Job(job.query, job.prefixes, None, mode="rows"))
        return write_select(rows.variables, rows.rows, "json") if rows.form == "SELECT" else b""

    out = {}
    lookups = lookup_queries([r["s"].value for r in store.query(
        "SELECT DISTINCT ?s WHERE { ?s a ?c FILTER(STRSTARTS(STR(?s), 'https://w3id.org/kgraph/id/')) } ORDER BY ?s")])
    for mix, queries in (("competency", competency_queries(ROOT)), ("lookup", lookups)):
        jobs = [Job(inspect(q, prefixes=prefixes, services={}).text, prefixes, None) for q in queries.values()]
        spent = {"before": [], "after": []}
        for _ in range(repeats):
            for way, run in (("before", before), ("after", lambda job: execute(store, job))):
                started = time.process_time()
                for job in jobs:
                    run(job)
                spent[way].append((time.process_time() - started) / len(jobs))
        out[mix] = {way: round(statistics.median(t) * 1e6, 1) for way, t in spent.items()}
        out[mix]["queries"] = len(jobs)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", type=Path, default=BENCH / "results")
    args = parser.parse_args(argv)
    from kgraph.build import build
    from kgraph.namespaces import DEFAULT_GRAPHS, PREFIXES
    from kgraph.serve._inspect import inspect

    with tempfile.TemporaryDirectory(prefix="kgraph-evaluation-") as tmp:
        store = build(ROOT, cache_dir=Path(tmp) / "cache").built.open()
        six = [pyoxigraph.NamedNode(str(graph)) for graph in DEFAULT_GRAPHS]
        prefixes = {prefix: str(iri) for prefix, iri in PREFIXES.items()}
        rows = []
        for name, query in competency_queries(ROOT).items():
            text = inspect(query, prefixes=prefixes, services={}).text
            union, materialised = answer(store, text, six), answer(store, text, None)
            same_rows = len(json.loads(union)["results"]["bindings"]) == len(json.loads(materialised)["results"]["bindings"])
            assert same_rows, name  # the same solutions; GROUP_CONCAT's order (unspecified in SPARQL) may differ
            times = {f"{way}_{clock}": [] for way in WAYS for clock in ("cpu", "wall")}
            for _ in range(args.repeats):
                for way, graphs in (("six_graphs", six), ("materialised", None)):
                    cpu, wall = time.process_time(), time.perf_counter()
                    answer(store, text, graphs)
                    times[f"{way}_cpu"].append(time.process_time() - cpu)
                    times[f"{way}_wall"].append(time.perf_counter() - wall)
            rows.append({"query": name, "identical_bytes": union == materialised, **{key: round(statistics.median(t) * 1000, 3) for key, t in times.items()}})
        writers = answer_writers(store, prefixes, args.repeats)
    total = {key: round(sum(r[key] for r in rows), 1) for key in rows[0] if key not in ("query", "identical_bytes")}
    result = {"repeats": args.repeats, "load_average": os.getloadavg()[0], "total_ms": total,
              "ratio_cpu": round(total["six_graphs_cpu"] / total["materialised_cpu"], 1),
              "ratio_wall": round(total["six_graphs_wall"] / total["materialised_wall"], 1),
              "answer_writers": writers, "queries": rows}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "evaluation.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "queries"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
