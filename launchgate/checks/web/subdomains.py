"""``targets.subdomains`` in the web check: each existing subdomain that is not one of
``targets.hosts`` gets the redirect chains (HTTPS redirect, path kept, no downgrade) and the HSTS
rules, not the exposure or page-header probes the configured hosts get. A subdomain where nothing
answers on the HTTP and HTTPS ports is left alone: a name can exist in DNS without serving the web.

Which subdomains exist is decided by ``launchgate.net.subdomains`` (they have an address).
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from launchgate.checks.web import headers as H
from launchgate.checks.web.gather import Gatherer, HostWeb
from launchgate.checks.web.redirects import PROBE_PATH, RedirectPolicy, evaluate_chain
from launchgate.model import Finding


async def gather_subdomain(g: Gatherer, host: str) -> HostWeb:
    http_chain, https_chain = await asyncio.gather(g.follow(f"http://{host}{PROBE_PATH}"),
                                                   g.follow(f"https://{host}/"))
    return HostWeb(host=host, http_chain=http_chain, https_chain=https_chain)


def evaluate_subdomain(hw: HostWeb, policy: RedirectPolicy, *, hsts_min_days: int
                       ) -> list[Finding]:
    """Nothing when nothing answers on either port (an internal or non-web name in public DNS)."""
    if not hw.http_chain.hops and not hw.https_chain.hops:
        return []
    err = hw.http_chain.error
    out = [] if err is not None and err.kind == "dns" else evaluate_chain(
        hw.http_chain, policy, host=hw.host, deep_link=True)
    seen = {f.rule.id for f in out}  # the https:// chain repeats what the http:// one showed
    out += [f for f in evaluate_chain(hw.https_chain, policy, host=hw.host, deep_link=False)
            if f.rule.id not in seen]
    own = [h for h in hw.https_chain.hops if (urlsplit(h.url).hostname or "") == hw.host]
    if own:
        out += H.evaluate_hsts(own[0], min_age_days=hsts_min_days)
    return out
