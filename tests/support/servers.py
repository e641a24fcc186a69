"""Real servers for tests, on loopback only: process helpers and an nginx runner.

Every helper binds 127.0.0.1, waits for readiness with a deadline, and tears down what it started.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, host: str = LOOPBACK, timeout: float = 15.0,
                  proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening on "
                               f"{host}:{port}")
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on {host}:{port} after {timeout}s")


def find_binary(name: str,
                extra_dirs: Sequence[str] = ("/usr/sbin", "/usr/bin", "/sbin")) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for d in extra_dirs:
        p = Path(d) / name
        if p.exists():
            return str(p)
    return None


@contextlib.contextmanager
def spawned(argv: Sequence[str], *, env: dict[str, str] | None = None,
            cwd: str | Path | None = None,
            log: Path | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """Start a process in its own session; kill its whole group on exit."""
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(list(argv), env={**os.environ, **(env or {})}, cwd=cwd, stdout=out,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        if log:
            out.close()  # type: ignore[union-attr]


@dataclass
class Nginx:
    workdir: Path
    conf: Path
    ports: dict[str, int]


@contextlib.contextmanager
def nginx(http_block: str, workdir: Path, ports: dict[str, int] | None = None) -> Iterator[Nginx]:
    """Run Debian's nginx in the foreground with ``http_block`` as the body of its ``http {}``.

    ``ports`` (name -> port) are waited for; pass ports from free_port() that ``http_block`` listens
    on.
    """
    binary = find_binary("nginx")
    if binary is None:
        raise RuntimeError("nginx is not installed (make test installs it with apt-get)")
    workdir.mkdir(parents=True, exist_ok=True)
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi", "logs"):
        (workdir / sub).mkdir(exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""
    conf = workdir / "nginx.conf"
    conf.write_text(f"""
{user}
worker_processes 1;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {workdir}/client_body;
  proxy_temp_path {workdir}/proxy;
  fastcgi_temp_path {workdir}/fastcgi;
  uwsgi_temp_path {workdir}/uwsgi;
  scgi_temp_path {workdir}/scgi;
  default_type application/octet-stream;
{http_block}
}}
""")
    with spawned([binary, "-c", str(conf), "-p", str(workdir), "-e",
                  str(workdir / "logs" / "error.log")],
                 log=workdir / "logs" / "stdout.log") as proc:
        for port in (ports or {}).values():
            try:
                wait_for_port(port, proc=proc)
            except (RuntimeError, TimeoutError) as exc:
                err = (workdir / "logs" / "error.log")
                detail = err.read_text() if err.exists() else ""
                raise RuntimeError(f"nginx did not start: {exc}\n{detail}") from exc
        yield Nginx(workdir=workdir, conf=conf, ports=dict(ports or {}))
