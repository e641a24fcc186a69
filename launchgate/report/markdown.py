"""Markdown: the launch-risk list for GitHub's job summary and the sticky PR comment.

The same renderer serves both with different size budgets (the job summary must stay under 1 MiB, a comment
under 65,536 characters): verdict first, counts by severity, one table of checks with status and duration, the
findings ranked (worst first, lines the PR changed first) with links to the head commit when a link base is
given, the measured figures, and what was skipped and why. When the budget is short, findings are dropped from
the end and a note says how many are not shown. Deterministic: everything comes from the Report.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from launchgate.model import SEVERITY_NAMES, CheckResult, Finding, Report, Severity, Status
from launchgate.report.clock import utc_time as _utc_time

JOB_SUMMARY_BUDGET = 1_000_000  # GitHub rejects a step summary of 1 MiB or more
COMMENT_BUDGET = 65_000  # bytes; GitHub's comment limit is 65,536 characters, and bytes >= characters

_ICON = {
    Severity.BLOCKER: "⛔",
    Severity.HIGH: "🔴",
    Severity.MEDIUM: "🟠",
    Severity.LOW: "🟡",
    Severity.INFO: "🔵",
}
_STATUS = {
    Status.PASSED: "✅ passed",
    Status.FAILED: "❌ failed",
    Status.ERROR: "💥 error",
    Status.SKIPPED: "⏭️ skipped",
}
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def esc(text: str) -> str:
    """Text safe inside a table cell: no markup, no raw HTML, no line breaks, no table pipes."""
    text = " ".join(text.split())
    return _SPECIAL.sub(r"\\\1", text.replace("&", "&amp;").replace("@", "@\u200b"))


def render(report: Report) -> str:
    return render_markdown(report, JOB_SUMMARY_BUDGET)


def render_markdown(report: Report, budget_bytes: int = JOB_SUMMARY_BUDGET, *, link_base: str | None = None,
                    header: str = "") -> str:
    """The whole report under ``budget_bytes`` (UTF-8). ``link_base`` is e.g.
    ``https://github.com/OWNER/REPO/blob/HEAD_SHA``; ``header`` is put first verbatim (the comment marker)."""
    findings = ranked(report)
    rows = [_finding_row(i + 1, f, link_base) for i, f in enumerate(findings)]
    head = header + _head(report)
    tail = _tail(report)

    def assemble(shown: int) -> str:
        parts = [head]
        if rows:
            parts.append(_findings_block(rows[:shown], len(rows)))
        parts.append(tail)
        return "\n".join(parts)

    text = assemble(len(rows))
    if _size(text) <= budget_bytes:
        return text
    lo, hi = 0, len(rows)  # largest number of rows that fits
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _size(assemble(mid)) <= budget_bytes:
            lo = mid
        else:
            hi = mid - 1
    text = assemble(lo)
    if _size(text) <= budget_bytes:
        return text
    return _hard_cut(text, budget_bytes)


def ranked(report: Report) -> list[Finding]:
    """Worst first; within a severity, findings on lines the PR changed first; then the report's order."""
    return sorted(report.findings(), key=lambda f: (-int(f.severity), not f.on_changed_line, f.sort_key()))


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _hard_cut(text: str, budget: int) -> str:
    note = "\n\n> ✂️ **Truncated**: this report is longer than the size limit here; see the job summary.\n"
    room = max(budget - _size(note), 0)
    cut = text.encode("utf-8")[:room].decode("utf-8", "ignore")
    cut = cut[: cut.rfind("\n")] if "\n" in cut else ""
    return cut + note


def _head(report: Report) -> str:
    info = report.info
    counts = report.counts()
    total = sum(counts.values())
    gate = "never" if info.fail_on is None else info.fail_on.label
    title = "## ✅ launchgate: gate passed" if report.passed else "## ❌ launchgate: gate failed"
    worst = report.max_severity()
    if total == 0:
        verdict = "No findings."
    elif info.fail_on is None:
        verdict = f"{total} finding{'s' if total != 1 else ''}; the gate never fails (`fail_on: never`)."
    elif report.passed:
        verdict = f"{total} finding{'s' if total != 1 else ''}, none at or above **{gate}** (`fail_on`)."
    else:
        blocking = sum(1 for f in report.findings() if info.fail_on is not None and f.severity >= info.fail_on)
        verdict = (f"{blocking} finding{'s' if blocking != 1 else ''} at or above **{gate}** (`fail_on`) "
                   f"block the launch; worst: **{worst.label if worst else '-'}**.")
    lines = [title, "", verdict]
    errored = [r for r in report.results if r.status is Status.ERROR]
    if errored:
        names = ", ".join(f"`{r.check}`" for r in sorted(errored, key=lambda r: r.check))
        lines += ["", f"⚠️ {len(errored)} check{'s' if len(errored) != 1 else ''} could not finish: {names}."]
    lines += ["", "| " + " | ".join(f"{_ICON[Severity.parse(n)]} {n}" for n in SEVERITY_NAMES) + " |",
              "|" + "---:|" * len(SEVERITY_NAMES),
              "| " + " | ".join(str(counts[n]) for n in SEVERITY_NAMES) + " |", ""]
    lines += ["### Checks", "", "| Check | Phase | Status | Findings | Duration |", "|---|---|---|---:|---:|"]
    for r in sorted(report.results, key=lambda r: r.check):
        lines.append(f"| `{r.check}` | {r.phase.value} | {_STATUS[r.status]} | {len(r.findings)} "
                     f"| {r.duration_s:.2f} s |")
    return "\n".join(lines) + "\n"


def _findings_block(rows: list[str], total: int) -> str:
    lines = ["### Findings", "", "| # | Severity | Rule | Where | Finding |", "|---:|---|---|---|---|", *rows]
    if len(rows) < total:
        lines += ["", f"> ✂️ **Truncated**: {len(rows)} of {total} findings shown to stay under the size limit; "
                      "the SARIF and JSON reports (and the job summary) have them all."]
    return "\n".join(lines) + "\n"


def _finding_row(n: int, f: Finding, link_base: str | None) -> str:
    where = _where(f, link_base)
    text = esc(f.message)
    if f.evidence:
        evidence = f.evidence.replace("`", "'").replace("|", "/")
        text += f" — evidence: `{evidence}`"
    text += f" — *fix:* {esc(f.rule.fix)}"
    changed = " ✏️" if f.on_changed_line else ""
    return f"| {n} | {_ICON[f.severity]} {f.severity.label}{changed} | `{f.rule.id}` | {where} | {text} |"


def _where(f: Finding, link_base: str | None) -> str:
    loc = f.location
    parts = []
    pos = loc.file_position()
    if loc.path and pos:
        label = esc(loc.describe() if not loc.url else f"{pos[0]}:{pos[1]}")
        parts.append(_link(label, pos[0], pos[1], loc.end_line, link_base))
    if loc.url:
        parts.append(esc(loc.url))
        if not loc.path and pos:
            parts.append("(" + _link(esc(f"{pos[0]}:{pos[1]}"), pos[0], pos[1], None, link_base) + ")")
    return " ".join(parts) or "-"


def _link(label: str, path: str, line: int, end: int | None, link_base: str | None) -> str:
    if not link_base:
        return label
    anchor = f"#L{line}" + (f"-L{end}" if end and end > line else "")
    return f"[{label}]({link_base.rstrip('/')}/{quote(path)}{anchor})"


def _tail(report: Report) -> str:
    lines: list[str] = []
    with_figures = [r for r in sorted(report.results, key=lambda r: r.check) if r.figures]
    if with_figures:
        lines += ["### Measured", "", "| Check | Figure | Value |", "|---|---|---:|"]
        for r in with_figures:
            for name in sorted(r.figures):
                lines.append(f"| `{r.check}` | {esc(name)} | {esc(_figure(r.figures[name]))} |")
        lines.append("")
    not_run = [r for r in sorted(report.results, key=lambda r: r.check) if r.status in (Status.SKIPPED, Status.ERROR)]
    if not_run:
        lines += ["### Skipped or unfinished", ""]
        lines += [_not_run(r) for r in not_run]
        lines.append("")
    lines.append(_footer(report))
    return "\n".join(lines) + "\n"


def _figure(value: float | int | str) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _not_run(r: CheckResult) -> str:
    what = "skipped" if r.status is Status.SKIPPED else "error"
    return f"- `{r.check}` ({what}): {esc(r.reason or '-')}"


def _footer(report: Report) -> str:
    info = report.info
    bits = [f"launchgate {esc(info.version)}", "started " + _utc_time(report).strftime("%Y-%m-%d %H:%M:%S UTC"),
            "phase " + ", ".join(p.value for p in info.phases),
            "fail\\_on " + ("never" if info.fail_on is None else info.fail_on.label)]
    if info.environment:
        bits.append(f"environment {esc(info.environment)}")
    suppressed = sum(r.suppressed for r in report.results)
    if suppressed:
        bits.append(f"{suppressed} suppressed")
    return "<sub>" + " · ".join(bits) + "</sub>"
