"""Shallow clones (``actions/checkout``'s default ``fetch-depth: 1``), with real
``git clone --depth 1 file://…`` clones: the run never changes the clone unless asked
(``--fetch-missing``: exactly the missing commits, said in the log), says once which
``fetch-depth`` to set, the checks that need the history say they were limited, the migrations
check never fails with a raw git error, and a second run on the same clone reports the same."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from launchgate.cli import cli
from tests.fixtures.secrets_corpus import aws_id, github_classic

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "examples" / "marketplace" / "migrations"
NEW_MIGRATION = "CREATE INDEX listings_title ON listings (title);\n"
ID = ("-c", "user.name=t", "-c", "user.email=t@example.test")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, timeout=30).stdout.strip()


def commit(repo: Path, files: dict[str, str], message: str) -> str:
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, *ID, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def pr(tmp_path: Path):
    """A source repository: a base with the example's migrations and an old secret, then a pull
    request of three commits adding a migration and a new secret."""
    r = random.Random(7)
    src = tmp_path / "src"
    shutil.copytree(MIGRATIONS, src / "migrations")
    git(tmp_path, "init", "-q", "-b", "main", str(src))
    old, new = aws_id(r), github_classic(r)
    base = commit(src, {"config/old.py": f'KEY = "{old}"\n'}, "base")
    commit(src, {"app/a.py": "A = 1\n"}, "pr 1")
    commit(src, {"migrations/000007_listings_title.up.sql": NEW_MIGRATION,
                 "migrations/000007_listings_title.down.sql": "DROP INDEX listings_title;\n"},
           "pr 2")
    head = commit(src, {"app/client.py": f'TOKEN = "{new}"\n'}, "pr 3")
    return src, base, head, (old, new)


def shallow_clone(src: Path, dest: Path) -> Path:
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{src}", str(dest)], check=True,
                   timeout=60)
    return dest


def state(clone: Path) -> tuple[str, str]:
    """What a run must not change behind the user's back: the shallow list and the object store."""
    objects = git(clone, "count-objects", "-v")
    return (clone / ".git" / "shallow").read_text(encoding="utf-8"), objects


def check(clone: Path, base: str, head: str, *extra: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["check", str(clone), "--base-ref", base, "--head-ref", head,
                                    "--only", "secrets,migrations", "--format", "json", *extra],
                              env=env or {"GITHUB_ACTIONS": ""})


def steady(doc: dict) -> dict:
    doc.pop("started_at")
    for r in doc["results"]:
        r.pop("duration_s")
    return doc


def figures(doc: dict, check_id: str) -> dict:
    return next(r for r in doc["results"] if r["check"] == check_id)["figures"]


def test_without_fetching_one_notice_and_the_checks_say_they_were_limited(pr, tmp_path) -> None:
    src, base, head, (old, new) = pr
    clone = shallow_clone(src, tmp_path / "clone")
    before = state(clone)
    first = check(clone, base, head, "--no-fetch-missing")
    assert first.exit_code == 1, first.output  # the secrets are found: the gate fails, no exit 3
    assert state(clone) == before  # nothing fetched, nothing deepened
    notice = [line for line in first.stderr.splitlines() if line]
    assert len(notice) == 1 and "fetch-depth: 0" in notice[0] and base[:12] in notice[0]
    doc = json.loads(first.stdout)
    statuses = {r["check"]: r["status"] for r in doc["results"]}
    # every migration linted as one new change set (an index on a table it creates is fine)
    assert statuses == {"secrets": "failed", "migrations": "passed"}
    assert figures(doc, "migrations")["files_linted"] == 7  # the six of the base and the new one
    assert "limited" in figures(doc, "secrets")["diff_shallow"]
    assert "limited" in figures(doc, "migrations")["scope"]
    assert "git " not in json.dumps(doc)  # no raw git error anywhere
    # what is there is scanned: the tree, with the old and the new secret
    assert {f["location"]["path"] for f in doc["findings"] if f["rule"].startswith("secrets.")} \
        == {"config/old.py", "app/client.py"}
    assert old not in first.output and new not in first.output
    second = check(clone, base, head, "--no-fetch-missing")
    assert second.exit_code == first.exit_code and second.stderr == first.stderr
    assert steady(json.loads(second.stdout)) == steady(doc)
    assert state(clone) == before


def test_fetch_missing_fetches_exactly_the_base_and_the_pr_scope_is_exact(pr, tmp_path) -> None:
    src, base, head, _ = pr
    clone = shallow_clone(src, tmp_path / "clone")
    first = check(clone, base, head, "--fetch-missing")
    assert first.exit_code == 1, first.output
    said = first.stderr.splitlines()
    assert said[0] == (f"launchgate: shallow clone: fetched the pull request's {base[:12]} "
                       f"(git fetch --depth=1 origin {base[:12]}; fetch-missing is on)")
    assert git(clone, "cat-file", "-t", base) == "commit"
    objects = git(clone, "cat-file", "--batch-all-objects", "--batch-check=%(objecttype)")
    assert objects.split().count("commit") == 2  # the two commits, not the history between
    doc = json.loads(first.stdout)
    # the PR's changes, as the diff of the two trees: the new secret, not the base's old one
    assert {f["location"]["path"] for f in doc["findings"] if f["rule"].startswith("secrets.")} \
        == {"app/client.py"}
    assert "not each commit" in figures(doc, "secrets")["diff_shallow"]
    scope = figures(doc, "migrations")["scope"]
    assert scope.endswith("(the two trees: shallow clone)")
    assert figures(doc, "migrations")["files_linted"] == 1  # only the PR's new migration
    new = "migrations/000007_listings_title.up.sql"
    assert {(f["rule"], f["location"]["path"]) for f in doc["findings"]
            if f["rule"].startswith("migrations.")} == {
        ("migrations.create-index-non-concurrently", new), ("migrations.require-timeout", new)}
    after = state(clone)
    second = check(clone, base, head, "--fetch-missing")  # already there: nothing more fetched
    assert "fetched" not in second.stderr and state(clone) == after
    assert steady(json.loads(second.stdout)) == steady(doc)


def test_an_unreachable_remote_is_two_lines_and_the_same_limited_run(pr, tmp_path) -> None:
    src, base, head, _ = pr
    clone = shallow_clone(src, tmp_path / "clone")
    git(clone, "remote", "set-url", "origin", str(tmp_path / "gone"))
    res = check(clone, base, head, "--fetch-missing")
    assert res.exit_code == 1, res.output
    lines = res.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"launchgate: shallow clone: could not fetch {base[:12]}")
    assert "fetch-depth: 0" in lines[1]
    assert "limited" in figures(json.loads(res.stdout), "migrations")["scope"]


def test_under_actions_fetch_missing_is_on_by_default_and_said(pr, tmp_path) -> None:
    src, base, head, _ = pr
    clone = shallow_clone(src, tmp_path / "clone")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "workflow_dispatch", "GITHUB_TOKEN": ""}
    res = check(clone, base, head, "--comment", "never", "--annotations", "none", env=env)
    assert f"fetched the pull request's {base[:12]}" in res.stderr
    assert git(clone, "cat-file", "-t", base) == "commit"


def test_a_full_clone_is_left_alone(pr, tmp_path) -> None:
    src, base, head, _ = pr
    res = check(src, base, head, "--fetch-missing")
    assert res.exit_code == 1 and res.stderr == ""
    doc = json.loads(res.stdout)
    assert "diff_shallow" not in figures(doc, "secrets")
    assert figures(doc, "secrets")["diff_commits"] == 3
    assert figures(doc, "migrations")["scope"] == f"added or changed between {base} and {head}"
