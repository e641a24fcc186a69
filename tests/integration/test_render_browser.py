"""The PR comment and the job summary of a failing run, rendered as GitHub renders them (cmark-gfm +
GitHub's stylesheet) in headless Chromium at GitHub's widths: a PR comment (830 px) and a job
summary (1,012 px).

Asserted in the page: no horizontal overflow, every finding's message and fix inside the viewport
width, no literal backtick in the rendered text, medium and below collapsed. Screenshots go to
build/artifacts/render (or $LG_ARTIFACTS) for a human to look at."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from launchgate.model import Severity
from launchgate.report.markdown import COMMENT_BUDGET, JOB_SUMMARY_BUDGET, ranked, render_markdown
from tests.support import browser
from tests.support.failing_run import failing_report

pytestmark = [pytest.mark.integration, pytest.mark.skipif(browser.available() is not None,
                                                         reason=str(browser.available()))]
LINK = "https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567"
WIDTHS = {"comment": (830, COMMENT_BUDGET), "summary": (1012, JOB_SUMMARY_BUDGET)}
ARTIFACTS = Path(os.environ.get("LG_ARTIFACTS") or browser.REPO / "build" / "artifacts" / "render")


def _plain(markdown_inline: str) -> str:
    return re.sub(r"`+", "", markdown_inline)


@pytest.mark.parametrize("kind", sorted(WIDTHS))
def test_rendered_report_reads_at_githubs_width(kind: str, tmp_path: Path) -> None:
    width, budget = WIDTHS[kind]
    report = failing_report()
    md = render_markdown(report, budget, link_base=LINK)
    res = browser.measure(md, width, tmp_path)
    assert res["width"] == width
    assert res["scrollWidth"] <= width and res["scrollWidthOpen"] <= width  # no sideways scrolling
    assert [t for t in res["tables"] if t["overflow"] > 0] == []  # no table scrolls sideways either
    assert "`" not in res["text"]  # inline code rendered as code, never as literal backticks
    findings = ranked(report)
    assert len(res["blocks"]) == len(findings)
    for block in res["blocks"]:
        assert block["left"] >= 0 and block["right"] <= width, block["text"][:80]
        assert not block["overflow"], block["text"][:80]
    for f in findings:
        block = next(b for b in res["blocks"] if f.rule.id in b["text"].split("\n")[0]
                     and f.message in b["text"].replace("\n", " "))
        assert "Fix: " + _plain(f.rule.fix) in block["text"]
    # blocker and high expanded, medium and below folded away until opened
    assert {d["open"] for d in res["details"]} == {False}
    assert all(res["hiddenWhenCollapsed"])
    folded = sum(1 for f in findings if f.severity < Severity.HIGH)
    assert len(res["hiddenWhenCollapsed"]) == folded
    assert len(res["expanded"]) == len(findings) - folded
    assert all(("blocker" in first or "high" in first) for first in res["expanded"])
    assert res["details"] and all(re.search(r"(Medium|Low|Info) \(\d+\)", d["summary"])
                                  for d in res["details"])


@pytest.mark.parametrize("kind", sorted(WIDTHS))
def test_screenshots_are_saved(kind: str) -> None:
    width, budget = WIDTHS[kind]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    png = browser.screenshot(render_markdown(failing_report(), budget, link_base=LINK), width,
                             ARTIFACTS / f"{kind}-{width}px.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
