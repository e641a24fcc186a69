"""`make demo` end to end: the example's live stack on loopback and the full gate against it, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.servers import find_binary

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


@pytest.mark.skipif(not (find_binary("nginx") and find_binary("nsd")), reason="nginx and nsd are installed by make test")
def test_demo_runs_every_check_and_passes(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    out = tmp_path / "demo.json"
    proc = subprocess.run([sys.executable, "-m", "examples.marketplace.demo", "--format", f"json={out}"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    doc = json.loads(out.read_text())
    statuses = {r["check"]: r["status"] for r in doc["results"]}
    assert statuses == {c: "passed" for c in ("env", "secrets", "migrations", "dns", "email", "tls", "web", "probes",
                                                    "ai")}
    figures = {r["check"]: r["figures"] for r in doc["results"]}
    assert figures["env"]["env.declared_vars"] > 10  # the schema was found, not silently skipped
    assert any(k.startswith("apply_locks:") for k in figures["migrations"])  # migrations really applied
    assert figures["probes"]["health.checked"] == 2
    assert figures["web"]["web.edge.marketplace.test"] == "none recognised"  # the edge, per host
    assert figures["ai"]["ai.requests"] == 37 and figures["ai"]["ai.cases_not_run"] == 0  # the whole built-in set
    assert "launchgate demo: marketplace on https://marketplace.test" in proc.stdout
