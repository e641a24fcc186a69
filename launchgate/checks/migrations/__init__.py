"""The migrations check: find SQL migrations, lint the ones a PR adds or changes, and optionally
apply them.

The family's files: ``rules.py`` (the rules), ``schema.py`` (the ``migrations`` section and its
typed Settings), ``gather.py`` (the repository's files, the change's selection, the scratch
database's outcome), ``evaluate.py`` (pure: the lint of each layout, the figures, the apply
reconciled). The pure logic beside them: layout.py and dialect.py (which tool, which dialect),
plan.py (layouts and the lint over them), parse.py, lint.py, statements.py, tables.py and walk.py
(the rules on parsed SQL); the scratch database is cluster.py and apply.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from launchgate.check import CheckError, Context, Skip
from launchgate.checks.migrations import rules as R
from launchgate.checks.migrations.evaluate import (
    LINT_ALL_HINT,
    apply_figures,
    figures,
    lint,
    reconcile,
)
from launchgate.checks.migrations.gather import (
    Selection,
    apply_outcome,
    gather_view,
    selection,
    steps_for,
)
from launchgate.checks.migrations.plan import LayoutLint, find_layouts, migration_paths
from launchgate.checks.migrations.schema import SCHEMA, Settings
from launchgate.model import Finding, Phase, Rule

__all__ = ["LINT_ALL_HINT", "MigrationsCheck", "Selection", "Settings", "steps_for"]


class MigrationsCheck:
    """Lints PostgreSQL migrations for locking and breaking changes, and proves they apply (and roll
    back)."""

    id: ClassVar[str] = "migrations"
    phase: ClassVar[Phase] = Phase.PRE
    rules: ClassVar[tuple[Rule, ...]] = R.RULES
    schema: ClassVar[Mapping[str, Mapping[str, Any]]] = SCHEMA
    timeout_s: ClassVar[float] = 300.0
    exclusive: ClassVar[bool] = False

    async def run(self, ctx: Context) -> list[Finding]:
        s = Settings.of(ctx.section("migrations"))
        view = await gather_view(ctx, s)
        found = find_layouts(view, s, s.apply.database_url or ctx.env.get("DATABASE_URL"))
        if not found.layouts:
            raise Skip(found.nothing)
        sel = await selection(ctx, s, migration_paths(found.layouts), view.paths)
        done = await asyncio.to_thread(lint, found, sel, s)
        if done.skip:
            raise Skip(done.skip)
        for name, value in figures(done, sel).items():
            ctx.record(name, value)
        if s.apply.enabled:
            return await _lint_then_apply(ctx, s, done.results, done.findings)
        return done.findings


async def _lint_then_apply(ctx: Context, s: Settings, results: Sequence[LayoutLint],
                           findings: list[Finding]) -> list[Finding]:
    """Apply to the scratch database; when that part cannot run, an error result that keeps the
    lint findings."""
    try:
        try:
            from launchgate.checks.migrations import apply  # noqa: F401 (asyncpg is there)
        except ImportError as exc:  # an install without the asyncpg wheel
            raise CheckError(f"migrations.apply needs the asyncpg package ({exc}): "
                             "pip install asyncpg") from None
        # one scratch database: the first PostgreSQL folder with changed migrations
        outcome = await apply_outcome(ctx, s, next(r for r in results if r.linted))
    except CheckError as exc:
        ctx.record("apply_round_trip", "not run: the scratch database could not be used")
        lint_note = (f"; the {len(findings)} lint finding(s) are reported" if findings
                     else "; the lint found nothing")
        raise CheckError(f"migrations.apply did not run: {exc}{lint_note}",
                         findings=findings) from None
    findings, dropped = reconcile(findings, outcome)
    findings += outcome.findings
    for name, value in apply_figures(outcome, dropped).items():
        ctx.record(name, value)
    return findings
