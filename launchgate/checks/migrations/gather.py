"""What the ``migrations`` check gathers: the repository's migration files (through the repo's
guards, into a frozen ``RepoView``), which of them this change runs (``Selection``: the PR's diff,
the staged files, or the unreleased ones), and, when ``migrations.apply`` is on, what a scratch
PostgreSQL showed when they ran (``ApplyOutcome``).

The rules are pure functions (``evaluate.py`` over ``plan.py`` and ``lint.py``); the scratch
cluster is ``cluster.py`` and the applier ``apply.py`` (imported only when apply is configured: it
needs asyncpg).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from launchgate.check import CheckError, Context
from launchgate.checks.migrations.cluster import EphemeralCluster, Server, parse_url
from launchgate.checks.migrations.deployhook import deploys_each_push, hook_files
from launchgate.checks.migrations.layout import RepoView, candidate_roots, sql_text_paths
from launchgate.checks.migrations.lint import runner_tx
from launchgate.checks.migrations.plan import LayoutLint, effective_tx
from launchgate.checks.migrations.schema import Settings
from launchgate.checks.migrations.scope import unreleased
from launchgate.repo import GitError, Skipped

if TYPE_CHECKING:  # apply.py imports asyncpg: loaded only when migrations.apply is configured
    from launchgate.checks.migrations.apply import ApplyOutcome, Step


async def gather_view(ctx: Context, s: Settings) -> RepoView:
    """The tracked paths (plus ``sql_from``'s), and the text of every SQL file under the migration
    roots; a file the guards refused is in ``unread`` with why."""
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


async def selection(ctx: Context, s: Settings, migrations: set[str],
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


async def apply_outcome(ctx: Context, s: Settings, result: LayoutLint) -> ApplyOutcome:
    """Run one layout's migrations on the configured database or a throwaway cluster, watching the
    changed ones (locks, rewrites, durations, the down round trip)."""
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
