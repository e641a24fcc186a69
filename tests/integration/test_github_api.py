"""The sticky PR comment against a real HTTP server on 127.0.0.1 that checks every request against
GitHub's REST description; and the action's entrypoint and CLI run as the runner would, end to
end."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from launchgate.github import PublishInputs, publish
from launchgate.github_api import MARKER
from tests.support.fake_github import Fault, fake_github
from tests.support.github_env import HEAD_SHA, actions_env, pull_request_event, push_event
from tests.support.sample_report import RAW_SECRET, clean_report, sample_report
from tests.support.shared import shared_path

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test" + "-token-" + "not-real"
COMMENTS = "/repos/acme/shop/issues/7/comments"


@pytest.fixture
def api():
    with fake_github(shared_path("schemas", "github-rest-subset.json"), TOKEN) as fake:
        yield fake
        assert fake.violations == []


def _env(tmp_path, api, *, fork=False, event_name="pull_request"):
    event = pull_request_event(fork=fork) if event_name == "pull_request" else push_event()
    return actions_env(tmp_path, event, event_name=event_name, api_url=api.url, token=TOKEN)


def _publish(report, env, **kw):
    out = io.StringIO()
    publish(report, env, PublishInputs(retry_backoff_s=0.05, **kw), stdout=out)
    return out.getvalue()


def _calls(api):
    return [(s.method, s.path, s.query.get("page"), s.status) for s in api.seen]


def test_first_run_creates_the_comment_second_run_updates_it(tmp_path, api) -> None:
    for i in range(150):  # other people's comments: two pages of 100
        api.add_comment(7, f"looks good {i}")
    env = _env(tmp_path, api)
    out = _publish(sample_report(), env, annotations="none")
    assert out == ""
    assert _calls(api) == [("GET", COMMENTS, "1", 200), ("GET", COMMENTS, "2", 200),
                           ("POST", COMMENTS, None, 201)]
    [ours] = api.marked(7, MARKER)
    assert ours["body"].startswith(MARKER + "\n## ❌ launchgate: gate failed\n")
    assert (
        f"(https://github.example.test/acme/shop/blob/{HEAD_SHA}/config/settings.py#L12)"
        in ours["body"]
    )
    assert ours["body"].endswith("[Full report and annotations in the workflow run]"
                                 "(https://github.example.test/acme/shop/actions/runs/4242)\n")
    assert RAW_SECRET not in ours["body"]
    assert len(ours["body"]) < 65_536

    api.seen.clear()
    # auto: nothing to say, but an earlier comment to update
    _publish(clean_report(), env, annotations="none")
    patch = f"/repos/acme/shop/issues/comments/{ours['id']}"
    assert _calls(api) == [("GET", COMMENTS, "1", 200), ("GET", COMMENTS, "2", 200),
                           ("PATCH", patch, None, 200)]
    assert [c["id"] for c in api.marked(7, MARKER)] == [ours["id"]]
    assert api.marked(7, MARKER)[0]["body"].startswith(MARKER + "\n## ✅ launchgate: gate "
                                                       "passed\n\nNo findings.")
    assert len(api.comments[7]) == 151


def test_auto_does_not_create_a_comment_for_a_clean_run(tmp_path, api) -> None:
    _publish(clean_report(), _env(tmp_path, api), annotations="none")
    assert _calls(api) == [("GET", COMMENTS, "1", 200)]
    assert api.comments.get(7) is None


def test_fork_read_only_token_degrades_to_summary_with_a_notice(tmp_path, api) -> None:
    api.read_only = True
    env = _env(tmp_path, api, fork=True)
    out = _publish(sample_report(), env, annotations="changed-lines", sarif_path="lg.sarif")
    # a plain 403: no retry
    assert _calls(api) == [("GET", COMMENTS, "1", 200), ("POST", COMMENTS, None, 403)]
    lines = out.splitlines()
    assert lines[-1] == ("::notice title=launchgate::Could not comment on the pull request (this "
                         "pull request comes from a fork, whose token is read-only); the report "
                         "is in the job summary and the annotations.")
    assert lines[0].startswith("::error file=config/settings.py,line=12,")
    assert (
        Path(env["GITHUB_STEP_SUMMARY"])
        .read_text(encoding="utf-8")
        .startswith("## ❌ launchgate: gate failed")
    )
    assert "result<<" in Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8")


def test_retries_5xx_and_secondary_rate_limits(tmp_path, api) -> None:
    api.faults = [Fault("GET", 502, message="Bad Gateway"),
                  Fault("POST", 403, {"Retry-After": "1"}, "You have exceeded a secondary rate "
                        "limit"),
                  Fault("POST", 429,
                        {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(time.time()))})]
    started = time.monotonic()
    out = _publish(sample_report(), _env(tmp_path, api), annotations="none")
    assert out == ""
    assert _calls(api) == [("GET", COMMENTS, "1", 502), ("GET", COMMENTS, "1", 200),
                           ("POST", COMMENTS, None, 403),
                           ("POST", COMMENTS, None, 429), ("POST", COMMENTS, None, 201)]
    assert time.monotonic() - started >= 1.0  # Retry-After was honoured
    assert len(api.marked(7, MARKER)) == 1


def test_secondary_rate_limit_named_only_in_the_message_is_retried(tmp_path, api) -> None:
    api.faults = [Fault("POST", 403, {}, "You have exceeded a secondary rate limit. Please wait a "
                        "few minutes.")]
    _publish(sample_report(), _env(tmp_path, api), annotations="none")
    assert _calls(api) == [("GET", COMMENTS, "1", 200), ("POST", COMMENTS, None, 403),
                           ("POST", COMMENTS, None, 201)]


def test_persistent_server_errors_warn_and_never_raise(tmp_path, api) -> None:
    api.faults = [Fault("GET", 500) for _ in range(4)]
    out = _publish(sample_report(), _env(tmp_path, api), annotations="none")
    assert [c[3] for c in _calls(api)] == [500, 500, 500, 500]
    assert out.startswith("::warning title=launchgate::Could not update the PR comment: GET ")
    assert "HTTP 500 Server Error (gave up after 4 attempts)" in out


def test_unreachable_api_warns(tmp_path, api) -> None:
    env = {**_env(tmp_path, api), "GITHUB_API_URL": "http://127.0.0.1:9"}
    out = _publish(sample_report(), env, annotations="none")
    assert out.startswith("::warning title=launchgate::Could not update the PR comment: GET "
                          "http://127.0.0.1:9/")


def test_push_never_calls_the_api(tmp_path, api) -> None:
    _publish(sample_report(), _env(tmp_path, api, event_name="push"), annotations="none")
    assert api.seen == []


def _pr_history(ws: Path) -> tuple[str, str]:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(ws), *args], check=True, capture_output=True,
                              text=True).stdout.strip()

    git("init", "-q", "-b", "main")
    git("config", "user.email", "ci@example.test")
    git("config", "user.name", "ci")
    (ws / "app" / "README.md").write_text("shop\n")
    git("add", ".")
    git("commit", "-qm", "base")
    base = git("rev-parse", "HEAD")
    (ws / "app" / "app.py").write_text("print('hello')\n")
    git("add", ".")
    git("commit", "-qm", "feature")
    return base, git("rev-parse", "HEAD")


def _run_entrypoint(env, *args):
    full = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT),
            "HOME": env["GITHUB_WORKSPACE"],
            **env}
    return subprocess.run([sys.executable, str(ROOT / "docker" / "entrypoint.py"), *args], env=full,
                          capture_output=True, text=True, timeout=60)


def test_entrypoint_end_to_end_as_the_runner_runs_it(tmp_path, api) -> None:
    env = _env(tmp_path, api)
    ws = Path(env["GITHUB_WORKSPACE"])
    (ws / "app").mkdir()
    # diff-aware checks need the PR's commits, as actions/checkout with fetch-depth: 0
    base, head = _pr_history(ws)
    event_path = Path(env["GITHUB_EVENT_PATH"])
    event = json.loads(event_path.read_text())
    event["pull_request"]["base"]["sha"], event["pull_request"]["head"]["sha"] = base, head
    event_path.write_text(json.dumps(event))
    env.pop("GITHUB_TOKEN")
    env.update({"INPUT_GITHUB-TOKEN": TOKEN, "INPUT_COMMENT": "always", "INPUT_ANNOTATIONS": "all",
                "INPUT_WORKING-DIRECTORY": "app", "INPUT_SARIF-FILE": "lg.sarif",
                "INPUT_JUNIT-FILE": "",
                "INPUT_FAIL-ON": "high", "INPUT_ONLY": "", "INPUT_SKIP": ""})
    proc = _run_entrypoint(env)
    assert proc.returncode == 0, proc.stderr
    assert (ws / "app" / "launchgate-report.json").is_file() and (ws / "app" / "lg.sarif").is_file()
    outputs = Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8")
    assert "\nreport-json\n" not in outputs
    assert "report-json<<" in outputs and "\napp/launchgate-report.json\n" in outputs
    assert "\napp/lg.sarif\n" in outputs and "\npassed\n" in outputs
    [ours] = api.marked(7, MARKER)
    assert "## ✅ launchgate: gate passed" in ours["body"]
    assert (
        Path(env["GITHUB_STEP_SUMMARY"])
        .read_text(encoding="utf-8")
        .startswith("## ✅ launchgate: gate passed")
    )


def test_entrypoint_passes_arguments_through(tmp_path, api) -> None:
    proc = _run_entrypoint(_env(tmp_path, api), "--version")
    assert proc.returncode == 0 and proc.stdout.strip() == "launchgate, version 0.1.0"


def test_total_deadline_bounds_a_slow_api(tmp_path, api) -> None:
    api.faults = [Fault("GET", 500, delay_s=3.0)]
    out = io.StringIO()
    started = time.monotonic()
    publish(sample_report(), _env(tmp_path, api),
            PublishInputs(annotations="none", api_deadline_s=0.5), stdout=out)
    assert time.monotonic() - started < 2.5
    assert out.getvalue() == ("::warning title=launchgate::The GitHub API did not answer within "
                              "0.5 s; no PR comment.\n")


def test_a_quoted_marker_is_not_our_comment(tmp_path, api) -> None:
    theirs = api.add_comment(7, f"> {MARKER}\n> ## ❌ launchgate: gate failed\n\nwhy does this "
                             "fail?")
    _publish(sample_report(), _env(tmp_path, api), annotations="none")
    assert [c["id"] for c in api.marked(7, MARKER)] == [theirs["id"], theirs["id"] + 1]
    assert api.comments[7][0]["body"].startswith("> ")  # untouched


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.test", *args],
                          cwd=cwd,
                          check=True, capture_output=True, text=True, timeout=30).stdout.strip()


def _pr_repo(ws: Path) -> tuple[str, str]:
    """A repository whose PR adds a migration that locks a table: real findings on lines the PR
    changed."""
    (ws / "migrations").mkdir(parents=True)
    _git(ws, "init", "-q")
    (ws / "migrations" / "0001_init.sql").write_text("CREATE TABLE users (id bigint PRIMARY KEY, "
                                                     "email text);\n")
    _git(ws, "add", "-A")
    _git(ws, "commit", "-qm", "base")
    base = _git(ws, "rev-parse", "HEAD")
    (ws / "migrations" / "0002_idx.sql").write_text("CREATE INDEX users_email ON users (email);\n")
    _git(ws, "add", "-A")
    _git(ws, "commit", "-qm", "head")
    return base, _git(ws, "rev-parse", "HEAD")


@pytest.mark.parametrize("kind", ["pull_request", "fork", "push"])
def test_action_on_a_real_repository(tmp_path, api, kind) -> None:
    import json

    import jsonschema

    event_name = "push" if kind == "push" else "pull_request"
    env = _env(tmp_path, api, fork=kind == "fork", event_name=event_name)
    ws = Path(env["GITHUB_WORKSPACE"])
    base, head = _pr_repo(ws)
    event = (
        pull_request_event(fork=kind == "fork") if event_name == "pull_request" else push_event()
    )
    if event_name == "pull_request":
        event["pull_request"]["base"]["sha"], event["pull_request"]["head"]["sha"] = base, head
    else:
        event["before"], event["after"] = base, head
        env["GITHUB_SHA"] = head  # on push GITHUB_SHA is the pushed head
    Path(env["GITHUB_EVENT_PATH"]).write_text(json.dumps(event))
    api.read_only = kind == "fork"
    env.update({"INPUT_SARIF-FILE": "lg.sarif", "INPUT_COMMENT": "auto",
                "INPUT_ANNOTATIONS": "changed-lines"})
    proc = _run_entrypoint(env)
    # a high finding: the gate fails, whatever happened to the comment
    assert proc.returncode == 1, proc.stderr
    # launchgate's commands, then the guarded report
    ours, _, report = proc.stdout.partition("::stop-commands::")
    assert "FAILED: " in report
    commands = [ln for ln in ours.splitlines() if ln.startswith("::")]
    assert commands[0].startswith("::error file=migrations/0002_idx.sql,line=1,"
                                  "title=migrations.create-index-non-concurrently%3A ")
    assert commands[1].startswith(
        "::warning file=migrations/0002_idx.sql,line=1,title=migrations.require-timeout"
    )
    outputs = Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8")
    for name, value in (("result", "failed"), ("high", "1"), ("medium", "1"),
                        ("sarif-file", "lg.sarif")):
        block = outputs.split(f"{name}<<", 1)[1].split("\n")
        assert block[1] == value, name
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert summary.startswith("## ❌ launchgate: gate failed")
    assert f"/acme/shop/blob/{head}/migrations/0002_idx.sql#L1)" in summary
    sarif = json.loads((ws / "lg.sarif").read_text())
    schema = json.loads(shared_path("schemas", "sarif-schema-2.1.0.json").read_text())
    assert list(jsonschema.Draft4Validator(schema).iter_errors(sarif)) == []
    if kind == "push":
        assert api.seen == []
    elif kind == "fork":
        assert [s.status for s in api.seen] == [200, 403]
        assert commands[-1].startswith("::notice title=launchgate::Could not comment on the pull "
                                       "request (this pull request comes from a fork")
    else:
        [ours] = api.marked(7, MARKER)
        assert "`migrations.create-index-non-concurrently`" in ours["body"]
        assert f"/acme/shop/blob/{head}/migrations/0002_idx.sql#L1)" in ours["body"]


def test_a_foreign_marker_comment_is_not_edited_a_new_one_is_posted(tmp_path, api) -> None:
    # before: any comment starting with the marker was PATCHed (hijacking someone's comment, or a
    # 403 and no comment)
    theirs = api.add_comment(7, f"{MARKER}\n## ✅ launchgate: gate passed\n\nNo findings.",
                             login="mallory")
    out = _publish(sample_report(), _env(tmp_path, api), annotations="none")
    assert out == ""
    assert _calls(api) == [("GET", COMMENTS, "1", 200), ("POST", COMMENTS, None, 201)]
    assert (
        api.comments[7][0]["body"] == theirs["body"]
        and api.comments[7][0]["user"]["login"] == "mallory"
    )
    ours = api.comments[7][1]
    assert ours["user"]["login"] == "github-actions[bot]"
    assert ours["body"].startswith(MARKER + "\n## ❌ launchgate: gate failed\n")

    api.seen.clear()  # the next run finds its own comment (not mallory's) and updates it
    _publish(clean_report(), _env(tmp_path, api), annotations="none")
    assert _calls(api) == [("GET", COMMENTS, "1", 200),
                           ("PATCH", f"/repos/acme/shop/issues/comments/{ours['id']}",
                                                          None, 200)]
    assert api.comments[7][0]["body"] == theirs["body"]


def test_the_token_never_follows_a_next_link_to_another_origin(tmp_path, api) -> None:
    with fake_github(shared_path("schemas", "github-rest-subset.json"), TOKEN) as elsewhere:
        for i in range(120):
            api.add_comment(7, f"comment {i}")
        api.next_base = elsewhere.url  # same host, another port: another origin
        out = _publish(sample_report(), _env(tmp_path, api), annotations="none")
        # before: GET page 2 there, with "Authorization: Bearer <token>"
        assert elsewhere.seen == []
        assert _calls(api) == [("GET", COMMENTS, "1", 200)]
        assert out.startswith("::warning title=launchgate::Could not update the PR comment: GET "
                              "http://127.0.0.1:")
        assert "not the configured API origin" in out and TOKEN not in out


def test_the_comment_author_input_names_an_app_token_identity(tmp_path, api) -> None:
    mine = api.add_comment(7, f"{MARKER}\nold report", login="acme-gate[bot]")
    # not ours with an app token
    api.add_comment(7, f"{MARKER}\nplanted", login="github-actions[bot]")
    env = {**_env(tmp_path, api), "INPUT_COMMENT-AUTHOR": "acme-gate[bot]"}
    _publish(sample_report(), env, annotations="none")
    assert _calls(api) == [("GET", COMMENTS, "1", 200),
                           ("PATCH", f"/repos/acme/shop/issues/comments/{mine['id']}", None, 200)]
    assert api.comments[7][1]["body"] == f"{MARKER}\nplanted"
