"""The CLI as a user meets it: exit codes, one-line errors, report formats, rules and schema
commands."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import launchgate.app as cli_mod
from launchgate.cli import cli

from .fakes import RULE_LOW, CrashingCheck, ErroringCheck, FindingCheck, LiveCheck

REPORT_SCHEMA = json.loads(
    (Path(cli_mod.__file__).parent / "report" / "report.schema.json").read_text()
)


@pytest.fixture
def fake_checks(monkeypatch: pytest.MonkeyPatch):
    def use(*checks):
        monkeypatch.setattr(cli_mod, "all_checks", lambda: tuple(checks))
    use(FindingCheck(), LiveCheck())
    return use


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env={"GITHUB_ACTIONS": "", **(env or {})},
                              catch_exceptions=False)


def test_gate_fails_on_high_by_default(tmp_path: Path, fake_checks) -> None:
    res = invoke("check", str(tmp_path))
    assert res.exit_code == 1
    assert "HIGH     fake.high-problem  app.py:2" in res.output
    assert "fix: Fix the fake." in res.output
    assert res.output.rstrip().endswith("FAILED: 0 blocker, 1 high, 0 medium, 1 low, 0 info (gate "
                                        "fails on high)")


def test_fail_on_and_never(tmp_path: Path, fake_checks) -> None:
    assert invoke("check", str(tmp_path), "--fail-on", "blocker").exit_code == 0
    assert invoke("check", str(tmp_path), "--fail-on", "never").exit_code == 0
    assert invoke("check", str(tmp_path), "--fail-on", "low").exit_code == 1
    (tmp_path / "launchgate.yml").write_text("version: 1\nfail_on: blocker\n")
    assert invoke("check", str(tmp_path)).exit_code == 0


def test_passes_with_no_findings(tmp_path: Path, fake_checks) -> None:
    fake_checks(FindingCheck([]))
    res = invoke("check", str(tmp_path))
    assert res.exit_code == 0 and "PASSED: 0 blocker" in res.output


def test_config_error_is_one_line_exit_2(tmp_path: Path, fake_checks) -> None:
    (tmp_path / "launchgate.yml").write_text("version: 1\nfake:\n  level: -3\n")
    res = invoke("check", str(tmp_path))
    assert res.exit_code == 2
    assert res.stderr == ("launchgate: launchgate.yml:3: fake.level: -3 is less than the minimum "
                          "of 1\n")


def test_usage_errors_exit_2(tmp_path: Path, fake_checks) -> None:
    assert invoke("check", str(tmp_path), "--only", "nope").exit_code == 2
    res = invoke("check", str(tmp_path), "--format", "yaml")
    assert res.exit_code == 2 and "unknown format 'yaml'" in res.stderr
    assert invoke("check", str(tmp_path / "missing")).exit_code == 2
    assert invoke("check", str(tmp_path), "--config", str(tmp_path / "nope.yml")).exit_code == 2
    res = invoke("check", str(tmp_path), "--format", "json", "--format", "text")
    assert res.exit_code == 2 and "only one --format can go to standard output" in res.stderr


def test_a_check_that_cannot_run_exits_3_with_one_line(tmp_path: Path, fake_checks) -> None:
    fake_checks(ErroringCheck([]))
    res = invoke("check", str(tmp_path))
    assert res.exit_code == 3
    assert res.stderr == ("launchgate: could not run: errs (database at 127.0.0.1:1 refused the "
                          "connection)\n")


def test_a_crashing_check_is_not_a_traceback(tmp_path: Path, fake_checks) -> None:
    fake_checks(CrashingCheck(), FindingCheck([(RULE_LOW, "a.py", 1)]))
    res = invoke("check", str(tmp_path))
    assert res.exit_code == 3
    assert "Traceback" not in res.output + res.stderr
    assert "crashy       error" in res.output and "fake         failed" in res.output


def test_internal_error_exits_3(tmp_path: Path, fake_checks,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a, **k):
        raise RuntimeError("kaboom")
    monkeypatch.setattr(cli_mod, "run_checks", boom)
    res = invoke("check", str(tmp_path))
    assert res.exit_code == 3
    assert res.stderr == ("launchgate: internal error: RuntimeError: kaboom (run with --debug for "
                          "a traceback)\n")


def test_json_and_text_written_in_one_run(tmp_path: Path, fake_checks) -> None:
    out = tmp_path / "out"
    res = invoke("check", str(tmp_path), "--format", "json", "--output", str(out / "r.json"),
                 "--format", "text")
    assert res.exit_code == 1
    doc = json.loads((out / "r.json").read_text())
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(doc)
    assert doc["passed"] is False and doc["fail_on"] == "high"
    assert doc["counts"] == {"blocker": 0, "high": 1, "medium": 0, "low": 1, "info": 0}
    assert [(f["rule"], f["location"]["path"], f["location"]["start_line"])
            for f in doc["findings"]] == [
        ("fake.high-problem", "app.py", 2), ("fake.low-problem", "app.py", 5)]
    assert doc["results"][0]["check"] == "fake" and doc["results"][0]["figures"] == {"level": 3}
    assert "FAILED" in res.output


def test_inline_format_file_pairs(tmp_path: Path, fake_checks) -> None:
    res = invoke("check", str(tmp_path), "--format", f"json={tmp_path / 'a.json'}")
    assert res.exit_code == 1 and res.output == ""
    assert json.loads((tmp_path / "a.json").read_text())["tool"] == "launchgate"


def test_phase_defaults_to_all_when_targets_are_configured(tmp_path: Path, fake_checks) -> None:
    res = invoke("check", str(tmp_path), "--format", "json")
    assert [r["check"] for r in json.loads(res.output)["results"]] == ["fake"]
    (tmp_path / "launchgate.yml").write_text("version: 1\ntargets:\n  canonical: "
                                             "https://shop.example.test\n")
    res = invoke("check", str(tmp_path), "--format", "json")
    doc = json.loads(res.output)
    assert [r["check"] for r in doc["results"]] == ["fake", "live"]
    live = [f for f in doc["findings"] if f["message"] == "live problem"]
    assert live[0]["location"]["path"] is None  # anchored, not a file finding
    res = invoke("check", str(tmp_path), "--format", "json", "--phase", "post")
    assert [r["check"] for r in json.loads(res.output)["results"]] == ["live"]


def test_rules_listing_and_detail(fake_checks) -> None:
    res = invoke("rules")
    assert res.exit_code == 0
    assert "fake.high-problem  high     A high problem" in res.output
    res = invoke("rules", "fake.high-problem")
    assert res.exit_code == 0
    assert "Why it matters:\n  Because tests need one." in res.output
    assert "launchgate: ignore[fake.high-problem] <reason>" in res.output
    assert invoke("rules", "nope.nope").exit_code == 2


def test_rules_explains_every_rule_a_glob_or_a_check_id_names() -> None:
    from launchgate import app

    ai_rules = sorted(r.id for c in app.every_check() if c.id == "ai" for r in c.rules)
    assert len(ai_rules) >= 7
    for pattern in ("ai.*", "ai"):
        res = invoke("rules", pattern)
        assert res.exit_code == 0, res.output
        explained = [line.split()[0] for line in res.output.splitlines() if line.startswith("ai.")]
        assert explained == ai_rules
        assert res.output.count("How to fix:") == len(ai_rules)
    res = invoke("rules", "zz.*")
    assert res.exit_code == 2 and "unknown rule 'zz.*'" in res.output


def test_schema_command_prints_valid_json_schema(fake_checks) -> None:
    res = invoke("schema")
    schema = json.loads(res.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["properties"]) >= {"version", "fail_on", "rules", "targets", "fake"}


def test_baseline_command_then_check_passes(tmp_path: Path, fake_checks) -> None:
    res = invoke("baseline", str(tmp_path))
    assert res.exit_code == 0 and "wrote 2 finding(s)" in res.output
    first = (tmp_path / ".launchgate-baseline.json").read_text()
    invoke("baseline", str(tmp_path))
    assert (tmp_path / ".launchgate-baseline.json").read_text() == first
    res = invoke("check", str(tmp_path))
    assert res.exit_code == 0 and "(2 suppressed)" in res.output


def test_corrupt_baseline_is_a_config_error(tmp_path: Path, fake_checks) -> None:
    (tmp_path / ".launchgate-baseline.json").write_text("{not json")
    res = invoke("check", str(tmp_path))
    assert res.exit_code == 2 and res.stderr.startswith("launchgate: .launchgate-baseline.json: "
                                                        "not a launchgate baseline")


def test_version() -> None:
    res = invoke("--version")
    assert res.exit_code == 0 and res.output.startswith("launchgate, version ")


def test_a_relative_path_finds_files_next_to_its_config(tmp_path: Path, fake_checks,
                                                        monkeypatch) -> None:
    """`launchgate check sub/dir` from elsewhere: anchors and config-relative files resolve under
    sub/dir."""
    proj = tmp_path / "sub" / "dir"
    proj.mkdir(parents=True)
    (proj / "launchgate.yml").write_text("version: 1\ntargets:\n  canonical: "
                                         "https://shop.example.test\n")
    monkeypatch.chdir(tmp_path)
    res = invoke("check", "sub/dir", "--format", "sarif", "--phase", "post")
    doc = json.loads(res.output)
    (result,) = doc["runs"][0]["results"]
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "launchgate.yml" and loc["region"]["startLine"] == 3


def test_under_actions_probe_secrets_are_masked_before_any_output(tmp_path: Path,
                                                                  fake_checks) -> None:
    password = "pw-" + "Zq81" * 4
    (tmp_path / "launchgate.yml").write_text(
        "version: 1\nsmoke:\n  - {name: login, password: '${SMOKE_PASSWORD}', user: "
        "'${SMOKE_USER}'}\n")
    env = {"GITHUB_ACTIONS": "true", "SMOKE_PASSWORD": password, "SMOKE_USER": "probe-user",
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"), "GITHUB_OUTPUT": str(tmp_path / "out")}
    res = CliRunner().invoke(cli, ["check", str(tmp_path), "--phase", "pre", "--comment", "never"],
                             env=env)
    lines = res.stdout.splitlines()
    assert lines[:2] == ["::add-mask::probe-user", f"::add-mask::{password}"]


def test_export_locust_writes_a_locustfile_from_the_config(tmp_path: Path) -> None:
    (tmp_path / "launchgate.yml").write_text(
        "version: 1\ntargets:\n  canonical: https://shop.example.test\n"
        "latency:\n  - {request: 'GET /api/listings?q=bike', thresholds: {p95: 300ms}}\n")
    res = invoke("export", "locust", str(tmp_path), "--output", str(tmp_path / "locustfile.py"))
    assert res.exit_code == 0, res.output
    text = (tmp_path / "locustfile.py").read_text()
    compile(text, "locustfile.py", "exec")
    assert "/api/listings?q=bike" in text and "https://shop.example.test" in text
    (tmp_path / "launchgate.yml").write_text("version: 1\nlatency: 3\n")
    assert invoke("export", "locust", str(tmp_path)).exit_code == 2


def test_baseline_also_writes_a_deterministic_secrets_baseline(tmp_path: Path) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    key = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc" + "Xy"
    (tmp_path / "pay.py").write_text(f'STRIPE = "{key}"\n')
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    assert invoke("check", str(tmp_path), "--only", "secrets").exit_code == 1
    res = invoke("baseline", str(tmp_path))
    assert res.exit_code == 0, res.output
    assert "(detect-secrets format)" in res.output
    first = (tmp_path / ".secrets.baseline").read_text()
    assert key not in first and '"line_number"' not in first and "generated_at" not in first
    invoke("baseline", str(tmp_path))
    assert (tmp_path / ".secrets.baseline").read_text() == first
    # the secrets check honours .secrets.baseline by itself
    (tmp_path / ".launchgate-baseline.json").unlink()
    assert invoke("check", str(tmp_path), "--only", "secrets").exit_code == 0


def test_a_live_finding_is_ignored_on_the_config_line_that_declared_its_target(
    tmp_path: Path, fake_checks
) -> None:
    fake_checks(LiveCheck())
    cfg = "version: 1\ntargets:\n  canonical: https://shop.example.test\n"
    (tmp_path / "launchgate.yml").write_text(cfg)
    assert json.loads(invoke("check", str(tmp_path), "--format", "json").output)["findings"] != []
    (tmp_path / "launchgate.yml").write_text(cfg.replace("example.test\n",
                                                         "example.test  # launchgate: "
                                                         "ignore[fake.low-problem] "
                                                         "staging only\n"))
    doc = json.loads(invoke("check", str(tmp_path), "--format", "json").output)
    assert doc["findings"] == [] and doc["results"][0]["suppressed"] == 1


def test_fetch_missing_says_nothing_when_there_is_nothing_to_fetch(tmp_path) -> None:
    # a fetch is said in the log when it happens (tests/unit/test_shallow_clone.py); here there is
    # no shallow clone and no pull request, so nothing to fetch and nothing to say
    res = invoke("check", str(tmp_path), "--only", "secrets", "--fetch-missing")
    assert res.exit_code == 0 and res.stderr == ""
    assert invoke("check", str(tmp_path), "--only", "secrets").stderr == ""
