"""targets.expect and targets.subdomains in the dns check, on records built here (no sockets)."""

from __future__ import annotations

import pytest

from launchgate.checks import ALL
from launchgate.checks.dns.expect import evaluate_expectation, evaluate_extra, evaluate_subdomain
from launchgate.checks.dns.gather import HostRecords
from launchgate.config import ConfigError, build_schema, load
from launchgate.net import DnsAnswer
from launchgate.net.targets import Expectation, Targets


def ans(name, rdtype, *records, status=None):
    return DnsAnswer(name=name, rdtype=rdtype, status=status or ("ok" if records else "nodata"),
                     records=tuple(records))


def rec(host, *, cnames=(), a=(), aaaa=(), status=None):
    last = cnames[-1] if cnames else host
    v4, v6 = ans(last, "A", *a, status=status), ans(last, "AAAA", *aaaa, status=status)
    return HostRecords(host=host, cnames=tuple(cnames), a=v4, aaaa=v6,
                       failures=tuple(x for x in (v4, v6) if x.failed))  # as gather_host does


def found(findings):
    return {(f.rule.id, f.location.url) for f in findings}


def test_cname_pin_matches_anywhere_on_the_chain_and_a_different_target_is_a_mismatch():
    exp = Expectation(host="api.shop.test", cname="api-prod.fly.dev")
    good = rec("api.shop.test", cnames=("api-prod.fly.dev", "edge.fly.dev"), a=("192.0.2.1",))
    assert evaluate_expectation(good, exp) == []
    bad = evaluate_expectation(rec("api.shop.test", cnames=("old-app.herokudns.test",),
                                   a=("192.0.2.9",)), exp)
    assert found(bad) == {("dns.record-mismatch", "dns:api.shop.test")}
    assert bad[0].message == ("api.shop.test is a CNAME to old-app.herokudns.test; "
                              "targets.expect says CNAME api-prod.fly.dev")
    plain = evaluate_expectation(rec("api.shop.test", a=("192.0.2.1",)), exp)
    assert plain[0].message.startswith("api.shop.test resolves to 192.0.2.1;")


def test_address_pin_wants_exactly_the_listed_set():
    exp = Expectation(host="shop.test", a=("192.0.2.1", "192.0.2.2"), aaaa=("2001:db8::1",))
    same = rec("shop.test", a=("192.0.2.2", "192.0.2.1"), aaaa=("2001:0db8:0:0::1",))
    assert evaluate_expectation(same, exp) == []
    extra = rec("shop.test", a=("192.0.2.1", "192.0.2.2", "198.51.100.7"), aaaa=("2001:db8::1",))
    assert found(evaluate_expectation(extra, exp)) == {("dns.record-mismatch", "dns:shop.test")}
    missing = evaluate_expectation(rec("shop.test", status="nxdomain"), exp)
    assert missing[0].message == ("shop.test does not resolve; targets.expect says "
                                  "A 192.0.2.1, 192.0.2.2 and AAAA 2001:db8::1")


def test_a_failing_lookup_is_a_lookup_failure_not_a_mismatch():
    exp = Expectation(host="shop.test", a=("192.0.2.1",))
    out = evaluate_expectation(rec("shop.test", status="servfail"), exp)
    assert {f.rule.id for f in out} == {"dns.lookup-failed"}


def test_an_existing_subdomain_may_dangle_and_an_absent_one_is_silent():
    dangling = rec("app.shop.test", cnames=("shop-app.netlify.test",), status="nxdomain")
    assert found(evaluate_subdomain(dangling)) == {("dns.dangling-cname", "dns:app.shop.test")}
    assert evaluate_subdomain(rec("admin.shop.test", status="nxdomain")) == []
    assert evaluate_subdomain(rec("api.shop.test", a=("192.0.2.1",))) == []


def test_targets_read_subdomains_expect_and_origin():
    t = Targets.of({"targets": {
        "domain": "shop.test", "hosts": ["shop.test", "www.shop.test"],
        "subdomains": ["www", "api", "status.other.test"], "origin": " 203.0.113.5 ",
        "expect": {"api": {"cname": "API-prod.fly.dev."}, "@": {"a": ["192.0.2.1"]}}}})
    assert t.subdomains == ("api.shop.test", "status.other.test")  # www is already a host
    assert t.origin == "203.0.113.5"
    assert t.expect == (Expectation(host="api.shop.test", cname="api-prod.fly.dev"),
                        Expectation(host="shop.test", a=("192.0.2.1",)))
    records = {"api.shop.test": rec("api.shop.test", cnames=("api-prod.fly.dev",),
                                    a=("192.0.2.3",)),
               "shop.test": rec("shop.test", a=("192.0.2.8",))}
    assert found(evaluate_extra(records, t)) == {("dns.record-mismatch", "dns:shop.test")}
    assert Targets.of({"targets": {"hosts": ["a.test"], "subdomains": ["www"]}}).subdomains == ()


@pytest.mark.parametrize(("text", "error"), [
    ("targets:\n  hosts: [a.test]\n  expect: {api: {cname: x.test}}\n",
     "launchgate.yml:2: targets: 'domain' is a dependency of 'expect'"),
    ("targets:\n  domain: a.test\n  expect: {api: {}}\n",
     "launchgate.yml:4: targets.expect.api: {} should be non-empty"),
    ("targets:\n  domain: a.test\n  expect: {api: {a: [localhost]}}\n",
     "launchgate.yml:4: targets.expect.api.a.0: 'localhost' does not match"),
])
def test_bad_expectations_are_one_line_config_errors(tmp_path, text, error):
    p = tmp_path / "launchgate.yml"
    p.write_text("version: 1\n" + text)
    with pytest.raises(ConfigError) as exc:
        load(p, build_schema(ALL), {})
    assert str(exc.value).startswith(error)
