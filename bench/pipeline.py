"""The pipeline's cost as the graph grows: time and peak memory of every stage at 10k, 100k and 1M triples.

    python bench/pipeline.py [--scales 10000,100000,1000000] [--owlrl-max 100000] [--out bench/results]

For each scale a synthetic project (bench/generate.py) is built, stage by stage, in a fresh subprocess (so that one
scale's memory does not inflate the next): parse (kgraph.load), validate (pySHACL), reason (the "rules" engine at every
scale; owlrl, the reference, only up to --owlrl-max, beyond which its time is projected from its measured rate), store
(bulk load into the on-disk pyoxigraph store) and first query (open the store read-only, answer one query). Peak memory
is the process's resident set size, sampled every 20 ms while the stage runs (it includes what earlier stages keep).
Also measured on the article graph itself: a cold `kgraph build` and a cache-hit start to first answer (`kgraph query`
as a new process), the two targets of the issue.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

STAGES = ("parse", "validate", "reason", "store", "first query")
FIRST_QUERY = ("SELECT ?statement ?agent WHERE { ?statement a <https://w3id.org/kgraph/ontology#Denial> ; "
               "<https://w3id.org/kgraph/ontology#agent> ?agent } LIMIT 10")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


class PeakRss:
    """Samples this process's resident set size in a background thread; `peak()` since the last `reset()`."""

    def __init__(self, interval: float = 0.02):
        self.interval, self._peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def rss() -> int:
        with open("/proc/self/statm") as stream:
            return int(stream.read().split()[1]) * PAGE_SIZE

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._peak = max(self._peak, self.rss())

    def reset(self) -> None:
        self._peak = self.rss()

    def peak(self) -> int:
        return max(self._peak, self.rss())

    def stop(self) -> None:
        self._stop.set()


def worker(project: Path, reasoner: str) -> dict:
    """Run every stage on `project` in this process, as `kgraph.build` runs them; return {stage: {seconds,
    peak_rss_mb}} and counts."""
    from kgraph.load import ProjectFiles, load
    from kgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES
    from kgraph.reason import reason
    from kgraph.store import BuiltDataset, write_store
    from kgraph.validate import validate

    sampler, stages, out = PeakRss(), {}, {}
    scratch = Path(tempfile.mkdtemp(prefix="kgraph-bench-"))

    def run(stage: str, function):
        sampler.reset()
        started = time.perf_counter()
        value = function()
        stages[stage] = {"seconds": round(time.perf_counter() - started, 3),
                         "peak_rss_mb": round(sampler.peak() / 2**20, 1)}
        print(json.dumps({"stage": stage, **stages[stage]}), file=sys.stderr, flush=True)  # kept if we time out
        return value

    dataset = run("parse", lambda: load(ProjectFiles.discover(project)))
    ontology, asserted = dataset.graph(GRAPH_ONTOLOGY), dataset.graph(GRAPH_ASSERTED)
    report = run("validate", lambda: validate(asserted, dataset.graph(GRAPH_SHAPES), ontology))

    reasoning = run("reason", lambda: reason(ontology, asserted, engine=reasoner,
                                             into=dataset.graph(GRAPH_INFERRED)))
    quads = run("store", lambda: write_store(dataset, scratch / "store"))
    (scratch / "manifest.json").write_text("{}")
    rows = run("first query", lambda: len(list(BuiltDataset(scratch).query(FIRST_QUERY))))
    sampler.stop()
    out.update(stages=stages, asserted=len(asserted), inferred=reasoning.inferred_count, quads=quads,
               conforms=report.conforms, violations=len(report.violations), first_query_rows=rows,
               reasoner=reasoner, total_seconds=round(sum(s["seconds"] for s in stages.values()), 3),
               peak_rss_mb=max(s["peak_rss_mb"] for s in stages.values()))
    subprocess.run(["rm", "-rf", str(scratch)], check=False)
    return out


def run_worker(project: Path, reasoner: str, timeout: float) -> dict:
    command = [sys.executable, __file__, "--worker", str(project), "--reasoner", reasoner]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as expired:
        finished = {}
        for line in (expired.stderr or b"").decode(errors="replace").splitlines():
            if line.startswith('{"stage"'):
                stage = json.loads(line)
                finished[stage.pop("stage")] = stage
        return {"error": f"not finished in {timeout:.0f} s", "reasoner": reasoner, "finished_stages": finished}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1], "reasoner": reasoner}
    return json.loads(done.stdout.strip().splitlines()[-1])


def article_targets(root: Path) -> dict:
    """Cold `kgraph build` of the article graph and a cache-hit start to first answer, each as a new process."""
    kgraph = str(Path(sys.executable).parent / "kgraph")
    results = {}
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-cache-") as cache:
        base = [kgraph, "--root", str(root), "--cache-dir", cache]
        for label, extra in (("cold build (owlrl)", []), ("cold build (rules)", ["--reasoner", "rules"])):
            if extra and not _cli_has_reasoner(kgraph):
                results[label] = {"error": "kgraph build has no --reasoner flag yet"}
                continue
            started = time.perf_counter()
            done = subprocess.run([*base, "build", *extra], capture_output=True, text=True, timeout=300)
            results[label] = {"seconds": round(time.perf_counter() - started, 3), "exit": done.returncode}
            if done.returncode:
                results[label]["error"] = (done.stderr.strip().splitlines() or ["?"])[-1]
        spreads = []
        for _ in range(3):
            started = time.perf_counter()
            done = subprocess.run([*base, "query", FIRST_QUERY, "--format", "csv"], capture_output=True, text=True,
                                  timeout=60)
            spreads.append(round(time.perf_counter() - started, 3))
        results["cache-hit start to first answer"] = {"seconds": sorted(spreads)[1], "runs": spreads,
                                                      "exit": done.returncode}
    return results


def _cli_has_reasoner(kgraph: str) -> bool:
    done = subprocess.run([kgraph, "build", "--help"], capture_output=True, text=True, check=False)
    return "--reasoner" in done.stdout


def projected_owlrl_seconds(measured: list[dict], triples: int) -> float | None:
    """owlrl's reason time at `triples`, linear in size from its largest measured run (it is ~linear here)."""
    runs = [m for m in measured if "stages" in m]
    if not runs:
        return None
    largest = max(runs, key=lambda m: m["asserted"])
    return largest["stages"]["reason"]["seconds"] * triples / largest["asserted"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--reasoner", default="rules", help=argparse.SUPPRESS)
    parser.add_argument("--scales", default="10000,100000,1000000")
    parser.add_argument("--owlrl-max", type=int, default=10000, help="largest scale at which owlrl is run")
    parser.add_argument("--timeout", type=float, default=420, help="per scale and reasoner, seconds")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--out", type=Path, default=BENCH / "results")
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.reasoner)))
        return 0

    from generate import write_project

    results = {"scales": [], "article": {}}
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-scale-") as scratch:
        for scale in (int(s) for s in args.scales.split(",")):
            project = Path(scratch) / f"scale-{scale}"
            write_project(project, scale, root=args.root)
            for reasoner in ("rules", "owlrl"):
                owlrl_runs = [r for r in results["scales"] if r.get("reasoner") == "owlrl"]
                if reasoner == "owlrl" and scale > args.owlrl_max:
                    projected = projected_owlrl_seconds(owlrl_runs, scale)
                    row = {"scale": scale, "reasoner": "owlrl", "not_run": True,
                           "projected_reason_seconds": round(projected) if projected else None}
                else:
                    print(f"scale {scale}, reasoner {reasoner}…", file=sys.stderr, flush=True)
                    row = {"scale": scale, **run_worker(project, reasoner, args.timeout)}
                results["scales"].append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
    results["article"] = article_targets(args.root)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "pipeline.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(results))
    return 0


def markdown(results: dict) -> str:
    lines = ["| triples (asserted) | reasoner | " + " | ".join(STAGES) + " | total | peak RSS |",
             "|---|---|" + "---|" * (len(STAGES) + 2)]
    for row in results["scales"]:
        if row.get("not_run"):
            projected = row.get("projected_reason_seconds")
            note = f"not run (projected reason ≈ {projected} s)" if projected else "not run"
            lines.append(f"| {row['scale']:,} | {row['reasoner']} | {note} |" + " |" * (len(STAGES) + 1))
        elif "error" in row:
            lines.append(f"| {row['scale']:,} | {row['reasoner']} | {row['error']} |" + " |" * (len(STAGES) + 1))
        else:
            cells = [f"{row['stages'][s]['seconds']:.2f} s / {row['stages'][s]['peak_rss_mb']:.0f} MB" for s in STAGES]
            lines.append(f"| {row['asserted']:,} | {row['reasoner']} | " + " | ".join(cells)
                         + f" | {row['total_seconds']:.1f} s | {row['peak_rss_mb']:.0f} MB |")
    lines.append("")
    lines.append("Each stage cell: time / peak resident memory of the process while the stage runs.")
    if results.get("article"):
        lines += ["", "| article graph | seconds |", "|---|---|"]
        for label, value in results["article"].items():
            lines.append(f"| {label} | {value.get('seconds', '-')} {value.get('error', '')} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
