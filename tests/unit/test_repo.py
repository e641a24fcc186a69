"""repo: the file walk and its guards, text reads, inline ignores and diff parsing (no git needed
here)."""

from __future__ import annotations

import os

import pytest

from launchgate.repo import Repo, Skipped, TextFile, ignore_matches, parse_unified_diff_lines


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    (root / "node_modules" / "dep").mkdir(parents=True)
    (root / "src" / "app.py").write_text("x = 1\n", encoding="utf-8")
    (root / "src" / "notes.md").write_text("notes\n", encoding="utf-8")
    (root / "node_modules" / "dep" / "index.js").write_text("module.exports = 1\n",
                                                            encoding="utf-8")
    (tmp_path / "outside.txt").write_text("not yours\n", encoding="utf-8")
    os.symlink(tmp_path / "outside.txt", root / "src" / "escape.txt")
    os.symlink(root / "src", root / "src" / "loop")  # a symlinked directory: never followed
    return root


def test_walk_skips_vendored_dirs_escaping_symlinks_and_symlinked_dirs(tree):
    repo = Repo(root=tree)
    assert list(repo.walk()) == ["src/app.py", "src/notes.md"]
    assert repo.skipped == [Skipped(path="src/escape.txt", reason="symlink points outside the "
                                    "repository")]
    assert list(Repo(root=tree).walk(include=("*.py",))) == ["src/app.py"]
    assert list(Repo(root=tree).walk(exclude=("src/**",))) == []


def test_read_text_guards_size_binary_and_escaping_symlinks(tree):
    repo = Repo(root=tree, max_bytes=64)
    assert repo.read_text("src/app.py") == TextFile(path="src/app.py", text="x = 1\n",
                                                    encoding="utf-8")
    (tree / "big.txt").write_text("y" * 65, encoding="utf-8")
    (tree / "blob.bin").write_bytes(b"\x89PNG\x00\x00")
    (tree / "old.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    assert repo.read_text("big.txt") == Skipped(path="big.txt", reason="larger than 64 bytes (65 "
                                                "bytes)")
    assert repo.read_text("blob.bin") == Skipped(path="blob.bin", reason="binary file")
    assert repo.read_text("src/escape.txt") == Skipped(path="src/escape.txt",
                                                       reason="symlink points outside the "
                                                       "repository")
    assert repo.read_text("old.txt") == TextFile(path="old.txt", text="café\n", encoding="latin-1")
    missing = repo.read_text("nope.txt")
    assert isinstance(missing, Skipped) and missing.reason.startswith("unreadable: ")
    assert [s.path for s in repo.skipped] == ["big.txt", "blob.bin", "src/escape.txt", "nope.txt"]


def test_relpath_and_inside(tree, tmp_path):
    repo = Repo(root=tree)
    assert repo.relpath(tree / "src" / "app.py") == "src/app.py"
    assert repo.relpath("src/app.py") == "src/app.py"
    assert repo.inside(tree / "src" / "app.py") is True
    assert repo.inside(tree / "src" / "escape.txt") is False
    assert repo.inside(tmp_path / "outside.txt") is False


def test_inline_ignore_on_the_line_or_the_line_above_by_id_family_or_star(tree):
    (tree / "conf.py").write_text("# launchgate: ignore[secrets.aws-access-key] test fixture\nKEY "
                                  "= 1\nTOKEN = 2  # launchgate: ignore[secrets]\n\n\nOTHER = 3\n",
                                  encoding="utf-8")
    repo = Repo(root=tree)
    assert repo.ignored_inline("conf.py", 2, "secrets.aws-access-key") is True  # the line above
    assert repo.ignored_inline("conf.py", 2, "secrets.github-token") is False  # another rule
    assert repo.ignored_inline("conf.py", 3, "secrets.github-token") is True  # the family
    assert repo.ignored_inline("conf.py", 6, "secrets.github-token") is False  # too far away
    assert ignore_matches("x  # launchgate: ignore[*] reason", "tls.cert-expiring") is True
    assert ignore_matches("x  # launchgate: ignore[tls] reason", "tlsx.cert-expiring") is False
    assert ignore_matches("x  # launchgate ignore tls", "tls.cert-expiring") is False


def test_unified_diff_lines_are_the_added_lines_per_path():
    diff = ("diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -3,0 +4,2 @@\n+x\n+y\n@@ -10 "
            "+12 @@\n-old\n+new\ndiff --git a/gone.py b/gone.py\n--- a/gone.py\n+++ /dev/null\n@@ "
            "-1 +0,0 @@\n-z\ndiff --git a/new.py b/new.py\n--- /dev/null\n+++ b/new.py\n@@ -0,0 "
            "+1 @@\n+n\n")
    assert parse_unified_diff_lines(diff) == {"a.py": {4, 5, 12}, "new.py": {1}}
    assert parse_unified_diff_lines("") == {}


def test_a_file_passed_over_twice_is_reported_once(tree):
    # several checks walk, list and read the same tree in one run: the report's "skipped" list
    # names each file once, not once per look
    os.mkfifo(tree / "src" / "pipe")
    repo = Repo(root=tree, max_bytes=64)
    (tree / "big.txt").write_text("y" * 65, encoding="utf-8")
    for _ in range(3):
        list(repo.walk())
        repo.read_text("big.txt")
        repo.read_text("src/escape.txt")
    assert sorted((s.path, s.reason.split(" (")[0]) for s in repo.skipped) == [
        ("big.txt", "larger than 64 bytes"),
        ("src/escape.txt", "symlink points outside the repository"),
        ("src/pipe", "not a regular file"),
    ]
    # a different reason for the same file is a different fact, and is kept
    repo.read_text("big.txt", max_bytes=32)
    assert [s.reason for s in repo.skipped if s.path == "big.txt"] == [
        "larger than 64 bytes (65 bytes)", "larger than 32 bytes (65 bytes)"]
