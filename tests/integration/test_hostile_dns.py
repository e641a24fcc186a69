"""The email check against a hostile zone served by nsd on loopback: an SPF include fan-out (4 wide,
5 deep, the leaves including the top again) and an SPF record of about 50 kB. Each run goes through
the CLI in a subprocess with an outer timeout and must end well within the check's deadline."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.lab_edge import nsd_server
from tests.support.servers import LOOPBACK, find_binary

HEAD = "$TTL 300\n@ SOA ns hostmaster 1 3600 600 86400 300\n@ NS ns\nns A 127.0.0.1\n"
WIDTH, DEPTH = 4, 5


def fan_zone() -> str:
    lines = [HEAD, '@ MX 10 ns', '_dmarc TXT "v=DMARC1; p=reject; rua=mailto:d@fan.test"',
             '@ TXT "v=spf1 ' + " ".join(f"include:l0-{i}.fan.test"
                                         for i in range(WIDTH)) + ' -all"']
    for level in range(DEPTH):
        for i in range(WIDTH ** (level + 1)):
            kids = ([f"l{level + 1}-{i * WIDTH + j}.fan.test" for j in range(WIDTH)]
                    if level + 1 < DEPTH
                    else ["fan.test"])
            lines.append(f'l{level}-{i} TXT "v=spf1 ' + " ".join(f"include:{k}"
                                                                 for k in kids) + ' -all"')
    return "\n".join(lines) + "\n"


def wild_zone() -> str:
    """Every name under wild.test includes four names under wild.test: a fan-out of 4 that never
    ends."""
    incs = " ".join(f"include:{c}.wild.test" for c in "abcd")
    return HEAD + ('@ MX 10 ns\n_dmarc TXT "v=DMARC1; p=reject; rua=mailto:d@wild.test"\n@ TXT '
                   f'"v=spf1 {incs} -all"\n* TXT "v=spf1 {incs} -all"\n')


def big_zone() -> str:
    terms = [f"ip4:10.{i // 250}.{i % 250}.0/24" for i in range(2800)]
    chunks, cur = [], "v=spf1"
    for t in [*terms, "-all"]:
        if len(cur) + 1 + len(t) > 250:
            chunks.append(cur)
            cur = ""
        cur = f"{cur} {t}" if cur else f" {t}"
    chunks.append(cur)
    txt = " ".join(f'"{c}"' for c in chunks)
    return HEAD + ('@ MX 10 ns\n_dmarc TXT "v=DMARC1; p=reject; rua=mailto:d@big.test"\n@ TXT ( '
                   f'{txt} )\n')


@pytest.fixture(scope="module")
def dns_port(tmp_path_factory):
    if find_binary("nsd") is None:
        pytest.skip("nsd is not installed (apt-get install nsd)")
    with nsd_server(
        tmp_path_factory.mktemp("hostile-nsd"),
        {"fan.test": fan_zone(), "wild.test": wild_zone(), "big.test": big_zone()},
    ) as port:
        yield port


def run_email(tmp_path: Path, port: int, domain: str) -> tuple[subprocess.CompletedProcess[str],
                                                               float, dict]:
    (tmp_path / "launchgate.yml").write_text(
        f"targets:\n  domain: {domain}\n  nameservers: ['{LOOPBACK}:{port}']\n"
        f"email:\n  domain: {domain}\n")
    out = tmp_path / "report.json"
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "launchgate", "check", str(tmp_path), "--only",
                           "email",
                           "--comment", "never", "--format", "json", "--output", str(out)],
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin"})
    elapsed = time.monotonic() - started
    return proc, elapsed, json.loads(out.read_text()) if out.exists() else {}


def test_include_fan_out_is_a_finding_in_seconds(tmp_path, dns_port):
    proc, elapsed, doc = run_email(tmp_path, dns_port, "fan.test")
    assert proc.returncode == 1, proc.stderr
    # the check's deadline is 60 s; before the RFC limits this ran for more than 200 s
    assert elapsed < 15
    msgs = {(f["rule"], f["message"].split(": ")[0]) for f in doc["findings"]}
    assert msgs == {("email.spf-too-many-lookups", "SPF of fan.test needs more than 10 "
                     "DNS-querying terms (limit 10; evaluation " "stops at include:l4-3.fan.test "
                     "(l3-0.fan.test))"),
                    ("email.spf-permerror", "SPF of fan.test")}
    loop = next(f["message"] for f in doc["findings"] if f["rule"] == "email.spf-permerror")
    assert loop == ("SPF of fan.test: include loop: fan.test -> l0-0.fan.test -> l1-0.fan.test -> "
                    "l2-0.fan.test -> l3-0.fan.test -> l4-0.fan.test -> fan.test")


def test_a_huge_spf_record_is_read_in_bounded_time(tmp_path, dns_port):
    proc, elapsed, doc = run_email(tmp_path, dns_port, "big.test")
    assert elapsed < 15
    assert proc.returncode == 0, (proc.stderr, doc.get("findings"))
    assert doc["findings"] == []


def test_a_wildcard_include_fan_out_is_a_finding_in_seconds(tmp_path, dns_port):
    proc, elapsed, doc = run_email(tmp_path, dns_port, "wild.test")
    assert proc.returncode == 1, proc.stderr
    # before: the synchronous walk went through 4 ** 10 paths, past the 60 s deadline
    assert elapsed < 15
    assert {(f["rule"], f["message"]) for f in doc["findings"]} >= {
        ("email.spf-permerror", "SPF of wild.test: include loop: wild.test -> a.wild.test -> "
         "a.wild.test")}
    assert {f["rule"] for f in doc["findings"]} == {"email.spf-permerror",
                                                    "email.spf-too-many-lookups"}
