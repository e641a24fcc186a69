"""Pure evaluation of a ``DnsSnapshot``: unresolved hosts, dangling CNAMEs, apex/www, CAA, lookup
failures."""

from __future__ import annotations

from launchgate.checks.dns.gather import CaaSet, DnsSnapshot, HostRecords
from launchgate.checks.dns.rules import (
    CAA_FORBIDS_ISSUER,
    CAA_MISSING,
    DANGLING_CNAME,
    HOST_UNRESOLVED,
    LOOKUP_FAILED,
    WWW_MISSING,
)
from launchgate.checks.dns.schema import Settings
from launchgate.model import Finding, Location


def _loc(name: str) -> Location:
    return Location(url=f"dns:{name}")


def evaluate_host(rec: HostRecords) -> list[Finding]:
    out: list[Finding] = []
    for ans in rec.failures:
        out.append(Finding.of(LOOKUP_FAILED, f"{ans.name} {ans.rdtype}: {ans.describe()}",
                              _loc(rec.host),
                              key=(ans.name, ans.rdtype)))
    if rec.failures or rec.addresses:
        return out
    if rec.cnames:
        target = rec.cnames[-1]
        why = rec.a.describe() if rec.a is not None else "has no address"
        out.append(Finding.of(DANGLING_CNAME, f"{rec.host} is a CNAME to {target}, which {why}",
                              _loc(rec.host),
                              key=(target,)))
    else:
        why = (
            rec.a.describe()
            if rec.a is not None and rec.a.status == "nxdomain"
            else "has no A or AAAA record"
        )
        out.append(Finding.of(HOST_UNRESOLVED, f"{rec.host} {why}", _loc(rec.host)))
    return out


def evaluate_www(domain: str, apex: HostRecords, www: HostRecords) -> list[Finding]:
    if apex.failures or www.failures:
        return []  # reported as lookup failures
    if apex.addresses and not www.addresses:
        return [Finding.of(WWW_MISSING, f"www.{domain} does not resolve while {domain} does",
                           _loc(www.host))]
    if www.addresses and not apex.addresses:
        return [Finding.of(WWW_MISSING, f"{domain} (the apex) does not resolve while www.{domain} "
                           "does",
                           _loc(apex.host))]
    return []


def evaluate_caa(domain: str, sets: tuple[CaaSet, ...], *, require: bool, issuer: str | None,
                 issuer_caa: str | None) -> list[Finding]:
    out: list[Finding] = []
    for c in sets:
        if c.failure is not None:
            out.append(Finding.of(LOOKUP_FAILED, f"{c.failure.name} CAA: {c.failure.describe()}",
                                  _loc(c.host),
                                  key=(c.failure.name, "CAA")))
    bare = sorted({s.host for s in sets if s.failure is None and s.owner is None})
    if require and bare:
        out.append(Finding.of(CAA_MISSING, f"no CAA record for {', '.join(bare)} (nor any parent "
                              f"up to {domain}): any CA may issue certificates", _loc(domain),
                              key=tuple(bare)))
    if issuer and issuer_caa:
        for owner in sorted({s.owner for s in sets if s.owner}):
            records = next(s.records for s in sets if s.owner == owner)
            issue = [v for t, v in records if t == "issue"]
            if not issue:
                continue
            allowed = {v.split(";", 1)[0].strip().lower() for v in issue}
            if issuer_caa.lower() not in allowed:
                shown = ", ".join(sorted(a or '";"' for a in allowed))
                out.append(Finding.of(
                    CAA_FORBIDS_ISSUER, f"CAA at {owner} allows only {shown}; the served "
                    f"certificate was issued by {issuer} ({issuer_caa})", _loc(owner),
                    key=(issuer_caa,)))
    return out


def evaluate(snap: DnsSnapshot, s: Settings) -> list[Finding]:
    out: list[Finding] = []
    for rec in snap.hosts:
        out += evaluate_host(rec)
    if s.check_www and snap.domain and snap.apex is not None and snap.www is not None:
        out += evaluate_www(snap.domain, snap.apex, snap.www)
    if snap.domain:
        out += evaluate_caa(snap.domain, snap.caa, require=s.require_caa,
                            issuer=snap.issuer, issuer_caa=snap.issuer_caa)
    return _dedupe(out)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for f in findings:
        seen.setdefault(f.fingerprint, f)
    return list(seen.values())
