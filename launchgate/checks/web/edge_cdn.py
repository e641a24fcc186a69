"""Which CDN or edge answers for a host, recognised from its response headers.

One small table: a provider is named when any of its marker headers is present (and, when a
substring is given, contains it, case-insensitive). The markers are the ones each provider documents
on every response it serves:

| edge | marker headers |
|---|---|
| Cloudflare | ``CF-RAY``; ``Server: cloudflare`` |
| Fastly | ``X-Fastly-Request-ID``; ``Fastly-Debug-Digest``; ``X-Served-By: cache-…`` |
| CloudFront | ``X-Amz-Cf-Id``; ``X-Amz-Cf-Pop``; ``Via: … (CloudFront)`` |
| Vercel | ``X-Vercel-Id``; ``Server: Vercel`` |
| Netlify | ``X-NF-Request-ID``; ``Server: Netlify`` |
| Akamai | ``X-Akamai-Transformed``; ``Akamai-GRN``; ``Server: AkamaiGHost`` |
| Fly.io | ``Fly-Request-Id`` |
| Azure Front Door | ``X-Azure-Ref`` |
| GitHub Pages | ``X-GitHub-Request-Id`` |
| Render | ``X-Render-Origin-Server`` |
| Railway | ``X-Railway-Request-Id`` |

The answer is shown per host in the web check's figures (``web.edge.<host>``), also in the JSON
report; it is a description, not a finding.
"""

from __future__ import annotations

from launchgate.net import HttpSnapshot

NO_EDGE = "none recognised"

# (edge, header, substring that must be in its value or None for "present")
EDGE_MARKERS: tuple[tuple[str, str, str | None], ...] = (
    ("Cloudflare", "cf-ray", None), ("Cloudflare", "server", "cloudflare"),
    ("Fastly", "x-fastly-request-id", None), ("Fastly", "fastly-debug-digest", None),
    ("Fastly", "x-served-by", "cache-"),
    ("CloudFront", "x-amz-cf-id", None), ("CloudFront", "x-amz-cf-pop", None),
    ("CloudFront", "via", "cloudfront"),
    ("Vercel", "x-vercel-id", None), ("Vercel", "server", "vercel"),
    ("Netlify", "x-nf-request-id", None), ("Netlify", "server", "netlify"),
    ("Akamai", "x-akamai-transformed", None), ("Akamai", "akamai-grn", None),
    ("Akamai", "server", "akamaighost"),
    ("Fly.io", "fly-request-id", None), ("Azure Front Door", "x-azure-ref", None),
    ("GitHub Pages", "x-github-request-id", None), ("Render", "x-render-origin-server", None),
    ("Railway", "x-railway-request-id", None),
)


def recognise_edge(snap: HttpSnapshot) -> str | None:
    """The edge that served ``snap`` by the first matching marker, else None."""
    for edge, header, needle in EDGE_MARKERS:
        for value in snap.header_all(header):
            if needle is None or needle in value.lower():
                return edge
    return None


def edge_of(responses: list[HttpSnapshot]) -> str:
    """The edge named by any of a host's own responses, else NO_EDGE."""
    for snap in responses:
        edge = recognise_edge(snap)
        if edge is not None:
            return edge
    return NO_EDGE
