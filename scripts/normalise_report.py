"""A launchgate JSON report with what changes from run to run taken out, so two runs of the same
tree (or of a tree before and after a refactor) can be compared with ``diff``: issue 11's "the
demo's JSON report is identical before and after, apart from timings".

    python scripts/normalise_report.py REPORT.json > REPORT.norm.json

Taken out: clocks and durations (start times, elapsed, percentiles, throughput, event-loop lag and
the sampler's ``client_bound`` note, which appears only on a loaded machine), measured times inside
messages (``403 ms``, a CI's lower bound), temporary paths, loopback ports, commit ids, and the
fingerprint of a secret finding (the demo builds its planted key at run time). Keys, their order,
rule ids, locations and every other value are kept.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from typing import Any

TIMING_KEY = re.compile(r"(duration|elapsed|started|_ms$|_ms\b|p\d\d|throughput|_s$|lag|rtt"
                        r"|days_left|latency\..*\.(requests|samples|error_rate|max|mean|model))")
SCRUB = (
    (re.compile(re.escape(tempfile.gettempdir()) + r"/[A-Za-z0-9_.+-]+"), "<TMP>"),
    (re.compile(r"\b\d+(\.\d+)?\s?(ms|s)\b"), "<T>"),
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:<PORT>"),
    (re.compile(r":\d{4,5}\b"), ":<PORT>"),
    (re.compile(r"\b[0-9a-f]{40}\b"), "<SHA>"),
    (re.compile(r"\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(\+00:00| UTC)?"), "<TIME>"),
    (re.compile(r"\d+(\.\d+)? requests/s"), "<RATE>"),
    (re.compile(r"CI [\d.]+–"), "CI <T>–"),
)


def scrub(text: str) -> str:
    for pattern, replacement in SCRUB:
        text = pattern.sub(replacement, text)
    return text


def normalise(value: Any) -> Any:
    if isinstance(value, dict):
        if str(value.get("rule", "")).startswith("secrets.") and "fingerprint" in value:
            value = {**value, "fingerprint": "<FP of a secret built at run time>"}
            if isinstance(value.get("first_seen"), dict):  # a history finding's group hashes it too
                value = {**value, "first_seen": {**value["first_seen"],
                                                 "group": "<group of a secret built at run time>"}}
        return {k: "<X>" if TIMING_KEY.search(k) and not isinstance(v, dict | list)
                else normalise(v)
                for k, v in value.items() if not k.endswith(".client_bound")}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return scrub(value) if isinstance(value, str) else value


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: normalise_report.py REPORT.json\n")
        return 2
    with open(argv[0], encoding="utf-8") as fh:
        report = json.load(fh)
    json.dump(normalise(report), sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
