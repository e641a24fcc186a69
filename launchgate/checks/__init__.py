"""The table of built-in checks: the one place that lists them (no entry points, no package scanning)."""

from __future__ import annotations

from launchgate.checks.env import EnvCheck
from launchgate.checks.migrations import MigrationsCheck
from launchgate.checks.probes import ProbesCheck
from launchgate.model import Check

ALL: tuple[Check, ...] = (EnvCheck(), MigrationsCheck(), ProbesCheck())
