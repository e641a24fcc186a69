"""Without a pull-request scope the migrations check lints what the next deploy runs: the unreleased
migrations.

Every branch of the scope logic runs in a temporary git repository built here: a feature branch with
its remote, a release tag, no tag (last commit, unpushed commits, a push event), no git, one commit,
a shallow clone.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from pathlib import Path

import pytest

from launchgate.check import Context, Scope, Skip
from launchgate.checks.migrations import MigrationsCheck
from launchgate.checks.migrations.scope import release_tier
from launchgate.net import Net
from launchgate.repo import Repo

M = "db/migrations"
CREATE = "SET lock_timeout = '5s';\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n"
INDEX = "SET lock_timeout = '5s';\nCREATE INDEX users_email ON users (email);\n"
DROP = "SET lock_timeout = '5s';\nALTER TABLE users DROP COLUMN email;\n"
RENAME = "SET lock_timeout = '5s';\nALTER TABLE users RENAME COLUMN email TO mail;\n"


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.test",
           "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.test", "GIT_CONFIG_GLOBAL": "/dev/null",
           "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True,
                          env=env).stdout.strip()


def commit(root: Path, files: dict[str, str], message: str = "change") -> str:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


def new_repo(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    return root


def repo_with_origin(tmp_path: Path) -> Path:
    """A new repository whose ``origin`` is an empty bare repository beside it (default branch
    main)."""
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    root = new_repo(tmp_path / "r")
    git(root, "remote", "add", "origin", str(origin))
    return root


def run(root: Path, section: dict | None = None, scope: Scope | None = None):
    ctx = Context(config={"migrations": section or {}}, repo=Repo(root), net=Net(), env={},
                  scope=scope or Scope())
    findings = asyncio.run(MigrationsCheck().run(ctx))
    return {(f.rule.id, f.location.path, f.location.start_line) for f in findings}, ctx.figures


def skipped(root: Path, scope: Scope | None = None) -> str:
    with pytest.raises(Skip) as skip:
        run(root, scope=scope)
    return str(skip.value)


def test_release_tiers():
    assert [release_tier(t) for t in ("v1.6.0", "2.17.0", "v4.3", "1.2.3.4")] == [1, 1, 1, 1]
    assert [release_tier(t) for t in ("py/1.37.5", "5.4.0-rc.1", "app@2.0.0", "v1.2.3-beta")] == [
        2,
        2,
        2,
        2,
    ]
    assert [release_tier(t) for t in ("nightly", "stable", "latest")] == [3, 3, 3]


def test_release_tag_lints_only_migrations_added_since_it(tmp_path):
    root = new_repo(tmp_path / "r")
    commit(root, {f"{M}/001_users.sql": CREATE, f"{M}/002_drop.sql": DROP})
    git(root, "tag", "v1.0.0")
    commit(root, {f"{M}/003_index.sql": INDEX})
    # a pre-release and a moving tag are not releases while a release exists
    git(root, "tag", "v1.1.0-rc.1")
    git(root, "tag", "nightly")
    found, figures = run(root)
    assert found == {("migrations.create-index-non-concurrently", f"{M}/003_index.sql", 2)}
    assert figures["scope"] == "added since release tag v1.0.0"
    assert figures["not_linted_released"] == 2
    assert figures["lint_all_hint"] == ("2 older migration(s) not linted (released); --all or "
                                        "migrations.scope: all lints them all")
    everything = {("migrations.drop-column", f"{M}/002_drop.sql", 2),
                  ("migrations.create-index-non-concurrently", f"{M}/003_index.sql", 2)}
    assert run(root, {"scope": "all"})[0] == everything
    assert run(root, scope=Scope(all=True))[0] == everything


def test_highest_release_wins_even_on_a_release_branch(tmp_path):
    root = new_repo(tmp_path / "r")
    commit(root, {f"{M}/001_users.sql": CREATE})
    git(root, "tag", "v1.0.0")
    git(root, "checkout", "-q", "-b", "release-2")
    commit(root, {f"{M}/002_drop.sql": DROP})
    git(root, "tag", "v2.0.0")  # tagged on a release branch main never contains
    git(root, "checkout", "-q", "main")
    commit(root, {f"{M}/002_drop.sql": DROP, f"{M}/003_index.sql": INDEX})
    found, figures = run(root)
    assert found == {("migrations.create-index-non-concurrently", f"{M}/003_index.sql", 2)}
    assert figures["scope"] == "added since release tag v2.0.0"


def test_only_prerelease_and_moving_tags_fall_back_to_them(tmp_path):
    root = new_repo(tmp_path / "r")
    commit(root, {f"{M}/001_users.sql": CREATE})
    git(root, "tag", "nightly")
    commit(root, {f"{M}/002_drop.sql": DROP})
    git(root, "tag", "5.4.0-rc.1")
    commit(root, {f"{M}/003_index.sql": INDEX})
    found, figures = run(root)
    assert found == {("migrations.create-index-non-concurrently", f"{M}/003_index.sql", 2)}
    assert figures["scope"] == "added since release tag 5.4.0-rc.1"


def test_everything_released_is_a_skip_that_says_how_to_lint_all(tmp_path):
    root = new_repo(tmp_path / "r")
    commit(root, {f"{M}/001_users.sql": CREATE, f"{M}/002_drop.sql": DROP})
    git(root, "tag", "v3.0.0")
    assert skipped(root) == ("no migration added since release tag v3.0.0 (2 present, not linted; "
                             "--all or migrations.scope: all lints them all)")


def test_uncommitted_and_untracked_migrations_are_unreleased(tmp_path):
    root = new_repo(tmp_path / "r")
    commit(root, {f"{M}/001_users.sql": CREATE})
    git(root, "tag", "v1.0.0")
    (root / M / "002_rename.sql").write_text(RENAME)  # written, not yet added to git
    found, _ = run(root)
    assert found == {("migrations.rename-column", f"{M}/002_rename.sql", 2)}


def test_no_tag_lints_the_last_commit(tmp_path):
    root = new_repo(tmp_path / "r")
    commit(root, {f"{M}/001_users.sql": CREATE, f"{M}/002_drop.sql": DROP})
    commit(root, {f"{M}/003_index.sql": INDEX})
    found, figures = run(root)
    assert found == {("migrations.create-index-non-concurrently", f"{M}/003_index.sql", 2)}
    assert figures["scope"] == "added in the last commit (no release tag, no push information)"


def test_push_event_lints_the_pushed_commits(tmp_path):
    root = new_repo(tmp_path / "r")
    commit(root, {f"{M}/001_users.sql": CREATE})
    before = commit(root, {f"{M}/002_drop.sql": DROP})
    commit(root, {f"{M}/003_index.sql": INDEX})
    after = commit(root, {f"{M}/004_rename.sql": RENAME})
    push = Scope(base=before, head=after, push=(before, after))
    found, figures = run(root, scope=push)
    assert found == {("migrations.create-index-non-concurrently", f"{M}/003_index.sql", 2),
                     ("migrations.rename-column", f"{M}/004_rename.sql", 2)}
    assert figures["scope"] == (f"added in the pushed commits {before[:12]}..{after[:12]} (no "
                                "release tag)")
    # a release tag comes first: everything since it, 002 included
    git(root, "tag", "v1.0.0", f"{before}^")
    found, figures = run(root, scope=push)
    assert found == {("migrations.drop-column", f"{M}/002_drop.sql", 2),
                     ("migrations.create-index-non-concurrently", f"{M}/003_index.sql", 2),
                     ("migrations.rename-column", f"{M}/004_rename.sql", 2)}
    assert figures["scope"] == "added since release tag v1.0.0"


def test_feature_branch_lints_what_is_not_on_the_remote_default_branch(tmp_path):
    root = repo_with_origin(tmp_path)
    commit(root, {f"{M}/001_users.sql": CREATE})
    git(root, "tag", "v1.0.0")
    # on main, not released: the feature branch does not bring it
    commit(root, {f"{M}/002_drop.sql": DROP})
    git(root, "push", "-q", "origin", "main")
    git(root, "remote", "set-head", "origin", "main")
    git(root, "checkout", "-q", "-b", "feature")
    commit(root, {f"{M}/003_index.sql": INDEX})
    found, figures = run(root)
    assert found == {("migrations.create-index-non-concurrently", f"{M}/003_index.sql", 2)}
    assert figures["scope"] == "not on origin/main (feature branch feature)"
    git(root, "checkout", "-q", "main")  # on the default branch: since the release tag
    found, figures = run(root)
    assert found == {("migrations.drop-column", f"{M}/002_drop.sql", 2)}
    assert figures["scope"] == "added since release tag v1.0.0"


def test_unpushed_commits_without_a_tag(tmp_path):
    root = repo_with_origin(tmp_path)
    commit(root, {f"{M}/001_users.sql": CREATE})
    git(root, "push", "-q", "-u", "origin", "main")
    commit(root, {f"{M}/002_drop.sql": DROP})
    commit(root, {f"{M}/003_index.sql": INDEX})
    found, figures = run(root)
    assert found == {("migrations.drop-column", f"{M}/002_drop.sql", 2),
                     ("migrations.create-index-non-concurrently", f"{M}/003_index.sql", 2)}
    assert figures["scope"] == "not yet pushed to origin/main (no release tag)"


# -- no history: everything is new, and the migrations form one change set
# -------------------------------------

def test_no_git_everything_is_new(tmp_path):
    root = tmp_path / "r"
    for rel, text in {f"{M}/001_users.sql": CREATE, f"{M}/002_index.sql": INDEX,
                      f"{M}/003_orders.sql": "SET lock_timeout = '5s';\nCREATE INDEX o ON orders "
                      "(id);\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    found, figures = run(root)
    # users is created by a migration of this (unreleased) set: nobody uses it yet; orders is not,
    # so it exists
    assert found == {("migrations.create-index-non-concurrently", f"{M}/003_orders.sql", 2)}
    assert figures["scope"] == "not a git repository: every migration is treated as new"
    assert "not_linted_released" not in figures


def test_one_commit_everything_is_new(tmp_path):
    root = new_repo(tmp_path / "r")
    commit(root, {f"{M}/001_users.sql": CREATE, f"{M}/002_drop.sql": DROP})
    found, figures = run(root)
    assert found == set()
    assert figures["scope"] == "one commit: every migration is treated as new"
    assert run(root, {"scope": "all"})[0] == {("migrations.drop-column", f"{M}/002_drop.sql", 2)}


def test_shallow_clone_everything_is_new_and_says_how_to_fetch(tmp_path):
    src = new_repo(tmp_path / "src")
    commit(src, {f"{M}/001_users.sql": CREATE})
    commit(src, {f"{M}/002_drop.sql": DROP})
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--no-tags", f"file://{src}", str(clone)],
                   check=True)
    found, figures = run(clone)
    assert found == set()
    assert figures["scope"] == ("shallow clone with one commit (fetch the history and tags: "
                                "actions/checkout fetch-depth: 0): every migration is treated as "
                                "new")


# -- continuous deploy: a build or release hook that migrates makes the release tags lag production
# -------------------------------------
VERCEL = '{"scripts": {"build": "next build", "vercel-build": "prisma migrate deploy && next build"}}'


def test_a_build_that_migrates_lints_the_last_push_not_everything_since_the_tag(tmp_path):
    root = new_repo(tmp_path / "r")
    commit(root, {f"{M}/001_users.sql": CREATE, "package.json": VERCEL})
    git(root, "tag", "v1.0.0")
    commit(root, {f"{M}/002_drop.sql": DROP})  # on main since: production ran it at that push
    commit(root, {f"{M}/003_index.sql": INDEX})
    found, figures = run(root)
    # the risk the last push brings is still reported; the one deployed pushes ago is not
    assert found == {("migrations.create-index-non-concurrently", f"{M}/003_index.sql", 2)}
    assert figures["scope"] == ("added in the last commit (each deploy runs the migrations: "
                                "package.json script vercel-build, no push information)")
    before = git(root, "rev-parse", "HEAD~2")
    after = git(root, "rev-parse", "HEAD")
    found, figures = run(root, scope=Scope(base=before, head=after, push=(before, after)))
    assert found == {("migrations.drop-column", f"{M}/002_drop.sql", 2),
                     ("migrations.create-index-non-concurrently", f"{M}/003_index.sql", 2)}
    assert figures["scope"].startswith(f"added in the pushed commits {before[:12]}..")


def test_a_build_that_does_not_migrate_keeps_the_release_tag(tmp_path):
    root = new_repo(tmp_path / "r")
    # `migrate dev` writes migrations on a laptop; an example app's hook is not the product's
    hooks = {"package.json": '{"scripts": {"build": "next build", "db": "prisma migrate dev"}}',
             "examples/demo/package.json": VERCEL}
    commit(root, {f"{M}/001_users.sql": CREATE, **hooks})
    git(root, "tag", "v1.0.0")
    commit(root, {f"{M}/002_drop.sql": DROP})
    commit(root, {f"{M}/003_index.sql": INDEX})
    found, figures = run(root)
    assert found == {("migrations.drop-column", f"{M}/002_drop.sql", 2),
                     ("migrations.create-index-non-concurrently", f"{M}/003_index.sql", 2)}
    assert figures["scope"] == "added since release tag v1.0.0"
