"""launchgate.yml: every error names file, line and key path; YAML 1.1 surprises don't bite;
defaults fill."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from launchgate.checks import ALL
from launchgate.config import ConfigError, build_schema, load, schema_text
from launchgate.editor_schema import editor_config_schema

from .fakes import FindingCheck, LiveCheck

SCHEMA = build_schema([FindingCheck(), LiveCheck()])


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "launchgate.yml"
    p.write_text(text)
    return p


def error_of(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> str:
    with pytest.raises(ConfigError) as exc:
        load(write(tmp_path, text), SCHEMA, env or {})
    return str(exc.value)


def test_defaults_are_filled(tmp_path: Path) -> None:
    cfg = load(write(tmp_path, "version: 1\ntargets:\n  canonical: https://shop.example.test\n"),
               SCHEMA, {})
    assert cfg.data["fail_on"] == "high"
    assert cfg.data["targets"]["ports"] == {"http": 80, "https": 443}
    assert cfg.data["fake"] == {"level": 3}
    assert cfg.lines["targets.canonical"] == 3


def test_no_config_file_means_defaults() -> None:
    cfg = load(None, SCHEMA, {})
    assert cfg.data["version"] == 1 and cfg.data["fail_on"] == "high"


@pytest.mark.parametrize(("text", "expected"), [
    ("version: 1\nfake:\n  level: -3\n", "launchgate.yml:3: fake.level: -3 is less than the "
     "minimum of 1"),
    ("version: 1\nfake:\n  levle: 2\n", "launchgate.yml:3: fake.levle: unknown key (expected one "
     "of: level)"),
    ("version: 1\nfail_on: sometimes\n", "launchgate.yml:2: fail_on: 'sometimes' is not one of: "
     "blocker, high, medium, low, info, never"),
    ("version: 1\n\ntargets:\n  ports: {http: 99999}\n", "launchgate.yml:4: targets.ports.http: "
     "99999 is greater than the maximum of " "65535"),
    ("version: 1\nrules:\n  web.csp-missing: loud\n", "launchgate.yml:3: rules.web.csp-missing: "
     "'loud' is not one of: blocker, high, " "medium, low, info, off"),
    ("version: 2\n", "launchgate.yml:1: version: 1 was expected"),
    ("- just\n- a list\n", "launchgate.yml:1: the top level must be a mapping of sections, not "
     "list"),
    ("version: 1\nfake: {level: 2\n", "launchgate.yml:3: invalid YAML"),
    ("version: 1\nversion: 1\n", "launchgate.yml:2: invalid YAML: duplicate key 'version'"),
    ("version: 1\ntargets:\n  canonical: ${LG_CANONICAL}\n", "launchgate.yml:3: "
     "targets.canonical: ${LG_CANONICAL} " "is not set"),
])
def test_errors_name_file_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    assert error_of(tmp_path, text).startswith(expected)


def test_several_errors_say_how_many_more(tmp_path: Path) -> None:
    msg = error_of(tmp_path, "version: 1\nfake:\n  level: 0\ntargets:\n  timeout_s: -1\n")
    assert msg.startswith("launchgate.yml:3: fake.level:") and msg.endswith("(and 1 more)")


def test_yaml_11_words_stay_strings(tmp_path: Path) -> None:
    cfg = load(write(tmp_path, "version: 1\ntargets:\n  domain: no\n  hosts: [on, off, yes, "
                     "2026-11-22]\n"), SCHEMA, {})
    assert cfg.data["targets"]["domain"] == "no"
    assert cfg.data["targets"]["hosts"] == ["on", "off", "yes", "2026-11-22"]


def test_interpolation_with_defaults_and_escapes(tmp_path: Path) -> None:
    text = ("version: 1\ntargets:\n  canonical: https://${HOST}\n  domain: "
            "${DOMAIN:-example.test}\n  hosts: ['$${literal}']\n")
    cfg = load(write(tmp_path, text), SCHEMA, {"HOST": "shop.example.test"})
    assert cfg.data["targets"]["canonical"] == "https://shop.example.test"
    assert cfg.data["targets"]["domain"] == "example.test"
    assert cfg.data["targets"]["hosts"] == ["${literal}"]


def test_a_whole_substituted_scalar_keeps_its_yaml_type(tmp_path: Path) -> None:
    text = ("version: 1\ntargets:\n  ports: {https: '${PORT}'}\n  domain: ${NUM}\n  hosts: "
            "['${PORT}-x']\n")
    cfg = load(write(tmp_path, text), SCHEMA, {"PORT": "8443", "NUM": "x1"})
    assert cfg.data["targets"]["ports"]["https"] == 8443
    assert cfg.data["targets"]["hosts"] == ["8443-x"]
    # from ${NUM}: masked
    with pytest.raises(ConfigError, match=r"targets\.domain: '…\(2 chars\)' is not of type "
                       r"'string'"):
        load(write(tmp_path, text), SCHEMA, {"PORT": "1", "NUM": "12"})


def test_probe_sections_keep_their_templates_for_run_time(tmp_path: Path) -> None:
    cfg = load(write(tmp_path, "version: 1\nsmoke:\n  - {name: login, token: '${token}'}\n"),
               SCHEMA, {})
    assert cfg.data["smoke"] == [{"name": "login", "token": "${token}"}]


def test_unreadable_and_binary_config(tmp_path: Path) -> None:
    (tmp_path / "launchgate.yml").mkdir()
    with pytest.raises(ConfigError, match=r"^launchgate.yml: cannot read"):
        load(tmp_path / "launchgate.yml", SCHEMA, {})
    other = tmp_path / "x"
    other.mkdir()
    (other / "launchgate.yml").write_bytes(b"version: 1\n\xff\xfe\x00garbage")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load(other / "launchgate.yml", SCHEMA, {})


def test_committed_schema_matches_the_checks() -> None:
    committed = (Path(__file__).parents[2] / "launchgate" / "schema.json").read_text()
    expected = schema_text(editor_config_schema(build_schema(ALL)))
    assert committed == expected, "run `make docs` and commit launchgate/schema.json"
    json.loads(committed)


def test_readme_reference_sections_are_current() -> None:
    import subprocess
    import sys

    root = Path(__file__).parents[2]
    res = subprocess.run([sys.executable, "scripts/gen_docs.py", "--check"], cwd=root,
                         capture_output=True, text=True,
                         env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    assert res.returncode == 0, res.stdout + res.stderr


def test_an_alias_bomb_is_a_one_line_error_not_a_hang(tmp_path: Path) -> None:
    rows = ["version: 1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    rows += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    assert error_of(tmp_path, "\n".join(rows) + "\n") == (
        "launchgate.yml:1: the config expands to more than 50000 YAML nodes (recursive or "
        "exponential aliases?)")


def test_merge_keys_with_explicit_overrides(tmp_path: Path) -> None:
    text = ("version: 1\nx-ports: &ports {http: 8080, https: 8443}\n"
            "targets:\n  ports:\n    <<: *ports\n    https: 9443\n")
    schema = build_schema([FindingCheck()])
    schema["properties"]["x-ports"] = {"type": "object"}
    cfg = load(write(tmp_path, text), schema, {})
    assert cfg.data["targets"]["ports"] == {"http": 8080, "https": 9443}


def test_secret_values_are_collected_for_the_run_and_scrubbed_from_reasons(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from launchgate.model import CheckResult, Phase, Report, RunInfo, Status
    from launchgate.redact import scrub_report

    pw = "Zr7" + "-not-a-real-pw-93"
    text = ("migrations:\n  apply:\n    database_url: "
            "postgres://app:${DB_PASSWORD}@127.0.0.1:1/app\ntargets:\n  domain: ${DOMAIN}\n")
    cfg = load(write(tmp_path, text), build_schema(ALL),
               {"DB_PASSWORD": pw, "DOMAIN": "shop.example.test"})
    # a non-secret ${DOMAIN} is not scrubbed from every message
    assert cfg.secrets == frozenset({pw})
    info = RunInfo(version="0", phases=(Phase.PRE,), fail_on=None,
                   started_at=datetime(2026, 1, 1, tzinfo=UTC),
                   root=".")
    result = CheckResult(check="migrations", phase=Phase.PRE, status=Status.ERROR,
                         reason=f"cannot connect: password {pw} rejected on shop.example.test",
                         figures={f"health.probe.https://x.test/h?k={pw}": f"GET {pw}", "n": 3})
    out = scrub_report(Report(info=info, results=(result,)), cfg.secrets)
    assert out.results[0].reason == ("cannot connect: password Zr7-…(20 chars) rejected on "
                                     "shop.example.test")
    # figures name URLs and requests (the handover pack shows them): scrubbed too, numbers kept
    assert out.results[0].figures == {
        "health.probe.https://x.test/h?k=Zr7-…(20 chars)": "GET Zr7-…(20 chars)", "n": 3}
