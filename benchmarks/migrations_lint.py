"""Lint speed: launchgate's migrations check vs squawk (PyPI `squawk-cli`), in the same run, on
generated SQL.

Two workloads, written to a temp dir:
  1. one file of 5,000 statements (a realistic mix: new tables, indexes, ALTERs, backfills,
     renames);
  2. a folder of 200 migrations of 25 statements each (the same mix, golang-migrate naming).
launchgate is timed through its check (layout detection, parsing, every rule), in-process, best of N
runs, plus a cold run in a fresh interpreter (`python -m launchgate check --only migrations --all`)
that includes imports. squawk is timed as a subprocess, best of N. Target (issue 4): under 1 s for
5,000 statements.

Usage: python benchmarks/migrations_lint.py [--runs 3]
squawk is optional: `pip install squawk-cli` (a benchmark-only tool, not a launchgate dependency).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from launchgate.check import Context, Scope  # noqa: E402
from launchgate.checks.migrations import MigrationsCheck  # noqa: E402
from launchgate.net import Net  # noqa: E402
from launchgate.repo import Repo  # noqa: E402

TEMPLATES = (
    "CREATE TABLE t{i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, "
    "price numeric(10,2), created_at timestamptz NOT NULL DEFAULT now());",
    "CREATE INDEX t{i}_name_idx ON t{i} (name);",
    "CREATE INDEX CONCURRENTLY users_c{i}_idx ON users (email, created_at);",
    "ALTER TABLE users ADD COLUMN c{i} text;",
    "ALTER TABLE users ADD COLUMN d{i} uuid DEFAULT gen_random_uuid();",
    "ALTER TABLE orders ADD CONSTRAINT orders_fk{i} FOREIGN KEY (user_id) REFERENCES users (id) "
    "NOT VALID;",
    "ALTER TABLE orders ALTER COLUMN note{i} TYPE varchar(200);",
    "UPDATE users SET c{i} = lower(email) WHERE id BETWEEN {i} AND {i} + 1000;",
    "ALTER TABLE users RENAME COLUMN old{i} TO new{i};",
    "INSERT INTO t{i} (name, price) VALUES ('a', 1.5), ('b', 2.5);",
)


def statements(n: int, offset: int = 0) -> str:
    return "\n".join(TEMPLATES[(i + offset) % len(TEMPLATES)].format(i=i + offset)
                     for i in range(n)) + "\n"


def write_workloads(tmp: Path) -> tuple[Path, Path]:
    big = tmp / "big"
    (big / "migrations").mkdir(parents=True)
    (big / "migrations" / "0001_big.sql").write_text(
        "SET lock_timeout = '5s';\n" + statements(4999)
    )
    many = tmp / "many"
    (many / "migrations").mkdir(parents=True)
    for k in range(200):
        (many / "migrations" / f"{k + 1:04d}_m{k}.sql").write_text(statements(25, offset=k * 25))
    return big, many


def launchgate_inprocess(root: Path, runs: int) -> tuple[float, float, int]:
    """(best wall time, best CPU time, findings). CPU time is what a loaded shared machine distorts
    least."""
    best, best_cpu, count = float("inf"), float("inf"), 0
    for _ in range(runs):
        ctx = Context(config={"migrations": {"all": True}}, repo=Repo(root), net=Net(), env={},
                      scope=Scope())
        started, cpu = time.perf_counter(), time.process_time()
        findings = asyncio.run(MigrationsCheck().run(ctx))
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        count = len(findings)
    return best, best_cpu, count


def launchgate_cold(root: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "launchgate", "check", str(root), "--only", "migrations",
                    "--all",
                    "--fail-on", "never", "--format", "json"], capture_output=True, check=False,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - started


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def squawk(files: list[Path], runs: int) -> tuple[float, float, int] | None:
    exe = shutil.which("squawk") or str(Path(sys.executable).parent / "squawk")
    if not Path(exe).exists():
        return None
    best, best_cpu, lines = float("inf"), float("inf"), 0
    for _ in range(runs):
        started, cpu = time.perf_counter(), _children_cpu()
        proc = subprocess.run([exe, "--reporter", "gcc", *map(str, files)], capture_output=True,
                              text=True,
                              check=False)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, _children_cpu() - cpu)
        lines = sum(1 for ln in proc.stdout.splitlines() if ": warning:" in ln or ": error:" in ln)
    return best, best_cpu, lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lg-bench-") as d:
        big, many = write_workloads(Path(d))
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"{'workload':27} {'tool':31} {'wall':>8} {'cpu':>8} {'findings':>9}")
        for label, root in (("1 file, 5,000 statements", big), ("200 files x 25 statements", many)):
            t, c, n = launchgate_inprocess(root, args.runs)
            print(f"{label:27} {'launchgate (check, in-process)':31} {t:7.3f}s {c:7.3f}s {n:9d}")
            print(f"{label:27} {'launchgate (CLI, cold start)':31} {launchgate_cold(root):7.3f}s "
                  f"{'':>8} {'':>9}")
            sq = squawk(sorted((root / "migrations").glob("*.sql")), args.runs)
            if sq is None:
                print(f"{label:27} {'squawk':31} squawk not installed (pip install squawk-cli)")
            else:
                print(f"{label:27} {'squawk ' + _squawk_version():31} {sq[0]:7.3f}s {sq[1]:7.3f}s "
                      f"{sq[2]:9d}")
    print(f"best of {args.runs} runs; target: launchgate under 1 s for 5,000 statements. Findings "
          "differ by design: squawk reports every rule per statement, launchgate skips safe "
          "targets (objects created in the same migration) and reports require-timeout once per "
          "file.")


def _squawk_version() -> str:
    exe = shutil.which("squawk") or str(Path(sys.executable).parent / "squawk")
    out = subprocess.run([exe, "--version"], capture_output=True, text=True,
                         check=False).stdout.split()
    return out[-1] if out else ""


if __name__ == "__main__":
    main()
