"""launchgate's default gate on real, healthy open-source products: the practice set of the signal
issue.

Run: PYTHONPATH=. python benchmarks/realworld.py --snapshots DIR [--list benchmarks/realworld.txt]
         [--only NAME] [--markdown docs/realworld.md] [--plant NAME] [--keep DIR]

The script fetches nothing. DIR holds one snapshot per repository of the list, named ``owner+name``:
either a bare git directory at ``DIR/owner+name/repo`` (what the search tool's ``fetch`` brings) or
a checkout at ``DIR/owner+name``. Each is cloned (with its history and tags) into a temporary folder
and checked out at the commit the list names, then ``launchgate check`` runs twice with the default
gate (``fail_on: high``): with no config, and with the ``launchgate.yml`` that ``launchgate init``
writes. Per repository and run it prints files, wall time, peak memory, counts per severity and per
rule, and every blocker and high as path:line and rule id (never a value: the JSON report is already
masked, and only rule ids and locations are printed).

``--plant NAME`` also plants, in a copy of that repository, a live-shaped key in a new commit, in a
file that a later commit deletes, and in a pull-request ref (``refs/pull/1/head``), then runs the
history scope and says whether each was reported at high or above. The keys are built here from
pieces at run time.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import secrets
import shutil
import string
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
SEVERITIES = ("blocker", "high", "medium", "low", "info")
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "bench",
           "GIT_AUTHOR_EMAIL": "bench@example.test",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.test",
           "GIT_TERMINAL_PROMPT": "0"}


@dataclass
class Run:
    """One `launchgate check` of one repository."""

    exit_code: int
    wall_s: float
    peak_mib: float
    counts: dict[str, int] = field(default_factory=dict)
    rules: collections.Counter[tuple[str, str]] = field(default_factory=collections.Counter)
    serious: list[str] = field(default_factory=list)  # "high rule path:line"
    errors: list[str] = field(default_factory=list)  # "check: reason" for checks that could not run
    stderr: str = ""


def git(*args: str, cwd: Path | None = None, timeout: float = 900) -> str:
    env = {**os.environ, **GIT_ENV}
    out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                         check=True,
                         env=env)
    return out.stdout


def read_list(path: Path) -> list[tuple[str, str]]:
    """``owner/name commit`` per line; ``#`` comments."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, commit = line.split()
            items.append((name, commit))
    return items


def snapshot_of(snapshots: Path, name: str) -> Path | None:
    folder = snapshots / name.replace("/", "+")
    for candidate in (folder / "repo", folder):
        if (candidate / "HEAD").is_file() or (candidate / ".git").exists():
            return candidate
    return None


def checkout(source: Path, commit: str, dest: Path) -> None:
    git("clone", "-q", "--no-checkout", str(source), str(dest))
    git("-c", "advice.detachedHead=false", "checkout", "-q", commit, cwd=dest)
    # a branch named like the default one, so "the latest release tag" and upstream logic see a
    # normal clone
    git("checkout", "-q", "-B", "main", cwd=dest)
    if _has_origin_head(dest):
        git("branch", "-q", "--set-upstream-to=origin/HEAD", cwd=dest)


def _has_origin_head(dest: Path) -> bool:
    try:
        git("rev-parse", "--verify", "-q", "origin/HEAD", cwd=dest)
    except subprocess.CalledProcessError:
        return False
    return True


def launchgate(
    *args: str, cwd: Path | None = None, timeout: float = 900
) -> tuple[int, float, float, str]:
    """Run the CLI in a child process; (exit code, wall s, peak RSS MiB of that child, stderr)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update({"PYTHONPATH": str(HERE), "NO_COLOR": "1", "CI": ""})
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "launchgate", *args], cwd=cwd,
                                stdout=subprocess.DEVNULL,
                                stderr=err, stdin=subprocess.DEVNULL, env=env)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return proc.returncode, wall, usage.ru_maxrss / 1024, stderr


def check(repo: Path, report: Path, config: Path | None = None, extra: tuple[str, ...] = ()) -> Run:
    args = ["check", str(repo), "--format", "json", "--output", str(report), *extra]
    if config is not None:
        args += ["--config", str(config)]
    code, wall, peak, stderr = launchgate(*args)
    run = Run(exit_code=code, wall_s=wall, peak_mib=peak, stderr=stderr.strip())
    if not report.exists():
        return run
    data = json.loads(report.read_text(encoding="utf-8"))
    run.counts = dict(data.get("counts", {}))
    for f in data.get("findings", []):
        run.rules[(f["severity"], f["rule"])] += 1
        if f["severity"] in ("blocker", "high"):
            loc = f.get("location") or {}
            where = loc.get("path") or loc.get("url") or "-"
            if loc.get("start_line"):
                where += f":{loc['start_line']}"
            run.serious.append(f"{f['severity']:7} {f['rule']:42} {where}")
    run.errors = [f"{r['check']}: {r.get('reason')}" for r in data.get("results", [])
                  if r.get("status") == "error"]
    return run


def verdict(run: Run) -> str:
    return {0: "passed", 1: "FAILED", 2: "usage error", 3: "ERROR"}.get(run.exit_code,
                                                                        f"exit {run.exit_code}")


def print_run(label: str, run: Run) -> None:
    counts = " ".join(f"{s}={run.counts.get(s, 0)}" for s in SEVERITIES)
    print(f"  {label:8} {verdict(run):8} {run.wall_s:6.1f} s {run.peak_mib:6.0f} MiB  {counts}")
    for (sev, rule), n in sorted(run.rules.items(),
                                 key=lambda kv: (SEVERITIES.index(kv[0][0]), kv[0][1])):
        if sev in ("blocker", "high", "medium"):
            print(f"      {sev:7} {rule:44} {n}")
    for line in run.serious:
        print(f"      ! {line}")
    for line in run.errors:
        print(f"      error {line}")
    if run.exit_code in (2, 3) and run.stderr:
        print(f"      stderr: {run.stderr.splitlines()[-1][:200]}")


def medium_plus(run: Run) -> int:
    return sum(run.counts.get(s, 0) for s in ("blocker", "high", "medium"))


def one_repo(name: str, commit: str, source: Path, work: Path) -> tuple[int, Run, Run]:
    dest = work / name.replace("/", "+")
    checkout(source, commit, dest)
    files = len([f for f in git("ls-files", "-z", cwd=dest).split("\0") if f])
    bare = check(dest, work / f"{dest.name}.noconf.json")
    config = work / f"{dest.name}.launchgate.yml"
    code, _, _, stderr = launchgate("init", str(dest))
    written = dest / "launchgate.yml"
    if code == 0 and written.exists():
        shutil.move(str(written), config)
        inited = check(dest, work / f"{dest.name}.init.json", config=config)
    else:
        inited = Run(exit_code=code, wall_s=0.0, peak_mib=0.0, stderr=stderr)
    return files, bare, inited


# -- planted leaks
# ------------------------------------------------------------------------------------------
def _live_key(prefix: str, length: int,
              alphabet: str = string.ascii_letters + string.digits) -> str:
    return prefix + "".join(secrets.choice(alphabet) for _ in range(length))


def _github_token() -> str:
    """A personal access token of GitHub's documented shape: 30 random base62 characters, then their
    CRC32."""
    alphabet = string.digits + string.ascii_uppercase + string.ascii_lowercase
    body = "".join(secrets.choice(alphabet) for _ in range(30))
    n, check = zlib.crc32(body.encode()), ""
    while n:
        n, r = divmod(n, 62)
        check = alphabet[r] + check
    return "gh" + "p_" + body + check.rjust(6, "0")


def plant(source: Path, commit: str, work: Path) -> list[tuple[str, str]]:
    """A key in a new commit, in a deleted file's history and in a PR ref; which are reported at
    high+."""
    dest = work / "planted"
    checkout(source, commit, dest)
    keys = {
        "new commit": _live_key("sk_" + "live_", 24),
        "deleted file": "AKIA" + _live_key("", 16, string.ascii_uppercase + string.digits),
        "pull-request ref": _github_token(),
    }
    (dest / "src" / "billing").mkdir(parents=True, exist_ok=True)
    (dest / "src" / "billing" / "charge.ts").write_text('const stripe = new '
                                                        f'Stripe("{keys["new commit"]}");\n')
    git("add", "-A", cwd=dest)
    git("commit", "-q", "-m", "billing", cwd=dest)
    (dest / "deploy.sh").write_text(f"export AWS_ACCESS_KEY_ID={keys['deleted file']}\n")
    git("add", "deploy.sh", cwd=dest)
    git("commit", "-q", "-m", "deploy script", cwd=dest)
    git("rm", "-q", "deploy.sh", cwd=dest)
    git("commit", "-q", "-m", "remove deploy script", cwd=dest)
    head = git("rev-parse", "HEAD", cwd=dest).strip()
    git("checkout", "-q", "-b", "contributor", cwd=dest)
    (dest / "ci.yml").write_text(f"token: {keys['pull-request ref']}\n")
    git("add", "ci.yml", cwd=dest)
    git("commit", "-q", "-m", "ci", cwd=dest)
    pr = git("rev-parse", "HEAD", cwd=dest).strip()
    git("update-ref", "refs/pull/1/head", pr, cwd=dest)
    git("checkout", "-q", "main", cwd=dest)
    git("branch", "-q", "-D", "contributor", cwd=dest)
    assert git("rev-parse", "HEAD", cwd=dest).strip() == head
    report = work / "planted.json"
    run = check(dest, report, extra=("--only", "secrets", "--secrets-scope", "history"))
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {"findings": []}
    where = {"new commit": "src/billing/charge.ts", "deleted file": "deploy.sh",
             "pull-request ref": "ci.yml"}
    out = []
    for label, path in where.items():
        hits = [f for f in data["findings"] if (f.get("location") or {}).get("path") == path]
        best = max((SEVERITIES.index(f["severity"]) * -1 for f in hits), default=None)
        if best is None:
            out.append((label, "MISSED"))
        else:
            sev = SEVERITIES[-best]
            rules = sorted({f["rule"] for f in hits})
            ok = "caught" if sev in ("blocker", "high") else "TOO LOW"
            out.append((label, f"{ok}: {sev} {', '.join(rules)} at {path}"))
    print(f"\nplanted leaks in a copy of {source.parent.name}: history scope exit "
          f"{run.exit_code}, {run.wall_s:.1f} s")
    for label, text in out:
        print(f"  {label:18} {text}")
    return out


def markdown(rows: list[tuple[str, int, Run, Run]]) -> str:
    lines = ["| repository | files | no config: verdict | wall | peak | B/H/M/L | with `init` "
             "config: verdict | B/H/M/L |", "|---|---:|---|---:|---:|---|---|---|"]
    for name, files, bare, inited in rows:
        def bhml(r: Run) -> str:
            return "/".join(str(r.counts.get(s, 0)) for s in ("blocker", "high", "medium", "low"))
        lines.append(f"| {name} | {files} | {verdict(bare)} | {bare.wall_s:.1f} s | "
                     f"{bare.peak_mib:.0f} MiB | {bhml(bare)} | {verdict(inited)} | "
                     f"{bhml(inited)} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--snapshots", type=Path, required=True)
    ap.add_argument("--list", type=Path, default=HERE / "benchmarks" / "realworld.txt")
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--markdown", type=Path)
    ap.add_argument("--plant")
    ap.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one, "
                    "removed)")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="lg-realworld-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, int, Run, Run]] = []
    try:
        items = [(n, c) for n, c in read_list(args.list) if not args.only or n in args.only]
        for name, commit in items:
            source = snapshot_of(args.snapshots, name)
            if source is None:
                print(f"{name}: no snapshot under {args.snapshots} (skipped)")
                continue
            files, bare, inited = one_repo(name, commit, source, work)
            print(f"{name} @ {commit[:12]}: {files} files")
            print_run("no config", bare)
            print_run("init", inited)
            rows.append((name, files, bare, inited))
        if rows:
            passed = sum(1 for _, _, b, _ in rows if b.exit_code == 0)
            passed_init = sum(1 for _, _, _, i in rows if i.exit_code == 0)
            print(f"\ndefault gate, no config: {passed}/{len(rows)} passed; with init's config: "
                  f"{passed_init}/{len(rows)} passed")
            print("medium+ per repository (no config): " +
                  ", ".join(f"{n.split('/')[1]}={medium_plus(b)}" for n, _, b, _ in rows))
        if args.markdown and rows:
            args.markdown.write_text(markdown(rows), encoding="utf-8")
        if args.plant:
            commit = dict(read_list(args.list))[args.plant]
            source = snapshot_of(args.snapshots, args.plant)
            if source is not None:
                plant(source, commit, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
