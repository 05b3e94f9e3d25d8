"""Read scale by replicas: two real `kgraph serve` processes behind a real HAProxy running deploy/haproxy.cfg (the
configuration the README shows), which checks each replica's /health.

Under load from concurrent clients:
- one replica is killed (SIGKILL: no goodbye); HAProxy marks it down within its failover window, and from then on
  every request is answered by the other replica;
- one replica becomes degraded by a real fault (its store directory moved away and one of its two query workers
  killed, so that the pool's respawns fail until the store is back): it still answers queries, but its /health says
  503, so HAProxy takes it out of the rotation; once the store is back the pool heals, and HAProxy sends it requests
  again.
Bounded: a few seconds of load, every loop with a deadline."""

import os
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from stores import haproxy

from tests.e2e.conftest import descendants, start_server, stop_server

pytestmark = pytest.mark.stores
QUERY = "SELECT ?person ?label WHERE { ?person a kg:Person ; rdfs:label ?label } ORDER BY ?person"
CLIENTS = 6
FAILOVER_BOUND = 30.0  # seconds for HAProxy to see a replica change (1 s checks, 2 in a row: about 2 s)


@contextmanager
def cluster(tmp_path: Path, workers: int, shared_cache: bool):
    """Two replicas, `workers` query workers each, over one cached build (`shared_cache`) or a build each, and
    HAProxy in front of them; yields the balancer and the replicas' (process, base URL)."""
    replicas = []
    try:
        for name in ("replica1", "replica2"):
            directory = tmp_path / name
            directory.mkdir()
            if shared_cache:
                (tmp_path / "cache").mkdir(exist_ok=True)
                (directory / "cache").symlink_to(tmp_path / "cache", target_is_directory=True)
            replicas.append(start_server(directory, "--workers", str(workers)))
        for _, base in replicas:  # every client's query is then a cached answer: no 429 for a shared address
            assert httpx.get(base + "/sparql", params={"query": QUERY}, timeout=60).status_code == 200
        with haproxy(tmp_path / "haproxy", [base.removeprefix("http://") for _, base in replicas]) as balancer:
            _wait_for(lambda: set(balancer.servers().values()) == {"UP"}, "both replicas UP")
            yield balancer, replicas
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


def test_killing_a_replica_under_load_loses_no_request_after_the_failover_window(tmp_path):
    with cluster(tmp_path, workers=1, shared_cache=True) as (balancer, [(first, _), _]):
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


def _health(base: str) -> tuple[int, dict]:
    answer = httpx.get(base + "/health", timeout=10)
    return answer.status_code, answer.json()


def test_a_degraded_replica_leaves_the_rotation_until_it_heals(tmp_path):
    with cluster(tmp_path, workers=2, shared_cache=False) as (balancer, [(first, first_base), _]):
        store = next((tmp_path / "replica1" / "cache").glob("*/store"))
        away = store.with_name("store-away")
        with Load(balancer.base) as load:
            time.sleep(2)
            assert min(balancer.sessions().values()) > 0  # both in rotation
            # The fault: replica1's store is moved away (a clean-up run on its disk), then one of its two workers
            # dies (as the OOM killer would kill it). Its pool cannot start a replacement until the store is back.
            store.rename(away)
            faulted_at = time.monotonic()
            os.kill(next(pid for pid in descendants(first.pid) if pid != first.pid), signal.SIGKILL)
            out_at = _wait_for(lambda: balancer.servers()["replica1"] == "DOWN", "replica1 out of the rotation")
            sessions_out = balancer.sessions()
            assert balancer.last_checks()["replica1"] == "L7STS 503"  # answered, and answered 503
            _wait_for(lambda: _health(first_base)[1]["last_error"], "a failed start of a worker reported")
            status, health = _health(first_base)
            assert (status, health["status"], health["workers"], health["alive_workers"]) == (503, "degraded", 2, 1)
            assert health["last_error"].startswith("RuntimeError: a query worker did not start (exit status 1): ")
            assert "FileNotFoundError: " in health["last_error"] and f"{store}/CURRENT" in health["last_error"]
            # Still able to answer (its other worker), it is out because it says it is degraded, not because it fails.
            direct = httpx.get(first_base + "/sparql", params={"query": "ASK { ?s a kg:Person }"}, timeout=30)
            assert direct.status_code == 200 and direct.json()["boolean"] is True
            time.sleep(3)
            sessions_during = balancer.sessions()
            assert _health(first_base)[0] == 503 and balancer.servers()["replica1"] == "DOWN"  # the fault persists
            away.rename(store)
            healed_at = _wait_for(lambda: _health(first_base)[0] == 200, "replica1 healthy again once its store is back")
            back_at = _wait_for(lambda: balancer.servers()["replica1"] == "UP", "replica1 back in the rotation")
            _wait_for(lambda: balancer.sessions()["replica1"] > sessions_during["replica1"], "requests to replica1 again")
        assert sessions_during["replica1"] == sessions_out["replica1"]  # none while it was out
        assert sessions_during["replica2"] > sessions_out["replica2"]  # the healthy replica answered them all
        assert _health(first_base)[1]["alive_workers"] == 2
        outcomes = [outcome for _, outcome in load.outcomes]
        print(f"degraded replica: out of the rotation {out_at - faulted_at:.1f} s after the fault, "
              f"{sessions_during['replica2'] - sessions_out['replica2']} requests to replica2 meanwhile; healthy "
              f"{healed_at - faulted_at:.1f} s after, back in the rotation {back_at - healed_at:.1f} s later; "
              f"{len(outcomes)} requests in all, {sum(o != 200 for o in outcomes)} failed: "
              f"{sorted({str(o) for o in outcomes if o != 200})}")
        assert len(outcomes) > CLIENTS and set(outcomes) == {200}
