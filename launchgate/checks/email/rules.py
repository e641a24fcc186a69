"""The rules of the ``email`` check: MX, SPF, DKIM, DMARC and alignment."""

from __future__ import annotations

from launchgate.checks.dns.rules import LOOKUP_FAILED
from launchgate.model import Rule, Severity


def _rule(id: str, title: str, sev: Severity, why: str, fix: str, *, suppress: str = "") -> Rule:
    return Rule(id=id, title=title, severity=sev, why=why, fix=fix, suppress=suppress)


MX_MISSING = _rule("email.mx-missing", "Domain has no MX record", Severity.MEDIUM,
                   "Replies and bounces to the domain cannot be delivered, and some receivers "
                   "distrust senders whose domain cannot receive mail.",
                   "Publish MX records, or a null MX (`0 .`) if the domain never receives mail.",
                   suppress="Set email.receives_mail: false for a domain that deliberately "
                   "receives no mail.")
SPF_MISSING = _rule("email.spf-missing", "No SPF record", Severity.HIGH,
                    "Without SPF anyone can send mail as the domain, and receivers put your own "
                    "mail in spam.",
                    "Publish one TXT record `v=spf1 <your senders> -all` (or `v=spf1 -all` if you "
                    "send no mail).")
SPF_MULTIPLE = _rule("email.spf-multiple", "More than one SPF record", Severity.HIGH,
                     "RFC 7208 makes two `v=spf1` records a permanent error: SPF fails for all "
                     "your mail.",
                     "Merge the records into a single `v=spf1` TXT record.")
SPF_INVALID = _rule("email.spf-invalid", "SPF record does not parse", Severity.HIGH,
                    "A syntax error is a permanent error (RFC 7208 §4.6): SPF fails for all your "
                    "mail.",
                    "Fix the term named in the message; check it with an SPF validator.")
SPF_PERMERROR = _rule("email.spf-permerror", "SPF evaluation ends in a permanent error",
                      Severity.HIGH,
                      "An include loop or an included domain without exactly one SPF record is a "
                      "permanent error (RFC 7208 §5.2): receivers fail SPF for all your mail.",
                      "Fix or remove the include named in the message; every included domain "
                      "needs one v=spf1 record and none may include itself back.")
SPF_PERMISSIVE_ALL = _rule("email.spf-permissive-all", "SPF does not end with -all or ~all",
                           Severity.HIGH,
                           "`+all` authorises the whole internet; `?all` or no `all` leaves "
                           "spoofed mail neutral.",
                           "End the record with `-all` (or `~all` while you roll it out).")
SPF_PERMERROR = _rule("email.spf-permerror", "SPF evaluation ends in a permanent error",
                      Severity.HIGH,
                      "An include loop or an included domain without exactly one SPF record is a "
                      "permanent error (RFC 7208 §5.2): receivers fail SPF for all your mail.",
                      "Fix or remove the include named in the message; every included domain "
                      "needs one v=spf1 record and none may include itself back.")
SPF_TOO_MANY_LOOKUPS = _rule("email.spf-too-many-lookups", "SPF needs more than 10 DNS lookups",
                             Severity.HIGH,
                             "Receivers stop at 10 DNS-querying terms (or 2 void lookups) and "
                             "fail SPF (RFC 7208 §4.6.4).",
                             "Remove unused includes, replace `a`/`mx` with ip4/ip6, or flatten "
                             "includes.")
DKIM_MISSING = _rule("email.dkim-missing", "DKIM key missing at a configured selector",
                     Severity.MEDIUM,
                     "Without a published key receivers cannot verify signatures, and DMARC "
                     "relies on SPF alone.",
                     "Publish the selector's TXT record `v=DKIM1; k=rsa; p=<key>` from your mail "
                     "provider.")
DKIM_WEAK_KEY = _rule("email.dkim-weak-key", "DKIM key shorter than 1024 bits", Severity.HIGH,
                      "Keys under 1024 bits can be factored; receivers ignore such signatures.",
                      "Rotate to a 2048-bit RSA (or Ed25519 alongside RSA) key.")
DMARC_MISSING = _rule("email.dmarc-missing", "No DMARC record", Severity.HIGH,
                      "Without DMARC receivers have no policy for mail that fails SPF and DKIM: "
                      "spoofing works, and Gmail/Yahoo bulk-sender rules reject or junk your mail.",
                      "Publish `_dmarc.<domain> TXT \"v=DMARC1; p=quarantine; "
                      "rua=mailto:dmarc@<domain>\"`.")
DMARC_INVALID = _rule("email.dmarc-invalid", "DMARC record does not parse", Severity.HIGH,
                      "An invalid (or duplicated) DMARC record is ignored: as if there were none.",
                      "Fix the tag named in the message; keep exactly one record starting with "
                      "`v=DMARC1`.")
DMARC_NOT_ENFORCED = _rule("email.dmarc-not-enforced", "DMARC policy is p=none", Severity.MEDIUM,
                           "p=none only monitors: spoofed mail is still delivered.",
                           "Once reports show your senders pass, move to p=quarantine, then "
                           "p=reject.")
DMARC_PARTIAL = _rule("email.dmarc-partial", "DMARC applies to less than 100% of mail",
                      Severity.LOW,
                      "With pct<100 part of the failing mail escapes the policy.",
                      "Raise pct to 100 (or drop the tag) once the rollout is done.")
DMARC_NO_REPORTING = _rule("email.dmarc-no-reporting", "DMARC record has no rua address",
                           Severity.LOW,
                           "Without aggregate reports you cannot see who sends as your domain or "
                           "what fails.",
                           "Add `rua=mailto:<address>` to the DMARC record.")
ALIGNMENT = _rule("email.alignment", "Mail would fail DMARC alignment", Severity.MEDIUM,
                  "DMARC passes only when SPF or DKIM passes for a domain aligned with the From "
                  "domain.",
                  "Send with a Return-Path and a DKIM d= domain under the From domain, and list "
                  "every sending service in SPF.")

# A failing nameserver is dns.lookup-failed, declared once by the dns family and listed here too.
RULES = (MX_MISSING, SPF_MISSING, SPF_MULTIPLE, SPF_INVALID, SPF_PERMERROR, SPF_PERMISSIVE_ALL,
         SPF_TOO_MANY_LOOKUPS, DKIM_MISSING, DKIM_WEAK_KEY, DMARC_MISSING, DMARC_INVALID,
         DMARC_NOT_ENFORCED,
         DMARC_PARTIAL, DMARC_NO_REPORTING, ALIGNMENT, LOOKUP_FAILED)
