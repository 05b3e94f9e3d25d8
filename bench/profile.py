"""Where an uncached request's time goes: py-spy samples of `kgraph serve --cache-mb 0` and its workers under load.

    python bench/profile.py [--workload lookup|competency] [--clients 8] [--seconds 10] [--out bench/results]

Starts the server on a fresh build with the answer cache off, drives it with wrk (the requests of bench/peers.py),
and samples the server and its worker processes with py-spy (`record --subprocesses --format raw`). Each sample is
put in one stage by the innermost frame that names it (STAGES, in order), and the CPU time of each process (from
/proc) is divided by the requests served in the same window: the result is the CPU microseconds per request that each
stage costs, in bench/results/profile-WORKLOAD.json and .md. Samples taken by threads that only wait (the pool's
waiting threads, the event loop's select) are counted apart as "idle".
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from peers import ROOT, Server, competency_queries, free_port, lookup_queries, requests_for, resources

BIN = Path(sys.executable).parent
# (stage, pattern on one frame "function (file:line)"); the innermost frame matching any pattern decides.
STAGES = (
    ("event loop in C (uvloop: select, socket I/O, httptools' parser; not separable without native frames)",
     r"^Runner\.run \(asyncio/runners"),
    ("idle: waiting (pool threads, worker between jobs)",
     r"^(_PollLikeSelector\.select|_worker \(concurrent/futures/thread.py:81\)|"
     r"Connection\._recv \(multiprocessing/connection.py:395\)|Thread\.join|Event\.wait|Condition\.wait)"),
    ("evaluation (pyoxigraph query and iteration)", r"^execute \(kgraph/serve/_worker.py"),
    ("result writers (kgraph/_formats, pyoxigraph serialize)",
     r"\(kgraph/serve/_formats.py|^(serialize|write_select|write_boolean|term_tuple|_term_bytes|_json_term)"),
    ("IPC: pickling and the socket pair", r"\(multiprocessing/connection.py|\(multiprocessing/reduction.py|pickle"),
    ("pool: checkout, executor hops to wait for the worker",
     r"\(kgraph/serve/_pool.py|\(concurrent/futures|\(asyncio/(queues|tasks|futures|base_events).py"),
    ("inspection (tokenise, canonicalise)", r"\(kgraph/serve/_inspect.py"),
    ("negotiation", r"\(mimeparse|^negotiate \("),
    ("answer: cache key, headers, ETag (kgraph/_sparql, _answers)", r"\(kgraph/serve/(_sparql|_answers).py"),
    ("routing and middleware (FastAPI/Starlette, body guard, CORS)",
     r"\((fastapi|starlette)/|^(guarded|replay|_GuardMiddleware)"),
    ("HTTP parsing and response writing (uvicorn httptools protocol)", r"\(uvicorn/|\(kgraph/serve/_http.py|httptools"),
    ("logging (uvicorn access log)", r"\(logging/"),
)


def proc_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def group_cpu(pid: int) -> dict[int, float]:
    """CPU seconds of `pid` and of its children (the workers run in sessions of their own)."""
    out = {pid: proc_cpu_seconds(pid)}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out[int(entry)] = proc_cpu_seconds(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return out


def stage_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        for stage, pattern in STAGES:
            if re.search(pattern, frame):
                return stage
    return "other (interpreter, unattributed)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", choices=["lookup", "competency"], default="lookup")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    parser.add_argument("--out", type=Path, default=BENCH / "results")
    parser.add_argument("--server-option", action="append", default=[], help="extra `kgraph serve` option")
    args = parser.parse_args(argv)
    from kgraph.build import build

    with tempfile.TemporaryDirectory(prefix="kgraph-profile-") as tmp:
        scratch = Path(tmp)
        built = build(ROOT, cache_dir=scratch / "cache").built
        queries = lookup_queries(resources(built)) if args.workload == "lookup" else competency_queries(ROOT)
        port = free_port()
        server = Server("kgraph-nocache", [str(BIN / "kgraph"), "--root", str(ROOT), "--cache-dir",
                                           str(scratch / "cache"), "serve", "--host", "127.0.0.1", "--port", str(port),
                                           "--allow-service", "none", "--client-queries", "64", "--cache-mb", "0",
                                           *args.server_option], port, "/sparql", scratch / "server.log")
        server.start()
        try:
            requests = requests_for(server, args.workload, queries)
            (scratch / "requests.txt").write_text("".join(f"{a} {p}\n" for a, p in requests))
            from peers import WRK_SCRIPT

            (scratch / "mix.lua").write_text(WRK_SCRIPT)
            wrk = subprocess.Popen(["wrk", "-t2", f"-c{args.clients}", f"-d{args.seconds + 2}s", "--timeout=10s", "-s",
                                    str(scratch / "mix.lua"), f"http://127.0.0.1:{port}"], stdout=subprocess.PIPE,
                                   text=True, env={**os.environ, "KGRAPH_BENCH_REQUESTS": str(scratch / "requests.txt")})
            time.sleep(1)
            before, started = group_cpu(server.process.pid), time.monotonic()
            raw = scratch / "profile.txt"
            subprocess.run([str(BIN / "py-spy"), "record", "--pid", str(server.process.pid), "--subprocesses",
                            "--format", "raw", "--rate", str(args.rate), "--duration", str(args.seconds),
                            "--nonblocking", "--output", str(raw)], check=True, capture_output=True,
                           timeout=args.seconds + 60)
            after, window = group_cpu(server.process.pid), time.monotonic() - started
            output = wrk.communicate(timeout=60)[0]
            line = next(l for l in output.splitlines() if l.startswith("WRK_JSON "))
            summary = json.loads(line[len("WRK_JSON "):])
            throughput = summary["requests"] / (summary["duration_us"] / 1e6)
            served = throughput * window
            samples: Counter = Counter()
            for entry in raw.read_text().splitlines():
                stack, _, count = entry.rpartition(" ")
                frames = stack.split(";")
                inner = [i for i, frame in enumerate(frames) if frame.startswith("process ")][-1]
                process = "worker" if "kgraph.serve._worker" in frames[inner] else "server"
                samples[(process, stage_of(frames[inner + 1:]))] += int(count)
            if os.environ.get("KGRAPH_PROFILE_RAW"):
                shutil.copy(raw, os.environ["KGRAPH_PROFILE_RAW"])
        finally:
            server.stop()
    main_pid = server.process.pid
    cpu = {"server": after.get(main_pid, 0) - before.get(main_pid, 0),
           "workers": sum(after[p] - before.get(p, 0) for p in after if p != main_pid)}
    busy = {process: sum(n for (p, stage), n in samples.items() if p == process and not stage.startswith("idle"))
            for process in ("server", "worker")}
    stages = []
    for (process, stage), count in sorted(samples.items(), key=lambda item: (item[0][0], -item[1])):
        share = count / busy[process] if busy[process] and not stage.startswith(("idle", "event loop")) else None
        cpu_seconds = cpu["server" if process == "server" else "workers"]
        stages.append({"process": process, "stage": stage, "samples": count,
                       "share_of_busy": None if share is None else round(share, 3),
                       "cpu_us_per_request": None if share is None else round(share * cpu_seconds / served * 1e6, 1)})
    result = {"workload": args.workload, "clients": args.clients, "seconds": round(window, 1),
              "throughput": round(throughput, 1), "p50_ms": summary["p50_us"] / 1000,
              "p99_ms": summary["p99_us"] / 1000, "server_options": args.server_option,
              "cpu_us_per_request": {k: round(v / served * 1e6, 1) for k, v in cpu.items()},
              "load_average": os.getloadavg()[0], "stages": stages}
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"profile-{args.workload}"
    (args.out / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    text = markdown(result)
    (args.out / f"{name}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


def markdown(result: dict) -> str:
    lines = [f"**{result['workload']}**, `kgraph serve --cache-mb 0` {' '.join(result['server_options'])}, "
             f"{result['clients']} wrk connections, {result['seconds']} s sampled: {result['throughput']} req/s "
             f"(p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms); CPU per request: server "
             f"{result['cpu_us_per_request']['server']} µs, workers {result['cpu_us_per_request']['workers']} µs "
             f"(load average {result['load_average']:.1f}).", "",
             "| process | stage | samples | share of the process's busy samples | CPU µs per request |",
             "|---|---|---|---|---|"]
    for s in result["stages"]:
        share = "" if s["share_of_busy"] is None else f"{100 * s['share_of_busy']:.1f} %"
        micro = "" if s["cpu_us_per_request"] is None else f"{s['cpu_us_per_request']:.0f}"
        lines.append(f"| {s['process']} | {s['stage']} | {s['samples']} | {share} | {micro} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
