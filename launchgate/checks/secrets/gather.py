"""What the ``secrets`` check gathers: the hits of every configured scope (tree, a PR's diff,
staged files, history, build output, given files), scanned in a process pool, into one frozen
``Gathered``; and the names the env schema marks secret (their values are known secrets).

The scanning itself is ``scopes.py`` and ``engine.py``; this module decides what is read, through
the repository's guards, and hands the result to ``evaluate.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from launchgate.check import CheckError, Context
from launchgate.checks.env.envschema import SchemaError, load_yaml
from launchgate.checks.secrets import engine, scopes
from launchgate.checks.secrets.baseline import Baseline, read_baseline
from launchgate.checks.secrets.gitleaks import GitleaksIgnore, read_ignore
from launchgate.checks.secrets.schema import Settings
from launchgate.repo import GitError, Skipped


@dataclass(frozen=True, kw_only=True)
class Gathered:
    """Everything scanned, per scope, ready for the pure evaluation: the hits and skipped files of
    each scope, the public source maps met in build output, given files outside the repository."""

    by_scope: Mapping[str, scopes.Scanned]
    source_maps: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()


def secret_var_names(ctx: Context, schema_name: str) -> list[str]:
    """Names the env schema (file next to launchgate.yml or at the repo root, or inline `env.vars`)
    marks secret.

    The file is read like the env check reads it: through the repo's guards and the bounded YAML
    reader.
    """
    names: list[str] = []
    inline = ctx.config.get("env", {})
    sources: list[Any] = [inline.get("vars") if isinstance(inline, Mapping) else None]
    repo = ctx.repo
    for base in {ctx.config_path.parent if ctx.config_path else repo.root, repo.root}:
        rel = repo.relpath(base / schema_name)
        if not repo.abspath(rel).is_file():
            continue
        tf = repo.read_text(rel)
        if isinstance(tf, Skipped):
            continue
        try:
            doc, _lines = load_yaml(tf.text, rel)
        except SchemaError:
            continue  # the env check reports a broken schema; here it only means no known values
        sources.append(doc.get("vars") if isinstance(doc, Mapping) else None)
    for vars_ in sources:
        if isinstance(vars_, Mapping):
            names += [str(k) for k, v in vars_.items() if isinstance(v, Mapping)
                      and v.get("secret") is True]
    return sorted(set(names))


def suppressions(ctx: Context, s: Settings) -> tuple[Baseline | None, GitleaksIgnore | None]:
    """The repository's detect-secrets baseline and ``.gitleaksignore`` (None when absent); a broken
    one raises BaselineError or GitleaksIgnoreError (exit 2)."""
    baseline = read_baseline(ctx.repo.root / s.baseline_file, ctx.repo.root)
    return baseline, read_ignore(ctx.repo.root)


def default_scopes(ctx: Context, s: Settings) -> tuple[str, ...]:
    if s.scopes:
        return s.scopes
    own = ("diff",) if ctx.scope.base and not ctx.scope.all else ("tree",)
    return (*own, "files") if ctx.paths else own  # --secrets-file: those files too


def options(ctx: Context, s: Settings) -> engine.Options:
    """The engine's options: detectors, entropy, the file cap, and the values of env variables the
    env schema marks secret (so a known secret is found in any shape)."""
    known = tuple((n, ctx.env[n]) for n in secret_var_names(ctx, s.env_schema) if ctx.env.get(n))
    return engine.Options(detect_secrets=s.detect_secrets, entropy=s.entropy, known=known,
                          max_bytes=s.max_file_bytes)


def _given_files(ctx: Context, s: Settings,
                 outside: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The files scope's paths (folders expanded), and the special files among them, noted and never
    opened; given paths outside the repository go to ``outside``."""
    repo = ctx.repo
    rels: list[str] = []
    special: list[tuple[str, str]] = []
    away: list[str] = []
    for p in ctx.paths:
        full = p if p.is_absolute() else repo.root / p  # the CLI hands them on absolute
        if not repo.inside(full):
            away.append(str(p))
            continue
        for f in scopes.files_under(full) if full.is_dir() else [full]:
            if f.exists() and not f.is_file():  # a FIFO, device or socket: open() would block
                special.append((repo.relpath(f), "not a regular file; not read"))
            elif not s.excluded(repo.relpath(f)):
                rels.append(repo.relpath(f))
    outside += [p for p in away if ctx.owns(p)]
    return [r for r in rels if ctx.owns(r)], [k for k in special if ctx.owns(k[0])]


async def _files_scope(ctx: Context, s: Settings, pool: scopes.Pool, opts: engine.Options,
                       outside: list[str]) -> scopes.Scanned:
    rels, special = _given_files(ctx, s, outside)
    scanned = await scopes.scan_paths(pool, ctx.repo.root, rels, opts, "files")
    scanned.skipped.extend(special)
    return scanned


def _owned(ctx: Context, s: Settings) -> Callable[[str], bool]:
    """The exclusion a sharded run's path-split scopes use: excluded, or another shard's path."""
    if ctx.shard is None:
        return s.excluded
    return lambda path: s.excluded(path) or not ctx.owns(path)


async def _diff_scope(ctx: Context, s: Settings, pool: scopes.Pool,
                      opts: engine.Options) -> scopes.Scanned:
    """The PR's added lines, split by path in a sharded run (a diff finding is one per secret and
    path, so the shards' findings are the single run's); ``diff_commits`` counts every path, in
    the shard that owns ``secrets.diff``."""
    repo = ctx.repo
    if not ctx.scope.base:
        raise CheckError("secrets scope 'diff' needs a base ref (--base-ref, or a pull-request "
                         "event)")
    try:
        if ctx.scope.history.limited and not ctx.scope.endpoints:  # decided once, before the checks
            raise scopes.ShallowClone(f"{ctx.scope.history.limited}: the tree was scanned instead")
        scanned = await scopes.scan_diff(pool, repo, ctx.scope.base, ctx.scope.head, opts,
                                         _owned(ctx, s), s.timeout_s, endpoints=ctx.scope.endpoints)
    except scopes.ShallowClone as exc:  # scan what is there, and say why it is more than the diff
        paths = [p for p in await scopes.tree_paths(repo, s.excluded) if ctx.owns(p)]
        scanned = await scopes.scan_paths(pool, repo.root, paths, opts, "tree")
        scanned.figures["diff_shallow"] = str(exc)
        return scanned
    if ctx.shard is not None and not ctx.scope.endpoints:
        if ctx.owns("secrets.diff"):
            scanned.figures["diff_commits"] = await scopes.diff_commits(
                repo, ctx.scope.base, ctx.scope.head, s.excluded, s.timeout_s)
        else:
            del scanned.figures["diff_commits"]
    return scanned


async def _tree_scope(ctx: Context, s: Settings, pool: scopes.Pool,
                      opts: engine.Options) -> scopes.Scanned:
    repo = ctx.repo
    paths = [p for p in await scopes.tree_paths(repo, s.excluded) if ctx.owns(p)]
    scanned = await scopes.scan_paths(pool, repo.root, paths, opts, "tree")
    # FIFOs, devices, sockets the walk met: noted, never opened; once each (repo.skipped
    # grows on every walk of the shared Repo, so another check's walk must not count twice)
    scanned.skipped.extend(dict.fromkeys(
        (k.path, k.reason) for k in repo.skipped
        if k.reason.startswith("not a regular file") and ctx.owns(k.path)))
    return scanned


async def _scope(ctx: Context, s: Settings, pool: scopes.Pool, opts: engine.Options, scope: str,
                 found: tuple[list[str], list[str]]) -> scopes.Scanned | None:
    """One scope's scan; ``found`` collects (source maps, given paths outside the repository)."""
    repo = ctx.repo
    if scope == "tree":
        return await _tree_scope(ctx, s, pool, opts)
    if scope == "files":
        return await _files_scope(ctx, s, pool, opts, found[1])
    if scope == "bundles":
        paths, maps = scopes.bundle_paths(repo, s.bundles, s.excluded)
        found[0][:] = [p for p in maps if ctx.owns(p)]
        owned = [p for p in paths if ctx.owns(p)]
        return await scopes.scan_paths(pool, repo.root, owned, opts, "bundles")
    if scope == "staged":
        return await scopes.scan_staged(pool, repo, opts, _owned(ctx, s), s.timeout_s)
    if scope == "diff":  # split by path
        return await _diff_scope(ctx, s, pool, opts)
    if scope == "history":  # split by commit (docs/sharding.md)
        owns = ctx.owns if ctx.shard is not None else None
        return await scopes.scan_history(pool, repo, s.history, opts, s.excluded, s.timeout_s,
                                         owns)
    return None


async def gather(ctx: Context, s: Settings, wanted: Sequence[str],
                 opts: engine.Options) -> Gathered:
    """Scan each wanted scope in turn (one process pool for all of them)."""
    by_scope: dict[str, scopes.Scanned] = {}
    found: tuple[list[str], list[str]] = ([], [])
    pool = scopes.Pool(s.workers)
    try:
        for scope in wanted:
            scanned = await _scope(ctx, s, pool, opts, scope, found)
            if scanned is not None:
                by_scope[scope] = scanned
    except GitError as exc:
        raise CheckError(str(exc)) from None
    finally:
        pool.close()
    return Gathered(by_scope=by_scope, source_maps=tuple(found[0]), outside=tuple(found[1]))
