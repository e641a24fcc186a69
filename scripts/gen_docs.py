"""Regenerate from the code: the README's config reference and rule table, and the published JSON
Schemas (launchgate/schema.json for launchgate.yml, launchgate/env.schema.json for env.schema.yaml),
and the schema a run validates launchgate.yml against (launchgate/checks/config.schema.json: read at
run time so that validating the config imports no check family).

Usage: python scripts/gen_docs.py [--check]   (--check: exit 1 when something is out of date)
"""

from __future__ import annotations

import sys
from pathlib import Path

from launchgate.checks import ALL, CONFIG_SCHEMA
from launchgate.config import build_schema, schema_text
from launchgate.docs import (
    CONFIG_BEGIN,
    CONFIG_END,
    RULES_BEGIN,
    RULES_END,
    config_reference,
    rules_table,
    splice,
)
from launchgate.editor_schema import editor_config_schema, env_file_schema

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    schema = build_schema(ALL)
    readme = ROOT / "README.md"
    old = readme.read_text(encoding="utf-8")
    new = splice(old, CONFIG_BEGIN, CONFIG_END, config_reference(schema))
    new = splice(new, RULES_BEGIN, RULES_END, rules_table(ALL))
    files = ((readme, new),
             (ROOT / "launchgate" / "schema.json", schema_text(editor_config_schema(schema))),
             (ROOT / "launchgate" / "env.schema.json", schema_text(env_file_schema())),
             (CONFIG_SCHEMA, schema_text(schema)))
    stale = [p for p, text in files if not p.is_file() or p.read_text(encoding="utf-8") != text]
    if "--check" in sys.argv:
        for p in stale:
            print(f"{p.relative_to(ROOT)} is out of date: run `make docs`")
        return 1 if stale else 0
    for p, text in files:
        p.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
