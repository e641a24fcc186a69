"""The ``email`` config section: its JSON Schema fragment (the only place its defaults live) and the
typed Settings built from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from launchgate.check import settings_of

SCHEMA: dict[str, dict[str, Any]] = {
    "email": {
        "type": "object",
        "additionalProperties": False,
        "description": "Email authentication of a domain: MX, SPF, DKIM, DMARC (check id `email`).",
        "properties": {
            "enabled": {
                "type": "boolean",
                "default": True,
                "description": "Check MX, SPF, DKIM and DMARC.",
            },
            "domain": {"type": "string", "description": "Mail domain; defaults to targets.domain."},
            "from_domain": {
                "type": "string",
                "description": "Domain in the From header (default: domain).",
            },
            "envelope_domain": {
                "type": "string",
                "description": "Return-Path (SPF) domain your mail goes out with "
                "(default: domain).",
            },
            "dkim_domain": {
                "type": "string",
                "description": "DKIM d= domain your mail is signed with (default: domain).",
            },
            "dkim_selectors": {
                "type": "array",
                "items": {"type": "string"},
                "default": [],
                "description": "DKIM selectors to look up at <selector>._domainkey.<domain>.",
            },
            "senders": {
                "type": "array",
                "items": {"type": "string"},
                "default": [],
                "description": "SPF terms every sending service needs, e.g. "
                "include:_spf.google.com.",
            },
            "receives_mail": {
                "type": "boolean",
                "default": True,
                "description": "Require MX records.",
            },
            "lifetime_s": {
                "type": "number",
                "default": 5,
                "exclusiveMinimum": 0,
                "maximum": 60,
                "description": "Total time allowed for one DNS query, retries included.",
            },
        },
    },
}


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The ``email`` section, typed; every default comes from SCHEMA (the optional domains default
    to None)."""

    enabled: bool
    domain: str | None
    from_domain: str | None
    envelope_domain: str | None
    dkim_domain: str | None
    dkim_selectors: tuple[str, ...]
    senders: tuple[str, ...]
    receives_mail: bool
    lifetime_s: float

    @classmethod
    def of(cls, section: Mapping[str, Any]) -> Settings:
        return settings_of(cls, SCHEMA["email"], section)
