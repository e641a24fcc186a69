"""From the repository's files to what the check lints: settings, layouts, PR scope, and the lint
over them.

Pure functions of a snapshot (paths + texts + settings); ``__init__.py`` does the I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from launchgate.checks.migrations import rules as R
from launchgate.checks.migrations.dialect import detect_dialect
from launchgate.checks.migrations.layout import (
    Layout,
    MigrationFile,
    RepoView,
    Tool,
    TxMode,
    blank_psql_meta,
    build_layout,
    candidate_roots,
    detect_orm,
    detect_tool,
    natural_key,
)
from launchgate.checks.migrations.lint import (
    Runner,
    SchemaState,
    Scope,
    SquawkIgnores,
    learn,
    lint_file,
    runner_tx,
)
from launchgate.checks.migrations.parse import Parsed, parse
from launchgate.checks.migrations.schema import Settings
from launchgate.model import Finding, Location

ORM_HINTS = {
    "Alembic": "set migrations.sql_from to the SQL that `alembic upgrade <from>:head --sql` prints",
    "Django": "set migrations.sql_from to the SQL that `python manage.py sqlmigrate <app> "
    "<migration>` prints",
    "Rails": "Rails cannot print migration SQL; lint db/structure.sql diffs by hand or point "
    "sql_from at SQL you own",
    "Knex": "Knex cannot print migration SQL; point migrations.sql_from at SQL you own",
}


# Migrations are read up to this size (a seed-data migration can be tens of MB); a larger one the
# next deploy runs
# is a migrations.file-not-linted finding, never a silent pass.
@dataclass(frozen=True, kw_only=True)
class Found:
    """The layouts to lint, the ones skipped (with why), or why there is nothing to lint at all."""

    layouts: tuple[Layout, ...] = ()
    skipped: tuple[str, ...] = ()
    nothing: str = ""


def find_layouts(view: RepoView, s: Settings, url: str | None) -> Found:
    """Every migrations folder in the repo (or the configured one), with its tool and dialect."""
    if s.sql_from:
        files = tuple(MigrationFile(path=p, version=p, up_sql=view.texts.get(p, ""), tx=TxMode.NONE)
                      for p in sorted(view.paths, key=natural_key) if _under_any(p, s.sql_from)
                      and p.endswith(".sql"))
        if not files:
            return Found(nothing=f"migrations.sql_from {', '.join(s.sql_from)} holds no .sql file")
        return Found(layouts=(Layout(tool=Tool.PLAIN, root=s.sql_from[0], files=files),))
    roots = [s.dir.rstrip("/")] if s.dir else candidate_roots(view.paths)
    if not roots:
        orm = detect_orm(view.paths, view.texts)
        if orm:
            return Found(nothing=f"not linted: SQL not available ({orm[0].value} migrations in "
                         f"{orm[1]}); {ORM_HINTS[orm[0].value]}")
        return Found(nothing="no SQL migrations found (set migrations.dir to point at them)")
    layouts: list[Layout] = []
    skipped: list[str] = []
    for root in roots:
        tool = Tool(s.tool) if s.tool != "auto" else detect_tool(root, view)
        dialect = (
            (s.dialect, "migrations.dialect")
            if s.dialect != "auto"
            else detect_dialect(tool, root, view, url)
        )
        layout = build_layout(root, tool, view, dialect)
        if not layout.files:
            continue
        if layout.dialect != "postgresql":
            skipped.append(f"{root}: {layout.dialect} migrations ({tool.value}, dialect from "
                           f"{layout.dialect_source}) are not linted: the rules are for PostgreSQL")
            continue
        layouts.append(layout)
    if not layouts:
        return Found(skipped=tuple(skipped), nothing="; ".join(skipped) or "no SQL migrations in "
                     f"{', '.join(roots)}")
    return Found(layouts=tuple(layouts), skipped=tuple(skipped))


def _under_any(path: str, prefixes: Sequence[str]) -> bool:
    return any(path == p.rstrip("/") or path.startswith(p.rstrip("/") + "/") for p in prefixes)


def effective_tx(f: MigrationFile, s: Settings) -> TxMode:
    return {"per-file": TxMode.PER_FILE, "none": TxMode.NONE}.get(s.transaction, f.tx)


@dataclass
class LayoutLint:
    """Lint result of one layout: findings, what was parsed, and whether it looked like PostgreSQL
    at all."""

    layout: Layout
    findings: list[Finding] = field(default_factory=list)
    parsed: dict[str, Parsed] = field(default_factory=dict)
    parsed_down: dict[str, Parsed] = field(default_factory=dict)
    linted: list[str] = field(default_factory=list)
    statements: int = 0
    not_postgres: str = ""


def lint_layout(layout: Layout, new: set[str] | frozenset[str] | None, s: Settings, *,
                all_new: bool = False) -> LayoutLint:
    """Lint the files of ``layout`` in ``new`` (all when None), learning the schema from the others
    first.

    The files linted are one change set: a table created by one of them is new for the others
    (nobody uses it yet). With ``new`` None and not ``all_new`` (``--all``), each file is judged
    against all the ones before it as if they were applied in production.
    """
    out = LayoutLint(layout=layout)
    state, scope = SchemaState(), Scope()
    failing = 0
    for f in layout.files:
        in_scope = new is None or f.path in new or (f.down_path or "") in new
        if f.unread:
            if in_scope:
                out.linted.append(f.path)
                out.findings.append(Finding.of(R.NOT_LINTED, f"{f.path} was not linted: "
                                               f"{f.unread}; none of its statements "
                                               "were checked", Location(path=f.path),
                                               key=(f.unread,)))
            continue
        parsed = parse(blank_psql_meta(f.up_sql) if layout.tool is Tool.PLAIN else f.up_sql)
        out.parsed[f.path] = parsed
        if f.down_sql is not None:
            out.parsed_down[f.path] = parse(f.down_sql)
        if not in_scope:
            learn(parsed, state)
            continue
        if new is None and not all_new:
            scope = Scope()  # --all: only objects created in this very file are new
        failing += _lint_parsed(out, f, parsed, s, state, scope)
    if not layout.dialect_source and failing >= 2 and failing * 2 >= len(out.linted):
        out.not_postgres = (f"{layout.root}: {failing} of {len(out.linted)} migrations do not "
                            "parse as PostgreSQL; not linted (set migrations.dialect if they are "
                            "PostgreSQL)")
        out.findings = []
    out.findings = one_timeout_finding(out.findings)
    return out


def _lint_parsed(out: LayoutLint, f: MigrationFile, parsed: Parsed, s: Settings, state: SchemaState,
                 scope: Scope) -> bool:
    """Lint one parsed migration into ``out``, as its runner runs it; True when it did not parse
    cleanly."""
    tool = out.layout.tool
    out.linted.append(f.path)
    out.statements += len(parsed.statements)
    runner = Runner(tool=tool, tx=runner_tx(tool, effective_tx(f, s), parsed.statements),
                    pg=s.postgres_version)
    ignores = SquawkIgnores(f.up_sql.splitlines())
    out.findings.extend(x for x in lint_file(f.path, parsed, runner, state, scope)
                        if not ignores.covers(x.location.start_line or 0, x.rule.id))
    return bool(parsed.errors)


def one_timeout_finding(findings: list[Finding]) -> list[Finding]:
    """At most one migrations.require-timeout per change set: on the first file, naming the
    others."""
    timeouts = [f for f in findings if f.rule is R.REQUIRE_TIMEOUT]
    if len(timeouts) <= 1:
        return findings
    first, others = timeouts[0], [f.location.path or "" for f in timeouts[1:]]
    shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
    merged = replace(first, message=f"{first.message} (also in {len(others)} other migration(s) "
                     f"of this change: {shown})")
    return [merged if f is first else f for f in findings if f.rule is not R.REQUIRE_TIMEOUT
            or f is first]


def migration_paths(layouts: Sequence[Layout]) -> set[str]:
    return {p for lay in layouts for f in lay.files for p in (f.path, f.down_path) if p}


def folder_of(path: str) -> str:
    return PurePosixPath(path).parent.as_posix()
