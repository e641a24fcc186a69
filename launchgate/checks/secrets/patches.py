"""``git log -p`` / ``git diff`` output streamed into added lines per (commit, file), at the cost of
one comparison per line.

A patch keeps git's ``+`` lines as they came (no copy per line) and the hunk starts instead of a
number per line: ``Hunks`` answers "which line of the file is added line k" by bisection when a
hit needs it, and pickles to a few integers for the scan pool. A huge added file is handed over in
pieces of about ``PATCH_BYTES``, so memory stays bounded whatever the diff holds.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from launchgate.repo import Repo, git_stream, patch_path

PATCH_BYTES = 8 * 1024 * 1024
_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")


class Hunks(Sequence[int]):
    """The line numbers of a patch's added lines: ``starts[i]`` is the index of the first added
    line of hunk i, ``numbers[i]`` its line number in the file; the lines of a hunk are
    consecutive (``--unified=0``: no context lines)."""

    def __init__(self, starts: list[int], numbers: list[int], size: int) -> None:
        self.starts, self.numbers, self.size = starts, numbers, size

    def __len__(self) -> int:
        return self.size

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[int]: ...

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.size))]
        if i < 0:
            i += self.size
        if not 0 <= i < self.size:
            raise IndexError(i)
        h = bisect.bisect_right(self.starts, i) - 1
        return self.numbers[h] + i - self.starts[h] if h >= 0 else i + 1


@dataclass
class Patch:
    """The added lines of one file in one commit (or one piece of them): git's ``+`` lines, each
    with its newline."""

    commit: str
    path: str
    lines: list[bytes] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    size: int = 0

    def hunk(self, number: int) -> None:
        self.starts.append(len(self.lines))
        self.numbers.append(number)

    def next_number(self) -> int:
        return self.numbers[-1] + len(self.lines) - self.starts[-1] if self.numbers else 1

    def data(self) -> bytes:
        """The added lines without git's ``+``, joined by newlines (no trailing newline)."""
        joined = b"".join(self.lines).replace(b"\n+", b"\n")
        return joined[1:-1] if joined.endswith(b"\n") else joined[1:]

    def line_map(self) -> Hunks:
        return Hunks(self.starts, self.numbers, len(self.lines))


async def added_lines(repo: Repo, args: Sequence[str], excluded: Callable[[str], bool],
                      timeout: float) -> AsyncIterator[Patch]:
    """Stream ``git log -p``/``git diff`` output as patches: (commit, path, added lines with their
    new line numbers)."""
    parser = _Parser(excluded)
    async for batch in git_stream(repo, *args, timeout=timeout):
        for patch in parser.feed(batch):
            yield patch
    if parser.cur is not None and parser.cur.lines:
        yield parser.cur


class _Parser:
    """The state between batches of lines: the commit and the patch being read."""

    def __init__(self, excluded: Callable[[str], bool]) -> None:
        self.excluded = excluded
        self.commit = ""
        self.cur: Patch | None = None

    def feed(self, batch: Sequence[bytes]) -> list[Patch]:
        """Read a batch of lines; the patches it completed."""
        done: list[Patch] = []
        cur = self.cur
        for raw in batch:
            first = raw[:1]
            if first == b"+" and cur is not None and not raw.startswith(b"+++ "):
                cur.lines.append(raw)  # the hot path: one added line
                cur.size += len(raw)
                if cur.size > PATCH_BYTES:  # a huge added file: handed over in pieces
                    done.append(cur)
                    cur = Patch(commit=cur.commit, path=cur.path)
                    cur.hunk(done[-1].next_number())
            elif first != b"-":  # removed lines are skipped; headers open patches and hunks
                cur = self._header(raw, cur, done)
        self.cur = cur
        return done

    def _header(self, raw: bytes, cur: Patch | None, done: list[Patch]) -> Patch | None:
        if raw.startswith(b"@@"):
            if cur is not None and (m := _HUNK.match(raw)):
                cur.hunk(int(m.group(1)))
            return cur
        opens = raw.startswith(b"+++ ")
        if opens or raw.startswith(b"\x00commit "):
            if cur is not None and cur.lines:
                done.append(cur)
            if opens:
                return _target(self.commit, raw, self.excluded)
            self.commit = raw[8:].strip().decode()
            return None
        return cur


def _target(commit: str, raw: bytes, excluded: Callable[[str], bool]) -> Patch | None:
    """The patch a ``+++ b/path`` header opens; None for a deletion or an excluded path."""
    target = patch_path(raw[4:].rstrip(b"\n").decode("utf-8", "surrogateescape"))
    path = target[2:] if target.startswith("b/") else target
    return None if target == "/dev/null" or excluded(path) else Patch(commit=commit, path=path)
