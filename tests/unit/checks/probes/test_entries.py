"""The probes' list sections, typed: each entry class is built from its item schema, so a default
is written once (in schema.py) and an optional key left out is None."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from launchgate.checks.probes import schema as S

ENTRIES: list[tuple[type[Any], dict[str, Any], dict[str, Any]]] = [
    # (class, its item schema, the smallest valid entry)
    (S.HealthEntry, S.HEALTH["items"], {"url": "/healthz"}),
    (S.FlowEntry, S.SMOKE["items"], {"name": "login", "steps": [{"request": "GET /"}]}),
    (S.StepEntry, S.STEP, {"request": "GET /"}),
    (S.RateLimitEntry, S.RATE_LIMITS["items"], {"request": "POST /login"}),
    (S.EndpointEntry, S.ENDPOINT, {"request": "GET /search"}),
    (S.CleanupEntry, S.CLEANUP, {"request": "DELETE /test-data"}),
    (S.RequestEntry, {"properties": S.REQUEST_PROPS}, {"request": "GET /"}),
    (S.ExpectEntry, S.EXPECT, {}),
]


@pytest.mark.parametrize(("cls", "fragment", "minimal"), ENTRIES,
                         ids=[c.__name__ for c, _, _ in ENTRIES])
def test_an_entry_takes_its_defaults_from_its_item_schema(cls, fragment, minimal) -> None:
    fields = dataclasses.fields(cls)
    # no default written in the dataclass
    assert [f.name for f in fields if f.default is not dataclasses.MISSING
            or f.default_factory is not dataclasses.MISSING] == []
    props = fragment["properties"]
    assert {f.name for f in fields} <= set(props) | {"dependencies"}  # every field is a config key
    entry = cls.of(minimal) if cls is not S.ExpectEntry else cls.of(None)
    for f in fields:
        got = getattr(entry, f.name)
        if f.name in minimal:
            assert got == (tuple(minimal[f.name]) if isinstance(minimal[f.name], list)
                           else minimal[f.name]), f.name
        elif "default" in props.get(f.name, {}):
            default = props[f.name]["default"]
            assert got == (tuple(default) if isinstance(default, list) else default), f.name
        else:
            assert got is None, f.name


def test_given_values_win_and_json_bodies_keep_their_shape() -> None:
    e = S.EndpointEntry.of({"request": "POST /orders", "rate": 5, "timeout_s": 2,
                            "ok_status": [200, 201]})
    assert (e.rate, e.timeout_s, e.ok_status, e.kind, e.requests) == (5, 2, (200, 201), None, None)
    r = S.RequestEntry.of({"request": "POST /bulk", "json": [{"id": 1}, {"id": 2}]})
    assert r.json == [{"id": 1}, {"id": 2}]  # a list body stays a list (JSON arrays)
    health = S.ExpectEntry.of({"dependencies": ["database"]}, health=True)
    assert (health.status, health.dependencies) == (200, ("database",))  # health's own default
    assert S.ExpectEntry.of({}).status is None  # a smoke step expects no status unless told
