"""The pipeline's cost as the graph grows: time and peak memory of every stage, from 10k to 10M triples.

    python bench/pipeline.py [--scales 10000,100000,1000000] [--owlrl-max 10000] [--rudof-max 100000] [--out DIR]

For each scale a synthetic project (bench/generate.py) is built, stage by stage as `kgraph.build` runs them, in a fresh
subprocess (so that one scale's memory does not inflate the next): load (parse into the on-disk store), validate
(pySHACL, the reference; rudof, side by side, up to --rudof-max), reason (the "rules" engine at every scale; owlrl, the
reference, only up to --owlrl-max, beyond which its time is projected from its measured rate), store (flush and
compact the store) and first query (open the store read-only, answer one query). Peak memory is the process's
resident set size, sampled every 20 ms while the stage runs (it includes what earlier stages keep); a run whose
resident set passes --rss-cap-mb is stopped (the machine is shared) and reported as such. Each stage also records the
CPU time of the process (all threads), which other load on the machine disturbs less than the wall-clock time, and
each run the machine's one-minute load average at its start and end (the noise: 2 CPUs, shared).
Also measured on the article graph itself: a cold `kgraph build` and a cache-hit start to first answer (`kgraph query`
as a new process), the two targets of the issue.
"""

import argparse
import functools
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

STAGES = ("load", "validate", "reason", "store", "first query")
FIRST_QUERY = ("SELECT ?statement ?agent WHERE { ?statement a <https://w3id.org/kgraph/ontology#Denial> ; "
               "<https://w3id.org/kgraph/ontology#agent> ?agent } LIMIT 10")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
RSS_CAP_EXIT = 3


class PeakRss:
    """Samples this process's resident set size in a background thread; `peak()` since the last `reset()`.

    With a `cap` (bytes), a sample above it calls `on_cap` (which is expected to end the process)."""

    def __init__(self, interval: float = 0.02, cap: int | None = None, on_cap=None):
        self.interval, self._peak, self._stop = interval, 0, threading.Event()
        self.cap, self.on_cap = cap, on_cap
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def rss() -> int:
        with open("/proc/self/statm") as stream:
            return int(stream.read().split()[1]) * PAGE_SIZE

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._peak = max(self._peak, self.rss())
            if self.cap and self._peak > self.cap and self.on_cap:
                self.on_cap(self._peak)

    def reset(self) -> None:
        self._peak = self.rss()

    def peak(self) -> int:
        return max(self._peak, self.rss())

    def stop(self) -> None:
        self._stop.set()


def worker(project: Path, reasoner: str, validator: str, rss_cap_mb: float | None) -> dict:
    """Run every stage on `project` in this process, as `kgraph.build` runs them; return {stage: {seconds, cpu_seconds,
    peak_rss_mb}} and counts. A reasoner or validator "none" leaves out the stages after load, or validation (a run too
    long for one sitting is then measured as two processes: load + validate, and everything else)."""
    from kgraph.build import VALIDATION_PART_TRIPLES, data_of
    from kgraph.load import ProjectFiles, load
    from kgraph.namespaces import GRAPH_ASSERTED, GRAPH_ONTOLOGY, GRAPH_SHAPES
    from kgraph.reason import reason
    from kgraph.store import BuiltDataset, close_store, create_store
    from kgraph.validate import validate

    stages, out, current = {}, {}, {"stage": None, "started": time.perf_counter()}
    scratch = Path(tempfile.mkdtemp(prefix="kgraph-bench-"))

    def over_cap(peak: int) -> None:
        seconds = time.perf_counter() - current["started"]
        print(json.dumps({"stage": current["stage"], "seconds": round(seconds, 3), "peak_rss_mb": round(peak / 2**20),
                          "stopped": f"resident set passed {rss_cap_mb:.0f} MB"}), file=sys.stderr, flush=True)
        subprocess.run(["rm", "-rf", str(scratch)], check=False)
        os._exit(RSS_CAP_EXIT)

    sampler = PeakRss(cap=int(rss_cap_mb * 2**20) if rss_cap_mb else None, on_cap=over_cap)

    def run(stage: str, function):
        sampler.reset()
        current.update(stage=stage, started=time.perf_counter())
        cpu = time.process_time()
        value = function()
        stages[stage] = {"seconds": round(time.perf_counter() - current["started"], 3),
                         "cpu_seconds": round(time.process_time() - cpu, 3),
                         "peak_rss_mb": round(sampler.peak() / 2**20, 1)}
        print(json.dumps({"stage": stage, **stages[stage]}), file=sys.stderr, flush=True)  # kept if we time out
        return value

    def validation():
        return run("validate", lambda: validate(data_of(dataset), files.graph(GRAPH_SHAPES),
                                                files.graph(GRAPH_ONTOLOGY), validator,
                                                part_triples=VALIDATION_PART_TRIPLES if validator == "rudof" else None))

    load_at_start = os.getloadavg()[0]
    files = ProjectFiles.discover(project)
    dataset = run("load", lambda: load(files, create_store(scratch / "store")))
    report = None if validator == "none" else validation()
    if reasoner != "none":
        reasoning = run("reason", functools.partial(reason, dataset.store, engine=reasoner))
        out.update(asserted=dataset.count(GRAPH_ASSERTED), inferred=reasoning.inferred_count,
                   quads=run("store", functools.partial(close_store, dataset.store)))
        del dataset  # closes the store, as a build does before the endpoint opens it
        (scratch / "manifest.json").write_text("{}")
        out["first_query_rows"] = run("first query", lambda: len(list(BuiltDataset(scratch).query(FIRST_QUERY))))
    sampler.stop()
    if report is not None:
        out.update(conforms=report.conforms, violations=len(report.violations))
    out.update(stages=stages, reasoner=reasoner, validator=validator,
               load_average=[load_at_start, os.getloadavg()[0]],
               total_seconds=round(sum(s["seconds"] for s in stages.values()), 3),
               peak_rss_mb=max(s["peak_rss_mb"] for s in stages.values()))
    subprocess.run(["rm", "-rf", str(scratch)], check=False)
    return out


def run_worker(project: Path, reasoner: str, validator: str, timeout: float, rss_cap_mb: float) -> dict:
    command = [sys.executable, __file__, "--worker", str(project), "--reasoner", reasoner, "--validator", validator,
               "--rss-cap-mb", str(rss_cap_mb)]
    engines = {"reasoner": reasoner, "validator": validator}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as expired:
        return {"error": f"not finished in {timeout:.0f} s", **engines,
                "finished_stages": _stage_lines((expired.stderr or b"").decode(errors="replace"))}
    if done.returncode == RSS_CAP_EXIT:
        finished = _stage_lines(done.stderr)
        running, stopped = next((name, stage) for name, stage in finished.items() if "stopped" in stage)
        return {"error": f"{stopped['stopped']} after {stopped['seconds']:.0f} s of the {running} stage",
                "running": running, **engines, "finished_stages": finished}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1], **engines}
    return json.loads(done.stdout.strip().splitlines()[-1])


def merged(rest: dict, validation: dict) -> dict:
    """One row from two runs on the same project: (load, reason, store, first query) and (load, validate). The build
    runs load once; the second load is kept apart as `validation_load`."""
    if "error" in rest or "error" in validation:
        return {"error": rest.get("error") or validation["error"], "finished_stages": {
            **rest.get("finished_stages", rest.get("stages", {})),
            **{k: v for k, v in validation.get("finished_stages", validation.get("stages", {})).items() if k != "load"}}}
    stages = {"load": rest["stages"]["load"], "validate": validation["stages"]["validate"],
              **{k: v for k, v in rest["stages"].items() if k != "load"}}
    return {**rest, "stages": stages, "validation_load": validation["stages"]["load"], "two_processes": True,
            "conforms": validation["conforms"], "violations": validation["violations"],
            "load_average": rest["load_average"] + validation["load_average"],
            "total_seconds": round(sum(s["seconds"] for s in stages.values()), 3),
            "peak_rss_mb": max(s["peak_rss_mb"] for s in stages.values())}


def _stage_lines(stderr: str) -> dict:
    finished = {}
    for line in stderr.splitlines():
        if line.startswith('{"stage"'):
            stage = json.loads(line)
            finished[stage.pop("stage")] = stage
    return finished


def article_targets(root: Path) -> dict:
    """Cold `kgraph build` of the article graph and a cache-hit start to first answer, each as a new process."""
    kgraph = str(Path(sys.executable).parent / "kgraph")
    results = {}
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-cache-") as cache:
        base = [kgraph, "--root", str(root), "--cache-dir", cache]
        for label, extra in (("cold build (owlrl)", []), ("cold build (rules)", ["--reasoner", "rules"])):
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
    parser.add_argument("--validator", default="pyshacl", help=argparse.SUPPRESS)
    parser.add_argument("--scales", default="10000,100000,1000000")
    parser.add_argument("--owlrl-max", type=int, default=10000, help="largest scale at which owlrl is run")
    parser.add_argument("--rudof-max", type=int, default=10000000, help="largest scale at which rudof is run")
    parser.add_argument("--pyshacl-max", type=int, default=1000000, help="largest scale at which pySHACL is run")
    parser.add_argument("--split-above", type=int, default=None,
                        help="above this scale, measure load + validate and load + the rest in two processes (by "
                             "default every scale is one process, as a build is)")
    parser.add_argument("--timeout", type=float, default=900, help="per run, seconds per million triples (≥ 420)")
    parser.add_argument("--rss-cap-mb", type=float, default=19000, help="stop a run whose resident set passes this")
    parser.add_argument("--rudof-rss-cap-mb", type=float, default=19000, help="the same, for the runs with rudof")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--out", type=Path, default=BENCH / "results")
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.reasoner, args.validator, args.rss_cap_mb)))
        return 0

    from generate import write_project

    results = {"scales": [], "article": {}}
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-scale-") as scratch:
        for scale in (int(s) for s in args.scales.split(",")):
            project = Path(scratch) / f"scale-{scale}"
            write_project(project, scale, root=args.root)
            timeout = max(420.0, args.timeout * scale / 1e6)
            for reasoner, validator in (("rules", "pyshacl"), ("rules", "rudof"), ("owlrl", "pyshacl")):
                row = {"scale": scale, "reasoner": reasoner, "validator": validator}
                if reasoner == "owlrl" and scale > args.owlrl_max:
                    owlrl_runs = [r for r in results["scales"] if r.get("reasoner") == "owlrl"]
                    projected = projected_owlrl_seconds(owlrl_runs, scale)
                    row.update(not_run=True, projected_reason_seconds=round(projected) if projected else None)
                elif validator == "rudof" and scale > args.rudof_max:
                    continue
                elif validator == "pyshacl" and scale > args.pyshacl_max:
                    row.update(not_run=True, note="not run: pySHACL validates the whole graph in memory "
                                                  "(13.5 GB passed at 10M); see rules + rudof")
                elif args.split_above is not None and scale > args.split_above:
                    print(f"scale {scale}, {reasoner} + {validator}, in two processes…", file=sys.stderr, flush=True)
                    row.update(merged(run_worker(project, reasoner, "none", timeout, args.rss_cap_mb),
                                      run_worker(project, "none", validator, timeout, args.rudof_rss_cap_mb)))
                else:
                    print(f"scale {scale}, {reasoner} + {validator}…", file=sys.stderr, flush=True)
                    cap = args.rudof_rss_cap_mb if validator == "rudof" else args.rss_cap_mb
                    row.update(run_worker(project, reasoner, validator, timeout, cap))
                results["scales"].append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
            subprocess.run(["rm", "-rf", str(project)], check=False)
    results["article"] = article_targets(args.root)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "pipeline.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(results))
    return 0


def _cell(stage: dict) -> str:
    return f"{stage['seconds']:.2f} s / {stage['peak_rss_mb']:.0f} MB"


def markdown(results: dict) -> str:
    lines = ["| triples (asserted) | reasoner | validator | " + " | ".join(STAGES) + " | total (CPU) | peak RSS |",
             "|---|---|---|" + "---|" * (len(STAGES) + 2)]
    blank = " |" * (len(STAGES) + 1)
    for row in results["scales"]:
        engines = f"{row['reasoner']} | {row.get('validator', 'pyshacl')}"
        if row.get("not_run"):
            projected = row.get("projected_reason_seconds")
            note = row.get("note") or (f"not run (projected reason ≈ {projected} s)" if projected else "not run")
            lines.append(f"| {row['scale']:,} | {engines} | {note} |{blank}")
        elif "error" in row:
            finished = {name: stage for name, stage in row.get("finished_stages", {}).items() if "stopped" not in stage}
            cells = [_cell(finished[s]) if s in finished else "" for s in STAGES]
            running = row.get("running") or next((s for s in STAGES if s not in finished), STAGES[-1])
            cells[STAGES.index(running)] = row["error"]
            lines.append(f"| {row['scale']:,} | {engines} | " + " | ".join(cells) + " | | |")
        else:
            cells = [_cell(row["stages"][s]) for s in STAGES]
            cpu = sum(stage.get("cpu_seconds", 0) for stage in row["stages"].values())
            lines.append(f"| {row['asserted']:,} | {engines} | " + " | ".join(cells)
                         + f" | {row['total_seconds']:.1f} s ({cpu:.0f} s) | {row['peak_rss_mb']:.0f} MB |")
    lines.append("")
    lines.append("Each stage cell: wall-clock time / peak resident memory of the process while the stage runs; total: "
                 "wall-clock (CPU) seconds of all stages.")
    if results.get("article"):
        lines += ["", "| article graph | seconds |", "|---|---|"]
        for label, value in results["article"].items():
            lines.append(f"| {label} | {value.get('seconds', '-')} {value.get('error', '')} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
