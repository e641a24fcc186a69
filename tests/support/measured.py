"""Run a command in a child process with a deadline and report its wall time and peak memory.

Peak memory is the child's own maximum resident set size from ``os.wait4``'s rusage (kilobytes on
Linux), so the figure is the launchgate process's, not the test runner's. Past the deadline the
child's whole session is killed and the run reports exit code None.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    code: int | None
    out: str
    err: str
    seconds: float
    rss_mb: float


def run_measured(argv: Sequence[str], *, env: dict[str, str], deadline: float, workdir: Path,
                 cwd: Path | None = None) -> Measured:
    out_f, err_f = workdir / "measured.stdout", workdir / "measured.stderr"
    started = time.monotonic()
    with out_f.open("wb") as out, err_f.open("wb") as err:
        proc = subprocess.Popen(list(argv), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env=env,
                                start_new_session=True, cwd=cwd)
        code: int | None = None
        while True:
            pid, raw, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(raw)
                break
            if time.monotonic() - started > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                _, _, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
    proc.returncode = code if code is not None else -9  # reaped here: Popen must not wait again
    return Measured(code=code, out=out_f.read_text(errors="replace"),
                    err=err_f.read_text(errors="replace"),
                    seconds=time.monotonic() - started, rss_mb=usage.ru_maxrss / 1024)
