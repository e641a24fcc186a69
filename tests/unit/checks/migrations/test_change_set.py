"""require-timeout once per change set and only for tables that existed before it; emptied tables
are not hot; large migrations are linted to their last statement, and one too large to read is a
finding, never a pass."""

from __future__ import annotations

import asyncio
from pathlib import Path

from launchgate.check import Context
from launchgate.check import Scope as RunScope
from launchgate.checks.migrations import MigrationsCheck
from launchgate.checks.migrations.layout import Tool, TxMode
from launchgate.checks.migrations.lint import Runner, SchemaState, Scope, lint_file
from launchgate.checks.migrations.parse import parse
from launchgate.net import Net
from launchgate.repo import Repo

M = "db/migrations"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def run(root: Path, section: dict | None = None, scope: RunScope | None = None):
    ctx = Context(config={"migrations": section or {}}, repo=Repo(root), net=Net(), env={},
                  scope=scope or RunScope(all=True))
    findings = asyncio.run(MigrationsCheck().run(ctx))
    return {(f.rule.id, f.location.path, f.location.start_line) for f in findings}, findings


def found(sql: str) -> set[tuple[str, int]]:
    runner = Runner(tool=Tool.PLAIN, tx=TxMode.NONE)
    return {(f.rule.id, f.location.start_line or 0)
            for f in lint_file("m.sql", parse(sql), runner, SchemaState(),
                                                                        Scope())}


def test_require_timeout_is_one_finding_per_change_set(tmp_path):
    root = write(tmp_path, {f"{M}/001_a.sql": "ALTER TABLE users ADD COLUMN bio text;\n",
                            f"{M}/002_b.sql": "ALTER TABLE orders ADD COLUMN note text;\n",
                            f"{M}/003_c.sql": "SET lock_timeout = '5s';\nALTER TABLE users ADD "
                            "COLUMN x int;\n"})
    where, findings = run(root)
    assert where == {("migrations.require-timeout", f"{M}/001_a.sql", 1)}
    assert findings[0].message.endswith("(also in 1 other migration(s) of this change: "
                                        f"{M}/002_b.sql)")


def test_require_timeout_only_for_tables_that_existed_before_the_change_set(tmp_path):
    new_tables = {f"{M}/001_a.sql": "CREATE TABLE t (a int);\n",
                  f"{M}/002_b.sql": "ALTER TABLE t ADD COLUMN b int;\nCREATE INDEX t_b ON t (b);\n"}
    assert run(write(tmp_path / "new", new_tables), scope=RunScope())[0] == set()  # no git: all new
    old_table = {f"{M}/001_a.sql": "ALTER TABLE users ADD COLUMN b int;\n"}
    assert run(write(tmp_path / "old", old_table), scope=RunScope())[0] == {
        ("migrations.require-timeout", f"{M}/001_a.sql", 1)}


def test_a_table_emptied_earlier_in_the_file_is_not_hot():
    assert (
        found(
            "DELETE FROM sessions;\nCREATE INDEX s_u ON sessions (user_id);\nALTER TABLE "
            "sessions ADD CONSTRAINT s_fk FOREIGN KEY (user_id) REFERENCES users (id);\n"
        )
        == set()
    )
    # TRUNCATE itself waits for its lock like any DDL; the SET NOT NULL after it scans nothing
    assert found("TRUNCATE sessions;\nALTER TABLE sessions ALTER COLUMN token SET NOT NULL;\n") == {
        ("migrations.require-timeout", 1)}
    # the good twins' bad twins: a filtered DELETE keeps rows; emptying another table does not help
    # this one
    assert found("SET lock_timeout = '5s';\nDELETE FROM sessions WHERE expired;\nCREATE INDEX s_u "
                 "ON sessions (user_id);\n") == {("migrations.create-index-non-concurrently", 3)}
    assert found("SET lock_timeout = '5s';\nTRUNCATE logs;\nCREATE INDEX s_u ON sessions "
                 "(user_id);\n") == {
        ("migrations.create-index-non-concurrently", 3)}
    # emptying a table does not make dropping its column safe for the running release
    assert found("SET lock_timeout = '5s';\nDELETE FROM sessions;\nALTER TABLE sessions DROP "
                 "COLUMN token;\n") == {
        ("migrations.drop-column", 3)}


def _big(tail: str) -> str:
    row = "INSERT INTO seed (id, name) VALUES (1, 'a fairly ordinary seed row of text');\n"
    return "CREATE TABLE seed (id int, name text);\n" + row * (3 * 1024 * 1024 // len(row)) + tail


def test_a_3_mb_migration_is_linted_to_its_last_statement(tmp_path):
    bad = _big("SET lock_timeout = '5s';\nDROP TABLE legacy;\n")
    root = write(tmp_path / "bad", {f"{M}/001_seed.sql": bad})
    last = bad.count("\n")
    assert run(root)[0] == {("migrations.drop-table", f"{M}/001_seed.sql", last)}
    good = write(tmp_path / "good", {f"{M}/001_seed.sql": _big("SELECT 1;\n")})
    assert run(good)[0] == set()


def test_a_migration_over_the_cap_is_a_finding_not_a_pass(tmp_path):
    root = write(tmp_path, {f"{M}/001_seed.sql": _big("DROP TABLE legacy;\n")})
    where, findings = run(root, {"max_file_bytes": 1024 * 1024})
    assert where == {("migrations.file-not-linted", f"{M}/001_seed.sql", None)}
    assert findings[0].severity.label == "high"
    assert "larger than 1048576 bytes" in findings[0].message
