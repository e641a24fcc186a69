"""The walk over one migration's statements: what a runner would do (its transaction, the objects
created so far, what earlier migrations declared) and the runner-aware advice the rules give. Shared
by the rule modules.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from launchgate.checks.migrations import rules as R
from launchgate.checks.migrations.layout import Tool, TxMode
from launchgate.checks.migrations.parse import Statement, names, relname
from launchgate.model import Finding, Location, Rule

SERIAL_TYPES = frozenset({"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"})
# Functions that are not volatile, so PostgreSQL 11+ stores their value once instead of rewriting
# the table.
NON_VOLATILE_FUNCS = frozenset({
    "now", "transaction_timestamp", "statement_timestamp", "current_date", "current_timestamp",
    "localtimestamp",
    "lower", "upper", "btrim", "trim", "concat", "to_jsonb", "to_json", "jsonb_build_object",
    "json_build_object",
    "jsonb_build_array", "json_build_array", "make_interval", "make_date", "array", "coalesce",
    "length",
    "to_timestamp", "to_date", "date_trunc", "timezone", "abs", "greatest", "least",
    "current_setting",
})
LOCK_TAKING = frozenset({"AlterTableStmt", "IndexStmt", "DropStmt", "RenameStmt", "TruncateStmt",
                         "ReindexStmt",
                         "ClusterStmt", "VacuumStmt", "CreateTrigStmt", "AlterDomainStmt"})


@dataclass
class SchemaState:
    """What the migrations so far declared: column types, and CHECK (col IS NOT NULL)
    constraints."""

    columns: dict[str, dict[str, tuple[str, tuple[int, ...]]]] = field(default_factory=dict)
    # table -> con -> (col, ok)
    not_null_checks: dict[str, dict[str, tuple[str, bool]]] = field(default_factory=dict)


@dataclass
class Scope:
    """Objects created earlier in the migrations being linted: they are new, so locking them harms
    nobody."""

    tables: set[str] = field(default_factory=set)
    indexes: set[str] = field(default_factory=set)


@dataclass(frozen=True, kw_only=True)
class Runner:
    """How the migration runs: which tool, its transaction mode for this file, the PostgreSQL major
    version."""

    tool: Tool
    tx: TxMode
    pg: int = 15


# -- runner-aware advice
# -------------------------------------------------------------------------------------------

def outside_tx_hint(tool: Tool, what: str) -> str:
    """How to run ``what`` (e.g. CREATE INDEX CONCURRENTLY) outside a transaction with this
    runner."""
    hints = {
        Tool.PRISMA: f"Prisma sends a migration.sql of several statements as one implicit "
        f"transaction, so {what} must go alone in its own migration.sql, or be applied outside "
        "`prisma migrate deploy` (with `prisma db execute` or psql, then `prisma migrate resolve "
        "--applied <name>`)",
        Tool.DBMATE: f"put {what} alone in a new migration that starts with `-- migrate:up "
        "transaction:false`",
        Tool.GOOSE: f"put {what} alone in a new migration marked `-- +goose NO TRANSACTION`",
        Tool.SQLX: f"put {what} alone in a new migration whose first line is `-- no-transaction`",
        Tool.FLYWAY: f"put {what} alone in a new migration (Flyway then runs it outside a "
        "transaction)",
        Tool.GOLANG_MIGRATE: f"put {what} alone in its own migration file (golang-migrate sends a "
        "multi-statement file as one implicit transaction)",
        Tool.DRIZZLE: f"drizzle-kit runs pending migrations in one transaction, so apply {what} "
        "outside drizzle (a separate script or psql step)",
        Tool.SUPABASE: f"the Supabase CLI runs each migration in a transaction, so put {what} "
        "alone in its own migration applied outside it (psql), or accept the lock "
        "on a small table",
        Tool.PLAIN: f"use {what} outside any BEGIN ... COMMIT block",
    }
    return hints[tool]


def concurrent_fix(runner: Runner, what: str) -> str:
    if runner.tx is TxMode.NONE:
        return f"use {what} (outside any BEGIN ... COMMIT)"
    return outside_tx_hint(runner.tool, what)


def is_concurrent(s: Statement) -> bool:
    """CREATE/DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY, DETACH PARTITION ...
    CONCURRENTLY."""
    b = s.body
    if s.kind in ("IndexStmt", "DropStmt"):
        return bool(b.get("concurrent"))
    if s.kind == "ReindexStmt":
        return any(p.get("DefElem", {}).get("defname") == "concurrently"
                   for p in b.get("params", []))
    if s.kind == "AlterTableStmt":
        return any(c.get("AlterTableCmd", {}).get("def", {}).get("PartitionCmd",
                                                                 {}).get("concurrent")
                   for c in b.get("cmds", []))
    return False


_SETUP = frozenset({"VariableSetStmt", "TransactionStmt"})


def runner_tx(tool: Tool, tx: TxMode, stmts: tuple[Statement, ...]) -> TxMode:
    """What the runner really does with this file. Flyway runs a PostgreSQL migration whose
    statements cannot run in a transaction (CONCURRENTLY) without one, and refuses to mix them with
    other statements."""
    flyway_no_tx = (tool is Tool.FLYWAY and tx is TxMode.PER_FILE
                    and any(is_concurrent(s) for s in stmts)
                    and all(is_concurrent(s) or s.kind in _SETUP for s in stmts))
    return TxMode.NONE if flyway_no_tx else tx


# -- the walk
# --------------------------------------------------------------------------------------------------

@dataclass
class Walk:
    path: str
    runner: Runner
    state: SchemaState
    scope: Scope
    stmts: tuple[Statement, ...]
    segments: list[int | None]  # transaction segment of each statement (None: autocommit)
    findings: list[Finding] = field(default_factory=list)
    # constraint -> segment it was added in
    not_valid_added: dict[str, int | None] = field(default_factory=dict)
    segment_ddl: dict[int, Statement] | None = None
    # tables this file emptied (DELETE without WHERE, TRUNCATE)
    emptied: set[str] = field(default_factory=set)
    i: int = 0

    @property
    def stmt(self) -> Statement:
        return self.stmts[self.i]

    @property
    def in_tx(self) -> bool:
        return self.segments[self.i] is not None

    def existing(self, table: str) -> bool:
        """The table existed before this change set (breaking-change rules: running code still uses
        it)."""
        return bool(table) and table not in self.scope.tables

    def hot(self, table: str) -> bool:
        """The table existed and still has rows (locking rules): one this file emptied earlier
        builds, scans and rewrites nothing, so its locks are short."""
        return self.existing(table) and table not in self.emptied

    def add(self, rule: Rule, message: str, *key: str) -> None:
        s = self.stmt
        self.findings.append(Finding.of(rule, message, Location(path=self.path, start_line=s.line,
                                                                end_line=s.end_line),
                                        key=(*key, _digest(s.text))))


def _digest(text: str) -> str:
    """A short digest of the statement's text: it tells two findings of one rule apart without a
    line number."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8",
                                                        "surrogateescape")).hexdigest()[:12]


def transaction_segments(stmts: tuple[Statement, ...], runner: Runner) -> list[int | None]:
    """The transaction each statement runs in: 0 is the runner's own, 1.. the file's BEGIN blocks,
    None none."""
    wrapped = runner.tx is TxMode.PER_FILE or (runner.tx is TxMode.IMPLICIT and len(stmts) > 1)
    seg: int | None = 0 if wrapped else None
    counter = 0
    out: list[int | None] = []
    for s in stmts:
        kind = s.body.get("kind", "") if s.kind == "TransactionStmt" else ""
        if kind in ("TRANS_STMT_BEGIN", "TRANS_STMT_START") and seg is None:
            counter += 1
            seg = counter
        out.append(seg)
        if kind in ("TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_COMMIT_PREPARED"):
            seg = None
    return out

def concurrently_in_tx(w: Walk, what: str) -> None:
    if w.runner.tool is Tool.FLYWAY and w.segments[w.i] == 0:
        w.add(R.CONCURRENTLY_IN_TX, f"{what} is mixed with other statements in this Flyway "
              "migration: Flyway runs a migration outside a transaction "
              "only when every statement needs it, and fails on a mix (or, "
              "with flyway.mixed=true, gives up the migration's "
              f"atomicity); {outside_tx_hint(w.runner.tool, what)}",
              what)
        return
    why = {TxMode.PER_FILE: f"{w.runner.tool.value} runs this file in a transaction",
           TxMode.IMPLICIT: f"{w.runner.tool.value} sends this multi-statement file as one "
           "implicit transaction",
           TxMode.NONE: "it follows BEGIN in this file"}[w.runner.tx if w.segments[w.i] == 0
                                                         else TxMode.NONE]
    w.add(R.CONCURRENTLY_IN_TX, f"{what} cannot run inside a transaction block and {why}: the "
          "migration fails with 'cannot run inside a transaction block'; "
          f"{outside_tx_hint(w.runner.tool, what)}", what)


def is_ddl_on_existing(w: Walk, s: Statement) -> bool:
    if s.kind not in LOCK_TAKING:
        return False
    # DROP TABLE/INDEX of objects this migration created locks nothing in use
    if s.kind == "DropStmt":
        objs = {".".join(names(o["List"].get("items"))).removeprefix("public.")
                for o in s.body.get("objects", []) if "List" in o}
        return not objs or not objs <= (w.scope.tables | w.scope.indexes | w.emptied)
    target = relname(s.body.get("relation"))
    return not target or w.hot(target)
