"""launchgate.yml: YAML with line tracking -> ${ENV} interpolation -> validation against the schema
-> defaults.

Errors name the file, line and key path in one line (``launchgate.yml:12: tls.min_days: -3 is less
than the minimum of 1``). YAML 1.1 surprises are switched off: only ``true``/``false`` are booleans
(``on``, ``no``, ``yes`` stay strings) and dates stay strings.

Bounded and careful with what it quotes: the file is read only when it is a regular file under
MAX_CONFIG_BYTES; numbers must be finite (``.nan`` passes no bound); ``format: regex`` values are
compiled as untrusted patterns; path keys (PATH_KEYS) must stay inside the repository. A value that
came from ``${ENV}`` or sits under a secret-looking key (token, password, dsn, ...) is masked
(``sk_l…(40 chars)``) in every error that quotes it.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from launchgate import saferegex, yamlio
from launchgate.check import Check
from launchgate.confguard import SECRET_KEY_RE, ConfigError, Taint, check_paths, line_of, secret_key
from launchgate.containment import Refused, read_regular
from launchgate.redact import mask

if TYPE_CHECKING:  # the validator is built for the first config that has something in it
    import jsonschema

__all__ = ["CONFIG_NAMES", "Config", "ConfigError", "build_schema", "find_config", "interpolate",
           "line_of", "load",
           "parse_yaml", "schema_text", "validate"]

CONFIG_NAMES = ("launchgate.yml", "launchgate.yaml")
# Sections whose ${...} are resolved at run time by their check (they also name captures such as
# ${token}).
RUNTIME_TEMPLATED = frozenset({"health", "smoke", "rate_limits", "latency", "ai"})
_VAR_RE = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
# a launchgate.yml is a few KiB; past this it is not a config (50 MB comments...)
MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class Config:
    """The validated configuration: plain data with defaults filled, plus where each key was
    declared."""

    data: Mapping[str, Any]
    lines: Mapping[str, int] = field(default_factory=dict)
    path: Path | None = None
    # values never to print whole (under secret-looking keys, or from a secret-named ${VAR}): the
    # run's outputs
    # are scrubbed of them (redact.scrub_report)
    secrets: frozenset[str] = frozenset()


# -- the schema
# --------------------------------------------------------------------------------------------
SEVERITY_OR_OFF = {"enum": ["blocker", "high", "medium", "low", "info", "off"]}

_NAME = r"^(@|[A-Za-z0-9_]([A-Za-z0-9_.-]{0,251}[A-Za-z0-9])?)$"
_IPV4, _IPV6 = r"^[0-9]{1,3}(\.[0-9]{1,3}){3}$", "^[0-9A-Fa-f:.]{2,45}$"
# targets keys of the subdomain, DNS-pinning and origin checks (dns, tls, web)
EDGE_TARGETS: dict[str, Any] = {
    "subdomains": {
        "type": "array", "items": {"type": "string", "pattern": _NAME}, "maxItems": 50,
        "default": ["www", "app", "api", "admin", "auth"],
        "description": "Labels under targets.domain (or full names) checked besides targets.hosts "
                       "where they exist: DNS, certificate coverage, HTTPS redirect, HSTS."},
    "expect": {
        "type": "object", "default": {}, "propertyNames": {"pattern": _NAME}, "maxProperties": 50,
        "additionalProperties": {
            "type": "object", "additionalProperties": False, "minProperties": 1,
            "properties": {
                "cname": {"type": "string", "description": "The name the host must be a CNAME to."},
                "a": {"type": "array", "items": {"type": "string", "pattern": _IPV4},
                      "description": "The IPv4 addresses it must resolve to, all of them."},
                "aaaa": {"type": "array", "items": {"type": "string", "pattern": _IPV6},
                         "description": "The IPv6 addresses it must resolve to, all of them."}}},
        "description": "What a host must point at, by label ('@' for the apex) or full name: "
                       "{api: {cname: api-prod.fly.dev}, '@': {a: [203.0.113.7]}}."},
    "origin": {
        "type": "string", "description": "The origin server's address behind the CDN/edge: it must "
                                         "not answer the public host names directly."},
}

TARGETS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "The live deployment the post-deploy checks look at; shared by every "
    "post-deploy check.",
    "additionalProperties": False,
    "properties": {
        "domain": {
            "type": "string",
            "description": "Registrable domain of the product (DNS and email checks).",
        },
        "canonical": {
            "type": "string",
            "pattern": "^https?://",
            "description": "Where every public URL must end up, e.g. https://example.com.",
        },
        "hosts": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "Every public host name to check (apex, www, api, app, admin...).",
        },
        "resolve": {
            "type": "array",
            "default": [],
            "items": {"type": "string", "pattern": r"^[^:\s]+:[0-9]+:\S+$"},
            "description": "host:port:address overrides, like curl --resolve: check a new "
            "stack before DNS points at it.",
        },
        "nameservers": {
            "type": "array",
            "default": [],
            "items": {"type": "string"},
            "description": "Ask these DNS servers (address[:port]) instead of the system resolver.",
        },
        "ca_bundle": {
            "type": "string",
            "description": "Extra trust anchors (PEM file, relative to the repo).",
        },
        "ports": {
            "type": "object",
            "additionalProperties": False,
            "default": {"http": 80, "https": 443},
            "description": "Ports the http:// and https:// URLs are served on (staging "
            "stacks, test labs).",
            "properties": {
                "http": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 80},
                "https": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 443},
            },
        },
        "timeout_s": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 300,
            "default": 10,
            "description": "Total deadline of one network request, in seconds.",
        },
        **EDGE_TARGETS,
    },
    "dependentRequired": {"expect": ["domain"]},  # its keys are labels under the domain
}


def build_schema(checks: Iterable[Check]) -> dict[str, Any]:
    """The whole launchgate.yml JSON Schema: core keys plus each check's section fragments."""
    props: dict[str, Any] = {
        "version": {"const": 1, "default": 1, "description": "Config format version."},
        "fail_on": {"enum": ["blocker", "high", "medium", "low", "info", "never"],
                    "default": "high",
                    "description": "Fail the gate when a finding is at or above this severity."},
        "rules": {"type": "object", "default": {}, "additionalProperties": SEVERITY_OR_OFF,
                  "propertyNames": {"pattern": r"^[a-z0-9_]+\.[a-z0-9-]+$"},
                  "description": "Per-rule severity override, or off: {web.csp-missing: low, "
                  "env.lowercase-key: off}."},
        "baseline": {"type": "string", "default": ".launchgate-baseline.json",
                     "description": "Accepted findings by fingerprint (written by `launchgate "
                     "baseline`)."},
        "targets": TARGETS_SCHEMA,
    }
    defs: dict[str, Any] = {}
    for check in checks:
        for name, fragment in check.schema.items():
            frag = dict(fragment)
            defs.update(frag.pop("$defs", {}))
            if name in props:
                raise ValueError(f"config section {name!r} declared twice (check {check.id})")
            props[name] = frag
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://launchgate.dev/schema/launchgate.json",
        "title": "launchgate.yml",
        "type": "object",
        "additionalProperties": False,
        "properties": dict(sorted(props.items(), key=lambda kv: _section_order(kv[0]))),
    }
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


_CORE_ORDER = ("version", "fail_on", "rules", "baseline", "targets", "env", "secrets", "migrations",
               "dns",
               "email", "tls", "web", "routes", "health", "smoke", "rate_limits", "latency")


def _section_order(name: str) -> tuple[int, str]:
    return (_CORE_ORDER.index(name) if name in _CORE_ORDER else len(_CORE_ORDER), name)


def bundled_schema_text() -> str:
    return resources.files("launchgate").joinpath("schema.json").read_text(encoding="utf-8")


def schema_text(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=False) + "\n"


# -- YAML
# --------------------------------------------------------------------------------------------------
class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-ish scalars: true/false only as booleans, no timestamps."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                              re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def parse_yaml(text: str, name: str) -> tuple[Any, dict[str, int]]:
    """Parse YAML text into data and a map of dotted key path -> 1-based line (bounded: see yamlio).

    Scalars are typed by _Loader's resolvers (true/false, null, int, float, else str)."""
    constructor = yaml.constructor.SafeConstructor()
    try:
        return yamlio.load(text, name, loader=_Loader, scalar=constructor.construct_object,
                           what="the config")
    except yamlio.YamlError as exc:
        raise ConfigError(str(exc)) from None


# -- interpolation
# -----------------------------------------------------------------------------------------
def interpolate(value: Any, env: Mapping[str, str], path: str, where: str, lines: Mapping[str, int],
                taint: Taint | None = None) -> Any:
    """Resolve ${VAR} and ${VAR:-default} in strings ($$ is a literal $); unset without default is
    an error.

    ``taint`` collects the paths and values that came from the environment (and values under secret
    keys)."""
    taint = Taint() if taint is None else taint
    if isinstance(value, dict):
        return {k: (v if not path and k in RUNTIME_TEMPLATED
                    else interpolate(v, env, f"{path}.{k}" if path else str(k), where, lines,
                                     taint))
                for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env, f"{path}.{i}", where, lines, taint) for i,
                v in enumerate(value)]
    if isinstance(value, str) and secret_key(path):
        taint.values.add(value)
        taint.secrets.update(v for v in _secret_parts(value, env) if len(v) >= 8)
    if not isinstance(value, str) or "$" not in value:
        return value

    def sub(m: re.Match[str]) -> str:
        if m.group(0) == "$$":
            return "$"
        name, default = m.group(1), m.group(2)
        if name in env and env[name] != "":
            taint.paths.add(path)
            taint.values.update({env[name], env[name].strip()} - {""})
            if SECRET_KEY_RE.search(name) or secret_key(path):
                taint.secrets.update(v for v in (env[name], env[name].strip()) if len(v) >= 8)
            return env[name]
        if default is not None:
            return default
        raise ConfigError(f"{where}:{line_of(lines, path)}: {path}: ${{{name}}} is not set "
                          f"(set it, or write ${{{name}:-default}})")

    result = _VAR_RE.sub(sub, value)
    whole = _VAR_RE.fullmatch(value)
    if whole is not None and whole.group(0) != "$$":
        if path in taint.paths:  # the environment's value, not the file's default
            taint.whole.add(path)
        return _retype(result)  # `port: ${PORT}` is a number, as if it had been written in place
    return result


def _secret_parts(value: str, env: Mapping[str, str]) -> list[str]:
    """What of a secret key's value is secret: the substituted values of its ${VAR}s, or the literal
    itself."""
    names = [m.group(1) for m in _VAR_RE.finditer(value) if m.group(1)]
    return [env[n] for n in names if env.get(n)] if names else [value]


def _retype(text: str) -> Any:
    """The YAML type a substituted scalar would have had (int, float, bool), else the string
    itself."""
    if not text or "\n" in text:
        return text
    try:
        value = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError:
        return text
    return value if isinstance(value, (int, float, bool)) else text


def runtime_variables(data: Mapping[str, Any]) -> set[str]:
    """Names of the ${VAR}s the probe sections resolve at run time (passwords, tokens sent to the
    live app)."""
    names: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            names.update(m.group(1) for m in _VAR_RE.finditer(value) if m.group(1))

    for section in RUNTIME_TEMPLATED:
        walk(data.get(section))
    return names




# -- validation and defaults
# -------------------------------------------------------------------------------
def _finite_number(_checker: Any, value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _untrusted_regex(value: object) -> bool:
    if isinstance(value, str) and (why := saferegex.check(value)) is not None:
        raise ValueError(why)
    return True


@cache
def _validator_class() -> tuple[Any, jsonschema.FormatChecker]:
    """JSON Schema 2020-12 with finite numbers and ``format: regex`` compiled as untrusted
    patterns (built on first use: a run with no config to validate never imports jsonschema)."""
    import jsonschema

    formats = jsonschema.FormatChecker(formats=())
    formats.checks("regex", raises=ValueError)(_untrusted_regex)
    validator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator,
        type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("number",
                                                                            _finite_number))
    return validator, formats


def validate(data: Any, schema: Mapping[str, Any], where: str, lines: Mapping[str, int],
             taint: Taint | None = None) -> None:
    """ConfigError (one line, file:line: key: problem) for the first error by line; tainted values
    masked."""
    taint = Taint() if taint is None else taint
    cls, formats = _validator_class()
    validator = cls(schema, format_checker=formats)
    errors = sorted(validator.iter_errors(data),
                    key=lambda e: (line_of(lines, _dotted(e.absolute_path)),
                                                                 _dotted(e.absolute_path)))
    if not errors:
        return
    first = _describe(errors[0], where, lines, taint)
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    raise ConfigError(taint.clean(first + more))


def _dotted(path: Iterable[Any]) -> str:
    return ".".join(str(p) for p in path)


def _describe(err: jsonschema.ValidationError, where: str, lines: Mapping[str, int],
              taint: Taint) -> str:
    path = _dotted(err.absolute_path)
    message = err.message
    shown = repr(err.instance)
    if taint.covers(path) and not isinstance(err.instance, dict | list):
        shown = repr(str(mask(str(err.instance))))
        message = message.replace(repr(err.instance), shown)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = sorted(err.schema.get("properties", {})) if isinstance(err.schema, dict) else []
        extra = sorted(str(k) for k in err.instance if k not in allowed)
        if extra and allowed:
            key = f"{path}.{extra[0]}" if path else extra[0]
            return (f"{where}:{line_of(lines, key)}: {key}: unknown key (expected one of: "
                    f"{', '.join(allowed)})")
    if err.validator == "enum":
        choices = err.validator_value if isinstance(err.validator_value, list) else []
        message = f"{shown} is not one of: {', '.join(str(v) for v in choices)}"
    elif err.validator == "type" and isinstance(err.instance,
                                                float) and not math.isfinite(err.instance):
        message = f"{err.instance} is not allowed: a finite number is expected"
    elif err.validator == "format" and err.validator_value == "regex":
        message = str(err.cause) if err.cause else f"{shown} is not a valid regular expression"
    elif taint.covers(path) and isinstance(err.instance, dict | list):
        message = f"invalid value ({err.validator} {err.validator_value!r} not met)"
    return f"{where}:{line_of(lines, path)}: {path or '(top level)'}: {message}"


def fill_defaults(data: Any, schema: Mapping[str, Any]) -> Any:
    """Return a copy of ``data`` with ``default``s of object properties filled in, recursively."""
    data = copy.deepcopy(data)
    _fill(data, schema)
    return data


def _fill(data: Any, schema: Mapping[str, Any]) -> None:
    """Write the schema's defaults into ``data`` in place, recursing into objects, their extra keys
    and lists."""
    if isinstance(data, dict):
        props: Mapping[str, Any] = schema.get("properties", {})
        for name, sub in props.items():
            if isinstance(sub, dict):
                _fill_property(data, name, sub)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for name, value in data.items():
                if name not in props:
                    _fill(value, extra)
    elif isinstance(data, list) and isinstance(schema.get("items"), dict):
        for item in data:
            _fill(item, schema["items"])


def _fill_property(data: dict[str, Any], name: str, sub: Mapping[str, Any]) -> None:
    """One property: its default when absent (an empty object when only its own properties have
    defaults)."""
    if name not in data:
        if "default" in sub:
            data[name] = copy.deepcopy(sub["default"])
        elif sub.get("type") == "object" and any("default" in p
                                                 for p in sub.get("properties", {}).values()):
            data[name] = {}
    if name in data:
        _fill(data[name], sub)


# -- entry point
# -------------------------------------------------------------------------------------------
def find_config(root: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = root / name
        if candidate.is_file():
            return candidate
    return None


def load(path: Path | None, schema: Mapping[str, Any], env: Mapping[str, str],
         overrides: Mapping[str, Any] | None = None, display_name: str | None = None,
         root: Path | None = None) -> Config:
    """Read, interpolate, validate and fill defaults. ``path`` None means: no config file, defaults
    only.

    With ``root`` (the repository), path keys are checked to stay inside it and the CA bundle to be
    PEM."""
    where = display_name or (path.name if path else "launchgate.yml")
    data: Any = {}
    lines: dict[str, int] = {}
    taint = Taint()
    if path is not None:
        try:
            raw = read_regular(path, MAX_CONFIG_BYTES, where)
        except Refused as exc:
            raise ConfigError(f"{where}: cannot read: {exc.reason}") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{where}: not UTF-8 text (byte {exc.start})") from None
        data, lines = parse_yaml(text, where)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError(f"{where}:1: the top level must be a mapping of sections, not "
                              f"{type(data).__name__}")
        data = interpolate(data, env, "", where, lines, taint)
    for dotted, value in (overrides or {}).items():
        _set(data, dotted, value)
    # Without a file the data is only the command line's overrides, values Click has already
    # checked against the same choices: no validator (nor jsonschema's import) for them
    if path is not None and data:
        validate(data, schema, where, lines, taint)
    if root is not None:
        check_paths(data, root, path.parent if path else root, where, lines, taint)
    return Config(data=fill_defaults(data, schema), lines=lines, path=path,
                  secrets=frozenset(taint.secrets))




def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    for p in parts[:-1]:
        nxt = data.setdefault(p, {})
        if isinstance(nxt, list) and p == "latency":  # list form -> object form (latency.baseline)
            nxt = data[p] = {"endpoints": nxt}
        if not isinstance(nxt, dict):
            return
        data = nxt
    data[parts[-1]] = value
