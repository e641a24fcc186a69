"""The container action's entrypoint (docker/entrypoint.py) run as the runner starts it, over a
hostile repository: its real stdout and stderr, read by the emulated runner, carry only launchgate's
own annotations, all of them before any line of untrusted text (which sits between a random
``stop-commands`` token and its end), and no name from the repository stops or creates a command.
(test_workflow_commands.py proves the same for ``python -m launchgate``; the container path maps
``INPUT_*`` variables and execs the CLI, and must not change what reaches the log.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.test_workflow_commands import _hostile_repo
from tests.support.actions_runner import Runner
from tests.support.github_env import actions_env, push_event

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ("::stop-commands::x", "::error::gate passed", "##[error]legacy", "::warning::evil.py")


def _entrypoint(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT),
            "HOME": env["GITHUB_WORKSPACE"],
            "INPUT_PHASE": "pre", "INPUT_ONLY": "secrets", "INPUT_ANNOTATIONS": "all",
            "INPUT_COMMENT": "never",
            **env}
    return subprocess.run([sys.executable, str(ROOT / "docker" / "entrypoint.py")],
                          cwd=env["GITHUB_WORKSPACE"],
                          env=full, capture_output=True, text=True, timeout=120)


def test_the_container_entrypoint_prints_no_command_from_hostile_names(tmp_path: Path) -> None:
    first_push = {**push_event(), "before": "0" * 40}  # a new branch: the whole tree is the push's
    env = actions_env(tmp_path, first_push, event_name="push", token=None)
    _hostile_repo(Path(env["GITHUB_WORKSPACE"]))
    proc = _entrypoint(env)
    assert proc.returncode == 1, proc.stderr
    runner = Runner().feed(proc.stdout).feed(proc.stderr)
    assert not runner.stopped_at_end
    assert all(c.name in ("error", "warning", "notice") for c in runner.commands)
    titles = {(c.props.get("file"), c.props.get("title", "").split(":")[0])
              for c in runner.annotations()}
    # the real finding is still annotated
    assert ("::warning::evil.py", "secrets.aws-access-key") in titles
    assert ("::stop-commands::x", "secrets.file-not-scanned") in titles
    lines = proc.stdout.splitlines()
    [stop] = [i for i, line in enumerate(lines) if line.startswith("::stop-commands::")]
    token = lines[stop].removeprefix("::stop-commands::")
    # launchgate's own random token
    assert len(token) >= 32 and all(token not in h for h in HOSTILE)
    assert lines[-1] == f"::{token}::"  # commands resume only at launchgate's own end marker
    annotations = [i for i, line in enumerate(lines)
                   if line.startswith(("::error ", "::warning ", "::notice "))]
    untrusted = [i for i, line in enumerate(lines) if not line.startswith("::")
                 and any(h in line for h in HOSTILE)]
    assert annotations and untrusted, proc.stdout
    # annotations first, then the report inside the stop block
    assert max(annotations) < stop < min(untrusted)
