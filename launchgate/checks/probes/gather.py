"""What the ``probes`` check gathers, and the only place it sends requests: health URLs (retried
through their warm-up), smoke flows (through ``smoke.run_flow``, which the web and ai checks share),
rate-limit bursts, the latency sampler's load (``sampler.py``, in its own thread) and the cleanup of
write endpoints; and the previous run's report that latency compares against. Every request goes
through the run's ``BudgetedNet`` (budget.py), except the cleanup, which must not be refused by a
spent budget.

The rules are pure functions of what is gathered here: ``evaluate.py`` over health.py, smoke.py,
ratelimit.py, latency.py and writes.py.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from launchgate.check import Context
from launchgate.checks.probes import latency, smoke
from launchgate.checks.probes.health import HealthObservation, HealthSpec, evaluate_health
from launchgate.checks.probes.ratelimit import BurstResult, RateLimitSpec
from launchgate.checks.probes.sampler import LoadPlan, LoadResult, sample
from launchgate.checks.probes.schema import Settings
from launchgate.checks.probes.spec import Vars
from launchgate.checks.probes.writes import CleanupOutcome, CleanupSpec
from launchgate.model import Location
from launchgate.net import Net, NetError

# a closed-model endpoint gets at most this long (plus warm-up and one timeout)
CLOSED_MODEL_S = 60.0


async def health_observations(net: Net, specs: Sequence[HealthSpec]) -> list[HealthObservation]:
    """Health URLs are independent: probed together, so their warm-ups overlap instead of adding
    up."""
    return list(await asyncio.gather(*(probe_health(net, hs) for hs in specs)))


async def probe_health(net: Net, spec: HealthSpec,
                       clock: Callable[[], float] = time.monotonic) -> HealthObservation:
    """Ask until the answer passes or the warm-up window closes (backoff 0.25 s doubling to 2 s)."""
    started, attempts, delay = clock(), 0, 0.25
    async with net.client() as client:
        while True:
            attempts += 1
            resp, error = None, None
            try:
                resp = await net.fetch(client, spec.request.method, spec.url,
                                       headers=spec.request.headers,
                                       deadline_s=spec.timeout_s, max_body=64 * 1024)
            except NetError as exc:
                error = (f"{exc.kind}: "
                         f"{str(exc).removeprefix(f'{spec.request.method} {spec.url}: ')}")
            obs = HealthObservation(spec=spec, attempts=attempts, waited_s=clock() - started,
                                    response=resp,
                                    error=error)
            left = spec.warmup_s - (clock() - started)
            if not evaluate_health(obs, Location()) or left <= 0:
                return obs
            await asyncio.sleep(min(delay, left))
            delay = min(delay * 2, 2.0)


async def burst(net: Net, spec: RateLimitSpec,
                clock: Callable[[], float] = time.monotonic) -> BurstResult:
    codes: list[int] = []
    started = clock()
    req = spec.request
    content = req.body.encode() if req.body is not None else None
    async with net.client() as client:
        for n in range(1, spec.max_requests + 1):
            left = spec.within_s - (clock() - started)
            if left <= 0:
                return BurstResult(spec=spec, sent=n - 1, statuses=tuple(codes),
                                   elapsed_s=clock() - started,
                                   stopped=f"time limit of {spec.within_s:g} s reached after "
                                   f"{n - 1} requests")
            try:
                resp = await net.fetch(client, req.method, spec.url, headers=req.headers,
                                       json=req.json,
                                       data=req.form, content=content, deadline_s=min(left, 10.0),
                                       max_body=16384)
            except NetError as exc:
                why = str(exc).removeprefix(f"{req.method} {spec.url}: ")
                return BurstResult(spec=spec, sent=n, statuses=tuple(codes),
                                   elapsed_s=clock() - started,
                                   stopped=f"request {n} failed: {exc.kind}: {why}")
            codes.append(resp.status)
            if resp.status in spec.expect_status:
                return BurstResult(spec=spec, sent=n, statuses=tuple(codes), limited_at=n,
                                   retry_after=resp.header("retry-after"),
                                   elapsed_s=clock() - started)
    return BurstResult(spec=spec, sent=spec.max_requests, statuses=tuple(codes),
                       elapsed_s=clock() - started)


async def run_cleanup(net: Net, spec: CleanupSpec) -> CleanupOutcome:
    """Send the cleanup request once, within its deadline; the body is read (capped) and dropped."""
    req = spec.request
    content = req.body.encode() if req.body is not None else None
    # the plain Net's: a BudgetedNet would refuse it once the load spent the budget
    fetch = Net.fetch
    try:
        async with net.client() as client:
            snap = await fetch(net, client, req.method, spec.url, headers=dict(req.headers),
                               content=content, json=req.json, data=req.form,
                               deadline_s=spec.timeout_s, max_body=64 * 1024)
    except NetError as exc:
        return CleanupOutcome(status=None, error=f"{exc.kind}: {exc}")
    return CleanupOutcome(status=snap.status, elapsed_ms=snap.elapsed_s * 1000)



async def flow_outcome(net: Net, flow: smoke.FlowSpec, base: str, hosts: frozenset[str],
                       vars_: Vars) -> smoke.FlowOutcome:
    """One flow with its own variables (captures do not leak from one flow into the next)."""
    flow_vars = Vars(vars_.env, vars_.builtins)
    flow_vars.secrets |= vars_.secrets
    return await smoke.run_flow(net, flow, base, hosts, flow_vars)


def load_plan(net: Net, spec: latency.LatencySpec, left_requests: int, left_s: float) -> LoadPlan:
    """The sampler's plan: routing from ``net`` (resolve, ports, CA), clamped to what the budget
    has left."""
    target, _, _ = net.route(spec.url)
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
                    ssl_context=net.ssl_context() if spec.url.startswith("https://")
                    else None)


async def measure(plan: LoadPlan) -> LoadResult:
    """The sampler's run of ``plan`` (its own thread and loop, bounded by the plan's deadline)."""
    return await sample(plan)


def latency_baseline(ctx: Context, settings: Settings) -> tuple[dict[str, float], str]:
    """The previous run's p95 per endpoint from ``latency.baseline`` (relative to launchgate.yml),
    and the problem when it cannot be read ('' when there is none)."""
    if not settings.baseline:
        return {}, ""
    root = ctx.config_path.parent if ctx.config_path else ctx.repo.root
    path = (
        Path(settings.baseline)
        if Path(settings.baseline).is_absolute()
        else root / settings.baseline
    )
    try:
        return latency.read_baseline(path), ""
    except (OSError, ValueError) as exc:
        return {}, f"latency.baseline: cannot read {settings.baseline}: {exc}"
