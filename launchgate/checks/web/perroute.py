"""Pure evaluation of every page and response the check fetched, beyond each host's home page.

Mixed content on every HTTPS page (home pages, routes, session pages, pages a session flow
reached); caching by route kind (cookies on shared-cacheable answers, writes, public routes,
private pages logged in); internal identifiers on error answers; and the security headers judged
on every HTML route, merged into one finding per rule and host that lists the routes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from launchgate.checks.web import caching as C
from launchgate.checks.web import headers as H
from launchgate.checks.web import mixed as M
from launchgate.checks.web import rules as R
from launchgate.checks.web.errorpage import evaluate_internal_ids
from launchgate.checks.web.gather import HostWeb, SiteWeb
from launchgate.checks.web.routes import RoutesWeb
from launchgate.model import Finding, Location
from launchgate.net import HttpSnapshot

ROUTE_HEADER_RULES = frozenset({R.HSTS_MISSING.id, R.HSTS_WEAK.id, R.CSP_MISSING.id,
                                R.CSP_UNSAFE_INLINE.id, R.FRAMING_UNPROTECTED.id,
                                R.NOSNIFF_MISSING.id})
NO_ROUTES = RoutesWeb()


def _host(url: str | None) -> str:
    return urlsplit(url or "").hostname or ""


def homes(hosts: Sequence[HostWeb]) -> list[HttpSnapshot]:
    """Each host's own final page (what evaluate_host judged the headers of)."""
    out = []
    for hw in hosts:
        final = hw.https_chain.final
        if final is not None and hw.https_chain.stopped is None and _host(final.url) == hw.host:
            out.append(final)
    return out


def route_pages(site: SiteWeb | None, rw: RoutesWeb) -> list[HttpSnapshot]:
    """Every route response (anonymous first, then the public, session and flow pages)."""
    snaps = [s for _, s in site.routes] if site is not None else []
    snaps += [*rw.public, *(p.snap for p in rw.sessions), *rw.flow_pages]
    return snaps


def _unique_pages(snaps: Iterable[HttpSnapshot], skip: set[str]) -> list[HttpSnapshot]:
    seen = set(skip)
    out = []
    for s in snaps:
        if s.url not in seen and 200 <= s.status < 300 and H.is_html(s):
            seen.add(s.url)
            out.append(s)
    return out


def evaluate_route_headers(findings: list[Finding], pages: Sequence[HttpSnapshot], *,
                           hsts_min_days: int) -> list[Finding]:
    """HSTS, CSP, framing and nosniff on route pages: a host-level finding of the same rule gets
    the routes appended to its message; otherwise one new finding per rule and host lists them."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for page in pages:
        judged = H.evaluate_page(page) + H.evaluate_hsts(page, min_age_days=hsts_min_days)
        for f in judged:
            if f.rule.id in ROUTE_HEADER_RULES:
                groups.setdefault((f.rule.id, _host(page.url)), []).append(f)
    out = list(findings)
    for (rule_id, host), found in groups.items():
        paths = ", ".join(urlsplit(f.location.url or "").path or "/" for f in found)
        n = f"{len(found)} route{'s' if len(found) != 1 else ''}"
        i = next((i for i, f in enumerate(out)
                  if f.rule.id == rule_id and _host(f.location.url) == host), None)
        if i is not None:
            out[i] = dataclasses.replace(out[i], message=f"{out[i].message}; also on {n}: {paths}")
        else:
            first = found[0]
            out.append(Finding.of(first.rule, f"{first.message} (on {n} of {host}: {paths})",
                                  Location(url=first.location.url), key=("routes",),
                                  severity=first.severity))
    return out


def _sessions(site: SiteWeb | None, rw: RoutesWeb) -> list[Finding]:
    anonymous = {s.url: s for _, s in site.routes} if site is not None else {}
    out: list[Finding] = []
    for p in rw.sessions:
        out += C.evaluate_session_page(p.snap, anonymous.get(p.snap.url), kind=p.kind,
                                       credential=p.credential, flow=p.flow)
    return out


def _errors(hosts: Sequence[HostWeb], site: SiteWeb | None, rw: RoutesWeb, already: list[Finding]
            ) -> list[Finding]:
    snaps = [hw.baseline for hw in hosts if hw.baseline is not None]
    if site is not None:
        snaps += [*site.malformed, *(s for _, s in site.routes), *site.cors]
    snaps += [*rw.public, *(s for _, s in rw.writes), *(p.snap for p in rw.sessions)]
    out: list[Finding] = []
    for s in snaps:
        out += evaluate_internal_ids(s, already)
    return out


def evaluate_all(hosts: Sequence[HostWeb], site: SiteWeb | None, rw: RoutesWeb | None,
                 findings: list[Finding], *, hsts_min_days: int) -> list[Finding]:
    """``findings`` (the host and site rules) with the route-level rules added; session verdicts
    first, so they win over the anonymous verdict on the same route when findings are
    de-duplicated."""
    rw = rw or NO_ROUTES
    home = homes(hosts)
    pages = _unique_pages(route_pages(site, rw), {h.url for h in home})
    out = evaluate_route_headers(findings, pages, hsts_min_days=hsts_min_days)
    out += M.judge_pages([*home, *pages])
    fetched = [*home, *(site.assets + site.cors if site is not None else ()),
               *route_pages(site, rw), *(s for _, s in rw.writes)]
    for s in fetched:
        out += C.evaluate_cookie_caching(s)
    for s in rw.public:
        out += C.evaluate_public(s)
    for method, s in rw.writes:
        out += C.evaluate_write(s, method)
    out += _errors(hosts, site, rw, findings)
    return _sessions(site, rw) + out
