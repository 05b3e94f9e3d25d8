"""`make bench`: the pipeline scale curve and the HTTP comparison, written to bench/results/.

    python bench/run.py [--quick] [--scales 10000,100000,1000000,10000000] [--pipeline-only | --http-only]

Writes bench/results/pipeline.json, http.json, publish.json, results.md (the tables) and scale.png (log-log cost against
size). --quick: 10k and 100k triples only, 2 s per HTTP run, 100k triples published (a smoke run, a few minutes).
--pipeline-only: measure the pipeline only; results.md keeps the HTTP and publishing tables of the last run (and says so).
--http-only: measure the HTTP comparison only (bench/peers.py); results.md keeps the other tables of the last run.
"""

import argparse
import json
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
# The query workers' count on this 2-CPU machine, measured against the default (2) on the uncached path, in the same run
WORKER_COUNTS = ("--options", "w1=--workers 1", "--options", "w4=--workers 4")


def plot(pipeline: dict, target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from pipeline import STAGES

    figure, (times, memory) = plt.subplots(1, 2, figsize=(11, 4.5))
    for reasoner, validator, style in (("rules", "pyshacl", "-"), ("rules", "rudof", "-."), ("owlrl", "pyshacl", "--")):
        rows = [r for r in pipeline["scales"] if "stages" in r and r.get("reasoner") == reasoner
                and r.get("validator", "pyshacl") == validator]
        if not rows:
            continue
        sizes, label = [r["asserted"] for r in rows], f"{reasoner}, {validator}"
        stages = STAGES if (reasoner, validator) == ("rules", "pyshacl") else (
            ("load", "validate", "reason") if validator == "rudof" else ("reason",))  # rudof's runs reach 10M
        partial = [r for r in pipeline["scales"] if "finished_stages" in r and r.get("reasoner") == reasoner
                   and r.get("validator", "pyshacl") == validator]  # runs stopped before the end: their stages
        for stage in stages:
            points = sorted([(r["asserted"], r["stages"][stage]["seconds"]) for r in rows]
                            + [(r["scale"], r["finished_stages"][stage]["seconds"]) for r in partial
                               if "seconds" in r["finished_stages"].get(stage, {})
                               and "stopped" not in r["finished_stages"][stage]])
            times.plot([x for x, _ in points], [max(y, 1e-3) for _, y in points], style, marker="o",
                       label=f"{stage} ({label})")
        times.plot(sizes, [r["total_seconds"] for r in rows], style, marker="s", linewidth=2.5,
                   label=f"total ({label})")
        memory.plot(sizes, [r["peak_rss_mb"] for r in rows], style, marker="s", label=f"peak RSS ({label})")
    for row in pipeline.get("earlier_scales", []):  # an earlier run's points, hollow: a curve this run could not finish
        stages = {**row.get("finished_stages", {}), **row.get("stages", {})}
        for value in stages.values():
            if "seconds" in value and "stopped" not in value and row.get("reasoner") == "rules":
                times.plot([row.get("asserted", row["scale"])], [value["seconds"]], "o", mfc="none", color="grey")
        if "peak_rss_mb" in row:
            memory.plot([row["asserted"]], [row["peak_rss_mb"]], "s", mfc="none", color="grey")
    if pipeline.get("earlier_scales"):
        times.plot([], [], "o", mfc="none", color="grey", label=pipeline.get("earlier_label", "earlier run"))
        memory.plot([], [], "s", mfc="none", color="grey", label=pipeline.get("earlier_label", "earlier run"))
    for axis, label in ((times, "seconds"), (memory, "MB")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("asserted triples")
        axis.set_ylabel(label)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=7)
    times.axhline(120, color="grey", linestyle=":", linewidth=1)
    memory.axhline(2048, color="grey", linestyle=":", linewidth=1)
    times.set_title("pipeline stage time (target: 1M end to end ≤ 120 s)")
    memory.set_title("peak memory (target at 1M ≤ 2 GB)")
    figure.tight_layout()
    figure.savefig(target, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--scales", default="10000,100000,1000000,10000000", help="pipeline scales (asserted triples)")
    parser.add_argument("--pipeline-only", action="store_true")
    parser.add_argument("--http-only", action="store_true", help="measure the HTTP comparison only (about 10 minutes)")
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    started = time.monotonic()
    scales = "10000,100000" if args.quick else args.scales
    if not args.http_only:
        subprocess.run([python, str(BENCH / "pipeline.py"), "--scales", scales, "--owlrl-max", "10000",
                        "--out", str(RESULTS)], check=True, timeout=8 * 3600)
    if not args.pipeline_only:
        subprocess.run([python, str(BENCH / "peers.py"), "--duration", "2" if args.quick else "3",
                        "--repeats", "2" if args.quick else "3", *WORKER_COUNTS, "--out", str(RESULTS)],
                       check=True, timeout=1800)
    if not args.pipeline_only and not args.http_only:
        subprocess.run([python, str(BENCH / "publish.py"), "--triples", "100000" if args.quick else "1000000",
                        "--repeats", "3", "--out", str(RESULTS)], check=True, timeout=3600)
    write_results(time.monotonic() - started, others_rerun=not args.pipeline_only,
                  pipeline_rerun=not args.http_only)
    return 0


def write_results(seconds: float, others_rerun: bool = True, pipeline_rerun: bool = True) -> None:
    """results.md and scale.png from pipeline.json, http.json and publish.json."""
    sys.path.insert(0, str(BENCH))
    from peers import markdown as http_markdown
    from pipeline import markdown as pipeline_markdown
    from publish import markdown as publish_markdown

    pipeline = json.loads((RESULTS / "pipeline.json").read_text())
    http = json.loads((RESULTS / "http.json").read_text())
    plot(pipeline, RESULTS / "scale.png")
    machine = f"{platform.machine()}, {http['cpus']} CPUs, Python {platform.python_version()}"
    http_note = "" if pipeline_rerun else (" The pipeline and publishing tables are those of the previous run "
                                           "(`--http-only`).")
    http_note += "" if others_rerun else (" The HTTP and publishing tables are those of the previous full run "
                                         "(`--pipeline-only`).")
    publish_json = RESULTS / "publish.json"
    published = (publish_markdown(json.loads(publish_json.read_text())) if publish_json.is_file()
                 else "Not measured yet (bench/run.py measures it unless `--pipeline-only`).\n")
    text = (f"# kgraph benchmark results\n\nRun {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine}, "
            f"{seconds:.0f} s. Generated by `make bench` (bench/run.py); see the README, section 'Benchmarks'."
            f"{http_note}\n\n"
            f"## HTTP: kgraph serve against its peers ({http['triples']} triples served)\n\n"
            f"{http_markdown(http)}\n## Pipeline cost against size\n\n{pipeline_markdown(pipeline)}\n\n"
            f"![scale](scale.png)\n\n## Publishing to a triple store\n\n{published}")
    (RESULTS / "results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    sys.exit(main())
