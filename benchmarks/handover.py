"""The handover pack's size and build time from a saved report, the demo's and a large made-up one.

    PYTHONPATH=. python benchmarks/handover.py [--report build/report.json] [--runs 5]

For each report: the JSON's size, the HTML and Markdown packs' sizes, the render time in process
(median of --runs) and the wall time of ``launchgate handover --from`` as a user runs it (a cold
process, median of --runs). The large report is the sample pack's figures plus 2,000 findings, 500
variables in 3 environments and 60 endpoints: what a big product's run could carry. No peer tool
renders a launch handover pack from a gate's run, so only launchgate's figures are printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from launchgate.model import Finding, Location, Report
from launchgate.report import handover_md, html, json_
from launchgate.report.load import report_from_json
from tests.support.sample_pack import EXPIRING, pack_report

ROOT = Path(__file__).resolve().parents[1]


def large_report() -> Report:
    base = pack_report()
    results = []
    for r in base.results:
        figures = dict(r.figures)
        findings = r.findings
        if r.check == "env":
            figures["env.environments"] = "development, staging, production"
            for i in range(500):
                figures[f"env.var.VAR_{i:03d}.flags"] = "secret" if i % 3 == 0 else ""
                figures[f"env.var.VAR_{i:03d}.required_in"] = "production" if i % 2 else ""
                for env in ("development", "staging", "production"):
                    figures[f"env.var.VAR_{i:03d}.set.{env}"] = f".env.{env}:{i + 1}"
        if r.check == "probes":
            for i in range(60):
                name = f"GET /api/items/{i}" if i % 2 else f"POST /api/orders/{i}"
                figures |= {
                    f"latency.{name}.p50_ms": 10.0 + i,
                    f"latency.{name}.p95_ms": 40.0 + i,
                    f"latency.{name}.p99_ms": 90.0 + i,
                    f"latency.{name}.target": "p95 ≤ 300 ms",
                    f"latency.{name}.verdict": "ok",
                }
        if r.check == "tls":
            findings = tuple(
                Finding.of(
                    EXPIRING,
                    f"certificate {i} expires in {i % 30} days",
                    Location(url=f"https://h{i}.example.test/"),
                    key=(str(i),),
                )
                for i in range(2000)
            )
        results.append(dataclasses.replace(r, figures=figures, findings=findings))
    return dataclasses.replace(base, results=tuple(results))


def median_s(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(name: str, report_json: Path, runs: int) -> None:
    report = report_from_json(json.loads(report_json.read_text(encoding="utf-8")))
    page, md = html.render(report), handover_md.render(report)
    render_s = median_s(lambda: html.render(report), runs)
    out = report_json.with_suffix(".html")
    cmd = [
        sys.executable,
        "-m",
        "launchgate",
        "handover",
        "--from",
        str(report_json),
        "--format",
        "html",
        "--output",
        str(out),
    ]
    wall_s = median_s(
        lambda: subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, timeout=120), runs
    )
    print(
        f"{name:<8} report {report_json.stat().st_size:>10,} B  html {len(page.encode()):>10,} B  "
        f"markdown {len(md.encode()):>9,} B  render {render_s * 1000:>7.1f} ms  "
        f"`handover --from` {wall_s:.2f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--report", type=Path, help="a saved JSON report (e.g. the demo's)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lg-bench-handover-") as tmp:
        if args.report:
            measure("given", args.report, args.runs)
        big = Path(tmp) / "large.json"
        big.write_text(json_.render(large_report()), encoding="utf-8")
        measure("large", big, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
