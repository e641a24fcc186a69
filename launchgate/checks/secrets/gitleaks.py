"""gitleaks' suppressions, for teams moving from gitleaks: ``.gitleaksignore`` fingerprints and the
``gitleaks:allow`` comment (the comment is honoured in engine.py, beside detect-secrets' pragma).

A fingerprint is ``file:rule:line`` (a directory scan) or ``commit:file:rule:line`` (a git scan).
gitleaks' rule ids are not launchgate's, so an entry suppresses every launchgate finding at that
file and line (in that commit, when it names one). Read only when it is a regular file inside the
repository under MAX_IGNORE_BYTES; a line that is not a fingerprint is one line of error naming the
file and line (exit 2)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from launchgate.containment import InputError, Refused, inside, read_regular

IGNORE_FILE = ".gitleaksignore"
ALLOW_COMMENT = "gitleaks:allow"
MAX_IGNORE_BYTES = 4 * 1024 * 1024
_COMMIT = re.compile(r"^[0-9a-f]{7,40}$")


class GitleaksIgnoreError(InputError):
    """A .gitleaksignore that cannot be used; one line naming the file (and line)."""


@dataclass(frozen=True)
class GitleaksIgnore:
    """(file, line) accepted anywhere, and (commit, file, line) accepted in that commit only."""

    anywhere: frozenset[tuple[str, int]]
    in_commit: frozenset[tuple[str, str, int]]

    def accepts(self, path: str, line: int, commit: str = "") -> bool:
        if (path, line) in self.anywhere:
            return True
        return bool(commit) and any(
            commit.startswith(c) for c, p, n in self.in_commit if p == path and n == line
        )

    def __len__(self) -> int:
        return len(self.anywhere) + len(self.in_commit)


def parse(text: str, name: str = IGNORE_FILE) -> GitleaksIgnore:
    anywhere: set[tuple[str, int]] = set()
    in_commit: set[tuple[str, str, int]] = set()
    for n, raw in enumerate(text.splitlines(), 1):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        head, _, number = entry.rpartition(":")
        rest, _, rule = head.rpartition(":")
        if not number.isdigit() or not rule or not rest:
            raise GitleaksIgnoreError(
                f"{name}:{n}: not a gitleaks fingerprint (file:rule:line or commit:file:rule:line)"
            )
        commit, sep, path = rest.partition(":")
        if sep and _COMMIT.match(commit):
            in_commit.add((commit, path, int(number)))
        else:
            anywhere.add((rest, int(number)))
    return GitleaksIgnore(anywhere=frozenset(anywhere), in_commit=frozenset(in_commit))


def read_ignore(root: Path) -> GitleaksIgnore | None:
    """The repository's .gitleaksignore, None when there is none; GitleaksIgnoreError when "
      "unusable."""
    path = root / IGNORE_FILE
    if not path.exists() and not path.is_symlink():
        return None
    if inside(root, root, IGNORE_FILE) is None:
        raise GitleaksIgnoreError(f"{IGNORE_FILE}: leads outside the repository; not read")
    try:
        text = read_regular(path, MAX_IGNORE_BYTES, IGNORE_FILE).decode("utf-8")
    except Refused as exc:
        raise GitleaksIgnoreError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise GitleaksIgnoreError(f"{IGNORE_FILE}: not UTF-8 (byte {exc.start})") from None
    return parse(text)
