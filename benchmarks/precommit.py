"""The pre-commit hooks' time on a typical commit, beside detect-secrets' own hook.

Run: PYTHONPATH=. python benchmarks/precommit.py CLONE [--repeat 5]
CLONE is a local clone of a real repository (e.g. `git clone -q /work/.mirror/healthchecks+
healthchecks/repo /tmp/hc`); the script stages a typical commit there (three files changed, one
added, about 40 lines), times each hook's command as pre-commit runs it (median and best of
--repeat runs, after one untimed warm-up run that leaves bytecode behind as a pip install does:
PYTHONDONTWRITEBYTECODE is dropped for the commands), then unstages and restores the files.
``launchgate --version`` is timed too (the start-up floor of every command; issue 16 asks < 0.3 s).
gitleaks is timed when it is installed. Every hook is timed, and the last column says whether
pre-commit would run it on this commit at all (its ``files:`` pattern in .pre-commit-hooks.yaml
against the staged paths: the env and migrations hooks run only when an env file or SQL is staged).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

LG = [sys.executable, "-m", "launchgate", "check", "--staged", "--quiet"]
VERSION = {"launchgate --version": [sys.executable, "-m", "launchgate", "--version"]}
HOOKS = {
    "launchgate-secrets": [*LG, "--only", "secrets"],
    "launchgate-env": [*LG, "--only", "env"],
    "launchgate-migrations": [*LG, "--only", "migrations"],
}
TIMEOUT_S = 120
HOOKS_FILE = Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml"


def runs_on(files: list[str]) -> dict[str, str]:
    """Hook id -> 'yes'/'no': would pre-commit run it for these staged files (its files: regex)?"""
    hooks = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    return {h["id"]: "yes" if any(re.search(h.get("files", ""), f) for f in files) else "no"
            for h in hooks}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True, timeout=60).stdout


def stage_typical_commit(repo: Path) -> list[str]:
    """Append a few lines to three tracked text files and add one new file; stage them."""
    tracked = [p for p in git(repo, "ls-files").splitlines()
               if p.endswith((".py", ".ts", ".js", ".go", ".rb")) and "/" in p][:3]
    for n, rel in enumerate(tracked):
        with (repo / rel).open("a", encoding="utf-8") as f:
            f.write("".join(f"# launchgate benchmark line {n}.{i}\n" for i in range(8)))
    new = "launchgate_bench_new.py"
    (repo / new).write_text("".join(f"VALUE_{i} = {i}\n" for i in range(16)), encoding="utf-8")
    files = [*tracked, new]
    git(repo, "add", *files)
    return files


def restore(repo: Path, files: list[str]) -> None:
    git(repo, "reset", "-q", "--", *files)
    git(repo, "checkout", "-q", "--", *files[:-1])
    (repo / files[-1]).unlink(missing_ok=True)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], cwd: Path, repeat: int) -> tuple[float, float, float, int]:
    """(median wall s, best wall s, median CPU s of the command and its children, exit code).
    CPU time is the steadier figure on a machine shared with other work."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["GITHUB_ACTIONS"] = ""
    subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=TIMEOUT_S, check=False, env=env)
    times, cpu, code = [], [], 0
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), _children_cpu()
        code = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=TIMEOUT_S,
                              check=False, env=env).returncode
        times.append(time.perf_counter() - t0)
        cpu.append(_children_cpu() - c0)
    return statistics.median(times), min(times), statistics.median(cpu), code


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("clone", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    repo = args.clone.resolve()
    files = stage_typical_commit(repo)
    try:
        peers = {"detect-secrets-hook": [str(Path(sys.executable).with_name("detect-secrets-hook")),
                                         *files]}
        if shutil.which("gitleaks"):
            peers["gitleaks protect --staged"] = ["gitleaks", "protect", "--staged", "--no-banner"]
        print(f"{repo.name}: a typical commit of {len(files)} staged files; load average "
              f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; {args.repeat} runs each")
        print(f"{'hook':28} {'median':>8} {'best':>8} {'cpu':>8}  exit  runs on this commit")
        would = runs_on(files)
        for name, cmd in {**VERSION, **HOOKS, **peers}.items():
            median, best, cpu, code = timed(cmd, repo, args.repeat)
            print(f"{name:28} {median:7.2f}s {best:7.2f}s {cpu:7.2f}s  {code:4}  "
                  f"{would.get(name, '')}")
        median, best, cpu, _ = timed([sys.executable, "-c", "pass"], repo, args.repeat)
        print(f"{'(python start, for scale)':28} {median:7.2f}s {best:7.2f}s {cpu:7.2f}s")
    finally:
        restore(repo, files)


if __name__ == "__main__":
    main()
