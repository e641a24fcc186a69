"""The terminal report, exactly as a user reads it (golden output)."""

from __future__ import annotations

from datetime import UTC, datetime

from launchgate.model import (
    CheckResult,
    Finding,
    Location,
    Phase,
    Report,
    RunInfo,
    Severity,
    Status,
)
from launchgate.redact import mask
from launchgate.report import text

from .fakes import RULE_HIGH, RULE_LOW


def report() -> Report:
    secret = "sk_" + "live_" + "Z" * 24
    findings = (
        Finding.of(RULE_LOW, "low thing at the edge", Location(url="https://shop.example.test/"),
                   key=("a",)),
        Finding.of(RULE_HIGH, "high thing in code",
                   Location(path="src/app.py", start_line=3, end_line=4),
                   key=("b",), evidence=mask(secret)),
    )
    return Report(
        info=RunInfo(version="9.9.9", phases=(Phase.PRE, Phase.POST), fail_on=Severity.HIGH,
                     started_at=datetime(2026, 11, 22, tzinfo=UTC), root="shop",
                     environment="production"),
        results=(CheckResult(check="fake", phase=Phase.PRE, status=Status.FAILED, findings=findings,
                             duration_s=0.25,
                             suppressed=1),
                 CheckResult(check="probes", phase=Phase.POST, status=Status.SKIPPED,
                             reason="no probes configured")),
    )


def test_text_report_golden() -> None:
    assert text.render(report()) == """\
launchgate 9.9.9: pre+post-deploy gate on shop, environment production

HIGH     fake.high-problem  src/app.py:3-4
         high thing in code
         evidence: sk_l…(32 chars)
         fix: Fix the fake.

LOW      fake.low-problem   https://shop.example.test/
         low thing at the edge
         fix: Fix the low fake.

Checks
  fake         failed     0.25 s, 2 findings (1 suppressed)
  probes       skipped    0.00 s: no probes configured

FAILED: 0 blocker, 1 high, 0 medium, 1 low, 0 info (gate fails on high)
"""


def test_evidence_of_several_lines_keeps_its_lines() -> None:
    # before: a smoke step's "request / expected / got" evidence ran together into one paragraph
    evidence = ("request: GET https://shop.example.test/api/listings?q=bike\n"
                "expected: status 200, within 300 ms\n"
                "got: 500 " + "an error page that goes on and on " * 3)
    rep = Report(info=RunInfo(version="9.9.9", phases=(Phase.POST,), fail_on=Severity.HIGH,
                              started_at=datetime(2026, 11, 22, tzinfo=UTC), root="shop"),
                 results=(CheckResult(check="fake", phase=Phase.POST, status=Status.FAILED,
                                      findings=(Finding.of(RULE_HIGH, "flow failed",
                                                           Location(url="https://shop.example.test/"),
                                                           evidence=evidence),)),))
    assert """\
         flow failed
         evidence: request: GET https://shop.example.test/api/listings?q=bike
                   expected: status 200, within 300 ms
                   got: 500 an error page that goes on and on an error page that goes on and on an
                   error page that goes on and on
         fix: Fix the fake.
""" in text.render(rep)


def test_a_write_load_test_says_it_created_records() -> None:
    note = ("POST https://shop.example.test/api/listings: 40 write requests sent, they create "
            "real records on the target; no cleanup configured")
    figures = {"latency.sell.p95_ms": 120.0, "latency.sell.target": "p95 ≤ 800 ms",
               "latency.sell.verdict": "within target", "probes.writes": note}
    rep = Report(info=RunInfo(version="9.9.9", phases=(Phase.POST,), fail_on=Severity.HIGH,
                              started_at=datetime(2026, 11, 22, tzinfo=UTC), root="shop"),
                 results=(CheckResult(check="probes", phase=Phase.POST, status=Status.PASSED,
                                      duration_s=3.0,
                                      figures=figures),))
    out = text.render(rep)
    assert """\
Measured
  probes: sell p95 120 ms (p95 ≤ 800 ms, within target)
  probes: POST https://shop.example.test/api/listings: 40 write requests sent, they create real
    records on the target; no cleanup configured
""" in out
