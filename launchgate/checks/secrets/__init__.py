"""The secrets check (issue 3): committed credentials in the tree, a PR's added lines, history,
bundles, files.

SecretsCheck gathers hits from the configured scopes, then turns them into findings with pure
functions.

Raw secret values stay inside ``Hit``; a finding carries only the masked form (``redact.mask``) and
a fingerprint built from a hash of the value, never the value."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from launchgate.check import CheckError, Context, Skip
from launchgate.checks.env.envschema import SchemaError, load_yaml
from launchgate.checks.secrets import engine, scopes
from launchgate.checks.secrets.baseline import Baseline, read_baseline, render_baseline
from launchgate.checks.secrets.gitleaks import GitleaksIgnore, read_ignore
from launchgate.checks.secrets.rules import BY_ID, RULES
from launchgate.checks.secrets.schema import SCHEMA, Settings
from launchgate.model import Finding, Location, Phase, Rule, Severity
from launchgate.redact import mask, secret_hash
from launchgate.repo import GitError, Skipped

__all__ = ["SecretsCheck", "Settings", "render_secrets_baseline", "secret_var_names"]


@dataclass
class Gathered:
    """Everything scanned, per scope, ready for the pure evaluation."""

    by_scope: dict[str, scopes.Scanned] = field(default_factory=dict)
    source_maps: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


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


def default_scopes(ctx: Context, s: Settings) -> tuple[str, ...]:
    if s.scopes:
        return s.scopes
    own = ("diff",) if ctx.scope.base and not ctx.scope.all else ("tree",)
    return (*own, "files") if ctx.paths else own  # --secrets-file: those files too


def _given_files(ctx: Context, s: Settings, g: Gathered) -> tuple[list[str], list[tuple[str, str]]]:
    """The files scope's paths (folders expanded), and the special files among them, noted and never
    opened."""
    repo = ctx.repo
    rels: list[str] = []
    special: list[tuple[str, str]] = []
    for p in ctx.paths:
        full = p if p.is_absolute() else repo.root / p  # the CLI hands them on absolute
        if not repo.inside(full):
            g.outside.append(str(p))
            continue
        for f in scopes.files_under(full) if full.is_dir() else [full]:
            if f.exists() and not f.is_file():  # a FIFO, device or socket: open() would block
                special.append((repo.relpath(f), "not a regular file; not read"))
            elif not s.excluded(repo.relpath(f)):
                rels.append(repo.relpath(f))
    g.outside = [p for p in g.outside if ctx.owns(p)]
    return [r for r in rels if ctx.owns(r)], [k for k in special if ctx.owns(k[0])]


async def _files_scope(ctx: Context, s: Settings, pool: scopes.Pool, opts: engine.Options,
                       g: Gathered) -> scopes.Scanned:
    rels, special = _given_files(ctx, s, g)
    scanned = await scopes.scan_paths(pool, ctx.repo.root, rels, opts, "files")
    scanned.skipped.extend(special)
    return scanned


async def _diff_scope(ctx: Context, s: Settings, pool: scopes.Pool,
                      opts: engine.Options) -> scopes.Scanned:
    repo = ctx.repo
    if not ctx.scope.base:
        raise CheckError("secrets scope 'diff' needs a base ref (--base-ref, or a pull-request "
                         "event)")
    try:
        if ctx.scope.history.limited and not ctx.scope.endpoints:  # decided once, before the checks
            raise scopes.ShallowClone(f"{ctx.scope.history.limited}: the tree was scanned instead")
        return await scopes.scan_diff(pool, repo, ctx.scope.base, ctx.scope.head, opts, s.excluded,
                                      s.timeout_s, endpoints=ctx.scope.endpoints)
    except scopes.ShallowClone as exc:  # scan what is there, and say why it is more than the diff
        paths = await scopes.tree_paths(repo, s.excluded)
        scanned = await scopes.scan_paths(pool, repo.root, paths, opts, "tree")
        scanned.figures["diff_shallow"] = str(exc)
        return scanned


async def _scope(ctx: Context, s: Settings, pool: scopes.Pool, opts: engine.Options, g: Gathered,
                 scope: str) -> scopes.Scanned | None:
    repo = ctx.repo
    if scope == "tree":
        paths = [p for p in await scopes.tree_paths(repo, s.excluded) if ctx.owns(p)]
        scanned = await scopes.scan_paths(pool, repo.root, paths, opts, "tree")
        # FIFOs, devices, sockets the walk met: noted, never opened; once each (repo.skipped
        # grows on every walk of the shared Repo, so another check's walk must not count twice)
        scanned.skipped.extend(dict.fromkeys(
            (k.path, k.reason) for k in repo.skipped
            if k.reason.startswith("not a regular file") and ctx.owns(k.path)))
        return scanned
    if scope == "files":
        return await _files_scope(ctx, s, pool, opts, g)
    if scope == "bundles":
        paths, maps = scopes.bundle_paths(repo, s.bundles, s.excluded)
        g.source_maps = [p for p in maps if ctx.owns(p)]
        owned = [p for p in paths if ctx.owns(p)]
        return await scopes.scan_paths(pool, repo.root, owned, opts, "bundles")
    if scope == "staged":
        return await scopes.scan_staged(pool, repo, opts, s.excluded, s.timeout_s)
    if not ctx.owns(f"secrets.{scope}"):  # diff, history: whole, in one shard (docs/sharding.md)
        return None
    if scope == "diff":
        return await _diff_scope(ctx, s, pool, opts)
    if scope == "history":
        return await scopes.scan_history(pool, repo, s.history, opts, s.excluded, s.timeout_s)
    return None


async def gather(ctx: Context, s: Settings, wanted: Sequence[str],
                 opts: engine.Options) -> Gathered:
    g = Gathered()
    pool = scopes.Pool(s.workers)
    try:
        for scope in wanted:
            scanned = await _scope(ctx, s, pool, opts, g, scope)
            if scanned is not None:
                g.by_scope[scope] = scanned
    except GitError as exc:
        raise CheckError(str(exc)) from None
    finally:
        pool.close()
    return g


def _severity(rule: Rule, hit: engine.Hit, scope: str) -> Severity:
    if hit.severity == "low":
        return Severity.LOW
    # in a public bundle the secret is already published
    if hit.severity == "blocker" or scope == "bundles":
        return Severity.BLOCKER
    return rule.severity


def _accepted(h: engine.Hit, commit: str, s: Settings, baseline: Baseline | None,
              ignore: GitleaksIgnore | None) -> str:
    """Which suppression accepts the hit ('' for none): the value allowlist, the detect-secrets
    baseline, or a .gitleaksignore fingerprint at its file and line."""
    if any(r.search(h.value) for r in s.value_allow):
        return "allowlisted"
    if baseline is not None and baseline.accepts(h):
        return "baselined"
    if ignore is not None and ignore.accepts(h.path, h.line, commit):
        return "gitleaks_ignored"
    return ""


def evaluate(g: Gathered, s: Settings, baseline: Baseline | None,
             ignore: GitleaksIgnore | None = None) -> tuple[list[Finding], dict[str, int]]:
    """Findings from gathered hits: allowlists, baseline and .gitleaksignore applied, one finding
    per secret and place."""
    findings: list[Finding] = []
    seen: set[tuple[str, ...]] = set()
    counts = {"allowlisted": 0, "baselined": 0, "gitleaks_ignored": 0}
    for scope, scanned in g.by_scope.items():
        # net-diff hits (no commit) first: their line numbers are the head's, where a PR annotation
        # lands
        hits = sorted(scanned.hits, key=lambda h: bool(scanned.where.get(id(h))))
        for h in hits:
            why = _accepted(h, scanned.where.get(id(h), ""), s, baseline, ignore)
            if why:
                counts[why] += 1
                continue
            digest = secret_hash(h.value)
            key = (h.rule, digest) if scope == "history" else (h.rule, h.path, digest)
            if key in seen:
                continue
            seen.add(key)
            rule = BY_ID.get(h.rule) or BY_ID["secrets.generic-password"]
            commit = scanned.where.get(id(h), "")
            where = ""
            if commit and scope == "diff":
                where = (f" (added in commit {commit[:12]}, removed again before the PR head: "
                         "still in its history)")
            elif commit:
                where = f" (first appeared in commit {commit[:12]})"
            place = f"{h.path}:{h.line}"
            what = rule.title.removesuffix(" committed")
            shown = f"{h.note}; " if h.note else ""
            bundle = " in public build output" if scope == "bundles" else ""
            findings.append(Finding.of(
                rule, f"{what}{bundle} at {place}{where}: {shown}value {mask(h.value)}",
                Location(path=h.path, start_line=h.line, end_line=h.line),
                key=(digest,), evidence=mask(h.value), severity=_severity(rule, h, scope)))
    findings += _notes(g)
    return findings, counts


def _notes(g: Gathered) -> list[Finding]:
    notes = [Finding.of(BY_ID["secrets.source-map-public"], f"source map {p} is in public build "
                        "output",
                        Location(path=p)) for p in g.source_maps]
    unscanned = BY_ID["secrets.file-not-scanned"]
    seen: set[tuple[str, str]] = set()  # a file in several scopes (or pieces) is noted once
    for scanned in g.by_scope.values():
        for path, reason in scanned.skipped:
            if reason != "binary file" and (path, reason) not in seen:
                seen.add((path, reason))
                notes.append(Finding.of(unscanned, f"{path} not scanned for secrets: {reason}",
                                        Location(path=path), key=(reason.split(" (")[0],)))
    notes += [Finding.of(unscanned, f"{p} not scanned for secrets: outside the repository",
                         Location(path=p))
              for p in g.outside]
    return notes


def _figures(g: Gathered, counts: Mapping[str, int],
             record: Callable[[str, float | int | str], None]) -> None:
    for scope, scanned in g.by_scope.items():
        record(f"{scope}_scanned", 1)
        for name, value in scanned.figures.items():
            record(name, value)
        record(f"{scope}_skipped_files", len(scanned.skipped))
    for name, value in counts.items():
        record(name, value)


class SecretsCheck:
    """Finds committed credentials: launchgate's vendor detectors plus detect-secrets, offline, in a
    process pool."""

    id: ClassVar[str] = "secrets"
    phase: ClassVar[Phase] = Phase.PRE
    rules: ClassVar[tuple[Rule, ...]] = RULES
    schema: ClassVar[Mapping[str, Mapping[str, Any]]] = SCHEMA
    timeout_s: ClassVar[float] = 900.0
    exclusive: ClassVar[bool] = False
    # sharded runs: tree, files and bundles split by path; these figures add up across the shards
    shard_sums: ClassVar[tuple[str, ...]] = ("_files", "_bytes", "_candidate_lines", "allowlisted",
                                             "baselined")

    async def run(self, ctx: Context) -> list[Finding]:
        s = Settings.of(ctx.section("secrets"))
        wanted = default_scopes(ctx, s)
        if wanted == ("files",) and not ctx.paths:
            raise CheckError("secrets scope 'files' needs the files to scan as arguments")
        if wanted == ("bundles",) and not any((ctx.repo.root / d).is_dir() for d in s.bundles):
            raise Skip(f"no build output to scan ({', '.join(s.bundles)}): build first, or set "
                       "secrets.bundles")
        # BaselineError: exit 2
        baseline = read_baseline(ctx.repo.root / s.baseline_file, ctx.repo.root)
        ignore = read_ignore(ctx.repo.root)  # GitleaksIgnoreError: exit 2
        g = await gather(ctx, s, wanted, options(ctx, s))
        findings, counts = evaluate(g, s, baseline, ignore)
        _figures(g, counts, ctx.record)
        return findings


def options(ctx: Context, s: Settings) -> engine.Options:
    known = tuple((n, ctx.env[n]) for n in secret_var_names(ctx, s.env_schema) if ctx.env.get(n))
    return engine.Options(detect_secrets=s.detect_secrets, entropy=s.entropy, known=known,
                          max_bytes=s.max_file_bytes)


async def render_secrets_baseline(ctx: Context) -> tuple[Path, str]:
    """Scan the tracked tree: the path and text of a deterministic ``.secrets.baseline`` (sorted, no
    timestamps, no lines). Writing it is the caller's job (``launchgate baseline``); hits an
    existing baseline accepted are kept, so rewriting it whole loses nothing."""
    s = Settings.of(ctx.section("secrets"))
    g = await gather(ctx, s, ("tree",), options(ctx, s))
    hits = [h for h in g.by_scope["tree"].hits if not any(r.search(h.value) for r in s.value_allow)]
    return ctx.repo.root / s.baseline_file, render_baseline(sorted(hits,
                                                                   key=lambda h: (h.path, h.rule)))
