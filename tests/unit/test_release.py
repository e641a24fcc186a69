"""The release workflow and scripts/release.py: what a vX.Y.Z tag publishes, and the action.yml
rewrite that makes the tagged release commit pull the published image while main keeps building
its own."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.support.shared import shared_path

ROOT = Path(__file__).resolve().parents[2]
IMAGE = "ghcr.io/acme/launchgate:v1.2.3"


def _release():
    spec = importlib.util.spec_from_file_location("lg_release", ROOT / "scripts" / "release.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _workflow() -> dict:
    data = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    )
    data["on"] = data.pop(True)
    return data


def test_pinned_action_yml_is_valid_and_runs_the_published_image() -> None:
    rel = _release()
    main = (ROOT / "action.yml").read_text(encoding="utf-8")
    pinned = rel.pin_action(main, IMAGE)
    action = yaml.safe_load(pinned)
    assert action["runs"] == {"using": "docker", "image": f"docker://{IMAGE}"}
    assert yaml.safe_load(main)["runs"] == {
        "using": "docker",
        "image": "Dockerfile",
    }  # main is untouched
    schema = json.loads(shared_path("schemas", "github-action.json").read_text())
    assert sorted(jsonschema.Draft7Validator(schema).iter_errors(action), key=str) == []
    # only that line changed: inputs, outputs and comments are the same
    diff = [(a, b) for a, b in zip(main.splitlines(), pinned.splitlines(), strict=True) if a != b]
    assert diff == [("  image: Dockerfile", f"  image: docker://{IMAGE}")]


@pytest.mark.parametrize(
    "image",
    [
        "ghcr.io/Acme/launchgate:v1.2.3",
        "docker.io/acme/launchgate:v1.2.3",
        "ghcr.io/acme/launchgate:latest",
        "ghcr.io/acme/launchgate:v1.2.3\nx: y",
    ],
)
def test_pin_refuses_an_image_that_is_not_a_versioned_ghcr_tag(image: str) -> None:
    rel = _release()
    with pytest.raises(rel.ReleaseError, match=re.escape("is not ghcr.io/<owner>/<name>:vX.Y.Z")):
        rel.pin_action((ROOT / "action.yml").read_text(encoding="utf-8"), image)


def test_pin_refuses_an_action_yml_already_pinned() -> None:
    rel = _release()
    pinned = rel.pin_action((ROOT / "action.yml").read_text(encoding="utf-8"), IMAGE)
    with pytest.raises(rel.ReleaseError, match="has 0 'image: Dockerfile' lines"):
        rel.pin_action(pinned, IMAGE)


CHANGELOG = """# Changelog

## [Unreleased]

### Added
- next thing

## [1.2.3] - 2026-12-24

### Fixed
- the thing

## [1.2.2] - 2026-12-01

- older

[Unreleased]: https://example.test/compare/v1.2.3...HEAD
[1.2.3]: https://example.test/releases/tag/v1.2.3
"""


def test_notes_are_the_tags_changelog_section() -> None:
    rel = _release()
    assert rel.notes(CHANGELOG, "1.2.3") == "### Fixed\n- the thing\n"
    assert rel.notes(CHANGELOG, "1.2.2") == "- older\n"  # the link references are not notes
    with pytest.raises(rel.ReleaseError, match=r"no '## \[1.2.4\] - YYYY-MM-DD' section"):
        rel.notes(CHANGELOG, "1.2.4")


def test_check_wants_the_tag_to_be_the_package_version(tmp_path: Path) -> None:
    rel = _release()
    (tmp_path / "launchgate").mkdir()
    (tmp_path / "launchgate" / "__init__.py").write_text('__version__ = "1.2.3"\n')
    (tmp_path / "CHANGELOG.md").write_text(CHANGELOG)
    assert rel.check("v1.2.3", tmp_path) == "1.2.3"
    with pytest.raises(
        rel.ReleaseError, match=re.escape("tag v1.2.2 but launchgate.__version__ is 1.2.3")
    ):
        rel.check("v1.2.2", tmp_path)
    with pytest.raises(rel.ReleaseError, match=re.escape("is not vMAJOR.MINOR.PATCH")):
        rel.check("1.2.3", tmp_path)


def test_cli_error_is_one_line_exit_2() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "release.py"), "notes", "v99.0.0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert proc.stderr == "release: CHANGELOG.md has no '## [99.0.0] - YYYY-MM-DD' section\n"


def test_workflow_publishes_both_architectures_then_pins_then_releases() -> None:
    wf = _workflow()
    assert wf["on"] == {"push": {"tags": ["v*"]}}
    assert wf["permissions"] == {}
    jobs = wf["jobs"]
    build = next(
        s
        for s in jobs["image"]["steps"]
        if s.get("uses", "").startswith("docker/build-push-action@")
    )
    assert build["with"]["platforms"] == "linux/amd64,linux/arm64" and build["with"]["push"] is True
    assert build["with"]["tags"] == "${{ needs.check.outputs.image }}"
    assert jobs["image"]["permissions"] == {"contents": "read", "packages": "write"}
    assert jobs["pin"]["needs"] == ["check", "image"]  # the image exists before a tag refers to it
    assert "scripts/release.py pin-action" in jobs["pin"]["steps"][1]["run"]
    assert jobs["release"]["needs"] == ["check", "pin"]
    assert "release.py notes" in jobs["release"]["steps"][1]["run"]
    assert jobs["pypi"]["permissions"] == {"id-token": "write"}
    for name, job in jobs.items():  # every job states its permissions and a deadline
        assert "permissions" in job and "timeout-minutes" in job, name


def test_every_action_in_every_workflow_is_pinned_by_commit_sha() -> None:
    for path in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        uses = re.findall(r"^\s*(?:- )?uses:\s*(\S+)(.*)$", path.read_text(encoding="utf-8"), re.M)
        assert uses, path.name
        for ref, comment in uses:
            if ref == "./":  # the example workflow runs this repository's own action
                continue
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{path.name}: {ref}"
            assert re.match(r"\s*# v\d", comment), f"{path.name}: {ref} without its version comment"


# -- the rehearsal (scripts/release_rehearsal.py; run in CI by .ci/run, not here: it needs root) ----
def _rehearsal():
    spec = importlib.util.spec_from_file_location(
        "lg_rehearsal", ROOT / "scripts" / "release_rehearsal.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_a_rehearsal_may_pin_its_loopback_registry_and_nothing_else() -> None:
    rel = _release()
    main = (ROOT / "action.yml").read_text(encoding="utf-8")
    image = "127.0.0.1:5123/acme/launchgate:v1.2.3"
    pinned = rel.pin_action(main, image, "127.0.0.1:5123")
    assert yaml.safe_load(pinned)["runs"]["image"] == f"docker://{image}"
    with pytest.raises(rel.ReleaseError, match=re.escape("is not ghcr.io/<owner>")):
        rel.pin_action(main, image)  # without the rehearsal's registry: refused
    with pytest.raises(rel.ReleaseError, match=re.escape("is not 127.0.0.1:5123/<owner>")):
        rel.pin_action(main, IMAGE, "127.0.0.1:5123")  # a rehearsal pins only its own registry
    for registry in ("ghcr.io", "10.0.0.1:5000", "127.0.0.1", "evil.test:443", "127.0.0.1:5000/x"):
        with pytest.raises(rel.ReleaseError, match=re.escape("is not 127.0.0.1:PORT")):
            rel.pin_action(main, f"{registry}/acme/launchgate:v1.2.3", registry)


def test_pin_action_cli_reads_the_rehearsal_registry_from_the_environment(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / "release.py"
    script.write_text((ROOT / "scripts" / "release.py").read_text(encoding="utf-8"))
    (tmp_path / "action.yml").write_text((ROOT / "action.yml").read_text(encoding="utf-8"))
    image = "127.0.0.1:5123/acme/launchgate:v1.2.3"

    def pin(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(script), "pin-action", image], env=env,
                              capture_output=True, text=True, timeout=30)

    refused = pin({"PATH": "/usr/bin:/bin"})
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "image: Dockerfile" in (tmp_path / "action.yml").read_text(encoding="utf-8")
    done = pin({"PATH": "/usr/bin:/bin", "LAUNCHGATE_REHEARSAL_REGISTRY": "127.0.0.1:5123"})
    assert done.returncode == 0, done.stderr
    assert f"image: docker://{image}" in (tmp_path / "action.yml").read_text(encoding="utf-8")


def test_the_rehearsal_can_evaluate_every_expression_of_the_jobs_it_runs() -> None:
    """The rehearsal runs the workflow's own steps: an expression or an action it has no stand-in
    for would stop it in CI; here it is caught without root."""
    reh = _rehearsal()
    wf = _workflow()
    run = reh.Run(wf, "v1.2.3", "a" * 40, "Acme", "127.0.0.1:5123")
    run.needs = {"check": {"outputs": {"version": "1.2.3", "image": "127.0.0.1:5123/acme/x:v1"}}}
    for name in reh.JOBS:
        steps = {s["id"]: {"outputs": {"version": "1.2.3", "image": "i"}}
                 for s in wf["jobs"][name]["steps"] if "id" in s}
        for step in wf["jobs"][name]["steps"]:
            uses = str(step.get("uses", ""))
            assert "run" in step or uses.startswith((
                "actions/checkout@", "docker/setup-", "docker/login-action@",
                "docker/build-push-action@")), (name, uses)
            for text in [step.get("run", ""), *map(str, step.get("env", {}).values()),
                         *map(str, step.get("with", {}).values())]:
                assert "${{" not in run.expand(str(text), steps), (name, text)
        for value in wf["jobs"][name].get("outputs", {}).values():
            run.expand(str(value), steps)
    with pytest.raises(reh.Failed, match="cannot evaluate"):
        run.expand("${{ github.event.pull_request.number }}", {})
    assert run.expand("${{ env.REGISTRY }}/x", {}) == "127.0.0.1:5123/x"


def test_the_rehearsal_reads_step_outputs_as_the_runner_writes_them(tmp_path: Path) -> None:
    reh = _rehearsal()
    out = tmp_path / "output"
    out.write_text("version=1.2.3\nnotes<<EOF\na=b\nline two\nEOF\nimage=x:y=z\n")
    assert reh.outputs_of(out) == {"version": "1.2.3", "notes": "a=b\nline two",
                                   "image": "x:y=z"}
