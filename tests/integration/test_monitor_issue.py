"""The monitor's one issue against a real HTTP server on 127.0.0.1 that checks every request (and
its own answers) against GitHub's REST description: opened on failure, updated in place, commented
when what fails changes, closed on recovery; found by its hidden marker and its author, like the
sticky PR comment."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from launchgate.checks.probes.rules import HEALTH_DOWN, SMOKE_STEP_FAILED
from launchgate.github_api import ISSUE_MARKER, ApiError, GitHubApi, Retry
from launchgate.model import (
    CheckResult,
    Finding,
    Location,
    Phase,
    Report,
    RunInfo,
    Severity,
    Status,
)
from launchgate.monitor import sync_issue
from launchgate.redact import mask
from tests.support.fake_github import fake_github
from tests.support.sample_report import RAW_SECRET, STARTED
from tests.support.shared import shared_path

pytestmark = pytest.mark.integration
TOKEN = "test" + "-token-" + "not-real"
ISSUES = "/repos/acme/shop/issues"
# the real rules: the issue names their titles and severities as the probes check declares them
DOWN = HEALTH_DOWN
SMOKE = SMOKE_STEP_FAILED
RUN_URL = "https://github.example.test/acme/shop/actions/runs/4242"


@pytest.fixture
def api():
    with fake_github(shared_path("schemas", "github-rest-subset.json"), TOKEN) as fake:
        yield fake
        assert fake.violations == []


def _report(*findings: Finding, error: str | None = None) -> Report:
    status = Status.ERROR if error else (Status.FAILED if findings else Status.PASSED)
    result = CheckResult(
        check="probes",
        phase=Phase.POST,
        status=status,
        findings=findings,
        reason=error or "",
        duration_s=0.3,
    )
    info = RunInfo(
        version="0.1.0",
        phases=(Phase.POST,),
        fail_on=Severity.HIGH,
        started_at=STARTED,
        config_path="launchgate.yml",
        targets=("shop.example.test",),
    )
    return Report(info=info, results=(result,), rules=(DOWN, SMOKE))


def _down() -> Finding:
    where = Location(
        url="https://shop.example.test/healthz", anchor_path="launchgate.yml", anchor_line=9
    )
    return Finding.of(
        DOWN, "GET /healthz answered 503, expected 200", where, evidence=mask(RAW_SECRET)
    )  # a server's answer carrying a secret, as a probe masks it


def _smoke() -> Finding:
    where = Location(
        url="https://shop.example.test/api/checkout", anchor_path="launchgate.yml", anchor_line=20
    )
    return Finding.of(SMOKE, "signup-to-checkout: step checkout answered 503, expected 201", where)


def _sync(fake, report, **kw):
    client = GitHubApi(fake.url, "acme/shop", TOKEN, retry=Retry(backoff_s=0.01))
    return asyncio.run(sync_issue(client, report, run_url=RUN_URL, **kw))


def _calls(fake):
    return [(s.method, s.path, s.status) for s in fake.seen]


def test_a_failure_opens_one_issue_and_a_recovery_closes_it(api) -> None:
    out = _sync(api, _report(_down()), labels=("incident",))
    assert (out.action, out.number) == ("opened", 1)
    assert _calls(api) == [("GET", ISSUES, 200), ("POST", ISSUES, 201)]
    assert api.seen[0].query == {
        "state": "open",
        "creator": "github-actions[bot]",
        "sort": "created",
        "direction": "asc",
        "per_page": "100",
        "page": "1",
    }
    issue = api.issues[1]
    assert (
        issue["title"] == "launchgate monitor: health or smoke checks failing on shop.example.test"
    )
    assert issue["body"].startswith(
        ISSUE_MARKER + "\n<!-- launchgate:failing since=2026-11-22T11:00:00Z "
    )
    assert (
        "**Failing since 2026-11-22T11:00:00Z**; last checked 2026-11-22T11:00:00Z · [latest run]"
        in issue["body"]
    )
    assert "probes.health-down" in issue["body"] and "GET /healthz answered 503" in issue["body"]
    assert RAW_SECRET not in issue["body"]
    assert [label["name"] for label in issue["labels"]] == ["incident"]

    api.seen.clear()
    out = _sync(api, _report())
    assert (out.action, out.number) == ("closed", 1)
    assert _calls(api) == [
        ("GET", ISSUES, 200),
        ("POST", f"{ISSUES}/1/comments", 201),
        ("PATCH", f"{ISSUES}/1", 200),
    ]
    assert api.seen[-1].body == {"state": "closed", "state_reason": "completed"}
    assert api.issues[1]["state"] == "closed"
    [comment] = api.comments[1]
    assert comment["body"].startswith(
        "✅ Recovered: every health and smoke probe passed at 2026-11-22T11:00:00Z"
    )
    assert "failing since 2026-11-22T11:00:00Z" in comment["body"]

    api.seen.clear()  # the next incident is a new issue; the closed one keeps its history
    assert _sync(api, _report(_smoke())).action == "opened"
    assert sorted(api.issues) == [1, 2] and api.issues[2]["state"] == "open"


def test_a_failure_that_goes_on_updates_in_place_and_comments_only_on_change(api) -> None:
    _sync(api, _report(_down()))
    later = dataclasses.replace(
        _report(_down()),
        info=dataclasses.replace(_report().info, started_at=STARTED.replace(minute=10)),
    )
    api.seen.clear()
    out = _sync(api, later)
    assert out.action == "updated"
    assert _calls(api) == [
        ("GET", ISSUES, 200),
        ("PATCH", f"{ISSUES}/1", 200),
    ]  # no comment: nothing new
    body = api.issues[1]["body"]
    assert (
        "**Failing since 2026-11-22T11:00:00Z**; last checked 2026-11-22T11:10:00Z" in body
    )  # since kept

    api.seen.clear()
    out = _sync(api, _report(_down(), _smoke()))
    assert out.action == "changed"
    assert _calls(api) == [
        ("GET", ISSUES, 200),
        ("PATCH", f"{ISSUES}/1", 200),
        ("POST", f"{ISSUES}/1/comments", 201),
    ]
    assert api.comments[1][0]["body"] == (
        "What fails changed at 2026-11-22T11:00:00Z: now "
        "`probes.health-down`, `probes.smoke-step-failed`."
    )
    assert len(api.issues) == 1


def test_a_probe_that_could_not_run_is_an_incident_too(api) -> None:
    out = _sync(api, _report(error="targets.canonical must be set"))
    assert out.action == "opened"
    assert "targets.canonical must be set" in api.issues[1]["body"]


def test_a_healthy_run_without_an_issue_only_looks(api) -> None:
    assert _sync(api, _report()).action == "none"
    assert _calls(api) == [("GET", ISSUES, 200)]
    assert api.issues == {}


def test_only_our_own_open_issue_is_taken(api) -> None:
    api.add_issue("copied", ISSUE_MARKER + "\nsomeone pasted the marker", login="mallory")
    api.add_issue(
        "a pull request", ISSUE_MARKER + "\n", login="github-actions[bot]", pull_request=True
    )
    api.add_issue("quoted", "> " + ISSUE_MARKER, login="github-actions[bot]")
    api.add_issue("old incident", ISSUE_MARKER + "\n", login="github-actions[bot]", state="closed")
    for n in range(120):  # the bot's other issues: two pages
        api.add_issue(f"dependency update {n}", "bump", login="github-actions[bot]")
    out = _sync(api, _report(_down()))
    assert out.action == "opened"
    assert [(s.method, s.query.get("page"), s.status) for s in api.seen] == [
        ("GET", "1", 200),
        ("GET", "2", 200),
        ("POST", None, 201),
    ]
    assert api.issues[1]["body"].endswith("someone pasted the marker")  # left alone
    assert api.issues[2]["body"] == ISSUE_MARKER + "\n" and "pull_request" in api.issues[2]


def test_a_read_only_token_raises_for_the_caller_to_report(api) -> None:
    api.read_only = True
    with pytest.raises(ApiError) as err:
        _sync(api, _report(_down()))
    assert err.value.status == 403
    assert api.issues == {}
