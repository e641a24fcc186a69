"""The load sampler: open-loop constant arrival rate (default) or closed loop, on aiohttp, in its
own thread.

Why aiohttp and not httpx (which every other probe uses): measured on this project's 2-core runner,
httpx costs 0.75-1.6 ms of CPU per request and inflates p95 by about 31% already at concurrency 10,
while aiohttp costs 0.16-0.4 ms and stays within 3% up to about 1,700 requests/s. A sampler that
eats the CPU measures itself.

Why a thread with its own event loop: the runner's loop also runs the other checks, whose CPU work
would show up as latency here; and uvloop (when installed) must own the loop it runs, which we may
not impose on the runner. The thread is stopped through ``stop`` (set when the check is cancelled)
and bounded by ``deadline_s``.

Open model: request i is scheduled at ``t0 + i/rate`` and its latency is measured from that
scheduled time, not from when it was really sent, so a server stall that delays sending is counted
(coordinated omission).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

BODY_CAP = 1024 * 1024
LAG_TICK_S = 0.01
SPIN_S = 0.002  # how long before a scheduled send the dispatcher stops sleeping and yields instead


@dataclass(frozen=True, kw_only=True)
class LoadPlan:
    method: str
    url: str                       # the URL as configured (Host header and TLS name come from it)
    connect_port: int              # after targets.ports
    address: str | None = None     # after targets.resolve; None: resolve the host normally
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None
    requests: int = 200
    rate: float | None = 20.0      # open model when set
    concurrency: int | None = None  # closed model when set (rate is then None)
    warmup_s: float = 1.0
    timeout_s: float = 5.0
    ok_status: tuple[int, ...] = ()  # empty: any status below 400
    deadline_s: float = 60.0       # hard wall-clock bound for the whole run, warm-up included
    max_in_flight: int = 1000
    ssl_context: ssl.SSLContext | None = None


@dataclass(frozen=True, kw_only=True)
class LoadResult:
    # responses (any status) and timeouts (at their timeout), in completion order
    latencies_s: tuple[float, ...]
    ok: int
    # kind -> count: "status 503", "timeout", "connect", "reset", ...
    errors: Mapping[str, int]
    sent: int
    warmup_sent: int
    duration_s: float                # first scheduled send to last completion (measured phase)
    loop: str                        # "uvloop" or "asyncio"
    lag_p99_ms: float
    slip_p95_ms: float               # open model: how late the client sent against its schedule
    cpu_ratio: float                 # sampler thread CPU time / wall time
    aborted: str | None = None
    ttfb_p95_ms: float = 0.0         # to the response headers, from the same start as the latency
    # mean per new connection (None: no lookup, e.g. targets.resolve)
    dns_ms: float | None = None
    connect_ms: float | None = None  # one TCP set-up, DNS excluded
    tls_ms: float | None = None      # the TLS handshake on that connection (https only)


class _Resolver(AbstractResolver):
    """targets.resolve for aiohttp: the configured address for the target host, the system's for
    others."""

    def __init__(self, host: str, address: str | None) -> None:
        self.host, self.address = host.lower(), address
        self.fallback = aiohttp.ThreadedResolver()

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        if self.address is not None and host.lower() == self.host:
            fam = socket.AF_INET6 if ":" in self.address else socket.AF_INET
            return [ResolveResult(hostname=host, host=self.address, port=port, family=fam, proto=0,
                                  flags=socket.AI_NUMERICHOST)]
        return await self.fallback.resolve(host, port, family)

    async def close(self) -> None:
        await self.fallback.close()


def run_in_thread(plan: LoadPlan, stop: threading.Event) -> LoadResult:
    """Blocking: run the plan on a fresh loop (uvloop when installed) and return its result."""
    try:
        import uvloop  # optional: without it the sampler works, with less headroom
        factory: Callable[[], asyncio.AbstractEventLoop] = uvloop.new_event_loop
        name = "uvloop"
    except ImportError:
        factory, name = asyncio.new_event_loop, "asyncio"
    # A full collection of a large heap (the runner's, pytest's) stops every thread for tens of ms
    # and would
    # show up as latency; freezing the objects that exist before the run keeps collections small.
    gc.freeze()
    try:
        with asyncio.Runner(loop_factory=factory) as runner:
            return runner.run(_Sampler(plan, stop, name).run())
    finally:
        gc.unfreeze()


async def sample(plan: LoadPlan) -> LoadResult:
    """Run the plan in its own thread; cancelling the caller stops the sampler within a tick."""
    stop = threading.Event()
    loop = asyncio.get_running_loop()
    done: asyncio.Future[LoadResult] = loop.create_future()

    def deliver(result: LoadResult | None, error: BaseException | None) -> None:
        if done.done():
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)  # type: ignore[arg-type]

    def work() -> None:
        try:
            outcome: tuple[LoadResult | None, BaseException | None] = (run_in_thread(plan, stop),
                                                                       None)
        except BaseException as exc:  # handed to the waiting coroutine, re-raised there
            outcome = (None, exc)
        # the caller's loop is gone (cancelled and closed): nobody waits
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(deliver, *outcome)

    thread = threading.Thread(target=work, name="launchgate-sampler", daemon=True)
    thread.start()
    try:
        return await done
    finally:
        stop.set()


class _Sampler:
    def __init__(self, plan: LoadPlan, stop: threading.Event, loop_name: str) -> None:
        self.plan, self.stop, self.loop_name = plan, stop, loop_name
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()
        self.ok = 0
        self.slips: list[float] = []
        self.ttfb: list[float] = []
        self.dns_ms: float | None = None
        self.connect_ms: float | None = None
        self.tls_ms: float | None = None
        self.lags: list[float] = []
        self.measuring = False
        self.aborted: str | None = None
        self.end = 0.0
        self.start = 0.0
        self.sent: Counter[bool] = Counter()  # measured (True) and warm-up (False) requests sent
        url = URL(plan.url)
        self.host = url.host or ""
        self.connect_url = (
            url.with_port(plan.connect_port) if url.port != plan.connect_port else url
        )
        default = {"http": 80, "https": 443}.get(url.scheme)
        host_header = self.host if (url.port or default) == default else f"{self.host}:{url.port}"
        self.headers = {"Host": host_header, "User-Agent": "launchgate-sampler", **plan.headers}

    async def run(self) -> LoadResult:
        plan = self.plan
        connector = aiohttp.TCPConnector(limit=plan.max_in_flight,
                                         resolver=_Resolver(self.host, plan.address),
                                         ssl=plan.ssl_context if plan.ssl_context is not None
                                         else True,
                                         ttl_dns_cache=300)
        timeout = aiohttp.ClientTimeout(total=plan.timeout_s)
        cpu0, wall0 = time.thread_time(), time.perf_counter()
        self.start = wall0
        async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                         auto_decompress=False,
                                         cookie_jar=aiohttp.DummyCookieJar()) as session:
            ticker = asyncio.ensure_future(self._lag_ticker())
            try:
                async with asyncio.timeout(plan.deadline_s):
                    await self._measure_connect()
                    await self._phase(session, self._warmup_count(), measure=False)
                    self.measuring = True
                    self.start = time.perf_counter()
                    await self._phase(session, plan.requests, measure=True)
            except TimeoutError:
                self.aborted = self.aborted or f"hard time limit of {plan.deadline_s:.0f} s reached"
            finally:
                ticker.cancel()
        wall = time.perf_counter() - wall0
        return LoadResult(
            latencies_s=tuple(self.latencies), ok=self.ok, errors=dict(self.errors),
            sent=self.sent[True],
            warmup_sent=self.sent[False], duration_s=max(self.end - self.start, 1e-9),
            loop=self.loop_name,
            lag_p99_ms=_p(self.lags, 0.99) * 1000, slip_p95_ms=_p(self.slips, 0.95) * 1000,
            cpu_ratio=(time.thread_time() - cpu0) / max(wall, 1e-9), aborted=self.aborted,
            ttfb_p95_ms=_p(self.ttfb, 0.95) * 1000, dns_ms=self.dns_ms, connect_ms=self.connect_ms,
            tls_ms=self.tls_ms)

    async def _measure_connect(self) -> None:
        """DNS, TCP and TLS set-up times, measured once on a connection of its own: aiohttp's trace
        hooks would do it per connection but cost ~20% more CPU on every request."""
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self.plan.timeout_s):
                if self.plan.address is None:
                    infos = await asyncio.get_running_loop().getaddrinfo(
                        self.host, self.plan.connect_port, type=socket.SOCK_STREAM
                    )
                    self.dns_ms = (time.perf_counter() - started) * 1000
                    address = str(infos[0][4][0])
                else:
                    address = self.plan.address
                began = time.perf_counter()
                _, writer = await asyncio.open_connection(address, self.plan.connect_port)
                self.connect_ms = (time.perf_counter() - began) * 1000
                try:
                    if self.connect_url.scheme == "https":
                        # what aiohttp's ssl=True uses
                        tls = self.plan.ssl_context or ssl.create_default_context()
                        began = time.perf_counter()
                        await writer.start_tls(tls, server_hostname=self.host)
                        self.tls_ms = (time.perf_counter() - began) * 1000
                finally:
                    writer.close()
        except (OSError, TimeoutError, ssl.SSLError):
            pass  # the run itself reports what is wrong with the target

    def _warmup_count(self) -> int:
        if self.plan.warmup_s <= 0:
            return 0
        rate = self.plan.rate or (self.plan.concurrency or 1) * 10.0
        return max(1, int(self.plan.warmup_s * rate))

    async def _phase(self, session: aiohttp.ClientSession, n: int, *, measure: bool) -> None:
        if n <= 0:
            return
        if self.plan.rate:
            await self._open(session, n, self.plan.rate, measure)
        else:
            await self._closed(session, n, self.plan.concurrency or 1, measure)

    async def _open(self, session: aiohttp.ClientSession, n: int, rate: float,
                    measure: bool) -> None:
        tasks: set[asyncio.Task[None]] = set()
        t0 = time.perf_counter() + 0.002
        # only at modest rates: at high rates spinning would eat the CPU
        spin = 1.0 / rate > 4 * SPIN_S
        for i in range(n):
            scheduled = t0 + i / rate
            await _sleep_until(scheduled, spin=spin)
            if self.stop.is_set() or self.aborted:
                break
            if measure:
                self.slips.append(max(0.0, time.perf_counter() - scheduled))
            task = asyncio.ensure_future(self._one(session, scheduled, measure))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            self.sent[measure] += 1
        if tasks:
            await asyncio.gather(*tasks)

    async def _closed(self, session: aiohttp.ClientSession, n: int, concurrency: int,
                      measure: bool) -> None:
        counter = iter(range(n))

        async def worker() -> None:
            for _ in counter:
                if self.stop.is_set() or self.aborted:
                    return
                self.sent[measure] += 1
                await self._one(session, time.perf_counter(), measure)

        await asyncio.gather(*(worker() for _ in range(min(concurrency, n))))

    async def _one(self, session: aiohttp.ClientSession, scheduled: float, measure: bool) -> None:
        start = min(scheduled, time.perf_counter())
        headers_at = 0.0
        kind: str | None = None
        status = 0
        try:
            async with session.request(self.plan.method, self.connect_url, headers=self.headers,
                                       data=self.plan.body, allow_redirects=False) as resp:
                headers_at = time.perf_counter()
                status = resp.status
                await _drain(resp)
        except TimeoutError:
            kind = "timeout"
        except aiohttp.ClientSSLError:
            kind = "tls"
        except aiohttp.ClientConnectorError:
            kind = "connect"
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError, ConnectionResetError):
            kind = "reset"
        except aiohttp.ClientError as exc:
            kind = f"protocol ({type(exc).__name__})"
        end = time.perf_counter()
        if not measure:
            return
        self.end = max(self.end, end)
        self._tally(kind, status, start, headers_at, end)
        self._maybe_abort()

    def _tally(self, kind: str | None, status: int, start: float, headers_at: float,
               end: float) -> None:
        """Count one measured answer (or failure); a timeout counts in the latencies at the time it
        took."""
        if kind is None:
            okay = status in self.plan.ok_status if self.plan.ok_status else status < 400
            if okay:
                self.ok += 1
            else:
                self.errors[f"status {status}"] += 1
            self.latencies.append(end - start)
            self.ttfb.append(headers_at - start)
        else:
            self.errors[kind] += 1
            if kind == "timeout":
                self.latencies.append(end - start)

    def _maybe_abort(self) -> None:
        """Stop feeding a failing service: 20+ errors that are half of everything answered so
        far."""
        bad = sum(self.errors.values())
        if bad >= 20 and bad * 2 >= bad + self.ok and not self.aborted:
            self.aborted = f"stopped early after {bad} errors in the first {bad + self.ok} answers"

    async def _lag_ticker(self) -> None:
        while True:
            due = time.perf_counter() + LAG_TICK_S
            await asyncio.sleep(LAG_TICK_S)
            if self.measuring:
                self.lags.append(max(0.0, time.perf_counter() - due))


async def _sleep_until(when: float, *, spin: bool) -> None:
    """Timers wake up to ~1 ms late (more on a busy VM), and that lateness would count as latency:
    at modest rates sleep until just before, then yield to the loop until the scheduled instant."""
    delay = when - time.perf_counter()
    if not spin:
        if delay > 0:
            await asyncio.sleep(delay)
        return
    if delay > SPIN_S:
        await asyncio.sleep(delay - SPIN_S)
    while time.perf_counter() < when:
        await asyncio.sleep(0)


def _p(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(p * len(s) + 0.999999) - 1))]


async def _drain(resp: aiohttp.ClientResponse) -> None:
    """Read the body as a client would, but never more than BODY_CAP bytes."""
    if resp.content_length is not None and resp.content_length <= BODY_CAP:
        await resp.read()
        return
    read = 0
    async for chunk in resp.content.iter_any():
        read += len(chunk)
        if read >= BODY_CAP:
            break
