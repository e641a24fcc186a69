"""What the live checks (dns, email, tls, web) share about their targets: reading ``targets``,
domain arithmetic (the organisational domain from the Public Suffix List).

Nothing here does I/O; the checks gather through ``ctx.net`` and evaluate with pure functions.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList


@dataclass(frozen=True, kw_only=True)
class Targets:
    """The ``targets`` section as the live checks read it."""

    domain: str | None
    canonical: str | None  # https://example.com (scheme + host, maybe a path)
    hosts: tuple[str, ...]
    subdomains: tuple[str, ...] = ()  # full names, not those in hosts (checked where they exist)
    origin: str | None = None  # the origin's address behind the edge
    expect: tuple[Expectation, ...] = ()

    @property
    def canonical_host(self) -> str | None:
        if not self.canonical:
            return self.domain
        return (urlsplit(self.canonical).hostname or "").lower() or self.domain

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> Targets:
        t = config.get("targets") or {}
        domain = (t.get("domain") or "").strip().rstrip(".").lower() or None
        canonical = (t.get("canonical") or "").strip() or None
        hosts = [h.strip().rstrip(".").lower() for h in t.get("hosts") or [] if h and h.strip()]
        if not hosts:
            for h in (urlsplit(canonical).hostname if canonical else None, domain):
                if h:
                    hosts.append(h.lower())
        uniq = tuple(dict.fromkeys(hosts))
        subs = [name_of(n, domain) for n in t.get("subdomains") or []]
        return cls(domain=domain, canonical=canonical, hosts=uniq,
                   subdomains=tuple(n for n in dict.fromkeys(subs) if n and n not in uniq),
                   origin=(t.get("origin") or "").strip().strip("[]") or None,
                   expect=_expectations(t.get("expect") or {}, domain))


@dataclass(frozen=True, kw_only=True)
class Expectation:
    """``targets.expect``: what one host must point at (a CNAME target, and/or its A/AAAA set)."""

    host: str
    cname: str | None = None
    a: tuple[str, ...] = ()
    aaaa: tuple[str, ...] = ()

    @classmethod
    def of(cls, host: str, spec: Mapping[str, Any]) -> Expectation:
        cname = str(spec.get("cname") or "").strip().rstrip(".").lower() or None
        return cls(host=host, cname=cname, a=tuple(sorted({str(x) for x in spec.get("a") or []})),
                   aaaa=tuple(sorted({_v6(str(x)) for x in spec.get("aaaa") or []})))


def _expectations(spec: Mapping[str, Any], domain: str | None) -> tuple[Expectation, ...]:
    out: list[Expectation] = []
    for key, value in spec.items():
        host = name_of(key, domain)
        if host is not None:
            out.append(Expectation.of(host, value))
    return tuple(out)


def _v6(text: str) -> str:
    try:
        return str(ipaddress.IPv6Address(text))
    except ValueError:
        return text.lower()


def name_of(key: str, domain: str | None) -> str | None:
    """A ``targets.subdomains``/``expect`` key as a full name: ``api`` -> api.<domain>, ``@`` ->
    the domain, a dotted name as it is; None for a label when there is no domain to put it under."""
    key = key.strip().rstrip(".").lower()
    if key == "@":
        return domain
    if "." in key:
        return key
    return f"{key}.{domain}" if domain else None


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    # the list as the publicsuffixlist wheel ships it (offline, dated in the package version), ICANN
    # and private
    # sections both: me.github.io and you.github.io are different organisations, as browsers treat
    # them
    return PublicSuffixList()


def public_suffix(host: str) -> str:
    """The public suffix of ``host`` by the Public Suffix List (``co.uk``, ``github.io``; the TLD
    when unlisted)."""
    name = host.lower().rstrip(".")
    return str(_psl().publicsuffix(name) or name)


def org_domain(host: str) -> str:
    """The organisational (registrable) domain: the public suffix plus one label (RFC 7489 §3.2); a
    host that is itself a public suffix is its own."""
    name = host.lower().rstrip(".")
    return str(_psl().privatesuffix(name) or name)


def within(host: str, domains: Iterable[str]) -> bool:
    """``host`` is one of ``domains`` or below one of them."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d)
               for d in (d.lower().rstrip(".") for d in domains if d))
