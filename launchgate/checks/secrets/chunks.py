"""Big texts in bounded pieces, and a byte budget for candidate windows: a huge input costs per byte
what an ordinary one costs, in bounded memory.

A text over ``PIECE_BYTES`` (a 1.5-million-line file a pull request adds, a 50 MB minified bundle)
is scanned as pieces of about that size, cut after a newline when there is one near the cut, else
with an ``OVERLAP`` so a secret on the cut is seen whole in one piece; line numbers are carried over
and duplicates from the overlap dropped.

The engine scans a window around every keyword (``token``, ``password``, ...). In ordinary files few
lines hold one; in a minified bundle or a generated file there is one every few bytes, and every
byte of the text goes through detect-secrets' line plugins (about 0.3 MB/s instead of several MB/s).
``Budget`` lets the first ``WINDOW_BUDGET`` bytes of windows through; past it only windows holding a
vendor key format or a known secret value (found by the same Aho-Corasick literal pass, which is
fast) are scanned, and ``note()`` says so: the file is reported as partly scanned
(``secrets.file-not-scanned``) instead of taking minutes.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, overload

WINDOW_BUDGET = 1024 * 1024  # bytes of keyword windows fully scanned per text
PIECE_BYTES = 4 * 1024 * 1024  # a text longer than this is scanned in pieces
OVERLAP = 8 * 1024  # bytes two pieces of one long line share (more than a window's width)
NEWLINE_SEARCH = 256 * 1024  # how far back from a cut a newline is looked for


def pieces(data: bytes, size: int = PIECE_BYTES) -> Iterator[tuple[int, bytes]]:
    """(lines before the piece, piece) covering ``data``; consecutive pieces of one line overlap."""
    start, lines = 0, 0
    while start < len(data):
        end = min(len(data), start + size)
        overlap = 0
        if end < len(data):
            nl = data.rfind(b"\n", max(start, end - NEWLINE_SEARCH), end)
            if nl > start:
                end = nl + 1
            else:
                overlap = OVERLAP
        yield lines, data[start:end]
        nxt = end - overlap
        lines += data.count(b"\n", start, nxt)
        start = nxt


class Shifted(Sequence[int]):
    """The line map of a piece: its line ``n`` is line ``lines + n`` of the text (through ``base``
    if any)."""

    def __init__(self, base: Sequence[int] | None, lines: int, total: int) -> None:
        self.base, self.lines, self.total = base, lines, total

    def __len__(self) -> int:
        return (len(self.base) if self.base else self.total) - self.lines

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[int]: ...

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self.base[i + self.lines] if self.base else i + self.lines + 1


class Budget:
    """Filter (line, start, end) windows, shared by the pieces of one text."""

    def __init__(self, budget: int = WINDOW_BUDGET) -> None:
        self._literals: Callable[[], Sequence[int]] = list
        self._sorted: Sequence[int] | None = None
        self.budget = budget
        self.spent = 0
        self.passed = 0  # bytes of windows not scanned

    def filter(self, windows: Iterable[tuple[int, int, int]], literals: Callable[[], Sequence[int]]
               ) -> Iterator[tuple[int, int, int]]:
        """The windows of one text (or piece); ``literals`` computes its always-scanned offsets when
        needed."""
        self._literals, self._sorted = literals, None
        for n, s, e in windows:
            if self.spent + (e - s) <= self.budget:
                self.spent += e - s
                yield n, s, e
            elif self._holds_literal(s, e):
                yield n, s, e
            else:
                self.passed += e - s

    def _holds_literal(self, start: int, end: int) -> bool:
        if self._sorted is None:
            self._sorted = self._literals()
        i = bisect.bisect_left(self._sorted, start)
        return i < len(self._sorted) and self._sorted[i] < end

    def note(self) -> str | None:
        """The skip note when windows were passed over, else None."""
        if not self.passed:
            return None
        return (f"partly: keyword candidates past the first {self.budget} bytes (a minified or "
                "generated file) were searched for vendor key formats only")
