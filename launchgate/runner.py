"""The whole run: ``run(checks, context_factory, ...) -> Report``.

One asyncio task per check with a deadline; a crash, timeout or Skip becomes that check's result.
Each check runs on its own event loop in a daemon thread (``deadline.isolated``), so a check that
blocks cannot hold up the others or the run's deadline (``--timeout``): when it fires, the checks
still running become error results and the Report holds those that finished
(``RunInfo.deadline_reached``). Then the post-processing every check shares: marking findings on
lines the pull request changed, per-rule severity overrides and ``off``, inline ``launchgate:
ignore[rule] reason`` comments and the baseline of accepted fingerprints. The Report it returns
carries the gate (``fail_on`` in its RunInfo; ``Report.passed``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from launchgate import yamlio
from launchgate.check import Check, CheckError, Context, Scope, Skip
from launchgate.containment import InputError, Refused, read_regular
from launchgate.deadline import isolated
from launchgate.model import CheckResult, Finding, Report, Rule, RunInfo, Severity, Status
from launchgate.repo import Repo, Skipped

BASELINE_VERSION = 1
# (check id, True when it starts / False when it ends): e.g. the progress line
Watch = Callable[[str, bool], None]


@dataclasses.dataclass(frozen=True, kw_only=True)
class Policy:
    """What the runner applies to every finding after the checks ran."""

    # rule id -> severity name | "off"
    overrides: Mapping[str, str] = dataclasses.field(default_factory=dict)
    baseline: frozenset[str] = frozenset()
    changed_lines: Mapping[str, AbstractSet[int]] | None = None  # None: not a PR run
    debug: bool = False


async def run_check(check: Check, ctx: Context, *, debug: bool = False,
                    watch: Watch | None = None) -> CheckResult:
    """Run one check within its deadline; never raises (except on cancellation of the whole run).
    ``watch`` is told when it starts and ends (cancelled included)."""
    if watch is not None:
        watch(check.id, True)
    try:
        return await _run_check(check, ctx, debug=debug)
    finally:
        if watch is not None:
            watch(check.id, False)


async def _run_check(check: Check, ctx: Context, *, debug: bool) -> CheckResult:
    started = time.perf_counter()

    def result(status: Status, reason: str = "", findings: Sequence[Finding] = ()) -> CheckResult:
        return CheckResult(check=check.id, phase=check.phase, status=status, reason=reason,
                           findings=tuple(findings),
                           duration_s=round(time.perf_counter() - started, 3),
                           figures=dict(sorted(ctx.figures.items())),
                           shard_sets=dict(ctx.figures.sets))

    try:
        findings = await isolated(lambda: check.run(ctx), timeout_s=check.timeout_s,
                                  name=f"check:{check.id}")
    except TimeoutError:
        return result(Status.ERROR, f"timed out after {check.timeout_s:g} s")
    except Skip as exc:
        return result(Status.SKIPPED, str(exc))
    # the user's config, schema or baseline is wrong: the whole run stops there (exit 2)
    except InputError:
        raise
    except CheckError as exc:
        return result(Status.ERROR, str(exc), exc.findings)
    except Exception as exc:  # a bug in one check must not take the gate down
        if debug:
            traceback.print_exc()
        first = str(exc).strip().splitlines()
        detail = f": {first[0]}" if first else ""
        return result(Status.ERROR, f"internal error in check {check.id}: "
                      f"{type(exc).__name__}{detail}")
    return result(Status.FAILED if findings else Status.PASSED, findings=findings)


def _unfinished(check: Check, deadline_s: float, started: bool) -> CheckResult:
    what = "did not finish" if started else "did not start"
    return CheckResult(check=check.id, phase=check.phase, status=Status.ERROR,
                       reason=f"{what} before the run's deadline (--timeout {deadline_s:g} s)")


async def run_all(checks: Sequence[Check], make_context: Callable[[Check], Context], *,
                  debug: bool = False, deadline_s: float | None = None) -> list[CheckResult]:
    """``run_checks`` without the flag."""
    return (await run_checks(checks, make_context, debug=debug, deadline_s=deadline_s))[0]


async def run_checks(checks: Sequence[Check], make_context: Callable[[Check], Context], *,
                     debug: bool = False,
                     deadline_s: float | None = None,
                     watch: Watch | None = None) -> tuple[list[CheckResult], bool]:
    """All checks concurrently, each in its own task, then the exclusive ones one at a time (a
    latency sample must not share the CPU with a secrets scan); results in the order of ``checks``.

    With ``deadline_s``, the whole run ends by then: checks still running are cancelled (and
    abandoned when they do not stop) and become error results, exclusive checks not yet started are
    not started; the flag says whether that happened."""
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline_s if deadline_s is not None else None
    shared = [c for c in checks if not c.exclusive]
    tasks = {c.id: asyncio.create_task(run_check(c, make_context(c), debug=debug, watch=watch),
                                       name=f"check:{c.id}")
             for c in shared}
    if tasks:
        await asyncio.wait(tasks.values(), timeout=None if end is None
                           else max(0.0, end - loop.time()))
    done: dict[str, CheckResult] = {}
    stopped = False
    for c in shared:
        task = tasks[c.id]
        if task.done():
            done[c.id] = task.result()
        else:
            task.cancel()
            done[c.id], stopped = _unfinished(c, deadline_s or 0.0, started=True), True
    for c in checks:
        if not c.exclusive:
            continue
        left = None if end is None else end - loop.time()
        if left is not None and left <= 0:
            done[c.id], stopped = _unfinished(c, deadline_s or 0.0, started=False), True
            continue
        task = asyncio.create_task(run_check(c, make_context(c), debug=debug, watch=watch),
                                   name=f"check:{c.id}")
        await asyncio.wait({task}, timeout=left)
        if task.done():
            done[c.id] = task.result()
        else:
            task.cancel()
            done[c.id], stopped = _unfinished(c, deadline_s or 0.0, started=True), True
    return [done[c.id] for c in checks], stopped


async def run(checks: Sequence[Check], context_factory: Callable[[Check], Context], *,
              info: RunInfo,
              repo: Repo, scope: Scope, policy: Policy, watch: Watch | None = None) -> Report:
    """Run ``checks`` within ``info.deadline_s``, mark changed lines (when ``scope`` has a base),
    apply ``policy``: the Report (``info.deadline_reached`` when the deadline stopped a check)."""
    results, stopped = await run_checks(checks, context_factory, debug=policy.debug,
                                        deadline_s=info.deadline_s,
                                        watch=watch)
    if stopped:
        info = dataclasses.replace(info, deadline_reached=True)
    changed = await _changed_lines(repo, scope)
    applied = apply_policy(results, repo, dataclasses.replace(policy, changed_lines=changed))
    baselined = sum(f.fingerprint in policy.baseline and policy.overrides.get(f.rule.id) != "off"
                    for r in results for f in r.findings)
    return build_report(dataclasses.replace(info, baselined=baselined), applied, checks)


async def _changed_lines(repo: Repo, scope: Scope) -> Mapping[str, AbstractSet[int]] | None:
    if not scope.base or not await repo.is_git():
        return None
    try:
        return await repo.changed_lines(scope.base, scope.head, endpoints=scope.endpoints)
    except Exception:  # the marks are a nicety; a missing base is reported by the diff-aware checks
        return None


def apply_policy(
    results: Sequence[CheckResult], repo: Repo, policy: Policy
) -> tuple[CheckResult, ...]:
    """Overrides, inline ignores, baseline and changed-line marks, applied to every result."""
    line_cache: dict[str, list[str] | None] = {}
    out: list[CheckResult] = []
    for res in results:
        kept: list[Finding] = []
        suppressed = res.suppressed
        for f in res.findings:
            override = policy.overrides.get(f.rule.id)
            if override == "off":
                continue
            if override is not None:
                f = dataclasses.replace(f, severity=Severity.parse(override))
            if f.fingerprint in policy.baseline or _inline_ignored(f, repo, line_cache):
                suppressed += 1
                continue
            if policy.changed_lines is not None and _on_changed_line(f, policy.changed_lines):
                f = dataclasses.replace(f, on_changed_line=True)
            kept.append(f)
        status = res.status
        if status in (Status.FAILED, Status.PASSED):
            status = Status.FAILED if kept else Status.PASSED
        out.append(dataclasses.replace(res, findings=tuple(sorted(kept, key=Finding.sort_key)),
                                       suppressed=suppressed, status=status))
    return tuple(out)


def _on_changed_line(f: Finding, changed_lines: Mapping[str, AbstractSet[int]]) -> bool:
    """On a line the PR changed: the finding's own lines, or for a live finding (a URL, a DNS name)
    the launchgate.yml line that declared its target (the PR added or changed that host)."""
    loc = f.location
    if loc.path and loc.start_line:
        changed = changed_lines.get(loc.path, set())
        return any(n in changed
                   for n in range(loc.start_line, (loc.end_line or loc.start_line) + 1))
    if not loc.path and loc.anchor_path and loc.anchor_line:
        return loc.anchor_line in changed_lines.get(loc.anchor_path, set())
    return False


def _inline_ignored(f: Finding, repo: Repo, cache: dict[str, list[str] | None]) -> bool:
    """``launchgate: ignore[rule]`` on the finding's line or the line above; for a live finding, on
    the launchgate.yml line that declared its target (``# launchgate: ignore[web.csp-missing]
    reason``)."""
    if f.location.start_line is None and f.location.anchor_line is None:
        return False
    place = f.location.file_position()
    if place is None:
        return False
    path, line = place
    if path not in cache:
        tf = repo.read_text(path)
        cache[path] = None if isinstance(tf, Skipped) else tf.lines()
    lines = cache[path]
    return lines is not None and repo.ignored_inline(path, line, f.rule.id, lines)


def build_report(info: RunInfo, results: Sequence[CheckResult], checks: Sequence[Check]) -> Report:
    rules: dict[str, Rule] = {}
    for c in checks:
        for r in c.rules:
            rules[r.id] = r
    return Report(info=info, results=tuple(results), rules=tuple(rules[k] for k in sorted(rules)))


# -- baseline
# ----------------------------------------------------------------------------------------------
class BaselineError(Exception):
    """The baseline file cannot be used; one line."""


MAX_BASELINE_BYTES = 16 * 1024 * 1024


def read_baseline(path: Path) -> frozenset[str]:
    """Accepted fingerprints; read only from a regular file under MAX_BASELINE_BYTES (never a FIFO,
    /dev/zero)."""
    if not path.exists() and not path.is_symlink():
        return frozenset()
    try:
        data: Any = yamlio.load_json(read_regular(path, MAX_BASELINE_BYTES).decode("utf-8"),
                                     path.name)
    except Refused as exc:
        raise BaselineError(str(exc)) from None
    except (UnicodeDecodeError, yamlio.JsonError) as exc:
        raise BaselineError(f"{path.name}: not a launchgate baseline ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path.name}: not a launchgate baseline (no 'findings' list)")
    prints = [item.get("fingerprint") for item in data["findings"] if isinstance(item, dict)]
    return frozenset(p for p in prints if isinstance(p, str))


def render_baseline(report: Report) -> str:
    """Deterministic: sorted by rule and fingerprint, no timestamps, no line numbers, no secret
    values."""
    items = sorted({(f.rule.id, f.fingerprint, f.location.path or f.location.url or "")
                    for f in report.findings()})
    doc = {"version": BASELINE_VERSION, "tool": "launchgate",
           "findings": [{"rule": r, "fingerprint": fp, "where": w} for r, fp, w in items]}
    return json.dumps(doc, indent=2) + "\n"
