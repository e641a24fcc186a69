"""Smoke flows: scripted multi-step requests with assertions, captures and a cookie jar per flow.

``run_flow`` does the I/O (httpx through ``Net.fetch``); ``check_step`` and ``evaluate_flow`` are
pure. A failing step stops its flow: the finding names the step, the request (secrets masked), what
was expected and what came back (status and a bounded, scrubbed body excerpt), and lists the steps
not run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from launchgate.checks.probes import assertions
from launchgate.checks.probes.rules import SMOKE_STEP_FAILED, SMOKE_STEP_SLOW
from launchgate.checks.probes.schema import ExpectEntry, FlowEntry, RequestEntry, StepEntry
from launchgate.checks.probes.spec import (
    RequestSpec,
    SpecError,
    Vars,
    parse_duration_ms,
    request_of,
    resolve_url,
    statuses,
)
from launchgate.model import Finding, Location
from launchgate.net import HttpSnapshot, Net, NetError
from launchgate.redact import mask, public, scrub

EXCERPT = 300
TIME_FAILURE = "time: "  # a step that was only too slow: its body says nothing, so no excerpt
SENSITIVE_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization", "x-api-key"})


@dataclass(frozen=True, kw_only=True)
class StepSpec:
    name: str
    request: RequestSpec
    status: tuple[int, ...] | None = None
    headers: Mapping[str, Any] = field(default_factory=dict)
    body: Any = None
    json: Mapping[str, Any] | None = None
    json_path: Mapping[str, Any] = field(default_factory=dict)
    max_ms: float | None = None
    capture: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class FlowSpec:
    index: int
    name: str
    steps: tuple[StepSpec, ...]


def describe_steps(flow: FlowSpec) -> str:
    """The flow's steps, one a line, for the handover pack: name, request as configured (``${VAR}``
    placeholders, not their values) and the statuses it expects."""
    lines = []
    for step in flow.steps:
        expect = f" expects {' or '.join(str(s) for s in step.status)}" if step.status else ""
        lines.append(f"{step.name}: {step.request.method} {step.request.target}{expect}")
    return "\n".join(lines)


@dataclass(frozen=True, kw_only=True)
class StepOutcome:
    name: str
    state: Literal["passed", "slow", "failed", "not-run"]  # slow: right answer, over max_ms
    url: str = ""
    request: str = ""               # already scrubbed
    status: int | None = None
    elapsed_ms: float = 0.0
    failures: tuple[str, ...] = ()  # already scrubbed
    excerpt: str = ""               # already scrubbed
    expected: str = ""


@dataclass(frozen=True, kw_only=True)
class FlowOutcome:
    flow: FlowSpec
    steps: tuple[StepOutcome, ...]


def flow_specs(entries: Sequence[Mapping[str, Any]]) -> list[FlowSpec]:
    flows = []
    for i, raw in enumerate(entries):
        f = FlowEntry.of(raw)
        steps = []
        for j, raw_step in enumerate(f.steps):
            where = f"smoke[{i}].steps[{j}]"
            s = StepEntry.of(raw_step)
            expect = ExpectEntry.of(s.expect)
            max_ms = s.max_ms if s.max_ms is not None else expect.max_ms
            steps.append(StepSpec(
                name=str(s.name or f"step {j + 1}"),
                request=request_of(RequestEntry.of(raw_step), s.request, f"{where}.request"),
                status=statuses(expect.status, ()) or None,
                headers=dict(expect.headers or {}),
                body=expect.body, json=expect.json,
                json_path=dict(expect.json_path or {}),
                max_ms=None if max_ms is None else parse_duration_ms(max_ms, f"{where}.max_ms"),
                capture={str(k): str(v) for k, v in (s.capture or {}).items()}))
        flows.append(FlowSpec(index=i, name=str(f.name or f"flow {i + 1}"), steps=tuple(steps)))
    return flows


def describe_expect(step: StepSpec) -> str:
    parts = [f"status {' or '.join(map(str, step.status or (200,)))}" if step.status
             else "status 2xx/3xx"]
    if step.max_ms is not None:
        parts.append(f"within {step.max_ms:g} ms")
    return ", ".join(parts)


def check_step(step: StepSpec, resp: HttpSnapshot, elapsed_ms: float) -> list[str]:
    """Every assertion of the step on one response (pure)."""
    out: list[str] = []
    if step.status and resp.status not in step.status:
        out.append(f"status: expected {' or '.join(map(str, step.status))}, got {resp.status}")
    elif not step.status and resp.status >= 400:
        out.append(f"status: expected 2xx/3xx, got {resp.status}")
    if resp.truncated:
        out.append(f"body: did not end within {len(resp.body)} bytes (the read cap)")
    for name, spec in step.headers.items():
        value = resp.header(name)
        out += assertions.check(f"header {name}", value is not None, value, spec)
    if step.body is not None:
        out += assertions.check("body", True, resp.text(), step.body)
    if step.json is not None or step.json_path:
        ok, doc = assertions.parse_json(resp.body)
        if not ok:
            out.append("body: expected JSON, got "
                       f"{resp.header('content-type') or 'no content type'}")
        else:
            out += assertions.check_subset(doc, step.json or {}) + assertions.check_paths(
                doc, step.json_path
            )
    if step.max_ms is not None and elapsed_ms > step.max_ms:
        out.append(f"{TIME_FAILURE}expected at most {step.max_ms:g} ms, took {elapsed_ms:.0f} ms")
    return out


def captures(step: StepSpec, resp: HttpSnapshot) -> tuple[dict[str, str], list[str]]:
    """Values for later steps: ``$.json.path`` from the body, ``header:Name`` from the headers."""
    got: dict[str, str] = {}
    failures: list[str] = []
    doc: Any = None
    for var, source in step.capture.items():
        if source.lower().startswith("header:"):
            value = resp.header(source.split(":", 1)[1].strip())
            if value is None:
                failures.append(f"capture {var}: response has no "
                                f"{source.split(':', 1)[1].strip()} header")
            else:
                got[var] = value
            continue
        if doc is None:
            ok, doc = assertions.parse_json(resp.body)
            if not ok:
                failures.append(f"capture {var}: body is not JSON")
                continue
        found, value = assertions.lookup(doc, source)
        if not found or value is None:
            failures.append(f"capture {var}: {source} not found in the response")
        else:
            got[var] = value if isinstance(value, str) else json.dumps(value)
    return got, failures


_SENSITIVE_JSON = re.compile(
    r'("[\w-]*(?:token|password|passwd|secret|session|api[_-]?key|authorization)[\w-]*"\s*:\s*")([^"]*)(")',
    re.IGNORECASE,
)
_SENSITIVE_FORM = re.compile(
    r"((?:^|[&?])[\w-]*(?:token|password|secret|session|api[_-]?key)[\w-]*=)([^&\s]*)",
    re.IGNORECASE,
)


def redact_excerpt(text: str, secrets: Sequence[str]) -> str:
    """A response excerpt safe to show: known secrets scrubbed, and values of
    token/password/secret-like JSON keys or form fields masked (a login answer carries a fresh
    session token we never captured)."""
    out = _SENSITIVE_JSON.sub(lambda m: m.group(1) + mask(m.group(2)) + m.group(3), text)
    out = _SENSITIVE_FORM.sub(lambda m: m.group(1) + mask(m.group(2)), out)
    return scrub(out, secrets)


def describe_request(req: RequestSpec, url: str, secrets: Sequence[str]) -> str:
    lines = [f"{req.method} {url}"]
    for name, value in req.headers.items():
        shown = mask(value) if name.lower() in SENSITIVE_HEADERS else value
        lines.append(f"{name}: {shown}")
    if req.json is not None:
        lines.append(json.dumps(req.json, ensure_ascii=False)[:EXCERPT])
    elif req.form is not None:
        lines.append("form " + json.dumps(req.form, ensure_ascii=False)[:EXCERPT])
    elif req.body is not None:
        lines.append(req.body[:EXCERPT])
    return scrub("\n".join(lines), secrets)


async def run_flow(net: Net, flow: FlowSpec, base: str, hosts: frozenset[str], vars_: Vars,
                   client: Any = None, seen: list[HttpSnapshot] | None = None) -> FlowOutcome:
    """``client``: a caller's client whose cookie jar keeps the flow's login (the ai and web checks'
    session); ``seen`` collects every response (the web check judges the pages a flow reaches)."""
    done: list[StepOutcome] = []
    async with contextlib.AsyncExitStack() as stack:  # one cookie jar per flow
        if client is None:
            client = await stack.enter_async_context(net.client(cookies=True))
        for step in flow.steps:
            outcome = await _run_step(net, client, step, base=base, hosts=hosts, vars_=vars_,
                                      seen=seen)
            done.append(outcome)
            if outcome.state == "failed":  # a slow step answered right: the flow goes on
                break
    rest = [StepOutcome(name=s.name, state="not-run") for s in flow.steps[len(done):]]
    return FlowOutcome(flow=flow, steps=(*done, *rest))


async def _run_step(net: Net, client: Any, step: StepSpec, *, base: str, hosts: frozenset[str],
                    vars_: Vars, seen: list[HttpSnapshot] | None = None) -> StepOutcome:
    vars_.missing.clear()
    req = vars_.expand_request(step.request)
    secrets = sorted(vars_.secrets)
    expected = describe_expect(step)
    if vars_.missing:
        names = ", ".join(sorted({f"${{{n}}}" for n in vars_.missing}))
        return StepOutcome(name=step.name, state="failed", request=f"{req.method} {req.target}",
                           expected=expected,
                           failures=(f"{names} is not set (environment variable or an earlier "
                                     "capture)",))
    try:
        url = resolve_url(base, req.target, req.query, hosts, step.name)
    except SpecError as exc:
        return StepOutcome(name=step.name, state="failed", request=req.line, failures=(str(exc),),
                           expected=expected)
    shown = describe_request(req, url, secrets)
    content = req.body.encode() if req.body is not None else None
    try:
        resp = await net.fetch(client, req.method, url, headers=req.headers, json=req.json,
                               data=req.form,
                               content=content)
    except NetError as exc:
        return StepOutcome(name=step.name, state="failed", url=url, request=shown,
                           expected=expected,
                           failures=(scrub(f"{exc.kind}: "
                                           f"{str(exc).removeprefix(f'{req.method} {url}: ')}",
                                           secrets),))
    if seen is not None:
        seen.append(resp)
    elapsed_ms = resp.elapsed_s * 1000
    failures = check_step(step, resp, elapsed_ms)
    slow = bool(failures) and all(f.startswith(TIME_FAILURE) for f in failures)
    if slow or not failures:
        got, missed = captures(step, resp)
        failures += missed
        for k, v in got.items():
            vars_.capture(k, v)
    secrets = sorted(vars_.secrets)
    about_body = any(not f.startswith(TIME_FAILURE) for f in failures)
    state: Literal["passed", "slow", "failed"] = (
        "failed" if about_body else "slow" if failures else "passed")
    return StepOutcome(name=step.name, state=state, url=url,
                       request=shown,
                       expected=expected, status=resp.status,
                       elapsed_ms=elapsed_ms, failures=tuple(scrub(f, secrets) for f in failures),
                       excerpt=redact_excerpt(resp.text(EXCERPT), secrets) if about_body else "")


def evaluate_flow(outcome: FlowOutcome, location: Location) -> list[Finding]:
    """The flow's first failed step, and (a separate, lower finding) the steps that answered right
    but slower than their ``max_ms``: one request is one sample, the latency check's p95 is the
    measure of speed."""
    return _slow_steps(outcome, location) + _failed_step(outcome, location)


def _slow_steps(outcome: FlowOutcome, location: Location) -> list[Finding]:
    slow = [s for s in outcome.steps if s.state == "slow"]
    if not slow:
        return []
    parts = [f"'{s.name}' {s.request.splitlines()[0] if s.request else ''}: "
             f"{'; '.join(s.failures).removeprefix(TIME_FAILURE)}" for s in slow]
    msg = (f"smoke flow '{outcome.flow.name}': {len(slow)} step(s) answered as expected but "
           f"slower than their max_ms (one request each): {'; '.join(parts)}")
    where = dataclasses.replace(location, url=slow[0].url) if slow[0].url else location
    return [Finding.of(SMOKE_STEP_SLOW, msg, where, key=(outcome.flow.name,))]


def _failed_step(outcome: FlowOutcome, location: Location) -> list[Finding]:
    failed = [s for s in outcome.steps if s.state == "failed"]
    if not failed:
        return []
    step = failed[0]
    pos = [s.name for s in outcome.steps].index(step.name) + 1
    not_run = [s.name for s in outcome.steps if s.state == "not-run"]
    head = step.request.splitlines()[0] if step.request else ""
    msg = (f"smoke flow '{outcome.flow.name}' failed at step '{step.name}' "
           f"({pos}/{len(outcome.steps)}): {head}: {'; '.join(step.failures)}")
    msg += f"; not run: {', '.join(not_run)}" if not_run else ""
    got = f"got: {step.status if step.status is not None else 'no response'}"
    evidence = "\n".join(x for x in (f"request: {step.request}", f"expected: {step.expected}",
                                     got + (f" {step.excerpt}" if step.excerpt else "")) if x)
    where = dataclasses.replace(location, url=step.url) if step.url else location
    return [Finding.of(SMOKE_STEP_FAILED, msg, where, key=(outcome.flow.name, step.name),
                       evidence=public(evidence))]  # its parts are already scrubbed
