"""The one way a user-written path pattern is matched: exactly as Git matches a .gitignore line.

Every include/exclude/allowlist ``path`` in launchgate.yml (env files and code scan, secrets
allowlist, migrations) goes through ``matches``. The rules are the ones users already know from
.gitignore (pathspec implements them): a pattern without a slash matches a name at any depth
(``*.py``, ``.env``, ``fixtures/``); one with a slash is anchored at the repository root
(``docs/*.md``); ``*`` stays inside one folder; ``**/`` and ``/**`` cross any number of folders,
none included (``**/fixtures/**`` matches ``fixtures/.env``); a pattern that matches a folder
matches everything below it; a later ``!pattern`` takes a match back.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pathspec


@lru_cache(maxsize=256)
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    # the plain re backend: pathspec's "best" picks hyperscan when it is installed (the secrets
    # gate brings it), which refuses a non-UTF-8 file name and costs a compile per pattern set
    return pathspec.GitIgnoreSpec.from_lines(patterns, backend="simple")


def matches(rel: str, patterns: Iterable[str]) -> bool:
    """``rel`` (a repo-relative POSIX path) matches ``patterns`` read as the lines of a
    .gitignore."""
    pats = tuple(patterns)
    return bool(pats) and _spec(pats).match_file(rel)
