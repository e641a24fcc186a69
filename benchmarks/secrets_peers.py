"""launchgate beside Kingfisher and Betterleaks: outside-truth corpus quality, tree and history
speed.

Run: PYTHONPATH=. python benchmarks/secrets_peers.py
[--split tune|held-out|held-out-v2|held-out-v3|both|all]
[--peers-bin DIR]
[--tree DIR] [--history DIR] [--skip-speed] [--skip-peers] [--strace] [--misses]

Corpus: benchmarks/secrets_outside/ (vendor formats from their docs, generated at run time; see its
README). Every case is one file; all files go into one folder that each tool scans once. launchgate
counts as detecting a case with a finding at medium or above (low: test-mode key, bad checksum, docs
example); a peer with any finding in the file. Recall, precision and F1 per vendor family, for each
split; ``lg+kingfi`` and ``lg+better`` are the union of launchgate's and that peer's detections
(what the engine would add as a candidate source, before any of launchgate's triage).

Speed: one tree (a checkout, without .git) and one history (a clone), each tool's whole command
timed with /usr/bin/time (wall, peak RSS). The peers run offline: Kingfisher with --no-validate
--no-update-check, Betterleaks without --validate (its validation is opt-in); ``--strace`` runs each
peer under ``strace -f -e trace=connect`` and prints every connect() that is not to loopback or a
local socket (none is expected). The peers come from ``make bench`` (their own venv,
.venv-secrets-peers).

launchgate is timed as installed: with PYTHONDONTWRITEBYTECODE set (this machine sets it), an
editable checkout never gets bytecode, so run ``python -m compileall -q launchgate`` first (a wheel
install compiles at install time). The native gate's database is cached in LAUNCHGATE_CACHE_DIR
(default ~/.cache/launchgate): the first run after a pattern change compiles it (about 0.4 s).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from benchmarks.secrets_outside.corpus import Case, cases
from benchmarks.secrets_speed import Run, launchgate, timed
from tests.fixtures.secrets_corpus.score import Score, severity

HERE = Path(__file__).resolve().parents[1]
PEERS = HERE / ".venv-secrets-peers" / "bin"
Predict = Callable[[list[Case], Path], list[bool]]


def write_corpus(corpus: list[Case], root: Path) -> list[str]:
    names = []
    for i, c in enumerate(corpus):
        rel = f"c{i:05d}/{c.path}"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(c.text, encoding="utf-8")
        names.append(rel)
    return names


def launchgate_predict(corpus: list[Case], root: Path) -> list[bool]:
    """In-process, the engine the check runs (medium or above counts)."""
    from launchgate.checks.secrets import engine
    from launchgate.model import Severity

    opts = engine.Options()
    return [
        any(
            severity(h) >= Severity.MEDIUM for h in engine.scan_bytes(c.path, c.text.encode(), opts)
        )
        for c in corpus
    ]


def _case_of(path: str) -> int | None:
    m = re.search(r"(?:^|/)c(\d{5})/", path)
    return int(m.group(1)) if m else None


def kingfisher_cmd(
    peers: Path, target: Path, out: Path, history: bool, dedup: bool = True
) -> list[str]:
    """Offline: --no-validate, --no-update-check. On the corpus --no-dedup, since one value sits in
    several files (contexts) and each file is a case."""
    return [
        str(peers / "kingfisher"),
        "scan",
        str(target),
        "--no-validate",
        "--no-update-check",
        "--format",
        "json",
        "-o",
        str(out),
        "-q",
        "--git-history",
        "full" if history else "none",
        *(() if dedup else ("--no-dedup",)),
    ]


def betterleaks_cmd(peers: Path, target: Path, out: Path, history: bool) -> list[str]:
    return [
        str(peers / "betterleaks"),
        "git" if history else "fs",
        str(target),
        "-o",
        str(out),
        "--no-banner",
        "-s",
        "-l",
        "error",
    ]


def kingfisher_paths(out: Path) -> list[str]:
    doc = json.loads(out.read_text() or "{}")
    return [f["finding"]["path"] for f in doc.get("findings", [])]


def betterleaks_paths(out: Path) -> list[str]:
    doc = json.loads(out.read_text() or "{}")
    return [f["location"]["path"] for f in doc.get("findings") or []]


def peer_predict(name: str, peers: Path, strace: bool) -> Predict:
    def predict(corpus: list[Case], root: Path) -> list[bool]:
        out = root.parent / f"{name}.json"
        cmd = (
            kingfisher_cmd(peers, root, out, False, dedup=False)
            if name == "kingfisher"
            else betterleaks_cmd(peers, root, out, False)
        )
        if strace:
            cmd = traced(cmd, root.parent / f"{name}.strace")
        subprocess.run(cmd, capture_output=True, timeout=900, check=False, cwd=root.parent)
        if strace:
            report_connects(name, root.parent / f"{name}.strace")
        hit = {
            i
            for p in (kingfisher_paths if name == "kingfisher" else betterleaks_paths)(out)
            if (i := _case_of(p)) is not None
        }
        return [i in hit for i in range(len(corpus))]

    return predict


def traced(cmd: list[str], log: Path) -> list[str]:
    return ["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(log), *cmd]


_REMOTE = re.compile(
    r"connect\(\d+, \{sa_family=AF_INET6?, [^}]*?(?:inet_addr\(\"([^\"]+)\"\)|"
    r"inet_pton\(AF_INET6, \"([^\"]+)\")"
)


def report_connects(name: str, log: Path) -> None:
    remote = []
    for line in log.read_text(errors="replace").splitlines():
        m = _REMOTE.search(line)
        if m:
            addr = m.group(1) or m.group(2)
            if not (addr.startswith("127.") or addr in ("::1", "::ffff:127.0.0.1")):
                remote.append(addr)
    print(
        f"  strace {name}: {len(remote)} connect() calls to non-loopback addresses"
        + (f": {sorted(set(remote))}" if remote else "")
    )


def score(corpus: list[Case], preds: list[bool]) -> dict[str, Score]:
    per: dict[str, Score] = defaultdict(Score)
    for c, p in zip(corpus, preds, strict=True):
        per[c.family].add(c.label, p)
        per["ALL"].add(c.label, p)
    return dict(per)


def table(results: dict[str, dict[str, Score]]) -> str:
    tools = list(results)
    fams = [*sorted({f for r in results.values() for f in r} - {"ALL"}), "ALL"]
    head = f"{'family':18}" + "".join(f" | {t[:12]:>12}  R     P     F1  " for t in tools)
    lines = [head, "-" * len(head)]
    for f in fams:
        row = f"{f:18}"
        for t in tools:
            s = results[t].get(f, Score())
            row += f" | {'':12} {s.recall:5.3f} {s.precision:5.3f} {s.f1:5.3f}"
        lines.append(row)
    return "\n".join(lines)


def misses(corpus: list[Case], preds: list[bool]) -> str:
    fn = Counter(
        (c.family, c.vendor, c.context)
        for c, p in zip(corpus, preds, strict=True)
        if c.label and not p
    )
    fp = Counter(
        (c.family, c.vendor, c.kind, c.context)
        for c, p in zip(corpus, preds, strict=True)
        if not c.label and p
    )
    out = ["missed (family, vendor, context): count"] + [
        f"  {k}: {n}" for k, n in sorted(fn.items())
    ]
    out += ["false alarms (family, vendor, kind, context): count"] + [
        f"  {k}: {n}" for k, n in sorted(fp.items())
    ]
    return "\n".join(out)


def quality(args: argparse.Namespace) -> None:
    corpus = cases(args.seed, args.repeat)
    tools: dict[str, Predict] = {"launchgate": launchgate_predict}
    if not args.skip_peers:
        tools["kingfisher"] = peer_predict("kingfisher", args.peers_bin, args.strace)
        tools["betterleaks"] = peer_predict("betterleaks", args.peers_bin, args.strace)
    with tempfile.TemporaryDirectory(prefix="lg-outside-") as tmp:
        root = Path(tmp) / "corpus"
        write_corpus(corpus, root)
        preds: dict[str, list[bool]] = {}
        for name, predict in tools.items():
            t0 = time.perf_counter()
            preds[name] = predict(corpus, root)
            print(f"  {name}: {time.perf_counter() - t0:.1f} s on {len(corpus)} files")
    for peer in ("kingfisher", "betterleaks"):  # what each engine would add as a candidate source
        if peer in preds:
            preds[f"lg+{peer[:6]}"] = [a or b for a, b in zip(preds["launchgate"], preds[peer],
                                                               strict=True)]
    splits = {
        "both": ("tune", "held-out"),
        "all": ("tune", "held-out", "held-out-v2", "held-out-v3"),
    }.get(args.split, (args.split,))
    for split in splits:
        idx = [i for i, c in enumerate(corpus) if c.split == split]
        part = [corpus[i] for i in idx]
        fams = len({c.family for c in part})
        print(
            f"\n== {split}: {len(part)} cases ({sum(c.label for c in part)} secrets, "
            f"{sum(not c.label for c in part)} look-alikes), {len({c.vendor for c in part})} "
            f"vendors in "
            f"{fams} families, seed {args.seed}"
        )
        results = {t: score(part, [p[i] for i in idx]) for t, p in preds.items()}
        print(table(results))
        if args.misses:
            print(misses(part, [preds["launchgate"][i] for i in idx]))


# -- speed -----------------------------------------------------------------------------------------
# -----------
def _line(name: str, run: Run, what: str) -> str:
    return f"  {name:12} {run.wall:7.2f} s wall | peak RSS {run.rss_mib:6.0f} MiB | {what}"


def speed(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="lg-peers-speed-") as tmp:
        work = Path(tmp)
        for kind, target in (("tree", args.tree), ("history", args.history)):
            if target is None:
                continue
            history = kind == "history"
            mib = sum(
                f.stat().st_size for f in target.rglob("*") if f.is_file() and ".git" not in f.parts
            )
            print(f"\n{kind}: {target} ({mib / 2**20:.0f} MiB of files outside .git)")
            lg, fig = launchgate(target, "--secrets-scope", kind)
            print(_line("launchgate", lg, f"{fig['findings']} findings"))
            for name, make, paths in (
                ("kingfisher", kingfisher_cmd, kingfisher_paths),
                ("betterleaks", betterleaks_cmd, betterleaks_paths),
            ):
                if args.skip_peers:
                    continue
                out = work / f"{name}-{kind}.json"
                run = timed(make(args.peers_bin, target, out, history), 3600, cwd=work)
                found = len(paths(out)) if out.exists() else -1
                print(_line(name, run, f"{found} findings (exit {run.res.returncode})"))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument(
        "--split",
        choices=("tune", "held-out", "held-out-v2", "held-out-v3", "both", "all"),
        default="tune",
        help="both: tune and held-out (v1); all: the four",
    )
    ap.add_argument("--peers-bin", type=Path, default=PEERS)
    ap.add_argument("--tree", type=Path, help="a checkout to scan as a tree (no .git needed)")
    ap.add_argument("--history", type=Path, help="a git clone whose whole history is scanned")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--skip-corpus", action="store_true")
    ap.add_argument("--strace", action="store_true", help="trace the peers' connect() calls")
    ap.add_argument(
        "--misses", action="store_true", help="list launchgate's misses and false alarms"
    )
    args = ap.parse_args()
    if not args.skip_peers and not (args.peers_bin / "kingfisher").exists():
        sys.exit(f"no peers in {args.peers_bin}: run `make bench` (or pass --skip-peers)")
    if not args.skip_corpus:
        quality(args)
    if not args.skip_speed:
        speed(args)


if __name__ == "__main__":
    main()
