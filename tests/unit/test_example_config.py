"""The bundled example as a user runs it outside `make demo`: its config loads without the demo's
variables (no local CA: the system trust store), and a CA bundle outside the repository is still one
clear line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "marketplace"


def run_example(**extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEMO_", "GITHUB_"))}
    env.update(extra)
    return subprocess.run([sys.executable, "-m", "launchgate", "check", str(EXAMPLE), "--phase",
                           "pre", "--only", "env,secrets"], capture_output=True, text=True,
                          timeout=120, env=env, check=False, cwd=ROOT)


def test_the_example_runs_without_the_demos_variables() -> None:
    res = run_example()
    assert res.returncode == 0, res.stdout + res.stderr
    assert "outside the repository" not in res.stdout + res.stderr
    assert "PASSED" in res.stdout


def test_a_ca_bundle_the_runner_names_must_be_a_pem_bundle(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("not used\n")
    res = run_example(DEMO_CA_BUNDLE=str(ca))
    assert res.returncode == 2, res.stdout + res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "targets.ca_bundle" in lines[0], res.stderr
    assert "not a PEM certificate bundle" in lines[0]


def test_a_ca_bundle_written_in_the_file_must_stay_inside_the_repository(tmp_path: Path) -> None:
    # what the example used to ship as its default: a pull request may not point the gate's trust
    # at a file outside the repository
    (tmp_path / "launchgate.yml").write_text(
        "version: 1\ntargets:\n  ca_bundle: /etc/ssl/certs/ca-certificates.crt\n")
    res = subprocess.run([sys.executable, "-m", "launchgate", "check", str(tmp_path), "--only",
                          "env"], capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "targets.ca_bundle" in lines[0], res.stderr
    assert "is outside the repository" in lines[0]
