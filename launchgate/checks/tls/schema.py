"""The ``tls`` config section: its JSON Schema fragment (the only place its defaults live) and the
typed Settings built from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from launchgate.check import settings_of

SCHEMA: dict[str, dict[str, Any]] = {
    "tls": {
        "type": "object", "additionalProperties": False,
        "description": "Certificates and protocol versions served by targets.hosts (check id "
        "`tls`).",
        "properties": {
            "min_days": {"type": "integer", "minimum": 1, "default": 14,
                         "description": "Report a certificate expiring within this many days."},
            "legacy_probe": {"type": "boolean", "default": True,
                             "description": "Try TLS 1.0 and 1.1 handshakes and report a server "
                             "that accepts them."},
        },
    },
}


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The ``tls`` section, typed; every default comes from SCHEMA."""

    min_days: int
    legacy_probe: bool

    @classmethod
    def of(cls, section: Mapping[str, Any]) -> Settings:
        return settings_of(cls, SCHEMA["tls"], section)
