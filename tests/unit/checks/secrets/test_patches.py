"""Streamed patches (patches.py) and the PR's changed lines (repo.changed_lines): the right line
numbers for every added line, and memory that does not grow with the size of an added file."""

from __future__ import annotations

import asyncio
import subprocess
import tracemalloc
from pathlib import Path

import pytest

from launchgate.checks.secrets import engine, patches, scopes
from launchgate.repo import Repo


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.email=t@t", "-c", "user.name=t", *args],
                   check=True, capture_output=True, timeout=60)


def _repo(tmp_path: Path, before: str, after: str) -> Repo:
    git(tmp_path, "init", "-q")
    (tmp_path / "app.py").write_text(before)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    (tmp_path / "app.py").write_text(after)
    git(tmp_path, "commit", "-qam", "change")
    return Repo(tmp_path)


def _patches(repo: Repo) -> list[patches.Patch]:
    async def collect() -> list[patches.Patch]:
        args = ["log", *scopes.LOG_ARGS, "-1"]
        return [p async for p in patches.added_lines(repo, args, lambda p: False, 60)]
    return asyncio.run(collect())


def test_added_lines_keep_their_numbers_across_hunks(tmp_path: Path) -> None:
    before = "".join(f"line {i}\n" for i in range(1, 21))
    after = before.replace("line 3\n", "line 3\nadded a\nadded b\n").replace(
        "line 15\n", "changed 15\n") + "+ a line that starts with a plus\n\n"
    [p] = _patches(_repo(tmp_path, before, after))
    assert p.path == "app.py"
    assert p.data() == b"added a\nadded b\nchanged 15\n+ a line that starts with a plus\n"
    assert list(p.line_map()) == [4, 5, 17, 23, 24]


def test_a_huge_added_file_comes_in_pieces_that_go_on_numbering(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patches, "PATCH_BYTES", 1000)
    after = "".join(f"value_{i} = {i}\n" for i in range(1, 501))
    got = _patches(_repo(tmp_path, "", after))
    assert len(got) > 5
    lines = [n for p in got for n in p.line_map()]
    data = b"\n".join(p.data() for p in got)
    assert lines == list(range(1, 501))
    assert data.decode() == after.rstrip("\n")


def test_a_secret_in_a_later_piece_is_reported_on_its_own_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patches, "PATCH_BYTES", 4096)
    key = "AKIA" + "Q3ZRT7WNB2KD" + "4HXP"
    after = "".join(f"value_{i} = compute({i})\n" for i in range(1, 2001)) + f'AWS = "{key}"\n'
    repo = _repo(tmp_path, "", after)
    out = asyncio.run(scopes.scan_diff(scopes.Pool(1), repo, "HEAD~1", "HEAD", engine.Options(),
                                       lambda p: False, 60))
    assert {(h.rule, h.path, h.line) for h in out.hits} == {
        ("secrets.aws-access-key", "app.py", 2001)}


@pytest.mark.slow  # a 300,000-line commit: about 3 s
def test_the_changed_lines_of_a_huge_added_file_take_little_memory(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "", "".join(f"value_{i} = compute({i})\n" for i in range(300_000)))
    tracemalloc.start()
    try:
        changed = asyncio.run(repo.changed_lines("HEAD~1", "HEAD"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(changed["app.py"]) == 300_000
    assert 1 in changed["app.py"] and 300_000 in changed["app.py"]
    assert 300_001 not in changed["app.py"] and 0 not in changed["app.py"]
    assert peak < 8 * 2**20, peak  # before: the whole diff and a set of ints, about 60 MB
