"""``latency-baseline: previous-run`` against a fake GitHub on 127.0.0.1 that checks every request
against GitHub's REST description: the newest successful run on the base branch gives its
``launchgate-report`` artefact, the download's storage never sees the token, and every way of
finding nothing is a notice."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from launchgate import app
from launchgate.checks.probes.latency import read_baseline
from launchgate.config import build_schema, load
from launchgate.github import RunContext
from tests.support.fake_github import Fault, fake_github
from tests.support.shared import shared_path

pytestmark = pytest.mark.integration
TOKEN = "test" + "-token-" + "not-real"


def _zip(p95_ms: float, name: str = "launchgate-report.json") -> bytes:
    report = {"results": [{"check": "probes", "figures": {"latency.search.p95_ms": p95_ms}}]}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, json.dumps(report))
    return buf.getvalue()


@pytest.fixture
def api():
    with fake_github(shared_path("schemas", "github-rest-subset.json"), TOKEN) as fake:
        yield fake
        assert fake.violations == []


def _run(api, token: str | None = TOKEN, base_ref: str = "main") -> RunContext:
    return RunContext(
        in_actions=True,
        event_name="pull_request",
        repository="acme/shop",
        api_url=api.url,
        base_ref=base_ref,
        head_ref="feature",
        token=token,
    )


def _baseline(api, tmp_path: Path, run: RunContext) -> tuple[str | None, list[str]]:
    said: list[str] = []
    return app.latency_baseline("previous-run", tmp_path, run, said.append), said


def test_the_newest_successful_run_on_the_base_branch_is_the_baseline(
    api, tmp_path, capsys
) -> None:
    older = api.add_run("main")
    api.add_artifact(older, "launchgate-report", _zip(90.0))
    good = api.add_run("main")
    api.add_artifact(good, "launchgate-report", _zip(120.0))
    api.add_artifact(good, "coverage", _zip(1.0))  # another artefact of the same run
    failed = api.add_run("main", conclusion="failure")
    api.add_artifact(failed, "launchgate-report", _zip(999.0))
    other = api.add_run("release")
    api.add_artifact(other, "launchgate-report", _zip(5.0))

    path, said = _baseline(api, tmp_path, _run(api))
    assert path == "launchgate-baseline.json"
    assert read_baseline(tmp_path / path) == {"search": 120.0}
    assert said == [f"latency-baseline: p95 compared with run {good['id']} on main"]
    assert capsys.readouterr().out == ""
    runs = next(s for s in api.seen if s.path.endswith("/actions/runs"))
    assert runs.query["branch"] == "main" and runs.query["status"] == "success"
    blob = [s for s in api.seen if s.path.startswith("/_blob/")]
    assert (
        len(blob) == 1
    )  # fetched from storage without the token (the fake records a violation otherwise)


def test_expired_artefact_is_passed_over(api, tmp_path) -> None:
    older = api.add_run("main")
    api.add_artifact(older, "launchgate-report", _zip(80.0))
    newer = api.add_run("main")
    api.add_artifact(newer, "launchgate-report", _zip(70.0), expired=True)
    path, _ = _baseline(api, tmp_path, _run(api))
    assert read_baseline(tmp_path / str(path)) == {"search": 80.0}


def _notice(capsys) -> str:
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith(
        "::notice title=launchgate::latency-baseline: "
    ), out
    return out


def test_no_artefact_is_a_notice_not_a_failure(api, tmp_path, capsys) -> None:
    api.add_run("main")
    path, said = _baseline(api, tmp_path, _run(api))
    assert path is None and said == []
    assert (
        "no unexpired launchgate-report artefact in the last 1 successful run(s) on main"
        in _notice(capsys)
    )
    assert not (tmp_path / "launchgate-baseline.json").exists()


def test_no_successful_run_is_a_notice(api, tmp_path, capsys) -> None:
    api.add_artifact(api.add_run("main", conclusion="failure"), "launchgate-report", _zip(1.0))
    path, _ = _baseline(api, tmp_path, _run(api))
    assert path is None and "no successful run on main" in _notice(capsys)


def test_token_without_actions_read_is_a_notice(api, tmp_path, capsys) -> None:
    api.faults.append(Fault("GET", 403, message="Resource not accessible by integration"))
    path, _ = _baseline(api, tmp_path, _run(api))
    assert path is None
    out = _notice(capsys)
    assert "the token may lack `actions: read`" in out and "HTTP 403" in out and TOKEN not in out


def test_artefact_without_the_report_is_a_notice(api, tmp_path, capsys) -> None:
    api.add_artifact(
        api.add_run("main"), "launchgate-report", _zip(1.0, name="something-else.json")
    )
    path, _ = _baseline(api, tmp_path, _run(api))
    assert path is None and "holds no launchgate-report.json" in _notice(capsys)


def test_no_token_or_outside_actions_says_so_without_a_request(api, tmp_path, capsys) -> None:
    path, _ = _baseline(api, tmp_path, _run(api, token=None))
    assert path is None and "no github-token" in _notice(capsys)
    said: list[str] = []
    assert app.latency_baseline("previous-run", tmp_path, RunContext(), said.append) is None
    assert said == [
        "latency-baseline previous-run works under GitHub Actions only; p95 is not compared"
    ]
    assert api.seen == []


def test_a_path_is_passed_on_and_fills_the_list_form_of_latency(tmp_path) -> None:
    assert (
        app.latency_baseline("reports/last.json", tmp_path, RunContext(), [].append)
        == "reports/last.json"
    )
    (tmp_path / "launchgate.yml").write_text("latency:\n  - {request: 'GET /search'}\n")
    cfg = load(
        tmp_path / "launchgate.yml",
        build_schema(app.every_check()),
        {},
        {"latency.baseline": "launchgate-baseline.json"},
    )
    assert cfg.data["latency"]["baseline"] == "launchgate-baseline.json"
    assert [e["request"] for e in cfg.data["latency"]["endpoints"]] == ["GET /search"]
