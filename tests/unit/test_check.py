"""The check contract: a frozen Context that records figures, anchors live findings on the config
line, and typed Settings whose defaults come from the family's schema fragment."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from launchgate.check import Context, Scope, settings_of, with_defaults
from launchgate.model import Finding, Location
from launchgate.net import Net
from launchgate.repo import Repo

from .fakes import RULE_HIGH


def ctx(tmp_path: Path, **kw) -> Context:
    return Context(config={}, repo=Repo(tmp_path), net=Net(), env={}, scope=Scope(), **kw)


def test_context_is_frozen_but_records_figures(tmp_path: Path) -> None:
    c = ctx(tmp_path)
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.env = {"A": "1"}  # type: ignore[misc]
    c.record("files", 3)
    c.record("files", 4)
    assert dict(c.figures) == {"files": 4}
    assert dict(ctx(tmp_path).figures) == {}  # each Context has its own recorder


def test_live_findings_are_anchored_on_the_nearest_declared_config_line(tmp_path: Path) -> None:
    (tmp_path / "deploy").mkdir()
    c = ctx(tmp_path, config_path=tmp_path / "deploy" / "launchgate.yml",
            config_lines={"targets.hosts": 7})
    assert c.anchor_path == "deploy/launchgate.yml"
    f = Finding.of(RULE_HIGH, "bad host", Location(url="https://a.test/"))
    [anchored] = c.anchored([f], "targets.hosts.0")
    assert (anchored.location.anchor_path, anchored.location.anchor_line,
            anchored.location.url) == (
        "deploy/launchgate.yml", 7, "https://a.test/")
    # no config file: nothing to anchor on
    assert ctx(tmp_path).anchor("targets.hosts") == Location()


def test_the_anchor_path_is_computed_once_not_per_finding(tmp_path: Path) -> None:
    c = ctx(tmp_path, config_path=tmp_path / "launchgate.yml", config_lines={"tls": 3})
    # a later change on disk is not seen
    (tmp_path / "launchgate.yml").symlink_to(tmp_path / "elsewhere.yml")
    assert c.anchor("tls.min_days") == Location(anchor_path="launchgate.yml", anchor_line=3)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Demo:
    level: int
    names: tuple[str, ...]


FRAGMENT = {"type": "object", "properties": {"level": {"type": "integer", "default": 3},
                                              "names": {"type": "array", "default": ["a"]}}}


def test_settings_take_the_section_first_then_the_schema_defaults() -> None:
    assert settings_of(Demo, FRAGMENT, {}) == Demo(level=3, names=("a",))
    assert settings_of(Demo, FRAGMENT, {"level": 5, "names": ["x", "y"]}) == Demo(
        level=5, names=("x", "y")
    )


def test_a_setting_without_a_schema_default_is_a_bug_in_the_family() -> None:
    with pytest.raises(TypeError, match=r"Demo.names: no value in the section and no default in "
                       r"the schema"):
        settings_of(Demo, {"properties": {"level": {"default": 1}}}, {})


@dataclasses.dataclass(frozen=True, kw_only=True)
class WithOptional:
    level: int
    domain: str | None
    doubled: int = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "doubled", self.level * 2)


def test_an_optional_setting_without_a_default_is_none_and_derived_fields_are_computed() -> None:
    assert settings_of(WithOptional, FRAGMENT, {}) == WithOptional(level=3, domain=None)
    got = settings_of(WithOptional, FRAGMENT, {"level": 4, "domain": "example.test"})
    assert (got.level, got.domain, got.doubled) == (4, "example.test", 8)


def test_with_defaults_fills_only_absent_keys_of_an_entry() -> None:
    item = {"properties": {"timeout_s": {"default": 5}, "warmup_s": {"default": 0},
                           "url": {"type": "string"}}}
    assert with_defaults(item, {"url": "/healthz", "timeout_s": 2}) == {"url": "/healthz",
                                                                        "timeout_s": 2,
                                                                         "warmup_s": 0}
    assert with_defaults(item, {}) == {"timeout_s": 5, "warmup_s": 0}
