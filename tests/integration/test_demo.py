"""`make demo` end to end, as a user runs it: the healthy example passes every check, the same
example with six planted launch risks fails on each of them (by rule id), and the demo's exit code
says so."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from examples.marketplace.demo import PLANTED, summary
from tests.support.servers import find_binary

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration
CHECKS = ("env", "secrets", "migrations", "dns", "email", "tls", "web", "probes", "ai")


@pytest.mark.slow
@pytest.mark.skipif(
    not (find_binary("nginx") and find_binary("nsd")),
    reason="nginx and nsd are installed by make test",
)
def test_demo_passes_the_healthy_example_and_fails_the_planted_risks(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    proc = subprocess.run(
        [sys.executable, "-m", "examples.marketplace.demo", "--out", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=480,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    healthy = json.loads((tmp_path / "healthy.json").read_text())
    assert healthy["passed"] is True and healthy["findings"] == []
    assert {r["check"]: r["status"] for r in healthy["results"]} == dict.fromkeys(CHECKS, "passed")
    figures = {r["check"]: r["figures"] for r in healthy["results"]}
    assert figures["env"]["env.declared_vars"] > 10  # the schema was found, not silently skipped
    assert any(k.startswith("apply_locks:") for k in figures["migrations"])  # really applied
    assert figures["probes"]["health.checked"] == 2
    assert figures["probes"]["rate_limits.POST /api/signup"].startswith("429 at request ")
    assert figures["ai"]["ai.requests"] == 37 and figures["ai"]["ai.cases_not_run"] == 0

    planted = json.loads((tmp_path / "planted.json").read_text())
    assert planted["passed"] is False
    rules = {f["rule"] for f in planted["findings"]}
    assert set(PLANTED.values()) <= rules
    # what follows from the planted risks, and nothing else: the rest of the example stays healthy
    assert rules - set(PLANTED.values()) <= {
        "probes.smoke-step-slow",  # the flow's search step is the planted slow endpoint
        "migrations.require-timeout",
    }
    assert (
        "migrations.apply-failed" not in rules
    )  # the planted migration is valid SQL, just locking
    statuses = {r["check"]: r["status"] for r in planted["results"]}
    assert statuses == {
        **dict.fromkeys(CHECKS, "passed"),
        **dict.fromkeys(("secrets", "migrations", "web", "probes"), "failed"),
    }
    key = next(f for f in planted["findings"] if f["rule"] == "secrets.stripe-secret-key")
    assert key["location"]["path"] == "app/billing.py" and "…(32 chars)" in key["evidence"]

    out = proc.stdout
    assert "launchgate demo: healthy run: passed (exit 0)" in out
    assert f"planted risks caught: {len(PLANTED)}/{len(PLANTED)}" in out
    ranked = [
        line.split()[0]
        for line in out.split("== 2/2", 1)[1].splitlines()
        if line.split() and line.split()[0] in ("BLOCKER", "HIGH", "MEDIUM", "LOW", "INFO")
    ]
    assert ranked == sorted(
        ranked, key=["BLOCKER", "HIGH", "MEDIUM", "LOW", "INFO"].index
    )  # ranked
    assert "launchgate demo: exit 0" in out
    if (ROOT / "launchgate" / "handover.py").exists():
        assert f"handover pack of the healthy run: {tmp_path / 'handover.html'}" in out
        assert (tmp_path / "handover.html").read_text().startswith("<!")


@pytest.mark.parametrize(
    ("healthy", "risky", "found", "code"),
    [
        (0, 1, set(PLANTED.values()), 0),
        (1, 1, set(PLANTED.values()), 1),  # the healthy side failed its gate
        (0, 0, set(), 1),  # the planted risks passed the gate
        (0, 1, set(PLANTED.values()) - {"web.hsts-missing"}, 1),  # one planted risk went unnoticed
        (3, 1, set(PLANTED.values()), 3),  # a check could not run: launchgate's own code
        (0, 2, set(), 2),
    ],
)
def test_demo_exit_code(healthy, risky, found, code) -> None:
    got, lines = summary(healthy, risky, {"findings": [{"rule": r} for r in found]})
    assert got == code
    missed = [line for line in lines if line.lstrip().startswith("MISSED")]
    assert len(missed) == len(PLANTED) - len(found)
