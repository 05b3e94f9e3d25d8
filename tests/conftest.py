"""Shared fixtures: the project itself, the miniature pipeline project, and built datasets in temporary caches."""

import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from kgraph.build import build

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


OXIGRAPH = Path(sys.executable).with_name("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def oxigraph_server(location: Path, load: Path | None = None):
    """A real `oxigraph serve` (PyPI package `oxigraph`) on a free loopback port; yields its base URL."""
    if not OXIGRAPH.exists():
        pytest.fail(f"the oxigraph server binary is missing at {OXIGRAPH} (pip install oxigraph)")
    if load is not None:
        subprocess.run([str(OXIGRAPH), "load", "--location", str(location), "--file", str(load)],
                       check=True, capture_output=True, timeout=30)
    port = free_port()
    server = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    try:
        while True:
            try:
                if httpx.post(f"{base}/query", data={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"oxigraph did not start on port {port}: {server.stderr.read().decode()[:300]}")
            time.sleep(0.05)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def wikidata_stand_in(tmp_path_factory):
    """SPARQL URL of a real oxigraph server holding the recorded Wikidata extract (tests/fixtures/wikidata/)."""
    extract = FIXTURES / "wikidata" / "extract.ttl"
    with oxigraph_server(tmp_path_factory.mktemp("wikidata-store"), load=extract) as base:
        yield f"{base}/query"
