"""SPF benchmark: launchgate's SPF walker (launchgate/spf.py) against pyspf, on the RFC 7208 test
suite and on the edge lab's zones.

The suite (rfc7208-tests.yml, the openspf.org suite, BSD-style licence) is not vendored: pyspf's
source distribution carries it (`pip download --no-binary :all: --no-deps pyspf` ->
test/rfc7208-tests.yml). Every scenario's zone data is served from memory to both tools, with the
suite driver's DNS semantics (pyspf's test/testspf.py): a bare TIMEOUT entry times out a query only
when no record of the asked type came before it, a CNAME is followed one level, a name under
`error.` times out. Nothing touches the network.

launchgate does not evaluate check_host() for one client IP: it judges the *record* (syntax, include
loops, lookup, void and MX limits, multiple records) for every sender, as a gate before deploy. So
each case is compared on the verdict both can give: permerror | temperror | none | evaluates
(anything else: pass, fail, softfail, neutral). The suite's expected result, pyspf's and
launchgate's are printed where they differ.

--lab starts nsd with the edge lab's zones (tests/integration/lab_edge.py, 127.0.0.1 on a free port)
and compares the two on every lab mail domain through real DNS: launchgate through the email check's
own gather (its resolver, deadlines and query cap), pyspf through a dnspython resolver pointed at
the same nsd, for a client IP no lab record allows (198.51.100.1), so pyspf walks the whole record
as launchgate does.

Usage (pyspf installed):
  PYTHONPATH=. python benchmarks/spf_rfc7208.py PATH/rfc7208-tests.yml [--lab]
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from launchgate.net.dns import DnsAnswer
from launchgate.spf import MailSnapshot, spf_records, walk_spf

Zone = dict[str, list[Any]]
LAB_DOMAINS = ("good.test", "bad.test", "two.bad.test", "many.bad.test", "nodmarc.test",
               "nospf.bad.test",
               "inv.bad.test")
NOWHERE_IP = "198.51.100.1"  # TEST-NET-2: no lab record allows it
WHY = {  # why launchgate differs, where it does by design
    "include-at-limit": "launchgate judges the record for every sender: the 11th lookup is reached "
                        "by any client the first `a` does not match (this case's client does)",
}


def as_txt(entries: list[Any]) -> list[Any]:
    """The suite writes records as type SPF and asks drivers to serve them as TXT too, where a name
    has no TXT (appended last, as its driver does); ``TXT: NONE`` only says "no TXT record"."""
    has_txt = any(isinstance(e, dict) and "TXT" in e for e in entries)
    out = [e for e in entries
           if not (isinstance(e, dict) and ("SPF" in e or e.get("TXT") == "NONE"))]
    if not has_txt:
        out += [{"TXT": e["SPF"]} for e in entries if isinstance(e, dict) and "SPF" in e]
    return out


def verdict(result: str) -> str:
    return result if result in ("permerror", "temperror", "none") else "evaluates"


class Timeout(Exception):
    pass


def suite_records(zone: Zone, name: str, qtype: str, level: int = 0) -> list[tuple[str, Any]]:
    """(type, value) pairs the suite driver answers for ``name``/``qtype``; Timeout as it does."""
    name = ".".join(label for label in name.split(".") if label).lower()
    if name not in zone:
        if name.startswith("error."):
            raise Timeout(name)
        return []
    out: list[tuple[str, Any]] = []
    seen_type = False
    for e in zone[name]:
        if e == "TIMEOUT":
            if not seen_type:
                raise Timeout(name)
            break
        ((t, v),) = e.items()
        seen_type = seen_type or t == qtype
        if v == "TIMEOUT":
            if t == qtype:
                raise Timeout(name)
            continue
        if t == qtype:
            out.append((t, v))
        elif t == "CNAME" and not level:
            out += suite_records(zone, v, qtype, 1)
    return out


def text_of(rdtype: str, value: Any) -> str:
    """A record value as launchgate's resolver renders it (TXT joined, MX `pref exchange.`)."""
    if rdtype == "TXT":
        return "".join(value) if isinstance(value, list) else str(value)
    if rdtype == "MX":
        return f"{value[0]} {str(value[1]).rstrip('.')}."
    return str(value)


def answer(zone: Zone, name: str, rdtype: str) -> DnsAnswer:
    try:
        got = suite_records(zone, name, rdtype)
    except Timeout:
        return DnsAnswer(name=name, rdtype=rdtype, status="timeout")
    if not got:
        exists = ".".join(label for label in name.split(".") if label).lower() in zone
        return DnsAnswer(name=name, rdtype=rdtype, status="nodata" if exists else "nxdomain")
    records = tuple(text_of(t, v) for t, v in got)
    return DnsAnswer(name=name, rdtype=rdtype, status="ok", records=records)


def record_verdict(snap: MailSnapshot, domain: str,
                   need: list[tuple[str, str]] | None) -> str | None:
    """launchgate's verdict on the record from the answers so far; None while names are needed."""
    top = snap.get(domain, "TXT")
    if top is None or top.failed:
        return "temperror"
    recs = spf_records(top)
    if not recs:
        return "none"
    if len(recs) > 1:
        return "permerror"
    walk = walk_spf(snap, domain, need=need)
    if need:
        return None
    if walk.errors or walk.permerrors or walk.stopped:
        return "permerror"
    return "temperror" if walk.failures else "evaluates"


def launchgate_verdict(zone: Zone, domain: str) -> str:
    answers: dict[tuple[str, str], DnsAnswer] = {}
    need = [(domain, "TXT")]
    for _ in range(50):  # the gather loop, as the email check runs it, bounded
        for name, rdtype in need:
            answers[(name.lower().rstrip("."), rdtype)] = answer(zone, name.rstrip("."), rdtype)
        need = []
        got = record_verdict(MailSnapshot(domain=domain, answers=answers), domain, need)
        if got is not None:
            return got
    return "unfinished"


def pyspf_lookup(zone: Zone) -> Callable[..., Iterator[Any]]:
    import spf  # type: ignore[import-not-found]  # benchmark-only peer

    def lookup(name: str, qtype: str, strict: bool = True, timeout: Any = None,
               level: int = 0) -> Iterator[Any]:
        try:
            got = suite_records(zone, name, qtype)
        except Timeout as e:
            raise spf.TempError("DNS timeout") from e
        for t, v in got:
            if t in ("TXT", "SPF"):
                v = tuple(s.encode() for s in (v if isinstance(v, list) else [v]))
            elif t == "AAAA":
                v = ipaddress.IPv6Address(v).packed
            elif t == "MX":
                v = tuple(v)
            yield (name, t), v

    return lookup


def pyspf_verdict(zone: Zone, case: dict[str, Any]) -> str:
    import spf

    spf.DNSLookup = pyspf_lookup(zone)
    query = spf.query(i=case["host"], s=case.get("mailfrom", ""), h=case.get("helo", ""))
    res, _, _ = query.check()
    return verdict(str(res))


def run_suite(path: str) -> None:
    differ: list[str] = []
    total = agree_suite = agree_pyspf = 0
    t0 = time.perf_counter()
    with open(path, encoding="utf-8") as fh:
        scenarios = [s for s in yaml.safe_load_all(fh) if s]
    for scenario in scenarios:
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
                differ.append(f"  {name:32} suite {'|'.join(sorted(want)):20} pyspf {theirs:10} "
                              f"launchgate {ours}")
                if name in WHY and ours not in want:
                    differ.append(f"      why: {WHY[name]}")
    print(f"RFC 7208 suite: {total} cases in {time.perf_counter() - t0:.1f} s")
    print(f"  verdict as the suite expects: launchgate {agree_suite}/{total}, "
          f"pyspf {agree_pyspf}/{total}")
    print("cases where a tool differs from the suite:")
    print("\n".join(differ) or "  none")


def lab_pyspf_lookup(port: int) -> Callable[..., Iterator[Any]]:
    import dns.exception
    import dns.resolver
    import spf

    res = dns.resolver.Resolver(configure=False)
    res.nameservers, res.port, res.lifetime = ["127.0.0.1"], port, 3.0

    def lookup(name: str, qtype: str, strict: bool = True, timeout: Any = None,
               level: int = 0) -> Iterator[Any]:
        try:
            ans = res.resolve(name, qtype, raise_on_no_answer=False)
        except dns.resolver.NXDOMAIN:
            return
        except dns.exception.DNSException as e:
            raise spf.TempError(f"DNS {e}") from e
        for rd in ans:
            if qtype == "TXT":
                yield (name, qtype), tuple(rd.strings)
            elif qtype == "MX":
                yield (name, qtype), (rd.preference, str(rd.exchange).rstrip("."))
            elif qtype in ("A", "AAAA"):
                yield (name, qtype), (rd.address if qtype == "A" else
                                      ipaddress.IPv6Address(rd.address).packed)
            else:
                yield (name, qtype), rd.to_text()

    return lookup


async def lab_launchgate(port: int, domain: str) -> tuple[str, str]:
    from launchgate.checks.email.gather import gather
    from launchgate.checks.email.schema import Settings
    from launchgate.net import Net, NetSettings

    net = Net(NetSettings.from_targets({"nameservers": [f"127.0.0.1:{port}"], "timeout_s": 3.0},
                                       Path.cwd()))
    snap = await gather(net, domain, Settings.of({"domain": domain}))
    walk = walk_spf(snap, domain)
    why = "; ".join([*walk.errors, *walk.permerrors, walk.stopped and f"limit: {walk.stopped}"])
    return record_verdict(snap, domain, None) or "unfinished", why.strip("; ")


def run_lab() -> None:
    import spf

    from tests.integration.lab_edge import nsd_server, zones

    with tempfile.TemporaryDirectory() as tmp, nsd_server(Path(tmp) / "nsd", zones()) as port:
        spf.DNSLookup = lab_pyspf_lookup(port)
        print(f"edge lab zones (nsd on 127.0.0.1:{port}), client IP {NOWHERE_IP} for pyspf:")
        agree = 0
        asyncio.run(lab_launchgate(port, LAB_DOMAINS[0]))  # warm-up (imports, PSL load)
        for domain in LAB_DOMAINS:
            t0 = time.perf_counter()
            ours, why = asyncio.run(lab_launchgate(port, domain))
            t1 = time.perf_counter()
            res, _, expl = spf.query(i=NOWHERE_IP, s=f"postmaster@{domain}", h=domain).check()
            t2 = time.perf_counter()
            theirs = verdict(str(res))
            agree += ours == theirs
            print(f"  {domain:16} launchgate {ours:10} ({(t1 - t0) * 1000:5.0f} ms)  "
                  f"pyspf {theirs:10} "
                  f"[{res}] ({(t2 - t1) * 1000:4.0f} ms)  {'same' if ours == theirs else 'DIFFER'}")
            if why or res in ("permerror", "temperror"):
                print(f"      launchgate: {why or '-'}\n      pyspf: {expl}")
        print(f"  same verdict on {agree}/{len(LAB_DOMAINS)} lab domains")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("suite", help="rfc7208-tests.yml")
    ap.add_argument("--lab", action="store_true",
                    help="also compare on the edge lab's zones (starts nsd)")
    args = ap.parse_args()
    run_suite(args.suite)
    if args.lab:
        run_lab()
    return 0


if __name__ == "__main__":
    sys.exit(main())
