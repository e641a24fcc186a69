"""The pipeline the CLI drives: options -> config -> selected checks -> runner (-> Report) ->
outputs. Wiring only.

Kept apart from cli.py so that ``launchgate --version`` and ``--help`` import only Click (a cold
start in the action's container is measured); everything here is imported on the first real command.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from launchgate import __version__
from launchgate.check import Check, Context, Scope, shard_sums
from launchgate.checks import TABLE, Listed, builtin_schema, load_checks
from launchgate.clone import History, prepare
from launchgate.config import Config, ConfigError, build_schema, find_config, load
from launchgate.github import RunContext
from launchgate.model import Phase, Report, RunInfo, Severity, Shard, Status
from launchgate.net import Net, NetSettings
from launchgate.redact import scrub_report
from launchgate.repo import Repo
from launchgate.report import FORMATS
from launchgate.report.terminal import Style
from launchgate.report.text import render_text
from launchgate.runner import Policy, Watch, read_baseline
from launchgate.runner import run as run_checks

if TYPE_CHECKING:  # `launchgate merge` imports it (and the saved-report reader) when it runs
    from launchgate import merge

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
# 15 minutes: under GitHub's default job timeout (360 min) and most teams' own
DEFAULT_TIMEOUT_S = 900.0


def all_checks() -> Sequence[Listed | Check]:
    """The checks a run chooses from: the table's rows, each family imported only when a run
    selects it (a function, so tests can substitute their own checks)."""
    return TABLE


def every_check() -> tuple[Check, ...]:
    """Every check, every family imported (``rules``, ``schema``, ``merge``)."""
    return load_checks(all_checks())


def renderers() -> Mapping[str, Callable[[Report], str]]:
    return FORMATS


class UsageProblem(Exception):
    """A problem with how launchgate was called; exit 2."""


@dataclass(frozen=True, kw_only=True)
class CheckOptions:
    """Everything `launchgate check` was asked to do, as plain data."""

    root: Path
    config: Path | None
    phase: str | None
    only: tuple[str, ...]
    skip: tuple[str, ...]
    environment: str | None
    base_ref: str | None
    head_ref: str | None
    all: bool
    fail_on: str | None
    outputs: tuple[tuple[str, str | None], ...]  # (format, path or None for stdout)
    paths: tuple[Path, ...]
    overrides: Mapping[str, Any]
    comment: str
    annotations: str
    debug: bool
    use_baseline: bool = True
    push: tuple[str, str] | None = None  # a push event's (before, after) under GitHub Actions
    timeout_s: float | None = DEFAULT_TIMEOUT_S  # the whole run's deadline (--timeout); None: none
    shard: Shard | None = None  # --shard K/N: this run does part K of N (docs/sharding.md)
    history: History = field(default_factory=History)  # the clone's state, from prepare_clone
    staged: bool = False  # --staged: only what `git commit` would record (the pre-commit hooks)
    max_requests: int | None = None  # the probes' load budget (`launchgate monitor`); None: theirs

    @property
    def scope(self) -> Scope:
        """The diff scope these options ask for (one place: the contexts and the runner share
        it)."""
        return Scope(base=self.base_ref, head=self.head_ref, all=self.all, push=self.push,
                     history=self.history, staged=self.staged)


def split_ids(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


def pair_outputs(
    formats: Sequence[str], outputs: Sequence[str]
) -> tuple[tuple[str, str | None], ...]:
    """Pair ``--format``/``--output`` in order; ``--format sarif=lg.sarif`` names its file inline.

    Formats without an output (or with ``-``) go to stdout; at most one may.
    """
    pairs: list[tuple[str, str | None]] = []
    files = list(outputs)
    for fmt in formats or ("text",):
        name, _, inline = fmt.partition("=")
        name = name.strip().lower()
        if name not in renderers():
            raise UsageProblem(f"unknown format {name!r} (choose from "
                               f"{', '.join(sorted(renderers()))})")
        target = inline or (files.pop(0) if files else None)
        pairs.append((name, None if target == "-" else target))
    if files:
        raise UsageProblem(f"--output {files[0]} has no --format to go with it")
    if sum(1 for _, p in pairs if p is None) > 1:
        raise UsageProblem("only one --format can go to standard output; give the others an "
                           "--output FILE")
    return tuple(pairs)


def select_checks(checks: Sequence[Listed | Check], phases: Sequence[Phase],
                  only: Sequence[str], skip: Sequence[str]) -> tuple[Check, ...]:
    """The checks of these phases (or ``--only``), less ``--skip``: only their families are
    imported."""
    known = {c.id for c in checks}
    for name in (*only, *skip):
        if name not in known:
            raise UsageProblem(f"unknown check {name!r} (checks: {', '.join(sorted(known))})")
    chosen = [c for c in checks if c.phase in phases and c.id not in skip]
    if only:
        chosen = [c for c in checks if c.id in only and c.id not in skip]
    return load_checks(chosen)


def parse_shard(text: str | None) -> Shard | None:
    """``--shard K/N``: part K (1-based) of N, N from 1 to 256."""
    if text is None:
        return None
    k, slash, n = text.strip().partition("/")
    if not (slash and k.isdigit() and n.isdigit() and 1 <= int(n) <= 256 and 1 <= int(k) <= int(n)):
        raise UsageProblem(f"--shard {text!r}: expected K/N with 1 <= K <= N <= 256, e.g. 2/4")
    return Shard(index=int(k), total=int(n))


def shard_checks(checks: Sequence[Check], shard: Shard | None) -> list[Check]:
    """A sharded run's part of the checks: every check that splits its work, and the whole checks
    whose id this shard owns (each runs in exactly one shard)."""
    if shard is None:
        return list(checks)
    return [c for c in checks if shard_sums(c) is not None or shard.owns(c.id)]


def _has_live_targets(cfg: Config) -> bool:
    targets = cfg.data.get("targets", {})
    return bool(targets.get("canonical") or targets.get("hosts"))


def _phases(phase: str | None, cfg: Config) -> tuple[Phase, ...]:
    match phase:
        case "pre":
            return (Phase.PRE,)
        case "post":
            return (Phase.POST,)
        case "all":
            return (Phase.PRE, Phase.POST)
        case None:
            return (Phase.PRE, Phase.POST) if _has_live_targets(cfg) else (Phase.PRE,)
        case _:
            raise UsageProblem(f"unknown phase {phase!r}")


PREVIOUS_RUN = "previous-run"
BASELINE_FILE = "launchgate-baseline.json"  # previous-run's report is written there, by the config


def latency_baseline(value: str, base_dir: Path, run: RunContext,
                     say: Callable[[str], None]) -> str | None:
    """The ``latency.baseline`` path for ``--latency-baseline``: the value itself, or with
    ``previous-run`` the previous run's report downloaded into ``base_dir`` (None, and a notice,
    when there is none)."""
    if value != PREVIOUS_RUN:
        return value
    from launchgate import github
    from launchgate.github_api import GitHubApi
    from launchgate.github_artifacts import previous_report

    branch = run.base_ref or run.head_ref
    if not (run.in_actions and run.repository and branch):
        say("latency-baseline previous-run works under GitHub Actions only; p95 is not compared")
        return None
    if not run.token:
        message = ("latency-baseline: no github-token, so no previous run's report; "
                   "p95 is not compared")
    else:
        api = GitHubApi(run.api_url, run.repository, run.token)
        fetched = asyncio.run(previous_report(api, branch, base_dir / BASELINE_FILE))
        if fetched.path is not None:
            say(fetched.message)
            return BASELINE_FILE
        message = fetched.message
    print(github.command("notice", message, {"title": "launchgate"}), flush=True)  # for the runner
    return None


def load_config(opts: CheckOptions, env: Mapping[str, str]) -> Config:
    path = opts.config
    if path is None:
        path = find_config(opts.root)
    elif not path.is_absolute() and not path.exists() and (opts.root / path).exists():
        path = opts.root / path
    if path is not None and not path.exists():
        raise ConfigError(f"{path}: no such config file")
    display = None
    if path is not None:
        try:
            display = path.resolve().relative_to(opts.root.resolve()).as_posix()
        except ValueError:
            display = str(path)
    rows = all_checks()
    schema = builtin_schema(rows) or build_schema(load_checks(rows))
    return load(path.resolve() if path else None, schema, env, opts.overrides,
                display_name=display, root=opts.root)


def context_factory(opts: CheckOptions, cfg: Config, repo: Repo, env: Mapping[str, str],
                    clock: Callable[[], datetime], *,
                    run_id: str | None = None) -> Callable[[Check], Context]:
    """A fresh Context per check (own figures), sharing the config, the repo handle and the network
    factory."""
    base_dir = cfg.path.parent if cfg.path else opts.root
    net = Net(NetSettings.from_targets(cfg.data.get("targets", {}), base_dir))
    if opts.max_requests is not None:  # the probes take it instead of their run-wide ceiling
        from launchgate.checks.probes.budget import BudgetedNet, LoadBudget

        net = BudgetedNet(net, LoadBudget(requests=opts.max_requests))
    scope = opts.scope

    def make_context(_check: Check) -> Context:
        return Context(config=cfg.data, repo=repo, net=net, env=env, scope=scope,
                       environment=opts.environment,
                       config_path=cfg.path, config_lines=cfg.lines, paths=opts.paths,
                       run_id=run_id, clock=clock, shard=opts.shard)

    return make_context


def secrets_baseline(opts: CheckOptions, cfg: Config, env: Mapping[str, str],
                     clock: Callable[[], datetime]) -> tuple[Path, str]:
    """The detect-secrets-compatible ``.secrets.baseline`` of the tracked tree: (where it goes, its
    text)."""
    from launchgate.checks.secrets import SecretsCheck, render_secrets_baseline

    ctx = context_factory(opts, cfg, Repo(opts.root), env, clock)(SecretsCheck())
    return asyncio.run(render_secrets_baseline(ctx))


def run_info(opts: CheckOptions, cfg: Config, phases: tuple[Phase, ...], started: datetime,
             commit: str | None = None) -> RunInfo:
    fail_on = opts.fail_on or cfg.data.get("fail_on", "high")
    return RunInfo(version=__version__, phases=phases, fail_on=None if fail_on == "never"
                   else Severity.parse(fail_on),
                   started_at=started, root=str(opts.root), repo_prefix=repo_prefix(opts.root),
                   config_path=str(cfg.path) if cfg.path else None,
                   environment=opts.environment, base_ref=opts.base_ref, head_ref=opts.head_ref,
                   commit=commit, targets=tuple(cfg.data.get("targets", {}).get("hosts", [])),
                   deadline_s=opts.timeout_s, shard=opts.shard)


def repo_prefix(root: Path) -> str:
    """Where ``root`` sits inside its git work tree (``apps/web/``), so reports can use
    repository-relative paths."""
    here = root.resolve()
    for top in (here, *here.parents):
        if (top / ".git").exists():
            rel = here.relative_to(top).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def prepare_clone(opts: CheckOptions, *, fetch: bool) -> History:
    """What the clone holds of the PR scope, decided once before the checks start (and, with
    ``fetch``, the missing base or head commits fetched at depth 1): see clone.py."""
    if opts.all or not opts.root.is_dir():
        return History()
    return asyncio.run(prepare(Repo(opts.root), opts.base_ref, opts.head_ref, fetch=fetch))


def head_commit(repo: Repo) -> str | None:
    """The commit the run looks at (the pack's run facts), or None outside git or when git fails."""
    async def ask() -> str | None:
        if not await repo.is_git():
            return None
        out = await repo.git("rev-parse", "--verify", "--quiet", "HEAD", timeout=10.0, check=False)
        return out.strip() or None

    try:
        return asyncio.run(ask())
    except (OSError, TimeoutError):  # git missing or stuck: a run fact, never a reason to fail
        return None


def execute(opts: CheckOptions, cfg: Config, env: Mapping[str, str], clock: Callable[[], datetime],
            *,
            run_id: str | None = None, watch: Watch | None = None) -> Report:
    """The loaded config -> checks -> runner -> Report (no output written here)."""
    if not opts.root.is_dir():
        raise UsageProblem(f"{opts.root}: not a directory")
    repo = Repo(opts.root)
    phases = _phases(opts.phase, cfg)
    checks = shard_checks(select_checks(all_checks(), phases, opts.only, opts.skip), opts.shard)
    baseline: frozenset[str] = frozenset()
    if opts.use_baseline:
        baseline = read_baseline(opts.root / str(cfg.data.get("baseline",
                                                              ".launchgate-baseline.json")))
    make_context = context_factory(opts, cfg, repo, env, clock, run_id=run_id)
    info = run_info(opts, cfg, phases, clock(), head_commit(repo))
    policy = Policy(overrides=cfg.data.get("rules", {}), baseline=baseline, debug=opts.debug)
    report = asyncio.run(run_checks(checks, make_context, info=info, repo=repo, scope=opts.scope,
                                    policy=policy,
                                    watch=watch))
    return scrub_report(report, cfg.secrets)


def write_outputs(report: Report, outputs: Sequence[tuple[str, str | None]], stdout: TextIO,
                  style: Style | None = None) -> None:
    """Each format to its file or stdout; the text report on stdout takes the terminal's
    ``style``."""
    for fmt, path in outputs:
        text = (
            render_text(report, style)
            if fmt == "text" and path is None and style
            else renderers()[fmt](report)
        )
        if path is None:
            stdout.write(text)
        else:
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                Path(path).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise UsageProblem(f"{path}: cannot write report: {exc.strerror or exc}") from None


def parse_timeout(text: str) -> float:
    """``--timeout``: seconds, or a number with s, m or h (``90``, ``90s``, ``15m``, ``1h``); above
    zero."""
    value = text.strip().lower()
    scale = {"s": 1, "m": 60, "h": 3600}.get(value[-1:], 0)
    number = value[:-1] if scale else value
    try:
        seconds = float(number) * (scale or 1)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0 or seconds == float("inf"):
        raise UsageProblem(f"--timeout {text!r}: expected a duration above zero, e.g. 900, 90s, "
                           "15m or 1h")
    return seconds


def exit_code(report: Report) -> int:
    if report.info.deadline_reached:
        return EXIT_INTERNAL
    if not report.passed:
        return EXIT_FAILED
    if any(r.status is Status.ERROR for r in report.results):
        return EXIT_INTERNAL
    return EXIT_PASSED


def merge_catalog() -> merge.Catalog:
    """What ``launchgate merge`` needs to know about the built-in checks."""
    from launchgate import merge

    checks = every_check()
    return merge.Catalog(rules={r.id: r for c in checks for r in c.rules},
                         order=tuple(c.id for c in checks),
                         sums={c.id: shard_sums(c) for c in checks},
                         rules_of={c.id: c.rules for c in checks})


def merge_reports(paths: Sequence[Path], catalog: merge.Catalog, *,
                  fail_on: str | None = None) -> Report:
    """The shards' JSON reports read and merged into one Report (MergeError: exit 2)."""
    from launchgate import merge

    parts = [(p.name, merge.read_report(p, catalog)) for p in paths]
    return merge.merge(parts, catalog, fail_on=fail_on)
