"""Odd path names through git: pathspec magic is never applied to a path, and patch headers are
decoded (git's C-quoting and the trailing tab after a name with a space), so findings name the real
file."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

from click.testing import CliRunner

from launchgate.cli import cli
from launchgate.repo import Repo, patch_path

KEY = "AKIA" + "QWERTYUIOPASDFGH"
ODD = ("a b.py", 'quo"te.py', "tab\there.py", "back\\slash.py", "é.py", "nl\nname.py")


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.test", "-C",
                           str(root), *args],
                          check=True, capture_output=True, text=True, timeout=30).stdout.strip()


def _check(root: Path, *args: str):
    return CliRunner().invoke(cli, ["check", str(root), "--format", "json", *args],
                              env={"GITHUB_ACTIONS": ""},
                              catch_exceptions=False)


def _found(res) -> set[tuple[str, str]]:
    import json

    return {(f["rule"], f["location"]["path"]) for f in json.loads(res.stdout)["findings"]}


def test_a_dotenv_file_under_a_colon_directory_is_reported(tmp_path: Path) -> None:
    # before: ls-files read ":conf/.env.local" as pathspec magic, matched nothing, and the files
    # went unreported
    _git(tmp_path, "init", "-q")
    for d in (":conf", ":(glob)x", "plain"):
        (tmp_path / d).mkdir()
        (tmp_path / d / ".env.local").write_text("A=1\n")
    (tmp_path / ":conf" / ".env.keys").write_text("DOTENV_PRIVATE_KEY=abc\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "x")
    res = _check(tmp_path, "--only", "env")
    assert res.exit_code == 1
    assert _found(res) == {("env.private-key-file-present", ":conf/.env.keys"),
                           ("env.local-env-file-committed", ":conf/.env.local"),
                           ("env.local-env-file-committed", ":(glob)x/.env.local"),
                           ("env.local-env-file-committed", "plain/.env.local")}


def test_the_diff_scope_names_odd_files_as_they_are(tmp_path: Path) -> None:
    # before: "a b.py\t", '"quo\\"te.py"', '"tab\\there.py"' ... (git's quoting kept) and no
    # annotation would match
    _git(tmp_path, "init", "-q")
    (tmp_path / "base.txt").write_text("1\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "base")
    base = _git(tmp_path, "rev-parse", "HEAD")
    for name in ODD:
        (tmp_path / name).write_text(f'x = 1\naws_key = "{KEY}"\n')
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "odd names")
    res = _check(tmp_path, "--only", "secrets", "--base-ref", base, "--head-ref", "HEAD")
    assert res.exit_code == 1
    assert _found(res) == {("secrets.aws-access-key", name) for name in ODD}
    assert KEY not in res.stdout
    changed = asyncio.run(Repo(tmp_path).changed_lines(base, "HEAD"))
    assert changed == {name: {1, 2} for name in ODD}


def test_patch_path_decodes_what_git_writes() -> None:
    assert patch_path("b/a b.py\t") == "b/a b.py"
    assert patch_path('"b/quo\\"te\\tx\\303\\251.py"') == 'b/quo"te\txé.py'
    assert patch_path("b/plain.py") == "b/plain.py" and patch_path("/dev/null") == "/dev/null"
    # not UTF-8: surrogate-escaped like every git path
    assert patch_path('"b/bad\\377.py"') == "b/bad\udcff.py"
