"""launchgate's latency sampler vs wrk and hey, on the same loopback targets, in the same run.

    PYTHONPATH=. python benchmarks/latency.py [--quick]

1. requests/s ceiling on a static file served by nginx (closed loop, 50 connections, 5 s each), plus
   launchgate's open model at 1,500 requests/s: achieved rate, schedule slip, client-bound flag.
2. p50/p95/p99 each tool reports on /delays, a route that sleeps a fixed shuffled multiset of delays
   (true p50 = 20 ms, p95 = 50 ms, p99 = 100 ms); "truth" is recomputed from the delays the server
   really served.
3. A 1 s server stall (the app's event loop blocked) 4 s into a 10 s run at 50 requests/s: it must
   show in the open-model p95 and it vanishes in a closed loop at concurrency 10.
Everything binds 127.0.0.1; every run is bounded by a request count or a duration.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from launchgate.checks.probes.latency import CLIENT_CPU, CLIENT_LAG_MS, CLIENT_SLIP_MS
from launchgate.checks.probes.sampler import LoadPlan, LoadResult, sample
from launchgate.checks.probes.stats import percentile
from tests.support.marketplace import Marketplace, marketplace
from tests.support.servers import find_binary

WRK_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("LGRESULT %d %.3f %.3f %.3f %.3f\\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6)))
end
"""


@dataclass
class Row:
    tool: str
    mode: str
    requests: int
    rps: float
    p50: float | None = None
    p95: float | None = None
    p99: float | None = None
    note: str = ""


def lg(m: Marketplace, path: str, *, n: int, rate: float | None = None, conc: int | None = None,
       warmup_s: float = 0.0) -> tuple[Row, LoadResult]:
    plan = LoadPlan(method="GET", url=f"http://marketplace.test{path}", connect_port=m.port,
                    address="127.0.0.1",
                    requests=n, rate=rate, concurrency=conc, warmup_s=warmup_s, timeout_s=10,
                    deadline_s=120)
    res = asyncio.run(sample(plan))
    s = sorted(res.latencies_s)
    mode = f"open {rate:g}/s" if rate else f"closed c={conc}"
    note = (f"slip p95 {res.slip_p95_ms:.1f} ms, lag p99 {res.lag_p99_ms:.1f} ms, CPU "
            f"{res.cpu_ratio:.0%}, {res.loop}")
    if res.errors:
        note += f", errors {dict(res.errors)}"
    if (
        res.lag_p99_ms > CLIENT_LAG_MS
        or res.slip_p95_ms > CLIENT_SLIP_MS
        or res.cpu_ratio > CLIENT_CPU
    ):
        note = "CLIENT-BOUND (flagged); " + note
    row = Row("launchgate", mode, res.sent, (res.ok + sum(res.errors.values())) / res.duration_s,
              *(percentile(s, p) * 1000 for p in (0.5, 0.95, 0.99)), note=note)
    return row, res


def wrk(url: str, *, conns: int, duration: int, threads: int = 2) -> Row:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_LUA)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{conns}", f"-d{duration}s", "-s", f.name, url],
                         capture_output=True, text=True, timeout=duration + 30).stdout
    Path(f.name).unlink()
    m = re.search(r"LGRESULT (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)", out)
    if not m:
        return Row("wrk", f"closed c={conns}", 0, 0, note="no result: " + out[-200:])
    n, p50, p95, p99, rps = m.groups()
    return Row("wrk", f"closed c={conns}", int(n), float(rps), float(p50), float(p95), float(p99))


def hey(url: str, *, conns: int, n: int | None = None, duration: int | None = None,
        qps: float | None = None) -> Row:
    argv = ["hey", "-c", str(conns), "-disable-compression"]
    argv += ["-n", str(n)] if n else ["-z", f"{duration}s"]
    argv += ["-q", f"{qps:g}"] if qps else []
    out = subprocess.run([*argv, url], capture_output=True, text=True,
                         timeout=(duration or 60) + 60).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    pct = {int(p): float(v) * 1000 for p, v in re.findall(r"(\d+)%+ in ([\d.]+) secs", out)}
    total = sum(int(c) for c in re.findall(r"\[\d+\]\s+(\d+) responses", out))
    mode = f"closed c={conns}" + (f", {qps * conns:g}/s paced" if qps else "")
    return Row("hey", mode, total, float(rps.group(1)) if rps else 0.0, pct.get(50), pct.get(95),
               pct.get(99))


def truth(m: Marketplace, run: str) -> Row:
    """The planned delays (exact by construction) and, in the note, what the handler really took."""
    with urllib.request.urlopen(f"{m.url}/delays/served?run={run}", timeout=10) as r:
        data = json.load(r)
    served, took = sorted(data["served_ms"]), sorted(data["took_ms"])
    note = "handler took p50/p95/p99 " + "/".join(f"{percentile(took, p):.1f}"
                                                  for p in (0.5, 0.95, 0.99)) + " ms"
    return Row("truth (served)", run, len(served), 0,
               *(percentile(served, p) for p in (0.5, 0.95, 0.99)),
               note=note)


def front_door(m: Marketplace, run: str) -> Row:
    """What nginx itself measured for the run's requests ($request_time, 1 ms resolution): the
    latency a perfect client on this machine would report, proxy and app included. Each tool's
    distortion is its distance from this."""
    times = sorted(float(t) * 1000 for tag, t in (line.split() for line in
                   (m.workdir / "timing.log").read_text().splitlines() if line.strip())
                   if tag == run)
    return Row("truth (nginx)", run, len(times), 0,
               *(percentile(times, p) for p in (0.5, 0.95, 0.99)),
               note="nginx $request_time of the same requests")


def stall_after(m: Marketplace, delay_s: float, ms: int = 1000) -> threading.Thread:
    def fire() -> None:
        time.sleep(delay_s)
        urllib.request.urlopen(f"http://127.0.0.1:{m.app_port}/faults/freeze?ms={ms}",
                               timeout=10).read()
    t = threading.Thread(target=fire, daemon=True)
    t.start()
    return t


def fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:8.1f}"


def table(title: str, rows: list[Row]) -> None:
    print(f"\n## {title}\n")
    print(f"{'tool':<16} {'mode':<24} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8}  note")
    for r in rows:
        pct = f"{fmt(r.p50)} {fmt(r.p95)} {fmt(r.p99)}"
        print(f"{r.tool:<16} {r.mode:<24} {r.requests:>8} {r.rps:>8.0f} {pct}  {r.note}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="shorter runs (for a smoke test of the "
                    "script)")
    args = ap.parse_args()
    for tool in ("wrk", "hey", "nginx"):
        if find_binary(tool) is None:
            print(f"{tool} is not installed (apt-get install wrk hey nginx-light)", file=sys.stderr)
            return 2
    dur = 2 if args.quick else 5
    print(f"load average before: {Path('/proc/loadavg').read_text().strip()}  (2 cores; other "
          "jobs share them)")
    with tempfile.TemporaryDirectory() as tmp, marketplace(Path(tmp), faults=True) as m:
        static = f"{m.url}/static/hello.txt"
        lg(m, "/static/hello.txt", n=500, conc=10)  # warm connections and code paths
        rows = [wrk(static, conns=50, duration=dur), hey(static, conns=50, duration=dur)]
        rows.append(lg(m, "/static/hello.txt", n=dur * 3000, conc=50)[0])
        table("requests/s ceiling on a static nginx file (loopback, 2 cores shared with nginx)",
              rows)
        calm = lg(m, "/static/hello.txt", n=200, rate=20)[0]
        calm.note = "baseline; " + calm.note
        rows = [calm]
        for rate in (1500, 2000):
            row, _ = lg(m, "/static/hello.txt", n=int(rate * dur), rate=rate)
            added = (row.p95 or 0) - (calm.p95 or 0)
            row.note = f"p95 +{added:.2f} ms over baseline; " + row.note
            rows.append(row)
        rows.append(hey(static, conns=50, duration=dur, qps=30))
        table("open model at 1,500 and 2,000 requests/s on the static file: added p95 vs 20/s "
              "(hey paced for scale)",
              rows)

        n = 100 if args.quick else 200
        rows = [lg(m, "/delays?run=lg", n=n, rate=20)[0]]
        rows[:0] = [truth(m, "lg"), front_door(m, "lg")]
        hi = lg(m, "/delays?run=lg-hi", n=n * 5, rate=200)[0]
        rows += [truth(m, "lg-hi"), front_door(m, "lg-hi"), hi]
        rows += [hey(f"{m.url}/delays?run=hey", conns=4, n=n, qps=5), truth(m, "hey"),
                 front_door(m, "hey")]
        rows += [wrk(f"{m.url}/delays?run=wrk", conns=4, duration=dur * 2, threads=1),
                 truth(m, "wrk"),
                 front_door(m, "wrk")]
        table("p50/p95/p99 on /delays (true p50 20 ms, p95 50 ms, p99 100 ms; plus proxy overhead)",
              rows)

        if args.quick:
            return 0
        rows = [lg(m, "/delays?run=calm", n=500, rate=50)[0]]
        rows[-1].note = "no stall; " + rows[-1].note
        stall_after(m, 4.0)
        rows.append(lg(m, "/delays?run=open", n=500, rate=50)[0])
        stall_after(m, 4.0)
        rows.append(lg(m, "/delays?run=closed", n=4000, conc=10)[0])
        stall_after(m, 4.0)
        rows.append(wrk(f"{m.url}/delays?run=wrk-stall", conns=10, duration=10, threads=1))
        stall_after(m, 4.0)
        rows.append(hey(f"{m.url}/delays?run=hey-stall", conns=10, duration=10))
        table("a 1 s server stall 4 s into each run (open model at 50/s vs closed loops at c=10)",
              rows)
    print(f"\nload average after: {Path('/proc/loadavg').read_text().strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
