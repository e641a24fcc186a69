"""TLS as data: a handshake snapshot (chain as sent, negotiated version and cipher) and the chain
accessor."""

from __future__ import annotations

import _ssl
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, kw_only=True)
class TlsSnapshot:
    """A handshake as the TLS check needs it: the chain as sent (DER, leaf first) and what was
    negotiated.

    ``verify_code``/``verify_error``: OpenSSL's verdict against the trust store + ``ca_bundle``
    (None: the chain validated; hostnames are not part of it). ``error``: the handshake itself
    failed.
    """

    host: str
    port: int
    address: str
    chain: tuple[bytes, ...] = ()
    version: str | None = None
    cipher: str | None = None
    verify_code: int | None = None
    verify_error: str | None = None
    error: str | None = None


def peer_chain(obj: Any) -> tuple[bytes, ...]:
    """The certificates the server sent, leaf first (CPython's private accessor before 3.13's public
    one)."""
    if obj is None:
        return ()
    getter = getattr(obj, "get_unverified_chain", None) or getattr(getattr(obj, "_sslobj", None),
                                                                   "get_unverified_chain", None)
    if getter is not None:
        chain = getter() or []
        out = []
        for c in chain:
            out.append(c if isinstance(c, bytes) else c.public_bytes(_ssl.ENCODING_DER))
        if out:
            return tuple(out)
    leaf = obj.getpeercert(binary_form=True)
    return (leaf,) if leaf else ()
