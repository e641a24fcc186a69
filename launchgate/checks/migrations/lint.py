"""PostgreSQL migration rules: pure functions over parsed statements (see parse.py), no I/O.

``lint_file`` walks one migration's statements in order, tracking what a runner would do: the transaction the
runner opens (or the file's own BEGIN/COMMIT), the tables and indexes created earlier in the same migration
(safe targets: nobody else is using them yet), and what earlier migrations declared (column types, validated
NOT NULL checks), so that e.g. varchar widening or SET NOT NULL backed by a validated check are not reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from launchgate.checks.migrations import rules as R
from launchgate.checks.migrations.layout import Tool, TxMode
from launchgate.checks.migrations.parse import Parsed, Statement, names, relname, walk
from launchgate.model import Finding, Location, Rule

SERIAL_TYPES = frozenset({"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"})
# Functions that are not volatile, so PostgreSQL 11+ stores their value once instead of rewriting the table.
NON_VOLATILE_FUNCS = frozenset({
    "now", "transaction_timestamp", "statement_timestamp", "current_date", "current_timestamp", "localtimestamp",
    "lower", "upper", "btrim", "trim", "concat", "to_jsonb", "to_json", "jsonb_build_object", "json_build_object",
    "jsonb_build_array", "json_build_array", "make_interval", "make_date", "array", "coalesce", "length",
    "to_timestamp", "to_date", "date_trunc", "timezone", "abs", "greatest", "least", "current_setting",
})
LOCK_TAKING = frozenset({"AlterTableStmt", "IndexStmt", "DropStmt", "RenameStmt", "TruncateStmt", "ReindexStmt",
                         "ClusterStmt", "VacuumStmt", "CreateTrigStmt", "AlterDomainStmt"})


@dataclass
class SchemaState:
    """What the migrations so far declared: column types, and CHECK (col IS NOT NULL) constraints."""

    columns: dict[str, dict[str, tuple[str, tuple[int, ...]]]] = field(default_factory=dict)
    not_null_checks: dict[str, dict[str, tuple[str, bool]]] = field(default_factory=dict)  # table -> con -> (col, ok)


@dataclass
class Scope:
    """Objects created earlier in the migrations being linted: they are new, so locking them harms nobody."""

    tables: set[str] = field(default_factory=set)
    indexes: set[str] = field(default_factory=set)


@dataclass(frozen=True, kw_only=True)
class Runner:
    """How the migration runs: which tool, its transaction mode for this file, the PostgreSQL major version."""

    tool: Tool
    tx: TxMode
    pg: int = 15


# -- runner-aware advice -------------------------------------------------------------------------------------------

def outside_tx_hint(tool: Tool, what: str) -> str:
    """How to run ``what`` (e.g. CREATE INDEX CONCURRENTLY) outside a transaction with this runner."""
    hints = {
        Tool.PRISMA: f"Prisma wraps every migration.sql in a transaction, so {what} must go alone in its own migration "
                     "applied outside `prisma migrate deploy` (run it with `prisma db execute` or psql, then "
                     "`prisma migrate resolve --applied <name>`)",
        Tool.DBMATE: f"put {what} alone in a new migration that starts with `-- migrate:up transaction:false`",
        Tool.GOOSE: f"put {what} alone in a new migration marked `-- +goose NO TRANSACTION`",
        Tool.SQLX: f"put {what} alone in a new migration whose first line is `-- no-transaction`",
        Tool.FLYWAY: f"put {what} alone in a new migration with `executeInTransaction=false` in its .conf file",
        Tool.GOLANG_MIGRATE: f"put {what} alone in its own migration file (golang-migrate sends a multi-statement "
                             "file as one implicit transaction)",
        Tool.DRIZZLE: f"drizzle-kit runs pending migrations in one transaction, so apply {what} outside drizzle "
                      "(a separate script or psql step)",
        Tool.SUPABASE: f"the Supabase CLI runs each migration in a transaction, so put {what} alone in its own "
                       "migration applied outside it (psql), or accept the lock on a small table",
        Tool.PLAIN: f"use {what} outside any BEGIN ... COMMIT block",
    }
    return hints[tool]


def _concurrent_fix(runner: Runner, what: str) -> str:
    if runner.tx is TxMode.NONE:
        return f"use {what} (outside any BEGIN ... COMMIT)"
    return outside_tx_hint(runner.tool, what)


# -- the walk ------------------------------------------------------------------------------------------------------

@dataclass
class _Walk:
    path: str
    runner: Runner
    state: SchemaState
    scope: Scope
    stmts: tuple[Statement, ...]
    segments: list[int | None]  # transaction segment of each statement (None: autocommit)
    findings: list[Finding] = field(default_factory=list)
    not_valid_added: dict[str, int | None] = field(default_factory=dict)  # constraint -> segment it was added in
    segment_ddl: dict[int, Statement] | None = None
    i: int = 0

    @property
    def stmt(self) -> Statement:
        return self.stmts[self.i]

    @property
    def in_tx(self) -> bool:
        return self.segments[self.i] is not None

    def existing(self, table: str) -> bool:
        return bool(table) and table not in self.scope.tables

    def add(self, rule: Rule, message: str, *key: str) -> None:
        s = self.stmt
        self.findings.append(Finding.of(rule, message, Location(path=self.path, start_line=s.line,
                                                                end_line=s.end_line),
                                        key=(*key, str(self.i))))


def transaction_segments(stmts: tuple[Statement, ...], runner: Runner) -> list[int | None]:
    """The transaction each statement runs in: 0 is the runner's own, 1.. the file's BEGIN blocks, None none."""
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


def _tx_rules(w: _Walk) -> None:
    wrapped = w.runner.tx is TxMode.PER_FILE or (w.runner.tx is TxMode.IMPLICIT and len(w.stmts) > 1)
    depth = 1 if wrapped else 0
    open_begin: int | None = None
    for i, s in enumerate(w.stmts):
        w.i = i
        if s.kind != "TransactionStmt":
            continue
        kind = s.body.get("kind", "")
        if kind in ("TRANS_STMT_BEGIN", "TRANS_STMT_START"):
            if depth:
                how = "the runner already wraps this file in a transaction" if wrapped and open_begin is None \
                    else f"a transaction is already open (line {w.stmts[open_begin or 0].line})"
                w.add(R.NESTING, f"BEGIN at {w.path}:{s.line} inside a transaction: {how}; the inner COMMIT ends "
                      "it early and the rest of the file runs outside it")
            else:
                depth, open_begin = 1, w.i
        elif kind in ("TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK"):
            depth, open_begin = 0, None
    if open_begin is not None:
        w.i = open_begin
        w.add(R.UNCOMMITTED, f"BEGIN at {w.path}:{w.stmt.line} is never committed in this file: the transaction is "
              "rolled back at disconnect, or holds its locks until then; add COMMIT at the end")


# -- statement handlers --------------------------------------------------------------------------------------------

def _index_stmt(w: _Walk) -> None:
    b = w.stmt.body
    table = relname(b.get("relation"))
    if b.get("idxname"):
        w.scope.indexes.add(b["idxname"])
    if b.get("concurrent"):
        if w.in_tx:
            _concurrently_in_tx(w, "CREATE INDEX CONCURRENTLY")
        return
    if w.existing(table):
        unique = "UNIQUE " if b.get("unique") else ""
        w.add(R.CREATE_INDEX, f"CREATE {unique}INDEX on existing table {table} without CONCURRENTLY takes a SHARE "
              f"lock that blocks INSERT/UPDATE/DELETE on {table} for the whole index build (minutes on a large "
              f"table); safe: {_concurrent_fix(w.runner, f'CREATE {unique}INDEX CONCURRENTLY')}", table)


def _concurrently_in_tx(w: _Walk, what: str) -> None:
    why = {TxMode.PER_FILE: f"{w.runner.tool.value} runs this file in a transaction",
           TxMode.IMPLICIT: "golang-migrate sends this multi-statement file as one implicit transaction",
           TxMode.NONE: "it follows BEGIN in this file"}[w.runner.tx if w.segments[w.i] == 0 else TxMode.NONE]
    w.add(R.CONCURRENTLY_IN_TX, f"{what} cannot run inside a transaction block and {why}: the migration fails "
          f"with 'cannot run inside a transaction block'; {outside_tx_hint(w.runner.tool, what)}", what)


def _drop_stmt(w: _Walk) -> None:
    b = w.stmt.body
    kind = b.get("removeType", "")
    objs = [".".join(names(o.get("List", {}).get("items"))) if "List" in o else ".".join(names([o]))
            for o in b.get("objects", [])]
    objs = [o.removeprefix("public.") for o in objs]
    if kind == "OBJECT_INDEX":
        if b.get("concurrent"):
            if w.in_tx:
                _concurrently_in_tx(w, "DROP INDEX CONCURRENTLY")
            return
        for idx in objs:
            if idx not in w.scope.indexes:
                w.add(R.DROP_INDEX, f"DROP INDEX {idx} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on its "
                      "table, blocking reads and writes while it waits for running queries; safe: "
                      f"{_concurrent_fix(w.runner, 'DROP INDEX CONCURRENTLY')}", idx)
    elif kind == "OBJECT_TABLE":
        for t in objs:
            if w.existing(t):
                cascade = " CASCADE (also drops views and foreign keys that depend on it)" \
                    if b.get("behavior") == "DROP_CASCADE" else ""
                w.add(R.DROP_TABLE, f"DROP TABLE {t}{cascade}: its data is lost and the running release still "
                      f"queries it (ACCESS EXCLUSIVE lock); stop using {t} in one release, back it up, drop it in "
                      "a later one", t)
    elif kind == "OBJECT_SCHEMA":
        for sch in objs:
            w.add(R.DROP_SCHEMA, f"DROP SCHEMA {sch} removes every object in it; stop using it first and drop it "
                  "in a later release after a backup", sch)


def _alter_table(w: _Walk) -> None:
    b = w.stmt.body
    table = relname(b.get("relation"))
    for cmd in b.get("cmds", []):
        c = cmd.get("AlterTableCmd", {})
        handler = _ALTER_CMDS.get(c.get("subtype", ""))
        if handler is not None:
            handler(w, table, c)


def _add_column(w: _Walk, table: str, c: dict[str, Any]) -> None:
    col = c.get("def", {}).get("ColumnDef", {})
    name = col.get("colname", "?")
    tname = names(col.get("typeName", {}).get("names"))
    w.state.columns.setdefault(table, {})[name] = _type_of(col.get("typeName", {}))
    if not w.existing(table):
        return
    cons = [x.get("Constraint", {}) for x in col.get("constraints", [])]
    types = {x.get("contype") for x in cons}
    default = next((x.get("raw_expr") for x in cons if x.get("contype") == "CONSTR_DEFAULT"), None)
    reason = ""
    if tname and tname[-1] in SERIAL_TYPES:
        reason = f"{tname[-1]} fills every existing row from a sequence"
    elif "CONSTR_IDENTITY" in types:
        reason = "an identity column fills every existing row from a sequence"
    elif "CONSTR_GENERATED" in types:
        reason = "a stored generated column is computed for every existing row"
    elif default is not None and w.runner.pg < 11:
        reason = f"PostgreSQL {w.runner.pg} writes any default into every row (constant defaults are free from 11)"
    elif default is not None and (fn := _volatile_call(default)):
        reason = f"the default calls {fn}(), which is volatile (or unknown), so every row gets its own value"
    if reason:
        w.add(R.ADD_COLUMN_REWRITE, f"ADD COLUMN {table}.{name}: {reason}, rewriting {table} under an ACCESS "
              f"EXCLUSIVE lock that blocks all reads and writes until the rewrite ends; safe: add {name} nullable "
              "without that default, set the default for new rows, backfill in batches", table, name)
    if "CONSTR_NOTNULL" in types and default is None and not reason and "CONSTR_PRIMARY" not in types:
        w.add(R.ADD_NOT_NULL, f"ADD COLUMN {table}.{name} NOT NULL without a default fails as soon as {table} has "
              f"a row; safe: add it nullable (or with a constant default), backfill, then add CHECK ({name} IS NOT "
              "NULL) NOT VALID and VALIDATE it in a later migration", table, name)
    if "CONSTR_PRIMARY" in types:
        _pk_or_unique(w, table, R.ADD_PK, "PRIMARY KEY")
    elif "CONSTR_UNIQUE" in types:
        _pk_or_unique(w, table, R.ADD_UNIQUE, "UNIQUE")


def _volatile_call(expr: dict[str, Any]) -> str:
    for node in walk(expr):
        if "FuncCall" in node:
            fn = names(node["FuncCall"].get("funcname"))
            if fn and fn[-1].lower() not in NON_VOLATILE_FUNCS:
                return fn[-1]
        if "SubLink" in node:
            return "a subquery"
    return ""


def _pk_or_unique(w: _Walk, table: str, rule: Rule, what: str) -> None:
    w.add(rule, f"ADD {what} on existing table {table} builds a unique index while holding an ACCESS EXCLUSIVE "
          f"lock, blocking all reads and writes for the whole build; safe: CREATE UNIQUE INDEX CONCURRENTLY "
          f"({_concurrent_fix(w.runner, 'it').removeprefix('use ')}), then ALTER TABLE {table} ADD CONSTRAINT ... "
          f"{what} USING INDEX", table, what)


def _add_constraint(w: _Walk, table: str, c: dict[str, Any]) -> None:
    con = c.get("def", {}).get("Constraint", {})
    ctype, name = con.get("contype", ""), con.get("conname", "")
    not_valid = bool(con.get("skip_validation"))
    if ctype == "CONSTR_CHECK":
        col = _not_null_check_column(con.get("raw_expr"))
        if col:
            w.state.not_null_checks.setdefault(table, {})[name] = (col, not not_valid)
    if not_valid and name:
        w.not_valid_added[name] = w.segments[w.i]
    if not w.existing(table):
        return
    if ctype == "CONSTR_FOREIGN" and not not_valid:
        ref = relname(con.get("pktable"))
        w.add(R.FK_VALIDATED, f"ADD FOREIGN KEY on {table} -> {ref} validates every existing row while holding SHARE "
              f"ROW EXCLUSIVE on both tables (writes blocked for the whole scan); safe: add it NOT VALID, then "
              f"ALTER TABLE {table} VALIDATE CONSTRAINT {name or '<name>'} in a later migration", table, name)
    elif ctype == "CONSTR_CHECK" and not not_valid:
        w.add(R.CHECK_VALIDATED, f"ADD CHECK on {table} scans every row under an ACCESS EXCLUSIVE lock (no reads or "
              f"writes until done); safe: add it NOT VALID, then VALIDATE CONSTRAINT {name or '<name>'} in a later "
              "migration", table, name)
    elif ctype == "CONSTR_UNIQUE" and not con.get("indexname"):
        _pk_or_unique(w, table, R.ADD_UNIQUE, "UNIQUE")
    elif ctype == "CONSTR_PRIMARY" and not con.get("indexname"):
        _pk_or_unique(w, table, R.ADD_PK, "PRIMARY KEY")
    elif ctype == "CONSTR_EXCLUSION":
        w.add(R.ADD_EXCLUSION, f"ADD EXCLUDE on existing table {table} builds its index under an ACCESS EXCLUSIVE "
              "lock (no NOT VALID or USING INDEX form exists); add it in a maintenance window or while the table "
              "is small", table, name)


def _not_null_check_column(expr: dict[str, Any] | None) -> str:
    nt = (expr or {}).get("NullTest")
    if nt and nt.get("nulltesttype") == "IS_NOT_NULL":
        fields = names(nt.get("arg", {}).get("ColumnRef", {}).get("fields"))
        return fields[-1] if fields else ""
    return ""


def _validate(w: _Walk, table: str, c: dict[str, Any]) -> None:
    name = c.get("name", "")
    for con, (col, _ok) in list(w.state.not_null_checks.get(table, {}).items()):
        if con == name:
            w.state.not_null_checks[table][con] = (col, True)
    seg = w.not_valid_added.get(name, -1)
    if seg is not None and seg == w.segments[w.i]:
        w.add(R.VALIDATE_SAME_TX, f"VALIDATE CONSTRAINT {name} on {table} runs in the transaction that added it NOT "
              "VALID, so the ADD's ACCESS EXCLUSIVE lock is held for the whole validation scan; move the VALIDATE "
              "to a later migration", table, name)


def _set_not_null(w: _Walk, table: str, c: dict[str, Any]) -> None:
    col = c.get("name", "")
    if not w.existing(table):
        return
    proven = any(cc == col and ok for cc, ok in w.state.not_null_checks.get(table, {}).values())
    if proven and w.runner.pg >= 12:
        return
    w.add(R.SET_NOT_NULL, f"SET NOT NULL on {table}.{col} scans every row under an ACCESS EXCLUSIVE lock (no reads "
          f"or writes until done); safe: ADD CONSTRAINT ... CHECK ({col} IS NOT NULL) NOT VALID, VALIDATE it in a "
          "later migration, then SET NOT NULL (PostgreSQL 12+ skips the scan) and drop the check", table, col)


def _type_of(tn: dict[str, Any]) -> tuple[str, tuple[int, ...]]:
    n = names(tn.get("names"))
    mods = tuple(int(m.get("A_Const", {}).get("ival", {}).get("ival", 0)) for m in tn.get("typmods", []))
    base = n[-1].lower() if n else "?"
    base = {"character varying": "varchar", "int": "int4", "integer": "int4", "bigint": "int8"}.get(base, base)
    return base + "[]" * len(tn.get("arrayBounds", [])), mods


def binary_coercible(old: tuple[str, tuple[int, ...]], new: tuple[str, tuple[int, ...]]) -> bool:
    """Whether ALTER TYPE old -> new needs no rewrite (and no scan): widening only."""
    (o, om), (n, nm) = old, new
    if old == new:
        return True
    if o == "varchar" and n == "text":
        return True
    if o in ("varchar", "varbit") and n == o:
        return not nm or (bool(om) and nm[0] >= om[0])
    if o == "text" and n == "varchar" and not nm:
        return True
    if o == "numeric" and n == "numeric":
        if not nm:
            return True
        if om and len(om) == len(nm) == 2:
            return nm[1] == om[1] and nm[0] >= om[0]
        return bool(om) and len(om) == len(nm) == 1 and nm[0] >= om[0]
    return o == "cidr" and n == "inet"


def _alter_type(w: _Walk, table: str, c: dict[str, Any]) -> None:
    col = c.get("name", "")
    coldef = c.get("def", {}).get("ColumnDef", {})
    new = _type_of(coldef.get("typeName", {}))
    old = w.state.columns.get(table, {}).get(col)
    w.state.columns.setdefault(table, {})[col] = new
    if not w.existing(table):
        return
    using = coldef.get("raw_default") is not None
    if old is not None and not using and binary_coercible(old, new):
        return
    shown = new[0] + (f"({','.join(map(str, new[1]))})" if new[1] else "")
    before = f"from {old[0]}{'(' + ','.join(map(str, old[1])) + ')' if old[1] else ''} " if old else ""
    note = "" if old else " (the current type is not declared in the migrations read, so a binary-coercible " \
        "change cannot be ruled out)"
    w.add(R.CHANGE_TYPE, f"ALTER COLUMN {table}.{col} TYPE {before}to {shown} rewrites {table} and its indexes under "
          f"an ACCESS EXCLUSIVE lock (no reads or writes until done){note}; safe: add a new column, dual-write, "
          "backfill in batches, switch reads, drop the old column", table, col)


def _simple(rule: Rule, text: str) -> Callable[[_Walk, str, dict[str, Any]], None]:
    def handler(w: _Walk, table: str, c: dict[str, Any]) -> None:
        if w.existing(table):
            w.add(rule, text.format(table=table, col=c.get("name", "")), table, c.get("name", ""))
    return handler


def _detach(w: _Walk, table: str, c: dict[str, Any]) -> None:
    part = relname(c.get("def", {}).get("PartitionCmd", {}).get("name"))
    if c.get("def", {}).get("PartitionCmd", {}).get("concurrent"):
        if w.in_tx:
            _concurrently_in_tx(w, "DETACH PARTITION CONCURRENTLY")
        return
    if w.existing(table):
        safe = _concurrent_fix(w.runner, "DETACH PARTITION ... CONCURRENTLY") if w.runner.pg >= 14 else \
            "upgrade to PostgreSQL 14+ for DETACH PARTITION ... CONCURRENTLY, or detach in a quiet window"
        w.add(R.DETACH, f"DETACH PARTITION {part} from {table} takes an ACCESS EXCLUSIVE lock on {table}, blocking "
              f"all queries on it while it waits; safe: {safe}", table, part)


_ALTER_CMDS: dict[str, Callable[[_Walk, str, dict[str, Any]], None]] = {
    "AT_AddColumn": _add_column,
    "AT_AddConstraint": _add_constraint,
    "AT_ValidateConstraint": _validate,
    "AT_SetNotNull": _set_not_null,
    "AT_AlterColumnType": _alter_type,
    "AT_DetachPartition": _detach,
    "AT_DropColumn": _simple(R.DROP_COLUMN, "DROP COLUMN {table}.{col}: the running release still reads it (and "
                             "ORMs select every column), so requests fail during the deploy; takes ACCESS EXCLUSIVE "
                             "briefly; safe: stop reading and writing {col} in one release, drop it in the next"),
    "AT_DropNotNull": _simple(R.DROP_NOT_NULL, "DROP NOT NULL on {table}.{col}: readers in the running release "
                              "assume it is never NULL; make them handle NULL first"),
}


# -- other statements ----------------------------------------------------------------------------------------------

def _rename(w: _Walk) -> None:
    b = w.stmt.body
    kind, table = b.get("renameType", ""), relname(b.get("relation"))
    new = b.get("newname", "")
    if kind == "OBJECT_COLUMN" and w.existing(table):
        old = b.get("subname", "")
        w.add(R.RENAME_COLUMN, f"RENAME COLUMN {table}.{old} to {new}: the running release still uses {old} and "
              f"fails until the new code is live; safe: add {new}, dual-write, backfill, switch reads, then drop "
              f"{old} in a later release", table, old)
    elif kind == "OBJECT_TABLE":
        if w.existing(table):
            w.add(R.RENAME_TABLE, f"RENAME TABLE {table} to {new}: the running release still queries {table} and "
                  f"fails; safe: create {new} (or keep a view named {table}), migrate code, drop the old name later",
                  table)
        if table in w.state.columns:
            w.state.columns[new] = w.state.columns.pop(table)
    elif kind == "OBJECT_SCHEMA":
        old = b.get("subname", "")
        w.add(R.RENAME_SCHEMA, f"RENAME SCHEMA {old} to {new}: every query naming {old} fails from the commit on",
              old)


def _truncate(w: _Walk) -> None:
    b = w.stmt.body
    if b.get("behavior") == "DROP_CASCADE":
        tables = ", ".join(relname(r) for r in b.get("relations", []))
        w.add(R.TRUNCATE_CASCADE, f"TRUNCATE {tables} CASCADE also empties every table that references it, "
              "recursively, under ACCESS EXCLUSIVE locks; truncate the tables you mean explicitly", tables)


def _reindex(w: _Walk) -> None:
    b = w.stmt.body
    target = relname(b.get("relation")) or str(b.get("name", ""))
    concurrent = any(p.get("DefElem", {}).get("defname") == "concurrently" for p in b.get("params", []))
    if concurrent:
        if w.in_tx:
            _concurrently_in_tx(w, "REINDEX CONCURRENTLY")
        return
    if target in w.scope.tables or target in w.scope.indexes:
        return
    safe = _concurrent_fix(w.runner, "REINDEX ... CONCURRENTLY") if w.runner.pg >= 12 else \
        "upgrade to PostgreSQL 12+ for REINDEX CONCURRENTLY, or rebuild with CREATE INDEX CONCURRENTLY and swap"
    w.add(R.REINDEX, f"REINDEX {target} without CONCURRENTLY blocks writes to the table (and reads using the "
          f"index) for the whole rebuild; safe: {safe}", target)


def _vacuum(w: _Walk) -> None:
    b = w.stmt.body
    if w.stmt.kind == "VacuumStmt" and not any(o.get("DefElem", {}).get("defname") == "full"
                                               for o in b.get("options", [])):
        return
    rels = b.get("rels", [])
    tables = [relname(r.get("VacuumRelation", {}).get("relation")) for r in rels] if rels else \
        [relname(b.get("relation"))]
    tables = [t for t in tables if w.existing(t)] if any(tables) else ["every table"]
    if tables:
        what = "VACUUM FULL" if w.stmt.kind == "VacuumStmt" else "CLUSTER"
        w.add(R.VACUUM_FULL, f"{what} {', '.join(tables)} rewrites the table under an ACCESS EXCLUSIVE lock (no reads "
              "or writes until done); use pg_repack/pg_squeeze outside the deploy, or plain VACUUM", what)


def _domain(w: _Walk) -> None:
    b = w.stmt.body
    con = b.get("def", {}).get("Constraint", {})
    if b.get("subtype") == "C" and con.get("contype") == "CONSTR_CHECK" and not con.get("skip_validation"):
        dom = ".".join(names(b.get("typeName")))
        w.add(R.DOMAIN_CHECK, f"ALTER DOMAIN {dom} ADD CHECK validates every column using {dom} in every table, "
              "holding locks on all of them; safe: add it NOT VALID, then ALTER DOMAIN ... VALIDATE CONSTRAINT in a "
              "later migration", dom)


def _dropdb(w: _Walk) -> None:
    db = w.stmt.body.get("dbname", "")
    w.add(R.DROP_DATABASE, f"DROP DATABASE {db} in a migration destroys every table in it; remove it and drop "
          "databases by hand", db)


def _enum(w: _Walk) -> None:
    b = w.stmt.body
    typ = ".".join(names(b.get("typeName")))
    if b.get("oldVal"):
        w.add(R.RENAME_ENUM_VALUE, f"RENAME VALUE '{b['oldVal']}' of enum {typ} to '{b.get('newVal')}': running code "
              f"that writes or compares '{b['oldVal']}' fails or stops matching; add the new value and migrate rows "
              "and code instead", typ, b["oldVal"])
        return
    value = b.get("newVal", "")
    if not w.in_tx:
        return
    seg = w.segments[w.i]
    if w.runner.pg < 12:
        w.add(R.ENUM_ADD_VALUE, f"ALTER TYPE {typ} ADD VALUE '{value}' cannot run inside a transaction block before "
              f"PostgreSQL 12: the migration fails; {outside_tx_hint(w.runner.tool, 'ALTER TYPE ... ADD VALUE')}",
              typ, value)
        return
    for j in range(w.i + 1, len(w.stmts)):
        later = w.stmts[j]
        if w.segments[j] != seg:
            break
        if any(n.get("A_Const", {}).get("sval", {}).get("sval") == value for n in walk(later.node)):
            w.add(R.ENUM_ADD_VALUE, f"enum value '{value}' added to {typ} is used at line {later.line} in the same "
                  "transaction: PostgreSQL fails with 'unsafe use of new value'; add the value in its own migration "
                  "and use it in a later one", typ, value)
            return


def _backfill(w: _Walk) -> None:
    table = relname(w.stmt.body.get("relation"))
    seg = w.segments[w.i]
    if seg is None or not w.existing(table):
        return
    if w.segment_ddl is None:  # first DDL statement on an existing table in each transaction, computed once
        w.segment_ddl = {}
        for j, s in enumerate(w.stmts):
            sj = w.segments[j]
            if sj is not None and sj not in w.segment_ddl and _is_ddl_on_existing(w, s):
                w.segment_ddl[sj] = s
    ddl = w.segment_ddl.get(seg)
    if ddl is not None:
        verb = "UPDATE" if w.stmt.kind == "UpdateStmt" else "DELETE"
        w.add(R.BACKFILL, f"{verb} of existing rows of {table} runs in the same transaction as the schema change at "
              f"line {ddl.line}, so that statement's lock (often ACCESS EXCLUSIVE) is held for the whole backfill; "
              "commit the schema change first, then backfill in batches in separate transactions", table)


def _is_ddl_on_existing(w: _Walk, s: Statement) -> bool:
    if s.kind not in LOCK_TAKING:
        return False
    target = relname(s.body.get("relation"))
    return not target or w.existing(target)


def _create_table(w: _Walk) -> None:
    b = w.stmt.body
    table = relname(b.get("relation"))
    w.scope.tables.add(table)
    cols: dict[str, tuple[str, tuple[int, ...]]] = {}
    for elt in b.get("tableElts", []):
        if "ColumnDef" in elt:
            cols[elt["ColumnDef"].get("colname", "")] = _type_of(elt["ColumnDef"].get("typeName", {}))
    w.state.columns[table] = cols


def _create_table_as(w: _Walk) -> None:
    w.scope.tables.add(relname(w.stmt.body.get("into", {}).get("rel")))


_STATEMENTS: dict[str, Callable[[_Walk], None]] = {
    "IndexStmt": _index_stmt, "DropStmt": _drop_stmt, "AlterTableStmt": _alter_table, "RenameStmt": _rename,
    "TruncateStmt": _truncate, "ReindexStmt": _reindex, "VacuumStmt": _vacuum, "ClusterStmt": _vacuum,
    "AlterDomainStmt": _domain, "DropdbStmt": _dropdb, "AlterEnumStmt": _enum, "UpdateStmt": _backfill,
    "DeleteStmt": _backfill, "CreateStmt": _create_table, "CreateTableAsStmt": _create_table_as,
}


def _sets_lock_timeout(s: Statement) -> bool:
    if s.kind == "VariableSetStmt":
        return bool(s.body.get("name") == "lock_timeout")
    if s.kind == "SelectStmt":
        return any(n.get("A_Const", {}).get("sval", {}).get("sval") == "lock_timeout" for n in walk(s.node))
    return False


def _require_timeout(w: _Walk) -> None:
    for i, s in enumerate(w.stmts):
        w.i = i
        if _sets_lock_timeout(s):
            return
        if s.kind in LOCK_TAKING and _is_ddl_on_existing(w, s) and not (s.kind == "IndexStmt"
                                                                         and s.body.get("concurrent")):
            target = relname(s.body.get("relation")) or "its target"
            w.add(R.REQUIRE_TIMEOUT, f"this migration takes locks on {target} with no lock_timeout set: if it waits "
                  "behind a long query, every query on the table queues behind it; start the file with SET "
                  "lock_timeout = '5s' (SET LOCAL inside a transaction) and retry on timeout")
            return


def lint_file(path: str, parsed: Parsed, runner: Runner, state: SchemaState, scope: Scope) -> list[Finding]:
    """Findings for one migration file, in statement order; updates ``state`` and ``scope`` as a runner would."""
    findings = [Finding.of(R.SYNTAX, f"{path}:{e.line}: {e.message} (PostgreSQL parser)",
                           Location(path=path, start_line=e.line, end_line=e.line), key=(e.message,))
                for e in parsed.errors]
    w = _Walk(path=path, runner=runner, state=state, scope=scope, stmts=parsed.statements,
              segments=transaction_segments(parsed.statements, runner))
    for i, s in enumerate(parsed.statements):
        w.i = i
        handler = _STATEMENTS.get(s.kind)
        if handler is not None:
            handler(w)
    _tx_rules(w)
    _require_timeout(w)
    return findings + w.findings


def learn(parsed: Parsed, state: SchemaState) -> None:
    """Record what an already-applied migration declared (column types, NOT NULL checks), without findings."""
    w = _Walk(path="", runner=Runner(tool=Tool.PLAIN, tx=TxMode.NONE), state=state, scope=Scope(),
              stmts=parsed.statements, segments=[None] * len(parsed.statements))
    for i, s in enumerate(parsed.statements):
        w.i = i
        if s.kind in ("CreateStmt", "AlterTableStmt", "RenameStmt"):
            _STATEMENTS[s.kind](w)


class SquawkIgnores:
    """``-- squawk-ignore <rules>`` comments of one file (read once), and whether they cover a finding.

    A comment covers the statement below it (across further comment and blank lines) or on its own line;
    ``-- squawk-ignore-file`` covers the whole file. squawk's rule names map to ours (rules.SQUAWK_NAMES); our
    ids, with or without the ``migrations.`` prefix, work too. A bare ``-- squawk-ignore`` covers every rule.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.file_rules: list[list[str]] = []
        self.by_line: dict[int, list[str]] = {}  # 0-based line -> rule names ([] = all)
        for n, text in enumerate(lines):
            if "squawk-ignore" not in text or "--" not in text:
                continue
            comment = text[text.index("--"):]
            if "squawk-ignore-file" in comment:
                self.file_rules.append(_items(comment.split("squawk-ignore-file", 1)[1]))
            elif "squawk-ignore" in comment:
                self.by_line[n] = _items(comment.split("squawk-ignore", 1)[1])

    def covers(self, line: int, rule_id: str) -> bool:
        if not self.file_rules and not self.by_line:
            return False
        if any(_covers(items, rule_id) for items in self.file_rules):
            return True
        n = line - 1
        while n >= 0:
            if n in self.by_line and _covers(self.by_line[n], rule_id):
                return True
            stripped = self.lines[n].strip() if n < len(self.lines) else ""
            if n < line - 1 and stripped and not stripped.startswith("--"):
                return False
            n -= 1
        return False


def _items(rest: str) -> list[str]:
    return [x.strip().lower() for x in rest.replace(",", " ").split() if x.strip()]


def _covers(items: list[str], rule_id: str) -> bool:
    ours = {rule_id, rule_id.removeprefix("migrations.")}
    return not items or any(i in ours or rule_id in R.SQUAWK_NAMES.get(i, ()) for i in items)


def squawk_ignored(lines: list[str], line: int, rule_id: str) -> bool:
    """One-off form of SquawkIgnores(lines).covers(line, rule_id)."""
    return SquawkIgnores(lines).covers(line, rule_id)
