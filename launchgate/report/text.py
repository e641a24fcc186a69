"""The terminal report: a ranked launch-risk list, blocker first, with place, message and a one-line fix."""

from __future__ import annotations

from launchgate.model import Report, Status


def render(report: Report) -> str:
    info = report.info
    phases = "+".join(p.value for p in info.phases)
    env = f", environment {info.environment}" if info.environment else ""
    lines = [f"launchgate {info.version}: {phases}-deploy gate on {info.root}{env}", ""]
    findings = report.findings()
    width = max((len(f.rule.id) for f in findings), default=0)
    for f in findings:
        lines.append(f"{f.severity.label.upper():<8} {f.rule.id:<{width}}  {f.location.describe()}")
        lines.append(f"{'':<8} {f.message}")
        if f.evidence:
            lines.append(f"{'':<8} evidence: {f.evidence}")
        lines.append(f"{'':<8} fix: {f.rule.fix}")
    if findings:
        lines.append("")
    for r in report.results:
        extra = f" ({r.suppressed} suppressed)" if r.suppressed else ""
        reason = f": {r.reason}" if r.reason and r.status in (Status.ERROR, Status.SKIPPED) else ""
        count = f", {len(r.findings)} finding{'s' if len(r.findings) != 1 else ''}" if r.findings else ""
        lines.append(f"  {r.check:<12} {r.status.value:<8} {r.duration_s:6.2f} s{count}{extra}{reason}")
    counts = report.counts()
    summary = ", ".join(f"{n} {sev}" for sev, n in counts.items())
    gate = "never fails" if info.fail_on is None else f"fails on {info.fail_on.label}"
    verdict = "PASSED" if report.passed else "FAILED"
    errors = sum(1 for r in report.results if r.status is Status.ERROR)
    err_note = f"; {errors} check{'s' if errors != 1 else ''} errored" if errors else ""
    lines += ["", f"{verdict}: {summary} (gate {gate}){err_note}"]
    return "\n".join(lines) + "\n"
