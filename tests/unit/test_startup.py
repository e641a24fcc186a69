"""Start-up cost a user notices: what a command imports.

The pre-commit hooks run ``launchgate check --staged --only <check>`` on every commit, so they
must not import the families they do not run (httpx, dnspython, pglast, selectolax, aiohttp come
with the live checks and the migrations). Each case runs the real command in a fresh interpreter
and reads its ``sys.modules`` at exit. The times themselves are measured in
benchmarks/precommit.py, not asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from launchgate import checks
from launchgate.checks import ALL, TABLE, Listed, builtin_schema
from launchgate.config import build_schema, schema_text
from launchgate.model import Phase

# what only the live checks (and the migrations parser) need
LIVE = ("httpx", "dns", "aiohttp", "selectolax", "cryptography", "launchgate.checks.web",
        "launchgate.checks.dns", "launchgate.checks.email", "launchgate.checks.tls",
        "launchgate.checks.probes", "launchgate.checks.ai")
PROBE = """
import atexit, json, runpy, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "launchgate"
runpy.run_module("launchgate", run_name="__main__")
"""
ID = ("-c", "user.name=t", "-c", "user.email=t@example.test")
ROOT = Path(__file__).resolve().parents[2]  # the tree under test, whatever is installed


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=60)


def imported(tmp_path: Path, cwd: Path, *args: str) -> tuple[set[str], subprocess.CompletedProcess]:
    """The modules ``launchgate ARGS`` imported by the time it exited, and how it ended."""
    out = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", PROBE, str(out), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False,
                          env={"PATH": "/usr/bin:/bin", "GITHUB_ACTIONS": "", "HOME": str(tmp_path),
                               "PYTHONPATH": str(ROOT)})
    return set(json.loads(out.read_text())), done


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with one commit and one staged change."""
    root = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, timeout=30)
    (root / "app.py").write_text("print('hello')\n", encoding="utf-8")
    (root / "migrations").mkdir()
    (root / "migrations" / "0001_init.sql").write_text("CREATE TABLE t (id int);\n")
    git(root, "add", "-A")
    git(root, *ID, "commit", "-qm", "start")
    (root / "app.py").write_text("print('hello')\nprint('again')\n", encoding="utf-8")
    git(root, "add", "app.py")
    return root


def test_version_imports_no_check_and_no_pipeline(tmp_path: Path) -> None:
    mods, done = imported(tmp_path, tmp_path, "--version")
    assert done.returncode == 0 and "launchgate, version" in done.stdout
    assert {m for m in mods if m.startswith(("launchgate.app", "launchgate.checks", "asyncio"))} \
        == set()


def test_a_pre_commit_secrets_run_imports_no_live_check(tmp_path: Path, repo: Path) -> None:
    mods, done = imported(tmp_path, repo, "check", "--staged", "--only", "secrets", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "launchgate.checks.secrets" in mods  # it did run the check
    assert {m for m in mods if m.split(".")[0] in LIVE or m in LIVE} == set()
    assert {"pglast", "jsonschema", "launchgate.checks.migrations"} & mods == set()


def test_a_pre_commit_secrets_run_that_blocks_still_imports_no_live_check(tmp_path: Path,
                                                                          repo: Path) -> None:
    key = "AKIA" + "Z7Q2W4E6R8T1Y3U5"  # a well-known fake shape, built so our own scan stays quiet
    (repo / "settings.py").write_text(f'AWS_ACCESS_KEY_ID = "{key}"\n', encoding="utf-8")
    git(repo, "add", "settings.py")
    mods, done = imported(tmp_path, repo, "check", "--staged", "--only", "secrets", "--quiet")
    assert done.returncode == 1
    assert "secrets.aws-access-key" in done.stdout and key not in done.stdout + done.stderr
    assert {m for m in mods if m.split(".")[0] in LIVE or m in LIVE} == set()


def test_a_pre_commit_migrations_run_imports_no_live_check(tmp_path: Path, repo: Path) -> None:
    mods, done = imported(tmp_path, repo, "check", "--staged", "--only", "migrations", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "launchgate.checks.migrations" in mods
    assert {m for m in mods if m.split(".")[0] in LIVE or m in LIVE} == set()
    assert "launchgate.checks.secrets" not in mods


def test_the_table_lists_every_check_by_its_own_id_and_phase() -> None:
    assert [c.id for c in ALL] == [row.id for row in TABLE]
    for row, check in zip(TABLE, ALL, strict=True):
        assert (check.id, check.phase) == (row.id, row.phase)
        assert row.load() is check  # imported once, then the same check
        assert repr(row).startswith(f"Listed({row.id!r}, {row.phase.value}, "
                                    f"'{type(check).__module__}:{type(check).__name__}'")


def test_a_row_that_misnames_its_check_is_refused() -> None:
    wrong = Listed("secrets", Phase.POST, "launchgate.checks.secrets:SecretsCheck")
    with pytest.raises(RuntimeError, match="lists launchgate.checks.secrets:SecretsCheck as "
                                           r"secrets \(post\); the class says secrets \(pre\)"):
        wrong.load()


def test_the_committed_config_schema_is_the_one_the_checks_build() -> None:
    committed = checks.CONFIG_SCHEMA.read_text(encoding="utf-8")
    assert committed == schema_text(build_schema(ALL)), "run `make docs` and commit it"
    assert builtin_schema(TABLE) == build_schema(ALL)
    assert builtin_schema(TABLE[:2]) is None  # another list of checks: built from them
