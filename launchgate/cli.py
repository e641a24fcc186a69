"""The command line: parses options into plain settings, runs the checks, writes reports, maps errors to exit codes.

The only module that reads ``os.environ`` (it hands it on as a Mapping). Exit codes: 0 gate passed, 1 gate
failed, 2 usage or config error, 3 internal error or a check that could not run. One line on stderr for 2 and 3;
a traceback only with ``--debug``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

import click

from launchgate import __version__
from launchgate.checks import ALL
from launchgate.config import Config, ConfigError, build_schema, find_config, load, schema_text
from launchgate.model import Check, Context, Phase, Report, RunInfo, Scope, Severity, Status
from launchgate.net import Net, NetSettings
from launchgate.repo import Repo
from launchgate.report import FORMATS
from launchgate.runner import BaselineError, Policy, apply_policy, build_report, read_baseline, render_baseline
from launchgate.runner import run_all as run_checks

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
FAIL_ON_CHOICES = ("blocker", "high", "medium", "low", "info", "never")


class UsageProblem(Exception):
    """A problem with how launchgate was called; exit 2."""


def _fail(code: int, message: str) -> NoReturn:
    click.echo(f"launchgate: {message}", err=True)
    sys.exit(code)


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


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


def pair_outputs(formats: Sequence[str], outputs: Sequence[str]) -> tuple[tuple[str, str | None], ...]:
    """Pair ``--format``/``--output`` in order; ``--format sarif=lg.sarif`` names its file inline.

    Formats without an output (or with ``-``) go to stdout; at most one may.
    """
    pairs: list[tuple[str, str | None]] = []
    files = list(outputs)
    for fmt in formats or ("text",):
        name, _, inline = fmt.partition("=")
        name = name.strip().lower()
        if name not in FORMATS:
            raise UsageProblem(f"unknown format {name!r} (choose from {', '.join(sorted(FORMATS))})")
        target = inline or (files.pop(0) if files else None)
        pairs.append((name, None if target == "-" else target))
    if files:
        raise UsageProblem(f"--output {files[0]} has no --format to go with it")
    if sum(1 for _, p in pairs if p is None) > 1:
        raise UsageProblem("only one --format can go to standard output; give the others an --output FILE")
    return tuple(pairs)


def github_refs(env: Mapping[str, str]) -> tuple[str | None, str | None]:
    """Base and head SHAs of the pull request this Actions run is for (head, not the merge commit)."""
    event_path = env.get("GITHUB_EVENT_PATH")
    if not event_path:
        return None, None
    try:
        event = json.loads(Path(event_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None
    pr = event.get("pull_request") if isinstance(event, dict) else None
    if isinstance(pr, dict):
        return pr.get("base", {}).get("sha"), pr.get("head", {}).get("sha")
    if isinstance(event, dict) and event.get("before") and set(event["before"]) != {"0"}:
        return event.get("before"), event.get("after")
    return None, None


def select_checks(checks: Sequence[Check], phases: Sequence[Phase], only: Sequence[str],
                  skip: Sequence[str]) -> list[Check]:
    known = {c.id for c in checks}
    for name in (*only, *skip):
        if name not in known:
            raise UsageProblem(f"unknown check {name!r} (checks: {', '.join(sorted(known))})")
    chosen = [c for c in checks if c.phase in phases and c.id not in skip]
    if only:
        chosen = [c for c in checks if c.id in only and c.id not in skip]
    return chosen


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
    return load(path, build_schema(ALL), env, opts.overrides, display_name=display)


def execute(opts: CheckOptions, env: Mapping[str, str], clock: Callable[[], datetime]) -> Report:
    """Config -> checks -> runner -> policy -> Report (no output written here)."""
    if not opts.root.is_dir():
        raise UsageProblem(f"{opts.root}: not a directory")
    cfg = load_config(opts, env)
    repo = Repo(opts.root)
    phases = _phases(opts.phase, cfg)
    checks = select_checks(ALL, phases, opts.only, opts.skip)
    base_dir = cfg.path.parent if cfg.path else opts.root
    net = Net(NetSettings.from_targets(cfg.data.get("targets", {}), base_dir))
    scope = Scope(base=opts.base_ref, head=opts.head_ref, all=opts.all)

    def make_context(_check: Check) -> Context:
        return Context(config=cfg.data, repo=repo, net=net, env=env, scope=scope, environment=opts.environment,
                       config_path=cfg.path, config_lines=cfg.lines, paths=opts.paths, clock=clock)

    baseline: frozenset[str] = frozenset()
    if opts.use_baseline:
        try:
            baseline = read_baseline(opts.root / str(cfg.data.get("baseline", ".launchgate-baseline.json")))
        except BaselineError as exc:
            raise ConfigError(str(exc)) from None
    started = clock()
    results = asyncio.run(_run(checks, make_context, repo, scope, opts.debug))
    changed = results[1]
    policy = Policy(overrides=cfg.data.get("rules", {}), baseline=baseline, changed_lines=changed, debug=opts.debug)
    fail_on = opts.fail_on or cfg.data.get("fail_on", "high")
    info = RunInfo(version=__version__, phases=phases, fail_on=None if fail_on == "never" else Severity.parse(fail_on),
                   started_at=started, root=str(opts.root), config_path=str(cfg.path) if cfg.path else None,
                   environment=opts.environment, base_ref=opts.base_ref, head_ref=opts.head_ref,
                   targets=tuple(cfg.data.get("targets", {}).get("hosts", [])))
    return build_report(info, apply_policy(results[0], repo, policy), checks)


async def _run(checks: Sequence[Check], make_context: Callable[[Check], Context], repo: Repo, scope: Scope,
               debug: bool) -> tuple[list[Any], dict[str, set[int]] | None]:
    results = await run_checks(checks, make_context, debug=debug)
    changed: dict[str, set[int]] | None = None
    if scope.base and await repo.is_git():
        try:
            changed = await repo.changed_lines(scope.base, scope.head)
        except Exception:  # the marks are a nicety; a missing base is reported by the diff-aware checks
            changed = None
    return results, changed


def write_outputs(report: Report, outputs: Sequence[tuple[str, str | None]], stdout: TextIO) -> None:
    for fmt, path in outputs:
        text = FORMATS[fmt](report)
        if path is None:
            stdout.write(text)
        else:
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                Path(path).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise UsageProblem(f"{path}: cannot write report: {exc.strerror or exc}") from None


def exit_code(report: Report) -> int:
    if not report.passed:
        return EXIT_FAILED
    if any(r.status is Status.ERROR for r in report.results):
        return EXIT_INTERNAL
    return EXIT_PASSED


# -- commands ----------------------------------------------------------------------------------------------
@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="launchgate")
def cli() -> None:
    """launchgate: pre-deploy and post-deploy launch checks for web products."""


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file (default: PATH/launchgate.yml, optional).")
@click.option("--phase", type=click.Choice(["pre", "post", "all"]), help="pre: the repo; post: live URLs. Default: pre, or all when targets are configured.")
@click.option("--only", multiple=True, help="Run only these check ids (repeatable or comma-separated).")
@click.option("--skip", multiple=True, help="Skip these check ids.")
@click.option("--environment", help="Environment whose variables are validated (e.g. production).")
@click.option("--base-ref", help="Pull-request base (diff-aware checks look at base..head). Default under GitHub Actions: the PR base SHA.")
@click.option("--head-ref", help="Pull-request head. Default under GitHub Actions: the PR head SHA.")
@click.option("--all", "all_", is_flag=True, help="Ignore the pull-request scope: look at everything.")
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES), help="Fail at or above this severity (default: config fail_on, else high).")
@click.option("--format", "formats", multiple=True, help=f"Report format ({', '.join(sorted(FORMATS))}); repeatable, paired in order with --output, or FORMAT=FILE.")
@click.option("--output", "outputs", multiple=True, help="File for the matching --format (default: standard output).")
@click.option("--secrets-scope", type=click.Choice(["tree", "diff", "history", "bundles", "files"]), help="What the secrets check scans; with 'files', PATHS are the files.")
@click.option("--comment", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="Sticky PR comment under GitHub Actions.")
@click.option("--annotations", type=click.Choice(["changed-lines", "all", "none"]), default="changed-lines", show_default=True, help="GitHub annotations under GitHub Actions.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def check_cmd(paths: tuple[Path, ...], config_path: Path | None, phase: str | None, only: tuple[str, ...],
              skip: tuple[str, ...], environment: str | None, base_ref: str | None, head_ref: str | None, all_: bool,
              fail_on: str | None, formats: tuple[str, ...], outputs: tuple[str, ...], secrets_scope: str | None,
              comment: str, annotations: str, debug: bool) -> None:
    """Run the gate on PATH (default: the current directory)."""
    env = dict(os.environ)
    try:
        overrides: dict[str, Any] = {}
        extra: tuple[Path, ...] = ()
        if secrets_scope == "files":
            root, extra = Path.cwd(), paths
            if not extra:
                raise UsageProblem("--secrets-scope files needs the files to scan as arguments")
        elif len(paths) > 1:
            raise UsageProblem("give one PATH (several paths only with --secrets-scope files)")
        else:
            root = paths[0] if paths else Path.cwd()
        if secrets_scope:
            overrides["secrets.scopes"] = [secrets_scope]
        if base_ref is None and head_ref is None and env.get("GITHUB_ACTIONS") == "true":
            base_ref, head_ref = github_refs(env)
        opts = CheckOptions(root=root, config=config_path, phase=phase, only=_split(only), skip=_split(skip),
                            environment=environment, base_ref=base_ref, head_ref=head_ref, all=all_,
                            fail_on=fail_on, outputs=pair_outputs(formats, outputs), paths=extra,
                            overrides=overrides, comment=comment, annotations=annotations, debug=debug)
        report = execute(opts, env, clock=lambda: datetime.now(UTC))
        write_outputs(report, opts.outputs, sys.stdout)
        publish_to_github(report, opts, env)
    except (UsageProblem, ConfigError) as exc:
        _fail(EXIT_USAGE, str(exc))
    except KeyboardInterrupt:
        _fail(EXIT_INTERNAL, "interrupted")
    except Exception as exc:
        if debug:
            traceback.print_exc()
        _fail(EXIT_INTERNAL, f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)")
    code = exit_code(report)
    if code == EXIT_INTERNAL:
        errored = [f"{r.check} ({r.reason})" for r in report.results if r.status is Status.ERROR]
        click.echo(f"launchgate: could not run: {'; '.join(errored)}", err=True)
    sys.exit(code)


def publish_to_github(report: Report, opts: CheckOptions, env: Mapping[str, str]) -> None:
    """Annotations, job summary, outputs and the PR comment, when running under GitHub Actions."""
    if env.get("GITHUB_ACTIONS") != "true":
        return
    try:
        from launchgate import github
    except ImportError:
        return
    paths = dict((fmt, path) for fmt, path in opts.outputs if path)
    github.publish(report, env, comment=opts.comment, annotations=opts.annotations,
                   report_json_path=paths.get("json"), sarif_path=paths.get("sarif"), stdout=sys.stdout)


@cli.command("rules")
@click.argument("rule_id", required=False)
def rules_cmd(rule_id: str | None) -> None:
    """List every rule, or explain one (why, fix, how to suppress)."""
    rules = {r.id: (c, r) for c in ALL for r in c.rules}
    if rule_id is None:
        width = max((len(i) for i in rules), default=10)
        for rid in sorted(rules):
            _, r = rules[rid]
            click.echo(f"{rid:<{width}}  {r.severity.label:<7}  {r.title}")
        return
    if rule_id not in rules:
        _fail(EXIT_USAGE, f"unknown rule {rule_id!r} (see `launchgate rules`)")
    check, r = rules[rule_id]
    click.echo(f"{r.id}  ({r.severity.label}, check {check.id}, {check.phase.value}-deploy)\n")
    click.echo(f"{r.title}\n\nWhy it matters:\n  {r.why}\n\nHow to fix:\n  {r.fix}\n")
    click.echo("How to suppress:")
    if r.suppress:
        click.echo(f"  {r.suppress}")
    click.echo(f"  - on the line (or the line above): launchgate: ignore[{r.id}] <reason>")
    click.echo(f"  - change its severity or turn it off in launchgate.yml: rules: {{{r.id}: low}} or off")
    click.echo("  - accept the current findings: launchgate baseline")


@cli.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of launchgate.yml."""
    click.echo(schema_text(build_schema(ALL)), nl=False)


@cli.command("baseline")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--config", "config_path", type=click.Path(path_type=Path))
@click.option("--phase", type=click.Choice(["pre", "post", "all"]), default="pre", show_default=True)
@click.option("--output", type=click.Path(path_type=Path), help="Default: the config's baseline path.")
def baseline_cmd(path: Path | None, config_path: Path | None, phase: str, output: Path | None) -> None:
    """Accept the current findings: write them, by fingerprint, to the baseline file (deterministic)."""
    root = path or Path.cwd()
    env = dict(os.environ)
    try:
        opts = CheckOptions(root=root, config=config_path, phase=phase, only=(), skip=(), environment=None,
                            base_ref=None, head_ref=None, all=True, fail_on="never", outputs=(), paths=(),
                            overrides={}, comment="never", annotations="none", debug=False,
                            use_baseline=False)
        cfg = load_config(opts, env)
        report = execute(opts, env, clock=lambda: datetime.now(UTC))
    except (UsageProblem, ConfigError) as exc:
        _fail(EXIT_USAGE, str(exc))
    target = output or root / str(cfg.data.get("baseline", ".launchgate-baseline.json"))
    target.write_text(render_baseline(report), encoding="utf-8")
    click.echo(f"wrote {len(report.findings())} finding(s) to {target}")


@cli.command("init")
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing launchgate.yml.")
def init_cmd(path: Path | None, force: bool) -> None:
    """Inspect the repo and write a commented launchgate.yml that validates."""
    from launchgate.init import render_init

    root = path or Path.cwd()
    target = root / "launchgate.yml"
    if target.exists() and not force:
        _fail(EXIT_USAGE, f"{target} exists (use --force to overwrite)")
    text = render_init(root)
    try:
        load_text_check(text)
    except ConfigError as exc:
        _fail(EXIT_INTERNAL, f"generated config does not validate: {exc}")
    target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {target}")


def load_text_check(text: str) -> Config:
    from launchgate.config import parse_yaml, validate

    data, lines = parse_yaml(text, "launchgate.yml")
    validate(data or {}, build_schema(ALL), "launchgate.yml", lines)
    return Config(data=data or {}, lines=lines)


def main() -> None:
    try:
        cli.main(prog_name="launchgate", standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # last resort: never a traceback without --debug
        if "--debug" in sys.argv:
            traceback.print_exc()
        _fail(EXIT_INTERNAL, f"internal error: {type(exc).__name__}: {exc}")
