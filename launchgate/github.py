"""Everything that knows GitHub Actions: the run context, annotations, job summary, outputs, the PR
comment.

``publish`` is called by the CLI after the requested formats are written. It reads only the Mapping
it is given (never os.environ), writes workflow commands to ``stdout``, appends to
``$GITHUB_STEP_SUMMARY`` and ``$GITHUB_OUTPUT``, and keeps one sticky comment on the pull request.
Nothing here fails the job: a read-only token (fork pull requests) or an unreachable API degrades to
the summary and annotations with a notice.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets as _random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from launchgate.containment import Refused, read_regular
from launchgate.github_api import MARKER
from launchgate.model import Finding, Report, Severity, Status
from launchgate.report.markdown import COMMENT_BUDGET, JOB_SUMMARY_BUDGET, ranked, render_markdown

ANNOTATION_MODES = ("changed-lines", "all", "none")
COMMENT_MODES = ("auto", "always", "never")
# GitHub caps webhook payloads at 25 MB; an event file past that is not one
MAX_EVENT_BYTES = 25 << 20
PER_LEVEL = 10  # GitHub shows at most 10 annotations of each level per step
PR_EVENTS = ("pull_request", "pull_request_target")


@dataclass(frozen=True, kw_only=True)
class RunContext:
    """What the run knows about itself from ``GITHUB_*`` and the event payload."""

    in_actions: bool = False
    event_name: str = ""
    repository: str = ""
    server_url: str = "https://github.com"
    api_url: str = "https://api.github.com"
    run_id: str = ""
    # the commit to link to: the PR head, not the merge commit GITHUB_SHA names
    sha: str | None = None
    base_sha: str | None = None
    base_ref: str | None = None
    head_ref: str | None = None
    pr_number: int | None = None
    fork: bool = False
    workspace: str | None = None
    step_summary: str | None = None
    output: str | None = None
    token: str | None = field(default=None, repr=False)
    # whose marked comment is ours: the token's identity
    comment_author: str = "github-actions[bot]"
    # what could not be read (bad event file ...), said once as a warning
    problems: tuple[str, ...] = ()

    @property
    def run_url(self) -> str | None:
        if not (self.repository and self.run_id):
            return None
        return f"{self.server_url}/{self.repository}/actions/runs/{self.run_id}"

    @property
    def blob_base(self) -> str | None:
        if not (self.repository and self.sha):
            return None
        return f"{self.server_url}/{self.repository}/blob/{self.sha}"


def load_context(env: Mapping[str, str]) -> RunContext:
    """Read the run context; an unreadable event payload becomes a problem to report, not an
    exception."""
    event: dict[str, Any] = {}
    problems: list[str] = []
    if path := env.get("GITHUB_EVENT_PATH"):
        try:
            loaded = json.loads(read_regular(Path(path), MAX_EVENT_BYTES, "the event payload"))
            event = loaded if isinstance(loaded, dict) else {}
        # a FIFO, a device or a huge file: never waited on, never read without end
        except Refused as exc:
            problems.append(f"could not read the event payload {path}: {exc.reason}")
        except (OSError, ValueError, RecursionError) as exc:
            problems.append(f"could not read the event payload {path}: {exc.__class__.__name__}")
    name = env.get("GITHUB_EVENT_NAME", "")
    pr = event.get("pull_request") if isinstance(event.get("pull_request"), dict) else None
    sha, base_sha, base_ref, head_ref, number, fork = (
        env.get("GITHUB_SHA"),
        None,
        None,
        None,
        None,
        False,
    )
    if pr is not None:
        head, base = _dict(pr.get("head")), _dict(pr.get("base"))
        sha = _str(head.get("sha")) or sha
        base_sha = _str(base.get("sha"))
        head_ref, base_ref = _str(head.get("ref")), _str(base.get("ref"))
        number = pr.get("number") if isinstance(pr.get("number"), int) else None
        head_repo = _str(_dict(head.get("repo")).get("full_name"))
        base_repo = _str(_dict(base.get("repo")).get("full_name"))
        fork = bool(head_repo and base_repo
                    and head_repo != base_repo) or _dict(head.get("repo")).get("fork") is True
    elif name == "push":
        before = _str(event.get("before"))
        base_sha = None if not before or set(before) == {"0"} else before  # all zeros: a new branch
        head_ref = env.get("GITHUB_REF_NAME") or None
    token = (
        env.get("GITHUB_TOKEN")
        or env.get("INPUT_GITHUB-TOKEN")
        or env.get("INPUT_GITHUB_TOKEN")
        or None
    )
    return RunContext(
        in_actions=env.get("GITHUB_ACTIONS") == "true", event_name=name,
        repository=env.get("GITHUB_REPOSITORY", ""),
        server_url=env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/"),
        api_url=env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/"),
        run_id=env.get("GITHUB_RUN_ID", ""), sha=sha, base_sha=base_sha, base_ref=base_ref,
        head_ref=head_ref,
        pr_number=number, fork=fork, workspace=env.get("GITHUB_WORKSPACE") or None,
        step_summary=env.get("GITHUB_STEP_SUMMARY") or None, output=env.get("GITHUB_OUTPUT")
        or None,
        token=token, problems=tuple(problems),
        comment_author=(env.get("INPUT_COMMENT-AUTHOR") or env.get("INPUT_COMMENT_AUTHOR")
                        or "").strip()
        or "github-actions[bot]")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


# -- workflow commands
# ----------------------------------------------------------------------------------------
def escape_data(text: str) -> str:
    """A command's message, escaped as the runner's ``CommandExtensions.EscapeData`` expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command property value: like data, plus ``:`` and ``,`` that would end it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, props: Mapping[str, str | int | None] | None = None) -> str:
    parts = [f"{k}={escape_property(str(v))}" for k, v in (props or {}).items() if v is not None
             and v != ""]
    return f"::{name}{' ' + ','.join(parts) if parts else ''}::{escape_data(message)}"


def guarded(text: str) -> str:
    """Untrusted text (the report: repository file names, certificate fields, server answers) for
    the log, between ``::stop-commands::TOKEN`` and ``::TOKEN::``: the runner runs no workflow
    command inside, whatever a line says.

    The token is random per call (a repository cannot guess it) and checked absent from the text.
    """
    if not text:
        return text
    token = _random.token_hex(16)
    while token in text:  # pragma: no cover - 128 random bits
        token = _random.token_hex(16)
    tail = "" if text.endswith("\n") else "\n"
    return f"::stop-commands::{token}\n{text}{tail}::{token}::\n"


def mask_commands(values: Iterable[str]) -> list[str]:
    """``::add-mask::`` for each secret the run learned; multi-line values are masked line by
    line."""
    lines = sorted({ln.strip() for v in values for ln in v.splitlines() if len(ln.strip()) >= 4})
    return [f"::add-mask::{escape_data(ln)}" for ln in lines]


def level_of(severity: Severity) -> str:
    match severity:
        case Severity.BLOCKER | Severity.HIGH:
            return "error"
        case Severity.MEDIUM:
            return "warning"
        case Severity.LOW | Severity.INFO:
            return "notice"
    raise AssertionError(severity)  # pragma: no cover - exhaustive


def annotation_commands(report: Report, mode: str, *, pr_scope: bool,
                        path_prefix: str = "") -> list[str]:
    """Workflow commands for the findings GitHub will show, then a notice naming how many more there
    are.

    ``changed-lines`` on a pull request annotates findings on lines the PR changed and live findings
    (they have no line of their own and sit on launchgate.yml); elsewhere it behaves like ``all``.
    """
    findings = ranked(report)
    match mode:
        case "none":
            return []
        case "changed-lines" if pr_scope:
            chosen = [f for f in findings if f.on_changed_line or not f.location.path]
        case "changed-lines" | "all":
            chosen = findings
        case _:
            raise ValueError(f"annotations: unknown mode {mode!r} (expected "
                             f"{', '.join(ANNOTATION_MODES)})")
    by_level: dict[str, list[Finding]] = {"error": [], "warning": [], "notice": []}
    for f in chosen:
        bucket = by_level[level_of(f.severity)]
        if len(bucket) < PER_LEVEL:
            bucket.append(f)
    shown = sum(len(b) for b in by_level.values())
    if shown < len(findings) and len(by_level["notice"]) == PER_LEVEL:
        by_level["notice"].pop()  # keep a notice slot for the "N more" line so GitHub shows it
        shown -= 1
    keep = {id(f) for b in by_level.values() for f in b}
    out = [_annotation(f, path_prefix) for f in findings if id(f) in keep]
    if (more := len(findings) - shown) > 0:
        out.append(command("notice", f"{more} more launchgate "
                           f"finding{'s are' if more != 1 else ' is'} not annotated "
                           "here; see the job summary for the full list.",
                           {"title": "launchgate"}))
    return out


def _annotation(f: Finding, path_prefix: str) -> str:
    loc = f.location
    props: dict[str, str | int | None] = {}
    if pos := loc.file_position():
        props["file"] = path_prefix + pos[0]
        props["line"] = pos[1]
        if loc.path and loc.end_line and loc.end_line > pos[1]:
            props["endLine"] = loc.end_line
    props["title"] = f"{f.rule.id}: {f.rule.title}"
    text = f.message
    if loc.url and loc.url not in text:
        text += f" ({loc.url})"
    if f.evidence:
        text += f"\nEvidence: {f.evidence}"
    text += f"\nFix: {f.rule.fix}"
    return command(level_of(f.severity), text, props)


# -- files the runner reads
# -----------------------------------------------------------------------------------
def output_entries(report: Report, *, report_json: str | None,
                   sarif: str | None) -> list[tuple[str, str]]:
    counts = report.counts()
    entries = [("result", "passed" if report.passed else "failed"),
               ("findings", str(sum(counts.values())))]
    entries += [(name, str(n)) for name, n in counts.items()]
    entries += [("report-json", report_json or ""), ("sarif-file", sarif or "")]
    return entries


def format_outputs(entries: Iterable[tuple[str, str]]) -> str:
    """``name<<DELIM`` blocks: safe for any value; the delimiter is derived from the value, checked
    absent."""
    out = []
    for name, value in entries:
        delim = "ghadelimiter_" + hashlib.sha256(f"{name}\0{value}".encode()).hexdigest()[:20]
        if delim in value:  # pragma: no cover - a value containing its own hash
            raise ValueError(f"output {name}: cannot pick a delimiter")
        out.append(f"{name}<<{delim}\n{value}\n{delim}\n")
    return "".join(out)


def shallow_advice(root: Path, ctx: RunContext) -> str | None:
    """A warning when the checkout is shallow, so diff-aware checks would see nothing to compare."""
    git = _git_dir(root)
    if git is None or not (git / "shallow").exists():
        return None
    what = (
        "this pull request changed" if ctx.pr_number is not None else "changed since the base ref"
    )
    return (f"The repository is a shallow clone, so launchgate cannot see what {what} or scan git "
            "history. Set `fetch-depth: 0` on actions/checkout (`with: fetch-depth: 0`).")


def _git_dir(root: Path) -> Path | None:
    for d in (root, *root.parents):
        dot = d / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():
            text = dot.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                return (d / text.split(":", 1)[1].strip()).resolve()
    return None


def workspace_relative(path: str, workspace: str | None) -> str:
    """A path later steps can use: relative to the workspace when it is inside it (container paths
    differ)."""
    p = Path(path).resolve()
    if workspace:
        try:
            return p.relative_to(Path(workspace).resolve()).as_posix()
        except ValueError:
            pass
    return path


def link_base(ctx: RunContext, prefix: str = "") -> str | None:
    """Where file links point: the PR head commit's blob view, under the working-directory
    prefix."""
    return f"{ctx.blob_base}/{prefix.rstrip('/')}".rstrip("/") if ctx.blob_base else None


def comment_body(report: Report, ctx: RunContext, prefix: str = "") -> str:
    footer = (
        f"\n[Full report and annotations in the workflow run]({ctx.run_url})\n"
        if ctx.run_url
        else ""
    )
    budget = COMMENT_BUDGET - len(footer.encode())
    return render_markdown(report, budget, link_base=link_base(ctx, prefix),
                           header=MARKER + "\n") + footer


# -- publish
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class PublishInputs:
    """What the Action's inputs say about publishing: the sticky comment (``auto``/``always``/
    ``never``), which findings become annotations, the report files the outputs point at, the
    values to mask in the log first (smoke passwords, tokens the run learned), and the REST API's
    deadline and retry backoff."""

    comment: str = "auto"
    annotations: str = "changed-lines"
    report_json_path: str | None = None
    sarif_path: str | None = None
    secrets: tuple[str, ...] = ()
    api_deadline_s: float = 60.0
    retry_backoff_s: float = 1.0


def publish(report: Report, env: Mapping[str, str], inputs: PublishInputs | None = None, *,
            stdout: TextIO, run: RunContext | None = None) -> None:
    """Annotations, summary, outputs and the sticky comment; does nothing outside GitHub Actions.

    ``run`` is the context the CLI already built from ``env`` (else it is read here).
    """
    inputs = inputs or PublishInputs()
    ctx = run if run is not None else load_context(env)
    if not ctx.in_actions:
        return
    lines = mask_commands(inputs.secrets)
    lines += [command("warning", p, {"title": "launchgate"}) for p in ctx.problems]
    root = Path(report.info.root)
    if advice := shallow_advice(root, ctx):
        lines.append(command("warning", advice, {"title": "launchgate: shallow clone"}))
    # workspace-relative under the runner; else where the root sits in its repository (as the SARIF
    # report says)
    prefix = _root_prefix(root, ctx.workspace) if ctx.workspace else report.info.repo_prefix
    pr_scope = ctx.pr_number is not None or bool(report.info.base_ref)
    lines += annotation_commands(report, inputs.annotations, pr_scope=pr_scope, path_prefix=prefix)
    _emit(stdout, lines)
    try:
        if ctx.step_summary:
            _append_summary(Path(ctx.step_summary), report, ctx, prefix)
        if ctx.output:
            rel = {k: workspace_relative(v, ctx.workspace) if v else None
                   for k, v in (("json", inputs.report_json_path), ("sarif", inputs.sarif_path))}
            with open(ctx.output, "a", encoding="utf-8") as fh:
                fh.write(format_outputs(output_entries(report, report_json=rel["json"],
                                                       sarif=rel["sarif"])))
    except OSError as exc:  # the runner's files: odd to fail, never a reason to fail the gate's job
        _emit(stdout,
              [command("warning", f"Could not write {exc.filename}: {exc.strerror}",
                       {"title": "launchgate"})])
    _emit(stdout,
          asyncio.run(_comment(report, ctx, inputs, prefix)))


def _emit(stdout: TextIO, lines: list[str]) -> None:
    for line in lines:
        stdout.write(line + "\n")
    stdout.flush()


def _root_prefix(root: Path, workspace: str | None) -> str:
    if not workspace:
        return ""
    try:
        rel = root.resolve().relative_to(Path(workspace).resolve()).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." else rel + "/"


def _append_summary(path: Path, report: Report, ctx: RunContext, prefix: str) -> None:
    used = path.stat().st_size if path.exists() else 0
    text = render_markdown(report, max(JOB_SUMMARY_BUDGET - used, 2048),
                           link_base=link_base(ctx, prefix))
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


def _no_comment(ctx: RunContext, mode: str) -> list[str] | None:
    """Why this run writes no comment (the commands that say so, maybe none), or None: go ahead."""
    if mode not in COMMENT_MODES:
        raise ValueError(f"comment: unknown mode {mode!r} (expected {', '.join(COMMENT_MODES)})")
    if mode == "never":
        return []
    if ctx.pr_number is None or ctx.event_name not in PR_EVENTS:
        if mode == "always":
            return [command("notice", "No pull request in this event, so no PR comment; the "
                            "report is in the job summary.", {"title": "launchgate"})]
        return []
    if not ctx.token or not ctx.repository:
        return [command("notice", "No github-token, so no PR comment; the report is in the job "
                        "summary.",
                        {"title": "launchgate"})]
    return None


async def _comment(report: Report, ctx: RunContext, inputs: PublishInputs,
                   prefix: str) -> list[str]:
    """Keep the sticky comment; returns the workflow commands that say what happened (never
    raises)."""
    # imported here: the HTTP stack costs ~0.5 s to import, and most runs (push, no token) never
    # need it
    from launchgate.github_api import ApiError, GitHubApi, Retry
    from launchgate.net import NetError

    mode = inputs.comment
    skip = _no_comment(ctx, mode)
    if skip is not None:
        return skip
    assert ctx.pr_number is not None and ctx.token and ctx.repository  # _no_comment said so
    interesting = bool(report.findings()) or any(r.status is Status.ERROR for r in report.results)
    create = mode == "always" or interesting or not report.passed
    api = GitHubApi(ctx.api_url, ctx.repository, ctx.token,
                    retry=Retry(backoff_s=inputs.retry_backoff_s), author=ctx.comment_author)
    try:
        async with asyncio.timeout(inputs.api_deadline_s):
            await api.upsert_comment(ctx.pr_number, comment_body(report, ctx, prefix),
                                     create=create)
    except ApiError as exc:
        if exc.status == 403:
            why = "this pull request comes from a fork, whose token is read-only" if ctx.fork else \
                "the token may not write pull requests (permissions: pull-requests: write)"
            return [command("notice", f"Could not comment on the pull request ({why}); the report "
                            "is in the job summary and the annotations.", {"title": "launchgate"})]
        return [command("warning", f"Could not update the PR comment: {exc}",
                        {"title": "launchgate"})]
    except NetError as exc:
        return [command("warning", f"Could not reach the GitHub API: {exc}",
                        {"title": "launchgate"})]
    except TimeoutError:
        return [command("warning", "The GitHub API did not answer within "
                        f"{inputs.api_deadline_s:g} s; no PR comment.",
                        {"title": "launchgate"})]
    return []
