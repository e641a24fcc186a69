"""The one place that opens network connections: httpx clients and DNS resolvers with deadlines and
caps.

Every HTTP call goes through ``Net.fetch`` (a total deadline via ``asyncio.timeout`` — httpx has
none of its own — and a body cap); ``targets.resolve`` entries (``host:port:address``, like curl
--resolve) and ``targets.ports`` redirect connections without changing the Host header or the TLS
server name, which is what lets a new stack be checked before DNS points at it, and what makes the
live checks testable on loopback.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import ssl
import time
import warnings
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from launchgate.net.dns import DnsAnswer, rcode_of, rdata_text
from launchgate.net.http import HttpSnapshot, RedirectChain, is_tls_error, read_capped
from launchgate.net.settings import USER_AGENT, NetError, NetSettings, first_line
from launchgate.net.tls import TlsSnapshot, peer_chain

# httpx and dnspython are imported by the first request or lookup, not with this module: a run of
# the repository checks alone (a pre-commit hook) never pays for them
if TYPE_CHECKING:
    import dns.asyncresolver
    import httpx


class Net:
    """Factory for clients and resolvers sharing one NetSettings."""

    def __init__(self, settings: NetSettings | None = None) -> None:
        self.settings = settings or NetSettings()
        self._located: dict[str, str] = {}
        self._anchors: tuple[bytes, ...] | None = None
        self._contexts: dict[bool, ssl.SSLContext] = {}

    # -- HTTP
    # --------------------------------------------------------------------------------------------
    def ssl_context(self, verify: bool = True, *, check_hostname: bool = True) -> ssl.SSLContext:
        """A client context. Verifying ones load the trust store once and are shared (they are not
        mutated); non-verifying ones are fresh and cheap (callers may restrict their versions and
        ciphers)."""
        if not verify:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            return ctx
        cached = self._contexts.get(check_hostname)
        if cached is not None:
            return cached
        ctx = ssl.create_default_context()
        ctx.check_hostname = check_hostname
        if self.settings.ca_bundle is not None:
            ctx.load_verify_locations(cafile=str(self.settings.ca_bundle))
        self._contexts[check_hostname] = ctx
        return ctx

    def client(self, *, verify: bool = True, cookies: bool = False,
               max_connections: int = 20) -> httpx.AsyncClient:
        """An AsyncClient that never follows redirects by itself (checks follow them to report each
        hop)."""
        import httpx

        return httpx.AsyncClient(
            verify=self.ssl_context(verify),
            follow_redirects=False,
            timeout=httpx.Timeout(self.settings.timeout_s),
            limits=httpx.Limits(max_connections=max_connections,
                                max_keepalive_connections=max_connections),
            headers={"User-Agent": USER_AGENT},
            cookies=None if cookies else httpx.Cookies(),
            trust_env=False,
        )

    def route(self, url: str, *, address: str | None = None) -> tuple[httpx.URL, dict[str, str],
                                                                      dict[str, Any]]:
        """Where to really connect for ``url``: (connect URL, extra headers, request extensions).

        Applies ``ports`` (a default port of the scheme becomes the configured one) and ``resolve``
        (the address replaces the host; Host header and SNI keep the name). ``address`` is an
        address already looked up (``route_async`` passes the one from ``targets.nameservers``).
        """
        import httpx

        u = httpx.URL(url)
        host = u.host
        port = u.port or self.settings.ports.get(u.scheme, 443 if u.scheme == "https" else 80)
        if u.port is None and u.scheme in self.settings.ports:
            port = self.settings.ports[u.scheme]
        addr = self.settings.resolve.get((host.lower(), port)) or address
        headers: dict[str, str] = {}
        ext: dict[str, Any] = {}
        target = u
        if addr is not None or port != (u.port or {"http": 80, "https": 443}.get(u.scheme)):
            target = u.copy_with(host=addr or host, port=port)
            default = {"http": 80, "https": 443}.get(u.scheme)
            headers["Host"] = host if (u.port
                                       or default) == default else f"{host}:{u.port or default}"
            if u.scheme == "https":
                ext["sni_hostname"] = host
        return target, headers, ext

    async def route_async(self, url: str) -> tuple[httpx.URL, dict[str, str], dict[str, Any]]:
        """``route`` plus a lookup through ``targets.nameservers`` when configured and no resolve
        entry applies."""
        import httpx

        u = httpx.URL(url)
        port = self.port_for(u.scheme, u.port)
        addr = await self.locate(u.host, port)
        return self.route(url, address=addr if addr != u.host else None)

    def port_for(self, scheme: str, explicit: int | None = None) -> int:
        """The port to connect to: an explicit one, else the configured port of the scheme."""
        if explicit is not None:
            return explicit
        return self.settings.ports.get(scheme, 443 if scheme == "https" else 80)

    async def locate(self, host: str, port: int) -> str:
        """The address to connect to for ``host:port``: a resolve entry, else a nameservers lookup,
        else the name itself (left to the system resolver). A failed lookup raises NetError("dns",
        ...)."""
        addr = self.settings.resolve.get((host.lower(), port))
        if addr is not None:
            return addr
        if not self.settings.nameservers or _is_ip(host):
            return host
        cached = self._located.get(host.lower())
        if cached is not None:
            return cached
        for rdtype in ("A", "AAAA"):
            ans = await self.lookup(host, rdtype)
            if ans.status == "ok" and ans.records:
                self._located[host.lower()] = ans.records[0]
                return ans.records[0]
            if ans.status not in ("ok", "nodata"):
                raise NetError("dns", f"{host}: {ans.describe()}")
        raise NetError("dns", f"{host}: has no A or AAAA record")

    # httpx's request, keyword by keyword (headers, its three body forms, our deadline and cap): 9
    # arguments every caller spells out by keyword; waived here only
    async def fetch(  # noqa: PLR0913
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
        """One request with a total deadline and a body cap; failures become NetError with a
        kind."""
        import httpx

        target, extra_headers, ext = await self.route_async(url)
        all_headers = {**extra_headers, **(headers or {})}
        cap = self.settings.max_body if max_body is None else max_body
        started = time.perf_counter()
        try:
            async with asyncio.timeout(deadline_s or self.settings.timeout_s):
                req = client.build_request(method, target, headers=all_headers, content=content,
                                           json=json,
                                           data=data, extensions=ext)
                resp = await client.send(req, stream=True)
                try:
                    body, truncated = await read_capped(resp, cap)
                finally:
                    await resp.aclose()
        except TimeoutError:
            raise NetError("timeout", f"{method} {url}: no complete answer within "
                                      f"{deadline_s or self.settings.timeout_s:g} s") from None
        except httpx.ConnectError as exc:
            kind = "tls" if is_tls_error(exc) else "connect"
            raise NetError(kind, f"{method} {url}: {first_line(exc)}") from None
        except httpx.TimeoutException:
            raise NetError("timeout", f"{method} {url}: timed out") from None
        except (httpx.HTTPError, ssl.SSLError, OSError) as exc:
            raise NetError("protocol", f"{method} {url}: {first_line(exc)}") from None
        return HttpSnapshot(url=url, status=resp.status_code,
                            headers=tuple(resp.headers.multi_items()), body=body,
                            truncated=truncated, elapsed_s=time.perf_counter() - started,
                            http_version=resp.http_version)

    # -- DNS
    # ---------------------------------------------------------------------------------------------
    def resolver(self, lifetime_s: float = 5.0) -> dns.asyncresolver.Resolver:
        """A resolver asking ``targets.nameservers`` when configured, else the system's; bounded
        lifetime."""
        import dns.asyncresolver
        import dns.nameserver

        if self.settings.nameservers:
            r = dns.asyncresolver.Resolver(configure=False)
            # Do53Nameserver keeps each server's own port (a lab server on :5353 next to a real one
            # on :53)
            r.nameservers = [dns.nameserver.Do53Nameserver(a, p) for a,
                             p in self.settings.nameservers]
        else:
            r = dns.asyncresolver.Resolver()
        r.lifetime = lifetime_s
        r.timeout = min(2.0, lifetime_s)
        return r


    async def lookup(self, name: str, rdtype: str, *, lifetime_s: float | None = None) -> DnsAnswer:
        """One DNS query through ``resolver()``; every outcome (NXDOMAIN, SERVFAIL, REFUSED,
        timeout) is data.

        REFUSED is never read as "no record": it becomes status ``refused`` (a lookup failure).
        """
        import dns.exception
        import dns.rdatatype
        import dns.resolver

        res = self.resolver(lifetime_s or min(5.0, self.settings.timeout_s))
        try:
            ans = await res.resolve(name, rdtype, raise_on_no_answer=False, search=False)
        except dns.resolver.NXDOMAIN:
            return DnsAnswer(name=name, rdtype=rdtype, status="nxdomain")
        except dns.resolver.NoNameservers as exc:
            return DnsAnswer(name=name, rdtype=rdtype, status=rcode_of(exc), detail=first_line(exc))
        except dns.exception.Timeout:
            return DnsAnswer(name=name, rdtype=rdtype, status="timeout", detail="no answer within "
                             f"{res.lifetime:g} s")
        except dns.exception.DNSException as exc:
            return DnsAnswer(name=name, rdtype=rdtype, status="error", detail=first_line(exc))
        want = dns.rdatatype.from_text(rdtype)
        records: list[str] = []
        cnames: list[str] = []
        if ans.response is not None:
            for rrset in ans.response.answer:
                for rd in rrset:
                    if rrset.rdtype == want:
                        records.append(rdata_text(rd))
                    elif rrset.rdtype == dns.rdatatype.CNAME:
                        cnames.append(str(rd.target).rstrip(".").lower())
        return DnsAnswer(name=name, rdtype=rdtype, status="ok" if records else "nodata",
                         records=tuple(records),
                         cnames=tuple(cnames))

    # -- TLS
    # ---------------------------------------------------------------------------------------------
    async def tls_handshake(self, host: str, port: int | None = None, *,
                            deadline_s: float | None = None
                            ) -> TlsSnapshot:
        """Handshake with ``host`` (SNI = host) on the configured https port; never raises for TLS
        problems.

        First a verifying handshake (trust store + ``ca_bundle``, hostname not checked here: the TLS
        check judges every configured name against the SAN itself); on a verification error a
        second, non-verifying one collects the chain as sent. Connection failures raise NetError
        (dns/connect/timeout).
        """
        port = self.port_for("https", port)
        addr = await self.locate(host, port)
        deadline = deadline_s or self.settings.timeout_s
        verify_code: int | None = None
        verify_error: str | None = None
        try:
            info = await self._handshake(addr, port, host,
                                         self.ssl_context(verify=True, check_hostname=False),
                                         deadline)
        except ssl.SSLCertVerificationError as exc:
            verify_code, verify_error = exc.verify_code, exc.verify_message
            try:
                info = await self._handshake(addr, port, host, self.ssl_context(verify=False),
                                             deadline)
            except ssl.SSLError as exc2:
                return TlsSnapshot(host=host, port=port, address=addr, error=first_line(exc2))
        except ssl.SSLError as exc:
            return TlsSnapshot(host=host, port=port, address=addr, error=first_line(exc))
        chain, version, cipher = info
        return TlsSnapshot(host=host, port=port, address=addr, chain=chain, version=version,
                           cipher=cipher,
                           verify_code=verify_code, verify_error=verify_error)

    async def tls_accepts(self, host: str, version: ssl.TLSVersion, port: int | None = None, *,
                          deadline_s: float | None = None) -> bool | None:
        """Does the server complete a handshake at exactly ``version``? None: this client cannot
        offer it."""
        port = self.port_for("https", port)
        addr = await self.locate(host, port)
        try:
            ctx = self.ssl_context(verify=False)
            # OpenSSL 3 refuses TLS 1.0/1.1 at the default security level
            ctx.set_ciphers("ALL:@SECLEVEL=0")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # probing for them is the point
                ctx.minimum_version = version
                ctx.maximum_version = version
        except (ssl.SSLError, ValueError):
            return None
        try:
            await self._handshake(addr, port, host, ctx, deadline_s or self.settings.timeout_s)
        except ssl.SSLError as exc:
            if "NO_PROTOCOLS_AVAILABLE" in str(exc).upper() or "no protocols available" in str(exc):
                return None
            return False
        except NetError as exc:
            if exc.kind == "connect":  # a reset during the handshake is a refusal of that version
                return False
            raise
        return True

    async def _handshake(self, addr: str, port: int, server_name: str, ctx: ssl.SSLContext,
                         deadline: float
                         ) -> tuple[tuple[bytes, ...], str | None, str | None]:
        writer: asyncio.StreamWriter | None = None
        try:
            async with asyncio.timeout(deadline):
                _reader, writer = await asyncio.open_connection(addr, port, ssl=ctx,
                                                                server_hostname=server_name,
                                                                ssl_handshake_timeout=deadline)
                obj = writer.get_extra_info("ssl_object")
                chain = peer_chain(obj)
                cipher = obj.cipher() if obj is not None else None
                return (
                    chain,
                    (obj.version() if obj is not None else None),
                    (cipher[0] if cipher else None),
                )
        except TimeoutError:
            raise NetError(
                "timeout", f"TLS {server_name}:{port}: no handshake within {deadline:g} s"
            ) from None
        except ssl.SSLError:
            raise
        except (ConnectionError, OSError) as exc:
            raise NetError(
                "connect", f"TLS {server_name}:{port}: {first_line(exc) or type(exc).__name__}"
            ) from None
        finally:
            if writer is not None:
                writer.close()
                with contextlib.suppress(Exception):
                    async with asyncio.timeout(1.0):
                        await writer.wait_closed()

    def trust_anchors(self) -> tuple[bytes, ...]:
        """DER of the trust anchors a verifying handshake uses (system bundle file + ``ca_bundle``),
        cached."""
        if self._anchors is None:
            ctx = self.ssl_context(verify=True)
            self._anchors = tuple(ctx.get_ca_certs(binary_form=True))
        return self._anchors

    # -- redirects
    # ---------------------------------------------------------------------------------------
    async def follow(self, client: httpx.AsyncClient, url: str, *, allow: Callable[[str], bool],
                     max_hops: int = 10, headers: Mapping[str, str] | None = None,
                     deadline_s: float | None = None, max_body: int | None = None) -> RedirectChain:
        """GET ``url`` and follow redirects one hop at a time, recording every response.

        Stops on a loop (a URL seen before: the cycle is recorded), after ``max_hops``, at a hop to
        a host ``allow`` refuses (recorded, never fetched), or on a network error (recorded).
        """
        import httpx

        hops: list[HttpSnapshot] = []
        seen = [url]
        current = url
        for _ in range(max_hops + 1):
            try:
                snap = await self.fetch(client, "GET", current, headers=headers,
                                        deadline_s=deadline_s,
                                        max_body=max_body)
            except NetError as exc:
                return RedirectChain(start=url, hops=tuple(hops), stopped="error", error=exc,
                                     next_url=current)
            hops.append(snap)
            nxt = snap.redirect_target()
            if nxt is None:
                return RedirectChain(start=url, hops=tuple(hops))
            if nxt in seen:
                cycle = (*seen[seen.index(nxt):], nxt)
                return RedirectChain(start=url, hops=tuple(hops), stopped="loop", next_url=nxt,
                                     cycle=cycle)
            host = httpx.URL(nxt).host
            if not allow(host):
                return RedirectChain(start=url, hops=tuple(hops), stopped="offsite", next_url=nxt)
            seen.append(nxt)
            current = nxt
        return RedirectChain(start=url, hops=tuple(hops), stopped="max-hops", next_url=current)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
