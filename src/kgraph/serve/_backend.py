"""The seam between the HTTP front and query evaluation: what the worker pool and the remote store both provide."""

import asyncio
from collections.abc import Callable
from typing import Any, Protocol

from kgraph.serve._pool import Job

# A worker's answer to a job (picklable: it crosses a process boundary). Keys: "form" (SELECT, ASK, CONSTRUCT);
# "body", "format", "count" in serialize mode; "variables", "rows" (lists of `kgraph.formats.Term`), "boolean" in
# rows mode; "truncated" (None, "rows" or "bytes"); or "error" (syntax, engine, memory) with its "message".
Reply = dict[str, Any]


class QueryBackend(Protocol):
    """Evaluates inspected queries: `WorkerPool` (killable worker processes over the embedded store) or
    `RemoteStore` (an external SPARQL store). Failures the user must hear of are `kgraph.errors.EvaluationError`s."""

    async def start(self) -> None: ...

    async def run(self, job: Job, timeout: float,
                  hold: Callable[[asyncio.Future[None]], None] | None = None) -> Reply: ...

    def health(self) -> dict[str, Any]: ...

    def service_endpoints(self) -> dict[str, str]:
        """Allowed SERVICE IRI -> the URL a query is to call instead."""
        ...

    def close(self) -> None: ...
