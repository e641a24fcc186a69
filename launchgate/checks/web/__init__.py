"""The ``web`` check: redirects, security and caching headers, CORS, cookies, exposed files, admin routes, errors.

One fetch per URL, several rules per response. The family's files: ``rules.py`` (the rules), ``schema.py`` (the
``web``/``routes`` config sections and the typed Settings), ``gather.py`` (the requests), ``evaluate.py``,
``redirects.py``, ``headers.py`` and ``exposure.py`` (pure rule logic on snapshots).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import urlsplit

from launchgate.check import Context, Skip
from launchgate.checks.secrets import live
from launchgate.checks.web import rules as R
from launchgate.checks.web.evaluate import dedupe, evaluate_host, evaluate_site, policy_of
from launchgate.checks.web.front import edge_figures, evaluate_front, gather_front
from launchgate.checks.web.gather import Gatherer, SiteWeb, gather_host, gather_site
from launchgate.checks.web.schema import SCHEMA, Settings, routes_of
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
            g = Gatherer(net=ctx.net, client=client, sem=asyncio.Semaphore(s.concurrency), policy=policy,
                         max_hops=s.max_hops)
            hosts, front = await asyncio.gather(
                asyncio.gather(*(gather_host(g, h, exposure=s.exposure,
                                             extra=s.extra_sensitive_paths)
                                 for h in targets.hosts)),
                gather_front(g, targets))
            canonical = next((hw for hw in hosts if hw.host == policy.canonical_host), None)
            home = canonical.https_chain.final if canonical is not None else None
            base = targets.canonical or (f"https://{policy.canonical_host}" if policy.canonical_host else None)
            site: SiteWeb | None = None
            hooks: tuple[WebhookProbe, ...] = ()
            if base and within(urlsplit(base).hostname or "", policy.domains):
                site, hooks = await asyncio.gather(
                    gather_site(g, base, routes, home),
                    gather_webhooks(g, base, routes, int(ctx.now().timestamp())))
        findings: list[Finding] = []
        for hw in hosts:
            findings += evaluate_host(hw, policy, hsts_min_days=s.hsts_min_age_days)
        if site is not None:
            findings += evaluate_site(site)
        for hook in hooks:
            findings += evaluate_webhook(hook)
        findings += evaluate_front(front, policy, hsts_min_days=s.hsts_min_age_days)
        for name, edge in edge_figures([*hosts, *front.subdomains]).items():
            ctx.record(name, edge)
        ctx.record("web.requests_failed", len(g.errors))
        known = live.known_secrets(ctx)  # answers and error texts are masked before they are evidence
        masked = [live.masked_finding(f, known) for f in dedupe(findings)]
        bypass = [f for f in masked if f.rule is R.ORIGIN_BYPASS]
        return (ctx.anchored([f for f in masked if f.rule is not R.ORIGIN_BYPASS], "targets.hosts")
                + ctx.anchored(bypass, "targets.origin"))
