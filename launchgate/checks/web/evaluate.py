"""Pure evaluation of what ``gather`` collected: per host (redirect chains, HSTS, disclosure,
cookies, page headers, exposed files, error pages) and per route of the canonical site (caching,
admin auth, CORS, assets)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from launchgate.checks.web import exposure as X
from launchgate.checks.web import headers as H
from launchgate.checks.web import rules as R
from launchgate.checks.web.gather import CORS_PROBE_ORIGIN, HostWeb, SiteWeb
from launchgate.checks.web.redirects import RedirectPolicy, evaluate_chain
from launchgate.checks.web.schema import Settings
from launchgate.model import Finding
from launchgate.net import HttpSnapshot, RedirectChain
from launchgate.net.targets import Targets

_JUDGES: Mapping[str, Callable[[HttpSnapshot], X.Verdict | None]] = {
    **{j.__name__: j for _, j in X.SENSITIVE}, "judge_any": X.judge_any}


def _own(chain: RedirectChain, host: str) -> list[HttpSnapshot]:
    return [h for h in chain.hops if (urlsplit(h.url).hostname or "") == host]


def evaluate_host(hw: HostWeb, policy: RedirectPolicy, *, hsts_min_days: int) -> list[Finding]:
    err = hw.http_chain.error
    out = (
        []
        if err is not None and err.kind == "dns"
        else evaluate_chain(hw.http_chain, policy, host=hw.host, deep_link=True)
    )
    https = evaluate_chain(hw.https_chain, policy, host=hw.host, deep_link=False)
    # the https:// chain repeats what the http:// one showed (same loop, same wrong host): report it
    # once
    seen = {f.rule.id for f in out}
    loops = {f.message for f in out if f.rule is R.REDIRECT_LOOP}
    out += [f for f in https
            if (f.rule.id not in seen or f.rule is R.UNREACHABLE or f.rule is R.REDIRECT_LOOP)
            and f.message not in loops]
    own = _own(hw.https_chain, hw.host)
    if own:
        out += H.evaluate_hsts(own[0], min_age_days=hsts_min_days)
    responses = own + _own(hw.http_chain, hw.host)
    for snap in responses:
        leak = H.evaluate_disclosure(snap)
        if leak:
            out += leak
            break
    cookies: dict[str, Finding] = {}
    for snap in responses:
        for f in H.evaluate_cookies(snap):
            cookies.setdefault(f.fingerprint, f)
    out += cookies.values()
    final = hw.https_chain.final
    if final is not None and hw.https_chain.stopped is None and (urlsplit(final.url).hostname
                                                                 or "") == hw.host:
        out += H.evaluate_page(final)
    for judge, snap in hw.probes:
        out += X.evaluate_sensitive(snap, _JUDGES[judge], hw.baseline)
    if hw.baseline is not None:
        out += X.evaluate_error_page(hw.baseline)
    return out


def evaluate_site(site: SiteWeb) -> list[Finding]:
    out: list[Finding] = []
    for kind, snap in site.routes:
        out += H.evaluate_cache(snap, kind)
        if kind == "admin":
            out += X.evaluate_admin(snap, site.baseline)
    for snap in site.cors:
        out += H.evaluate_cors(snap, CORS_PROBE_ORIGIN)
    for snap in site.assets:
        out += H.evaluate_cache(snap, "static")
    for snap in site.source_maps:
        out += X.evaluate_sensitive(snap, X.judge_source_map, site.baseline)
    for snap in site.malformed:
        out += X.evaluate_error_page(snap)
    return out


def dedupe(findings: list[Finding]) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for f in findings:
        seen.setdefault(f.fingerprint, f)
    return list(seen.values())


def policy_of(targets: Targets, s: Settings) -> RedirectPolicy:
    domains = tuple(d for d in (targets.domain, *targets.hosts) if d)
    canonical = targets.canonical_host
    twins: tuple[str, ...] = ()
    if targets.domain:
        twins = tuple(h for h in targets.hosts
                      if h in (targets.domain, f"www.{targets.domain}", canonical))
    return RedirectPolicy(domains=domains, allowed_offsite=s.allowed_redirect_domains,
                          canonical_host=canonical,
                          twins=twins, max_chain=s.max_chain)
