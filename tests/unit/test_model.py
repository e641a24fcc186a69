"""The data model: ordered severities and the gate, stable fingerprints, ranked findings, locations
as shown."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from launchgate.model import (
    CheckResult,
    Finding,
    Location,
    Phase,
    Report,
    Rule,
    RunInfo,
    Severity,
    Status,
    fingerprint,
)

HIGH = Rule(id="tls.cert-expiring", title="TLS certificate expires soon", severity=Severity.HIGH,
            why="w", fix="f")
LOW = Rule(id="web.hsts-weak", title="HSTS max-age shorter than required", severity=Severity.LOW,
           why="w", fix="f")


def report(*findings: Finding, fail_on: Severity | None = Severity.HIGH) -> Report:
    info = RunInfo(version="0", phases=(Phase.POST,), fail_on=fail_on,
                   started_at=datetime(2026, 1, 1, tzinfo=UTC))
    return Report(info=info, results=(CheckResult(check="x", phase=Phase.POST, status=Status.FAILED,
                                                  findings=tuple(findings)),))


def test_severity_is_ordered_and_parsed_from_its_label():
    assert Severity.INFO < Severity.LOW < Severity.MEDIUM < Severity.HIGH < Severity.BLOCKER
    assert Severity.parse(" High ") is Severity.HIGH
    with pytest.raises(ValueError, match="unknown severity 'urgent' \\(expected one of blocker, "
                       "high, medium, low, info\\)"):
        Severity.parse("urgent")


def test_the_gate_fails_at_or_above_fail_on_and_never_with_none():
    at = Finding.of(HIGH, "expires in 5 days", Location(url="https://a.test/"))
    below = Finding.of(LOW, "max-age 1 day", Location(url="https://a.test/"))
    assert report(at).passed is False
    assert report(below).passed is True
    assert report().passed is True and report().max_severity() is None
    assert report(at, fail_on=None).passed is True
    assert report(at, fail_on=Severity.BLOCKER).passed is True


def test_finding_of_takes_the_rules_severity_unless_told_and_a_fingerprint_without_lines():
    f = Finding.of(HIGH, "m", Location(path="a.py", start_line=3), key=("k",))
    moved = Finding.of(HIGH, "other message", Location(path="a.py", start_line=90), key=("k",))
    assert f.severity is Severity.HIGH
    assert Finding.of(HIGH, "m", Location(path="a.py"),
                      severity=Severity.LOW).severity is Severity.LOW
    assert f.fingerprint == moved.fingerprint == fingerprint("tls.cert-expiring", "a.py", "k")
    assert f.fingerprint != Finding.of(HIGH, "m", Location(path="a.py"), key=("j",)).fingerprint
    assert f.fingerprint != Finding.of(LOW, "m", Location(path="a.py"), key=("k",)).fingerprint
    assert len(f.fingerprint) == 32


def test_fingerprint_parts_are_separated():
    assert fingerprint("r", "ab", "c") != fingerprint("r", "a", "bc")


def test_report_ranks_findings_blocker_first_and_counts_every_severity():
    low = Finding.of(LOW, "m", Location(url="https://b.test/"))
    high_b = Finding.of(HIGH, "m", Location(url="https://b.test/"))
    high_a = Finding.of(HIGH, "m", Location(url="https://a.test/"))
    r = report(low, high_b, high_a)
    assert [(f.rule.id, f.location.url) for f in r.findings()] == [
        ("tls.cert-expiring", "https://a.test/"), ("tls.cert-expiring", "https://b.test/"),
        ("web.hsts-weak", "https://b.test/")]
    assert r.counts() == {"blocker": 0, "high": 2, "medium": 0, "low": 1, "info": 0}
    assert r.max_severity() is Severity.HIGH


def test_location_describes_file_lines_and_url_and_falls_back_to_the_config_anchor():
    assert Location(path="m.sql", start_line=3, end_line=5).describe() == "m.sql:3-5"
    assert Location(path="m.sql", start_line=3, end_line=3).describe() == "m.sql:3"
    assert Location(url="dns:example.test").describe() == "dns:example.test"
    assert Location().describe() == "-"
    assert Location(path="m.sql").file_position() == ("m.sql", 1)
    assert Location(url="https://a.test/", anchor_path="launchgate.yml",
                    anchor_line=7).file_position() == (
        "launchgate.yml", 7)
    assert Location(url="https://a.test/").file_position() is None


def test_rule_family_and_frozen_data():
    assert HIGH.family == "tls"
    with pytest.raises(dataclasses.FrozenInstanceError):
        HIGH.title = "x"  # type: ignore[misc]
