"""The env section's typed Settings: defaults from the schema fragment, the inline env schema passed
on as YAML gives it (lists stay lists), and given keys winning over the defaults."""

from __future__ import annotations

from launchgate.checks.env import Settings
from launchgate.checks.env.envschema import build_schema
from launchgate.checks.env.schema import SECTION_FRAGMENT


def test_defaults_come_from_the_fragment() -> None:
    s = Settings.of({})
    props = SECTION_FRAGMENT["properties"]
    assert (s.schema_file, s.dir, s.default_environment) == (props["schema_file"]["default"], ".",
                                                             None)
    assert s.scan_code == tuple(props["scan_code"]["default"]) and "*.py" in s.scan_code
    assert s.inline == {}  # no inline schema unless one of its keys is given


def test_given_keys_win_and_the_inline_schema_builds() -> None:
    s = Settings.of({"dir": "deploy", "scan_code": [], "environments": ["dev", "prod"],
                     "vars": {"API_URL": {"type": "url", "required_in": ["prod"]}}})
    assert (s.dir, s.scan_code) == ("deploy", ())
    assert s.inline == {"environments": ["dev", "prod"],
                        "vars": {"API_URL": {"type": "url", "required_in": ["prod"]}}}
    schema = build_schema(s.inline, path="launchgate.yml", lines={}, prefix="env.")
    assert schema.environments == ("dev", "prod") and schema.vars["API_URL"].required("prod")
    assert not schema.vars["API_URL"].required("dev")
