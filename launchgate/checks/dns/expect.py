"""``targets.expect`` and ``targets.subdomains`` in DNS: does each pinned host point at its expected
CNAME target or address set (``dns.record-mismatch``), and does any existing subdomain dangle?

A subdomain exists when it has a CNAME or an address; one that has neither is simply not there (the
default list, www/app/api/admin/auth, is checked where it exists). ``gather_names`` looks the extra
names up; the evaluators are pure functions of the records.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Iterable, Mapping

from launchgate.checks.dns.evaluate import evaluate_host
from launchgate.checks.dns.gather import HostRecords, gather_host
from launchgate.checks.dns.rules import LOOKUP_FAILED, RECORD_MISMATCH
from launchgate.model import Finding, Location
from launchgate.net import Net
from launchgate.net.targets import Expectation, Targets


async def gather_names(net: Net, names: Iterable[str], lifetime: float
                       ) -> dict[str, HostRecords]:
    todo = list(dict.fromkeys(names))
    got = await asyncio.gather(*(gather_host(net, n, lifetime) for n in todo))
    return dict(zip(todo, got, strict=True))


def extra_names(targets: Targets) -> list[str]:
    """Names the dns check looks up besides targets.hosts: subdomains and pinned hosts."""
    return [n for n in (*targets.subdomains, *(e.host for e in targets.expect))
            if n not in targets.hosts]


def exists(rec: HostRecords) -> bool:
    return bool(rec.cnames or rec.addresses or rec.failures)


def evaluate_subdomain(rec: HostRecords) -> list[Finding]:
    """A subdomain that exists is judged like a host (dangling CNAME, lookup failures)."""
    return evaluate_host(rec) if exists(rec) else []


def _norm(addr: str) -> str:
    try:
        return str(ipaddress.ip_address(addr))
    except ValueError:
        return addr.lower()


def _points_to(rec: HostRecords) -> str:
    if rec.cnames:
        return f"is a CNAME to {rec.cnames[0]}"
    if rec.addresses:
        return f"resolves to {', '.join(sorted(rec.addresses))}"
    return "does not resolve"


def evaluate_expectation(rec: HostRecords, exp: Expectation) -> list[Finding]:
    loc = Location(url=f"dns:{exp.host}")
    if rec.failures:
        return [Finding.of(LOOKUP_FAILED, f"{a.name} {a.rdtype}: {a.describe()}", loc,
                           key=(a.name, a.rdtype)) for a in rec.failures]
    wrong: list[str] = []
    if exp.cname is not None and exp.cname not in rec.cnames:
        wrong.append(f"CNAME {exp.cname}")
    for rdtype, want, ans in (("A", exp.a, rec.a), ("AAAA", exp.aaaa, rec.aaaa)):
        have = tuple(sorted({_norm(r) for r in ans.records})) if ans is not None else ()
        if want and tuple(sorted({_norm(w) for w in want})) != have:
            wrong.append(f"{rdtype} {', '.join(want)}")
    if not wrong:
        return []
    return [Finding.of(RECORD_MISMATCH, f"{exp.host} {_points_to(rec)}; targets.expect says "
                                        f"{' and '.join(wrong)}", loc, key=tuple(wrong))]


def evaluate_extra(records: Mapping[str, HostRecords], targets: Targets) -> list[Finding]:
    out: list[Finding] = []
    for name in targets.subdomains:
        if name in records:
            out += evaluate_subdomain(records[name])
    for exp in targets.expect:
        if exp.host in records:
            out += evaluate_expectation(records[exp.host], exp)
    return out
