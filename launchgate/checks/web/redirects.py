"""Redirect rules, as pure functions of a ``RedirectChain`` (see ``Net.follow``)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from urllib.parse import urlsplit

from launchgate.checks.web import rules as R
from launchgate.model import Finding, Location
from launchgate.net import RedirectChain
from launchgate.net.targets import within

PROBE_PATH = "/launchgate-redirect-check?lg=1"  # a deep link: path and query must survive every hop


@dataclass(frozen=True, kw_only=True)
class RedirectPolicy:
    """What a chain must satisfy: the domains it may stay in, where it must end, how long it may
    be."""

    domains: tuple[str, ...]  # targets.domain and targets.hosts: following stays inside these
    allowed_offsite: tuple[str, ...] = ()
    canonical_host: str | None = None
    twins: tuple[str, ...] = ()  # hosts that must end on the canonical host (apex, www, canonical)
    max_chain: int = 2

    def inside(self, host: str) -> bool:
        return within(host, self.domains)

    def may_follow(self, host: str) -> bool:
        return self.inside(host)


def _arrow(urls: list[str] | tuple[str, ...]) -> str:
    return " -> ".join(urls)


def _hops(chain: RedirectChain) -> int:
    return sum(1 for h in chain.hops if h.redirect_target() is not None)


def evaluate_chain(chain: RedirectChain, policy: RedirectPolicy, *, host: str,
                   deep_link: bool) -> list[Finding]:
    """Rules for one chain. ``deep_link``: the chain started at PROBE_PATH, so path/query must be
    preserved."""
    where = Location(url=chain.start)
    stopped = _stopped(chain, host, where)
    if stopped is not None:
        return stopped
    urls = chain.urls()
    out = _downgrade(urls, where)
    if chain.stopped == "offsite":
        nxt_host = urlsplit(chain.next_url or "").hostname or ""
        if not within(nxt_host, policy.allowed_offsite):
            out.append(Finding.of(R.REDIRECT_OFFSITE, f"{_arrow(urls)} leaves the configured "
                                  "domains (not followed)",
                                  where, key=(nxt_host,)))
        return out
    if chain.final is None:
        return out
    return out + _ending(chain, policy, host=host, deep_link=deep_link, where=where)


def _stopped(chain: RedirectChain, host: str, where: Location) -> list[Finding] | None:
    """The one finding of a chain that could not be followed to its end (error, loop, too many
    hops), else None."""
    start = chain.start
    if chain.stopped == "error":
        err = chain.error
        if not chain.hops and start.startswith("http://"):
            return [Finding.of(R.HTTPS_REDIRECT_MISSING, f"{start} does not answer ({err}): "
                               f"visitors typing {host} get an error " "instead of a redirect",
                               where)]
        return [Finding.of(R.UNREACHABLE, f"{chain.next_url or start}: {err}", where)]
    if chain.stopped == "loop":
        return [Finding.of(R.REDIRECT_LOOP, f"redirect loop: {_arrow(chain.cycle)}", where)]
    if chain.stopped == "max-hops":
        return [Finding.of(R.REDIRECT_CHAIN_LONG, f"gave up after {len(chain.hops)} redirects: "
                           f"{_arrow(chain.urls())}", where, key=("max-hops",))]
    return None


def _downgrade(urls: list[str], where: Location) -> list[Finding]:
    for prev, nxt in itertools.pairwise(urls):
        if prev.startswith("https://") and nxt.startswith("http://"):
            return [Finding.of(R.REDIRECT_DOWNGRADE, f"{prev} redirects to plain {nxt}", where,
                               key=(prev,))]
    return []


def _ending(chain: RedirectChain, policy: RedirectPolicy, *, host: str, deep_link: bool,
            where: Location
            ) -> list[Finding]:
    """Rules on a chain followed to its final response: length, scheme, host, path kept,
    permanence."""
    final = chain.final
    assert final is not None  # checked by the caller
    start, urls, hops = chain.start, chain.urls(), _hops(chain)
    out: list[Finding] = []
    if hops > policy.max_chain:
        out.append(Finding.of(R.REDIRECT_CHAIN_LONG, f"{hops} redirects (limit "
                              f"{policy.max_chain}): {_arrow(urls)}",
                              where))
    final_url = urlsplit(final.url)
    if start.startswith("http://") and final_url.scheme == "http":
        out.append(Finding.of(R.HTTPS_REDIRECT_MISSING, f"{start} ends on plain HTTP ({final.url} "
                              f"answers {final.status})", where))
    out += _canonical(start, (final_url.hostname or "").lower(), policy, host=host, hops=hops,
                      where=where)
    if hops and deep_link:
        want = urlsplit(start)
        if final_url.path != want.path or want.query not in [*final_url.query.split("&"),
                                                             final_url.query]:
            lost = "path" if final_url.path != want.path else "query"
            out.append(Finding.of(R.REDIRECT_DROPS_PATH, f"{start} ends at {final.url} (the "
                                  f"{lost} is lost)", where))
    temporary = sorted({h.status for h in chain.hops
                        if h.redirect_target() is not None and h.status in (302, 303, 307)})
    if temporary:
        out.append(Finding.of(R.REDIRECT_TEMPORARY, f"{_arrow(urls)} uses "
                              f"{'/'.join(map(str, temporary))} (temporary) " "instead of 301/308",
                              where))
    return out


def _canonical(start: str, final_host: str, policy: RedirectPolicy, *, host: str, hops: int,
               where: Location
               ) -> list[Finding]:
    if policy.canonical_host and host in policy.twins and final_host != policy.canonical_host:
        return [Finding.of(R.CANONICAL_HOST_MISMATCH, f"{start} ends on {final_host}, not the "
                           f"canonical host {policy.canonical_host}", where)]
    if hops and policy.canonical_host and final_host not in (host, policy.canonical_host):
        return [Finding.of(R.CANONICAL_HOST_MISMATCH, f"{start} redirects to {final_host}, "
                           f"neither {host} nor the canonical host " f"{policy.canonical_host}",
                           where)]
    return []
