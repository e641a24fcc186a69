"""The published JSON Schemas as an editor uses them: the files the docs tell people to write
validate with check-jsonschema (0 errors, ${VAR} in typed fields included), mistakes still do not,
and `init` writes the modeline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from launchgate.checks import ALL
from launchgate.cli import cli
from launchgate.config import build_schema, schema_text
from launchgate.editor_schema import CONFIG_SCHEMA_URL, editor_config_schema, env_file_schema
from launchgate.init import render_init

ROOT = Path(__file__).parents[2]
SHIPPED = ROOT / "launchgate" / "schema.json"
SHIPPED_ENV = ROOT / "launchgate" / "env.schema.json"
EXAMPLE = ROOT / "examples" / "marketplace"


def check_jsonschema(schema: Path, *instances: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run([str(exe), "--schemafile", str(schema), *map(str, instances)],
                          capture_output=True, text=True, timeout=60, check=False)


def test_the_examples_config_validates_against_the_shipped_schema() -> None:
    text = (EXAMPLE / "launchgate.yml").read_text()
    # the typed fields it fills from the environment are what is tested
    assert "${DEMO_HTTP_PORT:-80}" in text
    res = check_jsonschema(SHIPPED, EXAMPLE / "launchgate.yml")
    assert res.returncode == 0, res.stdout


def test_interpolation_in_a_typed_field_is_valid_and_a_wrong_value_is_still_an_error(
    tmp_path: Path,
) -> None:
    good = tmp_path / "good.yml"
    good.write_text("fail_on: ${FAIL_ON:-high}\ntargets:\n  ports: {http: '${PORT:-8080}'}\n  "
                    "timeout_s: ${T}\n  resolve: ['app.test:${PORT}:127.0.0.1']\n")
    assert check_jsonschema(SHIPPED, good).returncode == 0
    bad = tmp_path / "bad.yml"
    bad.write_text("fail_on: hgh\ntargets:\n  ports: {http: eighty}\n  resolve: "
                   "['app.test:PORT:127.0.0.1']\n  timeout_s: $T\n  hostz: []\n")
    res = check_jsonschema(SHIPPED, bad)
    assert res.returncode == 1
    for where in ("$.fail_on", "$.targets.ports.http", "$.targets.resolve[0]",
                  "$.targets.timeout_s", "$.targets"):
        assert f"bad.yml::{where}:" in res.stdout


def test_the_examples_env_schema_validates_and_a_typo_does_not(tmp_path: Path) -> None:
    assert check_jsonschema(SHIPPED_ENV, EXAMPLE / "env.schema.yaml").returncode == 0
    for text, where in (("vars:\n  PORT: {type: integr, required_in: [production]}\n",
                         "$.vars.PORT.type"),
                        ("vars:\n  9PORT: {type: int}\n", "$.vars"), ("frameworks: vite\n", "$")):
        bad = tmp_path / "env.schema.yaml"
        bad.write_text("version: 1\n" + text)
        res = check_jsonschema(SHIPPED_ENV, bad)
        assert res.returncode == 1 and f"env.schema.yaml::{where}:" in res.stdout, (
            text,
            res.stdout,
        )


def test_init_writes_the_modeline_and_its_output_validates_in_an_editor(tmp_path: Path) -> None:
    (tmp_path / ".env.example").write_text("PORT=8080\nDATABASE_URL=postgres://localhost/app\n")
    (tmp_path / "package.json").write_text('{"dependencies": {"next": "14"}}')
    res = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert res.exit_code == 0, res.output
    text = (tmp_path / "launchgate.yml").read_text()
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={CONFIG_SCHEMA_URL}"
    assert "# yaml-language-server: $schema=https://launchgate.dev/schema/env.schema.json" in text
    assert check_jsonschema(SHIPPED, tmp_path / "launchgate.yml").returncode == 0


def test_shipped_schemas_are_the_generated_ones_and_the_cli_prints_them() -> None:
    assert SHIPPED.read_text() == schema_text(editor_config_schema(build_schema(ALL))), (
        "run `make docs`"
    )
    assert SHIPPED_ENV.read_text() == schema_text(env_file_schema()), "run `make docs`"
    assert CliRunner().invoke(cli, ["schema"]).output == SHIPPED.read_text()
    env = CliRunner().invoke(cli, ["schema", "--env"])
    assert env.exit_code == 0 and json.loads(env.output)["title"] == "env.schema.yaml"


def test_render_init_starts_with_the_modeline(tmp_path: Path) -> None:
    assert render_init(tmp_path).startswith("# yaml-language-server: $schema=")
