"""Session 7 (corpus3), false alarms on new real products: a runner that sends a migration file
whole, as one simple-protocol query (golang-migrate; Prisma, whose maintainers say it wraps no
migration in a transaction of its own), opens no transaction around it. PostgreSQL runs such a
multi-statement query as one implicit transaction and turns it into the file's own BEGIN block
without a warning (checked on a real server: no "already a transaction in progress"), so an explicit
BEGIN ... COMMIT there nests nothing. langfuse/langfuse's two newest Prisma migrations (2 medium
transaction-nesting findings) start with "-- Prisma does not automatically wrap PostgreSQL
migrations in a transaction." and BEGIN. Twins: the same file under a runner that does open a
transaction (dbmate, Drizzle) still nests; a second BEGIN inside an open one, and a BEGIN never
committed, are still reported under any runner."""

from __future__ import annotations

import pytest

from launchgate.checks.migrations import rules as R
from launchgate.checks.migrations.layout import RUNNER_TX, Tool, TxMode
from tests.unit.test_migrations import TIMEOUT, ids, lint, run_check, where, write

WRAPPED_BY_THE_FILE = ("-- Prisma does not automatically wrap PostgreSQL migrations in a transaction.\n"
                       "BEGIN;\n" + TIMEOUT + 'CREATE TABLE "evaluator" ("id" text PRIMARY KEY);\n'
                       'ALTER TABLE users ADD COLUMN evaluator_id text;\nCOMMIT;\n')


def test_prisma_sends_the_file_whole() -> None:
    assert RUNNER_TX[Tool.PRISMA] is TxMode.IMPLICIT is RUNNER_TX[Tool.GOLANG_MIGRATE]


@pytest.mark.parametrize("tool", [Tool.PRISMA, Tool.GOLANG_MIGRATE])
def test_begin_commit_in_a_file_sent_whole_nests_nothing(tool: Tool) -> None:
    assert R.NESTING.id not in ids(WRAPPED_BY_THE_FILE, tool=tool, tx=TxMode.IMPLICIT)


@pytest.mark.parametrize("tool", [Tool.DBMATE, Tool.DRIZZLE])
def test_the_same_file_under_a_runner_that_opens_a_transaction_still_nests(tool: Tool) -> None:
    assert R.NESTING.id in ids(WRAPPED_BY_THE_FILE, tool=tool, tx=TxMode.PER_FILE)


def test_a_begin_inside_an_open_begin_still_nests_in_a_file_sent_whole() -> None:
    sql = "BEGIN;\n" + TIMEOUT + "ALTER TABLE users ADD COLUMN a text;\nBEGIN;\n" \
          "ALTER TABLE users ADD COLUMN b text;\nCOMMIT;\n"
    assert (R.NESTING.id, 4) in {(f.rule.id, f.location.start_line)
                                 for f in lint(sql, tool=Tool.PRISMA, tx=TxMode.IMPLICIT)}


def test_a_begin_never_committed_is_still_reported_in_a_file_sent_whole() -> None:
    sql = "BEGIN;\n" + TIMEOUT + "ALTER TABLE users ADD COLUMN a text;\n"
    assert ids(sql, tool=Tool.PRISMA, tx=TxMode.IMPLICIT) == {R.UNCOMMITTED.id}


def test_a_prisma_layout_with_begin_commit_is_not_nested(tmp_path) -> None:
    root = write(tmp_path, {
        "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
        "prisma/migrations/20240101000000_init/migration.sql":
            'CREATE TABLE users (id bigint PRIMARY KEY);\n',
        "prisma/migrations/20240202000000_evaluator/migration.sql": WRAPPED_BY_THE_FILE})
    findings, _ = run_check(root, {"scope": "all"})
    assert not {r for r, _, _ in where(findings)} & {R.NESTING.id, R.UNCOMMITTED.id}


def test_a_lone_concurrent_index_in_a_prisma_migration_runs_outside_a_transaction() -> None:
    one = "CREATE INDEX CONCURRENTLY users_email ON users (email);"
    assert R.CONCURRENTLY_IN_TX.id not in ids(one, tool=Tool.PRISMA, tx=TxMode.IMPLICIT)
    [f] = [f for f in lint(TIMEOUT + one, tool=Tool.PRISMA, tx=TxMode.IMPLICIT)
           if f.rule.id == R.CONCURRENTLY_IN_TX.id]
    assert "prisma sends this multi-statement file as one implicit transaction" in f.message
    assert "alone in its own migration.sql" in f.message
