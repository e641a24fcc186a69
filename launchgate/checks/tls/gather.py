"""What the ``tls`` check gathers: one handshake per host through ``Net.tls_handshake`` (the chain
as sent, OpenSSL's verdict against the trust store + ``targets.ca_bundle``) and, unless disabled,
TLS 1.0 / 1.1 probes."""

from __future__ import annotations

import ssl
from dataclasses import dataclass

from launchgate.net import Net, NetError, TlsSnapshot

LEGACY_VERSIONS: tuple[tuple[str, ssl.TLSVersion], ...] = (("TLS 1.0", ssl.TLSVersion.TLSv1),
                                                          ("TLS 1.1", ssl.TLSVersion.TLSv1_1))

@dataclass(frozen=True, kw_only=True)
class TlsHostSnapshot:
    """One host: its handshake (or the connection error), and which legacy versions it accepted.

    ``legacy`` maps "TLS 1.0" -> True (accepted) / False (refused) / None (this client cannot offer
    it).
    """

    host: str
    handshake: TlsSnapshot | None = None
    error: str | None = None
    legacy: tuple[tuple[str, bool | None], ...] = ()


async def gather_host(net: Net, host: str, legacy_probe: bool, *, optional: bool = False
                      ) -> TlsHostSnapshot | None:
    """None when the host does not resolve (the dns and web checks report that), and for an
    ``optional`` host (a subdomain found in DNS) when nothing listens on its HTTPS port."""
    try:
        hs = await net.tls_handshake(host)
    except NetError as exc:
        if exc.kind == "dns" or (optional and exc.kind in ("connect", "timeout")):
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
