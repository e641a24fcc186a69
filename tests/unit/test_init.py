"""`launchgate init`'s repository inspection and the launchgate.yml it renders (validated against
the schema)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from launchgate.checks import ALL
from launchgate.checks.env.envschema import build_schema as build_env_schema
from launchgate.config import build_schema, parse_yaml, validate
from launchgate.init import inspect_repo, render, render_init


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def validates(text: str) -> dict:
    data, lines = parse_yaml(text, "launchgate.yml")
    validate(data or {}, build_schema(ALL), "launchgate.yml", lines)
    return data


NEXT_REPO = {
    "package.json": json.dumps(
        {"dependencies": {"next": "14.2.0", "react": "18"}, "devDependencies": {"vite": "5"}}
    ),
    ".env.example": "DATABASE_URL=postgres://localhost/app\nNEXT_PUBLIC_API_URL=\nSTRIPE_SECRET_KEY=\nPORT=3000\nFEATURE_ENABLED=true\n",
    "prisma/migrations/20240101_init/migration.sql": "create table a (id int);\n",
    "Dockerfile": "FROM node:20\nEXPOSE 3000\n",
}


def test_detects_nextjs_prisma_docker_and_env_example(tmp_path):
    facts = inspect_repo(write(tmp_path, NEXT_REPO))
    assert facts.js_framework == "nextjs"
    assert facts.env_example == ".env.example"
    assert dict(facts.env_example_keys) == {"DATABASE_URL": "url", "NEXT_PUBLIC_API_URL": "url",
                                            "STRIPE_SECRET_KEY": "string", "PORT": "port",
                                            "FEATURE_ENABLED": "bool"}
    assert facts.migrations[0] == ("prisma/migrations", "prisma")
    assert (facts.dockerfile, facts.exposed_port) == ("Dockerfile", 3000)


def test_rendered_config_validates_and_names_what_it_found(tmp_path):
    text = render_init(write(tmp_path, NEXT_REPO))
    data = validates(text)
    assert data["version"] == 1 and data["fail_on"] == "high"
    assert data["env"]["framework"] == "nextjs"
    assert ("# Detected: Next.js (package.json: next); .env.example (5 variables); prisma "
            "migrations in prisma/migrations/; a Dockerfile.") in text
    assert "#   resolve: [\"example.com:3000:127.0.0.1\"]" in text
    assert "# targets:" in text


def test_suggested_vars_block_is_a_valid_env_schema(tmp_path):
    text = render_init(write(tmp_path, NEXT_REPO))
    block = [ln[len("  #   "):] for ln in text.splitlines() if re.match(r"^  #   [A-Z_]+: \{", ln)]
    vars_ = yaml.safe_load("\n".join(block))
    schema = build_env_schema({"environments": ["development", "staging", "production"],
                               "vars": vars_},
                              path="env.schema.yaml", lines={})
    assert schema.vars["STRIPE_SECRET_KEY"].secret is True
    assert schema.vars["DATABASE_URL"].secret is True
    assert schema.vars["NEXT_PUBLIC_API_URL"].public is True
    assert schema.vars["NEXT_PUBLIC_API_URL"].secret is None


def test_existing_env_schema_is_not_re_suggested(tmp_path):
    text = render_init(write(tmp_path, {**NEXT_REPO, "env.schema.yaml": "version: 1\nvars: {}\n"}))
    assert "# No env.schema.yaml yet" not in text


def test_django_project(tmp_path):
    root = write(tmp_path,
                 {"pyproject.toml": '[project]\nname = "shop"\ndependencies = '
                  '["Django>=5.0", "psycopg"]\n',
                            "shop/migrations/__init__.py": "", "orders/migrations/__init__.py": ""})
    facts = inspect_repo(root)
    assert facts.py_framework == "django" and facts.js_framework is None
    assert facts.migrations == (("orders/migrations", "django"), ("shop/migrations", "django"))
    data = validates(render(facts, build_schema(ALL)["properties"]))
    assert data["env"]["framework"] == "none"


def test_supabase_rails_and_requirements(tmp_path):
    root = write(tmp_path,
                 {"requirements.txt": "fastapi==0.110\nuvicorn\n",
                  "supabase/migrations/1_init.sql": "",
                            "db/migrate/001_x.rb": ""})
    facts = inspect_repo(root)
    assert facts.py_framework == "fastapi"
    assert [d for d, _ in facts.migrations] == ["supabase/migrations", "db/migrate"]
    validates(render_init(root))


def test_vite_sveltekit_precedence(tmp_path):
    pkg = {"devDependencies": {"@sveltejs/kit": "2", "vite": "5"}}
    assert inspect_repo(write(tmp_path,
                              {"package.json": json.dumps(pkg)})).js_framework == "sveltekit"


def test_empty_and_broken_repos_still_validate(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    text = render_init(empty)
    assert "# Detected: nothing specific" in text
    validates(text)
    broken = write(tmp_path / "broken", {"package.json": "{not json", "pyproject.toml": "[[[",
                                         ".env.example": b"\xff\xfe".decode("latin-1")})
    validates(render_init(broken))


def test_sections_of_uninstalled_checks_are_commented_out(tmp_path):
    facts = inspect_repo(write(tmp_path, NEXT_REPO))
    text = render(facts, {"env": {}})
    assert '\n# migrations:\n#   scope: "unreleased"\n#   dir: "prisma/migrations"' in text
    with_migrations = render(facts,
                             {"env": {}, "migrations": {"properties": {"dir": {}, "apply": {}}}})
    assert '\nmigrations:\n  scope: "unreleased"\n  dir: "prisma/migrations"\n' in with_migrations
    assert "  # apply:" in with_migrations
