"""The command line: Click at the edge. Parses options into plain settings, hands them to app.py,
maps errors to exit codes.

The only module that reads ``os.environ`` (it hands it on as a Mapping). Exit codes: 0 gate passed,
1 gate failed, 2 usage or config error, 3 internal error or a check that could not run. One line on
stderr for 2 and 3; a traceback only with ``--debug``. Heavy modules are imported inside the
commands, so ``--version`` and ``--help`` start fast.
"""

from __future__ import annotations

import io
import os
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
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
    """One line on stderr: a message naming a hostile file or server answer cannot start a second
    line (which the Actions runner would read as a workflow command)."""
    click.echo("launchgate: " + message.replace("\r", "\\r").replace("\n", "\\n"), err=True)


def _under_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _now() -> datetime:
    return datetime.now(UTC)


MONITOR_API_DEADLINE_S = 60.0  # every GitHub request of one monitor run, retries included
# in click's shared ctx.meta: a command's --debug, read by the error handler
DEBUG_KEY = "launchgate.debug"


class HandledGroup(click.Group):
    """The one error handler: every command (and subgroup) runs inside it; typed errors become exit
    codes.

    Usage and input errors (UsageProblem, InputError: config, schema, baselines): one line, exit 2.
    Anything else: one line, exit 3, a traceback only with --debug. Click's own exceptions and
    SystemExit pass through.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                SystemExit):
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
            _fail(EXIT_INTERNAL, f"internal error: {type(exc).__name__}: {exc} (run with --debug "
                  "for a traceback)")


def _traceback() -> None:
    """The --debug traceback; under Actions between stop-commands markers (it quotes file names and
    answers)."""
    text = traceback.format_exc()
    if _under_actions():
        from launchgate.github import guarded

        text = guarded(text)
    sys.stderr.write(text)


# -- commands
# ----------------------------------------------------------------------------------------------
@click.group(cls=HandledGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="launchgate")
def cli() -> None:
    """launchgate: pre-deploy and post-deploy launch checks for web products."""


def _gate_options(f: Any) -> Any:
    """The options that say which gate runs (shared: `check` and `handover` run one gate)."""
    for option in reversed((
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
        click.option("--config", "config_path", type=click.Path(path_type=Path),
            help="Config file (default: PATH/launchgate.yml, optional)."),
        click.option("--phase", type=click.Choice(["pre", "post", "all"]),
            help="pre: the repo; post: live URLs. Default: pre, or all when targets are "
                 "configured."),
        click.option("--only", multiple=True,
            help="Run only these check ids (repeatable or comma-separated)."),
        click.option("--skip", multiple=True, help="Skip these check ids."),
        click.option("--environment",
            help="Environment whose variables are validated (e.g. production)."),
        click.option("--base-ref",
            help="Pull-request base (diff-aware checks look at base..head). Default under GitHub "
                 "Actions: the PR base SHA."),
        click.option("--head-ref",
            help="Pull-request head. Default under GitHub Actions: the PR head SHA."),
        click.option("--all", "all_", is_flag=True,
            help="Ignore the pull-request scope: look at everything."),
        click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES),
            help="Fail at or above this severity (default: config fail_on, else high)."),
    )):
        f = option(f)
    return f


def _run_options(f: Any) -> Any:
    """How the gate runs (shared by `check` and `handover`), after the format options in --help."""
    for option in reversed((
        click.option("--secrets-scope",
            type=click.Choice(["tree", "diff", "history", "bundles", "files", "staged"]),
            help="What the secrets check scans; with 'files', PATHS are the files."),
        click.option("--secrets-file", "secrets_files", multiple=True,
            type=click.Path(path_type=Path),
            help="Also scan this file or folder (a CI log, an artefact) for secrets, besides the "
                 "secrets check's own scope; repeatable."),
        click.option("--latency-baseline",
            help="A previous run's JSON report to compare p95 with, or previous-run: the "
                 "launchgate-report artefact of the base branch's latest successful run (GitHub "
                 "Actions; a notice when there is none)."),
        click.option("--staged", is_flag=True,
            help="Only what `git commit` would record (the pre-commit hooks): secrets in the "
                 "staged added lines, the migrations the commit adds or changes, linted, not "
                 "applied."),
        click.option("--fetch-missing/--no-fetch-missing", default=None,
            help="On a shallow clone without the PR's base or head commit, fetch exactly those "
                 "commits (git fetch --depth=1 origin SHA; network). Default: on under GitHub "
                 "Actions, else config secrets.fetch_missing (off)."),
        click.option("--shard", "shard", metavar="K/N",
            help="Do part K of N of the work (a CI matrix job); `launchgate merge` combines "
                 "the JSON reports."),
        click.option("--timeout", "timeout", default="15m", show_default=True,
            help="Deadline of the whole run (seconds, or 90s, 15m, 1h): checks still running then "
                 "are stopped, the outputs hold those that finished, exit 3. Keep it below the CI "
                 "job's timeout."),
        click.option("--debug", is_flag=True, help="Show tracebacks."),
    )):
        f = option(f)
    return f


@dataclass(frozen=True, kw_only=True)
class GateArgs:
    """The parsed `check`/`handover` gate options, before they become app.CheckOptions."""

    paths: tuple[Path, ...]
    config_path: Path | None
    phase: str | None
    only: tuple[str, ...]
    skip: tuple[str, ...]
    environment: str | None
    base_ref: str | None
    head_ref: str | None
    all_: bool
    fail_on: str | None
    secrets_scope: str | None
    fetch_missing: bool | None
    timeout: str
    debug: bool
    secrets_files: tuple[Path, ...] = ()
    latency_baseline: str | None = None
    staged: bool = False
    shard: str | None = None


def _prepare(args: GateArgs, formats: tuple[str, ...], outputs: tuple[str, ...], *,
             comment: str = "never", annotations: str = "none"
             ) -> tuple[CheckOptions, Config, RunContext, dict[str, str]]:
    """Gate options -> (CheckOptions, the loaded Config, the GitHub context, the environment): one
    wiring for `check` and `handover`."""
    from launchgate import app, github

    click.get_current_context().meta[DEBUG_KEY] = args.debug
    env = dict(os.environ)
    overrides: dict[str, Any] = {}
    extra: tuple[Path, ...] = ()
    paths = args.paths
    if args.secrets_scope == "files":
        root, extra = Path.cwd(), tuple(p.absolute() for p in paths)
        if not extra:
            raise app.UsageProblem("--secrets-scope files needs the files to scan as arguments")
    elif len(paths) > 1:
        raise app.UsageProblem("give one PATH (several paths only with --secrets-scope files)")
    else:
        root = paths[0] if paths else Path.cwd()
    if args.staged:
        overrides.update(STAGED_OVERRIDES)
    if args.secrets_scope:
        overrides["secrets.scopes"] = [args.secrets_scope]
    extra = (*extra, *(p.absolute() for p in args.secrets_files))
    run = github.load_context(env)  # the one GitHub context of this run
    config_dir = args.config_path.absolute().parent if args.config_path else root.absolute()
    if args.latency_baseline and (
            baseline := app.latency_baseline(args.latency_baseline, config_dir, run, _say)):
        overrides["latency.baseline"] = baseline
    base_ref, head_ref = args.base_ref, args.head_ref
    push: tuple[str, str] | None = None
    if base_ref is None and head_ref is None and run.in_actions and run.base_sha:
        base_ref, head_ref = run.base_sha, run.sha
        if run.event_name == "push" and run.sha:
            push = (run.base_sha, run.sha)  # the migrations check lints what this push brings
    opts = app.CheckOptions(root=root, config=args.config_path, phase=args.phase,
                            only=app.split_ids(args.only), skip=app.split_ids(args.skip),
                            environment=args.environment, base_ref=base_ref, head_ref=head_ref,
                            all=args.all_, fail_on=args.fail_on,
                            outputs=app.pair_outputs(formats, outputs), paths=extra,
                            overrides=overrides, comment=comment, annotations=annotations,
                            debug=args.debug, push=push, timeout_s=app.parse_timeout(args.timeout),
                            shard=app.parse_shard(args.shard), staged=args.staged)
    cfg = app.load_config(opts, env)
    opts = _prepare_clone(opts, cfg, run, args.fetch_missing)
    if run.in_actions:
        _mask_learned_secrets(cfg, env)
    return opts, cfg, run, env


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


def _execute(opts: CheckOptions, cfg: Config, env: Mapping[str, str], run: RunContext) -> Report:
    from launchgate import app
    from launchgate.report import terminal

    running = terminal.Running()  # the progress line names the checks still running
    # on a TTY only
    with terminal.progress(sys.stderr, "launchgate: running checks", running=running):
        return app.execute(opts, cfg, env, clock=_now, run_id=run.run_id or None, watch=running)


@cli.command("check")
@_gate_options
@click.option("--format", "formats", multiple=True,
    help=f"Report format ({', '.join(FORMAT_NAMES)}); repeatable, paired in order with "
         "--output, or FORMAT=FILE.")
@click.option("--output", "outputs", multiple=True,
    help="File for the matching --format (default: standard output).")
@_run_options
@click.option("--comment", type=click.Choice(["auto", "always", "never"]), default="auto",
    show_default=True,
    help="Sticky PR comment under GitHub Actions.")
@click.option("--annotations", type=click.Choice(["changed-lines", "all", "none"]),
    default="changed-lines", show_default=True,
    help="GitHub annotations under GitHub Actions.")
@click.option("--quiet", "-q", is_flag=True,
    help="Text report: the verdict and blocker/high findings only.")
@click.option("--verbose", "-v", is_flag=True, help="Text report: every measured figure too.")
def check_cmd(formats: tuple[str, ...], outputs: tuple[str, ...], comment: str, annotations: str,
              quiet: bool = False, verbose: bool = False, **gate: Any) -> None:
    """Run the gate on PATH (default: the current directory); with --secrets-scope files, PATHS are
    the files the secrets check scans."""
    from launchgate.report import terminal

    args = GateArgs(**gate)
    opts, cfg, run, env = _prepare(args, formats, outputs, comment=comment, annotations=annotations)
    report = _execute(opts, cfg, env, run)
    style = terminal.style_for(sys.stdout, env, quiet=quiet, verbose=verbose)
    _finish(report, opts, env, run, style, args.timeout)


HANDOVER_FORMATS = ("markdown", "html")
_GATE_ONLY = ("config_path", "phase", "only", "skip", "environment", "base_ref", "head_ref",
              "all_", "fail_on", "secrets_scope", "fetch_missing", "timeout", "latency_baseline",
              "secrets_files", "staged", "shard")


@cli.command("handover")
@_gate_options
@click.option("--from", "from_report", type=click.Path(path_type=Path),
    help="Build the pack from a saved JSON report (launchgate check --format json) instead of "
         "running the gate.")
@click.option("--format", "fmt", type=click.Choice(HANDOVER_FORMATS), default="markdown",
    show_default=True,
    help="markdown (for the repo's docs or a wiki) or html (one self-contained file).")
@click.option("--output", type=click.Path(path_type=Path),
    help="File to write (default: standard output; html needs a file).")
@click.option("--save-report", type=click.Path(path_type=Path),
    help="Also write the run's JSON report there (render the same pack later with --from).")
@_run_options
def handover_cmd(from_report: Path | None, fmt: str, output: Path | None,
                 save_report: Path | None, **gate: Any) -> None:
    """Write the launch handover pack of PATH: what exists, what matters, what must not be
    broken. Runs the gate like `check` (same options and config), or renders a saved run with
    --from. Exit 0 when the pack is written (its verdict is inside), 2 on a usage error or an
    unreadable report, 3 when the run hit its deadline or failed inside."""
    from launchgate import github, handover
    from launchgate.report import HANDOVER

    args = GateArgs(**gate)
    click.get_current_context().meta[DEBUG_KEY] = args.debug
    to_stdout = output is None or str(output) == "-"
    if fmt == "html" and to_stdout:
        raise handover.HandoverError("--format html writes one file: give --output FILE "
                               "(e.g. build/handover.html)")
    if from_report is not None:
        _only_a_run_may(save_report)
        report = handover.load_saved_report(from_report)
    else:
        from launchgate import app

        saved = ("json",) if save_report else ()
        opts, cfg, run, env = _prepare(args, saved, (str(save_report),) if save_report else ())
        report = _execute(opts, cfg, env, run)
        app.write_outputs(report, opts.outputs, sys.stdout)
    text = HANDOVER[fmt](report)
    if to_stdout and github.load_context(dict(os.environ)).in_actions:
        text = github.guarded(text)  # it quotes file names and server answers: no command runs
    handover.write_document(text, None if to_stdout else output, sys.stdout)
    if not to_stdout:
        _say(f"wrote the handover pack ({fmt}) to {output}")
    if report.info.deadline_reached:
        _fail(EXIT_INTERNAL, f"the run's deadline (--timeout {args.timeout}) was reached: the pack "
              "holds the checks that finished")


def _only_a_run_may(save_report: Path | None) -> None:
    """--from renders a saved run: the options saying how to run the gate make no sense with it."""
    from launchgate import handover

    ctx = click.get_current_context()
    typed = click.core.ParameterSource.COMMANDLINE
    given = [n for n in _GATE_ONLY if ctx.get_parameter_source(n) is typed]
    if save_report is not None:
        given.insert(0, "save_report")
    if given:
        opts = {p.name: p.opts[0] for p in ctx.command.params if p.opts}
        flag = opts.get(given[0], given[0])
        raise handover.HandoverError(f"{flag} runs the gate; it cannot be combined with --from "
                               "(the saved run)")


def _finish(report: Report, opts: CheckOptions, env: Mapping[str, str], run: RunContext,
            style: Style,
            timeout: str) -> NoReturn:
    """The outputs, GitHub's reporting under Actions, the one-line reasons on stderr, the exit
    code."""
    from launchgate import app, github

    if run.in_actions and report.info.shard is not None:  # a matrix part: `merge` tells GitHub
        app.write_outputs(report, opts.outputs, sys.stdout, style)
        _say(f"shard {report.info.shard.label}: no PR comment or annotations here; "
             "`launchgate merge` of every shard's JSON report posts them")
    elif run.in_actions:
        # launchgate's own workflow commands first; then the report, which quotes repository file
        # names and live
        # answers, where the runner runs no command (a file named ::error::x or ::stop-commands::x
        # is just text)
        buffer = io.StringIO()
        app.write_outputs(report, opts.outputs, buffer, style)
        publish_to_github(report, opts, env, run)
        # JSON (and SARIF) can carry no command: every line starts with a JSON token, newlines
        # inside strings are
        # escaped; left as they are, so `--format json > report.json` in a workflow step stays valid
        # JSON
        machine = any(fmt in ("json", "sarif") for fmt, path in opts.outputs if path is None)
        sys.stdout.write(buffer.getvalue() if machine else github.guarded(buffer.getvalue()))
        sys.stdout.flush()
    else:
        app.write_outputs(report, opts.outputs, sys.stdout, style)
    code = app.exit_code(report)
    if report.info.deadline_reached:
        late = [r.check for r in report.results if "the run's deadline" in r.reason]
        _say(f"the run's deadline (--timeout {timeout}) was reached; not finished: "
             f"{', '.join(late)} (the outputs hold the checks that finished)")
    elif code == EXIT_INTERNAL:
        errored = [f"{r.check} ({r.reason})" for r in report.results if r.status.value == "error"]
        _say(f"could not run: {'; '.join(errored)}")
    sys.exit(code)


def _hard_exit_if_abandoned(code: int) -> None:
    """When a check was abandoned past its deadline (deadline.py) and still runs, end the process
    with ``os._exit`` after flushing: the threads and worker processes it left behind would
    otherwise hold the exit. Only the program's own entry point does this, never a caller that runs
    the CLI in its process (tests)."""
    deadline = sys.modules.get("launchgate.deadline")  # not imported: nothing was abandoned
    if deadline is not None and deadline.abandoned():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _mask_learned_secrets(cfg: Config, env: Mapping[str, str]) -> None:
    """Before anything is printed: ``::add-mask::`` the values the probes will send (smoke
    passwords, tokens), so the runner hides them from the log even where a server echoes them
    back."""
    from launchgate import github
    from launchgate.config import runtime_variables

    names = runtime_variables(cfg.data)
    for line in github.mask_commands(env[n] for n in sorted(names) if env.get(n)):
        click.echo(line)


def publish_to_github(report: Report, opts: CheckOptions, env: Mapping[str, str],
                      run: RunContext) -> None:
    """Annotations, job summary, outputs and the PR comment (called under GitHub Actions)."""
    from launchgate import github

    paths = dict((fmt, path) for fmt, path in opts.outputs if path)
    inputs = github.PublishInputs(comment=opts.comment, annotations=opts.annotations,
                                  report_json_path=paths.get("json"),
                                  sarif_path=paths.get("sarif"))
    github.publish(report, env, inputs, stdout=sys.stdout, run=run)


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
    """Merge REPORT files, the JSON reports of a sharded run (`check --shard K/N --format
    json`), into one report, with the same outputs, GitHub reporting and exit code as `check`."""
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


@cli.command("monitor")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Config file (default: PATH/launchgate.yml).")
@click.option("--flow", "flows", multiple=True,
              help="Smoke flows to run (repeatable). Default: every flow in the config.")
@click.option("--max-requests", type=int, default=50, show_default=True,
              help="Most requests a run sends (health URLs + smoke steps); more is an error.")
@click.option("--issue", type=click.Choice(["auto", "never"]), default="auto", show_default=True,
              help="auto: under GitHub Actions with a token, open/update one issue while the "
                   "probes fail and close it when they pass.")
@click.option("--label", "labels", multiple=True,
              help="Labels for a newly opened issue (repeatable).")
@click.option("--format", "formats", multiple=True, help="Report format, as for `check`.")
@click.option("--output", "outputs", multiple=True, help="File for the matching --format.")
@click.option("--timeout", "timeout", default="3m", show_default=True,
              help="Deadline of the whole run (seconds, or 90s, 3m).")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
# one parameter per Click option, as Click passes them (10): the one place the limit is waived
def monitor_cmd(  # noqa: PLR0913
        path: Path | None, config_path: Path | None, flows: tuple[str, ...], max_requests: int,
        issue: str, labels: tuple[str, ...], formats: tuple[str, ...], outputs: tuple[str, ...],
        timeout: str, debug: bool) -> None:
    """Probe production's health URLs and smoke flows from the launchgate.yml in PATH (default: the
    current directory) only (no rate-limit bursts, no latency load), within a request budget; exit 0
    healthy, 1 failing. For a schedule: `init --monitor`."""
    import dataclasses

    from launchgate import app, github, monitor

    click.get_current_context().meta[DEBUG_KEY] = debug
    env = dict(os.environ)
    root = path or Path.cwd()
    opts = app.CheckOptions(root=root, config=config_path, phase="post", only=("probes",), skip=(),
                            environment=None, base_ref=None, head_ref=None, all=True, fail_on=None,
                            outputs=app.pair_outputs(formats, outputs), paths=(), overrides={},
                            comment="never", annotations="none", debug=debug, use_baseline=False,
                            timeout_s=app.parse_timeout(timeout), max_requests=max_requests)
    cfg = app.load_config(opts, env)
    planned = monitor.plan(cfg.data, flows, max_requests)
    cfg = dataclasses.replace(cfg, data=planned.data)
    run = github.load_context(env)
    if run.in_actions:
        _mask_learned_secrets(cfg, env)
    click.echo(f"launchgate {planned.describe()}", err=True)
    report = app.execute(opts, cfg, env, clock=_now, run_id=run.run_id or None)
    if run.in_actions:  # the report quotes server answers: no workflow command in it runs
        buffer = io.StringIO()
        app.write_outputs(report, opts.outputs, buffer)
        machine = any(fmt in ("json", "sarif") for fmt, dest in opts.outputs if dest is None)
        sys.stdout.write(buffer.getvalue() if machine else github.guarded(buffer.getvalue()))
        sys.stdout.flush()
        if issue == "auto":
            _monitor_issue(report, run, labels)
    else:
        app.write_outputs(report, opts.outputs, sys.stdout)
    sys.exit(app.exit_code(report))


def _monitor_issue(report: Report, run: RunContext, labels: tuple[str, ...]) -> None:
    """Keep the monitor's issue; a problem with GitHub is a warning, never the monitor's verdict."""
    import asyncio

    from launchgate import github, monitor
    from launchgate.github_api import ApiError, GitHubApi
    from launchgate.net import NetError

    if not run.token or not run.repository:
        click.echo(github.command("warning", "No GITHUB_TOKEN, so no monitor issue.",
                                  {"title": "launchgate monitor"}))
        return
    api = GitHubApi(run.api_url, run.repository, run.token, author=run.comment_author)

    async def sync() -> monitor.IssueOutcome:
        async with asyncio.timeout(MONITOR_API_DEADLINE_S):
            return await monitor.sync_issue(api, report, run_url=run.run_url,
                                            link_base=github.link_base(run, ""), labels=labels)

    try:
        outcome = asyncio.run(sync())
    except TimeoutError:
        click.echo(github.command("warning", f"The GitHub API did not answer within "
                                  f"{MONITOR_API_DEADLINE_S:g} s; the monitor issue is as it was.",
                                  {"title": "launchgate monitor"}))
        return
    except (ApiError, NetError) as exc:
        status = getattr(exc, "status", 0)
        hint = " (the job needs permissions: issues: write)" if status == 403 else ""
        click.echo(github.command("warning", f"Could not update the monitor issue: {exc}{hint}",
                                  {"title": "launchgate monitor"}))
        return
    if outcome.number is not None:
        _say(f"monitor issue #{outcome.number}: {outcome.action}")


@cli.command("rules")
@click.argument("rule_id", required=False)
def rules_cmd(rule_id: str | None) -> None:
    """List every rule, or explain one (why, fix, how to suppress). RULE_ID may be a glob (`ai.*`)
    or a check id (`ai`): every matching rule is explained."""
    import fnmatch

    from launchgate import app

    rules = {r.id: (c, r) for c in app.every_check() for r in c.rules}
    if rule_id is None:
        width = max((len(i) for i in rules), default=10)
        for rid in sorted(rules):
            _, r = rules[rid]
            click.echo(f"{rid:<{width}}  {r.severity.label:<7}  {r.title}")
        return
    wanted = [rule_id] if rule_id in rules else sorted(
        rid for rid, (check, _) in rules.items() if fnmatch.fnmatchcase(rid, rule_id)
        or check.id == rule_id)
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
    click.echo(f"  - change its severity or turn it off in launchgate.yml: rules: {{{r.id}: low}} "
               "or off")
    click.echo("  - accept the current findings: launchgate baseline")


@cli.command("schema")
@click.option("--env", "env_file", is_flag=True, help="The JSON Schema of env.schema.yaml instead.")
def schema_cmd(env_file: bool) -> None:
    """Print the JSON Schema of launchgate.yml as editors read it (a `${VAR}` is valid in any
    field)."""
    from launchgate import app
    from launchgate.config import build_schema, schema_text
    from launchgate.editor_schema import editor_config_schema, env_file_schema

    schema = (env_file_schema() if env_file
              else editor_config_schema(build_schema(app.every_check())))
    click.echo(schema_text(schema), nl=False)


@cli.command("baseline")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Config file (default: PATH/launchgate.yml, optional).")
@click.option("--phase", type=click.Choice(["pre", "post", "all"]), default="pre",
              show_default=True,
              help="Which checks' findings to accept: pre (the repo), post (live URLs) or all.")
@click.option("--output", type=click.Path(path_type=Path),
              help="Baseline file to write (default: the config's `baseline`, else "
                   ".launchgate-baseline.json).")
@click.option("--secrets-baseline/--no-secrets-baseline", default=True, show_default=True,
              help="Also write .secrets.baseline (detect-secrets' format, for its audit workflow).")
def baseline_cmd(path: Path | None, config_path: Path | None, phase: str, output: Path | None,
                 secrets_baseline: bool) -> None:
    """Accept the current findings of the repository at PATH (default: the current directory): write
    them, by fingerprint, to the baseline file (deterministic), and the secrets as a detect-secrets
    baseline."""
    from launchgate import app
    from launchgate.runner import render_baseline

    root = path or Path.cwd()
    env = dict(os.environ)
    opts = app.CheckOptions(root=root, config=config_path, phase=phase, only=(), skip=(),
                            environment=None,
                            base_ref=None, head_ref=None, all=True, fail_on="never", outputs=(),
                            paths=(),
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
@click.option("--force", is_flag=True,
              help="Overwrite an existing launchgate.yml (or monitor workflow).")
@click.option("--monitor", is_flag=True,
              help="Write .github/workflows/launchgate-monitor.yml instead: `launchgate "
                   "monitor` on a schedule, one GitHub issue while production fails.")
@click.option("--schedule", default=None, metavar="CRON",
              help="With --monitor: when it runs, five cron fields in UTC. Default: every "
                   "10 minutes.")
def init_cmd(path: Path | None, force: bool, monitor: bool = False,
             schedule: str | None = None) -> None:
    """Inspect the repository at PATH (default: the current directory) and write a commented
    launchgate.yml there that validates (or, with --monitor, the scheduled monitor workflow)."""
    from launchgate.config import ConfigError
    from launchgate.init import render_init

    root = path or Path.cwd()
    if monitor:
        _init_monitor(root, force, schedule)
        return
    if schedule is not None:
        _fail(EXIT_USAGE, "--schedule goes with --monitor")
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


def _init_monitor(root: Path, force: bool, schedule: str | None) -> None:
    from launchgate import monitor
    from launchgate.config import find_config, parse_yaml
    from launchgate.containment import read_regular

    target = root / monitor.WORKFLOW_PATH
    if target.exists() and not force:
        _fail(EXIT_USAGE, f"{target} exists (use --force to overwrite)")
    cron = monitor.check_schedule(schedule or monitor.DEFAULT_SCHEDULE)
    names: list[str] = []
    if (found := find_config(root)) is not None:
        raw = read_regular(found, 1 << 20, found.name).decode("utf-8", "replace")
        data, _ = parse_yaml(raw, found.name)
        names = monitor.secret_names(data if isinstance(data, dict) else {})
    text = monitor.render_workflow(schedule=cron, requirement=_requirement(), env_names=names)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {target}")
    if names:
        click.echo(f"add these repository secrets (Settings > Secrets): {', '.join(names)}")


DISTRIBUTION = "launchgate-cli"  # pyproject's name; `launchgate` on the index is another project


def _requirement() -> str:
    """This launchgate as a pip requirement (the distribution's name and this version)."""
    return f"{DISTRIBUTION}=={__version__}"


@cli.group("export")
def export_group() -> None:
    """Hand launchgate's scenarios to other tools."""


@export_group.command("locust")
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Config file (default: PATH/launchgate.yml, optional).")
@click.option("--output", type=click.Path(path_type=Path),
              help="File to write the locustfile to (default: standard output).")
def export_locust_cmd(path: Path | None, config_path: Path | None, output: Path | None) -> None:
    """Write the smoke flows and latency scenarios of the launchgate.yml in PATH (default: the
    current directory) as a locustfile (Locust's distributed mode)."""
    from launchgate import app
    from launchgate.export_locust import render_locustfile

    root = path or Path.cwd()
    opts = app.CheckOptions(root=root, config=config_path, phase=None, only=(), skip=(),
                            environment=None,
                            base_ref=None, head_ref=None, all=False, fail_on=None, outputs=(),
                            paths=(),
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
    validate(data or {}, build_schema(app.every_check()), "launchgate.yml", lines)
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
