"""The handover pack from a real run: the example marketplace's live stack on loopback (the app
behind nginx with a throwaway CA, nsd for its zone, migrations applied to a scratch PostgreSQL), the
whole gate run by `launchgate handover`, the pack opened in headless Chromium.

Checked as a reader would: every section there and visible, the chart drawn, every link resolving,
no page-wide scrolling on a phone, no request leaving the file when it is opened, no value of a
secret or of any variable the run was given anywhere in it, and `--from` the saved report gives the
same bytes."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from launchgate.report.pack import SECTION_IDS
from tests.support import browser
from tests.support.browser import CHROMIUM, chromium
from tests.support.leaks import leaked
from tests.support.servers import find_binary

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(
        not (find_binary("nginx") and find_binary("nsd") and CHROMIUM.exists()),
        reason="nginx, nsd and chromium are installed by make test",
    ),
]
SECRETS = ("SESSION_SECRET", "STRIPE_SECRET_KEY", "MARKETPLACE_PROBE_TOKEN", "SMOKE_PASSWORD")
RUN_VARIABLES = (*SECRETS, "DEMO_CA_BUNDLE", "RUN_ID")



@pytest.fixture(scope="module")
def stack() -> Iterator[dict[str, str]]:
    """The demo's stack (the same helpers `make demo` uses); yields the environment of the run."""
    from examples.marketplace.demo import certificates, nginx_block, zone
    from tests.integration.lab_edge import nsd_server
    from tests.support.marketplace import HOSTNAME, app_server
    from tests.support.servers import free_port, nginx

    run_env = {
        "MARKETPLACE_PROBE_TOKEN": secrets.token_urlsafe(24),
        "SMOKE_PASSWORD": secrets.token_urlsafe(18),
        "RUN_ID": secrets.token_hex(4),
    }
    with tempfile.TemporaryDirectory(prefix="lg-handover-") as tmp, ExitStack() as es:
        work = Path(tmp)
        ca_pem, chain, key = certificates(work)
        static = work / "static"
        static.mkdir()
        (static / "app.3f9c2b.js").write_text("console.log('marketplace');\n")
        http, https = free_port(), free_port()
        app_port = es.enter_context(app_server(work / "app", env=run_env))
        es.enter_context(
            nginx(
                nginx_block(http, https, app_port, chain, key, static),
                work / "nginx",
                {"http": http, "https": https},
            )
        )
        dns_port = es.enter_context(nsd_server(work / "nsd", {HOSTNAME: zone(HOSTNAME)}))
        # secrets the run is given (valid, optional in development): never in the pack
        given = {
            "SESSION_SECRET": "sess-" + secrets.token_urlsafe(32),
            "STRIPE_SECRET_KEY": "sk_" + "test_" + secrets.token_urlsafe(24),
        }
        yield {
            **{k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
            **run_env,
            **given,
            "DEMO_HTTP_PORT": str(http),
            "DEMO_HTTPS_PORT": str(https),
            "DEMO_DNS_PORT": str(dns_port),
            "DEMO_CA_BUNDLE": str(ca_pem),
            "PYTHONPATH": str(ROOT),
        }


def launchgate(env: dict[str, str], *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "launchgate", *args],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    return proc, time.monotonic() - started


def measure(pack: Path, width: int) -> dict[str, Any]:
    return browser.measure_file(pack, width, browser.PACK_MEASURE)


def page_requests(pack: Path, workdir: Path) -> list[str]:
    """Every URL the page itself asked for when opened (Chromium's net log; its own background
    requests carry no page origin and are left out)."""
    log = workdir / "net.json"
    chromium([f"--log-net-log={log}", "--virtual-time-budget=3000", "--dump-dom", pack.as_uri()])
    doc = json.loads(log.read_text())
    start = doc["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return sorted(
        {
            e["params"]["url"]
            for e in doc["events"]
            if e["type"] == start and "file://" in e["params"].get("network_isolation_key", "")
        }
    )


def test_the_pack_of_a_real_run_reads_well_leaks_nothing_and_renders_again_from_its_report(
    stack: dict[str, str], tmp_path: Path
) -> None:
    live, saved, again, md = (
        tmp_path / n for n in ("live.html", "report.json", "from.html", "pack.md")
    )
    proc, live_s = launchgate(
        stack,
        "handover",
        "examples/marketplace",
        "--phase",
        "all",
        "--format",
        "html",
        "--output",
        str(live),
        "--save-report",
        str(saved),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stderr.endswith(f"launchgate: wrote the handover pack (html) to {live}\n")
    proc, from_s = launchgate(
        stack,
        "handover",
        "examples/marketplace",
        "--from",
        str(saved),
        "--format",
        "html",
        "--output",
        str(again),
    )
    assert proc.returncode == 0, proc.stderr
    assert (
        again.read_bytes() == live.read_bytes()
    )  # --from gives the same pack as the run that saved it
    proc, _ = launchgate(
        stack, "handover", "--from", str(saved), "--format", "markdown", "--output", str(md)
    )
    assert proc.returncode == 0, proc.stderr
    print(
        f"handover pack: {live.stat().st_size} bytes HTML, {md.stat().st_size} bytes Markdown; "
        f"live run {live_s:.1f} s, --from {from_s:.2f} s"
    )

    doc = json.loads(saved.read_text())
    assert {r["check"]: r["status"] for r in doc["results"]} == {
        c: "passed"
        for c in ("env", "secrets", "migrations", "dns", "email", "tls", "web", "probes", "ai")
    }

    wide, phone = measure(live, 1100), measure(live, 390)
    assert [s["id"] for s in wide["sections"]] == list(SECTION_IDS)
    assert all(s["height"] > 40 for s in wide["sections"]), wide["sections"]
    assert wide["links"] >= len(SECTION_IDS) and wide["broken"] == []
    assert (
        wide["chart"]["width"] > 300
        and len(wide["chart"]["bars"]) == 6
        and wide["chart"]["targets"] == 2
    )
    assert all(w > 0 for w in wide["chart"]["bars"])
    # on a phone nothing scrolls sideways: tables become one card per row, the chart fits whole
    assert phone["pageWidth"] <= phone["width"] and phone["sideways"] == []
    assert phone["chart"]["right"] <= phone["width"] and phone["chart"]["outside"] == []
    assert phone["chart"]["smallest"] >= 9.5  # its text stays legible
    text = wide["text"]
    for answer in (
        "marketplace.test",
        "A 127.0.0.1",
        "CNAME marketplace.test → A 127.0.0.1",
        "launchgate demo CA",
        "3000-01-01",
        "p=reject",
        "v=spf1 mx -all",
        "STRIPE_WEBHOOK_SECRET",
        "GET /api/listings?q=bike",
        "p95 target",
        "https://marketplace.test/healthz",
        "signup-to-checkout",
        "AccessExclusiveLock on users",
        "Do not break this",
    ):
        assert answer in text, answer
    assert "SESSION_SECRET\tsecret\toptional: the process environment" in text  # where, not what

    pdf = tmp_path / "pack.pdf"  # it prints: Chromium's print path lays it out on A4/Letter pages
    chromium(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", live.as_uri()])
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())) >= 3

    assert page_requests(live, tmp_path) == []  # opening the pack asks nothing of any server
    control = tmp_path / "control.html"  # the same look-out sees a page that does ask
    control.write_text("<!doctype html><img src='http://pack.invalid/x.png'>", encoding="utf-8")
    assert page_requests(control, tmp_path) == ["http://pack.invalid/x.png"]

    packs = [live.read_text(encoding="utf-8"), md.read_text(encoding="utf-8"), text]
    # every variable this run was given: its value is in no pack; a secret's is not in the report
    assert leaked(packs, {name: stack[name] for name in RUN_VARIABLES}) == []
    assert leaked([saved.read_text()], {name: stack[name] for name in SECRETS}) == []
