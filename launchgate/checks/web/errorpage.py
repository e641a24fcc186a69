"""Internal identifiers on error pages: UUIDs, database ids, SQL, internal hosts, file paths and
framework debug banners.

Judged on error answers only (status 400 and above: the 404 probe, the malformed request,
configured routes that answer an error), on the text a visitor reads: for HTML the parsed page's
text (links and asset URLs in attributes are not the page talking about itself), for anything else
the body. A UUID labelled as a request, trace or correlation id is what a good error page shows for
support, and is not reported. A page that already shows a stack trace (``web.error-page-leak``) is
not reported twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from selectolax.lexbor import LexborHTMLParser

from launchgate.checks.web import rules as R
from launchgate.checks.web.headers import is_html
from launchgate.checks.web.mixed import bounded_html
from launchgate.model import Finding, Location
from launchgate.net import HttpSnapshot
from launchgate.redact import public

TEXT_CAP = 128 * 1024  # an error page shows its details near the top
_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\b",
                   re.I)
_SUPPORT_ID = re.compile(r"(?:request|trace|correlation|reference|incident|error|support|event|ray)"
                         r"[\s_-]*(?:id|#|no\.?|number)?\W{0,4}$", re.I)
_DB_ID = re.compile(
    r"\b(?:user|tenant|org|organi[sz]ation|account|customer|order|invoice|project|workspace|team)"
    r"(?:[_ -]?(?:id|pk|no\.?|#))?[\"']?\s*(?:[:=#]|\bis\b)\s*[\"']?(\d{1,19})\b|"
    r"\b(?:user|tenant|account|customer|order)_?id\s+(\d{1,19})\b", re.I)
_SQL = re.compile(
    r"\bSELECT\s+[\w*.,\s\"`]{1,120}?\s+FROM\s+[\"`]?\w+|\bINSERT\s+INTO\s+[\"`]?\w+|"
    r"\bUPDATE\s+[\"`]?\w+[\"`]?\s+SET\s|\bDELETE\s+FROM\s+[\"`]?\w+|SQLSTATE\[?\w*|"
    r"syntax error at or near|violates (?:unique|foreign key|not-null) constraint|"
    r"relation \"\w+\" does not exist|You have an error in your SQL syntax", re.I)
# host-like tokens are found by one linear scan and judged by their last label: a pattern with
# nested repetition here is quadratic on "a.a.a.a..." (7 s for 20 KB)
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{0,252}(?::\d{1,5})?")
_INTERNAL_TLDS = frozenset({"internal", "local", "localdomain", "corp", "lan", "intranet"})
_PRIVATE_IP = re.compile(r"10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|"
                         r"172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2}")
_PATH = re.compile(
    r"(?<![\w.:/-])(?:/[\w.@-]+){2,}\.(?:py|rb|php|js|mjs|cjs|ts|java|go|rs|cs|exs?|jar|so|conf|"
    r"ini|ya?ml|env|log|sqlite3?|db)\b|\b[A-Z]:\\(?:[\w .-]+\\)+[\w.-]+")
_BANNER = re.compile(
    r"Using the URLconf defined in|DEBUG\s*=\s*True|Whitelabel Error Page|Symfony\\Component|"
    r"APP_DEBUG|RoutingError|Phoenix\.Router\.NoRouteError|Debug mode: on|"
    r"Powered by (?:Express|Flask|Django|Laravel|Rails)")
_DEBUG_HEADERS = ("x-debug-token", "x-debug-token-link", "x-debug-exception")


def page_text(snap: HttpSnapshot) -> str:
    """What a visitor reads: an HTML page's text (scripts and styles out), else the body as text."""
    if not is_html(snap):
        return snap.text(TEXT_CAP)
    doc = LexborHTMLParser(bounded_html(snap.body[:TEXT_CAP]))
    doc.strip_tags(["script", "style", "template", "noscript"])
    return doc.text(separator=" ")


def _uuids(text: str) -> list[str]:
    out = []
    for m in _UUID.finditer(text):
        if not _SUPPORT_ID.search(text[max(0, m.start() - 40):m.start()]):
            out.append(m.group(0))
    return out


def internal_host(text: str) -> str | None:
    """The first internal host name (``*.internal``, ``*.svc.cluster.local``, ...) or private IPv4
    address, with its port, in ``text``."""
    for m in _TOKEN.finditer(text):
        name, colon, port = m.group(0).partition(":")
        name = name.rstrip(".-")
        labels = name.lower().split(".")
        if _PRIVATE_IP.fullmatch(name) or (len(labels) > 1 and labels[-1] in _INTERNAL_TLDS):
            return name + colon + port
    return None


def internal_ids(snap: HttpSnapshot) -> list[tuple[str, str]]:
    """(what, the matched text) for each kind of identifier the page shows, first match of each."""
    text = page_text(snap)
    found: list[tuple[str, str]] = []
    uuids = _uuids(text)
    if uuids:
        found.append(("a UUID", uuids[0]))
    for what, pattern in (("a database id", _DB_ID), ("SQL", _SQL)):
        m = pattern.search(text)
        if m:
            found.append((what, " ".join(m.group(0).split())[:80]))
    host = internal_host(text)
    if host:
        found.append(("an internal host", host))
    for what, pattern in (("a file path", _PATH), ("a framework debug banner", _BANNER)):
        m = pattern.search(text)
        if m:
            found.append((what, " ".join(m.group(0).split())[:80]))
    headers = [h for h in _DEBUG_HEADERS if snap.header(h) is not None]
    if headers:
        found.append(("a debug header", ", ".join(headers)))
    return found


def evaluate_internal_ids(snap: HttpSnapshot, already: Sequence[Finding] = ()) -> list[Finding]:
    """``web.error-page-internal-ids`` for an error answer (status >= 400) that is not already a
    stack-trace leak (``already``: the findings so far)."""
    if snap.status < 400:
        return []
    if any(f.rule is R.ERROR_PAGE_LEAK and f.location.url == snap.url for f in already):
        return []
    found = internal_ids(snap)
    if not found:
        return []
    whats = [w for w, _ in found]
    evidence = "; ".join(f"{w}: {t}" for w, t in found)
    msg = f"{snap.url} (HTTP {snap.status}) shows {', '.join(whats)}"
    return [Finding.of(R.ERROR_PAGE_INTERNAL_IDS, msg, Location(url=snap.url),
                       evidence=public(evidence))]
