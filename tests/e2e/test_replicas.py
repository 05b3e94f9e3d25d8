"""Read scale by replicas: two real `kgraph serve` processes behind a real HAProxy running deploy/haproxy.cfg (the
configuration the README shows), which checks each replica's /health.

Under load from concurrent clients, one replica is killed (SIGKILL: no goodbye); HAProxy marks it down within its
failover window, and from then on every request is answered by the other replica. Bounded: a few seconds of load,
every loop with a deadline."""

import os
import signal
import threading
import time

import httpx
import pytest

from stores import haproxy
from tests.e2e.conftest import start_server, stop_server

pytestmark = pytest.mark.stores
QUERY = "SELECT ?person ?label WHERE { ?person a kg:Person ; rdfs:label ?label } ORDER BY ?person"
CLIENTS = 6
FAILOVER_BOUND = 30.0  # seconds for HAProxy to see a dead replica (1 s checks, 2 failures: about 2 s)


@pytest.fixture
def cluster(tmp_path):
    """Two replicas over one cached build, and HAProxy in front of them."""
    shared_cache = tmp_path / "cache"
    replicas = []
    try:
        for name in ("replica1", "replica2"):
            directory = tmp_path / name
            directory.mkdir()
            (directory / "cache").symlink_to(shared_cache, target_is_directory=True)
            shared_cache.mkdir(exist_ok=True)
            replicas.append(start_server(directory, "--workers", "1"))
        with haproxy(tmp_path / "haproxy", [base.removeprefix("http://") for _, base in replicas]) as balancer:
            _wait_for(lambda: set(balancer.servers().values()) == {"UP"}, "both replicas UP")
            yield balancer, [process for process, _ in replicas]
    finally:
        for process, _ in replicas:
            stop_server(process)


def _wait_for(condition, what: str, seconds: float = FAILOVER_BOUND) -> float:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        time.sleep(0.1)
    return time.monotonic()


class Load:
    """CLIENTS threads sending the same GET query through the balancer until stopped; every outcome is recorded."""

    def __init__(self, base: str):
        self.base, self.stop = base, threading.Event()
        self.outcomes: list[tuple[float, int | str]] = []  # (time sent, status code or error)
        self.threads = [threading.Thread(target=self._client, daemon=True) for _ in range(CLIENTS)]

    def _client(self):
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while not self.stop.is_set():
                sent = time.monotonic()
                try:
                    outcome = client.get("/sparql", params={"query": QUERY}).status_code
                except httpx.HTTPError as error:
                    outcome = f"{type(error).__name__}: {error}"
                self.outcomes.append((sent, outcome))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(60)


def test_killing_a_replica_under_load_loses_no_request_after_the_failover_window(cluster):
    balancer, (first, _) = cluster
    with Load(balancer.base) as load:
        time.sleep(2)
        served_before = dict(balancer.sessions())
        killed_at = time.monotonic()
        os.kill(first.pid, signal.SIGKILL)
        down_at = _wait_for(lambda: balancer.servers()["replica1"] == "DOWN", "replica1 marked DOWN")
        time.sleep(3)
    after_window = [outcome for sent, outcome in load.outcomes if sent > down_at]
    in_window = [outcome for sent, outcome in load.outcomes if killed_at <= sent <= down_at]
    assert served_before["replica1"] > 0 and served_before["replica2"] > 0  # both were in rotation
    assert len(after_window) > CLIENTS and set(after_window) == {200}
    print(f"failover: replica1 marked DOWN {down_at - killed_at:.1f} s after the kill; {len(in_window)} requests "
          f"in that window, {sum(o != 200 for o in in_window)} failed; {len(after_window)} after it, all 200")
    assert balancer.servers() == {"replica1": "DOWN", "replica2": "UP"}
