"""The rules of the ``tls`` check: trust, names, dates and chain of the served certificate, legacy
protocols."""

from __future__ import annotations

from launchgate.model import Rule, Severity

CERT_UNTRUSTED = Rule(
    id="tls.cert-untrusted", title="TLS certificate is not trusted (self-signed or unknown CA)",
    severity=Severity.BLOCKER, why="Browsers show a full-page warning and API clients refuse to "
    "connect.",
    fix="Serve a certificate from a public CA (e.g. Let's Encrypt); for a private CA add it to "
    "targets.ca_bundle.")
CERT_EXPIRED = Rule(
    id="tls.cert-expired", title="TLS certificate has expired (or is not yet valid)",
    severity=Severity.BLOCKER,
    why="Every visitor gets a certificate error; most clients refuse to connect.",
    fix="Renew the certificate now and check why auto-renewal did not run.")
CERT_EXPIRING = Rule(
    id="tls.cert-expiring", title="TLS certificate expires soon", severity=Severity.HIGH,
    why="If renewal fails silently the site goes down on the expiry date.",
    fix="Renew the certificate and check auto-renewal.",
    suppress="Lower tls.min_days if your CA renews closer to expiry (Let's Encrypt renews at 30 "
    "days left).")
CERT_HOST_MISMATCH = Rule(
    id="tls.cert-host-mismatch", title="TLS certificate does not cover the host name",
    severity=Severity.BLOCKER,
    why="Clients compare the name they asked for with the certificate's SAN list and refuse a "
    "mismatch.",
    fix="Issue the certificate with every served name in its subjectAltName (or a matching "
    "wildcard).")
CHAIN_INCOMPLETE = Rule(
    id="tls.chain-incomplete", title="Server does not send the intermediate certificates",
    severity=Severity.HIGH,
    why="Browsers may patch the chain from cache, but curl, mobile apps and API clients fail to "
    "verify it.",
    fix="Serve the full chain file (leaf + intermediates, e.g. fullchain.pem), not the leaf alone.")
LEGACY_PROTOCOL = Rule(
    id="tls.legacy-protocol", title="Server accepts TLS 1.0 or 1.1", severity=Severity.MEDIUM,
    why="TLS 1.0/1.1 are deprecated (RFC 8996), fail PCI DSS and expose downgrade attacks.",
    fix="Allow only TLS 1.2 and 1.3 (nginx: `ssl_protocols TLSv1.2 TLSv1.3;`).")
HANDSHAKE_FAILED = Rule(
    id="tls.handshake-failed", title="TLS handshake failed", severity=Severity.BLOCKER,
    why="No HTTPS client can connect to the host.",
    fix="Check the TLS listener (certificate, key, protocols, ciphers, SNI) of the host named in "
    "the message.")

RULES = (CERT_UNTRUSTED, CERT_EXPIRED, CERT_EXPIRING, CERT_HOST_MISMATCH, CHAIN_INCOMPLETE,
         LEGACY_PROTOCOL,
         HANDSHAKE_FAILED)
