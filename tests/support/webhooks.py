"""Webhook receivers for the ``web`` check's webhook probes, served on loopback by uvicorn.

``/hooks/open`` acts on any event (no signature check: the bad case); ``/hooks/stripe`` verifies
Stripe-Signature (``t=<unix>,v1=<HMAC-SHA256 of "t.body">`` with the signing secret) and answers
400 to a missing or wrong one (the good twin); ``/hooks/github`` verifies X-Hub-Signature-256 the
same way; ``/hooks/slow`` verifies too but does its work before answering (``delay_s``): slower than
a small retry timeout. Every request is counted per path: tests assert the probe budget at the
server.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import secrets
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.support.servers import LOOPBACK, free_port, wait_for_port


@dataclass
class Hooks:
    port: int
    secret: bytes  # the signing secret only the receiver knows (made per run)
    delay_s: float
    hits: Counter[str] = field(default_factory=Counter)

    def targets(self, host: str = "hooks.test") -> dict[str, Any]:
        return {"canonical": f"http://{host}", "hosts": [host],
                "resolve": [f"{host}:{self.port}:{LOOPBACK}"],
                "ports": {"http": self.port, "https": self.port}, "timeout_s": 5}


def stripe_valid(secret: bytes, header: str, body: bytes) -> bool:
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    t, v1 = parts.get("t", ""), parts.get("v1", "")
    want = hmac.new(secret, t.encode() + b"." + body, hashlib.sha256).hexdigest()
    return bool(t) and hmac.compare_digest(want, v1)


def github_valid(secret: bytes, header: str, body: bytes) -> bool:
    want = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, header)


def create(hooks: Hooks) -> Starlette:
    async def open_hook(request: Request) -> Response:
        hooks.hits[request.url.path] += 1
        await request.body()
        return JSONResponse({"received": True})

    async def stripe_hook(request: Request) -> Response:
        hooks.hits[request.url.path] += 1
        body = await request.body()
        if not stripe_valid(hooks.secret, request.headers.get("stripe-signature", ""), body):
            return JSONResponse({"error": "invalid signature"}, status_code=400)
        return JSONResponse({"received": True})

    async def github_hook(request: Request) -> Response:
        hooks.hits[request.url.path] += 1
        body = await request.body()
        if not github_valid(hooks.secret, request.headers.get("x-hub-signature-256", ""), body):
            return JSONResponse({"error": "invalid signature"}, status_code=401)
        return JSONResponse({"received": True})

    async def slow_hook(request: Request) -> Response:
        hooks.hits[request.url.path] += 1
        await asyncio.sleep(hooks.delay_s)  # work done before answering: what retries punish
        return await stripe_hook(request)

    return Starlette(routes=[Route("/hooks/open", open_hook, methods=["GET", "POST"]),
                             Route("/hooks/stripe", stripe_hook, methods=["GET", "POST"]),
                             Route("/hooks/github", github_hook, methods=["POST"]),
                             Route("/hooks/slow", slow_hook, methods=["POST"])])


@contextlib.contextmanager
def serve(delay_s: float = 1.0) -> Iterator[Hooks]:
    """Run the receivers on a free loopback port in a thread until the block exits."""
    hooks = Hooks(port=free_port(), secret=secrets.token_bytes(32), delay_s=delay_s)
    config = uvicorn.Config(create(hooks), host=LOOPBACK, port=hooks.port, log_level="error",
                            timeout_graceful_shutdown=1, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_for_port(hooks.port, timeout=10)
        yield hooks
    finally:
        server.should_exit = True
        server.force_exit = True
        deadline = time.monotonic() + 5
        while thread.is_alive() and time.monotonic() < deadline:
            thread.join(0.1)
