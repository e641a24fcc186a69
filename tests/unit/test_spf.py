"""RFC 7208 syntax in the SPF walker: each class of error the RFC 7208 test suite taught us
(domain-spec and top labels, CIDR lengths, macros, modifiers, separators, the MX limit), a bad and a
good record each. benchmarks/spf_rfc7208.py runs the whole suite beside pyspf."""

from __future__ import annotations

import pytest

from launchgate.net import DnsAnswer
from launchgate.spf import MailSnapshot, walk_spf

DOMAIN = "example.test"


def snap(record: str, *extra: DnsAnswer) -> MailSnapshot:
    answers = {(DOMAIN, "TXT"): DnsAnswer(name=DOMAIN, rdtype="TXT", status="ok",
                                          records=(record,))}
    answers |= {(a.name, a.rdtype): a for a in extra}
    return MailSnapshot(domain=DOMAIN, answers=answers)


def errors(record: str) -> list[str]:
    return walk_spf(snap(record), DOMAIN).errors


@pytest.mark.parametrize(("bad", "problem"), [
    ("v=spf1 a:foo-bar -all", "domain 'foo-bar' has no dot before its top label"),
    ("v=spf1 a:museum. -all", "domain 'museum.' has no dot before its top label"),
    ("v=spf1 a:111.222.33.44 -all", "invalid top label '44'"),
    ("v=spf1 mx:example.-com -all", "invalid top label '-com'"),
    ("v=spf1 a:example.com:8080 -all", "invalid top label 'com:8080'"),
    ("v=spf1 include:ip5.example.test/24 -all", "invalid top label 'test/24'"),
    ("v=spf1 a: -all", "empty domain"),
    ("v=spf1 ptr: -all", "empty domain"),
    ("v=spf1 a:foo.example.test\x00 -all", "character '\\x00' is not allowed"),
    ("v=spf1 a:ctrl.example.test\rptr -all", "character '\\r' is not allowed"),
    ("v=spf1 a:\u00efgarbage.example.net -all", "character '\u00ef' is not allowed"),
])
def test_a_domain_spec_that_does_not_parse_is_invalid(bad: str, problem: str) -> None:
    term = bad.split(" ")[1]
    assert errors(bad) == [f"{problem} in {term!r} ({DOMAIN})"]


@pytest.mark.parametrize("good", [
    "v=spf1 a:mail.example.test mx:mx.example.test. include:_spf.example.test -all",
    "v=spf1 a:a-b.c-1 ptr:example.test ptr exists:%{i}.bl.example.test -all",
    "v=spf1 a:%{d} exists:%{ir}.%{v}._spf.%{d2} include:%{l1r+-}.example.test ~all",
    "v=spf1  a   mx  -all ",  # several spaces between terms are allowed
])
def test_valid_domain_specs_and_macros_parse(good: str) -> None:
    assert errors(good) == []


@pytest.mark.parametrize(("bad", "problem"), [
    ("v=spf1 -all:foobar", "all takes no argument"),
    ("v=spf1 -all/8", "all takes no argument"),
    ("v=spf1 ptr/0 -all", "ptr takes no CIDR length"),
    ("v=spf1 a/33 -all", "invalid CIDR length /33"),
    ("v=spf1 mx//129 -all", "invalid CIDR length /129"),
    ("v=spf1 a/24/64 -all", "invalid CIDR length"),
    ("v=spf1 ip4:192.0.2.4/032 -all", "invalid CIDR length /032"),
    ("v=spf1 ip6:2001:db8::/129 -all", "invalid CIDR length /129"),
    ("v=spf1 ip4:2001:db8::1 -all", "ip4 with an IPv6 address"),
])
def test_mechanism_arguments_and_cidr_lengths(bad: str, problem: str) -> None:
    term = bad.split(" ")[1]
    assert errors(bad) == [f"{problem} in {term!r} ({DOMAIN})"]


def test_valid_cidr_lengths_parse() -> None:
    assert errors("v=spf1 a/24 mx//64 a:mail.example.test/0//0 ip4:192.0.2.0/32 ip6:2001:db8::/128 "
                  "ip4:192.0.2.1 -all") == []


@pytest.mark.parametrize(("bad", "problem"), [
    ("v=spf1 -exists:%(ir).sbl.example.test ?all", "'%' must be followed by {, %, _ or -"),
    ("v=spf1 exists:foo%.sbl.example.test ?all", "'%' must be followed by {, %, _ or -"),
    ("v=spf1 a:%{a}.example.test -all", "macro letter 'a' is not allowed (only slodipvh outside "
     "exp text)"),
    ("v=spf1 -all exp=%{r}.example.test", "macro letter 'r' is not allowed (only slodipvh outside "
     "exp text)"),
    ("v=spf1 -all foo=%abc", "'%' must be followed by {, %, _ or -"),
])
def test_macro_syntax(bad: str, problem: str) -> None:
    assert len(errors(bad)) == 1 and errors(bad)[0].startswith(problem)


@pytest.mark.parametrize(("bad", "problem"), [
    ("v=spf1 redirect=-all ?all", "domain '-all' has no dot before its top label"),
    ("v=spf1 ?all redirect=", "empty domain"),
    ("v=spf1 exp= -all", "empty domain"),
    ("v=spf1 redirect=a.example.test -all redirect=a.example.test", "redirect= appears twice"),
    ("v=spf1 exp=a.example.test -all exp=b.example.test", "exp= appears twice"),
])
def test_modifier_syntax(bad: str, problem: str) -> None:
    assert [e.split(" in ")[0] for e in errors(bad)] == [problem]


def test_valid_modifiers_parse_and_redirect_is_followed() -> None:
    target = DnsAnswer(name="spf.example.test", rdtype="TXT", status="ok", records=("v=spf1 -all",))
    walk = walk_spf(snap("v=spf1 redirect=spf.example.test exp=explain.%{d} x-note=%{d}_%%",
                         target),
                    DOMAIN)
    assert (walk.errors, walk.permerrors, walk.top_all) == ([], [], "redirect")
    assert "spf.example.test" in walk.evaluated


def _mx(n: int) -> DnsAnswer:
    return DnsAnswer(name=DOMAIN, rdtype="MX", status="ok",
                     records=tuple(f"{i} mx{i}.example.test." for i in range(n)))


def test_more_than_ten_mx_records_behind_mx_is_a_permerror() -> None:
    walk = walk_spf(snap("v=spf1 mx -all", _mx(11)), DOMAIN)
    assert walk.permerrors == ["mx (example.test) has 11 MX records: more than 10 is a permanent "
                               "error (RFC 7208 §4.6.4)"]
    assert walk_spf(snap("v=spf1 mx -all", _mx(10)), DOMAIN).permerrors == []
