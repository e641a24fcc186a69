#!/usr/bin/env python3
"""The container action's entrypoint: maps the action's ``INPUT_*`` variables to ``launchgate
check``.

As the Actions runner starts it: working directory ``/github/workspace`` (owned by the runner's uid,
not ours), ``INPUT_<NAME>`` for each input with the name upper-cased and its dashes kept,
``GITHUB_*`` for the run. Arguments, when given, go straight to the CLI (``docker run IMAGE
--version``).

1. When started as root and the workspace belongs to another uid (GitHub's runner: 1001), drop to
   that uid and gid, so the scan runs unprivileged and every file it writes stays removable by later
   steps.
2. Mark the workspace as a git ``safe.directory`` through ``GIT_CONFIG_*`` variables (command-line
   scope, which git honours for it), so no config file has to be writable.
3. ``cd`` to ``working-directory`` and exec ``python -m launchgate check . ...``.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import sys
from collections.abc import Mapping
from pathlib import Path

REPORT_JSON = "launchgate-report.json"


def inp(env: Mapping[str, str], name: str) -> str:
    """An input's value as the runner passes it (``INPUT_FAIL-ON``); tolerant of ``_`` for local
    runs."""
    key = "INPUT_" + name.upper()
    return (env.get(key) or env.get(key.replace("-", "_")) or "").strip()


def _items(text: str) -> list[str]:
    return [t for t in re.split(r"[\s,]+", text) if t]


def build_argv(env: Mapping[str, str]) -> list[str]:
    """``launchgate check`` arguments for the inputs; empty inputs leave the CLI's own defaults."""
    argv = ["check", "."]
    for name in ("config", "phase", "environment", "fail-on", "base-ref", "head-ref", "comment",
                 "annotations",
                 "timeout"):
        if value := inp(env, name):
            argv += [f"--{name}", value]
    for name in ("only", "skip"):
        for item in _items(inp(env, name)):
            argv += [f"--{name}", item]
    argv += ["--format", "text", "--format", f"json={REPORT_JSON}"]
    if sarif := inp(env, "sarif-file"):
        argv += ["--format", f"sarif={sarif}"]
    if junit := inp(env, "junit-file"):
        argv += ["--format", f"junit={junit}"]
    for path in secrets_files(inp(env, "secrets-files"), Path.cwd()):
        argv += ["--secrets-file", path]
    if baseline := inp(env, "latency-baseline"):
        argv += ["--latency-baseline", baseline]
    fetch = inp(env, "fetch-missing").lower()
    if fetch in ("true", "false"):
        argv.append("--fetch-missing" if fetch == "true" else "--no-fetch-missing")
    if env.get("RUNNER_DEBUG") == "1":  # "Re-run with debug logging"
        argv.append("--debug")
    return argv


def secrets_files(text: str, cwd: Path) -> list[str]:
    """The ``secrets-files`` input: paths or globs (``logs/**/*.log``), one per line or comma
    separated, relative to the working directory; a glob that matches nothing is said in a warning,
    a plain path is passed on as it is (the CLI says when it is missing)."""
    out: list[str] = []
    for pattern in (p.strip() for p in re.split(r"[\n,]+", text)):
        if not pattern:
            continue
        if not glob.has_magic(pattern):
            out.append(pattern)
            continue
        found = sorted(glob.glob(pattern, root_dir=cwd, recursive=True))
        if not found:
            print("::warning title=launchgate::secrets-files: nothing matches "
                  + _escape(pattern), flush=True)
        out += found
    return out


def _escape(text: str) -> str:
    """A workflow command's data: the runner's own escaping, so an input cannot start a second
    command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def git_safe_directory(env: dict[str, str], path: str) -> None:
    """Add ``safe.directory=path`` to the command-line-scope config git reads from the
    environment."""
    n = int(env.get("GIT_CONFIG_COUNT", "0") or 0)
    env[f"GIT_CONFIG_KEY_{n}"] = "safe.directory"
    env[f"GIT_CONFIG_VALUE_{n}"] = path
    env["GIT_CONFIG_COUNT"] = str(n + 1)


def drop_privileges(workspace: Path) -> None:
    """Run as the workspace's owner when we are root and it is not (GitHub-hosted runners: uid
    1001)."""
    if os.geteuid() != 0:
        return
    st = workspace.stat()
    if st.st_uid == 0:
        return  # a root-owned workspace (local docker run): nothing unprivileged could write to it
    ensure_passwd_entry(st.st_uid, st.st_gid)
    os.setgroups([])
    os.setgid(st.st_gid)
    os.setuid(st.st_uid)


def ensure_passwd_entry(uid: int, gid: int, passwd: Path = Path("/etc/passwd")) -> None:
    """Give the runner's uid a name in the container's /etc/passwd: initdb and postgres refuse to
    run as a uid without one ("could not look up effective user ID 1001"), and the scratch cluster
    runs as that uid."""
    try:
        pwd.getpwuid(uid)
    except KeyError:
        with passwd.open("a", encoding="utf-8") as f:
            f.write(f"launchgate:x:{uid}:{gid}:launchgate action:/tmp:/usr/sbin/nologin\n")


def main(args: list[str]) -> None:
    env = dict(os.environ)
    python = sys.executable or "python3"
    if args:  # docker run -v "$PWD:/src" -w /src IMAGE check .: the mounted checkout is not root's
        git_safe_directory(env, os.getcwd())
        os.execvpe(python, [python, "-m", "launchgate", *args], env)  # noqa: S606 - exec, no shell
    workspace = Path(env.get("GITHUB_WORKSPACE") or os.getcwd())
    drop_privileges(workspace)
    git_safe_directory(env, str(workspace))
    if not env.get("GITHUB_TOKEN") and (token := inp(env, "github-token")):
        env["GITHUB_TOKEN"] = token
    workdir = workspace / (inp(env, "working-directory") or ".")
    if workdir.resolve() != workspace.resolve():
        # it may be a repository of its own (a submodule)
        git_safe_directory(env, str(workdir.resolve()))
    try:
        os.chdir(workdir)
    except OSError as exc:
        print(
            f"launchgate: working-directory {workdir!s}: {exc.strerror}".replace(
                "\n", "\\n"
            ).replace("\r", "\\r"),
            file=sys.stderr,
        )  # one line: the input may come from an expression a PR controls
        sys.exit(2)
    argv = build_argv(env)
    os.execvpe(python, [python, "-m", "launchgate", *argv], env)  # noqa: S606 - exec, no shell


if __name__ == "__main__":
    main(sys.argv[1:])
