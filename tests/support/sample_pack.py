"""A hand-made Report carrying every figure the handover pack reads (the names the checks record,
values like a real run's), with launch risks planted: a certificate that expires in 12 days, DMARC
at p=none, a migration without a down migration that takes an ACCESS EXCLUSIVE lock, a slow write
endpoint. ``hostile=True`` puts markup, a link, a mention and a script into every string a
repository or server controls."""

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

STARTED = datetime(2026, 11, 30, 9, 15, 0, tzinfo=UTC)
EVIL = ("<script>alert(1)</script><img src=https://evil.example/x.png>"
        " [click](https://evil.example) @team #1")

SLOW = Rule(
    id="probes.latency-over-target",
    title="Endpoint slower than its target",
    severity=Severity.HIGH,
    why="Slow checkouts lose orders.",
    fix="Profile the endpoint; add an index or a cache.",
)
EXPIRING = Rule(
    id="tls.cert-expiring",
    title="TLS certificate expires soon",
    severity=Severity.MEDIUM,
    why="An expired certificate takes the site down.",
    fix="Renew the certificate.",
)
BANNER = Rule(
    id="web.server-banner",
    title="Server header reveals version",
    severity=Severity.LOW,
    why="Banners help attackers.",
    fix="Hide the version.",
)
LOCK = Rule(
    id="migrations.lock-table",
    title="Migration locks a table",
    severity=Severity.BLOCKER,
    why="An ACCESS EXCLUSIVE lock blocks reads and writes.",
    fix="Create indexes `CONCURRENTLY`.",
)


def _figures(x: str) -> dict[str, dict[str, float | int | str]]:
    host, www = "shop.example.test", "www.shop.example.test"
    return {
        "env": {
            "env.environments": "development, production",
            "env.environment": "production",
            "env.var.DATABASE_URL.flags": "secret",
            "env.var.DATABASE_URL.required_in": "production",
            "env.var.DATABASE_URL.set.development": ".env:1",
            "env.var.DATABASE_URL.set.production": "the process environment",
            "env.var.SESSION_SECRET.flags": "secret",
            "env.var.SESSION_SECRET.required_in": "production",
            "env.var.SESSION_SECRET.set.development": "not set",
            "env.var.SESSION_SECRET.set.production": "not set",
            "env.var.PUBLIC_URL.flags": "public",
            "env.var.PUBLIC_URL.required_in": "every environment",
            "env.var.PUBLIC_URL.set.development": ".env:2",
            "env.var.PUBLIC_URL.set.production": f".env.production{x}:4",
        },
        "migrations": {
            "apply_ms:db/001_users.up.sql": 6.1,
            "apply_ms:db/002_index.up.sql": 2.0,
            "apply_locks:db/001_users.up.sql": "no lock on a pre-existing table observed",
            "apply_locks:db/002_index.up.sql": "AccessExclusiveLock on users",
            "down:db/001_users.up.sql": "db/001_users.down.sql",
            "down:db/002_index.up.sql": "none",
            "apply_round_trip": "not run: the changed migrations do not all have down migrations",
            "layouts": "golang-migrate:db",
        },
        "dns": {
            f"dns.host.{host}.records": f"A 192.0.2.10{x}",
            f"dns.host.{host}.caa": "issue letsencrypt.org",
            f"dns.host.{www}.records": f"CNAME {host} → A 192.0.2.10",
            "dns.hosts": 2,
        },
        "email": {
            "email.domain": "shop.example.test",
            "email.spf": f"v=spf1 include:_spf.mail.test ~all{x}",
            "email.dkim": "key found: s1",
            "email.dmarc": "p=none (at _dmarc.shop.example.test)",
            "email.dmarc_report": "none",
            "email.mx": "10 mx.mail.test",
        },
        "tls": {
            f"tls.days_left.{host}": 12,
            f"tls.issuer.{host}": f"Let's Encrypt{x}",
            f"tls.names.{host}": f"{host}, {www}",
            f"tls.not_after.{host}": "2026-12-12",
        },
        "web": {
            f"web.redirect.http.{host}": (
                f"http://{host}/deep?x=1 → 301 → https://{host}/deep?x=1 → 200"
            ),
            f"web.redirect.https.{www}": f"https://{www}/ → 308 → https://{host}/{x} → 200",
            f"web.edge.{host}": "Cloudflare",
            f"web.edge.{www}": f"nginx/1.22{x} (Server header)",
        },
        "probes": {
            f"health.probe.https://{host}/healthz": f"GET expects 200; JSON status{x}",
            "smoke.checkout": "4/4 steps passed",
            "smoke_steps.checkout": f"signup: POST /api/signup expects 201\npay: POST /api/pay{x}",
            "latency.GET /api/items.p50_ms": 40.5,
            "latency.GET /api/items.p95_ms": 120.25,
            "latency.GET /api/items.p99_ms": 180.0,
            "latency.GET /api/items.target": "p95 ≤ 300 ms",
            "latency.GET /api/items.verdict": "within target",
            f"latency.POST /api/orders{x}.p50_ms": 500.0,
            f"latency.POST /api/orders{x}.p95_ms": 950.0,
            f"latency.POST /api/orders{x}.p99_ms": 1400.0,
            f"latency.POST /api/orders{x}.target": "p95 ≤ 800 ms",
            f"latency.POST /api/orders{x}.verdict": "over target",
            "rate_limits.POST /api/login": "429 at request 6, Retry-After 60",
        },
    }


def pack_report(
    *, hostile: bool = False, phases: tuple[Phase, ...] = (Phase.PRE, Phase.POST)
) -> Report:
    x = EVIL if hostile else ""
    figures = _figures(x)
    findings = {
        "probes": (
            Finding.of(
                SLOW,
                f"POST /api/orders{x} p95 950 ms is over its 800 ms target",
                Location(url="https://shop.example.test/api/orders"),
            ),
        ),
        "tls": (
            Finding.of(
                EXPIRING,
                "certificate for shop.example.test expires in 12 days (2026-12-12)",
                Location(url="https://shop.example.test/"),
            ),
        ),
        "web": (
            Finding.of(
                BANNER, f"Server: nginx/1.22{x}", Location(url="https://www.shop.example.test/")
            ),
        ),
        "migrations": (
            Finding.of(
                LOCK,
                f"db/002_index.up.sql takes an ACCESS EXCLUSIVE lock on users{x}",
                Location(path="db/002_index.up.sql", start_line=1),
            ),
        ),
    }
    order = ("env", "migrations", "dns", "email", "tls", "web", "probes")
    results = tuple(
        CheckResult(
            check=c,
            phase=Phase.PRE if c in ("env", "migrations") else Phase.POST,
            status=Status.FAILED if c in findings else Status.PASSED,
            findings=findings.get(c, ()),
            duration_s=0.5,
            figures=figures[c],
        )
        for c in order
        if Phase.POST in phases or c in ("env", "migrations")
    )
    info = RunInfo(
        version="0.1.0",
        phases=phases,
        fail_on=Severity.HIGH,
        started_at=STARTED,
        config_path="launchgate.yml",
        environment="production",
        commit="0123abcd" * 5,
        targets=("shop.example.test", "www.shop.example.test"),
    )
    return Report(info=info, results=results, rules=(SLOW, EXPIRING, BANNER, LOCK))
