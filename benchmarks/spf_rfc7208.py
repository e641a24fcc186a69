"""SPF benchmark: launchgate's SPF walker (launchgate/spf.py) against pyspf on the RFC 7208 test suite.

The suite (rfc7208-tests.yml, the openspf.org suite, BSD-style licence) is not vendored: pyspf's source
distribution carries it (`pip download --no-binary :all: --no-deps pyspf` -> test/rfc7208-tests.yml). Every
scenario's zone data is served from memory, to both tools; nothing touches the network.

launchgate does not evaluate check_host() for one client IP: it judges the *record* (syntax, include loops,
lookup and void limits, multiple records), as a gate before deploy. So each case is compared on the verdict
both can give: permerror | temperror | none | evaluates (anything else: pass, fail, softfail, neutral). The
suite's expected result, pyspf's and launchgate's are printed for every case where they differ.

Usage: PYTHONPATH=. python benchmarks/spf_rfc7208.py PATH/rfc7208-tests.yml     (pyspf must be installed)
"""

from __future__ import annotations

import ipaddress
import sys
import time
from collections.abc import Iterator
from typing import Any

import yaml

from launchgate.net.dns import DnsAnswer
from launchgate.spf import MailSnapshot, spf_records, walk_spf


def as_txt(entries: list[Any]) -> list[Any]:
    """The suite writes records as type SPF and asks drivers to serve them as TXT too, where a name has no TXT."""
    has_txt = any(isinstance(e, dict) and "TXT" in e for e in entries)
    out = [e for e in entries if not (isinstance(e, dict) and "SPF" in e)]
    if not has_txt:
        out += [{"TXT": e["SPF"]} for e in entries if isinstance(e, dict) and "SPF" in e]
    return out


def verdict(result: str) -> str:
    return result if result in ("permerror", "temperror", "none") else "evaluates"


def answer(zone: dict[str, list[Any]], name: str, rdtype: str) -> DnsAnswer:
    entries = zone.get(name.lower())
    if entries is None:
        return DnsAnswer(name=name, rdtype=rdtype, status="nxdomain")
    records: list[str] = []
    for e in entries:
        if e == "TIMEOUT":
            return DnsAnswer(name=name, rdtype=rdtype, status="timeout")
        (t, v), = e.items()
        if t != rdtype:
            continue
        if v == "TIMEOUT":
            return DnsAnswer(name=name, rdtype=rdtype, status="timeout")
        records.append("".join(v) if isinstance(v, list) and t == "TXT" else str(v))
    return DnsAnswer(name=name, rdtype=rdtype, status="ok" if records else "nodata", records=tuple(records))


def launchgate_verdict(zone: dict[str, list[Any]], domain: str) -> str:
    answers: dict[tuple[str, str], DnsAnswer] = {}
    need = [(domain, "TXT")]
    for _ in range(50):  # the gather loop, as the email check runs it, bounded
        for name, rdtype in need:
            answers[(name.lower().rstrip("."), rdtype)] = answer(zone, name.rstrip("."), rdtype)
        snap = MailSnapshot(domain=domain, answers=answers)
        top = snap.get(domain, "TXT")
        if top is None or top.failed:
            return "temperror"
        recs = spf_records(top)
        if not recs:
            return "none"
        if len(recs) > 1:
            return "permerror"
        need = []
        walk = walk_spf(snap, domain, need=need)
        if not need:
            break
    if walk.errors or walk.permerrors or walk.stopped:
        return "permerror"
    return "temperror" if walk.failures else "evaluates"


def pyspf_verdict(zone: dict[str, list[Any]], case: dict[str, Any]) -> str:
    import spf  # type: ignore[import-not-found]  # benchmark-only peer

    def lookup(name: str, qtype: str, strict: bool = True, timeout: Any = None, level: int = 0) -> Iterator[Any]:
        for e in zone.get(name.lower().rstrip("."), []):
            if e == "TIMEOUT":
                raise spf.TempError("DNS timeout")
            (t, v), = e.items()
            if t != qtype:
                continue
            if v == "TIMEOUT":
                raise spf.TempError("DNS timeout")
            if t == "TXT":
                v = tuple(s.encode() for s in (v if isinstance(v, list) else [v]))
            elif t == "AAAA":
                v = ipaddress.IPv6Address(v).packed
            elif t == "MX":
                v = tuple(v)
            yield (name, t), v

    spf.DNSLookup = lookup
    res, _, _ = spf.query(i=case["host"], s=case.get("mailfrom", ""), h=case.get("helo", "")).check()
    return verdict(str(res))


def main(path: str) -> int:
    differ: list[str] = []
    total = agree_suite = agree_pyspf = 0
    t0 = time.perf_counter()
    with open(path, encoding="utf-8") as fh:
        scenarios = list(yaml.safe_load_all(fh))
    for scenario in scenarios:
        if not scenario:
            continue
        zone = {k.lower(): as_txt(v) for k, v in (scenario.get("zonedata") or {}).items()}
        for name, case in scenario["tests"].items():
            expected = case["result"] if isinstance(case["result"], list) else [case["result"]]
            want = {verdict(r) for r in expected}
            sender = case.get("mailfrom") or f"postmaster@{case.get('helo', '')}"
            ours = launchgate_verdict(zone, sender.rsplit("@", 1)[-1].lower().rstrip("."))
            theirs = pyspf_verdict(zone, case)
            total += 1
            agree_suite += ours in want
            agree_pyspf += theirs in want
            if ours not in want or theirs not in want:
                differ.append(f"  {name:32} suite {'|'.join(sorted(want)):20} pyspf {theirs:10} launchgate {ours}")
    print(f"RFC 7208 suite: {total} cases in {time.perf_counter() - t0:.1f} s")
    print(f"  verdict as the suite expects: launchgate {agree_suite}/{total}, pyspf {agree_pyspf}/{total}")
    print("cases where a tool differs from the suite:")
    print("\n".join(differ) or "  none")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
