"""What stands in front of a site, without sockets: the edge table, the origin-bypass judgement,
the subdomain rules, the edge figures."""

from __future__ import annotations

import pytest

from launchgate.checks.web.edge_cdn import NO_EDGE, edge_of, recognise_edge
from launchgate.checks.web.front import edge_figures
from launchgate.checks.web.gather import HostWeb
from launchgate.checks.web.origin import OriginAnswer, evaluate_origin, serves
from launchgate.checks.web.redirects import PROBE_PATH, RedirectPolicy
from launchgate.checks.web.subdomains import evaluate_subdomain
from launchgate.net import HttpSnapshot, RedirectChain

HSTS = ("strict-transport-security", "max-age=31536000; includeSubDomains")
POLICY = RedirectPolicy(domains=("shop.test",), canonical_host="shop.test",
                        twins=("shop.test",), max_chain=2)


def snap(url, status=200, headers=(), location=None):
    hs = (*headers, *((("location", location),) if location else ()))
    return HttpSnapshot(url=url, status=status, headers=tuple(hs), body=b"", truncated=False,
                        elapsed_s=0.01)


@pytest.mark.parametrize(("headers", "edge"), [
    ((("cf-ray", "8c0ffee0dec0de00-LHR"),), "Cloudflare"),
    ((("server", "cloudflare"),), "Cloudflare"),
    ((("x-served-by", "cache-lhr7321-LHR"),), "Fastly"),
    ((("x-amz-cf-id", "abc=="), ("via", "1.1 abc.cloudfront.net (CloudFront)")), "CloudFront"),
    ((("x-vercel-id", "lhr1::abc"),), "Vercel"),
    ((("server", "Netlify"), ("x-nf-request-id", "01H")), "Netlify"),
    ((("server", "AkamaiGHost"),), "Akamai"),
    ((("fly-request-id", "01J-fra"),), "Fly.io"),
    ((("x-azure-ref", "0abc"),), "Azure Front Door"),
    ((("x-github-request-id", "A1B2:3C4D"),), "GitHub Pages"),
    ((("x-render-origin-server", "uvicorn"),), "Render"),
    ((("x-railway-request-id", "r1"),), "Railway"),
])
def test_each_edge_of_the_table_is_recognised(headers, edge):
    assert recognise_edge(snap("https://shop.test/", headers=headers)) == edge


def test_an_origin_server_is_no_edge():
    plain = snap("https://shop.test/", headers=(("server", "nginx"), ("via", "1.1 varnish")))
    assert recognise_edge(plain) is None
    assert edge_of([plain]) == NO_EDGE


def test_edge_figures_use_the_hosts_own_responses():
    own = snap("https://shop.test/", headers=(("cf-ray", "1"),))
    away = snap("https://login.example/", headers=(("x-vercel-id", "1"),))
    hw = HostWeb(host="shop.test", http_chain=RedirectChain(start="http://shop.test/", hops=()),
                 https_chain=RedirectChain(start="https://shop.test/", hops=(own, away)))
    assert edge_figures([hw]) == {"web.edge.shop.test": "Cloudflare"}


def answer(url, status, location=None):
    return OriginAnswer(host="shop.test", origin="203.0.113.5", url=url,
                        answer=snap(url, status, location=location))


def test_an_origin_that_serves_the_public_name_is_a_bypass():
    out = evaluate_origin([answer("https://shop.test/", 200),
                           answer("http://shop.test/", 301, "https://shop.test/")])
    got = [(f.rule.id, f.location.url) for f in out]
    assert got == [("web.origin-bypass", "https://shop.test/")]
    assert out[0].message == ("the origin 203.0.113.5 answers shop.test directly: "
                              "https://shop.test/ (HTTP 200); the edge can be bypassed")
    assert serves(answer("https://shop.test/", 302, "/login"))  # the app's own redirect


def test_an_origin_that_refuses_the_public_name_is_not():
    refused = [answer("https://shop.test/", 403), answer("http://shop.test/", 421),
               OriginAnswer(host="shop.test", origin="203.0.113.5", url="https://shop.test/",
                            error="connect"),
               answer("http://shop.test/", 301, "https://shop.test/")]  # sends users to the edge
    assert evaluate_origin(refused) == []


def chains(host, http_hops, https_hops):
    return HostWeb(host=host,
                   http_chain=RedirectChain(start=f"http://{host}{PROBE_PATH}", hops=http_hops),
                   https_chain=RedirectChain(start=f"https://{host}/", hops=https_hops))


def test_a_subdomain_without_https_redirect_or_hsts_is_reported():
    plain = chains("auth.shop.test", (snap(f"http://auth.shop.test{PROBE_PATH}"),),
                   (snap("https://auth.shop.test/"),))
    out = evaluate_subdomain(plain, POLICY, hsts_min_days=180)
    got = {(f.rule.id, f.location.url) for f in out}
    assert got == {("web.https-redirect-missing", f"http://auth.shop.test{PROBE_PATH}"),
                   ("web.hsts-missing", "https://auth.shop.test/")}


def test_a_subdomain_where_nothing_answers_is_left_alone():
    from launchgate.net import NetError

    down = NetError("connect", "connection refused")
    hw = HostWeb(host="mail.shop.test",
                 http_chain=RedirectChain(start=f"http://mail.shop.test{PROBE_PATH}", hops=(),
                                          stopped="error", error=down),
                 https_chain=RedirectChain(start="https://mail.shop.test/", hops=(),
                                           stopped="error", error=down))
    assert evaluate_subdomain(hw, POLICY, hsts_min_days=180) == []


def test_a_subdomain_that_redirects_and_sends_hsts_is_clean():
    url = f"http://app.shop.test{PROBE_PATH}"
    good = chains("app.shop.test",
                  (snap(url, 301, location=url.replace("http:", "https:")),
                   snap(url.replace("http:", "https:"), headers=(HSTS,))),
                  (snap("https://app.shop.test/", headers=(HSTS,)),))
    assert evaluate_subdomain(good, POLICY, hsts_min_days=180) == []
