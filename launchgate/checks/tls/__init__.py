"""The ``tls`` check: the certificate each host serves (trust, names, dates, chain) and legacy protocol versions.

Gather: one handshake per host through ``Net.tls_handshake`` (chain as sent, OpenSSL's verdict against the
trust store + ``targets.ca_bundle``) and, unless disabled, TLS 1.0 / 1.1 probes. Evaluate: pure functions of
``TlsHostSnapshot`` with the clock passed in. HSTS is judged by the ``web`` check (it is an HTTP header).
"""

from __future__ import annotations

import asyncio
import ssl
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from cryptography import x509
from cryptography.x509.oid import NameOID

from launchgate.check import Context, Skip
from launchgate.model import Finding, Location, Phase, Rule, Severity
from launchgate.net import Net, NetError, TlsSnapshot
from launchgate.net.targets import Targets

CERT_UNTRUSTED = Rule(
    id="tls.cert-untrusted", title="TLS certificate is not trusted (self-signed or unknown CA)",
    severity=Severity.BLOCKER, why="Browsers show a full-page warning and API clients refuse to connect.",
    fix="Serve a certificate from a public CA (e.g. Let's Encrypt); for a private CA add it to targets.ca_bundle.")
CERT_EXPIRED = Rule(
    id="tls.cert-expired", title="TLS certificate has expired (or is not yet valid)", severity=Severity.BLOCKER,
    why="Every visitor gets a certificate error; most clients refuse to connect.",
    fix="Renew the certificate now and check why auto-renewal did not run.")
CERT_EXPIRING = Rule(
    id="tls.cert-expiring", title="TLS certificate expires soon", severity=Severity.HIGH,
    why="If renewal fails silently the site goes down on the expiry date.",
    fix="Renew the certificate and check auto-renewal.",
    suppress="Lower tls.min_days if your CA renews closer to expiry (Let's Encrypt renews at 30 days left).")
CERT_HOST_MISMATCH = Rule(
    id="tls.cert-host-mismatch", title="TLS certificate does not cover the host name", severity=Severity.BLOCKER,
    why="Clients compare the name they asked for with the certificate's SAN list and refuse a mismatch.",
    fix="Issue the certificate with every served name in its subjectAltName (or a matching wildcard).")
CHAIN_INCOMPLETE = Rule(
    id="tls.chain-incomplete", title="Server does not send the intermediate certificates", severity=Severity.HIGH,
    why="Browsers may patch the chain from cache, but curl, mobile apps and API clients fail to verify it.",
    fix="Serve the full chain file (leaf + intermediates, e.g. fullchain.pem), not the leaf alone.")
LEGACY_PROTOCOL = Rule(
    id="tls.legacy-protocol", title="Server accepts TLS 1.0 or 1.1", severity=Severity.MEDIUM,
    why="TLS 1.0/1.1 are deprecated (RFC 8996), fail PCI DSS and expose downgrade attacks.",
    fix="Allow only TLS 1.2 and 1.3 (nginx: `ssl_protocols TLSv1.2 TLSv1.3;`).")
HANDSHAKE_FAILED = Rule(
    id="tls.handshake-failed", title="TLS handshake failed", severity=Severity.BLOCKER,
    why="No HTTPS client can connect to the host.",
    fix="Check the TLS listener (certificate, key, protocols, ciphers, SNI) of the host named in the message.")

RULES = (CERT_UNTRUSTED, CERT_EXPIRED, CERT_EXPIRING, CERT_HOST_MISMATCH, CHAIN_INCOMPLETE, LEGACY_PROTOCOL,
         HANDSHAKE_FAILED)

SCHEMA: dict[str, dict[str, Any]] = {
    "tls": {
        "type": "object", "additionalProperties": False,
        "description": "Certificates and protocol versions served by targets.hosts (check id `tls`).",
        "properties": {
            "min_days": {"type": "integer", "minimum": 1, "default": 14,
                         "description": "Report a certificate expiring within this many days."},
            "legacy_probe": {"type": "boolean", "default": True,
                             "description": "Try TLS 1.0 and 1.1 handshakes and report a server that accepts them."},
        },
    },
}

LEGACY_VERSIONS: tuple[tuple[str, ssl.TLSVersion], ...] = (("TLS 1.0", ssl.TLSVersion.TLSv1),
                                                          ("TLS 1.1", ssl.TLSVersion.TLSv1_1))
# OpenSSL verify codes (x509_vfy.h)
_V_NOT_YET_VALID, _V_EXPIRED = 9, 10
_V_SELF_SIGNED_LEAF, _V_SELF_SIGNED_IN_CHAIN = 18, 19
_V_MISSING_ISSUER = frozenset({2, 20, 21})


@dataclass(frozen=True, kw_only=True)
class TlsHostSnapshot:
    """One host: its handshake (or the connection error), and which legacy versions it accepted.

    ``legacy`` maps "TLS 1.0" -> True (accepted) / False (refused) / None (this client cannot offer it).
    """

    host: str
    handshake: TlsSnapshot | None = None
    error: str | None = None
    legacy: tuple[tuple[str, bool | None], ...] = ()


def _loc(host: str) -> Location:
    """The URL as the user knows it (targets.ports only remaps where the lab or a staging stack listens)."""
    return Location(url=f"https://{host}/")


def _san(cert: x509.Certificate) -> list[str] | None:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return None
    return list(san.get_values_for_type(x509.DNSName))


def host_matches(host: str, cert: x509.Certificate) -> bool:
    """RFC 6125 matching against the SAN dNSNames (the CN is ignored, as browsers do); one-label wildcards."""
    host = host.lower().rstrip(".")
    for raw in _san(cert) or []:
        name = raw.lower().rstrip(".")
        if name == host:
            return True
        if name.startswith("*.") and "." in host and host.split(".", 1)[1] == name[2:]:
            return True
    return False


def _names(cert: x509.Certificate) -> list[str]:
    san = _san(cert)
    if san is None:
        return [f"CN={a.value!s}" for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    return san


def _subject_cn(name: x509.Name) -> str:
    cns = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(cns[0].value) if cns else name.rfc4514_string()


def evaluate_host(snap: TlsHostSnapshot, *, now: datetime, min_days: int, anchor_subjects: frozenset[bytes]
                  ) -> list[Finding]:
    hs = snap.handshake
    where = _loc(snap.host)
    reason = snap.error or (hs.error if hs is not None else None)
    if reason or hs is None or not hs.chain:
        return [Finding.of(HANDSHAKE_FAILED, f"TLS handshake with {snap.host} failed: {reason or 'no certificate'}",
                           where)]
    out: list[Finding] = []
    chain = [x509.load_der_x509_certificate(der) for der in hs.chain]
    leaf = chain[0]
    out += _dates(leaf, snap.host, now, min_days, where)
    if not host_matches(snap.host, leaf):
        names = ", ".join(_names(leaf)[:6]) or "no names"
        out.append(Finding.of(CERT_HOST_MISMATCH, f"certificate served for {snap.host} covers only {names}", where))
    out += _trust(hs, chain, snap.host, anchor_subjects, where)
    for label, accepted in snap.legacy:
        if accepted:
            out.append(Finding.of(LEGACY_PROTOCOL, f"{snap.host} completes a {label} handshake", where, key=(label,)))
    return out


def _dates(leaf: x509.Certificate, host: str, now: datetime, min_days: int, where: Location) -> list[Finding]:
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    not_after, not_before = leaf.not_valid_after_utc, leaf.not_valid_before_utc
    if now >= not_after:
        days = (now - not_after).days
        return [Finding.of(CERT_EXPIRED, f"certificate for {host} expired on {not_after:%Y-%m-%d} ({days} days ago)",
                           where)]
    if now < not_before:
        return [Finding.of(CERT_EXPIRED, f"certificate for {host} is not valid before {not_before:%Y-%m-%d}",
                           where, key=("not-before",))]
    left = (not_after - now).days
    if left < min_days:
        return [Finding.of(CERT_EXPIRING, f"certificate for {host} expires in {left} days ({not_after:%Y-%m-%d}); "
                                          f"threshold {min_days} days", where)]
    return []


def _trust(hs: TlsSnapshot, chain: list[x509.Certificate], host: str, anchor_subjects: frozenset[bytes],
           where: Location) -> list[Finding]:
    last = chain[-1]
    self_issued = last.issuer.public_bytes() == last.subject.public_bytes()
    issuer_known = self_issued or last.issuer.public_bytes() in anchor_subjects
    code = hs.verify_code
    if code is None:
        if not issuer_known:  # verified only thanks to an intermediate in the local store
            return [Finding.of(CHAIN_INCOMPLETE, f"{host} sends {len(chain)} certificate(s); the issuer "
                                                 f"'{_subject_cn(last.issuer)}' is not sent", where)]
        return []
    if code in (_V_EXPIRED, _V_NOT_YET_VALID):
        return []  # reported from the dates, with the day count
    if code in _V_MISSING_ISSUER and not self_issued and not issuer_known:
        return [Finding.of(CHAIN_INCOMPLETE, f"{host} sends {len(chain)} certificate(s) and the issuer "
                                             f"'{_subject_cn(last.issuer)}' of the last one is neither sent nor a "
                                             "trusted root (or the CA is unknown)", where)]
    what = {_V_SELF_SIGNED_LEAF: "self-signed", _V_SELF_SIGNED_IN_CHAIN: "issued by an untrusted root "
            f"'{_subject_cn(last.subject)}'"}.get(code, hs.verify_error or f"verify error {code}")
    return [Finding.of(CERT_UNTRUSTED, f"certificate for {host} is {what}" if code in
                       (_V_SELF_SIGNED_LEAF, _V_SELF_SIGNED_IN_CHAIN) else
                       f"certificate for {host} does not verify: {what}", where)]


def days_left(snap: TlsHostSnapshot, now: datetime) -> int | None:
    if snap.handshake is None or not snap.handshake.chain:
        return None
    leaf = x509.load_der_x509_certificate(snap.handshake.chain[0])
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    return (leaf.not_valid_after_utc - now).days


def anchor_subjects(anchors: tuple[bytes, ...]) -> frozenset[bytes]:
    out = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # some system roots have non-positive serials; only subjects matter here
        for der in anchors:
            try:
                out.add(x509.load_der_x509_certificate(der).subject.public_bytes())
            except ValueError:
                continue
    return frozenset(out)


async def gather_host(net: Net, host: str, legacy_probe: bool) -> TlsHostSnapshot | None:
    """None when the host does not resolve (the dns and web checks report that)."""
    try:
        hs = await net.tls_handshake(host)
    except NetError as exc:
        if exc.kind == "dns":
            return None
        return TlsHostSnapshot(host=host, error=str(exc))
    legacy: list[tuple[str, bool | None]] = []
    if legacy_probe and hs.error is None:
        for label, version in LEGACY_VERSIONS:
            try:
                legacy.append((label, await net.tls_accepts(host, version)))
            except NetError:
                legacy.append((label, False))
    return TlsHostSnapshot(host=host, handshake=hs, legacy=tuple(legacy))


class TlsCheck:
    """Check id ``tls``."""

    id: ClassVar[str] = "tls"
    phase: ClassVar[Phase] = Phase.POST
    rules: ClassVar[tuple[Rule, ...]] = RULES
    schema: ClassVar[Mapping[str, Mapping[str, Any]]] = SCHEMA
    timeout_s: ClassVar[float] = 60.0
    exclusive: ClassVar[bool] = False

    async def run(self, ctx: Context) -> list[Finding]:
        targets = Targets.of(ctx.config)
        if not targets.hosts:
            raise Skip("no targets.hosts configured")
        settings = ctx.section("tls")
        min_days = int(settings.get("min_days", 14))
        snaps = await asyncio.gather(*(gather_host(ctx.net, h, bool(settings.get("legacy_probe", True)))
                                       for h in targets.hosts))
        anchors = anchor_subjects(ctx.net.trust_anchors())
        now = ctx.now()
        findings: list[Finding] = []
        for snap in snaps:
            if snap is None:
                continue
            findings += evaluate_host(snap, now=now, min_days=min_days, anchor_subjects=anchors)
            left = days_left(snap, now)
            if left is not None:
                ctx.record(f"tls.days_left.{snap.host}", left)
            unknown = [label for label, accepted in snap.legacy if accepted is None]
            if unknown:
                ctx.record(f"tls.legacy_untested.{snap.host}", ", ".join(unknown))
        return ctx.anchored(findings, "targets.hosts")
