"""Markdown reporter: golden output, verdict first, escaping, links, budgets and truncation."""

from __future__ import annotations

from dataclasses import replace

from launchgate.model import CheckResult, Finding, Location, Phase, Severity, Status
from launchgate.report.markdown import COMMENT_BUDGET, JOB_SUMMARY_BUDGET, esc, render, render_markdown
from tests.support.golden import assert_golden
from tests.support.sample_report import ENV_RULE, RAW_SECRET, clean_report, sample_report

LINK = "https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567"


def test_golden_summary() -> None:
    assert_golden("report.md", render(sample_report()))


def test_golden_with_links() -> None:
    assert_golden("report-links.md", render_markdown(sample_report(), COMMENT_BUDGET, link_base=LINK))


def test_golden_clean() -> None:
    assert_golden("report-clean.md", render(clean_report()))


def test_verdict_first_and_counts() -> None:
    lines = render(sample_report()).splitlines()
    assert lines[0] == "## ❌ launchgate: gate failed"
    assert lines[2] == "2 findings at or above **high** (`fail_on`) block the launch; worst: **blocker**."
    assert "| 1 | 1 | 1 | 2 | 1 |" in lines


def test_links_point_at_the_head_commit() -> None:
    text = render_markdown(sample_report(), COMMENT_BUDGET, link_base=LINK)
    assert f"[config/settings.py:12]({LINK}/config/settings.py#L12)" in text
    assert f"[app/db.py:3-4]({LINK}/app/db.py#L3-L4)" in text
    assert f"([launchgate.yml:4]({LINK}/launchgate.yml#L4))" in text


def test_changed_lines_rank_first_within_a_severity() -> None:
    report = sample_report()
    a = Finding.of(ENV_RULE, "A_VAR missing", Location(path="a.py", start_line=1), key=("A",))
    b = replace(Finding.of(ENV_RULE, "B_VAR missing", Location(path="b.py", start_line=1), key=("B",)),
                on_changed_line=True)
    report = replace(report, results=(CheckResult(check="env", phase=Phase.PRE, status=Status.FAILED,
                                                  findings=(a, b)),))
    text = render(report)
    assert text.index("B\\_VAR missing") < text.index("A\\_VAR missing")


def test_escaping_keeps_tables_intact() -> None:
    assert esc("a | b <script> @team\nnext") == "a \\| b \\<script\\> @\u200bteam next"
    text = render(sample_report())
    assert "<b>" not in text
    assert "nginx/1.22.1 \\| with a pipe and \\<b\\>markup\\</b\\>" in text


def test_figures_and_skips_are_shown() -> None:
    text = render(sample_report())
    assert "| `web` | p95 ms GET / | 41.24 |" in text
    assert "| `tls` | app.example.test days left | 5 |" in text
    assert "- `migrations` (skipped): no migrations folder found" in text
    assert "- `probes` (error): health: connection refused to 127.0.0.1:9" in text


def _big_report(n: int):
    findings = tuple(Finding.of(ENV_RULE, f"VAR_{i:05d} is read but not set " + "x" * 200,
                                Location(path=f"app/m{i:05d}.py", start_line=i + 1), key=(str(i),))
                     for i in range(n))
    return replace(sample_report(), results=(CheckResult(check="env", phase=Phase.PRE, status=Status.FAILED,
                                                         findings=findings, duration_s=1.0),))


def test_truncates_under_the_comment_budget_with_a_note() -> None:
    text = render_markdown(_big_report(2000), COMMENT_BUDGET, link_base=LINK)
    assert len(text) < 65_536
    assert len(text.encode()) <= COMMENT_BUDGET
    assert "> ✂️ **Truncated**: " in text
    shown = int(text.split("**Truncated**: ")[1].split(" of ")[0])
    assert 0 < shown < 2000
    assert text.count("| `env.missing-var` |") == shown
    assert text.rstrip().endswith("</sub>")  # the footer survives truncation


def test_job_summary_under_one_mebibyte() -> None:
    text = render(_big_report(6000))
    assert len(text.encode()) <= JOB_SUMMARY_BUDGET < 1024 * 1024
    assert "**Truncated**" in text


def test_tiny_budget_hard_cut_still_says_so() -> None:
    text = render_markdown(sample_report(), 300)
    assert len(text.encode()) <= 300
    assert "Truncated" in text


def test_secret_only_masked() -> None:
    text = render(sample_report())
    assert RAW_SECRET not in text
    assert f"evidence: `{RAW_SECRET[:4]}…({len(RAW_SECRET)} chars)`" in text


def test_passed_verdict_when_below_gate() -> None:
    text = render(sample_report(fail_on=Severity.BLOCKER))
    assert text.startswith("## ❌")
    text = render(sample_report(fail_on=None))
    assert text.startswith("## ✅ launchgate: gate passed\n\n6 findings; the gate never fails (`fail_on: never`).\n")
    text = render(sample_report(fail_on=Severity.BLOCKER).__class__(info=replace(sample_report().info, fail_on=Severity.BLOCKER), results=sample_report().results[1:]))
    assert text.startswith("## ✅ launchgate: gate passed\n\n5 findings, none at or above **blocker** (`fail_on`).\n")
