"""The ``probes`` check: health endpoints, smoke flows, rate limits and latency under bounded load,
post-deploy.

Order: health first (with its warm-up), then smoke flows, rate limits and latency. Load (bursts and
the latency sampler) is sent only when health is not down, only to configured target hosts, and
within hard ceilings on requests and time whatever the config says. Each part gathers with I/O, then
evaluates with pure functions.

The family's files: ``rules.py`` (the rules), ``schema.py`` (the sections and their typed
Settings), ``gather.py`` (every request: health, flows, bursts, the sampler's load, cleanups; the
previous run's report), ``evaluate.py`` (pure: each part's findings and figures). The parts' specs
and rules are health.py, smoke.py, ratelimit.py, latency.py and writes.py; the load engine is
sampler.py and the run-wide budget budget.py.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import urlsplit

from launchgate.check import CheckError, Context, Skip
from launchgate.checks.probes import evaluate, gather, health, latency, ratelimit, smoke
from launchgate.checks.probes.budget import BudgetedNet, LoadBudget
from launchgate.checks.probes.rules import HEALTH_DOWN, RULES
from launchgate.checks.probes.schema import SCHEMA, Settings
from launchgate.checks.probes.spec import HARD_MAX_REQUESTS, HARD_MAX_SECONDS, SpecError, Vars
from launchgate.checks.secrets import live
from launchgate.model import Finding, Location, Phase, Rule

__all__ = ["ProbesCheck", "Settings"]

SECTIONS = ("health", "smoke", "rate_limits", "latency")
SECRET_NAME_HINTS = ("PASSWORD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "PASS", "AUTH")


def _at(ctx: Context, key_path: str, url: str) -> Location:
    """The probed URL, anchored at the launchgate.yml line that declared the probe."""
    return dataclasses.replace(ctx.anchor(key_path), url=url)


class ProbesCheck:
    id: ClassVar[str] = "probes"
    phase: ClassVar[Phase] = Phase.POST
    rules: ClassVar[tuple[Rule, ...]] = RULES
    schema: ClassVar[Mapping[str, Mapping[str, Any]]] = SCHEMA
    timeout_s: ClassVar[float] = 900.0
    # sends timed load: runs after the other checks, not beside them
    exclusive: ClassVar[bool] = True

    async def run(self, ctx: Context) -> list[Finding]:
        configured = [s for s in SECTIONS if ctx.section(s)]
        if not configured:
            raise Skip("no health, smoke, rate_limits or latency section in the config")
        targets = ctx.config.get("targets") or {}
        base = str(targets.get("canonical") or "")
        if not base.startswith(("http://", "https://")):
            raise CheckError("targets.canonical must be set to the site's base URL (https://...) "
                             "for "
                             + ", ".join(configured))
        hosts = frozenset(h.lower()
                          for h in [urlsplit(base).hostname or "", *targets.get("hosts", [])])
        run_id = ctx.env.get("RUN_ID") or ctx.run_id or ctx.now().strftime("%Y%m%d%H%M%S%f")
        vars_ = Vars(ctx.env, {"RUN_ID": run_id})
        # values of secret-looking environment variables are scrubbed from every output even if the
        # config
        # layer already interpolated them (then we cannot tell which strings came from the
        # environment)
        vars_.secrets |= {
            v
            for k, v in ctx.env.items()
            if len(v) >= 6 and any(h in k.upper() for h in SECRET_NAME_HINTS)
        }
        # one load budget for every probe of the run (budget.py): requests, requests in flight,
        # duration
        # (a smaller one when the caller gave the run its own: `launchgate monitor`)
        if not isinstance(ctx.net, BudgetedNet):
            ctx = dataclasses.replace(ctx, net=BudgetedNet(ctx.net, LoadBudget()))
        try:
            found = await self._run(ctx, base, hosts, vars_)
        except SpecError as exc:
            raise CheckError(live.mask_text(str(exc), vars_.secrets)) from None
        # what servers answered (bodies, headers, errors) is masked by the secrets engine before it
        # is evidence
        known = vars_.secrets | live.known_secrets(ctx)
        return [live.masked_finding(f, known) for f in found]

    async def _run(self, ctx: Context, base: str, hosts: frozenset[str],
                   vars_: Vars) -> list[Finding]:
        findings: list[Finding] = []
        problems: list[str] = []
        expanded = {name: vars_.expand(ctx.section(name) or [])
                    for name in ("health", "rate_limits", "latency")}
        if vars_.missing:  # smoke flows report theirs per step (a capture may provide them)
            names = ", ".join(sorted({f"${{{n}}}" for n in vars_.missing}))
            raise SpecError(f"{names} not set: health, rate_limits and latency read variables "
                            "from the environment")
        health_specs = health.health_specs(expanded["health"], base, hosts)
        flows = smoke.flow_specs(ctx.section("smoke") or [])
        limits = ratelimit.rate_limit_specs(expanded["rate_limits"], base, hosts)
        settings = Settings.of(expanded["latency"])
        lat_specs = latency.latency_specs(settings, base, hosts)
        secrets = sorted(vars_.secrets)

        findings += await _health(ctx, health_specs, secrets)
        down = any(f.rule is HEALTH_DOWN for f in findings)
        findings += await _smoke(ctx, flows, base, hosts, vars_)
        if down and (limits or lat_specs):
            problems.append("rate limits and latency not measured: a health endpoint is down")
            limits, lat_specs = [], []
        findings += await _rate_limits(ctx, limits, problems)
        notes: list[str] = []  # what the write endpoints did (or would do) to the target
        findings += await _latency(ctx, settings, lat_specs, problems, notes)
        if notes:
            ctx.record("probes.writes", live.mask_text("; ".join(notes), secrets))
        if problems:
            ctx.record("probes.problems", live.mask_text("; ".join(problems), secrets))
            if not findings:
                raise CheckError(
                    live.mask_text(problems[0], secrets)
                    + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else "")
                )
        return findings


def _record(ctx: Context, figures: Mapping[str, float | int | str]) -> None:
    for name, value in figures.items():
        ctx.record(name, value)


async def _latency(ctx: Context, settings: Settings, specs: list[latency.LatencySpec],
                   problems: list[str], notes: list[str]) -> list[Finding]:
    if not specs:
        return []
    baseline, problem = gather.latency_baseline(ctx, settings)
    if problem:
        problems.append(problem)
    budget = ctx.net.budget if isinstance(ctx.net, BudgetedNet) else LoadBudget()
    left_requests = min(settings.max_total_requests, HARD_MAX_REQUESTS, budget.left_requests())
    left_s = min(settings.max_total_s, HARD_MAX_SECONDS, budget.left_s())
    findings: list[Finding] = []
    for spec in specs:
        if spec.kind == "write" and settings.dry_run:
            note, figures = evaluate.dry_run(spec, gather.load_plan(ctx.net, spec, left_requests,
                                                                    left_s))
            _record(ctx, figures)
            notes.append(note)
            continue
        if left_requests <= 0 or left_s <= 1:
            problems.append(f"{spec.name}: not measured, the run's load budget is spent")
            continue
        plan = gather.load_plan(ctx.net, spec, left_requests, left_s)
        started = time.monotonic()
        res = await gather.measure(plan)
        left_s -= time.monotonic() - started
        left_requests -= res.sent + res.warmup_sent
        budget.spend(res.sent + res.warmup_sent)
        got, figures = evaluate.latency_findings(spec, res,
                                                 _at(ctx, f"latency.{spec.index}", spec.url),
                                                 baseline.get(spec.name), settings.max_regression)
        _record(ctx, figures)
        findings += got
        if spec.kind == "write":
            findings += await _after_writes(ctx, spec, res.sent + res.warmup_sent, notes)
    return findings


async def _after_writes(ctx: Context, spec: latency.LatencySpec, sent: int,
                        notes: list[str]) -> list[Finding]:
    """The write endpoint's cleanup request (once, bounded), and the note that says what was
    sent."""
    outcome = await gather.run_cleanup(ctx.net, spec.cleanup) if spec.cleanup else None
    anchor = (_at(ctx, f"latency.{spec.index}.cleanup", spec.cleanup.url) if spec.cleanup
              else Location())
    found, note = evaluate.cleanup_findings(spec, sent, outcome, anchor)
    notes.append(note)
    return found


async def _health(ctx: Context, specs: list[health.HealthSpec],
                  secrets: list[str]) -> list[Finding]:
    observations = await gather.health_observations(ctx.net, specs)
    anchors = [_at(ctx, f"health.{hs.index}", hs.url) for hs in specs]
    findings, figures = evaluate.health_findings(specs, observations, anchors, secrets)
    _record(ctx, figures)
    return findings


async def _smoke(ctx: Context, flows: list[smoke.FlowSpec], base: str, hosts: frozenset[str],
                 vars_: Vars) -> list[Finding]:
    """Each flow in turn, with its own variables."""
    findings: list[Finding] = []
    for flow in flows:
        outcome = await gather.flow_outcome(ctx.net, flow, base, hosts, vars_)
        found, figures = evaluate.flow_findings(flow, outcome, ctx.anchor(f"smoke.{flow.index}"),
                                                vars_.secrets)
        findings += found
        _record(ctx, figures)
    return findings


async def _rate_limits(ctx: Context, limits: list[ratelimit.RateLimitSpec],
                       problems: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    for rl in limits:
        res = await gather.burst(ctx.net, rl)
        found, figures, problem = evaluate.burst_findings(
            res, _at(ctx, f"rate_limits.{rl.index}", rl.url))
        findings += found
        _record(ctx, figures)
        if problem:
            problems.append(problem)
    return findings
