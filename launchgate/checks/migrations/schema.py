"""The ``migrations`` config section: its JSON Schema fragment (the only place its defaults live)
and the typed Settings built from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from launchgate.check import settings_of
from launchgate.checks.migrations.layout import Tool

_TIMEOUT = {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*(ms|s|min|h)?\s*$"}

SCHEMA: dict[str, dict[str, Any]] = {
    "migrations": {
        "type": "object",
        "description": "SQL migrations: where they are, how they run, and whether to apply them "
        "to a scratch PostgreSQL. Everything is detected when absent.",
        "additionalProperties": False,
        "properties": {
            "dir": {"type": "string", "description": "Folder of the migrations (detected when "
                    "absent)."},
            "tool": {"type": "string", "default": "auto", "description": "The migration runner.",
                     "enum": ["auto", *(t.value for t in Tool)]},
            "dialect": {"type": "string", "default": "auto",
                        "enum": ["auto", "postgresql", "sqlite", "mysql", "clickhouse",
                                 "sqlserver"],
                        "description": "SQL dialect (detected from the tool's config or the URL); "
                        "the rules run on PostgreSQL only."},
            "postgres_version": {"type": "integer", "default": 15, "minimum": 9, "maximum": 30,
                                 "description": "Major version of the production PostgreSQL."},
            "transaction": {"type": "string", "enum": ["auto", "per-file", "none"],
                            "default": "auto",
                            "description": "Whether the runner wraps each file in a transaction "
                            "(auto: what the detected tool does)."},
            "scope": {"type": "string", "enum": ["unreleased", "all"], "default": "unreleased",
                      "description": "Which migrations are linted when there is no pull-request "
                      "scope. unreleased: those the next deploy runs (not on the "
                      "default branch's remote on a feature branch, else added "
                      "since the latest release tag (unless every deploy runs the "
                      "migrations: a build or release hook that migrates), else "
                      "added in the last push; "
                      "everything when the history cannot tell). all: every "
                      "migration, each judged against the ones before it (same as " "--all)."},
            "all": {"type": "boolean", "default": False,
                    "description": "Lint every migration, also in a pull request (same as scope: "
                    "all and --all)."},
            "max_file_bytes": {"type": "integer", "default": 67108864, "minimum": 1024,
                               "maximum": 1073741824,
                               "description": "Migrations are read up to this size (bytes; 64 MiB "
                               "by default). Files over 2 MiB are split statement "
                               "by statement and their INSERT/COPY (data) "
                               "statements are not parsed; a larger file the next "
                               "deploy runs is a migrations.file-not-linted " "finding."},
            "sql_from": {"type": ["string", "array"], "items": {"type": "string"},
                         "description": "SQL file(s) or folder(s) printed by an ORM (`alembic "
                         "upgrade a:b --sql`, `manage.py sqlmigrate`), linted in "
                         "place of ORM migrations."},
            "apply": {
                "type": "object", "additionalProperties": False,
                "description": "Apply the migrations to a scratch PostgreSQL (set database_url or "
                "ephemeral).",
                "properties": {
                    "database_url": {"type": "string", "description": "postgres:// URL of a "
                                     "throwaway database (e.g. a " "`services: postgres` "
                                     "container)."},
                    "ephemeral": {"type": "boolean", "default": False,
                                  "description": "Start a throwaway cluster with initdb/pg_ctl on "
                                  "127.0.0.1."},
                    "lock_timeout": {**_TIMEOUT, "default": "5s",
                                     "description": "lock_timeout per statement."},
                    "statement_timeout": {**_TIMEOUT, "default": "60s",
                                          "description": "statement_timeout per statement."},
                    "check_down": {"type": "boolean", "default": True,
                                   "description": "Run down migrations in reverse and compare "
                                   "pg_dump --schema-only before and after."},
                },
            },
        },
    },
}

_SECTION = SCHEMA["migrations"]


@dataclass(frozen=True, kw_only=True)
class ApplyConfig:
    """``migrations.apply``, typed; every default comes from SCHEMA."""

    database_url: str | None
    ephemeral: bool
    lock_timeout: str
    statement_timeout: str
    check_down: bool

    @property
    def enabled(self) -> bool:
        return bool(self.database_url) or self.ephemeral

    @classmethod
    def of(cls, section: Mapping[str, Any]) -> ApplyConfig:
        return settings_of(cls, _SECTION["properties"]["apply"], section)


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The ``migrations`` section, typed (also when the section is absent); every default comes from
    SCHEMA. ``sql_from`` is always a tuple (the config allows one string), ``apply`` always an
    ApplyConfig."""

    dir: str | None
    tool: str
    dialect: str
    postgres_version: int
    transaction: str
    all: bool
    scope: str  # or "all": lint every migration, each against the ones before it
    max_file_bytes: int
    sql_from: tuple[str, ...]
    apply: ApplyConfig

    @property
    def lint_all(self) -> bool:
        return self.all or self.scope == "all"

    @classmethod
    def of(cls, section: Mapping[str, Any]) -> Settings:
        raw = section.get("sql_from") or ()  # absent: nothing printed by an ORM
        sql_from = (raw,) if isinstance(raw, str) else tuple(raw)
        # absent: the apply sub-section's own defaults
        apply = ApplyConfig.of(section.get("apply") or {})
        return settings_of(cls, _SECTION,
                           {**section, "dir": section.get("dir") or None, "sql_from": sql_from,
                                           "apply": apply})
