"""Secret-scanning speed on a large real tree: launchgate's tree scope vs `detect-secrets scan --all-files`.

Run: PYTHONPATH=. python benchmarks/secrets_speed.py [--tree DIR] [--ds-subset-mib 8] [--skip-corpus]

The tree is the Python standard library plus this venv's site-packages (no __pycache__), copied once into a git
repository in /tmp (about 300 MB). detect-secrets manages well under 1 MiB/s, so a full run would take most of
an hour: it is timed on a subset (the first files of the tree, sorted, up to --ds-subset-mib), and launchgate is
timed both on that same subset and on the whole tree. Peak RSS comes from /usr/bin/time -v (largest process).
The diff scope is timed on a commit touching three files of the big tree. Recall/precision on the labelled
corpus are printed beside.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
PY = sys.executable
DS = str(Path(PY).with_name("detect-secrets"))


def sh(*args: str, cwd: Path | None = None, timeout: float = 3600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False,
                          env={**os.environ, "PYTHONPATH": str(HERE)})


def build_tree(dest: Path) -> None:
    if (dest / ".git").is_dir():
        return
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    site = Path(sysconfig.get_paths()["purelib"])
    dest.mkdir(parents=True)
    shutil.copytree(stdlib, dest / "stdlib", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", "site-packages"))
    shutil.copytree(site, dest / "site-packages", symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    for cmd in (["init", "-q"], ["add", "-A"], ["-c", "user.email=b@example.test", "-c", "user.name=bench",
                                                "commit", "-q", "-m", "tree"]):
        subprocess.run(["git", "-C", str(dest), "-c", "gc.auto=0", *cmd], check=True, capture_output=True)


def size_of(root: Path) -> tuple[int, int]:
    out = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True, check=True).stdout
    files = [f for f in out.decode().split("\0") if f]
    total = sum((root / f).lstat().st_size for f in files)
    return len(files), total


def timed(args: list[str], timeout: float) -> tuple[float, int, subprocess.CompletedProcess[str]]:
    """Wall seconds, peak RSS KiB (largest process, from /usr/bin/time -v), completed process."""
    t0 = time.perf_counter()
    res = sh("/usr/bin/time", "-v", *args, timeout=timeout)
    wall = time.perf_counter() - t0
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", res.stderr)
    return wall, int(m.group(1)) if m else -1, res


def launchgate(root: Path, *extra: str, timeout: float = 3600) -> tuple[float, int, dict[str, object]]:
    out = Path("/tmp/launchgate-bench.json")
    wall, rss, res = timed([PY, "-m", "launchgate", "check", str(root), "--only", "secrets", "--format", "json",
                            "--output", str(out), *extra], timeout)
    if res.returncode not in (0, 1):
        raise SystemExit(f"launchgate failed ({res.returncode}): {res.stderr.strip().splitlines()[-1:]}")
    doc = json.loads(out.read_text())
    figures = next(r["figures"] for r in doc["results"] if r["check"] == "secrets")
    figures["findings"] = len(doc["findings"])
    return wall, rss, figures


def subset(tree: Path, dest: Path, mib: float) -> int:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    out = subprocess.run(["git", "-C", str(tree), "ls-files", "-z"], capture_output=True, check=True).stdout
    total = 0
    for rel in sorted(f for f in out.decode().split("\0") if f):
        src = tree / rel
        if src.is_symlink() or not src.is_file():
            continue
        n = src.stat().st_size
        if total + n > mib * 1024 * 1024:
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest / rel)
        total += n
    for cmd in (["init", "-q"], ["add", "-A"], ["-c", "user.email=b@example.test", "-c", "user.name=bench",
                                                "commit", "-q", "-m", "subset"]):
        subprocess.run(["git", "-C", str(dest), *cmd], check=True, capture_output=True)
    return total


def diff_case(tree: Path) -> tuple[float, dict[str, object]]:
    """A PR touching three files of the big tree, one line with a generated secret; time the diff scope."""
    import random
    import string
    sh("git", "-C", str(tree), "checkout", "-q", "-B", "bench-pr")
    files = ["stdlib/json/__init__.py", "stdlib/http/client.py", "site-packages/click/core.py"]
    r = random.Random(3)
    key = "sk_" + "live_" + "".join(r.choice(string.ascii_letters) for _ in range(32))
    for i, f in enumerate(files):
        with open(tree / f, "a", encoding="utf-8") as fh:
            fh.write(f"\n# benchmark change {i}\n" + (f'BENCH_KEY = "{key}"\n' if i == 1 else ""))
    sh("git", "-C", str(tree), "-c", "user.email=b@example.test", "-c", "user.name=bench", "commit", "-qam", "pr")
    try:
        wall, _, figures = launchgate(tree, "--base-ref", "HEAD~1", "--head-ref", "HEAD", "--secrets-scope", "diff")
    finally:
        sh("git", "-C", str(tree), "reset", "-q", "--hard", "HEAD~1")
    return wall, figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tree", type=Path, default=Path("/tmp/launchgate-secrets-bench/tree"))
    ap.add_argument("--ds-subset-mib", type=float, default=8.0)
    ap.add_argument("--ds-timeout", type=float, default=1200)
    ap.add_argument("--skip-corpus", action="store_true")
    args = ap.parse_args()
    build_tree(args.tree)
    nfiles, nbytes = size_of(args.tree)
    mib = nbytes / 2**20
    print(f"tree: {args.tree} ({nfiles} tracked files, {mib:.1f} MiB); cores: {os.cpu_count()}")

    sub = args.tree.parent / "subset"
    sub_bytes = subset(args.tree, sub, args.ds_subset_mib)
    sub_mib = sub_bytes / 2**20
    t0 = time.perf_counter()
    ds_res = sh("/usr/bin/time", "-v", DS, "scan", "--all-files", ".", cwd=sub, timeout=args.ds_timeout)
    ds_wall = time.perf_counter() - t0
    ds_rss = int(m.group(1)) if (m := re.search(r"Maximum resident set size \(kbytes\): (\d+)", ds_res.stderr)) else -1
    ds_found = sum(len(v) for v in json.loads(ds_res.stdout)["results"].values()) if ds_res.returncode == 0 else -1
    lg_sub_wall, lg_sub_rss, lg_sub_fig = launchgate(sub, "--secrets-scope", "tree")
    lg_wall, lg_rss, lg_fig = launchgate(args.tree, "--secrets-scope", "tree")
    ds_speed, lg_sub_speed, lg_speed = sub_mib / ds_wall, sub_mib / lg_sub_wall, mib / lg_wall

    print(f"\nsubset ({sub_mib:.1f} MiB, same files for both tools):")
    print(f"  detect-secrets scan --all-files : {ds_wall:8.2f} s  {ds_speed:7.3f} MiB/s  peak RSS {ds_rss / 1024:6.0f} MiB"
          f"  {ds_found} secrets")
    print(f"  launchgate --secrets-scope tree : {lg_sub_wall:8.2f} s  {lg_sub_speed:7.3f} MiB/s  peak RSS "
          f"{lg_sub_rss / 1024:6.0f} MiB  {lg_sub_fig['findings']} findings")
    print(f"\nwhole tree ({mib:.1f} MiB):")
    print(f"  launchgate --secrets-scope tree : {lg_wall:8.2f} s  {lg_speed:7.3f} MiB/s  peak RSS {lg_rss / 1024:6.0f} MiB"
          f"  {lg_fig['findings']} findings; scanned {lg_fig.get('tree_files')} files, "
          f"{int(lg_fig.get('tree_bytes', 0)) / 2**20:.1f} MiB, {lg_fig.get('tree_candidate_lines')} candidate lines")
    print(f"  detect-secrets (extrapolated from the subset rate): {mib / ds_speed:8.0f} s")
    print(f"  throughput ratio launchgate/detect-secrets: {lg_speed / ds_speed:.0f}x (whole tree vs subset rate), "
          f"{lg_sub_speed / ds_speed:.0f}x (same subset, includes launchgate's ~1 s start-up)")

    d_wall, d_fig = diff_case(args.tree)
    print(f"\ndiff scope, PR touching 3 files of the big tree: {d_wall:.2f} s wall (CLI, start-up included); "
          f"{d_fig.get('diff_commits')} commit, {d_fig.get('diff_net_changed_files')} files, "
          f"{d_fig.get('diff_net_added_lines')} added lines, {d_fig['findings']} finding(s)")

    if not args.skip_corpus:
        from tests.fixtures.secrets_corpus import cases
        from tests.fixtures.secrets_corpus.score import detect_secrets_predictions, launchgate_predict, score
        corpus = cases()
        lg = score(corpus, [launchgate_predict(c) for c in corpus])["ALL"]
        ds = score(corpus, detect_secrets_predictions(corpus))["ALL"]
        print(f"\ncorpus ({len(corpus)} cases): launchgate recall {lg.recall:.3f} precision {lg.precision:.3f}; "
              f"detect-secrets recall {ds.recall:.3f} precision {ds.precision:.3f}")


if __name__ == "__main__":
    main()
