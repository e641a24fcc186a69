"""Write endpoints under load create real records on the target: what the run says about them, the
``dry_run`` plan, and the ``cleanup:`` request sent once after each write endpoint's load.

``cleanup_spec`` and the texts are pure; ``gather.run_cleanup`` is the one bounded request (its
own deadline, outside the run's load budget: removing what the load created must not be refused
because the load spent the budget); ``evaluate_cleanup`` turns a failed cleanup into a finding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from launchgate.checks.probes.rules import LATENCY_CLEANUP_FAILED
from launchgate.checks.probes.schema import CleanupEntry, RequestEntry
from launchgate.checks.probes.spec import RequestSpec, request_of, resolve_url, statuses
from launchgate.model import Finding, Location


@dataclass(frozen=True, kw_only=True)
class CleanupSpec:
    url: str
    request: RequestSpec
    ok_status: tuple[int, ...]
    timeout_s: float

    @property
    def line(self) -> str:
        return f"{self.request.method} {self.url}"


@dataclass(frozen=True, kw_only=True)
class CleanupOutcome:
    status: int | None
    error: str = ""  # why no answer came (kind and reason, no body)
    elapsed_ms: float = 0.0

    def ok(self, spec: CleanupSpec) -> bool:
        return self.status is not None and self.status in spec.ok_status

    def describe(self) -> str:
        if self.status is None:
            return f"no answer ({self.error})"
        return f"answered {self.status} in {self.elapsed_ms:.0f} ms"


def cleanup_spec(entry: Mapping[str, Any] | None, base: str, hosts: frozenset[str],
                 where: str) -> CleanupSpec | None:
    if not entry or "request" not in entry:
        return None  # absent: the config layer fills an absent cleanup with its defaults only
    e = CleanupEntry.of(entry)
    req = request_of(RequestEntry.of(entry), e.request, f"{where}.cleanup.request")
    url = resolve_url(base, req.target, req.query, hosts, f"{where}.cleanup.request")
    return CleanupSpec(url=url, request=req, ok_status=statuses(e.expect_status, ()),
                       timeout_s=float(e.timeout_s))


def evaluate_cleanup(name: str, spec: CleanupSpec, outcome: CleanupOutcome,
                     location: Location) -> list[Finding]:
    if outcome.ok(spec):
        return []
    want = ", ".join(map(str, spec.ok_status))
    return [Finding.of(LATENCY_CLEANUP_FAILED, f"{spec.line}: the cleanup after the write load of "
                       f"{name}: {outcome.describe()}, expected {want}: the records it created are "
                       "still on the target", location, key=(name,))]


def plan_text(method: str, url: str, *, requests: int, model: str, warmup_s: float,
              cleanup: CleanupSpec | None) -> str:
    """What a write endpoint's load would send, for a dry run."""
    then = f"; then {cleanup.line}" if cleanup else "; no cleanup configured"
    return (f"{method} {url}: {requests} requests ({model}, warm-up {warmup_s:g} s) not sent "
            f"(dry run){then}")


def sent_text(method: str, url: str, *, sent: int, cleanup: CleanupSpec | None,
              outcome: CleanupOutcome | None) -> str:
    """What a write endpoint's load did to the target, for the run's output."""
    if cleanup is None or outcome is None:
        after = "no cleanup configured"
    else:
        after = f"cleanup {cleanup.line} {outcome.describe()}"
    return (f"{method} {url}: {sent} write requests sent, they create real records on the target; "
            f"{after}")
