"""DNS as data: one query's outcome (``DnsAnswer``) and the helpers that read dnspython's
answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only an annotation here; dnspython is imported by the first lookup
    import dns.resolver


@dataclass(frozen=True, kw_only=True)
class DnsAnswer:
    """One DNS query's outcome. ``status``: ok | nodata | nxdomain | servfail | refused | timeout |
    error."""

    name: str
    rdtype: str
    status: str
    records: tuple[str, ...] = ()
    cnames: tuple[str, ...] = ()  # the CNAME targets met on the way, in order
    detail: str = ""

    @property
    def failed(self) -> bool:
        """True when the server did not say yes or no (a lookup failure, not an absence)."""
        return self.status not in ("ok", "nodata", "nxdomain")

    def describe(self) -> str:
        match self.status:
            case "nxdomain":
                return "does not exist (NXDOMAIN)"
            case "nodata":
                return f"has no {self.rdtype} record"
            case "servfail":
                return "lookup failed: the server answered SERVFAIL"
            case "refused":
                return "lookup failed: the server answered REFUSED"
            case "timeout":
                return f"lookup failed: timeout ({self.detail})"
            case _:
                return f"lookup failed: {self.detail}" if self.detail else self.status


def rcode_of(exc: dns.resolver.NoNameservers) -> str:
    text = str(exc).upper()
    if "REFUSED" in text:
        return "refused"
    if "SERVFAIL" in text:
        return "servfail"
    return "error"


def rdata_text(rd: Any) -> str:
    """TXT: the character-strings joined (as SPF and DMARC read them); others: presentation form."""
    strings = getattr(rd, "strings", None)
    if strings is not None:
        return b"".join(strings).decode("utf-8", "replace")
    if hasattr(rd, "address"):
        return str(rd.address)
    return str(rd.to_text())
