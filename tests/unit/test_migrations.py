"""Unit tests for the migrations check: every rule on a bad and a good SQL case, layouts, dialects,
ignores."""

from __future__ import annotations

import asyncio
import os
import subprocess
from pathlib import Path

import pytest

from launchgate.check import CheckError, Context, Skip
from launchgate.check import Scope as RunScope
from launchgate.checks.migrations import MigrationsCheck
from launchgate.checks.migrations import cluster as cluster_mod
from launchgate.checks.migrations import rules as R
from launchgate.checks.migrations.layout import RepoView, Tool, TxMode
from launchgate.checks.migrations.lint import (
    Runner,
    SchemaState,
    Scope,
    learn,
    lint_file,
    squawk_ignored,
)
from launchgate.checks.migrations.parse import parse
from launchgate.checks.migrations.plan import find_layouts
from launchgate.checks.migrations.schema import Settings
from launchgate.net import Net
from launchgate.repo import Repo

BASE = """
CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), name text, price numeric(10,2), status text);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total numeric(10,2));
CREATE TYPE mood AS ENUM ('happy', 'sad');
"""


def lint(sql: str, *, tool: Tool = Tool.PLAIN, tx: TxMode | None = None, pg: int = 15,
         base: str = BASE,
         path: str = "db/migrations/002_change.sql"):
    state = SchemaState()
    learn(parse(base), state)
    runner = Runner(tool=tool, tx=tx if tx is not None else TxMode.NONE, pg=pg)
    return lint_file(path, parse(sql), runner, state, Scope())


def found(sql: str, **kw) -> set[tuple[str, int]]:
    return {(f.rule.id, f.location.start_line or 0) for f in lint(sql, **kw)}


def ids(sql: str, **kw) -> set[str]:
    return {r for r, _ in found(sql, **kw)}


TIMEOUT = "SET lock_timeout = '5s';\n"

# (rule, bad SQL, good SQL, extra kwargs). Both are prefixed with SET lock_timeout so
# require-timeout stays quiet.
CASES = [
    (R.CREATE_INDEX, "CREATE INDEX users_email ON users (email);",
     "CREATE INDEX CONCURRENTLY users_email ON users (email);", {}),
    (R.DROP_INDEX, "DROP INDEX users_email;", "DROP INDEX CONCURRENTLY users_email;", {}),
    (R.CONCURRENTLY_IN_TX, "CREATE INDEX CONCURRENTLY users_email ON users (email);",
     "CREATE INDEX CONCURRENTLY users_email ON users (email);", {"good": {"tx": TxMode.NONE},
                                                                "bad": {"tx": TxMode.PER_FILE,
                                                                        "tool": Tool.PRISMA}}),
    (R.ADD_COLUMN_REWRITE, "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
     "ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now();", {}),
    (R.ADD_NOT_NULL, "ALTER TABLE users ADD COLUMN age int NOT NULL;",
     "ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT 0;", {}),
    (R.SET_NOT_NULL, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
     "ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;\n"
     "ALTER TABLE users VALIDATE CONSTRAINT email_nn;\n"
     "COMMIT; BEGIN;\n"
     "ALTER TABLE users ALTER COLUMN email SET NOT NULL;", {}),
    (R.CHANGE_TYPE, "ALTER TABLE users ALTER COLUMN email TYPE varchar(50);",
     "ALTER TABLE users ALTER COLUMN email TYPE varchar(200);", {}),
    (R.FK_VALIDATED, "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) "
     "REFERENCES users (id);",
     "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users "
     "(id) NOT VALID;", {}),
    (R.CHECK_VALIDATED, "ALTER TABLE orders ADD CONSTRAINT total_pos CHECK (total >= 0);",
     "ALTER TABLE orders ADD CONSTRAINT total_pos CHECK (total >= 0) NOT VALID;", {}),
    (R.VALIDATE_SAME_TX, "BEGIN;\nALTER TABLE orders ADD CONSTRAINT total_pos CHECK (total >= 0) "
     "NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT total_pos;\nCOMMIT;",
     "BEGIN;\nALTER TABLE orders ADD CONSTRAINT total_pos CHECK (total >= 0) NOT VALID;\nCOMMIT;\n"
     "ALTER TABLE orders VALIDATE CONSTRAINT total_pos;", {}),
    (R.ADD_UNIQUE, "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
     "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;", {}),
    (R.ADD_PK, "ALTER TABLE orders ADD PRIMARY KEY (id);",
     "ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_id_idx;", {}),
    (R.ADD_EXCLUSION, "ALTER TABLE orders ADD CONSTRAINT no_overlap EXCLUDE USING gist (id WITH "
     "=);",
     "CREATE TABLE bookings (id int, during tstzrange, EXCLUDE USING gist (during WITH &&));", {}),
    (R.REINDEX, "REINDEX TABLE users;", "REINDEX TABLE CONCURRENTLY users;", {}),
    (R.DETACH, "ALTER TABLE events DETACH PARTITION events_2020;",
     "ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;", {}),
    (R.VACUUM_FULL, "VACUUM FULL users;", "VACUUM ANALYZE users;", {}),
    (R.DOMAIN_CHECK, "ALTER DOMAIN positive ADD CONSTRAINT pos CHECK (VALUE > 0);",
     "ALTER DOMAIN positive ADD CONSTRAINT pos CHECK (VALUE > 0) NOT VALID;", {}),
    (R.DROP_COLUMN, "ALTER TABLE users DROP COLUMN name;",
     "CREATE TABLE tmp (a int, b int);\nALTER TABLE tmp DROP COLUMN b;", {}),
    (R.DROP_TABLE, "DROP TABLE orders;", "CREATE TABLE scratch (a int);\nDROP TABLE scratch;", {}),
    (R.DROP_DATABASE, "DROP DATABASE shop;", "CREATE DATABASE shop_archive;", {}),
    (R.DROP_SCHEMA, "DROP SCHEMA billing CASCADE;", "CREATE SCHEMA billing;", {}),
    (R.RENAME_COLUMN, "ALTER TABLE users RENAME COLUMN name TO full_name;",
     "ALTER TABLE users ADD COLUMN full_name text;", {}),
    (R.RENAME_TABLE, "ALTER TABLE orders RENAME TO purchases;",
     "CREATE TABLE draft (a int);\nALTER TABLE draft RENAME TO final;", {}),
    (R.RENAME_SCHEMA, "ALTER SCHEMA billing RENAME TO payments;", "CREATE SCHEMA payments;", {}),
    (R.RENAME_ENUM_VALUE, "ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy';",
     "ALTER TYPE mood ADD VALUE " "'calm';",
     {}),
    (R.DROP_NOT_NULL, "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
     "ALTER TABLE users ALTER COLUMN email SET DEFAULT '';", {}),
    (R.TRUNCATE_CASCADE, "TRUNCATE users CASCADE;", "TRUNCATE users;", {}),
    (R.UNCOMMITTED, "BEGIN;\nALTER TABLE users ADD COLUMN bio text;",
     "BEGIN;\nALTER TABLE users ADD COLUMN bio text;\nCOMMIT;", {}),
    (R.NESTING, "BEGIN;\nALTER TABLE users ADD COLUMN bio text;\nCOMMIT;",
     "ALTER TABLE users ADD COLUMN bio text;", {"tx": TxMode.PER_FILE, "tool": Tool.DBMATE}),
    (R.ENUM_ADD_VALUE, "BEGIN;\nALTER TYPE mood ADD VALUE 'calm';\nUPDATE users SET status = "
     "'calm';\nCOMMIT;",
     "ALTER TYPE mood ADD VALUE 'calm';\nUPDATE users SET status = 'calm';", {}),
    (R.BACKFILL, "BEGIN;\nALTER TABLE users ADD COLUMN bio text;\nUPDATE users SET bio = "
     "'';\nCOMMIT;",
     "BEGIN;\nALTER TABLE users ADD COLUMN bio text;\nCOMMIT;\nUPDATE users SET bio = '';", {}),
]


@pytest.mark.parametrize(("rule", "bad", "good", "kw"), CASES, ids=[c[0].id for c in CASES])
def test_rule_bad_and_good(rule, bad, good, kw):
    bad_kw = kw.get("bad", kw if "good" not in kw else {})
    good_kw = kw.get("good", kw if "bad" not in kw else {})
    bad_ids = ids(TIMEOUT + bad, **bad_kw)
    assert rule.id in bad_ids, f"{rule.id} not reported on: {bad}"
    assert rule.id not in ids(TIMEOUT + good, **good_kw), (f"{rule.id} reported on the safe form: "
                                                           f"{good}")


def test_every_listed_rule_has_a_case_or_a_dedicated_test():
    covered = {c[0].id for c in CASES} | {R.REQUIRE_TIMEOUT.id, R.SYNTAX.id, R.NOT_LINTED.id,
                                          R.APPLY_FAILED.id,
                                          R.APPLY_TIMEOUT.id, R.DOWN_MISMATCH.id}
    assert {r.id for r in R.RULES} == covered
    assert all(r.id.startswith("migrations.") for r in R.RULES)


def test_require_timeout_bad_and_good():
    assert found("ALTER TABLE users ADD COLUMN bio text;") == {("migrations.require-timeout", 1)}
    assert found("SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN bio text;") == set()
    assert found("SELECT set_config('lock_timeout', '2s', false);\nALTER TABLE users ADD COLUMN "
                 "bio text;") == set()
    # a table created in this migration is not locked against anyone
    assert found("CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int;") == set()


def test_syntax_error_reports_parser_message_and_line_and_lints_the_rest():
    sql = ("SET lock_timeout = '1s';\nCREATE INDEX a ON users (email);\nALTER TABLE users ADD "
           "COLUMN;\n")
    fs = lint(sql)
    assert {(f.rule.id, f.location.start_line) for f in fs} == {
        ("migrations.syntax-error", 3), ("migrations.create-index-non-concurrently", 2)}
    msg = next(f.message for f in fs if f.rule.id == "migrations.syntax-error")
    assert msg == 'db/migrations/002_change.sql:3: syntax error at or near ";" (PostgreSQL parser)'


def test_finding_points_at_the_statements_first_line_not_the_comment_above():
    sql = ("SET lock_timeout = '1s';\n\n-- add an index\n/* block\ncomment */\nCREATE INDEX a\n  "
           "ON users (email);\n")
    [f] = lint(sql)
    assert (f.location.start_line, f.location.end_line) == (6, 7)


def test_messages_name_lock_duration_and_safe_alternative():
    [f] = lint(TIMEOUT + "CREATE INDEX users_email ON users (email);")
    assert (
        "SHARE lock" in f.message
        and "whole index build" in f.message
        and "CONCURRENTLY" in f.message
    )
    [f] = lint(TIMEOUT + "ALTER TABLE users ALTER COLUMN email SET NOT NULL;")
    assert "ACCESS EXCLUSIVE" in f.message and "NOT VALID" in f.message


def test_prisma_hint_does_not_just_say_add_concurrently():
    [f] = lint(TIMEOUT + "CREATE INDEX users_email ON users (email);", tool=Tool.PRISMA,
               tx=TxMode.PER_FILE)
    assert "Prisma sends a migration.sql of several statements as one implicit transaction" in (
        f.message)
    assert "prisma migrate resolve --applied" in f.message
    [f] = lint(TIMEOUT + "CREATE INDEX users_email ON users (email);", tool=Tool.DBMATE,
               tx=TxMode.PER_FILE)
    assert "-- migrate:up transaction:false" in f.message
    [f] = lint(TIMEOUT + "CREATE INDEX users_email ON users (email);", tool=Tool.PLAIN,
               tx=TxMode.NONE)
    assert "use CREATE INDEX CONCURRENTLY" in f.message


def test_objects_created_earlier_in_the_migration_are_safe_targets():
    sql = ("CREATE TABLE listings (id bigint, title text);\n"
           "CREATE INDEX listings_title ON listings (title);\n"
           "ALTER TABLE listings ADD COLUMN slug uuid DEFAULT gen_random_uuid();\n"
           "ALTER TABLE listings ADD CONSTRAINT listings_pk PRIMARY KEY (id);\n"
           "ALTER TABLE listings ALTER COLUMN title SET NOT NULL;\n")
    assert found(sql) == set()


def test_earlier_new_migration_tables_count_as_new():
    state, scope = SchemaState(), Scope()
    runner = Runner(tool=Tool.PLAIN, tx=TxMode.NONE)
    lint_file("m/001.sql", parse("CREATE TABLE listings (id int, title text);"), runner, state,
              scope)
    assert lint_file("m/002.sql", parse("CREATE INDEX t ON listings (title);"), runner, state,
                     scope) == []


def test_golang_migrate_single_statement_file_may_use_concurrently():
    one = "CREATE INDEX CONCURRENTLY users_email ON users (email);"
    assert ids(one, tool=Tool.GOLANG_MIGRATE, tx=TxMode.IMPLICIT) == set()
    assert "migrations.concurrently-in-transaction" in ids(TIMEOUT + one, tool=Tool.GOLANG_MIGRATE,
                                                            tx=TxMode.IMPLICIT)


def test_postgres_version_awareness():
    sql = TIMEOUT + "ALTER TABLE users ADD COLUMN active boolean DEFAULT true;"
    assert "migrations.add-column-default-rewrite" not in ids(sql, pg=15)
    assert "migrations.add-column-default-rewrite" in ids(sql, pg=10)
    enum = TIMEOUT + "BEGIN;\nALTER TYPE mood ADD VALUE 'calm';\nCOMMIT;"
    assert "migrations.enum-add-value-in-transaction" in ids(enum, pg=11)
    assert "migrations.enum-add-value-in-transaction" not in ids(enum, pg=15)


@pytest.mark.parametrize("sql", [
    "ALTER TABLE users ADD COLUMN n bigserial;",
    "ALTER TABLE users ADD COLUMN n int GENERATED ALWAYS AS IDENTITY;",
    "ALTER TABLE users ADD COLUMN n int GENERATED ALWAYS AS (id * 2) STORED;",
    "ALTER TABLE users ADD COLUMN n double precision DEFAULT random();",
])
def test_add_column_rewrite_forms(sql):
    assert "migrations.add-column-default-rewrite" in ids(TIMEOUT + sql)


@pytest.mark.parametrize(("sql", "rewrites"), [
    ("ALTER TABLE users ALTER COLUMN email TYPE text;", False),
    ("ALTER TABLE users ALTER COLUMN email TYPE varchar;", False),
    ("ALTER TABLE users ALTER COLUMN price TYPE numeric(12,2);", False),
    ("ALTER TABLE users ALTER COLUMN price TYPE numeric(12,3);", True),
    ("ALTER TABLE users ALTER COLUMN id TYPE int;", True),
    ("ALTER TABLE users ALTER COLUMN email TYPE text USING lower(email);", True),
    ("ALTER TABLE unknown_table ALTER COLUMN c TYPE text;", True),
])
def test_type_change_binary_coercible(sql, rewrites):
    assert ("migrations.change-column-type" in ids(TIMEOUT + sql)) is rewrites


def test_squawk_ignore_comments_are_honoured():
    sql = (TIMEOUT + "-- squawk-ignore ban-drop-column\nALTER TABLE users DROP COLUMN name;\n"
           "ALTER TABLE users DROP COLUMN status;\n")
    fs = lint(sql)
    lines = sql.splitlines()
    kept = {f.location.start_line for f in fs
            if not squawk_ignored(lines, f.location.start_line or 0, f.rule.id)}
    assert kept == {4}
    assert squawk_ignored(["-- squawk-ignore-file", "DROP TABLE x;"], 2, "migrations.drop-table")
    assert not squawk_ignored(["-- squawk-ignore renaming-column", "DROP TABLE x;"], 2,
                              "migrations.drop-table")
    assert squawk_ignored(["-- squawk-ignore drop-table", "DROP TABLE x;"], 2,
                          "migrations.drop-table")


# -- layouts, dialects, scope: the whole check on small repos (no sockets; git only for the PR
# scope) -------------



LOCKED = "SET lock_timeout = '5s';\n"


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text)
    return root


def layouts_of(files: dict[str, str], **section):
    view = RepoView(paths=tuple(sorted(files)), texts=dict(files))
    return find_layouts(view, Settings.of(section), None)


def run_check(root: Path, section: dict | None = None, scope: RunScope | None = None, env=None):
    ctx = Context(config={"migrations": section or {}}, repo=Repo(root), net=Net(), env=env or {},
                  scope=scope or RunScope())
    return asyncio.run(MigrationsCheck().run(ctx)), ctx.figures


def where(findings) -> set[tuple[str, str, int]]:
    return {(f.rule.id, f.location.path, f.location.start_line) for f in findings}


def test_flyway_layout_order_and_undo():
    found = layouts_of({"db/migration/V2__idx.sql": "SELECT 1;",
                        "db/migration/V1__init.sql": "SELECT 1;",
                        "db/migration/V1_1__more.sql": "SELECT 1;",
                        "db/migration/R__views.sql": "SELECT 1;",
                        "db/migration/U2__idx.sql": "SELECT 2;"})
    [lay] = found.layouts
    assert lay.tool is Tool.FLYWAY
    assert [f.path.rsplit("/", 1)[1] for f in lay.files] == ["V1__init.sql", "V1_1__more.sql",
                                                             "V2__idx.sql",
                                                             "R__views.sql"]
    assert all(f.tx is TxMode.PER_FILE for f in lay.files)
    assert lay.files[2].down_path == "db/migration/U2__idx.sql"


def test_golang_migrate_layout_pairs_up_and_down():
    [lay] = layouts_of({"migrations/000002_b.up.sql": "SELECT 2;",
                        "migrations/000002_b.down.sql": "SELECT -2;",
                        "migrations/000001_a.up.sql": "SELECT 1;",
                        "migrations/000001_a.down.sql": "SELECT -1;"}
                       ).layouts
    assert lay.tool is Tool.GOLANG_MIGRATE
    assert [(f.path, f.down_path, f.tx) for f in lay.files] == [
        ("migrations/000001_a.up.sql", "migrations/000001_a.down.sql", TxMode.IMPLICIT),
        ("migrations/000002_b.up.sql", "migrations/000002_b.down.sql", TxMode.IMPLICIT)]


def test_dbmate_layout_splits_up_and_down_keeping_line_numbers(tmp_path):
    text = ("-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY a ON users (email);\n\n"
            "-- migrate:down\nDROP INDEX a;\n")
    [lay] = layouts_of({"db/migrations/20240101000000_idx.sql": text}).layouts
    assert lay.tool is Tool.DBMATE and lay.files[0].tx is TxMode.NONE
    assert "DROP INDEX" not in lay.files[0].up_sql and "DROP INDEX" in (lay.files[0].down_sql or "")
    findings, _ = run_check(write(tmp_path, {"db/migrations/20240101000000_idx.sql": text.replace(
        "transaction:false", "")}))
    assert where(findings) == {("migrations.concurrently-in-transaction",
                                "db/migrations/20240101000000_idx.sql", 2)}
    assert "-- migrate:up transaction:false" in findings[0].message


def test_goose_layout_no_transaction_and_down():
    text = ("-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY a ON t (c);\n"
            "-- +goose Down\nDROP INDEX CONCURRENTLY a;\n")
    [lay] = layouts_of({"db/migrations/00001_idx.sql": text}).layouts
    assert lay.tool is Tool.GOOSE and lay.files[0].tx is TxMode.NONE
    assert lay.files[0].down_sql is not None and "DROP INDEX" in lay.files[0].down_sql


def test_prisma_layout_postgres_and_sqlite():
    files = {"prisma/migrations/20240101_init/migration.sql": "CREATE TABLE a (id int);",
             "prisma/migrations/20240202_idx/migration.sql": "CREATE INDEX i ON a (id);",
             "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n'}
    [lay] = layouts_of(files).layouts
    assert (lay.tool, lay.root, lay.dialect) == (Tool.PRISMA, "prisma/migrations", "postgresql")
    assert [f.version for f in lay.files] == ["20240101_init", "20240202_idx"]
    sqlite = layouts_of({**files, "prisma/migrations/migration_lock.toml": 'provider = "sqlite"\n'})
    assert sqlite.layouts == ()
    assert sqlite.nothing == ("prisma/migrations: sqlite migrations (prisma, dialect from "
                              "prisma/migrations/migration_lock.toml) are not linted: the rules "
                              "are for PostgreSQL")


def test_supabase_drizzle_sqlx_and_plain_layouts():
    assert (
        layouts_of({"supabase/migrations/20240101_x.sql": "SELECT 1;"}).layouts[0].tool
        is Tool.SUPABASE
    )
    drizzle = {"drizzle/0000_init.sql": "CREATE TABLE a (id int);\n--> "
               "statement-breakpoint\nCREATE TABLE b (i int);",
               "drizzle/meta/_journal.json": '{"dialect": "postgresql"}'}
    [lay] = layouts_of(drizzle).layouts
    assert lay.tool is Tool.DRIZZLE and lay.dialect == "postgresql"
    mysql = layouts_of({**drizzle, "drizzle.config.ts": "export default { dialect: 'mysql' }"})
    assert mysql.layouts == () and "mysql migrations (drizzle" in mysql.nothing
    sqlx = {"migrations/20240101_a.sql": "-- no-transaction\nSELECT 1;",
            "migrations/20240102_b.sql": "SELECT 2;",
            "Cargo.toml": 'sqlx = { version = "0.7", features = ["postgres"] }'}
    [lay] = layouts_of(sqlx).layouts
    assert lay.tool is Tool.SQLX and [f.tx for f in lay.files] == [TxMode.NONE, TxMode.PER_FILE]
    [lay] = layouts_of({"sql/migrations/10_c.sql": "SELECT 10;",
                        "sql/migrations/2_b.sql": "SELECT 2;",
                        "sql/migrations/1_a.sql": "SELECT 1;",
                        "docs/readme.sql": "SELECT 0;"}).layouts
    assert lay.tool is Tool.PLAIN and [f.path for f in lay.files] == [
        "sql/migrations/1_a.sql", "sql/migrations/2_b.sql", "sql/migrations/10_c.sql"]


@pytest.mark.parametrize(("files", "orm"), [
    ({"alembic.ini": "[alembic]", "alembic/versions/abc123_init.py": "revision = 'abc123'"},
     "Alembic"),
    ({"shop/migrations/0001_initial.py": "from django.db import migrations"}, "Django"),
    ({"db/migrate/20240101000000_create_users.rb": "class CreateUsers"}, "Rails"),
    ({"knexfile.js": "module.exports = {}", "migrations/20240101_init.js": "exports.up = () => {}"},
     "Knex"),
])
def test_orm_migrations_are_reported_as_not_linted(tmp_path, files, orm):
    with pytest.raises(Skip) as skip:
        run_check(write(tmp_path, files))
    assert str(skip.value).startswith(f"not linted: SQL not available ({orm} migrations in ")


def test_sql_printed_by_an_orm_is_linted(tmp_path):
    alembic_sql = ("BEGIN;\n\nCREATE TABLE alembic_version (version_num VARCHAR(32) NOT "
                   "NULL);\n\n-- Running upgrade  -> abc123\n\nALTER TABLE users RENAME COLUMN "
                   "name TO full_name;\n\nUPDATE alembic_version SET "
                   "version_num='abc123';\n\nCOMMIT;\n")
    root = write(tmp_path,
                 {"alembic.ini": "[alembic]", "alembic/versions/abc123_x.py": "revision = 'abc123'",
                            "build/upgrade.sql": alembic_sql})
    findings, _ = run_check(root, {"sql_from": "build/upgrade.sql"})
    assert where(findings) == {("migrations.rename-column", "build/upgrade.sql", 7),
                               ("migrations.require-timeout", "build/upgrade.sql", 7)}


def test_non_postgres_sql_is_skipped_not_a_flood_of_syntax_errors(tmp_path):
    tsql = {f"db/migrations/00{i}_t.sql": f"SELECT TOP 5 id INTO t{i} FROM s WITH (NOLOCK);"
            for i in range(1, 6)}
    with pytest.raises(Skip) as skip:
        run_check(write(tmp_path / "a", tsql))
    assert str(skip.value) == ("db/migrations: 5 of 5 migrations do not parse as PostgreSQL; not "
                               "linted (set migrations.dialect if they are PostgreSQL)")
    with pytest.raises(Skip) as skip:
        run_check(write(tmp_path / "b", {"db/migrations/001_t.sql": "SELECT 1;"}),
                  env={"DATABASE_URL": "mysql://u:p@localhost/db"})
    assert "mysql migrations (plain, dialect from the database URL)" in str(skip.value)


def test_one_mysql_script_is_mysql_not_a_postgres_syntax_error(tmp_path):
    # a one-off MySQL backfill beside a statement both dialects parse: no "syntax error" high
    backfill = ("-- INSERT IGNORE makes it idempotent\n"
                "INSERT IGNORE INTO `billing` (`workspace_id`, `product`)\n"
                "SELECT `id`, 'api' FROM `workspaces`;\n")
    files = {"tools/migrate/backfill.sql": backfill,
             "tools/migrate/timestamps.sql": "UPDATE keys SET created_m = 1 WHERE id > 0;\n"}
    with pytest.raises(Skip) as skip:
        run_check(write(tmp_path / "a", files))
    assert str(skip.value) == ("tools/migrate: mysql migrations (plain, dialect from MySQL-only "
                               "syntax in tools/migrate/backfill.sql) are not linted: the rules "
                               "are for PostgreSQL")


def test_backticks_in_comments_and_strings_keep_a_postgres_folder_linted(tmp_path):
    files = {"db/migrations/001_t.sql": LOCKED + "CREATE TABLE t (id int, note text);\n",
             "db/migrations/002_t.sql": (LOCKED + "-- see `docs/x.md`; INSERT IGNORE is MySQL\n"
                                         "COMMENT ON TABLE t IS 'the `t` table';\n"
                                         "CREATE INDEX t_note ON t (note);\n"
                                         "SELEC broken;\n")}
    findings, _ = run_check(write(tmp_path / "a", files), {"scope": "all"})
    assert where(findings) == {("migrations.create-index-non-concurrently", "db/migrations/002_t.sql",
                                4),
                               ("migrations.syntax-error", "db/migrations/002_t.sql", 5)}


def test_bad_files_do_not_crash(tmp_path):
    root = write(tmp_path, {"db/migrations/001_bin.sql": b"\x00\x01binary",
                            "db/migrations/002_latin1.sql": "ALTER TABLE users RENAME COLUMN nom "
                            "TO prénom;\n"
                            .encode("latin-1"),
                            "db/migrations/003_broken.sql": "ALTER TABLE users ADD COLUMN;\n"})
    findings, _ = run_check(root)
    assert where(findings) == {("migrations.file-not-linted", "db/migrations/001_bin.sql", None),
                               ("migrations.rename-column", "db/migrations/002_latin1.sql", 1),
                               ("migrations.require-timeout", "db/migrations/002_latin1.sql", 1),
                               ("migrations.syntax-error", "db/migrations/003_broken.sql", 1)}


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.test",
           "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.test"}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True,
                          env=env).stdout.strip()


def test_pr_scope_lints_only_added_or_changed_migrations(tmp_path):
    write(tmp_path, {"db/migrations/001_old.sql": "ALTER TABLE users DROP COLUMN legacy;\n"})
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "base")
    base = _git(tmp_path, "rev-parse", "HEAD")
    write(tmp_path, {"db/migrations/002_new.sql": LOCKED + "CREATE INDEX i ON users (email);\n"})
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "head")
    findings, figures = run_check(tmp_path, scope=RunScope(base=base, head="HEAD"))
    assert where(findings) == {("migrations.create-index-non-concurrently",
                                "db/migrations/002_new.sql", 2)}
    assert figures["files_linted"] == 1
    everything = where(run_check(tmp_path, scope=RunScope(base=base, head="HEAD", all=True))[0])
    assert ("migrations.drop-column", "db/migrations/001_old.sql", 1) in everything
    assert where(run_check(tmp_path, {"all": True},
                           scope=RunScope(base=base, head="HEAD"))[0]) == everything
    with pytest.raises(Skip) as skip:
        run_check(tmp_path, scope=RunScope(base="HEAD", head="HEAD"))
    assert str(skip.value).startswith("no migration added or changed between HEAD and HEAD (2 "
                                      "present")


def test_unknown_base_ref_is_one_clear_error(tmp_path):
    write(tmp_path, {"db/migrations/001_old.sql": "SELECT 1;\n"})
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "base")
    with pytest.raises(CheckError) as err:
        run_check(tmp_path, scope=RunScope(base="no-such-ref", head="HEAD"))
    assert str(err.value).startswith("cannot find the migrations this change adds: git diff:")


def test_initdb_missing_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(cluster_mod, "find_bindir", lambda *a, **k: None)
    write(tmp_path, {"db/migrations/001_a.sql": "SELECT 1;\n"})
    with pytest.raises(CheckError) as err:
        run_check(tmp_path, {"apply": {"ephemeral": True}})
    assert str(err.value).startswith(
        "migrations.apply did not run: initdb not found: install PostgreSQL's server package")


def test_bad_database_url_is_one_clear_error(tmp_path):
    write(tmp_path, {"db/migrations/001_a.sql": "SELECT 1;\n"})
    with pytest.raises(CheckError) as err:
        run_check(tmp_path, {"apply": {"database_url": "postgresql://u:hunter2pw@h:99999999/db"}})
    assert str(err.value) == ("migrations.apply did not run: migrations.apply.database_url is "
                              "not a valid URL; the lint found nothing")
    with pytest.raises(CheckError) as err:
        run_check(tmp_path,
                  {"dialect": "postgresql", "apply": {"database_url": "mysql://u:hunter2pw@h/db"}})
    assert str(err.value) == ("migrations.apply did not run: migrations.apply.database_url must "
                              "be a postgres:// URL (got scheme 'mysql'); the lint found nothing")


def test_linting_everything_treats_tables_of_earlier_migrations_as_existing(tmp_path):
    root = write(tmp_path, {
        "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
        "prisma/migrations/20240101000000_init/migration.sql":
            'CREATE TABLE "Post" ("id" SERIAL NOT NULL, "title" VARCHAR(255) NOT NULL, "authorId" '
            'TEXT NOT NULL);\nCREATE INDEX "Post_title_idx" ON "Post"("title");\n',
        "prisma/migrations/20240202000000_idx/migration.sql":
            '-- CreateIndex\nCREATE INDEX "Post_authorId_idx" ON "Post"("authorId");\n'
            'ALTER TABLE "Post" ALTER COLUMN "title" SET DATA TYPE VARCHAR(500);\n'})
    findings, _ = run_check(root, {"scope": "all"})
    assert where(findings) == {
        ("migrations.create-index-non-concurrently",
         "prisma/migrations/20240202000000_idx/migration.sql", 2),
        ("migrations.require-timeout", "prisma/migrations/20240202000000_idx/migration.sql", 2)}
    msg = next(f.message for f in findings
               if f.rule.id == "migrations.create-index-non-concurrently")
    assert "Prisma sends a migration.sql of several statements as one implicit transaction" in msg


def test_transaction_override(tmp_path):
    root = write(tmp_path,
                 {"db/migrations/001_idx.sql": "CREATE INDEX CONCURRENTLY i ON users "
                  "(email);\n"})
    assert where(run_check(root)[0]) == set()
    assert where(run_check(root, {"transaction": "per-file"})[0]) == {
        ("migrations.concurrently-in-transaction", "db/migrations/001_idx.sql", 1)}


def test_array_type_change_is_not_mistaken_for_a_no_op():
    base = BASE + "ALTER TABLE users ADD COLUMN tags text[];\n"
    assert "migrations.change-column-type" in ids(TIMEOUT + "ALTER TABLE users ALTER COLUMN tags "
                                                  "TYPE text;",
                                                  base=base)
    assert "migrations.change-column-type" not in ids(TIMEOUT + "ALTER TABLE users ALTER COLUMN "
                                                      "tags TYPE text[];",
                                                      base=base)


def test_vendored_migrations_are_not_ours():
    found = layouts_of({"vendor/github.com/x/migrate/testdata/migrations/1_a.up.sql": "SELECT 1;",
                        "node_modules/pkg/migrations/001.sql": "SELECT 1;"})
    assert found.layouts == () and found.nothing.startswith("no SQL migrations found")


def test_psql_meta_commands_in_plain_folders_are_not_syntax_errors(tmp_path):
    root = write(tmp_path, {"db/migrations/001_a.sql": "\\set ON_ERROR_STOP on\n\\connect shop\n"
                                                       "DROP TABLE legacy;\n"})
    assert where(run_check(root)[0]) == {("migrations.drop-table", "db/migrations/001_a.sql", 3),
                                         ("migrations.require-timeout", "db/migrations/001_a.sql",
                                          3)}


def test_apply_order_keeps_old_migrations_after_a_modified_one(tmp_path):
    from launchgate.checks.migrations import steps_for
    from launchgate.checks.migrations.plan import lint_layout

    files = {"m/001_a.up.sql": "SELECT 1;", "m/001_a.down.sql": "SELECT -1;",
             "m/002_b.up.sql": "SELECT 2;", "m/002_b.down.sql": "SELECT -2;",
             "m/003_c.up.sql": "SELECT 3;", "m/003_c.down.sql": "SELECT -3;"}
    [lay] = layouts_of(files, dir="m").layouts
    s = Settings.of({})
    base, new, downs = steps_for(lint_layout(lay, {"m/003_c.up.sql"}, s), s)
    assert ([x.path for x in base], [(x.path, x.new) for x in new]) == (
        ["m/001_a.up.sql", "m/002_b.up.sql"], [("m/003_c.up.sql", True)])
    assert [x.path for x in downs] == ["m/003_c.down.sql"]
    base, new, downs = steps_for(lint_layout(lay, {"m/002_b.up.sql"}, s), s)
    assert [(x.path, x.new) for x in new] == [("m/002_b.up.sql", True), ("m/003_c.up.sql", False)]
    assert downs is None  # 003's down is not part of this change: the round trip cannot isolate 002


def test_scratch_database_helpers():
    from launchgate.checks.migrations.apply import seconds
    from launchgate.checks.migrations.cluster import normalise_dump, parse_url

    pw = "p" + "w%40" + "x9"
    server = parse_url(f"postgresql://app:{pw}@db.internal:6543/shop")
    assert (server.host, server.port, server.user, server.database) == ("db.internal", 6543, "app",
                                                                        "shop")
    assert server.password is not None and server.password.reveal() == "pw@x9"
    assert "pw@x9" not in repr(server) and server.describe() == "app@db.internal:6543/shop"
    assert server.libpq_env()["PGPASSWORD"] == "pw@x9"
    dump = ("\\restrict abc123\nCREATE TABLE a (id int);\n-- Dumped by pg_dump version "
            "15.14\n\\unrestrict abc123\n")
    assert normalise_dump(dump) == "CREATE TABLE a (id int);\n"
    assert [seconds(x) for x in ("5s", "500ms", "2min", "1500")] == [5.0, 0.5, 120.0, 1.5]
    with pytest.raises(CheckError):
        seconds("soon")


def test_flyway_runs_a_concurrently_only_migration_outside_a_transaction(tmp_path):
    alone = "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY i ON users (email);\n"
    mixed = ("SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN bio text;\nCREATE INDEX "
             "CONCURRENTLY i ON users (email);\n")
    root = write(tmp_path, {"db/migration/V1__a.sql": alone, "db/migration/V2__b.sql": mixed})
    findings, _ = run_check(root)
    assert where(findings) == {("migrations.concurrently-in-transaction", "db/migration/V2__b.sql",
                                3)}
    assert "mixed with other statements in this Flyway migration" in findings[0].message


def test_dropping_what_the_migration_created_needs_no_timeout():
    assert found("CREATE TABLE scratch (a int);\nCREATE INDEX s_a ON scratch (a);\nDROP INDEX "
                 "s_a;\nDROP TABLE scratch;") == set()
    assert found("DROP TABLE legacy;") == {("migrations.drop-table", 1),
                                           ("migrations.require-timeout", 1)}


def test_cli_pr_run_exit_codes_inline_ignore_and_json(tmp_path):
    import json

    from click.testing import CliRunner

    from launchgate.cli import cli

    write(tmp_path, {"db/migrations/001_users.sql": "CREATE TABLE users (id int, name text);\n"})
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "base")
    base = _git(tmp_path, "rev-parse", "HEAD")
    write(tmp_path,
          {"db/migrations/002_rename.sql": LOCKED + "ALTER TABLE users RENAME COLUMN "
           "name TO full_name;\n"})
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "rename")

    def gate(*extra):
        return CliRunner().invoke(cli,
                                  ["check", str(tmp_path), "--only", "migrations", "--base-ref",
                                   base,
                                        "--head-ref", "HEAD", *extra], env={"GITHUB_ACTIONS": ""},
                                  catch_exceptions=False)

    res = gate("--format", "json")
    assert res.exit_code == 1
    report = json.loads(res.output)
    assert [(f["rule"], f["location"]["path"], f["location"]["start_line"])
            for f in report["findings"]] == [
        ("migrations.rename-column", "db/migrations/002_rename.sql", 2)]
    write(tmp_path,
          {"db/migrations/002_rename.sql": LOCKED + "-- launchgate: "
           "ignore[migrations.rename-column] " "the app reads both names since "
           "v2.3\nALTER TABLE users RENAME " "COLUMN name TO full_name;\n"})
    _git(tmp_path, "commit", "-q", "-am", "ignore")
    res = gate()
    assert res.exit_code == 0, res.output
    assert "1 suppressed" in res.output


def test_unknown_default_function_is_reported_with_its_uncertainty():
    [f] = [f
           for f in lint(TIMEOUT + 'ALTER TABLE users ADD COLUMN owner text DEFAULT '
                         '(auth.user_id()) NOT NULL;')
           if f.rule.id == "migrations.add-column-default-rewrite"]
    assert "user_id(), whose volatility is not known here" in f.message
    [f] = [f
           for f in lint(TIMEOUT + "ALTER TABLE users ADD COLUMN n double precision DEFAULT "
                         "random();")
           if f.rule.id == "migrations.add-column-default-rewrite"]
    assert "random(), which is volatile" in f.message


@pytest.mark.parametrize("stmt", [
    "CREATE INDEX CONCURRENTLY i ON users (email);",
    "DROP INDEX CONCURRENTLY users_email;",
    "REINDEX INDEX CONCURRENTLY users_email;",
    "ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;",
])
def test_every_concurrently_form_inside_a_transaction(stmt):
    assert found(f"BEGIN;\n{stmt}\nCOMMIT;") >= {("migrations.concurrently-in-transaction", 2)}
    assert "migrations.concurrently-in-transaction" not in ids(stmt)


def test_statements_inside_do_blocks_are_linted():
    drizzle_fk = (
        'SET lock_timeout = \'5s\';\nDO $$ BEGIN\n ALTER TABLE "orders" ADD CONSTRAINT "orders_user_fk" '
        'FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE no action;\nEXCEPTION\n'
        " WHEN duplicate_object THEN null;\nEND $$;\n"
    )
    assert found(drizzle_fk) == {("migrations.add-foreign-key-validated", 3)}
    assert found(drizzle_fk.replace("no action;", "no action NOT VALID;")) == set()
    function = ("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN\n DROP TABLE "
                "users;\nEND $$;\n")
    assert found(function) == set()  # a function body does not run at migration time


def test_find_bindir_keeps_debians_wrapper_link_on_path(tmp_path, monkeypatch):
    """/usr/bin/pg_dump on Debian links to pg_wrapper in another folder, which has no pg_dump."""
    monkeypatch.setattr(cluster_mod, "PG_LIB", tmp_path / "no-such-lib")
    (tmp_path / "share").mkdir()
    (tmp_path / "share" / "pg_wrapper").write_text("#!/bin/sh\n")
    (tmp_path / "share" / "pg_wrapper").chmod(0o755)
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "pg_dump").symlink_to(tmp_path / "share" / "pg_wrapper")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert cluster_mod.find_bindir(16, "pg_dump") == tmp_path / "bin"
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "pg_dump").write_text("#!/bin/sh\n")
    (tmp_path / "real" / "pg_dump").chmod(0o755)
    (tmp_path / "bin" / "pg_dump").unlink()
    (tmp_path / "bin" / "pg_dump").symlink_to(tmp_path / "real" / "pg_dump")
    # a plain link: the folder of the binary
    assert cluster_mod.find_bindir(16, "pg_dump") == tmp_path / "real"
