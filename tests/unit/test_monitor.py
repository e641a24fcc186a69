"""`launchgate monitor`'s plan (what a scheduled run may send) and `launchgate init --monitor`'s
workflow: valid against GitHub's workflow schema, minimal permissions, clean under zizmor (and
actionlint when installed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from launchgate import __version__
from launchgate.cli import cli
from launchgate.monitor import MonitorError, plan
from tests.support.shared import shared_path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "marketplace"
CONFIG = {
    "health": [{"url": "/healthz", "warmup_s": 30}, {"url": "/readyz"}],
    "smoke": [
        {"name": "signup", "steps": [{"request": "POST /api/signup"}, {"request": "GET /me"}]},
        {"name": "search", "steps": [{"request": "GET /api/listings?q=bike"}]},
    ],
    "rate_limits": [{"request": "POST /api/login", "max_requests": 50}],
    "latency": [{"request": "GET /api/listings", "requests": 200}],
}


def test_plan_keeps_health_and_smoke_and_drops_the_load() -> None:
    p = plan(CONFIG)
    assert (p.health, p.steps, p.requests, p.flows) == (2, 3, 5, ("signup", "search"))
    assert p.data["rate_limits"] == [] and p.data["latency"] == []
    assert [h["warmup_s"] for h in p.data["health"]] == [0, 0]  # no retry loop against production
    assert p.dropped == ("rate_limits", "latency")
    assert p.describe() == (
        "monitor: 2 health URL(s), 2 smoke flow(s) with 3 step(s): at most 5 request(s); "
        "not sent: rate_limits, latency"
    )


def test_plan_runs_only_the_named_flows() -> None:
    p = plan(CONFIG, flows=("search",))
    assert (p.flows, p.requests) == (("search",), 3)


@pytest.mark.parametrize(
    ("flows", "budget", "message"),
    [
        (("nope",), 50, "--flow nope: no smoke flow of that name (flows: signup, search)"),
        (
            (),
            4,
            "the monitor would send up to 5 requests a run, over its budget of 4 (--max-requests): "
            "name "
            "fewer smoke flows with --flow",
        ),
        ((), 0, "--max-requests 0: expected 1 to 500"),
    ],
)
def test_plan_refuses_before_sending(flows, budget, message) -> None:
    with pytest.raises(MonitorError) as err:
        plan(CONFIG, flows, budget)
    assert str(err.value) == message


def test_plan_refuses_a_config_with_nothing_to_monitor() -> None:
    with pytest.raises(MonitorError, match="nothing to monitor"):
        plan({"latency": CONFIG["latency"]})


def test_monitor_command_over_budget_is_a_one_line_usage_error(tmp_path) -> None:
    config = {"version": 1, "targets": {"canonical": "https://shop.example.test"}, **CONFIG}
    (tmp_path / "launchgate.yml").write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    res = CliRunner().invoke(cli, ["monitor", str(tmp_path), "--max-requests", "3"])
    assert res.exit_code == 2
    assert res.output.strip() == (
        "launchgate: the monitor would send up to 5 requests a run, over its budget "
        "of 3 (--max-requests): name fewer smoke flows with --flow"
    )


def _workflow(tmp_path: Path, *args: str) -> tuple[Path, str]:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo, ignore=shutil.ignore_patterns("__pycache__"))
    res = CliRunner().invoke(cli, ["init", str(repo), "--monitor", *args])
    assert res.exit_code == 0, res.output
    return repo / ".github" / "workflows" / "launchgate-monitor.yml", res.output


def _load(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads `on:` as a boolean; GitHub does not
    return data


def test_init_monitor_writes_a_valid_scheduled_workflow(tmp_path) -> None:
    path, output = _workflow(tmp_path)
    assert output.splitlines() == [
        f"wrote {path}",
        "add these repository secrets (Settings > Secrets): SMOKE_PASSWORD",
    ]
    wf = _load(path)
    schema = json.loads(shared_path("schemas", "github-workflow.json").read_text())
    assert sorted(jsonschema.Draft7Validator(schema).iter_errors(wf), key=str) == []
    assert wf["on"]["schedule"] == [{"cron": "*/10 * * * *"}]
    assert wf["permissions"] == {}
    job = wf["jobs"]["monitor"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    assert job["timeout-minutes"] == 5
    install, probe = job["steps"][1], job["steps"][2]
    name = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    assert install["run"] == f'pipx install "{name["project"]["name"]}=={__version__}"'
    assert probe["run"] == "launchgate monitor . --max-requests 50 --timeout 3m"
    assert probe["env"] == {
        "GITHUB_TOKEN": "${{ github.token }}",
        "SMOKE_PASSWORD": "${{ secrets.SMOKE_PASSWORD }}",
    }


def test_init_monitor_takes_a_schedule_and_refuses_a_bad_one(tmp_path) -> None:
    path, _ = _workflow(tmp_path, "--schedule", "*/30  * * * 1-5")
    assert _load(path)["on"]["schedule"] == [{"cron": "*/30 * * * 1-5"}]
    res = CliRunner().invoke(
        cli, ["init", str(path.parents[2]), "--monitor", "--force", "--schedule", "hourly"]
    )
    assert res.exit_code == 2
    assert "--schedule 'hourly': expected five cron fields" in res.output
    res = CliRunner().invoke(cli, ["init", str(path.parents[2]), "--monitor"])
    assert res.exit_code == 2 and "exists (use --force to overwrite)" in res.output


def _tool(name: str) -> str | None:
    local = Path(sys.executable).parent / name
    return shutil.which(name) or (str(local) if local.exists() else None)


@pytest.mark.parametrize("linter", ["zizmor", "actionlint"])
def test_the_monitor_workflow_is_lint_clean(tmp_path, linter) -> None:
    path, _ = _workflow(tmp_path)
    tool = _tool(linter)
    if tool is None:
        pytest.skip(f"{linter} not installed")
    argv = (
        [tool, "--offline", "--no-progress", str(path)] if linter == "zizmor" else [tool, str(path)]
    )
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_readme_shows_the_workflow_init_writes(tmp_path) -> None:
    path, _ = _workflow(tmp_path)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("# .github/workflows/launchgate-monitor.yml\n", 1)[1].split("```", 1)[0]
    written = [ln for ln in path.read_text().splitlines() if not ln.startswith("#")]
    assert block.splitlines() == written
