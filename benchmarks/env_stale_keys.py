"""env.example-stale-key on real repositories: how many template keys it reports, which, and what
the repository-wide mention search costs in env-check wall time.

Run: PYTHONPATH=. python benchmarks/env_stale_keys.py --snapshots DIR [--only NAME ...]

DIR holds snapshots named ``owner+name``: a bare git directory at ``DIR/owner+name/repo`` (what the
search tool's ``fetch`` brings) or a checkout at ``DIR/owner+name``. A bare one is exported (``git
archive HEAD``) into a temporary folder. For each repository the env check runs with its defaults,
and once more with the mention search replaced by "everything is mentioned" (the cost of the search
is the difference; median of three runs each). Nothing is fetched; every subprocess has a timeout.
Keys are printed, never values."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Collection
from pathlib import Path

import launchgate.checks.env as env_check
from launchgate.check import Context, Scope, Skip
from launchgate.model import Finding
from launchgate.net import Net
from launchgate.repo import Repo

RULE = "env.example-stale-key"


def export(snapshot: Path, into: Path) -> Path:
    bare = snapshot / "repo"
    if not bare.is_dir():
        return snapshot
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "--git-dir", str(bare), "archive", "HEAD"],
                             capture_output=True, timeout=300, check=False)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, capture_output=True,
                   timeout=300, check=False)  # a snapshot missing a blob still gives the rest
    return into


def run_env(root: Path) -> tuple[list[Finding] | None, float]:
    ctx = Context(config={"env": {}}, repo=Repo(root), net=Net(), env={}, scope=Scope(),
                  environment=None)
    started = time.perf_counter()
    try:
        found = asyncio.run(env_check.EnvCheck().run(ctx))
    except Skip:
        return None, time.perf_counter() - started
    return found, time.perf_counter() - started


def everything_mentioned(repo: Repo, names: Collection[str]) -> frozenset[str]:
    return frozenset(names)


def measure(root: Path) -> tuple[list[Finding] | None, float, float]:
    real = env_check.scan_mentions
    runs = [run_env(root) for _ in range(3)]
    env_check.scan_mentions = everything_mentioned  # type: ignore[assignment]
    try:
        without = statistics.median(run_env(root)[1] for _ in range(3))
    finally:
        env_check.scan_mentions = real
    return runs[0][0], statistics.median(t for _, t in runs), without


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--snapshots", type=Path, required=True)
    ap.add_argument("--only", action="append", default=[])
    args = ap.parse_args()
    total = repos = flagged = 0
    with tempfile.TemporaryDirectory() as tmp:
        for snap in sorted(p for p in args.snapshots.iterdir() if "+" in p.name):
            wanted = {snap.name, snap.name.replace("+", "/")}
            if args.only and not wanted & set(args.only):
                continue
            root = export(snap, Path(tmp) / snap.name)
            found, with_s, without_s = measure(root)
            if found is None:
                print(f"{snap.name:40} skipped: no env schema and no dotenv files")
                continue
            stale = [f for f in found if f.rule.id == RULE]
            repos += 1
            flagged += bool(stale)
            total += len(stale)
            print(f"{snap.name:40} {len(stale):3} stale   env check {without_s:5.2f} s -> "
                  f"{with_s:5.2f} s with the mention search")
            for f in stale:
                print(f"      {f.message.split(' but ', 1)[0]}")
    print(f"{total} stale keys in {flagged} of {repos} repositories with dotenv files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
