"""The example marketplace backend: an ASGI app (Starlette) that launchgate's live checks are
pointed at.

Routes: ``POST /api/signup`` (rate limited per client: ``SIGNUP_MAX`` attempts per
``LOGIN_WINDOW_S``), ``POST /api/login`` (bearer token in the body and a session cookie; rate
limited per client and account: ``LOGIN_MAX_FAILURES`` failures per ``LOGIN_WINDOW_S`` give 429
with Retry-After),
``POST /api/password-reset`` (rate limited per client), ``GET /api/listings?q=``, ``POST
/api/listings``, ``DELETE /api/listings?title=`` (the caller's own listings with that title),
``GET/POST /api/messages``, ``POST /api/checkout``, ``POST /api/assistant`` (assistant.py), ``GET
/healthz`` (status and dependency states), ``GET /readyz``, ``GET /`` (the landing page), plus the
measurement routes of ``lab.py``. Storage is SQLite in memory.

Run: ``uvicorn app:create_app --factory --app-dir examples/marketplace`` (or ``python -m
examples.marketplace.serve``, which puts nginx in front). Settings come from the environment, read
once here at startup (this is the app, not launchgate: launchgate's own code never reads
os.environ).

Planted launch risks for the demo's failing run (``make demo``), off unless named in
``MARKETPLACE_RISKS`` (comma-separated): ``no-hsts`` (no Strict-Transport-Security header),
``open-admin`` (an ``/admin`` page that answers without authentication), ``slow-search``
(``GET /api/listings`` takes 400 ms), ``open-signup`` (no rate limit on ``POST /api/signup``).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from collections import defaultdict, deque
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .assistant import assistant
from .lab import FAULT_ROUTES, LAB_ROUTES, DelaySequences
from .store import Store, User

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SECURITY_HEADERS = [
    (b"strict-transport-security", b"max-age=63072000; includeSubDomains"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


RISKS = frozenset({"no-hsts", "open-admin", "slow-search", "open-signup"})
SLOW_SEARCH_S = 0.4


class SecurityHeaders:
    """Pure ASGI middleware (no body buffering, so streaming responses stay streaming)."""

    def __init__(self, app: ASGIApp, headers: list[tuple[bytes, bytes]] | None = None) -> None:
        self.app = app
        self.headers = SECURITY_HEADERS if headers is None else headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.headers if k not in names]
            await send(message)

        await self.app(scope, receive, with_headers)


class RateLimiter:
    """Sliding window: at most ``limit`` events per key within ``window_s``."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit, self.window_s = limit, window_s
        self._events: dict[str, deque[float]] = defaultdict(deque)

    def retry_after(self, key: str) -> int | None:
        """Seconds to wait when ``key`` is over its limit, else None."""
        if self.limit <= 0:
            return None
        q, now = self._events[key], time.monotonic()
        while q and now - q[0] > self.window_s:
            q.popleft()
        if len(q) >= self.limit:
            return max(1, int(self.window_s - (now - q[0]) + 0.999))
        return None

    def hit(self, key: str) -> None:
        if self.limit > 0:
            self._events[key].append(time.monotonic())


def too_many(retry_after: int) -> Response:
    return JSONResponse({"error": "too many attempts"}, status_code=429,
                        headers={"Retry-After": str(retry_after)})


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def read_body(request: Request) -> dict[str, Any]:
    """JSON or form body as a dict; anything else is an empty dict."""
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        try:
            data = json.loads(await request.body() or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    # parsed here: no python-multipart needed
    if ctype.startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl((await request.body()).decode("utf-8", "replace"),
                              keep_blank_values=True))
    return {}


def current_user(request: Request) -> User | None:
    store: Store = request.app.state.store
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        token = auth[7:].strip()
        probe = request.app.state.settings["probe_token"]
        if probe and token == probe:
            return store.user_by_email("probe@marketplace.test")
        return store.user_for_token(token)
    cookie = request.cookies.get("session")
    return store.user_for_token(cookie) if cookie else None


def unauthorized() -> Response:
    return JSONResponse({"error": "authentication required"}, status_code=401,
                        headers={"WWW-Authenticate": "Bearer"})


async def signup(request: Request) -> Response:
    limiter: RateLimiter = request.app.state.signup_limiter
    wait = limiter.retry_after(client_ip(request))
    if wait is not None:
        return too_many(wait)
    limiter.hit(client_ip(request))  # every attempt counts: account creation is what scripts hammer
    body = await read_body(request)
    email, password = str(body.get("email", "")).strip().lower(), str(body.get("password", ""))
    if not EMAIL_RE.match(email) or len(password) < 8:
        return JSONResponse({"error": "a valid email and a password of 8+ characters are required"},
                            status_code=422)
    user = request.app.state.store.create_user(email, password)
    if user is None:
        return JSONResponse({"error": "email already registered"}, status_code=409)
    return JSONResponse({"id": user.id, "email": user.email}, status_code=201)


async def login(request: Request) -> Response:
    body = await read_body(request)
    email = str(body.get("email") or body.get("user") or "").strip().lower()
    password = str(body.get("password", ""))
    limiter: RateLimiter = request.app.state.login_limiter
    key = f"{client_ip(request)}|{email}"
    wait = limiter.retry_after(key)
    if wait is not None:
        return too_many(wait)
    user = request.app.state.store.check_password(email, password)
    if user is None:
        limiter.hit(key)
        return JSONResponse({"error": "wrong email or password"}, status_code=401)
    token = request.app.state.store.new_session(user)
    resp = JSONResponse({"token": token, "user": {"id": user.id, "email": user.email}})
    https = request.headers.get("x-forwarded-proto", request.url.scheme) == "https"
    resp.set_cookie("session", token, httponly=True, secure=https, samesite="lax", max_age=3600)
    return resp


async def password_reset(request: Request) -> Response:
    limiter: RateLimiter = request.app.state.reset_limiter
    wait = limiter.retry_after(client_ip(request))
    if wait is not None:
        return too_many(wait)
    limiter.hit(client_ip(request))
    return JSONResponse({"status": "if the account exists, an email is on its way"},
                        status_code=202)


async def listings(request: Request) -> Response:
    store: Store = request.app.state.store
    if request.method == "GET":
        if "slow-search" in request.app.state.settings["risks"]:
            await asyncio.sleep(SLOW_SEARCH_S)
        items = store.search(request.query_params.get("q", ""))
        return JSONResponse({"items": items, "count": len(items)})
    user = current_user(request)
    if user is None:
        return unauthorized()
    # DELETE /api/listings?title=...: the caller's own listings with that title
    if request.method == "DELETE":
        title = request.query_params.get("title", "").strip()
        if not title:
            return JSONResponse({"error": "title is required"}, status_code=422)
        return JSONResponse({"deleted": store.delete_listings(user, title)})
    body = await read_body(request)
    title = str(body.get("title", "")).strip()
    try:
        price = int(body.get("price_cents", 1000))
    except (TypeError, ValueError):
        price = -1
    if not title or price < 0:
        return JSONResponse({"error": "title and a non-negative price_cents are required"},
                            status_code=422)
    item = store.create_listing(user, title[:200], str(body.get("description", ""))[:2000], price)
    return JSONResponse(item, status_code=201)


async def messages(request: Request) -> Response:
    store: Store = request.app.state.store
    user = current_user(request)
    if user is None:
        return unauthorized()
    if request.method == "GET":
        return JSONResponse({"items": store.inbox(user)})
    body = await read_body(request)
    recipient = store.user_by_email(str(body.get("to", "")).strip().lower())
    text = str(body.get("body", "")).strip()
    if recipient is None or not text:
        return JSONResponse({"error": "an existing recipient 'to' and a 'body' are required"},
                            status_code=422)
    listing_id = body.get("listing_id")
    mid = store.send_message(user, recipient, int(listing_id) if listing_id else None, text[:5000])
    return JSONResponse({"id": mid}, status_code=201)


async def checkout(request: Request) -> Response:
    store: Store = request.app.state.store
    user = current_user(request)
    if user is None:
        return unauthorized()
    body = await read_body(request)
    try:
        listing = store.listing(int(body.get("listing_id", 0)))
    except (TypeError, ValueError):
        listing = None
    if listing is None:
        return JSONResponse({"error": "unknown listing"}, status_code=404)
    if request.app.state.settings["payments"] != "up":
        return JSONResponse({"error": "payments unavailable"}, status_code=503)
    order = store.checkout(user, int(str(listing["id"])))
    return JSONResponse({"order_id": order, "status": "paid",
                         "amount_cents": listing["price_cents"]},
                        status_code=201)


async def home(request: Request) -> Response:
    """The storefront's landing page (where the canonical redirects lead)."""
    return HTMLResponse("<!doctype html><html lang=en><meta charset=utf-8>"
                        "<title>Marketplace</title><h1>Marketplace</h1>"
                        "<p>Buy and sell second-hand bikes.</p></html>",
                        headers={"Cache-Control": "no-cache"})


async def healthz(request: Request) -> Response:
    deps = {"database": "up" if request.app.state.store.ping() else "down",
            "payments": request.app.state.settings["payments"]}
    ok = all(v == "up" for v in deps.values())
    return JSONResponse({"status": "ok" if ok else "degraded", "dependencies": deps},
                        status_code=200 if ok else 503)


async def admin(request: Request) -> Response:
    """Only with the ``open-admin`` risk: the back office, with no authentication in front of it."""
    return HTMLResponse("<!doctype html><title>Back office</title><h1>Marketplace admin</h1>"
                        "<p>Users, orders, refunds.</p>")


async def readyz(request: Request) -> Response:
    remaining = request.app.state.ready_at - time.monotonic()
    if remaining > 0:
        return JSONResponse({"ready": False, "reason": "warming up"}, status_code=503,
                            headers={"Retry-After": str(int(remaining) + 1)})
    return JSONResponse({"ready": True})


def settings_from(env: Mapping[str, str]) -> dict[str, Any]:
    return {
        "login_max_failures": int(env.get("LOGIN_MAX_FAILURES", "5")),
        "login_window_s": float(env.get("LOGIN_WINDOW_S", "60")),
        "reset_max": int(env.get("PASSWORD_RESET_MAX", "5")),
        "signup_max": int(env.get("SIGNUP_MAX", "20")),
        "risks": frozenset(r.strip() for r in env.get("MARKETPLACE_RISKS", "").split(",")
                           if r.strip()),
        "warmup_s": float(env.get("MARKETPLACE_WARMUP_S", "0")),
        "payments": "down" if env.get("MARKETPLACE_PAYMENTS", "up") == "down" else "up",
        "faults": env.get("MARKETPLACE_FAULTS", "") == "1",
        "probe_token": env.get("MARKETPLACE_PROBE_TOKEN", ""),
    }


def create_app(env: Mapping[str, str] | None = None) -> ASGIApp:
    settings = settings_from(os.environ if env is None else env)
    routes = [
        Route("/", home),
        Route("/api/signup", signup, methods=["POST"]),
        Route("/api/login", login, methods=["POST"]),
        Route("/api/password-reset", password_reset, methods=["POST"]),
        Route("/api/listings", listings, methods=["GET", "POST", "DELETE"]),
        Route("/api/messages", messages, methods=["GET", "POST"]),
        Route("/api/checkout", checkout, methods=["POST"]),
        Route("/api/assistant", assistant, methods=["POST"]),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        *LAB_ROUTES,
        *(FAULT_ROUTES if settings["faults"] else []),
        *([Route("/admin", admin)] if "open-admin" in settings["risks"] else []),
    ]
    unknown = settings["risks"] - RISKS
    if unknown:
        raise ValueError(f"MARKETPLACE_RISKS: unknown {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(sorted(RISKS))})")
    app = Starlette(routes=routes)
    app.state.settings = settings
    app.state.store = Store()
    app.state.login_limiter = RateLimiter(settings["login_max_failures"],
                                          settings["login_window_s"])
    app.state.reset_limiter = RateLimiter(settings["reset_max"], settings["login_window_s"])
    signups = 0 if "open-signup" in settings["risks"] else settings["signup_max"]
    app.state.signup_limiter = RateLimiter(signups, settings["login_window_s"])
    app.state.delays = DelaySequences()
    app.state.warming = {}
    app.state.ready_at = time.monotonic() + settings["warmup_s"]
    if settings["probe_token"]:
        app.state.store.create_user("probe@marketplace.test", settings["probe_token"])
    headers = [h for h in SECURITY_HEADERS
               if not (h[0] == b"strict-transport-security" and "no-hsts" in settings["risks"])]
    return SecurityHeaders(app, headers)
