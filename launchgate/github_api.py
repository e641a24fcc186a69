"""The small part of GitHub's REST API launchgate uses: one sticky pull-request comment, and the
monitor's one issue (``launchgate monitor``: opened when production fails, updated while it fails,
closed when it recovers).

Every request goes through ``net.Net.fetch`` (total deadline, body cap). 5xx answers and secondary
rate limits (403/429 with ``Retry-After`` or ``x-ratelimit-remaining: 0``) are retried with backoff;
any other 4xx raises ``ApiError`` at once, and the caller decides (a 403 on a fork's read-only token
is not the job's failure). ``GITHUB_API_URL`` (GitHub Enterprise Server) is honoured by the caller
passing ``api_url``.

The token goes only to the configured API origin (scheme, host and port): a pagination ``Link`` or
any other URL pointing elsewhere raises ``ApiError`` before a byte is sent, and redirects are not
followed with it. Only comments written by the token's own identity (``github-actions[bot]`` by
default) are taken for the sticky one: a marker comment someone else wrote is left alone and a new
comment is posted.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from launchgate.net import Net, NetError

if TYPE_CHECKING:  # annotations only: Net makes the clients, and imports httpx when it does
    import httpx

# the hidden first line that identifies launchgate's sticky comment
MARKER = "<!-- launchgate:comment -->"
ISSUE_MARKER = "<!-- launchgate:monitor -->"  # the hidden first line of the monitor's issue

API_VERSION = "2022-11-28"
PER_PAGE = 100
MAX_PAGES = 30  # 3,000 comments: far beyond any real pull request, and still a bounded loop
DEFAULT_AUTHOR = "github-actions[bot]"  # who writes comments with the job's GITHUB_TOKEN
MAX_BODY = 16 * 1024 * 1024  # a page of 100 comments of up to 65,536 characters each, JSON-escaped
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


class ApiError(Exception):
    """A GitHub API request that failed for good: ``status`` 0 means no HTTP answer (network)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, kw_only=True)
class Answer:
    status: int
    headers: dict[str, str]
    data: Any


@dataclass(frozen=True, kw_only=True)
class Retry:
    """How the client retries: attempts, exponential backoff capped at max_wait_s, each request's
    deadline."""

    attempts: int = 4
    backoff_s: float = 1.0
    max_wait_s: float = 20.0
    request_timeout_s: float = 15.0


class GitHubApi:
    """A REST client for one repository with retries; ``sleep`` is injectable so tests need not
    wait."""

    def __init__(self, api_url: str, repository: str, token: str, *, net: Net | None = None,
                 retry: Retry | None = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 author: str = DEFAULT_AUTHOR) -> None:
        self.base = api_url.rstrip("/")
        self.origin = origin(self.base)
        self.author = author
        self.repository = repository
        self._token = token
        self.net = net or Net()
        retry = retry or Retry()
        self.attempts = retry.attempts
        self.backoff_s = retry.backoff_s
        self.max_wait_s = retry.max_wait_s
        self.request_timeout_s = retry.request_timeout_s
        self.sleep = sleep

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}", "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": API_VERSION}

    async def request(self, client: httpx.AsyncClient, method: str, url: str,
                      body: Any = None) -> Answer:
        """One call with retries; ``url`` is absolute or a path under the API base."""
        if url.startswith("/"):
            url = self.base + url
        if origin(url) != self.origin:
            raise ApiError(0, f"{method} {_where(url)}: not the configured API origin "
                           f"{_where(self.base)}; the token is not sent there")
        last, last_status = "", 0
        for attempt in range(self.attempts):
            try:
                snap = await self.net.fetch(client, method, url, headers=self._headers(),
                                            json=body,
                                            deadline_s=self.request_timeout_s, max_body=MAX_BODY)
            except NetError as exc:
                last = str(exc)
                wait = float(self.backoff_s * 2**attempt)
            else:
                headers = {k.lower(): v for k, v in snap.headers}
                if snap.truncated:
                    raise ApiError(snap.status, f"{method} {url}: answer larger than {MAX_BODY} "
                                   "bytes")
                data = _json(snap.body)
                if 200 <= snap.status < 300:
                    return Answer(status=snap.status, headers=headers, data=data)
                last, last_status = (
                    f"{method} {url}: HTTP {snap.status} {_message(data)}".rstrip(),
                    snap.status,
                )
                retry = self._retry_wait(snap.status, headers, attempt, _message(data))
                if retry is None:
                    raise ApiError(snap.status, last)
                wait = retry
            if attempt + 1 < self.attempts:
                await self.sleep(min(wait, self.max_wait_s))
        raise ApiError(last_status, f"{last} (gave up after {self.attempts} attempts)")

    def _retry_wait(self, status: int, headers: dict[str, str], attempt: int,
                    message: str = "") -> float | None:
        """Seconds to wait before retrying, or None when the answer is final (a plain 403 is
        final)."""
        retry_after = headers.get("retry-after")
        limited = headers.get("x-ratelimit-remaining") == "0"
        secondary = "secondary rate limit" in message.lower()
        if status >= 500 or status == 429 or (status == 403
                                              and (retry_after is not None or limited
                                                   or secondary)):
            if retry_after is not None and retry_after.strip().isdigit():
                return float(retry_after)
            reset = headers.get("x-ratelimit-reset", "")
            if limited and reset.isdigit():
                return max(float(reset) - time.time(), 0.0)
            return float(self.backoff_s * 2**attempt)
        return None

    async def redirect(self, client: httpx.AsyncClient, path: str) -> str:
        """The ``Location`` of a 302 the API answers ``GET path`` with (an artefact's download URL).
        The token goes to the API only: the caller fetches the Location, which points at storage
        elsewhere, without it."""
        url = self.base + path
        try:
            snap = await self.net.fetch(client, "GET", url, headers=self._headers(),
                                        deadline_s=self.request_timeout_s, max_body=64 * 1024)
        except NetError as exc:
            raise ApiError(0, str(exc)) from None
        location = dict((k.lower(), v) for k, v in snap.headers).get("location", "")
        if snap.status != 302 or not location:
            why = _message(_json(snap.body))
            raise ApiError(snap.status, f"GET {_where(url)}: HTTP {snap.status} {why}".rstrip())
        return location

    def ours(self, comment: Any, marker: str = MARKER) -> bool:
        """A comment launchgate wrote: its body *starts* with the marker (a quote has "> " first)
        and its author is the token's identity (anyone can paste the marker; editing their comment
        would be a hijack or a 403)."""
        if not isinstance(comment, dict) or not str(comment.get("body") or "").startswith(marker):
            return False
        user = comment.get("user")
        return isinstance(user, dict) and user.get("login") == self.author

    async def find_comment(self, client: httpx.AsyncClient, number: int) -> dict[str, Any] | None:
        """launchgate's earlier comment on the pull request: the oldest one ``ours`` accepts."""
        url: str | None = (
            f"/repos/{self.repository}/issues/{number}/comments?per_page={PER_PAGE}&page=1"
        )
        for _ in range(MAX_PAGES):
            if url is None:
                return None
            ans = await self.request(client, "GET", url)
            if not isinstance(ans.data, list):
                raise ApiError(ans.status, f"GET {url}: expected a list of comments")
            for c in ans.data:
                if self.ours(c):
                    return dict(c)
            url = _next_link(ans.headers.get("link", ""))
        return None

    async def upsert_comment(self, number: int, body: str, *, create: bool = True) -> str:
        """Update the marked comment in place, else create it (when ``create``). Returns what was
        done."""
        async with self.net.client() as client:
            found = await self.find_comment(client, number)
            if found is not None:
                await self.request(client, "PATCH",
                                   f"/repos/{self.repository}/issues/comments/{found['id']}",
                                   {"body": body})
                return "updated"
            if not create:
                return "none"
            await self.request(client, "POST", f"/repos/{self.repository}/issues/{number}/comments",
                               {"body": body})
            return "created"

    async def find_issue(self, client: httpx.AsyncClient) -> dict[str, Any] | None:
        """The monitor's open issue: the oldest open one ``ours`` accepts (pull requests, which
        the list also returns, are skipped)."""
        url: str | None = (f"/repos/{self.repository}/issues?state=open"
                           f"&creator={quote(self.author)}"
                           f"&sort=created&direction=asc&per_page={PER_PAGE}&page=1")
        for _ in range(MAX_PAGES):
            if url is None:
                return None
            ans = await self.request(client, "GET", url)
            if not isinstance(ans.data, list):
                raise ApiError(ans.status, f"GET {_where(url)}: expected a list of issues")
            for issue in ans.data:
                if self.ours(issue, ISSUE_MARKER) and "pull_request" not in issue:
                    return dict(issue)
            url = _next_link(ans.headers.get("link", ""))
        return None

    async def create_issue(self, client: httpx.AsyncClient, title: str, body: str,
                           labels: tuple[str, ...] = ()) -> int:
        payload: dict[str, Any] = {"title": title, "body": body}
        if labels:
            payload["labels"] = list(labels)
        ans = await self.request(client, "POST", f"/repos/{self.repository}/issues", payload)
        return _number(ans)

    async def update_issue(self, client: httpx.AsyncClient, number: int, **fields: Any) -> None:
        await self.request(client, "PATCH", f"/repos/{self.repository}/issues/{number}", fields)

    async def comment_issue(self, client: httpx.AsyncClient, number: int, body: str) -> None:
        await self.request(client, "POST", f"/repos/{self.repository}/issues/{number}/comments",
                           {"body": body})


def _number(ans: Answer) -> int:
    number = ans.data.get("number") if isinstance(ans.data, dict) else None
    if not isinstance(number, int):
        raise ApiError(ans.status, "POST issues: the answer has no issue number")
    return number


def _json(body: bytes) -> Any:
    try:
        return json.loads(body) if body else None
    except ValueError:
        return None


def _message(data: Any) -> str:
    return str(data.get("message", "")) if isinstance(data, dict) else ""


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port filled in: the unit a token is scoped
    to."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ("", url, None)
    scheme = parts.scheme.lower()
    return (scheme, (parts.hostname or "").lower(), port or {"https": 443, "http": 80}.get(scheme))


def _where(url: str) -> str:
    """A URL for a message: scheme, host and path only (no credentials, no query)."""
    scheme, host, port = origin(url)
    return f"{scheme}://{host}:{port}{urlsplit(url).path}" if scheme else "an unparsable URL"


def _next_link(link: str) -> str | None:
    m = _NEXT.search(link)
    return m.group(1) if m else None
