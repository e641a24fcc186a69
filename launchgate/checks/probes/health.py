"""Health probes: each URL answers with the expected status and body; retried with backoff during
warm-up.

Pure: the specs from the config, ``evaluate_health`` (one observation -> findings) and the
descriptions. The I/O, ``gather.probe_health``, retries until the probe passes or its warm-up window
closes, then returns the last observation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from launchgate.checks.probes import assertions
from launchgate.checks.probes.rules import HEALTH_DOWN, HEALTH_UNHEALTHY
from launchgate.checks.probes.schema import ExpectEntry, HealthEntry, RequestEntry
from launchgate.checks.probes.spec import RequestSpec, request_of, resolve_url, statuses
from launchgate.model import Finding, Location
from launchgate.net import HttpSnapshot
from launchgate.redact import scrub

DOWN_WORDS = frozenset({"down", "fail", "failed", "failing", "error", "unhealthy", "critical",
                        "red", "false", "ko",
                        "unavailable", "unreachable", "out_of_service"})
DEPENDENCY_KEYS = ("dependencies", "checks", "components", "services", "details")
EXCERPT = 300


@dataclass(frozen=True, kw_only=True)
class HealthSpec:
    index: int
    url: str
    request: RequestSpec
    status: tuple[int, ...]
    json: Mapping[str, Any] | None = None
    json_path: Mapping[str, Any] = field(default_factory=dict)
    body: Any = None
    dependencies: tuple[str, ...] = ()
    warmup_s: float
    timeout_s: float


def describe_health(spec: HealthSpec) -> str:
    """What the probe checks, for the handover pack: statuses, the JSON keys and paths it reads and
    the dependencies it expects reported (names only, never an expected value)."""
    parts = [f"{spec.request.method} expects {' or '.join(str(s) for s in spec.status)}"]
    if spec.json:
        parts.append("JSON " + ", ".join(sorted(str(k) for k in spec.json)))
    if spec.json_path:
        parts.append("JSON paths " + ", ".join(sorted(str(k) for k in spec.json_path)))
    if spec.body is not None:
        parts.append("body check")
    if spec.dependencies:
        parts.append("dependencies " + ", ".join(spec.dependencies))
    return "; ".join(parts)


@dataclass(frozen=True, kw_only=True)
class HealthObservation:
    spec: HealthSpec
    attempts: int
    waited_s: float
    response: HttpSnapshot | None = None
    error: str | None = None


def health_specs(entries: Sequence[Mapping[str, Any]], base: str,
                 hosts: frozenset[str]) -> list[HealthSpec]:
    out = []
    for i, raw in enumerate(entries):
        where = f"health[{i}]"
        e = HealthEntry.of(raw)
        req = request_of(RequestEntry.of(raw), e.url, f"{where}.request")
        expect = ExpectEntry.of(e.expect, health=True)
        out.append(HealthSpec(
            index=i, url=resolve_url(base, req.target, req.query, hosts, f"{where}.url"),
            request=req,
            status=statuses(expect.status, ()), json=expect.json,
            json_path=dict(expect.json_path or {}), body=expect.body,
            dependencies=tuple(expect.dependencies or ()), warmup_s=float(e.warmup_s),
            timeout_s=float(e.timeout_s)))
    return out


def dependency_states(doc: Any) -> dict[str, str]:
    """Dependency name -> reported state, from the common health body shapes (flat, Spring, IETF
    draft)."""
    states: dict[str, str] = {}
    if not isinstance(doc, dict):
        return states
    for key in DEPENDENCY_KEYS:
        block = doc.get(key)
        if not isinstance(block, dict):
            continue
        for name, raw in block.items():
            value = raw[0] if isinstance(raw, list) and raw and isinstance(raw[0], dict) else raw
            if isinstance(value, dict):
                value = value.get("status", value.get("state", value.get("healthy")))
            if isinstance(value, bool):
                value = "up" if value else "down"
            if value is not None:
                states[str(name)] = str(value)
    return states


def evaluate_health(obs: HealthObservation, location: Location,
                    secrets: Sequence[str] = ()) -> list[Finding]:
    spec = obs.spec
    what = f"{spec.request.method} {spec.url}"
    tries = (f"after {obs.attempts} attempt{'s' if obs.attempts != 1 else ''} in "
             f"{obs.waited_s:.1f} s")
    key = (spec.url,)
    if obs.response is None:
        return [Finding.of(HEALTH_DOWN, f"{what}: no answer {tries}: "
                           f"{scrub(obs.error or 'unknown error', secrets)}",
                           location, key=key)]
    resp = obs.response
    excerpt = scrub(resp.text(EXCERPT), secrets)
    if resp.status not in spec.status:
        want = " or ".join(map(str, spec.status))
        return [Finding.of(HEALTH_DOWN, f"{what}: answered {resp.status}, expected {want} "
                           f"({tries})", location,
                           key=key, evidence=excerpt)]
    if resp.truncated:  # an endless or oversized body is not an answer a load balancer would accept
        return [Finding.of(HEALTH_DOWN, f"{what}: the body did not end within {len(resp.body)} "
                           f"bytes (the read cap) ({tries})", location, key=key, evidence=excerpt)]
    problems = body_problems(spec, resp.body)
    if problems:
        return [Finding.of(HEALTH_UNHEALTHY, f"{what}: {'; '.join(problems)}", location, key=key,
                           evidence=excerpt)]
    return []


def body_problems(spec: HealthSpec, body: bytes) -> list[str]:
    """What the body says is failing: configured expectations, then dependency states it reports
    itself."""
    needs_json = spec.json is not None or bool(spec.json_path) or bool(spec.dependencies)
    is_json, doc = assertions.parse_json(body)
    problems: list[str] = []
    if spec.body is not None:
        problems += assertions.check("body", True, body.decode("utf-8", "replace"), spec.body)
    if not is_json:
        return problems + (["body is not JSON"] if needs_json else [])
    if spec.json is not None:
        problems += assertions.check_subset(doc, spec.json)
    problems += assertions.check_paths(doc, spec.json_path)
    states = dependency_states(doc)
    for name in spec.dependencies:
        if name not in states:
            problems.append(f"dependency {name} is not reported")
    failing = sorted(n for n, s in states.items() if s.strip().lower() in DOWN_WORDS)
    if failing:
        top = doc.get("status") if isinstance(doc, dict) else None
        said = f"says status {top!r} but " if top is not None else ""
        problems.append(said + ", ".join(f"dependency {n} is {states[n]!r}" for n in failing))
    elif isinstance(doc,
                    dict) and str(doc.get("status",
                                          "")).strip().lower() in DOWN_WORDS and spec.json is None:
        problems.append(f"reports status {doc['status']!r}")
    return problems
