"""Issue 14 part B against real servers on loopback: webhook receivers (uvicorn), and in the edge
lab a subdomain missing from the certificate, a CNAME that differs from targets.expect, an edge
nginx in front of an origin nginx that also answers directly."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest

from launchgate.check import Context, Scope
from launchgate.checks.dns import DnsCheck
from launchgate.checks.tls import TlsCheck
from launchgate.checks.web import WebCheck
from launchgate.net import Net, NetSettings
from launchgate.repo import Repo
from tests.integration.lab_edge import Lab, edge_lab, run_check, with_defaults
from tests.support import webhooks
from tests.support.servers import find_binary

pytestmark = pytest.mark.integration
HOOK_RULES = {"web.webhook-unsigned-accepted", "web.webhook-slow"}


def context(config, root) -> Context:
    full = with_defaults(config)
    net = Net(NetSettings.from_targets(full["targets"], root))
    return Context(config=full, repo=Repo(root), net=net, env={}, scope=Scope(),
                   clock=lambda: dt.datetime.now(dt.UTC))


def found(findings, rules):
    return {(f.rule.id, f.location.url) for f in findings if f.rule.id in rules}


@pytest.fixture(scope="module")
def hooks():
    with webhooks.serve(delay_s=1.0) as running:
        yield running


def hook_config(hooks, routes):
    return {"targets": hooks.targets(), "web": {"exposure": False}, "routes": routes}


def test_webhook_accepting_unsigned_events_is_a_finding_and_a_verifying_one_is_not(hooks, tmp_path):
    routes = [{"path": "/hooks/open", "kind": "webhook", "provider": "stripe"},
              {"path": "/hooks/stripe", "kind": "webhook", "provider": "stripe"},
              {"path": "/hooks/github", "kind": "webhook", "provider": "github"}]
    before = dict(hooks.hits)
    out = asyncio.run(WebCheck().run(context(hook_config(hooks, routes), tmp_path)))
    open_hook = "http://hooks.test/hooks/open"
    assert found(out, HOOK_RULES) == {("web.webhook-unsigned-accepted", open_hook)}
    [f] = [f for f in out if f.rule.id == "web.webhook-unsigned-accepted"]
    assert f.message == (f"webhook {open_hook} (stripe) accepted a test event without a valid"
                         " signature: 200 to the unsigned one and 200 to the wrong signature one")
    # the budget, counted at the server: at most 3 requests per webhook route (a GET, 2 POSTs)
    for path in ("/hooks/open", "/hooks/stripe", "/hooks/github"):
        assert 1 <= hooks.hits[path] - before.get(path, 0) <= 3, path


def test_webhook_slower_than_the_retry_timeout_is_a_finding(hooks, tmp_path):
    slow = [{"path": "/hooks/slow", "kind": "webhook", "provider": "stripe",
             "retry_timeout_s": 0.3}]
    started = time.perf_counter()
    out = asyncio.run(WebCheck().run(context(hook_config(hooks, slow), tmp_path)))
    assert found(out, HOOK_RULES) == {("web.webhook-slow", "http://hooks.test/hooks/slow")}
    [f] = [f for f in out if f.rule.id == "web.webhook-slow"]
    assert f.message == ("webhook http://hooks.test/hooks/slow gave no answer within 0.8 s; stripe"
                         " stops waiting after 0.3 s and delivers the event again")
    assert time.perf_counter() - started < 5  # it waits the retry timeout plus a margin, no more
    # the same endpoint with a timeout above its delay answers in time and verifies the signature
    patient = [{**slow[0], "retry_timeout_s": 3}]
    out = asyncio.run(WebCheck().run(context(hook_config(hooks, patient), tmp_path)))
    assert found(out, HOOK_RULES) == set()


def test_webhook_route_without_a_provider_is_not_probed(hooks, tmp_path):
    before = hooks.hits["/hooks/open"]
    routes = [{"path": "/hooks/open", "kind": "webhook"}]
    out = asyncio.run(WebCheck().run(context(hook_config(hooks, routes), tmp_path)))
    assert found(out, HOOK_RULES) == set()
    assert hooks.hits["/hooks/open"] - before == 1  # only the caching GET


# -- the edge lab's edge.test: subdomains, targets.expect, the edge and its origins -------------
@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Lab:
    for binary in ("nginx", "nsd"):
        if find_binary(binary) is None:
            pytest.skip(f"{binary} is not installed (apt-get install nginx-light nsd)")
    with edge_lab(tmp_path_factory.mktemp("edge-lab")) as running:
        yield running


def checked(lab, scenario, *checks):
    cfg = lab.scenarios()[scenario]
    out = []
    for check in checks:
        out += asyncio.run(run_check(check, lab, cfg))
    return {(f.rule.id, f.location.url) for f in out}, out


def figures(lab, scenario, check):
    ctx = lab.context(lab.scenarios()[scenario])
    asyncio.run(check.run(ctx))
    return dict(ctx.figures.items())


PROBE = "launchgate-redirect-check?lg=1"


def test_every_subdomain_pin_and_origin_of_the_bad_edge_site(lab):
    got, out = checked(lab, "edge-bad", DnsCheck(), TlsCheck(), WebCheck())
    assert got == {
        # targets.expect: app is a CNAME to the old app, www is not on the pinned address
        ("dns.record-mismatch", "dns:app.edge.test"),
        ("dns.record-mismatch", "dns:www.edge.test"),
        # the default subdomains where they exist: admin serves a certificate without its name,
        # auth neither redirects to HTTPS nor sends HSTS (api, app, www are fine)
        ("tls.cert-host-mismatch", "https://admin.edge.test/"),
        ("web.https-redirect-missing", f"http://auth.edge.test/{PROBE}"),
        ("web.hsts-missing", "https://auth.edge.test/"),
        # the open origin answers the public name directly
        ("web.origin-bypass", "https://edge.test/"),
    }
    messages = {f.rule.id + ": " + f.message for f in out}
    assert ("dns.record-mismatch: app.edge.test is a CNAME to app-old.edge.test; targets.expect "
            "says CNAME app-prod.edge.test") in messages
    assert ("dns.record-mismatch: www.edge.test resolves to 127.0.0.1; targets.expect says "
            "A 127.0.0.9") in messages
    assert ("web.origin-bypass: the origin 127.0.0.2 answers edge.test directly: "
            "https://edge.test/ (HTTP 200), http://edge.test/ (HTTP 200); the edge can be "
            "bypassed") in messages


def test_the_good_edge_site_is_clean(lab):
    got, _ = checked(lab, "edge-good", DnsCheck(), TlsCheck(), WebCheck())
    assert got == set()


def test_the_edge_is_named_per_host_and_subdomains_are_shown(lab):
    web = figures(lab, "edge-bad", WebCheck())
    assert {k: v for k, v in web.items() if k.startswith("web.edge.")} == {
        f"web.edge.{h}": "Cloudflare" for h in (
            "edge.test", "www.edge.test", "app.edge.test", "api.edge.test", "admin.edge.test",
            "auth.edge.test")}
    assert figures(lab, "good", WebCheck())["web.edge.good.test"] == "none recognised"
    dns = figures(lab, "edge-bad", DnsCheck())
    assert dns["dns.host.api.edge.test.records"] == "CNAME api-prod.edge.test → A 127.0.0.1"
    # the default list is checked where it exists: good.test has no app, admin or auth
    good = figures(lab, "good", DnsCheck())
    assert not any(k.startswith(("dns.host.app.", "dns.host.admin.", "dns.host.auth."))
                   for k in good)


def test_an_origin_with_no_listener_is_no_bypass_and_costs_no_time(lab):
    cfg = lab.scenarios()["edge-good"]
    cfg = {**cfg, "targets": {**cfg["targets"], "origin": "127.0.0.4"}}  # nothing listens there
    started = time.perf_counter()
    out = asyncio.run(run_check(WebCheck(), lab, cfg))
    assert {(f.rule.id, f.location.url) for f in out} == set()
    assert time.perf_counter() - started < 5
