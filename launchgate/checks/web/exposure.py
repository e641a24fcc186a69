"""Exposure rules: sensitive files judged by content, unprotected admin routes, leaky error pages.

A 200 is not a leak by itself: single-page apps answer every path with their index page. Each
sensitive path has a content judge (an .env must look like KEY=value lines, .git/config like a git
config, ...), and any answer identical to the site's answer for a path that cannot exist (the
"baseline") is never a finding.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from launchgate.checks.web import rules as R
from launchgate.checks.web.headers import is_html
from launchgate.model import Finding, Location, Severity
from launchgate.net import HttpSnapshot
from launchgate.redact import mask, public

NOT_FOUND_PATH = "/launchgate-not-found-7c1e9a"  # cannot exist: its answer is the SPA/404 baseline

_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=(.*)$", re.MULTILINE)
_SQL = re.compile(r"CREATE TABLE|INSERT INTO|PostgreSQL database dump|MySQL dump|-- Dump",
                  re.IGNORECASE)
_SECRET_KEY = re.compile(r"secret|password|passwd|token|api[_-]?key|private[_-]?key|credential|dsn",
                         re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """Why a response is a leak: a short description and redacted evidence."""

    what: str
    evidence: str = ""
    severity: Severity | None = None


def _not_html(snap: HttpSnapshot) -> bool:
    head = snap.body.lstrip()[:64].lower()
    return not is_html(snap) and not head.startswith((b"<!doctype", b"<html", b"<head", b"<body"))


def judge_env(snap: HttpSnapshot) -> Verdict | None:
    if not _not_html(snap):
        return None
    names = [m.group(1) for m in _ENV_LINE.finditer(snap.text(65536))]
    if not names:
        return None
    return Verdict(what=f"an environment file with {len(names)} variable(s)",
                   evidence="names: " + ", ".join(sorted(set(names))[:12]))


def judge_git_config(snap: HttpSnapshot) -> Verdict | None:
    text = snap.text(65536)
    if _not_html(snap) and "[core]" in text:
        urls = re.findall(r"url\s*=\s*(\S+)", text)
        return Verdict(what="the git repository config", evidence=f"remote: {mask(urls[0])}" if urls
                       else "")
    return None


def judge_git_head(snap: HttpSnapshot) -> Verdict | None:
    text = snap.text(512).strip()
    if _not_html(snap) and (text.startswith("ref: refs/") or re.fullmatch(r"[0-9a-f]{40}", text)):
        return Verdict(what="git metadata (.git/HEAD): the repository can be downloaded")
    return None


def judge_ds_store(snap: HttpSnapshot) -> Verdict | None:
    if snap.body[:8] == b"\x00\x00\x00\x01Bud1":
        return Verdict(what="a macOS .DS_Store listing the directory's files",
                       severity=Severity.MEDIUM)
    return None


def judge_status(snap: HttpSnapshot) -> Verdict | None:
    text = snap.text(65536)
    if "Apache Server Status" in text or re.search(r"^Active connections:\s*\d+", text,
                                                   re.MULTILINE):
        return Verdict(what="a server status page", severity=Severity.MEDIUM)
    return None


def judge_sql(snap: HttpSnapshot) -> Verdict | None:
    if _not_html(snap) and _SQL.search(snap.text(65536)):
        return Verdict(what="a database dump")
    return None


def _secret_keys(data: Any, path: str = "", depth: int = 0) -> list[str]:
    if depth > 8:
        return []
    found: list[str] = []
    if isinstance(data, dict):
        for k, v in data.items():
            here = f"{path}.{k}" if path else str(k)
            if isinstance(v, str) and v and _SECRET_KEY.search(str(k)):
                found.append(here)
            found += _secret_keys(v, here, depth + 1)
    elif isinstance(data, list):
        for i, v in enumerate(data[:50]):
            found += _secret_keys(v, f"{path}[{i}]", depth + 1)
    return found


def judge_json_config(snap: HttpSnapshot) -> Verdict | None:
    try:
        data = json.loads(snap.text())
    except ValueError:
        return None
    keys = _secret_keys(data)
    if keys:
        return Verdict(what="a JSON config with credentials",
                       evidence="keys: " + ", ".join(keys[:8]))
    return None


def judge_source_map(snap: HttpSnapshot) -> Verdict | None:
    try:
        data = json.loads(snap.text())
    except ValueError:
        return None
    if isinstance(data, dict) and "mappings" in data and "sources" in data:
        n = len(data.get("sources") or [])
        return Verdict(what=f"a production source map ({n} source files)", severity=Severity.MEDIUM)
    return None


def judge_any(snap: HttpSnapshot) -> Verdict | None:
    return Verdict(what="a configured sensitive path")


SENSITIVE: tuple[tuple[str, Callable[[HttpSnapshot], Verdict | None]], ...] = (
    ("/.env", judge_env), ("/.env.production", judge_env), ("/.git/config", judge_git_config),
    ("/.git/HEAD", judge_git_head), ("/.DS_Store", judge_ds_store),
    ("/server-status", judge_status),
    ("/nginx_status", judge_status), ("/backup.sql", judge_sql), ("/dump.sql", judge_sql),
    ("/config.json", judge_json_config),
)


def same_as_baseline(snap: HttpSnapshot, baseline: HttpSnapshot | None) -> bool:
    """The answer is the site's catch-all (SPA index or custom 404) rather than the file asked
    for."""
    if baseline is None or baseline.status != snap.status:
        return False
    if snap.body == baseline.body:
        return True
    title = re.compile(rb"<title>(.*?)</title>", re.I | re.S)
    a, b = title.search(snap.body[:65536]), title.search(baseline.body[:65536])
    return bool(a and b and a.group(1) == b.group(1)
                and abs(len(snap.body) - len(baseline.body)) < 512)


def evaluate_sensitive(snap: HttpSnapshot, judge: Callable[[HttpSnapshot], Verdict | None],
                       baseline: HttpSnapshot | None) -> list[Finding]:
    if snap.status != 200 or same_as_baseline(snap, baseline) or not snap.body:
        return []
    verdict = judge(snap)
    if verdict is None:
        return []
    return [Finding.of(R.SENSITIVE_FILE_EXPOSED, f"{snap.url} serves {verdict.what}",
                       Location(url=snap.url),
                       evidence=public(verdict.evidence) if verdict.evidence else None,
                       severity=verdict.severity)]


_LOGIN = re.compile(rb"type=[\"']?password|sign[ -]?in|log[ -]?in", re.IGNORECASE)


def evaluate_admin(snap: HttpSnapshot, baseline: HttpSnapshot | None) -> list[Finding]:
    """An admin route answering 2xx with content that is neither a login form nor the SPA
    fallback."""
    if not (200 <= snap.status < 300) or same_as_baseline(snap, baseline):
        return []
    if _LOGIN.search(snap.body[:262144]):
        return []
    return [Finding.of(R.ADMIN_UNPROTECTED, f"{snap.url} answers {snap.status} without "
                       "credentials and shows no login form", Location(url=snap.url))]


_LEAKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a Python traceback", re.compile(r"Traceback \(most recent call last\)")),
    ("the Django debug page",
     re.compile(r"You're seeing this error because you have <code>DEBUG " r"= True")),
    ("the Werkzeug debugger", re.compile(r"Werkzeug Debugger|The debugger caught an exception")),
    ("a Rails exception page", re.compile(r"Action Controller: Exception caught|Rails\.root:")),
    ("a Laravel/Whoops debug page", re.compile(r"Whoops(?:!| - ) There was an error|Ignition")),
    ("a PHP error",
     re.compile(r"(?:Fatal error|Parse error|Warning)</b>?:.{0,200} on line "
                r"<b>?\d+|Stack trace:\s*#0")),
    ("a Java stack trace",
     re.compile(r"\bat " r"(?:[a-z][\w$]*\.)+[A-Z][\w$]*\.[\w$<>]+\([\w$]+\.java:\d+\)")),
    ("an ASP.NET error page", re.compile(r"Server Error in '/' Application|\[[A-Za-z]+Exception:")),
    ("a Node.js stack trace",
     re.compile(r"\bat (?:[\w$.<>]+ " r")?\(?/[\w./-]+\.(?:js|ts|mjs|cjs):\d+:\d+\)?")),
    ("an internal file path",
     re.compile(r"(?:/home/\w+|/var/www|/usr/src/app|/srv/\w+|C:\\inetpub)/[\w./-]+")),
)


def evaluate_error_page(snap: HttpSnapshot) -> list[Finding]:
    text = snap.text(262144)
    for what, pattern in _LEAKS:
        m = pattern.search(text)
        if m:
            snippet = m.group(0)[:120]
            return [Finding.of(R.ERROR_PAGE_LEAK, f"{snap.url} (HTTP {snap.status}) shows {what}",
                               Location(url=snap.url), evidence=public(snippet), key=(what,))]
    return []
