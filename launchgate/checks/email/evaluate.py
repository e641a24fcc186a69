"""Pure evaluation of a ``MailSnapshot``: MX, SPF (RFC 7208), DKIM keys (RFC 6376), DMARC (RFC
7489), alignment.

SPF is re-walked from the recorded answers, counting DNS-querying terms the way RFC 7208 §4.6.4 does
(include, a, mx, ptr, exists, redirect; void lookups separately, limit 2).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from launchgate.checks.dns.rules import LOOKUP_FAILED
from launchgate.checks.email.rules import (
    ALIGNMENT,
    DKIM_MISSING,
    DKIM_WEAK_KEY,
    DMARC_INVALID,
    DMARC_MISSING,
    DMARC_NO_REPORTING,
    DMARC_NOT_ENFORCED,
    DMARC_PARTIAL,
    MX_MISSING,
    SPF_INVALID,
    SPF_MISSING,
    SPF_MULTIPLE,
    SPF_PERMERROR,
    SPF_PERMISSIVE_ALL,
    SPF_TOO_MANY_LOOKUPS,
)
from launchgate.checks.email.schema import Settings
from launchgate.model import Finding, Location, Severity
from launchgate.net import DnsAnswer
from launchgate.net.targets import org_domain
from launchgate.spf import SPF_LIMIT, VOID_LIMIT, MailSnapshot, spf_records, walk_spf


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
        return [Finding.of(SPF_MULTIPLE, f"{domain} has {len(recs)} SPF records (a permanent "
                           "error): "
                                         + " | ".join(recs), where)]
    walk = walk_spf(snap, domain)
    out = [Finding.of(SPF_INVALID, f"SPF of {domain}: {e}", where, key=(e,)) for e in walk.errors]
    out += [Finding.of(SPF_PERMERROR, f"SPF of {domain}: {e}", where, key=(e,))
            for e in walk.permerrors]
    match walk.top_all:
        case "-all" | "~all" | "redirect":
            pass
        case "+all":
            out.append(Finding.of(SPF_PERMISSIVE_ALL, f"SPF of {domain} ends with +all: every "
                                  "server on the internet may send as the " "domain", where,
                                  key=("+all",)))
        case "?all":
            out.append(Finding.of(SPF_PERMISSIVE_ALL, f"SPF of {domain} ends with ?all (neutral): "
                                  "spoofed mail is not failed", where, key=("?all",),
                                  severity=Severity.MEDIUM))
        case _:
            out.append(Finding.of(SPF_PERMISSIVE_ALL, f"SPF of {domain} has no all mechanism: "
                                  "mail from other servers is neutral", where, key=("no-all",),
                                  severity=Severity.MEDIUM))
    if walk.stopped == "lookups":
        out.append(
            Finding.of(
                SPF_TOO_MANY_LOOKUPS,
                f"SPF of {domain} needs more than {SPF_LIMIT} "
                f"DNS-querying terms (limit {SPF_LIMIT}; "
                f"evaluation stops at {walk.lookups[-1]}): " + ", ".join(walk.lookups),
                where,
                key=("lookups",),
            )
        )
    if walk.stopped == "voids":
        out.append(Finding.of(SPF_TOO_MANY_LOOKUPS, f"SPF of {domain} has more than {VOID_LIMIT} "
                              f"void lookups (limit {VOID_LIMIT}; "
                              f"evaluation stops at {walk.voids[-1]}): "
                                                    + ", ".join(walk.voids), where, key=("voids",)))
    return out


def dkim_key_bits(record: str) -> tuple[int | None, str]:
    """(bits, kind) of the key in a DKIM TXT record; bits None with kind explaining why it is
    unusable."""
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
        pem = (
            b"-----BEGIN RSA PUBLIC KEY-----\n"
            + base64.encodebytes(der)
            + b"-----END RSA PUBLIC KEY-----\n"
        )
        try:
            # PKCS#1 RSAPublicKey, as some providers publish
            key = serialization.load_pem_public_key(pem)
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
            out.append(Finding.of(DKIM_MISSING, f"no DKIM key at {name} ({ans.describe()})",
                                  _loc(name)))
            continue
        bits, kind = dkim_key_bits(recs[0])
        if bits is None:
            out.append(Finding.of(DKIM_MISSING, f"DKIM key at {name} is unusable: {kind}",
                                  _loc(name)))
        elif kind == "rsa" and bits < 1024:
            out.append(Finding.of(DKIM_WEAK_KEY, f"DKIM key at {name} is RSA {bits} bits (minimum "
                                  "1024)", _loc(name)))
    return out


def _tags(record: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in record.split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out.setdefault(k.strip().lower(), v.strip())
    return out


def dmarc_owner(snap: MailSnapshot, domain: str) -> tuple[str, DnsAnswer | None]:
    """Where the applicable DMARC record is: _dmarc.<domain>, else the organizational domain's (RFC
    7489 §6.6.3)."""
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


def dmarc_problems(record: str, tags: Mapping[str, str]) -> list[str]:
    """What makes a DMARC record invalid (RFC 7489 §6.3), one phrase per problem; empty when it is
    valid."""
    problems = []
    if record.split(";", 1)[0].replace(" ", "") != "v=DMARC1":
        problems.append("v=DMARC1 must be the first tag")
    if tags.get("p", "").lower() not in ("none", "quarantine", "reject"):
        problems.append(f"p={tags.get('p', '')!s} (expected none, quarantine or reject)"
                        if "p" in tags
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
    return problems


def evaluate_dmarc(snap: MailSnapshot, domain: str) -> tuple[list[Finding], dict[str, str]]:
    """Findings, and the parsed tags of the one valid record (empty when there is none)."""
    name, ans = dmarc_owner(snap, domain)
    if ans is None or ans.failed:
        return [], {}
    recs = _dmarc_records(ans)
    where = _loc(name)
    if not recs:
        return [Finding.of(DMARC_MISSING, f"no DMARC record at {name} ({ans.describe()})",
                           where)], {}
    if len(recs) > 1:
        return [Finding.of(DMARC_INVALID, f"{name} has {len(recs)} DMARC records; receivers "
                           "ignore all of them",
                           where, key=("multiple",))], {}
    tags = _tags(recs[0])
    problems = dmarc_problems(recs[0], tags)
    pct = tags.get("pct", "100")
    if problems:
        return [Finding.of(DMARC_INVALID, f"DMARC at {name}: " + "; ".join(problems), where,
                           key=tuple(problems))], {}
    out = []
    if tags["p"].lower() == "none":
        out.append(Finding.of(DMARC_NOT_ENFORCED, f"DMARC at {name} is p=none: failing mail is "
                              "still delivered",
                              where))
    if int(pct) < 100:
        out.append(Finding.of(DMARC_PARTIAL, f"DMARC at {name} applies to pct={pct}% of failing "
                              "mail", where))
    if not tags.get("rua"):
        out.append(Finding.of(DMARC_NO_REPORTING, f"DMARC at {name} has no rua= reporting address",
                              where))
    return out, tags


def aligned(a: str, b: str, mode: str) -> bool:
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    return a == b if mode == "s" else org_domain(a) == org_domain(b)


def evaluate_alignment(snap: MailSnapshot, settings: Settings,
                       tags: Mapping[str, str]) -> list[Finding]:
    domain = snap.domain
    frm = (settings.from_domain or domain).lower()
    env = (settings.envelope_domain or domain).lower()
    dkim = (settings.dkim_domain or domain).lower()
    out: list[Finding] = []
    if tags:
        spf_ok = aligned(env, frm, tags.get("aspf", "r").lower())
        dkim_ok = aligned(dkim, frm, tags.get("adkim", "r").lower())
        if not spf_ok and not dkim_ok:
            out.append(Finding.of(ALIGNMENT, f"neither the SPF domain {env} "
                                  f"(aspf={tags.get('aspf', 'r')}) nor the DKIM domain "
                                  f"{dkim} (adkim={tags.get('adkim', 'r')}) aligns "
                                  f"with From {frm}: DMARC fails for all mail", _loc(frm),
                                  key=(env, dkim)))
    senders = [s.strip() for s in settings.senders if s.strip()]
    if senders and spf_records(snap.get(env, "TXT")):
        walk = walk_spf(snap, env)
        present = {t.lstrip("+").lower() for t in walk.terms}
        for s in senders:
            if s.lstrip("+").lower() not in present:
                out.append(Finding.of(ALIGNMENT, f"SPF of {env} does not authorise the configured "
                                      f"sender {s}: its mail fails SPF", _loc(env), key=(s,)))
    return out


def evaluate_failures(snap: MailSnapshot) -> list[Finding]:
    return [Finding.of(LOOKUP_FAILED, f"{a.name} {a.rdtype}: {a.describe()}", _loc(a.name),
                       key=(a.name, a.rdtype))
            for a in sorted(snap.answers.values(), key=lambda a: (a.name, a.rdtype)) if a.failed]


def evaluate(snap: MailSnapshot, settings: Settings) -> list[Finding]:
    domain = snap.domain
    out = evaluate_failures(snap)
    mx = snap.get(domain, "MX")
    if settings.receives_mail and mx is not None and not mx.failed and not mx.records:
        why = " (the name does not exist)" if mx.status == "nxdomain" else ""
        out.append(Finding.of(MX_MISSING, f"{domain} has no MX record{why}", _loc(domain)))
    out += evaluate_spf(snap, domain)
    env = (settings.envelope_domain or domain).lower()
    if env != domain:
        out += evaluate_spf(snap, env)
    out += evaluate_dkim(snap)
    dmarc, tags = evaluate_dmarc(snap, (settings.from_domain or domain).lower())
    out += dmarc
    out += evaluate_alignment(snap, settings, tags)
    return out
