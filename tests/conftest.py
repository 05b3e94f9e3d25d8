"""Shared fixtures: the project itself, the miniature pipeline project, and built datasets in temporary caches."""

from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from stores import (  # noqa: F401 - re-exported
    VIRTUOSO_LOCKDOWN,
    VIRTUOSO_NEW_DATABASE_PASSWORD,
    VIRTUOSO_USER,
    free_port,
    oxigraph_server,
    virtuoso_server,
)

from kgraph.build import build
from kgraph.publish import ChallengedAuth

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "mini"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def mini_root() -> Path:
    return MINI


@pytest.fixture(scope="session")
def built_project():
    """The real project, built once per test session into a private cache (shared with the content tests)."""
    from content_graph import built

    return built()


@pytest.fixture(scope="session")
def built_mini(tmp_path_factory):
    return build(MINI, cache_dir=tmp_path_factory.mktemp("mini-cache")).built


@pytest.fixture(scope="session")
def wikidata_stand_in(tmp_path_factory):
    """SPARQL URL of a real oxigraph server holding the recorded Wikidata extract (tests/fixtures/wikidata/)."""
    extract = FIXTURES / "wikidata" / "extract.ttl"
    with oxigraph_server(tmp_path_factory.mktemp("wikidata-store"), load=extract) as base:
        yield f"{base}/query"


# --- The triple stores that `publish` and `serve --store` are tested against ------------------------------------------

STORE_QUERY_SECONDS = 5  # each store's own query time limit
VIRTUOSO_PASSWORD = "kgraph-test-administrator"  # dba's password, changed from the new database's as the README says
VIRTUOSO_MAX_ROWS = 5000  # Virtuoso's own result cap (ResultSetMaxRows), below `kgraph serve --max-rows`


@dataclass(frozen=True)
class StoreTarget:
    """One running store, as `kgraph publish` and `kgraph serve --store` address it."""

    name: str
    graph_store: str  # the Graph Store Protocol endpoint publish writes to
    sparql: str  # the SPARQL query endpoint
    credentials: list[str] = field(default_factory=list)  # the `kgraph publish` options that authenticate

    @property
    def auth(self) -> httpx.Auth | None:
        if not self.credentials:
            return None
        user, _, password = self.credentials[1].partition(":")
        return ChallengedAuth(user, password)


@pytest.fixture(scope="session")
def oxigraph_store(tmp_path_factory):
    """A real `oxigraph serve` with its own query time limit (`--timeout-s`)."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "db", None,
                         "--timeout-s", str(STORE_QUERY_SECONDS)) as base:
        yield StoreTarget("oxigraph", f"{base}/store", f"{base}/query")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A real Virtuoso 7 with a new database, set up as the README says: dba's password changed, and locked down by
    deploy/virtuoso-lockdown.sql."""
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso"), query_seconds=STORE_QUERY_SECONDS,
                         max_rows=VIRTUOSO_MAX_ROWS, password=VIRTUOSO_PASSWORD) as store:
        store.sql_file(VIRTUOSO_LOCKDOWN)
        yield store


@pytest.fixture(scope="session")
def virtuoso_store(virtuoso):
    return StoreTarget("virtuoso", virtuoso.graph_store, virtuoso.sparql,
                       ["--auth", f"{VIRTUOSO_USER}:{VIRTUOSO_PASSWORD}"])


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def store(request) -> StoreTarget:
    """Each tested store in turn."""
    return request.getfixturevalue(f"{request.param}_store")
