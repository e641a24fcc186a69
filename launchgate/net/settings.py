"""Network settings from ``targets`` (resolve overrides, nameservers, CA bundle, ports, deadline)
and NetError."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_BODY = 1024 * 1024
USER_AGENT = "launchgate (+https://github.com/launchgate/launchgate)"


class NetError(Exception):
    """A network failure turned into one line: ``kind`` is
    timeout|connect|tls|dns|protocol|too-large."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, kw_only=True)
class NetSettings:
    """From ``targets``: where to connect, whom to trust, how long to wait."""

    resolve: Mapping[tuple[str, int], str] = field(default_factory=dict)  # (host, port) -> address
    nameservers: tuple[tuple[str, int], ...] = ()
    ca_bundle: Path | None = None
    ports: Mapping[str, int] = field(default_factory=lambda: {"http": 80, "https": 443})
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_body: int = DEFAULT_MAX_BODY

    @classmethod
    def from_targets(cls, targets: Mapping[str, Any], base_dir: Path) -> NetSettings:
        resolve: dict[tuple[str, int], str] = {}
        for entry in targets.get("resolve", []):
            host, port, addr = parse_resolve(entry)
            resolve[(host.lower(), port)] = addr
        ns = tuple(parse_hostport(s, 53) for s in targets.get("nameservers", []))
        ca = targets.get("ca_bundle")
        ports = {"http": 80, "https": 443, **targets.get("ports", {})}
        return cls(resolve=resolve, nameservers=ns, ca_bundle=(base_dir / ca) if ca else None,
                   ports=ports,
                   timeout_s=float(targets.get("timeout_s", DEFAULT_TIMEOUT_S)))


def parse_resolve(entry: str) -> tuple[str, int, str]:
    """``host:port:address`` (address may be ``[::1]``) -> (host, port, address)."""
    host, port, addr = entry.split(":", 2)
    return host, int(port), addr.strip("[]")


def parse_hostport(text: str, default_port: int) -> tuple[str, int]:
    """``127.0.0.1:5353``, ``[::1]:53``, ``192.0.2.1`` -> (address, port)."""
    if text.startswith("["):
        addr, _, rest = text[1:].partition("]")
        return addr, int(rest.lstrip(":") or default_port)
    if text.count(":") == 1:
        addr, port = text.split(":")
        return addr, int(port)
    return text, default_port


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
