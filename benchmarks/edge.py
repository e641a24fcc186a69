"""Edge benchmark: launchgate's dns/tls/web checks against the lab, side by side with the peers
installed here.

Starts the edge lab (tests/integration/lab_edge.py: nginx + local CA + nsd, all on 127.0.0.1), runs
the edge checks on the good site and every broken one, then the peers on the same lab hosts, and
prints per lab host what each tool reports and how long it took:

  testssl.sh (Debian)   certificate + protocol checks, one host at a time (-S -p)
  sslyze (PyPI)         certificate + protocol scan, all TLS hosts in one run
  checkdmarc (PyPI)     SPF/DMARC/MX for each lab mail domain (needs a nameserver on port 53: a
  second nsd is
                        started on 127.0.0.2:53 for it, with the same zones)

Usage: PYTHONPATH=. python benchmarks/edge.py [--no-peers] [--peers-bin DIR] [--repeat N]
Peers are looked up on PATH and in --peers-bin (default /tmp/edge-peers/bin, where NOTES-edge.md
installs them). Loopback only; every subprocess has a timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from launchgate.checks.dns import DnsCheck
from launchgate.checks.email import EmailCheck
from launchgate.checks.tls import TlsCheck
from launchgate.checks.web import WebCheck
from tests.integration.lab_edge import (
    BAD_WEB_HOSTS,
    GOOD_HOSTS,
    TLS_HOSTS,
    Lab,
    edge_lab,
    nsd_server,
)

CHECKS = {"dns": DnsCheck(), "email": EmailCheck(), "tls": TlsCheck(), "web": WebCheck()}
TLS_LAB_HOSTS = (*GOOD_HOSTS[:1], *TLS_HOSTS, "legacy.tls.test")
MAIL_DOMAINS = ("good.test", "bad.test", "two.bad.test", "many.bad.test", "nodmarc.test",
                "nospf.bad.test",
                "inv.bad.test")


def host_of(url: str | None) -> str:
    if not url:
        return "?"
    if url.startswith("dns:"):
        return url[4:]
    return urlsplit(url).hostname or "?"


async def run_scenario(lab: Lab, name: str, config: dict) -> tuple[float, dict[str, list[str]]]:
    """All checks of a scenario concurrently (as the runner runs them); findings grouped by host."""
    started = time.perf_counter()
    results = await asyncio.gather(*(CHECKS[c].run(lab.context(config)) for c in lab.checks(name)))
    elapsed = time.perf_counter() - started
    by_host: dict[str, list[str]] = defaultdict(list)
    for findings in results:
        for f in findings:
            by_host[host_of(f.location.url)].append(f.rule.id)
    return elapsed, {h: sorted(set(r)) for h, r in by_host.items()}


def launchgate_part(lab: Lab, repeat: int) -> dict[str, list[str]]:
    print("== launchgate (dns, email, tls, web checks, concurrently, per scenario)")
    all_hosts: dict[str, list[str]] = defaultdict(list)
    for name, cfg in lab.scenarios().items():
        times = []
        for _ in range(repeat):
            elapsed, by_host = asyncio.run(run_scenario(lab, name, cfg))
            times.append(elapsed)
        hosts = cfg["targets"]["hosts"]
        print(f"-- {name}: {len(hosts)} host(s), checks {'+'.join(lab.checks(name))}: best "
              f"{min(times):.2f} s, median {sorted(times)[len(times) // 2]:.2f} s over {repeat} "
              "run(s)")
        for host in sorted(by_host):
            print(f"   {host:28} {', '.join(by_host[host])}")
            all_hosts[host] = sorted(set(all_hosts[host]) | set(by_host[host]))
    five = {**lab.scenarios()["bad-web"]}
    five["targets"] = {**five["targets"], "hosts": list(BAD_WEB_HOSTS[:5])}
    times = [asyncio.run(run_scenario(lab, "five-hosts", five))[0] for _ in range(repeat)]
    print(f"-- five hosts ({', '.join(BAD_WEB_HOSTS[:5])}), dns+email+tls+web: best "
          f"{min(times):.2f} s, median {sorted(times)[len(times) // 2]:.2f} s (target: under 5 s)")
    return all_hosts


def _tool(name: str, extra: Path) -> str | None:
    return shutil.which(name) or (str(extra / name) if (extra / name).exists() else None)


def sslyze_part(lab: Lab, binary: str, out_dir: Path) -> None:
    targets = [f"{h}:{lab.legacy_port if h == 'legacy.tls.test' else lab.https_port}{{127.0.0.1}}"
               for h in TLS_LAB_HOSTS]
    out = out_dir / "sslyze.json"
    started = time.perf_counter()
    proc = subprocess.run([binary, f"--json_out={out}", f"--certinfo_ca_file={lab.ca_bundle}",
                           "--certinfo", "--tlsv1", "--tlsv1_1", *targets],
                          capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - started
    print(f"== sslyze (--certinfo --tlsv1 --tlsv1_1, lab CA supplied): {len(targets)} hosts in "
          f"one run: {elapsed:.2f} s (exit {proc.returncode})")
    try:
        doc = json.loads(out.read_text())
    except (OSError, ValueError):
        print("   (no JSON output)", proc.stdout.strip().splitlines()[-1:])
        return
    for res in doc.get("server_scan_results", []):
        host = res["server_location"]["hostname"]
        notes = _sslyze_notes(res)
        print(f"   {host:28} {', '.join(notes) or 'no problem reported'}")


def _sslyze_notes(res: dict) -> list[str]:
    notes: list[str] = []
    if res.get("scan_status") != "COMPLETED":
        return [f"scan {res.get('scan_status')}: {res.get('connectivity_error_trace', '')}"[:100]]
    sr = res.get("scan_result") or {}
    cert = ((sr.get("certificate_info") or {}).get("result") or {})
    for dep in cert.get("certificate_deployments", []):
        # sslyze 6 reports a name mismatch as a path validation error ("no matching subjectAltName")
        paths = dep.get("path_validation_results", [])
        custom = [p for p in paths if "Supplied" in p.get("trust_store", {}).get("name", "")]
        for p in custom or paths[:1]:
            if not p.get("was_validation_successful"):
                why = (p.get("validation_error") or "").removeprefix("validation failed: ")
                notes.append(f"validation failed ({why[:70]})")
        chain = dep.get("received_certificate_chain", [])
        if chain:
            not_after = chain[0].get("not_valid_after")
            notes.append(f"not_after {str(not_after)[:10]}")
        if dep.get("received_chain_has_valid_order") is False:
            notes.append("chain order")
    for key, label in (("tls_1_0_cipher_suites", "TLS 1.0"), ("tls_1_1_cipher_suites", "TLS 1.1")):
        accepted = ((sr.get(key) or {}).get("result") or {}).get("accepted_cipher_suites") or []
        if accepted:
            notes.append(f"{label} accepted")
    return notes


def testssl_part(lab: Lab, binary: str, out_dir: Path, hosts: tuple[str, ...]) -> None:
    print(f"== testssl.sh (-S -p --nodns none, lab CA added, one host at a time; {len(hosts)} "
          "host(s))")
    total = 0.0
    for host in hosts:
        port = lab.legacy_port if host == "legacy.tls.test" else lab.https_port
        out = out_dir / f"testssl-{host}.json"
        out.unlink(missing_ok=True)
        started = time.perf_counter()
        try:
            subprocess.run([binary, "--quiet", "--color", "0", "--warnings", "off", "--nodns",
                            "none", "-S", "-p",
                            "--add-ca", str(lab.ca_bundle), "--ip", "127.0.0.1", "--jsonfile",
                            str(out),
                            f"{host}:{port}"], capture_output=True, text=True, timeout=240)
        except subprocess.TimeoutExpired:
            print(f"   {host:28} timed out after 240 s")
            continue
        elapsed = time.perf_counter() - started
        total += elapsed
        print(f"   {host:28} {elapsed:6.1f} s  "
              f"{', '.join(_testssl_notes(out)) or 'no problem reported'}")
    print(f"   total {total:.1f} s")


def _testssl_notes(path: Path) -> list[str]:
    try:
        items = json.loads(path.read_text())
    except (OSError, ValueError):
        return ["(no JSON output)"]
    notes = []
    for it in items:
        sev = it.get("severity", "")
        if sev in ("LOW", "MEDIUM", "HIGH", "CRITICAL"):
            notes.append(f"{it.get('id')}[{sev}]={str(it.get('finding'))[:50]}")
    return notes


def checkdmarc_part(lab: Lab, binary: str, out_dir: Path) -> None:
    with nsd_server(out_dir / "nsd53", lab.zones, address="127.0.0.2", port=53):
        print("== checkdmarc (against a second nsd on 127.0.0.2:53 serving the same zones)")
        for domain in MAIL_DOMAINS:
            started = time.perf_counter()
            proc = subprocess.run([binary, "--skip-tls", "-n", "127.0.0.2", "-t", "2", "-f", "json",
                                   domain],
                                  capture_output=True, text=True, timeout=60)
            elapsed = time.perf_counter() - started
            try:
                doc = json.loads(proc.stdout)
            except ValueError:
                print(f"   {domain:28} {elapsed:6.2f} s  (no JSON: {proc.stderr.strip()[-100:]})")
                continue
            print(f"   {domain:28} {elapsed:6.2f} s  "
                  f"{'; '.join(_dmarc_notes(doc)) or 'no problem reported'}")


def _dmarc_notes(doc: dict) -> list[str]:
    notes = []
    for part in ("mx", "spf", "dmarc"):
        sec = doc.get(part) or {}
        if sec.get("error"):
            notes.append(f"{part} error: {sec['error'][:90]}")
        for w in sec.get("warnings", [])[:5]:
            notes.append(f"{part} warning: {str(w)[:90]}")
    return notes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--peers-bin", type=Path, default=Path("/tmp/edge-peers/bin"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--testssl-hosts",
                    default="good.test,expired.tls.test,chain.tls.test,legacy.tls.test",
                    help="comma-separated lab hosts for testssl.sh (about a minute each), or 'all'")
    args = ap.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="lg-edge-bench-") as tmp,
        edge_lab(Path(tmp) / "lab") as lab,
    ):
        launchgate_part(lab, max(1, args.repeat))
        if args.no_peers:
            return 0
        ts_hosts = (
            TLS_LAB_HOSTS if args.testssl_hosts == "all" else tuple(args.testssl_hosts.split(","))
        )
        for name, part in (("sslyze", lambda b: sslyze_part(lab, b, Path(tmp))),
                           ("testssl", lambda b: testssl_part(lab, b, Path(tmp), ts_hosts)),
                           ("checkdmarc", lambda b: checkdmarc_part(lab, b, Path(tmp)))):
            binary = _tool(name, args.peers_bin) or (_tool("testssl.sh", args.peers_bin)
                                                     if name == "testssl" else None)
            if binary is None:
                print(f"== {name}: not installed, skipped")
                continue
            part(binary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
