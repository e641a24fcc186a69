"""Secrets never leak: planted secrets reach no output a user or a log sees, GitHub's included.

A PR adds files carrying real-format secrets (generated now) and a committed .env; launchgate runs
as the action does (annotations on stdout, job summary, outputs) and writes every report format.
None may contain a secret.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.fixtures.secrets_corpus import cases
from tests.support.leaks import leaked
from tests.unit.test_secrets_scopes import commit, init

ROOT = Path(__file__).resolve().parents[2]


def test_no_secret_in_annotations_summary_outputs_or_reports(tmp_path: Path) -> None:
    repo = init(tmp_path / "repo")
    base = commit(repo, {"README.md": "shop\n"})
    planted = [c for c in cases(seed=11, repeat=1) if c.label][:60]
    session = "sess-" + "Qx7" * 10
    files = {f"src/c{i:03d}/{c.path}": c.text for i, c in enumerate(planted)}
    files[".env"] = f"SESSION_SECRET={session}\n"
    files["env.schema.yaml"] = "version: 1\nvars:\n  SESSION_SECRET: {type: string, secret: true}\n"
    head = commit(repo, files, "feature")
    files_dir = tmp_path / "runner"
    files_dir.mkdir()
    event = files_dir / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 3, "head": {"sha": head, "ref": "f"},
                                                  "base": {"sha": base, "ref": "main"}}}))
    summary, outputs = files_dir / "summary.md", files_dir / "outputs"
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "PYTHONPATH": str(ROOT),
           "GITHUB_ACTIONS": "true",
           "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event),
           "GITHUB_REPOSITORY": "acme/shop",
           "GITHUB_WORKSPACE": str(repo), "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_OUTPUT": str(outputs),
           "GITHUB_SERVER_URL": "https://github.example.test",
           "GITHUB_API_URL": "http://127.0.0.1:9"}
    reports = {fmt: tmp_path / f"report.{fmt}" for fmt in ("json", "sarif", "junit", "markdown")}
    args = [a for fmt, p in reports.items() for a in ("--format", f"{fmt}={p}")]
    proc = subprocess.run([sys.executable, "-m", "launchgate", "check", str(repo), "--phase", "pre",
                           "--annotations", "all", "--comment", "never", "--format", "text", *args],
                          env=env, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 1, proc.stderr
    assert "::error " in proc.stdout and "title=" in proc.stdout  # annotations were written
    doc = json.loads(reports["json"].read_text())
    assert {"secrets", "env"} <= {f["rule"].split(".")[0] for f in doc["findings"]}
    blob = "\n".join([proc.stdout, proc.stderr, summary.read_text(), outputs.read_text(),
                      *(p.read_text() for p in reports.values())])
    secrets = {"SESSION_SECRET": session,
               **{f"planted #{i} ({c.path})": c.secret for i, c in enumerate(planted)}}
    assert leaked([blob], secrets) == []
