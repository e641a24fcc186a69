"""dns.* rules on snapshots built here (no sockets)."""

from __future__ import annotations

import trustme

from launchgate.checks.dns.evaluate import evaluate, evaluate_caa
from launchgate.checks.dns.gather import CaaSet, DnsSnapshot, HostRecords, issuer_identity
from launchgate.checks.dns.schema import Settings
from launchgate.net import DnsAnswer


def ans(name, rdtype, status="ok", records=(), detail=""):
    return DnsAnswer(name=name, rdtype=rdtype, status=status, records=tuple(records), detail=detail)


def host(name, *, a=("192.0.2.1",), cnames=(), status=None, failures=()):
    st = status or ("ok" if a else "nodata")
    final = cnames[-1] if cnames else name
    return HostRecords(host=name, cnames=tuple(cnames), failures=tuple(failures),
                       a=ans(final, "A", st, a),
                       aaaa=ans(final, "AAAA", "nodata" if st == "ok" else st))


def found(findings):
    return {(f.rule.id, f.location.url) for f in findings}


RAW = {"check_www": True, "require_caa": True}
SETTINGS = Settings.of(RAW)
CAA_OK = (CaaSet(host="example.test", owner="example.test", records=(("issue", "lab.test"),)),)


def snap(hosts, *, apex=None, www=None, caa=CAA_OK, issuer=None, issuer_caa=None):
    apex = apex or host("example.test")
    www = www or host("www.example.test")
    return DnsSnapshot(domain="example.test", hosts=tuple(hosts), apex=apex, www=www, caa=caa,
                       issuer=issuer,
                       issuer_caa=issuer_caa)


def test_good_domain_has_no_findings():
    good = snap([host("example.test"), host("www.example.test", cnames=("example.test",))])
    assert evaluate(good, SETTINGS) == []


def test_host_unresolved_bad_and_good():
    bad = snap([host("api.example.test", a=(), status="nxdomain")])
    out = evaluate(bad, SETTINGS)
    assert found(out) == {("dns.host-unresolved", "dns:api.example.test")}
    assert out[0].message == "api.example.test does not exist (NXDOMAIN)"
    assert evaluate(snap([host("api.example.test")]), SETTINGS) == []


def test_dangling_cname_bad_and_good():
    bad = snap([host("shop.example.test", a=(), cnames=("gone.herokuapp.test",),
                     status="nxdomain")])
    out = evaluate(bad, SETTINGS)
    assert found(out) == {("dns.dangling-cname", "dns:shop.example.test")}
    assert "CNAME to gone.herokuapp.test, which does not exist" in out[0].message
    assert evaluate(snap([host("shop.example.test", cnames=("live.cdn.test",))]), SETTINGS) == []


def test_lookup_failed_is_not_an_absence():
    refused = ans("api.example.test", "A", "refused")
    bad = snap([HostRecords(host="api.example.test", failures=(refused,))])
    out = evaluate(bad, SETTINGS)
    assert found(out) == {("dns.lookup-failed", "dns:api.example.test")}
    assert "REFUSED" in out[0].message
    servfail = ans("api.example.test", "CNAME", "servfail")
    out = evaluate(snap([HostRecords(host="api.example.test", failures=(servfail,))]), SETTINGS)
    assert found(out) == {("dns.lookup-failed", "dns:api.example.test")}
    assert "SERVFAIL" in out[0].message


def test_www_missing_bad_and_good():
    bad = snap([host("example.test")], www=host("www.example.test", a=(), status="nxdomain"))
    assert found(evaluate(bad, SETTINGS)) == {("dns.www-missing", "dns:www.example.test")}
    assert evaluate(bad, Settings.of({**RAW, "check_www": False})) == []
    apex_missing = snap([], apex=host("example.test", a=()))
    assert found(evaluate(apex_missing, SETTINGS)) == {("dns.www-missing", "dns:example.test")}


def test_caa_missing_bad_and_good():
    bare = (CaaSet(host="example.test"),)
    assert found(evaluate(snap([host("example.test")], caa=bare), SETTINGS)) == {
        ("dns.caa-missing", "dns:example.test")
    }
    assert evaluate(snap([host("example.test")], caa=bare),
                    Settings.of({**RAW, "require_caa": False})) == []


def test_caa_forbids_issuer_bad_and_good():
    le_only = (CaaSet(host="example.test", owner="example.test",
                      records=(("issue", "letsencrypt.org"),)),)
    out = evaluate_caa("example.test", le_only, require=True, issuer="DigiCert Inc",
                       issuer_caa="digicert.com")
    assert found(out) == {("dns.caa-forbids-issuer", "dns:example.test")}
    assert "allows only letsencrypt.org" in out[0].message
    assert evaluate_caa("example.test", le_only, require=True, issuer="Let's Encrypt",
                        issuer_caa="letsencrypt.org") == []
    # an unknown CA cannot be judged: no finding rather than a guess
    assert evaluate_caa("example.test", le_only, require=True, issuer="Some CA",
                        issuer_caa=None) == []


def test_issuer_identity_maps_known_and_configured_cas():
    ca = trustme.CA(organization_name="Let's Encrypt")
    der = ca.issue_cert("x.test").cert_chain_pems[0].bytes()
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(der)
    from cryptography.hazmat.primitives.serialization import Encoding

    raw = cert.public_bytes(Encoding.DER)
    assert issuer_identity(raw, {}) == ("Let's Encrypt", "letsencrypt.org")
    other = trustme.CA(organization_name="Corp Root")
    raw2 = x509.load_pem_x509_certificate(
        other.issue_cert("x.test").cert_chain_pems[0].bytes()
    ).public_bytes(Encoding.DER)
    assert issuer_identity(raw2, {}) == ("Corp Root", None)
    assert issuer_identity(raw2, {"corp root": "ca.corp.test"}) == ("Corp Root", "ca.corp.test")
