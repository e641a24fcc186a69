"""Raw JSON Schema per environment (``env.schema.<environment>.json``): coerce each string by its
property's declared type, validate, and map JSON Schema keywords to env rules. jsonschema's messages
quote the instance, so they are never used: findings name the keyword and the variable only."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from launchgate.checks.env import rules as R
from launchgate.checks.env.envschema import JsonSchemaFile
from launchgate.checks.env.files import Source
from launchgate.checks.env.values import is_encrypted
from launchgate.model import Finding, Location, Rule

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})


def _coerce_one(value: str, typ: str) -> Any:
    v = value.strip()
    match typ:
        case "integer":
            return int(v)
        case "number":
            return float(v)
        case "boolean":
            if v.lower() in _TRUE | _FALSE:
                return v.lower() in _TRUE
            raise ValueError
        case "object" | "array":
            return json.loads(v)
        case "null":
            if v in ("", "null"):
                return None
            raise ValueError
        case _:
            return value


def coerce(value: str, prop: Mapping[str, Any]) -> Any:
    """The value as the property's declared type (the first that parses), else the string
    unchanged."""
    types = prop.get("type", "string")
    for typ in [types] if isinstance(types, str) else list(types):
        try:
            return _coerce_one(value, str(typ))
        except ValueError:
            continue
    return value


_KEYWORD_RULE: dict[str, Rule] = {
    "required": R.MISSING_REQUIRED, "enum": R.INVALID_ENUM, "const": R.INVALID_ENUM,
    "pattern": R.PATTERN_MISMATCH, "additionalProperties": R.UNDECLARED_IN_SCHEMA,
}


def jsonschema_findings(js: JsonSchemaFile, values: Mapping[str, Source]) -> list[Finding]:
    props = js.schema.get("properties") or {}
    instance = {k: coerce(s.value, props.get(k) or {}) for k, s in values.items()
                if k in props or s.path is not None}
    out: list[Finding] = []
    # imported for an env.schema.*.json only: the secrets check imports this family for its env
    # schema, and a pre-commit secrets hook should not pay for jsonschema
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(js.schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for err in sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.path]):
        rule = _KEYWORD_RULE.get(str(err.validator), R.INVALID_TYPE)
        if err.validator == "required" and not err.path:
            for name in err.validator_value:
                if name not in instance:
                    out.append(Finding.of(rule, f"{name} is required by {js.path} but not set",
                                          Location(
                        path=js.path), key=(name, js.environment)))
            continue
        if err.validator == "additionalProperties" and not err.path:
            for name in sorted(set(instance) - set(props)):
                extra = values[name]
                out.append(Finding.of(rule, f"{name} is set in {extra.path}:{extra.line} but "
                                      f"{js.path} does not allow it",
                                      Location(path=extra.path, start_line=extra.line),
                                      key=(name,)))
            continue
        name = str(err.path[0]) if err.path else "(all)"
        src = values.get(name)
        if src is not None and is_encrypted(src.value):
            continue  # dotenvx ciphertext: present, its plaintext is not ours to validate
        where = (f"{src.path}:{src.line}" if src and src.path else "the process environment")
        loc = Location(path=src.path,
                       start_line=src.line) if src and src.path else Location(path=js.path)
        out.append(Finding.of(rule, f"{name} in {where} fails `{err.validator}` of {js.path}", loc,
                              key=(name, str(err.validator), js.environment)))
    return out
