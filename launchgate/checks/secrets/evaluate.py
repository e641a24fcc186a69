"""Pure evaluation of what the ``secrets`` check gathered: the value allowlist, the detect-secrets
baseline and ``.gitleaksignore`` applied, one finding per secret and place, and the notes on what
was not scanned.

Raw secret values stay inside ``Hit``; a finding carries only the masked form (``redact.mask``) and
a fingerprint built from a hash of the value, never the value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from launchgate.checks.secrets.rules import BY_ID
from launchgate.model import Finding, Location, Rule, Severity, fingerprint
from launchgate.redact import mask, secret_hash

if TYPE_CHECKING:  # types only: the scanner, the readers and the scopes stay in gather.py
    from launchgate.checks.secrets import engine
    from launchgate.checks.secrets.baseline import Baseline
    from launchgate.checks.secrets.gather import Gathered
    from launchgate.checks.secrets.gitleaks import GitleaksIgnore
    from launchgate.checks.secrets.schema import Settings


def _severity(rule: Rule, hit: engine.Hit, scope: str) -> Severity:
    if hit.severity == "low":
        return Severity.LOW
    # in a public bundle the secret is already published
    if hit.severity == "blocker" or scope == "bundles":
        return Severity.BLOCKER
    return rule.severity


def _accepted(h: engine.Hit, commit: str, s: Settings, baseline: Baseline | None,
              ignore: GitleaksIgnore | None) -> str:
    """Which suppression accepts the hit ('' for none): the value allowlist, the detect-secrets
    baseline, or a .gitleaksignore fingerprint at its file and line."""
    if any(r.search(h.value) for r in s.value_allow):
        return "allowlisted"
    if baseline is not None and baseline.accepts(h):
        return "baselined"
    if ignore is not None and ignore.accepts(h.path, h.line, commit):
        return "gitleaks_ignored"
    return ""


def _finding(h: engine.Hit, scope: str, commit: str, digest: str) -> Finding:
    rule = BY_ID.get(h.rule) or BY_ID["secrets.generic-password"]
    where = ""
    if commit and scope == "diff":
        where = (f" (added in commit {commit[:12]}, removed again before the PR head: "
                 "still in its history)")
    elif commit:
        where = f" (first appeared in commit {commit[:12]})"
    place = f"{h.path}:{h.line}"
    what = rule.title.removesuffix(" committed")
    shown = f"{h.note}; " if h.note else ""
    bundle = " in public build output" if scope == "bundles" else ""
    return Finding.of(
        rule, f"{what}{bundle} at {place}{where}: {shown}value {mask(h.value)}",
        Location(path=h.path, start_line=h.line, end_line=h.line),
        key=(digest,), evidence=mask(h.value), severity=_severity(rule, h, scope))


def evaluate(g: Gathered, s: Settings, baseline: Baseline | None,
             ignore: GitleaksIgnore | None = None) -> tuple[list[Finding], dict[str, int]]:
    """Findings from gathered hits: allowlists, baseline and .gitleaksignore applied, one finding
    per secret and place; and how many hits each suppression accepted."""
    findings: list[Finding] = []
    seen: set[tuple[str, ...]] = set()
    counts = {"allowlisted": 0, "baselined": 0, "gitleaks_ignored": 0}
    for scope, scanned in g.by_scope.items():
        # net-diff hits (no commit) first: their line numbers are the head's, where a PR annotation
        # lands
        hits = sorted(scanned.hits, key=lambda h: bool(scanned.where.get(id(h))))
        for h in hits:
            commit = scanned.where.get(id(h), "")
            why = _accepted(h, commit, s, baseline, ignore)
            if why:
                counts[why] += 1
                continue
            digest = secret_hash(h.value)
            key = (h.rule, digest) if scope == "history" else (h.rule, h.path, digest)
            if key in seen:
                continue
            seen.add(key)
            f = _finding(h, scope, commit, digest)
            if scope == "history":  # merge keeps, per secret, the earliest of the shards' firsts
                f = dataclasses.replace(f, first_seen=(fingerprint(h.rule, digest),
                                                       scanned.order.get(id(h), 0)))
            findings.append(f)
    findings += _notes(g)
    return findings, counts


def _notes(g: Gathered) -> list[Finding]:
    notes = [Finding.of(BY_ID["secrets.source-map-public"], f"source map {p} is in public build "
                        "output",
                        Location(path=p)) for p in g.source_maps]
    unscanned = BY_ID["secrets.file-not-scanned"]
    seen: set[tuple[str, str]] = set()  # a file in several scopes (or pieces) is noted once
    for scanned in g.by_scope.values():
        for path, reason in scanned.skipped:
            if reason != "binary file" and (path, reason) not in seen:
                seen.add((path, reason))
                notes.append(Finding.of(unscanned, f"{path} not scanned for secrets: {reason}",
                                        Location(path=path), key=(reason.split(" (")[0],)))
    notes += [Finding.of(unscanned, f"{p} not scanned for secrets: outside the repository",
                         Location(path=p))
              for p in g.outside]
    return notes


def figures(g: Gathered, counts: Mapping[str, int],
            record: Callable[[str, float | int | str], None],
            record_set: Callable[[str, Iterable[str]], None]) -> None:
    """The run's figures: which scopes were scanned, their own figures, skipped files, and how many
    hits each suppression accepted; in a sharded run, the keys behind a figure merge unites."""
    for scope, scanned in g.by_scope.items():
        record(f"{scope}_scanned", 1)
        for name, value in scanned.figures.items():
            record(name, value)
        for name, keys in scanned.sets.items():
            record_set(name, keys)
        record(f"{scope}_skipped_files", len(scanned.skipped))
    for name, value in counts.items():
        record(name, value)
