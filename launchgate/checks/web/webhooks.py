"""Webhook routes: is the provider's signature enforced, and is the answer quicker than its retry
timeout?

Only routes of kind ``webhook`` that name their ``provider`` are probed, with two POSTs of that
provider's documented test-event shape (Stripe's ``evt_00000000000000`` test event, GitHub's
``ping``, Slack's ``url_verification``, a ``launchgate.test`` event for ``generic``): one with no
signature, one signed with a random key (a well-formed but wrong signature). Each waits at most the
provider's retry timeout plus a margin. The bodies say they are tests (``livemode: false``, ids of
zeros), so a handler that does act on one acts on an obvious test. ``gather_webhooks`` sends them;
``evaluate_webhook`` judges them without sockets.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import assert_never

from launchgate.checks.web import rules as R
from launchgate.checks.web.gather import Gatherer
from launchgate.checks.web.schema import Provider, Route
from launchgate.model import Finding, Location
from launchgate.net import HttpSnapshot, NetError

WAIT_MARGIN_S = 0.5  # past the retry timeout: long enough to tell "slow" from "no answer"
WEBHOOK_CAP = 16 * 1024  # the answer's body is not judged: keep little of it
_ZERO_ID = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True, kw_only=True)
class Attempt:
    """One probe POST: ``unsigned`` or ``wrong-signature``; the answer, or why there was none."""

    label: str
    answer: HttpSnapshot | None = None
    error_kind: str | None = None  # timeout | connect | tls | ... (NetError.kind)


@dataclass(frozen=True, kw_only=True)
class WebhookProbe:
    url: str
    provider: Provider
    retry_timeout_s: float
    attempts: tuple[Attempt, ...]


def sample_event(provider: Provider, now: int) -> bytes:
    """The provider's documented test-event shape, never a real event (zero ids, no livemode)."""
    match provider:
        case "stripe":
            intent = {"id": "pi_00000000000000", "object": "payment_intent", "amount": 0,
                      "currency": "usd", "livemode": False, "status": "succeeded"}
            event: dict[str, object] = {
                "id": "evt_00000000000000", "object": "event", "api_version": "2024-06-20",
                "created": now, "livemode": False, "type": "payment_intent.succeeded",
                "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
                "data": {"object": intent}}
        case "github":
            hook = {"type": "Repository", "id": 0, "name": "web", "active": True,
                    "events": ["push"], "config": {"content_type": "json", "insecure_ssl": "0"}}
            event = {"zen": "Keep it logically awesome.", "hook_id": 0, "hook": hook}
        case "slack":
            event = {"token": "launchgate-test", "challenge": "launchgate-test-challenge",
                     "type": "url_verification"}
        case "generic":
            event = {"id": "evt_launchgate_test", "type": "launchgate.test", "created": now,
                     "test": True}
        case _:
            assert_never(provider)
    return json.dumps(event, separators=(",", ":")).encode()


def _mac(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def signed_headers(route: Route, body: bytes, now: int, key: bytes | None) -> dict[str, str]:
    """Headers the provider sends with ``body``: signed with ``key`` (a wrong one), or unsigned when
    ``key`` is None."""
    provider: Provider = route.provider or "generic"
    out = {"Content-Type": "application/json"}
    if provider == "github":
        out |= {"X-GitHub-Event": "ping", "X-GitHub-Delivery": _ZERO_ID, "X-GitHub-Hook-ID": "0"}
    if provider == "slack":
        out["X-Slack-Request-Timestamp"] = str(now)
    if key is None:
        return out
    match provider:
        case "stripe":
            out["Stripe-Signature"] = f"t={now},v1={_mac(key, f'{now}.'.encode() + body)}"
        case "github":
            out["X-Hub-Signature-256"] = f"sha256={_mac(key, body)}"
        case "slack":
            out["X-Slack-Signature"] = f"v0={_mac(key, f'v0:{now}:'.encode() + body)}"
        case "generic":
            out[route.signature_header or "X-Signature"] = f"sha256={_mac(key, body)}"
        case _:
            assert_never(provider)
    return out


async def _post(g: Gatherer, url: str, label: str, headers: dict[str, str], body: bytes,
                wait_s: float) -> Attempt:
    async with g.sem:
        try:
            snap = await g.net.fetch(g.client, "POST", url, headers=headers, content=body,
                                     deadline_s=wait_s, max_body=WEBHOOK_CAP)
        except NetError as exc:
            if exc.kind != "timeout":
                g.errors.append(str(exc))
            return Attempt(label=label, error_kind=exc.kind)
    return Attempt(label=label, answer=snap)


async def gather_webhook(g: Gatherer, url: str, route: Route, now: int) -> WebhookProbe:
    """Two POSTs of the test event (unsigned, wrongly signed), sent together, each waiting at most
    the provider's retry timeout plus a margin."""
    provider: Provider = route.provider or "generic"
    body = sample_event(provider, now)
    wait = route.retry_timeout + WAIT_MARGIN_S
    wrong_key = secrets.token_bytes(32)  # random: a well-formed signature that cannot be right
    attempts = await asyncio.gather(
        _post(g, url, "unsigned", signed_headers(route, body, now, None), body, wait),
        _post(g, url, "wrong-signature", signed_headers(route, body, now, wrong_key), body, wait))
    return WebhookProbe(url=url, provider=provider, retry_timeout_s=route.retry_timeout,
                        attempts=tuple(attempts))


async def gather_webhooks(g: Gatherer, base: str, routes: Sequence[Route], now: int
                          ) -> tuple[WebhookProbe, ...]:
    """Probe the configured webhook routes that name a provider (never a discovered one)."""
    hooks = [r for r in routes if r.kind == "webhook" and r.provider]
    base = base.rstrip("/")
    return tuple(await asyncio.gather(*(gather_webhook(g, base + r.path, r, now) for r in hooks)))


def evaluate_webhook(probe: WebhookProbe) -> list[Finding]:
    out: list[Finding] = []
    loc = Location(url=probe.url)
    accepted = [(a.label.replace("-", " "), a.answer.status) for a in probe.attempts
                if a.answer is not None and 200 <= a.answer.status < 300]
    if accepted:
        shown = " and ".join(f"{status} to the {label} one" for label, status in accepted)
        out.append(Finding.of(
            R.WEBHOOK_UNSIGNED_ACCEPTED, f"webhook {probe.url} ({probe.provider}) accepted a test "
                                         f"event without a valid signature: {shown}",
            loc, key=(probe.provider,)))
    slow = _slowest(probe)
    if slow is not None:
        out.append(Finding.of(
            R.WEBHOOK_SLOW, f"webhook {probe.url} {slow}; {probe.provider} stops waiting after "
                            f"{probe.retry_timeout_s:g} s and delivers the event again",
            loc, key=(probe.provider,)))
    return out


def _slowest(probe: WebhookProbe) -> str | None:
    """How the slowest attempt went when slower than the retry timeout; None when all in time."""
    if any(a.error_kind == "timeout" for a in probe.attempts):
        return f"gave no answer within {probe.retry_timeout_s + WAIT_MARGIN_S:g} s"
    times = [a.answer.elapsed_s for a in probe.attempts if a.answer is not None]
    if times and max(times) > probe.retry_timeout_s:
        return f"answered in {max(times):.2f} s"
    return None
