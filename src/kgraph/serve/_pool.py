"""Query evaluation in worker processes that can be killed at the deadline.

Neither pyoxigraph nor rdflib can cancel a running query from Python, and a blocking call in an async handler freezes
every request. So each worker is a separate Python process holding one read-only handle on the on-disk store; the event loop
hands it a job over a pipe and waits (in a thread) with a deadline. At the deadline the worker is killed — which
really stops the work — and a fresh one is spawned in the background. Results are serialised in the worker, so the
web process only moves bytes.

This module imports only the standard library, pyoxigraph and `_formats`: a worker starts in a fraction of a second.
"""

import asyncio
import signal
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pyoxigraph

from kgraph.serve._formats import term_tuple, write_boolean, write_select

_RDF_FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "rdfxml": pyoxigraph.RdfFormat.RDF_XML,
}


class QueryTimeout(Exception):
    pass


class PoolBusy(Exception):
    pass


@dataclass
class Job:
    """One evaluation. `mode`: 'serialize' (bytes in `result_format`/`graph_format`) or 'rows' (plain tuples)."""

    query: str
    prefixes: dict[str, str]
    default_graph: list[str] | None = None
    named_graphs: list[str] | None = None
    mode: str = "serialize"
    result_format: str = "json"
    graph_format: str = "turtle"
    max_rows: int = 10000


def _graphs(iris):
    return None if iris is None else [pyoxigraph.NamedNode(iri) for iri in iris]


def execute(store: pyoxigraph.Store, job: Job) -> dict:
    """Evaluate `job` on `store`; the reply is a picklable dict."""
    results = store.query(job.query, prefixes=job.prefixes, default_graph=_graphs(job.default_graph),
                          named_graphs=_graphs(job.named_graphs))
    if isinstance(results, pyoxigraph.QueryBoolean):
        value = bool(results)
        if job.mode == "rows":
            return {"form": "ASK", "boolean": value}
        return {"form": "ASK", "body": write_boolean(value, job.result_format), "format": job.result_format,
                "truncated": False, "count": 1}
    if isinstance(results, pyoxigraph.QuerySolutions):
        variables = [v.value for v in results.variables]
        rows, truncated = [], False
        for solution in results:
            if len(rows) == job.max_rows:
                truncated = True
                break
            rows.append([term_tuple(solution[v]) for v in variables])
        if job.mode == "rows":
            return {"form": "SELECT", "variables": variables, "rows": rows, "truncated": truncated}
        return {"form": "SELECT", "body": write_select(variables, rows, job.result_format),
                "format": job.result_format, "truncated": truncated, "count": len(rows)}
    triples, truncated = [], False
    for triple in results:
        if len(triples) == job.max_rows:
            truncated = True
            break
        triples.append(triple)
    if job.mode == "rows":
        return {"form": "CONSTRUCT", "rows": [[term_tuple(t.subject), term_tuple(t.predicate),
                                                term_tuple(t.object)] for t in triples], "truncated": truncated}
    body = pyoxigraph.serialize(triples, format=_RDF_FORMATS[job.graph_format],
                                prefixes=job.prefixes if job.graph_format in ("turtle", "rdfxml") else None)
    return {"form": "CONSTRUCT", "body": body, "format": job.graph_format, "truncated": truncated,
            "count": len(triples)}


def worker_main(store_path: str, connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which then stops us
    store = pyoxigraph.Store.read_only(store_path)
    connection.send({"ready": True})
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply = execute(store, job)
        except SyntaxError as error:
            reply = {"error": "syntax", "message": str(error)}
        except Exception as error:  # noqa: BLE001 - reported to the client as one line, never as a traceback
            reply = {"error": "engine", "message": f"{type(error).__name__}: {error}".splitlines()[0][:500]}
        connection.send(reply)


class _Worker:
    """One `python -m kgraph.serve._worker` process, talking pickles over a socket pair.

    A plain subprocess rather than multiprocessing's 'spawn', which would re-import the server's __main__ module.
    """

    def __init__(self, store_path: str):
        parent, child = socket.socketpair()
        self.connection = Connection(parent.detach())
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kgraph.serve._worker", str(child.fileno()), store_path],
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, start_new_session=True)
        finally:
            child.close()
        if not self.connection.poll(60) or not self.connection.recv().get("ready"):
            self.kill()
            raise RuntimeError("a query worker did not start")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(5)
        self.connection.close()


class WorkerPool:
    """`size` worker processes over the read-only store at `store_path`."""

    def __init__(self, store_path: str, size: int = 2):
        self.store_path, self.size = str(store_path), max(1, size)
        self._threads = ThreadPoolExecutor(max_workers=self.size * 2 + 2, thread_name_prefix="kgraph-wait")
        self._idle: asyncio.Queue | None = None
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.killed = 0

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        workers = await asyncio.gather(*(loop.run_in_executor(self._threads, self._spawn) for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(self.store_path)
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()

    async def _replace(self, worker: _Worker) -> None:
        loop = asyncio.get_running_loop()
        self.killed += 1
        await loop.run_in_executor(self._threads, self._retire, worker)
        fresh = await loop.run_in_executor(self._threads, self._spawn)
        self._idle.put_nowait(fresh)

    @property
    def idle(self) -> int:
        return self._idle.qsize() if self._idle else 0

    async def run(self, job: Job, timeout: float) -> dict:
        """Evaluate `job`; raise PoolBusy if no worker frees up within `timeout`, QueryTimeout if the evaluation itself
        takes longer than `timeout` (time spent waiting for a worker is not charged to the query: a quick query
        queued behind slow ones must not be killed as if it were slow)."""
        loop = asyncio.get_running_loop()
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except (asyncio.TimeoutError, TimeoutError):
            raise PoolBusy() from None
        handed_back = False
        try:
            worker.connection.send(job)
            ready = await loop.run_in_executor(self._threads, worker.connection.poll, timeout)
            if not ready:
                raise QueryTimeout()
            reply = await loop.run_in_executor(self._threads, worker.connection.recv)
            self._idle.put_nowait(worker)
            handed_back = True
            return reply
        finally:
            if not handed_back:  # deadline, client gone (cancelled) or broken pipe: the worker's state is unknown
                asyncio.ensure_future(self._replace(worker))

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
        self._threads.shutdown(wait=False, cancel_futures=True)

