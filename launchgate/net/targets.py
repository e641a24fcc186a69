"""What the live checks (dns, email, tls, web) share about their targets: reading ``targets``, domain arithmetic.

Nothing here does I/O; the checks gather through ``ctx.net`` and evaluate with pure functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# Second-level labels under which registrations happen one level deeper (co.uk, com.au, ...). A short list, not
# the Public Suffix List: enough to keep "example.co.uk" and "evil.co.uk" apart; documented as an approximation.
_TWO_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go", "gv"})


@dataclass(frozen=True, kw_only=True)
class Targets:
    """The ``targets`` section as the live checks read it."""

    domain: str | None
    canonical: str | None  # https://example.com (scheme + host, maybe a path)
    hosts: tuple[str, ...]

    @property
    def canonical_host(self) -> str | None:
        if not self.canonical:
            return self.domain
        return (urlsplit(self.canonical).hostname or "").lower() or self.domain

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> Targets:
        t = config.get("targets") or {}
        domain = (t.get("domain") or "").strip().rstrip(".").lower() or None
        canonical = (t.get("canonical") or "").strip() or None
        hosts = [h.strip().rstrip(".").lower() for h in t.get("hosts") or [] if h and h.strip()]
        if not hosts:
            for h in (urlsplit(canonical).hostname if canonical else None, domain):
                if h:
                    hosts.append(h.lower())
        return cls(domain=domain, canonical=canonical, hosts=tuple(dict.fromkeys(hosts)))


def org_domain(host: str) -> str:
    """The registrable ("organizational") domain, approximated: two labels, three under co.uk-like suffixes."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _TWO_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def within(host: str, domains: Iterable[str]) -> bool:
    """``host`` is one of ``domains`` or below one of them."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in (d.lower().rstrip(".") for d in domains if d))
