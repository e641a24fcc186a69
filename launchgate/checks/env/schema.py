"""The ``env`` config section: its JSON Schema fragment (the only place its defaults live) and the
typed Settings built from it. The env schema a project writes (``env.schema.yaml``) is read by
envschema.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from launchgate.check import settings_of
from launchgate.checks.env.envschema import FRAMEWORK_PREFIXES, TYPES

# an env.schema.yaml written inline
INLINE_KEYS = ("framework", "environments", "allow_undeclared", "vars")

VAR_FRAGMENT: dict[str, Any] = {
    "type": ["object", "null"], "additionalProperties": False,
    "description": "One variable: its type and constraints (same keys as in env.schema.yaml).",
    "properties": {
        "type": {"enum": list(TYPES), "description": "Value type; `enum` needs `values`."},
        "required_in": {"type": "array", "items": {"type": "string"},
                        "description": "Environments in which the variable must be set and "
                        "non-empty."},
        "required": {"type": "boolean", "description": "Shorthand for required in every "
                     "environment."},
        "secret": {"type": "boolean", "description": "The value is a secret (never committed, "
                   "never public)."},
        "public": {"type": "boolean", "description": "The browser reads it: needs the framework's "
                   "client prefix."},
        "pattern": {"type": "string", "description": "Python regular expression the value must "
                    "match (search)."},
        "values": {"type": "array", "items": {"type": ["string", "number", "boolean"]},
                   "description": "Allowed values of an enum."},
        "default": {"type": ["string", "number", "boolean"],
                    "description": "Value the app uses when unset."},
        "min_length": {"type": "integer", "minimum": 0,
                       "description": "Minimum length of the value."},
        "description": {"type": "string", "description": "Free text for humans."},
    },
}

SECTION_FRAGMENT: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "description": "Environment variables: a schema of the variables each environment needs, "
    "validated against the merged dotenv files and the process environment, plus "
    "dotenv hygiene and leak checks.",
    "properties": {
        "schema_file": {"type": "string", "default": "env.schema.yaml",
                        "description": "Env schema file, relative to launchgate.yml's directory "
                        "(repo root without a config). Missing is fine: inline "
                        "`vars` or file-level rules only."},
        "dir": {"type": "string", "default": ".",
                "description": "Directory holding .env, .env.local, .env.<environment>[.local]."},
        "default_environment": {"type": "string",
                                "description": "Environment validated when --environment is not "
                                "given (default: `development` if listed, else the "
                                "first environment)."},
        "framework": {"enum": list(FRAMEWORK_PREFIXES),
                      "description": "Inline: overrides the schema " "file's."},
        "environments": {"type": "array", "items": {"type": "string"},
                         "description": "Inline environments."},
        "allow_undeclared": {"type": "boolean", "description": "Inline: allow dotenv keys the "
                             "schema lacks."},
        "vars": {"type": "object", "additionalProperties": VAR_FRAGMENT,
                 "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
                 "description": "Inline variables, merged over the schema file's (same format)."},
        "files": {"type": "array", "items": {"type": "string"},
                  "default": [".env", ".env.*", "*/.env", "*/.env.*"],
                  "description": "Globs of dotenv files the file-level rules (hygiene, committed, "
                  "leaks) inspect."},
        "files_exclude": {"type": "array", "items": {"type": "string"}, "default": [],
                          "description": "Globs of dotenv files to leave alone (test fixtures, "
                          "vendored apps)."},
        "example_files": {"type": "array", "items": {"type": "string"},
                          "default": [".env.example", ".env.sample", ".env.template", ".env.dist"],
                          "description": "Template file names: never merged, checked for missing "
                          "keys and real secrets."},
        "scan_code": {"type": "array", "items": {"type": "string"},
                      "default": ["*.py", "*.js", "*.jsx", "*.mjs", "*.cjs", "*.ts", "*.tsx",
                                  "*.mts", "*.vue",
                                  "*.svelte", "*.astro"],
                      "description": "Globs of source files scanned for reads of environment "
                      "variables; [] to turn off env.used-but-undeclared."},
        "scan_exclude": {"type": "array", "items": {"type": "string"},
                         "default": ["tests/", "test/", "__tests__/", "*.test.*", "*.spec.*",
                                     "test_*.py",
                                     "conftest.py", "dist/", "build/", ".next/", ".nuxt/",
                                     ".svelte-kit/", "*.min.js",
                                     "coverage/"],
                         "description": "Patterns (gitignore-style, at any depth without a slash) "
                         "excluded from the code scan."},
        "ignore_vars": {"type": "array", "items": {"type": "string"}, "default": [],
                        "description": "Names (fnmatch globs) never reported as "
                        "used-but-undeclared or undeclared."},
        "deployed_environments": {"type": "array", "items": {"type": "string"},
                                  "default": ["staging", "production", "prod"],
                                  "description": "Environments where placeholders and localhost "
                                  "are errors."},
    },
}

SCHEMA: dict[str, dict[str, Any]] = {"env": SECTION_FRAGMENT}


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The ``env`` section, typed; every default comes from SCHEMA. ``inline``: the inline schema
    keys given."""

    schema_file: str
    dir: str
    default_environment: str | None
    framework: str | None
    environments: tuple[str, ...] | None
    allow_undeclared: bool | None
    vars: Mapping[str, Any] | None
    files: tuple[str, ...]
    files_exclude: tuple[str, ...]
    example_files: tuple[str, ...]
    scan_code: tuple[str, ...]
    scan_exclude: tuple[str, ...]
    ignore_vars: tuple[str, ...]
    deployed_environments: tuple[str, ...]
    inline: Mapping[str, Any] = field(init=False)

    def __post_init__(self) -> None:  # the schema loader reads lists, as YAML gives them
        given = {k: getattr(self, k) for k in INLINE_KEYS if getattr(self, k) is not None}
        if "environments" in given:
            given["environments"] = list(given["environments"])
        object.__setattr__(self, "inline", given)

    @classmethod
    def of(cls, section: Mapping[str, Any]) -> Settings:
        return settings_of(cls, SECTION_FRAGMENT, section)

    def is_template(self, name: str) -> bool:
        """A template's file name: one of ``example_files``, or a dotenv name holding the word one
        of them ends with (``.env.prod.example``, ``.env.dev-azure.example``,
        ``.env.production.sample``, ``.env.example.local``): a per-environment template is no
        environment's values."""
        if name in self.example_files:
            return True
        if not name.startswith(".env."):
            return False
        markers = {n.rsplit(".", 1)[-1] for n in self.example_files if n.startswith(".env.")}
        return any(part in markers for part in name[len(".env."):].split("."))
