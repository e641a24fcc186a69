"""The edge lab's route-level twins, ``mix.bad.test`` and ``mix.good.test``, on the lab's nginx.

Both have the same routes. The bad one loads a script and an image over plain HTTP and fetches an
http:// API from an inline script, sets a cookie on a publicly cached page, leaves a public page
without cache headers, serves a logged-in page a shared cache may store and one that varies by
cookie without saying so, answers a write cacheably, shows internal ids on its error pages and
forgets the security headers on one route. The good twin does each of those right. lab_edge.py
includes the server blocks and the scenarios.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SESSION = "lgs=lab-session"  # the cookie the lab's login sets (a lab value, not a secret)
HOSTS = ("mix.good.test", "mix.bad.test")
ROUTES = [
    {"path": "/promo", "kind": "public"}, {"path": "/news", "kind": "public"},
    {"path": "/about", "kind": "public"}, {"path": "/orders/0", "kind": "public"},
    {"path": "/dashboard", "kind": "authenticated", "session": "login"},
    {"path": "/settings", "kind": "authenticated", "session": "login"},
    {"path": "/api/cart", "kind": "write", "method": "POST", "json": {"sku": "lab-1", "qty": 1}},
]
LOGIN_FLOW = {"name": "login", "steps": [
    {"name": "login", "request": "POST /login", "form": {"user": "lab", "password": "lab-password"},
     "expect": {"status": 200}}]}

_UUID = "3f2b8c1e-9a4d-4e5f-8b7a-1c2d3e4f5a6b"
_PAGES = {
    "bad": {
        "index.html": '<!doctype html><html><head><title>Mix</title>'
                      '<script src="http://cdn.mix.test/lib.js"></script></head><body>'
                      '<img src="http://img.mix.test/logo.png" alt="logo">'
                      '<img src="//img.mix.test/ok.png"><script src="/static/app.js"></script>'
                      '<script nonce="lab">fetch("http://api.mix.test/v1/items")</script>'
                      "</body></html>",
        "404.html": "<!doctype html><title>Not found</title><p>No route for tenant_id=42 "
                    f"(object {_UUID}) on app-7.prod.internal</p>",
        "500.html": '<!doctype html><title>Error</title><p>ERROR: relation "orders_2024" '
                    "does not exist while loading order #48213</p>",
    },
    "good": {
        "index.html": '<!doctype html><html><head><title>Mix</title>'
                      '<script src="https://cdn.mix.test/lib.js"></script></head><body>'
                      '<img src="/static/logo.png" alt="logo"><img src="//img.mix.test/ok.png">'
                      '<a href="http://docs.mix.test/">docs</a>'
                      '<script src="/static/app.js"></script>'
                      '<script nonce="lab">var docs = "http://docs.mix.test/"; '
                      'fetch("/api/items")</script></body></html>',
        "404.html": "<!doctype html><title>Not found</title><p>Sorry, nothing here.</p>",
        "500.html": f"<!doctype html><title>Error</title><p>Something went wrong. Request ID: "
                    f"{_UUID}</p>",
    },
}


def site_files(root: Path) -> None:
    for twin, pages in _PAGES.items():
        d = root / f"mix-{twin}"
        d.mkdir(parents=True, exist_ok=True)
        for name, text in pages.items():
            (d / name).write_text(text)


def _locations(twin: str, hdr: Path) -> str:
    bad = twin == "bad"
    cookie = 'add_header Set-Cookie "promo=spring; Path=/; Secure; HttpOnly; SameSite=Lax";'
    promo = 'add_header Cache-Control "public, max-age=600";' + (f" {cookie}" if bad else "")
    news = "" if bad else 'add_header Cache-Control "public, max-age=60";'
    about = "" if bad else f"include {hdr};"
    dash = '"public, max-age=300"' if bad else '"private, no-store"'
    settings = 'add_header Cache-Control "private, max-age=300";' + (
        "" if bad else " add_header Vary Cookie;")
    cart = '"public, max-age=60"' if bad else "no-store"
    html = "default_type text/html;"
    inc = f"include {hdr};"
    logged_in = f'{html} if ($cookie_lgs = "lab-session") {{ {inc}'
    to_login = f'{inc} add_header Cache-Control "private, no-store" always; return 302 /login;'
    login = f'add_header Set-Cookie "{SESSION}; Path=/; Secure; HttpOnly; SameSite=Lax";'
    return f"""
  location / {{ {inc} }}
  location = /login {{ {inc} add_header Cache-Control no-store always; {login}
    {html} return 200 '<p>hi</p>'; }}
  location = /promo {{ {inc} {promo} {html} return 200 '<h1>Spring sale</h1>'; }}
  location = /news {{ {inc} {news} {html} return 200 '<h1>News</h1>'; }}
  location = /about {{ {about} add_header Cache-Control "public, max-age=60";
    {html} return 200 '<h1>About</h1>'; }}
  location = /orders/0 {{ {inc} return 500; }}
  location = /dashboard {{ {logged_in} add_header Cache-Control {dash} always;
    return 200 '<h1>Hi lab</h1>'; }} {to_login} }}
  location = /settings {{ {logged_in} {settings} return 200 '<h1>Settings of lab</h1>'; }}
    {to_login} }}
  location = /orders/echo {{ {inc} {html}
    return 400 '<p>no such order in /srv/shop/$http_x_shop_key/orders.py</p>'; }}
  location = /api/cart {{ {inc} add_header Cache-Control {cart} always;
    default_type application/json; return 200 '{{"items": 1}}'; }}"""


def nginx_servers(root: Path, ssl: str, listen_http: str, listen_https: str, hdr: Path) -> str:
    """The server blocks of both twins (``ssl``: the lab's certificate directives)."""
    names = " ".join(HOSTS)
    out = [f"server {{ {listen_http} server_name {names}; return 301 https://$host$request_uri; }}"]
    for twin in ("good", "bad"):
        out.append(f"server {{ {listen_https} server_name mix.{twin}.test; {ssl}\n"
                   f"  root {root / f'mix-{twin}'}; error_page 404 /404.html; "
                   f"error_page 500 /500.html;{_locations(twin, hdr)} }}")
    return "\n".join(out)


def scenarios(targets: Any) -> dict[str, dict[str, Any]]:
    """``targets``: Lab.targets."""
    return {
        f"{twin}-mix": {"targets": targets(f"mix.{twin}.test", (f"mix.{twin}.test",),
                                           canonical=f"https://mix.{twin}.test"),
                        "routes": ROUTES, "smoke": [LOGIN_FLOW]}
        for twin in ("good", "bad")}
