"""What stands in front of the site, for the web check: the existing ``targets.subdomains``
(redirects and HSTS, ``subdomains.py``), the origin behind the edge (``origin.py``), and which
CDN/edge answers for each host (``edge_cdn.py``, shown as figures)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from launchgate.checks.web.edge_cdn import edge_of
from launchgate.checks.web.gather import Gatherer, HostWeb
from launchgate.checks.web.origin import OriginAnswer, evaluate_origin, gather_origin
from launchgate.checks.web.redirects import RedirectPolicy
from launchgate.checks.web.subdomains import evaluate_subdomain, gather_subdomain
from launchgate.model import Finding
from launchgate.net.subdomains import existing_subdomains
from launchgate.net.targets import Targets


@dataclass(frozen=True, kw_only=True)
class FrontWeb:
    subdomains: tuple[HostWeb, ...] = ()
    origin: tuple[OriginAnswer, ...] = ()


async def _origin(g: Gatherer, targets: Targets) -> tuple[OriginAnswer, ...]:
    if targets.origin is None:
        return ()
    return await gather_origin(g.net, g.client, g.sem, targets.origin, targets.hosts)


async def gather_front(g: Gatherer, targets: Targets) -> FrontWeb:
    async def subdomains() -> tuple[HostWeb, ...]:
        names = await existing_subdomains(g.net, targets)
        return tuple(await asyncio.gather(*(gather_subdomain(g, h) for h in names)))

    subs, origin = await asyncio.gather(subdomains(), _origin(g, targets))
    return FrontWeb(subdomains=subs, origin=origin)


def evaluate_front(front: FrontWeb, policy: RedirectPolicy, *, hsts_min_days: int
                   ) -> list[Finding]:
    out: list[Finding] = []
    for hw in front.subdomains:
        out += evaluate_subdomain(hw, policy, hsts_min_days=hsts_min_days)
    return out + evaluate_origin(front.origin)


def edge_figures(hosts: Sequence[HostWeb]) -> dict[str, str]:
    """``web.edge.<host>``: the CDN/edge recognised on each host's own responses."""
    out: dict[str, str] = {}
    for hw in hosts:
        own = [h for h in (*hw.https_chain.hops, *hw.http_chain.hops)
               if (urlsplit(h.url).hostname or "") == hw.host]
        if own:
            out[f"web.edge.{hw.host}"] = edge_of(own)
    return out
