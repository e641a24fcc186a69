"""Header rules: HSTS, CSP and framing, nosniff, Referrer-Policy, cookies, version leaks, caching,
CORS.

Pure functions of ``HttpSnapshot``s. Deprecated headers (X-XSS-Protection, Expect-CT) are
deliberately ignored.
"""

from __future__ import annotations

import re

from launchgate.checks.web import rules as R
from launchgate.model import Finding, Location, Severity
from launchgate.net import HttpSnapshot

_SESSIONISH = re.compile(r"sess|sid|auth|token|login|remember|jwt|csrf|xsrf", re.IGNORECASE)
_VERSION = re.compile(r"\d+\.\d+")
_FINGERPRINTED = re.compile(
    r"[.\-_][0-9a-f]{8,}[.\-_]|[.\-_][0-9A-Za-z_-]{8,}\.(?:js|css|woff2?|png|svg|jpg|webp)$"
)
YEAR_S = 365 * 86400


def _loc(snap: HttpSnapshot) -> Location:
    return Location(url=snap.url)


def is_html(snap: HttpSnapshot) -> bool:
    ctype = (snap.header("content-type") or "").lower()
    return "html" in ctype or (
        not ctype and snap.body.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))
    )


def directives(policy: str) -> dict[str, list[str]]:
    """CSP text -> {directive: [sources]} (first occurrence wins, as browsers do)."""
    out: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out.setdefault(words[0].lower(), [w.lower() for w in words[1:]])
    return out


def evaluate_hsts(snap: HttpSnapshot, *, min_age_days: int) -> list[Finding]:
    if not snap.url.startswith("https://"):
        return []
    value = snap.header("strict-transport-security")
    if value is None:
        return [Finding.of(R.HSTS_MISSING, f"{snap.url} (HTTP {snap.status}) sends no "
                           "Strict-Transport-Security",
                           _loc(snap))]
    d = {k.strip().lower(): v.strip().strip('"') for k, _,
         v in (p.partition("=") for p in value.split(";"))}
    try:
        age = int(d.get("max-age", ""))
    except ValueError:
        age = -1
    notes = [n for n in ("includesubdomains", "preload") if n in d]
    extra = f" ({', '.join(notes)})" if notes else " (no includeSubDomains, no preload)"
    if age < min_age_days * 86400:
        shown = "missing or invalid max-age" if age < 0 else f"max-age={age} ({age // 86400} days)"
        return [Finding.of(R.HSTS_WEAK, f"{snap.url}: HSTS {shown}, minimum {min_age_days} "
                           f"days{extra}", _loc(snap))]
    return []


def evaluate_page(snap: HttpSnapshot) -> list[Finding]:
    """CSP, framing, nosniff and Referrer-Policy for an HTML page."""
    if not (200 <= snap.status < 300) or not is_html(snap):
        return []
    where = _loc(snap)
    out: list[Finding] = []
    csp_values = snap.header_all("content-security-policy") + meta_csp(snap)
    csp = {k: v for value in csp_values for k, v in directives(value).items()}
    if not csp_values:
        ro = " (only Content-Security-Policy-Report-Only, which enforces nothing)" \
            if snap.header("content-security-policy-report-only") else ""
        out.append(Finding.of(R.CSP_MISSING, f"{snap.url} has no Content-Security-Policy{ro}",
                              where))
    else:
        name = "script-src" if "script-src" in csp else "default-src"
        sources = csp.get(name, [])
        keyed = any(s.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")) for s in sources)
        if "'unsafe-inline'" in sources and not keyed:
            out.append(Finding.of(R.CSP_UNSAFE_INLINE, f"{snap.url}: {name} allows "
                                  "'unsafe-inline' without a nonce or hash", where))
    xfo = (snap.header("x-frame-options") or "").strip().upper()
    if "frame-ancestors" not in csp and xfo not in ("DENY", "SAMEORIGIN"):
        out.append(Finding.of(R.FRAMING_UNPROTECTED, f"{snap.url} has neither CSP frame-ancestors "
                              "nor X-Frame-Options", where))
    if (snap.header("x-content-type-options") or "").strip().lower() != "nosniff":
        out.append(Finding.of(R.NOSNIFF_MISSING, f"{snap.url} lacks X-Content-Type-Options: "
                              "nosniff", where))
    if snap.header("referrer-policy") is None and not re.search(rb"<meta[^>]+name=[\"']?referrer",
                                                                snap.body, re.I):
        out.append(Finding.of(R.REFERRER_POLICY_MISSING, f"{snap.url} sends no Referrer-Policy",
                              where))
    return out


def meta_csp(snap: HttpSnapshot) -> list[str]:
    found = []
    for tag in re.findall(rb"<meta[^>]+>", snap.body[:65536], re.I):
        if re.search(rb"http-equiv=[\"']?content-security-policy[\"' ]", tag, re.I):
            m = re.search(rb"content=\"([^\"]*)\"|content='([^']*)'", tag, re.I)
            if m:
                found.append((m.group(1) or m.group(2)).decode("utf-8", "replace"))
    return found


def evaluate_disclosure(snap: HttpSnapshot) -> list[Finding]:
    leaks = []
    server = snap.header("server")
    if server and _VERSION.search(server):
        leaks.append(f"Server: {server}")
    for name in ("x-powered-by", "x-aspnet-version", "x-aspnetmvc-version"):
        value = snap.header(name)
        if value:
            leaks.append(f"{name.title()}: {value}")
    if not leaks:
        return []
    return [Finding.of(R.VERSION_DISCLOSURE, f"{snap.url} discloses " + "; ".join(leaks),
                       _loc(snap),
                       key=tuple(sorted(leaks)))]


def evaluate_cookies(snap: HttpSnapshot) -> list[Finding]:
    out: list[Finding] = []
    for raw in snap.header_all("set-cookie"):
        name, _, rest = raw.partition("=")
        attrs = {a.strip().split("=", 1)[0].lower(): a.strip() for a in rest.split(";")[1:]}
        missing = []
        if "secure" not in attrs:
            missing.append("Secure")
        if "httponly" not in attrs and _SESSIONISH.search(name):
            missing.append("HttpOnly")
        samesite = attrs.get("samesite", "").split("=", 1)[-1].strip().lower()
        if "samesite" not in attrs:
            missing.append("SameSite")
        elif samesite == "none" and "secure" not in attrs:
            missing.append("Secure (required with SameSite=None)")
        if missing and ("Secure" in missing or "HttpOnly" in missing):
            out.append(Finding.of(R.COOKIE_INSECURE, f"cookie {name.strip()} from {snap.url} lacks "
                                                     + ", ".join(missing), _loc(snap),
                                                     key=(name.strip(),)))
        elif missing:
            out.append(Finding.of(R.COOKIE_INSECURE, f"cookie {name.strip()} from {snap.url} lacks "
                                                     + ", ".join(missing), _loc(snap),
                                                     key=(name.strip(),),
                                  severity=Severity.LOW))
    return out


def cache_directives(snap: HttpSnapshot) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in snap.header_all("cache-control"):
        for part in value.split(","):
            k, _, v = part.strip().partition("=")
            if k:
                out.setdefault(k.lower(), v.strip().strip('"'))
    return out


def _int(v: str | None) -> int:
    try:
        return int(v or "")
    except ValueError:
        return 0


def evaluate_cache(snap: HttpSnapshot, kind: str) -> list[Finding]:
    """Caching rules for a route of ``kind`` (authenticated/admin/webhook: private; static:
    long-lived)."""
    cc = cache_directives(snap)
    where = _loc(snap)
    shared = "public" in cc or _int(cc.get("s-maxage")) > 0
    if kind in ("authenticated", "admin", "webhook"):
        if shared and "no-store" not in cc and "private" not in cc:
            return [Finding.of(R.PRIVATE_PAGE_CACHEABLE, f"{kind} route {snap.url} (HTTP "
                               f"{snap.status}) sends Cache-Control: "
                               f"{snap.header('cache-control')}", where)]
        ok2xx = 200 <= snap.status < 300
        if ok2xx and kind != "webhook" and not ({"private", "no-store"} & cc.keys()):
            shown = snap.header("cache-control") or "no Cache-Control"
            return [Finding.of(R.PRIVATE_PAGE_CACHEABLE, f"{kind} route {snap.url} answers 200 "
                               f"with {shown} (neither private nor " "no-store)", where,
                               severity=Severity.MEDIUM)]
        if kind == "webhook" and _int(cc.get("max-age")) > 0 and "no-store" not in cc:
            return [Finding.of(R.PRIVATE_PAGE_CACHEABLE, f"webhook route {snap.url} is cacheable "
                               "(Cache-Control: " f"{snap.header('cache-control')})", where)]
        return []
    if kind == "static" and 200 <= snap.status < 300:
        age = _int(cc.get("max-age") or cc.get("s-maxage"))
        if "no-store" in cc or age < 86400:
            shown = snap.header("cache-control") or "no Cache-Control"
            return [Finding.of(R.STATIC_NOT_CACHED, f"static asset {snap.url} has {shown} (under "
                               "a day)", where)]
        path = snap.url.split("?", 1)[0]
        if _FINGERPRINTED.search(path) and (age < YEAR_S // 2 or "immutable" not in cc):
            return [Finding.of(R.STATIC_NOT_CACHED, f"fingerprinted asset {snap.url} has "
                               "Cache-Control: " f"{snap.header('cache-control')} (want a long "
                               "max-age and immutable)", where, key=("fingerprinted",))]
    return []


def evaluate_cors(snap: HttpSnapshot, origin: str) -> list[Finding]:
    """``snap`` answered a request carrying ``Origin: origin`` (a foreign origin the site cannot
    know)."""
    acao = (snap.header("access-control-allow-origin") or "").strip()
    creds = (snap.header("access-control-allow-credentials") or "").strip().lower() == "true"
    if not creds:
        return []
    if acao == "*":
        return [Finding.of(R.CORS_WILDCARD_CREDENTIALS, f"{snap.url} answers "
                           "Access-Control-Allow-Origin: * with "
                           "Access-Control-Allow-Credentials: true", _loc(snap))]
    if acao.lower() == origin.lower() or acao == "null":
        return [Finding.of(R.CORS_REFLECTED_ORIGIN, f"{snap.url} echoes the foreign Origin {acao} "
                           "with Access-Control-Allow-Credentials: true", _loc(snap))]
    return []
