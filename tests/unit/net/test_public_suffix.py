"""The organisational domain comes from the Public Suffix List: multi-label (co.uk) and private
(github.io, vercel.app) suffixes, and what DMARC alignment and its record lookup make of it."""

from __future__ import annotations

import pytest

from launchgate.checks.email import evaluate as mail
from launchgate.checks.email.schema import Settings
from launchgate.net import DnsAnswer
from launchgate.net.targets import org_domain, public_suffix


@pytest.mark.parametrize(("host", "suffix", "org"), [
    ("shop.example.co.uk", "co.uk", "example.co.uk"),
    ("a.b.example.com.au", "com.au", "example.com.au"),
    # private section: each user's site is its own org
    ("docs.me.github.io", "github.io", "me.github.io"),
    ("my-app.vercel.app", "vercel.app", "my-app.vercel.app"),
    ("WWW.Example.COM.", "com", "example.com"),
    ("app.marketplace.test", "test", "marketplace.test"),   # an unlisted TLD is a one-label suffix
    # a suffix itself is its own organisational domain
    ("github.io", "github.io", "github.io"),
    ("localhost", "localhost", "localhost"),
])
def test_suffix_and_organisational_domain(host: str, suffix: str, org: str) -> None:
    assert (public_suffix(host), org_domain(host)) == (suffix, org)


def ans(name: str, records: tuple[str, ...] = (), status: str | None = None) -> DnsAnswer:
    return DnsAnswer(name=name, rdtype="TXT", status=status or ("ok" if records else "nodata"),
                     records=records)


def snapshot(domain: str, *extra: DnsAnswer) -> mail.MailSnapshot:
    answers = {(domain, "TXT"): ans(domain, ("v=spf1 -all",)),
               (domain, "MX"): DnsAnswer(name=domain, rdtype="MX", status="ok", records=("0 .",)),
               (f"_dmarc.{domain}", "TXT"): ans(f"_dmarc.{domain}",
                                                ("v=DMARC1; p=reject; " "rua=mailto:d@x.test",))}
    answers.update({(a.name, a.rdtype): a for a in extra})
    return mail.MailSnapshot(domain=domain, answers=answers)


def alignment(domain: str, envelope: str) -> set[str]:
    settings = Settings.of({"receives_mail": False, "dkim_selectors": [], "senders": [],
                            "envelope_domain": envelope, "dkim_domain": envelope})
    return {f.rule.id
            for f in mail.evaluate(snapshot(domain, ans(envelope, ("v=spf1 -all",))), settings)}


def test_relaxed_alignment_does_not_join_two_sites_under_a_private_suffix() -> None:
    # me.github.io and evil.github.io are different owners: the old two-label rule called both
    # "github.io"
    assert alignment("me.github.io", "bounce.evil.github.io") == {"email.alignment"}
    assert alignment("shop.vercel.app", "other.vercel.app") == {"email.alignment"}
    assert alignment("example.co.uk", "bounce.evil.co.uk") == {"email.alignment"}


def test_relaxed_alignment_holds_inside_one_organisational_domain() -> None:
    assert alignment("me.github.io", "bounce.me.github.io") == set()
    assert alignment("example.co.uk", "bounce.mail.example.co.uk") == set()


def test_dmarc_falls_back_to_the_psl_organisational_domain_not_the_suffix() -> None:
    sub, org = "mail.me.github.io", "me.github.io"
    answers = {**snapshot(sub).answers,
               (f"_dmarc.{sub}", "TXT"): ans(f"_dmarc.{sub}", (), "nxdomain"),
               (f"_dmarc.{org}", "TXT"): ans(f"_dmarc.{org}",
                                             ("v=DMARC1; p=reject; " "rua=mailto:d@x.test",))}
    assert mail.dmarc_owner(mail.MailSnapshot(domain=sub, answers=answers),
                            sub)[0] == f"_dmarc.{org}"
    # a record at the shared suffix is not the site's: _dmarc.github.io is never consulted for it
    other = {**answers, (f"_dmarc.{org}", "TXT"): ans(f"_dmarc.{org}", (), "nxdomain"),
             ("_dmarc.github.io", "TXT"): ans("_dmarc.github.io", ("v=DMARC1; p=none",))}
    assert mail.dmarc_owner(mail.MailSnapshot(domain=sub, answers=other), sub)[0] == f"_dmarc.{sub}"
