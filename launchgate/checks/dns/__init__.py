"""The ``dns`` check: every configured host resolves, no dangling CNAME, apex and www, CAA.

Gather: CNAME chains and A/AAAA for every host (through ``targets.nameservers`` when set), CAA climbing from
each host to the domain, and the issuer of the certificate the canonical host serves. Evaluate: pure functions
of a ``DnsSnapshot``. Email records (MX, SPF, DKIM, DMARC) are the ``email`` check's (email.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from cryptography import x509

from launchgate.check import Context, Skip
from launchgate.model import Finding, Location, Phase, Rule, Severity
from launchgate.net import DnsAnswer, Net, NetError
from launchgate.net.targets import Targets, within

HOST_UNRESOLVED = Rule(
    id="dns.host-unresolved", title="Host does not resolve", severity=Severity.HIGH,
    why="Visitors, API clients and certificate renewals cannot reach a name without an address record.",
    fix="Add an A/AAAA (or CNAME) record for the host, or remove it from targets.hosts.")
DANGLING_CNAME = Rule(
    id="dns.dangling-cname", title="CNAME points at a name that does not resolve", severity=Severity.HIGH,
    why="A CNAME to a deleted app, bucket or CDN endpoint lets whoever claims that name serve your subdomain "
        "(subdomain takeover).",
    fix="Delete the CNAME, or point it at a live target you control.")
WWW_MISSING = Rule(
    id="dns.www-missing", title="Apex or www name does not resolve", severity=Severity.MEDIUM,
    why="People type both example.com and www.example.com; one of them failing looks like an outage.",
    fix="Publish both names and redirect one to the canonical host.",
    suppress="Set dns.check_www: false when one of the names is deliberately unused.")
CAA_MISSING = Rule(
    id="dns.caa-missing", title="No CAA record", severity=Severity.LOW,
    why="Without CAA any certificate authority may issue certificates for the domain.",
    fix='Publish CAA records naming your CA, e.g. `example.com. CAA 0 issue "letsencrypt.org"`.',
    suppress="Set dns.require_caa: false to accept any CA.")
CAA_FORBIDS_ISSUER = Rule(
    id="dns.caa-forbids-issuer", title="CAA does not allow the CA that issued the served certificate",
    severity=Severity.HIGH,
    why="The next renewal at that CA will be refused, and the site will go down when the certificate expires.",
    fix="Add a CAA `issue` record for the CA you use, or switch to a CA the CAA records allow.")

# Declared here because both the dns records and the email records can meet a failing nameserver (the email
# check lists it among its rules too).
LOOKUP_FAILED = Rule(
    id="dns.lookup-failed", title="DNS lookup failed (SERVFAIL, REFUSED or timeout)", severity=Severity.HIGH,
    why="A failing nameserver is not an absent record: resolvers will fail for users too (broken DNSSEC, lame "
        "delegation, unreachable server).",
    fix="Check the nameservers of the zone (delegation, DNSSEC signatures, reachability) and the failing record.")

RULES = (HOST_UNRESOLVED, DANGLING_CNAME, WWW_MISSING, CAA_MISSING, CAA_FORBIDS_ISSUER, LOOKUP_FAILED)

# CA names (as found in the issuer's O or CN) -> the domain CAs recognise in CAA `issue` records.
KNOWN_CAS: Mapping[str, str] = {
    "let's encrypt": "letsencrypt.org", "digicert": "digicert.com", "google trust services": "pki.goog",
    "sectigo": "sectigo.com", "zerossl": "sectigo.com", "comodo": "sectigo.com", "globalsign": "globalsign.com",
    "amazon": "amazon.com", "godaddy": "godaddy.com", "buypass": "buypass.com", "entrust": "entrust.net",
    "microsoft": "microsoft.com", "ssl.com": "ssl.com",
}

SCHEMA: dict[str, dict[str, Any]] = {
    "dns": {
        "type": "object", "additionalProperties": False,
        "description": "DNS records of targets.domain and targets.hosts (check id `dns`).",
        "properties": {
            "check_www": {"type": "boolean", "default": True,
                          "description": "Require both the apex (targets.domain) and www.<domain> to resolve."},
            "require_caa": {"type": "boolean", "default": True, "description": "Report a domain without CAA."},
            "caa_identities": {
                "type": "object", "default": {}, "additionalProperties": {"type": "string"},
                "description": "Extra CA names -> CAA domain, e.g. {\"My Corp CA\": \"ca.example.com\"}; a name "
                               "is matched (case-insensitive substring) against the issuer's O and CN."},
            "lifetime_s": {"type": "number", "default": 5, "exclusiveMinimum": 0, "maximum": 60,
                           "description": "Total time allowed for one DNS query, retries included."},
        },
    },
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
    """The relevant CAA RRset for a host (RFC 8659 climbing): where it was found and its (tag, value) pairs."""

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
    extra: Mapping[str, Any] = field(default_factory=dict)


# -- evaluation ------------------------------------------------------------------------------------------
def _loc(name: str) -> Location:
    return Location(url=f"dns:{name}")


def evaluate_host(rec: HostRecords) -> list[Finding]:
    out: list[Finding] = []
    for ans in rec.failures:
        out.append(Finding.of(LOOKUP_FAILED, f"{ans.name} {ans.rdtype}: {ans.describe()}", _loc(rec.host),
                              key=(ans.name, ans.rdtype)))
    if rec.failures or rec.addresses:
        return out
    if rec.cnames:
        target = rec.cnames[-1]
        why = rec.a.describe() if rec.a is not None else "has no address"
        out.append(Finding.of(DANGLING_CNAME, f"{rec.host} is a CNAME to {target}, which {why}", _loc(rec.host),
                              key=(target,)))
    else:
        why = rec.a.describe() if rec.a is not None and rec.a.status == "nxdomain" else "has no A or AAAA record"
        out.append(Finding.of(HOST_UNRESOLVED, f"{rec.host} {why}", _loc(rec.host)))
    return out


def evaluate_www(domain: str, apex: HostRecords, www: HostRecords) -> list[Finding]:
    if apex.failures or www.failures:
        return []  # reported as lookup failures
    if apex.addresses and not www.addresses:
        return [Finding.of(WWW_MISSING, f"www.{domain} does not resolve while {domain} does", _loc(www.host))]
    if www.addresses and not apex.addresses:
        return [Finding.of(WWW_MISSING, f"{domain} (the apex) does not resolve while www.{domain} does",
                           _loc(apex.host))]
    return []


def evaluate_caa(domain: str, sets: tuple[CaaSet, ...], *, require: bool, issuer: str | None,
                 issuer_caa: str | None) -> list[Finding]:
    out: list[Finding] = []
    for s in sets:
        if s.failure is not None:
            out.append(Finding.of(LOOKUP_FAILED, f"{s.failure.name} CAA: {s.failure.describe()}", _loc(s.host),
                                  key=(s.failure.name, "CAA")))
    bare = sorted({s.host for s in sets if s.failure is None and s.owner is None})
    if require and bare:
        out.append(Finding.of(CAA_MISSING, f"no CAA record for {', '.join(bare)} (nor any parent up to {domain}): "
                                           "any CA may issue certificates", _loc(domain), key=tuple(bare)))
    if issuer and issuer_caa:
        for owner in sorted({s.owner for s in sets if s.owner}):
            records = next(s.records for s in sets if s.owner == owner)
            issue = [v for t, v in records if t == "issue"]
            if not issue:
                continue
            allowed = {v.split(";", 1)[0].strip().lower() for v in issue}
            if issuer_caa.lower() not in allowed:
                shown = ", ".join(sorted(a or '";"' for a in allowed))
                out.append(Finding.of(
                    CAA_FORBIDS_ISSUER, f"CAA at {owner} allows only {shown}; the served certificate was issued by "
                                        f"{issuer} ({issuer_caa})", _loc(owner), key=(issuer_caa,)))
    return out


def evaluate(snap: DnsSnapshot, settings: Mapping[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    for rec in snap.hosts:
        out += evaluate_host(rec)
    if settings.get("check_www", True) and snap.domain and snap.apex is not None and snap.www is not None:
        out += evaluate_www(snap.domain, snap.apex, snap.www)
    if snap.domain:
        out += evaluate_caa(snap.domain, snap.caa, require=bool(settings.get("require_caa", True)),
                            issuer=snap.issuer, issuer_caa=snap.issuer_caa)
    return _dedupe(out)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for f in findings:
        seen.setdefault(f.fingerprint, f)
    return list(seen.values())


def issuer_identity(cert_der: bytes, extra: Mapping[str, str]) -> tuple[str | None, str | None]:
    """(issuer name, CAA domain) of a certificate; the CAA domain is None when the CA is not known."""
    cert = x509.load_der_x509_certificate(cert_der)
    names = [str(a.value) for oid in (x509.NameOID.ORGANIZATION_NAME, x509.NameOID.COMMON_NAME)
             for a in cert.issuer.get_attributes_for_oid(oid)]
    label = names[0] if names else cert.issuer.rfc4514_string()
    table = {**{k.lower(): v for k, v in extra.items()}, **{k: v for k, v in KNOWN_CAS.items() if k not in extra}}
    for name in names:
        for needle, caa in table.items():
            if needle.lower() in name.lower():
                return label, caa
    return label, None


# -- gathering -------------------------------------------------------------------------------------------
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


async def gather_caa(net: Net, host: str, domain: str, lifetime: float, cache: dict[str, DnsAnswer]) -> CaaSet:
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


class DnsCheck:
    """Check id ``dns``: host records (A/AAAA/CNAME), apex and www, CAA."""

    id: ClassVar[str] = "dns"
    phase: ClassVar[Phase] = Phase.POST
    rules: ClassVar[tuple[Rule, ...]] = RULES
    schema: ClassVar[Mapping[str, Mapping[str, Any]]] = SCHEMA
    timeout_s: ClassVar[float] = 60.0
    exclusive: ClassVar[bool] = False

    async def run(self, ctx: Context) -> list[Finding]:
        targets = Targets.of(ctx.config)
        if not targets.hosts and not targets.domain:
            raise Skip("no targets.domain or targets.hosts configured")
        settings = ctx.section("dns")
        lifetime = float(settings.get("lifetime_s", 5))
        snap = await gather(ctx.net, targets, settings, lifetime)
        ctx.record("dns.hosts", len(snap.hosts))
        return ctx.anchored(evaluate(snap, settings), "targets.hosts")


async def gather(net: Net, targets: Targets, settings: Mapping[str, Any], lifetime: float) -> DnsSnapshot:
    names = list(targets.hosts)
    apex = www = None
    if targets.domain and settings.get("check_www", True):
        names += [n for n in (targets.domain, f"www.{targets.domain}") if n not in names]
    got = await asyncio.gather(*(gather_host(net, n, lifetime) for n in names))
    records = dict(zip(names, got, strict=True))
    if targets.domain and settings.get("check_www", True):
        apex, www = records[targets.domain], records[f"www.{targets.domain}"]
    caa: list[CaaSet] = []
    issuer = issuer_caa = None
    if targets.domain:
        cache: dict[str, DnsAnswer] = {}
        for h in targets.hosts:
            if within(h, [targets.domain]):
                caa.append(await gather_caa(net, h, targets.domain, lifetime, cache))
        host = targets.canonical_host or targets.domain
        if records.get(host) is None or records[host].addresses:
            try:
                tls = await net.tls_handshake(host, deadline_s=lifetime)
            except NetError:
                tls = None
            if tls is not None and tls.chain:
                issuer, issuer_caa = issuer_identity(tls.chain[0], settings.get("caa_identities") or {})
    hosts = tuple(records[n] for n in targets.hosts)
    return DnsSnapshot(domain=targets.domain, hosts=hosts, apex=apex, www=www, caa=tuple(caa), issuer=issuer,
                       issuer_caa=issuer_caa)
