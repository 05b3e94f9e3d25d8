"""The seam between the HTTP front and query evaluation: what the worker pool and the remote store both provide."""

import asyncio
from collections.abc import Callable
from typing import Protocol, TypedDict

from kgraph.serve._messages import Job, Reply


class Health(TypedDict):
    """A backend's state, as /health reports it (JSON)."""

    workers: int
    alive_workers: int
    busy_workers: int
    replaced_workers: int
    isolation: str | None
    last_error: str | None


class QueryBackend(Protocol):
    """Evaluates inspected queries: `WorkerPool` (killable worker processes over the embedded store) or
    `RemoteStore` (an external SPARQL store). Failures the user must hear of are `kgraph.errors.EvaluationError`s
    or a `Failure` reply."""

    async def start(self) -> None: ...

    async def run(self, job: Job, timeout: float,
                  hold: Callable[[asyncio.Future[None]], None] | None = None) -> Reply: ...

    def health(self) -> Health: ...

    def service_endpoints(self) -> dict[str, str]:
        """Allowed SERVICE IRI -> the URL a query is to call instead."""
        ...

    def close(self) -> None: ...
