"""The environment-variable check (`env.*` rules): schema per environment, dotenv hygiene, leaks."""

from __future__ import annotations

from launchgate.checks.env.check import EnvCheck

__all__ = ["EnvCheck"]
