"""The JSON report: a stable, documented shape (fields may be added, none renamed).

``report.schema.json`` beside this module describes it; a test validates every rendered report
against it. ``load.py`` reads it back into a Report (``launchgate handover --from``), so everything
a renderer shows is here: the run's targets and commit, each finding's rule text (title, why, fix)
and every check's figures.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from launchgate.model import Finding, Report

SCHEMA_VERSION = 2  # 2 added targets, commit, config_path, deadline_reached, findings' why/check


def finding_dict(f: Finding) -> dict[str, Any]:
    loc = f.location
    seen = ({"first_seen": {"group": f.first_seen[0], "order": f.first_seen[1]}}
            if f.first_seen is not None else {})  # history findings only (merge reads it back)
    return {
        "rule": f.rule.id,
        "severity": f.severity.label,
        "title": f.rule.title,
        "message": f.message,
        "location": {"path": loc.path, "start_line": loc.start_line, "end_line": loc.end_line,
                     "url": loc.url, "anchor_path": loc.anchor_path,
                     "anchor_line": loc.anchor_line},
        "fix": f.rule.fix,
        "why": f.rule.why,
        "fingerprint": f.fingerprint,
        "evidence": f.evidence or None,
        "on_changed_line": f.on_changed_line,
        **seen,
    }


def render(report: Report) -> str:
    info = report.info
    check_of = {id(f): r.check for r in report.results for f in r.findings}
    doc: dict[str, Any] = {
        "tool": "launchgate",
        "schema_version": SCHEMA_VERSION,
        "version": info.version,
        "passed": report.passed,
        "fail_on": info.fail_on.label if info.fail_on is not None else "never",
        "phases": [p.value for p in info.phases],
        "environment": info.environment,
        "base_ref": info.base_ref,
        "head_ref": info.head_ref,
        "started_at": info.started_at.isoformat(),
        "commit": info.commit,
        "config_path": info.config_path,
        "targets": list(info.targets),
        "deadline_reached": info.deadline_reached,
        "shard": info.shard.label if info.shard else None,  # launchgate merge (merge.py) reads
        "run": {"root": info.root, "repo_prefix": info.repo_prefix,  # these back
                "deadline_s": info.deadline_s, "baselined": info.baselined},
        "counts": report.counts(),
        "findings": [{**finding_dict(f), "check": check_of[id(f)]} for f in report.findings()],
        "results": [
            {"check": r.check, "phase": r.phase.value, "status": r.status.value, "reason": r.reason
             or None,
             "duration_s": r.duration_s, "findings": len(r.findings), "suppressed": r.suppressed,
             "figures": dict(r.figures), **_sets(r.shard_sets)}
            for r in report.results
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def encode_keys(keys: AbstractSet[bytes]) -> str:
    """A set of 8-byte key digests as one base64 string (sorted, concatenated): 10.7 characters a
    key, a fraction of the paths themselves on a large history."""
    return base64.b64encode(b"".join(sorted(keys))).decode("ascii")


def _sets(sets: Mapping[str, AbstractSet[bytes]]) -> dict[str, Any]:
    """A sharded run's ``shard_sets`` (figure name -> its keys), absent from every other report."""
    return {"shard_sets": {k: encode_keys(v) for k, v in sorted(sets.items())}} if sets else {}
