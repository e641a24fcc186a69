"""Peak memory under 500 MB for the big hostile cases of issue 18 (besides the config cases of
test_hostile_inputs.py): the SPF include fan-out from a hostile zone, a 50 MB single-line minified
file and a pull request adding a 1.5-million-line file. Each runs the real CLI in a child process;
its own peak RSS is read from ``os.wait4`` and its wall time against a deadline, and the finding it
must still produce is asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.lab_edge import nsd_server
from tests.integration.test_hostile_dns import fan_zone
from tests.support.measured import Measured, run_measured
from tests.support.servers import LOOPBACK, find_binary

ROOT = Path(__file__).resolve().parents[2]
MAX_RSS_MB = 500
MINIFIED = b"function(e){var t=e.token||n.apiKey;return t.secret?r(e.key):o(password)};"


def aws_key() -> str:
    return "AKIA" + "Q3ZRT7WNB2KD" + "4HXP"  # built from pieces: no key literal in the repository


def check(root: Path, *args: str, deadline: float) -> tuple[Measured, dict[str, object]]:
    out = root.parent / "report.json"
    run = run_measured([sys.executable, "-m", "launchgate", "check", str(root), *args, "--comment",
                        "never",
                        "--format", "json", "--output", str(out)],
                       env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                            "HOME": str(root.parent)},
                       deadline=deadline, workdir=root.parent)
    return run, json.loads(out.read_text()) if out.exists() else {}


def rules(doc: dict[str, object]) -> set[str]:
    return {str(f["rule"]) for f in doc.get("findings", [])}  # type: ignore[union-attr]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.email=t@t", "-c", "user.name=t", *args],
                   check=True,
                   capture_output=True, timeout=60)


def test_the_spf_fan_out_stays_small(tmp_path: Path) -> None:
    if find_binary("nsd") is None:
        pytest.skip("nsd is not installed (apt-get install nsd)")
    root = tmp_path / "r"
    root.mkdir()
    with nsd_server(tmp_path / "nsd", {"fan.test": fan_zone()}) as port:
        (root / "launchgate.yml").write_text("targets:\n  domain: fan.test\n  nameservers: "
                                             f"['{LOOPBACK}:{port}']\nemail:\n  domain: fan.test\n")
        run, doc = check(root, "--only", "email", deadline=30)
    assert run.code == 1, run.err
    assert {"email.spf-too-many-lookups", "email.spf-permerror"} <= rules(doc)
    print(f"spf fan-out: {run.seconds:.1f} s, {run.rss_mb:.0f} MB")
    assert run.seconds < 30 and run.rss_mb < MAX_RSS_MB, (run.seconds, run.rss_mb)


@pytest.mark.slow
def test_a_50_mb_minified_line_stays_small(tmp_path: Path) -> None:
    root = tmp_path / "r"
    (root / "dist").mkdir(parents=True)
    data = MINIFIED * (50 * 1024 * 1024 // len(MINIFIED))
    mid = len(data) // 2
    (root / "dist" / "app.min.js").write_bytes(
        data[:mid] + b'k="' + aws_key().encode() + b'";' + data[mid:]
    )
    (root / "launchgate.yml").write_text("secrets:\n  max_file_bytes: 67108864\n")
    run, doc = check(root, "--only", "secrets", deadline=40)
    assert run.code == 1, run.err
    [f] = [f for f in doc["findings"]
           if f["rule"] == "secrets.aws-access-key"]  # type: ignore[union-attr]
    assert f["location"]["path"] == "dist/app.min.js" and aws_key() not in run.out
    print(f"50 MB minified line: {run.seconds:.1f} s, {run.rss_mb:.0f} MB")
    assert run.seconds < 40 and run.rss_mb < MAX_RSS_MB, (run.seconds, run.rss_mb)


@pytest.mark.slow
def test_a_pr_adding_a_1_5_million_line_file_stays_small(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "commit", "-q", "--allow-empty", "-m", "base")
    with (repo / "gen.py").open("wb") as fh:
        for i in range(1_500_000):
            fh.write(b"value_%d = compute(%d)\n" % (i, i))
        fh.write(b'AWS = "' + aws_key().encode() + b'"\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "generated")
    run, doc = check(repo, "--only", "secrets", "--base-ref", "HEAD~1", "--head-ref", "HEAD",
                     deadline=60)
    assert run.code == 1, run.err
    [f] = [f for f in doc["findings"]
           if f["rule"] == "secrets.aws-access-key"]  # type: ignore[union-attr]
    assert f["location"]["path"] == "gen.py" and f["location"]["start_line"] == 1_500_001
    print(f"1.5-million-line diff: {run.seconds:.1f} s, {run.rss_mb:.0f} MB")
    assert run.seconds < 60 and run.rss_mb < MAX_RSS_MB, (run.seconds, run.rss_mb)
