"""The one place that opens network connections, and the data it hands back (the edge below the live
checks).

``client`` holds ``Net``, the factory of httpx clients, DNS resolvers and TLS handshakes (total
deadlines, body caps, resolve overrides, CA bundle); ``http``, ``dns`` and ``tls`` hold the
snapshots the checks evaluate; ``settings`` reads ``targets`` into ``NetSettings``; ``targets`` is
the domain arithmetic the live checks share. The public names are re-exported here: ``from
launchgate.net import Net, NetSettings``.
"""

from __future__ import annotations

from launchgate.net.client import Net
from launchgate.net.dns import DnsAnswer
from launchgate.net.http import REDIRECT_STATUSES, HttpSnapshot, RedirectChain, hosts_of
from launchgate.net.settings import (
    DEFAULT_MAX_BODY,
    DEFAULT_TIMEOUT_S,
    USER_AGENT,
    NetError,
    NetSettings,
    parse_hostport,
    parse_resolve,
)
from launchgate.net.tls import TlsSnapshot

__all__ = [
    "DEFAULT_MAX_BODY",
    "DEFAULT_TIMEOUT_S",
    "REDIRECT_STATUSES",
    "USER_AGENT",
    "DnsAnswer",
    "HttpSnapshot",
    "Net",
    "NetError",
    "NetSettings",
    "RedirectChain",
    "TlsSnapshot",
    "hosts_of",
    "parse_hostport",
    "parse_resolve",
]
