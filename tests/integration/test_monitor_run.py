"""`launchgate monitor` end to end, as the scheduled workflow runs it: the example marketplace on
loopback (nginx in front), GitHub's API faked on loopback and validated against its description.
A failing production opens the issue, the same app healthy again closes it; the latency load and
rate-limit bursts in the same launchgate.yml are never sent."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from launchgate.github_api import ISSUE_MARKER
from tests.support.fake_github import fake_github
from tests.support.github_env import actions_env
from tests.support.marketplace import marketplace
from tests.support.servers import find_binary
from tests.support.shared import shared_path

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test" + "-token-" + "not-real"
PASSWORD = "pw-" + "monitor-" + "0123456789"
pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not find_binary("nginx"), reason="nginx comes with make test")]


def _config(repo: Path, targets: dict) -> None:
    repo.mkdir()
    smoke = [{"name": "signup-login", "steps": [
        {"request": "POST /api/signup", "json": {"email": "m-${RUN_ID}@example.test",
                                                 "password": "${SMOKE_PASSWORD}"},
         "expect": {"status": 201}},
        {"request": "POST /api/login", "json": {"email": "m-${RUN_ID}@example.test",
                                                "password": "${SMOKE_PASSWORD}"},
         "expect": {"status": 200}}]}]
    config = {"version": 1, "targets": targets,
              "health": [{"url": "/healthz", "expect": {"dependencies": ["database", "payments"]}}],
              "smoke": smoke,
              "rate_limits": [{"request": "POST /api/password-reset", "max_requests": 50}],
              "latency": [{"request": "GET /delays?run=monitor", "requests": 200, "rate": 50}]}
    (repo / "launchgate.yml").write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML


def _monitor(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "launchgate", "monitor", str(repo), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def _served(url: str) -> list[float]:
    with urllib.request.urlopen(f"{url}/delays/served?run=monitor", timeout=5) as resp:
        return list(json.loads(resp.read())["served_ms"])


def test_failing_production_opens_the_issue_and_recovery_closes_it(tmp_path: Path) -> None:
    with fake_github(shared_path("schemas", "github-rest-subset.json"), TOKEN) as api:
        env = {**actions_env(tmp_path / "runner", {}, event_name="schedule", api_url=api.url,
                             token=TOKEN), "SMOKE_PASSWORD": PASSWORD,
               "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
        with marketplace(tmp_path / "down", env={"MARKETPLACE_PAYMENTS": "down"}) as shop:
            _config(tmp_path / "repo", shop.targets())
            report = tmp_path / "down.json"
            down = _monitor(tmp_path / "repo", env, "--format", f"json={report}")
            assert _served(shop.url) == []  # the latency section was not sent
        assert down.returncode == 1, down.stdout + down.stderr
        assert "monitor: 1 health URL(s), 1 smoke flow(s) with 2 step(s): at most 3 request(s); " \
               "not sent: rate_limits, latency" in down.stderr
        assert "launchgate: monitor issue #1: opened" in down.stderr
        doc = json.loads((tmp_path / "down.json").read_text())
        [probes] = doc["results"]
        assert {f["rule"] for f in doc["findings"]} == {"probes.health-down"}  # 503: payments down
        assert probes["figures"]["smoke.signup-login"] == "2/2 steps passed"
        assert not any(k.startswith(("latency.", "rate_limits.")) for k in probes["figures"])
        issue = api.issues[1]
        assert issue["state"] == "open" and issue["body"].startswith(ISSUE_MARKER)
        assert "probes.health-down" in issue["body"]
        log = [ln for ln in down.stdout.splitlines() if ln != f"::add-mask::{PASSWORD}"]
        assert len(log) < len(down.stdout.splitlines())  # the runner is told to hide it first
        assert PASSWORD not in issue["body"] + "\n".join(log) + down.stderr

        with marketplace(tmp_path / "up") as shop:
            (tmp_path / "repo" / "launchgate.yml").unlink()
            (tmp_path / "repo").rmdir()
            _config(tmp_path / "repo", shop.targets())
            up = _monitor(tmp_path / "repo", env)
        assert up.returncode == 0, up.stdout + up.stderr
        assert "launchgate: monitor issue #1: closed" in up.stderr
        assert api.issues[1]["state"] == "closed"
        assert api.comments[1][0]["body"].startswith("✅ Recovered")
        assert [(s.method, s.path) for s in api.seen][-3:] == [
            ("GET", "/repos/acme/shop/issues"), ("POST", "/repos/acme/shop/issues/1/comments"),
            ("PATCH", "/repos/acme/shop/issues/1")]
        assert api.violations == []
