"""The SPF tree as data: walk a record and its include:/redirect= targets from gathered answers.

RFC 7208 §4.6.4 accounting: include, a, mx, ptr, exists and redirect are DNS-querying terms (nested
ones count); a lookup that finds no records is a void lookup. The walk stops where a receiver stops
(the 11th such term, the 3rd void lookup), walks each domain's record once and reports an include
loop, so its time and the names it asks for stay bounded whatever a hostile zone serves (an include
fan-out once took minutes here). The same walk drives gathering (``need`` collects names still to
ask) and evaluation (the email check's rules), so both agree on what the record means.

Every term is held to the RFC 7208 §12 grammar (domain-spec and its top label, CIDR lengths, macro
syntax, redirect=/exp= at most once, terms separated by spaces only): a record a receiver rejects
as a syntax error is ``errors`` here. The walk judges the record for every sender, not for one
client IP: a limit reached only after a term that would match some sender still counts.
benchmarks/spf_rfc7208.py compares it with pyspf on the RFC 7208 test suite.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from launchgate.net.dns import DnsAnswer

SPF_LIMIT = 10
VOID_LIMIT = 2
_MECH = re.compile(r"^([+\-~?]?)(all|include|a|mx|ptr|ip4|ip6|exists)(?:([:/])(.*))?$",
                   re.IGNORECASE)
_MOD = re.compile(r"^([a-z][a-z0-9_.-]*)=(.*)$", re.IGNORECASE)
_QUERYING = frozenset({"include", "a", "mx", "ptr", "exists"})
MX_LIMIT = 10  # RFC 7208 §4.6.4: an mx mechanism looks up at most 10 exchanges
_MACRO_LETTERS = "slodipvh"  # c, r and t only in exp= text (RFC 7208 §7.2), which is never walked
_MACRO = re.compile(r"%(?:\{([a-z])[0-9]*r?[.\-+,/_=]*\}|[%_-])", re.IGNORECASE)
_TOPLABEL = re.compile(r"^(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])$", re.IGNORECASE)
_DUAL = re.compile(r"^(?::(?P<dom>.*?))?(?:/(?P<v4>[0-9]+))?(?://(?P<v6>[0-9]+))?$")


def terms_of(record: str) -> list[str]:
    """The terms after ``v=spf1``, separated by spaces only (RFC 7208: a tab or CR is in a term)."""
    return [t for t in record.split(" ")[1:] if t]


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

    ``permerrors`` are the RFC 7208 permanent errors other than syntax (an include loop, an included
    domain without exactly one SPF record, an mx with more than 10 exchanges); ``stopped`` is set
    when a limit ended the evaluation (the 11th DNS-querying term or the 3rd void lookup): nothing
    after it was evaluated, as receivers do.
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
    chain: list[str] = field(default_factory=list)  # the include/redirect path to the record walked

    def count_lookup(self, what: str) -> bool:
        """Count one DNS-querying term; False when it is over the limit (the evaluation stops)."""
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

    RFC 7208 limits hold whatever the zone serves: at most 10 DNS-querying terms and 2 void lookups
    in the whole evaluation (includes counted), each domain's record walked once, so the walk is
    linear in the answers gathered. With ``need`` given, names that were not gathered yet are
    appended to it (the gather loop uses this).
    """
    walk = walk or SpfWalk()
    domain = domain.lower().rstrip(".")
    if "%" in domain:  # a macro (%{d}, %{i}, ...): the name exists per message, never looked up
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
        count = "no" if not recs else len(recs)
        walk.permerrors.append(f"included domain {domain} has {count} SPF record"
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
    terms = terms_of(record)
    if depth == 0:  # the top record's all is known even when a limit stops the walk before it
        alls = [m for m in map(_MECH.match, terms) if m and m.group(2).lower() == "all"]
        walk.top_all = (alls[0].group(1) or "+") + "all" if alls else None
    redirect = _modifiers(terms, domain, walk)
    has_all = False
    for term in terms:
        if walk.stopped:
            return
        walk.terms.append(term)
        m = _MECH.match(term)
        if m is not None:
            has_all = _visit(snap, domain, term, m, walk=walk, depth=depth, need=need) or has_all
    if redirect and not has_all and not walk.stopped:
        if walk.count_lookup(f"redirect={redirect} ({domain})"):
            walk_spf(snap, _target(redirect, domain), walk, depth + 1, need=need)
        if depth == 0 and walk.top_all is None:
            walk.top_all = "redirect"


def _modifiers(terms: list[str], domain: str, walk: SpfWalk) -> str | None:
    """Check every term that is not a mechanism; the redirect= target when it is valid."""
    seen: set[str] = set()
    redirect: str | None = None
    for term in terms:
        if _MECH.match(term):
            continue
        mod = _MOD.match(term)
        if mod is None:
            walk.errors.append(f"unknown term {term!r} in the SPF record of {domain}")
            continue
        problem = modifier_problem(mod.group(1), mod.group(2), seen)
        if problem:
            walk.errors.append(f"{problem} in {term!r} ({domain})")
        elif mod.group(1).lower() == "redirect":
            redirect = mod.group(2)
    return redirect


def _visit(snap: MailSnapshot, domain: str, term: str, m: re.Match[str], *, walk: SpfWalk,
           depth: int,
           need: list[tuple[str, str]] | None) -> bool:
    """Account for one mechanism; True when it is ``all``."""
    mech, sep, arg = m.group(2).lower(), m.group(3), m.group(4)
    problem = _check_arg(mech, sep, arg)
    if problem:
        walk.errors.append(f"{problem} in {term!r} ({domain})")
        return False
    if mech == "all":
        return True
    if mech not in _QUERYING or not walk.count_lookup(f"{term} ({domain})"):
        return False
    target = _target(arg if sep == ":" else None, domain)
    if mech == "include":
        walk_spf(snap, target, walk, depth + 1, need=need)
    elif mech in ("a", "mx", "exists") and "%" not in target:  # a macro target: per message only
        rdtype = {"a": "A", "mx": "MX", "exists": "A"}[mech]
        got = snap.get(target, rdtype)
        if got is None:
            if need is not None:
                need.append((target, rdtype))
        elif got.failed:
            walk.failures.append(got)
        elif not got.records:
            walk.count_void(f"{term} ({domain})")
        elif mech == "mx" and len(got.records) > MX_LIMIT:
            n = len(got.records)
            walk.permerrors.append(f"{term} ({domain}) has {n} MX records: more than "
                                   f"{MX_LIMIT} is a permanent error (RFC 7208 §4.6.4)")
    return False


def _check_arg(mech: str, sep: str | None, arg: str | None) -> str | None:
    """The RFC 7208 §5 / §12 syntax of one mechanism's argument; None when it parses."""
    rest = f"{sep}{arg}" if sep else ""
    match mech:
        case "all":
            return "all takes no argument" if rest else None
        case "include" | "exists":
            return domain_spec_problem(arg) if sep == ":" else f"{mech} needs a domain"
        case "ptr":
            if sep == "/":
                return "ptr takes no CIDR length"
            return domain_spec_problem(arg) if sep == ":" else None
        case "a" | "mx":
            return _dual_cidr_problem(rest)
        case "ip4" | "ip6":
            return _ip_problem(mech, sep, arg)
        case _:
            return None


def _dual_cidr_problem(rest: str) -> str | None:
    """``a``/``mx``: ``[":" domain-spec] ["/" ip4-cidr] ["//" ip6-cidr]``."""
    m = _DUAL.match(rest)
    if m is None:
        return "invalid CIDR length"
    if m.group("dom") is not None and (problem := domain_spec_problem(m.group("dom"))):
        return problem
    return _cidr_problem(m.group("v4"), 32) or _cidr_problem(m.group("v6"), 128)


def _cidr_problem(length: str | None, top: int) -> str | None:
    if length is None:
        return None
    if not re.fullmatch(r"0|[1-9][0-9]{0,2}", length) or int(length) > top:
        return f"invalid CIDR length /{length}"
    return None


def _ip_problem(mech: str, sep: str | None, arg: str | None) -> str | None:
    if sep != ":" or not arg:
        return f"{mech} needs an address"
    addr, _, length = arg.partition("/")
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return f"invalid {mech} network"
    if (ip.version == 4) != (mech == "ip4"):
        return f"{mech} with an IPv{ip.version} address"
    return _cidr_problem(length if "/" in arg else None, 32 if mech == "ip4" else 128)


def macro_string_problem(text: str) -> str | None:
    """RFC 7208 §7.1 ``macro-string``: visible ASCII, ``%`` starts a macro; None when it parses."""
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch != "%":
            if not "!" <= ch <= "~":
                return f"character {ch!r} is not allowed"
            pos += 1
            continue
        m = _MACRO.match(text, pos)
        if m is None:
            return "'%' must be followed by {, %, _ or -"
        if m.group(1) and m.group(1).lower() not in _MACRO_LETTERS:
            return (f"macro letter {m.group(1)!r} is not allowed "
                    f"(only {_MACRO_LETTERS} outside exp text)")
        pos = m.end()
    return None


def domain_spec_problem(spec: str | None) -> str | None:
    """RFC 7208 §7.1 ``domain-spec``: a macro-string ending in a macro or ``.toplabel``."""
    if not spec:
        return "empty domain"
    if problem := macro_string_problem(spec):
        return problem
    if any(m.end() == len(spec) for m in _MACRO.finditer(spec)):
        return None
    name = spec[:-1] if spec.endswith(".") else spec
    if "." not in name:
        return f"domain {spec!r} has no dot before its top label"
    top = name.rsplit(".", 1)[1]
    if not _TOPLABEL.match(top):
        return f"invalid top label {top!r}"
    return None


def modifier_problem(name: str, value: str, seen: set[str]) -> str | None:
    """``redirect=``/``exp=`` take a domain-spec, at most once each; others take a macro-string."""
    name = name.lower()
    if name in ("redirect", "exp"):
        if name in seen:
            return f"{name}= appears twice"
        seen.add(name)
        return domain_spec_problem(value)
    return macro_string_problem(value)
