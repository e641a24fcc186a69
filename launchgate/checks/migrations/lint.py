"""PostgreSQL migration rules: pure functions over parsed statements (see parse.py), no I/O.

``lint_file`` walks one migration's statements in order, tracking what a runner would do: the
transaction the runner opens (or the file's own BEGIN/COMMIT), the tables and indexes created
earlier in the same migration (safe targets: nobody else is using them yet), and what earlier
migrations declared (column types, validated NOT NULL checks), so that e.g. varchar widening or SET
NOT NULL backed by a validated check are not reported.
"""

from __future__ import annotations

from launchgate.checks.migrations import rules as R
from launchgate.checks.migrations.layout import Tool, TxMode
from launchgate.checks.migrations.parse import Parsed, Statement, relname, walk
from launchgate.checks.migrations.statements import STATEMENTS
from launchgate.checks.migrations.walk import (
    LOCK_TAKING,
    Runner,
    SchemaState,
    Scope,
    Walk,
    is_ddl_on_existing,
    runner_tx,
    transaction_segments,
)
from launchgate.model import Finding, Location

__all__ = ["Runner", "SchemaState", "Scope", "SquawkIgnores", "learn", "lint_file", "runner_tx",
           "squawk_ignored"]


def _tx_rules(w: Walk) -> None:
    wrapped = w.runner.tx is TxMode.PER_FILE or (w.runner.tx is TxMode.IMPLICIT
                                                 and len(w.stmts) > 1)
    # A runner that sends the file whole (IMPLICIT: one simple-protocol query) opens no transaction
    # of its own: PostgreSQL turns the implicit block into the file's BEGIN block, without a
    # warning, and starts a new implicit one after its COMMIT. Only a BEGIN inside an open BEGIN
    # nests there.
    implicit = w.runner.tx is TxMode.IMPLICIT
    depth = 1 if wrapped and not implicit else 0
    open_begin: int | None = None
    for i, s in enumerate(w.stmts):
        w.i = i
        if s.kind != "TransactionStmt":
            continue
        kind = s.body.get("kind", "")
        if kind in ("TRANS_STMT_BEGIN", "TRANS_STMT_START"):
            if depth:
                how = (
                    "the runner already wraps this file in a transaction"
                    if wrapped and open_begin is None
                    else f"a transaction is already open (line {w.stmts[open_begin or 0].line})"
                )
                w.add(R.NESTING, f"BEGIN at {w.path}:{s.line} inside a transaction: {how}; the "
                      "inner COMMIT ends it early and the rest of the file runs " "outside it")
            else:
                depth, open_begin = 1, w.i
        elif kind in ("TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK"):
            depth, open_begin = 0, None
    if open_begin is not None:
        w.i = open_begin
        w.add(R.UNCOMMITTED, f"BEGIN at {w.path}:{w.stmt.line} is never committed in this file: "
              "the transaction is rolled back at disconnect, or holds its locks "
              "until then; add COMMIT at the end")


def _sets_lock_timeout(s: Statement) -> bool:
    if s.kind == "VariableSetStmt":
        return bool(s.body.get("name") == "lock_timeout")
    if s.kind == "SelectStmt":
        return any(n.get("A_Const", {}).get("sval", {}).get("sval") == "lock_timeout"
                   for n in walk(s.node))
    return False


def _require_timeout(w: Walk) -> None:
    for i, s in enumerate(w.stmts):
        w.i = i
        if _sets_lock_timeout(s):
            return
        if (
            s.kind in LOCK_TAKING
            and is_ddl_on_existing(w, s)
            and not (s.kind == "IndexStmt" and s.body.get("concurrent"))
        ):
            target = relname(s.body.get("relation")) or "its target"
            w.add(R.REQUIRE_TIMEOUT, f"this migration takes locks on {target} with no "
                  "lock_timeout set: if it waits behind a long query, every "
                  "query on the table queues behind it; start the file with "
                  "SET lock_timeout = '5s' (SET LOCAL inside a transaction) "
                  "and retry on timeout")
            return


def lint_file(path: str, parsed: Parsed, runner: Runner, state: SchemaState,
              scope: Scope) -> list[Finding]:
    """Findings for one migration file, in statement order; updates ``state`` and ``scope`` as a
    runner would."""
    findings = [Finding.of(R.SYNTAX, f"{path}:{e.line}: {e.message} (PostgreSQL parser)",
                           Location(path=path, start_line=e.line, end_line=e.line),
                           key=(e.message,))
                for e in parsed.errors]
    w = Walk(path=path, runner=runner, state=state, scope=scope, stmts=parsed.statements,
              segments=transaction_segments(parsed.statements, runner))
    for i, s in enumerate(parsed.statements):
        w.i = i
        handler = STATEMENTS.get(s.kind)
        if handler is not None:
            handler(w)
    _tx_rules(w)
    _require_timeout(w)
    return findings + w.findings


def learn(parsed: Parsed, state: SchemaState) -> None:
    """Record what an already-applied migration declared (column types, NOT NULL checks), without
    findings."""
    w = Walk(path="", runner=Runner(tool=Tool.PLAIN, tx=TxMode.NONE), state=state, scope=Scope(),
              stmts=parsed.statements, segments=[None] * len(parsed.statements))
    for i, s in enumerate(parsed.statements):
        w.i = i
        if s.kind in ("CreateStmt", "AlterTableStmt", "RenameStmt"):
            STATEMENTS[s.kind](w)


class SquawkIgnores:
    """``-- squawk-ignore <rules>`` comments of one file (read once), and whether they cover a
    finding.

    A comment covers the statement below it (across further comment and blank lines) or on its own
    line; ``-- squawk-ignore-file`` covers the whole file. squawk's rule names map to ours
    (rules.SQUAWK_NAMES); our ids, with or without the ``migrations.`` prefix, work too. A bare ``--
    squawk-ignore`` covers every rule.
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
