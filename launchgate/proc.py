"""Subprocesses the way every check runs them: cancellable, bounded in time, killed when the
deadline passes."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from pathlib import Path


async def run_process(argv: Sequence[str], *, timeout: float, env: Mapping[str, str] | None = None,
                      cwd: Path | None = None) -> tuple[int, bytes, bytes]:
    """(returncode, stdout, stderr). Raises TimeoutError after ``timeout`` s; the process never
    outlives us."""
    proc = await asyncio.create_subprocess_exec(
        *argv, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=None if env is None else dict(env), cwd=None if cwd is None else str(cwd))
    try:
        async with asyncio.timeout(timeout):
            out, err = await proc.communicate()
    except BaseException:  # timeout or cancellation: kill, reap, re-raise
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        raise
    return proc.returncode or 0, out, err
