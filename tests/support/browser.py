"""Headless Chromium on a local page: the Markdown report rendered as GitHub does (cmark-gfm +
GitHub's stylesheet), measured in the page by a small script whose JSON result is read back with
``--dump-dom``."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tests.support.gfm import to_html

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CSS = REPO / ".venv" / "node" / "node_modules" / "github-markdown-css" / "github-markdown-light.css"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--force-device-scale-factor=1")

MEASURE = """
const W = window.innerWidth, body = document.querySelector('.markdown-body');
const res = {width: W, scrollWidth: document.documentElement.scrollWidth};
const details = [...body.querySelectorAll('details')];
res.details = details.map(d => ({open: d.open, summary: d.querySelector('summary').innerText}));
const blocks = [...body.querySelectorAll('p')].filter(p => p.textContent.includes('Fix:'));
res.hiddenWhenCollapsed = blocks.filter(p => p.closest('details')).map(p => !p.checkVisibility());
res.expanded = blocks.filter(p => !p.closest('details')).map(p => p.innerText.split('\\n')[0]);
details.forEach(d => { d.open = true; });
res.blocks = blocks.map(p => {
  const rights = [p, ...p.querySelectorAll('*')].map(e => e.getBoundingClientRect().right);
  return {text: p.innerText, left: p.getBoundingClientRect().left, right: Math.max(...rights),
          overflow: p.scrollWidth > p.clientWidth};
});
res.scrollWidthOpen = document.documentElement.scrollWidth;
res.tables = [...body.querySelectorAll('table')].map(t => ({head: t.rows[0].innerText, overflow: t.scrollWidth - t.clientWidth}));
res.text = body.innerText;
document.getElementById('lg-result').textContent = JSON.stringify(res);
"""


# the handover pack as laid out: its sections, links, what scrolls sideways (tables, the chart),
# the chart's bars and whether every label of the chart lies inside it, the text a reader sees
PACK_MEASURE = """
const res = {width: document.body.getBoundingClientRect().width,
  pageWidth: Math.max(document.body.scrollWidth, document.documentElement.scrollWidth
    - (innerWidth - document.body.getBoundingClientRect().width))};
res.sections = [...document.querySelectorAll('main > section')].map(s => ({id: s.id,
  height: s.getBoundingClientRect().height, title: s.querySelector('h2').innerText}));
const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
res.links = links.length;
res.broken = links.filter(h => !h.startsWith('#') || !document.getElementById(h.slice(1)));
res.sideways = [...document.querySelectorAll('.scroll')]
  .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText.slice(0, 60));
res.cards = [...document.querySelectorAll('.rows td')].map(td =>
  getComputedStyle(td, '::before').content.replace(/^"|"$/g, ''));
const svg = document.querySelector('svg.chart');
if (svg) {
  const box = svg.getBoundingClientRect(), texts = [...svg.querySelectorAll('text')];
  res.chart = {width: box.width, right: box.right,
    bars: [...svg.querySelectorAll('rect')].map(r => r.getBoundingClientRect().width),
    targets: svg.querySelectorAll('line.target').length,
    outside: texts.filter(t => { const r = t.getBoundingClientRect();
      return r.left < box.left - 1 || r.right > box.right + 1; }).map(t => t.textContent),
    smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize)))
      * box.width / svg.viewBox.baseVal.width};
}
res.text = document.body.innerText;
document.getElementById('lg-result').textContent = JSON.stringify(res);
"""


def available() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} missing (make sysdeps)"
    if not CSS.exists():
        return f"{CSS.relative_to(REPO)} missing (make browserdeps)"
    return None


def page(markdown: str, *, measure: bool) -> str:
    """GitHub's layout: the stylesheet, an article.markdown-body with GitHub's comment padding."""
    script = (
        f"<pre id='lg-result' style='display:none'></pre><script>{MEASURE}</script>"
        if measure
        else ""
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>launchgate "
        f"report</title><style>{CSS.read_text(encoding='utf-8')}\nbody{{margin:0}}.markdown-body{{box-sizing:border-box;padding:16px;min-width:0}}</style></head><body><article "
        f"class='markdown-body'>{to_html(markdown)}</article>{script}</body></html>"
    )


HEADLESS_MIN_WIDTH = 500
# nothing the browser asks for can leave loopback
OFFLINE = ("--host-resolver-rules=MAP * ~NOTFOUND",)


def _chromium(args: list[str], *, timeout: float = 60.0) -> str:
    profile = tempfile.mkdtemp(prefix="lg-chromium-")
    try:
        proc = subprocess.run([str(CHROMIUM), *FLAGS, *OFFLINE, f"--user-data-dir={profile}",
                               *args],
                              capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                              env={**os.environ, "HOME": profile})
        return proc.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def measure(markdown: str, width: int, workdir: Path) -> dict[str, Any]:
    path = workdir / f"measure-{width}.html"
    path.write_text(page(markdown, measure=True), encoding="utf-8")
    return _measured(path, width, 1000)


def _measured(path: Path, width: int, height: int) -> dict[str, Any]:
    """What the page's measuring script wrote into ``#lg-result``, laid out at ``width``."""
    dom = _chromium([f"--window-size={width},{height}", "--virtual-time-budget=2000",
                     "--dump-dom", path.as_uri()])
    m = re.search(r"<pre id=\"lg-result\"[^>]*>(.*?)</pre>", dom, re.S)
    assert m and m.group(1), f"no measurement from chromium: {dom[:300]!r}"
    result: dict[str, Any] = json.loads(html.unescape(m.group(1)))
    return result


def screenshot(markdown: str, width: int, png: Path, height: int = 2400) -> Path:
    html_path = png.with_suffix(".html")
    html_path.write_text(page(markdown, measure=False), encoding="utf-8")
    _chromium([f"--window-size={width},{height}", f"--screenshot={png}", html_path.as_uri()])
    assert png.exists() and png.stat().st_size > 1000, f"no screenshot at {png}"
    return png


def chromium(args: list[str], timeout: float = 60.0) -> str:
    """Chromium's stdout for ``args`` (headless, offline, a throwaway profile)."""
    return _chromium(args, timeout=timeout)


def measure_file(page_file: Path, width: int, script: str) -> dict[str, Any]:
    """A saved page (the handover pack) laid out at ``width``: a copy whose CSP also lets
    ``script`` run; the script writes its JSON result into ``#lg-result``."""
    text = page_file.read_text(encoding="utf-8").replace(
        "default-src 'none';", "default-src 'none'; script-src 'unsafe-inline';"
    )
    probe = page_file.with_name(f"measure-{width}.html")
    # headless Chromium lays a page out at 500 px at the least: a narrower phone is a body of
    # that width (the phone media queries already apply below 40rem)
    narrow = f"<style>body{{width:{width}px}}</style>" if width < HEADLESS_MIN_WIDTH else ""
    probe.write_text(
        text.replace("</body>", f"{narrow}<pre id=lg-result></pre><script>{script}</script>"
                     "</body>"),
        encoding="utf-8",
    )
    return _measured(probe, width, 900)
