"""A file swapped after the walk, and special files where launchgate reads outside the config (issue
18).

The tree walk skips FIFOs and devices, but the secrets workers open what the walk listed later: a
path that was a regular file when listed and is a FIFO (or a link to ``/dev/zero``) when opened must
be refused on the descriptor, not waited on (before: ``open()`` blocked for good) or read without
end. The Actions event payload (``GITHUB_EVENT_PATH``) and the files ``launchgate init`` reads go
through the same guard. Each case runs in a child process with a deadline, so a regression fails
here instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEADLINE_S = 20.0


def aws_key() -> str:
    return "AKIA" + "Q3ZRT7WNB2KD" + "4HXP"  # built from pieces: no key literal in the repository


def child(code: str) -> tuple[dict[str, object], float]:
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True,
                          timeout=DEADLINE_S,
                          env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout), time.monotonic() - started


def test_a_listed_file_swapped_for_a_fifo_or_dev_zero_is_skipped_and_the_rest_still_scanned(
    tmp_path: Path,
) -> None:
    (tmp_path / "ok.py").write_text(f'AWS = "{aws_key()}"\n', encoding="utf-8")
    for name in ("swapped.env", "zero.env"):  # listed by the walk as regular files, then swapped
        (tmp_path / name).write_text("PLAIN=1\n", encoding="utf-8")
    (tmp_path / "swapped.env").unlink()
    os.mkfifo(tmp_path / "swapped.env")
    (tmp_path / "zero.env").unlink()
    (tmp_path / "zero.env").symlink_to("/dev/zero")
    got, seconds = child(f"""
        import json
        from launchgate.checks.secrets.engine import Options, scan_files
        r = scan_files({str(tmp_path)!r}, ["swapped.env", "zero.env", "ok.py"], Options(detect_secrets=False))
        print(json.dumps({{"skipped": r.skipped, "hits": [(h.rule, h.path, h.line) for h in r.hits]}}))
    """)
    assert got["skipped"] == [["swapped.env", "not a regular file (a FIFO); not read"],
                              ["zero.env", "symlink points outside the repository"]]
    # the twin: a real file is still scanned
    assert got["hits"] == [["secrets.aws-access-key", "ok.py", 1]]
    assert seconds < DEADLINE_S  # before: blocked in open() until killed


def test_an_event_payload_that_is_a_fifo_or_a_device_is_a_problem_not_a_hang(
    tmp_path: Path,
) -> None:
    os.mkfifo(tmp_path / "event.json")
    (tmp_path / "good.json").write_text(json.dumps({"pull_request": {"number": 7}}),
                                        encoding="utf-8")
    got, _ = child(f"""
        import json
        from launchgate.github import load_context
        out = {{}}
        for p in ({str(tmp_path / "event.json")!r}, "/dev/zero", {str(tmp_path / "good.json")!r}):
            c = load_context({{"GITHUB_EVENT_PATH": p, "GITHUB_EVENT_NAME": "pull_request"}})
            out[p] = [list(c.problems), c.pr_number]
        print(json.dumps(out))
    """)
    assert got[str(tmp_path / "event.json")] == [
        [f"could not read the event payload {tmp_path / 'event.json'}: not a regular file (a "
         "FIFO); not read"], None]
    assert got["/dev/zero"] == [
        ["could not read the event payload /dev/zero: not a regular file (a character device); "
         "not read"], None]
    assert got[str(tmp_path / "good.json")] == [[], 7]  # the twin: a real payload is still read


def test_init_reads_no_fifo_and_still_reads_a_regular_manifest(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "package.json")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    got, _ = child(f"""
        import json
        from pathlib import Path
        from launchgate.init_scan import read_small
        print(json.dumps([read_small(Path({str(tmp_path)!r}) / n) for n in ("package.json", "pyproject.toml")]))
    """)
    assert got == [None, "[project]\nname = 'x'\n"]
