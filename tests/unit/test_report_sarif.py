"""SARIF reporter: golden output, schema validity, GitHub code-scanning extras, no raw secrets."""

from __future__ import annotations

import json

import jsonschema
import pytest

from launchgate.report import FORMATS
from launchgate.report.sarif import render, render_sarif
from tests.support.golden import assert_golden
from tests.support.sample_report import RAW_SECRET, clean_report, sample_report
from tests.support.shared import shared_path


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = shared_path("schemas", "sarif-schema-2.1.0.json")
    return jsonschema.Draft4Validator(json.loads(schema.read_text()))


def test_golden() -> None:
    assert_golden("report.sarif", render(sample_report()))


def test_formats_table_names_sarif() -> None:
    assert FORMATS["sarif"](sample_report()) == render(sample_report())


@pytest.mark.parametrize("report", [sample_report(), clean_report()], ids=["findings", "clean"])
def test_valid_against_the_sarif_schema(validator, report) -> None:
    errors = sorted(validator.iter_errors(json.loads(render(report))), key=str)
    assert errors == []


def test_every_result_has_a_file_location_and_fingerprints() -> None:
    run = json.loads(render(sample_report()))["runs"][0]
    places = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
               r["locations"][0]["physicalLocation"]["region"]["startLine"])
               for r in run["results"]}
    assert places == {
        ("secrets.stripe-key", "config/settings.py", 12),
        ("env.missing-var", "app/db.py", 3),
        ("env.unused-var", ".env.production", 7),
        # live findings land on the launchgate.yml line that declared the target
        ("tls.cert-expiring", "launchgate.yml", 4),
        ("web.hsts-missing", "launchgate.yml", 4),
        ("web.server-banner", "launchgate.yml", 4),
    }
    for r in run["results"]:
        fp = r["partialFingerprints"]
        assert fp["primaryLocationLineHash"].endswith(":1")
        assert len(fp["launchgate/v1"]) == 32
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]


def test_rules_carry_what_code_scanning_shows() -> None:
    rules = {r["id"]: r
             for r in json.loads(render(sample_report()))["runs"][0]["tool"]["driver"]["rules"]}
    # every registry rule, including one without findings
    assert sorted(rules) == ["env.missing-var", "env.unused-var", "migrations.lock-table",
                             "secrets.stripe-key",
                             "tls.cert-expiring", "web.hsts-missing", "web.server-banner"]
    tls = rules["tls.cert-expiring"]
    assert tls["shortDescription"]["text"] == "TLS certificate expires soon"
    assert tls["fullDescription"]["text"] == ("An expired certificate takes the site down for "
                                              "every visitor.")
    assert "Fix: Renew the certificate and check auto-renewal." in tls["help"]["text"]
    assert {k: r["properties"]["security-severity"] for k, r in rules.items()} == {
        "env.missing-var": "8.0", "env.unused-var": "3.0", "migrations.lock-table": "8.0",
        "secrets.stripe-key": "9.5", "tls.cert-expiring": "5.5", "web.hsts-missing": "3.0",
        "web.server-banner": "0.0"}


def test_levels_and_category() -> None:
    run = json.loads(render_sarif(sample_report(), category="launchgate/pre/"))["runs"][0]
    assert run["automationDetails"]["id"] == "launchgate/pre/2026-11-22T11:00:00Z"
    assert json.loads(render_sarif(sample_report(),
                                   category="lg"))["runs"][0]["automationDetails"]["id"] == "lg"
    assert {(r["ruleId"], r["level"]) for r in run["results"]} == {
        ("secrets.stripe-key", "error"), ("env.missing-var", "error"),
        ("tls.cert-expiring", "warning"),
        ("env.unused-var", "note"), ("web.hsts-missing", "note"), ("web.server-banner", "note")}


def test_errors_and_skips_are_tool_notifications() -> None:
    inv = json.loads(render(sample_report()))["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert [n["message"]["text"] for n in inv["toolExecutionNotifications"]] == [
        "migrations skipped: no migrations folder found", "probes: health: connection refused to "
        "127.0.0.1:9"]


def test_deterministic_and_secret_only_masked() -> None:
    a, b = render(sample_report()), render(sample_report())
    assert a == b
    assert RAW_SECRET not in a
    assert RAW_SECRET[:4] + "…(" in a


def test_code_scanning_tags_precision_and_help_uri(validator) -> None:
    rules = {r["id"]: r
             for r in json.loads(render(sample_report()))["runs"][0]["tool"]["driver"]["rules"]}
    stripe = rules["secrets.stripe-key"]
    assert stripe["properties"]["tags"] == ["launchgate", "secrets", "security"]
    assert stripe["properties"]["security-severity"] == "9.5"
    assert stripe["properties"]["precision"] == "high"
    assert stripe["helpUri"] == "https://github.com/launchgate/launchgate#rule-secrets-stripe-key"
    assert stripe["fullDescription"]["markdown"].startswith("A live key in the repository")
    assert "**Fix:**" in stripe["help"]["markdown"]


def _uris(report) -> dict[str, str]:
    run = json.loads(render(report))["runs"][0]
    return {r["ruleId"]: r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]}


def test_locations_are_repository_relative_in_a_monorepo(validator) -> None:
    from dataclasses import replace

    report = sample_report()
    report = replace(report, info=replace(report.info, repo_prefix="apps/web/"))
    uris = _uris(report)
    assert uris["secrets.stripe-key"] == "apps/web/config/settings.py"
    assert uris["tls.cert-expiring"] == "apps/web/launchgate.yml"
    assert _uris(sample_report())["secrets.stripe-key"] == "config/settings.py"
    assert validator.is_valid(json.loads(render(report)))


def test_uris_are_percent_encoded() -> None:
    from dataclasses import replace

    from launchgate.model import CheckResult, Finding, Location, Phase, Status
    from tests.support.sample_report import ENV_RULE

    odd = [Finding.of(ENV_RULE, "m", Location(path=p, start_line=1), key=(p,))
           for p in ("src/a#b.js", "src/100%.py", "src/sp ace?.py", "src/ünï.py")]
    report = replace(sample_report(),
                     results=(CheckResult(check="env", phase=Phase.PRE, status=Status.FAILED,
                                                          findings=tuple(odd)),))
    run = json.loads(render(report))["runs"][0]
    uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                  for r in run["results"])
    assert uris == sorted(["src/100%25.py", "src/a%23b.js", "src/sp%20ace%3F.py",
                           "src/%C3%BCn%C3%AF.py"])


def test_fingerprint_survives_a_line_move() -> None:
    from dataclasses import replace

    from launchgate.model import CheckResult, Finding, Location, Phase, Status
    from tests.support.sample_report import ENV_RULE

    def fp(line: int) -> dict[str, str]:
        f = Finding.of(ENV_RULE, "X is read but not set",
                       Location(path="app/x.py", start_line=line), key=("X",))
        report = replace(sample_report(),
                         results=(CheckResult(check="env", phase=Phase.PRE, status=Status.FAILED,
                                                              findings=(f,)),))
        return json.loads(render(report))["runs"][0]["results"][0]["partialFingerprints"]

    assert fp(3) == fp(40)
    other = Finding.of(ENV_RULE, "Y", Location(path="app/x.py", start_line=3), key=("Y",))
    assert other.fingerprint != fp(3)["launchgate/v1"]


def test_repo_prefix_of_a_subfolder(tmp_path) -> None:
    from launchgate.app import repo_prefix

    (tmp_path / ".git").mkdir()
    (tmp_path / "apps" / "web").mkdir(parents=True)
    assert repo_prefix(tmp_path / "apps" / "web") == "apps/web/"
    assert repo_prefix(tmp_path) == ""
