"""HTTP as data: a response snapshot, a redirect chain, and the capped body read ``Net.fetch``
uses."""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from launchgate.net.settings import NetError

if TYPE_CHECKING:  # imported where a URL is parsed: the repository checks never need httpx
    import httpx


@dataclass(frozen=True, kw_only=True)
class HttpSnapshot:
    """A response as the checks need it: status, headers (all values), a capped body, timing."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    truncated: bool
    elapsed_s: float
    http_version: str = "HTTP/1.1"

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def header_all(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    def text(self, limit: int | None = None) -> str:
        body = self.body if limit is None else self.body[:limit]
        return body.decode("utf-8", "replace")

    def redirect_target(self) -> str | None:
        """The absolute URL a 3xx response points to (Location resolved against this URL), else
        None."""
        if self.status not in REDIRECT_STATUSES:
            return None
        loc = self.header("location")
        if not loc:
            return None
        import httpx

        try:
            return str(httpx.URL(self.url).join(loc.strip()))
        except (httpx.InvalidURL, ValueError):
            return None


REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, kw_only=True)
class RedirectChain:
    """Every response met while following redirects from ``start``; ``hops[-1]`` is where it ended.

    ``stopped``: None (ended on a non-redirect), ``loop`` (``cycle`` holds the URLs), ``max-hops``,
    ``offsite`` (``next_url`` was not fetched) or ``error`` (``error`` says why; ``next_url`` is the
    URL that failed).
    """

    start: str
    hops: tuple[HttpSnapshot, ...]
    stopped: str | None = None
    next_url: str | None = None
    cycle: tuple[str, ...] = ()
    error: NetError | None = None

    @property
    def final(self) -> HttpSnapshot | None:
        return self.hops[-1] if self.hops else None

    def urls(self) -> list[str]:
        """The URLs visited, plus the one it stopped before (offsite, loop, error)."""
        out = [h.url for h in self.hops]
        if self.next_url and self.stopped in ("offsite", "loop",
                                              "error") and self.next_url not in out[-1:]:
            out.append(self.next_url)
        return out


async def read_capped(resp: httpx.Response, cap: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.aiter_raw():
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            return b"".join(chunks)[:cap], True
    return b"".join(chunks), False


def is_tls_error(exc: BaseException) -> bool:
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e,
                      ssl.SSLError) or "SSL" in type(e).__name__ or "certificate" in str(e).lower():
            return True
        e = e.__cause__ or e.__context__
    return False


def hosts_of(urls: Sequence[str]) -> list[str]:
    import httpx

    return sorted({httpx.URL(u).host for u in urls})
