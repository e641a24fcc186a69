"""What the ``web`` check gathers: every response it needs per host and per route (evaluate.py
judges them).

Per host: the redirect chain from ``http://host/<deep link>`` and from ``https://host/``, and (for
hosts that serve content) the sensitive paths and a not-found probe. Per route of the canonical
site: one GET (caching, admin auth), CORS probes for api routes, static assets referenced by the
home page, source maps of its scripts, and a malformed JSON request. Requests go out with bounded
concurrency, each with the targets deadline and a body cap; certificate problems are the ``tls``
check's business, so this client does not verify.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from launchgate.checks.web import exposure as X
from launchgate.checks.web.redirects import PROBE_PATH, RedirectPolicy
from launchgate.checks.web.schema import Route
from launchgate.net import HttpSnapshot, Net, NetError, RedirectChain

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
                  content: bytes | None = None, cap: int = PROBE_CAP, json: object = None,
                  client: httpx.AsyncClient | None = None) -> HttpSnapshot | None:
        async with self.sem:
            try:
                return await self.net.fetch(client or self.client, method, url, headers=headers,
                                            content=content, json=json, max_body=cap)
            except NetError as exc:
                self.errors.append(str(exc))
                return None

    async def follow(self, url: str) -> RedirectChain:
        async with self.sem:
            return await self.net.follow(self.client, url, allow=self.policy.may_follow,
                                         max_hops=self.max_hops)


async def gather_host(g: Gatherer, host: str, *, exposure: bool, extra: tuple[str, ...]) -> HostWeb:
    http_chain, https_chain = await asyncio.gather(g.follow(f"http://{host}{PROBE_PATH}"),
                                                   g.follow(f"https://{host}/"))
    final = https_chain.final
    serves = (final is not None and https_chain.stopped is None and final.redirect_target() is None
              and (urlsplit(final.url).hostname or "") == host)
    if not serves:
        return HostWeb(host=host, http_chain=http_chain, https_chain=https_chain)
    base = f"https://{host}"
    paths = [p for p, _ in X.SENSITIVE] + list(extra) if exposure else []
    got = await asyncio.gather(g.get(base + X.NOT_FOUND_PATH), *(g.get(base + p) for p in paths))
    judges = {p: j.__name__ for p, j in X.SENSITIVE}
    probes = tuple((judges.get(p, "judge_any"), s) for p, s in zip(paths, got[1:], strict=True)
                   if s is not None)
    return HostWeb(host=host, http_chain=http_chain, https_chain=https_chain, baseline=got[0],
                   probes=probes)


def _same_origin_assets(page: HttpSnapshot, prefix: str, suffix: str = "",
                        limit: int = 3) -> list[str]:
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


async def gather_site(g: Gatherer, base: str, routes: Sequence[Route], home: HttpSnapshot | None
                      ) -> SiteWeb:
    base = base.rstrip("/")
    jobs: list[Awaitable[HttpSnapshot | None]] = []
    kinds: list[str] = []
    for r in routes:
        url = base + r.path
        if r.kind in ("authenticated", "admin", "webhook"):
            jobs.append(g.get(url))
            kinds.append(r.kind)
    got = await asyncio.gather(*jobs)
    api = [base + r.path for r in routes if r.kind == "api"]
    origin = {"Origin": CORS_PROBE_ORIGIN}
    preflight = {**origin, "Access-Control-Request-Method": "GET",
                 "Access-Control-Request-Headers": "content-type"}
    cors = await asyncio.gather(*(g.get(u, headers=origin) for u in api),
                                *(g.get(u, method="OPTIONS", headers=preflight) for u in api))
    asset_urls: list[str] = []
    maps: list[str] = []
    if home is not None:
        for r in routes:
            if r.kind == "static":
                asset_urls += _same_origin_assets(home, r.path)
        maps = [u + ".map" for u in _same_origin_assets(home, "/", ".js")]
    bad_json = {"Content-Type": "application/json"}
    malformed_urls = [base + "/", *api[:1]]
    assets, smaps, malformed, baseline = await asyncio.gather(
        asyncio.gather(*(g.get(u) for u in asset_urls)), asyncio.gather(*(g.get(u) for u in maps)),
        asyncio.gather(*(g.get(u, method="POST", headers=bad_json, content=b'{"launchgate": [')
                         for u in
                         malformed_urls)),
        g.get(base + X.NOT_FOUND_PATH))
    return SiteWeb(base=base,
                   routes=tuple((k, s) for k, s in zip(kinds, got, strict=True) if s is not None),
                   cors=tuple(s for s in cors if s is not None),
                   assets=tuple(s for s in assets if s is not None),
                   source_maps=tuple(s for s in smaps if s is not None),
                   malformed=tuple(s for s in malformed if s is not None), baseline=baseline)
