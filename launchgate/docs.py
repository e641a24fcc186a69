"""Reference documentation generated from the code: the config reference (from the JSON Schema) and
the rule table (from the Rules). ``launchgate docs`` prints them; the README embeds them between
markers and a test fails when the README drifts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from launchgate.check import Check
from launchgate.model import Rule

CONFIG_BEGIN, CONFIG_END = "<!-- BEGIN CONFIG REFERENCE -->", "<!-- END CONFIG REFERENCE -->"
RULES_BEGIN, RULES_END = "<!-- BEGIN RULES -->", "<!-- END RULES -->"


def _type_of(schema: Mapping[str, Any]) -> str:
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    t = schema.get("type")
    if isinstance(t, list):
        return " \\| ".join(str(x) for x in t)
    if t == "array":
        items = schema.get("items", {})
        inner = _type_of(items) if isinstance(items, dict) else "any"
        return f"list of {inner}"
    if t is None and ("oneOf" in schema or "anyOf" in schema):
        alts = schema.get("oneOf") or schema.get("anyOf") or []
        return " or ".join(_type_of(a) for a in alts if isinstance(a, dict)) or "any"
    return str(t or "any")


def _rows(schema: Mapping[str, Any], prefix: str, defs: Mapping[str, Any],
          depth: int = 0) -> Iterator[
        tuple[str, str, str, str]]:
    if "$ref" in schema and isinstance(schema["$ref"],
                                       str) and schema["$ref"].startswith("#/$defs/"):
        schema = {**defs.get(schema["$ref"].split("/")[-1], {}),
                  **{k: v for k, v in schema.items() if k != "$ref"}}
    default = json.dumps(schema["default"]) if "default" in schema else ""
    desc = " ".join(str(schema.get("description", "")).split())
    yield prefix, _type_of(schema), default, desc
    if depth >= 3:
        return
    props = schema.get("properties")
    if isinstance(props, dict):
        for name, sub in props.items():
            if isinstance(sub, dict):
                yield from _rows(sub, f"{prefix}.{name}", defs, depth + 1)
    items = schema.get("items")
    if schema.get("type") == "array" and isinstance(items, dict):
        if "$ref" in items and isinstance(items["$ref"], str):
            items = defs.get(items["$ref"].split("/")[-1], items)
        for name, sub in (items.get("properties") or {}).items():
            if isinstance(sub, dict):
                yield from _rows(sub, f"{prefix}[].{name}", defs, depth + 1)


def config_reference(schema: Mapping[str, Any]) -> str:
    defs = schema.get("$defs", {})
    out = ["| key | type | default | description |", "|---|---|---|---|"]
    for name, sub in schema.get("properties", {}).items():
        for key, typ, default, desc in _rows(sub, name, defs):
            out.append(f"| `{key}` | {typ} | {f'`{default}`' if default else ''} | {_cell(desc)} |")
    return "\n".join(out)


CATALOGUE = 40  # a check with more rules than this (secrets: one per credential format) folds them


def rules_table(checks: Iterable[Check]) -> str:
    """One row per rule. The rows of a check with a catalogue of rules (the secrets check's
    credential formats) go in a folded table of their own after the others, so the README's table
    stays readable; every row keeps its anchor (SARIF's helpUri), and a browser opens the fold when
    a link points into it."""
    owners: dict[str, list[str]] = {}
    rules = {}
    for c in checks:
        for r in c.rules:  # a rule two checks can raise (dns.lookup-failed) is one row naming both
            owners.setdefault(r.id, []).append(c.id)
            rules[r.id] = r
    counts: dict[str, int] = {}
    for rid in rules:
        counts[owners[rid][0]] = counts.get(owners[rid][0], 0) + 1
    folded = {c for c, n in counts.items() if n > CATALOGUE}
    main = [rid for rid in sorted(rules) if owners[rid][0] not in folded]
    out = _table(main, rules, owners)
    for check in sorted(folded):
        ids = [rid for rid in sorted(rules) if owners[rid][0] == check]
        out += ["", f"<details><summary>The {len(ids)} rules of the {check} check (one per kind "
                    "of credential, and the check's own)</summary>", "",
                *_table(ids, rules, owners), "", "</details>"]
    return "\n".join(out)


def _table(ids: list[str], rules: dict[str, Rule], owners: dict[str, list[str]]) -> list[str]:
    out = ["| rule | check | default severity | problem |", "|---|---|---|---|"]
    out += [f"| <a id=\"{rules[rid].anchor}\"></a>`{rid}` | {', '.join(owners[rid])} | "
            f"{rules[rid].severity.label} | {_cell(rules[rid].title)} |" for rid in ids]
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def splice(document: str, begin: str, end: str, body: str) -> str:
    """Replace what stands between the ``begin`` and ``end`` markers with ``body``."""
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(document):
        raise ValueError(f"marker {begin} not found")
    return pattern.sub(lambda _m: f"{begin}\n{body}\n{end}", document, count=1)
