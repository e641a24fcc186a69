"""Rules on ALTER TABLE, CREATE/DROP INDEX and DROP: locks, rewrites and breaking changes on
existing tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from launchgate.checks.migrations import rules as R
from launchgate.checks.migrations.parse import names, relname, walk
from launchgate.checks.migrations.walk import (
    NON_VOLATILE_FUNCS,
    SERIAL_TYPES,
    Walk,
    concurrent_fix,
    concurrently_in_tx,
)
from launchgate.model import Rule


def index_stmt(w: Walk) -> None:
    b = w.stmt.body
    table = relname(b.get("relation"))
    if b.get("idxname"):
        w.scope.indexes.add(b["idxname"])
    if b.get("concurrent"):
        if w.in_tx:
            concurrently_in_tx(w, "CREATE INDEX CONCURRENTLY")
        return
    if w.hot(table):
        unique = "UNIQUE " if b.get("unique") else ""
        w.add(R.CREATE_INDEX, f"CREATE {unique}INDEX on existing table {table} without "
              "CONCURRENTLY takes a SHARE lock that blocks INSERT/UPDATE/DELETE "
              f"on {table} for the whole index build (minutes on a large table); " "safe: "
              f"{concurrent_fix(w.runner, f'CREATE {unique}INDEX CONCURRENTLY')}", table)


def drop_stmt(w: Walk) -> None:
    b = w.stmt.body
    kind = b.get("removeType", "")
    objs = [".".join(names(o.get("List", {}).get("items"))) if "List" in o else ".".join(names([o]))
            for o in b.get("objects", [])]
    objs = [o.removeprefix("public.") for o in objs]
    if kind == "OBJECT_INDEX":
        if b.get("concurrent"):
            if w.in_tx:
                concurrently_in_tx(w, "DROP INDEX CONCURRENTLY")
            return
        for idx in objs:
            if idx not in w.scope.indexes:
                w.add(R.DROP_INDEX, f"DROP INDEX {idx} without CONCURRENTLY takes an ACCESS "
                      "EXCLUSIVE lock on its table, blocking reads and writes "
                      "while it waits for running queries; safe: "
                      f"{concurrent_fix(w.runner, 'DROP INDEX CONCURRENTLY')}", idx)
    elif kind == "OBJECT_TABLE":
        for t in objs:
            if w.existing(t):
                cascade = " CASCADE (also drops views and foreign keys that depend on it)" \
                    if b.get("behavior") == "DROP_CASCADE" else ""
                w.add(R.DROP_TABLE, f"DROP TABLE {t}{cascade}: its data is lost and the running "
                      "release still queries it (ACCESS EXCLUSIVE lock); stop "
                      f"using {t} in one release, back it up, drop it in a later one", t)
    elif kind == "OBJECT_SCHEMA":
        for sch in objs:
            w.add(R.DROP_SCHEMA, f"DROP SCHEMA {sch} removes every object in it; stop using it "
                  "first and drop it in a later release after a backup", sch)


def alter_table(w: Walk) -> None:
    b = w.stmt.body
    table = relname(b.get("relation"))
    for cmd in b.get("cmds", []):
        c = cmd.get("AlterTableCmd", {})
        handler = _ALTER_CMDS.get(c.get("subtype", ""))
        if handler is not None:
            handler(w, table, c)


def _add_column(w: Walk, table: str, c: dict[str, Any]) -> None:
    col = c.get("def", {}).get("ColumnDef", {})
    name = col.get("colname", "?")
    tname = names(col.get("typeName", {}).get("names"))
    w.state.columns.setdefault(table, {})[name] = type_of(col.get("typeName", {}))
    if not w.hot(table):
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
        reason = (f"PostgreSQL {w.runner.pg} writes any default into every row (constant defaults "
                  "are free from 11)")
    elif default is not None and (fn := _volatile_call(default)):
        reason = ("the default is a subquery, evaluated for every row" if fn == "a subquery" else
                  f"the default calls {fn}(), which is volatile, so every row gets its own value"
                  if fn in KNOWN_VOLATILE else
                  f"the default calls {fn}(), whose volatility is not known here (a VOLATILE "
                  "function gives every row its own value; STABLE or IMMUTABLE ones do not "
                  "rewrite: migrations.apply can tell)")
    if reason:
        w.add(R.ADD_COLUMN_REWRITE, f"ADD COLUMN {table}.{name}: {reason}, rewriting {table} "
              "under an ACCESS EXCLUSIVE lock that blocks all reads and "
              f"writes until the rewrite ends; safe: add {name} nullable "
              "without that default, set the default for new rows, " "backfill in batches", table,
              name)
    if (
        "CONSTR_NOTNULL" in types
        and default is None
        and not reason
        and "CONSTR_PRIMARY" not in types
    ):
        w.add(R.ADD_NOT_NULL, f"ADD COLUMN {table}.{name} NOT NULL without a default fails as "
              f"soon as {table} has a row; safe: add it nullable (or with a "
              f"constant default), backfill, then add CHECK ({name} IS NOT NULL) "
              "NOT VALID and VALIDATE it in a later migration", table, name)
    if "CONSTR_PRIMARY" in types:
        _pk_or_unique(w, table, R.ADD_PK, "PRIMARY KEY")
    elif "CONSTR_UNIQUE" in types:
        _pk_or_unique(w, table, R.ADD_UNIQUE, "UNIQUE")


KNOWN_VOLATILE = frozenset({"random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
                            "uuid_generate_v4",
                            "uuidv4", "uuidv7", "clock_timestamp", "timeofday", "nextval",
                            "setseed", "random_normal"})


def _volatile_call(expr: dict[str, Any]) -> str:
    for node in walk(expr):
        if "FuncCall" in node:
            fn = names(node["FuncCall"].get("funcname"))
            if fn and fn[-1].lower() not in NON_VOLATILE_FUNCS:
                return fn[-1]
        if "SubLink" in node:
            return "a subquery"
    return ""


def _pk_or_unique(w: Walk, table: str, rule: Rule, what: str) -> None:
    w.add(rule, f"ADD {what} on existing table {table} builds a unique index while holding an "
          "ACCESS EXCLUSIVE lock, blocking all reads and writes for the whole build; safe: "
          "CREATE UNIQUE INDEX CONCURRENTLY "
          f"({concurrent_fix(w.runner, 'it').removeprefix('use ')}), then ALTER TABLE "
          f"{table} ADD CONSTRAINT ... {what} USING INDEX", table, what)


def _add_constraint(w: Walk, table: str, c: dict[str, Any]) -> None:
    con = c.get("def", {}).get("Constraint", {})
    ctype, name = con.get("contype", ""), con.get("conname", "")
    not_valid = bool(con.get("skip_validation"))
    if ctype == "CONSTR_CHECK":
        col = _not_null_check_column(con.get("raw_expr"))
        if col:
            w.state.not_null_checks.setdefault(table, {})[name] = (col, not not_valid)
    if not_valid and name:
        w.not_valid_added[name] = w.segments[w.i]
    if not w.hot(table):
        return
    if ctype == "CONSTR_FOREIGN" and not not_valid:
        ref = relname(con.get("pktable"))
        w.add(R.FK_VALIDATED, f"ADD FOREIGN KEY on {table} -> {ref} validates every existing row "
              "while holding SHARE ROW EXCLUSIVE on both tables (writes blocked "
              "for the whole scan); safe: add it NOT VALID, then ALTER TABLE "
              f"{table} VALIDATE CONSTRAINT {name or '<name>'} in a later " "migration", table,
              name)
    elif ctype == "CONSTR_CHECK" and not not_valid:
        w.add(R.CHECK_VALIDATED, f"ADD CHECK on {table} scans every row under an ACCESS EXCLUSIVE "
              "lock (no reads or writes until done); safe: add it NOT VALID, "
              f"then VALIDATE CONSTRAINT {name or '<name>'} in a later " "migration", table, name)
    elif ctype == "CONSTR_UNIQUE" and not con.get("indexname"):
        _pk_or_unique(w, table, R.ADD_UNIQUE, "UNIQUE")
    elif ctype == "CONSTR_PRIMARY" and not con.get("indexname"):
        _pk_or_unique(w, table, R.ADD_PK, "PRIMARY KEY")
    elif ctype == "CONSTR_EXCLUSION":
        w.add(R.ADD_EXCLUSION, f"ADD EXCLUDE on existing table {table} builds its index under an "
              "ACCESS EXCLUSIVE lock (no NOT VALID or USING INDEX form exists); "
              "add it in a maintenance window or while the table is small", table, name)


def _not_null_check_column(expr: dict[str, Any] | None) -> str:
    nt = (expr or {}).get("NullTest")
    if nt and nt.get("nulltesttype") == "IS_NOT_NULL":
        fields = names(nt.get("arg", {}).get("ColumnRef", {}).get("fields"))
        return fields[-1] if fields else ""
    return ""


def _validate(w: Walk, table: str, c: dict[str, Any]) -> None:
    name = c.get("name", "")
    for con, (col, _ok) in list(w.state.not_null_checks.get(table, {}).items()):
        if con == name:
            w.state.not_null_checks[table][con] = (col, True)
    seg = w.not_valid_added.get(name, -1)
    if seg is not None and seg == w.segments[w.i]:
        w.add(R.VALIDATE_SAME_TX, f"VALIDATE CONSTRAINT {name} on {table} runs in the transaction "
              "that added it NOT VALID, so the ADD's ACCESS EXCLUSIVE lock "
              "is held for the whole validation scan; move the VALIDATE to a " "later migration",
              table, name)


def _set_not_null(w: Walk, table: str, c: dict[str, Any]) -> None:
    col = c.get("name", "")
    if not w.hot(table):
        return
    proven = any(cc == col and ok for cc, ok in w.state.not_null_checks.get(table, {}).values())
    if proven and w.runner.pg >= 12:
        return
    w.add(R.SET_NOT_NULL, f"SET NOT NULL on {table}.{col} scans every row under an ACCESS "
          "EXCLUSIVE lock (no reads or writes until done); safe: ADD CONSTRAINT "
          f"... CHECK ({col} IS NOT NULL) NOT VALID, VALIDATE it in a later "
          "migration, then SET NOT NULL (PostgreSQL 12+ skips the scan) and drop " "the check",
          table, col)


def type_of(tn: dict[str, Any]) -> tuple[str, tuple[int, ...]]:
    n = names(tn.get("names"))
    mods = tuple(int(m.get("A_Const", {}).get("ival", {}).get("ival", 0))
                 for m in tn.get("typmods", []))
    base = n[-1].lower() if n else "?"
    base = {"character varying": "varchar", "int": "int4", "integer": "int4",
            "bigint": "int8"}.get(base, base)
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


def _alter_type(w: Walk, table: str, c: dict[str, Any]) -> None:
    col = c.get("name", "")
    coldef = c.get("def", {}).get("ColumnDef", {})
    new = type_of(coldef.get("typeName", {}))
    old = w.state.columns.get(table, {}).get(col)
    w.state.columns.setdefault(table, {})[col] = new
    if not w.hot(table):
        return
    using = coldef.get("raw_default") is not None
    if old is not None and not using and binary_coercible(old, new):
        return
    shown = new[0] + (f"({','.join(map(str, new[1]))})" if new[1] else "")
    before = (
        f"from {old[0]}{'(' + ','.join(map(str, old[1])) + ')' if old[1] else ''} " if old else ""
    )
    note = "" if old else (" (the current type is not declared in the migrations read, so a "
                           "binary-coercible change cannot be ruled out)")
    w.add(R.CHANGE_TYPE, f"ALTER COLUMN {table}.{col} TYPE {before}to {shown} rewrites {table} "
          "and its indexes under an ACCESS EXCLUSIVE lock (no reads or writes "
          f"until done){note}; safe: add a new column, dual-write, backfill in "
          "batches, switch reads, drop the old column", table, col)


def _simple(rule: Rule, text: str) -> Callable[[Walk, str, dict[str, Any]], None]:
    def handler(w: Walk, table: str, c: dict[str, Any]) -> None:
        if w.existing(table):
            w.add(rule, text.format(table=table, col=c.get("name", "")), table, c.get("name", ""))
    return handler


def _detach(w: Walk, table: str, c: dict[str, Any]) -> None:
    part = relname(c.get("def", {}).get("PartitionCmd", {}).get("name"))
    if c.get("def", {}).get("PartitionCmd", {}).get("concurrent"):
        if w.in_tx:
            concurrently_in_tx(w, "DETACH PARTITION CONCURRENTLY")
        return
    if w.hot(table):
        safe = concurrent_fix(w.runner,
                              "DETACH PARTITION ... CONCURRENTLY") if w.runner.pg >= 14 else \
            ("upgrade to PostgreSQL 14+ for DETACH PARTITION ... CONCURRENTLY, or detach in a "
             "quiet window")
        w.add(R.DETACH, f"DETACH PARTITION {part} from {table} takes an ACCESS EXCLUSIVE lock on "
              f"{table}, blocking all queries on it while it waits; safe: {safe}", table, part)


_ALTER_CMDS: dict[str, Callable[[Walk, str, dict[str, Any]], None]] = {
    "AT_AddColumn": _add_column,
    "AT_AddConstraint": _add_constraint,
    "AT_ValidateConstraint": _validate,
    "AT_SetNotNull": _set_not_null,
    "AT_AlterColumnType": _alter_type,
    "AT_DetachPartition": _detach,
    "AT_DropColumn": _simple(R.DROP_COLUMN, "DROP COLUMN {table}.{col}: the running release still "
                             "reads it (and ORMs select every column), so requests "
                             "fail during the deploy; takes ACCESS EXCLUSIVE "
                             "briefly; safe: stop reading and writing {col} in one "
                             "release, drop it in the next"),
    "AT_DropNotNull": _simple(R.DROP_NOT_NULL, "DROP NOT NULL on {table}.{col}: readers in the "
                              "running release assume it is never NULL; make "
                              "them handle NULL first"),
}
