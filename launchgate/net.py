"""The one place that opens network connections: httpx clients and DNS resolvers with deadlines and caps.

Every HTTP call goes through ``Net.fetch`` (a total deadline via ``asyncio.timeout`` — httpx has none of its
own — and a body cap); ``targets.resolve`` entries (``host:port:address``, like curl --resolve) and
``targets.ports`` redirect connections without changing the Host header or the TLS server name, which is what
lets a new stack be checked before DNS points at it, and what makes the live checks testable on loopback.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dns.asyncresolver
import httpx

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_BODY = 1024 * 1024
USER_AGENT = "launchgate (+https://github.com/launchgate/launchgate)"


class NetError(Exception):
    """A network failure turned into one line: ``kind`` is timeout|connect|tls|dns|protocol|too-large."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, kw_only=True)
class NetSettings:
    """From ``targets``: where to connect, whom to trust, how long to wait."""

    resolve: Mapping[tuple[str, int], str] = field(default_factory=dict)  # (host, port) -> address
    nameservers: tuple[tuple[str, int], ...] = ()
    ca_bundle: Path | None = None
    ports: Mapping[str, int] = field(default_factory=lambda: {"http": 80, "https": 443})
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_body: int = DEFAULT_MAX_BODY

    @classmethod
    def from_targets(cls, targets: Mapping[str, Any], base_dir: Path) -> NetSettings:
        resolve: dict[tuple[str, int], str] = {}
        for entry in targets.get("resolve", []):
            host, port, addr = parse_resolve(entry)
            resolve[(host.lower(), port)] = addr
        ns = tuple(parse_hostport(s, 53) for s in targets.get("nameservers", []))
        ca = targets.get("ca_bundle")
        ports = {"http": 80, "https": 443, **targets.get("ports", {})}
        return cls(resolve=resolve, nameservers=ns, ca_bundle=(base_dir / ca) if ca else None, ports=ports,
                   timeout_s=float(targets.get("timeout_s", DEFAULT_TIMEOUT_S)))


def parse_resolve(entry: str) -> tuple[str, int, str]:
    """``host:port:address`` (address may be ``[::1]``) -> (host, port, address)."""
    host, port, addr = entry.split(":", 2)
    return host, int(port), addr.strip("[]")


def parse_hostport(text: str, default_port: int) -> tuple[str, int]:
    """``127.0.0.1:5353``, ``[::1]:53``, ``192.0.2.1`` -> (address, port)."""
    if text.startswith("["):
        addr, _, rest = text[1:].partition("]")
        return addr, int(rest.lstrip(":") or default_port)
    if text.count(":") == 1:
        addr, port = text.split(":")
        return addr, int(port)
    return text, default_port


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


class Net:
    """Factory for clients and resolvers sharing one NetSettings."""

    def __init__(self, settings: NetSettings | None = None) -> None:
        self.settings = settings or NetSettings()

    # -- HTTP --------------------------------------------------------------------------------------------
    def ssl_context(self, verify: bool = True) -> ssl.SSLContext:
        if not verify:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            return ctx
        ctx = ssl.create_default_context()
        if self.settings.ca_bundle is not None:
            ctx.load_verify_locations(cafile=str(self.settings.ca_bundle))
        return ctx

    def client(self, *, verify: bool = True, cookies: bool = False, max_connections: int = 20) -> httpx.AsyncClient:
        """An AsyncClient that never follows redirects by itself (checks follow them to report each hop)."""
        return httpx.AsyncClient(
            verify=self.ssl_context(verify),
            follow_redirects=False,
            timeout=httpx.Timeout(self.settings.timeout_s),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            headers={"User-Agent": USER_AGENT},
            cookies=None if cookies else httpx.Cookies(),
            trust_env=False,
        )

    def route(self, url: str) -> tuple[httpx.URL, dict[str, str], dict[str, Any]]:
        """Where to really connect for ``url``: (connect URL, extra headers, request extensions).

        Applies ``ports`` (a default port of the scheme becomes the configured one) and ``resolve`` (the
        address replaces the host; Host header and SNI keep the name).
        """
        u = httpx.URL(url)
        host = u.host
        port = u.port or self.settings.ports.get(u.scheme, 443 if u.scheme == "https" else 80)
        if u.port is None and u.scheme in self.settings.ports:
            port = self.settings.ports[u.scheme]
        addr = self.settings.resolve.get((host.lower(), port))
        headers: dict[str, str] = {}
        ext: dict[str, Any] = {}
        target = u
        if addr is not None or port != (u.port or {"http": 80, "https": 443}.get(u.scheme)):
            target = u.copy_with(host=addr or host, port=port)
            default = {"http": 80, "https": 443}.get(u.scheme)
            headers["Host"] = host if (u.port or default) == default else f"{host}:{u.port or default}"
            if u.scheme == "https":
                ext["sni_hostname"] = host
        return target, headers, ext

    async def fetch(
        self,
        client: httpx.AsyncClient,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        deadline_s: float | None = None,
        max_body: int | None = None,
    ) -> HttpSnapshot:
        """One request with a total deadline and a body cap; failures become NetError with a kind."""
        target, extra_headers, ext = self.route(url)
        all_headers = {**extra_headers, **(headers or {})}
        cap = self.settings.max_body if max_body is None else max_body
        started = time.perf_counter()
        try:
            async with asyncio.timeout(deadline_s or self.settings.timeout_s):
                req = client.build_request(method, target, headers=all_headers, content=content, json=json,
                                           data=data, extensions=ext)
                resp = await client.send(req, stream=True)
                try:
                    body, truncated = await _read_capped(resp, cap)
                finally:
                    await resp.aclose()
        except TimeoutError:
            raise NetError("timeout", f"{method} {url}: no complete answer within "
                                      f"{deadline_s or self.settings.timeout_s:g} s") from None
        except httpx.ConnectError as exc:
            kind = "tls" if _is_tls_error(exc) else "connect"
            raise NetError(kind, f"{method} {url}: {_reason(exc)}") from None
        except httpx.TimeoutException:
            raise NetError("timeout", f"{method} {url}: timed out") from None
        except (httpx.HTTPError, ssl.SSLError, OSError) as exc:
            raise NetError("protocol", f"{method} {url}: {_reason(exc)}") from None
        return HttpSnapshot(url=url, status=resp.status_code, headers=tuple(resp.headers.multi_items()), body=body,
                            truncated=truncated, elapsed_s=time.perf_counter() - started,
                            http_version=resp.http_version)

    # -- DNS ---------------------------------------------------------------------------------------------
    def resolver(self, lifetime_s: float = 5.0) -> dns.asyncresolver.Resolver:
        """A resolver asking ``targets.nameservers`` when configured, else the system's; bounded lifetime."""
        if self.settings.nameservers:
            r = dns.asyncresolver.Resolver(configure=False)
            r.nameservers = [a for a, _ in self.settings.nameservers]
            ports = {p for _, p in self.settings.nameservers}
            r.port = ports.pop() if len(ports) == 1 else 53
        else:
            r = dns.asyncresolver.Resolver()
        r.lifetime = lifetime_s
        r.timeout = min(2.0, lifetime_s)
        return r


async def _read_capped(resp: httpx.Response, cap: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.aiter_raw():
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            return b"".join(chunks)[:cap], True
    return b"".join(chunks), False


def _is_tls_error(exc: BaseException) -> bool:
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, ssl.SSLError) or "SSL" in type(e).__name__ or "certificate" in str(e).lower():
            return True
        e = e.__cause__ or e.__context__
    return False


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def hosts_of(urls: Sequence[str]) -> list[str]:
    return sorted({httpx.URL(u).host for u in urls})
