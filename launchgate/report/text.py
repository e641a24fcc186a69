"""The terminal report: a ranked launch-risk list, blocker first, each finding once with place,
message and fix.

``render`` is the plain form (files, pipes: no colour, 100 columns); ``render_text`` takes a
``Style`` (colour by severity, the terminal's width, ``quiet``: verdict and blocker/high findings
only, ``verbose``: every figure). Per-check figures are compact lines (p95 per endpoint with its
target, days left per certificate). The verdict line says FAILED (exit 1), ERROR when a check could
not run (exit 3) or PASSED.
"""

from __future__ import annotations

import textwrap

from launchgate.model import Finding, Report, Severity, Status
from launchgate.report import figures
from launchgate.report.terminal import Style, printable

INDENT = " " * 9
EVIDENCE_INDENT = " " * len("evidence: ")


def render(report: Report) -> str:
    return render_text(report, Style())


def render_text(report: Report, style: Style) -> str:
    info = report.info
    phases = "+".join(p.value for p in info.phases)
    env = f", environment {info.environment}" if info.environment else ""
    lines = [_wrap(f"launchgate {info.version}: {phases}-deploy gate on {info.root}{env}", style,
                   ""), ""]
    findings = report.findings()
    shown = [f for f in findings if style.verbosity != "quiet" or f.severity >= Severity.HIGH]
    rule_width = max((len(f.rule.id) for f in shown), default=0)
    for f in shown:  # a blank line between findings: each reads as one block in a long list
        lines += [*_finding(f, rule_width, style), ""]
    if style.verbosity != "quiet":
        lines += _figures(report, style)
        lines += _checks(report, style)
    lines += ["", _verdict(report, style)] if lines[-1] else [_verdict(report, style)]
    return "\n".join(lines) + "\n"


def _wrap(text: str, style: Style, indent: str, first: str | None = None) -> str:
    return textwrap.fill(printable(text), width=style.width, initial_indent=indent if first is None
                         else first,
                         subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False) or indent


def _finding(f: Finding, rule_width: int, style: Style) -> list[str]:
    label = style.severity(f"{f.severity.label.upper():<8}", f.severity)
    where = printable(f.location.describe())
    if 9 + rule_width + 2 + len(where) <= style.width:
        out = [f"{label} {style.paint(f'{f.rule.id:<{rule_width}}', '1')}  {where}"]
    else:  # a long place goes on its own line rather than past the terminal's edge
        out = [f"{label} {style.paint(f.rule.id, '1')}", _wrap(where, style, INDENT)]
    out.append(_wrap(f.message, style, INDENT))
    if f.evidence:  # its lines stay lines (request / expected / got), each wrapped on its own
        first, *rest = f.evidence.splitlines() or [""]
        out.append(_wrap(f"evidence: {first}", style, INDENT + EVIDENCE_INDENT, INDENT))
        out += [_wrap(line, style, INDENT + EVIDENCE_INDENT) for line in rest if line.strip()]
    out.append(_wrap(f"fix: {f.rule.fix}", style, INDENT))
    return out


def _figures(report: Report, style: Style) -> list[str]:
    view = figures.view(report)
    compact = figures.compact(report, verbose=style.verbosity == "verbose")
    lines = [_wrap(line, style, "    ", "  ") for line in compact]
    lines += [_wrap(f"{check}: {note}", style, "    ", "  ") for check, note in view.notes]
    if style.verbosity == "verbose":
        lines += [_wrap(f"{check}: {name} = {value}", style, "    ", "  ") for check, name,
                  value in view.other]
    return [style.paint("Measured", "1"), *lines, ""] if lines else []


def _checks(report: Report, style: Style) -> list[str]:
    lines = [style.paint("Checks", "1")] if report.results else []
    for r in report.results:
        extra = f" ({r.suppressed} suppressed)" if r.suppressed else ""
        reason = f": {r.reason}" if r.reason and r.status in (Status.ERROR, Status.SKIPPED) else ""
        count = (
            f", {len(r.findings)} finding{'s' if len(r.findings) != 1 else ''}"
            if r.findings
            else ""
        )
        line = _wrap(f"  {r.check:<12} {r.status.value:<8} {r.duration_s:6.2f} "
                     f"s{count}{extra}{reason}", style,
                     " " * 33, "")
        if r.status is Status.ERROR:  # painted after wrapping: escape codes take no columns
            line = line.replace(" error ", " " + style.paint("error", "1;31") + " ", 1)
        lines.append(line)
    return lines


def _verdict(report: Report, style: Style) -> str:
    info = report.info
    counts = report.counts()
    summary = ", ".join(f"{n} {sev}" for sev, n in counts.items())
    gate = "never fails" if info.fail_on is None else f"fails on {info.fail_on.label}"
    errors = sum(1 for r in report.results if r.status is Status.ERROR)
    err_note = f"; {errors} check{'s' if errors != 1 else ''} could not run" if errors else ""
    if not report.passed:
        word = style.paint("FAILED", "1;31")
    elif errors:
        word = style.paint("ERROR", "1;31")
    else:
        word = style.paint("PASSED", "1;32")
    return f"{word}: {summary} (gate {gate}){err_note}"
