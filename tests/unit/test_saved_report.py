"""One reader of saved JSON reports (saved.py, report/load.py) behind ``launchgate merge`` and
``launchgate handover --from``: a real run's report reads back losslessly, and a truncated or
hostile file is the same one-line exit-2 error in both commands, never a traceback."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from launchgate.app import merge_catalog
from launchgate.cli import cli
from launchgate.redact import public
from launchgate.report.json_ import render
from launchgate.saved import read_saved_report

ID = ("-c", "user.name=t", "-c", "user.email=t@example.test")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), env={"GITHUB_ACTIONS": ""})


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The two JSON reports of a sharded run on a repository with a committed key."""
    base = tmp_path_factory.mktemp("saved")
    repo = base / "repo"
    (repo / "src").mkdir(parents=True)
    key = "AKIA" + "Z7Q2W4E6R8T1Y3U5"  # a well-known fake shape, built so our own scan stays quiet
    (repo / "src" / "settings.py").write_text(f'AWS_ACCESS_KEY_ID = "{key}"\n', encoding="utf-8")
    (repo / "src" / "app.py").write_text("print('hello')\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, timeout=30)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, timeout=30)
    subprocess.run(["git", "-C", str(repo), *ID, "commit", "-qm", "one"], check=True, timeout=30)
    out = []
    for k in (1, 2):
        path = base / f"shard-{k}.json"
        res = run("check", str(repo), "--only", "secrets,env", "--shard", f"{k}/2", "--format",
                  "json", "--output", str(path))
        assert res.exit_code in (0, 1), res.output
        out.append(path)
    return out[0], out[1]


def test_a_saved_report_reads_back_to_the_same_report(shards: tuple[Path, Path]) -> None:
    catalog = merge_catalog()
    texts = [p.read_text(encoding="utf-8") for p in shards]
    assert any('"secrets.aws-access-key"' in t for t in texts)  # findings, evidence and all
    for path, text in zip(shards, texts, strict=True):
        assert render(read_saved_report(path, rules=catalog.rules, evidence=public)) == text


def with_finding(shards: tuple[Path, Path]) -> tuple[Path, Path]:
    """(the shard whose report holds the key's finding, the other one)."""
    one, two = shards
    return (one, two) if '"secrets.aws-access-key"' in one.read_text() else (two, one)


def hostile(doc: dict, case: str) -> dict:
    finding = doc["findings"][0]
    match case:
        case "severity":
            finding["severity"] = "urgent"
        case "line":
            finding["location"]["start_line"] = "12"
        case "orphan":
            finding["check"] = "nowhere"
        case "date":
            doc["started_at"] = "yesterday"
        case "findings":
            doc["findings"] = {"a": 1}
        case "shard":
            doc["shard"] = "3/2"
        case _:
            raise AssertionError(case)
    return doc


HOSTILE = {"severity": "urgent", "line": "start_line", "orphan": "findings of nowhere without a "
           "result", "date": "started_at: 'yesterday'", "findings": "findings",
           "shard": "shard: '3/2' is not K/N"}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_report_is_one_line_exit_2_in_merge_and_handover(tmp_path: Path, shards,
                                                                   case: str) -> None:
    src, rest = with_finding(shards)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(hostile(json.loads(src.read_text()), case)), encoding="utf-8")
    merged = run("merge", str(bad), str(rest))
    handed = run("handover", "--from", str(bad))
    for res in (merged, handed):
        assert res.exit_code == 2, res.output
        assert res.stderr.count("\n") == 1 and "Traceback" not in res.output
        assert str(bad) in res.stderr and HOSTILE[case] in res.stderr, res.stderr
    assert merged.stderr == handed.stderr  # one reader, one message


def test_a_truncated_report_is_one_line_exit_2_in_merge_and_handover(tmp_path: Path,
                                                                     shards) -> None:
    one, two = shards
    text = one.read_text(encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    merged = run("merge", str(cut), str(two))
    handed = run("handover", "--from", str(cut))
    for res in (merged, handed):
        assert res.exit_code == 2, res.output
        assert res.stderr.count("\n") == 1 and "Traceback" not in res.output
        assert f"{cut}:" in res.stderr and "invalid JSON" in res.stderr
    assert merged.stderr == handed.stderr


def test_merge_refuses_a_rule_this_version_does_not_have(tmp_path: Path, shards) -> None:
    src, rest = with_finding(shards)
    doc = json.loads(src.read_text())
    doc["findings"][0]["rule"] = "secrets.made-up-vendor"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(doc), encoding="utf-8")
    res = run("merge", str(other), str(rest))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1
    assert "unknown rule 'secrets.made-up-vendor' (a report of another launchgate version?)" \
        in res.stderr
    # the pack shows a saved run as it was: its rule text comes from the report itself
    assert run("handover", "--from", str(other)).exit_code == 0
