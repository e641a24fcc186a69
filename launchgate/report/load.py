"""A saved JSON report read back into a Report: the one parser of ``json_.render``'s document, for
``launchgate handover --from`` and ``launchgate merge``.

The inverse of ``json_.render``: run facts (refs, targets, root, shard, deadline), findings with
their rule text, place and changed-line mark, every check's status, reason, figures and
suppressed count. The caller has validated the document against ``report.schema.json`` (saved.py
does, with the file's guards); what the schema cannot say (a date, a value of the wrong type in a
report from another version, a finding whose check has no result) is a ``ReportFormatError``
naming the field.

Two things are the caller's to give, because a renderer may not make them up: ``rules``, the rules
a report's ids must be (merge: the running version's rules; without them, each finding's rule is
rebuilt from the text the report carries), and ``evidence``, what turns a saved excerpt back into
evidence (merge keeps it, through redact; without it evidence is not read back: the pack never
shows it).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from launchgate.model import (
    CheckResult,
    Finding,
    Location,
    Phase,
    Redacted,
    Report,
    Rule,
    RunInfo,
    Severity,
    Shard,
    Status,
)


class ReportFormatError(ValueError):
    """The JSON is not a launchgate report this version can read; the message names the field."""


def _get(doc: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str,
         default: Any = None) -> Any:
    """``doc[key]`` when it is a ``kind`` (never a bool for a number), ``default`` when absent or
    null; anything else names the field."""
    value = doc.get(key)
    if value is None:
        return default
    numeric = kind in (int, float, (int, float))
    if not isinstance(value, kind) or (numeric and isinstance(value, bool)):
        raise ReportFormatError(f"{where}{key}: {value!r} is of the wrong type")
    return value


def _enum(cls: Callable[[str], Any], value: Any, where: str) -> Any:
    try:
        return cls(value)
    except ValueError:
        raise ReportFormatError(f"{where}: unknown value {value!r}") from None


def _rule(doc: Mapping[str, Any], severity: Severity, rules: Mapping[str, Rule] | None,
          where: str) -> Rule:
    rule_id = _get(doc, "rule", str, where, "")
    if rules is None:
        return Rule(id=rule_id, title=_get(doc, "title", str, where, ""), severity=severity,
                    why=_get(doc, "why", str, where, ""), fix=_get(doc, "fix", str, where, ""))
    if rule_id not in rules:
        raise ReportFormatError(f"{where}rule: unknown rule {rule_id!r} (a report of another "
                                "launchgate version?)")
    return rules[rule_id]


def _location(raw: Any, where: str) -> Location:
    loc: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
    return Location(
        path=_get(loc, "path", str, where),
        start_line=_get(loc, "start_line", int, where),
        end_line=_get(loc, "end_line", int, where),
        url=_get(loc, "url", str, where),
        anchor_path=_get(loc, "anchor_path", str, where),
        anchor_line=_get(loc, "anchor_line", int, where),
    )


def _finding(doc: Mapping[str, Any], n: int, rules: Mapping[str, Rule] | None,
             evidence: Callable[[str], Redacted] | None) -> Finding:
    where = f"findings[{n}]."
    severity = _enum(Severity.parse, _get(doc, "severity", str, where, ""), f"{where}severity")
    saved = _get(doc, "evidence", str, where)
    return Finding(
        rule=_rule(doc, severity, rules, where),
        severity=severity,
        message=_get(doc, "message", str, where, ""),
        location=_location(doc.get("location"), f"{where}location."),
        fingerprint=_get(doc, "fingerprint", str, where) or f"finding-{n}",
        evidence=evidence(saved) if evidence is not None and saved is not None else None,
        on_changed_line=doc.get("on_changed_line") is True,
        first_seen=_first_seen(doc.get("first_seen"), f"{where}first_seen."),
    )


def _first_seen(raw: Any, where: str) -> tuple[str, int] | None:
    """A history finding's (group, place in the walk): what merge needs to keep a single run's."""
    if not isinstance(raw, dict):
        return None
    group, order = _get(raw, "group", str, where), _get(raw, "order", int, where)
    return None if group is None or order is None else (group, order)


def _figures(raw: Any) -> dict[str, float | int | str]:
    out: dict[str, float | int | str] = {}
    for name, value in (raw if isinstance(raw, dict) else {}).items():
        out[str(name)] = value if isinstance(value, int | float | str) else str(value)
    return out


def _shard_sets(raw: Any, where: str) -> dict[str, frozenset[bytes]]:
    """A sharded run's ``shard_sets``: each a base64 string of 8-byte key digests."""
    out: dict[str, frozenset[bytes]] = {}
    for name, value in (raw if isinstance(raw, dict) else {}).items():
        try:
            data = base64.b64decode(value, validate=True) if isinstance(value, str) else None
        except binascii.Error:
            data = None
        if data is None or len(data) % 8:
            raise ReportFormatError(f"{where}shard_sets.{name}: not a set of 8-byte key digests")
        out[str(name)] = frozenset(data[i:i + 8] for i in range(0, len(data), 8))
    return out


def _homes(results: list[Any], findings: list[tuple[Finding, str | None]]) -> list[list[Finding]]:
    """Each result's findings: by the finding's ``check`` (schema_version 2: a check without a
    result is an error); a finding without one (schema_version 1) by its rule's family, else the
    first result with findings left by its count."""
    ids = [str(r.get("check")) for r in results]
    counts = [r.get("findings") if isinstance(r.get("findings"), int) else 0 for r in results]
    homes: list[list[Finding]] = [[] for _ in results]
    for f, check in findings:
        if check is not None:
            if check not in ids:
                raise ReportFormatError(f"findings of {check} without a result")
            homes[ids.index(check)].append(f)
            continue
        free = [i for i in range(len(results)) if len(homes[i]) < counts[i]]
        home = next((i for i in free if ids[i] == f.rule.family), free[0] if free else None)
        if home is None:
            raise ReportFormatError(f"{f.rule.id}: a finding no result counts")
        homes[home].append(f)
    return homes


def _results(doc: Mapping[str, Any], findings: list[tuple[Finding, str | None]],
             phases: tuple[Phase, ...]) -> tuple[CheckResult, ...]:
    results = [r if isinstance(r, dict) else {} for r in _get(doc, "results", list, "", [])]
    default = phases[0] if phases else Phase.PRE
    out: list[CheckResult] = []
    for i, (r, mine) in enumerate(zip(results, _homes(results, findings), strict=True)):
        where = f"results[{i}]."
        out.append(CheckResult(
            check=_get(r, "check", str, where, ""),
            phase=_enum(Phase, _get(r, "phase", str, where, default.value), f"{where}phase"),
            status=_enum(Status, _get(r, "status", str, where, ""), f"{where}status"),
            reason=_get(r, "reason", str, where, ""),
            findings=tuple(mine),
            duration_s=float(_get(r, "duration_s", (int, float), where, 0.0)),
            figures=_figures(r.get("figures")),
            suppressed=_get(r, "suppressed", int, where, 0),
            shard_sets=_shard_sets(r.get("shard_sets"), where),
        ))
    return tuple(out)


def _started(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ReportFormatError(f"started_at: {value!r} is not an ISO 8601 date and time") from None


def _shard(label: str | None) -> Shard | None:
    if label is None:
        return None
    k, _, n = label.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise ReportFormatError(f"shard: {label!r} is not K/N")
    return Shard(index=int(k), total=int(n))


def _info(doc: Mapping[str, Any]) -> RunInfo:
    raw = doc.get("run")
    run: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
    fail_on = _get(doc, "fail_on", str, "", "high")
    return RunInfo(
        version=_get(doc, "version", str, "", ""),
        phases=tuple(_enum(Phase, p, "phases") for p in _get(doc, "phases", list, "", [])),
        fail_on=None if fail_on == "never" else _enum(Severity.parse, fail_on, "fail_on"),
        started_at=_started(_get(doc, "started_at", str, "", "1970-01-01T00:00:00+00:00")),
        root=_get(run, "root", str, "run.", "."),
        repo_prefix=_get(run, "repo_prefix", str, "run.", ""),
        config_path=_get(doc, "config_path", str, ""),
        environment=_get(doc, "environment", str, ""),
        base_ref=_get(doc, "base_ref", str, ""),
        head_ref=_get(doc, "head_ref", str, ""),
        commit=_get(doc, "commit", str, ""),
        targets=tuple(str(t) for t in _get(doc, "targets", list, "", [])),
        deadline_s=_get(run, "deadline_s", (int, float), "run."),
        deadline_reached=doc.get("deadline_reached") is True,
        baselined=_get(run, "baselined", int, "run.", 0),
        shard=_shard(_get(doc, "shard", str, "")),
    )


def report_from_json(doc: Mapping[str, Any], *, rules: Mapping[str, Rule] | None = None,
                     evidence: Callable[[str], Redacted] | None = None) -> Report:
    """A Report from a JSON report (already validated against report.schema.json); ``rules`` and
    ``evidence`` as the module says."""
    info = _info(doc)
    items = _get(doc, "findings", list, "", [])
    findings: list[tuple[Finding, str | None]] = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise ReportFormatError(f"findings[{n}]: not an object")
        findings.append((_finding(item, n, rules, evidence), _get(item, "check", str, "")))
    results = _results(doc, findings, info.phases)
    seen = {f.rule.id: f.rule for f, _ in findings}
    return Report(info=info, results=results, rules=tuple(seen[k] for k in sorted(seen)))
