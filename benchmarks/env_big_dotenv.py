"""Env check on a big, valid `.env`: parse, merge of the layers and the whole rule pass, timed
separately.

Run: PYTHONPATH=. python benchmarks/env_big_dotenv.py [--lines 20000]

Issue 19 measured 157 s for 20,000 lines (each merge step copied the whole lookup): the merge must
stay linear. Prints one line per stage, seconds with three decimals.
"""

from __future__ import annotations

import argparse
import time

from launchgate.checks.env.envschema import EnvSchema
from launchgate.checks.env.evaluate import Snapshot, evaluate, merged
from launchgate.checks.env.files import parse_dotenv
from launchgate.checks.env.schema import Settings


def big_dotenv(lines: int) -> str:
    """Plain values, every tenth a ``${VAR}`` reference to an earlier line (what interpolation has
    to resolve)."""
    out = []
    for i in range(lines):
        value = f"${{VAR_{i - 1}}}/x" if i % 10 == 9 else f"value-{i}"
        out.append(f"VAR_{i}={value}")
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=20_000)
    n = ap.parse_args().lines
    text = big_dotenv(n)
    t0 = time.perf_counter()
    f = parse_dotenv(".env", text)
    t1 = time.perf_counter()
    snap = Snapshot(schema=EnvSchema(), settings=Settings.of({}), environment="development",
                    files={".env": f})
    values, unresolved = merged(snap)
    t2 = time.perf_counter()
    findings = evaluate(snap)
    t3 = time.perf_counter()
    print(f"env big .env: {n} lines, {len(f.entries)} entries, {len(values)} merged, "
          f"{len(unresolved)} unresolved, {len(findings)} findings")
    print(f"parse {t1 - t0:.3f} s   merge {t2 - t1:.3f} s   evaluate (all rules) {t3 - t2:.3f} s   "
          f"total {t3 - t0:.3f} s")


if __name__ == "__main__":
    main()
