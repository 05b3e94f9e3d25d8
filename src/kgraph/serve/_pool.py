"""Query evaluation in worker processes that can be killed, and a pool of them that heals itself.

Neither pyoxigraph nor rdflib can cancel a running query from Python, and a blocking call in an async handler freezes
every request. So each worker is a separate Python process (`kgraph.serve._worker`) holding one read-only handle on
the on-disk store; the event loop hands it a job over a socket pair and waits (in a thread) with a deadline. At the
deadline, or when the client has gone, the worker is killed — which really stops the work — and replaced.

The pool heals: a worker found dead (killed from outside, crashed, out of memory) is never handed a query and is
replaced; a replacement that fails to start (too many open files, the store directory gone) is retried with
exponential backoff until it succeeds, and `health()` says how many workers are alive meanwhile.
"""

import asyncio
import contextlib
import logging
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.reduction import recv_handle

from kgraph.errors import (
    PoolBusy,
    QueryOutOfMemory,
    QueryTimeout,
    TooManyLongQueries,
    WorkerCrashed,
)
from kgraph.serve._backend import Health
from kgraph.serve._messages import Failure, Job, Reply, Started
from kgraph.serve._relay import ServiceRelay
from kgraph.serve._worker import RELAY_PORT

log = logging.getLogger("kgraph.serve")
SPAWN_BACKOFF = (0.1, 5.0)      # first and longest pause between two failed attempts to start a worker
WATCH_INTERVAL = 0.5            # seconds between two looks at idle workers' processes
KILLED_RETRIES = 2              # times a query is run again after its worker was killed from outside under it
QUICK_QUERY = 0.05              # seconds after which a query counts as long, and its worker runs at a lower priority
LONG_QUERY_NICENESS = 10
LONG_QUERY = 1.0                # seconds after which a query needs one of the pool's long-query slots (not 50 ms:
                                # ordinary queries side by side pass 50 ms on a busy 2-core machine)
RECEIVE_GRACE = 1.0             # seconds a reply that has begun to arrive may take to arrive whole, at least


@dataclass(frozen=True)
class WorkerLimits:
    memory_mb: int = 1024         # address space a query may add to a worker
    stack_mb: int = 256           # the evaluation thread's stack
    isolation: str = "auto"       # "auto", "namespace" (required) or "none"


class Channel:
    """The event loop's end of a worker's socket pair: pickles framed as `multiprocessing.connection` frames them
    (the worker keeps its blocking `Connection`), sent and received without blocking the loop or hopping to a thread
    (two executor hops per query cost more than a lookup's evaluation: bench/results/profile-lookup.md)."""

    def __init__(self, sock: socket.socket):
        sock.setblocking(False)
        self.sock = sock

    async def send(self, message: Job) -> None:
        payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        await asyncio.get_running_loop().sock_sendall(self.sock, struct.pack("!i", len(payload)) + payload)

    async def readable(self, timeout: float) -> bool:
        """Whether the worker's reply (or its end: EOF) starts to arrive within `timeout` seconds."""
        loop, fd = asyncio.get_running_loop(), self.sock.fileno()
        ready: asyncio.Future[None] = loop.create_future()

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, wake)
        try:
            async with asyncio.timeout(max(0.0, timeout)):  # a deadline on this task: no task or waiter of its own
                await ready
            return True
        except TimeoutError:
            return False
        finally:
            loop.remove_reader(fd)

    async def receive(self) -> Reply:
        size: int
        size, = struct.unpack("!i", await self._exactly(4))
        if size == -1:  # multiprocessing's frame for a message of 2 GB or more
            size, = struct.unpack("!Q", await self._exactly(8))
        reply: Reply = pickle.loads(await self._exactly(size))
        return reply

    async def _exactly(self, size: int) -> bytes:
        loop, buffer, got = asyncio.get_running_loop(), bytearray(size), 0
        view = memoryview(buffer)
        while got < size:
            count = await loop.sock_recv_into(self.sock, view[got:])
            if count == 0:
                raise EOFError("the worker closed its end")
            got += count
        return bytes(buffer)

    def close(self) -> None:
        self.sock.close()


class _Worker:
    """One worker process, talking pickles over a socket pair; started (blocking) by the constructor."""

    def __init__(self, store_path: str, limits: WorkerLimits):
        parent, child = socket.socketpair()
        self.connection = Connection(parent.detach())
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - its stderr, open for its lifetime;: a panic's or the allocator's last words
        self.retired = self.busy = False
        self.relay_server: asyncio.AbstractServer | None = None
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kgraph.serve._worker", str(child.fileno()), store_path,
                 str(limits.memory_mb), str(limits.stack_mb), limits.isolation],
                # few malloc arenas (each reserves address space the cap would count), no Rust backtraces
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, stderr=self.errors, start_new_session=True,
                env={**os.environ, "MALLOC_ARENA_MAX": "2", "RUST_BACKTRACE": "0"})
        except BaseException:
            self.connection.close()
            self.errors.close()
            raise
        finally:
            child.close()
        self.set_niceness(LONG_QUERY_NICENESS)  # starting up (Python, the store) yields to running queries
        try:
            hello = self.connection.recv() if self.connection.poll(60) else Failure("engine", "no answer within 60 s")
            if not isinstance(hello, Started):
                raise RuntimeError(f"a query worker did not start: {getattr(hello, 'message', hello)}")
            self.isolation, self.why_not = hello.isolation, hello.why_not
            self.relay_socket = (socket.socket(fileno=recv_handle(self.connection))
                                 if self.isolation == "namespace" else None)
            # from here on the event loop talks to the worker itself (`Channel`), no thread in between
            self.channel = Channel(socket.socket(fileno=os.dup(self.connection.fileno())))
            self.set_niceness(0)
        except (EOFError, OSError) as error:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(1)  # it is exiting: its own status, not our kill's
            why = self.last_words()[-1:] or [str(error) or type(error).__name__]
            self.kill()
            raise RuntimeError(f"a query worker did not start (exit status {self.process.poll()}): {why[0]}") from None
        except BaseException:
            self.kill()
            raise

    def alive(self) -> bool:
        return not self.retired and self.process.poll() is None

    def set_niceness(self, niceness: int) -> None:
        """Every thread of the worker at this nice value (Linux keeps one per thread). Going back to 0 needs
        CAP_SYS_NICE; without it the worker stays lower, which costs its later queries nothing but priority."""
        try:
            for thread in os.listdir(f"/proc/{self.process.pid}/task"):
                os.setpriority(os.PRIO_PROCESS, int(thread), niceness)
        except OSError:
            pass

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(5)
        self.connection.close()
        if getattr(self, "channel", None) is not None:
            self.channel.close()
        self.errors.close()

    def cause_of_death(self) -> str:
        """'memory' (an allocation failed under the address-space cap), 'killed' (SIGKILL from outside), 'panic'
        (the engine gave up on the query) or 'crash'; the worker's last words go to the log."""
        try:
            status = self.process.wait(5)
        except subprocess.TimeoutExpired:
            return "crash"
        last_words = " / ".join(self.last_words())
        if last_words:
            log.warning("query worker %d ended (status %s): %s", self.process.pid, status, last_words[:500])
        if "memory allocation of" in last_words or "MemoryError" in last_words:
            return "memory"
        if status == -signal.SIGKILL:
            return "killed"
        return "panic" if "panicked" in last_words else "crash"

    def last_words(self) -> list[str]:
        """What the worker wrote to stderr, without a traceback's indented lines: a panic's message, the exception."""
        self.errors.seek(0)
        text = self.errors.read(65536).decode("utf-8", "replace")
        return [line for line in text.splitlines() if line.strip() and line[0] != " "]


class _WorkerDied(Exception):
    def __init__(self, cause: str):
        super().__init__(cause)
        self.cause = cause


class WorkerPool:
    """`size` worker processes over the read-only store that `locate_store()` names (it is asked again before each
    start, so that a store that moved or was rebuilt is found)."""

    def __init__(self, locate_store: Callable[[], str], size: int = 2, limits: WorkerLimits = WorkerLimits(),
                 relay: ServiceRelay | None = None, long_queries: int | None = None,
                 materialised_default: tuple[str, ...] = ()):
        self.locate_store, self.size, self.limits, self.relay = locate_store, max(1, size), limits, relay
        self.long_slots = long_queries or max(1, self.size - 1)  # queries past LONG_QUERY at once
        self.long_running = 0
        # the graphs whose union the build wrote into the store's default graph: a job over exactly them reads that
        self.materialised_default = frozenset(materialised_default)
        self._threads = ThreadPoolExecutor(max_workers=self.size * 2 + 4, thread_name_prefix="kgraph-wait")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._tasks: set[asyncio.Future[None]] = set()
        self._closed = False
        self.isolation: str | None = None
        self.why_not: str | None = None
        self.relay_base: str | None = None
        self.replaced = 0
        self.last_error: str | None = None

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)
        if self.relay is not None:
            port = RELAY_PORT if self.isolation == "namespace" else await self.relay.listen_on_loopback()
            self.relay_base = f"http://127.0.0.1:{port}"
        self._keep(asyncio.ensure_future(self._watch()))

    def service_endpoints(self) -> dict[str, str]:
        """The inspector's rewrite map: allowed SERVICE IRI -> what a worker calls instead (the relay)."""
        return self.relay.endpoints(self.relay_base) if self.relay and self.relay_base else {}

    def health(self) -> Health:
        alive = sum(1 for worker in self._workers if worker.alive())
        return {"workers": self.size, "alive_workers": alive,
                "busy_workers": sum(1 for worker in self._workers if worker.alive() and worker.busy),
                "replaced_workers": self.replaced, "isolation": self.isolation, "last_error": self.last_error}

    async def run(self, job: Job, timeout: float,
                  hold: Callable[[asyncio.Future[None]], None] | None = None) -> Reply:
        """Evaluate `job`. Raises PoolBusy if no worker frees up within `timeout` (waiting is not charged to the
        query), QueryTimeout if the evaluation takes longer than `timeout`, TooManyLongQueries if it runs past
        LONG_QUERY while `long_slots` others already have, QueryOutOfMemory past the memory cap,
        WorkerCrashed if a worker died under the query by a fault of its own. A worker killed from outside under a
        query is replaced and the query run again on another (WorkerCrashed('killed') after the third time).

        When the worker this query used has to be replaced (deadline, memory, client gone), `hold` is given the
        replacement's task: the caller can keep the query's share of the pool until the worker is back."""
        if self.materialised_default and job.default_graph is not None \
                and frozenset(job.default_graph) == self.materialised_default:
            job = replace(job, default_graph=None)  # the store's own default graph: the same union, 3.6x cheaper
        for attempt in range(1, KILLED_RETRIES + 2):
            worker = await self._checkout(timeout)
            try:
                reply = await self._evaluate(worker, job, timeout)
            except _WorkerDied as died:
                replacement = self._replace_soon(worker)
                if died.cause == "killed" and attempt <= KILLED_RETRIES:
                    log.warning("a query worker was killed from outside under a query; running it again")
                    continue
                if hold and replacement:
                    hold(replacement)
                if died.cause == "memory":
                    raise QueryOutOfMemory(self.limits.memory_mb) from None
                raise WorkerCrashed(died.cause) from None
            except BaseException:  # deadline, client gone (cancelled): the worker's state is unknown
                replacement = self._replace_soon(worker)
                if hold and replacement:
                    hold(replacement)
                raise
            if isinstance(reply, Failure) and reply.kind == "memory":
                replacement = self._replace_soon(worker)
                if hold and replacement:
                    hold(replacement)
                raise QueryOutOfMemory(self.limits.memory_mb)
            worker.busy = False
            self._idle.put_nowait(worker)
            return reply
        raise AssertionError("unreachable")

    async def _checkout(self, timeout: float) -> _Worker:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            try:
                async with asyncio.timeout_at(deadline):  # wait_for would wrap the get in a task of its own
                    worker = await self._idle.get()
            except TimeoutError:
                raise PoolBusy(self.size, timeout) from None
            if worker.alive():
                worker.busy = True
                return worker
            self._replace_soon(worker)  # died while idle: never handed a query

    async def _evaluate(self, worker: _Worker, job: Job, timeout: float) -> Reply:
        loop = asyncio.get_running_loop()
        try:
            await worker.channel.send(job)
            quick, long = min(QUICK_QUERY, timeout), min(LONG_QUERY, timeout)
            if not await worker.channel.readable(quick):
                worker.set_niceness(LONG_QUERY_NICENESS)  # a long query yields the CPU to quick ones
                if not await worker.channel.readable(long - quick):
                    await self._wait_as_long_query(worker, timeout - long, timeout)
                worker.set_niceness(0)
            try:  # the reply has begun; a worker that stalls in the middle of it is a timeout too
                async with asyncio.timeout(max(RECEIVE_GRACE, timeout - quick)):
                    return await worker.channel.receive()
            except TimeoutError:
                raise QueryTimeout(timeout) from None
        except (EOFError, OSError):
            raise _WorkerDied(await loop.run_in_executor(self._threads, worker.cause_of_death)) from None

    async def _wait_as_long_query(self, worker: _Worker, remaining: float, timeout: float) -> None:
        """Wait for a query that has run past LONG_QUERY, in one of the long-query slots; without a free slot it is
        stopped (the caller replaces its worker): two long queries from two clients must not stall everyone."""
        if self.long_running >= self.long_slots:
            raise TooManyLongQueries(LONG_QUERY, self.long_slots)
        self.long_running += 1
        try:
            if not await worker.channel.readable(remaining):
                raise QueryTimeout(timeout)
        finally:
            self.long_running -= 1

    def _replace_soon(self, worker: _Worker) -> asyncio.Future[None] | None:
        if worker.retired:
            return None
        worker.retired = True
        task = asyncio.ensure_future(self._replace(worker))
        self._keep(task)
        return task

    async def _replace(self, worker: _Worker) -> None:
        self.replaced += 1
        if worker.relay_server is not None and self.relay is not None:
            self.relay.forget(worker.relay_server)
        await asyncio.get_running_loop().run_in_executor(self._threads, worker.kill)
        self._workers.discard(worker)
        delay = SPAWN_BACKOFF[0]
        while not self._closed:
            try:
                fresh = await self._spawn()
            except Exception as error:
                self.last_error = f"{type(error).__name__}: {error}"
                log.warning("could not start a query worker (retrying in %.1f s): %s", delay, self.last_error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, SPAWN_BACKOFF[1])
                continue
            self.last_error = None
            self._idle.put_nowait(fresh)
            return

    async def _spawn(self) -> _Worker:
        loop = asyncio.get_running_loop()
        store_path = await loop.run_in_executor(self._threads, self.locate_store)
        worker = await loop.run_in_executor(self._threads, _Worker, store_path, self.limits)
        if self.isolation is None:
            self.isolation, self.why_not = worker.isolation, worker.why_not
        if worker.isolation != self.isolation or self._closed:
            worker.kill()
            raise RuntimeError(f"a worker started with isolation {worker.isolation!r}, the pool has {self.isolation!r}")
        if worker.relay_socket is not None:
            if self.relay is not None:
                worker.relay_server = await self.relay.serve(worker.relay_socket)
            else:
                worker.relay_socket.close()
        self._workers.add(worker)
        return worker

    async def _watch(self) -> None:
        """Find idle workers that died (kill -9, a crash), so that health() is right and none is handed a query."""
        while not self._closed:
            await asyncio.sleep(WATCH_INTERVAL)
            for worker in list(self._workers):
                if not worker.retired and not worker.busy and worker.process.poll() is not None:
                    self._replace_soon(worker)

    def _keep(self, task: asyncio.Future[None]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def close(self) -> None:
        """Stop every worker: an idle one ends by itself when its connection closes (and so runs its exit handlers,
        such as coverage's), one that does not within a second is killed."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._workers):
            worker.retired = True
            worker.connection.close()
            worker.channel.close()  # the event loop's duplicate of the socket: the worker sees EOF once both close
        for worker in list(self._workers):
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(1)
            worker.kill()
        self._workers.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)
