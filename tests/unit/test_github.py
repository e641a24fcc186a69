"""github.py without sockets: context from GITHUB_* and events, escaping, annotations, outputs,
summary, masks."""

from __future__ import annotations

import importlib.util
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from launchgate.github import (
    PublishInputs,
    annotation_commands,
    command,
    escape_data,
    escape_property,
    format_outputs,
    load_context,
    mask_commands,
    output_entries,
    publish,
    shallow_advice,
)
from launchgate.model import CheckResult, Finding, Location, Phase, Rule, Severity, Status
from launchgate.report.markdown import render_markdown
from tests.support.github_env import BASE_SHA, HEAD_SHA, actions_env, pull_request_event, push_event
from tests.support.sample_report import RAW_SECRET, clean_report, sample_report

ROOT = Path(__file__).resolve().parents[2]


# -- context
# --------------------------------------------------------------------------------------------------
def test_pull_request_context_uses_the_head_sha_not_the_merge_commit(tmp_path) -> None:
    ctx = load_context(actions_env(tmp_path, pull_request_event(), event_name="pull_request"))
    assert (ctx.pr_number, ctx.sha, ctx.base_sha, ctx.base_ref, ctx.head_ref, ctx.fork) == (
        7, HEAD_SHA, BASE_SHA, "main", "feature", False)
    assert ctx.blob_base == f"https://github.example.test/acme/shop/blob/{HEAD_SHA}"
    assert ctx.run_url == "https://github.example.test/acme/shop/actions/runs/4242"
    assert ctx.api_url == "http://127.0.0.1:9"
    assert "test-token" not in repr(ctx)


def test_fork_pull_request_is_detected(tmp_path) -> None:
    ctx = load_context(actions_env(tmp_path, pull_request_event(fork=True),
                                   event_name="pull_request"))
    assert ctx.fork is True
    assert ctx.pr_number == 7


def test_push_context(tmp_path) -> None:
    ctx = load_context(actions_env(tmp_path, push_event(), event_name="push"))
    assert (ctx.pr_number, ctx.sha, ctx.base_sha, ctx.head_ref, ctx.fork) == (
        None,
        HEAD_SHA,
        BASE_SHA,
        "main",
        False,
    )
    new_branch = {**push_event(), "before": "0" * 40}
    assert load_context(actions_env(tmp_path, new_branch, event_name="push")).base_sha is None


def test_unreadable_event_is_a_problem_not_a_crash(tmp_path) -> None:
    env = actions_env(tmp_path, {}, event_name="pull_request")
    Path(env["GITHUB_EVENT_PATH"]).write_text("{not json", encoding="utf-8")
    ctx = load_context(env)
    assert ctx.pr_number is None
    assert ctx.problems == (f"could not read the event payload {env['GITHUB_EVENT_PATH']}: "
                            "JSONDecodeError",)


def test_defaults_outside_actions() -> None:
    ctx = load_context({})
    assert (ctx.in_actions, ctx.api_url, ctx.server_url, ctx.blob_base) == (
        False, "https://api.github.com", "https://github.com", None)


def test_enterprise_api_url_is_honoured(tmp_path) -> None:
    env = actions_env(tmp_path, push_event(), event_name="push",
                      api_url="https://ghe.example.test/api/v3/")
    assert load_context(env).api_url == "https://ghe.example.test/api/v3"


# -- workflow commands
# -----------------------------------------------------------------------------------------
def test_escaping_is_exactly_the_runners() -> None:
    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert command("error", "x: 1%",
                   {"file": "a,b.py", "line": 3, "endLine": None, "title": "t: u"}) == \
        "::error file=a%2Cb.py,line=3,title=t%3A u::x: 1%25"


def test_masks_each_line_of_each_secret() -> None:
    assert mask_commands(["hunter2-password", "line-one\nline-two%", "abc"]) == [
        "::add-mask::hunter2-password", "::add-mask::line-one", "::add-mask::line-two%25"]


EXPECTED_ALL = [
    "::error file=config/settings.py,line=12,title=secrets.stripe-key%3A Stripe live key "
    "committed::Stripe live key in config/settings.py%0AEvidence: "
    f"{RAW_SECRET[:4]}…({len(RAW_SECRET)} chars)%0AFix: Revoke the key in the Stripe dashboard "
    "and load it from the environment.",
    "::error file=app/db.py,line=3,endLine=4,title=env.missing-var%3A Required variable is not "
    "set::DATABASE_URL is read in app/db.py but not set for production%0AFix: Set the variable in "
    "the environment.",
    "::warning file=launchgate.yml,line=4,title=tls.cert-expiring%3A TLS certificate expires "
    "soon::certificate for app.example.test expires in 5 days (2026-11-27) "
    "(https://app.example.test/)%0AFix: Renew the certificate and check auto-renewal.",
    "::notice file=.env.production,line=7,title=env.unused-var%3A Variable is set but never "
    "read::LEGACY_FLAG is set in .env.production but never read%0AFix: Remove the variable.",
    "::notice file=launchgate.yml,line=4,title=web.hsts-missing%3A HSTS header "
    "missing::https://app.example.test/ sends no Strict-Transport-Security header%0AFix: Send "
    "Strict-Transport-Security: max-age=31536000.",
    "::notice file=launchgate.yml,line=4,title=web.server-banner%3A Server header reveals "
    "version::Server: nginx/1.22.1 | with a pipe and <b>markup</b> "
    "(https://app.example.test/)%0AFix: Hide the version in the Server header.",
]


def test_annotations_all_ranked_by_severity() -> None:
    assert annotation_commands(sample_report(), "all", pr_scope=True) == EXPECTED_ALL


def test_changed_lines_on_a_pr_keeps_changed_and_live_findings() -> None:
    lines = annotation_commands(sample_report(), "changed-lines", pr_scope=True)
    assert lines == [EXPECTED_ALL[0], EXPECTED_ALL[2], EXPECTED_ALL[4], EXPECTED_ALL[5],
                     "::notice title=launchgate::2 more launchgate findings are not annotated "
                     "here; see the job summary for the full list."]
    assert annotation_commands(sample_report(), "changed-lines", pr_scope=False) == EXPECTED_ALL
    assert annotation_commands(sample_report(), "none", pr_scope=True) == []
    with pytest.raises(ValueError, match="unknown mode 'some'"):
        annotation_commands(sample_report(), "some", pr_scope=True)


def test_path_prefix_for_a_working_directory() -> None:
    assert annotation_commands(sample_report(), "all", pr_scope=False,
                               path_prefix="app/")[1].startswith(
        "::error file=app/app/db.py,line=3,")


RULE_E = Rule(id="env.e", title="E", severity=Severity.HIGH, why="w", fix="f")
RULE_N = Rule(id="env.n", title="N", severity=Severity.LOW, why="w", fix="f")


def _many(n_err: int, n_notice: int, changed: set[int] = frozenset()):
    fs = [replace(Finding.of(RULE_E, f"e{i:02d}", Location(path="a.py", start_line=i + 1),
                             key=(str(i),)),
                  on_changed_line=i in changed) for i in range(n_err)]
    fs += [Finding.of(RULE_N, f"n{i:02d}", Location(path="b.py", start_line=i + 1), key=(str(i),))
           for i in range(n_notice)]
    return replace(sample_report(),
                   results=(CheckResult(check="env", phase=Phase.PRE, status=Status.FAILED,
                                                         findings=tuple(fs)),))


def test_at_most_ten_per_level_changed_lines_first_then_a_count() -> None:
    lines = annotation_commands(_many(25, 15, changed={20, 24}), "all", pr_scope=False)
    errors = [ln for ln in lines if ln.startswith("::error")]
    notices = [ln for ln in lines if ln.startswith("::notice")]
    assert len(errors) == 10 and len(notices) == 10
    assert [ln.rsplit("::", 1)[1].split("%0A")[0] for ln in errors[:3]] == ["e20", "e24", "e00"]
    # nine finding notices, the tenth slot says how many more there are (15 + 6 notices' worth)
    assert notices[-1] == ("::notice title=launchgate::21 more launchgate findings are not "
                           "annotated here; see the job summary for the full list.")
    assert [ln.rsplit("::", 1)[1].split("%0A")[0] for ln in notices[:9]] == [
        f"n{i:02d}" for i in range(9)
    ]


def test_no_tail_notice_when_everything_fits() -> None:
    lines = annotation_commands(_many(3, 2), "all", pr_scope=False)
    assert len(lines) == 5 and not any("more launchgate" in ln for ln in lines)


# -- outputs, summary, publish
# ---------------------------------------------------------------------------------
def test_outputs_use_the_delimiter_syntax() -> None:
    entries = output_entries(sample_report(), report_json="launchgate-report.json", sarif=None)
    assert entries == [("result", "failed"), ("findings", "6"), ("blocker", "1"), ("high", "1"),
                       ("medium", "1"),
                       ("low", "2"), ("info", "1"), ("report-json", "launchgate-report.json"),
                       ("sarif-file", "")]
    text = format_outputs([("result", "failed"), ("multi", "a\nb")])
    blocks = text.split("\n")
    assert (
        blocks[0].startswith("result<<ghadelimiter_")
        and blocks[1] == "failed"
        and blocks[2] == blocks[0][8:]
    )
    assert (
        blocks[3].startswith("multi<<ghadelimiter_")
        and blocks[4:6] == ["a", "b"]
        and blocks[6] == blocks[3][7:]
    )
    assert format_outputs([("x", "1")]) == format_outputs([("x", "1")])  # deterministic


def _outputs(path: Path) -> dict[str, str]:
    """Parse $GITHUB_OUTPUT the way the runner does."""
    out, lines, i = {}, path.read_text(encoding="utf-8").split("\n"), 0
    while i < len(lines) and lines[i]:
        name, delim = lines[i].split("<<", 1)
        j = lines.index(delim, i + 1)
        out[name] = "\n".join(lines[i + 1:j])
        i = j + 1
    return out


def test_publish_writes_annotations_summary_and_outputs(tmp_path, monkeypatch) -> None:
    env = actions_env(tmp_path, push_event(), event_name="push")
    ws = Path(env["GITHUB_WORKSPACE"])
    monkeypatch.chdir(ws)
    report = replace(sample_report(),
                     info=replace(sample_report().info, root=str(ws), base_ref=None))
    out = io.StringIO()
    publish(report, env, PublishInputs(comment="auto", annotations="all",
                                       report_json_path=str(ws / "lg.json"),
                                       sarif_path="out/lg.sarif",
                                       secrets=("smoke-password-" + "xyz",)), stdout=out)
    assert out.getvalue().splitlines() == ["::add-mask::smoke-password-xyz", *EXPECTED_ALL]
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert summary == render_markdown(
        report, link_base=f"https://github.example.test/acme/shop/blob/{HEAD_SHA}"
    )
    assert _outputs(Path(env["GITHUB_OUTPUT"])) == {
        "result": "failed", "findings": "6", "blocker": "1", "high": "1", "medium": "1", "low": "2",
        "info": "1",
        "report-json": "lg.json", "sarif-file": "out/lg.sarif"}
    assert RAW_SECRET not in out.getvalue() + summary


def test_monorepo_annotations_and_sarif_name_the_same_repository_path(tmp_path,
                                                                      monkeypatch) -> None:
    from launchgate.report.sarif import render_sarif

    for with_workspace in (True, False):
        env = actions_env(tmp_path, push_event(), event_name="push")
        ws = Path(env["GITHUB_WORKSPACE"])
        (ws / "apps" / "web").mkdir(parents=True, exist_ok=True)
        if not with_workspace:
            del env["GITHUB_WORKSPACE"]
        info = replace(sample_report().info, root=str(ws / "apps" / "web"), base_ref=None,
                       repo_prefix="apps/web/")
        report = replace(sample_report(), info=info)
        out = io.StringIO()
        publish(report, env, PublishInputs(comment="never", annotations="all"), stdout=out)
        files = {line.split("file=")[1].split(",")[0] for line in out.getvalue().splitlines()
                 if "file=" in line}
        sarif = json.loads(render_sarif(report))["runs"][0]["results"]
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif}
        assert files == uris == {"apps/web/config/settings.py", "apps/web/app/db.py",
                                 "apps/web/.env.production",
                                 "apps/web/launchgate.yml"}, with_workspace


def test_unwritable_runner_file_is_a_warning_not_a_crash(tmp_path) -> None:
    env = actions_env(tmp_path, push_event(), event_name="push")
    env["GITHUB_OUTPUT"] = str(tmp_path)  # a directory
    out = io.StringIO()
    publish(clean_report(), env, PublishInputs(annotations="none"), stdout=out)
    assert out.getvalue() == (f"::warning title=launchgate::Could not write {tmp_path}: Is a "
                              "directory\n")


def test_publish_outside_actions_does_nothing(tmp_path) -> None:
    out = io.StringIO()
    publish(sample_report(), {"GITHUB_STEP_SUMMARY": str(tmp_path / "s")}, stdout=out)
    assert out.getvalue() == "" and not (tmp_path / "s").exists()


def test_push_with_comment_always_says_there_is_no_pr(tmp_path) -> None:
    env = actions_env(tmp_path, push_event(), event_name="push")
    out = io.StringIO()
    publish(clean_report(), env, PublishInputs(comment="always", annotations="all"), stdout=out)
    assert out.getvalue() == ("::notice title=launchgate::No pull request in this event, so no PR "
                              "comment; the report is in the job summary.\n")
    assert (
        Path(env["GITHUB_STEP_SUMMARY"])
        .read_text(encoding="utf-8")
        .startswith("## ✅ launchgate: gate passed")
    )


def test_pr_without_token_says_so(tmp_path) -> None:
    env = actions_env(tmp_path, pull_request_event(), event_name="pull_request", token=None)
    out = io.StringIO()
    publish(sample_report(), env, PublishInputs(comment="auto", annotations="none"), stdout=out)
    assert out.getvalue() == ("::notice title=launchgate::No github-token, so no PR comment; the "
                              "report is in the job summary.\n")


def test_shallow_clone_advice(tmp_path) -> None:
    ctx = load_context({})
    (tmp_path / ".git").mkdir()
    assert shallow_advice(tmp_path / "sub", ctx) is None
    (tmp_path / ".git" / "shallow").write_text(HEAD_SHA + "\n")
    advice = shallow_advice(tmp_path / "sub", ctx)
    assert advice is not None and "Set `fetch-depth: 0` on actions/checkout" in advice


def test_shallow_clone_warning_in_publish(tmp_path) -> None:
    env = actions_env(tmp_path, push_event(), event_name="push")
    ws = Path(env["GITHUB_WORKSPACE"])
    (ws / ".git").mkdir()
    (ws / ".git" / "shallow").write_text(HEAD_SHA + "\n")
    out = io.StringIO()
    publish(replace(clean_report(), info=replace(clean_report().info, root=str(ws))), env,
            stdout=out)
    assert out.getvalue().startswith("::warning title=launchgate%3A shallow clone::The repository "
                                     "is a shallow clone, so launchgate cannot see what changed "
                                     "since the base ref")


# -- the container entrypoint's input mapping
# ----------------------------------------------------------------------
def _entrypoint():
    spec = importlib.util.spec_from_file_location("lg_entrypoint",
                                                  ROOT / "docker" / "entrypoint.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_entrypoint_maps_inputs_to_the_cli() -> None:
    ep = _entrypoint()
    env = {"INPUT_CONFIG": "deploy/launchgate.yml", "INPUT_PHASE": "pre", "INPUT_FAIL-ON": "medium",
           "INPUT_ONLY": "env, secrets\nmigrations", "INPUT_SKIP": "",
           "INPUT_SARIF-FILE": "lg.sarif",
           "INPUT_JUNIT-FILE": "", "INPUT_COMMENT": "always", "INPUT_ANNOTATIONS": "all",
           "INPUT_BASE-REF": "", "INPUT_HEAD-REF": "", "INPUT_TIMEOUT": "20m", "RUNNER_DEBUG": "1"}
    assert ep.build_argv(env) == [
        "check", ".", "--config", "deploy/launchgate.yml", "--phase", "pre", "--fail-on", "medium",
        "--comment", "always", "--annotations", "all", "--timeout", "20m", "--only", "env",
        "--only", "secrets", "--only", "migrations",
        "--format", "text", "--format", "json=launchgate-report.json", "--format", "sarif=lg.sarif",
        "--debug"]
    assert ep.build_argv({}) == ["check", ".", "--format", "text", "--format",
                                 "json=launchgate-report.json"]
    # the input (default true in action.yml) is passed either way; unset, the CLI's own default
    assert ep.build_argv({"INPUT_FETCH-MISSING": "false"})[-1] == "--no-fetch-missing"
    assert ep.build_argv({"INPUT_FETCH-MISSING": "true"})[-1] == "--fetch-missing"


def test_entrypoint_secrets_files_and_latency_baseline(tmp_path, monkeypatch, capsys) -> None:
    ep = _entrypoint()
    (tmp_path / "logs" / "ci").mkdir(parents=True)
    for name in ("logs/ci/build.log", "logs/ci/test.log", "logs/notes.txt", "dist/app.js"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n")
    monkeypatch.chdir(tmp_path)
    env = {"INPUT_SECRETS-FILES": "logs/**/*.log\n dist/app.js, missing/*.log\n",
           "INPUT_LATENCY-BASELINE": "previous-run"}
    argv = ep.build_argv(env)
    assert argv[argv.index("json=launchgate-report.json") + 1:] == [
        "--secrets-file", "logs/ci/build.log", "--secrets-file", "logs/ci/test.log",
        "--secrets-file", "dist/app.js", "--latency-baseline", "previous-run"]
    warning = "::warning title=launchgate::secrets-files: nothing matches "
    assert capsys.readouterr().out == warning + "missing/*.log\n"
    ep.secrets_files("x%0A::error::y*", tmp_path)  # a pattern cannot start a command of its own
    assert capsys.readouterr().out == warning + "x%250A::error::y*\n"


def test_entrypoint_marks_safe_directories_without_a_config_file() -> None:
    ep = _entrypoint()
    env = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "core.x", "GIT_CONFIG_VALUE_0": "y"}
    ep.git_safe_directory(env, "/github/workspace")
    assert env == {"GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_0": "core.x", "GIT_CONFIG_VALUE_0": "y",
                   "GIT_CONFIG_KEY_1": "safe.directory", "GIT_CONFIG_VALUE_1": "/github/workspace"}


def test_entrypoint_names_a_runner_uid_the_image_does_not_know(tmp_path) -> None:
    """initdb refuses a uid without a passwd entry: the runner's uid gets one before privileges
    drop."""
    import pwd

    ep = _entrypoint()
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\n")
    free = next(u for u in range(4242001, 4243000) if not _has_uid(pwd, u))
    ep.ensure_passwd_entry(free, 118, passwd)
    assert passwd.read_text().splitlines()[1] == (
        f"launchgate:x:{free}:118:launchgate action:/tmp:/usr/sbin/nologin")
    ep.ensure_passwd_entry(0, 0, passwd)  # known uid: left alone
    assert len(passwd.read_text().splitlines()) == 2


def _has_uid(pwd, uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True


def test_sample_event_payload_round_trips(tmp_path) -> None:
    env = actions_env(tmp_path, pull_request_event(), event_name="pull_request")
    assert (
        json.loads(Path(env["GITHUB_EVENT_PATH"]).read_text())["pull_request"]["head"]["sha"]
        == HEAD_SHA
    )
