"""The JSON report: a stable, documented shape (fields may be added, none renamed).

It carries everything a Report holds but the rules' texts (looked up by id), so that
``launchgate merge`` can rebuild the Reports of a sharded run from it (launchgate/merge.py).

``report.schema.json`` beside this module describes it; a test validates every rendered report against it.
"""

from __future__ import annotations

import json
from typing import Any

from launchgate.model import Finding, Report


def finding_dict(f: Finding, check: str | None = None) -> dict[str, Any]:
    loc = f.location
    return {
        **({"check": check} if check is not None else {}),
        "rule": f.rule.id,
        "severity": f.severity.label,
        "title": f.rule.title,
        "message": f.message,
        "location": {"path": loc.path, "start_line": loc.start_line, "end_line": loc.end_line,
                     "url": loc.url, "anchor_path": loc.anchor_path,
                     "anchor_line": loc.anchor_line},
        "fix": f.rule.fix,
        "fingerprint": f.fingerprint,
        "evidence": f.evidence or None,
        "on_changed_line": f.on_changed_line,
    }


def _ranked(report: Report) -> list[tuple[str, Finding]]:
    """(check id, finding) in the order of ``report.findings()`` (a stable sort of the same)."""
    pairs = [(r.check, f) for r in report.results for f in r.findings]
    return sorted(pairs, key=lambda cf: cf[1].sort_key())


def render(report: Report) -> str:
    info = report.info
    doc: dict[str, Any] = {
        "tool": "launchgate",
        "version": info.version,
        "passed": report.passed,
        "fail_on": info.fail_on.label if info.fail_on is not None else "never",
        "phases": [p.value for p in info.phases],
        "environment": info.environment,
        "base_ref": info.base_ref,
        "head_ref": info.head_ref,
        "started_at": info.started_at.isoformat(),
        "shard": info.shard.label if info.shard else None,
        "run": {"root": info.root, "repo_prefix": info.repo_prefix, "config_path": info.config_path,
                "targets": list(info.targets), "deadline_s": info.deadline_s,
                "deadline_reached": info.deadline_reached, "baselined": info.baselined},
        "counts": report.counts(),
        "findings": [finding_dict(f, check) for check, f in _ranked(report)],
        "results": [
            {"check": r.check, "phase": r.phase.value, "status": r.status.value, "reason": r.reason or None,
             "duration_s": r.duration_s, "findings": len(r.findings), "suppressed": r.suppressed,
             "figures": dict(r.figures)}
            for r in report.results
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
