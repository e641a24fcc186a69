"""The data model every module shares: severities, rules, findings, results and the report.

No I/O here, and no import from the rest of the package (the Check contract and its Context live in
check.py). Everything that crosses a module boundary is a frozen, keyword-only dataclass (or an
enum), so checks, the runner and the reporters can be tested apart from each other.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NewType

# The text form of a secret (or of text vetted to hold none). Declared here so a Finding can require
# it without
# importing anything; only launchgate.redact produces values of this type.
Redacted = NewType("Redacted", str)


class Severity(enum.IntEnum):
    """How much a finding threatens the launch; ordered so that the gate is a comparison."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    BLOCKER = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in reversed(cls))
            raise ValueError(f"unknown severity {text!r} (expected one of {names})") from None


SEVERITY_NAMES: tuple[str, ...] = tuple(s.label for s in reversed(Severity))  # blocker first


class Status(enum.Enum):
    """Outcome of one check run."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"


class Phase(enum.Enum):
    """pre: looks at the repository; post: looks at the live deployment."""

    PRE = "pre"
    POST = "post"


@dataclass(frozen=True, kw_only=True)
class Rule:
    """The unit of documentation, severity and suppression. ``id`` is ``family.kebab-problem``."""

    id: str
    title: str
    severity: Severity
    why: str
    fix: str
    # extra suppression advice; the generic forms are documented by `launchgate rules ID`
    suppress: str = ""

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def anchor(self) -> str:
        """The README anchor of the rule's row (SARIF helpUri points at it)."""
        return "rule-" + self.id.replace(".", "-")


@dataclass(frozen=True, kw_only=True)
class Location:
    """Where a finding is: a repo-relative file and line range, and/or a live URL/host/record.

    ``anchor_path``/``anchor_line`` point at the launchgate.yml line that declared a live target, so
    that a finding about a URL can still be placed on a file (SARIF and GitHub annotations need
    one).
    """

    path: str | None = None
    start_line: int | None = None
    end_line: int | None = None
    url: str | None = None
    anchor_path: str | None = None
    anchor_line: int | None = None

    def file_position(self) -> tuple[str, int] | None:
        """The (path, line) to annotate: the file itself, else the config anchor."""
        if self.path:
            return self.path, self.start_line or 1
        if self.anchor_path:
            return self.anchor_path, self.anchor_line or 1
        return None

    def describe(self) -> str:
        parts: list[str] = []
        if self.path:
            where = self.path
            if self.start_line:
                where += f":{self.start_line}"
                if self.end_line and self.end_line != self.start_line:
                    where += f"-{self.end_line}"
            parts.append(where)
        if self.url:
            parts.append(self.url)
        return " ".join(parts) or "-"


def fingerprint(rule_id: str, *parts: str) -> str:
    """A stable identity for a finding: rule id plus what makes it unique, never line numbers or
    secrets.

    Callers pass e.g. the path and variable name, or the path and a *hash* of a secret; moving lines
    does not change it, so baselines and SARIF partialFingerprints survive edits.
    """
    h = hashlib.sha256(rule_id.encode())
    for p in parts:
        h.update(b"\x00")
        h.update(p.encode("utf-8", "surrogateescape"))
    return h.hexdigest()[:32]


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One problem. ``evidence`` is already redacted (see redact.py); ``severity`` is the effective
    one."""

    rule: Rule
    severity: Severity
    message: str
    location: Location
    fingerprint: str
    evidence: Redacted | None = None
    on_changed_line: bool = False  # set by the runner when the PR changed the finding's line
    # a secret found in history: (its group: rule and secret hashed, place of its commit in the
    # walk). A single run reports a group once, at its first place; `launchgate merge` of a run
    # whose history was split by commit keeps the finding of the lowest place in each group.
    first_seen: tuple[str, int] | None = None

    @classmethod
    def of(
        cls,
        rule: Rule,
        message: str,
        location: Location,
        *,
        key: Sequence[str] = (),
        evidence: Redacted | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """Build a finding with the rule's default severity and a fingerprint from rule + location +
        key."""
        where = location.path or location.url or location.anchor_path or ""
        return cls(
            rule=rule,
            severity=rule.severity if severity is None else severity,
            message=message,
            location=location,
            fingerprint=fingerprint(rule.id, where, *key),
            evidence=evidence,
        )

    def sort_key(self) -> tuple[int, str, str, int, str]:
        loc = self.location
        return (-int(self.severity), self.rule.id, loc.path or loc.url or "", loc.start_line or 0,
                self.message)


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    """What one check produced: status with a reason, findings, how long it took, and measured
    figures."""

    check: str
    phase: Phase
    status: Status
    reason: str = ""
    findings: tuple[Finding, ...] = ()
    duration_s: float = 0.0
    figures: Mapping[str, float | int | str] = field(default_factory=dict)
    suppressed: int = 0
    # a sharded run only: figure name -> the keys it counts, as ``key_digest``s, for the figures
    # that do not add up across shards (distinct files over commits split by commit): merge
    # counts their union (docs/sharding.md)
    shard_sets: Mapping[str, frozenset[bytes]] = field(default_factory=dict)


def key_digest(key: str) -> bytes:
    """The stable 8-byte hash of a work unit's key (a path, a commit id, a check id): the first 8
    bytes of its SHA-256. It picks a key's shard, and stands for a key in ``shard_sets``."""
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()[:8]


@dataclass(frozen=True, kw_only=True)
class Shard:
    """Part ``index`` of ``total`` of a sharded run (``--shard K/N``): which work units it owns.

    A unit is a key (a repository path, or a name such as a check id): it belongs to exactly one
    shard, chosen by a stable hash, so every shard of every run splits the same tree the same way.
    """

    index: int
    total: int

    def owns(self, key: str) -> bool:
        return int.from_bytes(key_digest(key), "big") % self.total == self.index - 1

    @property
    def label(self) -> str:
        return f"{self.index}/{self.total}"


@dataclass(frozen=True, kw_only=True)
class RunInfo:
    """Run metadata a reporter may show."""

    version: str
    phases: tuple[Phase, ...]
    fail_on: Severity | None  # None: never fail
    started_at: datetime
    root: str = "."
    repo_prefix: str = ""  # the root's path inside its git repository ("apps/web/"), "" at the top
    config_path: str | None = None
    environment: str | None = None
    base_ref: str | None = None
    head_ref: str | None = None
    commit: str | None = None  # the commit the run looked at (git rev-parse HEAD), if in git
    targets: tuple[str, ...] = ()
    deadline_s: float | None = None  # the whole run's deadline (--timeout)
    deadline_reached: bool = False  # it stopped a check: the report holds the checks that finished
    # findings left out because the baseline file accepted them (known on the base)
    baselined: int = 0
    shard: Shard | None = None  # this run did one part of the work (--shard K/N); None: all of it


@dataclass(frozen=True, kw_only=True)
class Report:
    """Everything a reporter needs; reporters take nothing else."""

    info: RunInfo
    results: tuple[CheckResult, ...]
    # every rule of the checks that ran (SARIF tool.driver.rules, docs)
    rules: tuple[Rule, ...] = ()

    def findings(self) -> list[Finding]:
        """All findings, ranked: blocker first, then by rule, place and message (deterministic)."""
        return sorted((f for r in self.results for f in r.findings), key=Finding.sort_key)

    def counts(self) -> dict[str, int]:
        counts = {name: 0 for name in SEVERITY_NAMES}
        for f in self.findings():
            counts[f.severity.label] += 1
        return counts

    def max_severity(self) -> Severity | None:
        sevs = [f.severity for r in self.results for f in r.findings]
        return max(sevs) if sevs else None

    @property
    def passed(self) -> bool:
        """The gate: no finding at or above fail_on. Errors in checks do not fail it by
        themselves."""
        worst = self.max_severity()
        return self.info.fail_on is None or worst is None or worst < self.info.fail_on
