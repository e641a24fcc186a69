"""The ``probes`` check: health endpoints, smoke flows, rate limits and latency under bounded load,
post-deploy.

Order: health first (with its warm-up), then smoke flows, rate limits and latency. Load (bursts and
the latency sampler) is sent only when health is not down, only to configured target hosts, and
within hard ceilings on requests and time whatever the config says. Each part gathers with I/O, then
evaluates with pure functions.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlencode, urlsplit

from launchgate.check import CheckError, Context, Skip
from launchgate.checks.probes import health, latency, ratelimit, smoke, writes
from launchgate.checks.probes.budget import BudgetedNet, LoadBudget
from launchgate.checks.probes.rules import HEALTH_DOWN, RULES
from launchgate.checks.probes.sampler import LoadPlan, LoadResult, sample
from launchgate.checks.probes.schema import SCHEMA, Settings
from launchgate.checks.probes.spec import HARD_MAX_REQUESTS, HARD_MAX_SECONDS, SpecError, Vars
from launchgate.checks.secrets import live
from launchgate.model import Finding, Location, Phase, Rule

__all__ = ["ProbesCheck", "Settings"]

SECTIONS = ("health", "smoke", "rate_limits", "latency")
# a closed-model endpoint gets at most this long (plus warm-up and one timeout)
CLOSED_MODEL_S = 60.0
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
        findings += await self._latency(ctx, settings, lat_specs, problems, notes)
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

    async def _latency(self, ctx: Context, settings: Settings, specs: list[latency.LatencySpec],
                       problems: list[str], notes: list[str]) -> list[Finding]:
        if not specs:
            return []
        baseline = self._baseline(ctx, settings, problems)
        budget = ctx.net.budget if isinstance(ctx.net, BudgetedNet) else LoadBudget()
        left_requests = min(settings.max_total_requests, HARD_MAX_REQUESTS, budget.left_requests())
        left_s = min(settings.max_total_s, HARD_MAX_SECONDS, budget.left_s())
        findings: list[Finding] = []
        for spec in specs:
            if spec.kind == "write" and settings.dry_run:
                notes.append(self._dry_run(ctx, spec, left_requests, left_s))
                continue
            if left_requests <= 0 or left_s <= 1:
                problems.append(f"{spec.name}: not measured, the run's load budget is spent")
                continue
            plan = self._plan(ctx, spec, left_requests, left_s)
            started = time.monotonic()
            res = await sample(plan)
            left_s -= time.monotonic() - started
            left_requests -= res.sent + res.warmup_sent
            budget.spend(res.sent + res.warmup_sent)
            findings += self._judge(ctx, spec, res, baseline.get(spec.name),
                                    settings.max_regression)
            if spec.kind == "write":
                findings += await _after_writes(ctx, spec, res.sent + res.warmup_sent, notes)
        return findings

    def _judge(self, ctx: Context, spec: latency.LatencySpec, res: LoadResult,
               baseline_p95: float | None,
               max_regression: float) -> list[Finding]:
        summ = latency.summarize(spec, res)
        for name, value in summ.figures().items():
            ctx.record(name, value)
        got = latency.evaluate_latency(spec, summ, _at(ctx, f"latency.{spec.index}", spec.url),
                                       baseline_p95, max_regression)
        # target and verdict as figures: the report's latency table shows them beside the
        # percentiles
        ctx.record(f"latency.{spec.name}.target", _target(spec))
        ctx.record(f"latency.{spec.name}.verdict", "over target" if got else "within target")
        return got

    def _dry_run(self, ctx: Context, spec: latency.LatencySpec, left_requests: int,
                 left_s: float) -> str:
        """A write endpoint under ``dry_run``: nothing sent; its row and a note say what would
        be."""
        plan = self._plan(ctx, spec, left_requests, left_s)
        model = f"open {spec.rate:g}/s" if spec.rate else f"closed c={spec.concurrency}"
        ctx.record(f"latency.{spec.name}.target", _target(spec))
        ctx.record(f"latency.{spec.name}.verdict", "not sent (dry run)")
        ctx.record(f"latency.{spec.name}.model", model)
        return writes.plan_text(spec.request.method, spec.url, requests=plan.requests, model=model,
                                warmup_s=plan.warmup_s, cleanup=spec.cleanup)

    def _plan(self, ctx: Context, spec: latency.LatencySpec, left_requests: int,
              left_s: float) -> LoadPlan:
        """The sampler's plan: routing from ctx.net (resolve, ports, CA), clamped to what the budget
        has left."""
        target, _, _ = ctx.net.route(spec.url)
        address = target.host if target.host != urlsplit(spec.url).hostname else None
        warm = int(spec.warmup_s * (spec.rate or (spec.concurrency or 1) * 10.0))
        n = max(1, min(spec.requests, left_requests - warm))
        req = spec.request
        body, headers = None, dict(req.headers)
        if req.json is not None:
            body, headers = json.dumps(req.json).encode(), {"Content-Type": "application/json",
                                                            **headers}
        elif req.form is not None:
            body = urlencode(req.form).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded", **headers}
        elif req.body is not None:
            body = req.body.encode()
        expected_s = spec.warmup_s + (n / spec.rate if spec.rate else CLOSED_MODEL_S)
        deadline = min(left_s, expected_s + spec.timeout_s + 5.0)
        return LoadPlan(method=req.method, url=spec.url, connect_port=target.port or 80,
                        address=address,
                        headers=headers, body=body, requests=n, rate=spec.rate,
                        concurrency=spec.concurrency,
                        warmup_s=spec.warmup_s if warm < left_requests else 0.0,
                        timeout_s=spec.timeout_s,
                        ok_status=spec.ok_status, deadline_s=max(deadline, 1.0),
                        ssl_context=ctx.net.ssl_context() if spec.url.startswith("https://")
                        else None)

    def _baseline(self, ctx: Context, settings: Settings, problems: list[str]) -> dict[str, float]:
        if not settings.baseline:
            return {}
        root = ctx.config_path.parent if ctx.config_path else ctx.repo.root
        path = (
            Path(settings.baseline)
            if Path(settings.baseline).is_absolute()
            else root / settings.baseline
        )
        try:
            return latency.read_baseline(path)
        except (OSError, ValueError) as exc:
            problems.append(f"latency.baseline: cannot read {settings.baseline}: {exc}")
            return {}


def _target(spec: latency.LatencySpec) -> str:
    return ", ".join(f"{k} ≤ {v:g} ms" for k, v in sorted(spec.thresholds_ms.items()))


async def _after_writes(ctx: Context, spec: latency.LatencySpec, sent: int,
                        notes: list[str]) -> list[Finding]:
    """The write endpoint's cleanup request (once, bounded), and the note that says what was
    sent."""
    outcome = await writes.run_cleanup(ctx.net, spec.cleanup) if spec.cleanup else None
    notes.append(writes.sent_text(spec.request.method, spec.url, sent=sent, cleanup=spec.cleanup,
                                  outcome=outcome))
    if spec.cleanup is None or outcome is None:
        return []
    return writes.evaluate_cleanup(spec.name, spec.cleanup, outcome,
                                   _at(ctx, f"latency.{spec.index}.cleanup", spec.cleanup.url))


async def _health(ctx: Context, specs: list[health.HealthSpec],
                  secrets: list[str]) -> list[Finding]:
    """Health URLs are independent: probed together, so their warm-ups overlap instead of adding
    up."""
    observations = await asyncio.gather(*(health.probe_health(ctx.net, hs) for hs in specs))
    findings: list[Finding] = []
    for hs, obs in zip(specs, observations, strict=True):
        findings += health.evaluate_health(obs, _at(ctx, f"health.{hs.index}", hs.url), secrets)
        ctx.record(f"health.probe.{live.mask_text(hs.url, secrets)}", health.describe_health(hs))
    if specs:
        ctx.record("health.checked", len(specs))
    return findings


async def _smoke(ctx: Context, flows: list[smoke.FlowSpec], base: str, hosts: frozenset[str],
                 vars_: Vars
                 ) -> list[Finding]:
    """Each flow in turn, with its own variables (captures do not leak from one flow into the
    next)."""
    findings: list[Finding] = []
    for flow in flows:
        flow_vars = Vars(ctx.env, vars_.builtins)
        flow_vars.secrets |= vars_.secrets
        outcome = await smoke.run_flow(ctx.net, flow, base, hosts, flow_vars)
        findings += smoke.evaluate_flow(outcome, ctx.anchor(f"smoke.{flow.index}"))
        passed = sum(1 for s in outcome.steps if s.state == "passed")
        ctx.record(f"smoke.{flow.name}", f"{passed}/{len(outcome.steps)} steps passed")
        steps = live.mask_text(smoke.describe_steps(flow), vars_.secrets)
        ctx.record(f"smoke_steps.{flow.name}", steps)
    return findings


async def _rate_limits(ctx: Context, limits: list[ratelimit.RateLimitSpec],
                       problems: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    for rl in limits:
        res = await ratelimit.burst(ctx.net, rl)
        findings += ratelimit.evaluate_burst(res, _at(ctx, f"rate_limits.{rl.index}", rl.url))
        ctx.record(f"rate_limits.{rl.request.line}", ratelimit.describe_limit(res))
        if res.stopped:
            problems.append(f"{rl.request.line}: {res.stopped}")
    return findings
