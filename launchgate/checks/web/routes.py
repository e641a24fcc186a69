"""What the ``web`` check gathers per configured route beyond gather.py's anonymous probes.

Public routes (one GET each), write routes (the configured method and body, sent only because the
config lists them; discovered routes are never written to), and private routes that name a
``session``: the smoke flow runs first in its own cookie jar, then the route is fetched with those
cookies and its headers (``${VAR}`` from the environment and the flow's captures). Every request
counts against ``web.max_route_requests`` (flow steps included) and has the targets deadline and
gather.py's body cap.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import httpx

from launchgate.check import CheckError
from launchgate.checks.probes import smoke
from launchgate.checks.probes.spec import Vars
from launchgate.checks.web.gather import Gatherer
from launchgate.checks.web.schema import Route
from launchgate.net import HttpSnapshot

SESSION_KINDS = ("authenticated", "admin", "write")


@dataclass
class Budget:
    """Requests still allowed for route probes; what did not fit is counted, never sent."""

    left: int
    skipped: int = 0

    def take(self, n: int = 1) -> bool:
        if n > self.left:
            self.skipped += 1
            return False
        self.left -= n
        return True


@dataclass(frozen=True, kw_only=True)
class SessionPage:
    """A private route fetched logged in by ``flow``; ``credential``: the header that carries
    the login (Cookie, or Authorization when the route sends one)."""

    kind: str
    flow: str
    credential: str
    snap: HttpSnapshot


@dataclass(frozen=True, kw_only=True)
class RoutesWeb:
    public: tuple[HttpSnapshot, ...] = ()
    writes: tuple[tuple[str, HttpSnapshot], ...] = ()
    sessions: tuple[SessionPage, ...] = ()
    flow_pages: tuple[HttpSnapshot, ...] = ()
    failed_flows: tuple[tuple[str, str], ...] = ()  # (flow, what failed), already scrubbed
    skipped: int = 0


@dataclass
class _Run:
    g: Gatherer
    base: str
    budget: Budget
    vars_: Vars
    public: list[HttpSnapshot] = field(default_factory=list)
    writes: list[tuple[str, HttpSnapshot]] = field(default_factory=list)
    sessions: list[SessionPage] = field(default_factory=list)
    flow_pages: list[HttpSnapshot] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def _headers(r: Route, vars_: Vars) -> dict[str, str]:
    return {str(k): str(v) for k, v in vars_.expand(dict(r.headers)).items()}


async def _write(run: _Run, r: Route, client: httpx.AsyncClient | None = None) -> None:
    body = r.body if r.json is None else None
    content = run.vars_.expand(body).encode() if body is not None else None
    snap = await run.g.get(run.base + r.path, method=r.method, headers=_headers(r, run.vars_),
                           json=run.vars_.expand(r.json), content=content, client=client)
    if snap is not None:
        run.writes.append((r.method, snap))


async def _one(run: _Run, r: Route) -> None:
    if r.kind == "write":
        await _write(run, r)
        return
    snap = await run.g.get(run.base + r.path, headers=_headers(r, run.vars_))
    if snap is not None:
        run.public.append(snap)


async def _public_and_writes(run: _Run, routes: Sequence[Route]) -> None:
    todo = [r for r in routes if r.kind in ("public", "write") and not r.session]
    await asyncio.gather(*(_one(run, r) for r in todo if run.budget.take()))


async def _session(run: _Run, flow: smoke.FlowSpec, routes: Sequence[Route],
                   hosts: frozenset[str]) -> None:
    if not run.budget.take(len(flow.steps) + len(routes)):
        return
    async with run.g.net.client(verify=False, cookies=True) as client:
        outcome = await smoke.run_flow(run.g.net, flow, run.base, hosts, run.vars_, client=client,
                                       seen=run.flow_pages)
        failed = [s for s in outcome.steps if s.state == "failed"]
        if failed:
            step = failed[0]
            run.failed.append((flow.name, f"step '{step.name}': {'; '.join(step.failures)}"))
            return
        for r in routes:
            if r.kind == "write":
                await _write(run, r, client)
                continue
            headers = _headers(r, run.vars_)
            snap = await run.g.get(run.base + r.path, headers=headers, client=client)
            if snap is None:
                continue
            auth = any(k.lower() == "authorization" for k in headers)
            run.sessions.append(SessionPage(kind=r.kind, flow=flow.name, snap=snap,
                                            credential="Authorization" if auth else "Cookie"))


def session_plan(routes: Sequence[Route], flows: Sequence[smoke.FlowSpec]
                 ) -> dict[str, list[Route]]:
    """The routes fetched logged in, by flow name; CheckError for a session on another kind or
    naming no smoke flow."""
    by_flow: dict[str, list[Route]] = {}
    for i, r in enumerate(routes):
        if not r.session:
            continue
        if r.kind not in SESSION_KINDS:
            raise CheckError(f"routes[{i}].session: only {', '.join(SESSION_KINDS)} routes are "
                             f"fetched logged in, not {r.kind}")
        if not any(f.name == r.session for f in flows):
            raise CheckError(f"routes[{i}].session: no smoke flow named {r.session!r}")
        by_flow.setdefault(r.session, []).append(r)
    return by_flow


async def gather_routes(g: Gatherer, base: str, routes: Sequence[Route],
                        flows: Sequence[smoke.FlowSpec], vars_: Vars, *, hosts: frozenset[str],
                        max_requests: int) -> RoutesWeb:
    by_flow = session_plan(routes, flows)  # checked before anything is sent
    run = _Run(g=g, base=base.rstrip("/"), budget=Budget(left=max_requests), vars_=vars_)
    await _public_and_writes(run, routes)
    named: Mapping[str, smoke.FlowSpec] = {f.name: f for f in flows}
    for name, rs in by_flow.items():
        await _session(run, named[name], rs, hosts)
    return RoutesWeb(public=tuple(run.public), writes=tuple(run.writes),
                     sessions=tuple(run.sessions), flow_pages=tuple(run.flow_pages),
                     failed_flows=tuple(run.failed), skipped=run.budget.skipped)
