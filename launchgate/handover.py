"""The I/O of `launchgate handover`: a saved JSON report read back (``--from``), the pack written.

Apart from app.py so that rendering a saved run imports no check (a cold start of ``--from`` is
measured): saved.py reads the JSON (a regular file under a cap, depth-limited, valid against
``report.schema.json``); anything else is one line naming the file (an InputError, exit 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from launchgate.containment import InputError
from launchgate.model import Report
from launchgate.saved import read_saved_report


class HandoverError(InputError):
    """A --from file that is not a launchgate JSON report this version can read, a pack that cannot
    be written, or options that cannot go together: one line, exit 2."""


def load_saved_report(path: Path) -> Report:
    """The run saved in ``path`` (saved.py reads it; evidence is not read back: the pack never
    shows it)."""
    return read_saved_report(path)


def write_document(text: str, output: Path | None, stdout: TextIO) -> None:
    """One rendered document to its file (folders made) or to stdout."""
    if output is None:
        stdout.write(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise HandoverError(f"{output}: cannot write: {exc.strerror or exc}") from None
