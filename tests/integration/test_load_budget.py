"""The run-wide load budget, counted at a real loopback server: many rate-limit entries together
send no more than the budget's requests, and many health entries never have more than its in-flight
limit open at once."""

from __future__ import annotations

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from launchgate.check import Context, Scope
from launchgate.checks import probes
from launchgate.checks.probes import budget
from launchgate.net import Net, NetSettings
from launchgate.repo import Repo
from tests.support.servers import LOOPBACK


class Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.total = self.now = self.peak = 0


def make_handler(count: Counter) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            with count.lock:
                count.total += 1
                count.now += 1
                count.peak = max(count.peak, count.now)
            answered = False
            try:
                if self.path.startswith("/slow"):
                    time.sleep(0.05)
                body = b'{"status":"ok"}'
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                # the request leaves the count before its body is written: once the body is out
                # the client may free its slot and send the next request, which could otherwise be
                # counted while this thread has not yet decremented (a peak of 5 with 4 slots)
                with count.lock:
                    count.now -= 1
                answered = True
                self.wfile.write(body)
            finally:
                if not answered:
                    with count.lock:
                        count.now -= 1

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture()
def server():
    count = Counter()
    srv = ThreadingHTTPServer((LOOPBACK, 0), make_handler(count))
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv.server_address[1], count
    srv.shutdown()
    srv.server_close()


def run_probes(tmp_path: Path, port: int, **sections: Any) -> list[Any]:
    targets = {"canonical": "http://app.test", "resolve": [f"app.test:{port}:{LOOPBACK}"],
               "ports": {"http": port}}
    ctx = Context(config={"targets": targets, **sections}, repo=Repo(tmp_path),
                  net=Net(NetSettings.from_targets(targets, tmp_path)), env={}, scope=Scope())
    return asyncio.run(probes.ProbesCheck().run(ctx))


def test_rate_limit_entries_share_one_request_budget(tmp_path: Path, server, monkeypatch) -> None:
    port, count = server
    monkeypatch.setattr(budget, "RUN_MAX_REQUESTS", 300)
    # 1,000 asked for
    entries = [{"request": f"GET /limited/{i}", "max_requests": 100} for i in range(10)]
    findings = run_probes(tmp_path, port, rate_limits=entries)
    assert count.total == 300  # before: every entry sent its own 100 (1,000)
    missing = [f for f in findings if f.rule.id == "probes.rate-limit-missing"]
    assert len(missing) == 3  # the three bursts that ran whole; the others stopped on the budget
    budget_note = "not sent: the run-wide load budget of 300 requests is spent"
    assert all(budget_note not in f.message for f in missing)


def test_health_entries_never_exceed_the_in_flight_limit(tmp_path: Path, server,
                                                         monkeypatch) -> None:
    port, count = server
    monkeypatch.setattr(budget, "MAX_IN_FLIGHT", 4)
    findings = run_probes(tmp_path, port, health=[{"url": f"/slow/{i}"} for i in range(60)])
    assert findings == []
    assert count.total == 60
    assert count.peak <= 4  # before: all 60 at once
