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


def _chromium(args: list[str], *, timeout: float = 60.0) -> str:
    profile = tempfile.mkdtemp(prefix="lg-chromium-")
    try:
        proc = subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                              env={**os.environ, "HOME": profile})
        return proc.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def measure(markdown: str, width: int, workdir: Path) -> dict[str, Any]:
    path = workdir / f"measure-{width}.html"
    path.write_text(page(markdown, measure=True), encoding="utf-8")
    dom = _chromium([f"--window-size={width},1000", "--virtual-time-budget=2000", "--dump-dom",
                     path.as_uri()])
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
