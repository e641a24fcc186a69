"""Sharded runs on a real repository: the unsharded run, each shard of N, and the merge, timed; and
whether the merged JSON equals the unsharded one apart from timings.

Run: PYTHONPATH=. python benchmarks/shard.py CLONE [--shards 2,4] [--history | --history-only]
(``--history-only``: ``check --only secrets --secrets-scope history --all``, history split by
commit; each shard's scanned commits and bytes are shown too)
CLONE is a local clone (e.g. `git clone -q /work/.mirror/saleor+saleor/repo /tmp/saleor`); nothing
is fetched. The shards run one after another here (a CI matrix runs them side by side), so the
figure to compare with the unsharded wall time is the slowest shard plus the merge.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIMEOUT_S = 1800  # each launchgate run


REPEAT = 3  # each timing is the median of this many runs (the machine is shared)
RUNS = {"repeat": REPEAT}


def launchgate(*args: str) -> tuple[float, int]:
    """The median wall time of RUNS["repeat"] runs, and the exit code."""
    times = []
    for _ in range(RUNS["repeat"]):
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "launchgate", *args], capture_output=True,
                              timeout=TIMEOUT_S, check=False)
        if done.returncode not in (0, 1):
            sys.exit(f"launchgate {' '.join(args)}: exit {done.returncode}: "
                     f"{done.stderr.decode(errors='replace').strip()[:300]}")
        times.append(time.perf_counter() - t0)
    return statistics.median(times), done.returncode


def steady(path: Path) -> dict:
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc.pop("started_at")
    for r in doc["results"]:
        r.pop("duration_s")
    return doc


def _work(path: Path) -> str:
    figures = next(r for r in steady(path)["results"] if r["check"] == "secrets")["figures"]
    return f"{figures.get('history_commits', 0)} / {figures.get('history_bytes', 0) / 1e6:.1f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("clone", type=Path)
    ap.add_argument("--shards", default="2,4")
    ap.add_argument("--history", action="store_true", help="secrets scopes tree and history")
    ap.add_argument("--history-only", action="store_true",
                    help="only the secrets check's history scope (split by commit)")
    ap.add_argument("--repeat", type=int, default=REPEAT, help="runs per timing (the median)")
    args = ap.parse_args()
    RUNS["repeat"] = args.repeat
    extra = ["--all", "--fail-on", "never"]
    if args.history:
        cfg = Path(tempfile.mkdtemp()) / "launchgate.yml"
        cfg.write_text("version: 1\nsecrets: {scopes: [tree, history]}\n", encoding="utf-8")
        extra += ["--config", str(cfg)]
    if args.history_only:
        extra += ["--only", "secrets", "--secrets-scope", "history"]
    out = Path(tempfile.mkdtemp(prefix="lg-shard-"))
    files = subprocess.run(["git", "-C", str(args.clone), "ls-files"], capture_output=True,
                           text=True, check=True, timeout=60).stdout.count("\n")
    print(f"repository: {args.clone} ({files} tracked files); pre-deploy checks {extra}; "
          f"median of {args.repeat} runs each")
    single_s, _ = launchgate("check", str(args.clone), *extra, "--format", "json",
                             "--output", str(out / "single.json"))
    single = steady(out / "single.json")
    print(f"unsharded: {single_s:6.2f} s, {len(single['findings'])} findings")
    for n in (int(x) for x in args.shards.split(",")):
        times = []
        for k in range(1, n + 1):
            s, _ = launchgate("check", str(args.clone), *extra, "--shard", f"{k}/{n}",
                              "--format", "json", "--output", str(out / f"s{k}-{n}.json"))
            times.append(s)
        merge_s, _ = launchgate("merge", *(str(out / f"s{k}-{n}.json") for k in range(1, n + 1)),
                                "--format", "json", "--output", str(out / f"merged-{n}.json"))
        equal = steady(out / f"merged-{n}.json") == single
        if args.history_only:
            print(f"N={n}: history commits / MB scanned per shard: " + ", ".join(
                _work(out / f"s{k}-{n}.json") for k in range(1, n + 1)))
        shown = ", ".join(f"{t:.2f}" for t in times)
        print(f"N={n}: shards {shown} s (slowest {max(times):.2f} s, sum {sum(times):.2f} s); "
              f"merge {merge_s:.2f} s; slowest + merge {max(times) + merge_s:.2f} s vs "
              f"{single_s:.2f} s unsharded; merged JSON == unsharded: {equal}")


if __name__ == "__main__":
    main()
