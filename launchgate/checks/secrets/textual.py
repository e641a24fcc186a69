"""What of a file's bytes the secrets engine reads: text as is, UTF-16 decoded, and a binary file's strings.

A key in a UTF-16 file (Windows tools write them with a byte-order mark) or in a compiled file, an archive
member stored uncompressed, a database dump is still a key: nothing is skipped because of its encoding.
"""

from __future__ import annotations

import re

_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_ASCII_RUN = re.compile(rb"[\x20-\x7e\t]{8,}")
_UTF16_RUN = re.compile(rb"(?:[\x20-\x7e]\x00){8,}")


def as_text(data: bytes) -> tuple[bytes, str] | None:
    """What to scan of a file's bytes, and how it was read: UTF-16 with a byte-order mark is decoded, a binary
    file (a NUL byte) is reduced to its printable runs (ASCII and UTF-16LE, like ``strings``), one a line.
    None when a binary file holds no printable run."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec).encode("utf-8", "surrogateescape"), "utf-16"
            except UnicodeDecodeError:
                break
    if b"\x00" not in data[:8192]:
        return data, "text"
    runs = [m.group() for m in _ASCII_RUN.finditer(data)]
    runs += [m.group().replace(b"\x00", b"") for m in _UTF16_RUN.finditer(data)]
    return (b"\n".join(runs), "binary") if runs else None
