"""``targets.origin``: does the origin behind the edge answer the public host names directly?

For each host of ``targets.hosts`` one GET over HTTPS and one over HTTP are sent to the origin's
address with the public name in the Host header and the TLS server name, as an attacker who found
the address would send them (the certificate is not judged here). A 2xx, or a redirect that stays on
the same scheme and host (the app's own), is the origin serving the site: ``web.origin-bypass``. A
refusal (403, 421, a closed connection, no listener) or a redirect to the edge is the good case.
Hosts whose public address is the origin itself are left out: nothing stands in front of them.
Nothing is sent anywhere but the configured origin address.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from launchgate.checks.web import rules as R
from launchgate.model import Finding, Location
from launchgate.net import HttpSnapshot, Net, NetError

ORIGIN_CAP = 16 * 1024  # only the status and Location are judged


@dataclass(frozen=True, kw_only=True)
class OriginAnswer:
    host: str
    origin: str
    url: str
    answer: HttpSnapshot | None = None
    error: str | None = None


def origin_net(net: Net, origin: str, hosts: Sequence[str]) -> Net:
    """A Net that connects every ``hosts`` request to ``origin`` (Host header and SNI kept)."""
    ports = (net.port_for("http"), net.port_for("https"))
    resolve = {**net.settings.resolve, **{(h, p): origin for h in hosts for p in ports}}
    return Net(dataclasses.replace(net.settings, resolve=resolve))


async def _public_address(net: Net, host: str) -> str | None:
    try:
        return await net.locate(host, net.port_for("https"))
    except NetError:
        return None


async def _get(net: Net, client: httpx.AsyncClient, sem: asyncio.Semaphore, host: str,
               origin: str, url: str) -> OriginAnswer:
    async with sem:
        try:
            snap = await net.fetch(client, "GET", url, max_body=ORIGIN_CAP)
        except NetError as exc:
            return OriginAnswer(host=host, origin=origin, url=url, error=exc.kind)
    return OriginAnswer(host=host, origin=origin, url=url, answer=snap)


async def gather_origin(net: Net, client: httpx.AsyncClient, sem: asyncio.Semaphore, origin: str,
                        hosts: Sequence[str]) -> tuple[OriginAnswer, ...]:
    """Two GETs per host (https://, http://) to the origin address, at most ``sem`` in flight;
    hosts served by the origin itself are skipped."""
    public = await asyncio.gather(*(_public_address(net, h) for h in hosts))
    fronted = [h for h, addr in zip(hosts, public, strict=True) if addr != origin]
    direct = origin_net(net, origin, fronted)
    jobs = [_get(direct, client, sem, h, origin, f"{scheme}://{h}/") for h in fronted
            for scheme in ("https", "http")]
    return tuple(await asyncio.gather(*jobs))


def serves(a: OriginAnswer) -> bool:
    """The origin answered with the site: a 2xx, or a redirect on the same scheme and host."""
    if a.answer is None:
        return False
    if 200 <= a.answer.status < 300:
        return True
    target = a.answer.redirect_target()
    if target is None:
        return False
    asked, went = urlsplit(a.url), urlsplit(target)
    return (went.scheme, went.hostname) == (asked.scheme, asked.hostname)


def evaluate_origin(answers: Sequence[OriginAnswer]) -> list[Finding]:
    out: list[Finding] = []
    for host in dict.fromkeys(a.host for a in answers):
        served = [a for a in answers if a.host == host and serves(a)]
        if not served:
            continue
        shown = ", ".join(f"{a.url} (HTTP {a.answer.status})" for a in served if a.answer)
        origin = served[0].origin
        out.append(Finding.of(R.ORIGIN_BYPASS, f"the origin {origin} answers {host} directly: "
                                               f"{shown}; the edge can be bypassed",
                              Location(url=served[0].url), key=(origin,)))
    return out
