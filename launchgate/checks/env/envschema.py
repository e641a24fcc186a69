"""The env schema: what variables exist, their types, where they are required (the `env` config
section itself is in schema.py).

The schema comes from ``env.schema.yaml`` next to launchgate.yml, or inline under ``env:`` (inline
keys win), plus optional raw JSON Schemas ``env.schema.<environment>.json``. A malformed schema
raises SchemaError with a one-line ``file:line: what`` message that the check turns into a
CheckError.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from launchgate import saferegex, yamlio
from launchgate.containment import InputError

TYPES = ("string", "int", "float", "bool", "port", "url", "email", "enum", "json")
FRAMEWORK_PREFIXES: dict[str, tuple[str, ...]] = {
    "nextjs": ("NEXT_PUBLIC_",), "vite": ("VITE_",), "cra": ("REACT_APP_",),
    "expo": ("EXPO_PUBLIC_",),
    "nuxt": ("NUXT_PUBLIC_",), "sveltekit": ("PUBLIC_",), "astro": ("PUBLIC_",),
    "gatsby": ("GATSBY_",),
    "vue-cli": ("VUE_APP_",), "none": (),
}
ALL_CLIENT_PREFIXES = ("NEXT_PUBLIC_", "VITE_", "REACT_APP_", "EXPO_PUBLIC_", "NUXT_PUBLIC_",
                       "PUBLIC_", "GATSBY_",
                       "VUE_APP_")
_VAR_KEYS = frozenset({"type", "required_in", "required", "secret", "public", "pattern", "values",
                       "default",
                       "min_length", "description"})
_TOP_KEYS = frozenset({"version", "framework", "environments", "allow_undeclared", "vars"})


class SchemaError(InputError):
    """A malformed env schema; the message is one line, ``file:line: what``."""


@dataclass(frozen=True, kw_only=True)
class VarSpec:
    """One declared variable. ``secret`` None means the schema did not say (heuristics decide)."""

    name: str
    type: str = "string"
    required_in: tuple[str, ...] = ()
    required_everywhere: bool = False
    secret: bool | None = None
    public: bool = False
    pattern: str | None = None
    values: tuple[str, ...] = ()
    default: str | None = None
    min_length: int | None = None
    path: str | None = None  # where it is declared
    line: int | None = None

    def required(self, environment: str) -> bool:
        return self.required_everywhere or environment in self.required_in


@dataclass(frozen=True, kw_only=True)
class JsonSchemaFile:
    """A raw JSON Schema for one environment (``env.schema.<environment>.json``)."""

    path: str
    environment: str
    schema: Mapping[str, Any]


@dataclass(frozen=True, kw_only=True)
class EnvSchema:
    """The merged env schema. ``declared`` is False when neither a schema file nor inline vars
    exist."""

    declared: bool = False
    path: str | None = None
    framework: str | None = None  # None: not said (every client prefix counts as exposed)
    environments: tuple[str, ...] = ("development", "staging", "production")
    allow_undeclared: bool = False
    vars: Mapping[str, VarSpec] = field(default_factory=dict)
    json_schemas: Mapping[str, JsonSchemaFile] = field(default_factory=dict)

    def client_prefixes(self) -> tuple[str, ...]:
        """Prefixes the framework inlines into the browser bundle; all known ones when it is not
        declared."""
        if self.framework is None:
            return ALL_CLIENT_PREFIXES
        return FRAMEWORK_PREFIXES[self.framework]

    def names(self) -> set[str]:
        names = set(self.vars)
        for js in self.json_schemas.values():
            props = js.schema.get("properties")
            if isinstance(props, Mapping):
                names.update(str(k) for k in props)
        return names


# -- YAML with line numbers and YAML 1.2-style scalars
# ---------------------------------------------------------
_INT_RE = re.compile(r"[-+]?\d+")
_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FLOAT_RE = re.compile(r"[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?")


def _scalar(node: yaml.ScalarNode) -> Any:
    """Plain scalars: true/false, null, ints and floats; everything else a string (no `on`/`no`/date
    surprises)."""
    text = node.value
    if node.style:  # quoted or block scalar
        return text
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    if low in ("", "~", "null"):
        return None
    if _INT_RE.fullmatch(text):
        return int(text)
    if _FLOAT_RE.fullmatch(text):
        return float(text)
    return text


def load_yaml(text: str, path: str) -> tuple[Any, dict[str, int]]:
    """Parse YAML into plain data plus a map from dotted key path to line; SchemaError on bad YAML
    (bounded: aliases cannot expand without limit, see yamlio). Duplicate keys: the last one
    wins."""
    try:
        return yamlio.load(text, path, loader=yaml.SafeLoader, scalar=_scalar, unique_keys=False,
                           what="the env schema")
    except yamlio.YamlError as exc:
        raise SchemaError(str(exc)) from None


def build_schema(data: Mapping[str, Any], *, path: str, lines: Mapping[str, int], prefix: str = "",
                 base: EnvSchema | None = None) -> EnvSchema:
    """Validate schema data (from the file, or inline with ``prefix='env.'``) and merge it over
    ``base``."""

    def fail(key: str, what: str) -> SchemaError:
        probe = prefix + key
        line = lines.get(probe)
        while line is None and "." in probe:  # a missing key: the line of its nearest parent
            probe = probe.rsplit(".", 1)[0]
            line = lines.get(probe)
        return SchemaError(f"{path}:{line or 1}: {prefix}{key}: {what}")

    if not isinstance(data, Mapping):
        raise SchemaError(f"{path}:1: the env schema must be a mapping with `vars`")
    for key in data:
        if key not in _TOP_KEYS:
            raise fail(str(key), f"unknown key (expected one of {', '.join(sorted(_TOP_KEYS))})")
    if data.get("version", 1) != 1:
        raise fail("version", f"unsupported version {data.get('version')!r} (expected 1)")
    prev = base or EnvSchema()
    framework = data.get("framework", prev.framework)
    if framework is not None and framework not in FRAMEWORK_PREFIXES:
        raise fail("framework", f"unknown framework {framework!r} (expected one of "
                   f"{', '.join(FRAMEWORK_PREFIXES)})")
    envs = data.get("environments", list(prev.environments))
    if not isinstance(envs, list) or not envs or not all(isinstance(e, str) and e for e in envs):
        raise fail("environments", "must be a non-empty list of environment names")
    allow = data.get("allow_undeclared", prev.allow_undeclared)
    if not isinstance(allow, bool):
        raise fail("allow_undeclared", "must be true or false")
    raw_vars = data.get("vars") or {}
    if not isinstance(raw_vars, Mapping):
        raise fail("vars", "must be a mapping of variable name to its spec")
    specs = dict(prev.vars)
    for name, spec in raw_vars.items():
        specs[str(name)] = _var_spec(str(name), spec, envs=tuple(envs), path=path, lines=lines,
                                     prefix=prefix,
                                     fail=fail)
    declared = "vars" in data or prev.declared  # inline `framework:` alone declares no variables
    return EnvSchema(declared=declared, path=prev.path if prev.declared else path,
                     framework=framework,
                     environments=tuple(envs), allow_undeclared=allow, vars=specs,
                     json_schemas=prev.json_schemas)


def _var_spec(name: str, spec: Any, *, envs: tuple[str, ...], path: str, lines: Mapping[str, int],
              prefix: str,
              fail: Any) -> VarSpec:
    key = f"vars.{name}"
    if not _VAR_NAME.fullmatch(name):
        raise fail(key, "not a valid variable name (letters, digits and underscores, not starting "
                   "with a digit)")
    spec = {} if spec is None else spec
    if not isinstance(spec, Mapping):
        raise fail(key, "must be a mapping such as {type: string, required_in: [production]}")
    for k in spec:
        if k not in _VAR_KEYS:
            raise fail(f"{key}.{k}", "unknown key (expected one of "
                       f"{', '.join(sorted(_VAR_KEYS))})")
    typ = spec.get("type", "string")
    if typ not in TYPES:
        raise fail(f"{key}.type", f"unknown type {typ!r} (expected one of {', '.join(TYPES)})")
    req = _required_in(key, spec, envs, fail)
    values = _check_values(key, spec, typ, fail)
    pattern, default = spec.get("pattern"), spec.get("default")
    return VarSpec(
        name=name, type=typ, required_in=req, required_everywhere=bool(spec.get("required", False)),
        secret=spec.get("secret"), public=bool(spec.get("public", False)),
        pattern=None if pattern is None else str(pattern),
        values=tuple(_text(v) for v in values or ()),
        default=None if default is None else _text(default), min_length=spec.get("min_length"),
        path=path, line=lines.get(prefix + key),
    )


def _required_in(
    key: str, spec: Mapping[str, Any], envs: tuple[str, ...], fail: Any
) -> tuple[str, ...]:
    req = spec.get("required_in", [])
    if not isinstance(req, list) or not all(isinstance(e, str) for e in req):
        raise fail(f"{key}.required_in", "must be a list of environment names")
    for env in req:
        if env not in envs:
            raise fail(f"{key}.required_in", f"unknown environment {env!r} (environments: "
                       f"{', '.join(envs)})")
    return tuple(req)


def _check_values(key: str, spec: Mapping[str, Any], typ: str, fail: Any) -> Any:
    """``values``, ``pattern``, the boolean flags and ``min_length`` of one variable's spec; its
    values."""
    values = spec.get("values", [])
    if typ == "enum" and (not isinstance(values, list) or not values):
        raise fail(f"{key}.values", "an enum needs a non-empty list of values")
    pattern = spec.get("pattern")
    if pattern is not None and (why := saferegex.check(str(pattern))) is not None:
        raise fail(f"{key}.pattern", why)
    for flag in ("secret", "public", "required"):
        if flag in spec and not isinstance(spec[flag], bool):
            raise fail(f"{key}.{flag}", "must be true or false")
    min_len = spec.get("min_length")
    if min_len is not None and (not isinstance(min_len, int) or isinstance(min_len, bool)
                                or min_len < 0):
        raise fail(f"{key}.min_length", "must be a non-negative integer")
    return values  # as given (a non-list is only refused for an enum)


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def load_json_schema(text: str, path: str, environment: str) -> JsonSchemaFile:
    """Parse ``env.schema.<environment>.json``; SchemaError with the line of a JSON syntax error."""
    try:
        data = yamlio.load_json(text, path)
    except yamlio.JsonError as exc:
        raise SchemaError(str(exc)) from None
    if not isinstance(data, dict):
        raise SchemaError(f"{path}:1: a JSON Schema object is expected")
    # here, not at the top: the secrets check reads env.schema.yaml through this module, and a
    # pre-commit secrets hook should not pay for importing jsonschema
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError as JsError

    try:
        Draft202012Validator.check_schema(data)
    except JsError as exc:
        where = ".".join(str(p) for p in exc.path) or "(root)"
        raise SchemaError(f"{path}:1: invalid JSON Schema at {where}: {exc.message}") from None
    return JsonSchemaFile(path=path, environment=environment, schema=data)
