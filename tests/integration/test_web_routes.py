"""The web check's route-level rules end to end: the lab's mix.bad.test and its clean twin
mix.good.test (tests/integration/lab_webmix.py) behind the lab's nginx, on loopback."""

from __future__ import annotations

import asyncio
import dataclasses
import secrets

import pytest

from launchgate.check import CheckError
from launchgate.checks.web import WebCheck
from launchgate.model import Severity
from launchgate.redact import mask
from tests.integration.lab_edge import Lab, edge_lab, run_check
from tests.support.servers import find_binary

pytestmark = pytest.mark.integration
NOT_FOUND = "https://mix.bad.test/launchgate-not-found-7c1e9a"


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Lab:
    for binary in ("nginx", "nsd"):
        if find_binary(binary) is None:
            pytest.skip(f"{binary} is not installed (apt-get install nginx-light nsd)")
    with edge_lab(tmp_path_factory.mktemp("mix-lab")) as running:
        yield running


def run(lab, config):
    return asyncio.run(run_check(WebCheck(), lab, config))


def seen(findings):
    return {(f.rule.id, f.location.url, f.severity) for f in findings}


def test_bad_twin_breaks_each_route_rule(lab):
    out = run(lab, lab.scenarios()["bad-mix"])
    H, M, L = Severity.HIGH, Severity.MEDIUM, Severity.LOW
    home, about = "https://mix.bad.test/", "https://mix.bad.test/about"
    assert seen(out) == {
        ("web.mixed-content", home, H), ("web.mixed-content", home, M),
        ("web.public-cache-sets-cookie", "https://mix.bad.test/promo", H),
        ("web.public-not-cacheable", "https://mix.bad.test/news", L),
        ("web.private-page-cacheable", "https://mix.bad.test/dashboard", H),
        ("web.private-page-cacheable", "https://mix.bad.test/settings", M),
        ("web.write-cacheable", "https://mix.bad.test/api/cart", M),
        ("web.error-page-internal-ids", NOT_FOUND, M),
        ("web.error-page-internal-ids", "https://mix.bad.test/orders/0", M),
        ("web.hsts-missing", about, M), ("web.csp-missing", about, M),
        ("web.framing-unprotected", about, M), ("web.nosniff-missing", about, L),
    }
    mixed = sorted(f.message for f in out if f.rule.id == "web.mixed-content")
    assert mixed == [
        f"{home} loads http://api.mix.test/v1/items over plain HTTP (active, inline <script> "
        "request)",
        f"{home} loads http://cdn.mix.test/lib.js over plain HTTP (active, <script src>)",
        f"{home} loads http://img.mix.test/logo.png over plain HTTP (passive, <img src>)",
    ]
    msg = {(f.rule.id, f.location.url): f.message for f in out}
    assert msg[("web.private-page-cacheable", "https://mix.bad.test/settings")].endswith(
        "differs from the anonymous answer but sends no Vary: Cookie")
    assert "logged in by smoke flow 'login'" in msg[("web.private-page-cacheable",
                                                      "https://mix.bad.test/dashboard")]
    assert msg[("web.nosniff-missing", about)].endswith("(on 1 route of mix.bad.test: /about)")
    ids = {f.location.url: str(f.evidence) for f in out
           if f.rule.id == "web.error-page-internal-ids"}
    assert ids[NOT_FOUND] == ("a UUID: 3f2b8c1e-9a4d-4e5f-8b7a-1c2d3e4f5a6b; a database id: "
                              "tenant_id=42; an internal host: app-7.prod.internal")
    assert ids["https://mix.bad.test/orders/0"] == (
        'a database id: order #48213; SQL: relation "orders_2024" does not exist')


def test_good_twin_is_clean(lab):
    assert run(lab, lab.scenarios()["good-mix"]) == []


def test_private_page_is_judged_only_once_logged_in(lab):
    cfg = lab.scenarios()["bad-mix"]
    anonymous = {**cfg, "routes": [{k: v for k, v in r.items() if k != "session"}
                                   for r in cfg["routes"]]}
    out = run(lab, anonymous)
    urls = {f.location.url for f in out if f.rule.id == "web.private-page-cacheable"}
    assert urls == set()  # anonymously both pages are a login redirect marked no-store


def test_failed_login_is_a_figure_and_the_routes_stay_anonymous(lab):
    cfg = lab.scenarios()["bad-mix"]
    broken = {**cfg, "smoke": [{"name": "login", "steps": [
        {"name": "login", "request": "POST /no-such-login", "expect": {"status": 200}}]}]}
    ctx = lab.context(broken)
    out = asyncio.run(WebCheck().run(ctx))
    assert not any(f.rule.id == "web.private-page-cacheable" for f in out)
    assert dict(ctx.figures.items())["web.session.login"] == (
        "not logged in (routes judged anonymously): step 'login': status: expected 200, got 404")


def test_unknown_session_flow_is_a_config_error(lab):
    cfg = lab.scenarios()["bad-mix"]
    with pytest.raises(CheckError, match=r"routes\[4\]\.session: no smoke flow named 'login'"):
        run(lab, {**cfg, "smoke": []})


def test_a_malformed_session_flow_is_a_one_line_check_error(lab):
    cfg = lab.scenarios()["bad-mix"]
    broken = {**cfg, "smoke": [{"name": "login", "steps": [{"request": "BREW /login"}]}]}
    with pytest.raises(CheckError, match=r"^routes\[\]\.session: smoke\[0\]\.steps\[0\]\.request: "
                                         r"'BREW /login' is not 'METHOD /path'"):
        run(lab, broken)


def test_session_on_a_public_route_is_a_config_error(lab):
    cfg = lab.scenarios()["bad-mix"]
    routes = [{"path": "/promo", "kind": "public", "session": "login"}]
    with pytest.raises(CheckError, match=r"routes\[0\]\.session: only authenticated, admin, write "
                                         r"routes are fetched logged in, not public"):
        run(lab, {**cfg, "routes": routes})


def test_write_route_with_a_session_is_sent_logged_in(lab):
    cfg = lab.scenarios()["bad-mix"]
    routes = [{"path": "/dashboard", "kind": "write", "method": "POST", "session": "login"}]
    out = run(lab, {**cfg, "routes": routes})
    # /dashboard answers the logged-in cookie with a publicly cacheable 200, anyone else a 302
    assert [f.message for f in out if f.rule.id == "web.write-cacheable"] == [
        "POST https://mix.bad.test/dashboard (HTTP 200) is answered with Cache-Control: public, "
        "max-age=300"]


def test_route_budget_bounds_requests(lab):
    cfg = lab.scenarios()["bad-mix"]
    ctx = lab.context({**cfg, "web": {"max_route_requests": 2}})
    out = asyncio.run(WebCheck().run(ctx))
    figures = dict(ctx.figures.items())
    # two of the five public/write routes fit; the login flow (1 step + 2 routes) does not
    assert figures["web.routes_skipped"] == 4
    assert not any(f.rule.id == "web.private-page-cacheable" for f in out)


def test_write_routes_are_sent_only_with_their_configured_method_and_body(lab):
    cfg = lab.scenarios()["bad-mix"]
    put = [{**r, "method": "PUT"} if r["kind"] == "write" else r for r in cfg["routes"]]
    out = run(lab, {**cfg, "routes": put})
    writes = [f.message for f in out if f.rule.id == "web.write-cacheable"]
    assert writes == ["PUT https://mix.bad.test/api/cart (HTTP 200) is answered with "
                      "Cache-Control: public, max-age=60"]


def test_a_secret_sent_in_route_headers_never_reaches_a_finding(lab):
    key = "lgk_" + secrets.token_urlsafe(18)  # built at run time; the lab page echoes it back
    cfg = lab.scenarios()["bad-mix"]
    routes = [{"path": "/orders/echo", "kind": "public", "headers": {"X-Shop-Key": "${SHOP_KEY}"}}]
    ctx = dataclasses.replace(lab.context({**cfg, "routes": routes}), env={"SHOP_KEY": key})
    out = asyncio.run(WebCheck().run(ctx))
    leak = next(f for f in out if f.location.url == "https://mix.bad.test/orders/echo")
    assert leak.rule.id == "web.error-page-internal-ids"
    assert str(leak.evidence) == f"a file path: /srv/shop/{mask(key)}/orders.py"  # masked
    for f in out:
        assert key not in f"{f.message}\n{f.evidence}\n{f.location.url}"


def test_route_findings_are_placed_on_their_routes_line(lab):
    cfg = lab.scenarios()["bad-mix"]
    lines = {"targets.hosts": 3, **{f"routes.{i}": 20 + i for i in range(len(cfg["routes"]))}}
    ctx = dataclasses.replace(lab.context(cfg), config_path=lab.root / "launchgate.yml",
                              config_lines=lines)
    out = asyncio.run(WebCheck().run(ctx))
    at = {(f.rule.id, f.location.url): f.location.anchor_line for f in out}
    assert at[("web.public-cache-sets-cookie", "https://mix.bad.test/promo")] == 20  # routes[0]
    assert at[("web.write-cacheable", "https://mix.bad.test/api/cart")] == 26       # routes[6]
    assert at[("web.error-page-internal-ids", NOT_FOUND)] == 3  # not a route: the hosts' line
