"""A scratch PostgreSQL: connection details, a throwaway cluster (initdb + pg_ctl on loopback), and
pg_dump.

PostgreSQL refuses to run as root, and the action's container runs as root, so when launchgate is
root the server binaries run as the ``postgres`` user (created by Debian's package) through
``runuser`` (or ``setpriv``). Every subprocess goes through ``asyncio.create_subprocess_exec`` with
a deadline. The password of the throwaway cluster is random, lives in a 0600 file and in memory, and
is never printed.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import secrets
import shutil
import socket
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from launchgate.check import CheckError
from launchgate.proc import run_process
from launchgate.redact import Secret

PG_LIB = Path("/usr/lib/postgresql")


@dataclass(frozen=True, kw_only=True)
class Server:
    """Where the scratch database is; ``describe`` is what messages may show (never the
    password)."""

    host: str
    port: int
    user: str
    password: Secret | None
    database: str

    def describe(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def libpq_env(self) -> dict[str, str]:
        """PG* variables for psql/pg_dump, so the password never appears on a command line."""
        env = {"PGHOST": self.host, "PGPORT": str(self.port), "PGUSER": self.user,
               "PGDATABASE": self.database,
               "PGCONNECT_TIMEOUT": "10"}
        if self.password is not None:
            env["PGPASSWORD"] = self.password.reveal()
        return env


def parse_url(url: str) -> Server:
    """``postgres://user:pass@host:port/db`` -> Server; a one-line CheckError (without the URL) when
    malformed."""
    try:
        parts = urlsplit(url)
        port = parts.port or 5432
    except ValueError:
        raise CheckError("migrations.apply.database_url is not a valid URL") from None
    if parts.scheme.split("+", 1)[0] not in ("postgres", "postgresql"):
        raise CheckError("migrations.apply.database_url must be a postgres:// URL (got scheme "
                         f"{parts.scheme!r})")
    return Server(host=parts.hostname or "127.0.0.1", port=port,
                  user=unquote(parts.username or "postgres"),
                  password=Secret(unquote(parts.password)) if parts.password is not None else None,
                  database=unquote(parts.path.lstrip("/")) or "postgres")


def find_bindir(version: int, name: str = "initdb") -> Path | None:
    """The PostgreSQL bin directory holding ``name``: the configured major first, then PATH, then
    the newest."""
    preferred = PG_LIB / str(version) / "bin" / name
    if preferred.exists():
        return preferred.parent
    on_path = shutil.which(name)
    if on_path:  # Debian's /usr/bin/pg_dump is a link to pg_wrapper: its own folder has no pg_dump
        resolved = Path(on_path).resolve()
        return resolved.parent if resolved.name == name else Path(on_path).parent
    found = sorted((p for p in PG_LIB.glob(f"*/bin/{name}") if p.parent.parent.name.isdigit()),
                   key=lambda p: int(p.parent.parent.name), reverse=True)
    return found[0].parent if found else None


async def run(argv: Sequence[str], *, timeout: float, env: Mapping[str, str] | None = None,
              cwd: Path | None = None) -> tuple[int, str, str]:
    """Run a command; (returncode, stdout, stderr) as text. Killed when the deadline passes
    (TimeoutError)."""
    code, out, err = await run_process(argv, timeout=timeout, env=env, cwd=cwd)
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def _as_postgres_prefix() -> tuple[list[str], pwd.struct_passwd | None]:
    """The command prefix that drops root to the postgres user (empty when we are not root)."""
    if os.geteuid() != 0:
        return [], None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        raise CheckError("running as root and there is no 'postgres' user to run the scratch "
                         "PostgreSQL as (install Debian's postgresql package, or run launchgate "
                         "as a non-root user)") from None
    if runuser := shutil.which("runuser") or _sbin("runuser"):
        return [runuser, "-u", "postgres", "--"], user
    if setpriv := shutil.which("setpriv") or _sbin("setpriv"):
        return [setpriv, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups",
                "--"], user
    raise CheckError("running as root but neither runuser nor setpriv is available to drop to the "
                     "postgres user")


def _sbin(name: str) -> str | None:
    for d in ("/usr/sbin", "/usr/bin", "/sbin", "/bin"):
        if Path(d, name).exists():
            return str(Path(d, name))
    return None


def free_loopback_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class EphemeralCluster:
    """A throwaway PostgreSQL cluster in a temp dir, listening on 127.0.0.1 only. Use ``async
    with``."""

    def __init__(self, version: int, env: Mapping[str, str] | None = None,
                 timeout: float = 60.0) -> None:
        self.version = version
        self.timeout = timeout
        self.env = {**(env or {}), "LC_ALL": "C", "LANG": "C"}
        self.workdir: Path | None = None
        self.bindir: Path | None = None
        self.server: Server | None = None

    async def __aenter__(self) -> Server:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> Server:
        bindir = find_bindir(self.version)
        if bindir is None or not (bindir / "pg_ctl").exists():
            raise CheckError("initdb not found: install PostgreSQL's server package for "
                             "migrations.apply.ephemeral (Debian: apt-get install postgresql), or "
                             "set migrations.apply.database_url")
        prefix, user = _as_postgres_prefix()
        self.bindir = bindir
        self.workdir = Path(tempfile.mkdtemp(prefix="launchgate-pg-"))
        password = secrets.token_urlsafe(24)
        pwfile = self.workdir / "pw"
        pwfile.write_text(password)
        pwfile.chmod(0o600)
        if user is not None:
            for p in (self.workdir, pwfile):
                os.chown(p, user.pw_uid, user.pw_gid)
        data = self.workdir / "data"
        code, _out, err = await run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U",
                                     "launchgate",
                                     f"--pwfile={pwfile}", "--auth=scram-sha-256", "-E", "UTF8",
                                     "--locale=C",
                                     "--no-sync"], timeout=self.timeout, env=self.env,
                                     cwd=self.workdir)
        if code != 0:
            await self.stop()
            raise CheckError(f"initdb failed: {_first_error(err)}")
        port = free_loopback_port()
        opts = (f"-c listen_addresses=127.0.0.1 -p {port} -k {self.workdir} -c fsync=off "
                "-c full_page_writes=off -c synchronous_commit=off "
                "-c jit=off")  # the image ships no JIT
        code, _out, err = await run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l",
                                     str(self.workdir / "log"), "-w", "-t", str(int(self.timeout)),
                                     "-o", opts,
                                     "start"], timeout=self.timeout + 5, env=self.env,
                                     cwd=self.workdir)
        if code != 0:
            log = (
                (self.workdir / "log").read_text(errors="replace")
                if (self.workdir / "log").exists()
                else err
            )
            await self.stop()
            raise CheckError(f"the scratch PostgreSQL did not start: {_first_error(log)}")
        self.server = Server(host="127.0.0.1", port=port, user="launchgate",
                             password=Secret(password),
                             database="postgres")
        return self.server

    async def stop(self) -> None:
        if self.workdir is None:
            return
        data = self.workdir / "data"
        if self.bindir is not None and (data / "postmaster.pid").exists():
            prefix, _user = _as_postgres_prefix()
            with contextlib.suppress(TimeoutError, OSError):
                await run([*prefix, str(self.bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                           "-w", "stop"],
                          timeout=30, env=self.env)
        shutil.rmtree(self.workdir, ignore_errors=True)
        self.workdir = None


def _first_error(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for ln in lines:
        if re.search(r"\b(FATAL|ERROR|error|could not)\b", ln):
            return ln[:300]
    return lines[-1][:300] if lines else "no output"


_RESTRICT = re.compile(r"^\\(un)?restrict\b")


def normalise_dump(text: str) -> str:
    """pg_dump --schema-only output without what changes between identical schemas (\\restrict keys,
    comments)."""
    keep = [ln for ln in text.splitlines() if not _RESTRICT.match(ln)
            and not ln.startswith("-- Dumped ")]
    return "\n".join(keep).strip() + "\n"


async def schema_dump(server: Server, version: int, env: Mapping[str, str],
                      timeout: float = 60.0) -> str:
    """``pg_dump --schema-only`` of the scratch database, normalised. Raises CheckError with
    pg_dump's message."""
    bindir = find_bindir(max([version, *_installed_versions()]), "pg_dump")
    if bindir is None:
        raise CheckError("pg_dump not found (Debian: apt-get install postgresql-client)")
    code, out, err = await run([str(bindir / "pg_dump"), "--schema-only", "--no-owner",
                                "--no-privileges"],
                               timeout=timeout, env={**env, **server.libpq_env()})
    if code != 0:
        raise CheckError(f"pg_dump failed: {_first_error(err)}")
    return normalise_dump(out)


def _installed_versions() -> list[int]:
    return [int(p.name) for p in PG_LIB.glob("*") if p.name.isdigit()] if PG_LIB.exists() else []
