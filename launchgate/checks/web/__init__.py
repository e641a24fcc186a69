"""The ``web`` check: redirects, security and caching headers, CORS, cookies, exposed files, admin
routes, errors.

One fetch per URL, several rules per response. The family's files: ``rules.py`` (the rules),
``schema.py`` (the ``web``/``routes`` config sections and the typed Settings), ``gather.py`` (the
requests), ``evaluate.py``, ``redirects.py``, ``headers.py`` and ``exposure.py`` (pure rule logic on
snapshots); per route, ``routes.py`` (public, write and logged-in requests) and ``perroute.py`` with
``mixed.py``, ``caching.py`` and ``errorpage.py`` (mixed content, caching by route kind, internal
ids).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar
from urllib.parse import urlsplit

from launchgate.check import CheckError, Context, Skip
from launchgate.checks.probes import smoke
from launchgate.checks.probes.spec import SpecError, Vars
from launchgate.checks.secrets import live
from launchgate.checks.web import rules as R
from launchgate.checks.web.evaluate import dedupe, evaluate_host, evaluate_site, policy_of
from launchgate.checks.web.front import edge_figures, evaluate_front, gather_front
from launchgate.checks.web.gather import Gatherer, SiteWeb, gather_host, gather_site
from launchgate.checks.web.perroute import evaluate_all
from launchgate.checks.web.records import host_figures
from launchgate.checks.web.routes import RoutesWeb, gather_routes, session_plan
from launchgate.checks.web.schema import SCHEMA, Route, Settings, routes_of
from launchgate.checks.web.webhooks import WebhookProbe, evaluate_webhook, gather_webhooks
from launchgate.model import Finding, Phase, Rule
from launchgate.net.targets import Targets, within

__all__ = ["Settings", "WebCheck"]


class WebCheck:
    """Check id ``web``."""

    id: ClassVar[str] = "web"
    phase: ClassVar[Phase] = Phase.POST
    rules: ClassVar[tuple[Rule, ...]] = R.RULES
    schema: ClassVar[Mapping[str, Mapping[str, Any]]] = SCHEMA
    timeout_s: ClassVar[float] = 120.0
    exclusive: ClassVar[bool] = False

    async def run(self, ctx: Context) -> list[Finding]:
        targets = Targets.of(ctx.config)
        if not targets.hosts:
            raise Skip("no targets.hosts configured")
        s = Settings.of(ctx.section("web"))
        routes = routes_of(ctx.config)
        policy = policy_of(targets, s)
        async with ctx.net.client(verify=False) as client:
            g = Gatherer(net=ctx.net, client=client, sem=asyncio.Semaphore(s.concurrency),
                         policy=policy,
                         max_hops=s.max_hops)
            hosts, front = await asyncio.gather(
                asyncio.gather(*(gather_host(g, h, exposure=s.exposure,
                                             extra=s.extra_sensitive_paths)
                                 for h in targets.hosts)),
                gather_front(g, targets))
            canonical = next((hw for hw in hosts if hw.host == policy.canonical_host), None)
            home = canonical.https_chain.final if canonical is not None else None
            base = targets.canonical or (f"https://{policy.canonical_host}" if policy.canonical_host
                                         else None)
            site: SiteWeb | None = None
            hooks: tuple[WebhookProbe, ...] = ()
            rw: RoutesWeb | None = None
            vars_ = Vars(ctx.env, {"RUN_ID": ctx.env.get("RUN_ID") or ctx.run_id or "launchgate"})
            if base and within(urlsplit(base).hostname or "", policy.domains):
                flows = _session_flows(ctx, routes)
                session_plan(routes, flows)  # a misconfigured session fails before anything is sent
                names = frozenset({policy.canonical_host or "", *targets.hosts})
                site, hooks, rw = await asyncio.gather(
                    gather_site(g, base, routes, home),
                    gather_webhooks(g, base, routes, int(ctx.now().timestamp())),
                    gather_routes(g, base, routes, flows, vars_, hosts=names,
                                  max_requests=s.max_route_requests))
        findings: list[Finding] = []
        for hw in hosts:
            findings += evaluate_host(hw, policy, hsts_min_days=s.hsts_min_age_days)
        if site is not None:
            findings += evaluate_site(site)
        findings = evaluate_all(hosts, site, rw, findings, hsts_min_days=s.hsts_min_age_days)
        for hook in hooks:
            findings += evaluate_webhook(hook)
        findings += evaluate_front(front, policy, hsts_min_days=s.hsts_min_age_days)
        for name, edge in edge_figures([*hosts, *front.subdomains]).items():
            ctx.record(name, edge)
        _figures(ctx, rw)
        ctx.record("web.requests_failed", len(g.errors))
        known = live.known_secrets(ctx) | vars_.secrets  # answers are masked before evidence
        for hw in hosts:
            for name, value in host_figures(hw).items():
                ctx.record(name, live.mask_text(value, known))
        masked = [live.masked_finding(f, known) for f in dedupe(findings)]
        bypass = [f for f in masked if f.rule is R.ORIGIN_BYPASS]
        return (_anchored(ctx, [f for f in masked if f.rule is not R.ORIGIN_BYPASS], base, routes)
                + ctx.anchored(bypass, "targets.origin"))


def _anchored(ctx: Context, findings: list[Finding], base: str | None, routes: Sequence[Route]
              ) -> list[Finding]:
    """A finding on a configured route's URL is placed on that route's launchgate.yml line (where
    an inline ignore for it goes); every other one on ``targets.hosts``."""
    at = {(base or "").rstrip("/") + r.path: f"routes.{i}" for i, r in enumerate(routes)
          if r.kind != "static"}
    out: list[Finding] = []
    for f in findings:
        out += ctx.anchored([f], at.get(f.location.url or "", "targets.hosts"))
    return out


def _session_flows(ctx: Context, routes: Sequence[Route]) -> list[smoke.FlowSpec]:
    """The smoke flows, read only when a route names one as its session."""
    if not any(r.session for r in routes):
        return []
    try:
        return smoke.flow_specs(ctx.section("smoke") or [])
    except SpecError as exc:
        raise CheckError(f"routes[].session: {exc}") from None


def _figures(ctx: Context, rw: RoutesWeb | None) -> None:
    if rw is None:
        return
    if rw.skipped:
        ctx.record("web.routes_skipped", rw.skipped)
    for flow, why in rw.failed_flows:
        ctx.record(f"web.session.{flow}", f"not logged in (routes judged anonymously): {why}")
