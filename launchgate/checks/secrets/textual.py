"""What of a file's bytes the secrets engine reads: text as is, UTF-16 decoded, and a binary file's
strings.

A key in a UTF-16 file (Windows tools write them with a byte-order mark) or in a compiled file, an
archive member stored uncompressed, a database dump is still a key: nothing is skipped because of
its encoding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

Positions = Callable[[bytes], tuple[Sequence[int], Sequence[int]]]
# the bytes around a prefilter hit whose printable runs are read (a PEM body fits)
BEFORE, AFTER = 512, 4096

_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_ASCII_RUN = re.compile(rb"[\x20-\x7e\t]{8,}")
_UTF16_RUN = re.compile(rb"(?:[\x20-\x7e]\x00){8,}")


def _regions(positions: Sequence[int], size: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for p in sorted(positions):
        s, e = max(0, p - BEFORE), min(size, p + AFTER)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _runs(data: bytes, pattern: re.Pattern[bytes],
          regions: Sequence[tuple[int, int]] | None) -> list[bytes]:
    spans = regions if regions is not None else [(0, len(data))]
    return [m.group() for s, e in spans for m in pattern.finditer(data, s, e)]


def as_text(data: bytes, positions: Positions | None = None) -> tuple[bytes, str] | None:
    """What to scan of a file's bytes, and how it was read: UTF-16 with a byte-order mark is
    decoded, a binary file (a NUL byte) is reduced to its printable runs (ASCII and UTF-16LE, like
    ``strings``), one a line. None when a binary file holds no printable run.

    ``positions`` (the prefilter: offsets of its hits in the raw bytes, ASCII and UTF-16LE) limits
    the runs read to the bytes around a hit: a run far from every hit cannot hold a finding, and a
    5 MB image then costs one automaton pass instead of a regex step per byte."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec).encode("utf-8", "surrogateescape"), "utf-16"
            except UnicodeDecodeError:
                break
    if b"\x00" not in data[:8192]:
        return data, "text"
    ascii_at, utf16_at = positions(data) if positions is not None else (None, None)
    runs = _runs(data, _ASCII_RUN, None if ascii_at is None else _regions(ascii_at, len(data)))
    runs += [r.replace(b"\x00", b"") for r in _runs(data, _UTF16_RUN, None if utf16_at is None
                                                     else _regions(utf16_at, len(data)))]
    return (b"\n".join(runs), "binary") if runs else None
