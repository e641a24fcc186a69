"""A failing run as a maintainer meets it: many findings from the real rule table (their fixes carry
inline code), several checks, long messages and paths, figures of every kind, a skipped and an
errored check."""

from __future__ import annotations

from dataclasses import replace

from launchgate.checks import ALL
from launchgate.model import CheckResult, Finding, Location, Phase, Report, Severity, Status
from launchgate.redact import mask
from tests.support.sample_report import RAW_SECRET, sample_report

RULE_IDS = ("secrets.file-not-scanned", "env.committed-secret-value", "env.missing-required",
            "env.invalid-enum",
            "env.public-missing-prefix", "env.crlf-line-endings",
            "migrations.add-column-default-rewrite",
            "migrations.create-index-non-concurrently", "migrations.drop-column",
            "migrations.rename-column",
            "dns.caa-missing", "dns.caa-forbids-issuer", "email.spf-missing",
            "email.dmarc-not-enforced",
            "email.spf-permissive-all", "tls.legacy-protocol", "web.hsts-missing",
            "env.spaces-around-equals",
            "env.key-without-value", "email.mx-missing", "env.undeclared-in-schema",
            "env.used-but-undeclared")
LONG = ("which the application reads at start-up through its configuration loader, so a deploy "
        "that lacks it boots into a crash loop behind the load balancer and every request answers "
        "502 until someone rolls back")


def failing_report() -> Report:
    rules = {r.id: r for c in ALL for r in c.rules}
    by_check: dict[str, list[Finding]] = {}
    for i, rid in enumerate(RULE_IDS):
        rule = rules[rid]
        family = rule.family
        if family in ("dns", "email", "tls", "web"):
            loc = Location(
                url=f"https://checkout.marketplace.example.test/api/v2/orders/{i}/confirmation",
                anchor_path="apps/web/launchgate.yml",
                anchor_line=3 + i,
            )
        else:
            loc = Location(
                path=f"apps/web/src/services/payments/providers/stripe/webhooks/handler_{i:02d}.py",
                start_line=10 + i,
                end_line=12 + i,
            )
        evidence = mask(RAW_SECRET) if family in ("secrets", "env") and i < 3 else None
        f = Finding.of(rule, f"PAYMENTS_WEBHOOK_SIGNING_SECRET_{i} in {family} {LONG}", loc,
                       key=(str(i),),
                       evidence=evidence, severity=_spread(rule.severity, i))
        by_check.setdefault(family, []).append(replace(f, on_changed_line=i % 3 == 0))
    results = [CheckResult(check=c, phase=Phase.POST if c in ("dns", "email", "tls", "web")
                           else Phase.PRE,
                           status=Status.FAILED, findings=tuple(fs), duration_s=0.4)
               for c, fs in sorted(by_check.items())]
    results.append(CheckResult(check="probes", phase=Phase.POST, status=Status.ERROR,
                               duration_s=12.2,
                               reason="health GET "
                               "https://checkout.marketplace.example.test/healthz answered " "503",
                               figures=_latency()))
    results.append(CheckResult(check="migrations-apply", phase=Phase.PRE, status=Status.SKIPPED,
                               reason="no database: set migrations.database_url or install "
                               "PostgreSQL"))
    tls = next(r for r in results if r.check == "tls")
    results[results.index(tls)] = replace(
        tls,
        figures={
            "tls.days_left.checkout.marketplace.example.test": 41,
            "tls.issuer.checkout.marketplace.example.test": "R11",
            "tls.days_left.staging.marketplace.example.test": 355410,
        },
    )
    mig = next(r for r in results if r.check == "migrations")
    results[results.index(mig)] = replace(
        mig,
        figures={
            f"apply_locks:apps/web/migrations/00000{n}_orders_add_fulfilment_state.up.sql": "AccessExclusiveLock on orders"
            for n in range(1, 4)
        }
        | {
            f"apply_ms:apps/web/migrations/00000{n}_orders_add_fulfilment_state.up.sql": 12.5 * n
            for n in range(1, 4)
        },
    )
    for check, figs in (("dns", DNS_FIGURES), ("email", EMAIL_FIGURES)):
        res = next(r for r in results if r.check == check)
        results[results.index(res)] = replace(res, figures=figs)
    return replace(sample_report(), results=tuple(results))


DNS_FIGURES: dict[str, float | int | str] = {
    "dns.hosts": 3,
    "dns.host.marketplace.example.test.records": "A 192.0.2.10, AAAA 2001:db8::10",
    "dns.host.marketplace.example.test.caa": "issue letsencrypt.org; iodef "
    "mailto:security@marketplace.example.test",
    "dns.host.checkout.marketplace.example.test.records": "CNAME shops.edge-cdn.example.net → A "
    "198.51.100.7",
    "dns.host.checkout.marketplace.example.test.caa": "issue letsencrypt.org (at "
    "marketplace.example.test)",
    "dns.host.status.marketplace.example.test.records": "CNAME "
    "marketplace-status.pages.example.org → " "NXDOMAIN",
}
EMAIL_FIGURES: dict[str, float | int | str] = {
    "email.dns_queries": 9, "email.domain": "marketplace.example.test",
    "email.mx": "none", "email.spf": "v=spf1 include:_spf.mailer.example.net ip4:192.0.2.0/24 +all",
    "email.dmarc": "p=none pct=50 (at _dmarc.marketplace.example.test)",
    "email.dkim": "key found: s1; no key: s2",
}


def _spread(default: Severity, i: int) -> Severity:
    """Every severity present, whatever the rule table's defaults are."""
    return (Severity.BLOCKER, Severity.HIGH, Severity.HIGH, Severity.MEDIUM, Severity.LOW,
            Severity.INFO)[i % 6] \
        if i < 12 else default


def _latency() -> dict[str, float | int | str]:
    out: dict[str, float | int | str] = {}
    for name, p95 in (("GET /api/listings?q=bike&sort=price&page=2", 412.0),
                      ("POST /api/checkout/confirm", 180.2)):
        pre = f"latency.{name}"
        out |= {f"{pre}.p50_ms": p95 / 3, f"{pre}.p95_ms": p95, f"{pre}.p99_ms": p95 * 1.4,
                f"{pre}.target": "p95 ≤ 300 ms", f"{pre}.verdict": "over target" if p95 > 300
                else "within target",
                f"{pre}.model": "open 20/s", f"{pre}.samples": 200}
    out["probes.problems"] = ("GET /api/search: not measured, the health endpoint is down (load "
                              "skipped on purpose)")
    return out
