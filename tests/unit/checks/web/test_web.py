"""web.* rules on HTTP snapshots and redirect chains built here (no sockets)."""

from __future__ import annotations

import json
import secrets

from launchgate.checks.web import exposure as X
from launchgate.checks.web import headers as H
from launchgate.checks.web.evaluate import evaluate_host, evaluate_site
from launchgate.checks.web.gather import HostWeb, SiteWeb
from launchgate.checks.web.redirects import PROBE_PATH, RedirectPolicy, evaluate_chain
from launchgate.net import HttpSnapshot, NetError, RedirectChain

GOOD_HEADERS = (
    ("content-type", "text/html; charset=utf-8"),
    ("strict-transport-security", "max-age=31536000; includeSubDomains"),
    ("content-security-policy", "default-src 'self'; script-src 'self' 'nonce-r4nd'; "
     "frame-ancestors 'none'"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
)
POLICY = RedirectPolicy(domains=("example.test",), canonical_host="example.test",
                        twins=("example.test", "www.example.test"), max_chain=2)


def snap(url, status=200, headers=GOOD_HEADERS, body=b"<!doctype html><title>Home</title>"):
    return HttpSnapshot(url=url, status=status, headers=tuple(headers), body=body, truncated=False,
                        elapsed_s=0.01)


def redirect(url, to, status=301, *, hsts=False):
    extra = (("strict-transport-security", "max-age=31536000"),) if hsts else ()
    return snap(url, status, (("location", to), *extra), b"")


def chain(*hops, stopped=None, next_url=None, cycle=(), error=None):
    return RedirectChain(start=hops[0].url if hops else next_url, hops=tuple(hops), stopped=stopped,
                         next_url=next_url, cycle=cycle, error=error)


def found(findings):
    return {(f.rule.id, f.location.url) for f in findings}


def ids(findings):
    return {f.rule.id for f in findings}


HTTP = f"http://example.test{PROBE_PATH}"
HTTPS = f"https://example.test{PROBE_PATH}"


def check(c, host="example.test", deep=True):
    return evaluate_chain(c, POLICY, host=host, deep_link=deep)


# -- redirects
# -------------------------------------------------------------------------------------------
def test_good_redirect_chain():
    assert check(chain(redirect(HTTP, HTTPS), snap(HTTPS, 404))) == []


def test_https_redirect_missing_bad_and_unanswered():
    assert found(check(chain(snap(HTTP)))) == {("web.https-redirect-missing", HTTP)}
    err = NetError("connect", "GET http://example.test/: connection refused")
    out = check(chain(stopped="error", next_url=HTTP, error=err))
    assert ids(out) == {"web.https-redirect-missing"} and "does not answer" in out[0].message


def test_redirect_loop_reported_with_cycle():
    a, b = "https://example.test/a", "https://example.test/b"
    c = chain(redirect(HTTP, a), redirect(a, b), redirect(b, a), stopped="loop", next_url=a,
              cycle=(a, b, a))
    out = check(c)
    assert found(out) == {("web.redirect-loop", HTTP)}
    assert out[0].message == f"redirect loop: {a} -> {b} -> {a}"


def test_redirect_chain_long_bad_and_good():
    u2, u3 = f"https://www.example.test{PROBE_PATH}", f"https://example.test/x{PROBE_PATH}"
    c = chain(redirect(HTTP, u2), redirect(u2, HTTPS), redirect(HTTPS, u3), snap(u3))
    out = check(c, deep=False)
    assert ids(out) == {"web.redirect-chain-long"}
    assert out[0].message.startswith("3 redirects (limit 2)")
    assert check(chain(redirect(HTTP, u2), redirect(u2, HTTPS), snap(HTTPS))) == []


def test_redirect_drops_path_and_query():
    out = check(chain(redirect(HTTP, "https://example.test/"), snap("https://example.test/")))
    assert found(out) == {("web.redirect-drops-path", HTTP)}
    assert "the path is lost" in out[0].message
    no_query = "https://example.test/launchgate-redirect-check"
    assert "the query is lost" in check(chain(redirect(HTTP, no_query), snap(no_query)))[0].message


def test_redirect_temporary_bad_and_good():
    out = check(chain(redirect(HTTP, HTTPS, 302), snap(HTTPS)))
    assert ids(out) == {"web.redirect-temporary"}
    assert check(chain(redirect(HTTP, HTTPS, 308), snap(HTTPS))) == []


def test_canonical_host_mismatch_for_twins_only():
    www = f"http://www.example.test{PROBE_PATH}"
    www_s = f"https://www.example.test{PROBE_PATH}"
    out = check(chain(redirect(www, www_s), snap(www_s)), host="www.example.test")
    assert found(out) == {("web.canonical-host-mismatch", www)}
    assert check(chain(redirect(www, HTTPS), snap(HTTPS)), host="www.example.test") == []
    api, api_s = f"http://api.example.test{PROBE_PATH}", f"https://api.example.test{PROBE_PATH}"
    assert check(chain(redirect(api, api_s), snap(api_s)), host="api.example.test") == []


def test_redirect_downgrade():
    plain = "http://example.test/"
    out = check(chain(redirect("https://example.test/", plain), snap(plain)), deep=False)
    assert found(out) == {("web.redirect-downgrade", "https://example.test/")}


def test_redirect_offsite_bad_and_allowed():
    off = "https://login.other.test/"
    c = chain(redirect(HTTP, HTTPS), redirect(HTTPS, off), stopped="offsite", next_url=off)
    assert ids(check(c)) == {"web.redirect-offsite"}
    allowed = RedirectPolicy(domains=("example.test",), allowed_offsite=("other.test",),
                             canonical_host="example.test")
    assert evaluate_chain(c, allowed, host="example.test", deep_link=True) == []


def test_unreachable_https():
    err = NetError("timeout", "GET https://example.test/: no complete answer within 3 s")
    out = check(chain(stopped="error", next_url="https://example.test/", error=err), deep=False)
    assert found(out) == {("web.unreachable", "https://example.test/")}


# -- headers
# ---------------------------------------------------------------------------------------------
PAGE = "https://example.test/"


def without(*names):
    return tuple((k, v) for k, v in GOOD_HEADERS if k not in names)


def test_good_page_has_no_header_findings():
    assert H.evaluate_page(snap(PAGE)) == []
    assert H.evaluate_hsts(snap(PAGE), min_age_days=180) == []


def test_hsts_missing_and_weak():
    assert ids(H.evaluate_hsts(snap(PAGE, headers=without("strict-transport-security")),
                               min_age_days=180)) == {"web.hsts-missing"}
    weak = snap(PAGE, headers=(("strict-transport-security", "max-age=86400"),))
    out = H.evaluate_hsts(weak, min_age_days=180)
    assert ids(out) == {"web.hsts-weak"} and "max-age=86400 (1 days)" in out[0].message
    assert "no includeSubDomains, no preload" in out[0].message
    assert H.evaluate_hsts(snap("http://example.test/", headers=()), min_age_days=180) == []


def test_csp_missing_report_only_and_unsafe_inline():
    out = H.evaluate_page(snap(PAGE, headers=without("content-security-policy")))
    assert ids(out) == {"web.csp-missing", "web.framing-unprotected"}
    ro = snap(PAGE, headers=(*without("content-security-policy"),
                             ("content-security-policy-report-only", "default-src 'self'"),
                             ("x-frame-options", "DENY")))
    out = H.evaluate_page(ro)
    assert ids(out) == {"web.csp-missing"} and "Report-Only" in out[0].message
    inline = (*without("content-security-policy"), ("content-security-policy",
                                                    "script-src 'self' 'unsafe-inline'; "
                                                    "frame-ancestors 'self'"))
    assert ids(H.evaluate_page(snap(PAGE, headers=inline))) == {"web.csp-unsafe-inline"}
    nonce = (*without("content-security-policy"), ("content-security-policy",
                                                   "script-src 'unsafe-inline' 'nonce-abc'; "
                                                   "frame-ancestors 'self'"))
    assert H.evaluate_page(snap(PAGE, headers=nonce)) == []


def test_csp_from_meta_tag_counts():
    body = (
        b'<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
    )
    headers = (*without("content-security-policy"), ("x-frame-options", "SAMEORIGIN"))
    assert H.evaluate_page(snap(PAGE, headers=headers, body=body)) == []
    no_meta = b"<!doctype html><meta name=\"description\" content=\"default-src 'self'\">"
    assert ids(H.evaluate_page(snap(PAGE, headers=headers, body=no_meta))) == {"web.csp-missing"}


def test_framing_nosniff_referrer():
    no_fa = (*without("content-security-policy"), ("content-security-policy", "default-src 'self'"))
    assert ids(H.evaluate_page(snap(PAGE, headers=no_fa))) == {"web.framing-unprotected"}
    assert H.evaluate_page(snap(PAGE, headers=(*no_fa, ("x-frame-options", "DENY")))) == []
    assert ids(H.evaluate_page(snap(PAGE, headers=without("x-content-type-options")))) == {
        "web.nosniff-missing"
    }
    assert ids(H.evaluate_page(snap(PAGE, headers=without("referrer-policy")))) == {
        "web.referrer-policy-missing"
    }
    # deprecated headers are not findings either way; non-HTML answers are not pages
    assert H.evaluate_page(snap(PAGE, headers=(("content-type", "application/json"),),
                                body=b"{}")) == []


def test_version_disclosure():
    leak = snap(PAGE, headers=(("server", "nginx/1.22.1"), ("x-powered-by", "PHP/8.1.2")))
    out = H.evaluate_disclosure(leak)
    assert ids(out) == {"web.version-disclosure"} and out[0].severity.label == "low"
    assert out[0].message == f"{PAGE} discloses Server: nginx/1.22.1; X-Powered-By: PHP/8.1.2"
    assert H.evaluate_disclosure(snap(PAGE, headers=(("server", "nginx"),))) == []


def test_cookies():
    bad = snap(PAGE, headers=(("set-cookie", "sessionid=x; Path=/"),))
    out = H.evaluate_cookies(bad)
    assert (
        ids(out) == {"web.cookie-insecure"} and "lacks Secure, HttpOnly, SameSite" in out[0].message
    )
    good = snap(PAGE,
                headers=(("set-cookie", "sessionid=x; Path=/; Secure; HttpOnly; SameSite=Lax"),))
    assert H.evaluate_cookies(good) == []
    prefs = snap(PAGE, headers=(("set-cookie", "theme=dark; Secure"),))
    low = H.evaluate_cookies(prefs)
    # only SameSite missing
    assert ids(low) == {"web.cookie-insecure"} and low[0].severity.label == "low"


def test_private_page_cacheable():
    acct = "https://example.test/account"
    public = snap(acct, headers=(("cache-control", "public, max-age=3600"),))
    assert ids(H.evaluate_cache(public, "authenticated")) == {"web.private-page-cacheable"}
    shared = snap(acct, 302, headers=(("cache-control", "s-maxage=60"),))
    assert ids(H.evaluate_cache(shared, "admin")) == {"web.private-page-cacheable"}
    bare = H.evaluate_cache(snap(acct, headers=()), "authenticated")
    assert ids(bare) == {"web.private-page-cacheable"} and bare[0].severity.label == "medium"
    assert H.evaluate_cache(snap(acct, headers=(("cache-control", "private, no-store"),)),
                            "authenticated") == []
    # redirect to login: fine
    assert H.evaluate_cache(snap(acct, 302, headers=()), "authenticated") == []
    hook = "https://example.test/api/webhooks/stripe"
    assert ids(H.evaluate_cache(snap(hook, headers=(("cache-control", "max-age=600"),)),
                                "webhook")) == {
        "web.private-page-cacheable"}
    assert H.evaluate_cache(snap(hook, 405, headers=(("cache-control", "no-store"),)),
                            "webhook") == []


def test_static_not_cached():
    css = "https://example.test/static/site.css"
    assert ids(H.evaluate_cache(snap(css, headers=()), "static")) == {"web.static-not-cached"}
    assert H.evaluate_cache(snap(css, headers=(("cache-control", "max-age=86400"),)),
                            "static") == []
    js = "https://example.test/static/app.3f9a1c2e.js"
    out = H.evaluate_cache(snap(js, headers=(("cache-control", "max-age=86400"),)), "static")
    assert ids(out) == {"web.static-not-cached"} and "fingerprinted" in out[0].message
    assert H.evaluate_cache(snap(js,
                                 headers=(("cache-control", "public, max-age=31536000, "
                                           "immutable"),)), "static") == []


def test_cors():
    origin = "https://evil.test"
    api = "https://example.test/api/data"
    reflect = snap(api,
                   headers=(("access-control-allow-origin", origin),
                            ("access-control-allow-credentials", "true")))
    assert ids(H.evaluate_cors(reflect, origin)) == {"web.cors-reflected-origin"}
    star = snap(api,
                headers=(("access-control-allow-origin", "*"),
                         ("access-control-allow-credentials", "true")))
    assert ids(H.evaluate_cors(star, origin)) == {"web.cors-wildcard-credentials"}
    assert H.evaluate_cors(snap(api, headers=(("access-control-allow-origin", "*"),)), origin) == []
    listed = snap(api, headers=(("access-control-allow-origin", "https://example.test"),
                                ("access-control-allow-credentials", "true")))
    assert H.evaluate_cors(listed, origin) == []


# -- exposure
# --------------------------------------------------------------------------------------------
SPA = snap("https://example.test/launchgate-not-found-7c1e9a",
           body=b"<!doctype html><title>App</title><div id=root>")


def test_env_file_exposed_is_judged_by_content_and_never_shows_values():
    value = secrets.token_urlsafe(16)
    env = snap("https://example.test/.env", headers=(("content-type", "text/plain"),),
               body=f"DATABASE_PASSWORD={value}\nDEBUG=0\n".encode())
    out = X.evaluate_sensitive(env, X.judge_env, SPA)
    assert found(out) == {("web.sensitive-file-exposed", "https://example.test/.env")}
    assert out[0].severity.label == "blocker"
    assert value not in out[0].message + out[0].evidence
    assert out[0].evidence == "names: DATABASE_PASSWORD, DEBUG"


def test_spa_fallback_is_not_a_leak():
    for path, judge in X.SENSITIVE:
        answer = snap(f"https://example.test{path}", body=SPA.body)
        assert X.evaluate_sensitive(answer, judge, SPA) == [], path
    # even without a baseline, an HTML page is not an .env or a git config
    html = snap("https://example.test/.env", body=b"<!doctype html><p>KEY=value</p>")
    assert X.evaluate_sensitive(html, X.judge_env, None) == []
    # the twin: a real .env behind the same SPA is still caught
    env = snap("https://example.test/.env", body=b"APP_ENV=production\nDEBUG=false\n",
               headers=(("content-type", "text/plain"),))
    assert ids(X.evaluate_sensitive(env, X.judge_env, SPA)) == {"web.sensitive-file-exposed"}


def test_other_sensitive_files():
    plain = (("content-type", "text/plain"),)
    cases = [
        ("/.git/config", X.judge_git_config, b"[core]\n\tbare = false\n"),
        ("/.git/HEAD", X.judge_git_head, b"ref: refs/heads/main\n"),
        ("/.DS_Store", X.judge_ds_store, b"\x00\x00\x00\x01Bud1\x00\x00"),
        ("/server-status", X.judge_status,
         b"Active connections: 3\nserver accepts handled requests\n"),
        ("/backup.sql", X.judge_sql, b"-- PostgreSQL database dump\nCREATE TABLE t (id int);\n"),
        ("/config.json", X.judge_json_config, json.dumps({"db": {"password": "x" * 12}}).encode()),
        ("/static/app.js.map", X.judge_source_map,
         json.dumps({"version": 3, "sources": ["a.ts"], "mappings": "AA"}).encode()),
    ]
    for path, judge, body in cases:
        out = X.evaluate_sensitive(snap(f"https://example.test{path}", headers=plain, body=body),
                                   judge, SPA)
        assert found(out) == {("web.sensitive-file-exposed", f"https://example.test{path}")}, path
    harmless = snap("https://example.test/config.json", body=json.dumps({"theme": "dark"}).encode(),
                    headers=plain)
    assert X.evaluate_sensitive(harmless, X.judge_json_config, SPA) == []
    assert X.evaluate_sensitive(snap("https://example.test/.env", 404, plain, b"A=1"), X.judge_env,
                                SPA) == []


def test_admin_unprotected():
    admin = "https://example.test/admin"
    out = X.evaluate_admin(snap(admin, body=b"<h1>Admin dashboard</h1><table>users</table>"), SPA)
    assert found(out) == {("web.admin-unprotected", admin)}
    assert X.evaluate_admin(snap(admin, body=b'<form><input type="password" name="pw"></form>'),
                            SPA) == []
    assert X.evaluate_admin(snap(admin, 401), SPA) == []
    assert X.evaluate_admin(snap(admin, body=SPA.body), SPA) == []


def test_error_page_leak():
    tb = snap("https://example.test/x", 500,
              body=b"Traceback (most recent call last):\n  File \"/app/x.py\"")
    out = X.evaluate_error_page(tb)
    assert ids(out) == {"web.error-page-leak"} and "a Python traceback" in out[0].message
    node = snap("https://example.test/x", 500,
                body=b"TypeError: x\n    at handler (/usr/src/app/server.js:12:5)")
    assert ids(X.evaluate_error_page(node)) == {"web.error-page-leak"}
    java = snap("https://example.test/x", 500,
                body=b"at com.acme.web.Controller.handle(Controller.java:42)")
    assert ids(X.evaluate_error_page(java)) == {"web.error-page-leak"}
    assert X.evaluate_error_page(snap("https://example.test/x", 404,
                                      body=b"<h1>Not found</h1>")) == []


# -- whole host / site evaluation
# ------------------------------------------------------------------------
def test_evaluate_host_reports_a_loop_once():
    a, b = "https://loop.example.test/a", "https://loop.example.test/b"
    http = f"http://loop.example.test{PROBE_PATH}"
    loop_http = chain(redirect(http, a), redirect(a, b), redirect(b, a), stopped="loop", next_url=a,
                      cycle=(a, b, a))
    loop_https = chain(redirect("https://loop.example.test/", a, hsts=True), redirect(a, b),
                       redirect(b, a), stopped="loop",
                       next_url=a, cycle=(a, b, a))
    hw = HostWeb(host="loop.example.test", http_chain=loop_http, https_chain=loop_https)
    assert found(evaluate_host(hw, POLICY, hsts_min_days=180)) == {("web.redirect-loop", http)}


def test_evaluate_site_routes():
    site = SiteWeb(base="https://example.test", baseline=SPA, routes=(
        ("admin", snap("https://example.test/admin", headers=(("cache-control", "no-store"),),
                       body=b"<h1>Admin</h1>")),
        ("authenticated",
         snap("https://example.test/account", 302, headers=(("location", "/login"),))),
    ))
    assert found(evaluate_site(site)) == {("web.admin-unprotected", "https://example.test/admin")}
