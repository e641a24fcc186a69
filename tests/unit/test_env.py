"""Unit tests of the env check: every rule on a bad and a good case, bad input, and that no value is
printed.

Repos are built in tmp_path (with `git init` where a rule needs git); secrets are assembled at test
time.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from pathlib import Path

import pytest

from launchgate.check import CheckError, Context, Scope, Skip
from launchgate.checks.env import EnvCheck
from launchgate.checks.env.envschema import SchemaError
from launchgate.checks.env.files import merge, parse_dotenv
from launchgate.model import Finding
from launchgate.net import Net
from launchgate.repo import Repo

SCHEMA = """\
version: 1
framework: nextjs
environments: [development, staging, production]
vars:
  DATABASE_URL: {type: url, required_in: [staging, production], secret: true, pattern: '^postgres(ql)?://'}
  NEXT_PUBLIC_API_URL: {type: url, public: true}
  LOG_LEVEL: {type: enum, values: [debug, info, warn, error], default: info}
  SESSION_SECRET: {type: string, min_length: 32, secret: true}
"""

# Built from pieces so that no real-looking secret literal sits in the repository.
STRIPE_LIVE = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc" + "Xy12"
PG_PROD = "postgres://app:" + "Zq8" + "v2Lr" + "Wm41@db.internal:5432/app"
SESSION = "s3ss" + "ion-" + "Q7m2Lk9PzR4tV8wX1yB6nC3dF5gH0jK2"


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8", newline="")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.test",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t.test"})


def repo(tmp_path: Path, files: dict[str, str | bytes], *, commit: bool = False,
         gitignore: str = "",
         schema: str | None = SCHEMA) -> Path:
    if schema is not None:
        files = {"env.schema.yaml": schema, **files}
    write(tmp_path, files)
    if commit or gitignore:
        git(tmp_path, "init", "-q")
        if gitignore:
            write(tmp_path, {".gitignore": gitignore})
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-qm", "init")
    return tmp_path


def run(root: Path, *, environment: str | None = "development", env: dict[str, str] | None = None,
        section: dict | None = None, config_path: Path | None = None,
        config_lines: dict[str, int] | None = None) -> list[Finding]:
    ctx = Context(config={"env": section or {}}, repo=Repo(root), net=Net(), env=env or {},
                  scope=Scope(),
                  environment=environment, config_path=config_path, config_lines=config_lines or {})
    return asyncio.run(EnvCheck().run(ctx))


def found(findings: list[Finding], family: str | None = None) -> set[tuple[str, str | None]]:
    return {(f.rule.id, f.location.path) for f in findings if family is None or f.rule.id == family}


def rule_ids(findings: list[Finding]) -> set[str]:
    return {f.rule.id for f in findings}


# -- schema-driven value rules
# ---------------------------------------------------------------------------------
def test_missing_required_in_selected_environment(tmp_path):
    root = repo(
        tmp_path,
        {".env.example": "DATABASE_URL=\nNEXT_PUBLIC_API_URL=\nLOG_LEVEL=\nSESSION_SECRET=\n"},
    )
    fs = run(root, environment="production")
    assert ("env.missing-required", "env.schema.yaml") in found(fs)
    [f] = [f for f in fs if f.rule.id == "env.missing-required"]
    assert f.location.start_line == 5
    assert f.message.startswith("DATABASE_URL is required in production but not set")


def test_missing_required_satisfied_by_process_env(tmp_path):
    root = repo(tmp_path, {})
    fs = run(root, environment="production",
             env={"DATABASE_URL": PG_PROD, "SESSION_SECRET": SESSION})
    assert "env.missing-required" not in rule_ids(fs)
    assert "env.missing-required" not in rule_ids(run(root, environment="development"))


def test_empty_required(tmp_path):
    root = repo(tmp_path, {".env.production": "DATABASE_URL=\n"})
    assert ("env.empty-required", ".env.production") in found(run(root, environment="production"))
    root2 = repo(tmp_path / "good", {".env": "LOG_LEVEL=\n"})
    assert "env.empty-required" not in rule_ids(run(root2, environment="production"))


@pytest.mark.parametrize(("typ", "bad", "good"), [
    ("int", "12a", "-42"), ("float", "1.2.3", "0.25"), ("bool", "maybe", "on"),
    ("port", "70000", "8080"),
    ("url", "not a url", "https://api.shop.test/v1"), ("email", "ops-at-shop", "ops@shop.test"),
    ("json", "{bad", '{"a": [1, 2]}'), ("url", "postgres//x", "sqlite:///tmp/db.sqlite3"),
])
def test_invalid_type(tmp_path, typ, bad, good):
    schema = f"version: 1\nenvironments: [development]\nvars:\n  X: {{type: {typ}}}\n"
    bad_fs = run(repo(tmp_path / "bad", {".env": f"X={bad}\n"}, schema=schema))
    assert found(bad_fs, "env.invalid-type") == {("env.invalid-type", ".env")}
    assert "env.invalid-type" not in rule_ids(run(repo(tmp_path / "good", {".env": f"X='{good}'\n"},
                                                       schema=schema)))


def test_min_length_is_a_type_constraint(tmp_path):
    root = repo(tmp_path, {".env": "SESSION_SECRET=short-one\n"})
    [f] = [f for f in run(root) if f.rule.id == "env.invalid-type"]
    assert f.message == "SESSION_SECRET (string) in .env:1 is shorter than min_length 32 (9 chars)"
    assert "env.invalid-type" not in rule_ids(run(repo(tmp_path / "g",
                                                       {".env": f"SESSION_SECRET={SESSION}\n"})))


def test_invalid_enum(tmp_path):
    fs = run(repo(tmp_path, {".env": "LOG_LEVEL=verbose\n"}))
    [f] = [f for f in fs if f.rule.id == "env.invalid-enum"]
    assert f.message == "LOG_LEVEL in .env:1 is not one of debug, info, warn, error"
    assert "env.invalid-enum" not in rule_ids(run(repo(tmp_path / "g",
                                                       {".env": "LOG_LEVEL=warn\n"})))


def test_pattern_mismatch(tmp_path):
    bad = run(repo(tmp_path, {".env.staging": "DATABASE_URL=mysql://db.internal/app\n"}),
              environment="staging")
    assert ("env.pattern-mismatch", ".env.staging") in found(bad)
    good = run(repo(tmp_path / "g",
                    {".env.staging": "DATABASE_URL=postgresql://db.internal/app\n"}),
               environment="staging")
    assert "env.pattern-mismatch" not in rule_ids(good)


def test_yaml_11_booleans_stay_strings_in_enum_values(tmp_path):
    schema = ("version: 1\nenvironments: [development]\nvars:\n  FLAG: {type: enum, values: [yes, "
              "no, on]}\n")
    assert "env.invalid-enum" not in rule_ids(run(repo(tmp_path, {".env": "FLAG=no\n"},
                                                       schema=schema)))


def test_merge_order_later_layers_and_process_env_win(tmp_path):
    files = {".env": "LOG_LEVEL=bad1\n", ".env.local": "LOG_LEVEL=bad2\n",
             ".env.production": "LOG_LEVEL=bad3\n",
             ".env.production.local": "LOG_LEVEL=bad4\n"}
    root = repo(tmp_path, files)
    [f] = [f for f in run(root, environment="production") if f.rule.id == "env.invalid-enum"]
    assert f.location.path == ".env.production.local"
    assert "env.invalid-enum" not in rule_ids(run(root, environment="production",
                                                  env={"LOG_LEVEL": "info"}))
    [f] = [f for f in run(root, environment="development") if f.rule.id == "env.invalid-enum"]
    assert f.location.path == ".env.local"


def test_default_environment_is_development_then_setting(tmp_path):
    root = repo(tmp_path, {})
    assert "env.missing-required" not in rule_ids(run(root, environment=None))
    fs = run(root, environment=None, section={"default_environment": "production"})
    assert ("env.missing-required", "env.schema.yaml") in found(fs)


def test_inline_schema_in_config(tmp_path):
    write(tmp_path, {"launchgate.yml": "env:\n  vars:\n    API_KEY: {required_in: [production]}\n"})
    fs = run(tmp_path, environment="production",
             section={"vars": {"API_KEY": {"required_in": ["production"]}}},
             config_path=tmp_path / "launchgate.yml", config_lines={"env.vars.API_KEY": 3})
    [f] = [f for f in fs if f.rule.id == "env.missing-required"]
    assert (f.location.path, f.location.start_line) == ("launchgate.yml", 3)


def test_json_schema_per_environment(tmp_path):
    js = """{"type": "object", "required": ["API_KEY"],
             "properties": {"PORT": {"type": "integer", "maximum": 65535}, "DEBUG": {"type": "boolean"},
                            "MODE": {"enum": ["a", "b"]}, "API_KEY": {"type": "string", "pattern": "^key_"}}}"""
    root = repo(tmp_path, {"env.schema.production.json": js,
                           ".env.production": "PORT=99999\nDEBUG=perhaps\nMODE=c\n"}, schema=None)
    fs = run(root, environment="production")
    assert {(f.rule.id, f.location.path) for f in fs
            if f.rule.id != "env.localhost-in-production"} >= {
        ("env.missing-required", "env.schema.production.json"),
        ("env.invalid-type", ".env.production"),
        ("env.invalid-enum", ".env.production")}
    # PORT maximum, DEBUG boolean
    assert len([f for f in fs if f.rule.id == "env.invalid-type"]) == 2
    good = repo(
        tmp_path / "g",
        {
            "env.schema.production.json": js,
            ".env.production": "PORT=8080\nDEBUG=true\nMODE=a\nAPI_KEY=key_abc\n",
        },
        schema=None,
    )
    assert run(good, environment="production") == []


# -- declarations and code
# ---------------------------------------------------------------------------------------
def test_undeclared_in_schema(tmp_path):
    fs = run(repo(tmp_path, {".env": "EXTRA=1\nLOG_LEVEL=info\n"}))
    assert found(fs, "env.undeclared-in-schema") == {("env.undeclared-in-schema", ".env")}
    allow = SCHEMA.replace("version: 1\n", "version: 1\nallow_undeclared: true\n")
    assert "env.undeclared-in-schema" not in rule_ids(
        run(repo(tmp_path / "g", {".env": "EXTRA=1\n"}, schema=allow))
    )


@pytest.mark.parametrize(("path", "code", "name"), [
    ("src/a.ts", "const u = process.env.STRIPE_KEY\n", "STRIPE_KEY"),
    ("src/a.js", "const u = process.env['STRIPE_KEY']\n", "STRIPE_KEY"),
    ("src/a.js", 'const u = process.env["STRIPE_KEY"]\n', "STRIPE_KEY"),
    ("src/a.tsx", "const { STRIPE_KEY, LOG_LEVEL: o, ...rest } = process.env\n", "STRIPE_KEY"),
    ("src/a.ts", "fetch(import.meta.env.VITE_STRIPE_KEY)\n", "VITE_STRIPE_KEY"),
    ("src/routes/+page.server.ts", "import { STRIPE_KEY } from '$env/static/private'\n",
     "STRIPE_KEY"),
    ("src/lib/x.ts", "import { env } from '$env/dynamic/private'\nconst k = env.STRIPE_KEY\n",
     "STRIPE_KEY"),
    ("nuxt.config.ts", "export default defineNuxtConfig({ runtimeConfig: { stripeKey: '' } })\n",
     "NUXT_STRIPE_KEY"),
    ("app/x.py", "import os\nk = os.environ['STRIPE_KEY']\n", "STRIPE_KEY"),
    ("app/x.py", "import os\nk = os.environ.get('STRIPE_KEY', '')\n", "STRIPE_KEY"),
    ("app/x.py", "import os\nk = os.getenv('STRIPE_KEY')\n", "STRIPE_KEY"),
    ("app/settings.py", "from pydantic_settings import BaseSettings, SettingsConfigDict\nclass "
     "S(BaseSettings):\n    model_config = "
     "SettingsConfigDict(env_prefix='SHOP_')\n    stripe_key: str\n", "SHOP_STRIPE_KEY"),
])
def test_used_but_undeclared(tmp_path, path, code, name):
    fs = run(repo(tmp_path, {path: code}))
    assert {(f.rule.id, f.location.path) for f in fs if f.rule.id == "env.used-but-undeclared"} == {
        ("env.used-but-undeclared", path)}
    assert [f.message.split(" ")[0] for f in fs if f.rule.id == "env.used-but-undeclared"] == [name]


def test_used_and_declared_or_builtin_is_fine(tmp_path):
    code = ("const a = process.env.LOG_LEVEL, b = process.env.NODE_ENV, c = process.env.CI\n"
            "const d = process.env.GITHUB_SHA\n")
    py = "import os\nx = os.environ.get('DATABASE_URL')\n"
    fs = run(repo(tmp_path,
                  {"src/a.ts": code, "app/x.py": py,
                   "tests/test_x.py": "import os\nos.getenv('NOPE')\n"}))
    assert "env.used-but-undeclared" not in rule_ids(fs)


def test_used_but_undeclared_falls_back_to_env_example_without_schema(tmp_path):
    root = repo(tmp_path,
                {".env.example": "API_URL=\n", "src/a.ts": "process.env.API_URL; "
                 "process.env.SECRET_X\n"},
                schema=None)
    assert [f.message.split(" ")[0] for f in run(root)
            if f.rule.id == "env.used-but-undeclared"] == ["SECRET_X"]


def test_public_missing_prefix(tmp_path):
    schema = SCHEMA + "  API_BASE: {type: url, public: true}\n"
    fs = run(repo(tmp_path, {}, schema=schema))
    assert found(fs,
                 "env.public-missing-prefix") == {("env.public-missing-prefix", "env.schema.yaml")}
    # NEXT_PUBLIC_API_URL
    assert "env.public-missing-prefix" not in rule_ids(run(repo(tmp_path / "g", {})))
    none_fw = schema.replace("framework: nextjs", "framework: none")
    assert "env.public-missing-prefix" not in rule_ids(run(repo(tmp_path / "n", {},
                                                                schema=none_fw)))


def test_secret_public_prefix(tmp_path):
    schema = SCHEMA + "  NEXT_PUBLIC_SESSION_KEY: {secret: true}\n"
    fs = run(repo(tmp_path, {".env": f"NEXT_PUBLIC_STRIPE_SECRET={STRIPE_LIVE}\n"}, schema=schema))
    assert found(fs,
                 "env.secret-public-prefix") == {("env.secret-public-prefix", "env.schema.yaml"),
                                                     ("env.secret-public-prefix", ".env")}
    jwt = "eyJhbGciOiJIUzI1NiJ9" + "." + "eyJyb2xlIjoiYW5vbiJ9" + "." + "c2lnbmF0dXJlLXBhcnQ"
    public = f"NEXT_PUBLIC_SUPABASE_ANON_KEY={jwt}\nNEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=pk_live_{'a1' * 12}\nNEXT_PUBLIC_MAPBOX_TOKEN=pk.{'eyJ1Ijoi' * 3}\nNEXT_PUBLIC_API_URL=https://api.shop.test\n"
    good = run(repo(tmp_path / "g", {".env": public},
                    schema=SCHEMA.replace("vars:", "allow_undeclared: true\nvars:")))
    assert "env.secret-public-prefix" not in rule_ids(good)


def test_credentials_url_under_client_prefix(tmp_path):
    fs = run(repo(tmp_path, {".env": f"VITE_DB={PG_PROD}\n"}, schema=None))
    assert ("env.secret-public-prefix", ".env") in found(fs)


def test_example_missing_key(tmp_path):
    fs = run(repo(tmp_path, {".env.example": "DATABASE_URL=\nLOG_LEVEL=info\nSESSION_SECRET=\n"}))
    [f] = [f for f in fs if f.rule.id == "env.example-missing-key"]
    assert f.message == ("NEXT_PUBLIC_API_URL is declared in env.schema.yaml but missing from "
                         ".env.example")
    full = "DATABASE_URL=\nLOG_LEVEL=info\nSESSION_SECRET=\nNEXT_PUBLIC_API_URL=\n"
    assert "env.example-missing-key" not in rule_ids(run(repo(tmp_path / "g",
                                                              {".env.example": full})))


# -- deployed environments
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("value",
                         ["changeme", "TODO", "xxx", "<your-session-secret>", "your-key-here",
                                   "sk_live_xxxxxxxxxxxx", "https://api.example.com"])
def test_placeholder_value_in_production(tmp_path, value):
    fs = run(repo(tmp_path, {".env.production": f"SESSION_SECRET={value}\n"}),
             environment="production")
    assert ("env.placeholder-value", ".env.production") in found(fs)


def test_placeholder_value_allowed_in_development(tmp_path):
    root = repo(tmp_path,
                {".env": "SESSION_SECRET=changeme\n",
                 ".env.production": f"SESSION_SECRET={SESSION}\n"})
    assert "env.placeholder-value" not in rule_ids(run(root, environment="development"))
    assert "env.placeholder-value" not in rule_ids(run(root, environment="production"))


def test_placeholder_in_deployed_file_even_when_developing(tmp_path):
    fs = run(repo(tmp_path, {".env.production": "SESSION_SECRET=changeme\n"}),
             environment="development")
    assert ("env.placeholder-value", ".env.production") in found(fs)


def test_localhost_in_production(tmp_path):
    root = repo(tmp_path, {".env": "NEXT_PUBLIC_API_URL=http://localhost:3000\n"})
    assert ("env.localhost-in-production", ".env") in found(run(root, environment="production"))
    assert "env.localhost-in-production" not in rule_ids(run(root, environment="development"))
    fs = run(root, environment="production", env={"NEXT_PUBLIC_API_URL": "https://api.shop.test"})
    assert "env.localhost-in-production" not in rule_ids(fs)


def test_localhost_from_process_env_is_placed_on_the_schema(tmp_path):
    fs = run(repo(tmp_path, {}), environment="production",
             env={"DATABASE_URL": "postgres://127.0.0.1/app"})
    assert ("env.localhost-in-production", "env.schema.yaml") in found(fs)


# -- git-aware rules
# ---------------------------------------------------------------------------------------------
def test_committed_secret_value(tmp_path):
    files = {".env": f"STRIPE_SECRET_KEY={STRIPE_LIVE}\nSESSION_SECRET={SESSION}\n"}
    fs = run(repo(tmp_path, files, commit=True,
                  schema=SCHEMA.replace("vars:", "allow_undeclared: true\nvars:")))
    committed = [f for f in fs if f.rule.id == "env.committed-secret-value"]
    assert [(f.location.path, f.location.start_line, f.message) for f in committed] == [
        (".env", 1, ".env is committed with secret values: STRIPE_SECRET_KEY (line 1), "
         "SESSION_SECRET (line 2)")]


def test_ignored_or_placeholder_secrets_are_not_committed(tmp_path):
    files = {".env": f"STRIPE_SECRET_KEY={STRIPE_LIVE}\n",
             ".env.example": "STRIPE_SECRET_KEY=sk_live_xxxxxxxx\nSESSION_SECRET=changeme\n"
                             "DATABASE_URL=postgres://postgres:postgres@localhost:5432/app\n",
             ".env.development": "DATABASE_URL=postgres://dev:dev@localhost/app\nLOG_LEVEL=debug\n"}
    fs = run(repo(tmp_path, files, gitignore=".env\n"))
    assert "env.committed-secret-value" not in rule_ids(fs)


def test_real_secret_in_committed_example_file(tmp_path):
    fs = run(repo(tmp_path, {".env.example": f"STRIPE_SECRET_KEY={STRIPE_LIVE}\n"}, commit=True))
    assert ("env.committed-secret-value", ".env.example") in found(fs)


def test_local_env_file_committed(tmp_path):
    fs = run(repo(tmp_path,
                  {".env.local": "LOG_LEVEL=info\n", ".env.production.local": "LOG_LEVEL=info\n"},
                  commit=True))
    assert found(fs,
                 "env.local-env-file-committed") == {("env.local-env-file-committed", ".env.local"),
                                                          ("env.local-env-file-committed",
                                                           ".env.production.local")}
    ok = run(repo(tmp_path / "g", {".env.local": "LOG_LEVEL=info\n"}, gitignore=".env*.local\n"))
    assert "env.local-env-file-committed" not in rule_ids(ok)


def test_private_key_file_present(tmp_path):
    key = "DOTENV_PRIVATE_KEY=" + "ab12" * 16 + "\n"
    assert ("env.private-key-file-present",
            ".env.keys") in found(run(repo(tmp_path, {".env.keys": key}, commit=True)))
    ok = run(repo(tmp_path / "g", {".env.keys": key}, gitignore=".env.keys\n"))
    assert "env.private-key-file-present" not in rule_ids(ok)


def test_unencrypted_secret_in_dotenvx_file(tmp_path):
    head = "DOTENV_PUBLIC_KEY=03" + "ab" * 32 + "\n"
    bad = run(repo(tmp_path, {".env": head + f"SESSION_SECRET={SESSION}\nLOG_LEVEL=info\n"}))
    assert found(bad, "env.unencrypted-secret") == {("env.unencrypted-secret", ".env")}
    good = run(repo(tmp_path / "g",
                    {".env": head + "SESSION_SECRET=encrypted:BD9a" + "Qx" * 30 + "\n"}))
    assert "env.unencrypted-secret" not in rule_ids(good)


# -- interpolation and parser differences
# ---------------------------------------------------------------------
def test_unresolved_interpolation(tmp_path):
    fs = run(repo(tmp_path, {".env": "NEXT_PUBLIC_API_URL=https://${API_HOST}/v1\n"}))
    [f] = [f for f in fs if f.rule.id == "env.unresolved-interpolation"]
    assert (f.location.path, f.location.start_line) == (".env", 1)
    assert "${API_HOST}" in f.message


@pytest.mark.parametrize(("files", "env"), [
    ({".env": "API_HOST=api.shop.test\nNEXT_PUBLIC_API_URL=https://${API_HOST}/v1\n"}, {}),
    ({".env": "NEXT_PUBLIC_API_URL=https://${API_HOST:-api.shop.test}/v1\n"}, {}),
    ({".env": "API_HOST=a.test\n", ".env.local": "NEXT_PUBLIC_API_URL=https://${API_HOST}/v1\n"},
     {}),
    ({".env": "NEXT_PUBLIC_API_URL=https://${API_HOST}/v1\n"}, {"API_HOST": "api.shop.test"}),
])
def test_resolved_interpolation(tmp_path, files, env):
    allow = SCHEMA.replace("vars:", "allow_undeclared: true\nvars:")
    assert "env.unresolved-interpolation" not in rule_ids(run(repo(tmp_path, files, schema=allow),
                                                              env=env))


def test_interpolated_value_is_validated(tmp_path):
    root = repo(tmp_path, {".env": "HOST=api.shop.test\nNEXT_PUBLIC_API_URL=https://${HOST}/v1\n"},
                schema=SCHEMA.replace("vars:", "allow_undeclared: true\nvars:"))
    assert "env.invalid-type" not in rule_ids(run(root))


def test_parser_divergence(tmp_path):
    fs = run(repo(tmp_path, {".env": "SESSION_SECRET=abc#def\n"}))
    assert found(fs, "env.parser-divergence") == {("env.parser-divergence", ".env")}
    ok = 'SESSION_SECRET="abc#def"\nLOG_LEVEL=info # a comment\n'
    assert "env.parser-divergence" not in rule_ids(run(repo(tmp_path / "g", {".env": ok})))


# -- hygiene
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("rule", "bad", "good"), [
    ("env.duplicate-key", "LOG_LEVEL=info\nLOG_LEVEL=debug\n", "LOG_LEVEL=info\n"),
    ("env.trailing-whitespace", "LOG_LEVEL=info  \n",
     "LOG_LEVEL='info'  \nLOG_LEVEL2=info # c  \n"),
    ("env.spaces-around-equals", "LOG_LEVEL = info\n", "LOG_LEVEL=info\nEMPTY= # nothing yet\n"),
    ("env.lowercase-key", "log_level=info\n", "LOG_LEVEL=info\n"),
    ("env.invalid-key-name", "LOG-LEVEL=info\n", "LOG_LEVEL_2=info\n"),
    ("env.invalid-key-name", "2FA_KEY=x\n", "_PRIVATE=x\n"),
    ("env.invalid-key-name", "=orphan\n", "# =commented\n"),
    ("env.key-without-value", "LOG_LEVEL\n", "LOG_LEVEL=\n"),
    ("env.unterminated-quote", "LOG_LEVEL='info\n", "LOG_LEVEL='info'\n"),
    ("env.unterminated-quote", 'CERT="line one\nLOG_LEVEL=info"\n', 'CERT="line one\nline two"\n'),
    ("env.crlf-line-endings", "LOG_LEVEL=info\r\nA=1\r\n", "LOG_LEVEL=info\nA=1\n"),
])
def test_hygiene(tmp_path, rule, bad, good):
    schema = "version: 1\nallow_undeclared: true\nenvironments: [development]\nvars: {}\n"
    bad_fs = run(repo(tmp_path / "bad", {".env": bad}, schema=schema))
    assert (rule, ".env") in found(bad_fs)
    good_fs = run(repo(tmp_path / "good", {".env": good}, schema=schema))
    assert rule not in rule_ids(good_fs)


def test_hygiene_line_numbers_skip_blank_lines():
    f = parse_dotenv(".env", "# header\n\nA=1\n\n\nA=2\n")
    assert [(i.rule.id, i.line) for i in f.issues] == [("env.duplicate-key", 6)]


def test_merge_interpolates_without_reading_os_environ(monkeypatch):
    monkeypatch.setenv("LG_TEST_ONLY_IN_OS", "leak")
    f = parse_dotenv(".env", "A=${LG_TEST_ONLY_IN_OS}\n")
    values, unresolved = merge([f], {})
    assert values["A"].value == ""
    assert [u.ref for u in unresolved] == ["LG_TEST_ONLY_IN_OS"]


# -- bad input
# --------------------------------------------------------------------------------------------------
def test_latin1_env_file_is_read_and_reported(tmp_path):
    fs = run(repo(tmp_path, {".env": "LOG_LEVEL=info\nGREETING=caf\xe9\n".encode("latin-1")},
                  schema=SCHEMA.replace("vars:", "allow_undeclared: true\nvars:")))
    assert found(fs) == {("env.not-utf8", ".env")}


def test_binary_env_file_is_a_finding(tmp_path):
    fs = run(repo(tmp_path, {".env": b"LOG_LEVEL=\x00\x01\x02"}))
    [f] = [f for f in fs if f.rule.id == "env.unreadable-file"]
    assert f.message == ".env was not read: binary file"


def test_fifo_env_file_does_not_hang(tmp_path):
    repo(tmp_path, {})
    os.mkfifo(tmp_path / ".env")
    assert found(run(tmp_path), "env.unreadable-file") == {("env.unreadable-file", ".env")}


def test_a_link_to_the_roots_local_env_that_is_not_created_yet_is_no_finding(tmp_path):
    root = repo(tmp_path / "r", {})
    (root / "apps" / "web").mkdir(parents=True)
    (root / "apps" / "web" / ".env").symlink_to("../../.env")  # the root .env: gitignored
    assert found(run(root), "env.unreadable-file") == set()
    # positive twin: a dangling link out of the repository is reported
    (root / "apps" / "api").mkdir()
    (root / "apps" / "api" / ".env").symlink_to(tmp_path / "gone.env")
    assert found(run(root), "env.unreadable-file") == {("env.unreadable-file", "apps/api/.env")}


def test_symlink_outside_repo_is_not_followed(tmp_path):
    outside = tmp_path / "outside.env"
    outside.write_text("SESSION_SECRET=" + SESSION + "\n")
    root = tmp_path / "r"
    repo(root, {})
    (root / ".env").symlink_to(outside)
    fs = run(root)
    assert found(fs) == {("env.unreadable-file", ".env")}
    assert all(SESSION not in f.message for f in fs)


@pytest.mark.parametrize(("schema", "message"), [
    ("version: 1\nvars:\n  PORT: {type: integer}\n",
     "env.schema.yaml:3: vars.PORT.type: unknown type 'integer' (expected one of string, int, "
     "float, bool, port, url, email, enum, json)"),
    ("version: 1\nvars:\n  PORT: {type: port\n", "env.schema.yaml:4: invalid YAML"),
    ("version: 1\nenvironments: [dev]\nvars:\n  A: {required_in: [prod]}\n",
     "env.schema.yaml:4: vars.A.required_in: unknown environment 'prod' (environments: dev)"),
    ("version: 1\nvars:\n  A: {type: enum}\n", "env.schema.yaml:3: vars.A.values: an enum needs"),
    ("version: 1\nvars:\n  A: {pattern: '(' }\n", "env.schema.yaml:3: vars.A.pattern: invalid "
     "regular expression"),
    ("version: 1\nvars:\n  A: {secret: yes}\n", "env.schema.yaml:3: vars.A.secret: must be true "
     "or false"),
    ("version: 1\nvars:\n  A: {requird_in: [production]}\n", "env.schema.yaml:3: "
     "vars.A.requird_in: unknown key"),
    ("- a\n- b\n", "env.schema.yaml:1: the env schema must be a mapping"),
    ("version: 1\nvars:\n  api-key: {}\n", "env.schema.yaml:3: vars.api-key: not a valid variable "
     "name"),
    ("version: 2\nvars: {}\n", "env.schema.yaml:1: version: unsupported version 2 (expected 1)"),
    ("version: 1\nframework: next\n", "env.schema.yaml:2: framework: unknown framework 'next'"),
])
def test_malformed_schema_is_a_one_line_error(tmp_path, schema, message):
    with pytest.raises(SchemaError) as exc:  # an InputError: exit 2, the user's schema to fix
        run(repo(tmp_path, {}, schema=schema))
    assert str(exc.value).startswith(message)
    assert "\n" not in str(exc.value)


def test_malformed_json_schema_is_a_one_line_error(tmp_path):
    with pytest.raises(SchemaError, match=r"^env\.schema\.production\.json:2: invalid JSON"):
        run(repo(tmp_path, {"env.schema.production.json": '{"type": "object",\n "properties": }'},
                 schema=None))


def test_nothing_to_do_skips(tmp_path):
    with pytest.raises(Skip):
        run(repo(tmp_path, {"README.md": "hi\n"}, schema=None))


# -- a value is never printed
# --------------------------------------------------------------------------------------
def test_no_value_appears_in_any_finding(tmp_path):
    planted = {
        "DATABASE_URL": "mysql://planted-user:" + "Pl4nted" + "Pw9@localhost/app",
        "SESSION_SECRET": "plant" + "ed-" + "short",
        "LOG_LEVEL": "planted" + "loud",
        "NEXT_PUBLIC_API_URL": "planted" + "-not-a-url",
        "NEXT_PUBLIC_TOKEN": STRIPE_LIVE,
        "EXTRA_PLANTED": "x" + "planted" + "extra#frag",
    }
    dotenv = "".join(f"{k}={v}\n" for k, v in planted.items())
    files = {".env": dotenv + "DUP=1\nDUP=planted" + "dup  \n", ".env.production": dotenv,
             ".env.example": f"STRIPE_SECRET_KEY={STRIPE_LIVE}\n", ".env.local": dotenv,
             "src/a.ts": "process.env.UNDECLARED\n"}
    root = repo(tmp_path, files, commit=True)
    everything: list[Finding] = []
    for environment in ("development", "staging", "production"):
        everything += run(root, environment=environment,
                          env={"SESSION_SECRET": "planted" + "-from-process"})
    assert len(rule_ids(everything)) >= 12
    secrets = [*planted.values(), "planted" + "dup", "planted" + "-from-process", "Pl4nted" + "Pw9"]
    for f in everything:
        fields = [f.message, f.evidence or "", f.fingerprint, f.location.path or "", f.location.url
                  or "", f.rule.title]
        for s in secrets:
            assert all(s not in text for text in fields), (f.rule.id, f.message)
        assert "planted" not in f.message.lower().replace("extra_planted", ""), f.message


def test_rules_are_documented_and_ids_are_kebab():
    import re

    ids = [r.id for r in EnvCheck.rules]
    assert len(ids) == len(set(ids))
    for r in EnvCheck.rules:
        assert re.fullmatch(r"env\.[a-z0-9]+(-[a-z0-9]+)*", r.id)
        assert r.title and r.why and r.fix
    doc = (Path(__file__).resolve().parents[2] / "docs" / "checks" / "env.md").read_text()
    missing = [i for i in ids if f"`{i}`" not in doc]
    assert missing == []


def test_schema_fragment_is_a_valid_json_schema():
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(EnvCheck.schema["env"])
    frag = EnvCheck.schema["env"]
    assert frag["additionalProperties"] is False
    assert all("description" in p for p in frag["properties"].values())


def test_inline_framework_alone_declares_no_variables(tmp_path):
    root = repo(tmp_path, {".env": "EXTRA=1\n", ".env.example": "EXTRA=\n"}, schema=None)
    fs = run(root, section={"framework": "vite"})
    assert "env.undeclared-in-schema" not in rule_ids(fs)


def test_inline_vars_merge_over_the_schema_file(tmp_path):
    root = repo(tmp_path, {".env": "PORT=abc\n"})
    fs = run(root, section={"vars": {"PORT": {"type": "port"}}})
    assert found(fs, "env.invalid-type") == {("env.invalid-type", ".env")}
    assert "env.undeclared-in-schema" not in rule_ids(fs)


def test_url_without_credentials_is_not_a_committed_secret(tmp_path):
    files = {".env.production": "DATABASE_URL=postgresql://db.internal:5432/app\n",
             ".env.development": "DATABASE_URL=sqlite:///./dev.sqlite3\n"}
    fs = run(repo(tmp_path, files, commit=True,
                  schema=SCHEMA.replace("'^postgres(ql)?://'", "'^(postgres|sqlite)'")))
    assert "env.committed-secret-value" not in rule_ids(fs)
    bad = run(repo(tmp_path / "b", {".env.production": f"DATABASE_URL={PG_PROD}\n"}, commit=True))
    assert ("env.committed-secret-value", ".env.production") in found(bad)


# -- the example marketplace
# -----------------------------------------------------------------------------------
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "marketplace"


def production_env() -> dict[str, str]:
    return {"APP_ENV": "production", "DATABASE_URL": PG_PROD, "SESSION_SECRET": SESSION,
            "STRIPE_SECRET_KEY": STRIPE_LIVE,
            "STRIPE_PUBLISHABLE_KEY": "pk_" + "live_" + "Zx81" * 6,
            "STRIPE_WEBHOOK_SECRET": "whsec_" + "Jd82" * 8,
            "SMTP_URL": "smtps://mailer:" + "Vb7" + "q2Nw@smtp.provider.test:465",
            "PUBLIC_BASE_URL": "https://marketplace.shop.test", "LOG_LEVEL": "warning",
            "PORT": "8080"}


def example_copy(tmp_path: Path) -> Path:
    root = tmp_path / "marketplace"
    root.mkdir()
    for name in ("env.schema.yaml", ".env.example"):
        (root / name).write_bytes((EXAMPLE / name).read_bytes())
    return root


def test_example_passes_in_its_default_environment(tmp_path):
    assert run(example_copy(tmp_path), environment=None) == []


def test_example_passes_in_production_with_everything_injected(tmp_path):
    assert run(example_copy(tmp_path), environment="production", env=production_env()) == []


def test_example_fails_when_a_required_variable_is_dropped(tmp_path):
    env = production_env()
    del env["DATABASE_URL"]
    fs = run(example_copy(tmp_path), environment="production", env=env)
    assert found(fs) == {("env.missing-required", "env.schema.yaml")}
    assert [f.message.split(" ")[0] for f in fs] == ["DATABASE_URL"]
    assert max(f.severity for f in fs).label == "high"


def test_no_value_in_cli_text_or_json_output(tmp_path):
    """End to end through the reporters: planted values reach no output, whatever the format."""
    from click.testing import CliRunner

    from launchgate.cli import cli

    planted_secret = "planted" + "-Sess-" + "x9Q2"
    files = {".env": f"SESSION_SECRET={planted_secret}\nLOG_LEVEL=planted" + "lvl\n",
             ".env.production": "NEXT_PUBLIC_API_URL=http://localhost:3000/planted" + "path\n",
             ".env.example": f"STRIPE_SECRET_KEY={STRIPE_LIVE}\n"}
    root = repo(tmp_path, files, commit=True)
    out_json, out_text = tmp_path / "out.json", tmp_path / "out.txt"
    env = {"GITHUB_ACTIONS": "", "DATABASE_URL": "mysql://u:" + "procPw" + "77@db.internal/x"}
    res = CliRunner().invoke(cli,
                             ["check", str(root), "--environment", "production", "--format", "text",
                                   "--format", "json", "--output", str(out_text), "--output",
                                   str(out_json)],
                             env=env)
    assert res.exit_code == 1, res.output
    outputs = res.output + out_json.read_text() + out_text.read_text()
    assert "env.committed-secret-value" in outputs and "env.invalid-enum" in outputs
    for value in (planted_secret, "planted" + "lvl", "planted" + "path", STRIPE_LIVE,
                  "procPw" + "77"):
        assert value not in outputs


@pytest.mark.parametrize("line",
                         ["CSRF_TOKEN_HEADER=X-CSRF-Token", "TOKEN_TTL_SECONDS=360000000000",
                                  "PASSWORD_RESET_PATH=/account/password/reset",
                                  "AUTH_TOKEN_COOKIE=session_token"])
def test_secret_sounding_names_with_plain_values_are_not_committed_secrets(tmp_path, line):
    fs = run(repo(tmp_path, {".env": line + "\n"}, commit=True, schema=None))
    assert "env.committed-secret-value" not in rule_ids(fs)


def test_generated_value_under_secret_name_is_a_committed_secret(tmp_path):
    fs = run(repo(tmp_path, {".env": "JWT_SECRET=" + "q8Vn" + "3kT1" + "zP0w" + "Lr7M\n"},
                  commit=True, schema=None))
    assert ("env.committed-secret-value", ".env") in found(fs)


def test_js_object_methods_are_not_variables(tmp_path):
    fs = run(repo(tmp_path,
                  {"src/a.js": "if (process.env.hasOwnProperty('X')) "
                   "{}\nprocess.env.LOG_LEVEL\n"}))
    assert "env.used-but-undeclared" not in rule_ids(fs)


def test_build_output_is_not_scanned(tmp_path):
    fs = run(repo(tmp_path, {"apps/web/.next/server/chunk.js": "process.env.BUILD_ONLY_X\n",
                             "apps/web/dist/x.js": "process.env.BUILD_ONLY_Y\n"}))
    assert "env.used-but-undeclared" not in rule_ids(fs)


def test_python_reads_need_the_real_environ():
    from launchgate.checks.env.usage import scan_python

    code = ("import os\nfrom os import environ, getenv\na = environ['A']\nb = getenv('B')\nc = "
            "os.environ.pop('C')\nd = self.environ['D']\ne = my_environ.get('E')\nf = "
            "config.getenv('F')\n")
    assert [(n, ln) for n, _, ln, _ in scan_python("x.py", code)] == [("A", 3), ("C", 5), ("B", 4)]


@pytest.mark.parametrize("text", [STRIPE_LIVE + "\n", "q8vn3kt1zp0wlr7mx2\n", f"{STRIPE_LIVE}=\n",
                                  f"  {STRIPE_LIVE} # pasted\n"])
def test_a_bare_pasted_secret_line_is_never_printed(tmp_path, text):
    fs = run(repo(tmp_path, {".env": "LOG_LEVEL=info\n" + text}, commit=True))
    assert ("env.invalid-key-name", ".env") in found(fs) or ("env.key-without-value",
                                                             ".env") in found(fs)
    bare = text.split("=")[0].split("#")[0].strip()
    for f in fs:
        assert bare not in f.message and bare not in (f.evidence or ""), f.message


@pytest.mark.parametrize("schema", [
    "a: &a [*a]\n",
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, "
    "*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, "
    "*d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e]\n",
])
def test_alias_bombs_in_the_schema_are_a_one_line_error(tmp_path, schema):
    with pytest.raises(SchemaError, match=r"^env\.schema\.yaml:1: the env schema expands"):
        run(repo(tmp_path, {}, schema=schema))


def test_example_missing_key_never_names_a_pasted_secret(tmp_path):
    root = repo(tmp_path,
                {".env": f"LOG_LEVEL=info\n{STRIPE_LIVE}\n", ".env.example": "LOG_LEVEL=\n"},
                schema=None)
    fs = run(root)
    # the pasted line is reported, as a line, not by value
    assert found(fs) == {("env.invalid-key-name", ".env")}
    assert all(STRIPE_LIVE not in f.message for f in fs)


def test_unknown_environment_is_a_one_line_error_not_a_silent_pass(tmp_path):
    with pytest.raises(CheckError, match=r"^environment 'prod' is not one of env\.schema\.yaml's "
                       r"environments \(development, staging, production\)"):
        run(repo(tmp_path, {}), environment="prod")


def test_first_listed_environment_without_development(tmp_path):
    schema = "version: 1\nenvironments: [preview, live]\nvars:\n  A: {required_in: [preview]}\n"
    assert found(run(repo(tmp_path, {}, schema=schema), environment=None)) == {
        ("env.missing-required", "env.schema.yaml")}


def test_non_dotenv_files_named_like_dotenv_are_ignored(tmp_path):
    fs = run(repo(tmp_path,
                  {".env.json": '{"a": 1}\n', ".env.enc.yaml": "sops: {}\n",
                   ".env.vault": "x y\n"}))
    assert fs == []


PATCHED_ENV = ("--- a/.env\n+++ b/.env\n@@ -7,2 +7,4 @@\n KAFKA_HOST=kafka\n+KAFKA_SSL=true\n"
               "+KAFKA_SASL=plain\n")


def test_a_patch_of_an_env_file_is_no_env_file(tmp_path):
    # a self-hosting kit's optional patch (`.env.patch`): its +/- lines read as dotenv gave one
    # invalid-key-name and one duplicate-key per line
    assert run(repo(tmp_path, {"patches/kafka/.env.patch": PATCHED_ENV,
                               ".env.diff": PATCHED_ENV})) == []
    # the twin: the env file the patch applies to is still read, its broken line still reported
    fs = run(repo(tmp_path, {".env": "KAFKA_HOST=kafka\n+KAFKA_SSL=true\n"}))
    assert found(fs, "env.invalid-key-name") == {("env.invalid-key-name", ".env")}


def test_git_facts_work_when_the_checked_path_is_a_subdirectory(tmp_path):
    write(tmp_path,
          {"apps/shop/env.schema.yaml": SCHEMA, "apps/shop/.env.local": "LOG_LEVEL=info\n"})
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "init")
    fs = run(tmp_path / "apps" / "shop")
    assert found(fs,
                 "env.local-env-file-committed") == {("env.local-env-file-committed", ".env.local")}


def test_outside_git_the_git_rules_stay_quiet(tmp_path):
    fs = run(repo(tmp_path,
                  {".env.local": "LOG_LEVEL=info\n", ".env": f"SESSION_SECRET={SESSION}\n"}))
    assert not rule_ids(fs) & {"env.local-env-file-committed", "env.committed-secret-value"}


def test_secret_under_client_prefix_from_the_process_environment(tmp_path):
    schema = SCHEMA + "  NEXT_PUBLIC_PAYMENTS_KEY: {type: string}\n"
    fs = run(repo(tmp_path, {}, schema=schema),
             env={"NEXT_PUBLIC_PAYMENTS_KEY": STRIPE_LIVE, "VITE_X": STRIPE_LIVE})
    [f] = [f for f in fs if f.rule.id == "env.secret-public-prefix"]
    assert (f.location.path, f.message) == (
        "env.schema.yaml", "NEXT_PUBLIC_PAYMENTS_KEY in the process environment has the format of "
        "a Stripe secret key (secrets.stripe-secret-key) under the "
        "client-exposed NEXT_PUBLIC_ prefix")
    assert f.location.start_line == 9


def test_nuxt_runtime_config_nested_keys():
    from launchgate.checks.env.usage import scan_file

    nuxt = ("export default defineNuxtConfig({\n  runtimeConfig: {\n    apiSecret: '',\n    "
            "stripe: { secretKey: '', webhook: { signingSecret: '' } },\n    public: {\n      "
            "apiBase: '/api',\n    },\n  },\n})\n")
    assert [(n, ln) for n, _, ln, _ in scan_file("nuxt.config.ts", nuxt)] == [
        ("NUXT_API_SECRET", 3), ("NUXT_STRIPE_SECRET_KEY", 4),
        ("NUXT_STRIPE_WEBHOOK_SIGNING_SECRET", 4),
        ("NUXT_PUBLIC_API_BASE", 6)]


@pytest.mark.parametrize("value",
                         ["none", "null", "my-bucket", "https://mastodon.social", "info", "0"])
def test_ordinary_production_values_are_not_placeholders(tmp_path, value):
    schema = "version: 1\nallow_undeclared: true\nvars: {}\n"
    fs = run(repo(tmp_path, {".env.production": f"SETTING={value}\n"}, schema=schema),
             environment="production")
    assert "env.placeholder-value" not in rule_ids(fs)


def test_committed_secret_in_a_development_only_file_is_medium(tmp_path):
    fs = run(repo(tmp_path,
                  {".env.development": f"SESSION_SECRET={SESSION}\n",
                   ".env": f"SESSION_SECRET={SESSION}\n"},
                  commit=True))
    got = {(f.location.path, f.severity.label) for f in fs
           if f.rule.id == "env.committed-secret-value"}
    assert got == {(".env.development", "medium"), (".env", "blocker")}


def test_utf8_with_accents_is_fine(tmp_path):
    schema = SCHEMA.replace("vars:", "allow_undeclared: true\nvars:")
    assert run(repo(tmp_path, {".env": "GREETING=café ☕\n"}, schema=schema)) == []


def test_dotenvx_private_key_inside_a_committed_dotenv_file(tmp_path):
    key = "DOTENV_PRIVATE_KEY_PRODUCTION=" + "9f" * 32 + "\n"
    fs = run(repo(tmp_path, {".env.production": key}, commit=True))
    assert ("env.private-key-file-present", ".env.production") in found(fs)
    ok = run(repo(tmp_path / "g", {".env.production": key}, gitignore=".env.production\n"))
    assert "env.private-key-file-present" not in rule_ids(ok)


@pytest.mark.parametrize(("bad", "good"), [
    ("SESSION_SECRET=pa$word123\n", "SESSION_SECRET='pa$word123'\n"),
    ('SESSION_SECRET="pa$word123"\n', "SESSION_SECRET=price-${CURRENCY:-usd}\n"),
    ("SESSION_SECRET=`quoted`\n", "SESSION_SECRET=pa\\$word\n"),
])
def test_other_parser_divergences(tmp_path, bad, good):
    assert ("env.parser-divergence", ".env") in found(run(repo(tmp_path / "b", {".env": bad})))
    assert "env.parser-divergence" not in rule_ids(run(repo(tmp_path / "g", {".env": good})))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_env_file_is_a_finding(tmp_path):
    root = repo(tmp_path, {".env": "LOG_LEVEL=info\n"})
    (root / ".env").chmod(0)
    try:
        [f] = [f for f in run(root) if f.rule.id == "env.unreadable-file"]
        assert f.message.startswith(".env was not read: unreadable")
    finally:
        (root / ".env").chmod(0o644)


def test_json_schema_format_keyword(tmp_path):
    js = '{"type": "object", "properties": {"ADMIN_EMAIL": {"type": "string", "format": "email"}}}'
    bad = run(repo(tmp_path / "b",
                   {"env.schema.production.json": js, ".env": "ADMIN_EMAIL=nobody\n"}, schema=None),
              environment="production")
    assert found(bad) == {("env.invalid-type", ".env")}
    good = run(repo(tmp_path / "g",
                    {"env.schema.production.json": js, ".env": "ADMIN_EMAIL=ops@shop.test\n"},
                    schema=None), environment="production")
    assert good == []


def test_files_exclude(tmp_path):
    root = repo(tmp_path, {"tests/fixtures/.env": "bad line\n"})
    assert ("env.key-without-value", "tests/fixtures/.env") in found(run(root))
    assert run(root, section={"files_exclude": ["tests/fixtures/*"]}) == []


def test_fingerprints_are_distinct_and_line_independent(tmp_path):
    text = "A=1\nA=2\nA=3\nbad line one\nbad line two\n"
    fs = run(repo(tmp_path / "a", {".env": text}, schema=None))
    assert len({f.fingerprint for f in fs}) == len(fs)
    moved = run(repo(tmp_path / "b", {".env": "# a comment moves every line\n\n" + text},
                     schema=None))
    assert {f.fingerprint for f in fs} == {f.fingerprint for f in moved}


def test_a_duplicated_committed_secret_is_one_finding_naming_both_lines(tmp_path):
    fs = run(repo(tmp_path, {".env": f"SESSION_SECRET={SESSION}\nSESSION_SECRET={SESSION}x\n"},
                  commit=True))
    committed = [f.message for f in fs if f.rule.id == "env.committed-secret-value"]
    assert committed == [".env is committed with secret values: SESSION_SECRET (lines 1, 2)"]


def test_a_new_secret_in_a_committed_file_is_not_hidden_by_a_baseline(tmp_path):
    one = run(repo(tmp_path / "a", {".env": f"SESSION_SECRET={SESSION}\n"}, commit=True))
    two = run(repo(tmp_path / "b",
                   {".env": f"SESSION_SECRET={SESSION}\nSTRIPE_SECRET_KEY={STRIPE_LIVE}\n"},
                   commit=True, schema=SCHEMA.replace("vars:", "allow_undeclared: true\nvars:")))
    fp = {f.fingerprint for f in one if f.rule.id == "env.committed-secret-value"}
    assert fp and fp.isdisjoint({f.fingerprint for f in two
                                 if f.rule.id == "env.committed-secret-value"})


def test_a_realistic_nextjs_repo_end_to_end(tmp_path):
    """One repo with a typical mix of problems: the exact set a user sees for production."""
    schema = SCHEMA + ("  STRIPE_SECRET_KEY: {secret: true, required_in: [production], pattern: "
                       "'^sk_'}\n")
    files = {
        ".gitignore": ".env.local\nnode_modules/\n",
        ".env": "LOG_LEVEL=info\nNEXT_PUBLIC_API_URL=http://localhost:3000\n",
        # ignored by git; on this machine it satisfies production
        ".env.local": f"STRIPE_SECRET_KEY={STRIPE_LIVE}\n",
        ".env.production": "NEXT_PUBLIC_API_URL=https://api.shop.test\nSESSION_SECRET=changeme\n"
                           "NEXT_PUBLIC_STRIPE_KEY=pk_live_" + "k3" * 12 + "\n",
        ".env.example": "DATABASE_URL=\nLOG_LEVEL=info\nSESSION_SECRET=\nSTRIPE_SECRET_KEY=\n",
        "src/pages/api/pay.ts": "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!)\n"
                                "const hook = process.env.STRIPE_WEBHOOK_SECRET\n",
        "src/lib/env.ts": "export const { NEXT_PUBLIC_API_URL, NODE_ENV } = process.env\n",
        "package.json": '{"dependencies": {"next": "14"}}\n',
    }
    root = repo(tmp_path, files, schema=schema)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "init")
    fs = run(root, environment="production", env={"DATABASE_URL": PG_PROD})
    assert {(f.rule.id, f.location.path, f.location.start_line) for f in fs} == {
        ("env.placeholder-value", ".env.production", 2),                 # SESSION_SECRET=changeme
        # ... shorter than min_length 32
        ("env.invalid-type", ".env.production", 2),
        ("env.undeclared-in-schema", ".env.production", 3),              # NEXT_PUBLIC_STRIPE_KEY
        ("env.used-but-undeclared", "src/pages/api/pay.ts", 2),          # STRIPE_WEBHOOK_SECRET
        ("env.example-missing-key", ".env.example", None),               # NEXT_PUBLIC_API_URL
    }
    assert all(STRIPE_LIVE not in f.message and PG_PROD not in f.message for f in fs)
