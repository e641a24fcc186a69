"""Unit tests of the probes check: statistics, parsing, assertions and every rule's verdict (no
sockets)."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import jsonschema
import pytest

from launchgate.checks.probes import (
    ProbesCheck,
    Settings,
    assertions,
    health,
    latency,
    ratelimit,
    smoke,
    stats,
)
from launchgate.checks.probes.sampler import LoadResult
from launchgate.checks.probes.spec import (
    SpecError,
    Vars,
    parse_duration_ms,
    parse_percent,
    parse_request,
    resolve_url,
)
from launchgate.model import Location, Severity
from launchgate.net import HttpSnapshot

HOSTS = frozenset({"shop.test"})
BASE = "https://shop.test"
LOC = Location(anchor_path="launchgate.yml", anchor_line=3)


def found(findings) -> set[tuple[str, str]]:
    return {(f.rule.id, f.message) for f in findings}


def snap(status: int = 200, body: object = b"", headers: tuple[tuple[str, str], ...] = (),
         elapsed_s: float = 0.01,
         url: str = "https://shop.test/x") -> HttpSnapshot:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return HttpSnapshot(url=url, status=status, headers=headers, body=raw, truncated=False,
                        elapsed_s=elapsed_s)


# -- statistics
# ----------------------------------------------------------------------------------------------
def test_percentile_is_nearest_rank_over_samples() -> None:
    s = [float(i) for i in range(1, 101)]
    assert (
        stats.percentile(s, 0.5) == 50
        and stats.percentile(s, 0.95) == 95
        and stats.percentile(s, 0.99) == 99
    )
    assert stats.percentile(s, 1.0) == 100 and stats.percentile([7.0], 0.95) == 7.0
    assert stats.percentile([1.0, 2.0, 3.0], 0.5) == 2.0
    with pytest.raises(ValueError):
        stats.percentile([], 0.5)


def test_binomial_rank_interval_matches_the_order_statistic_construction() -> None:
    # n=200, p=0.95: P(B<=183)=0.0238 <= 2.5% < P(B<=184); P(B<=195)=0.9736 < 97.5% <=
    # P(B<=196)=0.991
    assert stats.rank_interval(200, 0.95, 0.95) == (184, 197)
    # symmetric case: median of 100 -> ranks 40..61
    assert stats.rank_interval(100, 0.5, 0.95) == (40, 61)
    # too few samples for an upper bound on p95
    assert stats.rank_interval(40, 0.95, 0.95)[1] is None
    assert stats.min_samples_for_upper_bound(0.95, 0.95) == 72
    assert (
        stats.rank_interval(72, 0.95, 0.95)[1] == 72
        and stats.rank_interval(71, 0.95, 0.95)[1] is None
    )


def test_confidence_interval_covers_the_true_quantile_about_95_percent_of_the_time() -> None:
    rng = random.Random(7)
    hits = 0
    for _ in range(400):
        s = sorted(rng.expovariate(1.0) for _ in range(200))
        e = stats.estimate(s, 0.95)
        true = 2.995732  # -ln(0.05)
        hits += e.low is not None and e.high is not None and e.low <= true <= e.high
    assert 0.92 <= hits / 400 <= 0.995


def test_verdict_pass_fail_inconclusive() -> None:
    s = sorted([0.1] * 190 + [0.2] * 10)
    e = stats.estimate(s, 0.95)
    assert e.verdict(0.3) == "pass" and e.verdict(0.05) == "fail"
    # p95 = 190 ms, CI 184..197 ms
    straddle = stats.estimate(sorted([i / 1000 for i in range(1, 201)]), 0.95)
    assert (straddle.value, straddle.low, straddle.high) == (0.19, 0.184, 0.197)
    assert straddle.verdict(0.190) == "inconclusive"


# -- parsing
# -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "ms"),
                         [("300ms", 300), ("1.5s", 1500), ("2m", 120_000), (250, 250),
                          (" 80 ms ", 80)])
def test_durations(text: object, ms: float) -> None:
    assert parse_duration_ms(text, "x") == ms


@pytest.mark.parametrize("bad", ["300", "fast", "-3ms", "0ms", True, "3h"])
def test_bad_durations_name_the_key(bad: object) -> None:
    with pytest.raises(SpecError, match=r"^latency\[0\]\.thresholds\.p95: "):
        parse_duration_ms(bad, "latency[0].thresholds.p95")


def test_percentages() -> None:
    assert (
        parse_percent("1%", "x") == 0.01
        and parse_percent("0.5 %", "x") == 0.005
        and parse_percent(0.02, "x") == 0.02
    )
    for bad in ("1", "101%", 5, "one percent"):
        with pytest.raises(SpecError, match="is not a percentage"):
            parse_percent(bad, "latency[0].thresholds.max_error_rate")


def test_request_lines_and_targets() -> None:
    assert parse_request("POST /api/login", "x") == ("POST", "/api/login")
    assert parse_request("/healthz", "x") == ("GET", "/healthz")
    assert parse_request("get https://shop.test/a?b=1", "x") == ("GET", "https://shop.test/a?b=1")
    with pytest.raises(SpecError, match="is not 'METHOD /path'"):
        parse_request("FETCH /x", "smoke[0].steps[0].request")
    assert resolve_url(BASE + "/", "/a?q=1", {"page": 2}, HOSTS,
                       "x") == "https://shop.test/a?q=1&page=2"
    with pytest.raises(SpecError, match=r"'evil\.test' is not a configured target host"):
        resolve_url(BASE, "https://evil.test/", {}, HOSTS, "latency[0].request")


def test_vars_expand_env_captures_builtins_and_remember_secrets() -> None:
    secret = "s3" + "cr3t-" + "value"
    v = Vars({"SMOKE_PASSWORD": secret}, {"RUN_ID": "42"})
    v.capture("token", "tok-1234567890")
    out = v.expand({"a": "lg-${RUN_ID}@x", "b": ["${SMOKE_PASSWORD}"], "c": "Bearer ${token}",
                    "d": "${NOPE:-dflt}"})
    assert out == {"a": "lg-42@x", "b": [secret], "c": "Bearer tok-1234567890", "d": "dflt"}
    assert v.secrets == {secret, "tok-1234567890"} and v.missing == []
    v.expand("${MISSING}")
    assert v.missing == ["MISSING"]
    ids = Vars({"RUN_ID": "run-12345678"}, {"RUN_ID": "fallback"})
    assert ids.expand("lg-${RUN_ID}") == "lg-run-12345678" and ids.secrets == set()


# -- assertions
# ----------------------------------------------------------------------------------------------
DOC = {"token": "abc", "items": [{"id": 1, "title": "Road bike"}], "n": 200, "ok": True}


def test_json_paths() -> None:
    assert assertions.lookup(DOC, "$.items[0].title") == (True, "Road bike")
    assert assertions.lookup(DOC, "$['items'][-1]['id']") == (True, 1)
    assert assertions.lookup(DOC, "items[3]") == (False, None)
    assert assertions.lookup(DOC, "$") == (True, DOC)
    with pytest.raises(assertions.PathError):
        assertions.parse_path("$.items[")


def test_json_path_assertions_good_and_bad() -> None:
    good = {"$.token": {"exists": True}, "$.items": {"min_length": 1, "max_length": 5}, "$.n": 200,
            "$.items[0].title": {"matches": "(?i)bike", "contains": "Road"},
            "$.gone": {"exists": False},
            "$.ok": True}
    assert assertions.check_paths(DOC, good) == []
    bad = {"$.items": {"min_length": 2}, "$.token": {"equals": "xyz"}, "$.gone": {"exists": True},
           "$.n": {"length": 3}, "$.ok": "true"}
    assert assertions.check_paths(DOC, bad) == [
        "$.items: expected length >= 2, got 1", "$.token: expected 'xyz', got 'abc'",
        "$.gone: expected to exist, " "missing",
        "$.n: expected something with a length, got 200", "$.ok: expected 'true', got true"]


def test_json_subset_recurses() -> None:
    body = {"status": "ok", "dependencies": {"db": "up"}}
    assert assertions.check_subset(body, {"status": "ok", "dependencies": {"db": "up"}}) == []
    assert assertions.check_subset(body, {"dependencies": {"db": "down"}, "x": 1}) == [
        "$.dependencies.db: expected 'down', got 'up'", "$.x: missing"]
    assert assertions.check_subset([1], {"a": 1}) == ["$: expected a JSON object, got [1]"]


# -- health
# --------------------------------------------------------------------------------------------------
def hspec(**expect: object) -> health.HealthSpec:
    return health.health_specs([{"url": "/healthz", "expect": expect}], BASE, HOSTS)[0]


def obs(spec: health.HealthSpec, resp: HttpSnapshot | None = None,
        error: str | None = None) -> health.HealthObservation:
    return health.HealthObservation(spec=spec, attempts=3, waited_s=2.0, response=resp, error=error)


def test_health_down_and_good() -> None:
    spec = hspec(status=200)
    assert health.evaluate_health(obs(spec, snap(200, {"status": "ok"})), LOC) == []
    assert found(health.evaluate_health(obs(spec, snap(502, b"bad gateway")), LOC)) == {
        ("probes.health-down", "GET https://shop.test/healthz: answered 502, expected 200 (after "
         "3 attempts in 2.0 s)")}
    assert found(health.evaluate_health(obs(spec, error="connect: connection refused"), LOC)) == {
        ("probes.health-down", "GET https://shop.test/healthz: no answer after 3 attempts in 2.0 "
         "s: connect: connection refused")}


def test_health_unhealthy_dependency_shapes() -> None:
    spec = hspec(json={"status": "ok"})
    flat = {"status": "ok", "dependencies": {"database": "up", "payments": "down"}}
    spring = {"status": "UP", "components": {"db": {"status": "DOWN"}}}
    ietf = {"status": "pass", "checks": {"redis:ping": [{"status": "fail"}]}}
    assert found(health.evaluate_health(obs(spec, snap(200, flat)), LOC)) == {
        ("probes.health-unhealthy", "GET https://shop.test/healthz: says status 'ok' but "
         "dependency payments is 'down'")}
    assert health.evaluate_health(obs(hspec(), snap(200, spring)), LOC)[0].message.endswith(
        "says status 'UP' but dependency db is 'DOWN'")
    assert health.evaluate_health(obs(hspec(), snap(200, ietf)),
                                  LOC)[0].rule.id == "probes.health-unhealthy"
    ok = {"status": "ok", "dependencies": {"database": "up"}}
    assert health.evaluate_health(obs(hspec(dependencies=["database"]), snap(200, ok)), LOC) == []
    assert found(health.evaluate_health(obs(hspec(dependencies=["queue"]), snap(200, ok)),
                                        LOC)) == {
        ("probes.health-unhealthy", "GET https://shop.test/healthz: dependency queue is not "
         "reported")}


def test_health_non_json_where_json_expected() -> None:
    got = health.evaluate_health(obs(hspec(json={"status": "ok"}), snap(200, b"<html>OK</html>")),
                                 LOC)
    assert found(got) == {("probes.health-unhealthy", "GET https://shop.test/healthz: body is not "
                           "JSON")}
    # no JSON expected: fine
    assert health.evaluate_health(obs(hspec(), snap(200, b"OK")), LOC) == []


# -- smoke
# --------------------------------------------------------------------------------------------------
def step(**kw: object) -> smoke.StepSpec:
    return smoke.flow_specs([{"name": "f",
                              "steps": [{"request": "POST /api/login", **kw}]}])[0].steps[0]


def test_step_assertions_good_and_bad() -> None:
    s = step(expect={"status": 200, "json": {"token": {"exists": True}},
                     "headers": {"set-cookie": {"contains": "HttpOnly"}},
                     "body": {"contains": "token"}, "max_ms": "100ms"})
    good = snap(200, {"token": "t"}, headers=(("Set-Cookie", "session=x; HttpOnly"),))
    assert smoke.check_step(s, good, 20) == []
    bad = snap(401, {"error": "no"})
    assert smoke.check_step(s, bad, 250) == [
        "status: expected 200, got 401", "header set-cookie: missing", "body: expected to contain "
        "'token', got '{\"error\": " "\"no\"}'", "$.token: expected to exist, missing",
        "time: expected at most 100 " "ms, took 250 ms"]
    assert smoke.check_step(step(), snap(500), 1) == ["status: expected 2xx/3xx, got 500"]
    assert smoke.check_step(step(expect={"json": {"a": 1}}), snap(200, b"<html>"), 1) == [
        "body: expected JSON, got no content type"]


def test_captures_from_json_and_headers() -> None:
    s = step(capture={"token": "$.token", "rid": "header:X-Request-Id", "id": "$.items[0].id"})
    got, failures = smoke.captures(s,
                                   snap(200, {"token": "t0k", "items": [{"id": 7}]},
                                        headers=(("x-request-id", "r1"),)))
    assert got == {"token": "t0k", "rid": "r1", "id": "7"} and failures == []
    _, failures = smoke.captures(s, snap(200, {"nothing": 1}))
    assert failures == ["capture token: $.token not found in the response",
                        "capture rid: response has no X-Request-Id header",
                        "capture id: $.items[0].id not " "found in the response"]


def test_failed_flow_reports_step_request_expectation_and_not_run() -> None:
    flow = smoke.FlowSpec(index=0, name="checkout",
                          steps=(step(name="login"), step(name="search"), step(name="pay")))
    secret = "hunter" + "2hunter2"
    outcome = smoke.FlowOutcome(flow=flow, steps=(
        smoke.StepOutcome(name="login", state="passed", status=200),
        smoke.StepOutcome(name="search", state="failed", status=500, request="GET "
                          "https://shop.test/api/listings",
                          failures=("status: expected 2xx/3xx, got 500",), excerpt="oops",
                          expected="status 2xx/3xx"),
        smoke.StepOutcome(name="pay", state="not-run")))
    (f,) = smoke.evaluate_flow(outcome, LOC)
    assert (f.rule.id, f.message) == ("probes.smoke-step-failed", "smoke flow 'checkout' failed "
                                      "at step 'search' (2/3): GET "
                                      "https://shop.test/api/listings: "
                                      "status: expected 2xx/3xx, got " "500; not run: pay")
    assert f.evidence == ("request: GET https://shop.test/api/listings\nexpected: status "
                          "2xx/3xx\ngot: 500 oops")
    ok = smoke.FlowOutcome(flow=flow,
                           steps=tuple(smoke.StepOutcome(name=s.name, state="passed")
                                       for s in flow.steps))
    assert smoke.evaluate_flow(ok, LOC) == []
    shown = smoke.describe_request(step(json={"password": secret}).request,
                                   "https://shop.test/api/login", [secret])
    assert secret not in shown and "(14 chars)" in shown


def test_sensitive_headers_are_masked_in_requests() -> None:
    token = "tok_" + "a" * 28
    req = step(headers={"Authorization": f"Bearer {token}", "Accept": "application/json"}).request
    shown = smoke.describe_request(req, "https://shop.test/api/login", [])
    assert (
        token not in shown
        and "Accept: application/json" in shown
        and "Authorization: Bear…(39 chars)" in shown
    )


# -- rate limits
# -------------------------------------------------------------------------------------------------
def rl() -> ratelimit.RateLimitSpec:
    return ratelimit.rate_limit_specs([{"request": "POST /api/login", "max_requests": 999}], BASE,
                                      HOSTS)[0]


def test_rate_limit_missing_and_present() -> None:
    spec = rl()
    assert spec.max_requests == 200  # the hard ceiling wins over the config
    missing = ratelimit.BurstResult(spec=spec, sent=50, statuses=(401,) * 50, elapsed_s=1.234)
    assert found(ratelimit.evaluate_burst(missing, LOC)) == {
        ("probes.rate-limit-missing", "POST https://shop.test/api/login: no 429 after 50 requests "
         "in 1.2 s (answers: 401×50)")}
    limited = ratelimit.BurstResult(spec=spec, sent=6, statuses=(401,) * 5 + (429,), limited_at=6,
                                    retry_after="60")
    assert ratelimit.evaluate_burst(limited, LOC) == []
    assert ratelimit.describe_limit(limited) == "429 at request 6, Retry-After 60"
    stopped = ratelimit.BurstResult(spec=spec, sent=3, statuses=(401, 401),
                                    stopped="request 3 failed: reset")
    # no verdict without a finished burst; reported as a problem
    assert ratelimit.evaluate_burst(stopped, LOC) == []


# -- latency
# --------------------------------------------------------------------------------------------------
def lspec(**kw: object) -> latency.LatencySpec:
    section = {"endpoints": [{"request": "GET /api/listings?q=bike", **kw}],
               **kw.pop("section", {})}  # type: ignore[dict-item]
    return latency.latency_specs(Settings.of(section), BASE, HOSTS)[0]


def result(lat_ms: list[float], errors: dict[str, int] | None = None, **kw: object) -> LoadResult:
    errs = errors or {}
    base = dict(latencies_s=tuple(x / 1000 for x in lat_ms), ok=len(lat_ms) - sum(errs.values()),
                errors=errs,
                sent=len(lat_ms), warmup_sent=0, duration_s=10.0, loop="uvloop", lag_p99_ms=1.0,
                slip_p95_ms=0.5,
                cpu_ratio=0.1)
    return LoadResult(**{**base, **kw})  # type: ignore[arg-type]


def test_latency_defaults_read_write_and_ceilings() -> None:
    read = lspec()
    assert (read.rate, read.requests, dict(read.thresholds_ms), read.max_error_rate) == (
        20.0,
        200,
        {"p95": 300.0},
        0.01,
    )
    write = latency.latency_specs(Settings.of([{"request": "POST /api/listings", "requests": 100,
                                                             "concurrency": 5}]), BASE, HOSTS)[0]
    assert (write.rate, write.concurrency, dict(write.thresholds_ms)) == (None, 5, {"p95": 800.0})
    assert lspec(rate=99999).rate == 5000.0


def test_latency_settings_take_their_defaults_from_the_schema() -> None:
    from launchgate.checks.probes.schema import LATENCY
    props = LATENCY["properties"]
    for form in ([], {}, {"endpoints": []}):
        s = Settings.of(form)
        assert (s.endpoints, s.baseline, s.max_regression, s.max_total_requests, s.max_total_s) == (
            (), None, 0.2, props["max_total_requests"]["default"],
            float(props["max_total_s"]["default"]))
        assert (s.read_thresholds, s.write_thresholds) == (props["read_thresholds"]["default"],
                                                           props["write_thresholds"]["default"])
    given = Settings.of({"max_regression": "5%", "max_total_s": 30,
                         "read_thresholds": {"p95": "100ms"}})
    assert (given.max_regression, given.max_total_s) == (0.05, 30.0)
    assert given.read_thresholds == {"p95": "100ms", "max_error_rate": "1%"}  # replaced key by key
    assert lspec(section={"read_thresholds": {"p95": "100ms"}}).max_error_rate == 0.01
    with pytest.raises(SpecError, match=r"latency\.max_regression"):
        Settings.of({"max_regression": "lots"})


def test_latency_threshold_pass_fail_inconclusive() -> None:
    spec = lspec(thresholds={"p95": "300ms"})
    fast = latency.summarize(spec, result([50.0] * 200))
    assert latency.evaluate_latency(spec, fast, LOC) == []
    slow = latency.summarize(spec, result([400.0] * 200))
    assert found(latency.evaluate_latency(spec, slow, LOC)) == {
        ("probes.latency-threshold", "GET https://shop.test/api/listings?q=bike: p95 400 ms (95% "
         "CI 400–400 ms, 200 samples, open 20/s) exceeds 300 ms")}
    # p95 304, CI 294..314
    edge = latency.summarize(spec, result([float(i) * 1.6 for i in range(1, 201)]))
    (f,) = latency.evaluate_latency(spec, edge, LOC)
    assert f.severity is Severity.LOW and f.message.endswith("straddles the 300 ms limit: "
                                                             "inconclusive; send more requests")
    as_fail = lspec(thresholds={"p95": "300ms"}, inconclusive="fail")
    assert latency.evaluate_latency(as_fail,
                                    latency.summarize(as_fail,
                                                      result([i * 1.6 for i in range(1, 201)])),
                                    LOC)[0].severity is Severity.HIGH
    as_pass = lspec(thresholds={"p95": "300ms"}, inconclusive="pass")
    assert latency.evaluate_latency(as_pass,
                                    latency.summarize(as_pass,
                                                      result([i * 1.6 for i in range(1, 201)])),
                                    LOC) == []


def test_client_bound_run_does_not_blame_the_server() -> None:
    spec = lspec()
    summ = latency.summarize(spec, result([350.0] * 200, lag_p99_ms=80.0, cpu_ratio=0.97))
    (f,) = latency.evaluate_latency(spec, summ, LOC)
    assert f.severity is Severity.LOW and f.message.endswith(
        "vs limit 300 ms is inconclusive: the client was the bottleneck (event-loop lag p99 80 "
        "ms; sampler CPU 97%)")
    assert summ.figures()["latency.GET /api/listings?q=bike.client_bound"] == summ.client_bound
    # a miss far larger than anything the client can have added is still the server's
    slow = latency.summarize(spec, result([900.0] * 200, lag_p99_ms=80.0))
    (f,) = latency.evaluate_latency(spec, slow, LOC)
    assert f.severity is Severity.HIGH and f.message.endswith("exceeds 300 ms (even net of the "
                                                              "client's own 80 ms)")


def test_an_open_verdict_on_a_busy_client_passes_when_asked_to() -> None:
    # 20 samples cannot bound a p95 from above (CI to infinity): the verdict is open, and on a busy
    # client it also says so; `inconclusive: pass` lets it pass, whatever left it open
    busy = {"lag_p99_ms": 33.0, "cpu_ratio": 0.97}
    as_pass = lspec(thresholds={"p95": "5s"}, inconclusive="pass")
    summ = latency.summarize(as_pass, result([17.0] * 20, **busy))
    assert summ.client_bound and latency.evaluate_latency(as_pass, summ, LOC) == []
    default = lspec(thresholds={"p95": "5s"})  # the twin: by default an open verdict is said
    (f,) = latency.evaluate_latency(default, latency.summarize(default, result([17.0] * 20,
                                                                              **busy)), LOC)
    assert f.severity is Severity.LOW and "the client was the bottleneck" in f.message


def test_latency_errors_and_figures() -> None:
    spec = lspec()
    summ = latency.summarize(spec, result([10.0] * 200, errors={"status 503": 10, "timeout": 2}))
    assert found(latency.evaluate_latency(spec, summ, LOC)) == {
        ("probes.latency-errors", "GET https://shop.test/api/listings?q=bike: error rate 6.0% "
         "over 200 requests (limit 1.0%; status 503×10, timeout×2)")}
    fig = summ.figures()
    assert {k.rsplit(".", 1)[1] for k in fig} >= {"p50_ms", "p90_ms", "p95_ms", "p99_ms", "max_ms",
                                                  "error_rate",
                                                  "throughput_rps", "requests", "samples",
                                                  "p95_ci_ms"}
    assert fig["latency.GET /api/listings?q=bike.throughput_rps"] == 20.0
    nothing = latency.summarize(spec,
                                result([], errors={"connect": 20}, ok=0, sent=20,
                                       aborted="stopped early"))
    assert {f.rule.id
            for f in latency.evaluate_latency(spec, nothing, LOC)} == {"probes.latency-errors"}


def test_regression_against_baseline(tmp_path: Path) -> None:
    spec = lspec(name="search", thresholds={"p95": "2s"})
    summ = latency.summarize(spec, result([150.0] * 200))
    assert found(latency.evaluate_latency(spec, summ, LOC, baseline_p95_ms=100.0,
                                          max_regression=0.2)) == {
        ("probes.latency-regression", "GET https://shop.test/api/listings?q=bike: p95 150 ms (95% "
         "CI 150–150 ms) is more than 20% above the baseline's 100 ms")}
    assert latency.evaluate_latency(spec, summ, LOC, baseline_p95_ms=140.0,
                                    max_regression=0.2) == []
    report = {"results": [{"check": "probes",
                           "figures": {"latency.search.p95_ms": 100.0,
                                       "latency.search.p50_ms": 3}}]}
    (tmp_path / "prev.json").write_text(json.dumps(report))
    assert latency.read_baseline(tmp_path / "prev.json") == {"search": 100.0}
    (tmp_path / "figs.json").write_text(json.dumps({"latency.x.p95_ms": 7}))
    assert latency.read_baseline(tmp_path / "figs.json") == {"x": 7.0}


# -- the check as a whole
# ---------------------------------------------------------------------------------------
def test_schema_fragments_are_valid_and_accept_the_issue_examples() -> None:
    config = {
        "health": [
            {
                "url": "/healthz",
                "expect": {"status": 200, "json": {"status": "ok"}},
                "warmup_s": 30,
            },
            {"url": "/readyz", "expect": {"status": 200}},
        ],
        "rate_limits": [
            {
                "request": "POST /login",
                "form": {"user": "probe", "password": "wrong"},
                "max_requests": 50,
                "expect_status": 429,
            }
        ],
        "latency": [
            {
                "request": "GET /api/listings?q=bike",
                "thresholds": {"p95": "300ms", "max_error_rate": "1%"},
            },
            {
                "request": "POST /api/listings",
                "json": {"title": "probe"},
                "requests": 100,
                "concurrency": 5,
                "thresholds": {"p95": "800ms"},
            },
        ],
        "smoke": [
            {
                "name": "signup-to-checkout",
                "steps": [
                    {
                        "name": "signup",
                        "request": "POST /api/signup",
                        "json": {
                            "email": "lg-${RUN_ID}@example.test",
                            "password": "${SMOKE_PASSWORD}",
                        },
                        "expect": {"status": 201},
                    },
                    {
                        "name": "login",
                        "request": "POST /api/login",
                        "json": {"email": "e", "password": "p"},
                        "expect": {"status": 200, "json": {"token": {"exists": True}}},
                        "capture": {"token": "$.token"},
                    },
                    {
                        "name": "search",
                        "request": "GET /api/listings?q=bike",
                        "headers": {"Authorization": "Bearer ${token}"},
                        "expect": {
                            "status": 200,
                            "json_path": {"$.items": {"min_length": 1}},
                            "max_ms": 300,
                        },
                    },
                ],
            }
        ],
    }
    for name, fragment in ProbesCheck.schema.items():
        jsonschema.Draft202012Validator.check_schema(fragment)
        jsonschema.validate(config[name], fragment, cls=jsonschema.Draft202012Validator)
    latency_schema = jsonschema.Draft202012Validator(ProbesCheck.schema["latency"])
    latency_schema.validate({"endpoints": [{"request": "GET /"}], "max_regression": "10%",
                             "baseline": "prev.json"})
    for bad, says in (([{"request": "GET /", "thresholds": {"p95": "300 mss"}}],
                       "'300 mss' does not match"),
                      ([{"request": "GET /", "ok_status": 99}], "99 is less than the minimum of "
                       "100"),
                      ({"max_regression": "ten"}, "'ten' does not match"),
                      ([{"request": "FETCH /"}], "'FETCH /' does not match"),
                      ({"endpoint": []}, "Additional properties are not allowed ('endpoint' was "
                       "unexpected)")):
        errors = [e.message for e in latency_schema.iter_errors(bad)]
        assert any(says in m for m in errors), errors
    assert {r.id for r in ProbesCheck.rules} == {
        "probes.health-down", "probes.health-unhealthy", "probes.smoke-step-failed",
        "probes.smoke-step-slow",
        "probes.rate-limit-missing",
        "probes.latency-threshold", "probes.latency-errors", "probes.latency-regression",
        "probes.latency-cleanup-failed"}
    latency_schema.validate({"dry_run": True, "endpoints": [{"request": "POST /api/x", "cleanup": {
        "request": "DELETE /api/x?run=${RUN_ID}", "expect_status": 204, "timeout_s": 5}}]})
    errors = [e.message for e in latency_schema.iter_errors(
        [{"request": "POST /x", "cleanup": {"request": "DELETE /x", "retries": 3}}])]
    assert any("'retries' was unexpected" in m for m in errors), errors


def _ctx(config: dict, tmp_path: Path):
    from launchgate.check import Context, Scope
    from launchgate.net import Net
    from launchgate.repo import Repo
    return Context(config=config, repo=Repo(tmp_path), net=Net(), env={}, scope=Scope())


def test_nothing_configured_is_a_skip_and_a_missing_base_url_an_error(tmp_path: Path) -> None:
    import asyncio

    from launchgate.check import CheckError, Skip
    with pytest.raises(Skip, match="no health, smoke, rate_limits or latency section"):
        asyncio.run(ProbesCheck().run(_ctx({"targets": {"canonical": "https://shop.test"}},
                                           tmp_path)))
    with pytest.raises(CheckError, match=r"^targets.canonical must be set .* for health, latency$"):
        asyncio.run(ProbesCheck().run(_ctx({"health": [{"url": "/h"}],
                                            "latency": [{"request": "GET /"}]}, tmp_path)))
    with pytest.raises(CheckError, match=r"^latency\[0\]\.thresholds\.p95: '3 parsecs' is not a "
                       r"duration"):
        asyncio.run(ProbesCheck().run(_ctx({"targets": {"canonical": "https://shop.test"},
                                            "latency": [{"request": "GET /",
                                                         "thresholds": {"p95": "3 parsecs"}}]},
                                           tmp_path)))


def test_response_excerpts_mask_token_like_values_we_never_captured() -> None:
    token = "YHU9fcXo" + "ngdUhFRhdNybEy9UPgXm707tzglqelpECs"
    body = '{"token":"' + token + '","user":{"id":2,"email":"a@b.test"},"author":"Ann"}'
    out = smoke.redact_excerpt(body, [])
    assert token not in out and '"token":"YHU9…(42 chars)"' in out and '"author":"Ann"' in out
    assert smoke.redact_excerpt("a=1&session_id=abcdefgh12345678",
                                []) == "a=1&session_id=abcd…(16 chars)"


def test_load_plan_is_clamped_to_what_the_run_budget_has_left(tmp_path: Path) -> None:
    from launchgate.net import Net, NetSettings
    targets = {"canonical": "https://shop.test", "resolve": ["shop.test:8443:127.0.0.1"],
               "ports": {"https": 8443}}
    ctx = dataclasses.replace(_ctx({"targets": targets}, tmp_path),
                              net=Net(NetSettings.from_targets(targets, tmp_path)))
    spec = lspec(requests=5000, rate=100, warmup_s=1)
    from launchgate.checks.probes.gather import load_plan
    plan = load_plan(ctx.net, spec, left_requests=300, left_s=20.0)
    # 300 left - 100 warm-up; deadline: 1 s warm-up + 2 s of sends + one 5 s timeout + 5 s slack
    assert (plan.requests, plan.warmup_s, plan.deadline_s) == (200, 1.0, 13.0)
    assert (plan.address, plan.connect_port, plan.url) == ("127.0.0.1", 8443,
                                                           "https://shop.test/api/listings?q=bike")
    assert plan.ssl_context is not None
    tiny = load_plan(ctx.net, spec, left_requests=50, left_s=3.0)
    assert tiny.requests == 1 and tiny.warmup_s == 0.0 and tiny.deadline_s == 3.0


def test_unset_variables_outside_smoke_are_a_one_line_error(tmp_path: Path) -> None:
    import asyncio

    from launchgate.check import CheckError
    config = {"targets": {"canonical": "https://shop.test"},
              "latency": [{"request": "GET /",
                           "headers": {"Authorization": "Bearer ${PROBE_TOKEN}"}}]}
    with pytest.raises(CheckError, match=r"^\$\{PROBE_TOKEN\} not set: health, rate_limits and "
                       r"latency read"):
        asyncio.run(ProbesCheck().run(_ctx(config, tmp_path)))
