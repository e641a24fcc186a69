"""The terminal report as a user sees it: under a pseudo-terminal (colour, wrapped to COLUMNS,
progress on stderr) and piped (no escape codes, no progress); NO_COLOR / FORCE_COLOR; quiet and
verbose; ERROR on the verdict line."""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from launchgate.report import terminal
from launchgate.report.terminal import Style
from launchgate.report.text import render, render_text
from tests.support.sample_report import RAW_SECRET, sample_report

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import asyncio, sys
import launchgate.app as app
from launchgate.cli import cli
from launchgate.model import Finding, Location
from tests.unit.fakes import RULE_HIGH, FindingCheck

class Slow(FindingCheck):
    id = "slow"
    schema = {}
    async def run(self, ctx):
        await asyncio.sleep(1.8)
        msg = "the measured value is far beyond what the configuration allows " * 6
        return [Finding.of(RULE_HIGH, msg.strip(), Location(path="src/long.py", start_line=9), key=("s",))]

app.all_checks = lambda: (FindingCheck(), Slow())
cli(["check", sys.argv[1]], prog_name="launchgate")
"""


def _run(tmp_path: Path, env: dict[str, str], *, tty: bool) -> tuple[str, str, int]:
    """The real CLI in a subprocess, stdout and stderr on a pseudo-terminal (or pipes)."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    full = {**base, "GITHUB_ACTIONS": "", "PYTHONPATH": str(REPO), **env}
    cmd = [sys.executable, "-c", SCRIPT, str(tmp_path)]
    if not tty:
        p = subprocess.run(cmd, env=full, capture_output=True, text=True, timeout=60,
                           stdin=subprocess.DEVNULL)
        return p.stdout, p.stderr, p.returncode
    out_m, out_s = os.openpty()
    err_m, err_s = os.openpty()
    proc = subprocess.Popen(cmd, env=full, stdout=out_s, stderr=err_s, stdin=subprocess.DEVNULL)
    os.close(out_s)
    os.close(err_s)
    chunks: dict[int, bytearray] = {out_m: bytearray(), err_m: bytearray()}
    deadline = time.monotonic() + 60
    open_fds = [out_m, err_m]
    while open_fds and time.monotonic() < deadline:
        ready, _, _ = select.select(open_fds, [], [], 0.5)
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the other side closed
                data = b""
            if data:
                chunks[fd] += data
            else:
                open_fds.remove(fd)
    code = proc.wait(timeout=10)
    for fd in (out_m, err_m):
        os.close(fd)
    return chunks[out_m].decode().replace("\r\n", "\n"), chunks[err_m].decode(), code


def test_under_a_pty_colour_wrap_and_progress(tmp_path: Path) -> None:
    out, err, code = _run(tmp_path, {"COLUMNS": "72"}, tty=True)
    assert code == 1
    assert "\x1b[1;31mHIGH    \x1b[0m" in out  # high in bold red
    plain = ANSI.sub("", out)
    assert all(len(line) <= 72 for line in plain.splitlines()), [ln for ln in plain.splitlines()
                                                                 if len(ln) > 72]
    assert plain.count("fix: Fix the fake.") == 2  # each finding once, its fix once
    # wrapped under the finding, not mid-word
    assert "         the measured value is far beyond" in plain
    # names the check still running, not the finished one
    assert "⏳ launchgate: running checks… 1 s: slow" in err
    assert "fake" not in err
    assert err.endswith("\r\x1b[2K")  # the progress line is erased before the report


def test_piped_no_escape_codes_no_progress(tmp_path: Path) -> None:
    out, err, code = _run(tmp_path, {}, tty=False)
    assert code == 1
    assert "\x1b" not in out and err == ""
    # 100 columns when the width is unknown
    assert all(len(line) <= 100 for line in out.splitlines())
    assert out.rstrip().endswith("FAILED: 0 blocker, 2 high, 0 medium, 1 low, 0 info (gate fails "
                                 "on high)")


def test_no_color_on_a_pty_and_force_color_in_a_pipe(tmp_path: Path) -> None:
    out, _, _ = _run(tmp_path, {"NO_COLOR": "1"}, tty=True)
    assert "\x1b[" not in out
    out, _, _ = _run(tmp_path, {"FORCE_COLOR": "1"}, tty=False)
    assert "\x1b[1;31mHIGH" in out


def test_style_from_the_environment() -> None:
    pipe = io.StringIO()
    assert terminal.style_for(pipe, {}) == Style(color=False, width=100)
    assert terminal.style_for(pipe, {"FORCE_COLOR": "1", "COLUMNS": "80"}) == Style(
        color=True, width=80
    )
    assert terminal.style_for(pipe, {"FORCE_COLOR": "0"}).color is False
    assert terminal.style_for(pipe, {"COLUMNS": "junk"}).width == 100
    assert terminal.style_for(pipe, {"COLUMNS": "5"}).width == 40


def test_verdict_says_error_when_a_check_could_not_run() -> None:
    report = replace(sample_report(fail_on=None))
    assert render(report).rstrip().endswith("ERROR: 1 blocker, 1 high, 1 medium, 2 low, 1 info "
                                            "(gate never fails); 1 check could not run")
    ok = replace(report, results=report.results[:-1])
    assert render(ok).rstrip().splitlines()[-1].startswith("PASSED: ")


def test_every_line_fits_100_columns_with_long_places() -> None:
    from tests.support.failing_run import failing_report

    text = render(failing_report())
    assert max(len(line) for line in text.splitlines()) <= 100
    assert (
        "BLOCKER  secrets.file-not-scanned\n         "
        "apps/web/src/services/payments/providers/stripe/webhooks/handler_00.py:10-12\n"
    ) in text


def test_compact_figures_and_notes() -> None:
    text = render(sample_report())
    assert "  probes: GET / p95 41.24 ms (p95 ≤ 300 ms, within target)" in text
    assert "  tls: app.example.test certificate, days left 5" in text
    assert "  probes: rate limit POST /api/login: 429 at request 6, Retry-After 60" in text
    assert ("  tls: dev.example.test certificate, days left n/a (private or throwaway CA, over 10 "
            "years)") in text
    assert "355410" not in text
    assert "  probes: GET /health: not measured, the health endpoint is down" in text
    assert RAW_SECRET not in text


def test_migrations_one_line_unless_verbose() -> None:
    from tests.support.failing_run import failing_report

    line = ("  migrations: 3 file(s) applied to a scratch database, 3 taking an ACCESS EXCLUSIVE "
            "lock\n")
    assert line in render(failing_report())
    verbose = render_text(failing_report(), Style(verbosity="verbose"))
    assert line not in verbose
    assert ("  migrations: 000002_orders_add_fulfilment_state.up.sql applied in 25 ms; "
            "AccessExclusiveLock on\n    orders\n") in verbose


def test_quiet_and_verbose() -> None:
    quiet = render_text(sample_report(), Style(verbosity="quiet"))
    assert "secrets.stripe-key" in quiet and "env.missing-var" in quiet
    assert (
        "tls.cert-expiring" not in quiet and "web.hsts-missing" not in quiet and "p95" not in quiet
    )
    assert quiet.rstrip().splitlines()[-1].startswith("FAILED: 1 blocker, 1 high")
    clean = render_text(replace(sample_report(), results=()), Style(verbosity="quiet"))
    assert clean.splitlines()[1:] == ["", "PASSED: 0 blocker, 0 high, 0 medium, 0 low, 0 info "
                                      "(gate fails on high)"]
    verbose = render_text(sample_report(), Style(verbosity="verbose"))
    assert "  web: web.requests_failed = 0" in verbose
    assert "web.requests_failed" not in render(sample_report())


def test_hostile_control_characters_never_reach_the_terminal() -> None:
    report = sample_report()
    bad = replace(report.results[1].findings[0], message="evil \x1b]0;pwned\x07\x1b[2J done")
    report = replace(report, results=(replace(report.results[1], findings=(bad,)),))
    out = render_text(report, Style(color=True))
    assert "\x1b]" not in out and "\x1b[2J" not in out and "\x07" not in out
    assert re.search(r"evil +\]0;pwned +\[2J done", out)



def test_dns_and_email_records_compact() -> None:
    from tests.support.failing_run import failing_report

    text = render(failing_report())
    assert ("  dns: checkout.marketplace.example.test → CNAME shops.edge-cdn.example.net → A "
            "198.51.100.7\n") in text
    assert ("  dns: CAA issue letsencrypt.org (at marketplace.example.test): "
            "checkout.marketplace.example.test\n") in text
    assert ("  dns: status.marketplace.example.test → CNAME marketplace-status.pages.example.org → "
            "NXDOMAIN\n") in text
    assert "  email: DMARC p=none pct=50 (at _dmarc.marketplace.example.test)\n" in text
    assert "  email: MX none\n" in text


def test_running_checks_are_named_in_start_order_and_cut_to_the_width() -> None:
    running = terminal.Running()
    running("probes", True)
    running("secrets", True)
    running("env", True)
    running("secrets", False)
    assert running.names() == ("probes", "env")
    assert terminal.progress_line("launchgate: running checks", 12.4, running.names(), 100) == (
        "⏳ launchgate: running checks… 12 s: probes, env")
    cut = terminal.progress_line("launchgate: running checks", 3,
                                 ("migrations-apply", "secrets", "probes"), 40)
    assert cut == "⏳ launchgate: running checks… 3 s: mig…"  # 40 cells: the hourglass takes two
