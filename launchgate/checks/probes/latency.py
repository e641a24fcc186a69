"""Latency under bounded load: endpoint specs, the summary of a sampler run, and the verdicts
(pure).

Thresholds are judged on the percentile's distribution-free confidence interval: the whole interval
under the limit passes, the whole interval over it fails, an interval that straddles it is
"inconclusive" (a finding of low severity by default; ``inconclusive: pass|fail`` turns it into
either). A client-bound run is never blamed on the server: its threshold verdicts become
inconclusive with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from launchgate import yamlio
from launchgate.checks.probes.rules import LATENCY_ERRORS, LATENCY_REGRESSION, LATENCY_THRESHOLD
from launchgate.checks.probes.sampler import LoadResult
from launchgate.checks.probes.schema import ENDPOINT, EndpointEntry, RequestEntry, Settings
from launchgate.checks.probes.spec import (
    HARD_MAX_CONCURRENCY,
    HARD_MAX_RATE,
    PERCENTILES,
    READ_METHODS,
    Inconclusive,
    RequestSpec,
    SpecError,
    parse_duration_ms,
    parse_percent,
    request_of,
    resolve_url,
    statuses,
)
from launchgate.checks.probes.stats import Estimate, estimate, min_samples_for_upper_bound
from launchgate.checks.probes.writes import CleanupSpec, cleanup_spec
from launchgate.containment import Refused, read_regular
from launchgate.model import Finding, Location, Severity

CLIENT_LAG_MS = 20.0     # event-loop lag p99 above this: the client could not keep time
# sends p95 later than scheduled by more than this: the client could not keep up
CLIENT_SLIP_MS = 10.0
CLIENT_CPU = 0.9         # sampler thread busy more than 90% of the wall time


@dataclass(frozen=True, kw_only=True)
class LatencySpec:
    index: int
    name: str
    url: str
    request: RequestSpec
    requests: int
    rate: float | None
    concurrency: int | None
    warmup_s: float
    timeout_s: float
    thresholds_ms: Mapping[str, float]      # "p95" -> 300.0
    max_error_rate: float
    inconclusive: Inconclusive
    confidence: float
    ok_status: tuple[int, ...]               # empty: any status below 400
    kind: str                                # "write": creates records on the target (writes.py)
    cleanup: CleanupSpec | None


# a closed-model entry's sample count uses it
_DEFAULT_RATE = float(ENDPOINT["properties"]["rate"]["default"])


def latency_specs(settings: Settings, base: str, hosts: frozenset[str]) -> list[LatencySpec]:
    out = []
    for i, raw_entry in enumerate(settings.endpoints):
        where = f"latency[{i}]"
        e = EndpointEntry.of(raw_entry)
        req = request_of(RequestEntry.of(raw_entry), e.request, f"{where}.request")
        kind = e.kind or ("read" if req.method in READ_METHODS else "write")
        defaults = settings.read_thresholds if kind == "read" else settings.write_thresholds
        raw = {**defaults, **(e.thresholds or {})}
        limits = {k: parse_duration_ms(v, f"{where}.thresholds.{k}") for k, v in raw.items()
                  if k in PERCENTILES}
        concurrency = e.concurrency
        rate = None if concurrency else min(float(e.rate), HARD_MAX_RATE)
        requests = int(e.requests or (rate or _DEFAULT_RATE) * float(e.duration_s))
        if requests < 1:
            raise SpecError(f"{where}.requests: at least 1 request is needed")
        out.append(LatencySpec(
            index=i, name=str(e.name or req.line),
            url=resolve_url(base, req.target, req.query, hosts, f"{where}.request"),
            request=req, requests=requests, rate=rate,
            concurrency=min(int(concurrency), HARD_MAX_CONCURRENCY) if concurrency else None,
            warmup_s=float(e.warmup_s), timeout_s=float(e.timeout_s), thresholds_ms=limits,
            max_error_rate=parse_percent(raw["max_error_rate"],
                                         f"{where}.thresholds.max_error_rate"),
            inconclusive=e.inconclusive, confidence=float(e.confidence),
            ok_status=statuses(e.ok_status, ()), kind=kind,
            cleanup=cleanup_spec(e.cleanup, base, hosts, where)))
    return out


@dataclass(frozen=True, kw_only=True)
class LatencySummary:
    name: str
    url: str
    samples: int
    sent: int
    ok: int
    errors: Mapping[str, int]
    error_rate: float
    throughput_rps: float
    estimates: Mapping[str, Estimate]        # "p50" .. "max"
    client_bound: str | None                 # the reason, when the client was the bottleneck
    aborted: str | None
    model: str                               # "open 20/s" or "closed c=5"
    # dns_ms, connect_ms, tls_ms, ttfb_p95_ms
    phases: Mapping[str, float] = field(default_factory=dict)
    # the most the client itself can have added (lag p99, slip p95)
    client_delay_ms: float = 0.0

    def figures(self) -> dict[str, float | int | str]:
        pre = f"latency.{self.name}"
        out: dict[str, float | int | str] = {f"{pre}.requests": self.sent,
                                             f"{pre}.samples": self.samples,
                                             f"{pre}.error_rate": round(self.error_rate, 4),
                                             f"{pre}.throughput_rps": round(self.throughput_rps, 1),
                                             f"{pre}.model": self.model}
        for key, est in self.estimates.items():
            out[f"{pre}.{key}_ms"] = round(est.value * 1000, 2)
        p95 = self.estimates.get("p95")
        if p95 is not None:
            out[f"{pre}.p95_ci_ms"] = _interval(p95)
        for key, value in self.phases.items():
            out[f"{pre}.{key}"] = round(value, 2)
        if self.client_bound:
            out[f"{pre}.client_bound"] = self.client_bound
        if self.aborted:
            out[f"{pre}.aborted"] = self.aborted
        return out


def summarize(spec: LatencySpec, res: LoadResult) -> LatencySummary:
    s = sorted(res.latencies_s)
    answered = res.ok + sum(res.errors.values())
    estimates = {k: estimate(s, p, spec.confidence) for k, p in PERCENTILES.items()} if s else {}
    reasons = []
    if res.lag_p99_ms > CLIENT_LAG_MS:
        reasons.append(f"event-loop lag p99 {res.lag_p99_ms:.0f} ms")
    if spec.rate and res.slip_p95_ms > CLIENT_SLIP_MS:
        reasons.append(f"sends {res.slip_p95_ms:.0f} ms behind schedule (p95)")
    if res.cpu_ratio > CLIENT_CPU:
        reasons.append(f"sampler CPU {res.cpu_ratio:.0%}")
    model = f"open {spec.rate:g}/s" if spec.rate else f"closed c={spec.concurrency}"
    return LatencySummary(name=spec.name, url=spec.url, samples=len(s), sent=res.sent, ok=res.ok,
                          errors=res.errors,
                          error_rate=(answered - res.ok) / answered if answered else 1.0,
                          throughput_rps=answered / res.duration_s if answered else 0.0,
                          estimates=estimates,
                          client_bound="; ".join(reasons) or None, aborted=res.aborted, model=model,
                          phases=_phases(res), client_delay_ms=max(res.lag_p99_ms, res.slip_p95_ms))


def _phases(res: LoadResult) -> dict[str, float]:
    out = {"dns_ms": res.dns_ms, "connect_ms": res.connect_ms, "tls_ms": res.tls_ms,
           "ttfb_p95_ms": res.ttfb_p95_ms if res.ok else None}
    return {k: v for k, v in out.items() if v is not None}


def _ms(v: float | None) -> str:
    return "∞" if v is None else f"{v * 1000:.0f}"


def _interval(e: Estimate) -> str:
    return f"{_ms(e.low)}–{_ms(e.high)}"


def evaluate_latency(spec: LatencySpec, summ: LatencySummary, location: Location,
                     baseline_p95_ms: float | None = None,
                     max_regression: float = 0.2) -> list[Finding]:
    what = f"{spec.request.method} {spec.url}"
    out: list[Finding] = []
    answered = summ.ok + sum(summ.errors.values())
    if answered == 0 or summ.error_rate > spec.max_error_rate:
        kinds = ", ".join(f"{k}×{n}" for k, n in sorted(summ.errors.items())) or "no answers"
        tail = f"; {summ.aborted}" if summ.aborted else ""
        out.append(Finding.of(LATENCY_ERRORS, f"{what}: error rate {summ.error_rate:.1%} over "
                              f"{answered} requests (limit "
                              f"{spec.max_error_rate:.1%}; {kinds}){tail}", location,
                              key=(spec.name,)))
    if summ.aborted:  # too few, and mostly failed, samples: the error finding says it all
        return out
    for key, limit in sorted(spec.thresholds_ms.items()):
        est = summ.estimates.get(key)
        if est is not None:
            out += _threshold(spec, summ, key, est, limit_ms=limit, what=what, location=location)
    p95 = summ.estimates.get("p95")
    if baseline_p95_ms and p95 is not None:
        out += _regression(spec, p95, base_ms=baseline_p95_ms, ratio=max_regression, what=what,
                           location=location)
    return out


def _threshold(spec: LatencySpec, summ: LatencySummary, key: str, est: Estimate, *, limit_ms: float,
               what: str,
               location: Location) -> list[Finding]:
    if key == "max":  # the max is exact, not an estimate
        if est.value * 1000 <= limit_ms:
            return []
        verdict: str = "fail"
        ci = f"max {est.value * 1000:.0f} ms ({est.n} samples)"
    else:
        verdict = est.verdict(limit_ms / 1000)
        if verdict == "pass":
            return []
        ci = (f"{key} {est.value * 1000:.0f} ms (95% CI {_interval(est)} ms, {est.n} samples, "
              f"{summ.model})")
    if verdict == "inconclusive" and spec.inconclusive == "pass":
        return []  # asked to let an open verdict pass, whatever left it open (a busy client too)
    floor_ms = (est.value if key == "max" else (est.low or 0.0)) * 1000 - summ.client_delay_ms
    if summ.client_bound and floor_ms <= limit_ms:  # the client's own delays could explain the miss
        msg = (f"{what}: {ci} vs limit {limit_ms:g} ms is inconclusive: the client was the "
               f"bottleneck ({summ.client_bound})")
        return [Finding.of(LATENCY_THRESHOLD, msg, location, key=(spec.name, key),
                           severity=Severity.LOW)]
    if verdict == "fail":
        busy = (
            f" (even net of the client's own {summ.client_delay_ms:.0f} ms)"
            if summ.client_bound
            else ""
        )
        return [Finding.of(LATENCY_THRESHOLD, f"{what}: {ci} exceeds {limit_ms:g} ms{busy}",
                           location,
                           key=(spec.name, key))]
    need = min_samples_for_upper_bound(est.p, est.confidence) if est.high is None else None
    hint = (
        f"; at least {need} samples are needed for an upper bound"
        if need
        else "; send more requests"
    )
    msg = f"{what}: {ci} straddles the {limit_ms:g} ms limit: inconclusive{hint}"
    sev = None if spec.inconclusive == "fail" else Severity.LOW
    return [Finding.of(LATENCY_THRESHOLD, msg, location, key=(spec.name, key), severity=sev)]


def _regression(spec: LatencySpec, p95: Estimate, *, base_ms: float, ratio: float, what: str,
                location: Location) -> list[Finding]:
    limit = base_ms * (1 + ratio)
    verdict = p95.verdict(limit / 1000)
    if verdict == "pass" or (verdict == "inconclusive" and spec.inconclusive != "fail"):
        return []
    msg = (f"{what}: p95 {p95.value * 1000:.0f} ms (95% CI {_interval(p95)} ms) is more than "
           f"{ratio:.0%} above the baseline's {base_ms:.0f} ms")
    return [Finding.of(LATENCY_REGRESSION, msg, location, key=(spec.name,))]


def read_baseline(path: Path, max_bytes: int = 4 * 1024 * 1024) -> dict[str, float]:
    """Endpoint name -> p95 in ms, from a previous run's JSON report (``launchgate --format json``)
    or from a plain ``{"latency.NAME.p95_ms": 123}`` figures object."""
    # a regular file under the cap (a FIFO or /dev/zero is refused unread), JSON of bounded depth
    try:
        data = yamlio.load_json(read_regular(path, max_bytes).decode("utf-8"), path.name)
    except (Refused, yamlio.JsonError) as exc:
        raise ValueError(str(exc)) from None
    figures: Mapping[str, Any] = data
    if isinstance(data, Mapping) and isinstance(data.get("results"), list):
        figures = next((r.get("figures") or {} for r in data["results"]
                        if r.get("check") == "probes"), {})
    return {k[len("latency."):-len(".p95_ms")]: float(v) for k, v in figures.items()
            if k.startswith("latency.") and k.endswith(".p95_ms") and isinstance(v, (int, float))}
