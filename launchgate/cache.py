"""A small on-disk cache for what is costly to build and a pure function of its key (the native
gate's compiled Hyperscan database): one file per key in the user's cache directory.

``LAUNCHGATE_CACHE_DIR`` names the directory (an empty value turns the cache off); by default it is
``$XDG_CACHE_HOME/launchgate`` (``~/.cache/launchgate``; ``~/Library/Caches/launchgate`` on macOS,
``%LOCALAPPDATA%\\launchgate`` on Windows). A file is only read when it is a regular file owned by
this user (or root: an image built it) and writable by no one else; it is written whole to a
temporary name, then renamed, so a concurrent run never reads half of one. Every failure means
"not cached": the caller builds the value as without a cache.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
import time
from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024
STALE_S = 7 * 24 * 3600  # another key's file of the same kind, untouched this long, is removed


def directory() -> Path | None:
    """The cache directory, None when turned off or when there is no home to put it in."""
    given = os.environ.get("LAUNCHGATE_CACHE_DIR")
    if given is not None:
        return Path(given) if given else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "launchgate" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "launchgate"
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "launchgate"
    try:
        return Path.home() / ".cache" / "launchgate"
    except RuntimeError:  # no home directory
        return None


def _trusted(st: os.stat_result) -> bool:
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
        return False
    # root's own (an image built it) or this user's, writable by no one else
    return not (hasattr(os, "getuid") and (st.st_uid not in (os.getuid(), 0)
                                           or st.st_mode & 0o022))


def load(name: str) -> bytes | None:
    """The bytes stored under ``name``, or None."""
    base = directory()
    if base is None:
        return None
    try:
        fd = os.open(base / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not _trusted(os.fstat(fd)):
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            return fh.read(MAX_BYTES + 1)[:MAX_BYTES]
    except OSError:
        return None
    finally:
        os.close(fd)


def store(name: str, data: bytes) -> None:
    """Keep ``data`` under ``name`` (``kind-key``), and remove the stale files of the same kind (an
    older version's database); silently nothing when the directory cannot be written."""
    base = directory()
    if base is None or len(data) > MAX_BYTES:
        return
    with contextlib.suppress(OSError):
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=base)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, base / name)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            return
        _prune(base, name)


def _prune(base: Path, name: str) -> None:
    kind = name.split("-", 1)[0] + "-"
    now = time.time()
    for old in base.glob(f"{kind}*"):
        with contextlib.suppress(OSError):
            if old.name != name and now - old.lstat().st_mtime > STALE_S:
                old.unlink()
