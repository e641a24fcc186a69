"""``launchgate merge``: one Report from the JSON reports of a sharded run (``--shard K/N``).

Each shard's JSON report is read back into a Report by the one reader of saved reports (saved.py,
report/load.py); then the results of a check that ran in several shards become one result:
findings de-duplicated (by fingerprint, place and message), suppressed counts and the figures that
split (``shard_sums``) added, the figures that count distinct keys (``shard_sets``) counted over the
union of the shards' keys, the status recomputed. The gate is applied again on the merged
findings. docs/sharding.md says how the work is split.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from launchgate.containment import InputError
from launchgate.model import CheckResult, Finding, Location, Report, Rule, RunInfo, Severity, Status
from launchgate.redact import public
from launchgate.saved import read_saved_report

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


# -- reading --------------------------------------------------------------------------------------
def read_report(path: Path, catalog: Catalog) -> Report:
    """One shard's JSON report, read by the one reader of saved reports (saved.py; a bad file is
    one SavedReportError line naming it): its rules are this version's, its evidence kept (already
    masked in the report)."""
    return read_saved_report(path, rules=catalog.rules, evidence=public)


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


def _unions(parts: Sequence[CheckResult]) -> dict[str, int]:
    """The figures a shard cannot count alone (distinct files over commits split by commit): the
    size of the union of the shards' ``shard_sets``, the single run's figure."""
    keys: dict[str, set[bytes]] = {}
    for part in parts:
        for name, digests in part.shard_sets.items():
            keys.setdefault(name, set()).update(digests)
    return {name: len(digests) for name, digests in keys.items()}


def merge_result(parts: Sequence[CheckResult], sums: tuple[str, ...]) -> CheckResult:
    """The results of one check from several shards as one (a whole check has one part: itself)."""
    unions = _unions(parts)
    if len(parts) == 1:
        figures = dict(sorted({**parts[0].figures, **unions}.items()))
        return dataclasses.replace(parts[0], figures=figures, shard_sets={})
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
        figures=dict(sorted({**_figures(parts, sums), **unions}.items())),
        suppressed=sum(p.suppressed for p in parts),
        shard_sets={},
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
