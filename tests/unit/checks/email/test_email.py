"""email.* rules on DNS snapshots built here (no sockets)."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from launchgate.checks.email import evaluate as mail
from launchgate.checks.email.schema import Settings
from launchgate.net import DnsAnswer
from tests.integration.lab_edge import weak_rsa_key

D = "example.test"
RAW = {"receives_mail": True, "dkim_selectors": [], "senders": []}
SETTINGS = Settings.of(RAW)


def ans(name, rdtype, records=(), status=None):
    return DnsAnswer(name=name, rdtype=rdtype, status=status or ("ok" if records else "nodata"),
                     records=tuple(records))


def dkim_record(key) -> str:
    der = key.public_bytes(serialization.Encoding.DER,
                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()


def snapshot(*, txt=("v=spf1 mx -all",), mx=("10 mx.example.test.",),
             dmarc=("v=DMARC1; p=reject; " "rua=mailto:d@example.test",),
             extra=(), selectors=()):
    answers = {(D, "TXT"): ans(D, "TXT", txt), (D, "MX"): ans(D, "MX", mx),
               (f"_dmarc.{D}", "TXT"): ans(f"_dmarc.{D}", "TXT", dmarc, None if dmarc
                                           else "nxdomain")}
    for a in extra:
        answers[(a.name, a.rdtype)] = a
    return mail.MailSnapshot(domain=D, answers=answers, selectors=tuple(selectors))


def found(findings):
    return {(f.rule.id, f.location.url) for f in findings}


def ids(findings):
    return {f.rule.id for f in findings}


def test_good_domain_has_no_findings():
    assert mail.evaluate(snapshot(), SETTINGS) == []


def test_mx_missing_bad_and_good():
    assert found(mail.evaluate(snapshot(mx=()), SETTINGS)) == {("email.mx-missing", f"dns:{D}")}
    assert mail.evaluate(snapshot(mx=()), Settings.of({**RAW, "receives_mail": False})) == []


def test_spf_missing_and_multiple():
    assert ids(mail.evaluate(snapshot(txt=("google-site-verification=x",)),
                             SETTINGS)) == {"email.spf-missing"}
    out = mail.evaluate(snapshot(txt=("v=spf1 -all", "v=spf1 mx -all")), SETTINGS)
    assert ids(out) == {"email.spf-multiple"}
    assert "2 SPF records" in out[0].message


def test_spf_invalid_bad_and_good():
    out = mail.evaluate(snapshot(txt=("v=spf1 ip4:300.1.1.1 foo -all",)), SETTINGS)
    assert ids(out) == {"email.spf-invalid"}
    assert {f.message for f in out} == {"SPF of example.test: invalid ip4 network in "
                                        "'ip4:300.1.1.1' (example.test)",
                                        "SPF of example.test: unknown term 'foo' in the SPF "
                                        "record of example.test"}
    # an include of a domain without SPF is a permanent error
    inc = snapshot(txt=("v=spf1 include:nospf.test -all",),
                   extra=(ans("nospf.test", "TXT", ("hello",)),))
    assert ids(mail.evaluate(inc, SETTINGS)) == {"email.spf-permerror"}
    assert mail.evaluate(snapshot(txt=("v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all",)),
                         SETTINGS) == []


def test_spf_permissive_all():
    plus = mail.evaluate(snapshot(txt=("v=spf1 +all",)), SETTINGS)
    assert ids(plus) == {"email.spf-permissive-all"} and plus[0].severity.label == "high"
    neutral = mail.evaluate(snapshot(txt=("v=spf1 mx ?all",)), SETTINGS)
    assert ids(neutral) == {"email.spf-permissive-all"} and neutral[0].severity.label == "medium"
    assert ids(mail.evaluate(snapshot(txt=("v=spf1 mx",)),
                             SETTINGS)) == {"email.spf-permissive-all"}
    assert mail.evaluate(snapshot(txt=("v=spf1 mx ~all",)), SETTINGS) == []


def test_spf_lookup_count_follows_rfc7208_including_nested_and_voids():
    incs = [ans(f"i{i}.test", "TXT", ("v=spf1 a mx -all",)) for i in range(4)]
    addrs = [ans(f"i{i}.test", t, ("192.0.2.1",) if t == "A" else ("10 mx.test.",))
             for i in range(4) for t in ("A", "MX")]
    record = "v=spf1 " + " ".join(f"include:i{i}.test" for i in range(4)) + " -all"
    out = mail.evaluate(snapshot(txt=(record,), extra=(*incs, *addrs)), SETTINGS)
    assert ids(out) == {"email.spf-too-many-lookups"}
    assert out[0].message.startswith("SPF of example.test needs more than 10 DNS-querying terms "
                                     "(limit 10; evaluation stops at a (i3.test)): "
                                     "include:i0.test (example.test), ")
    # exactly 10 is allowed; ip4/ip6/all do not count
    ten = "v=spf1 " + " ".join(f"include:i{i}.test" for i in range(3)) + " a ip4:192.0.2.1 -all"
    extra = (*incs, *addrs, ans(D, "A", ("192.0.2.9",)))
    assert mail.evaluate(snapshot(txt=(ten,), extra=extra), SETTINGS) == []
    # three void lookups (names with no records) exceed the void limit of 2
    voids = "v=spf1 a:v1.test a:v2.test a:v3.test -all"
    vs = tuple(ans(f"v{i}.test", "A", (), "nxdomain") for i in (1, 2, 3))
    out = mail.evaluate(snapshot(txt=(voids,), extra=vs), SETTINGS)
    assert ids(out) == {"email.spf-too-many-lookups"}
    assert (
        "more than 2 void lookups (limit 2; evaluation stops at a:v3.test (example.test))"
        in out[0].message
    )


def fan_out(width: int, depth: int) -> list[DnsAnswer]:
    """A tree of includes ``width`` wide and ``depth`` deep whose leaves include the top again: once
    exponential to walk (width ** depth paths), and a loop."""
    out = []
    for level in range(depth):
        for i in range(width):
            name = f"n{level}-{i}.test"
            kids = [f"n{level + 1}-{j}.test" for j in range(width)] if level + 1 < depth else [D]
            out.append(ans(name, "TXT",
                           ("v=spf1 " + " ".join(f"include:{k}" for k in kids) + " -all",)))
    return out


def test_spf_include_fan_out_is_bounded_and_a_loop_is_a_permerror():
    import time

    top = "v=spf1 " + " ".join(f"include:n0-{i}.test" for i in range(4)) + " -all"
    started = time.perf_counter()
    out = mail.evaluate(snapshot(txt=(top,), extra=fan_out(4, 12)), SETTINGS)
    assert time.perf_counter() - started < 0.5  # each domain once, stopped at the 11th lookup
    assert ids(out) == {"email.spf-too-many-lookups"}
    # two domains, few lookups, including each other: the loop is named
    loop = snapshot(txt=("v=spf1 include:b.test -all",),
                    extra=(ans("b.test", "TXT", (f"v=spf1 include:{D} -all",)),))
    assert [(f.rule.id, f.message) for f in mail.evaluate(loop, SETTINGS)] == [
        ("email.spf-permerror", "SPF of example.test: include loop: example.test -> b.test -> "
         "example.test")]
    # a diamond (two includes of one domain) is no loop: the domain's record is walked once, both
    # lookups count
    diamond = snapshot(txt=("v=spf1 include:b.test include:c.test -all",),
                       extra=(ans("b.test", "TXT", ("v=spf1 include:d.test -all",)),
                              ans("c.test", "TXT", ("v=spf1 include:d.test -all",)),
                              ans("d.test", "TXT", ("v=spf1 ip4:192.0.2.1 -all",))))
    assert mail.evaluate(diamond, SETTINGS) == []


def test_dkim_missing_weak_and_good():
    sel = f"s1._domainkey.{D}"
    strong = dkim_record(rsa.generate_private_key(65537, 2048).public_key())
    weak = dkim_record(weak_rsa_key(768))
    good = snapshot(selectors=("s1",), extra=(ans(sel, "TXT", (strong,)),))
    assert mail.evaluate(good, SETTINGS) == []
    bad = snapshot(selectors=("s1",), extra=(ans(sel, "TXT", (weak,)),))
    out = mail.evaluate(bad, SETTINGS)
    assert found(out) == {("email.dkim-weak-key", f"dns:{sel}")}
    assert out[0].message == f"DKIM key at {sel} is RSA 768 bits (minimum 1024)"
    missing = snapshot(selectors=("s1",), extra=(ans(sel, "TXT", (), "nxdomain"),))
    assert found(mail.evaluate(missing, SETTINGS)) == {("email.dkim-missing", f"dns:{sel}")}
    revoked = snapshot(selectors=("s1",), extra=(ans(sel, "TXT", ("v=DKIM1; p=",)),))
    assert ids(mail.evaluate(revoked, SETTINGS)) == {"email.dkim-missing"}
    ed = ed25519.Ed25519PrivateKey.generate().public_key()
    edrec = "v=DKIM1; k=ed25519; p=" + base64.b64encode(ed.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()
    assert mail.evaluate(snapshot(selectors=("s1",), extra=(ans(sel, "TXT", (edrec,)),)),
                         SETTINGS) == []


def test_dmarc_missing_invalid_and_weaker_findings():
    missing = mail.evaluate(snapshot(dmarc=()), SETTINGS)
    assert found(missing) == {("email.dmarc-missing", f"dns:_dmarc.{D}")}
    invalid = mail.evaluate(snapshot(dmarc=("v=DMARC1; p=maybe",)), SETTINGS)
    assert ids(invalid) == {"email.dmarc-invalid"}
    assert ids(mail.evaluate(snapshot(dmarc=("v=DMARC1; p=reject", "v=DMARC1; p=none")),
                             SETTINGS)) == {"email.dmarc-invalid"}
    none = mail.evaluate(snapshot(dmarc=("v=DMARC1; p=none; pct=20",)), SETTINGS)
    assert ids(none) == {"email.dmarc-not-enforced", "email.dmarc-partial",
                         "email.dmarc-no-reporting"}
    sev = {f.rule.id: f.severity for f in none}
    # p=none is weaker than no DMARC at all
    assert sev["email.dmarc-not-enforced"] < missing[0].severity


def test_dmarc_falls_back_to_the_organizational_domain():
    sub = "mail.example.test"
    answers = {(sub, "TXT"): ans(sub, "TXT", ("v=spf1 -all",)),
               (sub, "MX"): ans(sub, "MX", ("0 .",)),
               (f"_dmarc.{sub}", "TXT"): ans(f"_dmarc.{sub}", "TXT", (), "nxdomain"),
               (f"_dmarc.{D}", "TXT"): ans(f"_dmarc.{D}", "TXT",
                                           ("v=DMARC1; p=reject; " "rua=mailto:d@example.test",))}
    assert mail.evaluate(mail.MailSnapshot(domain=sub, answers=answers), SETTINGS) == []
    no_org = {**answers, (f"_dmarc.{D}", "TXT"): ans(f"_dmarc.{D}", "TXT", (), "nxdomain")}
    assert found(mail.evaluate(mail.MailSnapshot(domain=sub, answers=no_org), SETTINGS)) == {
        # neither the subdomain nor the org domain has one
        ("email.dmarc-missing", f"dns:_dmarc.{sub}")}


def test_alignment_bad_and_good():
    strict = snapshot(dmarc=("v=DMARC1; p=reject; aspf=s; adkim=s; rua=mailto:d@example.test",),
                      extra=(ans("bounce.example.test", "TXT", ("v=spf1 -all",)),))
    settings = Settings.of({**RAW, "envelope_domain": "bounce.example.test",
                            "dkim_domain": "mailer.test"})
    out = mail.evaluate(strict, settings)
    assert found(out) == {("email.alignment", f"dns:{D}")}
    relaxed = snapshot(extra=(ans("bounce.example.test", "TXT", ("v=spf1 -all",)),))
    # relaxed: bounce.example.test aligns with example.test
    assert mail.evaluate(relaxed, settings) == []


def test_configured_sender_missing_from_spf():
    settings = Settings.of({**RAW, "senders": ["include:_spf.mailer.test"]})
    out = mail.evaluate(snapshot(), settings)
    assert found(out) == {("email.alignment", f"dns:{D}")}
    assert "does not authorise the configured sender include:_spf.mailer.test" in out[0].message
    ok = snapshot(txt=("v=spf1 include:_spf.mailer.test -all",),
                  extra=(ans("_spf.mailer.test", "TXT", ("v=spf1 ip4:192.0.2.0/24 -all",)),))
    assert mail.evaluate(ok, settings) == []


def test_failed_lookups_become_dns_lookup_failed_not_missing():
    answers = {(D, "TXT"): ans(D, "TXT", (), "refused"), (D, "MX"): ans(D, "MX", (), "timeout"),
               (f"_dmarc.{D}", "TXT"): ans(f"_dmarc.{D}", "TXT", (), "servfail")}
    out = mail.evaluate(mail.MailSnapshot(domain=D, answers=answers), SETTINGS)
    assert ids(out) == {"dns.lookup-failed"}
    assert {f.message.split(":")[0] for f in out} == {"example.test TXT", "example.test MX",
                                                      "_dmarc.example.test TXT"}
