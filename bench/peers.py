"""HTTP benchmark: `kgraph serve` against `oxigraph serve-read-only` and `rdflib-endpoint`, same data, same queries.

    python bench/peers.py [--duration 3] [--repeats 3] [--clients 8,32] [--out bench/results]

The served default graph (asserted + inferred) of the project is written as N-Triples; the three servers start side by
side on 127.0.0.1 (kgraph from its own build, oxigraph from `oxigraph load` of the N-Triples, rdflib-endpoint from the
N-Triples) and are driven one after the other, never at once, by the same two workloads:

- competency: every query of queries/*.rq except the federated ones (SERVICE would leave the machine through
  rdflib-endpoint, which follows any SERVICE IRI), with the project prefixes declared where a query uses them;
- lookup: `SELECT ?p ?o WHERE { <resource> ?p ?o }` for every resource of the graph (distinct IRIs: the answer
  cache only helps once a whole cycle has been seen);
- pages: the Linked Data page (HTML) of every resource, on kgraph only (the peers have no pages).

kgraph runs three ways: as deployed (`kgraph`, answer cache on), `kgraph-nocache` (`--cache-mb 0`: every request
evaluated by a worker, the inspector's plans of texts seen before still kept) and `kgraph-noplans` (`--cache-mb 0
--plan-cache-mb 0`: every request inspected and evaluated, as a query the server has never seen is; the lookup
workload's 517 distinct texts would all be in the plan cache after one cycle, so judge the lookup target on this one).

Each workload starts every server afresh (and sends each request once, which also fills kgraph's answer cache). Each
(workload, server, clients) cell runs for --duration seconds, --repeats times; we report the median run and the
spread (min-max) of throughput. The load tool is wrk (Debian package `wrk`) with a Lua script cycling through the
requests; without wrk, a bounded httpx client (asyncio) does the same, less efficiently. Every request is a GET
(?query=…), with Accept set by query form. Bounded: every run is time-limited, every request has a 10 s timeout.
"""

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "tests"))

from stores import free_port  # the tests' one helper, found by the path above

BIN = Path(sys.executable).parent
REQUEST_TIMEOUT = 10
SELECT_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "text/turtle"
HTML_ACCEPT = "text/html"
ID_PREFIX = "https://w3id.org/kgraph/id/"

WRK_SCRIPT = r"""
local requests = {}
local index = 0
for line in io.lines(os.getenv("KGRAPH_BENCH_REQUESTS")) do
  local accept, path = line:match("^(%S+) (.+)$")
  requests[#requests + 1] = {accept = accept, path = path}
end
local counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 7
end
function init(args)
  index = offset % #requests
end
function request()
  index = index % #requests + 1
  local r = requests[index]
  return wrk.format("GET", r.path, {["Accept"] = r.accept})
end
function done(summary, latency, requests_)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


class Server:
    def __init__(self, name: str, command: list[str], port: int, path: str, log: Path, env: dict | None = None):
        self.name, self.command, self.port, self.path, self.log = name, command, port, path, log
        self.env = env
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    def start(self, ready_timeout: float = 120) -> None:
        self.process = subprocess.Popen(self.command, stdout=open(self.log, "wb"),  # noqa: SIM115 - the server's log, open while it runs stderr=subprocess.STDOUT,
                                        env={**os.environ, **(self.env or {})}, start_new_session=True)
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                response = httpx.get(self.url, params={"query": "ASK {}"}, headers={"Accept": SELECT_ACCEPT},
                                     timeout=2)
                if response.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {ready_timeout:.0f} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)

    def cpu_seconds(self) -> float:
        """CPU time (user + system) of the server's processes and of their children, living (kgraph's query workers)
        or ended and reaped (a worker killed when wrk abandons its last requests counts in its parent's cutime)."""
        if not self.process:
            return 0.0
        pids = [self.process.pid] + [pid for pid in _group_pids(self.process.pid) if pid != self.process.pid]
        children = [int(e) for e in os.listdir("/proc") if e.isdigit() and _parent(int(e)) in pids]
        total = 0.0
        for pid, with_reaped in [(pid, True) for pid in set(pids)] + [(pid, False) for pid in set(children) - set(pids)]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if with_reaped else 0)
                total += ticks / os.sysconf("SC_CLK_TCK")
            except (OSError, ValueError, IndexError):
                pass
        return total

    def rss_mb(self) -> float | None:
        """Resident memory of the server's process group (main process and its workers)."""
        if not self.process:
            return None
        total = 0
        for pid in _group_pids(self.process.pid):
            try:
                with open(f"/proc/{pid}/statm") as stream:
                    total += int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            except OSError:
                pass
        return round(total / 2**20, 1)


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.getpgid(int(entry)) == pgid:
                    pids.append(int(entry))
            except OSError:
                pass
    return pids


def competency_queries(root: Path) -> dict[str, str]:
    from kgraph.namespaces import PREFIXES

    queries = {}
    for path in sorted((root / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        if path.name.startswith("federated") or re.search(r"\bSERVICE\b", text, re.IGNORECASE):
            continue
        declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w-]*):", text, re.IGNORECASE)}
        used = {m for m in re.findall(r"(?<![\w<])([a-z][\w-]*):", _strip(text))}
        prologue = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in sorted(used - declared) if p in PREFIXES)
        queries[path.stem] = prologue + text
    return queries


def _strip(text: str) -> str:
    """The query without comments, IRIs and string literals (to find the prefixes it uses)."""
    text = re.sub(r"#[^\n]*", "", text)
    text = re.sub(r"<[^>\s]*>", "", text)
    return re.sub(r'"[^"\n]*"|\'[^\'\n]*\'', "", text)


def resources(built) -> list[str]:
    return [s["s"].value for s in built.query(
        "SELECT DISTINCT ?s WHERE { ?s a ?c FILTER(isIRI(?s) && STRSTARTS(STR(?s), 'https://w3id.org/kgraph/id/')) } "
        "ORDER BY ?s")]


def lookup_queries(iris: list[str]) -> dict[str, str]:
    return {f"select-{i}": f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}" for i, iri in enumerate(iris)}


def page_paths(iris: list[str]) -> dict[str, str]:
    """The Linked Data pages (a workload of paths, not queries: see `requests_for`)."""
    return {f"page-{i}": "/kgraph/id/" + urllib.parse.quote(iri.removeprefix(ID_PREFIX), safe="/#")
            for i, iri in enumerate(iris) if "#" not in iri}


def accept_for(query: str) -> str:
    body = re.sub(r"(?im)^\s*(PREFIX|BASE)\b[^\n]*$", "", re.sub(r"#[^\n]*", "", query))
    form = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
    return GRAPH_ACCEPT if form and form[1].upper() in ("CONSTRUCT", "DESCRIBE") else SELECT_ACCEPT


def requests_for(server: Server, workload: str, items: dict[str, str]) -> list[tuple[str, str]]:
    """(Accept, path and query string) of each request of a workload on `server`."""
    if workload == "pages":
        return [(HTML_ACCEPT, path) for path in items.values()]
    return [(accept_for(q), f"{server.path}?{urllib.parse.urlencode({'query': q})}") for q in items.values()]


def check(server: Server, workload: str, items: dict[str, str]) -> dict[str, str]:
    """Send each request once; return {name: problem} for those that do not answer 200 within the timeout."""
    problems = {}
    with httpx.Client(timeout=REQUEST_TIMEOUT) as client:
        for name, (accept, path) in zip(items, requests_for(server, workload, items), strict=True):
            try:
                response = client.get(f"http://127.0.0.1:{server.port}{path}", headers={"Accept": accept})
                if response.status_code != 200:
                    problems[name] = f"HTTP {response.status_code}: {response.text[:160]!r}"
            except httpx.HTTPError as error:
                problems[name] = f"{type(error).__name__}"
    return problems


def run_wrk(server: Server, requests: list[tuple[str, str]], clients: int, duration: float, scratch: Path) -> dict:
    request_file = scratch / f"requests-{server.name}.txt"
    request_file.write_text("".join(f"{accept} {path}\n" for accept, path in requests))
    script = scratch / "mix.lua"
    script.write_text(WRK_SCRIPT)
    threads = min(2, clients)
    command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{max(1, round(duration))}s", f"--timeout={REQUEST_TIMEOUT}s",
               "-s", str(script), f"http://127.0.0.1:{server.port}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + REQUEST_TIMEOUT + 30,
                          env={**os.environ, "KGRAPH_BENCH_REQUESTS": str(request_file)})
    line = next((l for l in done.stdout.splitlines() if l.startswith("WRK_JSON ")), None)
    if line is None:
        return {"error": (done.stderr or done.stdout)[-300:]}
    raw = json.loads(line[len("WRK_JSON "):])
    seconds = raw["duration_us"] / 1e6
    return {"requests": raw["requests"], "throughput": round(raw["requests"] / seconds, 1),
            "p50_ms": round(raw["p50_us"] / 1000, 2), "p99_ms": round(raw["p99_us"] / 1000, 2),
            "errors": raw["status"] + raw["connect"] + raw["read"] + raw["write"] + raw["timeout"],
            "error_detail": {k: raw[k] for k in ("status", "connect", "read", "write", "timeout") if raw[k]}}


def run_httpx(server: Server, requests: list[tuple[str, str]], clients: int, duration: float, scratch: Path) -> dict:
    """The fallback load generator: `clients` coroutines, each sending one request after the other."""
    latencies: list[float] = []
    errors = 0

    async def client(offset: int, http: httpx.AsyncClient, deadline: float):
        nonlocal errors
        index = offset
        while time.monotonic() < deadline:
            accept, path = requests[index % len(requests)]
            index += 1
            started = time.monotonic()
            try:
                response = await http.get(f"http://127.0.0.1:{server.port}{path}", headers={"Accept": accept})
                await response.aread()
                if response.status_code >= 400:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.monotonic() - started)

    async def main():
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT, limits=limits) as http:
            started = time.monotonic()
            await asyncio.gather(*(client(7 * i, http, started + duration) for i in range(clients)))
            return time.monotonic() - started

    seconds = asyncio.run(main())
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0.0
    return {"requests": len(latencies), "throughput": round(len(latencies) / seconds, 1),
            "p50_ms": round(pick(0.50), 2), "p99_ms": round(pick(0.99), 2), "errors": errors}


def start_servers(root: Path, scratch: Path, built, variants: dict[str, Path] | None = None,
                  option_variants: dict[str, list[str]] | None = None) -> list[Server]:
    import pyoxigraph

    from kgraph.store import DEFAULT_GRAPHS  # noqa: F401  (the served default graph is what we export)

    nt = scratch / "served.nt"
    triples = [pyoxigraph.Triple(s["s"], s["p"], s["o"])
               for s in built.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")]
    nt.write_bytes(pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES))
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(scratch / "oxigraph"), "--file", str(nt)],
                   check=True, capture_output=True, timeout=300)
    def kgraph(name: str, *options: str, env: dict | None = None) -> Server:
        port = free_port()
        return Server(name, [str(BIN / "kgraph"), "--root", str(root), "--cache-dir", str(scratch / "cache"), "serve",
                             "--host", "127.0.0.1", "--port", str(port), "--timeout", "30", "--allow-service", "none",
                             "--client-queries", "64",  # the load generator is one client address
                             *options], port, "/sparql", scratch / f"{name}.log", env)

    servers = [*(kgraph(f"kgraph-nocache-{name}", "--cache-mb", "0", env={"PYTHONPATH": str(source)})
                 for name, source in (variants or {}).items()),
        *(kgraph(f"kgraph-nocache-{name}", "--cache-mb", "0", *options) for name, options in (option_variants or {}).items()),
        kgraph("kgraph"),                                # as deployed: with its answer cache
        kgraph("kgraph-nocache", "--cache-mb", "0"),     # every request evaluated by a worker (plans kept)
        kgraph("kgraph-noplans", "--cache-mb", "0", "--plan-cache-mb", "0"),  # and inspected: nothing seen before
        Server("oxigraph", [str(BIN / "oxigraph"), "serve-read-only", "--location", str(scratch / "oxigraph"),
                            "--bind", f"127.0.0.1:{(port := free_port())}"], port, "/query", scratch / "oxigraph.log"),
        Server("rdflib-endpoint", [str(BIN / "rdflib-endpoint"), "serve", str(nt), "--host", "127.0.0.1",
                                   "--port", str(port := free_port())], port, "/", scratch / "rdflib.log"),
    ]
    return servers, len(triples)


def measured(drive, server: Server, requests, clients: int, duration: float, scratch: Path) -> dict:
    """One run, with the CPU time the server (and its workers) spent per request: on a machine shared with other
    work, throughput measures the neighbours too; CPU per request much less so. It is sampled in the steady state,
    from 0.3 s after the start to 0.3 s before the end, and divided by the requests the run's mean throughput puts in
    that window: the end of a run, where wrk abandons its requests in flight and kgraph replaces the workers that
    were evaluating them, is left out."""
    window = max(0.2, duration - 0.6)
    samples: list[float] = []

    def sample() -> None:
        time.sleep(0.3)
        samples.append(server.cpu_seconds())
        time.sleep(window)
        samples.append(server.cpu_seconds())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    run = drive(server, requests, clients, duration, scratch)
    sampler.join()
    if run.get("requests") and len(samples) == 2:
        in_window = run["throughput"] * window
        run["cpu_ms_per_request"] = round((samples[1] - samples[0]) * 1000 / in_window, 3) if in_window else None
    return run


def summarise(runs: list[dict]) -> dict:
    good = [r for r in runs if "error" not in r]
    if not good:
        return {"error": runs[0].get("error", "?")}
    median = sorted(good, key=lambda r: r["throughput"])[len(good) // 2]
    throughputs = [r["throughput"] for r in good]
    cpu = sorted(r["cpu_ms_per_request"] for r in good if r.get("cpu_ms_per_request") is not None)
    return {**median, "throughput_min": min(throughputs), "throughput_max": max(throughputs),
            "cpu_ms_per_request": cpu[len(cpu) // 2] if cpu else None, "cpu_ms_runs": cpu,
            "p99_ms_runs": [r["p99_ms"] for r in good], "errors_total": sum(r["errors"] for r in good),
            "runs": len(good)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per run")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--clients", default="8,32")
    parser.add_argument("--servers", default="kgraph,kgraph-nocache,kgraph-noplans,oxigraph,rdflib-endpoint")
    parser.add_argument("--workloads", default="competency,lookup,pages")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=SRC",
                        help="also run `kgraph serve --cache-mb 0` from another source tree (an earlier commit's src/) "
                             "as kgraph-nocache-NAME: before/after ratios measured in the same run")
    parser.add_argument("--options", action="append", default=[], metavar="NAME=OPTIONS",
                        help="also run `kgraph serve --cache-mb 0 OPTIONS` as kgraph-nocache-NAME, e.g. "
                             "w1='--workers 1': a serving option measured against the default in the same run")
    parser.add_argument("--tool", choices=["auto", "wrk", "httpx"], default="auto")
    parser.add_argument("--out", type=Path, default=BENCH / "results")
    parser.add_argument("--name", default="http.json", help="file name of the results in --out")
    args = parser.parse_args(argv)
    tool = ("wrk" if shutil.which("wrk") else "httpx") if args.tool == "auto" else args.tool
    drive = run_wrk if tool == "wrk" else run_httpx

    from kgraph.build import build

    results = {"tool": tool, "duration_s": args.duration, "repeats": args.repeats, "cpus": os.cpu_count(),
               "workloads": {}, "checks": {}, "servers": {}}
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-http-") as tmp:
        scratch = Path(tmp)
        built = build(args.root, cache_dir=scratch / "cache").built
        iris = resources(built)
        workloads = {"competency": competency_queries(args.root), "lookup": lookup_queries(iris),
                     "pages": page_paths(iris)}
        workloads = {w: items for w, items in workloads.items() if w in args.workloads.split(",")}
        variants = dict(v.split("=", 1) for v in args.variant)
        option_variants = {name: options.split() for name, options in (v.split("=", 1) for v in args.options)}
        servers, triples = start_servers(args.root, scratch, built, variants, option_variants)
        wanted = args.servers.split(",") + [f"kgraph-nocache-{name}" for name in (*variants, *option_variants)]
        servers = [s for s in servers if s.name in wanted]
        results["triples"] = triples
        results["load_average"] = {"start": os.getloadavg()}
        try:
            for workload, queries in workloads.items():
                on = [s for s in servers if workload != "pages" or s.name.startswith("kgraph")]
                for server in on:  # fresh processes for each workload: a peer still busy with (or killed by) the
                    server.stop()  # last workload's abandoned requests would be measured in this one
                    started = time.monotonic()
                    server.start()
                    results["servers"].setdefault(server.name, {})[f"start_seconds_{workload}"] = round(
                        time.monotonic() - started, 2)
                for server in on:
                    problems = check(server, workload, queries)
                    results["checks"].setdefault(workload, {})[server.name] = problems
                    print(f"{workload} on {server.name}: {len(queries) - len(problems)}/{len(queries)} queries "
                          f"answer 200" + (f"; failing: {', '.join(sorted(problems))}" if problems else ""),
                          file=sys.stderr, flush=True)
                # the same requests for every server: drop a query that kgraph or oxigraph cannot answer; rdflib-
                # endpoint (the slow peer, whose failures are time-outs) runs the part of them it answers, and says so
                common = {n: q for n, q in queries.items()
                          if all(n not in results["checks"][workload][s.name] for s in on if s.name != "rdflib-endpoint")}
                results["workloads"][workload] = {"queries": sorted(common), "cells": {}}
                for clients in (int(c) for c in args.clients.split(",")):
                    for server in on:
                        mine = {n: q for n, q in common.items() if n not in results["checks"][workload][server.name]}
                        requests = requests_for(server, workload, mine)
                        runs = [measured(drive, server, requests, clients, args.duration, scratch)
                                for _ in range(args.repeats)]
                        cell = summarise(runs)
                        cell["rss_mb"] = server.rss_mb()
                        cell["queries"] = len(mine)
                        results["workloads"][workload]["cells"][f"{server.name}@{clients}"] = cell
                        print(f"{workload} {server.name} x{clients}: {json.dumps(cell)}", file=sys.stderr, flush=True)
        finally:
            for server in servers:
                server.stop()
            results["load_average"]["end"] = os.getloadavg()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / args.name).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(results))
    return 0


def ratio(ours: dict, theirs: dict) -> str:
    if "throughput" not in ours or "throughput" not in theirs or not theirs["throughput"]:
        return "-"
    return f"{ours['throughput'] / theirs['throughput']:.2f}x"


def cpu_cell(cell: dict) -> str:
    runs = cell.get("cpu_ms_runs") or []
    return f"{cell['cpu_ms_per_request']:.2f} ({min(runs):.2f}-{max(runs):.2f})" if runs else ""


def markdown(results: dict) -> str:
    lines = []
    if "load_average" in results:
        start, end = (results["load_average"].get(k, [0, 0, 0]) for k in ("start", "end"))
        lines += [f"Machine noise: load average (1, 5, 15 min) {', '.join(f'{x:.1f}' for x in start)} at the start, "
                  f"{', '.join(f'{x:.1f}' for x in end)} at the end, on {results['cpus']} CPUs.", ""]
    for workload, data in results["workloads"].items():
        lines += [f"**{workload}** ({len(data['queries'])} queries, {results['tool']}, "
                  f"{results['duration_s']:g} s x {results['repeats']} runs per cell, median run; "
                  f"throughput spread min-max)", "",
                  "| clients | server | throughput (req/s) | spread | p50 ms | p99 ms | errors | CPU ms/request (spread) "
                  "| kgraph ratio | kgraph-nocache ratio | kgraph-noplans ratio |", "|---|---|---|---|---|---|---|---|---|---|---|"]
        for key, cell in data["cells"].items():
            name, clients = key.split("@")
            ours = [data["cells"].get(f"{kgraph}@{clients}", {}) for kgraph in ("kgraph", "kgraph-nocache", "kgraph-noplans")]
            if "error" in cell:
                lines.append(f"| {clients} | {name} | {cell['error'][:60]} | | | | | | | | |")
                continue
            ratios = " | ".join("" if name.startswith("kgraph") else ratio(mine, cell) for mine in ours)
            if cell.get("queries", len(data["queries"])) != len(data["queries"]):
                name += f" ({cell['queries']} of the {len(data['queries'])} queries: the others time out)"
            lines.append(f"| {clients} | {name} | {cell['throughput']:.1f} | "
                         f"{cell['throughput_min']:.0f}-{cell['throughput_max']:.0f} | {cell['p50_ms']:.1f} | "
                         f"{cell['p99_ms']:.1f} | {cell['errors_total']} | {cpu_cell(cell)} | {ratios} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
