"""The ``web`` check: gathers every response it needs per host and per route, then evaluates them.

Per host: the redirect chain from ``http://host/<deep link>`` and from ``https://host/``, and (for hosts that
serve content) the sensitive paths and a not-found probe. Per route of the canonical site: one GET (caching,
admin auth), CORS probes for api routes, static assets referenced by the home page, source maps of its scripts,
and a malformed JSON request. Requests go out with bounded concurrency, each with the targets deadline and a
body cap; certificate problems are the ``tls`` check's business, so this client does not verify.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import httpx

from launchgate.check import Context, Skip
from launchgate.checks.web import exposure as X
from launchgate.checks.web import headers as H
from launchgate.checks.web import rules as R
from launchgate.checks.web.redirects import PROBE_PATH, RedirectPolicy, evaluate_chain
from launchgate.model import Finding, Phase, Rule
from launchgate.net import HttpSnapshot, Net, NetError, RedirectChain
from launchgate.net.targets import Targets, within

CORS_PROBE_ORIGIN = "https://launchgate-cors-probe.invalid"
PROBE_CAP = 256 * 1024
_ASSET = re.compile(rb"""(?:src|href)\s*=\s*["']([^"'#?]+(?:\?[^"'#]*)?)["']""", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class HostWeb:
    host: str
    http_chain: RedirectChain
    https_chain: RedirectChain
    baseline: HttpSnapshot | None = None
    probes: tuple[tuple[str, HttpSnapshot], ...] = ()  # (judge name, response) for sensitive paths


@dataclass(frozen=True, kw_only=True)
class SiteWeb:
    """Route-level responses of the canonical site."""

    base: str
    routes: tuple[tuple[str, HttpSnapshot], ...] = ()  # (kind, response)
    cors: tuple[HttpSnapshot, ...] = ()
    assets: tuple[HttpSnapshot, ...] = ()
    source_maps: tuple[HttpSnapshot, ...] = ()
    malformed: tuple[HttpSnapshot, ...] = ()
    baseline: HttpSnapshot | None = None


@dataclass
class Gatherer:
    net: Net
    client: httpx.AsyncClient
    sem: asyncio.Semaphore
    policy: RedirectPolicy
    max_hops: int
    errors: list[str] = field(default_factory=list)

    async def get(self, url: str, *, method: str = "GET", headers: Mapping[str, str] | None = None,
                  content: bytes | None = None, cap: int = PROBE_CAP) -> HttpSnapshot | None:
        async with self.sem:
            try:
                return await self.net.fetch(self.client, method, url, headers=headers, content=content,
                                            max_body=cap)
            except NetError as exc:
                self.errors.append(str(exc))
                return None

    async def follow(self, url: str) -> RedirectChain:
        async with self.sem:
            return await self.net.follow(self.client, url, allow=self.policy.may_follow, max_hops=self.max_hops)


async def gather_host(g: Gatherer, host: str, *, exposure: bool, extra: tuple[str, ...]) -> HostWeb:
    http_chain, https_chain = await asyncio.gather(g.follow(f"http://{host}{PROBE_PATH}"), g.follow(f"https://{host}/"))
    final = https_chain.final
    serves = (final is not None and https_chain.stopped is None and final.redirect_target() is None
              and (urlsplit(final.url).hostname or "") == host)
    if not serves:
        return HostWeb(host=host, http_chain=http_chain, https_chain=https_chain)
    base = f"https://{host}"
    paths = [p for p, _ in X.SENSITIVE] + list(extra) if exposure else []
    got = await asyncio.gather(g.get(base + X.NOT_FOUND_PATH), *(g.get(base + p) for p in paths))
    judges = {p: j.__name__ for p, j in X.SENSITIVE}
    probes = tuple((judges.get(p, "judge_any"), s) for p, s in zip(paths, got[1:], strict=True) if s is not None)
    return HostWeb(host=host, http_chain=http_chain, https_chain=https_chain, baseline=got[0], probes=probes)


def _same_origin_assets(page: HttpSnapshot, prefix: str, suffix: str = "", limit: int = 3) -> list[str]:
    out: list[str] = []
    origin = urlsplit(page.url)
    for m in _ASSET.finditer(page.body[:262144]):
        url = urljoin(page.url, m.group(1).decode("utf-8", "replace"))
        u = urlsplit(url)
        if (u.scheme, u.netloc) == (origin.scheme, origin.netloc) and u.path.startswith(prefix) \
                and u.path.endswith(suffix) and url not in out:
            out.append(url)
        if len(out) >= limit:
            break
    return out


async def gather_site(g: Gatherer, base: str, routes: list[Mapping[str, str]], home: HttpSnapshot | None
                      ) -> SiteWeb:
    base = base.rstrip("/")
    jobs: list[Awaitable[HttpSnapshot | None]] = []
    kinds: list[str] = []
    for r in routes:
        url = base + r["path"]
        if r["kind"] in ("authenticated", "admin", "webhook"):
            jobs.append(g.get(url))
            kinds.append(r["kind"])
    got = await asyncio.gather(*jobs)
    api = [base + r["path"] for r in routes if r["kind"] == "api"]
    origin = {"Origin": CORS_PROBE_ORIGIN}
    preflight = {**origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "content-type"}
    cors = await asyncio.gather(*(g.get(u, headers=origin) for u in api),
                                *(g.get(u, method="OPTIONS", headers=preflight) for u in api))
    asset_urls: list[str] = []
    maps: list[str] = []
    if home is not None:
        for r in routes:
            if r["kind"] == "static":
                asset_urls += _same_origin_assets(home, r["path"])
        maps = [u + ".map" for u in _same_origin_assets(home, "/", ".js")]
    bad_json = {"Content-Type": "application/json"}
    malformed_urls = [base + "/", *api[:1]]
    assets, smaps, malformed, baseline = await asyncio.gather(
        asyncio.gather(*(g.get(u) for u in asset_urls)), asyncio.gather(*(g.get(u) for u in maps)),
        asyncio.gather(*(g.get(u, method="POST", headers=bad_json, content=b'{"launchgate": [') for u in
                         malformed_urls)),
        g.get(base + X.NOT_FOUND_PATH))
    return SiteWeb(base=base, routes=tuple((k, s) for k, s in zip(kinds, got, strict=True) if s is not None),
                   cors=tuple(s for s in cors if s is not None), assets=tuple(s for s in assets if s is not None),
                   source_maps=tuple(s for s in smaps if s is not None),
                   malformed=tuple(s for s in malformed if s is not None), baseline=baseline)


# -- evaluation ------------------------------------------------------------------------------------------
_JUDGES: Mapping[str, Callable[[HttpSnapshot], X.Verdict | None]] = {
    **{j.__name__: j for _, j in X.SENSITIVE}, "judge_any": X.judge_any}


def _own(chain: RedirectChain, host: str) -> list[HttpSnapshot]:
    return [h for h in chain.hops if (urlsplit(h.url).hostname or "") == host]


def evaluate_host(hw: HostWeb, policy: RedirectPolicy, *, hsts_min_days: int) -> list[Finding]:
    err = hw.http_chain.error
    out = [] if err is not None and err.kind == "dns" else evaluate_chain(hw.http_chain, policy, host=hw.host,
                                                                          deep_link=True)
    https = evaluate_chain(hw.https_chain, policy, host=hw.host, deep_link=False)
    # the https:// chain repeats what the http:// one showed (same loop, same wrong host): report it once
    seen = {f.rule.id for f in out}
    loops = {f.message for f in out if f.rule is R.REDIRECT_LOOP}
    out += [f for f in https if (f.rule.id not in seen or f.rule is R.UNREACHABLE or f.rule is R.REDIRECT_LOOP)
            and f.message not in loops]
    own = _own(hw.https_chain, hw.host)
    if own:
        out += H.evaluate_hsts(own[0], min_age_days=hsts_min_days)
    responses = own + _own(hw.http_chain, hw.host)
    for snap in responses:
        leak = H.evaluate_disclosure(snap)
        if leak:
            out += leak
            break
    cookies: dict[str, Finding] = {}
    for snap in responses:
        for f in H.evaluate_cookies(snap):
            cookies.setdefault(f.fingerprint, f)
    out += cookies.values()
    final = hw.https_chain.final
    if final is not None and hw.https_chain.stopped is None and (urlsplit(final.url).hostname or "") == hw.host:
        out += H.evaluate_page(final)
    for judge, snap in hw.probes:
        out += X.evaluate_sensitive(snap, _JUDGES[judge], hw.baseline)
    if hw.baseline is not None:
        out += X.evaluate_error_page(hw.baseline)
    return out


def evaluate_site(site: SiteWeb) -> list[Finding]:
    out: list[Finding] = []
    for kind, snap in site.routes:
        out += H.evaluate_cache(snap, kind)
        if kind == "admin":
            out += X.evaluate_admin(snap, site.baseline)
    for snap in site.cors:
        out += H.evaluate_cors(snap, CORS_PROBE_ORIGIN)
    for snap in site.assets:
        out += H.evaluate_cache(snap, "static")
    for snap in site.source_maps:
        out += X.evaluate_sensitive(snap, X.judge_source_map, site.baseline)
    for snap in site.malformed:
        out += X.evaluate_error_page(snap)
    return out


def dedupe(findings: list[Finding]) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for f in findings:
        seen.setdefault(f.fingerprint, f)
    return list(seen.values())


def policy_of(targets: Targets, settings: Mapping[str, Any]) -> RedirectPolicy:
    domains = tuple(d for d in (targets.domain, *targets.hosts) if d)
    canonical = targets.canonical_host
    twins: tuple[str, ...] = ()
    if targets.domain:
        twins = tuple(h for h in targets.hosts if h in (targets.domain, f"www.{targets.domain}", canonical))
    return RedirectPolicy(domains=domains, allowed_offsite=tuple(settings.get("allowed_redirect_domains") or ()),
                          canonical_host=canonical, twins=twins, max_chain=int(settings.get("max_chain", 2)))


class WebCheck:
    """Check id ``web``."""

    id: ClassVar[str] = "web"
    phase: ClassVar[Phase] = Phase.POST
    rules: ClassVar[tuple[Rule, ...]] = R.RULES
    schema: ClassVar[Mapping[str, Mapping[str, Any]]] = R.SCHEMA
    timeout_s: ClassVar[float] = 120.0
    exclusive: ClassVar[bool] = False

    async def run(self, ctx: Context) -> list[Finding]:
        targets = Targets.of(ctx.config)
        if not targets.hosts:
            raise Skip("no targets.hosts configured")
        settings = ctx.section("web")
        routes = list(ctx.config.get("routes") or [])
        policy = policy_of(targets, settings)
        async with ctx.net.client(verify=False) as client:
            g = Gatherer(net=ctx.net, client=client, sem=asyncio.Semaphore(int(settings.get("concurrency", 10))),
                         policy=policy, max_hops=int(settings.get("max_hops", 10)))
            hosts = await asyncio.gather(*(gather_host(g, h, exposure=bool(settings.get("exposure", True)),
                                                       extra=tuple(settings.get("extra_sensitive_paths") or ()))
                                           for h in targets.hosts))
            canonical = next((hw for hw in hosts if hw.host == policy.canonical_host), None)
            home = canonical.https_chain.final if canonical is not None else None
            base = targets.canonical or (f"https://{policy.canonical_host}" if policy.canonical_host else None)
            site = await gather_site(g, base, routes, home) if base and within(
                urlsplit(base).hostname or "", policy.domains) else None
        findings: list[Finding] = []
        for hw in hosts:
            findings += evaluate_host(hw, policy, hsts_min_days=int(settings.get("hsts_min_age_days", 180)))
        if site is not None:
            findings += evaluate_site(site)
        ctx.record("web.requests_failed", len(g.errors))
        return ctx.anchored(dedupe(findings), "targets.hosts")



