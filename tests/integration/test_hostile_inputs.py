"""Hostile input (issue 18, and the config paths of issue 19): every case ends fast, small, with one
line.

Each case runs the real CLI in a child process (its own session, killed at the deadline) and asserts
the exit code, the one-line message naming the file and key, that it ended within its deadline, and
that the child's peak RSS (``os.wait4``'s rusage) stayed under 500 MB. Before these guards: deep
nesting was a RecursionError (exit 3), a FIFO or ``/dev/zero`` as a baseline hung or read gigabytes,
``warmup_s: .nan`` ran to the 900 s deadline, a million-node config took 80 s and 680 MB, and an
interpolated secret was echoed whole.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from tests.support.measured import Measured, run_measured

ROOT = Path(__file__).resolve().parents[2]
DEADLINE_S = 30.0  # each case ends in a few seconds alone; the margin is for a loaded machine
MAX_RSS_MB = 500
# built from pieces: never one literal
SECRET = "sk_" + "live_" + "4eC39HqLyjWD" + "arjtT1zdp7dcZx81"


Run = Measured


def run_cli(root: Path, *args: str, env: dict[str, str] | None = None, deadline: float = DEADLINE_S,
            in_root: bool = False) -> Run:
    """``launchgate check ROOT ARGS`` (with ``in_root``: ``launchgate check ARGS`` run from
    ROOT)."""
    full_env = {"PATH": os.environ["PATH"], "HOME": str(root.parent), "PYTHONPATH": str(ROOT),
                **(env or {})}
    target = [] if in_root else [str(root)]
    return run_measured([sys.executable, "-m", "launchgate", "check", *target, *args], env=full_env,
                        deadline=deadline, workdir=root.parent, cwd=root if in_root else None)


def make(tmp_path: Path, files: dict[str, str | bytes | tuple[str, str]]) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content == "FIFO":
            os.mkfifo(path)
        elif isinstance(content, tuple):
            os.symlink(content[1], path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def assert_one_line(run: Run, code: int, pattern: str) -> None:
    assert run.code == code, (run.code, run.err[-500:])
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.err, run.err[-500:]
    assert re.fullmatch(pattern, lines[0]), lines[0]
    assert run.seconds < DEADLINE_S and run.rss_mb < MAX_RSS_MB, (run.seconds, run.rss_mb)


DEEP_YAML = "a: " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_JSON = "[" * 100_000 + "]" * 100_000
OUTSIDE = "paths are resolved inside it: no '..' or absolute paths that leave it"

CASES: dict[str, tuple[dict[str, str | bytes | tuple[str, str]], tuple[str, ...], str]] = {
    "deep YAML config": (
        {"launchgate.yml": DEEP_YAML},
        (),
        r"launchgate: launchgate\.yml:1: the config is too large: nested deeper "
        r"than 64 levels",
    ),
    "deep YAML env schema": (
        {"env.schema.yaml": "vars: " + "[" * 5000 + "]" * 5000},
        ("--only", "env"),
        r"launchgate: env\.schema\.yaml:1: the env schema is too large: "
        r"nested deeper than 64 levels",
    ),
    "deep JSON launchgate baseline": (
        {".launchgate-baseline.json": DEEP_JSON},
        ("--only", "env"),
        r"launchgate: \.launchgate-baseline\.json: not a launchgate "
        r"baseline \(.*nested deeper than 64 levels\)",
    ),
    "deep JSON detect-secrets baseline": (
        {".secrets.baseline": DEEP_JSON},
        ("--only", "secrets"),
        r"launchgate: \.secrets\.baseline: not a usable "
        r"detect-secrets baseline \(line 1: nested deeper than "
        r"64 levels\)",
    ),
    "deep JSON env schema": (
        {"env.schema.production.json": DEEP_JSON},
        ("--only", "env"),
        r"launchgate: env\.schema\.production\.json:1: nested deeper than 64 "
        r"levels",
    ),
    "20 MB string in the config": (
        {"launchgate.yml": "env:\n  schema_file: " + "a" * 20_000_000 + "\n"},
        (),
        r"launchgate: launchgate\.yml: cannot read: larger than the 1 "
        r"MiB limit \(19\.1 MiB\)",
    ),
    "a million nodes": (
        {"launchgate.yml": "rules: [" + "0," * 1_000_000 + "0]\n"},
        (),
        r"launchgate: launchgate\.yml: cannot read: larger than the 1 MiB limit "
        r"\(1\.9 MiB\)",
    ),
    "a million nodes under the size cap": (
        {"launchgate.yml": "rules: [" + "0," * 400_000 + "0]\n"},
        (),
        r"launchgate: launchgate\.yml:1: the config is too "
        r"large: more than 50000 YAML nodes",
    ),
    "50 MB comment": (
        {"launchgate.yml": "# " + "x" * 50_000_000 + "\nfail_on: high\n"},
        (),
        r"launchgate: launchgate\.yml: cannot read: larger than the 1 MiB limit "
        r"\(47\.7 MiB\)",
    ),
    "NaN health warmup": (
        {
            "launchgate.yml": "targets:\n  canonical: "
            "http://127.0.0.1:9/\nhealth:\n  - url: /\n    "
            "warmup_s: .nan\n"
        },
        ("--phase", "post", "--only", "probes"),
        r"launchgate: launchgate\.yml:5: health\.0\.warmup_s: nan is not "
        r"allowed: a finite number is expected",
    ),
    "NaN latency rate": (
        {
            "launchgate.yml": "targets:\n  canonical: "
            "http://127.0.0.1:9/\nlatency:\n  endpoints:\n    - "
            "request: GET /\n      rate: .nan\n"
        },
        ("--phase", "post", "--only", "probes"),
        r"launchgate: launchgate\.yml:6: latency\.endpoints\.0\.rate: nan is not "
        r"allowed: a finite number is expected",
    ),
    "infinite duration": (
        {
            "launchgate.yml": "latency:\n  endpoints:\n    - request: GET /\n      "
            "duration_s: .inf\n"
        },
        ("--phase", "pre"),
        r"launchgate: launchgate\.yml:4: latency\.endpoints\.0\.duration_s: inf "
        r"is not allowed: a finite number is expected",
    ),
    "CA bundle not PEM": (
        {
            "launchgate.yml": "targets:\n  canonical: https://127.0.0.1:9/\n  ca_bundle: ca.pem\n",
            "ca.pem": "hello, not a certificate\n",
        },
        ("--phase", "post", "--only", "tls"),
        r"launchgate: launchgate\.yml:3: targets\.ca_bundle: ca\.pem: not a PEM "
        r"certificate bundle \(no -----BEGIN CERTIFICATE----- block\)",
    ),
    "CA bundle is a FIFO": (
        {"launchgate.yml": "targets:\n  ca_bundle: ca.pem\n", "ca.pem": "FIFO"},
        ("--phase", "pre"),
        r"launchgate: launchgate\.yml:2: targets\.ca_bundle: ca\.pem: not a "
        r"regular file \(a FIFO\); not read",
    ),
    "invalid allowlist regex": (
        {
            "launchgate.yml": "secrets:\n  allowlist:\n    - regex: "
            "'(unclosed'\n      reason: fixture\n"
        },
        ("--only", "secrets"),
        r"launchgate: launchgate\.yml:3: secrets\.allowlist\.0\.regex: "
        r"invalid regular expression: missing \) at position 9",
    ),
    "detect-secrets baseline of the wrong shape": (
        {".secrets.baseline": '{"results": {"a.py": "nope"}}'},
        ("--only", "secrets"),
        r"launchgate: \.secrets\.baseline: not a "
        r"usable detect-secrets baseline "
        r"\(results\.a\.py is not a list\)",
    ),
    "FIFO as .launchgate-baseline.json": (
        {".launchgate-baseline.json": "FIFO"},
        ("--only", "env"),
        r"launchgate: \.launchgate-baseline\.json: not a "
        r"regular file \(a FIFO\); not read",
    ),
    "FIFO as the configured baseline": (
        {"launchgate.yml": "secrets:\n  baseline_file: bl.json\n", "bl.json": "FIFO"},
        ("--only", "secrets"),
        r"launchgate: bl\.json: not a regular file \(a FIFO\); "
        r"not read",
    ),
    "/dev/zero as .launchgate-baseline.json": (
        {".launchgate-baseline.json": ("LINK", "/dev/zero")},
        ("--only", "env"),
        r"launchgate: \.launchgate-baseline\.json: not a "
        r"regular file \(a character device\); not read",
    ),
    "/dev/zero as .secrets.baseline": (
        {".secrets.baseline": ("LINK", "/dev/zero")},
        ("--only", "secrets"),
        r"launchgate: \.secrets\.baseline: leads outside the "
        r"repository; not read",
    ),
    "FIFO as the env schema": (
        {"env.schema.yaml": "FIFO"},
        ("--only", "env"),
        r"launchgate: env\.schema\.yaml:1: cannot read the env schema: not "
        r"a regular file \(a FIFO\); not read",
    ),
    "catastrophic env pattern": (
        {
            "env.schema.yaml": "vars:\n  A:\n    pattern: '^(a|a)*$'\n",
            ".env": "A=" + "a" * 40 + "b\n",
        },
        ("--only", "env"),
        r"launchgate: env\.schema\.yaml:2: vars\.A\.pattern: the pattern "
        r"took longer than 1 s on a 41-character value \(catastrophic "
        r"backtracking\?\); simplify it, e\.g\. \(a\+\)\+ -> a\+",
    ),
    "env.schema_file outside": (
        {"launchgate.yml": "env:\n  schema_file: ../../../../etc/passwd\n"},
        ("--only", "env"),
        r"launchgate: launchgate\.yml:2: env\.schema_file: "
        r"'\.\./\.\./\.\./\.\./etc/passwd' is outside the repository "
        rf"\({re.escape(OUTSIDE)}\)",
    ),
    "secrets.baseline_file absolute": (
        {"launchgate.yml": "secrets:\n  baseline_file: /etc/passwd\n"},
        ("--only", "secrets"),
        r"launchgate: launchgate\.yml:2: secrets\.baseline_file: "
        r"'/etc/passwd' is outside the repository "
        rf"\({re.escape(OUTSIDE)}\)",
    ),
    "secrets.env_schema absolute": (
        {"launchgate.yml": "secrets:\n  env_schema: /etc/hostname\n"},
        ("--only", "secrets"),
        r"launchgate: launchgate\.yml:2: secrets\.env_schema: "
        r"'/etc/hostname' is outside the repository "
        rf"\({re.escape(OUTSIDE)}\)",
    ),
    "baseline through a symlinked folder": (
        {"launchgate.yml": "baseline: up/passwd\n", "up": ("LINK", "/etc")},
        ("--only", "env"),
        r"launchgate: launchgate\.yml:1: baseline: "
        r"'up/passwd' is outside the repository "
        rf"\({re.escape(OUTSIDE)}\)",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_is_one_line_exit_2_fast_and_small(tmp_path: Path, name: str) -> None:
    files, args, pattern = CASES[name]
    run = run_cli(make(tmp_path, files), *args)
    assert_one_line(run, 2, pattern)
    assert "root:" not in run.err  # nothing of /etc/passwd reaches the message


def test_paths_inside_the_repository_still_work(tmp_path: Path) -> None:
    root = make(tmp_path, {"launchgate.yml": "env:\n  schema_file: conf/../conf/env.schema.yaml\n",
                           "conf/env.schema.yaml": "vars:\n  A: {required: true}\n",
                           ".env": "B=1\n"})
    run = run_cli(root, "--only", "env")
    assert run.code == 1 and "env.missing-required      conf/env.schema.yaml:2" in run.out, (
        run.out[-800:] + run.err
    )


def test_a_path_from_the_environment_may_leave_the_repository_but_is_still_judged(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "ci"
    outside.mkdir()
    (outside / "ca.pem").write_text("not a certificate\n")
    os.mkfifo(outside / "fifo.pem")
    root = make(tmp_path, {"launchgate.yml": "targets:\n  ca_bundle: ${CA}\n"})
    run = run_cli(root, "--phase", "pre", env={"CA": str(outside / "ca.pem")})
    assert_one_line(run, 2, r"launchgate: launchgate\.yml:2: targets\.ca_bundle: /tmp…\(\d+ "
                    r"chars\): not a PEM certificate bundle \(no -----BEGIN "
                    r"CERTIFICATE----- block\)")
    run = run_cli(root, "--phase", "pre", env={"CA": str(outside / "fifo.pem")})
    assert_one_line(run, 2, r"launchgate: launchgate\.yml:2: targets\.ca_bundle: /tmp…\(\d+ "
                    r"chars\): not a regular file \(a FIFO\); not read")
    (tmp_path / "w").mkdir()
    written = make(tmp_path / "w",
                   {"launchgate.yml": "targets:\n  ca_bundle: " f"${{CA:-{outside / 'ca.pem'}}}\n"})
    run = run_cli(written, "--phase", "pre")  # the file's own default is the file's: contained
    assert run.code == 2 and "is outside the repository" in run.err, run.err


def test_a_fifo_in_the_tree_is_noted_not_opened(tmp_path: Path) -> None:
    key = "ghp_" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5"
    root = make(tmp_path, {"app.py": f"TOKEN = '{key}'\n", "pipe": "FIFO"})
    run = run_cli(root, "--only", "secrets")
    # a fake-checksum token is low
    assert run.code == 0 and run.seconds < DEADLINE_S, (run.code, run.err)
    assert "pipe not scanned for secrets: not a regular file (a FIFO); not read" in run.out
    # the real file next to it is still scanned
    assert "secrets.github-token" in run.out and key not in run.out


def test_a_fifo_given_as_a_file_to_scan_is_noted_not_opened(tmp_path: Path) -> None:
    root = make(tmp_path, {"app.py": "print('hi')\n", "pipe": "FIFO"})
    run = run_cli(root, "--secrets-scope", "files", "pipe", "app.py", in_root=True)
    assert run.code == 0 and run.seconds < DEADLINE_S, (run.code, run.err)
    assert "pipe not scanned for secrets: not a regular file; not read" in run.out
    (root / "sub").mkdir()
    os.mkfifo(root / "sub" / "fifo")
    # a folder: the FIFO inside it too
    run = run_cli(root, "--secrets-scope", "files", "sub", in_root=True)
    assert run.code == 0 and run.seconds < DEADLINE_S, (run.code, run.err)
    assert "sub/fifo not scanned for secrets: not a regular file; not read" in run.out


def test_a_pattern_that_is_merely_slow_to_write_still_matches(tmp_path: Path) -> None:
    root = make(tmp_path,
                {"env.schema.yaml": "vars:\n  A:\n    pattern: '^(a+)+$'\n", ".env": "A=aaab\n"})
    run = run_cli(root, "--only", "env")
    assert run.code == 1 and "does not match pattern" in run.out, run.out[-800:] + run.err


# -- masking: a value from ${ENV} never appears whole in an error
# --------------------------------------------
MASKED = r"'sk_l…\(36 chars\)'"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "markdown"])
def test_interpolated_secret_in_an_enum_error_is_masked_in_every_format(tmp_path: Path,
                                                                        fmt: str) -> None:
    root = make(tmp_path, {"launchgate.yml": "fail_on: ${X}\n"})
    run = run_cli(root, "--format", fmt, env={"X": SECRET})
    assert_one_line(run, 2, rf"launchgate: launchgate\.yml:1: fail_on: {MASKED} is not one of: "
                    r"blocker, high, medium, low, info, never")
    assert SECRET not in run.out + run.err


@pytest.mark.parametrize(("config", "pattern"), [
    ("targets:\n  canonical: ${X}\n", rf"launchgate\.yml:2: targets\.canonical: {MASKED} does not "
     r"match"),
    ("targets:\n  timeout_s: ${X}\n", rf"launchgate\.yml:2: targets\.timeout_s: {MASKED} is not "
     r"of type 'number'"),
    ("targets:\n  hosts: [ok, '${X}', 3]\n", r"launchgate\.yml:2: targets\.hosts\.2: 3 is not of "
     r"type 'string'"),
    ("targets:\n  hosts: 'a-${X}-b'\n", r"launchgate\.yml:2: targets\.hosts: 'a-sk…\(40 chars\)' "
     r"is not of type"),
    ("env:\n  schema_file: ../${X}\n", r"launchgate\.yml:2: env\.schema_file: '\.\./s…\(39 "
     r"chars\)' is outside"),
    ("migrations:\n  apply:\n    database_url: {u: 'postgres://a:${X}@h/db'}\n",
     r"launchgate\.yml:3: migrations\.apply\.database_url: invalid value"),
])
def test_interpolated_secret_in_other_errors_is_masked(tmp_path: Path, config: str,
                                                       pattern: str) -> None:
    run = run_cli(make(tmp_path, {"launchgate.yml": config}), "--phase", "pre", env={"X": SECRET})
    assert run.code == 2 and re.match("launchgate: " + pattern, run.err.strip()), run.err
    assert SECRET not in run.out + run.err


def test_a_literal_value_under_a_secret_key_is_masked(tmp_path: Path) -> None:
    literal = "postgres://app:" + "Zr7-" + "not-a-real-pw-93" + "@db/app"
    config = (f"migrations:\n  apply:\n    database_url: 12\n    ephemeral: '{literal}'\n    "
              f"pg_password: '{literal}'\n")
    run = run_cli(make(tmp_path, {"launchgate.yml": config}), "--phase", "pre")
    assert run.code == 2 and literal not in run.err, run.err
