"""JUnit XML for CI systems that render test results (GitLab, Jenkins, Azure, test-report actions).

One ``<testsuite>`` per check; inside it one ``<testcase>`` per finding, plus one passing test case
per rule of that check that found nothing. A finding at or above ``fail_on`` is a ``<failure>``;
below the gate it is a passing case whose ``<system-out>`` says so (the gate decides what is red,
here as in the exit code). A check that errored is one ``<error>`` case, a skipped check one
``<skipped>`` case with the reason.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from launchgate.model import CheckResult, Finding, Report, Rule, Status
from launchgate.report.clock import utc_time as _utc_time

# characters XML 1.0 cannot carry, and lone surrogates (file names that are not UTF-8, decoded
# surrogate-escaped)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _secs(value: float) -> str:
    return f"{value:.3f}"


def render(report: Report) -> str:
    stamp = _utc_time(report).strftime("%Y-%m-%dT%H:%M:%S")
    root = ET.Element("testsuites", {"name": "launchgate"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    time_total = 0.0
    for result in sorted(report.results, key=lambda r: r.check):
        suite = _suite(report, result, stamp)
        for k in totals:
            totals[k] += int(suite.get(k, "0"))
        time_total += result.duration_s
        root.append(suite)
    for k, v in totals.items():
        root.set(k, str(v))
    root.set("time", _secs(time_total))
    root.set("timestamp", stamp)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _suite(report: Report, result: CheckResult, stamp: str) -> ET.Element:
    suite = ET.Element("testsuite", {"name": result.check, "timestamp": stamp})
    cases: list[ET.Element] = []
    failures = errors = skipped = 0
    classname = f"launchgate.{result.check}"
    match result.status:
        case Status.ERROR:
            case = _case(classname, result.check, result.duration_s)
            ET.SubElement(case, "error",
                          {"message": _clean(result.reason or "internal error"), "type": "error"})
            cases.append(case)
            errors += 1
        case Status.SKIPPED:
            case = _case(classname, result.check, result.duration_s)
            ET.SubElement(case, "skipped", {"message": _clean(result.reason or "skipped")})
            cases.append(case)
            skipped += 1
        case Status.PASSED | Status.FAILED:
            findings = sorted(result.findings, key=Finding.sort_key)
            for f in findings:
                case, failed = _finding_case(report, classname, f)
                failures += failed
                cases.append(case)
            seen = {f.rule.id for f in findings}
            for rule in _rules_of(report.rules, result.check):
                if rule.id not in seen:
                    cases.append(_case(classname, rule.id, 0.0))
            if not cases:
                cases.append(_case(classname, result.check, result.duration_s))
    suite.extend(cases)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    suite.set("time", _secs(result.duration_s))
    return suite


def _rules_of(rules: Iterable[Rule], check: str) -> list[Rule]:
    return sorted((r for r in rules if r.family == check), key=lambda r: r.id)


def _case(classname: str, name: str, seconds: float) -> ET.Element:
    return ET.Element("testcase",
                      {"classname": _clean(classname), "name": _clean(name),
                       "time": _secs(seconds)})


def _finding_case(report: Report, classname: str, f: Finding) -> tuple[ET.Element, int]:
    where = f.location.describe()
    if where == "-" and (pos := f.location.file_position()):
        where = f"{pos[0]}:{pos[1]}"
    case = _case(classname, f"{f.rule.id} {where}", 0.0)
    pos = f.location.file_position()
    if pos:
        case.set("file", _clean(pos[0]))
        case.set("line", str(pos[1]))
    details = [f"{f.severity.label}: {f.message}", f"where: {where}", f"why: {f.rule.why}",
               f"fix: {f.rule.fix}"]
    if f.evidence:
        details.append(f"evidence: {f.evidence}")
    text = _clean("\n".join(details))
    gate = report.info.fail_on
    if gate is not None and f.severity >= gate:
        fail = ET.SubElement(case, "failure",
                             {"message": _clean(f.message), "type": _clean(f.rule.id)})
        fail.text = text
        return case, 1
    out = ET.SubElement(case, "system-out")
    gate_text = "never" if gate is None else gate.label
    out.text = _clean(f"below the gate (fail_on: {gate_text})\n{text}")
    return case, 0
