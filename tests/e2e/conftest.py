"""End-to-end fixtures: a real `kgraph serve` on a loopback port over the fixture project, a recording TCP listener
(to prove that no request ever leaves the server) and a local Wikidata stand-in for allowed SERVICE calls."""

import json
import shutil
import socket
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from stores import FIXTURE_PROJECT, free_port, start_server, stop_server  # noqa: F401 - re-exported to the e2e tests

WIKIDATA = "https://query.wikidata.org/sparql"
TIMEOUT = 2.0
MAX_ROWS = 50
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason="needs Debian's chromium: apt-get install -y chromium chromium-driver")


SPARQL_JSON = (b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://leaked.example/"}}]}}')


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it and answers like a SPARQL endpoint
    (SPARQL JSON), so that a request forged through the endpoint would come back with its content."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections: list = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while True:
            try:
                connection, address = self.sock.accept()
            except OSError:
                return
            self.connections.append(address)
            try:
                connection.settimeout(1)
                connection.recv(65536)
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                   b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(SPARQL_JSON) + SPARQL_JSON)
            except OSError:
                pass
            connection.close()

    def close(self):
        self.sock.close()


class _WikidataStandIn(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def _answer(self):
        self.requests.append(self.path)
        body = json.dumps({"head": {"vars": ["item", "capital"]}, "results": {"bindings": [
            {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1000001"},
             "capital": {"type": "literal", "value": "stand-in answer"}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self._answer()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def listener():
    recorder = Listener()
    yield recorder
    recorder.close()


@pytest.fixture(scope="session")
def wikidata_standin():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _WikidataStandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", _WikidataStandIn.requests
    server.shutdown()


@pytest.fixture(scope="session")
def server(tmp_path_factory, wikidata_standin):
    tmp = tmp_path_factory.mktemp("serve")
    process, base = start_server(tmp, "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--workers", "2",
                                 "--client-queries", "8", "--long-queries", "2",  # two heavy queries at once
                                 "--service-map", f"{WIKIDATA}={wikidata_standin[0]}")
    yield base
    stop_server(process)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's chromium + chromium-driver, through selenium) for every browser test, with a
    profile of its own and its console log kept (`get_log("browser")`); a test sets the window size it needs."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs the selenium package")
    profile = tempfile.mkdtemp(prefix="kgraph-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--hide-scrollbars", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_script_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture()
def client(server):
    with httpx.Client(base_url=server, timeout=30) as http:
        yield http


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it (the server and its query workers)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of `pid` and its descendants, in MB."""
    total = 0
    for process in descendants(pid):
        try:
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def health(base: str) -> dict:
    return httpx.get(base + "/health", timeout=5).json()


def wait_until(condition, seconds: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def pytest_terminal_summary(terminalreporter, config):
    """Where the browser test left its screenshots (tests/e2e/test_browser_pages.py), once the run is over.
    An attribute of the config, not a stash key: this file is imported under two module names."""
    folder = getattr(config, "kgraph_screenshots", None)
    if folder is not None:
        terminalreporter.write_line(f"screenshots of the pages: {folder}")
