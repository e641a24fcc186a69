"""Pure evaluation for the ``probes`` check: each part's findings and figures from what
``gather.py`` brought back (health observations, flow outcomes, burst results, the sampler's
latencies, cleanup answers), with the location and the known secrets passed in.

The rules themselves live beside the parts (health.py, smoke.py, ratelimit.py, latency.py,
writes.py); this module is the one entry the check calls, so a part's verdict and the figures the
report shows are computed in one place, without sockets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from launchgate.checks.probes import latency, ratelimit, writes
from launchgate.checks.probes.health import (
    HealthObservation,
    HealthSpec,
    describe_health,
    evaluate_health,
)
from launchgate.checks.probes.smoke import FlowOutcome, FlowSpec, describe_steps, evaluate_flow
from launchgate.checks.secrets.live import mask_text
from launchgate.model import Finding, Location

if TYPE_CHECKING:  # types only: the sampler (its own thread and sockets) is gather.py's
    from launchgate.checks.probes.sampler import LoadPlan, LoadResult

__all__ = ["burst_findings", "cleanup_findings", "dry_run", "evaluate_health", "flow_findings",
           "health_findings", "latency_findings", "target"]

Figures = dict[str, float | int | str]


def health_findings(specs: Sequence[HealthSpec], observations: Sequence[HealthObservation],
                    anchors: Sequence[Location],
                    secrets: Sequence[str]) -> tuple[list[Finding], Figures]:
    """Each health URL's verdict (at its anchor), and what each probe checks."""
    findings: list[Finding] = []
    figures: Figures = {}
    for hs, obs, at in zip(specs, observations, anchors, strict=True):
        findings += evaluate_health(obs, at, secrets)
        figures[f"health.probe.{mask_text(hs.url, secrets)}"] = describe_health(hs)
    if specs:
        figures["health.checked"] = len(specs)
    return findings, figures


def flow_findings(flow: FlowSpec, outcome: FlowOutcome, anchor: Location,
                  secrets: Sequence[str] | set[str]) -> tuple[list[Finding], Figures]:
    """A smoke flow's failed step (if any), how many steps passed, and the steps it ran."""
    passed = sum(1 for s in outcome.steps if s.state in ("passed", "slow"))
    slow = sum(1 for s in outcome.steps if s.state == "slow")
    figures: Figures = {
        f"smoke.{flow.name}": f"{passed}/{len(outcome.steps)} steps passed"
        + (f" ({slow} slower than max_ms)" if slow else ""),
        f"smoke_steps.{flow.name}": mask_text(describe_steps(flow), secrets),
    }
    return evaluate_flow(outcome, anchor), figures


def burst_findings(res: ratelimit.BurstResult,
                   anchor: Location) -> tuple[list[Finding], Figures, str]:
    """A burst's verdict, its figure, and why it stopped early ('' when it did not)."""
    figures: Figures = {f"rate_limits.{res.spec.request.line}": ratelimit.describe_limit(res)}
    problem = f"{res.spec.request.line}: {res.stopped}" if res.stopped else ""
    return ratelimit.evaluate_burst(res, anchor), figures, problem


def target(spec: latency.LatencySpec) -> str:
    """The endpoint's thresholds, as the report's latency table shows them."""
    return ", ".join(f"{k} ≤ {v:g} ms" for k, v in sorted(spec.thresholds_ms.items()))


def latency_findings(spec: latency.LatencySpec, res: LoadResult, anchor: Location,
                     baseline_p95: float | None,
                     max_regression: float) -> tuple[list[Finding], Figures]:
    """An endpoint's percentiles against its thresholds (and the previous run's p95), with the
    percentiles, the target and the verdict as figures."""
    summ = latency.summarize(spec, res)
    figures: Figures = dict(summ.figures())
    got = latency.evaluate_latency(spec, summ, anchor, baseline_p95, max_regression)
    # target and verdict as figures: the report's latency table shows them beside the percentiles
    figures[f"latency.{spec.name}.target"] = target(spec)
    figures[f"latency.{spec.name}.verdict"] = "over target" if got else "within target"
    return got, figures


def dry_run(spec: latency.LatencySpec, plan: LoadPlan) -> tuple[str, Figures]:
    """A write endpoint under ``dry_run``: nothing sent; its row and a note say what would be."""
    model = f"open {spec.rate:g}/s" if spec.rate else f"closed c={spec.concurrency}"
    figures: Figures = {
        f"latency.{spec.name}.target": target(spec),
        f"latency.{spec.name}.verdict": "not sent (dry run)",
        f"latency.{spec.name}.model": model,
    }
    note = writes.plan_text(spec.request.method, spec.url, requests=plan.requests, model=model,
                            warmup_s=plan.warmup_s, cleanup=spec.cleanup)
    return note, figures


def cleanup_findings(spec: latency.LatencySpec, sent: int, outcome: writes.CleanupOutcome | None,
                     anchor: Location) -> tuple[list[Finding], str]:
    """A failed cleanup as a finding, and the note that says what the write endpoint sent."""
    note = writes.sent_text(spec.request.method, spec.url, sent=sent, cleanup=spec.cleanup,
                            outcome=outcome)
    if spec.cleanup is None or outcome is None:
        return [], note
    return writes.evaluate_cleanup(spec.name, spec.cleanup, outcome, anchor), note
