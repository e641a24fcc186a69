"""The dns, tls and web checks against real servers on loopback: nginx + a local CA, nsd, and
misbehaving asyncio servers written here. Everything binds 127.0.0.1; hosts reach it through
targets.resolve/nameservers.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import socket
import ssl
import struct
import time
from pathlib import Path

import pytest

from launchgate.checks.dns import DnsCheck
from launchgate.checks.email import EmailCheck
from launchgate.checks.tls import TlsCheck
from launchgate.checks.web import WebCheck
from tests.integration.lab_edge import Lab, edge_lab, run_check
from tests.support.servers import LOOPBACK, find_binary

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Lab:
    for binary in ("nginx", "nsd"):
        if find_binary(binary) is None:
            pytest.skip(f"{binary} is not installed (apt-get install nginx-light nsd)")
    with edge_lab(tmp_path_factory.mktemp("edge-lab")) as running:
        yield running


def found(findings):
    return {(f.rule.id, f.location.url) for f in findings}


def run(check, lab, config):
    return asyncio.run(run_check(check, lab, config))


def no_secrets(findings, lab):
    text = "\n".join(f"{f.message}\n{f.evidence}\n{f.location.url}" for f in findings)
    for s in lab.secrets:
        assert s not in text


# -- the good site
# ---------------------------------------------------------------------------------------
def test_good_site_passes_every_edge_check(lab):
    cfg = lab.scenarios()["good"]
    started = time.perf_counter()
    for check in (DnsCheck(), EmailCheck(), TlsCheck(), WebCheck()):
        assert found(run(check, lab, cfg)) == set(), check.id
    assert time.perf_counter() - started < 10


def test_findings_are_anchored_on_the_config_when_one_is_known(lab, tmp_path):
    cfg = lab.scenarios()["bad-tls"]
    ctx = dataclasses.replace(lab.context(cfg), config_path=lab.root / "launchgate.yml",
                              config_lines={"targets.hosts": 7})
    findings = asyncio.run(TlsCheck().run(ctx))
    assert {(f.location.anchor_path, f.location.anchor_line)
            for f in findings} == {("launchgate.yml", 7)}


# -- web
# -------------------------------------------------------------------------------------------------
def test_broken_web_sites(lab):
    findings = run(WebCheck(), lab, lab.scenarios()["bad-web"])
    probe = "launchgate-redirect-check?lg=1"
    assert found(findings) == {
        ("web.redirect-temporary", f"http://bad.test/{probe}"),
        ("web.redirect-drops-path", f"http://bad.test/{probe}"),
        ("web.hsts-weak", "https://bad.test/"),
        ("web.csp-unsafe-inline", "https://bad.test/"),
        ("web.framing-unprotected", "https://bad.test/"),
        ("web.nosniff-missing", "https://bad.test/"),
        ("web.referrer-policy-missing", "https://bad.test/"),
        ("web.cookie-insecure", "https://bad.test/"),
        ("web.version-disclosure", "https://bad.test/"),
        ("web.error-page-leak", "https://bad.test/launchgate-not-found-7c1e9a"),
        ("web.sensitive-file-exposed", "https://bad.test/.env"),
        ("web.sensitive-file-exposed", "https://bad.test/.git/config"),
        ("web.sensitive-file-exposed", "https://bad.test/.git/HEAD"),
        ("web.sensitive-file-exposed", "https://bad.test/backup.sql"),
        ("web.sensitive-file-exposed", "https://bad.test/config.json"),
        ("web.sensitive-file-exposed", "https://bad.test/static/app.js.map"),
        ("web.admin-unprotected", "https://bad.test/admin"),
        ("web.private-page-cacheable", "https://bad.test/account"),
        # security headers judged per route: rules the home page lacks too list the routes there
        ("web.hsts-missing", "https://bad.test/account"),
        ("web.csp-missing", "https://bad.test/account"),
        ("web.private-page-cacheable", "https://bad.test/admin"),
        ("web.private-page-cacheable", "https://bad.test/api/webhooks/stripe"),
        ("web.cors-reflected-origin", "https://bad.test/api/data"),
        ("web.cors-wildcard-credentials", "https://bad.test/api/star"),
        ("web.static-not-cached", "https://bad.test/static/site.css"),
        ("web.static-not-cached", "https://bad.test/static/app.js"),
        ("web.canonical-host-mismatch", f"http://www.bad.test/{probe}"),
        ("web.csp-missing", "https://www.bad.test/"),
        ("web.framing-unprotected", "https://www.bad.test/"),
        ("web.nosniff-missing", "https://www.bad.test/"),
        ("web.referrer-policy-missing", "https://www.bad.test/"),
        ("web.https-redirect-missing", f"http://plain.bad.test/{probe}"),
        ("web.redirect-loop", f"http://loop.bad.test/{probe}"),
        ("web.redirect-chain-long", f"http://long.bad.test/{probe}"),
        ("web.canonical-host-mismatch", f"http://long.bad.test/{probe}"),
        ("web.https-redirect-missing", f"http://down.bad.test/{probe}"),
        ("web.redirect-downgrade", "https://down.bad.test/"),
        ("web.csp-missing", "http://down.bad.test/"),
        ("web.framing-unprotected", "http://down.bad.test/"),
        ("web.nosniff-missing", "http://down.bad.test/"),
        ("web.referrer-policy-missing", "http://down.bad.test/"),
        ("web.redirect-offsite", f"http://away.bad.test/{probe}"),
    }
    # the SPA answers 200 with its index for /.env, /.git/config, ...: never a leak
    assert not any("spa.bad.test" in (f.location.url or "") for f in findings)
    messages = {f.message for f in findings}
    assert ("redirect loop: https://loop.bad.test/a -> https://loop.bad.test/b -> "
            "https://loop.bad.test/a") in messages
    assert ("https://bad.test/ lacks X-Content-Type-Options: nosniff; also on 2 routes: /account, "
            "/admin") in messages
    assert ("https://bad.test/account has no Content-Security-Policy (on 2 routes of bad.test: "
            "/account, /admin)") in messages
    env = next(f for f in findings if f.location.url == "https://bad.test/.env")
    assert env.evidence == "names: DATABASE_URL, STRIPE_SECRET_KEY"
    no_secrets(findings, lab)


def test_host_that_does_not_resolve_is_a_finding(lab):
    cfg = lab.scenarios()["bad-dns"]
    cfg = {**cfg, "targets": {**cfg["targets"], "hosts": ["missing.bad.test"]}}
    out = run(WebCheck(), lab, cfg)
    assert found(out) == {("web.unreachable", "https://missing.bad.test/")}
    assert "does not exist (NXDOMAIN)" in out[0].message
    assert run(TlsCheck(), lab, cfg) == []  # reported by dns and web, not three times


# -- tls
# -------------------------------------------------------------------------------------------------
def test_broken_certificates(lab):
    out = run(TlsCheck(), lab, lab.scenarios()["bad-tls"])
    assert found(out) == {
        ("tls.cert-expired", "https://expired.tls.test/"),
        ("tls.cert-expiring", "https://expiring.tls.test/"),
        ("tls.cert-host-mismatch", "https://wronghost.tls.test/"),
        ("tls.cert-untrusted", "https://selfsigned.tls.test/"),
        ("tls.chain-incomplete", "https://chain.tls.test/"),
    }
    msg = {f.rule.id: f.message for f in out}
    assert msg["tls.cert-expiring"].startswith("certificate for expiring.tls.test expires in 5 "
                                               "days")
    assert msg["tls.cert-untrusted"] == "certificate for selfsigned.tls.test is self-signed"


def test_hsts_missing_on_live_hosts(lab):
    out = run(WebCheck(), lab, lab.scenarios()["bad-tls"])
    assert {(r, u) for r, u in found(out) if r == "web.hsts-missing"} == {
        ("web.hsts-missing", f"https://{h}/")
        for h in ("expired.tls.test", "expiring.tls.test", "wronghost.tls.test",
                                                         "selfsigned.tls.test", "chain.tls.test")}


def test_legacy_tls_versions(lab):
    out = run(TlsCheck(), lab, lab.scenarios()["legacy-tls"])
    # nginx here is built with OpenSSL 3, which still negotiates TLS 1.0/1.1 at SECLEVEL=0
    assert {(f.rule.id, f.message) for f in out} == {
        ("tls.legacy-protocol", "legacy.tls.test completes a TLS 1.0 handshake"),
        ("tls.legacy-protocol", "legacy.tls.test completes a TLS 1.1 handshake"),
    }


# -- dns and email
# ---------------------------------------------------------------------------------------
def test_broken_zone_and_mail_records(lab):
    assert found(run(DnsCheck(), lab, lab.scenarios()["bad-web"])) == {("dns.caa-forbids-issuer",
                                                                        "dns:bad.test")}
    out = run(EmailCheck(), lab, lab.scenarios()["bad-web"])
    assert found(out) == {
        ("email.spf-permissive-all", "dns:bad.test"),
        ("email.mx-missing", "dns:bad.test"),
        ("email.dkim-weak-key", "dns:sel1._domainkey.bad.test"),
        ("email.dmarc-not-enforced", "dns:_dmarc.bad.test"),
        ("email.dmarc-partial", "dns:_dmarc.bad.test"),
        ("email.dmarc-no-reporting", "dns:_dmarc.bad.test"),
    }
    assert found(run(DnsCheck(), lab, lab.scenarios()["bad-dns"])) == {
        ("dns.dangling-cname", "dns:old.bad.test"),
        ("dns.host-unresolved", "dns:missing.bad.test"),
        ("dns.caa-forbids-issuer", "dns:bad.test"),
    }
    assert found(run(EmailCheck(), lab, lab.scenarios()["bad-dns"])) == {
        ("email.spf-multiple", "dns:two.bad.test"),
        ("email.dmarc-not-enforced", "dns:_dmarc.bad.test"),
        ("email.dmarc-partial", "dns:_dmarc.bad.test"),
        ("email.dmarc-no-reporting", "dns:_dmarc.bad.test"),
    }


def test_www_and_caa_missing(lab):
    assert found(run(DnsCheck(), lab, lab.scenarios()["bad-tls"])) == {("dns.www-missing",
                                                                        "dns:www.tls.test")}
    assert found(run(DnsCheck(), lab, lab.scenarios()["mail-nodmarc"])) == {
        ("dns.caa-missing", "dns:nodmarc.test")
    }


def test_missing_spf_dkim_and_misalignment(lab):
    out = run(EmailCheck(), lab, lab.scenarios()["mail-misaligned"])
    assert found(out) == {
        ("email.spf-missing", "dns:nospf.bad.test"),
        ("email.spf-missing", "dns:bounce.nospf.bad.test"),
        ("email.dkim-missing", "dns:gone._domainkey.nospf.bad.test"),
        ("email.alignment", "dns:nospf.bad.test"),
    }
    out = run(EmailCheck(), lab, lab.scenarios()["mail-invalid"])
    assert found(out) == {("email.spf-invalid", "dns:inv.bad.test"),
                          ("email.dmarc-invalid", "dns:_dmarc.inv.bad.test")}


def test_spf_lookup_limit_and_missing_dmarc(lab):
    out = run(EmailCheck(), lab, lab.scenarios()["mail-lookups"])
    lookups = {f.message.split(": ")[0] for f in out if f.rule.id == "email.spf-too-many-lookups"}
    # three void lookups come first (a and mx of inc1 and inc2 have no records): evaluation stops
    # there
    assert lookups == {"SPF of many.bad.test has more than 2 void lookups (limit 2; evaluation "
                       "stops at a (inc2.many.bad.test))"}
    out = run(EmailCheck(), lab, lab.scenarios()["mail-nodmarc"])
    assert found(out) == {("email.dmarc-missing", "dns:_dmarc.nodmarc.test")}


def test_servfail_refused_and_timeout_are_lookup_failures(lab):
    cfg = lab.scenarios()["mail-nodmarc"]
    servfail = {**cfg,
                "targets": {**cfg["targets"], "domain": "servfail.test",
                            "hosts": ["servfail.test"]},
                "email": {"enabled": False}, "dns": {"check_www": False}}
    out = run(DnsCheck(), lab, servfail)
    assert {f.rule.id for f in out} == {"dns.lookup-failed"}
    assert any("SERVFAIL" in f.message for f in out)
    mail = run(EmailCheck(), lab, {**servfail, "email": {"domain": "servfail.test"}})
    assert {f.rule.id for f in mail} == {"dns.lookup-failed"}  # never "no SPF" / "no DMARC"
    refused = {**servfail,
               "targets": {**servfail["targets"], "domain": None,
                           "hosts": ["www.unserved.example"]}}
    out = run(DnsCheck(), lab, refused)
    assert found(out) == {("dns.lookup-failed", "dns:www.unserved.example")}
    assert "REFUSED" in out[0].message
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:  # bound, never answers
        silent.bind((LOOPBACK, 0))
        port = silent.getsockname()[1]
        mute = {**refused, "targets": {**refused["targets"], "nameservers": [f"{LOOPBACK}:{port}"]},
                "dns": {"check_www": False, "lifetime_s": 0.5}}
        started = time.perf_counter()
        out = run(DnsCheck(), lab, mute)
        assert time.perf_counter() - started < 5
    assert {f.rule.id for f in out} == {"dns.lookup-failed"}
    assert "timeout" in out[0].message


# -- misbehaving servers
# ---------------------------------------------------------------------------------
async def _serve(kind: str, tls: ssl.SSLContext | None):
    tasks: set[asyncio.Task] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        tasks.add(asyncio.current_task())
        try:
            if kind == "silent":
                await asyncio.sleep(60)
            elif kind == "reset":
                sock = writer.get_extra_info("socket")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                writer.transport.abort()
                return
            await reader.readuntil(b"\r\n\r\n")
            if kind == "trickle":
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
                for _ in range(600):
                    writer.write(b"x")
                    await writer.drain()
                    await asyncio.sleep(0.05)
            elif kind == "huge":
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n"
                    % (1 << 30)
                )
                chunk = b"0" * 65536
                for _ in range((1 << 30) // len(chunk)):
                    writer.write(chunk)
                    await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError, OSError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    server = await asyncio.start_server(handle, LOOPBACK, 0, ssl=tls)
    return server, tasks


@pytest.mark.parametrize("kind", ["silent", "trickle", "reset", "huge"])
def test_misbehaving_servers_end_in_bounded_time(lab, kind):
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(*lab_cert(lab))

    async def scenario():
        plain, t1 = await _serve(kind, None)
        secure, t2 = await _serve(kind, tls if kind in ("trickle", "huge") else None)
        hp, sp = plain.sockets[0].getsockname()[1], secure.sockets[0].getsockname()[1]
        host = f"{kind}.edge.test"
        cfg = {"targets": {"domain": "edge.test", "canonical": f"https://{host}", "hosts": [host],
                           "resolve": [f"{host}:{hp}:{LOOPBACK}", f"{host}:{sp}:{LOOPBACK}"],
                           "ca_bundle": str(lab.ca_bundle), "ports": {"http": hp, "https": sp},
                           "timeout_s": 1.0},
               "web": {"exposure": False}}
        try:
            started = time.perf_counter()
            web = await run_check(WebCheck(), lab, cfg)
            tls_out = await run_check(TlsCheck(), lab, {**cfg, "tls": {"legacy_probe": False}})
            return web, tls_out, time.perf_counter() - started
        finally:
            for srv, tasks in ((plain, t1), (secure, t2)):
                srv.close()
                for t in tasks:
                    t.cancel()

    web, tls_out, elapsed = asyncio.run(scenario())
    assert elapsed < 8, elapsed
    host = f"{kind}.edge.test"
    rules = {f.rule.id for f in web}
    if kind == "huge":  # the body cap keeps it bounded; the site itself answers
        assert "web.unreachable" not in rules
        assert ("web.https-redirect-missing",
                f"http://{host}/launchgate-redirect-check?lg=1") in found(web)
        assert tls_out == []
    else:
        assert ("web.unreachable", f"https://{host}/") in found(web)
        assert ("web.https-redirect-missing",
                f"http://{host}/launchgate-redirect-check?lg=1") in found(web)
        if kind == "trickle":
            assert found(tls_out) == set()
            assert any("no complete answer within 1 s" in f.message for f in web)
        else:
            assert found(tls_out) == {("tls.handshake-failed", f"https://{host}/")}


def lab_cert(lab: Lab) -> tuple[str, str]:
    """The lab's good certificate (full chain; its SANs include *.edge.test)."""
    return str(lab.root / "certs" / "good.crt"), str(lab.root / "certs" / "good.key")


def test_lab_paths_are_loopback_only(lab):
    for cfg in lab.scenarios().values():
        for entry in cfg["targets"]["resolve"]:
            assert entry.endswith(f":{LOOPBACK}")
        assert all(ns.startswith(f"{LOOPBACK}:") for ns in cfg["targets"]["nameservers"])
    assert Path(lab.ca_bundle).exists()


# -- the records a reader needs, as figures (rendered as the DNS and email tables)
# ---------------------------
def figures_of(check, lab, config):
    ctx = lab.context(config)
    asyncio.run(check.run(ctx))
    return dict(ctx.figures.items())


def test_dns_records_are_figures(lab):
    good = figures_of(DnsCheck(), lab, lab.scenarios()["good"])
    assert {k: v for k, v in good.items() if k.startswith("dns.host.")} == {
        "dns.host.good.test.records": "A 127.0.0.1",
        "dns.host.www.good.test.records": "CNAME good.test → A 127.0.0.1",
        "dns.host.api.good.test.records": "A 127.0.0.1",
        "dns.host.good.test.caa": "issue lab.test",
        "dns.host.www.good.test.caa": "issue lab.test",
        "dns.host.api.good.test.caa": "issue lab.test (at good.test)",
    }
    bad = figures_of(DnsCheck(), lab, lab.scenarios()["bad-dns"])
    assert bad["dns.host.old.bad.test.records"] == "CNAME gone.bad.test → NXDOMAIN"
    assert bad["dns.host.missing.bad.test.records"] == "NXDOMAIN"
    assert figures_of(DnsCheck(), lab,
                      lab.scenarios()["mail-misaligned"])["dns.host.nospf.bad.test.caa"] == (
        "none (any CA may issue)")


def test_email_records_are_figures(lab):
    good = figures_of(EmailCheck(), lab, lab.scenarios()["good"])
    assert {k: good[k] for k in ("email.mx", "email.spf", "email.dmarc", "email.dkim")} == {
        "email.mx": "10 mail.good.test", "email.spf": "v=spf1 mx include:_spf.good.test -all",
        "email.dmarc": "p=reject (at _dmarc.good.test)", "email.dkim": "key found: sel1"}
    bad = figures_of(EmailCheck(), lab, lab.scenarios()["bad-web"])
    assert (bad["email.mx"], bad["email.spf"], bad["email.dmarc"]) == (
        "none", "v=spf1 +all", "p=none pct=50 (at _dmarc.bad.test)")
    misaligned = figures_of(EmailCheck(), lab, lab.scenarios()["mail-misaligned"])
    assert (misaligned["email.spf"], misaligned["email.dkim"]) == ("none",
                                                                   "key found: none; no key: gone")
