"""JSON paths and the assertions a smoke step or health probe makes about a response (pure, no I/O).

JSON paths are the small, common subset: ``$``, ``.name``, ``['name']``, ``[0]``, ``[-1]``. An
assertion is either a literal (equality) or an object of operators: ``exists``, ``equals``,
``matches`` (regex, searched), ``contains``, ``length``, ``min_length``, ``max_length``. Failures
are short sentences a maintainer can read: ``$.items: expected length >= 1, got 0``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

OPERATORS = frozenset({"exists", "equals", "matches", "contains", "length", "min_length",
                       "max_length"})
_MISSING = object()
_TOKEN = re.compile(
    r"""\.([A-Za-z_][\w-]*)|\[\s*(-?\d+)\s*\]|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]"""
)


class PathError(ValueError):
    """A JSON path that does not parse."""


def parse_path(path: str) -> list[str | int]:
    """``$.a['b'][0]`` -> ``['a', 'b', 0]``; a bare ``a.b`` is read as ``$.a.b``."""
    text = path.strip()
    if not text.startswith("$"):
        text = "$." + text
    parts: list[str | int] = []
    pos = 1
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise PathError(f"cannot read JSON path {path!r} at {text[pos:]!r}")
        name, index, q1, q2 = m.groups()
        parts.append(int(index) if index is not None else (name or q1 or q2 or ""))
        pos = m.end()
    return parts


def lookup(doc: Any, path: str) -> tuple[bool, Any]:
    """(found, value) of ``path`` in ``doc``."""
    cur = doc
    for part in parse_path(path):
        in_list = isinstance(part, int) and isinstance(cur, list) and -len(cur) <= part < len(cur)
        in_dict = isinstance(part, str) and isinstance(cur, dict) and part in cur
        if not (in_list or in_dict):
            return False, None
        cur = cur[part]
    return True, cur


def is_assertion(spec: Any) -> bool:
    return isinstance(spec, Mapping) and bool(spec) and set(spec) <= OPERATORS


def show(value: Any, limit: int = 80) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = repr(text) if isinstance(value, str) else text
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check(where: str, found: bool, value: Any, spec: Any) -> list[str]:
    """Failures of one assertion on one (found, value)."""
    if not is_assertion(spec):
        spec = {"equals": spec}
    out: list[str] = []
    if "exists" in spec:
        if bool(spec["exists"]) != found:
            out.append(f"{where}: expected {'to exist' if spec['exists'] else 'to be absent'}, "
                       f"{'got ' + show(value) if found else 'missing'}")
        return out
    if not found:
        return [f"{where}: missing"]
    if "equals" in spec and not _equal(value, spec["equals"]):
        out.append(f"{where}: expected {show(spec['equals'])}, got {show(value)}")
    if "matches" in spec and not re.search(str(spec["matches"]), value if isinstance(value, str)
                                           else show(value)):
        out.append(f"{where}: expected to match /{spec['matches']}/, got {show(value)}")
    if "contains" in spec:
        needle = spec["contains"]
        ok = (needle in value) if isinstance(value, (list, dict)) else (str(needle) in str(value))
        if not ok:
            out.append(f"{where}: expected to contain {show(needle)}, got {show(value)}")
    out += _length_failures(where, value, spec)
    return out


def _length_failures(where: str, value: Any, spec: Mapping[str, Any]) -> list[str]:
    keys = [k for k in ("length", "min_length", "max_length") if k in spec]
    if not keys:
        return []
    if not isinstance(value, (str, list, dict)):
        return [f"{where}: expected something with a length, got {show(value)}"]
    n = len(value)
    out = []
    if "length" in spec and n != spec["length"]:
        out.append(f"{where}: expected length {spec['length']}, got {n}")
    if "min_length" in spec and n < spec["min_length"]:
        out.append(f"{where}: expected length >= {spec['min_length']}, got {n}")
    if "max_length" in spec and n > spec["max_length"]:
        out.append(f"{where}: expected length <= {spec['max_length']}, got {n}")
    return out


def _equal(actual: Any, expected: Any) -> bool:
    """YAML-friendly equality: ``200`` equals ``"200"``, ``ok`` equals ``"ok"``; bools only equal
    bools."""
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected or (isinstance(actual, bool) and isinstance(expected, bool)
                                      and actual == expected)
    if actual == expected:
        return True
    if isinstance(actual, (int, float, str)) and isinstance(expected, (int, float, str)):
        return str(actual) == str(expected)
    return False


def check_subset(doc: Any, pattern: Mapping[str, Any], where: str = "$") -> list[str]:
    """``expect.json``: every key of ``pattern`` is in ``doc`` and matches (nested objects
    recurse)."""
    if not isinstance(doc, dict):
        return [f"{where}: expected a JSON object, got {show(doc)}"]
    out: list[str] = []
    for key, spec in pattern.items():
        here = f"{where}.{key}"
        found, value = (key in doc), doc.get(key)
        if isinstance(spec, Mapping) and not is_assertion(spec):
            out += check_subset(value, spec, here) if found else [f"{here}: missing"]
        else:
            out += check(here, found, value, spec)
    return out


def check_paths(doc: Any, paths: Mapping[str, Any]) -> list[str]:
    """``expect.json_path``: each path's assertion."""
    out: list[str] = []
    for path, spec in paths.items():
        found, value = lookup(doc, path)
        out += check(path, found, value, spec)
    return out


def parse_json(body: bytes) -> tuple[bool, Any]:
    try:
        return True, json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return False, None
