"""The variable inventory the handover pack shows: flags, where each environment sets a variable,
and never a value (EnvCheck on a small repository, its figures read back)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from launchgate.check import Context, Scope
from launchgate.checks.env import EnvCheck
from launchgate.net import Net
from launchgate.repo import Repo

SCHEMA = """version: 1
environments: [development, production]
vars:
  DATABASE_URL: {type: url, secret: true, required_in: [production]}
  PUBLIC_URL: {type: url, public: true, required: true}
  LOG_LEVEL: {type: string}
"""


def figures(root: Path, env: dict[str, str], environment: str = "production") -> dict[str, object]:
    ctx = Context(
        config={"env": {}},
        repo=Repo(root),
        net=Net(),
        env=env,
        scope=Scope(),
        environment=environment,
    )
    asyncio.run(EnvCheck().run(ctx))
    return dict(ctx.figures)


def test_each_variable_says_its_flags_and_where_each_environment_sets_it(tmp_path: Path):
    db = "postgres://app:" + "s3cr" + "et-pw@db.internal/app"
    (tmp_path / "env.schema.yaml").write_text(SCHEMA)
    (tmp_path / ".env").write_text("PUBLIC_URL=https://dev.shop.test\nLOG_LEVEL=debug\n")
    (tmp_path / ".env.production").write_text("\nPUBLIC_URL=https://shop.test\n")
    got = figures(tmp_path, {"DATABASE_URL": db, "HOME": "/root"})
    assert got["env.environments"] == "development, production"
    assert {k: v for k, v in got.items() if k.startswith("env.var.")} == {
        "env.var.DATABASE_URL.flags": "secret",
        "env.var.DATABASE_URL.required_in": "production",
        "env.var.DATABASE_URL.set.development": "not set",
        "env.var.DATABASE_URL.set.production": "the process environment",
        "env.var.LOG_LEVEL.flags": "",
        "env.var.LOG_LEVEL.required_in": "",
        "env.var.LOG_LEVEL.set.development": ".env:2",
        "env.var.LOG_LEVEL.set.production": ".env:2",
        "env.var.PUBLIC_URL.flags": "public",
        "env.var.PUBLIC_URL.required_in": "every environment",
        "env.var.PUBLIC_URL.set.development": ".env:1",
        "env.var.PUBLIC_URL.set.production": ".env.production:2",
    }
    values = " ".join(str(v) for v in got.values())
    assert db not in values and "s3cret" not in values and "https://shop.test" not in values


def test_without_a_schema_the_dotenv_keys_are_listed_as_undeclared(tmp_path: Path):
    (tmp_path / ".env").write_text("API_TOKEN=" + "tok" + "-123456\n")
    got = figures(tmp_path, {}, environment="development")
    assert got["env.var.API_TOKEN.flags"] == "undeclared"
    assert got["env.var.API_TOKEN.set.development"] == ".env:1"
    assert "tok-123456" not in " ".join(str(v) for v in got.values())
