"""NaN and ±Infinity are refused for every number the schema has (issue 18/19: ``.nan`` passes every
bound).

The paths are read from the run's schema, so a number added later is covered without editing this
file. Each case is one line naming the key, exit-2 material (ConfigError); a finite value at the
same place passes the number check (the twin that shows the refusal is about finiteness, not the
key).
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from launchgate.app import every_check
from launchgate.config import ConfigError, build_schema, validate

# the schema a run validates against (the published launchgate/schema.json also admits ${VAR} in
# typed fields)
SCHEMA: dict[str, Any] = build_schema(every_check())


def _numeric(node: Any, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    if not isinstance(node, dict):
        return out
    kinds = node.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "number" in kinds or "integer" in kinds:
        out.append(path)
    for key, sub in (node.get("properties") or {}).items():
        out += _numeric(sub, (*path, key))
    if isinstance(node.get("items"), dict):
        out += _numeric(node["items"], (*path, "0"))
    if isinstance(node.get("additionalProperties"), dict):
        out += _numeric(node["additionalProperties"], (*path, "k"))
    for alt in ("anyOf", "oneOf"):
        for sub in node.get(alt) or ():
            out += _numeric(sub, path)
    return out


PATHS = sorted(set(_numeric(SCHEMA, ())))


def _place(path: tuple[str, ...], value: float) -> Any:
    data: Any = value
    for part in reversed(path):
        data = [data] if part == "0" else {part: data}
    return data


def _errors_at(path: tuple[str, ...], value: float) -> str | None:
    dotted = ".".join(path)
    # the number sorts first
    lines = {".".join(path[:i]): 2 for i in range(1, len(path))} | {dotted: 1}
    try:
        validate(_place(path, value), SCHEMA, "x.yml", lines)
    except ConfigError as exc:
        return str(exc)
    return None


def test_the_schema_has_numbers_to_check() -> None:
    assert len(PATHS) > 40  # the walk found the schema's numbers (83 when written)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf], ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize("path", PATHS, ids=[".".join(p) for p in PATHS])
def test_a_non_finite_number_is_refused_naming_the_key(path: tuple[str, ...], value: float) -> None:
    got = _errors_at(path, value)
    assert got is not None
    assert got.startswith(f"x.yml:1: {'.'.join(path)}: "), got
    assert "finite number is expected" in got.split(" (and ")[0], got
    assert "\n" not in got


@pytest.mark.parametrize("path", PATHS, ids=[".".join(p) for p in PATHS])
def test_a_finite_number_at_the_same_key_is_not_refused_for_finiteness(
    path: tuple[str, ...],
) -> None:
    got = _errors_at(path, 1)
    assert got is None or "finite" not in got, got
