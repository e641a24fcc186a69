"""The runner: a crashing, hanging, skipping or erroring check becomes a result; the others still
run."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

from launchgate.check import Context, Scope
from launchgate.model import Status
from launchgate.net import Net
from launchgate.repo import Repo
from launchgate.runner import Policy, apply_policy, read_baseline, render_baseline, run_all

from .fakes import (
    RULE_HIGH,
    CrashingCheck,
    ErroringCheck,
    FindingCheck,
    HangingCheck,
    SkippingCheck,
)


def ctx_for(tmp_path: Path) -> Context:
    return Context(config={"fake": {"level": 2}}, repo=Repo(tmp_path), net=Net(), env={},
                   scope=Scope())


def run(tmp_path: Path, checks: list) -> dict[str, tuple[Status, str, list[str]]]:
    results = asyncio.run(run_all(checks, lambda c: ctx_for(tmp_path)))
    return {r.check: (r.status, r.reason, [f.rule.id for f in r.findings]) for r in results}


def test_a_crash_and_a_hang_do_not_stop_the_others(tmp_path: Path) -> None:
    out = run(tmp_path,
              [CrashingCheck(), HangingCheck(), SkippingCheck(), ErroringCheck(), FindingCheck()])
    assert out["crashy"] == (Status.ERROR, "internal error in check crashy: ZeroDivisionError: "
                             "division by zero in a buggy check", [])
    assert out["hangs"] == (Status.ERROR, "timed out after 0.3 s", [])
    assert out["skips"] == (Status.SKIPPED, "nothing to look at here", [])
    assert out["errs"] == (Status.ERROR, "database at 127.0.0.1:1 refused the connection", [])
    assert out["fake"] == (Status.FAILED, "", ["fake.high-problem", "fake.low-problem"])


def test_figures_are_recorded(tmp_path: Path) -> None:
    (result,) = asyncio.run(run_all([FindingCheck()], lambda c: ctx_for(tmp_path)))
    assert result.figures == {"level": 2}


def results_after(tmp_path: Path, policy: Policy, source: str) -> list[tuple[str, str, bool]]:
    (tmp_path / "app.py").write_text(source)
    results = asyncio.run(run_all([FindingCheck()], lambda c: ctx_for(tmp_path)))
    (res,) = apply_policy(results, Repo(tmp_path), policy)
    return [(f.rule.id, f.severity.label, f.on_changed_line) for f in res.findings]


SOURCE = "line1\nline2\nline3\nline4\nline5\n"


def test_overrides_change_severity_or_turn_rules_off(tmp_path: Path) -> None:
    policy = Policy(overrides={"fake.high-problem": "off", "fake.low-problem": "blocker"})
    assert results_after(tmp_path, policy, SOURCE) == [("fake.low-problem", "blocker", False)]


def test_inline_ignore_on_the_line_or_above(tmp_path: Path) -> None:
    src = ("x\nsecret = 1  # launchgate: ignore[fake.high-problem] reviewed\nx\n# launchgate: "
           "ignore[fake] ok\nx\n")
    assert results_after(tmp_path, Policy(), src) == []
    src_other_rule = "x\nsecret = 1  # launchgate: ignore[fake.other] nope\n"
    assert results_after(tmp_path, Policy(), src_other_rule + "x\nx\nx\n") == [
        ("fake.high-problem", "high", False), ("fake.low-problem", "low", False)]


def test_baseline_suppresses_by_fingerprint_and_is_deterministic(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from launchgate.model import Report, RunInfo

    (tmp_path / "app.py").write_text(SOURCE)
    results = asyncio.run(run_all([FindingCheck()], lambda c: ctx_for(tmp_path)))
    report = Report(info=RunInfo(version="t", phases=(), fail_on=None,
                                 started_at=datetime(2026, 1, 1, tzinfo=UTC)),
                    results=tuple(results))
    text = render_baseline(report)
    assert text == render_baseline(report)
    # no line numbers: a moved line never churns it
    assert '"line' not in text and "app.py:" not in text
    (tmp_path / "bl.json").write_text(text)
    baseline = read_baseline(tmp_path / "bl.json")
    (res,) = apply_policy(results, Repo(tmp_path), Policy(baseline=baseline))
    assert res.findings == () and res.suppressed == 2 and res.status is Status.PASSED


def test_findings_on_changed_lines_are_marked(tmp_path: Path) -> None:
    policy = Policy(changed_lines={"app.py": {5}})
    assert results_after(tmp_path, policy, SOURCE) == [("fake.high-problem", "high", False),
                                                       ("fake.low-problem", "low", True)]


def test_fingerprint_survives_line_moves(tmp_path: Path) -> None:
    a = asyncio.run(FindingCheck([(RULE_HIGH, "app.py", 2)]).run(ctx_for(tmp_path)))
    b = asyncio.run(FindingCheck([(RULE_HIGH, "app.py", 40)]).run(ctx_for(tmp_path)))
    assert a[0].fingerprint == b[0].fingerprint


def test_changed_lines_from_git(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.test")
    git("config", "user.name", "t")
    (tmp_path / "a.txt").write_text("one\ntwo\nthree\n")
    git("add", ".")
    git("commit", "-qm", "base")
    (tmp_path / "a.txt").write_text("one\nTWO\nthree\nfour\n")
    git("commit", "-qam", "head")
    changed = asyncio.run(Repo(tmp_path).changed_lines("HEAD~1", "HEAD"))
    assert changed == {"a.txt": {2, 4}}


def test_repo_guards(tmp_path: Path) -> None:
    from launchgate.repo import Skipped

    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("secret")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "link").symlink_to(outside)
    (root / "loop").symlink_to(root / "loop2")
    (root / "loop2").symlink_to(root / "loop")
    (root / "bin.dat").write_bytes(b"\x00\x01\x02")
    (root / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    repo = Repo(root, max_bytes=100)
    (root / "big.txt").write_text("x" * 200)
    assert repo.read_text("link") == Skipped(path="link", reason="symlink points outside the "
                                             "repository")
    assert repo.read_text("bin.dat") == Skipped(path="bin.dat", reason="binary file")
    assert repo.read_text("big.txt") == Skipped(path="big.txt", reason="larger than 100 bytes (200 "
                                                "bytes)")
    loop = repo.read_text("loop")
    assert isinstance(loop, Skipped)
    latin = repo.read_text("latin.txt")
    assert not isinstance(latin, Skipped) and latin.text == "café" and latin.encoding == "latin-1"
    assert "link" not in list(repo.walk())


def test_changed_lines_of_a_subdirectory_are_relative_to_it(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.test")
    git("config", "user.name", "t")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "a.txt").write_text("one\n")
    (tmp_path / "other.txt").write_text("x\n")
    git("add", ".")
    git("commit", "-qm", "base")
    (tmp_path / "web" / "a.txt").write_text("one\ntwo\n")
    (tmp_path / "other.txt").write_text("x\ny\n")
    git("commit", "-qam", "head")
    repo = Repo(tmp_path / "web")
    assert asyncio.run(repo.is_git())
    assert asyncio.run(repo.changed_lines("HEAD~1", "HEAD")) == {"a.txt": {2}}
    assert asyncio.run(repo.changed_files("HEAD~1", "HEAD")) == ["a.txt"]


def test_an_exclusive_check_runs_after_the_others_alone(tmp_path: Path) -> None:
    from typing import ClassVar

    events: list[str] = []

    class Slow(FindingCheck):
        id: ClassVar[str] = "slow"

        async def run(self, ctx):
            events.append("slow start")
            await asyncio.sleep(0.2)
            events.append("slow end")
            return []

    class Load(FindingCheck):
        id: ClassVar[str] = "load"
        exclusive: ClassVar[bool] = True

        async def run(self, ctx):
            events.append("load")
            return []

    results = asyncio.run(run_all([Load(), Slow()], lambda c: ctx_for(tmp_path)))
    assert [r.check for r in results] == ["load", "slow"]
    assert events == ["slow start", "slow end", "load"]


def test_a_live_finding_is_new_when_the_pr_changed_the_config_line_of_its_target(
    tmp_path: Path,
) -> None:
    from launchgate.model import CheckResult, Finding, Location, Phase

    def live(host: str, line: int) -> Finding:
        return Finding.of(RULE_HIGH, f"{host} is slow",
                          Location(url=f"https://{host}/", anchor_path="launchgate.yml",
                                                                 anchor_line=line), key=(host,))

    results = [CheckResult(check="web", phase=Phase.POST, status=Status.FAILED,
                           findings=(live("new.example.test", 7), live("old.example.test", 6)))]
    (res,) = apply_policy(results, Repo(tmp_path), Policy(changed_lines={"launchgate.yml": {7}}))
    assert {(f.location.url, f.on_changed_line) for f in res.findings} == {
        ("https://new.example.test/", True), ("https://old.example.test/", False)}
    (res,) = apply_policy(results, Repo(tmp_path), Policy(changed_lines={"other.yml": {7}}))
    assert {f.on_changed_line for f in res.findings} == {False}
