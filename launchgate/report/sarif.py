"""SARIF 2.1.0 for GitHub code scanning (``github/codeql-action/upload-sarif``) and other SARIF
viewers.

One run; ``tool.driver.rules`` comes from the rule registry in the Report; every result has a
physical file location (a finding about a live URL is placed on the launchgate.yml line that
declared the target) and ``partialFingerprints`` derived from launchgate's own fingerprint, which
ignores line numbers, so code scanning keeps one alert across edits. Deterministic: sorted input,
the clock from ``report.info.started_at``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from urllib.parse import quote

from launchgate.model import Finding, Report, Rule, Severity, Status
from launchgate.report.clock import utc_time as _utc_time

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/launchgate/launchgate"
DEFAULT_CATEGORY = "launchgate/"
FINGERPRINT_KEY = "launchgate/v1"

# GitHub maps security-severity to critical (>= 9.0), high (7.0-8.9), medium (4.0-6.9), low
# (0.1-3.9).
SECURITY_SEVERITY: dict[Severity, str] = {
    Severity.BLOCKER: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}
_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}
SRCROOT = "%SRCROOT%"


def precision(rule: Rule) -> str:
    """How often the rule is right (GitHub ranks alerts by it): pattern-less guesses are medium, the
    rest high."""
    return "medium" if "generic" in rule.id or "entropy" in rule.id else "high"


def artifact_uri(path: str, prefix: str = "") -> str:
    """A repository-relative URI: the run root's prefix joined, every reserved character
    percent-encoded."""
    return quote(prefix + path.removeprefix("./"), safe="/")


def level(severity: Severity) -> str:
    """SARIF result level: blocker/high fail a code-scanning check as errors, medium warns, the rest
    are notes."""
    match severity:
        case Severity.BLOCKER | Severity.HIGH:
            return "error"
        case Severity.MEDIUM:
            return "warning"
        case Severity.LOW | Severity.INFO:
            return "note"
    raise AssertionError(severity)  # pragma: no cover - exhaustive


def render(report: Report) -> str:
    """The SARIF log with the default category."""
    return render_sarif(report)


def render_sarif(report: Report, category: str = DEFAULT_CATEGORY) -> str:
    """The SARIF log as JSON text. ``category`` ending in ``/`` gets the run's start time appended
    (a run id)."""
    rules = _rules(report)
    index = {r.id: i for i, r in enumerate(rules)}
    occurrences: Counter[str] = Counter()
    results = []
    for f in report.findings():
        occurrences[f.fingerprint] += 1
        results.append(_result(report, f, index, occurrences[f.fingerprint]))
    started = _utc(report)
    automation_id = category + started if category.endswith("/") else category
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "launchgate",
            "version": report.info.version,
            "semanticVersion": report.info.version,
            "informationUri": INFORMATION_URI,
            "rules": [_rule(r) for r in rules],
        }},
        "automationDetails": {"id": automation_id},
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "The repository root (paths are "
                                                         "relative to it whatever PATH "
                                                         "launchgate checked)."}}},
        "invocations": [_invocation(report, started)],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def _utc(report: Report) -> str:
    return _utc_time(report).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rules(report: Report) -> list[Rule]:
    """Registry rules plus any rule a finding carries that the registry lacks (so ruleIndex always
    resolves)."""
    by_id = {r.id: r for r in report.rules}
    for f in report.findings():
        by_id.setdefault(f.rule.id, f.rule)
    return [by_id[k] for k in sorted(by_id)]


def _rule(rule: Rule) -> dict[str, Any]:
    help_text = f"{rule.why}\n\nFix: {rule.fix}"
    help_md = f"{rule.why}\n\n**Fix:** {rule.fix}"
    suppress = f"`# launchgate: ignore[{rule.id}] reason` on the line or the line above"
    if rule.suppress:
        suppress += f"; {rule.suppress}"
    help_text += f"\n\nSuppress: {suppress.replace('`', '')}"
    help_md += f"\n\n**Suppress:** {suppress}"
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.replace(".", "-").split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.why, "markdown": rule.why},
        "help": {"text": help_text, "markdown": help_md},
        "helpUri": f"{INFORMATION_URI}#{rule.anchor}",
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "tags": sorted({"security", "launchgate", rule.family}),
            "precision": precision(rule),
            "problem.severity": _PROBLEM_SEVERITY[level(rule.severity)],
        },
    }


def _result(report: Report, f: Finding, index: dict[str, int], occurrence: int) -> dict[str, Any]:
    path, line = f.location.file_position() or (report.info.config_path or "launchgate.yml", 1)
    region: dict[str, int] = {"startLine": line}
    if f.location.path and f.location.end_line and f.location.end_line >= line:
        region["endLine"] = f.location.end_line
    text = f.message
    if f.location.url and f.location.url not in text:
        text += f" ({f.location.url})"
    result: dict[str, Any] = {
        "ruleId": f.rule.id,
        "ruleIndex": index[f.rule.id],
        "level": level(f.severity),
        "message": {"text": text},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(path, report.info.repo_prefix),
                                 "uriBaseId": SRCROOT},
            "region": region,
        }}],
        # primaryLocationLineHash is normally a hash of the source line; ours hashes what identifies
        # the finding
        # (never the line number), which is what keeps an alert stable when code above it moves.
        "partialFingerprints": {
            "primaryLocationLineHash": f"{f.fingerprint[:16]}:{occurrence}",
            FINGERPRINT_KEY: f.fingerprint,
        },
        "properties": {"severity": f.severity.label},
    }
    if f.location.url:
        result["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": f.location.url,
                                                       "kind": "resource"}]
        result["properties"]["url"] = f.location.url
    if f.evidence:
        result["properties"]["evidence"] = f.evidence
    return result


def _invocation(report: Report, started: str) -> dict[str, Any]:
    notes = []
    for r in sorted(report.results, key=lambda r: r.check):
        match r.status:
            case Status.ERROR:
                notes.append({"level": "error",
                              "message": {"text": f"{r.check}: " f"{r.reason or 'internal error'}"},
                              "descriptor": {"id": r.check}})
            case Status.SKIPPED:
                notes.append({"level": "note",
                              "message": {"text": f"{r.check} skipped: "
                                          f"{r.reason or 'no reason'}"},
                              "descriptor": {"id": r.check}})
            case Status.PASSED | Status.FAILED:
                pass
    inv: dict[str, Any] = {
        "executionSuccessful": not any(r.status is Status.ERROR for r in report.results),
        "startTimeUtc": started,
    }
    if notes:
        inv["toolExecutionNotifications"] = notes
    return inv
