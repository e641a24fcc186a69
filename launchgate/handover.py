"""The I/O of `launchgate handover`: a saved JSON report read back (``--from``), the pack written.

Apart from app.py so that rendering a saved run imports no check (a cold start of ``--from`` is
measured): the JSON is a regular file under a cap, depth-limited, valid against
``report.schema.json``; anything else is one line naming the file (an InputError, exit 2).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from launchgate.containment import InputError, read_regular
from launchgate.model import Report
from launchgate.report.load import ReportFormatError, report_from_json
from launchgate.yamlio import JsonError, load_json

SAVED_REPORT_CAP = 64 << 20  # the JSON report of the largest runs measured is a few MiB
SCHEMA = Path(__file__).parent / "report" / "report.schema.json"


class HandoverError(InputError):
    """A --from file that is not a launchgate JSON report this version can read, a pack that cannot
    be written, or options that cannot go together: one line, exit 2."""


def load_saved_report(path: Path) -> Report:
    import jsonschema

    data = read_regular(path, SAVED_REPORT_CAP, str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise HandoverError(f"{path}: not UTF-8 text (expected launchgate's JSON report)") from None
    try:
        doc = load_json(text, str(path))
    except JsonError as exc:
        raise HandoverError(str(exc)) from None
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    error = jsonschema.exceptions.best_match(validator.iter_errors(doc))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "the top level"
        raise HandoverError(f"{path}: not a launchgate JSON report "
                            f"({where}: {error.message[:200]})")
    try:
        return report_from_json(doc)
    except (ReportFormatError, ValueError) as exc:
        raise HandoverError(f"{path}: {exc}") from None


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
