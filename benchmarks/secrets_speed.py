"""Secret-scanning speed on a large real tree: launchgate's tree scope vs `detect-secrets scan
--all-files`.

Run: PYTHONPATH=. python benchmarks/secrets_speed.py [--tree DIR] [--ds-subset-mib 8]
[--skip-corpus]

The tree is the Python standard library plus this venv's site-packages (no __pycache__), copied once
into a git repository in /tmp (about 300 MB). detect-secrets manages well under 1 MiB/s, so a full
run would take most of an hour: it is timed on a subset (the first files of the tree, sorted, up to
--ds-subset-mib), and launchgate is timed both on that same subset and on the whole tree. Peak RSS
comes from /usr/bin/time -v (largest process). The diff scope is timed on a commit touching three
files of the big tree. Recall/precision on the labelled corpus are printed beside.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
PY = sys.executable
DS = str(Path(PY).with_name("detect-secrets"))


def sh(*args: str, cwd: Path | None = None,
       timeout: float = 3600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          check=False,
                          env={**os.environ, "PYTHONPATH": str(HERE)})


def build_tree(dest: Path) -> None:
    if (dest / ".git").is_dir():
        return
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    site = Path(sysconfig.get_paths()["purelib"])
    dest.mkdir(parents=True)
    shutil.copytree(stdlib, dest / "stdlib", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", "site-packages"))
    shutil.copytree(site, dest / "site-packages", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    for cmd in (["init", "-q"], ["add", "-A"],
                ["-c", "user.email=b@example.test", "-c", "user.name=bench",
                                                "commit", "-q", "-m", "tree"]):
        subprocess.run(["git", "-C", str(dest), "-c", "gc.auto=0", *cmd], check=True,
                       capture_output=True)


def size_of(root: Path) -> tuple[int, int]:
    out = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True,
                         check=True).stdout
    files = [f for f in out.decode().split("\0") if f]
    total = sum((root / f).lstat().st_size for f in files)
    return len(files), total


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + sys seconds of the process and its children (the scanner pool)
    rss_mib: float  # peak RSS of the largest process
    res: subprocess.CompletedProcess[str]


def timed(args: list[str], timeout: float, cwd: Path | None = None) -> Run:
    """Wall and CPU seconds and peak RSS (largest process) from /usr/bin/time."""
    stats = Path("/tmp/launchgate-bench.time")
    t0 = time.perf_counter()
    res = sh("/usr/bin/time", "-o", str(stats), "-f", "%U %S %M", *args, cwd=cwd, timeout=timeout)
    wall = time.perf_counter() - t0
    user, system, rss = stats.read_text().split()[-3:]
    return Run(wall=wall, cpu=float(user) + float(system), rss_mib=int(rss) / 1024, res=res)


def launchgate(root: Path, *extra: str, timeout: float = 3600) -> tuple[Run, dict[str, object]]:
    out = Path("/tmp/launchgate-bench.json")
    run = timed([PY, "-m", "launchgate", "check", str(root), "--only", "secrets", "--format",
                 "json",
                 "--output", str(out), *extra], timeout)
    if run.res.returncode not in (0, 1):
        raise SystemExit(f"launchgate failed ({run.res.returncode}): "
                         f"{run.res.stderr.strip().splitlines()[-1:]}")
    doc = json.loads(out.read_text())
    result = next(r for r in doc["results"] if r["check"] == "secrets")
    figures = dict(result["figures"])
    figures["findings"] = len(doc["findings"])
    figures["check_s"] = result["duration_s"]
    return run, figures


def _texty(path: Path) -> bool:
    """A regular text file under 1 MiB: the subset compares text scanning, not how fast binaries are
    skipped."""
    if path.is_symlink() or not path.is_file() or path.stat().st_size > 1024 * 1024:
        return False
    with path.open("rb") as fh:
        return b"\0" not in fh.read(8192)


def subset(tree: Path, dest: Path, mib: float) -> int:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    out = subprocess.run(["git", "-C", str(tree), "ls-files", "-z"], capture_output=True,
                         check=True).stdout
    files = [f for f in sorted(out.decode().split("\0")) if f and _texty(tree / f)]
    whole = sum((tree / f).stat().st_size for f in files)
    # every k-th file: a sample shaped like the tree
    stride = max(1, round(whole / (mib * 1024 * 1024)))
    total = 0
    for rel in files[::stride]:
        n = (tree / rel).stat().st_size
        if total + n > mib * 1024 * 1024:
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tree / rel, dest / rel)
        total += n
    for cmd in (["init", "-q"], ["add", "-A"],
                ["-c", "user.email=b@example.test", "-c", "user.name=bench",
                                                "commit", "-q", "-m", "subset"]):
        subprocess.run(["git", "-C", str(dest), *cmd], check=True, capture_output=True)
    return total


def launchgate_cpu(root: Path) -> float:
    """CPU seconds of launchgate's tree scan run in-process on one core (pool workers' CPU is not
    visible to /usr/bin/time, since they are children of the forkserver)."""
    import asyncio

    from launchgate.check import Context, Scope
    from launchgate.checks.secrets import SecretsCheck
    from launchgate.net import Net
    from launchgate.repo import Repo

    ctx = Context(config={"secrets": {"workers": 1, "scopes": ["tree"]}}, repo=Repo(root),
                  net=Net(), env={},
                  scope=Scope())
    t0 = time.process_time()
    asyncio.run(SecretsCheck().run(ctx))
    return time.process_time() - t0


def diff_case(tree: Path) -> tuple[float, dict[str, object]]:
    """A PR touching three files of the big tree, one line with a generated secret; time the diff
    scope."""
    import random
    import string
    sh("git", "-C", str(tree), "checkout", "-q", "-B", "bench-pr")
    files = ["stdlib/json/__init__.py", "stdlib/http/client.py", "site-packages/click/core.py"]
    r = random.Random(3)
    key = "sk_" + "live_" + "".join(r.choice(string.ascii_letters) for _ in range(32))
    for i, f in enumerate(files):
        with open(tree / f, "a", encoding="utf-8") as fh:
            fh.write(f"\n# benchmark change {i}\n" + (f'BENCH_KEY = "{key}"\n' if i == 1 else ""))
    sh("git", "-C", str(tree), "-c", "user.email=b@example.test", "-c", "user.name=bench", "commit",
       "-qam", "pr")
    try:
        run, figures = launchgate(tree, "--base-ref", "HEAD~1", "--head-ref", "HEAD",
                                  "--secrets-scope", "diff")
    finally:
        sh("git", "-C", str(tree), "reset", "-q", "--hard", "HEAD~1")
    return run.wall, figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tree", type=Path, default=Path("/tmp/launchgate-secrets-bench/tree"))
    ap.add_argument("--ds-subset-mib", type=float, default=8.0)
    ap.add_argument("--ds-timeout", type=float, default=1200)
    ap.add_argument("--skip-corpus", action="store_true")
    ap.add_argument("--ds-full", action="store_true", help="run detect-secrets on the whole tree "
                    "(slow)")
    args = ap.parse_args()
    build_tree(args.tree)
    nfiles, nbytes = size_of(args.tree)
    mib = nbytes / 2**20
    print(f"tree: {args.tree} ({nfiles} tracked files, {mib:.1f} MiB); cores: {os.cpu_count()}")

    sub = args.tree.parent / "subset"
    sub_bytes = subset(args.tree, sub, args.ds_subset_mib)
    sub_mib = sub_bytes / 2**20
    target = args.tree if args.ds_full else sub
    target_mib = mib if args.ds_full else sub_mib
    ds = timed([DS, "scan", "--all-files", "."], args.ds_timeout, cwd=target)
    ds_found = (
        sum(len(v) for v in json.loads(ds.res.stdout)["results"].values())
        if ds.res.returncode == 0
        else -1
    )
    lg_sub, lg_sub_fig = launchgate(sub, "--secrets-scope", "tree")
    lg, lg_fig = launchgate(args.tree, "--secrets-scope", "tree")
    lg_cpu = launchgate_cpu(args.tree)

    def line(name: str, wall: float, size: float, rss: float, what: str) -> str:
        return (f"  {name:32}: {wall:8.2f} s {size / wall:8.3f} MiB/s | peak RSS {rss:5.0f} MiB | "
                f"{what}")

    print(f"\nsubset: every k-th file of the tree, {sub_mib:.1f} MiB, the same files for both "
          "tools")
    if not args.ds_full:
        print(line("detect-secrets scan --all-files", ds.wall, sub_mib, ds.rss_mib,
                   f"{ds_found} secrets"))
    print(line("launchgate --secrets-scope tree", lg_sub.wall, sub_mib, lg_sub.rss_mib,
               f"{lg_sub_fig['findings']} findings (CLI start-up included)"))
    print(f"\nwhole tree ({mib:.1f} MiB):")
    if args.ds_full:
        print(line("detect-secrets scan --all-files", ds.wall, mib, ds.rss_mib,
                   f"{ds_found} secrets"))
    print(line("launchgate --secrets-scope tree", lg.wall, mib, lg.rss_mib,
               f"{lg_fig['findings']} findings"))
    print(f"  launchgate read {lg_fig.get('tree_files')} files, "
          f"{int(lg_fig.get('tree_bytes', 0)) / 2**20:.1f} MiB (binaries and files over the cap "
          f"are not read), {lg_fig.get('tree_candidate_lines')} candidate lines; the check itself "
          f"took {lg_fig['check_s']:.2f} s")
    ds_rate = target_mib / ds.wall
    print(f"  throughput ratio, wall: {mib / lg.wall / ds_rate:.0f}x (launchgate whole tree vs "
          f"detect-secrets on {'the whole tree' if args.ds_full else 'the subset'})")
    print(f"  CPU: detect-secrets {target_mib / ds.cpu:.2f} MiB per CPU-second; launchgate "
          f"{mib / lg_cpu:.2f} MiB per CPU-second (in-process, one core) = "
          f"{(mib / lg_cpu) / (target_mib / ds.cpu):.0f}x")
    print(f"  load average after the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (a "
          "shared machine)")

    d_wall, d_fig = diff_case(args.tree)
    print(f"\ndiff scope, a PR touching 3 files of the big tree: {d_wall:.2f} s wall for the "
          f"whole CLI run, {d_fig['check_s']:.2f} s in the secrets check; "
          f"{d_fig.get('diff_commits')} commit, {d_fig.get('diff_net_changed_files')} files, "
          f"{d_fig.get('diff_net_added_lines')} added lines, {d_fig['findings']} finding(s)")

    if not args.skip_corpus:
        from tests.fixtures.secrets_corpus import cases
        from tests.fixtures.secrets_corpus.score import (
            detect_secrets_predictions,
            launchgate_predict,
            score,
        )

        corpus = cases()
        lg = score(corpus, [launchgate_predict(c) for c in corpus])["ALL"]
        ds = score(corpus, detect_secrets_predictions(corpus))["ALL"]
        print(f"\ncorpus ({len(corpus)} cases): launchgate recall {lg.recall:.3f} precision "
              f"{lg.precision:.3f}; detect-secrets recall {ds.recall:.3f} precision "
              f"{ds.precision:.3f}")


if __name__ == "__main__":
    main()
