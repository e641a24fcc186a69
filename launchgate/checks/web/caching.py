"""Caching by route kind: what a shared cache (a CDN, a proxy) or the browser may store and replay.

Pure functions of ``HttpSnapshot``s: responses that set cookies while shared-cacheable, write
routes answered cacheably, public routes without any cache headers, and private pages fetched with
a session (they must be ``private``/``no-store``, and say ``Vary`` when they differ from the
anonymous answer and may be reused).
"""

from __future__ import annotations

from launchgate.checks.web import rules as R
from launchgate.checks.web.headers import cache_directives
from launchgate.model import Finding, Location, Severity
from launchgate.net import HttpSnapshot


def _age(cc: dict[str, str], name: str) -> int:
    try:
        return int(cc.get(name) or "0")
    except ValueError:
        return 0


def shared_cacheable(snap: HttpSnapshot) -> bool:
    """A shared cache may store it: ``public``, ``s-maxage`` or ``max-age`` > 0, and neither
    ``private`` nor ``no-store``."""
    cc = cache_directives(snap)
    if "private" in cc or "no-store" in cc:
        return False
    return "public" in cc or _age(cc, "s-maxage") > 0 or _age(cc, "max-age") > 0


def reusable(snap: HttpSnapshot) -> bool:
    """Some cache (the browser's at least) may answer with it without asking the origin again."""
    cc = cache_directives(snap)
    if "no-store" in cc or "no-cache" in cc:
        return False
    return "public" in cc or _age(cc, "s-maxage") > 0 or _age(cc, "max-age") > 0


def _shown(snap: HttpSnapshot) -> str:
    cc = snap.header_all("cache-control")
    return f"Cache-Control: {', '.join(cc)}" if cc else "no Cache-Control"


def _cookie_names(snap: HttpSnapshot) -> list[str]:
    return sorted({raw.partition("=")[0].strip() for raw in snap.header_all("set-cookie")})


def evaluate_cookie_caching(snap: HttpSnapshot) -> list[Finding]:
    """``web.public-cache-sets-cookie`` on any response the check fetched."""
    names = _cookie_names(snap)
    if not names or not shared_cacheable(snap):
        return []
    msg = f"{snap.url} (HTTP {snap.status}) sets cookie {', '.join(names)} with {_shown(snap)}"
    return [Finding.of(R.PUBLIC_CACHE_SETS_COOKIE, msg, Location(url=snap.url), key=tuple(names))]


def evaluate_write(snap: HttpSnapshot, method: str) -> list[Finding]:
    """``web.write-cacheable``: the answer to a configured write request."""
    if not shared_cacheable(snap):
        return []
    msg = f"{method} {snap.url} (HTTP {snap.status}) is answered with {_shown(snap)}"
    return [Finding.of(R.WRITE_CACHEABLE, msg, Location(url=snap.url), key=(method,))]


def evaluate_public(snap: HttpSnapshot) -> list[Finding]:
    """``web.public-not-cacheable``: a 2xx public route with neither Cache-Control nor Expires."""
    if not (200 <= snap.status < 300) or snap.header("cache-control") is not None \
            or snap.header("expires") is not None:
        return []
    validators = [h for h in ("ETag", "Last-Modified") if snap.header(h) is not None]
    note = f"only {' and '.join(validators)}" if validators else "no validators either"
    msg = f"public route {snap.url} sends neither Cache-Control nor Expires ({note})"
    return [Finding.of(R.PUBLIC_NOT_CACHEABLE, msg, Location(url=snap.url))]


def _vary(snap: HttpSnapshot) -> set[str]:
    return {v.strip().lower() for value in snap.header_all("vary") for v in value.split(",")}


def evaluate_session_page(snap: HttpSnapshot, anonymous: HttpSnapshot | None, *, kind: str,
                          credential: str, flow: str) -> list[Finding]:
    """``web.private-page-cacheable`` on a private route fetched logged in (``credential``: the
    header the session sends, Cookie or Authorization). Judged only when the session got the page
    itself (a 2xx), not its login redirect."""
    if not (200 <= snap.status < 300):
        return []
    cc = cache_directives(snap)
    where = Location(url=snap.url)
    head = (f"{kind} route {snap.url}, logged in by smoke flow '{flow}', answers {snap.status} "
            f"with {_shown(snap)}")
    rule = R.PRIVATE_PAGE_CACHEABLE
    if shared_cacheable(snap):
        return [Finding.of(rule, f"{head}: a shared cache may store it", where)]
    if not ({"private", "no-store"} & cc.keys()):
        return [Finding.of(rule, f"{head} (neither private nor no-store)", where,
                           severity=Severity.MEDIUM)]
    varies = anonymous is None or anonymous.status != snap.status or anonymous.body != snap.body
    vary = _vary(snap)
    if varies and reusable(snap) and credential.lower() not in vary and "*" not in vary:
        msg = f"{head}: it differs from the anonymous answer but sends no Vary: {credential}"
        return [Finding.of(rule, msg, where, key=("vary",), severity=Severity.MEDIUM)]
    return []
