"""The SPF tree as data: walk a record and its include:/redirect= targets from gathered DNS answers.

RFC 7208 §4.6.4 accounting: include, a, mx, ptr, exists and redirect are DNS-querying terms (nested ones count);
a lookup that finds no records is a void lookup. The walk stops where a receiver stops (the 11th such term, the
3rd void lookup), walks each domain's record once and reports an include loop, so its time and the names it
asks for stay bounded whatever a hostile zone serves (an include fan-out once took minutes here). The same walk
drives gathering (``need`` collects names still to ask) and evaluation (the email check's rules), so both agree
on what the record means.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from launchgate.net.dns import DnsAnswer

SPF_LIMIT = 10
VOID_LIMIT = 2
_MECH = re.compile(r"^([+\-~?]?)(all|include|a|mx|ptr|ip4|ip6|exists)(?:([:/])(.*))?$", re.IGNORECASE)
_MOD = re.compile(r"^([a-z][a-z0-9_.-]*)=(.*)$", re.IGNORECASE)
_QUERYING = frozenset({"include", "a", "mx", "ptr", "exists"})


@dataclass(frozen=True, kw_only=True)
class MailSnapshot:
    """Every DNS answer the email rules read, keyed by (name, type)."""

    domain: str
    answers: Mapping[tuple[str, str], DnsAnswer] = field(default_factory=dict)
    selectors: tuple[str, ...] = ()

    def get(self, name: str, rdtype: str) -> DnsAnswer | None:
        return self.answers.get((name.lower().rstrip("."), rdtype))


def spf_records(ans: DnsAnswer | None) -> list[str]:
    if ans is None:
        return []
    return [r for r in ans.records if r.lower() == "v=spf1" or r.lower().startswith("v=spf1 ")]


@dataclass
class SpfWalk:
    """Result of walking an SPF tree: lookups counted, voids, errors (term, reason), terms seen.

    ``permerrors`` are the RFC 7208 permanent errors other than syntax (an include loop, an included domain
    without exactly one SPF record); ``stopped`` is set when a limit ended the evaluation (the 11th
    DNS-querying term or the 3rd void lookup): nothing after it was evaluated, as receivers do.
    """

    lookups: list[str] = field(default_factory=list)
    voids: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    permerrors: list[str] = field(default_factory=list)
    failures: list[DnsAnswer] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    top_all: str | None = None  # qualifier+all of the top record ("-all"), None when absent
    stopped: str = ""  # "lookups" | "voids" when a limit ended the evaluation
    evaluated: set[str] = field(default_factory=set)  # domains whose record was walked (each once)
    chain: list[str] = field(default_factory=list)  # the include/redirect path to the record being walked

    def count_lookup(self, what: str) -> bool:
        """Count one DNS-querying term; False when it is over the limit (the evaluation stops there)."""
        self.lookups.append(what)
        if len(self.lookups) > SPF_LIMIT:
            self.stopped = "lookups"
        return not self.stopped

    def count_void(self, what: str) -> None:
        self.voids.append(what)
        if len(self.voids) > VOID_LIMIT:
            self.stopped = self.stopped or "voids"


def _target(arg: str | None, domain: str) -> str:
    if not arg:
        return domain
    return arg.split("/", 1)[0].rstrip(".").lower() or domain


def walk_spf(snap: MailSnapshot, domain: str, walk: SpfWalk | None = None, depth: int = 0,
             *, need: list[tuple[str, str]] | None = None) -> SpfWalk:
    """Walk the SPF record of ``domain`` and what it includes, from the answers in ``snap``.

    RFC 7208 limits hold whatever the zone serves: at most 10 DNS-querying terms and 2 void lookups in the
    whole evaluation (includes counted), each domain's record walked once, so the walk is linear in the
    answers gathered. With ``need`` given, names that were not gathered yet are appended to it (the gather
    loop uses this).
    """
    walk = walk or SpfWalk()
    domain = domain.lower().rstrip(".")
    if "%" in domain:  # a macro (%{d}, %{i}, ...): the name exists per message, not to be looked up literally
        return walk
    if domain in walk.chain:
        if not any(e.startswith("include loop") for e in walk.permerrors):  # the first loop says it
            walk.permerrors.append(f"include loop: {' -> '.join([*walk.chain, domain])}")
        return walk
    if domain in walk.evaluated:
        return walk  # counted by the caller; its record was already walked once
    ans = snap.get(domain, "TXT")
    if ans is None:
        if need is not None:
            need.append((domain, "TXT"))
        return walk
    walk.evaluated.add(domain)
    if ans.failed:
        walk.failures.append(ans)
        return walk
    recs = spf_records(ans)
    if depth > 0 and not ans.records:
        walk.count_void(f"include:{domain} (no record)")
    if depth > 0 and len(recs) != 1:
        walk.permerrors.append(f"included domain {domain} has {'no' if not recs else len(recs)} SPF record"
                               f"{'' if len(recs) == 1 else 's'}")
        return walk
    if not recs:
        return walk
    walk.chain.append(domain)
    try:
        _walk_record(snap, domain, recs[0], walk, depth, need)
    finally:
        walk.chain.pop()
    return walk


def _walk_record(snap: MailSnapshot, domain: str, record: str, walk: SpfWalk, depth: int,
                 need: list[tuple[str, str]] | None) -> None:
    redirect: str | None = None
    has_all = False
    if depth == 0:  # the top record's all is known even when a limit stops the walk before it
        alls = [m for m in map(_MECH.match, record.split()[1:]) if m and m.group(2).lower() == "all"]
        walk.top_all = (alls[0].group(1) or "+") + "all" if alls else None
    for term in record.split()[1:]:
        if walk.stopped:
            return
        walk.terms.append(term)
        m = _MECH.match(term)
        if m is None:
            mod = _MOD.match(term)
            if mod is None:
                walk.errors.append(f"unknown term {term!r} in the SPF record of {domain}")
            elif mod.group(1).lower() == "redirect":
                redirect = mod.group(2)
            continue
        has_all = _visit(snap, domain, term, m, walk=walk, depth=depth, need=need) or has_all
    if redirect and not has_all and not walk.stopped:
        if walk.count_lookup(f"redirect={redirect} ({domain})"):
            walk_spf(snap, _target(redirect, domain), walk, depth + 1, need=need)
        if depth == 0 and walk.top_all is None:
            walk.top_all = "redirect"


def _visit(snap: MailSnapshot, domain: str, term: str, m: re.Match[str], *, walk: SpfWalk, depth: int,
           need: list[tuple[str, str]] | None) -> bool:
    """Account for one mechanism; True when it is ``all``."""
    mech, sep, arg = m.group(2).lower(), m.group(3), m.group(4)
    if mech == "all":
        return True
    problem = _check_arg(mech, sep, arg)
    if problem:
        walk.errors.append(f"{problem} in {term!r} ({domain})")
        return False
    if mech not in _QUERYING or not walk.count_lookup(f"{term} ({domain})"):
        return False
    target = _target(arg if sep == ":" else None, domain)
    if mech == "include":
        walk_spf(snap, target, walk, depth + 1, need=need)
    elif mech in ("a", "mx", "exists") and "%" not in target:  # a macro target is known per message only
        rdtype = {"a": "A", "mx": "MX", "exists": "A"}[mech]
        got = snap.get(target, rdtype)
        if got is None:
            if need is not None:
                need.append((target, rdtype))
        elif got.failed:
            walk.failures.append(got)
        elif not got.records:
            walk.count_void(f"{term} ({domain})")
    return False


def _check_arg(mech: str, sep: str | None, arg: str | None) -> str | None:
    if mech in ("include", "exists") and (sep != ":" or not arg):
        return f"{mech} needs a domain"
    if mech in ("ip4", "ip6"):
        if sep != ":" or not arg:
            return f"{mech} needs an address"
        try:
            net = ipaddress.ip_network(arg, strict=False)
        except ValueError:
            return f"invalid {mech} network"
        if (net.version == 4) != (mech == "ip4"):
            return f"{mech} with an IPv{net.version} address"
    return None
