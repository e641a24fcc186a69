"""Red-team cases: the built-in set (``cases.yaml`` beside this module, data not code) and users'
YAML files.

A case is an id, a category (which names the rule a failure falls under), one prompt or a short
multi-turn script, an optional marker (the string the case asks the assistant to output) and
``fails``: what counts as failing, shown in the finding. Cases are ordered round-robin over
categories, so a small request budget still covers every category.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from launchgate import yamlio
from launchgate.checks.ai import rules as R
from launchgate.model import Rule

CATEGORIES: Mapping[str, Rule] = {
    "prompt-injection": R.PROMPT_INJECTION,
    "indirect-injection": R.PROMPT_INJECTION,
    "system-prompt": R.SYSTEM_PROMPT_LEAK,
    "user-data": R.DATA_EXFILTRATION,
    "secrets": R.SECRET_LEAK,
    "tool-use": R.UNSAFE_TOOL_USE,
    "jailbreak": R.PROMPT_INJECTION,
    "encoding": R.PROMPT_INJECTION,
    "abuse": R.ABUSE_AMPLIFIED,
}
MAX_TURNS = 5
MAX_PROMPT = 4000
MAX_CASE_FILE = 1024 * 1024
_KEYS = frozenset({"id", "category", "prompt", "turns", "marker", "fails"})


class CasesError(ValueError):
    """A case file that cannot be used; one line, ``file:line: what``."""


@dataclass(frozen=True, kw_only=True)
class Case:
    id: str
    category: str
    turns: tuple[str, ...]
    marker: str | None = None
    fails: str = ""
    source: str = "builtin"

    @property
    def rule(self) -> Rule:
        return CATEGORIES[self.category]


def _case(entry: Any, i: int, name: str, lines: Mapping[str, int]) -> Case:
    def fail(key: str, what: str) -> CasesError:
        line = lines.get(f"{i}.{key}") or lines.get(str(i)) or 1
        return CasesError(f"{name}:{line}: cases[{i}]{'.' + key if key else ''}: {what}")

    if not isinstance(entry, dict):
        raise fail("", "a case is a mapping with id, category and prompt (or turns)")
    unknown = sorted(set(map(str, entry)) - _KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown key (expected {', '.join(sorted(_KEYS))})")
    for key in ("id", "category"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise fail(key, "a non-empty string is required")
    if entry["category"] not in CATEGORIES:
        raise fail("category", f"{entry['category']!r} is not one of {', '.join(CATEGORIES)}")
    if ("prompt" in entry) == ("turns" in entry):
        raise fail("prompt", "give either prompt or turns")
    turns = [entry["prompt"]] if "prompt" in entry else entry["turns"]
    if not isinstance(turns, list) or not 1 <= len(turns) <= MAX_TURNS or not all(
            isinstance(t, str) and 0 < len(t) <= MAX_PROMPT for t in turns):
        raise fail("turns" if "turns" in entry else "prompt",
                   f"1 to {MAX_TURNS} non-empty strings of at most {MAX_PROMPT} characters")
    marker = entry.get("marker")
    if marker is not None and (not isinstance(marker, str) or len(marker) < 6):
        raise fail("marker", "a string of 6+ characters")
    return Case(id=entry["id"].strip(), category=entry["category"], turns=tuple(turns),
                marker=marker,
                fails=str(entry.get("fails") or ""), source=name)


def parse_cases(text: str, name: str) -> list[Case]:
    try:
        data, lines = yamlio.load(text, name, loader=yaml.SafeLoader,
                                  scalar=yaml.constructor.SafeConstructor().construct_object,
                                  what="the cases file")
    except yamlio.YamlError as exc:
        raise CasesError(str(exc)) from None
    if not isinstance(data, list):
        raise CasesError(f"{name}:1: a cases file is a list of cases")
    return [_case(e, i, name, lines) for i, e in enumerate(data)]


def builtin() -> list[Case]:
    text = (
        resources.files("launchgate.checks.ai").joinpath("cases.yaml").read_text(encoding="utf-8")
    )
    return parse_cases(text, "builtin")


def load_cases(sources: Sequence[str], root: Path) -> list[Case]:
    """Every case of the sources (``builtin`` or a YAML path relative to ``root``); ids must be
    unique."""
    out: list[Case] = []
    for src in sources:
        if src == "builtin":
            out += builtin()
            continue
        path = Path(src) if Path(src).is_absolute() else root / src
        try:
            if path.stat().st_size > MAX_CASE_FILE:
                raise CasesError(f"ai.cases: {src}: larger than {MAX_CASE_FILE} bytes")
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CasesError(f"ai.cases: cannot read {src}: "
                             f"{getattr(exc, 'strerror', None) or exc}") from None
        out += parse_cases(text, src)
    seen: set[str] = set()
    for c in out:
        if c.id in seen:
            raise CasesError(f"{c.source}: case id {c.id!r} is defined twice")
        seen.add(c.id)
    return out


def round_robin(cases: Iterable[Case]) -> list[Case]:
    """Cases interleaved by category (first of each category, then second of each, ...), order kept
    within."""
    by_cat: dict[str, list[Case]] = {}
    for c in cases:
        by_cat.setdefault(c.category, []).append(c)
    out: list[Case] = []
    depth = max((len(v) for v in by_cat.values()), default=0)
    for i in range(depth):
        out += [v[i] for v in by_cat.values() if i < len(v)]
    return out
