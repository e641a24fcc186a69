"""The command line: Click at the edge. Parses options into plain settings, hands them to app.py, maps errors to
exit codes.

The only module that reads ``os.environ`` (it hands it on as a Mapping). Exit codes: 0 gate passed, 1 gate
failed, 2 usage or config error, 3 internal error or a check that could not run. One line on stderr for 2 and 3;
a traceback only with ``--debug``. Heavy modules are imported inside the commands, so ``--version`` and
``--help`` start fast.
"""

from __future__ import annotations

import io
import os
import sys
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from launchgate import __version__

if TYPE_CHECKING:
    from launchgate.app import CheckOptions
    from launchgate.check import Check
    from launchgate.config import Config
    from launchgate.github import RunContext
    from launchgate.model import Report, Rule
    from launchgate.report.terminal import Style

EXIT_USAGE, EXIT_INTERNAL = 2, 3
FAIL_ON_CHOICES = ("blocker", "high", "medium", "low", "info", "never")
FORMAT_NAMES = ("text", "json", "sarif", "junit", "markdown")
# --staged (the pre-commit hooks): the staged lines, the commit's migrations, no scratch database
STAGED_OVERRIDES = {"secrets.scopes": ["staged"], "migrations.scope": "unreleased",
                    "migrations.apply": {}}


def _fail(code: int, message: str) -> NoReturn:
    _say(message)
    sys.exit(code)


def _say(message: str) -> None:
    """One line on stderr: a message naming a hostile file or server answer cannot start a second line (which the
    Actions runner would read as a workflow command)."""
    click.echo("launchgate: " + message.replace("\r", "\\r").replace("\n", "\\n"), err=True)


def _under_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _now() -> datetime:
    return datetime.now(UTC)


DEBUG_KEY = "launchgate.debug"  # in click's shared ctx.meta: a command's --debug, read by the error handler


class HandledGroup(click.Group):
    """The one error handler: every command (and subgroup) runs inside it; typed errors become exit codes.

    Usage and input errors (UsageProblem, InputError: config, schema, baselines): one line, exit 2. Anything else: one line,
    exit 3, a traceback only with --debug. Click's own exceptions and SystemExit pass through.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            _fail(EXIT_INTERNAL, "interrupted")
        except Exception as exc:
            from launchgate.app import UsageProblem
            from launchgate.containment import InputError
            from launchgate.runner import BaselineError

            if isinstance(exc, UsageProblem | InputError | BaselineError):
                _fail(EXIT_USAGE, str(exc))
            if ctx.meta.get(DEBUG_KEY):
                _traceback()
            _fail(EXIT_INTERNAL, f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)")


def _traceback() -> None:
    """The --debug traceback; under Actions between stop-commands markers (it quotes file names and answers)."""
    text = traceback.format_exc()
    if _under_actions():
        from launchgate.github import guarded

        text = guarded(text)
    sys.stderr.write(text)


# -- commands ----------------------------------------------------------------------------------------------
@click.group(cls=HandledGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--format", "formats", multiple=True, help=f"Report format ({', '.join(FORMAT_NAMES)}); repeatable, paired in order with --output, or FORMAT=FILE.")
@click.option("--output", "outputs", multiple=True, help="File for the matching --format (default: standard output).")
@click.option("--secrets-scope",
              type=click.Choice(["tree", "diff", "history", "bundles", "files", "staged"]),
              help="What the secrets check scans; with 'files', PATHS are the files.")
@click.option("--staged", is_flag=True,
              help="Only what `git commit` would record (the pre-commit hooks): secrets in the "
                   "staged added lines, the migrations the commit adds or changes, linted, not "
                   "applied.")
@click.option("--comment", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="Sticky PR comment under GitHub Actions.")
@click.option("--annotations", type=click.Choice(["changed-lines", "all", "none"]), default="changed-lines", show_default=True, help="GitHub annotations under GitHub Actions.")
@click.option("--fetch-missing/--no-fetch-missing", default=None,
              help="On a shallow clone without the PR's base or head commit, fetch exactly those "
                   "commits (git fetch --depth=1 origin SHA; network). Default: on under GitHub "
                   "Actions, else config secrets.fetch_missing (off).")
@click.option("--timeout", "timeout", default="15m", show_default=True, help="Deadline of the whole run (seconds, or 90s, 15m, 1h): checks still running then are stopped, the outputs hold those that finished, exit 3. Keep it below the CI job's timeout.")
@click.option("--shard", "shard", metavar="K/N",
              help="Do part K of N of the work (a CI matrix job); `launchgate merge` combines "
                   "the JSON reports.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.option("--quiet", "-q", is_flag=True, help="Text report: the verdict and blocker/high findings only.")
@click.option("--verbose", "-v", is_flag=True, help="Text report: every measured figure too.")
def check_cmd(paths: tuple[Path, ...], config_path: Path | None, phase: str | None, only: tuple[str, ...],
              skip: tuple[str, ...], environment: str | None, base_ref: str | None, head_ref: str | None, all_: bool,
              fail_on: str | None, formats: tuple[str, ...], outputs: tuple[str, ...], secrets_scope: str | None,
              comment: str, annotations: str, fetch_missing: bool | None, timeout: str, debug: bool,
              quiet: bool = False, verbose: bool = False, shard: str | None = None,
              staged: bool = False) -> None:
    """Run the gate on PATH (default: the current directory)."""
    from launchgate import app, github

    click.get_current_context().meta[DEBUG_KEY] = debug
    env = dict(os.environ)
    overrides: dict[str, Any] = {}
    extra: tuple[Path, ...] = ()
    if secrets_scope == "files":
        root, extra = Path.cwd(), tuple(p.absolute() for p in paths)
        if not extra:
            raise app.UsageProblem("--secrets-scope files needs the files to scan as arguments")
    elif len(paths) > 1:
        raise app.UsageProblem("give one PATH (several paths only with --secrets-scope files)")
    else:
        root = paths[0] if paths else Path.cwd()
    if staged:
        overrides.update(STAGED_OVERRIDES)
    if secrets_scope:
        overrides["secrets.scopes"] = [secrets_scope]
    run = github.load_context(env)  # the one GitHub context of this run
    push: tuple[str, str] | None = None
    if base_ref is None and head_ref is None and run.in_actions and run.base_sha:
        base_ref, head_ref = run.base_sha, run.sha
        if run.event_name == "push" and run.sha:
            push = (run.base_sha, run.sha)  # the migrations check lints what this push brings
    opts = app.CheckOptions(root=root, config=config_path, phase=phase, only=app.split_ids(only), skip=app.split_ids(skip),
                            environment=environment, base_ref=base_ref, head_ref=head_ref, all=all_,
                            fail_on=fail_on, outputs=app.pair_outputs(formats, outputs), paths=extra,
                            overrides=overrides, comment=comment, annotations=annotations, debug=debug,
                            push=push, timeout_s=app.parse_timeout(timeout),
                            shard=app.parse_shard(shard), staged=staged)
    cfg = app.load_config(opts, env)
    opts = _prepare_clone(opts, cfg, run, fetch_missing)
    if run.in_actions:
        _mask_learned_secrets(cfg, env)
    from launchgate.report import terminal

    running = terminal.Running()  # the progress line names the checks still running
    with terminal.progress(sys.stderr, "launchgate: running checks", running=running):  # on a TTY only
        report = app.execute(opts, cfg, env, clock=_now, run_id=run.run_id or None, watch=running)
    _finish(report, opts, env, run, terminal.style_for(sys.stdout, env, quiet=quiet, verbose=verbose), timeout)


def _prepare_clone(opts: CheckOptions, cfg: Config, run: RunContext,
                   fetch_missing: bool | None) -> CheckOptions:
    """Decide once, before the checks, what the clone holds of the PR (fetching the missing base or
    head commit when allowed) and say it: one line each, a notice under Actions."""
    import dataclasses

    from launchgate import app, github

    if fetch_missing is None:
        configured = (cfg.data.get("secrets") or {}).get("fetch_missing")
        fetch_missing = run.in_actions if configured is None else bool(configured)
    history = app.prepare_clone(opts, fetch=fetch_missing)
    for line in history.log:
        if run.in_actions and line == history.limited:
            click.echo(github.command("notice", line, {"title": "launchgate: shallow clone"}))
        else:
            _say(line)
    return dataclasses.replace(opts, history=history)


def _finish(report: Report, opts: CheckOptions, env: Mapping[str, str], run: RunContext, style: Style,
            timeout: str) -> NoReturn:
    """The outputs, GitHub's reporting under Actions, the one-line reasons on stderr, the exit code."""
    from launchgate import app, github

    if run.in_actions and report.info.shard is not None:  # a matrix part: `merge` tells GitHub
        app.write_outputs(report, opts.outputs, sys.stdout, style)
        _say(f"shard {report.info.shard.label}: no PR comment or annotations here; "
             "`launchgate merge` of every shard's JSON report posts them")
    elif run.in_actions:
        # launchgate's own workflow commands first; then the report, which quotes repository file names and live
        # answers, where the runner runs no command (a file named ::error::x or ::stop-commands::x is just text)
        buffer = io.StringIO()
        app.write_outputs(report, opts.outputs, buffer, style)
        publish_to_github(report, opts, env, run)
        # JSON (and SARIF) can carry no command: every line starts with a JSON token, newlines inside strings are
        # escaped; left as they are, so `--format json > report.json` in a workflow step stays valid JSON
        machine = any(fmt in ("json", "sarif") for fmt, path in opts.outputs if path is None)
        sys.stdout.write(buffer.getvalue() if machine else github.guarded(buffer.getvalue()))
        sys.stdout.flush()
    else:
        app.write_outputs(report, opts.outputs, sys.stdout, style)
    code = app.exit_code(report)
    if report.info.deadline_reached:
        late = [r.check for r in report.results if "the run's deadline" in r.reason]
        _say(f"the run's deadline (--timeout {timeout}) was reached; not finished: {', '.join(late)} "
             "(the outputs hold the checks that finished)")
    elif code == EXIT_INTERNAL:
        errored = [f"{r.check} ({r.reason})" for r in report.results if r.status.value == "error"]
        _say(f"could not run: {'; '.join(errored)}")
    sys.exit(code)


def _hard_exit_if_abandoned(code: int) -> None:
    """When a check was abandoned past its deadline (deadline.py) and still runs, end the process with
    ``os._exit`` after flushing: the threads and worker processes it left behind would otherwise hold the exit.
    Only the program's own entry point does this, never a caller that runs the CLI in its process (tests)."""
    from launchgate.deadline import abandoned

    if abandoned():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _mask_learned_secrets(cfg: Config, env: Mapping[str, str]) -> None:
    """Before anything is printed: ``::add-mask::`` the values the probes will send (smoke passwords, tokens), so
    the runner hides them from the log even where a server echoes them back."""
    from launchgate import github
    from launchgate.config import runtime_variables

    names = runtime_variables(cfg.data)
    for line in github.mask_commands(env[n] for n in sorted(names) if env.get(n)):
        click.echo(line)


def publish_to_github(report: Report, opts: CheckOptions, env: Mapping[str, str], run: RunContext) -> None:
    """Annotations, job summary, outputs and the PR comment (called under GitHub Actions)."""
    from launchgate import github

    paths = dict((fmt, path) for fmt, path in opts.outputs if path)
    github.publish(report, env, comment=opts.comment, annotations=opts.annotations,
                   report_json_path=paths.get("json"), sarif_path=paths.get("sarif"), stdout=sys.stdout, run=run)


@cli.command("merge")
@click.argument("reports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES),
              help="Fail at or above this severity (default: the shards').")
@click.option("--format", "formats", multiple=True,
              help=f"Report format ({', '.join(FORMAT_NAMES)}); as for check.")
@click.option("--output", "outputs", multiple=True,
              help="File for the matching --format (default: standard output).")
@click.option("--comment", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Sticky PR comment under GitHub Actions.")
@click.option("--annotations", type=click.Choice(["changed-lines", "all", "none"]),
              default="changed-lines", show_default=True,
              help="GitHub annotations under GitHub Actions.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def merge_cmd(reports: tuple[Path, ...], fail_on: str | None, formats: tuple[str, ...],
              outputs: tuple[str, ...], comment: str, annotations: str, debug: bool) -> None:
    """Merge the JSON reports of a sharded run (`check --shard K/N --format json`) into one report,
    with the same outputs, GitHub reporting and exit code as `check`."""
    from launchgate import app, github
    from launchgate.report import terminal

    click.get_current_context().meta[DEBUG_KEY] = debug
    env = dict(os.environ)
    catalog = app.merge_catalog()
    report = app.merge_reports(reports, catalog, fail_on=fail_on)
    opts = app.CheckOptions(root=Path(report.info.root), config=None, phase=None, only=(), skip=(),
                            environment=report.info.environment, base_ref=report.info.base_ref,
                            head_ref=report.info.head_ref, all=False, fail_on=fail_on,
                            outputs=app.pair_outputs(formats, outputs), paths=(), overrides={},
                            comment=comment, annotations=annotations, debug=debug)
    style = terminal.style_for(sys.stdout, env)
    _finish(report, opts, env, github.load_context(env), style, "-")


@cli.command("rules")
@click.argument("rule_id", required=False)
def rules_cmd(rule_id: str | None) -> None:
    """List every rule, or explain one (why, fix, how to suppress). RULE_ID may be a glob (`ai.*`) or a check id
    (`ai`): every matching rule is explained."""
    import fnmatch

    from launchgate import app

    rules = {r.id: (c, r) for c in app.all_checks() for r in c.rules}
    if rule_id is None:
        width = max((len(i) for i in rules), default=10)
        for rid in sorted(rules):
            _, r = rules[rid]
            click.echo(f"{rid:<{width}}  {r.severity.label:<7}  {r.title}")
        return
    wanted = [rule_id] if rule_id in rules else sorted(
        rid for rid, (check, _) in rules.items() if fnmatch.fnmatchcase(rid, rule_id) or check.id == rule_id)
    if not wanted:
        _fail(EXIT_USAGE, f"unknown rule {rule_id!r} (see `launchgate rules`)")
    for n, rid in enumerate(wanted):
        if n:
            click.echo("")
        _explain(*rules[rid])


def _explain(check: Check, r: Rule) -> None:
    click.echo(f"{r.id}  ({r.severity.label}, check {check.id}, {check.phase.value}-deploy)\n")
    click.echo(f"{r.title}\n\nWhy it matters:\n  {r.why}\n\nHow to fix:\n  {r.fix}\n")
    click.echo("How to suppress:")
    if r.suppress:
        click.echo(f"  {r.suppress}")
    click.echo(f"  - on the line (or the line above): launchgate: ignore[{r.id}] <reason>")
    click.echo(f"  - change its severity or turn it off in launchgate.yml: rules: {{{r.id}: low}} or off")
    click.echo("  - accept the current findings: launchgate baseline")


@cli.command("schema")
@click.option("--env", "env_file", is_flag=True, help="The JSON Schema of env.schema.yaml instead.")
def schema_cmd(env_file: bool) -> None:
    """Print the JSON Schema of launchgate.yml as editors read it (a `${VAR}` is valid in any field)."""
    from launchgate import app
    from launchgate.config import build_schema, schema_text
    from launchgate.editor_schema import editor_config_schema, env_file_schema

    schema = env_file_schema() if env_file else editor_config_schema(build_schema(app.all_checks()))
    click.echo(schema_text(schema), nl=False)


@cli.command("baseline")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Config file (default: PATH/launchgate.yml, optional).")
@click.option("--phase", type=click.Choice(["pre", "post", "all"]), default="pre", show_default=True,
              help="Which checks' findings to accept: pre (the repo), post (live URLs) or all.")
@click.option("--output", type=click.Path(path_type=Path), help="Default: the config's baseline path.")
@click.option("--secrets-baseline/--no-secrets-baseline", default=True, show_default=True,
              help="Also write .secrets.baseline (detect-secrets' format, for its audit workflow).")
def baseline_cmd(path: Path | None, config_path: Path | None, phase: str, output: Path | None,
                 secrets_baseline: bool) -> None:
    """Accept the current findings: write them, by fingerprint, to the baseline file (deterministic), and the
    secrets as a detect-secrets baseline."""
    from launchgate import app
    from launchgate.runner import render_baseline

    root = path or Path.cwd()
    env = dict(os.environ)
    opts = app.CheckOptions(root=root, config=config_path, phase=phase, only=(), skip=(), environment=None,
                            base_ref=None, head_ref=None, all=True, fail_on="never", outputs=(), paths=(),
                            overrides={}, comment="never", annotations="none", debug=False,
                            use_baseline=False)
    cfg = app.load_config(opts, env)  # once: the run and the secrets baseline share it
    report = app.execute(opts, cfg, env, clock=_now)
    target = output or root / str(cfg.data.get("baseline", ".launchgate-baseline.json"))
    target.write_text(render_baseline(report), encoding="utf-8")
    click.echo(f"wrote {len(report.findings())} finding(s) to {target}")
    if secrets_baseline and any(c.id == "secrets" for c in app.all_checks()):
        secrets_path, text = app.secrets_baseline(opts, cfg, env, _now)
        secrets_path.write_text(text, encoding="utf-8")
        click.echo(f"wrote {secrets_path} (detect-secrets format)")


@cli.command("init")
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing launchgate.yml.")
def init_cmd(path: Path | None, force: bool) -> None:
    """Inspect the repo and write a commented launchgate.yml that validates."""
    from launchgate.config import ConfigError
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


@cli.group("export")
def export_group() -> None:
    """Hand launchgate's scenarios to other tools."""


@export_group.command("locust")
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Config file (default: PATH/launchgate.yml, optional).")
@click.option("--output", type=click.Path(path_type=Path), help="Default: standard output.")
def export_locust_cmd(path: Path | None, config_path: Path | None, output: Path | None) -> None:
    """Write the smoke flows and latency scenarios as a locustfile (Locust's distributed mode)."""
    from launchgate import app
    from launchgate.export_locust import render_locustfile

    root = path or Path.cwd()
    opts = app.CheckOptions(root=root, config=config_path, phase=None, only=(), skip=(), environment=None,
                            base_ref=None, head_ref=None, all=False, fail_on=None, outputs=(), paths=(),
                            overrides={}, comment="never", annotations="none", debug=False)
    cfg = app.load_config(opts, dict(os.environ))
    text = render_locustfile(cfg.data, source=str(cfg.path.name if cfg.path else "launchgate.yml"))
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")


def load_text_check(text: str) -> Config:
    from launchgate import app
    from launchgate.config import Config, build_schema, parse_yaml, validate

    data, lines = parse_yaml(text, "launchgate.yml")
    validate(data or {}, build_schema(app.all_checks()), "launchgate.yml", lines)
    return Config(data=data or {}, lines=lines)


def main() -> None:
    try:
        cli.main(prog_name="launchgate", standalone_mode=True)
    except SystemExit as done:
        _hard_exit_if_abandoned(done.code if isinstance(done.code, int) else 1)
        raise
    except Exception as exc:  # last resort: never a traceback without --debug
        if "--debug" in sys.argv:
            _traceback()
        _fail(EXIT_INTERNAL, f"internal error: {type(exc).__name__}: {exc}")
