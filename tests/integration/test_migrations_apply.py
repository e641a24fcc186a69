"""The migrations apply path against a real PostgreSQL (Debian's package), started once on 127.0.0.1
by the check's own ephemeral-cluster code; every test gets its own database."""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import subprocess
import time
from pathlib import Path

import asyncpg
import jsonschema
import pytest
import yaml

from launchgate.app import every_check
from launchgate.check import CheckError, Context, Scope
from launchgate.checks.migrations import MigrationsCheck
from launchgate.checks.migrations.cluster import EphemeralCluster, Server, find_bindir
from launchgate.config import build_schema, load
from launchgate.model import Status
from launchgate.net import Net
from launchgate.repo import Repo
from launchgate.runner import run_check as runner_run_check
from tests.support.servers import free_port
from tests.support.shared import shared_path

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

BASE = {
    "db/migrations/001_users.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email "
    "varchar(100) NOT NULL);\n",
    "db/migrations/001_users.down.sql": "DROP TABLE users;\n",
}


@pytest.fixture(scope="session")
def pg() -> Server:
    if find_bindir(15) is None:
        pytest.skip("PostgreSQL server binaries (initdb) not installed: apt-get install postgresql")
    cluster = EphemeralCluster(version=15, env=os.environ)
    server = asyncio.run(cluster.start())
    yield server
    asyncio.run(cluster.stop())


async def _admin(server: Server, sql: str) -> None:
    conn = await asyncpg.connect(host=server.host, port=server.port, user=server.user,
                                 password=server.password.reveal(), database=server.database)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture
def db_url(pg: Server) -> str:
    name = "t_" + secrets.token_hex(4)
    asyncio.run(_admin(pg, f"CREATE DATABASE {name}"))
    return f"postgresql://{pg.user}:{pg.password.reveal()}@{pg.host}:{pg.port}/{name}"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t",
                               "GIT_AUTHOR_EMAIL": "t@example.test",
                               "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@example.test"}).stdout.strip()


def make_repo(root: Path, base: dict[str, str], new: dict[str, str]) -> str:
    """A git repo whose first commit holds ``base`` and second adds ``new``; returns the base
    commit."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    for files in (base, new):
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "step")
        if files is base:
            sha = git(root, "rev-parse", "HEAD")
    return sha


def run_check(root: Path, base_sha: str | None, apply: dict, **section):
    ctx = Context(config={"migrations": {"apply": apply, **section}}, repo=Repo(root), net=Net(),
                  env=dict(os.environ), scope=Scope(base=base_sha, head="HEAD"))
    findings = asyncio.run(MigrationsCheck().run(ctx))
    return findings, ctx.figures


def seen(findings) -> set[tuple[str, str, int]]:
    return {(f.rule.id, f.location.path, f.location.start_line) for f in findings}


def test_new_migrations_apply_and_roll_back_cleanly(tmp_path, db_url):
    new = {"db/migrations/002_bio.up.sql": "SET lock_timeout = '2s';\nALTER TABLE users ADD "
           "COLUMN bio text;\n",
           "db/migrations/002_bio.down.sql": "ALTER TABLE users DROP COLUMN bio;\n"}
    sha = make_repo(tmp_path / "r", BASE, new)
    findings, figures = run_check(tmp_path / "r", sha, {"database_url": db_url})
    assert seen(findings) == set()
    assert figures["apply_round_trip"] == "identical"
    assert figures["files_linted"] == 1
    assert "apply_ms:db/migrations/002_bio.up.sql" in figures
    # base migrations are applied, not timed
    assert "apply_ms:db/migrations/001_users.up.sql" not in figures
    password = db_url.split(":")[2].split("@")[0]
    assert password not in repr(findings) + repr(figures)


def test_failing_statement_reports_file_line_and_postgres_error(tmp_path, db_url):
    new = {"db/migrations/002_bad.up.sql": "SET lock_timeout = '2s';\n\nALTER TABLE nope ADD "
           "COLUMN x int;\n",
           "db/migrations/002_bad.down.sql": "SELECT 1;\n"}
    sha = make_repo(tmp_path / "r", BASE, new)
    findings, figures = run_check(tmp_path / "r", sha, {"database_url": db_url})
    [f] = [f for f in findings if f.rule.id == "migrations.apply-failed"]
    assert (f.location.path, f.location.start_line) == ("db/migrations/002_bad.up.sql", 3)
    assert f.message == (
        'db/migrations/002_bad.up.sql:3: PostgreSQL error: relation "nope" does not exist '
        "[SQLSTATE 42P01]"
    )
    assert figures["apply_round_trip"] == "not run: a new migration failed"


def test_lock_timeout_provoked_by_a_second_session(tmp_path, db_url):
    create = ("CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, email varchar(100) NOT "
              "NULL);\n")
    new = {"db/migrations/002_hot.up.sql": "SET lock_timeout = '2s';\nALTER TABLE users ADD "
           "COLUMN hot int;\n"}
    sha = make_repo(tmp_path / "r", {"db/migrations/001_users.up.sql": create}, new)

    async def scenario():
        holder = await asyncpg.connect(db_url)  # a long-running read holding ACCESS SHARE on users
        await holder.execute(create)
        await holder.execute("BEGIN; LOCK TABLE users IN ACCESS SHARE MODE")
        try:
            started = time.monotonic()
            ctx = Context(config={"migrations": {"apply": {"database_url": db_url,
                                                           "lock_timeout": "300ms"}}},
                          repo=Repo(tmp_path / "r"), net=Net(), env=dict(os.environ),
                          scope=Scope(base=sha, head="HEAD"))
            return await MigrationsCheck().run(ctx), time.monotonic() - started
        finally:
            await holder.execute("ROLLBACK")
            await holder.close()

    findings, elapsed = asyncio.run(scenario())
    [f] = [f for f in findings if f.rule.id == "migrations.apply-timeout"]
    assert (f.location.path, f.location.start_line) == ("db/migrations/002_hot.up.sql", 2)
    assert "stopped by lock_timeout (300ms)" in f.message and ("canceling statement due to lock "
                                                               "timeout") in f.message
    assert elapsed < 15


def test_hanging_migration_is_stopped_by_statement_timeout(tmp_path, db_url):
    new = {"db/migrations/002_slow.up.sql": "SELECT pg_sleep(30);\n"}
    sha = make_repo(tmp_path / "r", BASE, new)
    started = time.monotonic()
    findings, _ = run_check(tmp_path / "r", sha,
                            {"database_url": db_url, "statement_timeout": "1s"})
    assert time.monotonic() - started < 15
    [f] = findings
    assert f.rule.id == "migrations.apply-timeout"
    assert "stopped by statement_timeout (1s)" in f.message


def test_down_migration_that_does_not_restore_the_schema(tmp_path, db_url):
    new = {"db/migrations/002_idx.up.sql": "CREATE INDEX CONCURRENTLY users_email ON users "
           "(email);\n",
           "db/migrations/002_idx.down.sql": "SELECT 1;\n"}
    sha = make_repo(tmp_path / "r", BASE, new)
    findings, figures = run_check(tmp_path / "r", sha, {"database_url": db_url})
    assert seen(findings) == {("migrations.down-not-reversible", "db/migrations/002_idx.down.sql",
                               1)}
    assert figures["apply_round_trip"] == "differs"
    [f] = findings
    assert "CREATE INDEX users_email ON public.users USING btree (email)" in f.evidence


def test_static_finding_confirmed_or_dropped_by_observation(tmp_path, db_url):
    # the base creates the table with CREATE TABLE AS, so the linter cannot know the column's type
    # ...
    base = {"db/migrations/001_t.up.sql": "CREATE TABLE t AS SELECT 'x'::varchar(10) AS name, 1 "
            "AS n;\n"}
    new = {"db/migrations/002_t.up.sql": "SET lock_timeout = '2s';\n"
                                         "ALTER TABLE t ALTER COLUMN name TYPE varchar(20);\n"
                                         "ALTER TABLE t ALTER COLUMN n TYPE bigint;\n"}
    sha = make_repo(tmp_path / "r", base, new)
    lint_only, _ = run_check(tmp_path / "r", sha, {})
    assert seen(lint_only) == {("migrations.change-column-type", "db/migrations/002_t.up.sql", 2),
                               ("migrations.change-column-type", "db/migrations/002_t.up.sql", 3)}
    # ... but the scratch database shows varchar widening kept the table's file, and int -> bigint
    # rewrote it
    findings, figures = run_check(tmp_path / "r", sha, {"database_url": db_url})
    assert seen(findings) == {("migrations.change-column-type", "db/migrations/002_t.up.sql", 3)}
    [f] = findings
    # the ACCESS EXCLUSIVE lock was already taken by line 2 in this transaction, so only the rewrite
    # is new here
    assert f.message.endswith("(observed on the scratch database: rewrote t)")
    assert figures["static_findings_dropped_by_apply"] == 1


def test_ephemeral_cluster_end_to_end(tmp_path):
    # two statements: golang-migrate runs them as one implicit transaction, so the locks are
    # observable
    new = {"db/migrations/002_idx.up.sql": "SET lock_timeout = '2s';\nCREATE INDEX users_email ON "
           "users (email);\n"}
    sha = make_repo(tmp_path / "r", BASE, new)
    findings, figures = run_check(tmp_path / "r", sha, {"ephemeral": True})
    assert seen(findings) == {("migrations.create-index-non-concurrently",
                               "db/migrations/002_idx.up.sql", 2)}
    assert figures["apply_locks:db/migrations/002_idx.up.sql"] == "ShareLock on users"
    f = next(f for f in findings if f.rule.id == "migrations.create-index-non-concurrently")
    assert "held ShareLock on users" in f.message


def test_wrong_password_is_one_clear_error_without_the_password(tmp_path, db_url):
    sha = make_repo(tmp_path / "r", BASE, {"db/migrations/002_x.up.sql": "SELECT 1;\n"})
    wrong = "nope" + secrets.token_hex(6)
    user_part, host_part = db_url.split("@", 1)
    bad = user_part.rsplit(":", 1)[0] + f":{wrong}@" + host_part
    with pytest.raises(CheckError) as err:
        run_check(tmp_path / "r", sha, {"database_url": bad})
    assert "authentication failed" in str(err.value)
    assert wrong not in str(err.value) and "\n" not in str(err.value)


def test_unreachable_database_is_one_clear_error(tmp_path):
    sha = make_repo(tmp_path / "r", BASE, {"db/migrations/002_x.up.sql": "SELECT 1;\n"})
    port = free_port()
    with pytest.raises(CheckError) as err:
        run_check(tmp_path / "r", sha,
                  {"database_url": f"postgresql://u:secretpw@127.0.0.1:{port}/db"})
    assert str(err.value).startswith("migrations.apply did not run: cannot connect to the scratch "
                                     f"database u@127.0.0.1:{port}/db:")
    assert str(err.value).endswith("; the lint found nothing")
    assert "secretpw" not in str(err.value) and err.value.findings == ()


def test_unreachable_database_keeps_the_lint_findings_in_an_error_result(tmp_path):
    # ADD COLUMN without lock_timeout: the static pass reports it whether or not the database is up
    new = {"db/migrations/002_bio.up.sql": "ALTER TABLE users ADD COLUMN bio text;\n"}
    sha = make_repo(tmp_path / "r", BASE, new)
    port = free_port()  # nothing listens there
    apply = {"database_url": f"postgres://u:pw@127.0.0.1:{port}/db"}
    ctx = Context(config={"migrations": {"apply": apply}},
                  repo=Repo(tmp_path / "r"), net=Net(), env={}, scope=Scope(base=sha, head="HEAD"))
    result = asyncio.run(runner_run_check(MigrationsCheck(), ctx))
    assert result.status is Status.ERROR
    assert result.reason.startswith("migrations.apply did not run: cannot connect to the scratch "
                                    f"database u@127.0.0.1:{port}/db: ")
    assert result.reason.endswith("; the 1 lint finding(s) are reported")
    assert seen(result.findings) == {
        ("migrations.require-timeout", "db/migrations/002_bio.up.sql", 1)}
    assert result.figures["apply_round_trip"] == "not run: the scratch database could not be used"


def test_base_migration_that_does_not_apply_is_one_clear_error(tmp_path, db_url):
    base = {"supabase/migrations/20240101_profiles.sql":
            "CREATE TABLE profiles (id uuid REFERENCES auth.users);\n"}
    new = {"supabase/migrations/20240202_bio.sql": "SET lock_timeout = '1s';\nALTER TABLE "
           "profiles ADD COLUMN bio text;\n"}
    sha = make_repo(tmp_path / "r", base, new)
    with pytest.raises(CheckError) as err:
        run_check(tmp_path / "r", sha, {"database_url": db_url})
    assert str(err.value) == (
        "migrations.apply did not run: a migration already on the base branch does not apply to "
        "the scratch database, so the new ones cannot be "
        'tested: supabase/migrations/20240101_profiles.sql:1: PostgreSQL error: schema "auth" does not exist '
        "[SQLSTATE 3F000]; the lint found nothing"
    )


def test_default_of_unknown_volatility_is_settled_by_the_scratch_database(tmp_path, db_url):
    base = {**BASE, "db/migrations/001b_fns.up.sql":
            "CREATE FUNCTION tenant() RETURNS text STABLE LANGUAGE sql AS $$ SELECT 'acme' "
            "$$;\nCREATE FUNCTION token() RETURNS text VOLATILE LANGUAGE sql AS $$ SELECT "
            "md5(random()::text) $$;\n"}
    new = {"db/migrations/002_cols.up.sql": "SET lock_timeout = '2s';\nALTER TABLE users ADD "
           "COLUMN tenant text DEFAULT tenant();\nALTER TABLE "
           "users ADD COLUMN token text DEFAULT token();\n"}
    sha = make_repo(tmp_path / "r", base, new)
    assert seen(run_check(tmp_path / "r", sha, {})[0]) == {
        ("migrations.add-column-default-rewrite", "db/migrations/002_cols.up.sql", 2),
        ("migrations.add-column-default-rewrite", "db/migrations/002_cols.up.sql", 3)}
    findings, _ = run_check(tmp_path / "r", sha, {"database_url": db_url})
    assert seen(findings) == {("migrations.add-column-default-rewrite",
                               "db/migrations/002_cols.up.sql", 3)}
    assert findings[0].message.endswith("(observed on the scratch database: rewrote users)")


def test_dbmate_up_and_down_sections_round_trip(tmp_path, db_url):
    base = {"db/migrations/20240101000000_users.sql":
            "-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n\n"
            "-- migrate:down\nDROP TABLE users;\n"}
    new = {"db/migrations/20240202000000_idx.sql":
           "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_email ON users "
           "(email);\n\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY users_email;\n"}
    sha = make_repo(tmp_path / "r", base, new)
    findings, figures = run_check(tmp_path / "r", sha, {"database_url": db_url})
    assert seen(findings) == set()
    assert figures["layouts"] == "dbmate:db/migrations"
    assert figures["apply_round_trip"] == "identical"
    assert figures["apply_locks:db/migrations/20240202000000_idx.sql"] == (
        "locks not observable (statements run outside a transaction)")


def _doc_blocks() -> list[str]:
    doc = Path(__file__).resolve().parents[2] / "docs" / "github-action.md"
    text = doc.read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def test_the_documented_services_recipe_is_valid_and_applies(tmp_path, pg: Server) -> None:
    """docs/github-action.md's `services: postgres` recipe: the job is valid against GitHub's
    workflow schema, and its launchgate.yml, with the service's URL pointed at a loopback
    PostgreSQL from initdb, applies."""
    blocks = _doc_blocks()
    job = yaml.safe_load(next(b for b in blocks if "services:" in b))
    schema = json.loads(shared_path("schemas", "github-workflow.json").read_text())
    workflow = {"name": "launchgate", "on": {"pull_request": {}}, **job}
    assert sorted(jsonschema.Draft7Validator(schema).iter_errors(workflow), key=str) == []
    step_env = job["jobs"]["gate"]["steps"][1]["env"]
    assert step_env["SCRATCH_DATABASE_URL"].endswith("@postgres:5432/scratch")
    config_text = next(b for b in blocks if "${SCRATCH_DATABASE_URL}" in b and "migrations:" in b)
    name = "t_" + secrets.token_hex(4)
    asyncio.run(_admin(pg, f"CREATE DATABASE {name}"))
    url = f"postgres://{pg.user}:{pg.password.reveal()}@{pg.host}:{pg.port}/{name}"
    sha = make_repo(tmp_path / "r", BASE, {
        "db/migrations/002_bio.up.sql":
            "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN bio text;\n",
        "db/migrations/002_bio.down.sql": "ALTER TABLE users DROP COLUMN bio;\n"})
    (tmp_path / "r" / "launchgate.yml").write_text(config_text)
    cfg = load(tmp_path / "r" / "launchgate.yml", build_schema(every_check()),
               {"SCRATCH_DATABASE_URL": url})
    assert cfg.data["migrations"]["postgres_version"] == 15
    ctx = Context(config=cfg.data, repo=Repo(tmp_path / "r"), net=Net(), env=dict(os.environ),
                  scope=Scope(base=sha, head="HEAD"))
    result = asyncio.run(runner_run_check(MigrationsCheck(), ctx))
    assert result.status is Status.PASSED, result.reason
    assert result.figures["apply_round_trip"] == "identical"
