"""Apply migrations to a scratch PostgreSQL and watch what they do.

Base-branch migrations first (to build the schema production has), then the new ones, each file the
way its runner runs it (in one transaction, or statement by statement), with lock_timeout and
statement_timeout set. After every statement of a new migration we look, from inside its own
session, at the locks it holds on tables that existed before that migration (pg_locks of our
backend) and whether it gave any of them a new relfilenode (a rewrite).
Those observations confirm or drop static findings (``evaluate.reconcile``). Down migrations run in
reverse and the schema (pg_dump --schema-only) must come back identical.
"""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from launchgate.check import CheckError
from launchgate.checks.migrations import rules as R
from launchgate.checks.migrations.cluster import Server, schema_dump
from launchgate.checks.migrations.layout import TxMode
from launchgate.checks.migrations.parse import Statement
from launchgate.model import Finding, Location
from launchgate.redact import public

LOCK_ORDER = ("AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
              "ShareLock",
              "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock")
TIMEOUT_STATES = {"55P03": "lock_timeout", "57014": "statement_timeout"}
_OBSERVE = """
SELECT c.oid::int8, c.relname::text, c.relfilenode::int8,
       (SELECT array_agg(l.mode::text) FROM pg_locks l
         WHERE l.pid = pg_backend_pid() AND l.relation = c.oid AND l.granted)
  FROM pg_class c WHERE c.oid = ANY($1::oid[])
"""
_TABLES = """
SELECT c.oid::int8, c.relname::text, c.relfilenode::int8
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
   AND n.nspname NOT LIKE 'pg_toast%'
"""


@dataclass(frozen=True, kw_only=True)
class Step:
    """One migration (or down migration) to run: its statements and how its runner wraps it."""

    path: str
    statements: tuple[Statement, ...]
    tx: TxMode
    new: bool = True  # added or changed by this change: observed and timed


@dataclass(frozen=True, kw_only=True)
class ApplySettings:
    """What the applier needs of ``migrations`` and ``migrations.apply`` (their defaults are the
    schema's: the caller passes every field)."""

    lock_timeout: str
    statement_timeout: str
    check_down: bool
    postgres_version: int


@dataclass(frozen=True, kw_only=True)
class Observation:
    """What one statement did to tables that existed before the new migrations."""

    path: str
    line: int
    # table -> strongest lock mode held after the statement (transactional runs only)
    locks: Mapping[str, str]
    rewritten: frozenset[str]


@dataclass
class ApplyOutcome:
    findings: list[Finding] = field(default_factory=list)
    observations: dict[tuple[str, int], Observation] = field(default_factory=dict)
    durations_ms: dict[str, float] = field(default_factory=dict)
    # path -> strongest locks / rewrites, for the figures
    locks: dict[str, str] = field(default_factory=dict)
    round_trip: str = "not run"


def seconds(setting: str) -> float:
    """'5s', '500ms', '2min', '1h' or bare milliseconds (PostgreSQL's unit for these settings) ->
    seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h)?\s*", setting)
    if not m:
        raise CheckError(f"migrations.apply: cannot read the timeout {setting!r} (use e.g. 5s, "
                         "500ms, 2min)")
    value, unit = float(m.group(1)), m.group(2) or "ms"
    return value * {"ms": 0.001, "s": 1.0, "min": 60.0, "h": 3600.0}[unit]


async def connect(server: Server, timeout: float = 10.0) -> Any:
    """An asyncpg connection, or a one-line CheckError that names the server (never the
    password)."""
    password = server.password.reveal() if server.password is not None else None
    try:
        return await asyncpg.connect(host=server.host, port=server.port, user=server.user,
                                     password=password,
                                     database=server.database, timeout=timeout, ssl=False,
                                     server_settings={"application_name": "launchgate"})
    except (asyncpg.InvalidPasswordError, asyncpg.InvalidAuthorizationSpecificationError) as exc:
        raise CheckError(
            f"cannot connect to the scratch database {server.describe()}: "
            f"authentication failed ({_one_line(str(exc))})"
        ) from None
    except asyncpg.PostgresError as exc:
        raise CheckError(
            f"cannot connect to the scratch database {server.describe()}: {_one_line(str(exc))}"
        ) from None
    except (OSError, TimeoutError) as exc:
        reason = (
            exc.strerror if isinstance(exc, OSError) and exc.strerror else (str(exc) or "timed out")
        )
        raise CheckError(
            f"cannot connect to the scratch database {server.describe()}: {reason}"
        ) from None


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


class Applier:
    """Runs steps on one connection, reporting the first failing statement of each failing step."""

    def __init__(self, conn: Any, settings: ApplySettings) -> None:
        self.conn = conn
        self.s = settings
        self.client_timeout = seconds(settings.statement_timeout) + 15.0
        self.outcome = ApplyOutcome()
        # oid -> (table, relfilenode) of pre-existing tables
        self.watch: dict[int, tuple[str, int]] = {}
        # table -> strongest lock already held in the current transaction
        self.held: dict[str, str] = {}

    async def set_timeouts(self) -> None:
        await self.conn.execute(f"SET lock_timeout = {_literal(self.s.lock_timeout)}; "
                                f"SET statement_timeout = {_literal(self.s.statement_timeout)}")

    async def snapshot(self) -> None:
        rows = await self.conn.fetch(_TABLES)
        self.watch = {int(r[0]): (str(r[1]), int(r[2])) for r in rows}

    async def run_step(self, step: Step, *, observe: bool) -> bool:
        """Apply one migration; False (and a finding) when a statement fails."""
        wrapped = step.tx is TxMode.PER_FILE or (step.tx is TxMode.IMPLICIT
                                                 and len(step.statements) > 1)
        await self.set_timeouts()
        self.held = {}
        started = time.perf_counter()
        if wrapped:
            await self.conn.execute("BEGIN")
        for stmt in step.statements:
            try:
                await self.conn.execute(stmt.text, timeout=self.client_timeout)
            except asyncpg.PostgresError as exc:
                self._failed(step, stmt, exc)
                await self._reset()
                return False
            except TimeoutError:
                self._failed_client_timeout(step, stmt)
                await self._reset()
                return False
            if observe and self.watch:
                await self._observe(step, stmt)
        if self.conn.is_in_transaction():
            # the runner commits its own transaction; a file's unclosed BEGIN dies with the session
            try:
                await self.conn.execute("COMMIT" if wrapped else "ROLLBACK")
            except asyncpg.PostgresError as exc:
                self._failed(step, step.statements[-1], exc)
                await self._reset()
                return False
        if observe:
            self.outcome.durations_ms[step.path] = round((time.perf_counter() - started) * 1000, 1)
            self._summarise(step, wrapped)
        return True

    def _summarise(self, step: Step, wrapped: bool) -> None:
        """The strongest lock the migration took on each pre-existing table, and the tables it
        rewrote."""
        strongest: dict[str, str] = {}
        rewrote: set[str] = set()
        for s in step.statements:
            obs = self.outcome.observations.get((step.path, s.line))
            if obs is None:
                continue
            rewrote |= obs.rewritten
            for table, mode in obs.locks.items():
                if LOCK_ORDER.index(mode) > LOCK_ORDER.index(strongest.get(table, LOCK_ORDER[0])):
                    strongest[table] = mode
        parts = [f"{mode} on {t}" for t, mode in sorted(strongest.items())]
        parts += [f"rewrote {t}" for t in sorted(rewrote)]
        none = "no lock on a pre-existing table observed" if wrapped else \
            "locks not observable (statements run outside a transaction)"
        self.outcome.locks[step.path] = "; ".join(parts) or none

    async def _reset(self) -> None:
        try:
            if self.conn.is_in_transaction():
                await self.conn.execute("ROLLBACK")
        except (asyncpg.PostgresError, OSError):
            pass

    async def _observe(self, step: Step, stmt: Statement) -> None:
        rows = await self.conn.fetch(_OBSERVE, list(self.watch))
        locks: dict[str, str] = {}
        rewritten: set[str] = set()
        for oid, _name, filenode, modes in rows:
            table, before = self.watch[int(oid)]
            if int(filenode) != before:
                rewritten.add(table)
                self.watch[int(oid)] = (table, int(filenode))
            if modes:
                mode = max(modes, key=lambda m: LOCK_ORDER.index(m) if m in LOCK_ORDER else -1)
                if mode in LOCK_ORDER and mode != self.held.get(table):
                    # taken (or strengthened) by this statement
                    locks[table] = self.held[table] = mode
        self.outcome.observations[(step.path, stmt.line)] = Observation(
            path=step.path, line=stmt.line, locks=locks, rewritten=frozenset(rewritten))

    def _failed(self, step: Step, stmt: Statement, exc: asyncpg.PostgresError) -> None:
        state = str(getattr(exc, "sqlstate", "") or "")
        position = getattr(exc, "position", None)
        line = stmt.line
        if position and str(position).isdigit():
            line += stmt.text[: int(position) - 1].count("\n")
        message = _one_line(str(getattr(exc, "message", "") or exc))
        detail = getattr(exc, "detail", None)
        if state in TIMEOUT_STATES:
            setting = TIMEOUT_STATES[state]
            value = self.s.lock_timeout if setting == "lock_timeout" else self.s.statement_timeout
            text = (f"{step.path}:{line}: statement stopped by {setting} ({value}) on the scratch "
                    f"database: {message} [SQLSTATE {state}]; in production it would "
                    + ("wait for the lock while every later query on the table queues behind it"
                       if setting == "lock_timeout" else "run at least this long while holding "
                       "its locks"))
            rule = R.APPLY_TIMEOUT
        else:
            text = f"{step.path}:{line}: PostgreSQL error: {message} [SQLSTATE {state}]"
            if detail:
                text += f" ({_one_line(str(detail))})"
            rule = R.APPLY_FAILED
        self.outcome.findings.append(Finding.of(rule, text,
                                                Location(path=step.path, start_line=line,
                                                                     end_line=stmt.end_line),
                                                                     key=(state,)))

    def _failed_client_timeout(self, step: Step, stmt: Statement) -> None:
        self.outcome.findings.append(Finding.of(
            R.APPLY_TIMEOUT, f"{step.path}:{stmt.line}: no answer from the scratch database "
            f"within {self.client_timeout:.0f}s (statement_timeout "
            f"{self.s.statement_timeout} plus margin)",
            Location(path=step.path, start_line=stmt.line, end_line=stmt.end_line),
            key=("client-timeout",)))


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


async def apply_all(server: Server, *, base: Sequence[Step], new: Sequence[Step],
                    downs: Sequence[Step] | None,
                    settings: ApplySettings, env: Mapping[str, str]) -> ApplyOutcome:
    """Apply ``base`` then ``new`` (observed); then, when ``downs`` is given, run them and compare
    the schema."""
    conn = await connect(server)
    try:
        ap = Applier(conn, settings)
        for step in base:
            if not await ap.run_step(step, observe=False):
                # not this change's fault: the scratch database cannot reproduce production's schema
                raise CheckError("a migration already on the base branch does not apply to the "
                                 "scratch database, so the new ones cannot be tested: "
                                 f"{ap.outcome.findings[-1].message}")
        before = await schema_dump(server, settings.postgres_version,
                                   env) if downs and settings.check_down else ""
        for step in new:
            if step.new:
                # "pre-existing" = existed before this migration (production has them by then)
                await ap.snapshot()
            if not await ap.run_step(step, observe=step.new):
                ap.outcome.round_trip = "not run: a new migration failed"
                return ap.outcome
        if not (downs and settings.check_down):
            ap.outcome.round_trip = ("not run: the changed migrations do not all have down "
                                     "migrations"
                                      if settings.check_down else "disabled")
            return ap.outcome
        for step in downs:
            if not await ap.run_step(step, observe=False):
                ap.outcome.round_trip = "failed: a down migration failed"
                return ap.outcome
        after = await schema_dump(server, settings.postgres_version, env)
        _compare(ap.outcome, before, after, downs)
        return ap.outcome
    finally:
        await conn.close(timeout=5)


def _compare(outcome: ApplyOutcome, before: str, after: str, downs: Sequence[Step]) -> None:
    if before == after:
        outcome.round_trip = "identical"
        return
    outcome.round_trip = "differs"
    diff = [ln
            for ln in difflib.unified_diff(before.splitlines(), after.splitlines(), "before",
                                           "after",
                                              lineterm="", n=0) if ln[:1] in "+-"
                                              and ln[:3] not in ("+++", "---")]
    first = downs[-1]  # the down of the earliest new migration, run last
    shown = "; ".join(d.strip() for d in diff[:6])
    outcome.findings.append(Finding.of(
        R.DOWN_MISMATCH, "after the new migrations and their down migrations "
        f"({', '.join(d.path for d in downs)}) the schema differs from before "
        f"({len(diff)} changed lines of pg_dump --schema-only): {shown}",
        Location(path=first.path, start_line=1), key=tuple(d.path for d in downs),
        evidence=public("\n".join(diff[:40]))))  # pg_dump --schema-only: DDL, no data
