"""``launchgate merge``: one Report from the JSON reports of a sharded run (``--shard K/N``).

Each shard's JSON report is read back (bounded, through the one JSON reader) into a Report; then
the results of a check that ran in several shards become one result: findings de-duplicated (by
fingerprint, place and message), suppressed counts and the figures that split (``shard_sums``)
added, the status recomputed. The gate is applied again on the merged findings. docs/sharding.md
says how the work is split.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from launchgate import yamlio
from launchgate.containment import InputError, Refused, read_regular
from launchgate.model import (
    CheckResult,
    Finding,
    Location,
    Phase,
    Report,
    Rule,
    RunInfo,
    Severity,
    Shard,
    Status,
)
from launchgate.redact import public

MAX_REPORT_BYTES = 64 * 1024 * 1024
Sums = Mapping[
    str, tuple[str, ...] | None
]  # check id -> the figure suffixes that add up (None: runs whole)


class MergeError(InputError):
    """A report that cannot be merged (not launchgate's JSON, another version, shards missing):
    exit 2."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Catalog:
    """What merge needs to know of the checks: their rules by id, their order, how each splits."""

    rules: Mapping[str, Rule]
    order: Sequence[str]  # check ids in the order a single run lists them
    sums: Sums
    rules_of: Mapping[str, tuple[Rule, ...]]  # check id -> its rules (the Report's rule table)


# -- reading ---------------------------------------------------------------------------------------
def _get(doc: Mapping[str, Any], key: str, kind: type | tuple[type, ...], name: str) -> Any:
    value = doc.get(key)
    if not isinstance(value, kind) or (
        isinstance(value, bool) and kind in (int, float, (int, float))
    ):
        raise MergeError(
            f"{name}: not a launchgate JSON report ({key!r} missing or of the wrong type)"
        )
    return value


def _opt(doc: Mapping[str, Any], key: str, kind: type | tuple[type, ...], name: str) -> Any:
    return None if doc.get(key) is None else _get(doc, key, kind, name)


def _finding(item: Any, rules: Mapping[str, Rule], name: str) -> tuple[str, Finding]:
    """(the check that reported it, the finding)."""
    if not isinstance(item, dict):
        raise MergeError(f"{name}: not a launchgate JSON report (a finding is not an object)")
    check = _get(item, "check", str, name)
    rule_id = _get(item, "rule", str, name)
    if rule_id not in rules:
        raise MergeError(
            f"{name}: unknown rule {rule_id!r} (a report of another launchgate version?)"
        )
    loc = _get(item, "location", dict, name)
    evidence = _opt(item, "evidence", str, name)
    try:
        severity = Severity.parse(_get(item, "severity", str, name))
    except ValueError as exc:
        raise MergeError(f"{name}: {exc}") from None
    return check, Finding(
        rule=rules[rule_id],
        severity=severity,
        message=_get(item, "message", str, name),
        location=_location(loc, name),
        fingerprint=_get(item, "fingerprint", str, name),
        # a launchgate report holds evidence only in its masked (or public) form already
        evidence=public(evidence) if evidence is not None else None,
        on_changed_line=item.get("on_changed_line") is True,
        first_seen=_first_seen(_opt(item, "first_seen", dict, name), name),
    )


def _first_seen(seen: Mapping[str, Any] | None, name: str) -> tuple[str, int] | None:
    """A history finding's (group, place in the walk), None for any other finding."""
    if seen is None:
        return None
    return _get(seen, "group", str, name), _get(seen, "order", int, name)


def _location(loc: Mapping[str, Any], name: str) -> Location:
    return Location(
        path=_opt(loc, "path", str, name),
        start_line=_opt(loc, "start_line", int, name),
        end_line=_opt(loc, "end_line", int, name),
        url=_opt(loc, "url", str, name),
        anchor_path=_opt(loc, "anchor_path", str, name),
        anchor_line=_opt(loc, "anchor_line", int, name),
    )


def _enum(cls: Callable[[str], Any], value: str, name: str) -> Any:
    try:
        return cls(value)
    except ValueError:
        raise MergeError(
            f"{name}: not a launchgate JSON report (unknown value {value!r})"
        ) from None


def _results(
    doc: Mapping[str, Any], findings: Sequence[tuple[str, Finding]], catalog: Catalog, name: str
) -> tuple[CheckResult, ...]:
    by_check: dict[str, list[Finding]] = {}
    for check, f in findings:
        by_check.setdefault(check, []).append(f)
    out: list[CheckResult] = []
    for item in _get(doc, "results", list, name):
        if not isinstance(item, dict):
            raise MergeError(f"{name}: not a launchgate JSON report (a result is not an object)")
        check = _get(item, "check", str, name)
        if check not in catalog.sums:
            raise MergeError(
                f"{name}: unknown check {check!r} (a report of another launchgate version?)"
            )
        figures = _get(item, "figures", dict, name)
        out.append(
            CheckResult(
                check=check,
                phase=_enum(Phase, _get(item, "phase", str, name), name),
                status=_enum(Status, _get(item, "status", str, name), name),
                reason=_opt(item, "reason", str, name) or "",
                findings=tuple(by_check.pop(check, ())),
                duration_s=float(_get(item, "duration_s", (int, float), name)),
                figures={k: v for k, v in figures.items() if isinstance(v, int | float | str)},
                suppressed=int(_opt(item, "suppressed", int, name) or 0),
            )
        )
    if by_check:
        raise MergeError(f"{name}: findings of {', '.join(sorted(by_check))} without a result")
    return tuple(out)


def _info(doc: Mapping[str, Any], name: str) -> RunInfo:
    raw = doc.get("run")
    run: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
    fail_on = _get(doc, "fail_on", str, name)
    shard = _opt(doc, "shard", str, name)
    try:
        started = datetime.fromisoformat(_get(doc, "started_at", str, name))
        severity = None if fail_on == "never" else Severity.parse(fail_on)
    except ValueError as exc:
        raise MergeError(f"{name}: {exc}") from None
    return RunInfo(
        version=_get(doc, "version", str, name),
        phases=tuple(_enum(Phase, p, name) for p in _get(doc, "phases", list, name)),
        fail_on=severity,
        started_at=started,
        root=str(run.get("root", ".")),
        repo_prefix=str(run.get("repo_prefix", "")),
        config_path=_opt(doc, "config_path", str, name),
        commit=_opt(doc, "commit", str, name),
        environment=_opt(doc, "environment", str, name),
        base_ref=_opt(doc, "base_ref", str, name),
        head_ref=_opt(doc, "head_ref", str, name),
        targets=tuple(str(t) for t in doc.get("targets", ()) if isinstance(t, str)),
        deadline_s=_opt(run, "deadline_s", (int, float), name),
        deadline_reached=doc.get("deadline_reached") is True,
        baselined=int(_opt(run, "baselined", int, name) or 0),
        shard=_shard(shard, name) if shard else None,
    )


def _shard(label: str, name: str) -> Shard:
    k, _, n = label.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise MergeError(f"{name}: shard {label!r} is not K/N")
    return Shard(index=int(k), total=int(n))


def read_report(path: Path, catalog: Catalog) -> Report:
    """One launchgate JSON report read back into a Report (MergeError names the file and why)."""
    name = path.name
    try:
        doc = yamlio.load_json(read_regular(path, MAX_REPORT_BYTES).decode("utf-8"), name)
    except FileNotFoundError:
        raise MergeError(f"{path}: no such file") from None
    except Refused:
        raise
    except OSError as exc:
        raise MergeError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, yamlio.JsonError) as exc:
        raise MergeError(f"{name}: not a launchgate JSON report ({exc})") from None
    if not isinstance(doc, dict) or doc.get("tool") != "launchgate":
        raise MergeError(
            f"{name}: not a launchgate JSON report (run `launchgate check --format json`)"
        )
    findings = [_finding(item, catalog.rules, name) for item in _get(doc, "findings", list, name)]
    return Report(info=_info(doc, name), results=_results(doc, findings, catalog, name))


# -- merging ---------------------------------------------------------------------------------------
def _same(
    reports: Sequence[tuple[str, Report]], what: str, value: Callable[[RunInfo], object]
) -> None:
    first_name, first = reports[0]
    for name, rep in reports[1:]:
        if value(rep.info) != value(first.info):
            raise MergeError(
                f"{name}: its {what} ({value(rep.info)}) differs from {first_name}'s "
                f"({value(first.info)}): not shards of one run"
            )


def check_shards(reports: Sequence[tuple[str, Report]]) -> None:
    """Shards of one run: the same version, phases, refs and environment, each part of N once."""
    for what, value in (
        ("version", lambda i: i.version),
        ("phases", lambda i: [p.value for p in i.phases]),
        ("base ref", lambda i: i.base_ref),
        ("head ref", lambda i: i.head_ref),
        ("environment", lambda i: i.environment),
        ("commit", lambda i: i.commit),
        ("shard count", lambda i: i.shard.total if i.shard else 1),
    ):
        _same(reports, what, value)
    total = reports[0][1].info.shard.total if reports[0][1].info.shard else 1
    seen: dict[int, str] = {}
    for name, rep in reports:
        index = rep.info.shard.index if rep.info.shard else 1
        if index in seen:
            raise MergeError(f"{name}: shard {index}/{total} is given twice (also {seen[index]})")
        seen[index] = name
    missing = [f"{k}/{total}" for k in range(1, total + 1) if k not in seen]
    if missing:
        raise MergeError(f"shard {', '.join(missing)} missing: give every shard's JSON report")


def _status(parts: Sequence[CheckResult], findings: Sequence[Finding]) -> tuple[Status, str]:
    errors = [p.reason for p in parts if p.status is Status.ERROR]
    if errors:
        return Status.ERROR, "; ".join(dict.fromkeys(errors))
    if all(p.status is Status.SKIPPED for p in parts):
        return Status.SKIPPED, parts[0].reason
    return (Status.FAILED if findings else Status.PASSED), ""


def _figures(parts: Sequence[CheckResult], sums: tuple[str, ...]) -> dict[str, float | int | str]:
    out: dict[str, float | int | str] = {}
    for part in parts:
        for key, value in part.figures.items():
            old = out.get(key)
            if old is None:
                out[key] = value
            elif (
                key.endswith(sums)
                and isinstance(value, int | float)
                and isinstance(old, int | float)
            ):
                out[key] = old + value
    return dict(sorted(out.items()))


def _earliest(findings: Iterable[Finding]) -> list[Finding]:
    """A secret in history is reported once, where it first appeared: when the walk was split by
    commit, each shard found its own first place; the lowest place of each group is the run's."""
    first: dict[str, Finding] = {}
    out: list[Finding] = []
    for f in findings:
        if f.first_seen is None:
            out.append(f)
            continue
        group, order = f.first_seen
        kept = first.get(group)
        if kept is None or kept.first_seen is None or order < kept.first_seen[1]:
            first[group] = f
    return out + list(first.values())


def merge_result(parts: Sequence[CheckResult], sums: tuple[str, ...]) -> CheckResult:
    """The results of one check from several shards as one (a whole check has one part: itself)."""
    if len(parts) == 1:
        return parts[0]
    # the same finding from two shards is kept once; two findings that only share a fingerprint (a
    # secret seen in the tree and in its history) stay two, as in a single run
    unique: dict[tuple[str, str, Location], Finding] = {}
    for part in parts:
        for f in part.findings:
            unique.setdefault((f.fingerprint, f.message, f.location), f)
    findings = tuple(sorted(_earliest(unique.values()), key=Finding.sort_key))
    status, reason = _status(parts, findings)
    return dataclasses.replace(
        parts[0],
        status=status,
        reason=reason,
        findings=findings,
        duration_s=max(p.duration_s for p in parts),
        figures=_figures(parts, sums),
        suppressed=sum(p.suppressed for p in parts),
    )


def merge(
    reports: Sequence[tuple[str, Report]], catalog: Catalog, *, fail_on: str | None = None
) -> Report:
    """One Report from the shards' ``(file name, Report)`` pairs: results in a single run's order,
    findings de-duplicated, counts and the gate recomputed (``fail_on`` overrides the shards')."""
    if not reports:
        raise MergeError("give the JSON reports of the shards to merge")
    check_shards(reports)
    if fail_on is None:
        _same(reports, "fail_on", lambda i: i.fail_on.label if i.fail_on is not None else "never")
    parts: dict[str, list[CheckResult]] = {}
    for _, rep in sorted(reports, key=lambda nr: nr[1].info.shard.index if nr[1].info.shard else 1):
        for res in rep.results:
            parts.setdefault(res.check, []).append(res)
    unknown = sorted(set(parts) - set(catalog.order))
    if unknown:
        raise MergeError(f"unknown check {unknown[0]!r} (a report of another launchgate version?)")
    results = tuple(
        merge_result(parts[c], catalog.sums.get(c) or ()) for c in catalog.order if c in parts
    )
    infos = [rep.info for _, rep in reports]
    gate = (
        infos[0].fail_on
        if fail_on is None
        else (None if fail_on == "never" else Severity.parse(fail_on))
    )
    info = dataclasses.replace(
        infos[0],
        fail_on=gate,
        shard=None,
        started_at=min(i.started_at for i in infos),
        deadline_reached=any(i.deadline_reached for i in infos),
        baselined=sum(i.baselined for i in infos),
        root=next((i.root for i in infos if i.shard and i.shard.index == 1), infos[0].root),
    )
    rules = {r.id: r for c in (r.check for r in results) for r in catalog.rules_of.get(c, ())}
    return Report(info=info, results=results, rules=tuple(rules[k] for k in sorted(rules)))
