"""The pre-commit hooks (.pre-commit-hooks.yaml), run by pre-commit itself, from a local clone of
this repository at HEAD (``pre-commit try-repo`` once, then ``pre-commit run`` with a config
that points at the clone, so the hook environment is built once), in a throwaway project
repository. A staged key (built here) blocks the commit, a clean commit passes, an old secret
already in the tree does not block an unrelated commit (added lines only); the env and
migrations hooks block a bad file and pass a good one. Nothing leaves the machine (the hook
environment is installed from the configured index)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
ID = ("-c", "user.name=t", "-c", "user.email=t@example.test")
MIGRATIONS = ROOT / "examples" / "marketplace" / "migrations"
SCHEMA = "version: 1\nvars:\n  APP_ENV: {type: enum, values: [development, production]}\n"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, timeout=60).stdout


def aws_key() -> str:
    return "AKIA" + "Z7Q2W4E6R8T1Y3U5"  # a well-known fake shape, built so our own scan stays quiet


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory):
    """A clone of this repository at HEAD (what try-repo installs) and a shared PRE_COMMIT_HOME,
    so the hook environment is built once for the module."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("precommit")
    clone = base / "launchgate"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "home"), "GITHUB_ACTIONS": "",
           "PRE_COMMIT_COLOR": "never"}
    return clone, env


@pytest.fixture
def project(tmp_path: Path, hooks) -> Path:
    """A throwaway project whose .pre-commit-config.yaml uses the hooks of the clone at HEAD."""
    clone, _ = hooks
    repo = tmp_path / "project"
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, timeout=30)
    shutil.copytree(MIGRATIONS, repo / "migrations")
    (repo / "env.schema.yaml").write_text(SCHEMA, encoding="utf-8")
    (repo / "app.py").write_text("print('hello')\n", encoding="utf-8")
    rev = git(clone, "rev-parse", "HEAD").strip()
    ids = "".join(f"      - id: launchgate-{h}\n" for h in ("secrets", "env", "migrations"))
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {clone}\n    rev: {rev}\n    hooks:\n{ids}", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, *ID, "commit", "-qm", "start")
    return repo


def pre_commit(hooks, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    _, env = hooks
    return subprocess.run([sys.executable, "-m", "pre_commit", *args, "--verbose"], cwd=project,
                          env=env, capture_output=True, text=True, timeout=600, check=False)


def try_repo(hooks, project: Path, hook: str) -> subprocess.CompletedProcess[str]:
    """``pre-commit try-repo`` (a fresh hook environment each call: used once)."""
    return pre_commit(hooks, project, "try-repo", str(hooks[0]), hook)


def run(hooks, project: Path, hook: str) -> subprocess.CompletedProcess[str]:
    """``pre-commit run HOOK`` with the project's config (one environment for the module)."""
    return pre_commit(hooks, project, "run", hook)


def stage(project: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (project / rel).write_text(text, encoding="utf-8")
        git(project, "add", rel)


def test_a_staged_key_is_blocked_and_never_printed_whole(hooks, project: Path) -> None:
    stage(project, {"settings.py": f'AWS_ACCESS_KEY_ID = "{aws_key()}"\n'})
    res = try_repo(hooks, project, "launchgate-secrets")
    assert res.returncode == 1, res.stdout + res.stderr
    assert "launchgate secrets (staged lines)" in res.stdout and "Failed" in res.stdout
    assert "secrets.aws-access-key  settings.py:1" in res.stdout
    assert aws_key() not in res.stdout + res.stderr


def test_a_clean_commit_passes(hooks, project: Path) -> None:
    stage(project, {"app.py": "print('hello, world')\n"})
    res = run(hooks, project, "launchgate-secrets")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Passed" in res.stdout


def test_only_added_lines_count_not_a_secret_already_in_the_tree(hooks, project: Path) -> None:
    (project / "old.py").write_text(f'KEY = "{aws_key()}"\n', encoding="utf-8")
    git(project, "add", "old.py")
    git(project, *ID, "commit", "-qm", "an old mistake", "--no-verify")
    stage(project, {"app.py": "print('unrelated')\n"})
    res = run(hooks, project, "launchgate-secrets")
    assert res.returncode == 0, res.stdout + res.stderr


def test_the_env_hook_blocks_a_bad_env_file_and_passes_a_good_one(hooks, project: Path) -> None:
    stage(project, {".env": "APP_ENV=prodution\n"})
    bad = run(hooks, project, "launchgate-env")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "env.invalid-enum" in bad.stdout
    stage(project, {".env": "APP_ENV=production\n"})
    good = run(hooks, project, "launchgate-env")
    assert good.returncode == 0, good.stdout + good.stderr


def test_the_migrations_hook_lints_the_staged_migration(hooks, project: Path) -> None:
    stage(project, {"migrations/000007_title.up.sql": "CREATE INDEX title ON listings (title);\n",
                    "migrations/000007_title.down.sql": "DROP INDEX title;\n"})
    bad = run(hooks, project, "launchgate-migrations")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "migrations.create-index-non-concurrently" in bad.stdout
    stage(project, {"migrations/000007_title.up.sql":
                    "SET lock_timeout = '5s';\nALTER TABLE listings ADD COLUMN subtitle text;\n",
                    "migrations/000007_title.down.sql":
                    "ALTER TABLE listings DROP COLUMN subtitle;\n"})
    good = run(hooks, project, "launchgate-migrations")
    assert good.returncode == 0, good.stdout + good.stderr
