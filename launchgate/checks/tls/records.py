"""What the handover pack needs to know of a host's certificate, as figures (public data, nothing to
mask).

``tls.issuer.<host>``: who issued the leaf (its issuer's organisation, else common name);
``tls.names.<host>``: the DNS names it covers (SANs); ``tls.not_after.<host>``: the day it expires
(UTC)."""

from __future__ import annotations

from cryptography import x509
from cryptography.x509.oid import NameOID

from launchgate.checks.tls.evaluate import names_of
from launchgate.checks.tls.gather import TlsHostSnapshot


def _issuer(cert: x509.Certificate) -> str:
    for oid in (NameOID.ORGANIZATION_NAME, NameOID.COMMON_NAME):
        found = cert.issuer.get_attributes_for_oid(oid)
        if found:
            return str(found[0].value)
    return cert.issuer.rfc4514_string() or "-"


def certificate_figures(snap: TlsHostSnapshot) -> dict[str, str]:
    """The leaf's issuer, names and expiry date; nothing when the handshake gave no certificate."""
    hs = snap.handshake
    if hs is None or not hs.chain:
        return {}
    try:
        leaf = x509.load_der_x509_certificate(hs.chain[0])
    except ValueError:
        return {}
    return {
        f"tls.issuer.{snap.host}": _issuer(leaf),
        f"tls.names.{snap.host}": ", ".join(names_of(leaf)),
        f"tls.not_after.{snap.host}": leaf.not_valid_after_utc.date().isoformat(),
    }
