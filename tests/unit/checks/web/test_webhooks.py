"""Webhook probes without sockets: the test events, their signatures, the two rules on built
answers, the route fields in launchgate.yml."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from launchgate.checks import ALL
from launchgate.checks.web.schema import Route, routes_of
from launchgate.checks.web.webhooks import (
    Attempt,
    WebhookProbe,
    evaluate_webhook,
    sample_event,
    signed_headers,
)
from launchgate.config import ConfigError, build_schema, load
from launchgate.net import HttpSnapshot

URL = "https://shop.test/api/webhooks/stripe"
KEY = b"k" * 32


def answer(status, elapsed=0.05):
    return HttpSnapshot(url=URL, status=status, headers=(), body=b"", truncated=False,
                        elapsed_s=elapsed)


def probe(*attempts, timeout=10.0, provider="stripe"):
    return WebhookProbe(url=URL, provider=provider, retry_timeout_s=timeout, attempts=attempts)


def rules(findings):
    return {f.rule.id for f in findings}


def test_events_are_the_providers_test_shapes_and_say_so():
    stripe = json.loads(sample_event("stripe", 1700000000))
    assert (stripe["id"], stripe["object"], stripe["livemode"]) == (
        "evt_00000000000000", "event", False)
    ping = json.loads(sample_event("github", 0))
    assert ping["hook_id"] == 0 and "zen" in ping
    assert json.loads(sample_event("slack", 0))["type"] == "url_verification"
    assert json.loads(sample_event("generic", 0))["test"] is True


def test_stripe_signature_is_well_formed_and_verifies_with_its_key_only():
    route = Route(path="/h", kind="webhook", provider="stripe")
    body = sample_event("stripe", 1700000000)
    header = signed_headers(route, body, 1700000000, KEY)["Stripe-Signature"]
    t, v1 = (p.split("=", 1)[1] for p in header.split(","))
    assert t == "1700000000"
    assert v1 == hmac.new(KEY, b"1700000000." + body, hashlib.sha256).hexdigest()
    assert "Stripe-Signature" not in signed_headers(route, body, 1700000000, None)


def test_github_slack_and_generic_headers():
    body = b"{}"
    gh = signed_headers(Route(path="/h", kind="webhook", provider="github"), body, 5, KEY)
    assert gh["X-GitHub-Event"] == "ping"
    assert gh["X-Hub-Signature-256"] == "sha256=" + hmac.new(KEY, body, hashlib.sha256).hexdigest()
    slack = signed_headers(Route(path="/h", kind="webhook", provider="slack"), body, 5, KEY)
    want = hmac.new(KEY, b"v0:5:{}", hashlib.sha256).hexdigest()
    assert slack["X-Slack-Signature"] == "v0=" + want
    generic = Route(path="/h", kind="webhook", provider="generic",
                    signature_header="X-Acme-Signature")
    assert "X-Acme-Signature" in signed_headers(generic, body, 5, KEY)
    assert "X-Acme-Signature" not in signed_headers(generic, body, 5, None)


def test_retry_timeout_defaults_by_provider_and_can_be_set():
    assert Route(path="/h", kind="webhook", provider="stripe").retry_timeout == 10
    assert Route(path="/h", kind="webhook", provider="slack").retry_timeout == 3
    set_ = Route(path="/h", kind="webhook", provider="github", retry_timeout_s=0.5)
    assert set_.retry_timeout == 0.5


def test_unsigned_or_wrongly_signed_event_answered_2xx_is_a_finding():
    bad = evaluate_webhook(probe(Attempt(label="unsigned", answer=answer(204)),
                                 Attempt(label="wrong-signature", answer=answer(400))))
    assert rules(bad) == {"web.webhook-unsigned-accepted"}
    assert bad[0].message.endswith("204 to the unsigned one")
    assert bad[0].location.url == URL


def test_refused_events_are_not_a_finding():
    for status in (400, 401, 403, 301, 404):
        good = probe(Attempt(label="unsigned", answer=answer(status)),
                     Attempt(label="wrong-signature", answer=answer(status)))
        assert evaluate_webhook(good) == [], status
    assert evaluate_webhook(probe(Attempt(label="unsigned", error_kind="connect"))) == []


def test_answer_slower_than_the_retry_timeout_is_a_finding():
    slow = evaluate_webhook(probe(Attempt(label="unsigned", answer=answer(400, elapsed=1.25)),
                                  timeout=1.0))
    assert rules(slow) == {"web.webhook-slow"}
    assert slow[0].message == (f"webhook {URL} answered in 1.25 s; stripe stops waiting after 1 s"
                               " and delivers the event again")
    late = evaluate_webhook(probe(Attempt(label="unsigned", error_kind="timeout"), timeout=1.0))
    assert rules(late) == {"web.webhook-slow"} and "no answer within 1.5 s" in late[0].message
    quick = evaluate_webhook(probe(Attempt(label="unsigned", answer=answer(400, elapsed=0.9)),
                                   timeout=1.0))
    assert quick == []


def test_webhook_route_fields_are_validated_in_one_line(tmp_path):
    schema = build_schema(ALL)
    p = tmp_path / "launchgate.yml"
    p.write_text("version: 1\nroutes:\n  - {path: /hooks, kind: webhook, provider: generic}\n")
    with pytest.raises(ConfigError) as exc:
        load(p, schema, {})
    assert str(exc.value).startswith("launchgate.yml:3: routes.0: 'signature_header' is a required")
    p.write_text("version: 1\nroutes:\n  - {path: /hooks, kind: webhook, provider: paypal}\n")
    with pytest.raises(ConfigError, match=r"routes\.0\.provider: 'paypal' is not one of"):
        load(p, schema, {})
    p.write_text("version: 1\nroutes:\n  - {path: /h, kind: webhook, provider: generic,\n"
                 "     signature_header: X-Acme-Signature, retry_timeout_s: 2}\n")
    [route] = routes_of(load(p, schema, {}).data)
    assert (route.provider, route.signature_header, route.retry_timeout) == (
        "generic", "X-Acme-Signature", 2.0)
