"""Real servers for the tests and the benchmarks: Oxigraph, Virtuoso and HAProxy, each started on free loopback ports
with its own temporary files, and stopped on exit.

Plain context managers (no pytest here), so that `bench/publish.py` can start the very same servers. A missing
binary is a `ServerUnavailable` naming the package that provides it: `.ci/run` installs them, and a test that needs one
fails rather than skips.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
OXIGRAPH = Path(sys.executable).with_name("oxigraph")
VIRTUOSO_USER, VIRTUOSO_NEW_DATABASE_PASSWORD = "dba", "dba"  # a new Virtuoso database's administrator
VIRTUOSO_LOCKDOWN = REPO / "deploy" / "virtuoso-lockdown.sql"
HAPROXY_CONFIG = REPO / "deploy" / "haproxy.cfg"
FIXTURE_PROJECT = REPO / "tests" / "fixtures" / "serve_project"


class ServerUnavailable(RuntimeError):
    """A server binary is missing or the server did not come up."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(tmp: Path, *extra: str, project: Path = FIXTURE_PROJECT, env: dict | None = None,
                 preexec=None, new_session: bool = False, cache: Path | None = None) -> tuple[subprocess.Popen, str]:
    """A real `kgraph serve` of `project` on a free loopback port, its build cached in `cache` (default `tmp`/cache;
    the session's build of the project, for a cache hit instead of a second build) and its log in `tmp`; returns
    once /health answers 200. `new_session`: in a process group of its own (to kill it with its workers)."""
    port = free_port()
    command = [sys.executable, "-c", "import sys; from kgraph.cli import main; sys.exit(main())",
               "--root", str(project), "--cache-dir", str(cache or tmp / "cache"), "serve", "--port", str(port), *extra]
    log = open(tmp / f"server-{port}-{time.monotonic_ns()}.log", "wb")  # noqa: SIM115 - open while the server runs
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, preexec_fn=preexec,
                               start_new_session=new_session,
                               env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # a cold build of the real project comes first; slow on a loaded machine
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kgraph serve exited: {Path(log.name).read_text()}")
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("kgraph serve did not answer /health within 180 s")


def stop_server(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


def _binary(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ServerUnavailable(f"{name} is not installed: apt-get install {package} (.ci/run does)")
    return path


def _wait_until(ready, process: subprocess.Popen, what: str, log: Path | None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if ready():
                return
        except (httpx.HTTPError, OSError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            detail = log.read_text(errors="replace")[-600:] if log and log.exists() else ""
            raise ServerUnavailable(f"{what} did not start: {detail}")
        time.sleep(0.1)


def _stop(process: subprocess.Popen, grace: float = 15) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait()


# --- Oxigraph (PyPI `oxigraph`, the test extra) ----------------------------------------------------------------------

@contextmanager
def oxigraph_server(location: Path, load: Path | None = None, *options: str, command: str = "serve"):
    """A real `oxigraph serve` (or `serve-read-only`) on a free loopback port; yields its base URL (`/store`,
    `/query`, `/update`)."""
    if not OXIGRAPH.exists():
        raise ServerUnavailable(f"the oxigraph server binary is missing at {OXIGRAPH} (pip install oxigraph)")
    if load is not None:
        subprocess.run([str(OXIGRAPH), "load", "--location", str(location), "--file", str(load)],
                       check=True, capture_output=True, timeout=120)
    port = free_port()
    log = Path(f"{location}.log")
    with open(log, "wb") as output:
        server = subprocess.Popen([str(OXIGRAPH), command, "--location", str(location), "--bind",
                                   f"127.0.0.1:{port}", *options], stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    _wait_until(lambda: httpx.post(f"{base}/query", data={"query": "ASK {}"}, timeout=1).status_code == 200,
                server, f"oxigraph on port {port}", log, seconds=15)
    try:
        yield base
    finally:
        _stop(server, grace=5)


# --- Virtuoso 7 (Debian `virtuoso-opensource`) ------------------------------------------------------------------------

@dataclass(frozen=True)
class Virtuoso:
    base: str
    sql_port: int
    directory: Path
    password: str = VIRTUOSO_NEW_DATABASE_PASSWORD

    @property
    def graph_store(self) -> str:
        """The authenticated Graph Store endpoint (HTTP Digest)."""
        return f"{self.base}/sparql-graph-crud-auth"

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    def sql(self, statements: str) -> str:
        """Run SQL through Virtuoso's own client, as the administrator; an error is an exception."""
        return self._isql(f"exec={statements}")

    def sql_file(self, path: Path) -> str:
        return self._isql(str(path))

    def _isql(self, argument: str) -> str:
        result = subprocess.run([_binary("isql-vt", "virtuoso-opensource"), f"127.0.0.1:{self.sql_port}",
                                 VIRTUOSO_USER, self.password, argument], capture_output=True, text=True,
                                timeout=120)
        if "*** Error" in result.stderr or result.returncode != 0:
            raise RuntimeError(f"isql: {result.stderr.strip()[:500]}")
        return result.stdout


VIRTUOSO_INI = """\
; A private Virtuoso for one test run: every file in one directory, both listeners on 127.0.0.1 only.
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
MaxClientConnections = 20
CheckpointInterval   = 60
DirsAllowed          = {dir}
NumberOfBuffers      = {buffers}
MaxDirtyBuffers      = {dirty_buffers}
AllowOSCalls         = 0

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {dir}
ServerThreads        = 10
MaxClientConnections = 20
EnabledDavVSP        = 0

[SPARQL]
ResultSetMaxRows      = {max_rows}
MaxQueryExecutionTime = {query_seconds}
"""


@contextmanager
def virtuoso_server(directory: Path, *, query_seconds: int = 30, max_rows: int = 100000, buffers: int = 20000,
                    password: str | None = None):
    """A real Virtuoso 7 (`virtuoso-t`) with a new database in `directory`, on free loopback ports.

    `query_seconds` is the store's own query time limit (`MaxQueryExecutionTime`), `max_rows` its result cap
    (`ResultSetMaxRows`), `buffers` its page cache (8 KB each). The database starts as Virtuoso creates it (the
    administrator is dba/dba, and the anonymous `SPARQL` user may only read); `password` becomes dba's new password,
    set as the README says.
    """
    binary = _binary("virtuoso-t", "virtuoso-opensource")
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=directory, sql_port=sql_port, http_port=http_port, buffers=buffers,
                                       dirty_buffers=buffers * 3 // 4, max_rows=max_rows,
                                       query_seconds=query_seconds), encoding="utf-8")
    log = directory / "virtuoso.log"
    with open(directory / "stdout.log", "wb") as output:
        server = subprocess.Popen([binary, "-c", str(ini), "+foreground"], cwd=directory, stdout=output,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    store = Virtuoso(f"http://127.0.0.1:{http_port}", sql_port, directory)
    _wait_until(lambda: httpx.get(store.sparql, params={"query": "ASK {}"}, timeout=2).status_code == 200,
                server, f"virtuoso on ports {http_port}/{sql_port}", log, seconds=120)
    try:
        if password is not None:
            store.sql(f"USER_SET_PASSWORD('{VIRTUOSO_USER}', '{password}');")
            store = Virtuoso(store.base, store.sql_port, store.directory, password)
        yield store
    finally:
        _stop(server, grace=30)


# --- HAProxy (Debian `haproxy`) ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Balancer:
    base: str
    stats: str  # HAProxy's stats page, CSV at `;csv`
    process: subprocess.Popen

    def _rows(self) -> list[dict[str, str]]:
        """The back-end servers' rows of HAProxy's statistics (CSV)."""
        lines = httpx.get(f"{self.stats};csv", timeout=5).text.splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
        return [row for row in rows if row.get("svname") not in ("FRONTEND", "BACKEND") and row.get("pxname") != "stats"]

    def servers(self) -> dict[str, str]:
        """Each back-end server's state as HAProxy's health checks see it: 'UP', 'DOWN', …"""
        return {row["svname"]: row["status"].split(" ")[0] for row in self._rows()}

    def sessions(self) -> dict[str, int]:
        """Requests (sessions) each back-end server has been given so far."""
        return {row["svname"]: int(row["stot"] or 0) for row in self._rows()}

    def last_checks(self) -> dict[str, str]:
        """Each back-end server's last health check as HAProxy reports it: 'L7OK 200', 'L7STS 503' (an HTTP answer
        with another status), 'L4CON' (connection refused), …"""
        return {row["svname"]: f"{row['check_status'].removeprefix('* ')} {row['check_code']}".strip()
                for row in self._rows()}  # "* " marks a check under way


@contextmanager
def haproxy(directory: Path, replicas: list[str], config: Path = HAPROXY_CONFIG, environment: dict | None = None):
    """A real HAProxy running `config` (by default the one the README shows) in front of `replicas` (host:port each);
    `environment` fills the config's other "${VARIABLES}"."""
    binary = _binary("haproxy", "haproxy")
    directory.mkdir(parents=True, exist_ok=True)
    port, stats_port = free_port(), free_port()
    environment = {**os.environ, **(environment or {}), "KGRAPH_LB_BIND": f"127.0.0.1:{port}",
                   "KGRAPH_LB_STATS": f"127.0.0.1:{stats_port}",
                   **{f"KGRAPH_REPLICA_{n}": address for n, address in enumerate(replicas, start=1)}}
    subprocess.run([binary, "-c", "-f", str(config)], env=environment, check=True, capture_output=True, timeout=30)
    log = directory / "haproxy.log"
    with open(log, "wb") as output:
        process = subprocess.Popen([binary, "-db", "-f", str(config)], env=environment, stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    balancer = Balancer(f"http://127.0.0.1:{port}", f"http://127.0.0.1:{stats_port}/stats", process)
    _wait_until(lambda: httpx.get(balancer.stats, timeout=1).status_code == 200, process, "haproxy", log, seconds=15)
    try:
        yield balancer
    finally:
        _stop(process, grace=5)
