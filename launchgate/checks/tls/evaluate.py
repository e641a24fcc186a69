"""Pure evaluation of a ``TlsHostSnapshot`` with the clock passed in: dates, names, trust and chain,
legacy protocol versions. HSTS is judged by the ``web`` check (it is an HTTP header)."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime

from cryptography import x509
from cryptography.x509.oid import NameOID

from launchgate.checks.tls.gather import TlsHostSnapshot
from launchgate.checks.tls.rules import (
    CERT_EXPIRED,
    CERT_EXPIRING,
    CERT_HOST_MISMATCH,
    CERT_UNTRUSTED,
    CHAIN_INCOMPLETE,
    HANDSHAKE_FAILED,
    LEGACY_PROTOCOL,
)
from launchgate.model import Finding, Location
from launchgate.net import TlsSnapshot

# OpenSSL verify codes (x509_vfy.h)
_V_NOT_YET_VALID, _V_EXPIRED = 9, 10
_V_SELF_SIGNED_LEAF, _V_SELF_SIGNED_IN_CHAIN = 18, 19
_V_MISSING_ISSUER = frozenset({2, 20, 21})



def _loc(host: str) -> Location:
    """The URL as the user knows it (targets.ports only remaps where the lab or a staging stack
    listens)."""
    return Location(url=f"https://{host}/")


def _san(cert: x509.Certificate) -> list[str] | None:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return None
    return list(san.get_values_for_type(x509.DNSName))


def host_matches(host: str, cert: x509.Certificate) -> bool:
    """RFC 6125 matching against the SAN dNSNames (the CN is ignored, as browsers do); one-label
    wildcards."""
    host = host.lower().rstrip(".")
    for raw in _san(cert) or []:
        name = raw.lower().rstrip(".")
        if name == host:
            return True
        if name.startswith("*.") and "." in host and host.split(".", 1)[1] == name[2:]:
            return True
    return False


def names_of(cert: x509.Certificate) -> list[str]:
    """The names a certificate covers: its SAN dNSNames, else its subject CN (as ``CN=...``)."""
    san = _san(cert)
    if san is None:
        return [f"CN={a.value!s}" for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    return san


def _subject_cn(name: x509.Name) -> str:
    cns = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(cns[0].value) if cns else name.rfc4514_string()


def evaluate_host(snap: TlsHostSnapshot, *, now: datetime, min_days: int,
                  anchor_subjects: frozenset[bytes]
                  ) -> list[Finding]:
    hs = snap.handshake
    where = _loc(snap.host)
    reason = snap.error or (hs.error if hs is not None else None)
    if reason or hs is None or not hs.chain:
        return [Finding.of(HANDSHAKE_FAILED, f"TLS handshake with {snap.host} failed: "
                           f"{reason or 'no certificate'}",
                           where)]
    out: list[Finding] = []
    chain = [x509.load_der_x509_certificate(der) for der in hs.chain]
    leaf = chain[0]
    out += _dates(leaf, snap.host, now, min_days, where)
    if not host_matches(snap.host, leaf):
        names = ", ".join(names_of(leaf)[:6]) or "no names"
        out.append(Finding.of(CERT_HOST_MISMATCH, f"certificate served for {snap.host} covers "
                              f"only {names}", where))
    out += _trust(hs, chain, snap.host, anchor_subjects, where)
    for label, accepted in snap.legacy:
        if accepted:
            out.append(Finding.of(LEGACY_PROTOCOL, f"{snap.host} completes a {label} handshake",
                                  where, key=(label,)))
    return out


def _dates(leaf: x509.Certificate, host: str, now: datetime, min_days: int,
           where: Location) -> list[Finding]:
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    not_after, not_before = leaf.not_valid_after_utc, leaf.not_valid_before_utc
    if now >= not_after:
        days = (now - not_after).days
        return [Finding.of(CERT_EXPIRED, f"certificate for {host} expired on {not_after:%Y-%m-%d} "
                           f"({days} days ago)",
                           where)]
    if now < not_before:
        return [Finding.of(CERT_EXPIRED, f"certificate for {host} is not valid before "
                           f"{not_before:%Y-%m-%d}",
                           where, key=("not-before",))]
    left = (not_after - now).days
    if left < min_days:
        return [Finding.of(CERT_EXPIRING, f"certificate for {host} expires in {left} days "
                           f"({not_after:%Y-%m-%d}); threshold {min_days} days", where)]
    return []


def _trust(hs: TlsSnapshot, chain: list[x509.Certificate], host: str,
           anchor_subjects: frozenset[bytes],
           where: Location) -> list[Finding]:
    last = chain[-1]
    self_issued = last.issuer.public_bytes() == last.subject.public_bytes()
    issuer_known = self_issued or last.issuer.public_bytes() in anchor_subjects
    code = hs.verify_code
    if code is None:
        if not issuer_known:  # verified only thanks to an intermediate in the local store
            return [Finding.of(CHAIN_INCOMPLETE, f"{host} sends {len(chain)} certificate(s); the "
                               f"issuer '{_subject_cn(last.issuer)}' is not sent", where)]
        return []
    if code in (_V_EXPIRED, _V_NOT_YET_VALID):
        return []  # reported from the dates, with the day count
    if code in _V_MISSING_ISSUER and not self_issued and not issuer_known:
        return [Finding.of(CHAIN_INCOMPLETE, f"{host} sends {len(chain)} certificate(s) and the "
                           f"issuer '{_subject_cn(last.issuer)}' of the last "
                           "one is neither sent nor a trusted root (or the CA " "is unknown)",
                           where)]
    what = {_V_SELF_SIGNED_LEAF: "self-signed",
            _V_SELF_SIGNED_IN_CHAIN: "issued by an untrusted root "
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
        # some system roots have non-positive serials; only subjects matter here
        warnings.simplefilter("ignore")
        for der in anchors:
            try:
                out.add(x509.load_der_x509_certificate(der).subject.public_bytes())
            except ValueError:
                continue
    return frozenset(out)
