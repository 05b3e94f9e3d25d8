"""The application's state: one typed object per app, made by `create_app` and provided to handlers as a FastAPI
dependency (`AppStateDep`) or, in helpers that take the request, by `app_state(request)`."""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from starlette.responses import Response

if TYPE_CHECKING:  # imported for their types only: they import this module
    from rdflib import Graph

    from kgraph.claims import ClaimsDocument
    from kgraph.export import ExportResult
    from kgraph.serve._answers import AnswerCache
    from kgraph.serve._app import ServedBuild
    from kgraph.serve._backend import QueryBackend
    from kgraph.serve._settings import Settings


@dataclass
class AppState:
    settings: "Settings"
    prefixes: dict[str, str]                              # the predeclared prefixes of every query
    results: "AnswerCache | None"                         # answers and pages' rows; None when --cache-mb 0
    updater: Callable[[Request, str], Awaitable[Response]]  # what a permitted SPARQL Update does
    project_root: Path | None = None
    plans: "AnswerCache | None" = None                    # the inspector's plans; None when --plan-cache-mb 0
    # while the app runs (its lifespan sets them): the build served, the query backend, the triples per named graph
    served: "ServedBuild | None" = None
    backend: "QueryBackend | None" = None
    graph_counts: dict[str, int] = field(default_factory=dict)
    # the default graph of a query without a dataset: the build's default graphs and its source graphs
    default_graphs: list[str] = field(default_factory=list)
    client_queries: dict[str, int] = field(default_factory=dict)  # queries in the pool per client address
    # the dump set and the VoID description, made on first use
    dumps: "tuple[ExportResult, ...] | None" = None
    dumps_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    description: "Graph | None" = None
    # the schema.org claims document, written on first use
    claims: "ClaimsDocument | None" = None
    claims_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def graphs(self) -> set[str]:
        """The named graphs served."""
        return set(self.graph_counts)

    @property
    def build(self) -> "ServedBuild":
        assert self.served is not None, "the app's lifespan has not started"
        return self.served

    @property
    def pool(self) -> "QueryBackend":
        assert self.backend is not None, "the app's lifespan has not started"
        return self.backend


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.kgraph
    return state


AppStateDep = Annotated[AppState, Depends(app_state)]
