"""Small checks for testing the frame (runner, CLI, reporters) apart from the real checks."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from launchgate.check import CheckError, Context, Skip
from launchgate.model import Finding, Location, Phase, Rule, Severity

RULE_HIGH = Rule(id="fake.high-problem", title="A high problem", severity=Severity.HIGH,
                 why="Because tests need one.", fix="Fix the fake.")
RULE_LOW = Rule(id="fake.low-problem", title="A low problem", severity=Severity.LOW,
                why="Because tests need one.", fix="Fix the low fake.")


class FindingCheck:
    id: ClassVar[str] = "fake"
    phase: ClassVar[Phase] = Phase.PRE
    rules: ClassVar[tuple[Rule, ...]] = (RULE_HIGH, RULE_LOW)
    schema: ClassVar[dict[str, Any]] = {"fake": {"type": "object", "additionalProperties": False,
                                                 "properties": {
        "level": {"type": "integer", "minimum": 1, "default": 3}}}}
    timeout_s: ClassVar[float] = 5.0
    exclusive: ClassVar[bool] = False

    def __init__(self, findings: list[tuple[Rule, str, int | None]] | None = None) -> None:
        self.findings = findings if findings is not None else [(RULE_HIGH, "app.py", 2),
                                                               (RULE_LOW, "app.py", 5)]

    async def run(self, ctx: Context) -> list[Finding]:
        ctx.record("level", ctx.section("fake").get("level", 0))
        return [Finding.of(rule, f"{rule.title} in {path}", Location(path=path, start_line=line),
                           key=(rule.id,))
                for rule, path, line in self.findings]


class CrashingCheck(FindingCheck):
    id: ClassVar[str] = "crashy"
    schema: ClassVar[dict[str, Any]] = {}

    async def run(self, ctx: Context) -> list[Finding]:
        raise ZeroDivisionError("division by zero in a buggy check")


class HangingCheck(FindingCheck):
    id: ClassVar[str] = "hangs"
    schema: ClassVar[dict[str, Any]] = {}
    timeout_s: ClassVar[float] = 0.3

    async def run(self, ctx: Context) -> list[Finding]:
        await asyncio.sleep(3600)
        return []


class SkippingCheck(FindingCheck):
    id: ClassVar[str] = "skips"
    schema: ClassVar[dict[str, Any]] = {}

    async def run(self, ctx: Context) -> list[Finding]:
        raise Skip("nothing to look at here")


class ErroringCheck(FindingCheck):
    id: ClassVar[str] = "errs"
    schema: ClassVar[dict[str, Any]] = {}

    async def run(self, ctx: Context) -> list[Finding]:
        raise CheckError("database at 127.0.0.1:1 refused the connection")


class LiveCheck(FindingCheck):
    id: ClassVar[str] = "live"
    phase: ClassVar[Phase] = Phase.POST
    schema: ClassVar[dict[str, Any]] = {"smoke": {"type": "array", "default": [],
                                                  "items": {"type": "object"}}}

    async def run(self, ctx: Context) -> list[Finding]:
        return [Finding.of(RULE_LOW, "live problem", ctx.anchor("targets.canonical"),
                           key=("live",))]
