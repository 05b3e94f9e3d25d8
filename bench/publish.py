"""Publish benchmark: `kgraph publish` of a synthetic graph to each tested store, against that store's own bulk loader
of the same triples (the named peer), all on this machine.

    python bench/publish.py [--triples 1000000] [--repeats 3] [--stores oxigraph,virtuoso] --out bench/results

The graph is bench/generate.py's synthetic data (about --triples triples), loaded as it is into the asserted graph of a
built store (no validation or reasoning: what is timed is publishing). Each repeat starts a store with a new database
and publishes into it (`first`), then publishes again over the same graphs (`replace`), with the default chunk size;
`kgraph publish` checks the counts at the end of each. The peer loads the same N-Triples file into a new database with
the store's own bulk path: `oxigraph load`, and Virtuoso's `ld_dir` + `rdf_loader_run()`. Writes publish.json.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "tests"))

from generate import generate
from stores import (
    OXIGRAPH,
    VIRTUOSO_NEW_DATABASE_PASSWORD,
    VIRTUOSO_USER,
    ServerUnavailable,
    oxigraph_server,
    virtuoso_server,
)

from kgraph.namespaces import GRAPH_ASSERTED
from kgraph.publish import ChallengedAuth, publish
from kgraph.store import BuiltDataset

VIRTUOSO_BUFFERS = 120_000  # 8 KB pages: about 1 GB of page cache, Virtuoso's advice for a 2-4 GB machine share


def synthetic_build(scratch: Path, triples: int) -> tuple[BuiltDataset, Path, int]:
    """A built dataset whose asserted graph is the synthetic graph; also the N-Triples file the peers load."""
    nt = scratch / "synthetic.nt"
    nt.write_text("".join(generate(triples)), encoding="utf-8")
    directory = scratch / "built"
    directory.mkdir()
    store = pyoxigraph.Store(str(directory / "store"))
    store.bulk_load(path=str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=pyoxigraph.NamedNode(str(GRAPH_ASSERTED)))
    store.flush()
    count = len(store)
    del store
    (directory / "manifest.json").write_text(json.dumps({"synthetic_triples": count}), encoding="utf-8")
    return BuiltDataset(directory), nt, count


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def publish_runs(name: str, built: BuiltDataset, scratch: Path, repeats: int) -> dict:
    first, replace = [], []
    for run in range(repeats):
        with _store(name, scratch / f"{name}-publish-{run}") as (graph_store, sparql, auth):
            def once():
                published = publish(built, graph_store, sparql_url=sparql, auth=auth)
                assert all(g.triples == g.verified for g in published)
            first.append(timed(once))
            replace.append(timed(once))
    return {"first": first, "replace": replace}


def bulk_runs(name: str, nt: Path, scratch: Path, repeats: int) -> list[float]:
    seconds = []
    for run in range(repeats):
        location = scratch / f"{name}-bulk-{run}"
        if name == "oxigraph":
            seconds.append(timed(lambda location=location: subprocess.run(
                [str(OXIGRAPH), "load", "--location", str(location), "--file", str(nt), "--graph",
                 str(GRAPH_ASSERTED)], check=True, capture_output=True, timeout=3600)))
            continue
        with virtuoso_server(location, buffers=VIRTUOSO_BUFFERS) as virtuoso:
            (location / nt.name).symlink_to(nt)
            seconds.append(timed(lambda location=location, virtuoso=virtuoso: virtuoso.sql(
                f"ld_dir('{location}', '{nt.name}', '{GRAPH_ASSERTED}'); rdf_loader_run();")))
    return seconds


class _store:
    """(graph store URL, SPARQL URL, auth) of a new store with an empty database."""

    def __init__(self, name: str, location: Path):
        self.name, self.location = name, location

    def __enter__(self):
        if self.name == "oxigraph":
            self._context = oxigraph_server(self.location)
            base = self._context.__enter__()
            return f"{base}/store", f"{base}/query", None
        self._context = virtuoso_server(self.location, buffers=VIRTUOSO_BUFFERS)
        virtuoso = self._context.__enter__()
        return virtuoso.graph_store, virtuoso.sparql, ChallengedAuth(VIRTUOSO_USER, VIRTUOSO_NEW_DATABASE_PASSWORD)

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)


def summary(seconds: list[float], triples: int) -> dict:
    median = statistics.median(seconds)
    return {"runs_s": [round(s, 2) for s in seconds], "median_s": round(median, 2), "min_s": round(min(seconds), 2),
            "max_s": round(max(seconds), 2), "triples_per_s": round(triples / median)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--stores", default="oxigraph,virtuoso")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    results = {"repeats": args.repeats, "stores": {}}
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-publish-") as scratch_name:
        scratch = Path(scratch_name)
        built, nt, count = synthetic_build(scratch, args.triples)
        results["triples"] = count
        for name in args.stores.split(","):
            print(f"publish benchmark: {name}, {count} triples, {args.repeats} runs", file=sys.stderr, flush=True)
            try:
                runs = publish_runs(name, built, scratch, args.repeats)
                bulk = bulk_runs(name, nt, scratch, args.repeats)
            except ServerUnavailable as missing:  # e.g. `make bench` where .ci/run's apt packages are not installed
                results["stores"][name] = {"unavailable": str(missing)}
                continue
            results["stores"][name] = {"first": summary(runs["first"], count),
                                       "replace": summary(runs["replace"], count),
                                       "bulk_loader": summary(bulk, count)}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "publish.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(markdown(results))
    return 0


def markdown(results: dict) -> str:
    lines = [f"`kgraph publish` of {results['triples']:,} synthetic triples (chunks of 100 000, counts checked), "
             f"{results['repeats']} runs each, median (min-max); the peer is the store's own bulk loader of the same "
             f"triples into a new database.", "",
             "| store | publish into a new database | publish again (replace) | store's bulk loader | "
             "publish / bulk loader |", "|---|---|---|---|---|"]

    def cell(s: dict) -> str:
        return f"{s['median_s']:.1f} s ({s['min_s']:.1f}-{s['max_s']:.1f}), {s['triples_per_s']:,}/s"

    for name, data in results["stores"].items():
        if "unavailable" in data:
            lines.append(f"| {name} | not measured: {data['unavailable']} | | | |")
            continue
        lines.append(f"| {name} | {cell(data['first'])} | {cell(data['replace'])} | {cell(data['bulk_loader'])} | "
                     f"{data['first']['median_s'] / data['bulk_loader']['median_s']:.1f}x |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
