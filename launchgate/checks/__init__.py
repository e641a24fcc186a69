"""The table of built-in checks: the one place that lists them (no entry points, no package
scanning)."""

from __future__ import annotations

from launchgate.check import Check
from launchgate.checks.ai import AiCheck
from launchgate.checks.dns import DnsCheck
from launchgate.checks.email import EmailCheck
from launchgate.checks.env import EnvCheck
from launchgate.checks.migrations import MigrationsCheck
from launchgate.checks.probes import ProbesCheck
from launchgate.checks.secrets import SecretsCheck
from launchgate.checks.tls import TlsCheck
from launchgate.checks.web import WebCheck

ALL: tuple[Check, ...] = (
    EnvCheck(),
    SecretsCheck(),
    MigrationsCheck(),
    DnsCheck(),
    EmailCheck(),
    TlsCheck(),
    WebCheck(),
    ProbesCheck(),
    AiCheck(),
)
