"""An endless chunked body is a failure, not a pass: health and smoke against a real loopback server
that streams a 200 forever (fast, so the body cap ends the read) or trickles it (so the deadline
does). The CLI runs in a subprocess with an outer timeout and must end within the probe deadlines
plus a margin."""

from __future__ import annotations

import contextlib
import json
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.servers import LOOPBACK

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"


class Endless(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        trickle = b" /trickle" in self.request.recv(65536)
        with contextlib.suppress(OSError):
            self.request.sendall(HEAD)
            chunk = b"400\r\n" + b'{"status":"ok"}'.ljust(1024) + b"\r\n"
            while True:  # until the client hangs up
                self.request.sendall(chunk)
                if trickle:
                    time.sleep(0.2)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture(scope="module")
def endless() -> Iterator[int]:
    with Server((LOOPBACK, 0), Endless) as srv:
        t = threading.Thread(target=srv.serve_forever, daemon=True)
        t.start()
        yield srv.server_address[1]
        srv.shutdown()


def run_cli(tmp_path: Path, port: int, section: str) -> tuple[int, float, dict]:
    (tmp_path / "launchgate.yml").write_text(
        f"targets:\n  canonical: http://app.test\n  resolve: ['app.test:{port}:{LOOPBACK}']\n  "
        f"ports: {{http: {port}}}\n  timeout_s: 3\n{section}")
    out = tmp_path / "report.json"
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "launchgate", "check", str(tmp_path), "--only",
                           "probes",
                           "--comment", "never", "--format", "json", "--output", str(out)],
                          capture_output=True, text=True, timeout=90, env={"PATH": "/usr/bin:/bin"})
    return proc.returncode, time.monotonic() - started, json.loads(out.read_text())


def test_endless_health_body_is_health_down(tmp_path: Path, endless: int) -> None:
    code, elapsed, doc = run_cli(tmp_path, endless, "health:\n  - url: /healthz\n    timeout_s: "
                                 "3\n")
    assert code == 1
    assert elapsed < 3 + 10
    assert [(f["rule"], f["message"].split(" (")[0]) for f in doc["findings"]] == [
        ("probes.health-down", "GET http://app.test/healthz: the body did not end within 65536 "
         "bytes")]


def test_endless_smoke_body_fails_the_step(tmp_path: Path, endless: int) -> None:
    code, elapsed, doc = run_cli(tmp_path, endless, "smoke:\n  - name: home\n    steps:\n      - "
                                 "request: GET /\n")
    assert code == 1
    assert elapsed < 3 + 10
    (f,) = doc["findings"]
    assert f["rule"] == "probes.smoke-step-failed"
    assert f["message"].startswith("smoke flow 'home' failed at step 'step 1' (1/1): GET "
                                   "http://app.test/: body: did not end within ")


def test_trickled_endless_health_body_is_health_down_at_its_deadline(tmp_path: Path,
                                                                     endless: int) -> None:
    code, elapsed, doc = run_cli(tmp_path, endless, "health:\n  - url: /trickle\n    timeout_s: "
                                 "2\n")
    assert code == 1
    assert elapsed < 2 + 10
    assert [(f["rule"], f["message"].split(" after ")[0]) for f in doc["findings"]] == [
        ("probes.health-down", "GET http://app.test/trickle: no answer")]
