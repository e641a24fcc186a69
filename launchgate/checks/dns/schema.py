"""The ``dns`` config section: its JSON Schema fragment (the only place its defaults live) and the
typed Settings built from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from launchgate.check import settings_of

SCHEMA: dict[str, dict[str, Any]] = {
    "dns": {
        "type": "object",
        "additionalProperties": False,
        "description": "DNS records of targets.domain and targets.hosts (check id `dns`).",
        "properties": {
            "check_www": {
                "type": "boolean",
                "default": True,
                "description": "Require both the apex (targets.domain) and www.<domain> "
                "to resolve.",
            },
            "require_caa": {
                "type": "boolean",
                "default": True,
                "description": "Report a domain without CAA.",
            },
            "caa_identities": {
                "type": "object",
                "default": {},
                "additionalProperties": {"type": "string"},
                "description": 'Extra CA names -> CAA domain, e.g. {"My Corp CA": '
                '"ca.example.com"}; a name is matched (case-insensitive '
                "substring) against the issuer's O and CN.",
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
    """The ``dns`` section, typed; every default comes from SCHEMA."""

    check_www: bool
    require_caa: bool
    caa_identities: Mapping[str, str]
    lifetime_s: float

    @classmethod
    def of(cls, section: Mapping[str, Any]) -> Settings:
        return settings_of(cls, SCHEMA["dns"], section)
