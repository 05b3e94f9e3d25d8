"""A query worker process: `python -m kgraph.serve._worker FD STORE_PATH MEMORY_MB STACK_MB ISOLATION`.

Everything here runs in the worker. Before it reads a job, the worker
- moves into a network namespace of its own (where the OS allows it), which holds nothing but a loopback interface:
  whatever a query asks, the worker cannot open a connection to any other host, or to any port of this host. The
  SERVICE calls the inspector allowed are rewritten to `http://127.0.0.1:RELAY_PORT/service/N`, where the worker
  listens with a socket it hands to the server, which accepts on it and forwards to the allowed endpoint;
- starts one evaluation thread with a stack large enough for any query within the size limit (Oxigraph's parser and
  evaluator recurse: 5,000 nested parentheses overflowed the main thread's 8 MB);
- caps its own address space at its size after opening the store plus MEMORY_MB: past it an allocation fails and the
  worker dies (SIGABRT from Rust's allocator, or a MemoryError), which the server reports as a 422.

Only the standard library, pyoxigraph, `kgraph.formats` and the messages (`_messages`) are imported: a worker starts
in a fraction of a second.
"""

import ctypes
import fcntl
import io
import json
import os
import re
import resource
import signal
import socket
import struct
import sys
import threading
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.reduction import send_handle
from typing import TYPE_CHECKING

import pyoxigraph

from kgraph.formats import (
    FORMATS,
    NOT_XML_BYTES,
    PREFIXED,
    Row,
    Term,
    serialize_triples,
    term_of,
    write_boolean,
    write_select,
)
from kgraph.serve._messages import TRIPLE_VARIABLES, Answer, Failure, Job, Reply, Rows, Started, Truncation

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer  # what a binary file's write() takes: bytes, bytearray, memoryview

RELAY_PORT = 80               # inside the worker's own namespace, so every worker can use the same one
CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
TERM_OVERHEAD = 32            # bytes a serialised term adds to its value (quotes, tags, markup), for the byte cap
# Characters some result format writes as more than themselves: JSON writes a control character as \u00XX (6 bytes,
# the most), XML `&` as `&amp;`, CSV doubles `"`. Each is charged 6 bytes, so the charge bounds every format.
INFLATED_CHARACTERS = re.compile(r'[\x00-\x1f"\\<>&\x7f]')
INFLATED_CHARGE = 5           # bytes charged beyond the character's own
XML_LOCAL_NAME = re.compile(r"[^\W\d][\w.\-\u00b7]*$")  # an NCName ending the IRI: RDF/XML's element name
GraphName = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.DefaultGraph


class NotExpressible(Exception):
    """The answer cannot be written in the format asked for (the client may ask for another)."""


def _check_rdf_xml(triples: list[pyoxigraph.Triple]) -> None:
    """RDF/XML writes a predicate as an element name: one whose IRI does not end in an XML name (…/123, …/) cannot
    be written (pyoxigraph would write a malformed `<oxprefix:>`)."""
    for triple in triples:
        if not XML_LOCAL_NAME.search(triple.predicate.value):
            raise NotExpressible(f"the predicate <{triple.predicate.value}> does not end in an XML name, so RDF/XML "
                                 "cannot express this answer; ask for Turtle, N-Triples or JSON-LD")


def _default_graph(iris: Sequence[str] | None) -> list[GraphName] | None:
    return None if iris is None else [pyoxigraph.NamedNode(iri) for iri in iris]


def _named_graphs(iris: Sequence[str] | None) -> list[pyoxigraph.NamedNode | pyoxigraph.BlankNode] | None:
    return None if iris is None else [pyoxigraph.NamedNode(iri) for iri in iris]


def _serialised_bytes(text: str) -> int:
    """At least the bytes `text` takes in any result format: its UTF-8 and the worst escape of each character."""
    inflated = len(text) - len(INFLATED_CHARACTERS.sub("", text))
    return len(text.encode("utf-8", "surrogatepass")) + INFLATED_CHARGE * inflated


def _term_bytes(term: Term | None) -> int:
    if term is None:
        return 1
    value = term[1]
    if isinstance(value, tuple):
        return sum(map(_term_bytes, value))
    return _serialised_bytes(value) + len(term[3] or "") + TERM_OVERHEAD


# The byte cap charges a term at most 6 bytes a character plus TERM_OVERHEAD, and every written term takes at least a
# byte: an answer pyoxigraph writes in at most max_bytes / CHARGE_BOUND bytes is within the cap as charged, so the
# caps decide exactly as they do row by row. A larger one is written row by row (the rare path).
CHARGE_BOUND = 6 + TERM_OVERHEAD


class _OverCap(Exception):
    pass


class CappedBuffer(io.BytesIO):
    """A binary file for pyoxigraph's serialisers that stops them (by raising `_OverCap`) past `limit` bytes."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def write(self, chunk: "ReadableBuffer", /) -> int:
        if self.tell() + memoryview(chunk).nbytes > self.limit:
            raise _OverCap()
        return super().write(chunk)


def count_solutions(body: bytes, key: str) -> int:
    """The number of solutions in a SELECT answer written by pyoxigraph in format `key`: exact, since every format
    escapes what would look like a row's boundary inside a value (XML's `<`, TSV's newlines; CSV's quoted newlines
    are read by the csv module)."""
    if key == "json":
        return len(json.loads(body)["results"]["bindings"])
    if key == "xml":
        return body.count(b"<result>")
    if key == "tsv":
        return body.count(b"\n") - 1
    records, quoted = 0, False  # CSV: a CRLF ends a record unless it is inside quotes (a field's `"` are doubled)
    for part in body.split(b"\r\n"):
        quoted ^= part.count(b'"') % 2 == 1
        records += not quoted
    return records - 2  # the header, and the empty part after the last CRLF


def _select_by_pyoxigraph(results: pyoxigraph.QuerySolutions, job: Job) -> Answer | None:
    """The answer as pyoxigraph's own serialiser writes it, if it is within both caps; None if not (then the caller
    evaluates again and writes row by row, stopping at the cap: the rare, slow path, bounded by the time limit)."""
    buffer = CappedBuffer(job.max_bytes // CHARGE_BOUND)
    try:
        results.serialize(buffer, format=FORMATS[job.result_format].results)
    except _OverCap:
        return None
    body = buffer.getvalue()
    if job.result_format == "xml" and NOT_XML_BYTES.search(body):
        return None  # pyoxigraph writes them as they are, which XML forbids: ours replaces them (U+FFFD)
    count = count_solutions(body, job.result_format)
    if count > job.max_rows:
        return None
    return Answer("SELECT", body, job.result_format, count)


def _graph_by_pyoxigraph(results: pyoxigraph.QueryTriples, job: Job) -> Answer | None:
    """CONSTRUCT/DESCRIBE: at most `max_rows` triples through pyoxigraph's serialiser, within the byte cap (None past
    it: the caller writes them again, with the byte estimate of before). RDF/XML goes the caller's way too, which
    checks that every predicate can be written as an element name."""
    if job.graph_format == "rdfxml":
        return None
    counted = 0

    def first_triples() -> Iterator[pyoxigraph.Triple]:
        nonlocal counted
        for triple in results:
            yield triple
            counted += 1
            if counted == job.max_rows:
                return

    buffer = CappedBuffer(job.max_bytes // CHARGE_BOUND)
    try:
        pyoxigraph.serialize(first_triples(), buffer, format=FORMATS[job.graph_format].rdf,
                             prefixes=job.prefixes if job.graph_format in PREFIXED else None)
    except _OverCap:
        return None
    truncated: Truncation = "rows" if counted == job.max_rows and next(results, None) is not None else None
    return Answer("CONSTRUCT", buffer.getvalue(), job.graph_format, counted, truncated)


def execute(store: pyoxigraph.Store, job: Job) -> Answer | Rows:
    """Evaluate `job` on `store`. Rows are collected up to
    `job.max_rows` and up to about `job.max_bytes` of serialised answer, whichever comes first. An answer to send is
    written by pyoxigraph's serialisers where it fits both caps, else row by row by ours, which stop at the cap."""
    default_graph, named_graphs = _default_graph(job.default_graph), _named_graphs(job.named_graphs)

    def query() -> pyoxigraph.QueryBoolean | pyoxigraph.QuerySolutions | pyoxigraph.QueryTriples:
        return store.query(job.query, default_graph=default_graph, named_graphs=named_graphs)

    results = query()
    if job.mode == "serialize" and not isinstance(results, pyoxigraph.QueryBoolean):
        written = (_select_by_pyoxigraph(results, job) if isinstance(results, pyoxigraph.QuerySolutions)
                   else _graph_by_pyoxigraph(results, job))
        if written is not None:
            return written
        results = query()
    if isinstance(results, pyoxigraph.QueryBoolean):
        value = bool(results)
        if job.mode == "rows":
            return Rows("ASK", boolean=value)
        return Answer("ASK", write_boolean(value, job.result_format), job.result_format, 1)
    if isinstance(results, pyoxigraph.QuerySolutions):
        variables = [v.value for v in results.variables]
        rows: list[Row] = []
        truncated: Truncation = None
        size = 0
        for solution in results:
            row = [term_of(solution[v]) for v in variables]
            size += sum(map(_term_bytes, row))
            truncated = "rows" if len(rows) == job.max_rows else "bytes" if size > job.max_bytes else None
            if truncated:
                break
            rows.append(row)
        if job.mode == "rows":
            return Rows("SELECT", variables, rows, truncated=truncated)
        return Answer("SELECT", write_select(variables, rows, job.result_format), job.result_format, len(rows),
                      truncated)
    triples: list[pyoxigraph.Triple] = []
    truncated, size = None, 0
    for triple in results:
        size += _serialised_bytes(str(triple))
        truncated = "rows" if len(triples) == job.max_rows else "bytes" if size > job.max_bytes else None
        if truncated:
            break
        triples.append(triple)
    if job.mode == "rows":
        return Rows("CONSTRUCT", list(TRIPLE_VARIABLES),
                    [[term_of(t.subject), term_of(t.predicate), term_of(t.object)] for t in triples],
                    truncated=truncated)
    if job.graph_format == "rdfxml":
        _check_rdf_xml(triples)
    body = serialize_triples(triples, job.graph_format, job.prefixes)
    return Answer("CONSTRUCT", body, job.graph_format, len(triples), truncated)


def isolate_network() -> socket.socket:
    """Enter a new network namespace (as root; else in a new user namespace too), bring its loopback up and listen
    on it for the relay. Raises OSError where the OS does not allow it."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0 and libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"unshare(CLONE_NEWNET): {os.strerror(error)}")
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as control:
        flags = struct.unpack("16sH14x", fcntl.ioctl(control, siocgifflags, struct.pack("16sH14x", b"lo", 0)))[1]
        fcntl.ioctl(control, siocsifflags, struct.pack("16sH14x", b"lo", flags | iff_up))
    listener = socket.socket()
    listener.bind(("127.0.0.1", RELAY_PORT))
    listener.listen(16)
    return listener


def limit_memory(megabytes: int) -> None:
    """Cap the address space at what the worker maps now plus `megabytes`."""
    with open("/proc/self/statm") as statm:
        mapped = int(statm.read().split()[0]) * resource.getpagesize()
    limit = mapped + megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _one_line(error: Exception) -> str:
    """The error's message for a client: its first line, without the Python class name."""
    return (str(error).splitlines() or ["(no message)"])[0][:500]


def touch_default_graph(store: pyoxigraph.Store) -> None:
    """Read one quad through each of the default graph's three indexes now. RocksDB opens a table file on its first
    read; if the build's folder has been moved or deleted by then (the pool heals from that: README, security model),
    that first read hangs instead of failing, so the materialised default graph is opened while it is certainly there."""
    default = pyoxigraph.DefaultGraph()
    first = next(iter(store.quads_for_pattern(None, None, None, default)), None)
    if first is not None:
        next(iter(store.quads_for_pattern(first.subject, None, None, default)), None)
        next(iter(store.quads_for_pattern(None, first.predicate, None, default)), None)
        next(iter(store.quads_for_pattern(None, None, first.object, default)), None)


def serve_jobs(store: pyoxigraph.Store, connection: Connection, start: threading.Event) -> None:
    start.wait()
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        reply: Reply
        try:
            reply = execute(store, job)
        except SyntaxError as error:
            reply = Failure("syntax", str(error))
        except MemoryError:
            reply = Failure("memory", "the query needed more memory than a worker may use")
        except NotExpressible as error:
            reply = Failure("not-expressible", str(error))
        except RuntimeError as error:  # pyoxigraph's evaluation errors: an unsupported function or cast, a SERVICE
            reply = Failure("evaluation", _one_line(error))
        except Exception as error:
            reply = Failure("engine", _one_line(error))
        connection.send(reply)


def worker_main(connection: Connection, store_path: str, memory_mb: int, stack_mb: int, isolation: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which then stops us
    relay, why_not = None, None
    if isolation != "none":
        try:
            relay = isolate_network()
        except OSError as error:
            why_not = str(error)
            if isolation == "namespace":
                connection.send(Failure("engine", f"network isolation is required but failed: {error}"))
                return
    store = pyoxigraph.Store.read_only(store_path)
    touch_default_graph(store)
    connection.send(Started("namespace" if relay else "none", why_not))
    if relay is not None:
        send_handle(connection, relay.fileno(), os.getppid())
        relay.close()
    threading.stack_size(stack_mb * 2**20)
    start = threading.Event()
    evaluator = threading.Thread(target=serve_jobs, args=(store, connection, start), name="kgraph-evaluate")
    evaluator.start()  # its stack is mapped now, before the cap: the cap is what queries may add
    if memory_mb > 0:
        limit_memory(memory_mb)
    start.set()
    evaluator.join()


if __name__ == "__main__":
    worker_main(Connection(int(sys.argv[1])), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
