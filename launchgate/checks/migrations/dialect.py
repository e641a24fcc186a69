"""Which SQL dialect a migrations folder is written in: the tool's own config first, then the
connection URL, then the folder's name; PostgreSQL when nothing says (the rules run on PostgreSQL
only)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath

from launchgate.checks.migrations.layout import RepoView, Tool

_PROVIDER_RE = re.compile(r'provider\s*=\s*"(?P<p>[a-z]+)"', re.IGNORECASE)
_DRIZZLE_DIALECT_RE = re.compile(r"""(?:dialect|driver)\s*:\s*["'](?P<d>[a-z-]+)["']""",
                                 re.IGNORECASE)

DIALECT_ALIASES = {
    "postgresql": "postgresql", "postgres": "postgresql", "pg": "postgresql",
    "cockroachdb": "postgresql",
    "sqlite": "sqlite", "turso": "sqlite", "libsql": "sqlite", "d1": "sqlite",
    "better-sqlite": "sqlite",
    "mysql": "mysql", "mysql2": "mysql", "mariadb": "mysql", "singlestore": "mysql",
    "planetscale": "mysql",
    "sqlserver": "sqlserver", "mssql": "sqlserver", "clickhouse": "clickhouse",
    "mongodb": "mongodb",
}


def dialect_from_url(url: str) -> str | None:
    """The dialect a connection URL names (``postgres://`` -> postgresql), or None when it names
    none we know."""
    scheme = url.split(":", 1)[0].lower().split("+", 1)[0] if ":" in url else ""
    return DIALECT_ALIASES.get(scheme)


def detect_dialect(tool: Tool, root: str, view: RepoView, url: str | None) -> tuple[str, str]:
    """(dialect, where it came from). Tool config first, then the connection URL; PostgreSQL when
    nothing says."""
    by_tool = _TOOL_DIALECT.get(tool)
    found = by_tool(root, view) if by_tool is not None else None
    if found is not None:
        return found
    if url and (from_url := dialect_from_url(url)):
        return from_url, "the database URL"
    lowered = root.lower()
    for hint in ("sqlite", "mysql", "clickhouse"):
        if hint in lowered:
            return hint, f"the folder name {root}"
    if sniffed := _mysql_syntax(root, view):
        return "mysql", f"MySQL-only syntax in {sniffed}"
    return "postgresql", ""


# Syntax PostgreSQL rejects and MySQL writes: backtick-quoted names, INSERT IGNORE, ENGINE=,
# AUTO_INCREMENT. Read with comments and string literals blanked out (a comment may quote `code`).
_MYSQL_ONLY = re.compile(r"`[A-Za-z_][\w$]*`|\bINSERT\s+IGNORE\b|\bENGINE\s*=\s*\w+"
                         r"|\bAUTO_INCREMENT\b", re.IGNORECASE)
_NOT_CODE = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'|\$(\w*)\$.*?\$\1\$", re.DOTALL)


def _mysql_syntax(root: str, view: RepoView) -> str | None:
    """The first SQL file of ``root`` written in MySQL-only syntax, or None."""
    prefix = f"{root.rstrip('/')}/" if root not in ("", ".") else ""
    for path in sorted(p for p in view.texts if p.startswith(prefix) and p.endswith(".sql")):
        if _MYSQL_ONLY.search(_NOT_CODE.sub(" ", view.texts[path])):
            return path
    return None


def _prisma_dialect(root: str, view: RepoView) -> tuple[str, str] | None:
    for cand in (f"{root}/migration_lock.toml",
                 *sorted(p for p in view.paths if p.endswith("schema.prisma"))):
        m = _PROVIDER_RE.search(view.texts.get(cand, ""))
        if m:
            return DIALECT_ALIASES.get(m.group("p").lower(), m.group("p").lower()), cand
    return None


def _drizzle_dialect(root: str, view: RepoView) -> tuple[str, str] | None:
    for cand in sorted(p for p in view.paths
                       if PurePosixPath(p).name.startswith("drizzle.config.")):
        m = _DRIZZLE_DIALECT_RE.search(view.texts.get(cand, ""))
        if m:
            return DIALECT_ALIASES.get(m.group("d").lower(), m.group("d").lower()), cand
    m = re.search(r'"dialect"\s*:\s*"(?P<d>[a-z]+)"',
                  view.texts.get(f"{root}/meta/_journal.json", ""))
    if m:
        return DIALECT_ALIASES.get(m.group("d"), m.group("d")), f"{root}/meta/_journal.json"
    return None


def _sqlx_dialect(root: str, view: RepoView) -> tuple[str, str] | None:
    cargo = view.texts.get("Cargo.toml", "")
    if '"postgres"' not in cargo:
        for name in ("sqlite", "mysql"):
            if f'"{name}"' in cargo:
                return name, "Cargo.toml (sqlx features)"
    return None


_TOOL_DIALECT: dict[Tool, Callable[[str, RepoView], tuple[str, str] | None]] = {
    Tool.SUPABASE: lambda root, view: ("postgresql", "Supabase"),
    Tool.PRISMA: _prisma_dialect, Tool.DRIZZLE: _drizzle_dialect, Tool.SQLX: _sqlx_dialect,
}
