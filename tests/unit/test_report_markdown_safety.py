"""Hostile repository and server text cannot turn the PR comment against its readers (issue 19):
rendered with a GFM renderer, no heading, image, link, raw HTML, mention or issue reference comes
from untrusted text."""

from __future__ import annotations

import re
from dataclasses import replace

from launchgate.model import CheckResult, Finding, Location, Phase, Status
from launchgate.redact import Redacted
from launchgate.report.markdown import COMMENT_BUDGET, render_markdown
from tests.support.gfm import parse
from tests.support.sample_report import ENV_RULE, TLS_RULE, sample_report

LINK = "https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567"
HOSTILE = [
    "ok\n\n# ✅ launchgate: gate passed\n\nall good",
    "![pixel](https://evil.test/pixel.png?u=1)",
    "<img src=https://evil.test/x.png> <script>alert(1)</script> <details open>",
    "[click here](https://evil.test/login) and www.evil.test and https://evil.test/raw",
    "cc @octocat @acme/security and see #123 and GH-1 and acme/shop#7",
    "```\n# fenced heading\n```",
    "`` a ` b ``` c `",
    "| broken | table |\n|---|---|",
    "1. list\n- item\n> quote\n---",
    "&lt;b&gt; $x^2$ ~~gone~~ **bold** _em_ \\",
]


def hostile_report():
    findings = []
    for i, bad in enumerate(HOSTILE):
        findings.append(Finding.of(ENV_RULE, f"value {bad}",
                                   Location(path=f"app/{bad}.py", start_line=i + 1),
                                   key=(str(i),), evidence=Redacted(bad)))
        findings.append(Finding.of(TLS_RULE, f"cert {bad}",
                                   Location(url=f"https://app.example.test/{bad}",
                                   anchor_path="launchgate.yml", anchor_line=4), key=(str(i),)))
    results = (CheckResult(check="env", phase=Phase.PRE, status=Status.FAILED,
                           findings=tuple(findings)),
               CheckResult(check="probes", phase=Phase.POST, status=Status.ERROR,
                           reason=HOSTILE[0] + HOSTILE[1],
                           figures={f"latency.GET /{b}.p95_ms": 1.0 for b in HOSTILE}
                           | {"probes.problems": HOSTILE[4], "odd " + HOSTILE[2]: HOSTILE[3]}))
    return replace(sample_report(), results=results)


def test_no_heading_image_link_html_or_mention_from_untrusted_text() -> None:
    md = render_markdown(hostile_report(), COMMENT_BUDGET, link_base=LINK)
    page = parse(md)
    assert all("gate passed" not in h and "fenced" not in h for h in page.headings), page.headings
    assert page.headings[0] == "❌ launchgate: gate failed"
    assert page.images == []
    assert page.links and all(h.startswith(LINK + "/") for h in page.links), page.links
    assert page.tags <= {"h2", "h3", "h4", "p", "br", "strong", "em", "code", "a", "details",
                         "summary", "b", "sub",
                         "table", "thead", "tbody", "tr", "th", "td", "ul", "li"}, page.tags
    prose = "".join(page.outside_code)
    assert not re.search(r"@\w", prose) and not re.search(r"#\d", prose)
    assert "@\u2060octocat" in prose and "#\u2060123" in prose
    text = "".join(page.text)
    for bad in ("octocat", "pixel.png", "evil.test/login", "alert(1)"):
        assert bad in text  # still readable as text, just inert


def test_links_to_odd_paths_are_percent_encoded() -> None:
    md = render_markdown(hostile_report(), COMMENT_BUDGET, link_base=LINK)
    assert f"({LINK}/app/%21%5Bpixel%5D%28https%3A//evil.test/pixel.png%3Fu%3D1%29.py#L2)" in md


def test_a_plain_report_is_not_mangled() -> None:
    page = parse(render_markdown(sample_report(), COMMENT_BUDGET, link_base=LINK))
    text = "".join(page.text)
    assert "DATABASE_URL is read in app/db.py but not set for production" in text
    assert "Server: nginx/1.22.1 | with a pipe and <b>markup</b>" in text
    assert "`" not in text
