"""The run-wide load budget every probe shares: total requests, requests in flight at once, and
duration.

Per-entry caps alone let a config multiply load (120 rate-limit entries once sent 24,000 requests in
39 s on top of the latency ceiling; 3,000 health entries opened 3,000 connections at once).
``BudgetedNet`` is the ``Net`` the probes use: each ``fetch`` takes one request from the budget and
one of ``MAX_IN_FLIGHT`` slots; when the budget is spent (or its duration is over) the request is
not sent and fails with a NetError of kind ``budget``, which each probe reports as it reports any
failed request. The latency sampler, which sends its own requests in its own thread, is planned
within what the budget has left and charged for what it sent. These limits hold whatever the config
says.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx

from launchgate.checks.probes.spec import HARD_MAX_REQUESTS
from launchgate.net import HttpSnapshot, Net, NetError

# every probe request of a run: health, smoke, rate limits, latency
RUN_MAX_REQUESTS = HARD_MAX_REQUESTS
# from the first probe request; latency keeps its own HARD_MAX_SECONDS within it
RUN_MAX_SECONDS = 600.0
# health, smoke and rate-limit requests at once (the sampler has HARD_MAX_CONCURRENCY)
MAX_IN_FLIGHT = 32


class LoadBudget:
    """What is left of the run's load; the limits default to this module's constants (read when
    built)."""

    def __init__(self, requests: int | None = None, seconds: float | None = None,
                 in_flight: int | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.requests = RUN_MAX_REQUESTS if requests is None else requests
        self.seconds = RUN_MAX_SECONDS if seconds is None else seconds
        self.in_flight = MAX_IN_FLIGHT if in_flight is None else in_flight
        self.sent = 0
        self._clock = clock
        self._started = clock()
        self.slots = asyncio.Semaphore(self.in_flight)

    def left_requests(self) -> int:
        return max(0, self.requests - self.sent)

    def left_s(self) -> float:
        return max(0.0, self.seconds - (self._clock() - self._started))

    def spend(self, n: int) -> None:
        self.sent += n

    def refusal(self) -> str | None:
        """Why no further request may be sent, else None."""
        if self.sent >= self.requests:
            return f"the run-wide load budget of {self.requests} requests is spent"
        if self.left_s() <= 0:
            return f"the run-wide load budget of {self.seconds:g} s is spent"
        return None


class BudgetedNet(Net):
    """``Net`` whose ``fetch`` is charged to a LoadBudget (same settings, caches and routing)."""

    def __init__(self, inner: Net, budget: LoadBudget) -> None:
        self.__dict__.update(inner.__dict__)
        self.budget = budget

    async def fetch(self, client: httpx.AsyncClient, method: str, url: str,
                    **kw: Any) -> HttpSnapshot:
        why = self.budget.refusal()
        if why:
            raise NetError("budget", f"{method} {url}: not sent: {why}")
        self.budget.spend(1)
        async with self.budget.slots:
            return await super().fetch(client, method, url, **kw)
