"""SQL to statements with line numbers, through pglast (libpg_query: PostgreSQL's own parser).

pglast's JSON output is decoded (orjson when present) instead of building pglast's node objects:
about four times faster and the rules only need to read the tree. Statement locations from
libpg_query are byte offsets that start right after the previous semicolon, so comments and blank
lines are skipped to find the line where the statement itself begins (the line a finding and an
inline ignore refer to).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pglast import parser as pg_parser

# orjson decodes libpg_query's JSON about 4x faster than json: it keeps 5,000 statements under a
# second
try:
    import orjson

    _loads: Callable[[str], Any] = orjson.loads
except ImportError:  # pragma: no cover - the stdlib is a correct, slower fallback
    _loads = json.loads


@dataclass(frozen=True, kw_only=True)
class Statement:
    """One parsed statement: its node (``{"IndexStmt": {...}}``), text and 1-based line range in the
    file."""

    kind: str
    node: dict[str, Any]
    text: str
    line: int
    end_line: int

    @property
    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = self.node[self.kind]
        return body


@dataclass(frozen=True, kw_only=True)
class SyntaxProblem:
    """The parser's message and the line it points at."""

    message: str
    line: int


@dataclass(frozen=True, kw_only=True)
class Parsed:
    statements: tuple[Statement, ...]
    errors: tuple[SyntaxProblem, ...]


class _Lines:
    """Byte offset -> 1-based line number."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.starts = [0]
        pos = data.find(b"\n")
        while pos != -1:
            self.starts.append(pos + 1)
            pos = data.find(b"\n", pos + 1)

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, max(0, offset))


def _skip_noise(data: bytes, pos: int, end: int) -> int:
    """Skip whitespace, ``--`` comments and (nested) ``/* */`` comments from ``pos``."""
    while pos < end:
        c = data[pos : pos + 1]
        if c in (b" ", b"\t", b"\n", b"\r", b"\f", b"\v"):
            pos += 1
        elif data.startswith(b"--", pos):
            nl = data.find(b"\n", pos, end)
            pos = end if nl == -1 else nl + 1
        elif data.startswith(b"/*", pos):
            depth, pos = 1, pos + 2
            while pos < end and depth:
                if data.startswith(b"/*", pos):
                    depth, pos = depth + 1, pos + 2
                elif data.startswith(b"*/", pos):
                    depth, pos = depth - 1, pos + 2
                else:
                    pos += 1
        else:
            break
    return pos


def _statements(data: bytes, raw: list[dict[str, Any]], base: int,
                lines: _Lines) -> list[Statement]:
    out: list[Statement] = []
    for item in raw:
        node = item.get("stmt")
        if not node:
            continue
        loc = base + int(item.get("stmt_location", 0))
        length = int(item.get("stmt_len", 0)) or (len(data) - loc)
        start = _skip_noise(data, loc, loc + length)
        end = loc + length
        kind = next(iter(node))
        out.append(Statement(kind=kind, node=node, text=data[start:end].decode("utf-8", "replace"),
                             line=lines.line(start), end_line=lines.line(max(start, end - 1))))
    return out


# Files above this size (seed data, dumps) are split with the scanner first and their INSERT/COPY
# statements are not
# parsed: no rule reads them, and parsing 30 MB of INSERTs would take a minute and gigabytes of
# memory.
LARGE_SQL_CHARS = 2 * 1024 * 1024
_LEADING_NOISE = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.DOTALL)
_DATA_VERBS = ("INSERT", "COPY")


def parse(sql: str) -> Parsed:
    """Parse a file's SQL. On a syntax error, report it and still parse the statements around it one
    by one."""
    if len(sql) > LARGE_SQL_CHARS:
        return parse_large(sql)
    data = sql.encode("utf-8", "surrogatepass")
    lines = _Lines(data)
    try:
        raw = _loads(pg_parser.parse_sql_json(sql))
        return Parsed(statements=tuple(_statements(data, raw.get("stmts", []), 0, lines)),
                      errors=())
    except pg_parser.ParseError as exc:
        message = str(exc.args[0]) if exc.args else str(exc)
        offset = int(exc.args[1]) if len(exc.args) > 1 and isinstance(exc.args[1], int) else 0
        first = SyntaxProblem(message=message, line=lines.line(offset))
    return Parsed(statements=tuple(_one_by_one(sql, data, lines, skip_data=False)[0]),
                  errors=(first,))


def _one_by_one(
    sql: str, data: bytes, lines: _Lines, *, skip_data: bool
) -> tuple[list[Statement], SyntaxProblem | None]:
    """Split with the scanner, parse each statement alone (skipping INSERT/COPY when
    ``skip_data``)."""
    statements: list[Statement] = []
    first: SyntaxProblem | None = None
    try:
        slices = pg_parser.split(sql, with_parser=False, only_slices=True)
    except pg_parser.ParseError as exc:
        return [], SyntaxProblem(message=str(exc.args[0]) if exc.args else str(exc), line=1)
    # bytes before slice start, computed incrementally (no quadratic re-encoding of the prefix)
    done = 0
    done_chars = 0
    for sl in slices:
        done += len(sql[done_chars:sl.start].encode("utf-8", "surrogatepass"))
        done_chars = sl.start
        piece = sql[sl]
        if skip_data:
            noise = _LEADING_NOISE.match(piece, 0, 4096)
            if piece[noise.end() if noise else 0:][:8].upper().startswith(_DATA_VERBS):
                continue
        try:
            raw = _loads(pg_parser.parse_sql_json(piece))
        except pg_parser.ParseError as exc:
            if first is None:
                offset = (
                    int(exc.args[1]) if len(exc.args) > 1 and isinstance(exc.args[1], int) else 0
                )
                first = SyntaxProblem(message=str(exc.args[0]) if exc.args else str(exc),
                                      line=lines.line(done + offset))
            continue  # one finding per file is enough
        statements.extend(_statements(data, raw.get("stmts", []), done, lines))
    return statements, first


def parse_large(sql: str) -> Parsed:
    """``parse`` for a large file: statement by statement, INSERT/COPY (data) statements not
    parsed."""
    data = sql.encode("utf-8", "surrogatepass")
    statements, first = _one_by_one(sql, data, _Lines(data), skip_data=True)
    return Parsed(statements=tuple(statements), errors=(first,) if first else ())


def names(items: list[dict[str, Any]] | None) -> list[str]:
    """``[{"String": {"sval": "public"}}, {"String": {"sval": "users"}}]`` -> ``["public",
    "users"]``."""
    return [i["String"]["sval"] for i in items or () if "String" in i]


def relname(rangevar: dict[str, Any] | None) -> str:
    """A RangeVar as the name we track tables by (schema-qualified only when written so)."""
    if not rangevar:
        return ""
    rv = rangevar.get("RangeVar", rangevar)
    name = str(rv.get("relname", ""))
    schema = rv.get("schemaname")
    return f"{schema}.{name}" if schema and schema != "public" else name


def walk(node: Any) -> Any:
    """Every dict in a parse tree (depth first), for the few rules that search inside
    expressions."""
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            yield cur
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)
