"""Sharded runs (``check --shard K/N``) and ``launchgate merge``: the merged report of every shard
equals the unsharded run on the same tree (JSON equal apart from timings), on a real git repository
with real checks (secrets in the tree and in history, env, migrations); bad merges are one-line
exit-2 errors."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from launchgate.cli import cli
from launchgate.model import Shard
from tests.fixtures.secrets_corpus import aws_id, github_classic
from tests.support.shared import shared_path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "marketplace"
CONFIG = """\
version: 1
fail_on: high
env: {schema_file: env.schema.yaml, default_environment: development}
migrations: {dir: migrations, scope: all}
secrets: {scopes: [tree, history]}
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, timeout=30).stdout


def sample_repo(tmp_path: Path) -> tuple[Path, list[str]]:
    """A repository with secrets in many files (one only in history), the example's env schema and
    migrations; returns it and the secret values (built here, never committed to launchgate)."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE / "migrations", repo / "migrations")
    shutil.copy(EXAMPLE / "env.schema.yaml", repo / "env.schema.yaml")
    (repo / "launchgate.yml").write_text(CONFIG, encoding="utf-8")
    r = random.Random(15)
    values: list[str] = []
    for n in range(24):
        (repo / "src").mkdir(exist_ok=True)
        body = f"def f{n}():\n    return {n}\n"
        if n % 4 == 0:
            value = aws_id(r) if n % 8 == 0 else github_classic(r)
            values.append(value)
            body += f'TOKEN = "{value}"\n'
        (repo / "src" / f"mod{n:02d}.py").write_text(body, encoding="utf-8")
    # a tracked symlink to a folder: noted once as not scanned, however many checks walk the tree
    os.symlink("src", repo / "linked")
    git(repo.parent, "init", "-q", "-b", "main", str(repo))
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.test", "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "-qm", "one")
    gone = github_classic(r)
    values.append(gone)
    (repo / "old.py").write_text(f'KEY = "{gone}"\n', encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "-qm", "two")
    git(repo, "rm", "-q", "old.py")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "-qm", "three")
    return repo, values


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env or {"GITHUB_ACTIONS": ""})


def without_timings(text: str) -> dict:
    doc = json.loads(text)
    doc.pop("started_at")
    for r in doc["results"]:
        r.pop("duration_s")
    return doc


def sharded(repo: Path, tmp_path: Path, n: int) -> list[Path]:
    paths = []
    for k in range(1, n + 1):
        out = tmp_path / f"shard-{k}-of-{n}.json"
        res = run("check", str(repo), "--shard", f"{k}/{n}", "--format", "json",
                  "--output", str(out))
        assert res.exit_code in (0, 1), res.output
        paths.append(out)
    return paths


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("shard")
    repo, values = sample_repo(base)
    single = run("check", str(repo), "--format", "json", "--output", str(base / "single.json"))
    return repo, values, base, single


@pytest.mark.parametrize("n", [2, 3, 5])
def test_merged_shards_equal_the_single_run(tree, tmp_path: Path, n: int) -> None:
    repo, values, base, single = tree
    merged = run("merge", *map(str, sharded(repo, tmp_path, n)), "--format", "json")
    assert merged.exit_code == single.exit_code == 1, merged.output
    expected = without_timings((base / "single.json").read_text(encoding="utf-8"))
    assert without_timings(merged.stdout) == expected
    # it found what a user looks for: every secret, the history one included, none printed whole
    found = {(f["rule"], f["location"]["path"]) for f in expected["findings"]}
    assert ("secrets.aws-access-key", "src/mod00.py") in found
    assert ("secrets.github-token", "old.py") in found
    assert ("secrets.file-not-scanned", "linked") in found
    assert not any(v in merged.stdout for v in values)


def test_each_shard_does_a_part_and_every_check_runs_once(tree, tmp_path: Path) -> None:
    repo, *_ = tree
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sharded(repo, tmp_path, 3)]
    assert [d["shard"] for d in docs] == ["1/3", "2/3", "3/3"]
    files = [next(r for r in d["results"] if r["check"] == "secrets")["figures"]["tree_files"]
             for d in docs]
    assert all(0 < f < sum(files) for f in files)  # each scanned some files, none all of them
    for check in ("env", "migrations"):  # the whole checks run in exactly one shard
        assert sum(any(r["check"] == check for r in d["results"]) for d in docs) == 1
    history = [d for d in docs if "history_commits" in
               next(r for r in d["results"] if r["check"] == "secrets")["figures"]]
    assert len(history) == 1  # the history walk is not split: a secret's first commit spans paths


@pytest.mark.parametrize("fmt", ["sarif", "markdown", "junit", "text"])
def test_merged_outputs_equal_the_single_run(tree, tmp_path: Path, fmt: str) -> None:
    repo, *_ = tree
    single = run("check", str(repo), "--format", fmt)
    merged = run("merge", *map(str, sharded(repo, tmp_path, 2)), "--format", fmt)
    assert merged.exit_code == single.exit_code == 1

    def steady(text: str) -> str:  # the run's own timings and start time are all that may differ
        text = re.sub(r'time="[0-9.]+"', 'time=""', text)
        text = re.sub(r"\d+(\.\d+)? ?(ms|s)\b", "T", text)
        text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC", "DATE", text)  # Markdown's start time
        return re.sub(r"\d{4}-\d\d-\d\dT[0-9:.+-]+Z?", "DATE", text)

    assert steady(merged.stdout) == steady(single.stdout)


def test_merge_applies_its_own_gate(tree, tmp_path: Path) -> None:
    repo, *_ = tree
    parts = list(map(str, sharded(repo, tmp_path, 2)))
    assert run("merge", *parts, "--fail-on", "never", "--format", "json").exit_code == 0
    res = run("merge", *parts)
    assert res.exit_code == 1
    assert "FAILED" in res.stdout or "failed" in res.stdout


def test_bad_merges_are_one_line_errors(tree, tmp_path: Path) -> None:
    repo, *_ = tree
    one, two, three = sharded(repo, tmp_path, 3)
    cases = {
        (str(one), str(two)): "shard 3/3 missing",
        (str(one), str(one), str(two), str(three)): "given twice",
    }
    garbage = tmp_path / "junk.json"
    garbage.write_text("{not json", encoding="utf-8")
    cases[(str(garbage),)] = "junk.json:1: invalid JSON"
    other = tmp_path / "other.json"
    doc = json.loads(two.read_text(encoding="utf-8"))
    doc["head_ref"] = "0" * 40
    other.write_text(json.dumps(doc), encoding="utf-8")
    cases[(str(one), str(other), str(three))] = "head ref"
    cases[(str(tmp_path / "nope.json"),)] = "no such file"
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)  # opening it would block: refused before it is opened
    cases[(str(fifo),)] = "fifo.json"
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    cases[(str(deep),)] = "nested deeper"
    for args, needle in cases.items():
        res = run("merge", *args)
        assert res.exit_code == 2, (args, res.output)
        assert needle in res.stderr and res.stderr.count("\n") == 1, res.stderr
        assert "Traceback" not in res.output


@pytest.mark.parametrize("bad", ["0/3", "4/3", "2", "a/b", "1/0", "1/999"])
def test_a_bad_shard_option_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    res = run("check", str(tmp_path), "--shard", bad)
    assert res.exit_code == 2
    assert "--shard" in res.stderr and res.stderr.count("\n") == 1


def test_every_key_belongs_to_exactly_one_shard_and_always_the_same() -> None:
    keys = [f"src/file{n}.py" for n in range(2000)] + ["secrets.history", "env", "migrations"]
    for total in (1, 2, 3, 7):
        owners = [[k for k in range(1, total + 1) if Shard(index=k, total=total).owns(key)]
                  for key in keys]
        assert all(len(o) == 1 for o in owners)
        sizes = [sum(o == [k] for o in owners) for k in range(1, total + 1)]
        assert min(sizes) > len(keys) / total * 0.8  # the stable hash spreads the paths evenly


def _doc_workflow() -> dict:
    text = (ROOT / "docs" / "sharding.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert block, "docs/sharding.md has the matrix workflow"
    data = yaml.safe_load(block.group(1))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads `on:` as a boolean, GitHub not
    return data


def test_the_documented_matrix_workflow_is_valid() -> None:
    schema = json.loads(shared_path("schemas", "github-workflow.json").read_text(encoding="utf-8"))
    workflow = _doc_workflow()
    assert sorted(jsonschema.Draft7Validator(schema).iter_errors(workflow), key=str) == []
    steps = " ".join(str(s.get("run", "")) for job in workflow["jobs"].values()
                     for s in job.get("steps", []))
    assert "--shard ${{ matrix.shard }}/" in steps and "launchgate merge" in steps
