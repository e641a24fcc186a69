"""The JSON Schemas launchgate publishes for editors: launchgate.yml's (as written, before
``${VAR}``) and env.schema.yaml's.

launchgate validates launchgate.yml *after* interpolation, against the strict schema of
``config.build_schema``. An editor (yaml-language-server, SchemaStore, check-jsonschema) sees the
file as written, where ``port: ${PORT:-8080}`` is still a string. So the published schema lets every
constrained scalar (number, integer, boolean, enum, const, a string with a pattern) also be a string
holding a ``${VAR}``; whatever the variable expands to is checked by launchgate at run time. Both
files get a ``# yaml-language-server: $schema=`` modeline from `launchgate init`, pointing at these
schemas' ``$id``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CONFIG_SCHEMA_URL = "https://launchgate.dev/schema/launchgate.json"
ENV_SCHEMA_URL = "https://launchgate.dev/schema/env.schema.json"
# A string holding at least one ${VAR} or ${VAR:-default}, as config.interpolate resolves them.
INTERPOLATED: dict[str, Any] = {"type": "string",
                                "pattern": r"\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}",
                                "description": "Resolved from the environment when launchgate "
                                "loads the file."}
_CONSTRAINED_TYPES = frozenset({"integer", "number", "boolean", "null"})
_STRING_CONSTRAINTS = ("pattern", "format", "minLength", "maxLength")
_ANNOTATIONS = ("description", "default", "title", "examples")
_SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs")
# not "not", nor propertyNames: keys stay strict
_SUBSCHEMA_ONE = ("items", "additionalProperties", "contains")


def modeline(url: str) -> str:
    """The first line that makes yaml-language-server (VS Code, JetBrains, Neovim, Helix) load
    ``url``."""
    return f"# yaml-language-server: $schema={url}"


def _constrained(schema: Mapping[str, Any]) -> bool:
    types = schema.get("type")
    names = {types} if isinstance(types, str) else set(types or ())
    if names & _CONSTRAINED_TYPES or "enum" in schema or "const" in schema:
        return True
    return "string" in names and any(k in schema for k in _STRING_CONSTRAINTS)


def accept_interpolation(schema: Any) -> Any:
    """``schema`` where each constrained scalar also accepts a string holding a ``${VAR}`` (see
    module doc)."""
    if not isinstance(schema, Mapping):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _SUBSCHEMA_MAPS and isinstance(value, Mapping):
            out[key] = {k: accept_interpolation(v) for k, v in value.items()}
        elif key in _SUBSCHEMA_ONE:
            out[key] = accept_interpolation(value)
        elif key in ("anyOf", "oneOf", "allOf", "prefixItems"):
            out[key] = [accept_interpolation(v) for v in value]
        else:
            out[key] = value
    # a ${VAR} string would match the loosened branch of every alternative at once
    if "oneOf" in out:
        out["anyOf"] = out.pop("oneOf")
    if not _constrained(out):
        return out
    notes = {k: out.pop(k) for k in _ANNOTATIONS if k in out}
    return {**notes, "anyOf": [out, INTERPOLATED]}


def editor_config_schema(strict: Mapping[str, Any]) -> dict[str, Any]:
    """The published launchgate.yml schema (schema.json) from the strict one ``config.build_schema``
    returns."""
    loose: dict[str, Any] = accept_interpolation(strict)
    loose["$id"] = CONFIG_SCHEMA_URL
    return loose


def env_file_schema() -> dict[str, Any]:
    """The JSON Schema of env.schema.yaml (`launchgate schema --env`); the file is not
    interpolated."""
    from launchgate.checks.env.envschema import FRAMEWORK_PREFIXES
    from launchgate.checks.env.schema import SECTION_FRAGMENT

    section = SECTION_FRAGMENT["properties"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": ENV_SCHEMA_URL,
        "title": "env.schema.yaml",
        "description": "The environment variables of an app: types, constraints, where each is "
        "required (read by launchgate's env check; docs/checks/env.md).",
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": {
            "version": {"const": 1, "default": 1, "description": "Env schema format version."},
            "framework": {"enum": list(FRAMEWORK_PREFIXES),
                          "description": "Decides which prefixes reach the browser bundle (unset: "
                          "all known ones)."},
            "environments": {"type": "array", "items": {"type": "string"},
                             "default": ["development", "staging", "production"],
                             "description": "The environments the app is deployed to."},
            "allow_undeclared": {"type": "boolean", "default": False,
                                 "description": "Allow dotenv keys the schema does not declare."},
            "vars": {**section["vars"], "description": "The variables, by name."},
        },
    }
