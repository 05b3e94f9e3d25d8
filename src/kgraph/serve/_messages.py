"""What crosses the boundary between the HTTP front and query evaluation: a `Job`, and the `Reply` a query backend
(a worker process, the remote store) gives for it; and a worker's first word, `Started` (or a `Failure`).

Both are pickled between processes, so this module is all a worker imports to read a job (the standard library and
`kgraph.formats`, never the web stack).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from kgraph.formats import Row

Mode = Literal["serialize", "rows"]
Form = Literal["SELECT", "ASK", "CONSTRUCT"]  # DESCRIBE answers as CONSTRUCT does
# Why an answer stops short: at the row cap, at the byte cap; None if it is whole.
Truncation = Literal["rows", "bytes"] | None
FailureKind = Literal["syntax", "evaluation", "not-expressible", "memory", "engine"]
TRIPLE_VARIABLES = ("s", "p", "o")  # the columns of a CONSTRUCT answer as rows


@dataclass
class Job:
    """One evaluation of a canonical query text (from `_inspect.inspect`). `mode`: 'serialize' (bytes in
    `result_format`/`graph_format`: an `Answer`) or 'rows' (terms: `Rows`)."""

    query: str
    prefixes: dict[str, str]
    default_graph: Sequence[str] | None = None
    named_graphs: Sequence[str] | None = None
    mode: Mode = "serialize"
    result_format: str = "json"
    graph_format: str = "turtle"
    max_rows: int = 10000
    max_bytes: int = 16 * 2**20


@dataclass(frozen=True, slots=True)
class Answer:
    """The answer to a 'serialize' job: `count` solutions (SELECT), triples (CONSTRUCT) or 1 (ASK), written in
    `format`."""

    form: Form
    body: bytes
    format: str
    count: int
    truncated: Truncation = None


@dataclass(frozen=True, slots=True)
class Rows:
    """The answer to a 'rows' job: SELECT solutions or CONSTRUCT triples (`TRIPLE_VARIABLES`) as terms, or the
    boolean of an ASK."""

    form: Form
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    truncated: Truncation = None


@dataclass(frozen=True, slots=True)
class Failure:
    """The query could not be answered: a syntax error, an evaluation error, an answer the format cannot express,
    the worker's memory cap, or any other engine error; `message` is for the client."""

    kind: FailureKind
    message: str


Reply = Answer | Rows | Failure


@dataclass(frozen=True, slots=True)
class Started:
    """A worker is ready for jobs: `isolation` "namespace" (its own network namespace) or "none", and why not."""

    isolation: str
    why_not: str | None = None
