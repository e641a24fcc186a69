"""A hand-made Report for reporter and GitHub tests: every status, every severity, a live-URL
finding anchored in launchgate.yml, figures, a masked secret. The raw secret is built at test time
from pieces."""

from __future__ import annotations

from datetime import UTC, datetime

from launchgate.model import (
    CheckResult,
    Finding,
    Location,
    Phase,
    Report,
    Rule,
    RunInfo,
    Severity,
    Status,
)
from launchgate.redact import mask

# never a literal: a fake, obviously-test key assembled from parts
RAW_SECRET = "sk" + "_live_" + "T3st" + "0nly" + "x" * 20 + "9Q"

SECRET_RULE = Rule(id="secrets.stripe-key", title="Stripe live key committed",
                   severity=Severity.BLOCKER,
                   why="A live key in the repository lets anyone with read access charge cards.",
                   fix="Revoke the key in the Stripe dashboard and load it from the environment.",
                   suppress="`# pragma: allowlist secret` for detect-secrets compatibility")
ENV_RULE = Rule(id="env.missing-var", title="Required variable is not set", severity=Severity.HIGH,
                why="The app reads it at boot and crashes without it.",
                fix="Set the variable in the " "environment.")
ENV_UNUSED = Rule(id="env.unused-var", title="Variable is set but never read",
                  severity=Severity.LOW,
                  why="Stale configuration hides real mistakes.", fix="Remove the variable.")
TLS_RULE = Rule(id="tls.cert-expiring", title="TLS certificate expires soon",
                severity=Severity.MEDIUM,
                why="An expired certificate takes the site down for every visitor.",
                fix="Renew the certificate and check auto-renewal.")
WEB_RULE = Rule(id="web.hsts-missing", title="HSTS header missing", severity=Severity.LOW,
                why="Without HSTS a first visit can be downgraded to HTTP.",
                fix="Send Strict-Transport-Security: max-age=31536000.")
INFO_RULE = Rule(id="web.server-banner", title="Server header reveals version",
                 severity=Severity.INFO,
                 why="Version banners help attackers pick exploits.", fix="Hide the version in the "
                 "Server header.")
MIG_RULE = Rule(id="migrations.lock-table", title="Migration locks a table", severity=Severity.HIGH,
                why="An ACCESS EXCLUSIVE lock blocks reads and writes.",
                fix="Create indexes CONCURRENTLY.")

STARTED = datetime(2026, 11, 22, 11, 0, 0, tzinfo=UTC)


def sample_report(*, fail_on: Severity | None = Severity.HIGH) -> Report:
    secret = Finding.of(SECRET_RULE, "Stripe live key in config/settings.py",
                        Location(path="config/settings.py",
                        start_line=12), key=("hash-of-the-key",), evidence=mask(RAW_SECRET))
    secret = _changed(secret)
    missing = Finding.of(ENV_RULE, "DATABASE_URL is read in app/db.py but not set for production",
                         Location(path="app/db.py", start_line=3, end_line=4),
                         key=("DATABASE_URL",))
    unused = Finding.of(ENV_UNUSED, "LEGACY_FLAG is set in .env.production but never read",
                        Location(path=".env.production", start_line=7), key=("LEGACY_FLAG",))
    cert = Finding.of(TLS_RULE, "certificate for app.example.test expires in 5 days (2026-11-27)",
                      Location(url="https://app.example.test/", anchor_path="launchgate.yml",
                               anchor_line=4),
                      key=("app.example.test",))
    hsts = Finding.of(WEB_RULE, "https://app.example.test/ sends no Strict-Transport-Security "
                      "header",
                      Location(url="https://app.example.test/", anchor_path="launchgate.yml",
                               anchor_line=4))
    banner = Finding.of(INFO_RULE, "Server: nginx/1.22.1 | with a pipe and <b>markup</b>",
                        Location(url="https://app.example.test/", anchor_path="launchgate.yml",
                                 anchor_line=4))
    results = (
        CheckResult(check="secrets", phase=Phase.PRE, status=Status.FAILED, findings=(secret,),
                    duration_s=0.42,
                    suppressed=1),
        CheckResult(check="env", phase=Phase.PRE, status=Status.FAILED, findings=(missing, unused),
                    duration_s=0.05),
        CheckResult(check="migrations", phase=Phase.PRE, status=Status.SKIPPED,
                    reason="no migrations folder found",
                    duration_s=0.001),
        CheckResult(check="tls", phase=Phase.POST, status=Status.FAILED, findings=(cert,),
                    duration_s=0.8,
                    figures={"tls.days_left.app.example.test": 5,
                             "tls.days_left.dev.example.test": 355410}),
        CheckResult(check="web", phase=Phase.POST, status=Status.FAILED, findings=(hsts, banner),
                    duration_s=0.31,
                    figures={"web.requests_failed": 0}),
        CheckResult(check="probes", phase=Phase.POST, status=Status.ERROR,
                    reason="health: connection refused to 127.0.0.1:9", duration_s=1.0,
                    figures={"latency.GET /.p50_ms": 12.5, "latency.GET /.p95_ms": 41.237,
                             "latency.GET /.p99_ms": 60.0,
                             "latency.GET /.target": "p95 ≤ 300 ms",
                             "latency.GET /.verdict": "within target",
                             "latency.GET /.model": "open 20/s", "latency.GET /.samples": 200,
                             "rate_limits.POST /api/login": "429 at request 6, Retry-After 60",
                             "smoke.signup-to-checkout": "6/6 steps passed",
                             "probes.problems": "GET /health: not measured, the health endpoint "
                             "is down"}),
    )
    rules = (SECRET_RULE, ENV_RULE, ENV_UNUSED, TLS_RULE, WEB_RULE, INFO_RULE, MIG_RULE)
    info = RunInfo(version="0.1.0", phases=(Phase.PRE, Phase.POST), fail_on=fail_on,
                   started_at=STARTED,
                   config_path="launchgate.yml", environment="production", base_ref="main",
                   head_ref="feature",
                   targets=("https://app.example.test/",))
    return Report(info=info, results=results, rules=rules)


def clean_report() -> Report:
    info = RunInfo(version="0.1.0", phases=(Phase.PRE,), fail_on=Severity.HIGH, started_at=STARTED,
                   config_path="launchgate.yml")
    results = (CheckResult(check="env", phase=Phase.PRE, status=Status.PASSED, duration_s=0.02),)
    return Report(info=info, results=results, rules=(ENV_RULE, ENV_UNUSED))


def _changed(f: Finding) -> Finding:
    from dataclasses import replace

    return replace(f, on_changed_line=True)
