"""`launchgate handover` as a user meets it: the same gate as `check` (its options and config),
--from a saved report, the formats and files, and one-line errors with exit 2 for what it cannot
use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import launchgate.app as app_mod
from launchgate.cli import cli
from launchgate.report import handover_md, html, json_
from launchgate.report.load import report_from_json
from tests.support.sample_pack import pack_report

from .fakes import FindingCheck, LiveCheck


@pytest.fixture
def fake_checks(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(app_mod, "all_checks", lambda: (FindingCheck(), LiveCheck()))


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), env={"GITHUB_ACTIONS": ""}, catch_exceptions=False)


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "build" / "report.json"
    path.parent.mkdir()
    path.write_text(json_.render(pack_report()), encoding="utf-8")
    return path


def test_from_a_saved_report_writes_the_html_pack_the_demo_asks_for(
    tmp_path: Path, saved: Path
) -> None:
    out = tmp_path / "build" / "handover.html"
    res = invoke(
        "handover",
        "examples/marketplace",
        "--from",
        str(saved),
        "--format",
        "html",
        "--output",
        str(out),
    )
    assert res.exit_code == 0, res.output
    assert res.stderr == f"launchgate: wrote the handover pack (html) to {out}\n"
    expected = html.render(report_from_json(json.loads(saved.read_text())))
    assert out.read_text(encoding="utf-8") == expected == html.render(pack_report())


def test_markdown_goes_to_standard_output_by_default(saved: Path) -> None:
    res = invoke("handover", "--from", str(saved))
    assert res.exit_code == 0 and res.stdout == handover_md.render(pack_report())


def test_a_live_run_is_the_same_gate_as_check_and_can_save_its_report(
    tmp_path: Path, fake_checks
) -> None:
    saved, out = tmp_path / "run.json", tmp_path / "pack.md"
    res = invoke(
        "handover",
        str(tmp_path),
        "--fail-on",
        "blocker",
        "--output",
        str(out),
        "--save-report",
        str(saved),
    )
    assert res.exit_code == 0, res.output  # the pack is written; its verdict is inside it
    doc = json.loads(saved.read_text())
    assert doc["fail_on"] == "blocker" and {f["rule"] for f in doc["findings"]} == {
        "fake.high-problem",
        "fake.low-problem",
    }
    pack = out.read_text(encoding="utf-8")
    assert "The gate passed (fail\\_on: blocker)" in pack and "A high problem" in pack
    again = invoke("handover", "--from", str(saved))
    assert again.stdout == pack  # the saved run renders the same pack
    check = invoke("check", str(tmp_path), "--fail-on", "blocker", "--format", "json")
    assert [f["rule"] for f in json.loads(check.stdout)["findings"]] == [
        f["rule"] for f in doc["findings"]
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "html"],
            "--format html writes one file: give --output FILE (e.g. build/handover.html)",
        ),
        (
            ["--phase", "pre"],
            "--phase runs the gate; it cannot be combined with --from (the saved run)",
        ),
        (
            ["--only", "env"],
            "--only runs the gate; it cannot be combined with --from (the saved run)",
        ),
        (
            ["--save-report", "x.json"],
            "--save-report runs the gate; it cannot be combined with --from",
        ),
    ],
)
def test_options_that_cannot_go_together_are_one_line_exit_2(saved: Path, args, message) -> None:
    res = invoke("handover", "--from", str(saved), *args)
    assert res.exit_code == 2 and res.stderr.startswith("launchgate: " + message)
    assert res.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"{not json", "invalid JSON"),
        (b"\xff\xfe{}", "not UTF-8 text"),
        (b'{"tool": "eslint"}', "not a launchgate JSON report"),
        (b"[" * 100 + b"]" * 100, "nested deeper than"),
    ],
)
def test_a_report_it_cannot_read_is_one_line_exit_2(tmp_path: Path, content, message) -> None:
    path = tmp_path / "report.json"
    if content is not None:
        path.write_bytes(content)
    res = invoke("handover", "--from", str(path))
    assert res.exit_code == 2, res.output
    assert message in res.stderr and res.stderr.count("\n") == 1 and "Traceback" not in res.output


def test_a_directory_or_a_fifo_is_refused(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "fifo")
    for name in (".", "fifo"):
        res = invoke("handover", "--from", str(tmp_path / name))
        assert res.exit_code == 2 and "not a regular file" in res.stderr
