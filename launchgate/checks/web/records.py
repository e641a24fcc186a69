"""What the handover pack needs from the web check's responses, as figures: the redirect chains
(from ``http://`` with a deep link, and from ``https://`` when it moves on, e.g. ``www`` to the
apex) and the edge in front of each host when its headers name one. The caller masks them like any
server answer."""

from __future__ import annotations

from launchgate.checks.web.gather import HostWeb
from launchgate.net import HttpSnapshot, RedirectChain

# (header that only this edge sends, its name); checked in order, the Server header last
EDGES = (
    ("cf-ray", "Cloudflare"),
    ("x-amz-cf-id", "Amazon CloudFront"),
    ("x-vercel-id", "Vercel"),
    ("x-nf-request-id", "Netlify"),
    ("fly-request-id", "Fly.io"),
    ("x-fastly-request-id", "Fastly"),
    ("x-azure-ref", "Azure Front Door"),
    ("x-github-request-id", "GitHub Pages"),
    ("x-render-origin-server", "Render"),
    ("x-railway-request-id", "Railway"),
)
SERVER_CAP = 60  # a Server header is the server's own text: shown short


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


def edge_of(resp: HttpSnapshot | None) -> str | None:
    if resp is None:
        return None
    for header, name in EDGES:
        if resp.header(header) is not None:
            return name
    server = resp.header("server")
    if server:
        return f"{server[:SERVER_CAP]} (Server header)"
    return None


def host_figures(hw: HostWeb) -> dict[str, str]:
    out = {f"web.redirect.http.{hw.host}": describe_chain(hw.http_chain)}
    if len(hw.https_chain.hops) > 1 or hw.https_chain.stopped:
        out[f"web.redirect.https.{hw.host}"] = describe_chain(hw.https_chain)
    edge = edge_of(hw.https_chain.hops[0] if hw.https_chain.hops else hw.baseline)
    if edge:
        out[f"web.edge.{hw.host}"] = edge
    return out
