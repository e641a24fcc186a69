"""The rules of the ``probes`` check (ids are stable: dashboards and suppressions depend on
them)."""

from __future__ import annotations

from launchgate.model import Rule, Severity

HEALTH_DOWN = Rule(
    id="probes.health-down",
    title="Health endpoint does not answer as expected",
    severity=Severity.BLOCKER,
    why="A health URL that does not answer, answers too late or with the wrong status means the "
    "deploy is not serving; load balancers and orchestrators will pull it or route users to "
    "an error page.",
    fix="Check that the new release started and listens where targets point; read its logs; fix "
    "the status the health route returns, or the expected status in launchgate.yml if the "
    "route changed on purpose.",
    suppress="Remove the URL from `health:` or set `rules: {probes.health-down: off}` while a "
    "cutover is staged.",
)

HEALTH_UNHEALTHY = Rule(
    id="probes.health-unhealthy",
    title="Health endpoint reports the service or a dependency as failing",
    severity=Severity.HIGH,
    why="The process is up but says that it, or something it needs (database, payments, cache), "
    "is failing; users will hit errors on exactly the flows that need that dependency.",
    fix="Fix the failing dependency (credentials, network policy, migrations) before sending "
    "traffic; if the body format changed, update `expect:` for this health URL.",
)

SMOKE_STEP_FAILED = Rule(
    id="probes.smoke-step-failed",
    title="A smoke flow step failed",
    severity=Severity.BLOCKER,
    why="A core user flow (signup, login, search, messaging, checkout) is broken on the live "
    "deploy; customers will notice before the dashboards do.",
    fix="Reproduce the failing request shown in the finding against the deploy, fix the "
    "regression or roll back; if the flow changed on purpose, update its steps in "
    "launchgate.yml.",
)

SMOKE_STEP_SLOW = Rule(
    id="probes.smoke-step-slow",
    title="A smoke flow step answered right, but slower than its max_ms",
    severity=Severity.MEDIUM,
    why="A core user flow works but one of its requests took longer than the budget written for "
    "it. It is one request, so one cold cache or one slow connection can cause it: the latency "
    "check's p95 over many requests is what fails the gate on speed.",
    fix="If it repeats, profile the endpoint (or add it to `latency:` to measure its p95); if "
    "the budget is too tight, raise the step's max_ms. A team that wants one slow answer to fail "
    "the gate sets `severity: {probes.smoke-step-slow: high}`.",
)

RATE_LIMIT_MISSING = Rule(
    id="probes.rate-limit-missing",
    title="Endpoint is not rate limited",
    severity=Severity.HIGH,
    why="Without a limit, login, signup, password reset and search invite credential stuffing, "
    "account enumeration, mail bombing and scraping, and an attacker can run up your bills.",
    fix="Add a per-client (and per-account for login) limit that answers 429 with Retry-After, at "
    "the edge or in the app; if the endpoint limits with another status, set `expect_status`.",
)

LATENCY_THRESHOLD = Rule(
    id="probes.latency-threshold",
    title="Endpoint latency exceeds its threshold",
    severity=Severity.HIGH,
    why="Slow core endpoints lose users and, under launch traffic, queue up until they time out.",
    fix="Profile the endpoint (queries, N+1, missing indexes, cold caches), or scale out; if the "
    "threshold is wrong for this endpoint, change `thresholds` in launchgate.yml. An "
    "inconclusive verdict needs more samples (`requests`) or a setting of `inconclusive:`.",
)

LATENCY_ERRORS = Rule(
    id="probes.latency-errors",
    title="Endpoint fails under bounded load",
    severity=Severity.HIGH,
    why="Errors (5xx, resets, timeouts) at a modest request rate will be worse at launch traffic.",
    fix="Read the app's logs for the failing requests (pool exhaustion, timeouts, crashes) and "
    "fix the cause; if some statuses are expected answers, list them in `ok_status`.",
)

LATENCY_REGRESSION = Rule(
    id="probes.latency-regression",
    title="Endpoint p95 regressed against the previous run",
    severity=Severity.MEDIUM,
    why="A jump in p95 since the last release is an early warning even under the absolute "
    "threshold; it compounds release after release.",
    fix="Compare the releases (queries, payload size, new middleware) and fix the regression, or "
    "refresh the baseline file when the slowdown is accepted.",
)

LATENCY_CLEANUP_FAILED = Rule(
    id="probes.latency-cleanup-failed",
    title="Cleanup after a write load test failed",
    severity=Severity.MEDIUM,
    why="A write endpoint's load test created real records on the target (orders, listings, "
    "users); when its cleanup request fails they stay there, in reports, mailings and " "invoices.",
    fix="Delete the records the run created (its RUN_ID marks them if the payload used it), then "
    "fix the `cleanup:` request or its `expect_status` in launchgate.yml.",
)

RULES: tuple[Rule, ...] = (HEALTH_DOWN, HEALTH_UNHEALTHY, SMOKE_STEP_FAILED, SMOKE_STEP_SLOW,
                           RATE_LIMIT_MISSING,
                           LATENCY_THRESHOLD, LATENCY_ERRORS, LATENCY_REGRESSION,
                           LATENCY_CLEANUP_FAILED)
