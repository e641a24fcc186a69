"""Rules on the other statements (renames, TRUNCATE, REINDEX, VACUUM FULL, domains, enums,
backfills) and the table of statement handlers."""

from __future__ import annotations

import json
from collections.abc import Callable

from pglast import parser as pg_parser

from launchgate.checks.migrations import rules as R
from launchgate.checks.migrations.parse import Statement, names, parse, relname, walk
from launchgate.checks.migrations.tables import alter_table, drop_stmt, index_stmt, type_of
from launchgate.checks.migrations.walk import (
    Walk,
    concurrent_fix,
    concurrently_in_tx,
    is_ddl_on_existing,
    outside_tx_hint,
)

# -- other statements
# ----------------------------------------------------------------------------------------------

def _rename(w: Walk) -> None:
    b = w.stmt.body
    kind, table = b.get("renameType", ""), relname(b.get("relation"))
    new = b.get("newname", "")
    if kind == "OBJECT_COLUMN" and w.existing(table):
        old = b.get("subname", "")
        w.add(R.RENAME_COLUMN, f"RENAME COLUMN {table}.{old} to {new}: the running release still "
              f"uses {old} and fails until the new code is live; safe: add "
              f"{new}, dual-write, backfill, switch reads, then drop {old} in a " "later release",
              table, old)
    elif kind == "OBJECT_TABLE":
        if w.existing(table):
            w.add(R.RENAME_TABLE, f"RENAME TABLE {table} to {new}: the running release still "
                  f"queries {table} and fails; safe: create {new} (or keep a view "
                  f"named {table}), migrate code, drop the old name later",
                  table)
        if table in w.state.columns:
            w.state.columns[new] = w.state.columns.pop(table)
    elif kind == "OBJECT_SCHEMA":
        old = b.get("subname", "")
        w.add(R.RENAME_SCHEMA, f"RENAME SCHEMA {old} to {new}: every query naming {old} fails "
              "from the commit on",
              old)


def _truncate(w: Walk) -> None:
    b = w.stmt.body
    w.emptied.update(relname(r) for r in b.get("relations", []))
    if b.get("behavior") == "DROP_CASCADE":
        tables = ", ".join(relname(r) for r in b.get("relations", []))
        w.add(R.TRUNCATE_CASCADE, f"TRUNCATE {tables} CASCADE also empties every table that "
              "references it, recursively, under ACCESS EXCLUSIVE locks; "
              "truncate the tables you mean explicitly", tables)


def _reindex(w: Walk) -> None:
    b = w.stmt.body
    target = relname(b.get("relation")) or str(b.get("name", ""))
    concurrent = any(p.get("DefElem", {}).get("defname") == "concurrently"
                     for p in b.get("params", []))
    if concurrent:
        if w.in_tx:
            concurrently_in_tx(w, "REINDEX CONCURRENTLY")
        return
    if target in w.scope.tables or target in w.scope.indexes or target in w.emptied:
        return
    safe = concurrent_fix(w.runner, "REINDEX ... CONCURRENTLY") if w.runner.pg >= 12 else \
        ("upgrade to PostgreSQL 12+ for REINDEX CONCURRENTLY, or rebuild with CREATE INDEX "
         "CONCURRENTLY and swap")
    w.add(R.REINDEX, f"REINDEX {target} without CONCURRENTLY blocks writes to the table (and "
          f"reads using the index) for the whole rebuild; safe: {safe}", target)


def _vacuum(w: Walk) -> None:
    b = w.stmt.body
    if w.stmt.kind == "VacuumStmt" and not any(o.get("DefElem", {}).get("defname") == "full"
                                               for o in b.get("options", [])):
        return
    rels = b.get("rels", [])
    tables = [relname(r.get("VacuumRelation", {}).get("relation")) for r in rels] if rels else \
        [relname(b.get("relation"))]
    tables = [t for t in tables if w.hot(t)] if any(tables) else ["every table"]
    if tables:
        what = "VACUUM FULL" if w.stmt.kind == "VacuumStmt" else "CLUSTER"
        w.add(R.VACUUM_FULL, f"{what} {', '.join(tables)} rewrites the table under an ACCESS "
              "EXCLUSIVE lock (no reads or writes until done); use "
              "pg_repack/pg_squeeze outside the deploy, or plain VACUUM", what)


def _domain(w: Walk) -> None:
    b = w.stmt.body
    con = b.get("def", {}).get("Constraint", {})
    if (
        b.get("subtype") == "C"
        and con.get("contype") == "CONSTR_CHECK"
        and not con.get("skip_validation")
    ):
        dom = ".".join(names(b.get("typeName")))
        w.add(R.DOMAIN_CHECK, f"ALTER DOMAIN {dom} ADD CHECK validates every column using {dom} "
              "in every table, holding locks on all of them; safe: add it NOT "
              "VALID, then ALTER DOMAIN ... VALIDATE CONSTRAINT in a later " "migration", dom)


def _dropdb(w: Walk) -> None:
    db = w.stmt.body.get("dbname", "")
    w.add(R.DROP_DATABASE, f"DROP DATABASE {db} in a migration destroys every table in it; remove "
          "it and drop databases by hand", db)


def _enum(w: Walk) -> None:
    b = w.stmt.body
    typ = ".".join(names(b.get("typeName")))
    if b.get("oldVal"):
        w.add(R.RENAME_ENUM_VALUE, f"RENAME VALUE '{b['oldVal']}' of enum {typ} to "
              f"'{b.get('newVal')}': running code that writes or compares "
              f"'{b['oldVal']}' fails or stops matching; add the new value "
              "and migrate rows and code instead", typ, b["oldVal"])
        return
    value = b.get("newVal", "")
    if not w.in_tx:
        return
    seg = w.segments[w.i]
    if w.runner.pg < 12:
        w.add(R.ENUM_ADD_VALUE, f"ALTER TYPE {typ} ADD VALUE '{value}' cannot run inside a "
              "transaction block before PostgreSQL 12: the migration fails; "
              f"{outside_tx_hint(w.runner.tool, 'ALTER TYPE ... ADD VALUE')}",
              typ, value)
        return
    for j in range(w.i + 1, len(w.stmts)):
        later = w.stmts[j]
        if w.segments[j] != seg:
            break
        if any(n.get("A_Const", {}).get("sval", {}).get("sval") == value for n in walk(later.node)):
            w.add(R.ENUM_ADD_VALUE, f"enum value '{value}' added to {typ} is used at line "
                  f"{later.line} in the same transaction: PostgreSQL fails with "
                  "'unsafe use of new value'; add the value in its own "
                  "migration and use it in a later one", typ, value)
            return


def _backfill(w: Walk) -> None:
    table = relname(w.stmt.body.get("relation"))
    _backfill_rule(w, table)
    if w.stmt.kind == "DeleteStmt" and not w.stmt.body.get("whereClause"):
        w.emptied.add(table)  # the statements after it work on an empty table


def _backfill_rule(w: Walk, table: str) -> None:
    seg = w.segments[w.i]
    if seg is None or not w.existing(table):
        return
    # first DDL statement on an existing table in each transaction, computed once
    if w.segment_ddl is None:
        w.segment_ddl = {}
        for j, s in enumerate(w.stmts):
            sj = w.segments[j]
            if sj is not None and sj not in w.segment_ddl and is_ddl_on_existing(w, s):
                w.segment_ddl[sj] = s
    ddl = w.segment_ddl.get(seg)
    if ddl is not None:
        verb = "UPDATE" if w.stmt.kind == "UpdateStmt" else "DELETE"
        w.add(R.BACKFILL, f"{verb} of existing rows of {table} runs in the same transaction as "
              f"the schema change at line {ddl.line}, so that statement's lock (often "
              "ACCESS EXCLUSIVE) is held for the whole backfill; commit the schema "
              "change first, then backfill in batches in separate transactions", table)


def _create_table(w: Walk) -> None:
    b = w.stmt.body
    table = relname(b.get("relation"))
    w.scope.tables.add(table)
    cols: dict[str, tuple[str, tuple[int, ...]]] = {}
    for elt in b.get("tableElts", []):
        if "ColumnDef" in elt:
            cols[elt["ColumnDef"].get("colname", "")] = type_of(
                elt["ColumnDef"].get("typeName", {})
            )
    w.state.columns[table] = cols


def _create_table_as(w: Walk) -> None:
    w.scope.tables.add(relname(w.stmt.body.get("into", {}).get("rel")))


def _do_block(w: Walk) -> None:
    """Look inside ``DO $$ ... $$`` (plpgsql): migration generators wrap DDL in it (Drizzle's
    foreign keys), and it runs at migration time like any other statement. Functions' bodies are not
    looked into: they do not run."""
    langs = [a["DefElem"] for a in w.stmt.body.get("args", [])
             if a.get("DefElem", {}).get("defname") == "language"]
    if langs and langs[0].get("arg", {}).get("String", {}).get("sval",
                                                               "plpgsql").lower() != "plpgsql":
        return
    try:
        tree = json.loads(pg_parser.parse_plpgsql_json(w.stmt.text))
    except (pg_parser.ParseError, ValueError):
        # PostgreSQL reports plpgsql errors only when it runs the block; migrations.apply does that
        return
    for node in walk(tree):
        execsql = node.get("PLpgSQL_stmt_execsql") if isinstance(node, dict) else None
        if not execsql:
            continue
        query = execsql.get("sqlstmt", {}).get("PLpgSQL_expr", {}).get("query", "")
        line = w.stmt.line + max(0, int(execsql.get("lineno", 1)) - 1)
        for inner in parse(query).statements:
            handler = STATEMENTS.get(inner.kind)
            if handler is None or inner.kind == "DoStmt":
                continue
            at = Statement(kind=inner.kind, node=inner.node, text=inner.text, line=line,
                           end_line=line)
            handler(Walk(path=w.path, runner=w.runner, state=w.state, scope=w.scope, stmts=(at,),
                         segments=[w.segments[w.i]], findings=w.findings,
                         not_valid_added=w.not_valid_added,
                         emptied=w.emptied))


STATEMENTS: dict[str, Callable[[Walk], None]] = {
    "IndexStmt": index_stmt, "DropStmt": drop_stmt, "AlterTableStmt": alter_table,
    "RenameStmt": _rename,
    "TruncateStmt": _truncate, "ReindexStmt": _reindex, "VacuumStmt": _vacuum,
    "ClusterStmt": _vacuum,
    "AlterDomainStmt": _domain, "DropdbStmt": _dropdb, "AlterEnumStmt": _enum,
    "UpdateStmt": _backfill,
    "DeleteStmt": _backfill, "CreateStmt": _create_table, "CreateTableAsStmt": _create_table_as,
    "DoStmt": _do_block,
}
