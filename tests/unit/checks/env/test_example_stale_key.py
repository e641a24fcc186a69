"""env.example-stale-key: a template key that no schema declares, nothing else sets and nothing in
the repository reads or names is reported (low), once per template line; every way a key is used
that the check can see keeps it quiet (a read, a framework's indirection, a dynamic read, a product
that reads its own prefix, a declaration, a reference, a schema)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from launchgate.check import Context, Scope
from launchgate.checks.env import EnvCheck
from launchgate.checks.env.stale import Matchers, prefixes_of
from launchgate.model import Finding, Severity
from launchgate.net import Net
from launchgate.repo import Repo

TEMPLATE = "DATABASE_URL=postgres://localhost/app\nLEGACY_FAX_NUMBER=\n"
APP = "import os\nDB = os.environ['DATABASE_URL']\n"


def run(root: Path, files: dict[str, str], section: dict | None = None) -> list[Finding]:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    ctx = Context(config={"env": section or {}}, repo=Repo(root), net=Net(), env={}, scope=Scope(),
                  environment="development")
    return asyncio.run(EnvCheck().run(ctx))


def stale(findings: list[Finding]) -> list[tuple[str | None, int | None, str]]:
    return [(f.location.path, f.location.start_line, f.message) for f in findings
            if f.rule.id == "env.example-stale-key"]


def test_a_key_nothing_uses_is_reported_once_per_template_line(tmp_path: Path) -> None:
    fs = run(tmp_path, {".env.example": TEMPLATE, "app.py": APP,
                        "apps/web/.env.sample": "LEGACY_FAX_NUMBER=\n"})
    assert stale(fs) == [
        (".env.example", 2, "LEGACY_FAX_NUMBER is in .env.example:2 but no env schema declares "
         "it, no other dotenv or deployment file sets it and nothing in the "
         "repository reads or names it"),
        ("apps/web/.env.sample", 1, "LEGACY_FAX_NUMBER is in apps/web/.env.sample:1 but no env "
         "schema declares it, no other dotenv or deployment file sets it and nothing in the "
         "repository reads or names it")]
    assert {f.severity for f in fs if f.rule.id == "env.example-stale-key"} == {Severity.LOW}


@pytest.mark.parametrize(("where", "files"), [
    ("read in code", {"fax.py": "import os\nFAX = os.getenv('LEGACY_FAX_NUMBER')\n"}),
    ("read through pydantic-settings' env_prefix", {"settings.py": (
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n"
        "class S(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix='LEGACY_')\n"
        "    fax_number: str = ''\n")}),
    ("named in a Prisma schema", {"prisma/schema.prisma": "url = env(\"LEGACY_FAX_NUMBER\")\n"}),
    ("named in Go code", {"main.go": "fax := os.Getenv(\"LEGACY_FAX_NUMBER\")\n"}),
    ("a dynamic read by suffix", {"fax.ts": "const n = process.env[`${kind}_FAX_NUMBER`];\n"}),
    ("a dynamic read by prefix", {"fax.ts": "const n = process.env['LEGACY_' + name];\n"}),
    ("set in another dotenv file", {".env.production": "LEGACY_FAX_NUMBER=+1555\n"}),
    ("declared in compose", {"docker-compose.yml": (
        "services:\n  web:\n    environment:\n      - LEGACY_FAX_NUMBER\n")}),
    ("referenced by another value", {".env.local": "FAX=${LEGACY_FAX_NUMBER}\n"}),
    ("declared in the schema", {"env.schema.yaml": (
        "version: 1\nenvironments: [development]\nvars:\n  DATABASE_URL: {type: url}\n"
        "  LEGACY_FAX_NUMBER: {type: string}\n")}),
])
def test_a_key_used_in_any_way_the_check_can_see_is_not_reported(tmp_path: Path, where: str,
                                                                  files: dict[str, str]) -> None:
    fs = run(tmp_path, {".env.example": TEMPLATE, "app.py": APP, **files})
    assert stale(fs) == [], where


def test_nuxt_runtime_config_reads_its_keys(tmp_path: Path) -> None:
    nuxt = "export default defineNuxtConfig({\n  runtimeConfig: {\n    apiSecret: '',\n  },\n})\n"
    fs = run(tmp_path,
             {".env.example": "NUXT_API_SECRET=\nNUXT_OLD_TOKEN=\n", "nuxt.config.ts": nuxt})
    assert [key for _, _, key in stale(fs)] == [
        "NUXT_OLD_TOKEN is in .env.example:2 but no env schema declares it, no other dotenv or "
        "deployment file sets it and nothing in the repository reads or names it"]


def test_a_product_that_reads_its_own_prefix_keeps_its_keys(tmp_path: Path) -> None:
    files = {".env.example": "SENTRY_ORG=\nNEXT_PUBLIC_CLERK_SIGN_IN_URL=\n",
             "package.json": '{"dependencies": {"@sentry/nextjs": "8", "@clerk/nextjs": "5"}}\n'}
    assert stale(run(tmp_path, files)) == []
    files["package.json"] = '{"dependencies": {"next": "15"}}\n'
    assert len(stale(run(tmp_path / "without", files))) == 2


def test_without_the_code_scan_nothing_is_known_to_be_unused(tmp_path: Path) -> None:
    fs = run(tmp_path, {".env.example": TEMPLATE, "app.py": APP}, section={"scan_code": []})
    assert stale(fs) == []
    fs = run(tmp_path / "ignored", {".env.example": TEMPLATE, "app.py": APP},
             section={"ignore_vars": ["LEGACY_*"]})
    assert stale(fs) == []


def test_matchers_on_text() -> None:
    m = Matchers({"LEGACY_FAX_NUMBER", "AUTH_GITHUB_ID", "OTHER_KEY"})
    assert m.used_in("x = LEGACY_FAX_NUMBER_2 + MY_LEGACY_FAX_NUMBER") == set()  # words only
    assert m.used_in("import NextAuth from 'next-auth'") == {"AUTH_GITHUB_ID"}
    assert m.used_in('env[f"{p}_FAX_NUMBER"]') == {"LEGACY_FAX_NUMBER"}  # Python's f-string too
    assert m.used_in('env[p + "_fax_number"]') == set()  # env names are upper case
    assert m.used_in('env[p + "_FAX_NUMBER"]') == {"LEGACY_FAX_NUMBER"}
    assert prefixes_of("LEGACY_FAX_NUMBER") == ("LEGACY_", "LEGACY", "LEGACY_FAX_", "LEGACY_FAX")
    assert prefixes_of("DB_HOST") == ()  # a two-letter head would match too much
