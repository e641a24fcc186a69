"""runner.run returns the whole Report: the checks' results after overrides, baseline and the
gate."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from launchgate.check import Context, Scope
from launchgate.model import Phase, RunInfo, Severity, Status
from launchgate.net import Net
from launchgate.repo import Repo
from launchgate.runner import Policy, run

from .fakes import RULE_HIGH, RULE_LOW, FindingCheck, SkippingCheck


def report(tmp_path: Path, policy: Policy, fail_on: Severity | None = Severity.HIGH):
    info = RunInfo(version="t", phases=(Phase.PRE,), fail_on=fail_on,
                   started_at=datetime(2026, 1, 1, tzinfo=UTC))
    repo = Repo(tmp_path)

    def make(_check) -> Context:
        return Context(config={"fake": {"level": 2}}, repo=repo, net=Net(), env={}, scope=Scope())

    return asyncio.run(run([FindingCheck(), SkippingCheck()], make, info=info, repo=repo,
                           scope=Scope(),
                           policy=policy))


def found(rep) -> set[tuple[str, str]]:
    return {(f.rule.id, f.severity.label) for f in rep.findings()}


def test_the_report_carries_results_rules_and_the_gate(tmp_path: Path) -> None:
    rep = report(tmp_path, Policy())
    assert found(rep) == {("fake.high-problem", "high"), ("fake.low-problem", "low")}
    assert [(r.check, r.status) for r in rep.results] == [("fake", Status.FAILED),
                                                          ("skips", Status.SKIPPED)]
    assert [r.id for r in rep.rules] == [RULE_HIGH.id, RULE_LOW.id]
    assert rep.passed is False
    assert report(tmp_path, Policy(), fail_on=None).passed is True


def test_overrides_and_the_baseline_are_applied_before_the_gate(tmp_path: Path) -> None:
    first = report(tmp_path, Policy())
    high = next(f for f in first.findings() if f.rule is RULE_HIGH)
    accepted = report(tmp_path, Policy(baseline=frozenset({high.fingerprint})))
    assert found(accepted) == {("fake.low-problem", "low")} and accepted.passed is True
    assert accepted.results[0].suppressed == 1
    lowered = report(tmp_path,
                     Policy(overrides={"fake.high-problem": "medium", "fake.low-problem": "off"}))
    assert found(lowered) == {("fake.high-problem", "medium")} and lowered.passed is True
