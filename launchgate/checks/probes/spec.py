"""Config sections -> typed probe specs: request lines, durations, percentages, variables, hard
ceilings.

The config layer has validated the shapes against the schema; this module turns strings such as
``"POST /api/login"``, ``"300ms"`` and ``"1%"`` into values, applies the read/write defaults and
clamps every load setting to the hard ceilings (whatever the config says).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol
from urllib.parse import urlencode, urlsplit

HARD_MAX_REQUESTS = 20_000       # per run, over all latency endpoints, warm-up included
HARD_MAX_SECONDS = 300.0         # per run, over all latency endpoints
HARD_MAX_BURST = 200             # per rate-limit entry
HARD_MAX_RATE = 5_000.0          # requests/s, open model
HARD_MAX_CONCURRENCY = 256
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PERCENTILES = {"p50": 0.50, "p90": 0.90, "p95": 0.95, "p99": 0.99, "max": 1.0}

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$")
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")

Inconclusive = Literal["pass", "fail", "inconclusive"]


class SpecError(ValueError):
    """A config value this module cannot use; the message starts with the key path."""


def parse_duration_ms(value: Any, where: str) -> float:
    """``300ms``, ``1.5s``, ``2m`` or a bare number (milliseconds) -> milliseconds."""
    if isinstance(value, bool):
        raise SpecError(f"{where}: {value!r} is not a duration (e.g. 300ms, 1.5s)")
    if isinstance(value, (int, float)):
        ms = float(value)
    else:
        m = _DURATION.match(str(value))
        if m is None:
            raise SpecError(f"{where}: {value!r} is not a duration (e.g. 300ms, 1.5s)")
        ms = float(m.group(1)) * {"ms": 1.0, "s": 1000.0, "m": 60_000.0}[m.group(2)]
    if ms <= 0:
        raise SpecError(f"{where}: {value!r} must be more than 0")
    return ms


def parse_percent(value: Any, where: str) -> float:
    """``1%`` or a fraction ``0.01`` -> 0.01."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    m = _PERCENT.match(str(value)) if isinstance(value, str) else None
    if m is None or float(m.group(1)) > 100:
        raise SpecError(f"{where}: {value!r} is not a percentage (e.g. 1% or 0.01)")
    return float(m.group(1)) / 100


def parse_request(line: str, where: str) -> tuple[str, str]:
    """``"POST /login"`` -> ("POST", "/login"); a bare path or URL means GET."""
    parts = line.split(None, 1)
    if len(parts) == 2 and parts[0].upper() in METHODS:
        method, target = parts[0].upper(), parts[1].strip()
    elif len(parts) == 1:
        method, target = "GET", parts[0]
    else:
        raise SpecError(f"{where}: {line!r} is not 'METHOD /path' (methods: {', '.join(METHODS)})")
    if not (target.startswith("/") or target.startswith(("http://", "https://"))):
        raise SpecError(f"{where}: {target!r} must be a path starting with / or an http(s) URL")
    return method, target


@dataclass(frozen=True, kw_only=True)
class RequestSpec:
    """One HTTP request as configured; strings may hold ``${VAR}`` until ``Vars.expand`` runs."""

    method: str
    target: str
    headers: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    json: Any = None
    form: Mapping[str, str] | None = None
    body: str | None = None

    @property
    def line(self) -> str:
        return f"{self.method} {self.target}"


class RequestFields(Protocol):
    """The request keys of a typed entry (``schema.RequestEntry``)."""

    @property
    def headers(self) -> Mapping[str, str] | None: ...
    @property
    def query(self) -> Mapping[str, Any] | None: ...
    @property
    def json(self) -> Any: ...
    @property
    def form(self) -> Mapping[str, str] | None: ...
    @property
    def body(self) -> str | None: ...


def request_of(entry: RequestFields, line: str, where: str) -> RequestSpec:
    """The request of a typed entry; ``line`` is its 'METHOD /path' (``where`` names it in
    errors). Headers and query left out are empty."""
    method, target = parse_request(line, where)
    return RequestSpec(method=method, target=target, headers=dict(entry.headers or {}),
                       query=dict(entry.query or {}), json=entry.json, form=entry.form,
                       body=entry.body)


def resolve_url(base: str, target: str, query: Mapping[str, Any], allowed_hosts: frozenset[str],
                where: str) -> str:
    """An absolute URL on a configured host: relative targets join ``targets.canonical``."""
    url = target if target.startswith(("http://", "https://")) else base.rstrip("/") + target
    host = (urlsplit(url).hostname or "").lower()
    if host not in allowed_hosts:
        raise SpecError(f"{where}: {host or url!r} is not a configured target host "
                        "(targets.canonical / targets.hosts); probes only go to configured "
                        "targets")
    if query:
        url += ("&" if "?" in url else "?") + urlencode({k: str(v) for k, v in query.items()})
    return url


class Vars:
    """``${NAME}`` / ``${NAME:-default}`` from flow captures, then the process environment, then
    built-ins.

    Every value taken from the environment is remembered as a secret (``secrets``), so outputs can
    scrub it; captured values of 8+ characters (tokens, session ids) are treated the same way.
    """

    def __init__(self, env: Mapping[str, str], builtins: Mapping[str, str]) -> None:
        self.env, self.builtins = env, builtins
        self.captures: dict[str, str] = {}
        self.secrets: set[str] = set()
        self.missing: list[str] = []

    def capture(self, name: str, value: str) -> None:
        self.captures[name] = value
        if len(value) >= 8:
            self.secrets.add(value)

    def _one(self, m: re.Match[str]) -> str:
        name, default = m.group(1), m.group(2)
        if name in self.captures:
            return self.captures[name]
        if name in self.env:
            value = self.env[name]
            if name not in self.builtins:  # RUN_ID from the environment is an id, not a secret
                self.secrets.add(value)
            return value
        if name in self.builtins:
            return self.builtins[name]
        if default is not None:
            return default
        self.missing.append(name)
        return m.group(0)

    def expand(self, value: Any) -> Any:
        """Expand variables in every string of ``value`` (dicts and lists recursively)."""
        if isinstance(value, str):
            return _VAR.sub(self._one, value)
        if isinstance(value, Mapping):
            return {k: self.expand(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.expand(v) for v in value]
        return value

    def expand_request(self, req: RequestSpec) -> RequestSpec:
        return RequestSpec(method=req.method, target=self.expand(req.target),
                           headers=self.expand(dict(req.headers)),
                           query=self.expand(dict(req.query)), json=self.expand(req.json),
                           form=self.expand(req.form) if req.form is not None else None,
                           body=self.expand(req.body) if req.body is not None else None)


def statuses(value: Any, default: tuple[int, ...]) -> tuple[int, ...]:
    if value is None:
        return default
    return tuple(int(v) for v in value) if isinstance(value, list | tuple) else (int(value),)
