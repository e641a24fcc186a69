"""Strings inside compiled and archive files (``.pyc``, ``.class``, ``.jar``/``.zip`` members) for
the history scope: a key compiled into a committed ``.pyc`` is still a committed key.

Text is the printable ASCII runs of the bytes (what ``strings`` shows); a zip is opened and each
member read, within a member count and a byte budget. Pure functions of bytes; the triage engineer's
engine handles UTF-16 and NUL-carrying text files of the tree.
"""

from __future__ import annotations

import io
import re
import zipfile

COMPILED = (".pyc", ".pyo", ".class", ".jar", ".war", ".ear", ".zip", ".whl", ".apk", ".aar",
            ".dex", ".wasm",
            ".so", ".dylib", ".dll", ".exe", ".o")
ARCHIVES = (".jar", ".war", ".ear", ".zip", ".whl", ".apk", ".aar")
MAX_MEMBERS = 500
_RUN = re.compile(rb"[\x20-\x7e\t]{8,}")


def is_compiled(path: str) -> bool:
    return path.lower().endswith(COMPILED)


def printable_runs(data: bytes) -> list[bytes]:
    """Runs of at least 8 printable ASCII bytes, one per line (a secret is never shorter). Each run
    is also given without its first byte: marshal (``.pyc``) and class-file strings carry a length
    byte that is often printable itself (48 is ``0``) and would glue onto the value, hiding a
    token's word boundary."""
    out: list[bytes] = []
    for run in _RUN.findall(data):
        out += (run, run[1:]) if len(run) > 8 else (run,)
    return out


def strings_of(path: str, data: bytes, budget: int) -> tuple[bytes, str]:
    """The scannable text of a compiled or archive file, and a note ("" when everything was
    read)."""
    if not path.lower().endswith(ARCHIVES):
        return b"\n".join(printable_runs(data[:budget])), ("" if len(data) <= budget
                                                           else "only the start read")
    runs: list[bytes] = []
    note = ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if len(infos) > MAX_MEMBERS:
                note = f"only the first {MAX_MEMBERS} of {len(infos)} members read"
            left = budget
            for info in infos[:MAX_MEMBERS]:
                if info.file_size > left:
                    note = "members past the size budget not read"
                    break
                left -= info.file_size
                runs += printable_runs(zf.read(info))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError,
            RuntimeError):
        return b"\n".join(printable_runs(data[:budget])), ("not a readable zip: its raw bytes "
                                                           "scanned")
    return b"\n".join(runs), note
