"""Deadlines hold whatever a check does: a check that blocks its thread (no await) or leaves a
worker thread behind still ends as an error result on time, and the whole run's --timeout ends the
process on time with the finished checks in the outputs and exit 3."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

from launchgate.check import Context, Scope
from launchgate.model import Status
from launchgate.net import Net
from launchgate.repo import Repo
from launchgate.runner import run_all

from .fakes import FindingCheck

REPO_ROOT = Path(__file__).resolve().parents[2]


class BlockingCheck(FindingCheck):
    """Blocks its thread without ever awaiting: asyncio.timeout alone could not stop it."""

    id: ClassVar[str] = "blocks"
    timeout_s: ClassVar[float] = 0.5

    async def run(self, ctx):
        time.sleep(30)
        return []


def ctx_for(tmp_path: Path) -> Context:
    return Context(config={"fake": {"level": 2}}, repo=Repo(tmp_path), net=Net(), env={},
                   scope=Scope())


def test_a_check_that_blocks_its_thread_times_out_and_the_others_finish(tmp_path: Path) -> None:
    started = time.monotonic()
    results = asyncio.run(run_all([BlockingCheck(), FindingCheck()], lambda c: ctx_for(tmp_path)))
    elapsed = time.monotonic() - started
    out = {r.check: (r.status, r.reason) for r in results}
    assert out == {"blocks": (Status.ERROR, "timed out after 0.5 s"), "fake": (Status.FAILED, "")}
    # deadline + grace + a margin for a loaded machine; the sleep is 30 s
    assert elapsed < 0.5 + 1.0 + 1.5


def test_the_run_deadline_stops_checks_still_running_and_keeps_the_finished(tmp_path: Path) -> None:
    class Slow(FindingCheck):
        id: ClassVar[str] = "slow"
        timeout_s: ClassVar[float] = 60

        async def run(self, ctx):
            await asyncio.sleep(30)
            return []

    class Load(FindingCheck):
        id: ClassVar[str] = "load"
        exclusive: ClassVar[bool] = True

    started = time.monotonic()
    results = asyncio.run(run_all([Slow(), FindingCheck(), Load()], lambda c: ctx_for(tmp_path),
                                  deadline_s=0.5))
    out = {r.check: (r.status, r.reason) for r in results}
    assert out == {"slow": (Status.ERROR, "did not finish before the run's deadline (--timeout "
                            "0.5 s)"),
                   "fake": (Status.FAILED, ""),
                   "load": (Status.ERROR, "did not start before the run's deadline (--timeout 0.5 "
                            "s)")}
    assert time.monotonic() - started < 2.5


def test_without_a_deadline_problem_the_run_is_unchanged(tmp_path: Path) -> None:
    results = asyncio.run(run_all([FindingCheck()], lambda c: ctx_for(tmp_path), deadline_s=30))
    assert [(r.check, r.status) for r in results] == [("fake", Status.FAILED)]


SCRIPT = """
import asyncio, sys, time
from typing import ClassVar
from launchgate import app
from launchgate.cli import main
from tests.unit.fakes import FindingCheck

class Stuck(FindingCheck):
    id: ClassVar[str] = "stuck"
    schema: ClassVar[dict] = {}
    timeout_s: ClassVar[float] = 3600

    async def run(self, ctx):
        # a worker thread that never ends: ThreadPoolExecutor joins it at exit unless the CLI exits hard
        await asyncio.to_thread(time.sleep, 3600)
        return []

class Spins(FindingCheck):
    id: ClassVar[str] = "spins"
    schema: ClassVar[dict] = {}
    timeout_s: ClassVar[float] = 3600

    async def run(self, ctx):
        while True:  # CPU-bound, never awaits
            pass

app.all_checks = lambda: (FindingCheck(), Stuck(), Spins())
sys.argv = ["launchgate", "check", sys.argv[1], "--phase", "pre", "--comment", "never", *sys.argv[2:]]
main()  # the program's entry point: the only place that may end the process hard
"""


def run_cli(tmp_path: Path, *args: str,
            outer: float = 60) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), *args], capture_output=True,
                          text=True,
                          timeout=outer, cwd=REPO_ROOT,
                          env={"PATH": "/usr/bin:/bin", "GITHUB_ACTIONS": ""})
    return proc, time.monotonic() - started


def test_cli_timeout_ends_the_process_on_time_with_exit_3_and_the_finished_outputs(
    tmp_path: Path,
) -> None:
    report = tmp_path / "out" / "report.json"
    proc, elapsed = run_cli(tmp_path, "--timeout", "2s", "--format", "json", "--output",
                            str(report))
    assert proc.returncode == 3, proc.stderr
    assert proc.stderr.splitlines() == [
        "launchgate: the run's deadline (--timeout 2s) was reached; not finished: stuck, spins "
        "(the outputs hold the checks that finished)"]
    # the deadline, plus interpreter start-up and a margin for a loaded machine
    assert elapsed < 2 + 6
    doc = json.loads(report.read_text())
    results = {r["check"]: r["status"] for r in doc["results"]}
    assert results == {"fake": "failed", "stuck": "error", "spins": "error"}
    assert sorted(f["rule"] for f in doc["findings"]) == ["fake.high-problem", "fake.low-problem"]


def test_cli_timeout_that_is_not_a_duration_is_a_usage_error(tmp_path: Path) -> None:
    for bad in ("soon", "0", "-5m", "nan", "inf"):
        proc, _ = run_cli(tmp_path, "--timeout", bad)
        assert proc.returncode == 2
        assert proc.stderr == (f"launchgate: --timeout {bad!r}: expected a duration above zero, "
                               "e.g. 900, 90s, 15m or 1h\n")
