"""The ``web`` and ``routes`` config sections: their JSON Schema fragment (the only place their
defaults live) and the typed Settings built from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from launchgate.check import settings_of, with_defaults

ROUTE_KINDS = ("static", "public", "authenticated", "admin", "api", "write", "webhook")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# Webhook providers and how long each waits for an answer before it delivers the event again
# (Stripe and GitHub: about 10 s; Slack: 3 s). A webhook route is probed only when it names its
# provider.
Provider = Literal["stripe", "github", "slack", "generic"]
WEBHOOK_PROVIDERS: tuple[Provider, ...] = get_args(Provider)
PROVIDER_RETRY_TIMEOUT_S: Mapping[Provider, float] = {"stripe": 10.0, "github": 10.0, "slack": 3.0,
                                                      "generic": 10.0}
WEBHOOK_PROPERTIES: dict[str, Any] = {
    "provider": {"enum": list(WEBHOOK_PROVIDERS),
                 "description": "kind webhook: who sends the events. Set, the route gets the "
                                "provider's test event twice, unsigned and wrongly signed."},
    "signature_header": {"type": "string", "pattern": "^[A-Za-z0-9-]{1,64}$",
                         "description": "kind webhook, provider generic: the signature's header."},
    "retry_timeout_s": {"type": "number", "exclusiveMinimum": 0, "maximum": 60,
                        "description": "kind webhook: the provider's answer timeout (default: "
                                       "stripe, github and generic 10, slack 3)."},
}
WEBHOOK_GENERIC_NEEDS_HEADER: dict[str, Any] = {
    "if": {"properties": {"provider": {"const": "generic"}}, "required": ["provider"]},
    "then": {"required": ["signature_header"]},
}

SCHEMA: dict[str, dict[str, Any]] = {
    "web": {
        "type": "object", "additionalProperties": False,
        "description": "HTTP behaviour of targets.hosts: redirects, headers, caching, CORS, "
        "exposure (check id `web`).",
        "properties": {
            "max_chain": {"type": "integer", "minimum": 1, "default": 2,
                          "description": "Redirect hops allowed from http://host/ to the final "
                          "URL."},
            "max_hops": {"type": "integer", "minimum": 1, "maximum": 30, "default": 10,
                         "description": "Stop following a redirect chain after this many hops."},
            "allowed_redirect_domains": {
                "type": "array", "items": {"type": "string"}, "default": [],
                "description": "Domains outside targets.domain that redirects may go to (SSO, "
                "payment pages)."},
            "hsts_min_age_days": {"type": "integer", "minimum": 1, "default": 180,
                                  "description": "Minimum HSTS max-age, in days."},
            "exposure": {"type": "boolean", "default": True,
                         "description": "Probe well-known sensitive paths (/.env, /.git/config, "
                         "...)."},
            "extra_sensitive_paths": {
                "type": "array", "items": {"type": "string", "pattern": "^/"}, "default": [],
                "description": "More paths that must not be served (judged: a 200 that is not the "
                "SPA fallback)."},
            "concurrency": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10,
                            "description": "Requests in flight at once."},
            "max_route_requests": {
                "type": "integer", "minimum": 1, "maximum": 1000, "default": 100,
                "description": "Requests sent at most for routes, their session flows and "
                               "write probes; routes past it are not fetched (figure "
                               "web.routes_skipped)."},
        },
    },
    "routes": {
        "type": "array", "default": [],
        "description": "Route classes that drive caching, auth and CORS expectations (check id "
        "`web`).",
        "items": {
            "type": "object", "additionalProperties": False, "required": ["path", "kind"],
            "properties": {
                "path": {"type": "string", "pattern": "^/",
                         "description": "Path (a prefix for kind " "static)."},
                "kind": {"enum": list(ROUTE_KINDS),
                         "description": "static | public | authenticated | admin | api | write | "
                                        "webhook."},
                **WEBHOOK_PROPERTIES,
                "session": {"type": "string", "minLength": 1,
                            "description": "kinds authenticated, admin, write: name of a smoke "
                                           "flow run first; its cookies and the route's headers "
                                           "(with its captures) are sent."},
                "headers": {"type": "object", "additionalProperties": {"type": "string"},
                            "description": "Request headers (${VAR} from the environment and the "
                                           "session flow's captures)."},
                "method": {"enum": list(WRITE_METHODS), "default": "POST",
                           "description": "kind write: the method sent (write routes are sent only "
                                          "when listed here)."},
                "json": {"description": "kind write: the JSON body sent."},
                "body": {"type": "string", "maxLength": 65536,
                         "description": "kind write: the raw body sent (when json is not given)."},
            },
            "allOf": [WEBHOOK_GENERIC_NEEDS_HEADER],
        },
    },
}


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The ``web`` section, typed; every default comes from SCHEMA."""

    max_chain: int
    max_hops: int
    allowed_redirect_domains: tuple[str, ...]
    hsts_min_age_days: int
    exposure: bool
    extra_sensitive_paths: tuple[str, ...]
    concurrency: int
    max_route_requests: int

    @classmethod
    def of(cls, section: Mapping[str, Any]) -> Settings:
        return settings_of(cls, SCHEMA["web"], section)


@dataclass(frozen=True, kw_only=True)
class Route:
    """One entry of ``routes``: a path (a prefix for static) and the kind that sets its
    expectations; optionally a session flow and headers, for ``write`` the method and body, for
    ``webhook`` the provider and its signature header and retry timeout."""

    path: str
    kind: str
    session: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    method: str = "GET"
    json: Any = None
    body: str | None = None
    provider: Provider | None = None  # webhook routes only
    signature_header: str | None = None
    retry_timeout_s: float | None = None

    @property
    def retry_timeout(self) -> float:
        """The provider's answer timeout: the configured one, else the provider's default."""
        if self.retry_timeout_s is not None:
            return self.retry_timeout_s
        return PROVIDER_RETRY_TIMEOUT_S[self.provider or "generic"]


_ROUTE = SCHEMA["routes"]["items"]


def _route(entry: Mapping[str, Any]) -> Route:
    r = with_defaults(_ROUTE, entry)  # the write method's default (POST) is the schema's
    kind = str(r["kind"])
    method = str(r["method"]) if kind == "write" else "GET"
    timeout = r.get("retry_timeout_s")
    return Route(path=str(r["path"]), kind=kind, session=r.get("session"),
                 headers={str(k): str(v) for k, v in (r.get("headers") or {}).items()},
                 method=method, json=r.get("json"), body=r.get("body"),
                 provider=r.get("provider"), signature_header=r.get("signature_header"),
                 retry_timeout_s=float(timeout) if timeout is not None else None)


def routes_of(config: Mapping[str, Any]) -> tuple[Route, ...]:
    """The ``routes`` section (absent: the schema's default, no routes)."""
    return tuple(_route(r) for r in with_defaults({"properties": SCHEMA}, config)["routes"])
