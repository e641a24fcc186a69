"""Does every deploy of the default branch run the migrations? Read from the project's own build and
release hooks (pure: file texts in, a sentence out).

A project whose platform build runs ``prisma migrate deploy`` (Vercel's ``vercel-build``, a
``build`` script), or whose Heroku ``Procfile`` / Fly ``fly.toml`` / Render ``render.yaml`` release
step runs the migrations, ships each push of the default branch to production. Its release tags
are for self-hosters and can lag the deployed tree by months; judging "since the latest tag" would
report migrations production ran long ago on every push. For such a project the next deploy runs
what the push (or the unpushed commits, or the last commit) adds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

# A command that applies pending migrations (not one that writes a new migration: ``migrate dev``).
_MIGRATE = re.compile(
    r"\bprisma\s+migrate\s+deploy\b|\bdrizzle-kit\s+migrate\b|\bknex\s+migrate:latest\b"
    r"|\bsequelize(?:-cli)?\s+db:migrate\b(?!:)|\bmanage\.py\s+migrate\b|\brails\s+db:migrate\b"
    r"|\balembic\s+upgrade\b")
# package.json scripts a hosting platform runs on every build of the deployed branch.
_BUILD_SCRIPTS = ("vercel-build", "heroku-postbuild", "build")
_FLY_RELEASE = re.compile(r"^\s*release_command\s*=\s*(['\"])(?P<cmd>.*)\1", re.MULTILINE)
_RENDER_STEP = re.compile(r"^\s*-?\s*(?:preDeployCommand|startCommand)\s*:\s*(?P<cmd>.+)$",
                          re.MULTILINE)
_PROCFILE_RELEASE = re.compile(r"^release\s*:\s*(?P<cmd>.+)$", re.MULTILINE)
# Folders whose manifests are not the deployed app's (dependencies, fixtures, examples).
_NOT_THE_APP = re.compile(r"(^|/)(node_modules|examples?|fixtures?|tests?|templates?)/")


def hook_files(paths: list[str]) -> list[str]:
    """The files worth reading: package.json, Procfile, fly.toml and render.yaml of the app, at
    most three folders deep."""
    names = ("package.json", "Procfile", "fly.toml", "render.yaml")
    return sorted(p for p in paths
                  if p.rsplit("/", 1)[-1] in names and p.count("/") <= 2
                  and not _NOT_THE_APP.search(p))


def deploys_each_push(texts: Mapping[str, str]) -> str | None:
    """Where a build or release hook runs the migrations (``package.json script vercel-build``),
    or None."""
    for path in sorted(texts):
        where = _hook_in(path, texts[path])
        if where:
            return where
    return None


def _hook_in(path: str, text: str) -> str | None:
    name = path.rsplit("/", 1)[-1]
    if name == "package.json":
        return _package_hook(path, text)
    pattern = {"Procfile": _PROCFILE_RELEASE, "fly.toml": _FLY_RELEASE,
               "render.yaml": _RENDER_STEP}.get(name)
    if pattern is None:
        return None
    for m in pattern.finditer(text):
        if _MIGRATE.search(m.group("cmd")):
            step = {"Procfile": "release", "fly.toml": "release_command"}.get(name, "deploy step")
            return f"{path} {step}"
    return None


def _package_hook(path: str, text: str) -> str | None:
    try:
        scripts = json.loads(text).get("scripts")
    except (ValueError, AttributeError):
        return None  # not a JSON object: no hook we can read
    if not isinstance(scripts, dict):
        return None
    for script in _BUILD_SCRIPTS:
        cmd = scripts.get(script)
        if isinstance(cmd, str) and _MIGRATE.search(cmd):
            return f"{path} script {script}"
    return None
