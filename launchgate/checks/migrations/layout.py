"""Find migrations without configuration: which tool laid them out, in what order they run (the SQL
dialect is dialect.py's), whether the runner wraps each file in a transaction, and which part of a
file is "up" or "down".

File and marker names are matched here (that is layout, not SQL); everything about the SQL itself is
left to pglast in ``parse.py``. Up/down sections are cut by blanking the other section's lines, so
that line numbers in findings stay those of the original file.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath


class Tool(enum.Enum):
    """A migration runner whose layout we recognise."""

    FLYWAY = "flyway"
    GOLANG_MIGRATE = "golang-migrate"
    DBMATE = "dbmate"
    GOOSE = "goose"
    PRISMA = "prisma"
    SUPABASE = "supabase"
    DRIZZLE = "drizzle"
    SQLX = "sqlx"
    PLAIN = "plain"


class Orm(enum.Enum):
    """ORM migration frameworks whose migrations are code, not SQL."""

    ALEMBIC = "Alembic"
    DJANGO = "Django"
    RAILS = "Rails"
    KNEX = "Knex"


class TxMode(enum.Enum):
    """How the runner executes one migration file.

    PER_FILE: it opens a transaction around the file. IMPLICIT: it sends the whole file as one
    simple-protocol query, which PostgreSQL runs as one implicit transaction when it has several
    statements (golang-migrate; Prisma, whose maintainers say it wraps no migration in a
    transaction of its own: a lone CREATE INDEX CONCURRENTLY works, one after a SET fails). NONE:
    statements run in autocommit unless the file says BEGIN itself.
    """

    PER_FILE = "per-file"
    IMPLICIT = "implicit"
    NONE = "none"


@dataclass(frozen=True, kw_only=True)
class MigrationFile:
    """One migration: its up SQL (and down SQL when the layout has one), with original line numbers
    kept."""

    path: str  # repo-relative path of the up SQL
    version: str  # what orders it
    up_sql: str
    tx: TxMode
    down_path: str | None = None
    down_sql: str | None = None
    # why the file could not be read (too large, binary, unreadable): never a silent pass
    unread: str = ""


@dataclass(frozen=True, kw_only=True)
class Layout:
    """The migrations of one folder, in run order."""

    tool: Tool
    root: str  # repo-relative folder
    files: tuple[MigrationFile, ...]
    dialect: str = "postgresql"  # postgresql | sqlite | mysql | clickhouse | ...
    dialect_source: str = ""  # where the dialect came from, for the skipped-result reason


# Every tool's runner semantics, used both for detection results and for fix hints.
RUNNER_TX: dict[Tool, TxMode] = {
    Tool.FLYWAY: TxMode.PER_FILE,
    Tool.GOLANG_MIGRATE: TxMode.IMPLICIT,
    Tool.DBMATE: TxMode.PER_FILE,
    Tool.GOOSE: TxMode.PER_FILE,
    Tool.PRISMA: TxMode.IMPLICIT,
    Tool.SUPABASE: TxMode.PER_FILE,
    Tool.DRIZZLE: TxMode.PER_FILE,
    Tool.SQLX: TxMode.PER_FILE,
    Tool.PLAIN: TxMode.NONE,
}

_FLYWAY_RE = re.compile(r"^(?P<kind>[VUR])(?P<ver>[0-9][0-9._]*)?__.+\.sql$", re.IGNORECASE)
_UPDOWN_RE = re.compile(r"^(?P<ver>[0-9][^_]*)_.+\.(?P<dir>up|down)\.sql$", re.IGNORECASE)
_DRIZZLE_RE = re.compile(r"^[0-9]{4}_.+\.sql$")
_DBMATE_UP = re.compile(r"^\s*--\s*migrate:up\b(?P<opts>.*)$", re.IGNORECASE)
_DBMATE_DOWN = re.compile(r"^\s*--\s*migrate:down\b", re.IGNORECASE)
_GOOSE_UP = re.compile(r"^\s*--\s*\+goose\s+up\b", re.IGNORECASE)
_GOOSE_DOWN = re.compile(r"^\s*--\s*\+goose\s+down\b", re.IGNORECASE)
_GOOSE_NO_TX = re.compile(r"^\s*--\s*\+goose\s+no\s+transaction\b", re.IGNORECASE)
_SQLX_NO_TX = re.compile(r"^\s*--\s*no-transaction\b", re.IGNORECASE)
_DIGITS = re.compile(r"(\d+)")
# Other people's migrations: vendored dependencies and test data of libraries (set migrations.dir to
# include them).
_VENDORED = frozenset({"vendor", "node_modules", "third_party", "testdata", "site-packages",
                       ".venv", "venv",
                       # a sample app shipped beside the product (dittofeed's
                       # examples/supabase): its migrations are no deploy of this repository's
                       "examples", "example"})
_PSQL_META = re.compile(r"^\s*\\")

def natural_key(text: str) -> tuple[tuple[int, str], ...]:
    """Order ``2_x`` before ``10_x`` and ``V1_10`` after ``V1_9`` (how the runners order them)."""
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in _DIGITS.split(text) if p)


# -- section splitting
# ---------------------------------------------------------------------------------------------

def _blank_except(lines: Sequence[str], keep: Iterable[int]) -> str:
    """The file's text with every line not in ``keep`` (0-based) blanked, so line numbers are
    unchanged."""
    kept = set(keep)
    return "\n".join(line if i in kept else "" for i, line in enumerate(lines)) + "\n"


def split_dbmate(text: str) -> tuple[str, str | None, bool]:
    """(up SQL, down SQL or None, transactional) of a dbmate file (``-- migrate:up
    transaction:false``)."""
    lines = text.splitlines()
    up: list[int] = []
    down: list[int] = []
    section: list[int] | None = None
    transactional = True
    for i, line in enumerate(lines):
        if m := _DBMATE_UP.match(line):
            section = up
            if re.search(r"transaction\s*:\s*false", m.group("opts"), re.IGNORECASE):
                transactional = False
        elif _DBMATE_DOWN.match(line):
            section = down
        elif section is not None:
            section.append(i)
    return _blank_except(lines, up), (_blank_except(lines, down) if down else None), transactional


def split_goose(text: str) -> tuple[str, str | None, bool]:
    """(up SQL, down SQL or None, transactional) of a goose file (``-- +goose NO TRANSACTION``)."""
    lines = text.splitlines()
    up: list[int] = []
    down: list[int] = []
    section: list[int] | None = None
    transactional = True
    for i, line in enumerate(lines):
        if _GOOSE_NO_TX.match(line):
            transactional = False
        elif _GOOSE_UP.match(line):
            section = up
        elif _GOOSE_DOWN.match(line):
            section = down
        elif section is not None:
            section.append(i)
    return _blank_except(lines, up), (_blank_except(lines, down) if down else None), transactional


def has_marker(text: str, tool: Tool) -> bool:
    """Whether a file carries the up marker of dbmate or goose."""
    pattern = _DBMATE_UP if tool is Tool.DBMATE else _GOOSE_UP
    return any(pattern.match(line) for line in text.splitlines()[:400])


# -- detection
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class RepoView:
    """What detection needs from the repository: file paths and a way to read small text files."""

    paths: tuple[str, ...]
    texts: dict[str, str]  # path -> text, for the files detection reads (SQL, configs)
    unread: dict[str, str] = field(default_factory=dict)  # path -> why it could not be read


def candidate_roots(paths: Sequence[str]) -> list[str]:
    """Folders that look like they hold SQL migrations (by folder name, file naming or a tool's
    marker file)."""
    roots: set[str] = set()
    known = set(paths)
    for p in paths:
        pp = PurePosixPath(p)
        if pp.suffix.lower() != ".sql" or not _VENDORED.isdisjoint(pp.parts[:-1]):
            continue
        parent = pp.parent
        if pp.name == "migration.sql" and (
            parent.parent.name == "migrations"
            or (parent.parent / "migration_lock.toml").as_posix() in known
        ):
            # Prisma: migrations/<stamp>_<name>/migration.sql, or any folder Prisma marked with
            # migration_lock.toml
            roots.add(parent.parent.as_posix())
            continue
        name = pp.name
        if (
            "migrat" in parent.as_posix().lower()
            or _FLYWAY_RE.match(name)
            or _UPDOWN_RE.match(name)
            or (parent / "meta" / "_journal.json").as_posix() in known
        ):
            roots.add(parent.as_posix())
    return sorted(roots)


def detect_orm(paths: Sequence[str], texts: dict[str, str]) -> tuple[Orm, str] | None:
    """An ORM whose migrations are code (Alembic, Django, Rails, Knex), with the folder they live
    in."""
    for p in paths:
        pp = PurePosixPath(p)
        if not _VENDORED.isdisjoint(pp.parts[:-1]):
            continue
        if pp.name == "alembic.ini" or (pp.parent.name == "versions" and pp.suffix == ".py"
                                        and "revision" in texts.get(p, "revision")):
            return Orm.ALEMBIC, (pp.parent.as_posix() if pp.parent.name == "versions"
                                 else pp.parent.as_posix() or ".")
        if pp.parent.name == "migrations" and pp.suffix == ".py" and re.match(r"^\d{4}_", pp.name):
            return Orm.DJANGO, pp.parent.as_posix()
        if pp.parent.as_posix().endswith("db/migrate") and pp.suffix == ".rb":
            return Orm.RAILS, pp.parent.as_posix()
        if pp.name in ("knexfile.js", "knexfile.ts", "knexfile.cjs", "knexfile.mjs"):
            return Orm.KNEX, pp.parent.as_posix() or "."
    return None


def detect_tool(root: str, view: RepoView) -> Tool:
    """Which runner laid out ``root``: naming conventions first, then markers inside the files."""
    files = sorted(p for p in view.paths if PurePosixPath(p).parent.as_posix() == root
                   and p.endswith(".sql"))
    names = [PurePosixPath(p).name for p in files]
    by_layout = _tool_by_layout(root, view, files, names)
    if by_layout is not None:
        return by_layout
    texts = [view.texts.get(p, "") for p in files]
    if any(has_marker(t, Tool.GOOSE) for t in texts):
        return Tool.GOOSE
    if any(has_marker(t, Tool.DBMATE) for t in texts):
        return Tool.DBMATE
    cargo = view.texts.get("Cargo.toml", "")
    if "sqlx" in cargo and (root == "migrations" or root.endswith("/migrations")):
        return Tool.SQLX
    if names and sum(bool(_UPDOWN_RE.match(n)) for n in names) * 2 >= len(names):
        return Tool.GOLANG_MIGRATE
    return Tool.PLAIN


def _tool_by_layout(root: str, view: RepoView, files: list[str], names: list[str]) -> Tool | None:
    """The runners recognised by their folder layout or file names alone."""
    if any(p.startswith(root + "/") and p.endswith("/migration.sql")
           for p in view.paths) and not files:
        return Tool.PRISMA
    if f"{root}/meta/_journal.json" in view.paths or (
        names
        and all(_DRIZZLE_RE.match(n) for n in names)
        and any("--> statement-breakpoint" in view.texts.get(p, "") for p in files)
    ):
        return Tool.DRIZZLE
    if root == "supabase/migrations" or root.endswith("/supabase/migrations"):
        return Tool.SUPABASE
    if names and sum(bool(_FLYWAY_RE.match(n)) for n in names) * 2 > len(names):
        return Tool.FLYWAY
    return None


def build_layout(root: str, tool: Tool, view: RepoView, dialect: tuple[str, str]) -> Layout:
    """Read every migration of ``root`` as ``tool`` lays it out, in run order."""
    in_root = sorted(p for p in view.paths if p.startswith(root + "/") and p.endswith(".sql"))
    if tool is Tool.PRISMA:
        files = _prisma_files(root, view, in_root)
    else:
        direct = [p for p in in_root if PurePosixPath(p).parent.as_posix() == root]
        downs = _down_files(tool, direct)
        files = [_migration_file(p, tool, view, downs) for p in direct if p not in downs.values()]
    files.sort(key=lambda f: _order_key(tool, f))
    return Layout(tool=tool, root=root, files=tuple(files), dialect=dialect[0],
                  dialect_source=dialect[1])


def _prisma_files(root: str, view: RepoView, in_root: list[str]) -> list[MigrationFile]:
    files = []
    for p in in_root:
        pp = PurePosixPath(p)
        if pp.name == "migration.sql" and pp.parent.parent.as_posix() == root:
            files.append(MigrationFile(path=p, version=pp.parent.name, up_sql=view.texts.get(p, ""),
                                       tx=RUNNER_TX[Tool.PRISMA], unread=view.unread.get(p, "")))
    return files


def _down_files(tool: Tool, direct: list[str]) -> dict[str, str]:
    """Separate down migrations, by the key of the up migration they undo."""
    downs = {}
    for p in direct:
        name = PurePosixPath(p).name
        if (m := _UPDOWN_RE.match(name)) and m.group("dir").lower() == "down":
            downs[name[: -len(".down.sql")].lower()] = p
        elif (
            tool is Tool.FLYWAY
            and (m2 := _FLYWAY_RE.match(name))
            and m2.group("kind").upper() == "U"
        ):
            downs["v" + (m2.group("ver") or "")] = p
    return downs


def _migration_file(p: str, tool: Tool, view: RepoView, downs: Mapping[str, str]) -> MigrationFile:
    """One up migration: its SQL, its down migration (in the same file or beside it), its
    transaction mode."""
    name = PurePosixPath(p).name
    text = view.texts.get(p, "")
    tx = RUNNER_TX[tool]
    up: str = text
    down: str | None = None
    down_path: str | None = None
    if tool in (Tool.DBMATE, Tool.GOOSE):
        up, down, transactional = (split_dbmate if tool is Tool.DBMATE else split_goose)(text)
        tx = TxMode.PER_FILE if transactional else TxMode.NONE
        down_path = p if down else None
    elif (m := _UPDOWN_RE.match(name)) and m.group("dir").lower() == "up":
        down_path = downs.get(name[: -len(".up.sql")].lower())
    elif tool is Tool.FLYWAY and (m2 := _FLYWAY_RE.match(name)) and m2.group("kind").upper() == "V":
        down_path = downs.get("v" + (m2.group("ver") or ""))
    if tool is Tool.SQLX and text.lstrip().lower().startswith("-- no-transaction"):
        tx = TxMode.NONE
    if tool is Tool.FLYWAY and re.search(r"executeInTransaction\s*=\s*false",
                                         view.texts.get(p + ".conf", ""), re.IGNORECASE):
        tx = TxMode.NONE
    if down_path and down_path != p:
        down = view.texts.get(down_path, "")
    return MigrationFile(path=p, version=_version(tool, name), up_sql=up, tx=tx,
                         down_path=down_path,
                         down_sql=down, unread=view.unread.get(p, ""))


def _version(tool: Tool, name: str) -> str:
    if tool is Tool.FLYWAY and (m := _FLYWAY_RE.match(name)):
        return (m.group("ver") or "").replace("_", ".") if m.group("kind").upper() != "R" else "R"
    return name.split("_", 1)[0]


def _order_key(tool: Tool, f: MigrationFile) -> tuple[int, tuple[tuple[int, str], ...], str]:
    # Flyway runs repeatable (R__) migrations after all versioned ones.
    repeatable = 1 if tool is Tool.FLYWAY and f.version == "R" else 0
    if tool is Tool.FLYWAY and not repeatable:
        return 0, tuple((int(x), "") for x in f.version.split(".") if x.isdigit()), f.path
    return repeatable, natural_key(PurePosixPath(f.path).parent.name if tool is Tool.PRISMA
                                   else PurePosixPath(f.path).name), f.path


def sql_text_paths(paths: Sequence[str], roots: Sequence[str]) -> list[str]:
    """Files detection and linting read: the SQL under the migration folders (not every .sql file of
    the repo: dumps and fixtures can be large), and the small configs that say the tool or
    dialect."""
    wanted = {"Cargo.toml", "migration_lock.toml", "_journal.json"}
    prefixes = tuple(r.rstrip("/") + "/" for r in roots)
    exact = {r.rstrip("/") for r in roots}
    return [p for p in paths
            if (p.endswith((".sql", ".sql.conf")) and (p.startswith(prefixes) or p in exact))
            or p.endswith("schema.prisma")
            or PurePosixPath(p).name in wanted
            or PurePosixPath(p).name.startswith("drizzle.config.")]


def blank_psql_meta(sql: str) -> str:
    """Blank psql meta-commands (``\\connect``, ``\\set ON_ERROR_STOP``, pg_dump's ``\\restrict``):
    psql runs them, PostgreSQL's parser does not know them. Plain folders are often run with ``psql
    -f``."""
    if "\\" not in sql:
        return sql
    return "\n".join("" if _PSQL_META.match(line) else line for line in sql.split("\n"))
