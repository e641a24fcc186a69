"""A saved JSON report read back from its file: the one reader behind ``launchgate handover --from``
and ``launchgate merge``.

The file is read only when it is a regular file under a cap, decoded as UTF-8, parsed with a depth
limit, validated against ``report/report.schema.json`` and parsed by ``report/load.py``; whatever
is wrong is one ``SavedReportError`` line naming the file (an InputError: exit 2), never a
traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

from launchgate.containment import InputError, read_regular
from launchgate.model import Redacted, Report, Rule
from launchgate.report.load import ReportFormatError, report_from_json
from launchgate.yamlio import JsonError, load_json

# the JSON report of the largest runs measured is a few MiB
MAX_REPORT_BYTES = 64 << 20
SCHEMA = Path(__file__).parent / "report" / "report.schema.json"


class SavedReportError(InputError):
    """A file that is not a launchgate JSON report this version can read: one line, exit 2."""


def read_saved_report(path: Path, *, rules: Mapping[str, Rule] | None = None,
                      evidence: Callable[[str], Redacted] | None = None) -> Report:
    """The Report saved in ``path`` (``rules`` and ``evidence``: see report/load.py)."""
    import jsonschema  # only commands that read a saved report pay for it

    data = read_regular(path, MAX_REPORT_BYTES, str(path))  # Refused: an InputError naming it
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SavedReportError(f"{path}: not UTF-8 text (expected launchgate's JSON "
                               "report)") from None
    try:
        doc = load_json(text, str(path))
    except JsonError as exc:
        raise SavedReportError(str(exc)) from None
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    error = jsonschema.exceptions.best_match(validator.iter_errors(doc))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "the top level"
        raise SavedReportError(f"{path}: not a launchgate JSON report "
                               f"({where}: {error.message[:200]})")
    try:
        return report_from_json(doc, rules=rules, evidence=evidence)
    except ReportFormatError as exc:
        raise SavedReportError(f"{path}: {exc}") from None
