"""`launchgate monitor`: production's health and smoke probes on a schedule, and one GitHub issue.

``plan`` narrows a loaded config to what a monitor may send every few minutes: the ``health`` URLs
(no warm-up retries) and the ``smoke`` flows (all, or those named), never the rate-limit bursts or
the latency load, and counts the requests left; above the budget it refuses before anything is sent.
``sync_issue`` keeps one issue, found by its hidden first line and its author like the sticky PR
comment: opened when a run fails, updated in place while it fails (a comment only when what fails
changes), closed with a comment on recovery. ``render_workflow`` is the scheduled workflow
`launchgate init --monitor` writes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from launchgate.config import runtime_variables
from launchgate.containment import InputError
from launchgate.github_api import ISSUE_MARKER, GitHubApi
from launchgate.model import Report, Status
from launchgate.report.markdown import render_markdown
from launchgate.report.mdsafe import code

DEFAULT_MAX_REQUESTS = (
    50  # a run's ceiling: health URLs + smoke steps; 6 runs an hour stay a trickle
)
HARD_MAX_REQUESTS = 500
DEFAULT_SCHEDULE = "*/10 * * * *"
WORKFLOW_PATH = ".github/workflows/launchgate-monitor.yml"
DROPPED = (
    "rate_limits",
    "latency",
)  # bursts and timed load: a launch check, never every few minutes
ISSUE_BUDGET = 60_000  # bytes of report in the issue body (GitHub's limit is 65,536 characters)
_STATE = re.compile(
    r"^<!-- launchgate:failing since=(\S+) digest=([0-9a-f]{16}) -->$", re.MULTILINE
)
_CRON_FIELD = re.compile(r"^[0-9*/,\-]+$")


class MonitorError(InputError):
    """The config or options give the monitor nothing to send, or more than its budget: exit 2."""


@dataclass(frozen=True, kw_only=True)
class MonitorPlan:
    """The config a monitor run uses, and what it will send at most."""

    data: Mapping[str, Any]
    health: int
    steps: int
    flows: tuple[str, ...]
    dropped: tuple[str, ...]  # configured sections the monitor leaves out

    @property
    def requests(self) -> int:
        return self.health + self.steps

    def describe(self) -> str:
        left_out = f"; not sent: {', '.join(self.dropped)}" if self.dropped else ""
        return (
            f"monitor: {self.health} health URL(s), {len(self.flows)} smoke flow(s) with "
            f"{self.steps} step(s): "
            f"at most {self.requests} request(s){left_out}"
        )


def plan(
    data: Mapping[str, Any], flows: Sequence[str] = (), max_requests: int = DEFAULT_MAX_REQUESTS
) -> MonitorPlan:
    """Narrow the loaded config ``data`` to the monitor's probes; MonitorError when nothing or
    too much is left."""
    if not 1 <= max_requests <= HARD_MAX_REQUESTS:
        raise MonitorError(f"--max-requests {max_requests}: expected 1 to {HARD_MAX_REQUESTS}")
    health = [
        {**h, "warmup_s": 0} for h in data.get("health") or []
    ]  # production is up, or it is news
    smoke = list(data.get("smoke") or [])
    names = [str(f.get("name")) for f in smoke]
    unknown = sorted(set(flows) - set(names))
    if unknown:
        raise MonitorError(
            f"--flow {unknown[0]}: no smoke flow of that name (flows: {', '.join(names) or 'none'})"
        )
    if flows:
        smoke = [f for f in smoke if f.get("name") in flows]
    if not health and not smoke:
        raise MonitorError("nothing to monitor: the config has no health URL and no smoke flow")
    narrowed = {**data, "health": health, "smoke": smoke, **{k: [] for k in DROPPED}}
    result = MonitorPlan(
        data=narrowed,
        health=len(health),
        steps=sum(len(f.get("steps") or []) for f in smoke),
        flows=tuple(str(f.get("name")) for f in smoke),
        dropped=tuple(k for k in DROPPED if data.get(k)),
    )
    if result.requests > max_requests:
        raise MonitorError(
            f"the monitor would send up to {result.requests} requests a run, over its budget of "
            f"{max_requests} (--max-requests): name fewer smoke flows with --flow"
        )
    return result


# -- the issue -------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class IssueOutcome:
    action: str  # opened | updated | changed | closed | none
    number: int | None = None


def failing(report: Report) -> bool:
    """A run the issue is about: the gate failed, or a probe could not run."""
    return not report.passed or any(r.status is Status.ERROR for r in report.results)


def digest(report: Report) -> str:
    """What fails, as a short stable hash: a new comment is written only when it changes."""
    keys = sorted(
        {f.fingerprint for f in report.findings()}
        | {f"error:{r.check}" for r in report.results if r.status is Status.ERROR}
    )
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]


def _since(body: str) -> str | None:
    m = _STATE.search(body)
    return m.group(1) if m else None


def _old_digest(body: str) -> str | None:
    m = _STATE.search(body)
    return m.group(2) if m else None


def _stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def issue_title(report: Report) -> str:
    where = ", ".join(report.info.targets[:2]) or "production"
    return f"launchgate monitor: health or smoke checks failing on {where}"


def issue_body(
    report: Report, *, since: str, run_url: str | None, link_base: str | None = None
) -> str:
    """The issue's text: hidden marker and state, when it started, the latest run, the report."""
    latest = f" · [latest run]({run_url})" if run_url else ""
    head = [
        ISSUE_MARKER,
        f"<!-- launchgate:failing since={since} digest={digest(report)} -->",
        f"**Failing since {since}**; last checked {_stamp(report.info.started_at)}{latest}.",
        "",
    ]
    tail = [
        "",
        "---",
        "Opened by `launchgate monitor`; updated while the probes fail, closed when they pass.",
    ]
    return (
        "\n".join(head)
        + "\n"
        + render_markdown(report, ISSUE_BUDGET, link_base=link_base)
        + "\n".join(tail)
    )


def change_comment(report: Report) -> str:
    rules = sorted({f.rule.id for f in report.findings()})
    errors = sorted(r.check for r in report.results if r.status is Status.ERROR)
    what = ", ".join([code(r) for r in rules] + [f"{code(c)} could not run" for c in errors])
    now = what or "see the issue text"
    return f"What fails changed at {_stamp(report.info.started_at)}: now {now}."


def recovery_comment(report: Report, since: str | None, run_url: str | None) -> str:
    run = f" ([run]({run_url}))" if run_url else ""
    began = f", failing since {since}" if since else ""
    return (
        "✅ Recovered: every health and smoke probe passed at "
        f"{_stamp(report.info.started_at)}{run}{began}. "
        "Closing."
    )


async def sync_issue(
    api: GitHubApi,
    report: Report,
    *,
    run_url: str | None = None,
    link_base: str | None = None,
    labels: tuple[str, ...] = (),
) -> IssueOutcome:
    """Open, update or close the monitor's one issue for ``report`` (ApiError, NetError raise)."""
    async with api.net.client() as client:
        found = await api.find_issue(client)
        old_body = str(found.get("body") or "") if found else ""
        if not failing(report):
            if found is None:
                return IssueOutcome(action="none")
            number = int(found["number"])
            await api.comment_issue(
                client, number, recovery_comment(report, _since(old_body), run_url)
            )
            await api.update_issue(client, number, state="closed", state_reason="completed")
            return IssueOutcome(action="closed", number=number)
        since = _since(old_body) or _stamp(report.info.started_at)
        body = issue_body(report, since=since, run_url=run_url, link_base=link_base)
        if found is None:
            number = await api.create_issue(client, issue_title(report), body, labels)
            return IssueOutcome(action="opened", number=number)
        number = int(found["number"])
        await api.update_issue(client, number, title=issue_title(report), body=body)
        if _old_digest(old_body) == digest(report):
            return IssueOutcome(action="updated", number=number)
        await api.comment_issue(client, number, change_comment(report))
        return IssueOutcome(action="changed", number=number)


# -- the workflow ----------------------------------------------------------------------------------
def check_schedule(cron: str) -> str:
    """A five-field cron line as GitHub reads it (UTC; at most every 5 minutes on GitHub)."""
    fields = cron.split()
    if len(fields) != 5 or not all(_CRON_FIELD.match(f) for f in fields):
        raise MonitorError(
            f"--schedule {cron!r}: expected five cron fields, e.g. {DEFAULT_SCHEDULE!r}"
        )
    return " ".join(fields)


def secret_names(data: Mapping[str, Any]) -> list[str]:
    """The ${VAR}s the monitored sections read from the environment (not captures, not RUN_ID)."""
    captured = {
        k
        for f in data.get("smoke") or []
        for s in f.get("steps") or []
        for k in s.get("capture") or {}
    }
    names = runtime_variables({"health": data.get("health"), "smoke": data.get("smoke")})
    return sorted(names - captured - {"RUN_ID"})


def render_workflow(
    *,
    schedule: str,
    requirement: str,
    env_names: Sequence[str],
    max_requests: int = DEFAULT_MAX_REQUESTS,
) -> str:
    """The scheduled workflow: checkout, install, `launchgate monitor` (issues: write)."""
    env = [
        "          GITHUB_TOKEN: ${{ github.token }} # open, update and close the monitor's issue"
    ]
    env += [f"          {n}: ${{{{ secrets.{n} }}}}" for n in env_names]
    lines = [
        f"# {WORKFLOW_PATH}, written by `launchgate init --monitor`.",
        "# On a schedule: launchgate's health URLs and smoke flows against production (the",
        f"# targets of launchgate.yml), at most {max_requests} requests a run, never the rate",
        "# limit bursts or the latency load. One GitHub issue is opened while they fail,",
        "# updated in place, and closed when they pass again.",
        "name: launchgate monitor",
        "",
        "on:",
        "  schedule:",
        f'    - cron: "{schedule}" # UTC',
        "  workflow_dispatch: {}",
        "",
        "permissions: {}",
        "",
        "concurrency:",
        "  group: launchgate-monitor",
        "  cancel-in-progress: false",
        "",
        "jobs:",
        "  monitor:",
        "    name: production health and smoke",
        "    runs-on: ubuntu-24.04",
        "    timeout-minutes: 5",
        "    permissions:",
        "      contents: read # check out launchgate.yml",
        "      issues: write # the monitor's one issue",
        "    steps:",
        "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
        "        with:",
        "          persist-credentials: false",
        "",
        "      - name: Install launchgate",
        f'        run: pipx install "{requirement}"',
        "",
        "      - name: Health and smoke probes",
        f"        run: launchgate monitor . --max-requests {max_requests} --timeout 3m",
        "        env:",
        *env,
    ]
    return "\n".join(lines) + "\n"
