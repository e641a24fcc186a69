"""The edge per host (``web.edge.<host>`` figures) as the reports show it: a small table in
Markdown, one line per host on the terminal, the raw figures in JSON."""

from __future__ import annotations

import json
from dataclasses import replace

from launchgate.model import CheckResult, Phase, Status
from launchgate.report import json_, markdown
from launchgate.report.figures import compact
from tests.support.sample_report import clean_report

EDGES = {"web.edge.shop.test": "Cloudflare", "web.edge.api.shop.test": "none recognised",
         "web.requests_failed": 0}


def report():
    web = CheckResult(check="web", phase=Phase.POST, status=Status.PASSED, figures=EDGES)
    return replace(clean_report(), results=(web,))


def test_markdown_shows_an_edge_table():
    text = markdown.render(report())
    assert ("#### Edge in front (`web`)\n\n| Host | Edge |\n|---|---|\n"
            "| `api.shop.test` | none recognised |\n| `shop.test` | Cloudflare |\n") in text
    assert "web.edge." not in text  # not repeated as raw figures


def test_terminal_lines_and_json_figures():
    assert compact(report()) == ["web: api.shop.test edge: none recognised",
                                 "web: shop.test edge: Cloudflare"]
    doc = json.loads(json_.render(report()))
    assert doc["results"][0]["figures"]["web.edge.shop.test"] == "Cloudflare"
