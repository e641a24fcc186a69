"""User-written path patterns match as Git matches .gitignore lines, through the one helper and
Repo.walk."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchgate.pathglob import matches
from launchgate.repo import Repo


@pytest.mark.parametrize(("pattern", "path", "expected"), [
    ("**/fixtures/**", "fixtures/.env", True),          # at the root: fnmatch said no
    ("**/fixtures/**", "a/b/fixtures/c/.env", True),
    ("**/fixtures/**", "app/fixtures.py", False),
    ("*.py", "a/b/c.py", True),                          # no slash: any depth
    ("fixtures/", "a/fixtures/x.env", True),             # a folder, at any depth, and all below it
    ("fixtures/", "a/fixtures", False),                  # ... but not a file of that name
    ("docs/*.md", "docs/a.md", True),                    # a slash: anchored at the root
    ("docs/*.md", "src/docs/a.md", False),
    ("docs/*.md", "docs/sub/a.md", False),               # * stays inside one folder
    ("/.env", "app/.env", False),
])
def test_gitignore_rules(pattern: str, path: str, expected: bool) -> None:
    assert matches(path, [pattern]) is expected


def test_a_later_negation_takes_a_match_back_and_no_pattern_matches_nothing() -> None:
    assert matches("fixtures/keep.env", ["fixtures/", "!fixtures/keep.env"]) is False
    assert matches("fixtures/other.env", ["fixtures/", "!fixtures/keep.env"]) is True
    assert matches("a.py", []) is False


def test_walk_excludes_like_gitignore(tmp_path: Path) -> None:
    for rel in ("fixtures/.env", "svc/fixtures/.env", "svc/.env", ".env"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("A=1\n")
    repo = Repo(tmp_path)
    assert sorted(repo.walk(include=(".env",), exclude=("**/fixtures/**",))) == [".env", "svc/.env"]
    assert sorted(repo.walk(include=("/.env",))) == [".env"]
