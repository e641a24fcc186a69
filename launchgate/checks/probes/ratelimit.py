"""Rate-limit probes: a bounded burst of identical requests must meet a 429 (or the configured
status).

The burst is sequential (so "limiting began at request N" is exact), stops at the first limiting
answer, and is bounded by ``max_requests`` (at most ``HARD_MAX_BURST``) and ``within_s``. This
module is pure (specs, evaluation, descriptions); the burst itself is ``gather.burst``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from launchgate.checks.probes.rules import RATE_LIMIT_MISSING
from launchgate.checks.probes.schema import RateLimitEntry, RequestEntry
from launchgate.checks.probes.spec import (
    HARD_MAX_BURST,
    RequestSpec,
    request_of,
    resolve_url,
    statuses,
)
from launchgate.model import Finding, Location


@dataclass(frozen=True, kw_only=True)
class RateLimitSpec:
    index: int
    url: str
    request: RequestSpec
    max_requests: int
    expect_status: tuple[int, ...]
    within_s: float


@dataclass(frozen=True, kw_only=True)
class BurstResult:
    spec: RateLimitSpec
    sent: int
    statuses: tuple[int, ...]
    limited_at: int | None = None       # 1-based request number of the first limiting answer
    retry_after: str | None = None
    elapsed_s: float = 0.0
    stopped: str | None = None          # why the burst ended early without a limit (error, time)


def rate_limit_specs(entries: Sequence[Mapping[str, Any]], base: str,
                     hosts: frozenset[str]) -> list[RateLimitSpec]:
    out = []
    for i, raw in enumerate(entries):
        where = f"rate_limits[{i}]"
        e = RateLimitEntry.of(raw)
        req = request_of(RequestEntry.of(raw), e.request, f"{where}.request")
        out.append(RateLimitSpec(index=i,
                                 url=resolve_url(base, req.target, req.query, hosts,
                                                 f"{where}.request"),
                                 request=req,
                                 max_requests=min(int(e.max_requests), HARD_MAX_BURST),
                                 expect_status=statuses(e.expect_status, ()),
                                 within_s=min(float(e.within_s), 120.0)))
    return out


def _summary(codes: Sequence[int]) -> str:
    return ", ".join(f"{code}×{n}" for code, n in sorted(Counter(codes).items())) or "none"


def evaluate_burst(res: BurstResult, location: Location) -> list[Finding]:
    if res.limited_at is not None:
        return []
    want = " or ".join(map(str, res.spec.expect_status))
    what = f"{res.spec.request.method} {res.spec.url}"
    if res.stopped:
        # the burst could not finish: no verdict on the limit, but say so (the caller records it as
        # an error)
        return []
    msg = (f"{what}: no {want} after {res.sent} requests in {res.elapsed_s:.1f} s "
           f"(answers: {_summary(res.statuses)})")
    return [Finding.of(RATE_LIMIT_MISSING, msg, location,
                       key=(res.spec.request.method, res.spec.url))]


def describe_limit(res: BurstResult) -> str:
    """For figures: ``429 at request 6, Retry-After 60``."""
    if res.limited_at is None:
        return res.stopped or "no limit seen"
    tail = f", Retry-After {res.retry_after}" if res.retry_after else ", no Retry-After"
    return f"{res.statuses[-1]} at request {res.limited_at}{tail}"
