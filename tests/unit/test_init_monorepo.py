"""`launchgate init` on monorepos (apps and migration folders below the root, framework per app) and
with hostile folder names (the written YAML reads back as exactly the intended data)."""

from __future__ import annotations

import json
from pathlib import Path

from launchgate.checks import ALL
from launchgate.config import build_schema, parse_yaml, validate
from launchgate.init import inspect_repo, render_init


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def load(text: str) -> dict:
    data, lines = parse_yaml(text, "launchgate.yml")
    validate(data or {}, build_schema(ALL), "launchgate.yml", lines)
    return data


def test_monorepo_apps_and_prisma_folder_marked_by_migration_lock(tmp_path):
    root = write(tmp_path, {
        "package.json": json.dumps({"workspaces": ["apps/*", "packages/*"],
                                    "devDependencies": {"vite": "5"}}),
        "apps/web/package.json": json.dumps({"dependencies": {"next": "14"}}),
        "apps/web/next.config.js": "module.exports = {}\n",
        # a library, not an app
        "packages/ui/package.json": json.dumps({"devDependencies": {"vite": "5"}}),
        "packages/db/migration/migration_lock.toml": 'provider = "postgresql"\n',
        "packages/db/migration/20240101000000_init/migration.sql": "CREATE TABLE a (id int);\n",
    })
    facts = inspect_repo(root)
    assert [(a.path, a.js_framework) for a in facts.apps] == [("apps/web", "nextjs")]
    assert [(d.path, d.tool, d.linted)
            for d in facts.migration_dirs] == [("packages/db/migration", "prisma", True)]
    data = load(render_init(root))
    assert data["env"]["framework"] == "nextjs"
    assert data["migrations"] == {"scope": "unreleased", "dir": "packages/db/migration"}


def test_hostile_folder_name_cannot_become_live_yaml(tmp_path):
    evil = "x\nrules:\n  migrations.drop-table: off\n# a: b 'q\" #"
    root = write(
        tmp_path,
        {
            f"{evil}/migrations/20240101000000_init/migration.sql": "CREATE TABLE a (id int);\n",
            f"{evil}/migrations/migration_lock.toml": 'provider = "postgresql"\n',
        },
    )
    text = render_init(root)
    data = load(text)
    assert "rules" not in data
    assert data["migrations"] == {"scope": "unreleased", "dir": f"{evil}/migrations"}
