"""The environment-variable check (`env.*` rules): schema per environment, dotenv hygiene, leaks.

EnvCheck gathers the env schema, the dotenv files, git's view of them and the code's env reads
(gather.py), then hands a Snapshot to the pure rule functions in evaluate.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, ClassVar

from launchgate.check import CheckError, Context, Skip
from launchgate.checks.env.envschema import SchemaError
from launchgate.checks.env.evaluate import Snapshot, distinct_fingerprints, evaluate, merged
from launchgate.checks.env.gather import (
    git_status,
    load_schema,
    norm,
    read_dotenv_files,
    scan_code,
    scan_declarations,
    scan_mentions,
    select_environment,
)
from launchgate.checks.env.inventory import inventory_figures
from launchgate.checks.env.jsonschema_env import jsonschema_findings
from launchgate.checks.env.rules import RULES
from launchgate.checks.env.schema import SCHEMA, Settings
from launchgate.checks.env.stale import stale_candidates
from launchgate.model import Finding, Phase, Rule

__all__ = ["EnvCheck", "Settings"]


def snap_is_template(path: str, settings: Settings) -> bool:
    return settings.is_template(path.rsplit("/", 1)[-1])


class EnvCheck:
    """Environment variables: schema validation per environment, dotenv hygiene, leaks and committed
    secrets."""

    id: ClassVar[str] = "env"
    phase: ClassVar[Phase] = Phase.PRE
    rules: ClassVar[tuple[Rule, ...]] = RULES
    schema: ClassVar[Mapping[str, Mapping[str, Any]]] = SCHEMA
    timeout_s: ClassVar[float] = 60.0
    exclusive: ClassVar[bool] = False

    async def run(self, ctx: Context) -> list[Finding]:
        settings = Settings.of(ctx.section("env") or {})
        repo = ctx.repo
        base = "" if ctx.config_path is None else norm(repo.relpath(ctx.config_path.parent))
        try:
            schema = load_schema(repo, base, settings, ctx)
        except SchemaError:
            raise  # an InputError: the user's schema is wrong, exit 2 with its file:line
        env_dir = norm(base, settings.dir)
        # the tree walks are blocking file I/O: keep them off the event loop the other checks share
        files, unreadable, key_files = await asyncio.to_thread(read_dotenv_files, repo, settings,
                                                               env_dir)
        if not (schema.declared or schema.json_schemas or files or unreadable or key_files):
            raise Skip("no env schema and no dotenv files")
        tracked, unignored = await git_status(repo, [*files, *unreadable, *key_files])
        uses = await asyncio.to_thread(scan_code, repo, settings) if settings.scan_code else ()
        templates = any(snap_is_template(p, settings) for p in files)
        declarations = await asyncio.to_thread(scan_declarations, repo) if uses or templates else {}
        environment = select_environment(ctx.environment, settings, schema)
        if ctx.environment and schema.declared and environment not in schema.environments \
                and environment not in schema.json_schemas:
            raise CheckError(f"environment {environment!r} is not one of {schema.path}'s "
                             f"environments ({', '.join(schema.environments)}): nothing would be "
                             "validated")
        snap = Snapshot(schema=schema, settings=settings, environment=environment, dir=env_dir,
                        files=files,
                        unreadable=unreadable, tracked=tracked, unignored=unignored,
                        key_files=tuple(key_files),
                        process_env=dict(ctx.env), uses=tuple(uses), declarations=declarations)
        if candidates := {key for _, key in stale_candidates(snap)}:
            mentioned = await asyncio.to_thread(scan_mentions, repo, candidates)
            snap = replace(snap, mentioned=mentioned)
        findings = evaluate(snap)
        js = schema.json_schemas.get(environment)
        if js is not None:
            findings = distinct_fingerprints(findings + jsonschema_findings(js, merged(snap)[0]))
        ctx.record("env.environment", environment)
        ctx.record("env.files", len(files))
        ctx.record("env.declared_vars", len(schema.names()))
        ctx.record("env.code_reads", len(uses))
        for name, value in inventory_figures(snap).items():  # names and places, never a value
            ctx.record(name, value)
        return findings
