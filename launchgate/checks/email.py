"""Email authentication of a domain: MX, SPF (RFC 7208), DKIM keys (RFC 6376), DMARC (RFC 7489), alignment.

Check id ``email`` (section ``email``); a failing nameserver is reported as ``dns.lookup-failed``.
Gather walks the SPF include/redirect tree and records every
DNS answer it needed; evaluate re-walks the same tree from those answers, counting DNS-querying terms the way
RFC 7208 §4.6.4 does (include, a, mx, ptr, exists, redirect; void lookups separately, limit 2).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from launchgate.check import Context, Skip
from launchgate.checks.dns import LOOKUP_FAILED
from launchgate.model import Finding, Location, Phase, Rule, Severity
from launchgate.net import DnsAnswer, Net
from launchgate.net.targets import Targets, org_domain
from launchgate.spf import SPF_LIMIT, VOID_LIMIT, MailSnapshot, spf_records, walk_spf


def _rule(id: str, title: str, sev: Severity, why: str, fix: str, *, suppress: str = "") -> Rule:
    return Rule(id=id, title=title, severity=sev, why=why, fix=fix, suppress=suppress)


MX_MISSING = _rule("email.mx-missing", "Domain has no MX record", Severity.MEDIUM,
                   "Replies and bounces to the domain cannot be delivered, and some receivers distrust senders "
                   "whose domain cannot receive mail.",
                   "Publish MX records, or a null MX (`0 .`) if the domain never receives mail.",
                   suppress="Set email.receives_mail: false for a domain that deliberately receives no mail.")
SPF_MISSING = _rule("email.spf-missing", "No SPF record", Severity.HIGH,
                    "Without SPF anyone can send mail as the domain, and receivers put your own mail in spam.",
                    "Publish one TXT record `v=spf1 <your senders> -all` (or `v=spf1 -all` if you send no mail).")
SPF_MULTIPLE = _rule("email.spf-multiple", "More than one SPF record", Severity.HIGH,
                     "RFC 7208 makes two `v=spf1` records a permanent error: SPF fails for all your mail.",
                     "Merge the records into a single `v=spf1` TXT record.")
SPF_INVALID = _rule("email.spf-invalid", "SPF record does not parse", Severity.HIGH,
                    "A syntax error is a permanent error (RFC 7208 §4.6): SPF fails for all your mail.",
                    "Fix the term named in the message; check it with an SPF validator.")
SPF_PERMISSIVE_ALL = _rule("email.spf-permissive-all", "SPF does not end with -all or ~all", Severity.HIGH,
                           "`+all` authorises the whole internet; `?all` or no `all` leaves spoofed mail neutral.",
                           "End the record with `-all` (or `~all` while you roll it out).")
SPF_PERMERROR = _rule("email.spf-permerror", "SPF evaluation ends in a permanent error", Severity.HIGH,
                      "An include loop or an included domain without exactly one SPF record is a permanent "
                      "error (RFC 7208 §5.2): receivers fail SPF for all your mail.",
                      "Fix or remove the include named in the message; every included domain needs one v=spf1 "
                      "record and none may include itself back.")
SPF_TOO_MANY_LOOKUPS = _rule("email.spf-too-many-lookups", "SPF needs more than 10 DNS lookups", Severity.HIGH,
                             "Receivers stop at 10 DNS-querying terms (or 2 void lookups) and fail SPF "
                             "(RFC 7208 §4.6.4).",
                             "Remove unused includes, replace `a`/`mx` with ip4/ip6, or flatten includes.")
DKIM_MISSING = _rule("email.dkim-missing", "DKIM key missing at a configured selector", Severity.MEDIUM,
                     "Without a published key receivers cannot verify signatures, and DMARC relies on SPF alone.",
                     "Publish the selector's TXT record `v=DKIM1; k=rsa; p=<key>` from your mail provider.")
DKIM_WEAK_KEY = _rule("email.dkim-weak-key", "DKIM key shorter than 1024 bits", Severity.HIGH,
                      "Keys under 1024 bits can be factored; receivers ignore such signatures.",
                      "Rotate to a 2048-bit RSA (or Ed25519 alongside RSA) key.")
DMARC_MISSING = _rule("email.dmarc-missing", "No DMARC record", Severity.HIGH,
                      "Without DMARC receivers have no policy for mail that fails SPF and DKIM: spoofing works, "
                      "and Gmail/Yahoo bulk-sender rules reject or junk your mail.",
                      "Publish `_dmarc.<domain> TXT \"v=DMARC1; p=quarantine; rua=mailto:dmarc@<domain>\"`.")
DMARC_INVALID = _rule("email.dmarc-invalid", "DMARC record does not parse", Severity.HIGH,
                      "An invalid (or duplicated) DMARC record is ignored: as if there were none.",
                      "Fix the tag named in the message; keep exactly one record starting with `v=DMARC1`.")
DMARC_NOT_ENFORCED = _rule("email.dmarc-not-enforced", "DMARC policy is p=none", Severity.MEDIUM,
                           "p=none only monitors: spoofed mail is still delivered.",
                           "Once reports show your senders pass, move to p=quarantine, then p=reject.")
DMARC_PARTIAL = _rule("email.dmarc-partial", "DMARC applies to less than 100% of mail", Severity.LOW,
                      "With pct<100 part of the failing mail escapes the policy.",
                      "Raise pct to 100 (or drop the tag) once the rollout is done.")
DMARC_NO_REPORTING = _rule("email.dmarc-no-reporting", "DMARC record has no rua address", Severity.LOW,
                           "Without aggregate reports you cannot see who sends as your domain or what fails.",
                           "Add `rua=mailto:<address>` to the DMARC record.")
ALIGNMENT = _rule("email.alignment", "Mail would fail DMARC alignment", Severity.MEDIUM,
                  "DMARC passes only when SPF or DKIM passes for a domain aligned with the From domain.",
                  "Send with a Return-Path and a DKIM d= domain under the From domain, and list every sending "
                  "service in SPF.")

RULES = (MX_MISSING, SPF_MISSING, SPF_MULTIPLE, SPF_INVALID, SPF_PERMERROR, SPF_PERMISSIVE_ALL,
         SPF_TOO_MANY_LOOKUPS, DKIM_MISSING, DKIM_WEAK_KEY, DMARC_MISSING, DMARC_INVALID, DMARC_NOT_ENFORCED,
         DMARC_PARTIAL, DMARC_NO_REPORTING, ALIGNMENT)

SCHEMA: dict[str, dict[str, Any]] = {
    "email": {
        "type": "object", "additionalProperties": False,
        "description": "Email authentication of a domain: MX, SPF, DKIM, DMARC (check id `email`).",
        "properties": {
            "enabled": {"type": "boolean", "default": True, "description": "Check MX, SPF, DKIM and DMARC."},
            "domain": {"type": "string", "description": "Mail domain; defaults to targets.domain."},
            "from_domain": {"type": "string", "description": "Domain in the From header (default: domain)."},
            "envelope_domain": {"type": "string",
                                "description": "Return-Path (SPF) domain your mail goes out with (default: domain)."},
            "dkim_domain": {"type": "string", "description": "DKIM d= domain your mail is signed with "
                                                             "(default: domain)."},
            "dkim_selectors": {"type": "array", "items": {"type": "string"}, "default": [],
                               "description": "DKIM selectors to look up at <selector>._domainkey.<domain>."},
            "senders": {"type": "array", "items": {"type": "string"}, "default": [],
                        "description": "SPF terms every sending service needs, e.g. include:_spf.google.com."},
            "receives_mail": {"type": "boolean", "default": True, "description": "Require MX records."},
            "lifetime_s": {"type": "number", "default": 5, "exclusiveMinimum": 0, "maximum": 60,
                           "description": "Total time allowed for one DNS query, retries included."},
        },
    },
}

def _loc(name: str) -> Location:
    return Location(url=f"dns:{name}")


def evaluate_spf(snap: MailSnapshot, domain: str) -> list[Finding]:
    ans = snap.get(domain, "TXT")
    if ans is None or ans.failed:
        return []  # a failed lookup is reported by evaluate_failures
    recs = spf_records(ans)
    where = _loc(domain)
    if not recs:
        return [Finding.of(SPF_MISSING, f"{domain} has no TXT record starting with v=spf1", where)]
    if len(recs) > 1:
        return [Finding.of(SPF_MULTIPLE, f"{domain} has {len(recs)} SPF records (a permanent error): "
                                         + " | ".join(recs), where)]
    walk = walk_spf(snap, domain)
    out = [Finding.of(SPF_INVALID, f"SPF of {domain}: {e}", where, key=(e,)) for e in walk.errors]
    out += [Finding.of(SPF_PERMERROR, f"SPF of {domain}: {e}", where, key=(e,)) for e in walk.permerrors]
    match walk.top_all:
        case "-all" | "~all" | "redirect":
            pass
        case "+all":
            out.append(Finding.of(SPF_PERMISSIVE_ALL, f"SPF of {domain} ends with +all: every server on the "
                                                      "internet may send as the domain", where, key=("+all",)))
        case "?all":
            out.append(Finding.of(SPF_PERMISSIVE_ALL, f"SPF of {domain} ends with ?all (neutral): spoofed mail "
                                                      "is not failed", where, key=("?all",), severity=Severity.MEDIUM))
        case _:
            out.append(Finding.of(SPF_PERMISSIVE_ALL, f"SPF of {domain} has no all mechanism: mail from other "
                                                      "servers is neutral", where, key=("no-all",),
                                  severity=Severity.MEDIUM))
    if walk.stopped == "lookups":
        out.append(Finding.of(SPF_TOO_MANY_LOOKUPS, f"SPF of {domain} needs more than {SPF_LIMIT} DNS-querying "
                                                    f"terms (limit {SPF_LIMIT}; evaluation stops at "
                                                    f"{walk.lookups[-1]}): " + ", ".join(walk.lookups),
                              where, key=("lookups",)))
    if walk.stopped == "voids":
        out.append(Finding.of(SPF_TOO_MANY_LOOKUPS, f"SPF of {domain} has more than {VOID_LIMIT} void lookups "
                                                    f"(limit {VOID_LIMIT}; evaluation stops at {walk.voids[-1]}): "
                                                    + ", ".join(walk.voids), where, key=("voids",)))
    return out


def dkim_key_bits(record: str) -> tuple[int | None, str]:
    """(bits, kind) of the key in a DKIM TXT record; bits None with kind explaining why it is unusable."""
    tags = _tags(record)
    p = re.sub(r"\s+", "", tags.get("p", ""))
    if not p:
        return None, "revoked (empty p=)"
    try:
        der = base64.b64decode(p, validate=True)
    except (binascii.Error, ValueError):
        return None, "p= is not base64"
    try:
        key = serialization.load_der_public_key(der)
    except (ValueError, TypeError):
        pem = b"-----BEGIN RSA PUBLIC KEY-----\n" + base64.encodebytes(der) + b"-----END RSA PUBLIC KEY-----\n"
        try:
            key = serialization.load_pem_public_key(pem)  # PKCS#1 RSAPublicKey, as some providers publish
        except (ValueError, TypeError):
            return None, "p= is not a public key"
    if isinstance(key, rsa.RSAPublicKey):
        return key.key_size, "rsa"
    if isinstance(key, ed25519.Ed25519PublicKey):
        return 256, "ed25519"
    return None, "unsupported key type"


def evaluate_dkim(snap: MailSnapshot) -> list[Finding]:
    out: list[Finding] = []
    for sel in snap.selectors:
        name = f"{sel}._domainkey.{snap.domain}"
        ans = snap.get(name, "TXT")
        if ans is None or ans.failed:
            continue
        recs = [r for r in ans.records if "p=" in r]
        if not recs:
            out.append(Finding.of(DKIM_MISSING, f"no DKIM key at {name} ({ans.describe()})", _loc(name)))
            continue
        bits, kind = dkim_key_bits(recs[0])
        if bits is None:
            out.append(Finding.of(DKIM_MISSING, f"DKIM key at {name} is unusable: {kind}", _loc(name)))
        elif kind == "rsa" and bits < 1024:
            out.append(Finding.of(DKIM_WEAK_KEY, f"DKIM key at {name} is RSA {bits} bits (minimum 1024)", _loc(name)))
    return out


def _tags(record: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in record.split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out.setdefault(k.strip().lower(), v.strip())
    return out


def dmarc_owner(snap: MailSnapshot, domain: str) -> tuple[str, DnsAnswer | None]:
    """Where the applicable DMARC record is: _dmarc.<domain>, else the organizational domain's (RFC 7489 §6.6.3)."""
    name = f"_dmarc.{domain}"
    ans = snap.get(name, "TXT")
    org = org_domain(domain)
    if (ans is None or not _dmarc_records(ans)) and org != domain:
        org_ans = snap.get(f"_dmarc.{org}", "TXT")
        if org_ans is not None and _dmarc_records(org_ans):
            return f"_dmarc.{org}", org_ans
    return name, ans


def _dmarc_records(ans: DnsAnswer) -> list[str]:
    return [r for r in ans.records if r.replace(" ", "").lower().startswith("v=dmarc1")]


def evaluate_dmarc(snap: MailSnapshot, domain: str) -> tuple[list[Finding], dict[str, str]]:
    """Findings, and the parsed tags of the one valid record (empty when there is none)."""
    name, ans = dmarc_owner(snap, domain)
    if ans is None or ans.failed:
        return [], {}
    recs = _dmarc_records(ans)
    where = _loc(name)
    if not recs:
        return [Finding.of(DMARC_MISSING, f"no DMARC record at {name} ({ans.describe()})", where)], {}
    if len(recs) > 1:
        return [Finding.of(DMARC_INVALID, f"{name} has {len(recs)} DMARC records; receivers ignore all of them",
                           where, key=("multiple",))], {}
    tags = _tags(recs[0])
    problems = []
    if recs[0].split(";", 1)[0].replace(" ", "") != "v=DMARC1":
        problems.append("v=DMARC1 must be the first tag")
    if tags.get("p", "").lower() not in ("none", "quarantine", "reject"):
        problems.append(f"p={tags.get('p', '')!s} (expected none, quarantine or reject)" if "p" in tags
                        else "the required p= tag is missing")
    if "sp" in tags and tags["sp"].lower() not in ("none", "quarantine", "reject"):
        problems.append(f"sp={tags['sp']} (expected none, quarantine or reject)")
    for k in ("adkim", "aspf"):
        if k in tags and tags[k].lower() not in ("r", "s"):
            problems.append(f"{k}={tags[k]} (expected r or s)")
    pct = tags.get("pct", "100")
    if not pct.isdigit() or int(pct) > 100:
        problems.append(f"pct={pct} (expected 0-100)")
    for k in ("rua", "ruf"):
        for uri in filter(None, (u.strip() for u in tags.get(k, "").split(","))):
            if not uri.lower().startswith(("mailto:", "https:")):
                problems.append(f"{k} URI {uri!r} (expected mailto:)")
    if problems:
        return [Finding.of(DMARC_INVALID, f"DMARC at {name}: " + "; ".join(problems), where, key=tuple(problems))], {}
    out = []
    if tags["p"].lower() == "none":
        out.append(Finding.of(DMARC_NOT_ENFORCED, f"DMARC at {name} is p=none: failing mail is still delivered",
                              where))
    if int(pct) < 100:
        out.append(Finding.of(DMARC_PARTIAL, f"DMARC at {name} applies to pct={pct}% of failing mail", where))
    if not tags.get("rua"):
        out.append(Finding.of(DMARC_NO_REPORTING, f"DMARC at {name} has no rua= reporting address", where))
    return out, tags


def aligned(a: str, b: str, mode: str) -> bool:
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    return a == b if mode == "s" else org_domain(a) == org_domain(b)


def evaluate_alignment(snap: MailSnapshot, settings: Mapping[str, Any], tags: Mapping[str, str]) -> list[Finding]:
    domain = snap.domain
    frm = (settings.get("from_domain") or domain).lower()
    env = (settings.get("envelope_domain") or domain).lower()
    dkim = (settings.get("dkim_domain") or domain).lower()
    out: list[Finding] = []
    if tags:
        spf_ok = aligned(env, frm, tags.get("aspf", "r").lower())
        dkim_ok = aligned(dkim, frm, tags.get("adkim", "r").lower())
        if not spf_ok and not dkim_ok:
            out.append(Finding.of(ALIGNMENT, f"neither the SPF domain {env} (aspf={tags.get('aspf', 'r')}) nor the "
                                             f"DKIM domain {dkim} (adkim={tags.get('adkim', 'r')}) aligns with From "
                                             f"{frm}: DMARC fails for all mail", _loc(frm), key=(env, dkim)))
    senders = [s.strip() for s in settings.get("senders") or [] if s.strip()]
    if senders and spf_records(snap.get(env, "TXT")):
        walk = walk_spf(snap, env)
        present = {t.lstrip("+").lower() for t in walk.terms}
        for s in senders:
            if s.lstrip("+").lower() not in present:
                out.append(Finding.of(ALIGNMENT, f"SPF of {env} does not authorise the configured sender {s}: its "
                                                 "mail fails SPF", _loc(env), key=(s,)))
    return out


def evaluate_failures(snap: MailSnapshot) -> list[Finding]:
    return [Finding.of(LOOKUP_FAILED, f"{a.name} {a.rdtype}: {a.describe()}", _loc(a.name), key=(a.name, a.rdtype))
            for a in sorted(snap.answers.values(), key=lambda a: (a.name, a.rdtype)) if a.failed]


def evaluate(snap: MailSnapshot, settings: Mapping[str, Any]) -> list[Finding]:
    domain = snap.domain
    out = evaluate_failures(snap)
    mx = snap.get(domain, "MX")
    if settings.get("receives_mail", True) and mx is not None and not mx.failed and not mx.records:
        why = " (the name does not exist)" if mx.status == "nxdomain" else ""
        out.append(Finding.of(MX_MISSING, f"{domain} has no MX record{why}", _loc(domain)))
    out += evaluate_spf(snap, domain)
    env = (settings.get("envelope_domain") or domain).lower()
    if env != domain:
        out += evaluate_spf(snap, env)
    out += evaluate_dkim(snap)
    dmarc, tags = evaluate_dmarc(snap, (settings.get("from_domain") or domain).lower())
    out += dmarc
    out += evaluate_alignment(snap, settings, tags)
    return out


async def gather(net: Net, domain: str, settings: Mapping[str, Any], lifetime: float, max_queries: int = 60
                 ) -> MailSnapshot:
    """Ask every name the rules need; the SPF tree is walked until no answer is missing (bounded count)."""
    domain = domain.lower().rstrip(".")
    frm = (settings.get("from_domain") or domain).lower()
    env = (settings.get("envelope_domain") or domain).lower()
    selectors = tuple(settings.get("dkim_selectors") or ())
    answers: dict[tuple[str, str], DnsAnswer] = {}
    wanted = [(domain, "MX"), (domain, "TXT"), (env, "TXT"), (f"_dmarc.{frm}", "TXT"),
              (f"_dmarc.{org_domain(frm)}", "TXT")]
    wanted += [(f"{s}._domainkey.{domain}", "TXT") for s in selectors]
    while wanted and len(answers) < max_queries:
        before = len(answers)
        wave = [k for k in dict.fromkeys(wanted) if k not in answers][: max_queries - len(answers)]
        got = await asyncio.gather(*(net.lookup(name, rdtype, lifetime_s=lifetime) for name, rdtype in wave))
        answers.update(zip(wave, got, strict=True))
        snap = MailSnapshot(domain=domain, answers=answers, selectors=selectors)
        wanted = []
        for d in dict.fromkeys((domain, env)):
            walk_spf(snap, d, need=wanted)
        if len(answers) == before:
            break
    return MailSnapshot(domain=domain, answers=answers, selectors=selectors)


class EmailCheck:
    """Check id ``email``: MX, SPF, DKIM and DMARC of ``email.domain`` (default ``targets.domain``)."""

    id: ClassVar[str] = "email"
    phase: ClassVar[Phase] = Phase.POST
    rules: ClassVar[tuple[Rule, ...]] = (*RULES, LOOKUP_FAILED)
    schema: ClassVar[Mapping[str, Mapping[str, Any]]] = SCHEMA
    timeout_s: ClassVar[float] = 60.0
    exclusive: ClassVar[bool] = False

    async def run(self, ctx: Context) -> list[Finding]:
        settings = ctx.section("email")
        if not settings.get("enabled", True):
            raise Skip("email.enabled is false")
        domain = settings.get("domain") or Targets.of(ctx.config).domain
        if not domain:
            raise Skip("no email.domain or targets.domain configured")
        snap = await gather(ctx.net, domain, settings, float(settings.get("lifetime_s", 5)))
        ctx.record("email.dns_queries", len(snap.answers))
        return ctx.anchored(evaluate(snap, settings), "email")
