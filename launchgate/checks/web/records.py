"""What the handover pack needs from the web check's responses, as figures: the redirect chains
(from ``http://`` with a deep link, and from ``https://`` when it moves on, e.g. ``www`` to the
apex). The edge in front of each host is front.py's (edge_cdn.py's table). The caller masks them
like any server answer."""

from __future__ import annotations

from launchgate.checks.web.gather import HostWeb
from launchgate.net import RedirectChain


def describe_chain(chain: RedirectChain) -> str:
    """``http://h/x → 301 → https://h/x → 200`` (and how it stopped, if it did)."""
    parts = [chain.start]
    for n, hop in enumerate(chain.hops):
        if n:
            parts.append(hop.url)
        parts.append(str(hop.status))
    if chain.stopped:
        parts.append(
            f"stopped: {chain.stopped}" + (f" at {chain.next_url}" if chain.next_url else "")
        )
    return " → ".join(parts)


def host_figures(hw: HostWeb) -> dict[str, str]:
    out = {f"web.redirect.http.{hw.host}": describe_chain(hw.http_chain)}
    if len(hw.https_chain.hops) > 1 or hw.https_chain.stopped:
        out[f"web.redirect.https.{hw.host}"] = describe_chain(hw.https_chain)
    return out
