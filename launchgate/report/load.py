"""A saved JSON report read back into a Report (``launchgate handover --from report.json``).

The inverse of ``json_.render`` for what the handover pack shows: run facts, findings with their
rule text, every check's status, reason and figures. Evidence is not read back (the pack never shows
it). The caller has validated the document against ``report.schema.json``; what the schema cannot
say (a date, a phase a result needs) is a ``ReportFormatError`` naming the field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

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
)


class ReportFormatError(ValueError):
    """The JSON is not a launchgate report this version can read; the message names the field."""


def _phase(value: Any, where: str) -> Phase:
    try:
        return Phase(value)
    except ValueError:
        raise ReportFormatError(f"{where}: unknown phase {value!r}") from None


def _finding(doc: Mapping[str, Any], n: int) -> Finding:
    loc = doc.get("location") or {}
    severity = Severity.parse(str(doc["severity"]))
    rule = Rule(
        id=str(doc["rule"]),
        title=str(doc.get("title", "")),
        severity=severity,
        why=str(doc.get("why") or ""),
        fix=str(doc.get("fix", "")),
    )
    return Finding(
        rule=rule,
        severity=severity,
        message=str(doc.get("message", "")),
        location=Location(
            path=loc.get("path"),
            start_line=loc.get("start_line"),
            end_line=loc.get("end_line"),
            url=loc.get("url"),
        ),
        fingerprint=str(doc.get("fingerprint") or f"finding-{n}"),
        on_changed_line=bool(doc.get("on_changed_line")),
    )


def _figures(raw: Any) -> dict[str, float | int | str]:
    out: dict[str, float | int | str] = {}
    for name, value in (raw or {}).items():
        out[str(name)] = value if isinstance(value, int | float | str) else str(value)
    return out


def _results(
    doc: Mapping[str, Any], findings: list[tuple[Finding, str | None]], phases: tuple[Phase, ...]
) -> tuple[CheckResult, ...]:
    """Results with their findings back in place: by the finding's ``check`` (schema_version 2),
    else by its rule's family, else (a shared rule reported by another family) the first check with
    findings left."""
    results = list(doc.get("results") or [])
    counts = [int(r.get("findings") or 0) for r in results]
    by_check: dict[int, list[Finding]] = {i: [] for i in range(len(results))}
    for f, check in findings:
        home = next(
            (
                i
                for i, r in enumerate(results)
                if r.get("check") == (check or f.rule.family) and len(by_check[i]) < counts[i]
            ),
            None,
        )
        if home is None:
            home = next((i for i in range(len(results)) if len(by_check[i]) < counts[i]), None)
        if home is not None:
            by_check[home].append(f)
    default = phases[0] if phases else Phase.PRE
    return tuple(
        CheckResult(
            check=str(r["check"]),
            phase=_phase(r.get("phase", default.value), f"results[{i}].phase"),
            status=Status(r["status"]),
            reason=str(r.get("reason") or ""),
            findings=tuple(by_check[i]),
            duration_s=float(r.get("duration_s") or 0.0),
            figures=_figures(r.get("figures")),
            suppressed=int(r.get("suppressed") or 0),
        )
        for i, r in enumerate(results)
    )


def _started(value: Any) -> datetime:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise ReportFormatError(f"started_at: {value!r} is not an ISO 8601 date and time") from None


def report_from_json(doc: Mapping[str, Any]) -> Report:
    """A Report from a JSON report (already validated against report.schema.json)."""
    phases = tuple(_phase(p, "phases") for p in doc.get("phases") or ())
    fail_on = doc.get("fail_on", "high")
    info = RunInfo(
        version=str(doc.get("version", "")),
        phases=phases,
        fail_on=None if fail_on == "never" else Severity.parse(str(fail_on)),
        started_at=_started(doc.get("started_at", "1970-01-01T00:00:00+00:00")),
        config_path=doc.get("config_path"),
        environment=doc.get("environment"),
        base_ref=doc.get("base_ref"),
        head_ref=doc.get("head_ref"),
        commit=doc.get("commit"),
        targets=tuple(str(t) for t in doc.get("targets") or ()),
        deadline_reached=bool(doc.get("deadline_reached")),
    )
    findings = [(_finding(f, n), f.get("check")) for n, f in enumerate(doc.get("findings") or [])]
    results = _results(doc, findings, phases)
    rules = {f.rule.id: f.rule for f, _ in findings}
    return Report(info=info, results=results, rules=tuple(rules[k] for k in sorted(rules)))
