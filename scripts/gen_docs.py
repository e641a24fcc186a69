"""Regenerate the README's config reference and rule table, and launchgate/schema.json, from the code.

Usage: python scripts/gen_docs.py [--check]   (--check: exit 1 when something is out of date)
"""

from __future__ import annotations

import sys
from pathlib import Path

from launchgate.checks import ALL
from launchgate.config import build_schema, schema_text
from launchgate.docs import CONFIG_BEGIN, CONFIG_END, RULES_BEGIN, RULES_END, config_reference, rules_table, splice

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    schema = build_schema(ALL)
    readme = ROOT / "README.md"
    old = readme.read_text(encoding="utf-8")
    new = splice(old, CONFIG_BEGIN, CONFIG_END, config_reference(schema))
    new = splice(new, RULES_BEGIN, RULES_END, rules_table(ALL))
    schema_file = ROOT / "launchgate" / "schema.json"
    stale = [p for p, text in ((readme, new), (schema_file, schema_text(schema)))
             if p.read_text(encoding="utf-8") != text]
    if "--check" in sys.argv:
        for p in stale:
            print(f"{p.relative_to(ROOT)} is out of date: run `make docs`")
        return 1 if stale else 0
    readme.write_text(new, encoding="utf-8")
    schema_file.write_text(schema_text(schema), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
