"""YAML and JSON as launchgate reads them (launchgate.yml, env schemas, baselines): plain data,
bounded.

YAML: composes the node graph under a node budget and a nesting limit (a million nodes or ten
thousand ``[`` stop at the limit, in the composer, before the graph is built), then walks it with a
node budget: aliases are expanded while walking, so a "billion laughs" file stops at the budget with
a one-line error instead of exhausting memory or time later (interpolation and validation copy what
they walk). Merge keys (``<<: *defaults``) are honoured, explicit keys winning. JSON: the same
nesting limit (never a RecursionError).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import yaml

MAX_NODES = 50_000
MAX_DEPTH = 64  # nesting of mappings and sequences; launchgate's own formats need fewer than ten
_MERGE_TAG = "tag:yaml.org,2002:merge"


class DataError(Exception):
    """One line, ``name:line: what`` (the caller wraps it in its own error type)."""


class YamlError(DataError):
    """Invalid or oversized YAML."""


class JsonError(DataError):
    """Invalid or too deeply nested JSON."""


class _TooLarge(Exception):
    pass


class _Limit(Exception):
    def __init__(self, line: int, what: str) -> None:
        super().__init__(what)
        self.line, self.what = line, what


class _BoundedComposer:
    """Mixed into the caller's loader: counts composed nodes and nesting depth, stopping at the
    limits."""

    lg_nodes = MAX_NODES
    lg_depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.lg_nodes -= 1
        self.lg_depth += 1
        try:
            if self.lg_depth > MAX_DEPTH or self.lg_nodes < 0:
                event = self.peek_event()  # type: ignore[attr-defined]
                line = event.start_mark.line + 1 if event.start_mark else 1
                raise _Limit(line, f"nested deeper than {MAX_DEPTH} levels"
                             if self.lg_depth > MAX_DEPTH
                             else f"more than {MAX_NODES} YAML nodes")
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.lg_depth -= 1


def _bounded(loader: type[yaml.SafeLoader], max_nodes: int) -> type[yaml.SafeLoader]:
    return type(f"Bounded{loader.__name__}", (_BoundedComposer, loader), {"lg_nodes": max_nodes})


def load(
    text: str,
    name: str,
    *,
    loader: type[yaml.SafeLoader],
    scalar: Callable[[yaml.ScalarNode], Any],
    unique_keys: bool = True,
    max_nodes: int = MAX_NODES,
    what: str = "the file",
) -> tuple[Any, dict[str, int]]:
    """(data, dotted key path -> 1-based line). ``loader`` decides the scalar tags, ``scalar``
    builds a value; ``what`` names the document in the too-large error."""
    try:
        node = yaml.compose(text, Loader=_bounded(loader, max_nodes))
    except _Limit as exc:
        raise YamlError(f"{name}:{exc.line}: {what} is too large: {exc.what}") from None
    except RecursionError:
        raise YamlError(f"{name}:1: {what} is too large: nested too deeply") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(f"{name}:{mark.line + 1 if mark else 1}: invalid YAML: "
                        f"{exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlError(f"{name}:1: invalid YAML: {str(exc).splitlines()[0]}") from None
    lines: dict[str, int] = {}
    if node is None:
        return None, lines
    walker = _Walker(name, scalar, unique_keys, max_nodes, lines)
    try:
        return walker.data(node, ""), lines
    except (_TooLarge, RecursionError):
        raise YamlError(f"{name}:1: {what} expands to more than {max_nodes} YAML nodes (recursive "
                        "or exponential aliases?)") from None


class _Walker:
    def __init__(self, name: str, scalar: Callable[[yaml.ScalarNode], Any], unique_keys: bool,
                 budget: int,
                 lines: dict[str, int]) -> None:
        self.name, self.scalar, self.unique_keys, self.budget, self.lines = (
            name,
            scalar,
            unique_keys,
            budget,
            lines,
        )

    def data(self, node: yaml.Node, path: str) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.data(item, f"{path}.{i}" if path else str(i)) for i,
                    item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        return None

    def mapping(self, node: yaml.MappingNode, path: str) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        merged: list[dict[Any, Any]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                sources = value_node.value if isinstance(value_node,
                                                         yaml.SequenceNode) else [value_node]
                # merged keys are placed on this mapping's line, not the anchor's
                own, self.lines = self.lines, {}
                try:
                    merged += [m for m in (self.data(s, path) for s in sources)
                               if isinstance(m, dict)]
                finally:
                    self.lines = own
                continue
            key = self.scalar(key_node) if isinstance(key_node,
                                                      yaml.ScalarNode) else str(key_node.value)
            if self.unique_keys and key in out:
                raise YamlError(f"{self.name}:{key_node.start_mark.line + 1}: invalid YAML: "
                                f"duplicate key {key!r}")
            sub = f"{path}.{key}" if path else str(key)
            self.lines[sub] = key_node.start_mark.line + 1
            out[key] = self.data(value_node, sub)
        # explicit keys win over merged ones, earlier merge sources over later ones
        for m in merged:
            for key, value in m.items():
                out.setdefault(key, value)
        return out


def load_json(text: str, name: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON; JsonError ``name:line: ...`` when it is invalid or nested deeper than
    ``max_depth``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonError(f"{name}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise JsonError(f"{name}:1: nested deeper than {max_depth} levels") from None
    if depth(data, max_depth) > max_depth:
        raise JsonError(f"{name}:1: nested deeper than {max_depth} levels")
    return data


def depth(data: Any, limit: int) -> int:
    """Nesting depth of lists and dicts in ``data``, counted without recursion and stopping past
    ``limit``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            level += 1
            deepest = max(deepest, level)
            if deepest > limit:
                return deepest
            stack.extend((v, level) for v in (value.values() if isinstance(value, dict) else value))
    return deepest
