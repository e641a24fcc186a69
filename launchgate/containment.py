"""Where launchgate may read, and how: config paths kept inside the repository, files read only when
regular.

Two guards every input file goes through (the config, env schemas, baselines, CA bundles, the tree
walk):

* ``inside(root, base, value)``: a path from the config (``env.schema_file``,
  ``secrets.baseline_file``, ...) resolved against its base directory, symlinks followed, must stay
  under the repository root; ``..`` and absolute paths that leave it are refused, so no piece of an
  outside file can reach an error message.
* ``read_regular(path, cap)``: the target (after symlinks) must be a regular file no larger than
  ``cap``; a FIFO, device or socket is refused before it is opened (opening a FIFO blocks,
  ``/dev/zero`` never ends), the file is opened non-blocking and checked again on the descriptor (a
  swap after the check changes nothing), and at most ``cap`` bytes are read whatever the size said.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["MAX_PATH_CHARS", "InputError", "Refused", "file_kind", "inside", "read_regular"]

# PATH_MAX: a longer "path" is not one (and os.stat would fail with ENAMETOOLONG)
MAX_PATH_CHARS = 4096


class InputError(Exception):
    """Bad input the user can fix (config, schema, baseline, CA bundle), one line naming the file:
    exit 2."""


class Refused(InputError):
    """A file not read, and why (not a regular file, too large, outside the repository); ``reason``
    is the why."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.reason = reason


def file_kind(mode: int) -> str:
    """A human name for what a stat mode describes: 'FIFO', 'character device', ..."""
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISDIR, "directory"),
                       (stat.S_ISREG, "regular file")):
        if test(mode):
            return name
    return "special file"


def inside(root: Path, base: Path, value: str) -> Path | None:
    """``value`` resolved against ``base`` (symlinks followed), when it stays under ``root``; else
    None."""
    if not value or len(value) > MAX_PATH_CHARS or "\x00" in value:
        return None
    try:
        real_root = root.resolve()
        target = (base / value).resolve()
        target.relative_to(real_root)
    except (ValueError, OSError, RuntimeError):
        return None
    return target


def read_regular(path: Path, cap: int, name: str | None = None) -> bytes:
    """The bytes of ``path`` when it is (or links to) a regular file of at most ``cap`` bytes; else
    Refused.

    A missing file is Refused too (reason 'no such file'); callers that treat it as optional test
    first.
    """
    shown = name or path.name
    try:
        st = path.stat()
    except FileNotFoundError:
        raise Refused(shown, "no such file") from None
    except (OSError, RuntimeError) as exc:
        raise Refused(shown, f"unreadable: {_why(exc)}") from None
    _judge(st, cap, shown)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise Refused(shown, f"unreadable: {_why(exc)}") from None
    try:
        _judge(os.fstat(fd), cap, shown)  # the file opened is the file judged
        chunks: list[bytes] = []
        left = cap + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise Refused(shown, f"unreadable: {_why(exc)}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > cap:
        raise Refused(shown, f"larger than the {_size(cap)} limit")
    return data


def _judge(st: os.stat_result, cap: int, shown: str) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise Refused(shown, f"not a regular file (a {file_kind(st.st_mode)}); not read")
    if st.st_size > cap:
        raise Refused(shown, f"larger than the {_size(cap)} limit ({_size(st.st_size)})")


def _why(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) and exc.strerror
            else str(exc)) or type(exc).__name__


def _size(n: int) -> str:
    if n >= 1 << 20 and n % (1 << 20) == 0:
        return f"{n >> 20} MiB"
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MiB"
    return f"{n} bytes"
