"""Write endpoints: the cleanup request is held to the configured targets like every probe request,
a failed cleanup is a finding that names what stays behind, and the texts say what was (or would be)
sent."""

from __future__ import annotations

import pytest

from launchgate.checks.probes.spec import SpecError
from launchgate.checks.probes.writes import (
    CleanupOutcome,
    cleanup_spec,
    evaluate_cleanup,
    plan_text,
    sent_text,
)
from launchgate.model import Location

BASE, HOSTS = "https://shop.example.test", frozenset({"shop.example.test"})
WHERE = Location(anchor_path="launchgate.yml", anchor_line=12)


def test_cleanup_goes_only_to_a_configured_target() -> None:
    spec = cleanup_spec({"request": "DELETE /api/x", "query": {"run": "r1"}}, BASE, HOSTS,
                        "latency[0]")
    assert spec is not None
    assert (spec.line, spec.ok_status, spec.timeout_s) == ("DELETE "
                                                           "https://shop.example.test/api/x?run=r1",
                                                           (200, 202, 204), 10.0)
    with pytest.raises(SpecError, match=r"latency\[0\]\.cleanup\.request: 'elsewhere\.test' is "
                       r"not a configured target host"):
        cleanup_spec({"request": "DELETE https://elsewhere.test/x"}, BASE, HOSTS, "latency[0]")
    assert cleanup_spec(None, BASE, HOSTS, "latency[0]") is None


def test_an_endpoint_without_cleanup_has_none_after_the_config_filled_its_defaults() -> None:
    from launchgate.checks.probes.latency import latency_specs
    from launchgate.checks.probes.schema import LATENCY, Settings
    from launchgate.config import fill_defaults

    filled = fill_defaults({"latency": [{"request": "POST /api/x"}]},
                           {"properties": {"latency": LATENCY}})
    (spec,) = latency_specs(Settings.of(filled["latency"]), BASE, HOSTS)
    assert (spec.kind, spec.cleanup) == ("write", None)


def test_a_failed_cleanup_is_a_finding_a_good_one_is_not() -> None:
    spec = cleanup_spec({"request": "DELETE /api/x", "expect_status": 204}, BASE, HOSTS,
                        "latency[0]")
    assert spec is not None
    assert evaluate_cleanup("sell", spec, CleanupOutcome(status=204, elapsed_ms=9), WHERE) == []
    (f,) = evaluate_cleanup("sell", spec,
                            CleanupOutcome(status=None, error="timeout: no answer in 10 s"), WHERE)
    assert (f.rule.id, f.severity.label) == ("probes.latency-cleanup-failed", "medium")
    assert f.message == ("DELETE https://shop.example.test/api/x: the cleanup after the write "
                         "load of sell: no answer (timeout: no answer in 10 s), expected 204: the "
                         "records it created are still on the target")
    (f,) = evaluate_cleanup("sell", spec, CleanupOutcome(status=200, elapsed_ms=9), WHERE)
    assert "answered 200 in 9 ms, expected 204" in f.message


def test_the_texts_say_what_was_and_would_be_sent() -> None:
    spec = cleanup_spec({"request": "DELETE /api/x"}, BASE, HOSTS, "latency[0]")
    assert plan_text("POST", f"{BASE}/api/x", requests=50, model="open 10/s", warmup_s=1,
                     cleanup=spec) == (
        "POST https://shop.example.test/api/x: 50 requests (open 10/s, warm-up 1 s) not sent (dry "
        "run); then DELETE https://shop.example.test/api/x")
    assert sent_text("POST", f"{BASE}/api/x", sent=60, cleanup=None, outcome=None) == (
        "POST https://shop.example.test/api/x: 60 write requests sent, they create real records "
        "on the target; no cleanup configured")
