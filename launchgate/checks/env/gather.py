"""What the env check reads (I/O): the env schema, the dotenv files, git's view of them and the
code's env reads; the check hands them as a Snapshot to the pure rule functions in evaluate.py."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from typing import Any

from launchgate.check import Context
from launchgate.checks.env.declarations import DECLARATION_GLOBS, declared_in
from launchgate.checks.env.envschema import (
    EnvSchema,
    SchemaError,
    build_schema,
    load_json_schema,
    load_yaml,
)
from launchgate.checks.env.files import DotenvFile, parse_dotenv
from launchgate.checks.env.schema import Settings
from launchgate.checks.env.stale import Matchers
from launchgate.checks.env.usage import Use, scan_file
from launchgate.repo import GitError, Repo, Skipped, TextFile

# `.env.*` names that are not dotenv files (sops/age-encrypted, other formats, editor backups,
# a patch or diff of an env file: its `+KEY=value` lines are no assignments; the secrets check
# still scans it).
_NOT_DOTENV = (".vault", ".json", ".yaml", ".yml", ".toml", ".js", ".cjs", ".mjs", ".ts", ".py",
               ".sh", ".md",
               ".enc", ".gpg", ".age", ".swp", ".tpl.json", ".patch", ".diff", ".rej")
MAX_CODE_FILES = 20_000
MAX_CODE_BYTES = 1024 * 1024
_JSON_SCHEMA_RE = re.compile(r"env\.schema\.([A-Za-z0-9_-]+)\.json")


def norm(*parts: str) -> str:
    p = posixpath.normpath(posixpath.join(*parts))
    return "" if p == "." else p


def select_environment(given: str | None, settings: Settings, schema: EnvSchema) -> str:
    """--environment, else env.default_environment, else `development` when listed, else the first
    listed."""
    if given:
        return given
    if settings.default_environment:
        return settings.default_environment
    return "development" if "development" in schema.environments else schema.environments[0]


def load_schema(repo: Repo, base: str, settings: Settings, ctx: Context) -> EnvSchema:
    path = norm(base, settings.schema_file)
    schema = EnvSchema()
    # a FIFO is refused by read_text, not skipped
    if repo.abspath(path).exists() or repo.abspath(path).is_symlink():
        text = _read_or_fail(repo, path)
        data, lines = load_yaml(text, path)
        schema = build_schema(data if data is not None else {}, path=path, lines=lines)
    if settings.inline:
        where = repo.relpath(ctx.config_path) if ctx.config_path else "launchgate.yml"
        schema = build_schema(settings.inline, path=where, lines=ctx.config_lines, prefix="env.",
                              base=schema)
    schema_dir = posixpath.dirname(path)
    found: dict[str, Any] = {}
    directory = repo.abspath(schema_dir) if schema_dir else repo.root
    for child in sorted(directory.glob("env.schema.*.json")):
        m = _JSON_SCHEMA_RE.fullmatch(child.name)
        if m:
            rel = norm(schema_dir, child.name)
            found[m.group(1)] = load_json_schema(_read_or_fail(repo, rel), rel, m.group(1))
    if found:
        schema = EnvSchema(declared=schema.declared, path=schema.path, framework=schema.framework,
                           environments=schema.environments,
                           allow_undeclared=schema.allow_undeclared,
                           vars=schema.vars, json_schemas=found)
    return schema


def _read_or_fail(repo: Repo, rel: str) -> str:
    tf = repo.read_text(rel)
    if isinstance(tf, Skipped):
        raise SchemaError(f"{rel}:1: cannot read the env schema: {tf.reason}")
    return tf.text


def read_dotenv_files(repo: Repo, settings: Settings,
                      env_dir: str) -> tuple[dict[str, DotenvFile], dict[str, str], list[str]]:
    """Every dotenv file the globs match (and the templates in env_dir): parsed, unreadable with a
    reason, or a dotenvx key file."""
    include = (*settings.files, *(norm(env_dir, n) for n in settings.example_files))
    before = len(repo.skipped)
    files: dict[str, DotenvFile] = {}
    unreadable: dict[str, str] = {}
    key_files: list[str] = []
    for rel in repo.walk(include=include, exclude=settings.files_exclude):
        name = rel.rsplit("/", 1)[-1]
        if not (name == ".env" or name.startswith(".env.")) or name.endswith(_NOT_DOTENV):
            continue
        if name == ".env.keys" or name.endswith(".keys"):
            key_files.append(rel)
            continue
        full = repo.abspath(rel)
        if not full.is_file():
            if full.is_symlink() and not full.exists() and repo.inside(full):
                # `apps/web/.env -> ../../.env`: a monorepo app sharing the root's local .env,
                # which each checkout creates and git ignores; no file, nothing committed to read
                continue
            unreadable[rel] = "not a regular file"
            continue
        tf = repo.read_text(rel)
        if isinstance(tf, TextFile):
            files[rel] = parse_dotenv(rel, tf.text, tf.encoding)
        else:
            unreadable[rel] = tf.reason
    for s in repo.skipped[before:]:
        name = s.path.rsplit("/", 1)[-1]
        if name == ".env" or name.startswith(".env."):
            unreadable.setdefault(s.path, s.reason)
    return files, unreadable, key_files


async def git_status(repo: Repo, paths: list[str]) -> tuple[frozenset[str] | None, frozenset[str]]:
    """(tracked, untracked-and-not-ignored) among ``paths``; (None, {}) outside a git work tree."""
    try:
        inside = (await repo.git("rev-parse", "--is-inside-work-tree", timeout=20)).strip()
        if inside != "true":
            return None, frozenset()
        if not paths:
            return frozenset(), frozenset()
        tracked = await repo.git("ls-files", "-z", "--cached", "--", *paths, timeout=30)
        others = await repo.git("ls-files", "-z", "--others", "--exclude-standard", "--", *paths,
                                timeout=30)
    except (GitError, OSError):
        return None, frozenset()
    return (frozenset(p for p in tracked.split("\x00") if p),
            frozenset(p for p in others.split("\x00") if p))


def scan_code(repo: Repo, settings: Settings) -> list[Use]:
    """Reads of environment variables in source files (bounded in file count and size; runs in a
    thread)."""
    uses: list[Use] = []
    for n, rel in enumerate(repo.walk(include=settings.scan_code, exclude=settings.scan_exclude)):
        if n >= MAX_CODE_FILES:
            break
        if not repo.abspath(rel).is_file():
            continue
        tf = repo.read_text(rel, max_bytes=MAX_CODE_BYTES)
        if isinstance(tf, TextFile):
            uses.extend(scan_file(rel, tf.text))
    return uses


MAX_DECLARATION_FILES = 2_000
MAX_DECLARATION_BYTES = 512 * 1024


def scan_declarations(repo: Repo) -> dict[str, str]:
    """Variable name -> the first compose/turbo/CI/Dockerfile/manifest file that declares it
    (bounded)."""
    out: dict[str, str] = {}
    for n, rel in enumerate(repo.walk(include=DECLARATION_GLOBS, exclude=("node_modules/",))):
        if n >= MAX_DECLARATION_FILES:
            break
        if rel.rsplit("/", 1)[-1].startswith(".env") or not repo.abspath(rel).is_file():
            continue  # dotenv files are read as such
        tf = repo.read_text(rel, max_bytes=MAX_DECLARATION_BYTES)
        if isinstance(tf, TextFile):
            for name in sorted(declared_in(rel, tf.text)):
                out.setdefault(name, rel)
    return out


MAX_MENTION_FILES = 20_000
_NOT_TEXT = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".svg", ".woff", ".woff2", ".ttf",
             ".eot",
             ".pdf", ".zip", ".gz", ".mp4", ".mp3", ".lock", "-lock.json", "-lock.yaml", ".min.js",
             ".map")


def scan_mentions(repo: Repo, names: Collection[str]) -> frozenset[str]:
    """Which of ``names`` a file other than a dotenv file uses (stale.Matchers: named as a word, a
    dynamic-read fragment, a product that reads its own prefix). Bounded in files and bytes per
    file; a private Repo handle, so what it skips is not reported elsewhere."""
    if not names:
        return frozenset()
    match = Matchers(names)
    reader = Repo(repo.root, max_bytes=MAX_CODE_BYTES)
    found: set[str] = set()
    for n, rel in enumerate(reader.walk()):
        if n >= MAX_MENTION_FILES:
            return match.names  # not searched to the end: nothing is known to be unused
        if found >= match.names:
            break
        name = rel.rsplit("/", 1)[-1]
        if name == ".env" or name.startswith(".env.") or name.lower().endswith(_NOT_TEXT):
            continue
        tf = reader.read_text(rel)
        if isinstance(tf, TextFile):
            found |= match.used_in(tf.text)
    return frozenset(found)
