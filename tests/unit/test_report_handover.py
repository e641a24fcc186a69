"""The handover pack's renderers (Markdown and HTML) on hand-made reports: the eight sections and
their anchors, the answers a founder looks for, the ranked risk list, what was not measured and why,
the chart, hostile strings made inert, and the JSON round trip `--from` relies on."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser

import jsonschema
import pytest

from launchgate.model import Phase
from launchgate.report import handover_md, html, json_
from launchgate.report.load import report_from_json
from launchgate.report.pack import SECTION_IDS
from tests.support import gfm
from tests.support.sample_pack import pack_report
from tests.support.sample_report import RAW_SECRET, sample_report
from tests.unit.test_cli import REPORT_SCHEMA


class Page(HTMLParser):
    """What a browser builds from the HTML: ids, links, tags, the text per section, the chart."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.srcs: list[str] = []
        self.rects: list[dict[str, str]] = []
        self.lines: list[dict[str, str]] = []
        self.section = ""
        self.text: dict[str, list[str]] = {}
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.add(tag)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "section":
            self.section = a.get("id", "")
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
        if tag == "rect":
            self.rects.append(a)
        if tag == "line":
            self.lines.append(a)

    def handle_data(self, data: str) -> None:
        self.text.setdefault(self.section, []).append(data)

    def words(self, section: str) -> str:
        return " ".join(" ".join(self.text.get(section, [])).split())


def md_sections(text: str) -> dict[str, str]:
    parts = re.split(r'<a id="([a-z-]+)"></a>', text)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


@pytest.mark.parametrize(
    "report",
    [pack_report(), sample_report(), pack_report(phases=(Phase.PRE,))],
    ids=["full", "sample", "pre-only"],
)
def test_every_section_is_there_once_with_a_stable_anchor_and_every_link_resolves(report):
    page = Page(html.render(report))
    assert [i for i in page.ids if i in SECTION_IDS] == list(SECTION_IDS)
    assert len(page.ids) == len(set(page.ids))
    assert page.hrefs and all(h.startswith("#") and h[1:] in page.ids for h in page.hrefs)
    md = handover_md.render(report)
    assert list(md_sections(md)) == list(SECTION_IDS)
    assert all(target in SECTION_IDS for target in re.findall(r"\]\(#([a-z-]+)\)", md))


def test_the_pack_answers_what_a_founder_asks():
    page = Page(html.render(pack_report()))
    domains, mail, env = page.words("domains"), page.words("email"), page.words("environment")
    assert "shop.example.test A 192.0.2.10" in domains  # where each host points
    assert "www.shop.example.test CNAME shop.example.test → A 192.0.2.10" in domains
    assert "Let's Encrypt" in domains and "2026-12-12" in domains and "Renew now" in domains
    assert "http://shop.example.test/deep?x=1" in domains and "Cloudflare" in domains
    assert "SPF, DKIM, DMARC in place (DMARC p=none)" in page.words("verdict")
    assert "Move DMARC from p=none to p=quarantine" in mail and "~all" in mail
    assert "Add a reporting address" in mail
    assert (
        "Required in production and set in no file this run saw" in env and "SESSION_SECRET" in env
    )
    assert "DATABASE_URL secret required: .env:1 required: the process environment" not in env
    assert "DATABASE_URL secret optional: .env:1 required: the process environment" in env
    ops = page.words("operations")
    assert "GET /api/items read 40.5 120.2 180 300 within target" in ops
    assert (
        "https://shop.example.test/healthz" in ops and "signup: POST /api/signup expects 201" in ops
    )
    assert "429 at request 6" in ops
    db = page.words("database")
    assert "db/002_index.up.sql : no down migration" in db and "AccessExclusiveLock on users" in db
    dont = page.words("do-not-break")
    assert (
        "Redirect http://shop.example.test/deep?x=1 → https://shop.example.test/deep?x=1 (301)"
        in dont
    )
    assert "Variable DATABASE_URL : required in production and secret" in dont
    assert (
        "Variable SESSION_SECRET" in dont and "Health URL https://shop.example.test/healthz" in dont
    )
    run = page.words("run")
    assert "0123abcd0123abcd" in run and "2026-11-30 09:15:00 UTC" in run


def test_the_risk_list_is_ranked_blocker_first_and_leaves_low_out():
    out = html.render(pack_report())
    verdict = Page(out).words("verdict")
    assert verdict.startswith("1. Verdict and launch risks The gate failed (fail_on: high).")
    order = [
        verdict.index(t)
        for t in (
            "Migration locks a table",
            "Endpoint slower than its target",
            "TLS certificate expires soon",
        )
    ]
    assert order == sorted(order)
    assert "Server header reveals version" not in verdict and "1 low or info finding(s)" in verdict
    assert "<strong>Fix:</strong> Create indexes <code>CONCURRENTLY</code>." in out  # our rule text


def test_a_long_risk_list_is_cut_and_says_how_many_more():
    from launchgate.model import Finding, Location
    from tests.support.sample_pack import EXPIRING

    base = pack_report()
    many = tuple(Finding.of(EXPIRING, f"certificate {i} expires soon",
                            Location(url=f"https://h{i}.test/"), key=(str(i),)) for i in range(80))
    report = dataclasses.replace(base, results=tuple(
        dataclasses.replace(r, findings=many) if r.check == "tls" else r for r in base.results))
    page = Page(html.render(report))
    assert len(re.findall(r"<li><span class='sev", html.render(report))) == 50
    assert "32 more blocker, high or medium finding(s), not listed here" in page.words("verdict")


def test_what_was_not_measured_says_why_instead_of_an_empty_table():
    page = Page(html.render(pack_report(phases=(Phase.PRE,))))
    for section in ("email", "operations"):
        assert "Not measured:" in page.words(section)
        assert "post-deploy checks did not run (phase pre)" in page.words(section)
    assert "Post-deploy checks did not run (phase pre)" in page.words("run")
    sample = Page(html.render(sample_report()))
    assert "the migrations check was skipped: no migrations folder found" in sample.words(
        "database"
    )
    assert "the probes check could not run: health: connection refused" in sample.words(
        "operations"
    )
    assert "the env check recorded no such figures" in sample.words("environment")
    md = md_sections(handover_md.render(pack_report(phases=(Phase.PRE,))))
    assert (
        "> **Not measured:** Email records were not looked up: post-deploy checks did not run"
        in md["email"]
    )


def test_the_chart_draws_three_bars_per_endpoint_against_its_target():
    page = Page(html.render(pack_report()))
    targets = [line for line in page.lines if line.get("class") == "target"]
    assert len(page.rects) == 6 and len(targets) == 2  # 2 endpoints x p50/p95/p99, a target each
    ends = [float(r["x"]) + float(r["width"]) for r in page.rects]
    assert ends[0] < ends[1] < ends[2] and ends[3] < ends[4] < ends[5]  # p50 < p95 < p99
    read_target, write_target = (float(line["x1"]) for line in targets)
    assert ends[1] < read_target and page.rects[1]["fill"] != "#cf222e"  # 120 ms, under 300 ms
    assert ends[4] > write_target and page.rects[4]["fill"] == "#cf222e"  # 950 ms, over 800 ms
    words = page.words("operations")
    assert "p95 950 ms (over target)" in words and "p95 120.25 ms (over target)" not in words
    # the logarithmic axis, one tick a decade, ending just past the slowest p99 (1.4 s): no
    # empty decade that would push the labels off a phone's screen
    assert "(ms) 10 ms 100 ms 1 s GET /api/items" in words and "10 s" not in words


def test_nothing_from_a_repository_or_server_becomes_markup():
    report = pack_report(hostile=True)
    out = html.render(report)
    page = Page(out)
    assert page.tags <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "header",
        "h1",
        "p",
        "span",
        "nav",
        "ol",
        "li",
        "a",
        "section",
        "h2",
        "h3",
        "div",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "code",
        "ul",
        "strong",
        "br",
        "figure",
        "svg",
        "text",
        "rect",
        "line",
        "figcaption",
    }
    assert page.srcs == [] and all(h.startswith("#") for h in page.hrefs)
    assert "<script" not in out and "<img" not in out
    assert "alert(1)" in page.words("domains")  # shown as text
    rendered = gfm.parse(handover_md.render(report))  # as GitHub or a wiki shows it
    assert rendered.images == [] and {"script", "img"}.isdisjoint(rendered.tags)
    hrefs = [link for link in rendered.links if link]  # the section anchors are <a id> without href
    assert hrefs and all(link.startswith("#") for link in hrefs)
    assert "alert(1)" in "".join(rendered.text)  # shown as text
    assert not re.search(r"@team|#1\b", "".join(rendered.outside_code))  # no mention, no issue link


def test_no_secret_or_evidence_reaches_the_pack():
    for out in (html.render(sample_report()), handover_md.render(sample_report())):
        assert RAW_SECRET not in out and RAW_SECRET[:12] not in out
        assert "sk_l" not in out  # not even the masked evidence: the pack shows no evidence


@pytest.mark.parametrize("render", [html.render, handover_md.render], ids=["html", "markdown"])
@pytest.mark.parametrize(
    "report",
    [pack_report(), pack_report(hostile=True), sample_report()],
    ids=["full", "hostile", "sample"],
)
def test_the_saved_json_report_renders_the_same_pack(render, report):
    doc = json.loads(json_.render(report))
    jsonschema.validate(doc, REPORT_SCHEMA)
    assert doc["schema_version"] == 2 and doc["commit"] == report.info.commit
    assert render(report_from_json(doc)) == render(report)


def test_a_version_1_report_still_renders_with_its_findings_in_place():
    doc = json.loads(json_.render(pack_report()))
    for f in doc["findings"]:
        del f["check"], f["why"]
    del doc["schema_version"], doc["commit"], doc["targets"]
    loaded = report_from_json(doc)
    assert {r.check: len(r.findings) for r in loaded.results if r.findings} == {
        "migrations": 1,
        "tls": 1,
        "web": 1,
        "probes": 1,
    }
    page = Page(html.render(loaded))
    assert "Migration locks a table" in page.words("verdict")
    assert "not recorded" in page.words("run")


def test_the_markdown_pack_stays_inside_a_wiki_page():
    md = handover_md.render(dataclasses.replace(pack_report(), rules=()))
    assert md.startswith("# Launch handover: shop.example.test\n")
    assert "| Endpoint | Kind | p50 | p95 | p99 | p95 target | Verdict |" in md
    assert "**Contents:** [Verdict and launch risks](#verdict) · [Domain map](#domains)" in md


def _with_web(report, figures):
    results = tuple(dataclasses.replace(r, figures=figures) if r.check == "web" else r
                    for r in report.results)
    return dataclasses.replace(report, results=results)


def test_a_deep_link_chain_ending_at_404_says_the_404_is_the_made_up_link_not_an_outage():
    host = "shop.example.test"
    report = _with_web(pack_report(), {
        f"web.redirect.http.{host}": (f"http://{host}/launchgate-redirect-check?lg=1 → 301 → "
                                      f"https://{host}/launchgate-redirect-check?lg=1 → 404"),
        f"web.redirect.http.www.{host}": (f"http://www.{host}/launchgate-redirect-check?lg=1 → "
                                          f"301 → https://{host}/ → 200"),
        f"web.redirect.https.www.{host}": f"https://www.{host}/ → 308 → https://{host}/ → 404",
    })
    domains = Page(html.render(report)).words("domains")
    assert (f"301 → https://{host}/launchgate-redirect-check?lg=1 → 404 (path and query kept; "
            "404 expected: the link is made up)") in domains
    # a redirect that drops the deep link is named for what it is
    assert f"301 → https://{host}/ → 200 (path or query lost on the way)" in domains
    # a chain from https://www to a 404 home page is not a made-up link: left as it is
    assert f"308 → https://{host}/ → 404 " in domains + " "
    assert f"https://{host}/ → 404 (" not in domains
    assert "404 expected" in handover_md.render(report)
