"""The migrations check: find SQL migrations, lint the ones a PR adds or changes, and optionally
apply them.

Gather (read the repo, diff the PR, run a scratch PostgreSQL) happens here; the rules are pure
functions in lint.py, the layout logic in layout.py and plan.py, the scratch database in cluster.py
and apply.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from launchgate.check import CheckError, Context, Skip
from launchgate.checks.migrations import rules as R
from launchgate.checks.migrations.cluster import EphemeralCluster, Server, parse_url
from launchgate.checks.migrations.deployhook import deploys_each_push, hook_files
from launchgate.checks.migrations.layout import RepoView, candidate_roots, sql_text_paths
from launchgate.checks.migrations.lint import runner_tx
from launchgate.checks.migrations.plan import (
    LayoutLint,
    effective_tx,
    find_layouts,
    lint_layout,
    migration_paths,
)
from launchgate.checks.migrations.schema import SCHEMA, Settings
from launchgate.checks.migrations.scope import unreleased
from launchgate.model import Finding, Phase, Rule
from launchgate.repo import GitError, Skipped

if TYPE_CHECKING:  # apply.py imports asyncpg: loaded only when migrations.apply is configured
    from launchgate.checks.migrations.apply import ApplyOutcome, Step

LINT_ALL_HINT = "--all or migrations.scope: all lints them all"


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
        view = await _gather(ctx, s)
        found = find_layouts(view, s, s.apply.database_url or ctx.env.get("DATABASE_URL"))
        if not found.layouts:
            raise Skip(found.nothing)
        sel = await _selection(ctx, s, migration_paths(found.layouts), view.paths)
        results = await asyncio.to_thread(
            lambda: [lint_layout(lay, sel.paths, s, all_new=sel.all_new) for lay in found.layouts])
        notes = [*found.skipped, *(r.not_postgres for r in results if r.not_postgres)]
        results = [r for r in results if not r.not_postgres]
        if not results:
            raise Skip("; ".join(notes))
        present = sum(len(r.layout.files) for r in results)
        if not any(r.linted for r in results):
            raise Skip(f"no migration {sel.basis} ({present} present, not linted; {LINT_ALL_HINT})")
        findings = [f for r in results for f in r.findings]
        _record(ctx, results, notes)
        _record_scope(ctx, sel, present - sum(len(r.linted) for r in results))
        if s.apply.enabled:
            return await _lint_then_apply(ctx, s, results, findings)
        return findings


async def _lint_then_apply(ctx: Context, s: Settings, results: Sequence[LayoutLint],
                           findings: list[Finding]) -> list[Finding]:
    """Apply to the scratch database; when that part cannot run, an error result that keeps the
    lint findings."""
    try:
        try:
            from launchgate.checks.migrations.apply import reconcile
        except ImportError as exc:  # an install without the asyncpg wheel
            raise CheckError(f"migrations.apply needs the asyncpg package ({exc}): "
                             "pip install asyncpg") from None
        # one scratch database: the first PostgreSQL folder with changed migrations
        outcome = await _apply(ctx, s, next(r for r in results if r.linted))
    except CheckError as exc:
        ctx.record("apply_round_trip", "not run: the scratch database could not be used")
        lint = (f"; the {len(findings)} lint finding(s) are reported" if findings
                else "; the lint found nothing")
        raise CheckError(f"migrations.apply did not run: {exc}{lint}", findings=findings) from None
    findings, dropped = reconcile(findings, outcome)
    findings += outcome.findings
    ctx.record("apply_round_trip", outcome.round_trip)
    ctx.record("static_findings_dropped_by_apply", dropped)
    for path, ms in outcome.durations_ms.items():
        ctx.record(f"apply_ms:{path}", ms)
    for path, locks in outcome.locks.items():
        ctx.record(f"apply_locks:{path}", locks)
    return findings


async def _gather(ctx: Context, s: Settings) -> RepoView:
    try:
        paths = await ctx.repo.tracked_files()
    except GitError as exc:
        raise CheckError(str(exc)) from None
    extra = [p
             for p in ctx.repo.walk(include=tuple(f"{x.rstrip('/')}/**"
                                                  for x in s.sql_from) + s.sql_from)] \
        if s.sql_from else []
    paths = sorted(set(paths) | set(extra))
    texts: dict[str, str] = {}
    unread: dict[str, str] = {}
    roots = [*s.sql_from] if s.sql_from else [s.dir] if s.dir else candidate_roots(paths)
    for p in sql_text_paths(paths, roots):
        # migrations get their own, larger cap: a 3 MB migration must not pass unlinted (configs
        # keep the default)
        tf = ctx.repo.read_text(p, max_bytes=s.max_file_bytes if p.endswith(".sql") else None)
        if isinstance(tf, Skipped):
            unread[p] = tf.reason
        else:
            texts[p] = tf.text
    return RepoView(paths=tuple(paths), texts=texts, unread=unread)


@dataclass(frozen=True, kw_only=True)
class Selection:
    """Which migrations to lint: ``paths`` None is every one; ``all_new`` says they form one change
    set."""

    basis: str
    paths: frozenset[str] | None = None
    all_new: bool = False


async def _selection(ctx: Context, s: Settings, migrations: set[str],
                     paths: Sequence[str]) -> Selection:
    """The pull request's migrations; else (no PR scope) the unreleased ones; every one with
    --all/scope: all."""
    if ctx.scope.all or s.lint_all or s.sql_from:
        why = "migrations.sql_from" if s.sql_from and not (ctx.scope.all or s.lint_all) else "--all"
        return Selection(basis=f"every migration ({why})")
    if ctx.scope.staged:
        try:
            changed = await ctx.repo.changed_files(None)
        except GitError as exc:
            raise CheckError(f"cannot find the staged migrations: {exc}") from None
        return Selection(basis="staged for the next commit",
                         paths=frozenset(p for p in changed if p in migrations))
    if ctx.scope.base is not None and ctx.scope.push is None:
        return await _pr_selection(ctx, migrations)
    found = await unreleased(ctx.repo, ctx.scope.push, deploy_hook=_deploy_hook(ctx, paths))
    if found.changed is None:
        return Selection(basis=found.basis, all_new=True)
    return Selection(basis=found.basis,
                     paths=frozenset(p for p in found.changed if p in migrations))


def _deploy_hook(ctx: Context, paths: Sequence[str]) -> str | None:
    """Where each deploy of the default branch runs the migrations (a build or release hook)."""
    texts = {}
    for p in hook_files(list(paths)):
        tf = ctx.repo.read_text(p)
        if not isinstance(tf, Skipped):
            texts[p] = tf.text
    return deploys_each_push(texts)


async def _pr_selection(ctx: Context, migrations: set[str]) -> Selection:
    """The migrations a pull request adds or changes; on a shallow clone without its base (decided
    once for the run, clone.prepare) every migration is new, and the basis says it was limited."""
    scope = ctx.scope
    assert scope.base is not None
    if scope.history.limited and not scope.endpoints:
        return Selection(basis=f"{scope.history.limited}: every migration is treated as new",
                         all_new=True)
    try:
        changed = await ctx.repo.changed_files(scope.base, scope.head, endpoints=scope.endpoints)
    except GitError as exc:
        raise CheckError(f"cannot find the migrations this change adds: {exc}") from None
    how = " (the two trees: shallow clone)" if scope.endpoints else ""
    return Selection(basis=f"added or changed between {scope.base} and {scope.head or 'HEAD'}{how}",
                     paths=frozenset(p for p in changed if p in migrations))


def _record_scope(ctx: Context, sel: Selection, skipped: int) -> None:
    ctx.record("scope", sel.basis)
    if skipped:
        ctx.record("not_linted_released", skipped)
        ctx.record("lint_all_hint", f"{skipped} older migration(s) not linted (released); "
                   f"{LINT_ALL_HINT}")


def _record(ctx: Context, results: Sequence[LayoutLint], notes: Sequence[str]) -> None:
    ctx.record("layouts", ", ".join(f"{r.layout.tool.value}:{r.layout.root}" for r in results))
    ctx.record("files_linted", sum(len(r.linted) for r in results))
    ctx.record("statements_linted", sum(r.statements for r in results))
    if notes:
        ctx.record("not_linted", "; ".join(notes))
    for r in results:  # reversible or not, for the handover pack's rollback notes
        for f in r.layout.files:
            if f.path in r.linted:
                down = "in the same file" if f.down_path == f.path else f.down_path or "none"
                ctx.record(f"down:{f.path}", down)


def steps_for(result: LayoutLint, s: Settings) -> tuple[list[Step], list[Step], list[Step] | None]:
    """(base steps, new steps, down steps in reverse order or None when they cannot undo exactly the
    new ones).

    Base is every migration before the first one this change adds or modifies; from there on, all
    run in order (an old migration after a modified one still runs after it), and only the changed
    ones are observed.
    """
    from launchgate.checks.migrations.apply import Step

    linted = set(result.linted)
    base: list[Step] = []
    new: list[Step] = []
    downs: list[Step] | None = []
    for f in result.layout.files:
        is_new = f.path in linted
        stmts = result.parsed[f.path].statements
        step = Step(path=f.path, statements=stmts,
                    tx=runner_tx(result.layout.tool, effective_tx(f, s), stmts),
                    new=is_new)
        (new if new or is_new else base).append(step)
        down = result.parsed_down.get(f.path)
        if new and (down is None or not is_new):
            downs = None
        elif is_new and down is not None and downs is not None:
            downs.insert(0,
                         Step(path=f.down_path or f.path, statements=down.statements,
                              tx=effective_tx(f, s)))
    return base, new, downs


async def _apply(ctx: Context, s: Settings, result: LayoutLint) -> ApplyOutcome:
    from launchgate.checks.migrations.apply import ApplySettings, apply_all

    base, new, downs = steps_for(result, s)
    settings = ApplySettings(lock_timeout=s.apply.lock_timeout,
                             statement_timeout=s.apply.statement_timeout,
                             check_down=s.apply.check_down, postgres_version=s.postgres_version)
    if s.apply.database_url:
        return await apply_all(parse_url(s.apply.database_url), base=base, new=new, downs=downs,
                               settings=settings,
                               env=ctx.env)
    async with EphemeralCluster(version=s.postgres_version, env=ctx.env) as admin:
        server = await _scratch_database(admin)
        return await apply_all(server, base=base, new=new, downs=downs, settings=settings,
                               env=ctx.env)


async def _scratch_database(admin: Server) -> Server:
    from launchgate.checks.migrations.apply import connect

    conn = await connect(admin)
    try:
        await conn.execute("CREATE DATABASE launchgate_scratch")
    finally:
        await conn.close(timeout=5)
    return replace(admin, database="launchgate_scratch")


__all__ = ["MigrationsCheck"]
