"""Mixed content: ``http://`` subresources of HTTPS pages, found with a real HTML parser.

The page is parsed with selectolax's Lexbor engine (the WHATWG HTML parsing algorithm, as browsers
do it: unclosed tags, attributes without quotes and markup inside ``<script>`` strings land where a
browser puts them, and ``<template>`` content is inert). URLs resolve against the page URL and any
``<base href>``; inline scripts are searched for ``fetch``/XHR/WebSocket/EventSource URLs and
inline CSS for ``@import`` and ``url()``. Pure: a snapshot in, findings out; ``judge_pages`` reports
each subresource once across every page the check fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from launchgate.checks.web import rules as R
from launchgate.checks.web.headers import directives, is_html, meta_csp
from launchgate.model import Finding, Location, Severity
from launchgate.net import HttpSnapshot

PARSE_CAP = 512 * 1024  # bytes of a page parsed (the gatherer's body cap is smaller still)
MAX_PER_PAGE = 50       # subresources reported per page at most
# Tree building is quadratic in nesting depth (52,000 nested <div>s: 6 s); Blink's parser nests no
# deeper than 512 either, so a page is parsed up to the first tag that would nest deeper.
MAX_DEPTH = 512
_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9-]{0,40})")
_UNNESTED = frozenset({  # void elements and those whose end tag may be left out: never counted
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
    b"source", b"track", b"wbr", b"param", b"p", b"li", b"dt", b"dd", b"option", b"optgroup",
    b"tr", b"td", b"th", b"thead", b"tbody", b"tfoot", b"colgroup", b"caption", b"rp", b"rt",
    b"html", b"head", b"body"})

# (CSS selector, attribute, active?): what a browser fetches while rendering the page
_ELEMENTS: tuple[tuple[str, str, bool], ...] = (
    ("script[src]", "src", True), ("iframe[src]", "src", True), ("frame[src]", "src", True),
    ("link[href]", "href", True), ("form[action]", "action", True), ("object[data]", "data", True),
    ("embed[src]", "src", True), ("button[formaction]", "formaction", True),
    ("input[formaction]", "formaction", True),
    ("img[src]", "src", False), ("img[srcset]", "srcset", False), ("audio[src]", "src", False),
    ("video[src]", "src", False), ("video[poster]", "poster", False), ("source[src]", "src", False),
    ("source[srcset]", "srcset", False), ("track[src]", "src", False), ("input[src]", "src", False),
)
# link rel values the browser loads as active content (icons are passive; the rest are not loaded)
_ACTIVE_LINKS = frozenset({"stylesheet", "preload", "modulepreload", "prefetch", "import",
                           "manifest"})
_PASSIVE_LINKS = frozenset({"icon", "apple-touch-icon", "shortcut"})
_SCRIPT_URL = re.compile(
    r"""(?:\bfetch|\bnew\s+(?:WebSocket|EventSource)|\.open\s*\(\s*["'`][A-Za-z]+["'`]\s*,|"""
    r"""\baxios(?:\.\w+)?|\$\.(?:get|post|ajax|getJSON))\s*\(?\s*"""
    r"""["'`]((?:https?|wss?)://[^"'`\s]+)""")
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?((?:https?|wss?)://[^"')\s;]+)""", re.I)
_CSS_URL = re.compile(r"""url\(\s*["']?((?:https?|wss?)://[^"')\s]+)""", re.I)
_TRUSTWORTHY = re.compile(r"^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$")  # browsers exempt these


@dataclass(frozen=True, kw_only=True)
class Subresource:
    """One plain-HTTP subresource of a page: its URL, the element that loads it, and whether it
    is active content."""

    url: str
    element: str
    active: bool


def bounded_html(body: bytes) -> bytes:
    """``body`` cut at PARSE_CAP and before the first tag nested deeper than MAX_DEPTH."""
    body = body[:PARSE_CAP]
    depth = 0
    for m in _TAG.finditer(body):
        if m.group(2).lower() in _UNNESTED:
            continue
        if m.group(1):
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > MAX_DEPTH:
            return body[:m.start()]
    return body


def _insecure(url: str) -> bool:
    u = urlsplit(url)
    return u.scheme in ("http", "ws") and not _TRUSTWORTHY.match(u.hostname or "")


def _link_kind(node: LexborNode) -> bool | None:
    """Active (True), passive (False) or not loaded (None) for a ``<link>``."""
    rels = set((node.attributes.get("rel") or "").lower().split())
    if rels & _ACTIVE_LINKS:
        return True
    return False if rels & _PASSIVE_LINKS else None


def _urls(attr: str, value: str) -> list[str]:
    if attr != "srcset":
        return [value.strip()]
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _element_refs(doc: LexborHTMLParser) -> Iterator[tuple[str, str, bool]]:
    """(element as shown, raw URL, active) for every URL-bearing element."""
    for selector, attr, active in _ELEMENTS:
        for node in doc.css(selector):
            kind: bool | None = active
            shown = f"<{node.tag} {attr}>"
            if node.tag == "link":
                kind = _link_kind(node)
                shown = f"<link rel={(node.attributes.get('rel') or '').strip().lower()}>"
            if kind is None:
                continue
            for raw in _urls(attr, node.attributes.get(attr) or ""):
                if raw:
                    yield shown, raw, kind


def subresources(page: HttpSnapshot) -> list[Subresource]:
    """The page's plain-HTTP subresources, in document order per kind, each URL once."""
    doc = LexborHTMLParser(bounded_html(page.body))
    base = page.url
    base_node = doc.css_first("base[href]")
    if base_node is not None:
        base = urljoin(page.url, (base_node.attributes.get("href") or "").strip())
    secure = base.lower().startswith("https:")  # then only an absolute http:/ws: URL is insecure
    found: dict[str, Subresource] = {}
    for shown, raw, active in _element_refs(doc):
        if secure and not raw.lower().startswith(("http:", "ws:")):
            continue
        url = urljoin(base, raw)
        if _insecure(url) and url not in found:
            found[url] = Subresource(url=url, element=shown, active=active)
            if len(found) >= MAX_PER_PAGE:
                return list(found.values())
    for url, shown, active in _inline_refs(doc):
        if _insecure(url) and url not in found:
            found[url] = Subresource(url=url, element=shown, active=active)
    return list(found.values())[:MAX_PER_PAGE]


def _inline_refs(doc: LexborHTMLParser) -> Iterator[tuple[str, str, bool]]:
    """Absolute URLs requested from inline scripts (active), CSS @import (active) and CSS url()
    in <style> elements and style attributes (images: passive)."""
    for node in doc.css("script"):
        if node.attributes.get("src") is None:
            for m in _SCRIPT_URL.finditer(node.text(deep=True) or ""):
                yield m.group(1), "inline <script> request", True
    css = [(n.text(deep=True) or "", "<style>") for n in doc.css("style")]
    css += [(n.attributes.get("style") or "", f"<{n.tag} style>") for n in doc.css("[style]")]
    for text, where in css:
        imports = [m.group(1) for m in _CSS_IMPORT.finditer(text)]
        for url in imports:
            yield url, f"{where} @import", True
        for m in _CSS_URL.finditer(text):
            if m.group(1) not in imports:
                yield m.group(1), f"{where} url()", False


def upgrades(snap: HttpSnapshot) -> bool:
    """The page's CSP (header or meta) says ``upgrade-insecure-requests``: browsers fetch its
    http:// subresources over HTTPS, so none of them is mixed content."""
    values = snap.header_all("content-security-policy") + meta_csp(snap)
    return any("upgrade-insecure-requests" in directives(v) for v in values)


def judged_page(snap: HttpSnapshot) -> bool:
    """Pages the rule looks at: HTML answered over HTTPS with a 2xx, not upgrading requests."""
    ok = snap.url.startswith("https://") and 200 <= snap.status < 300 and is_html(snap)
    return ok and not upgrades(snap)


def judge_pages(pages: Iterable[HttpSnapshot]) -> list[Finding]:
    """One finding per plain-HTTP subresource, on the first page that loads it (the others are
    counted)."""
    first: dict[str, tuple[HttpSnapshot, Subresource]] = {}
    seen_on: dict[str, set[str]] = {}
    for page in pages:
        if not judged_page(page):
            continue
        for sub in subresources(page):
            first.setdefault(sub.url, (page, sub))
            seen_on.setdefault(sub.url, set()).add(page.url)
    out: list[Finding] = []
    for url, (page, sub) in first.items():
        kind = "active" if sub.active else "passive"
        others = len(seen_on[url]) - 1
        also = f" (and on {others} other page{'s' if others != 1 else ''})" if others else ""
        out.append(Finding.of(R.MIXED_CONTENT, f"{page.url} loads {url} over plain HTTP ({kind}, "
                                               f"{sub.element}){also}", Location(url=page.url),
                              key=(url,), severity=None if sub.active else Severity.MEDIUM))
    return out
