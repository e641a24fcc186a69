"""The secrets check (issue 3): committed credentials in the tree, a PR's added lines, history,
bundles, files.

The family's files: ``rules.py`` (the rules), ``schema.py`` (the ``secrets`` section and its typed
Settings), ``gather.py`` (the scopes scanned into a frozen ``Gathered``), ``evaluate.py`` (pure:
suppressions applied, hits turned into findings); the scanning itself is ``scopes.py`` and
``engine.py`` with its detectors.

Raw secret values stay inside ``Hit``; a finding carries only the masked form (``redact.mask``) and
a fingerprint built from a hash of the value, never the value."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from launchgate.check import CheckError, Context, Skip
from launchgate.checks.secrets.baseline import render_baseline
from launchgate.checks.secrets.evaluate import evaluate, figures
from launchgate.checks.secrets.gather import (
    default_scopes,
    gather,
    options,
    secret_var_names,
    suppressions,
)
from launchgate.checks.secrets.rules import RULES
from launchgate.checks.secrets.schema import SCHEMA, Settings
from launchgate.model import Finding, Phase, Rule

__all__ = ["SecretsCheck", "Settings", "render_secrets_baseline", "secret_var_names"]


class SecretsCheck:
    """Finds committed credentials: launchgate's vendor detectors plus detect-secrets, offline, in a
    process pool."""

    id: ClassVar[str] = "secrets"
    phase: ClassVar[Phase] = Phase.PRE
    rules: ClassVar[tuple[Rule, ...]] = RULES
    schema: ClassVar[Mapping[str, Mapping[str, Any]]] = SCHEMA
    timeout_s: ClassVar[float] = 900.0
    exclusive: ClassVar[bool] = False
    # sharded runs: tree, files, bundles, staged and the PR diff split by path, history by commit;
    # these figures add up across the shards (docs/sharding.md)
    shard_sums: ClassVar[tuple[str, ...]] = ("_files", "_bytes", "_candidate_lines", "_added_lines",
                                             "allowlisted", "baselined", "gitleaks_ignored",
                                             "history_commits", "history_unreadable_blobs")

    async def run(self, ctx: Context) -> list[Finding]:
        s = Settings.of(ctx.section("secrets"))
        wanted = default_scopes(ctx, s)
        if wanted == ("files",) and not ctx.paths:
            raise CheckError("secrets scope 'files' needs the files to scan as arguments")
        if wanted == ("bundles",) and not any((ctx.repo.root / d).is_dir() for d in s.bundles):
            raise Skip(f"no build output to scan ({', '.join(s.bundles)}): build first, or set "
                       "secrets.bundles")
        baseline, ignore = suppressions(ctx, s)  # BaselineError, GitleaksIgnoreError: exit 2
        g = await gather(ctx, s, wanted, options(ctx, s))
        findings, counts = evaluate(g, s, baseline, ignore)
        figures(g, counts, ctx.record, ctx.record_set)
        return findings


async def render_secrets_baseline(ctx: Context) -> tuple[Path, str]:
    """Scan the tracked tree: the path and text of a deterministic ``.secrets.baseline`` (sorted, no
    timestamps, no lines). Writing it is the caller's job (``launchgate baseline``); hits an
    existing baseline accepted are kept, so rewriting it whole loses nothing."""
    s = Settings.of(ctx.section("secrets"))
    g = await gather(ctx, s, ("tree",), options(ctx, s))
    hits = [h for h in g.by_scope["tree"].hits if not any(r.search(h.value) for r in s.value_allow)]
    return ctx.repo.root / s.baseline_file, render_baseline(sorted(hits,
                                                                   key=lambda h: (h.path, h.rule)))
