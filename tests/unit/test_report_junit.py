"""JUnit reporter: golden output, suite/case mapping, gate-aware failures, no raw secrets."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from launchgate.model import Severity
from launchgate.report.junit import render
from tests.support.golden import assert_golden
from tests.support.sample_report import RAW_SECRET, clean_report, sample_report


def test_golden() -> None:
    assert_golden("report.junit.xml", render(sample_report()))


def _cases(xml: str) -> dict[tuple[str, str], str]:
    root = ET.fromstring(xml)
    out = {}
    for suite in root.iter("testsuite"):
        for case in suite.iter("testcase"):
            kids = [c.tag for c in case]
            out[(suite.get("name"), case.get("name"))] = kids[0] if kids else "pass"
    return out


def test_one_suite_per_check_one_case_per_finding_or_rule() -> None:
    assert _cases(render(sample_report())) == {
        ("env", "env.missing-var app/db.py:3-4"): "failure",
        ("env", "env.unused-var .env.production:7"): "system-out",
        ("migrations", "migrations"): "skipped",
        ("probes", "probes"): "error",
        ("secrets", "secrets.stripe-key config/settings.py:12"): "failure",
        ("tls", "tls.cert-expiring https://app.example.test/"): "system-out",
        ("web", "web.hsts-missing https://app.example.test/"): "system-out",
        ("web", "web.server-banner https://app.example.test/"): "system-out",
    }


def test_totals_and_gate() -> None:
    root = ET.fromstring(render(sample_report(fail_on=Severity.MEDIUM)))
    assert {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "8", "failures": "3", "errors": "1", "skipped": "1"}
    never = ET.fromstring(render(sample_report(fail_on=None)))
    assert never.get("failures") == "0"


def test_passing_check_lists_its_rules() -> None:
    assert _cases(render(clean_report())) == {("env", "env.missing-var"): "pass",
                                              ("env", "env.unused-var"): "pass"}


def test_secret_only_masked() -> None:
    xml = render(sample_report())
    assert RAW_SECRET not in xml
    assert "evidence: " + RAW_SECRET[:4] + "…(" in xml


def test_control_characters_and_non_utf8_names_keep_the_xml_well_formed(tmp_path) -> None:
    # before: a file name with \x01 went raw into the file= attribute (malformed XML); a non-UTF-8
    # name crashed
    import os

    from click.testing import CliRunner

    from launchgate.cli import cli

    key = "AKIA" + "QWERTYUIOPASDFGH"
    for name in (b"ctl\x01name.py", b"latin\xe9.py"):
        with open(os.path.join(os.fsencode(tmp_path), name), "w") as fh:
            fh.write(f'aws_key = "{key}"\n')
    out = tmp_path.parent / f"{tmp_path.name}.junit.xml"
    res = CliRunner().invoke(cli,
                             ["check", str(tmp_path), "--only", "secrets", "--format",
                              f"junit={out}"],
                             env={"GITHUB_ACTIONS": ""}, catch_exceptions=False)
    assert res.exit_code == 1, res.output
    root = ET.fromstring(out.read_bytes())
    files = sorted(c.get("file") for c in root.iter("testcase") if c.find("failure") is not None)
    assert files == ["ctl\ufffdname.py", "latin\ufffd.py"]
    assert key not in out.read_text(encoding="utf-8")
