"""The records a reader needs from a ``DnsSnapshot``, as figures (public data, nothing to mask).

``dns.host.<host>.records``: the CNAME chain followed, then the A and AAAA addresses (or why there
are none); ``dns.host.<host>.caa``: the CAA set that governs the host and where it was found. The
report renders them as a small table (host, resolves to, CAA). ``dns.subdomain.<name>``: what app.,
api., admin., auth. and docs. of the domain resolve to (the handover pack lists which the product
has).
"""

from __future__ import annotations

from launchgate.checks.dns.gather import CaaSet, DnsSnapshot, HostRecords

Figure = int | str


def describe_host(rec: HostRecords) -> str:
    """``CNAME a.cdn.test → A 192.0.2.1, AAAA 2001:db8::1``; a failed or empty answer says so."""
    addresses = [f"{ans.rdtype} {', '.join(sorted(ans.records))}" for ans in (rec.a, rec.aaaa)
                 if ans is not None and ans.records]
    if rec.failures:
        addresses += [f"{f.rdtype} {f.describe()}" for f in rec.failures]
    elif not addresses:
        addresses.append("NXDOMAIN" if rec.a is not None and rec.a.status == "nxdomain"
                         else "no address")
    found = ", ".join(addresses)
    return f"CNAME {' → '.join(rec.cnames)} → {found}" if rec.cnames else found

def describe_caa(c: CaaSet) -> str:
    if c.failure is not None:
        return c.failure.describe()
    if c.owner is None:
        return "none (any CA may issue)"
    values = "; ".join(f"{tag} {value}" for tag, value in sorted(c.records))
    return values if c.owner == c.host else f"{values} (at {c.owner})"


def record_figures(snap: DnsSnapshot) -> dict[str, Figure]:
    """Per host (configured hosts, then the apex and www when checked): what it resolves to and its
    CAA."""
    out: dict[str, Figure] = {}
    for rec in (*snap.hosts, *(r for r in (snap.apex, snap.www) if r is not None)):
        out.setdefault(f"dns.host.{rec.host}.records", describe_host(rec))
    for c in snap.caa:
        out[f"dns.host.{c.host}.caa"] = describe_caa(c)
    for rec in snap.subdomains:  # the product's usual subdomains: what they point to, or not found
        out[f"dns.subdomain.{rec.host}"] = describe_host(rec)
    return out
