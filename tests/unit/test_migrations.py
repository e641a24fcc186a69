"""Unit tests for the migrations check: every rule on a bad and a good SQL case, layouts, dialects, ignores."""

from __future__ import annotations

import pytest

from launchgate.checks.migrations import rules as R
from launchgate.checks.migrations.layout import Tool, TxMode
from launchgate.checks.migrations.lint import Runner, SchemaState, Scope, learn, lint_file, squawk_ignored
from launchgate.checks.migrations.parse import parse

BASE = """
CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), name text, price numeric(10,2), status text);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total numeric(10,2));
CREATE TYPE mood AS ENUM ('happy', 'sad');
"""


def lint(sql: str, *, tool: Tool = Tool.PLAIN, tx: TxMode | None = None, pg: int = 15, base: str = BASE,
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

# (rule, bad SQL, good SQL, extra kwargs). Both are prefixed with SET lock_timeout so require-timeout stays quiet.
CASES = [
    (R.CREATE_INDEX, "CREATE INDEX users_email ON users (email);",
     "CREATE INDEX CONCURRENTLY users_email ON users (email);", {}),
    (R.DROP_INDEX, "DROP INDEX users_email;", "DROP INDEX CONCURRENTLY users_email;", {}),
    (R.CONCURRENTLY_IN_TX, "CREATE INDEX CONCURRENTLY users_email ON users (email);",
     "CREATE INDEX CONCURRENTLY users_email ON users (email);", {"good": {"tx": TxMode.NONE},
                                                                "bad": {"tx": TxMode.PER_FILE, "tool": Tool.PRISMA}}),
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
    (R.FK_VALIDATED, "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);",
     "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;", {}),
    (R.CHECK_VALIDATED, "ALTER TABLE orders ADD CONSTRAINT total_pos CHECK (total >= 0);",
     "ALTER TABLE orders ADD CONSTRAINT total_pos CHECK (total >= 0) NOT VALID;", {}),
    (R.VALIDATE_SAME_TX, "BEGIN;\nALTER TABLE orders ADD CONSTRAINT total_pos CHECK (total >= 0) NOT VALID;\n"
     "ALTER TABLE orders VALIDATE CONSTRAINT total_pos;\nCOMMIT;",
     "BEGIN;\nALTER TABLE orders ADD CONSTRAINT total_pos CHECK (total >= 0) NOT VALID;\nCOMMIT;\n"
     "ALTER TABLE orders VALIDATE CONSTRAINT total_pos;", {}),
    (R.ADD_UNIQUE, "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
     "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;", {}),
    (R.ADD_PK, "ALTER TABLE orders ADD PRIMARY KEY (id);",
     "ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_id_idx;", {}),
    (R.ADD_EXCLUSION, "ALTER TABLE orders ADD CONSTRAINT no_overlap EXCLUDE USING gist (id WITH =);",
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
    (R.RENAME_ENUM_VALUE, "ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy';", "ALTER TYPE mood ADD VALUE 'calm';",
     {}),
    (R.DROP_NOT_NULL, "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
     "ALTER TABLE users ALTER COLUMN email SET DEFAULT '';", {}),
    (R.TRUNCATE_CASCADE, "TRUNCATE users CASCADE;", "TRUNCATE users;", {}),
    (R.UNCOMMITTED, "BEGIN;\nALTER TABLE users ADD COLUMN bio text;",
     "BEGIN;\nALTER TABLE users ADD COLUMN bio text;\nCOMMIT;", {}),
    (R.NESTING, "BEGIN;\nALTER TABLE users ADD COLUMN bio text;\nCOMMIT;",
     "ALTER TABLE users ADD COLUMN bio text;", {"tx": TxMode.PER_FILE, "tool": Tool.DBMATE}),
    (R.ENUM_ADD_VALUE, "BEGIN;\nALTER TYPE mood ADD VALUE 'calm';\nUPDATE users SET status = 'calm';\nCOMMIT;",
     "ALTER TYPE mood ADD VALUE 'calm';\nUPDATE users SET status = 'calm';", {}),
    (R.BACKFILL, "BEGIN;\nALTER TABLE users ADD COLUMN bio text;\nUPDATE users SET bio = '';\nCOMMIT;",
     "BEGIN;\nALTER TABLE users ADD COLUMN bio text;\nCOMMIT;\nUPDATE users SET bio = '';", {}),
]


@pytest.mark.parametrize(("rule", "bad", "good", "kw"), CASES, ids=[c[0].id for c in CASES])
def test_rule_bad_and_good(rule, bad, good, kw):
    bad_kw = kw.get("bad", kw if "good" not in kw else {})
    good_kw = kw.get("good", kw if "bad" not in kw else {})
    bad_ids = ids(TIMEOUT + bad, **bad_kw)
    assert rule.id in bad_ids, f"{rule.id} not reported on: {bad}"
    assert rule.id not in ids(TIMEOUT + good, **good_kw), f"{rule.id} reported on the safe form: {good}"


def test_every_listed_rule_has_a_case_or_a_dedicated_test():
    covered = {c[0].id for c in CASES} | {R.REQUIRE_TIMEOUT.id, R.SYNTAX.id, R.APPLY_FAILED.id, R.APPLY_TIMEOUT.id,
                                          R.DOWN_MISMATCH.id}
    assert {r.id for r in R.RULES} == covered
    assert all(r.id.startswith("migrations.") for r in R.RULES)


def test_require_timeout_bad_and_good():
    assert found("ALTER TABLE users ADD COLUMN bio text;") == {("migrations.require-timeout", 1)}
    assert found("SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN bio text;") == set()
    assert found("SELECT set_config('lock_timeout', '2s', false);\nALTER TABLE users ADD COLUMN bio text;") == set()
    # a table created in this migration is not locked against anyone
    assert found("CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int;") == set()


def test_syntax_error_reports_parser_message_and_line_and_lints_the_rest():
    sql = "SET lock_timeout = '1s';\nCREATE INDEX a ON users (email);\nALTER TABLE users ADD COLUMN;\n"
    fs = lint(sql)
    assert {(f.rule.id, f.location.start_line) for f in fs} == {
        ("migrations.syntax-error", 3), ("migrations.create-index-non-concurrently", 2)}
    msg = next(f.message for f in fs if f.rule.id == "migrations.syntax-error")
    assert msg == 'db/migrations/002_change.sql:3: syntax error at or near ";" (PostgreSQL parser)'


def test_finding_points_at_the_statements_first_line_not_the_comment_above():
    sql = "SET lock_timeout = '1s';\n\n-- add an index\n/* block\ncomment */\nCREATE INDEX a\n  ON users (email);\n"
    [f] = lint(sql)
    assert (f.location.start_line, f.location.end_line) == (6, 7)


def test_messages_name_lock_duration_and_safe_alternative():
    [f] = lint(TIMEOUT + "CREATE INDEX users_email ON users (email);")
    assert "SHARE lock" in f.message and "whole index build" in f.message and "CONCURRENTLY" in f.message
    [f] = lint(TIMEOUT + "ALTER TABLE users ALTER COLUMN email SET NOT NULL;")
    assert "ACCESS EXCLUSIVE" in f.message and "NOT VALID" in f.message


def test_prisma_hint_does_not_just_say_add_concurrently():
    [f] = lint(TIMEOUT + "CREATE INDEX users_email ON users (email);", tool=Tool.PRISMA, tx=TxMode.PER_FILE)
    assert "Prisma wraps every migration.sql in a transaction" in f.message
    assert "prisma migrate resolve --applied" in f.message
    [f] = lint(TIMEOUT + "CREATE INDEX users_email ON users (email);", tool=Tool.DBMATE, tx=TxMode.PER_FILE)
    assert "-- migrate:up transaction:false" in f.message
    [f] = lint(TIMEOUT + "CREATE INDEX users_email ON users (email);", tool=Tool.PLAIN, tx=TxMode.NONE)
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
    lint_file("m/001.sql", parse("CREATE TABLE listings (id int, title text);"), runner, state, scope)
    assert lint_file("m/002.sql", parse("CREATE INDEX t ON listings (title);"), runner, state, scope) == []


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
    kept = {f.location.start_line for f in fs if not squawk_ignored(lines, f.location.start_line or 0, f.rule.id)}
    assert kept == {4}
    assert squawk_ignored(["-- squawk-ignore-file", "DROP TABLE x;"], 2, "migrations.drop-table")
    assert not squawk_ignored(["-- squawk-ignore renaming-column", "DROP TABLE x;"], 2, "migrations.drop-table")
    assert squawk_ignored(["-- squawk-ignore drop-table", "DROP TABLE x;"], 2, "migrations.drop-table")
