"""Markdown reporter: golden output, verdict first, escaping, links, budgets and truncation."""

from __future__ import annotations

from dataclasses import replace

from launchgate.model import CheckResult, Finding, Location, Phase, Severity, Status
from launchgate.report.markdown import (
    COMMENT_BUDGET,
    JOB_SUMMARY_BUDGET,
    esc,
    render,
    render_markdown,
)
from tests.support.golden import assert_golden
from tests.support.sample_report import ENV_RULE, RAW_SECRET, clean_report, sample_report

LINK = "https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567"


def test_golden_summary() -> None:
    assert_golden("report.md", render(sample_report()))


def test_golden_with_links() -> None:
    assert_golden("report-links.md",
                  render_markdown(sample_report(), COMMENT_BUDGET, link_base=LINK))


def test_golden_clean() -> None:
    assert_golden("report-clean.md", render(clean_report()))


def test_verdict_first_and_counts() -> None:
    lines = render(sample_report()).splitlines()
    assert lines[0] == "## ❌ launchgate: gate failed"
    assert lines[2] == ("**2 findings** at or above **high** (`fail_on`) block the launch; worst: "
                        "**blocker**.")
    assert lines[4] == "⛔ 1 blocker · 🔴 1 high · 🟠 1 medium · 🟡 2 low · 🔵 1 info"


def test_errored_verdict_when_the_gate_passes_but_a_check_could_not_run() -> None:
    text = render(sample_report(fail_on=None))
    assert text.startswith("## 💥 launchgate: gate errored\n")
    assert "⚠️ 1 check could not finish: `probes`" in text


def test_links_point_at_the_head_commit() -> None:
    text = render_markdown(sample_report(), COMMENT_BUDGET, link_base=LINK)
    assert f"[`config/settings.py:12`]({LINK}/config/settings.py#L12)" in text
    assert f"[`app/db.py:3-4`]({LINK}/app/db.py#L3-L4)" in text
    assert f"(declared at [`launchgate.yml:4`]({LINK}/launchgate.yml#L4))" in text


def test_blocks_high_expanded_medium_and_below_folded() -> None:
    text = render(sample_report())
    high = text.index("#### 🔴 High (1)")
    details = text.index("<details>")
    assert high < details < text.index("`tls.cert-expiring`")
    assert text.index("<summary><b>🟠 Medium (1)</b></summary>") < text.index("`tls.cert-expiring`")
    assert "**Fix:** Set the variable in the environment." in text


def test_fix_keeps_its_inline_code() -> None:
    fix_rule = replace(ENV_RULE, fix="Raise `secrets.max_file_bytes`, or use <b>this</b>.")
    f = Finding.of(fix_rule, "m", Location(path="a.py", start_line=1))
    report = replace(sample_report(),
                     results=(CheckResult(check="env", phase=Phase.PRE, status=Status.FAILED,
                                                          findings=(f,)),))
    assert "**Fix:** Raise `secrets.max_file_bytes`, or use \\<b\\>this\\</b\\>." in render(report)


def test_new_in_this_pr_apart_from_the_base() -> None:
    text = render(sample_report())
    new = text.index("### 🆕 New in this PR (1)")
    rest = text.index("### Already on the base (5)\n\n*Not on a line this PR changed")
    assert new < text.index("`secrets.stripe-key`") < rest < text.index("`env.missing-var`")
    no_pr = render(replace(sample_report(), info=replace(sample_report().info, base_ref=None)))
    assert (
        "### Findings (6)" in no_pr
        and "New in this PR" not in no_pr
        and "Already on the base" not in no_pr
    )


def test_a_pr_with_nothing_new_says_so_and_counts_the_baselined() -> None:
    report = sample_report()
    results = tuple(replace(r,
                            findings=tuple(replace(f, on_changed_line=False) for f in r.findings))
                    for r in report.results)
    text = render(replace(report, results=results, info=replace(report.info, baselined=3)))
    assert (
        "### 🆕 New in this PR (0)\n\nNone of the findings is on a line this PR changed.\n" in text
    )
    assert "### Already on the base (6)" in text
    assert "3 more findings accepted in the baseline file not shown.*" in text


def test_changed_lines_rank_first_within_a_severity() -> None:
    report = sample_report()
    a = Finding.of(ENV_RULE, "A_VAR missing", Location(path="a.py", start_line=1), key=("A",))
    b = replace(Finding.of(ENV_RULE, "B_VAR missing", Location(path="b.py", start_line=1),
                           key=("B",)),
                on_changed_line=True)
    report = replace(report,
                     results=(CheckResult(check="env", phase=Phase.PRE, status=Status.FAILED,
                                                  findings=(a, b)),))
    text = render(report)
    assert text.index("B\\_VAR missing") < text.index("A\\_VAR missing")


def test_escaping_untrusted_text() -> None:
    assert esc("a | b <script> @team #12\nnext") == ("a \\| b \\<script\\> @\u2060team #\u206012 "
                                                     "next")
    text = render(sample_report())
    assert "<b>" not in text.replace("<summary><b>", "")
    assert "nginx/1.22.1 \\| with a pipe and \\<b\\>markup\\</b\\>" in text


def test_figures_as_tables_and_partial_measurements() -> None:
    text = render(sample_report())
    assert "#### Latency per endpoint (ms) (`probes`)" in text
    assert "| Endpoint | p50 | p95 | p99 | Target | Verdict | Samples (model) |" in text
    assert "| GET / | 12.5 | 41.24 | 60 | p95 ≤ 300 ms | within target | 200 (open 20/s) |" in text
    assert "| `app.example.test` | - | 5 |" in text
    assert "| rate limit | POST /api/login | 429 at request 6, Retry-After 60 |" in text
    assert "| smoke flow | signup-to-checkout | 6/6 steps passed |" in text
    assert "| `dev.example.test` | - | n/a (private or throwaway CA, over 10 years) |" in text
    assert "355410" not in text
    assert "- `migrations` (skipped): no migrations folder found" in text
    assert "- `probes` (error): health: connection refused to 127.0.0.1:9" in text
    assert "- `probes` (partial): GET /health: not measured, the health endpoint is down" in text


def _big_report(n: int):
    findings = tuple(Finding.of(ENV_RULE, f"VAR_{i:05d} is read but not set " + "x" * 200,
                                Location(path=f"app/m{i:05d}.py", start_line=i + 1), key=(str(i),))
                     for i in range(n))
    return replace(sample_report(),
                   results=(CheckResult(check="env", phase=Phase.PRE, status=Status.FAILED,
                                                         findings=findings, duration_s=1.0),))


def test_truncates_under_the_comment_budget_by_summarising_the_tail() -> None:
    text = render_markdown(_big_report(2000), COMMENT_BUDGET, link_base=LINK)
    assert len(text) < 65_536
    assert len(text.encode()) <= COMMENT_BUDGET
    shown = text.count("· `env.missing-var` ·")
    assert 0 < shown < 2000
    assert f"> ✂️ **{2000 - shown} more findings not shown** to stay under GitHub's size limit: " \
           f"🔴 {2000 - shown} high (`env.missing-var` ×{2000 - shown})." in text
    blocks = text.split("#### 🔴 High (")[1].split("> ✂️")[0].strip().split("\n\n")[1:]
    assert len(blocks) == shown and all(b.endswith("**Fix:** Set the variable in the environment.")
                                        for b in blocks)
    assert text.rstrip().endswith("</sub>")  # the footer survives


def test_job_summary_under_one_mebibyte() -> None:
    text = render(_big_report(9000))
    assert len(text.encode()) <= JOB_SUMMARY_BUDGET < 1024 * 1024
    assert "more findings not shown** to stay under GitHub's size limit" in text


def test_tiny_budget_hard_cut_still_says_so() -> None:
    text = render_markdown(sample_report(), 300)
    assert len(text.encode()) <= 300
    assert "Truncated" in text


def test_secret_only_masked() -> None:
    text = render(sample_report())
    assert RAW_SECRET not in text
    assert f"Evidence: `{RAW_SECRET[:4]}…({len(RAW_SECRET)} chars)`" in text


def test_passed_verdict_when_below_gate() -> None:
    text = render(sample_report(fail_on=Severity.BLOCKER))
    assert text.startswith("## ❌")
    text = render(replace(sample_report(fail_on=None), results=sample_report().results[:-1]))
    assert text.startswith("## ✅ launchgate: gate passed\n\n6 findings; the gate never fails "
                           "(`fail_on: never`).\n")
    text = render(
        sample_report(fail_on=Severity.BLOCKER).__class__(
            info=replace(sample_report().info, fail_on=Severity.BLOCKER),
            results=sample_report().results[1:-1],
        )
    )
    assert text.startswith("## ✅ launchgate: gate passed\n\n5 findings, none at or above "
                           "**blocker** (`fail_on`).\n")


def test_dns_and_email_records_as_tables() -> None:
    from tests.support.failing_run import failing_report

    text = render(failing_report())
    assert "#### DNS records (`dns`)\n\n| Host | Resolves to |\n|---|---|\n" in text
    assert ("| `checkout.marketplace.example.test` | CNAME shops.edge-cdn.example.net → A "
            "198.51.100.7 |\n") in text
    assert ("| `status.marketplace.example.test` | CNAME marketplace-status.pages.example.org → "
            "NXDOMAIN |\n") in text
    assert "#### CAA: who may issue certificates (`dns`)\n\n| CAA | Hosts |\n" in text
    assert ("| issue letsencrypt.org (at marketplace.example.test) | "
            "`checkout.marketplace.example.test` |\n") in text
    assert (
        "#### Email authentication of marketplace.example.test (`email`)\n\n| Record | Found |"
        in text
    )
    assert ("| MX | none |\n| SPF | v=spf1 include:\\_spf.mailer.example.net ip4:192.0.2.0/24 +all "
            "|") in text
    assert ("| DMARC | p=none pct=50 (at \\_dmarc.marketplace.example.test) |\n| DKIM | key found: "
            "s1; no key: s2 |") \
        in text
    assert "dns.host." not in text and "| email.spf |" not in text  # not repeated as raw figures


def test_host_names_in_figure_tables_all_look_alike() -> None:
    from launchgate.report.figures import Table
    from launchgate.report.markdown import _table

    t = Table(kind="caa", check="dns", title="CAA", columns=("CAA", "Hosts"),
              numeric=(False, False), names=(1,),
              rows=(("issue ca.test", "shop.test, www.shop.test"), ("none", "-")))
    assert _table(t)[-3:] == ["| issue ca.test | `shop.test`, `www.shop.test` |", "| none | - |",
                              ""]
