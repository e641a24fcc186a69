"""The route-level web rules on snapshots built here (no sockets): mixed content, caching by route
kind, internal ids on error pages and the security headers judged per route."""

from __future__ import annotations

from launchgate.checks.web import caching as C
from launchgate.checks.web import headers as H
from launchgate.checks.web import mixed as M
from launchgate.checks.web import perroute as P
from launchgate.checks.web.errorpage import evaluate_internal_ids, internal_ids
from launchgate.checks.web.exposure import evaluate_error_page
from launchgate.checks.web.gather import HostWeb, SiteWeb
from launchgate.checks.web.routes import Budget, RoutesWeb, SessionPage
from launchgate.model import Severity
from launchgate.net import HttpSnapshot, RedirectChain
from tests.unit.checks.web.test_web import GOOD_HEADERS

HTML = (("content-type", "text/html; charset=utf-8"),)


def snap(url="https://shop.test/", status=200, headers=HTML, body=b"<!doctype html><p>hi</p>"):
    return HttpSnapshot(url=url, status=status, headers=tuple(headers), body=body, truncated=False,
                        elapsed_s=0.01)


def seen(findings):
    return {(f.rule.id, f.location.url, f.severity) for f in findings}


# -- mixed content ---------------------------------------------------------------------------------
def page(body: str, url="https://shop.test/"):
    return snap(url, body=body.encode())


def subs(body: str, url="https://shop.test/"):
    return [(s.url, s.element, s.active) for s in M.subresources(page(body, url))]


def test_each_plain_http_subresource_is_found_with_its_element():
    body = ('<link rel=stylesheet href=http://cdn.test/a.css>'
            '<link rel=icon href="http://cdn.test/f.ico">'
            '<script src="http://cdn.test/a.js"></script><iframe src="http://w.test/"></iframe>'
            '<img src="http://img.test/a.png" srcset="http://img.test/b.png 2x, /c.png 3x">'
            '<video poster=http://v.test/p.jpg><source src=http://v.test/v.mp4></video>'
            '<form action="http://forms.test/post"></form>')
    assert subs(body) == [
        ("http://cdn.test/a.js", "<script src>", True),
        ("http://w.test/", "<iframe src>", True),
        ("http://cdn.test/a.css", "<link rel=stylesheet>", True),
        ("http://cdn.test/f.ico", "<link rel=icon>", False),
        ("http://forms.test/post", "<form action>", True),
        ("http://img.test/a.png", "<img src>", False),
        ("http://img.test/b.png", "<img srcset>", False),
        ("http://v.test/p.jpg", "<video poster>", False),
        ("http://v.test/v.mp4", "<source src>", False),
    ]


def test_inline_script_requests_are_active_content():
    body = ('<script>fetch("http://api.test/v1"); x.open("GET", "http://api.test/xhr");'
            "new WebSocket('ws://ws.test/s'); var doc = \"http://docs.test/\";</script>")
    assert subs(body) == [("http://api.test/v1", "inline <script> request", True),
                          ("http://api.test/xhr", "inline <script> request", True),
                          ("ws://ws.test/s", "inline <script> request", True)]


def test_css_imports_are_active_and_css_images_passive():
    body = ('<style>@import url("http://cdn.test/theme.css"); @import "http://cdn.test/b.css";'
            "body { background: url(http://img.test/bg.png) }</style>"
            "<div style=\"background-image: url('http://img.test/hero.jpg')\"></div>"
            "<style>.ok { background: url(/local.png) }</style>")
    assert subs(body) == [("http://cdn.test/theme.css", "<style> @import", True),
                          ("http://cdn.test/b.css", "<style> @import", True),
                          ("http://img.test/bg.png", "<style> url()", False),
                          ("http://img.test/hero.jpg", "<div style> url()", False)]


def test_secure_relative_and_inert_references_are_not_mixed_content():
    body = ('<script src="//cdn.test/a.js"></script><img src="/a.png">'
            '<a href="http://x.test/">x</a>'
            '<link rel=canonical href="http://shop.test/"><img src="http://localhost:8080/dev.png">'
            '<template><img src="http://t.test/t.png"></template>'
            '<script>var s = "<img src=http://fake.test/no.png>"</script>')
    assert subs(body) == []


def test_relative_urls_resolve_against_base_href():
    assert subs('<base href="http://old.shop.test/"><img src="logo.png">') == [
        ("http://old.shop.test/logo.png", "<img src>", False)]
    assert subs('<img src="logo.png">') == []


def test_mixed_content_severity_and_one_finding_per_subresource():
    a = page('<script src="http://cdn.test/a.js"></script><img src="http://img.test/a.png">')
    b = page('<script src="http://cdn.test/a.js"></script>', url="https://shop.test/about")
    out = M.judge_pages([a, b])
    assert seen(out) == {("web.mixed-content", "https://shop.test/", Severity.HIGH),
                         ("web.mixed-content", "https://shop.test/", Severity.MEDIUM)}
    script = next(f.message for f in out if "<script src>" in f.message)
    assert script.endswith("(active, <script src>) (and on 1 other page)")


def test_only_https_html_pages_are_judged():
    body = '<script src="http://cdn.test/a.js"></script>'
    assert M.judge_pages([page(body, url="http://shop.test/")]) == []
    text = snap(body=body.encode(), headers=(("content-type", "text/plain"),))
    assert M.judge_pages([text]) == []
    assert M.judge_pages([snap(status=404, body=body.encode())]) == []


def test_a_page_that_upgrades_insecure_requests_has_no_mixed_content():
    body = b'<script src="http://cdn.test/a.js"></script>'
    csp = ("content-security-policy", "default-src 'self'; upgrade-insecure-requests")
    assert M.judge_pages([snap(headers=(*HTML, csp), body=body)]) == []
    meta = b'<meta http-equiv="Content-Security-Policy" content="upgrade-insecure-requests">'
    assert M.judge_pages([snap(body=meta + body)]) == []
    report_only = ("content-security-policy-report-only", "upgrade-insecure-requests")
    assert len(M.judge_pages([snap(headers=(*HTML, report_only), body=body)])) == 1


def test_a_page_nested_deeper_than_browsers_nest_is_parsed_up_to_that_depth():
    before = b'<img src="http://img.test/early.png">'
    after = b'<img src="http://img.test/late.png">'
    body = before + b"<div>" * 52_000 + after  # tree building is quadratic in depth
    cut = M.bounded_html(body)
    assert cut == before + b"<div>" * M.MAX_DEPTH
    assert [s.url for s in M.subresources(snap(body=body))] == ["http://img.test/early.png"]
    closed = b"<div></div>" * 20_000 + after  # wide, not deep: parsed whole
    assert M.bounded_html(closed) == closed
    lists = b"<ul>" + b"<li><p>item" * 20_000 + after  # end tags the HTML syntax lets you omit
    assert M.bounded_html(lists) == lists


# -- caching ---------------------------------------------------------------------------------------
def cached(cc: str | None, *extra, url="https://shop.test/x", status=200):
    headers = (*HTML, *((("cache-control", cc),) if cc else ()), *extra)
    return snap(url, status, headers)


COOKIE = ("set-cookie", "sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax")


def test_cookie_on_shared_cacheable_response():
    for cc in ("public, max-age=600", "s-maxage=60", "max-age=60"):
        assert seen(C.evaluate_cookie_caching(cached(cc, COOKIE))) == {
            ("web.public-cache-sets-cookie", "https://shop.test/x", Severity.HIGH)}, cc
    for cc in ("private, max-age=600", "public, no-store", "max-age=0", None):
        assert C.evaluate_cookie_caching(cached(cc, COOKIE)) == [], cc
    assert C.evaluate_cookie_caching(cached("public, max-age=600")) == []


def test_write_answered_cacheably():
    out = C.evaluate_write(cached("public, max-age=60"), "POST")
    assert [f.message for f in out] == [
        "POST https://shop.test/x (HTTP 200) is answered with Cache-Control: public, max-age=60"]
    assert C.evaluate_write(cached("no-store"), "POST") == []
    assert C.evaluate_write(cached(None), "PUT") == []


def test_public_route_without_cache_headers():
    assert [f.message for f in C.evaluate_public(cached(None, ("etag", '"1"')))] == [
        "public route https://shop.test/x sends neither Cache-Control nor Expires (only ETag)"]
    assert C.evaluate_public(cached("public, max-age=60")) == []
    assert C.evaluate_public(cached(None, ("expires", "Thu, 01 Dec 2033 16:00:00 GMT"))) == []
    assert C.evaluate_public(cached("no-store")) == []  # deliberately never reused: not this rule
    assert C.evaluate_public(cached(None, status=500)) == []


def session(cc, *extra, anonymous=None, credential="Cookie"):
    return C.evaluate_session_page(cached(cc, *extra, url="https://shop.test/account"), anonymous,
                                   kind="authenticated", credential=credential, flow="login")


def test_logged_in_page_a_shared_cache_may_store():
    assert seen(session("public, max-age=300")) == {
        ("web.private-page-cacheable", "https://shop.test/account", Severity.HIGH)}
    assert seen(session(None)) == {
        ("web.private-page-cacheable", "https://shop.test/account", Severity.MEDIUM)}
    assert session("private, no-store") == []


def test_logged_in_page_that_varies_must_say_vary():
    login = cached("no-store", url="https://shop.test/account", status=302)
    out = session("private, max-age=300", anonymous=login)
    assert [f.message for f in out] == [
        "authenticated route https://shop.test/account, logged in by smoke flow 'login', "
        "answers 200 with Cache-Control: private, max-age=300: it differs from the anonymous "
        "answer but sends no Vary: Cookie"]
    vary = ("vary", "Accept-Encoding, Cookie")
    assert session("private, max-age=300", vary, anonymous=login) == []
    assert session("private, no-cache", anonymous=login) == []  # revalidated every time
    same = cached("private, max-age=300", url="https://shop.test/account")
    assert session("private, max-age=300", anonymous=same) == []  # does not vary
    bearer = session("private, max-age=300", ("vary", "Cookie"), anonymous=login,
                     credential="Authorization")
    assert [f.message.rsplit(": ", 1)[-1] for f in bearer] == ["Authorization"]


def test_login_redirect_is_not_judged_as_the_page():
    assert C.evaluate_session_page(cached("public, max-age=60", status=302), None,
                                   kind="admin", credential="Cookie", flow="login") == []


# -- internal ids on error pages ------------------------------------------------------------------
def error(body: str, status=500, ctype="text/html"):
    return snap("https://shop.test/err", status, (("content-type", ctype),), body.encode())


def test_each_kind_of_internal_identifier():
    uuid = "3f2b8c1e-9a4d-4e5f-8b7a-1c2d3e4f5a6b"
    cases = {
        f"<p>object {uuid} is locked</p>": ("a UUID", uuid),
        "<p>user_id: 4211 not found</p>": ("a database id", "user_id: 4211"),
        "<p>SELECT id, email FROM users WHERE id = 3</p>": ("SQL", "SELECT id, email FROM users"),
        "<p>upstream db-1.prod.internal:5432 refused</p>": ("an internal host",
                                                            "db-1.prod.internal:5432"),
        "<p>connect to 10.0.3.7:6379 failed</p>": ("an internal host", "10.0.3.7:6379"),
        "<pre>in /app/src/orders/service.py</pre>": ("a file path", "/app/src/orders/service.py"),
        "<p>Using the URLconf defined in shop.urls</p>": ("a framework debug banner",
                                                          "Using the URLconf defined in"),
    }
    for body, expected in cases.items():
        assert internal_ids(error(body)) == [expected], body
    json_body = '{"error": "not found", "tenant_id": 42}'
    assert internal_ids(error(json_body, 404, "application/json")) == [
        ("a database id", 'tenant_id": 42')]
    debug = snap("https://shop.test/err", 500, (*HTML, ("x-debug-token", "a1b2")), b"<p>oops</p>")
    assert internal_ids(debug) == [("a debug header", "x-debug-token")]


def test_host_names_are_judged_by_their_last_label():
    assert internal_ids(error("<p>db.internal.example.com is down</p>")) == []
    assert internal_ids(error("<p>api.svc.cluster.local: timeout</p>")) == [
        ("an internal host", "api.svc.cluster.local")]
    assert internal_ids(error("<p>see 192.168.1.20.</p>")) == [("an internal host", "192.168.1.20")]
    assert internal_ids(error("<p>8.8.8.8 and 10.1.2 are not private addresses</p>")) == []


def test_generic_error_pages_and_support_ids_are_clean():
    uuid = "3f2b8c1e-9a4d-4e5f-8b7a-1c2d3e4f5a6b"
    for body in (f"<p>Something went wrong. Request ID: {uuid}</p>",
                 f"<p>Trace id {uuid}</p>", "<p>Sorry, nothing here.</p>",
                 '<a href="/app/help/index.php">help</a>'
                 '<script src="/static/app/main.js"></script>',
                 "<p>Your order could not be found.</p>"):
        assert internal_ids(error(body)) == [], body


def test_internal_ids_only_on_error_answers_and_not_twice_with_a_stack_trace():
    leak = "<p>user_id: 4211</p>"
    assert seen(evaluate_internal_ids(error(leak))) == {
        ("web.error-page-internal-ids", "https://shop.test/err", Severity.MEDIUM)}
    assert evaluate_internal_ids(error(leak, status=200)) == []
    trace = error("<pre>Traceback (most recent call last):\n  user_id: 4211</pre>")
    assert evaluate_internal_ids(trace, evaluate_error_page(trace)) == []


# -- per route -------------------------------------------------------------------------------------
def host(name: str, final: HttpSnapshot) -> HostWeb:
    chain = RedirectChain(start=final.url, hops=(final,))
    return HostWeb(host=name, http_chain=chain, https_chain=chain)


def test_security_headers_are_judged_on_every_route_page():
    home = snap("https://shop.test/", headers=GOOD_HEADERS)
    bare = snap("https://shop.test/about")
    site = SiteWeb(base="https://shop.test")
    rw = RoutesWeb(public=(bare, snap("https://shop.test/faq", headers=GOOD_HEADERS)))
    out = P.evaluate_all([host("shop.test", home)], site, rw, [], hsts_min_days=180)
    about = "https://shop.test/about"
    assert seen(out) == {("web.hsts-missing", about, Severity.MEDIUM),
                         ("web.csp-missing", about, Severity.MEDIUM),
                         ("web.framing-unprotected", about, Severity.MEDIUM),
                         ("web.nosniff-missing", about, Severity.LOW),
                         ("web.public-not-cacheable", about, Severity.LOW),
                         ("web.public-not-cacheable", "https://shop.test/faq", Severity.LOW)}


def test_route_header_finding_joins_the_hosts_own():
    home = snap("https://shop.test/")
    own = H.evaluate_page(home) + H.evaluate_hsts(home, min_age_days=180)  # evaluate_host's
    routes = [snap("https://shop.test/a"), snap("https://shop.test/b")]
    merged = P.evaluate_route_headers(own, routes, hsts_min_days=180)
    assert len(merged) == len(own)
    nosniff = next(f for f in merged if f.rule.id == "web.nosniff-missing")
    assert nosniff.message == ("https://shop.test/ lacks X-Content-Type-Options: nosniff; also "
                               "on 2 routes: /a, /b")


def test_session_verdict_wins_over_the_anonymous_one():
    page_ = cached("public, max-age=300", url="https://shop.test/account")
    rw = RoutesWeb(sessions=(SessionPage(kind="authenticated", flow="login", credential="Cookie",
                                         snap=page_),))
    out = P.evaluate_all([], SiteWeb(base="https://shop.test"), rw, [], hsts_min_days=180)
    assert out[0].rule.id == "web.private-page-cacheable"
    assert "logged in by smoke flow 'login'" in out[0].message


def test_budget_counts_what_does_not_fit():
    b = Budget(left=3)
    assert [b.take(), b.take(2), b.take(), b.take(5)] == [True, True, False, False]
    assert (b.left, b.skipped) == (0, 2)
