"""What the ``dns`` check gathers: CNAME chains and A/AAAA for every host (through
``targets.nameservers`` when set), CAA climbing from each host to the domain, and the issuer of the
certificate the canonical host serves."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509

from launchgate.checks.dns.schema import Settings
from launchgate.net import DnsAnswer, Net, NetError
from launchgate.net.targets import Targets, within

# CA names (as found in the issuer's O or CN) -> the domain CAs recognise in CAA `issue` records.
KNOWN_CAS: Mapping[str, str] = {
    "let's encrypt": "letsencrypt.org", "digicert": "digicert.com",
    "google trust services": "pki.goog",
    "sectigo": "sectigo.com", "zerossl": "sectigo.com", "comodo": "sectigo.com",
    "globalsign": "globalsign.com",
    "amazon": "amazon.com", "godaddy": "godaddy.com", "buypass": "buypass.com",
    "entrust": "entrust.net",
    "microsoft": "microsoft.com", "ssl.com": "ssl.com",
}

@dataclass(frozen=True, kw_only=True)
class HostRecords:
    """What one name resolves to: the CNAME chain followed, then A and AAAA of the last name."""

    host: str
    cnames: tuple[str, ...] = ()
    failures: tuple[DnsAnswer, ...] = ()  # answers that were neither yes nor no
    a: DnsAnswer | None = None
    aaaa: DnsAnswer | None = None

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(r for ans in (self.a, self.aaaa) if ans is not None for r in ans.records)


@dataclass(frozen=True, kw_only=True)
class CaaSet:
    """The relevant CAA RRset for a host (RFC 8659 climbing): where it was found and its (tag,
    value) pairs."""

    host: str
    owner: str | None = None
    records: tuple[tuple[str, str], ...] = ()
    failure: DnsAnswer | None = None


@dataclass(frozen=True, kw_only=True)
class DnsSnapshot:
    domain: str | None
    hosts: tuple[HostRecords, ...]
    apex: HostRecords | None = None
    www: HostRecords | None = None
    caa: tuple[CaaSet, ...] = ()
    issuer: str | None = None  # issuer O/CN of the certificate served by the canonical host
    issuer_caa: str | None = None  # the CAA domain of that CA, when known
    subdomains: tuple[HostRecords, ...] = ()  # app., api., ... of the domain: which the product has
    extra: Mapping[str, Any] = field(default_factory=dict)


def issuer_identity(cert_der: bytes, extra: Mapping[str, str]) -> tuple[str | None, str | None]:
    """(issuer name, CAA domain) of a certificate; the CAA domain is None when the CA is not
    known."""
    cert = x509.load_der_x509_certificate(cert_der)
    names = [str(a.value) for oid in (x509.NameOID.ORGANIZATION_NAME, x509.NameOID.COMMON_NAME)
             for a in cert.issuer.get_attributes_for_oid(oid)]
    label = names[0] if names else cert.issuer.rfc4514_string()
    table = {**{k.lower(): v for k, v in extra.items()},
             **{k: v for k, v in KNOWN_CAS.items() if k not in extra}}
    for name in names:
        for needle, caa in table.items():
            if needle.lower() in name.lower():
                return label, caa
    return label, None


async def gather_host(net: Net, host: str, lifetime: float) -> HostRecords:
    cnames: list[str] = []
    name = host
    for _ in range(8):  # CNAME chains longer than this are broken anyway
        ans = await net.lookup(name, "CNAME", lifetime_s=lifetime)
        if ans.failed:
            return HostRecords(host=host, cnames=tuple(cnames), failures=(ans,))
        if ans.status != "ok":
            break
        name = ans.records[0].rstrip(".").lower()
        cnames.append(name)
    a = await net.lookup(name, "A", lifetime_s=lifetime)
    aaaa = await net.lookup(name, "AAAA", lifetime_s=lifetime)
    failures = tuple(x for x in (a, aaaa) if x.failed)
    return HostRecords(host=host, cnames=tuple(cnames), failures=failures, a=a, aaaa=aaaa)


async def gather_caa(net: Net, host: str, domain: str, lifetime: float,
                     cache: dict[str, DnsAnswer]) -> CaaSet:
    name = host
    while True:
        if name not in cache:
            cache[name] = await net.lookup(name, "CAA", lifetime_s=lifetime)
        ans = cache[name]
        if ans.failed:
            return CaaSet(host=host, failure=ans)
        if ans.records:
            return CaaSet(host=host, owner=name, records=tuple(_parse_caa(r) for r in ans.records))
        if name == domain or "." not in name or not within(name, [domain]):
            return CaaSet(host=host)
        name = name.split(".", 1)[1]


def _parse_caa(text: str) -> tuple[str, str]:
    parts = text.split(None, 2)  # flags tag "value"
    if len(parts) < 3:
        return ("", text)
    return parts[1].lower(), parts[2].strip().strip('"')


async def gather(net: Net, targets: Targets, s: Settings) -> DnsSnapshot:
    names = list(targets.hosts)
    apex = www = None
    if targets.domain and s.check_www:
        names += [n for n in (targets.domain, f"www.{targets.domain}") if n not in names]
    got = await asyncio.gather(*(gather_host(net, n, s.lifetime_s) for n in names))
    records = dict(zip(names, got, strict=True))
    if targets.domain and s.check_www:
        apex, www = records[targets.domain], records[f"www.{targets.domain}"]
    caa: list[CaaSet] = []
    issuer = issuer_caa = None
    if targets.domain:
        cache: dict[str, DnsAnswer] = {}
        for h in targets.hosts:
            if within(h, [targets.domain]):
                caa.append(await gather_caa(net, h, targets.domain, s.lifetime_s, cache))
        host = targets.canonical_host or targets.domain
        if records.get(host) is None or records[host].addresses:
            issuer, issuer_caa = await gather_issuer(net, host, s)
    hosts = tuple(records[n] for n in targets.hosts)
    subs = await gather_subdomains(net, targets.domain, s.lifetime_s) if targets.domain else ()
    return DnsSnapshot(domain=targets.domain, hosts=hosts, apex=apex, www=www, caa=tuple(caa),
                       issuer=issuer,
                       issuer_caa=issuer_caa, subdomains=subs)


PRODUCT_SUBDOMAINS = ("app", "api", "admin", "auth", "docs")  # what a web product usually runs on


async def gather_subdomains(net: Net, domain: str, lifetime: float) -> tuple[HostRecords, ...]:
    """The product's usual subdomains of ``domain``, looked up (the handover pack lists them)."""
    names = [f"{sub}.{domain}" for sub in PRODUCT_SUBDOMAINS]
    return tuple(await asyncio.gather(*(gather_host(net, n, lifetime) for n in names)))


async def gather_issuer(net: Net, host: str, s: Settings) -> tuple[str | None, str | None]:
    """(issuer name, CAA domain) of the certificate ``host`` serves; (None, None) without a
    handshake."""
    try:
        tls = await net.tls_handshake(host, deadline_s=s.lifetime_s)
    except NetError:
        return None, None
    if not tls.chain:
        return None, None
    return issuer_identity(tls.chain[0], s.caa_identities)
