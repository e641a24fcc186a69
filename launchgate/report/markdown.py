"""Markdown: what a maintainer reads in the PR comment and the job summary (one renderer, two size
budgets).

Verdict first (passed / failed / errored, worst severity, counts); then the findings as short blocks
grouped by severity (marker, rule id, ``path:line`` linked to the head commit, message, fix); on a
PR, those new in it (on lines it changed, or a live target whose config line it changed) apart from
those already on the base; blocker and high expanded, medium and below folded in ``<details>``; then
the measured figures as small tables, what was skipped or partial and why, and a footer. GitHub's
limits (65,536 characters for a comment, 1 MiB for a summary) are kept by summarising the tail of
the findings, never by cutting a block. Every string that came from the repository or a server goes
through ``mdsafe`` (no markup, HTML, mention or link can come from it). Deterministic: everything
comes from the Report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from urllib.parse import quote

from launchgate.model import CheckResult, Finding, Report, Severity, Status
from launchgate.report import figures, mdsafe
from launchgate.report.clock import utc_time as _utc_time

JOB_SUMMARY_BUDGET = 1_000_000  # GitHub rejects a step summary of 1 MiB or more
# bytes; GitHub's comment limit is 65,536 characters, and bytes >= characters
COMMENT_BUDGET = 65_000
EXPANDED = Severity.HIGH  # this severity and worse are shown open; the rest inside <details>

ICON = {
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


def esc(value: str) -> str:
    """Untrusted text safe anywhere, table cells included (kept for callers outside the package)."""
    return mdsafe.text(value, in_table=True)


def render(report: Report) -> str:
    return render_markdown(report, JOB_SUMMARY_BUDGET)


def render_markdown(report: Report, budget_bytes: int = JOB_SUMMARY_BUDGET, *,
                    link_base: str | None = None,
                    header: str = "") -> str:
    """The whole report under ``budget_bytes`` (UTF-8). ``link_base`` is e.g.
    ``https://github.com/OWNER/REPO/blob/HEAD_SHA``; ``header`` is put first verbatim (the comment
    marker)."""
    findings = ranked(report)
    blocks = [_block(f, link_base) for f in findings]
    head = header + _head(report)
    tails = (_tail(report, with_figures=True), _tail(report, with_figures=False))

    def assemble(shown: int, tail: str) -> str:
        return "\n".join([head, _findings(report, findings, blocks, shown),
                          tail]).rstrip("\n") + "\n"

    for tail in tails:
        text = assemble(len(blocks), tail)
        if _size(text) <= budget_bytes:
            return text
        lo, hi = 0, len(blocks)  # the most findings that fit, in rank order
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if _size(assemble(mid, tail)) <= budget_bytes:
                lo = mid
            else:
                hi = mid - 1
        text = assemble(lo, tail)
        if _size(text) <= budget_bytes and (lo > 0 or tail is tails[-1]):
            return text
    return _hard_cut(text, budget_bytes)


def ranked(report: Report) -> list[Finding]:
    """Worst first; within a severity, findings on lines the PR changed first; then the report's
    order."""
    return sorted(report.findings(),
                  key=lambda f: (-int(f.severity), not f.on_changed_line, f.sort_key()))


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _hard_cut(text: str, budget: int) -> str:
    """Last resort for a budget smaller than the verdict itself: whole lines only, and say so."""
    note = ("\n> ✂️ **Truncated**: this report is longer than the size limit here; see the job "
            "summary.\n")
    room = max(budget - _size(note), 0)
    cut = text.encode("utf-8")[:room].decode("utf-8", "ignore")
    cut = cut[: cut.rfind("\n")] if "\n" in cut else ""
    return cut + note


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def verdict(report: Report) -> str:
    """passed / failed / errored: failed wins (exit 1), then a check that could not run (exit 3)."""
    if not report.passed:
        return "failed"
    return "errored" if any(r.status is Status.ERROR for r in report.results) else "passed"


def _head(report: Report) -> str:
    info = report.info
    counts = report.counts()
    total = sum(counts.values())
    worst = report.max_severity()
    title = {"failed": "## ❌ launchgate: gate failed", "errored": "## 💥 launchgate: gate errored",
             "passed": "## ✅ launchgate: gate passed"}[verdict(report)]
    gate = "never" if info.fail_on is None else info.fail_on.label
    if total == 0:
        line = "No findings."
    elif info.fail_on is None:
        line = f"{_plural(total, 'finding')}; the gate never fails (`fail_on: never`)."
    elif report.passed:
        line = f"{_plural(total, 'finding')}, none at or above **{gate}** (`fail_on`)."
    else:
        blocking = sum(1 for f in report.findings() if f.severity >= info.fail_on)
        line = (f"**{_plural(blocking, 'finding')}** at or above **{gate}** (`fail_on`) block the "
                f"launch; worst: **{worst.label if worst else '-'}**.")
    lines = [title, "", line]
    if total:
        lines += ["",
                  " · ".join(f"{ICON[s]} {counts[s.label]} {s.label}" for s in reversed(Severity))]
    errored = sorted(r.check for r in report.results if r.status is Status.ERROR)
    if errored:
        lines += ["", f"⚠️ {_plural(len(errored), 'check')} could not finish: "
                      f"{', '.join(f'`{c}`' for c in errored)} (see *Skipped or partial*)."]
    lines += ["", "| Check | Status | Findings | Time |", "|---|---|---:|---:|"]
    for r in sorted(report.results, key=lambda r: r.check):
        lines.append(f"| `{r.check}` | {_STATUS[r.status]} | {len(r.findings)} | "
                     f"{r.duration_s:.2f} s |")
    return "\n".join(lines) + "\n"


def _findings(report: Report, findings: Sequence[Finding], blocks: Sequence[str],
              shown: int) -> str:
    if not findings:
        return ""
    keep = list(zip(findings[:shown], blocks[:shown], strict=True))
    lines: list[str] = []
    # a PR run: new in this PR (on lines it changed) apart from what the base has
    if report.info.base_ref:
        new = sum(f.on_changed_line for f in findings)
        changed = [fb for fb in keep if fb[0].on_changed_line]
        lines += _section(f"🆕 New in this PR ({new})", changed,
                          empty="None of the findings is on a line this PR changed.")
        lines += _section(f"Already on the base ({len(findings) - new})",
                          [fb for fb in keep if not fb[0].on_changed_line], note=_base_note(report))
    else:
        lines += _section(f"Findings ({len(findings)})", keep)
    if shown < len(findings):
        lines += [_omitted(findings[shown:]), ""]
    return "\n".join(lines)


def _base_note(report: Report) -> str:
    """What "already on the base" means here: not on a changed line; baselined findings are not
    shown at all."""
    note = ("*Not on a line this PR changed (live findings: their target's line in the config was "
            "not changed).")
    if report.info.baselined:
        note += (f" {_plural(report.info.baselined, 'more finding')} accepted in the baseline file "
                 "not shown.")
    return note + "*"


def _section(title: str, items: Sequence[tuple[Finding, str]], *, empty: str = "",
             note: str = "") -> list[str]:
    lines = [f"### {title}", ""]
    if note and items:
        lines += [note, ""]
    if empty and not items:
        lines += [empty, ""]
    for sev in reversed(Severity):
        group = [b for f, b in items if f.severity is sev]
        if not group:
            continue
        label = f"{ICON[sev]} {sev.label.capitalize()} ({len(group)})"
        if sev >= EXPANDED:
            lines += [f"#### {label}", ""]
            lines += [line for b in group for line in (b, "")]
        else:
            lines += ["<details>", f"<summary><b>{label}</b></summary>", ""]
            lines += [line for b in group for line in (b, "")]
            lines += ["</details>", ""]
    return lines


def _omitted(rest: Sequence[Finding]) -> str:
    """The summarised tail: counts per severity and the rules behind them (so nothing is silently
    dropped)."""
    parts = []
    for sev in reversed(Severity):
        rules = Counter(f.rule.id for f in rest if f.severity is sev)
        if rules:
            top = ", ".join(f"`{rid}` ×{n}" for rid,
                            n in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
            more = ", …" if len(rules) > 5 else ""
            parts.append(f"{ICON[sev]} {sum(rules.values())} {sev.label} ({top}{more})")
    return (f"> ✂️ **{_plural(len(rest), 'more finding')} not shown** to stay under GitHub's size "
            "limit: "
            + "; ".join(parts) + ". The job summary, SARIF and JSON reports have them all.")


def _block(f: Finding, link_base: str | None) -> str:
    """One finding as a few short lines (hard line breaks), every untrusted part made inert."""
    first = f"{ICON[f.severity]} **{f.severity.label}** · `{f.rule.id}`"
    where = _where(f, link_base)
    if where:
        first += " · " + where
    lines = [first, mdsafe.text(f.message)]
    if f.evidence:
        lines.append("Evidence: " + mdsafe.code(f.evidence))
    lines.append("**Fix:** " + mdsafe.prose(f.rule.fix))
    return "\\\n".join(lines)


def _where(f: Finding, link_base: str | None) -> str:
    loc = f.location
    parts = []
    pos = loc.file_position()
    if loc.url:
        parts.append(mdsafe.code(loc.url))
    if pos:
        path, line = pos
        label = loc.describe() if loc.path and not loc.url else f"{path}:{line}"
        end = loc.end_line if loc.path else None
        link = _link(mdsafe.code(label), path, line, end, link_base)
        parts.append(link if loc.path else f"(declared at {link})")
    return " ".join(parts)


def _link(label: str, path: str, line: int, end: int | None, link_base: str | None) -> str:
    if not link_base:
        return label
    anchor = f"#L{line}" + (f"-L{end}" if end and end > line else "")
    return f"[{label}]({link_base.rstrip('/')}/{quote(path)}{anchor})"


def _tail(report: Report, *, with_figures: bool) -> str:
    view = figures.view(report)
    lines: list[str] = []
    if with_figures and (view.tables or view.other):
        lines += ["### Measured", ""]
        for t in view.tables:
            lines += _table(t)
        if view.other:
            lines += ["<details>", f"<summary>Other figures ({len(view.other)})</summary>", "",
                      "| Check | Figure | Value |", "|---|---|---|"]
            lines += [f"| `{c}` | {esc(n)} | {esc(v)} |" for c, n, v in view.other]
            lines += ["", "</details>", ""]
    elif view.tables or view.other:
        lines += ["### Measured", "", "Figures left out to stay under the size limit; see the job "
                  "summary.", ""]
    not_run = [r for r in sorted(report.results, key=lambda r: r.check)
               if r.status in (Status.SKIPPED, Status.ERROR)]
    if not_run or view.notes:
        lines += ["### Skipped or partial", ""]
        lines += [_not_run(r) for r in not_run]
        lines += [f"- `{c}` (partial): {mdsafe.text(note)}" for c, note in view.notes]
        lines.append("")
    lines.append(_footer(report))
    return "\n".join(lines) + "\n"


def _table(t: figures.Table) -> list[str]:
    head = [f"#### {mdsafe.text(t.title)} (`{t.check}`)", "", "| " + " | ".join(t.columns) + " |",
            "|" + "".join("---:|" if n else "---|" for n in t.numeric)]
    def cell(i: int, value: str) -> str:
        # www.x would be code (no autolink) and x not: every name alike
        if i in t.names and value != "-":
            return ", ".join(mdsafe.code(n.strip(), in_table=True) for n in value.split(","))
        return esc(value)

    return head + ["| " + " | ".join(cell(i, c) for i, c in enumerate(row)) + " |"
                   for row in t.rows] + [""]


def _not_run(r: CheckResult) -> str:
    what = "skipped" if r.status is Status.SKIPPED else "error"
    return f"- `{r.check}` ({what}): {mdsafe.text(r.reason or '-')}"


def _footer(report: Report) -> str:
    info = report.info
    bits = [f"launchgate {esc(info.version)}",
            "started " + _utc_time(report).strftime("%Y-%m-%d %H:%M:%S UTC"),
            "phase " + ", ".join(p.value for p in info.phases),
            "fail\\_on " + ("never" if info.fail_on is None else info.fail_on.label)]
    if info.environment:
        bits.append(f"environment {esc(info.environment)}")
    suppressed = sum(r.suppressed for r in report.results)
    if suppressed:
        bits.append(f"{suppressed} suppressed")
    return "<sub>" + " · ".join(bits) + "</sub>"
