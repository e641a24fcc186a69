"""Routes that make the marketplace a measurable target: controlled latency, a known delay
distribution, faults.

- ``GET /slow?ms=N`` sleeps N ms (at most 30 s).
- ``GET /delays?run=NAME`` sleeps the next delay of a fixed multiset of 100 delays, shuffled per
  cycle of 100 requests (seeded by NAME and the cycle number), so p50 = 20 ms, p95 = 50 ms and p99 =
  100 ms are exact by construction over whole cycles. ``GET /delays/served?run=NAME`` returns the
  delays served so far and what the handler really took (``took_ms``: the sleep overshoots on a busy
  machine), so a benchmark can compute the truth of what was really served.
- ``/faults/*`` (only with ``MARKETPLACE_FAULTS=1``): a never-ending response, a non-JSON answer, a
  status of your choice, a degraded health body, a readiness that comes up after a delay, and a 1-s
  event-loop freeze.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route


def delay_multiset() -> list[float]:
    """100 delays in ms; plateaus around the 50th, 95th and 99th percentiles make every percentile
    definition (nearest rank, linear interpolation) agree: p50 = 20, p95 = 50, p99 = 100."""
    d = [2 + i * 0.4 for i in range(45)]          # 2.0 .. 19.6
    d += [20.0] * 10                              # ranks 46..55
    d += [21 + i * 0.8 for i in range(35)]        # 21.0 .. 48.2
    d += [50.0] * 7                               # ranks 91..97
    d += [100.0] * 3                              # ranks 98..100
    return d


TRUE_PERCENTILES_MS = {"p50": 20.0, "p95": 50.0, "p99": 100.0}
MAX_SLOW_MS = 30_000


class DelaySequences:
    """Per run name: the served delays, drawn from per-cycle shuffles of the multiset."""

    def __init__(self) -> None:
        self._served: dict[str, list[float]] = {}
        self._took: dict[str, list[float]] = {}
        self._base = delay_multiset()

    def next(self, run: str) -> float:
        served = self._served.setdefault(run, [])
        i = len(served)
        cycle = list(self._base)
        random.Random(f"{run}:{i // len(cycle)}").shuffle(cycle)
        ms = cycle[i % len(cycle)]
        served.append(ms)
        return ms

    def served(self, run: str) -> list[float]:
        return list(self._served.get(run, []))

    def record(self, run: str, took_ms: float) -> None:
        self._took.setdefault(run, []).append(took_ms)

    def took(self, run: str) -> list[float]:
        """What each request really spent in the handler (the sleep overshoots on a busy
        machine)."""
        return list(self._took.get(run, []))


async def slow(request: Request) -> Response:
    try:
        ms = max(0, min(int(request.query_params.get("ms", "100")), MAX_SLOW_MS))
    except ValueError:
        return JSONResponse({"error": "ms must be an integer"}, status_code=400)
    await asyncio.sleep(ms / 1000)
    return JSONResponse({"slept_ms": ms})


async def delays(request: Request) -> Response:
    run = request.query_params.get("run", "default")
    ms = request.app.state.delays.next(run)
    started = time.perf_counter()
    await asyncio.sleep(ms / 1000)
    request.app.state.delays.record(run, (time.perf_counter() - started) * 1000)
    return JSONResponse({"slept_ms": ms})


async def delays_served(request: Request) -> Response:
    run = request.query_params.get("run", "default")
    return JSONResponse({"served_ms": request.app.state.delays.served(run),
                         "took_ms": request.app.state.delays.took(run)})


async def endless(request: Request) -> Response:
    async def drip() -> AsyncIterator[bytes]:
        while True:  # never ends on purpose: the client must give up by itself
            yield b"."
            await asyncio.sleep(0.1)
    return StreamingResponse(drip(), media_type="text/plain")


async def not_json(request: Request) -> Response:
    return PlainTextResponse("<html>Service temporarily unavailable</html>", media_type="text/html")


async def status(request: Request) -> Response:
    code = int(request.query_params.get("code", "503"))
    return JSONResponse({"error": f"forced status {code}"}, status_code=code)


async def degraded_health(request: Request) -> Response:
    return JSONResponse({"status": "ok", "dependencies": {"database": "up", "payments": "down"}})


async def warming(request: Request) -> Response:
    """503 until ``after_ms`` have passed since the first request for this key, then 200."""
    first: dict[str, float] = request.app.state.warming
    key = request.path_params["key"]
    started = first.setdefault(key, time.monotonic())
    after = int(request.query_params.get("after_ms", "1000")) / 1000
    if time.monotonic() - started < after:
        return JSONResponse({"status": "starting"}, status_code=503)
    return JSONResponse({"status": "ok"})


async def freeze(request: Request) -> Response:
    ms = max(0, min(int(request.query_params.get("ms", "1000")), 5000))
    # blocks the event loop on purpose: a whole-server stall, like a long GC pause
    time.sleep(ms / 1000)
    return JSONResponse({"froze_ms": ms})


LAB_ROUTES = [
    Route("/slow", slow),
    Route("/delays", delays),
    Route("/delays/served", delays_served),
]

FAULT_ROUTES = [
    Route("/faults/endless", endless),
    Route("/faults/not-json", not_json),
    Route("/faults/status", status, methods=["GET", "POST"]),
    Route("/faults/healthz-degraded", degraded_health),
    Route("/faults/warming/{key}", warming),
    Route("/faults/freeze", freeze),
]
