"""Which of ``targets.subdomains`` exist: the names with an address (A or AAAA, CNAMEs followed).

The tls and web checks judge those besides ``targets.hosts``; a name with no address is not there
(the dns check reports a dangling CNAME itself). Lookups go through ``Net.lookup`` (the configured
nameservers, a bounded lifetime), all at once.
"""

from __future__ import annotations

import asyncio

from launchgate.net.client import Net
from launchgate.net.targets import Targets


async def _has_address(net: Net, name: str, lifetime_s: float) -> bool:
    for rdtype in ("A", "AAAA"):
        ans = await net.lookup(name, rdtype, lifetime_s=lifetime_s)
        if ans.status == "ok" and ans.records:
            return True
    return False


async def existing_subdomains(net: Net, targets: Targets, lifetime_s: float = 5.0
                              ) -> tuple[str, ...]:
    """The subdomains (not in targets.hosts) that resolve, in configured order."""
    names = targets.subdomains
    got = await asyncio.gather(*(_has_address(net, n, lifetime_s) for n in names))
    return tuple(n for n, ok in zip(names, got, strict=True) if ok)
