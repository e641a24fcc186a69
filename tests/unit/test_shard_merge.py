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
from collections.abc import Iterable
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
    commits = [next(r for r in d["results"] if r["check"] == "secrets")["figures"]
               ["history_commits"] for d in docs]
    # the history walk is split by commit too: the two commits that add lines (the third only
    # deletes) are scanned once among the shards
    assert sum(commits) == 2


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


# -- history split by commit, the PR diff by path --------------------------------------------------
HISTORY_CONFIG = "version: 1\nfail_on: high\n"
FIXED = {"GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
         "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.test", "GIT_COMMITTER_NAME": "t",
         "GIT_COMMITTER_EMAIL": "t@example.test"}


def commit(repo: Path, message: str) -> str:
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, timeout=30)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", message], check=True, timeout=30,
                   env={**os.environ, **FIXED})
    return git(repo, "rev-parse", "HEAD").strip()


def history_repo(tmp_path: Path) -> tuple[Path, dict[str, str], list[str]]:
    """20 commits (fixed dates: the same commit ids every run): one key committed in many files and
    commits, deleted and added again; a second key only late; the keys built here, by concatenation
    of random parts, never committed to launchgate. Returns the repo, the keys, the commit ids."""
    repo = tmp_path / "hist"
    repo.mkdir()
    git(repo.parent, "init", "-q", "-b", "main", str(repo))
    (repo / "launchgate.yml").write_text(HISTORY_CONFIG, encoding="utf-8")
    r = random.Random(1515)
    keys = {"spread": github_classic(r), "late": aws_id(r)}
    ids = []
    for n in range(20):
        (repo / f"m{n % 5}.py").write_text(f"N = {n}\n", encoding="utf-8")
        if n in (2, 5, 6, 9, 12, 14, 17):  # the same key in several files and commits
            (repo / f"conf{n % 3}.py").write_text(f'TOKEN = "{keys["spread"]}"  # {n}\n',
                                                  encoding="utf-8")
        if n in (7, 8):  # deleted, then added again
            for old in repo.glob("conf*.py"):
                old.unlink()
        if n in (15, 18):
            (repo / "late.py").write_text(f'KEY = "{keys["late"]}"  # {n}\n', encoding="utf-8")
        ids.append(commit(repo, f"c{n}"))
    return repo, keys, ids


def steady(text: str) -> str:
    """An output with its timings and start time taken out (all that may differ)."""
    text = re.sub(r'time="[0-9.]+"', 'time=""', text)
    text = re.sub(r"\d+(\.\d+)? ?(ms|s)\b", "T", text)
    text = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC", "DATE", text)
    text = re.sub(r"\d{4}-\d\d-\d\dT[0-9:.+-]+Z?", "DATE", text)
    return re.sub(r'"duration_s": [0-9.e-]+', '"duration_s": 0', text)


def shards_of(args: list[str], tmp_path: Path, n: int, tag: str) -> list[str]:
    out = []
    for k in range(1, n + 1):
        path = tmp_path / f"{tag}-{k}-of-{n}.json"
        res = run("check", *args, "--shard", f"{k}/{n}", "--format", "json", "--output", str(path))
        assert res.exit_code in (0, 1), res.output
        out.append(str(path))
    return out


@pytest.fixture(scope="module")
def hist(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("hist")
    repo, keys, ids = history_repo(base)
    args = [str(repo), "--only", "secrets", "--secrets-scope", "history", "--all"]
    return repo, keys, ids, base, args


def secrets_result(doc: dict) -> dict:
    return next(r for r in doc["results"] if r["check"] == "secrets")


def test_a_single_history_run_reports_each_key_once_where_it_first_appeared(hist) -> None:
    _repo, keys, ids, _base, args = hist
    res = run("check", *args, "--format", "json")
    assert res.exit_code == 1, res.output
    doc = json.loads(res.stdout)
    msgs = sorted(f["message"] for f in doc["findings"])
    assert len(msgs) == 2, msgs
    assert any(f"conf2.py:1 (first appeared in commit {ids[2][:12]})" in m for m in msgs)
    assert any(f"late.py:1 (first appeared in commit {ids[15][:12]})" in m for m in msgs)
    assert secrets_result(doc)["figures"]["history_commits"] == 20
    assert not any(v in res.stdout for v in keys.values())


def assert_merged_equals_single(args: list[str], parts: list[str],
                                secrets: Iterable[str]) -> None:
    """`merge` of the shards' reports prints what the unsharded `check` prints (JSON, SARIF, text;
    timings aside), fails the same way, and shows no secret."""
    for fmt in ("json", "sarif", "text"):
        single = run("check", *args, "--format", fmt)
        merged = run("merge", *parts, "--format", fmt)
        assert merged.exit_code == single.exit_code == 1, merged.output
        assert steady(merged.stdout) == steady(single.stdout), fmt
        assert not any(v in merged.stdout for v in secrets)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_merged_history_shards_equal_the_single_run(hist, tmp_path: Path, n: int) -> None:
    _repo, keys, _ids, _base, args = hist
    parts = shards_of(args, tmp_path, n, "hist")
    assert_merged_equals_single(args, parts, keys.values())
    docs = [json.loads(Path(p).read_text(encoding="utf-8")) for p in parts]
    commits = [secrets_result(d)["figures"]["history_commits"] for d in docs]
    assert sum(commits) == 20
    if n > 1:  # the work is really split: each shard scans some of the commits, none all
        assert all(0 < c < 20 for c in commits), commits


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_merged_history_counts_each_changed_file_once(hist, tmp_path: Path, n: int) -> None:
    """``history_changed_files`` (distinct files with added lines over the walk) does not add up
    across shards that split the commits: m0.py..m4.py change in commits of several shards. Each
    shard counts the files of its own commits and keeps their digests; merge counts the union,
    the single run's figure."""
    _repo, _keys, ids, _base, args = hist
    single = secrets_result(json.loads(run("check", *args, "--format", "json").stdout))
    assert single["figures"]["history_changed_files"] == 9  # m0-4, conf0-2, late.py
    assert "shard_sets" not in single  # an unsharded report is unchanged
    parts = shards_of(args, tmp_path, n, "files")
    docs = [secrets_result(json.loads(Path(p).read_text(encoding="utf-8"))) for p in parts]
    owners = {k for k in range(1, n + 1) for c in ids if Shard(index=k, total=n).owns(c)}
    assert len(owners) == n  # every shard owns commits, so m0.py's changes are split for n > 1
    local = [d["figures"]["history_changed_files"] for d in docs]
    if n > 1:
        assert sum(local) > 9  # a plain sum would count m0.py (and others) more than once
    assert all(len(d["shard_sets"]["history_changed_files"]) == -(-8 * c // 3) * 4
               for d, c in zip(docs, local, strict=True))  # 8 bytes a file, base64
    merged = json.loads(run("merge", *parts, "--format", "json").stdout)
    assert secrets_result(merged)["figures"]["history_changed_files"] == 9
    assert "shard_sets" not in secrets_result(merged)


def test_a_damaged_shard_set_is_a_one_line_error(hist, tmp_path: Path) -> None:
    _repo, _keys, _ids, _base, args = hist
    one, two = shards_of(args, tmp_path, 2, "bad")
    doc = json.loads(Path(two).read_text(encoding="utf-8"))
    secrets_result(doc)["shard_sets"]["history_changed_files"] = "QUJD"  # 3 bytes: not 8
    Path(two).write_text(json.dumps(doc), encoding="utf-8")
    res = run("merge", one, two)
    assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.output
    assert "shard_sets.history_changed_files" in res.stderr and "Traceback" not in res.output


def test_merge_picks_the_first_appearance_among_the_shards(hist, tmp_path: Path) -> None:
    """With 3 and 4 shards the spread key is found by several shards, each at its own first commit;
    the merge keeps the earliest, as the single run does."""
    _repo, _keys, ids, _base, args = hist
    for n in (3, 4):
        docs = [json.loads(Path(p).read_text(encoding="utf-8"))
                for p in shards_of(args, tmp_path, n, "pick")]
        spread = [f for d in docs for f in d["findings"] if "conf" in f["location"]["path"]]
        assert len(spread) > 1 and len({f["first_seen"]["group"] for f in spread}) == 1
        merged = json.loads(run("merge", *(str(tmp_path / f"pick-{k}-of-{n}.json")
                                           for k in range(1, n + 1)), "--format", "json").stdout)
        [kept] = [f for f in merged["findings"] if "conf" in f["location"]["path"]]
        assert f"first appeared in commit {ids[2][:12]}" in kept["message"]


def pr_repo(tmp_path: Path) -> tuple[Path, dict[str, str], str, str]:
    """A PR of 6 commits over 8 files: keys in several files, one added and removed again inside the
    PR (still in its history), one only in the base (not the PR's)."""
    repo = tmp_path / "pr"
    repo.mkdir()
    git(repo.parent, "init", "-q", "-b", "main", str(repo))
    (repo / "launchgate.yml").write_text(HISTORY_CONFIG, encoding="utf-8")
    r = random.Random(1516)
    keys = {f"k{i}": (aws_id(r) if i % 2 else github_classic(r)) for i in range(6)}
    (repo / "base.py").write_text(f'OLD = "{keys["k5"]}"\n', encoding="utf-8")
    base = commit(repo, "base")
    git(repo, "checkout", "-qb", "pr")
    for n in range(6):
        for i in range(8):
            text = f"X = {n}\n"
            if i == n and n < 5:
                text += f'TOKEN = "{keys[f"k{n}"]}"\n'
            if n >= 3 and i == 7:
                text += f'AGAIN = "{keys["k1"]}"\n'  # the same key in a second file
            (repo / "src" / f"f{i}.py").parent.mkdir(exist_ok=True)
            (repo / "src" / f"f{i}.py").write_text(text, encoding="utf-8")
        commit(repo, f"pr{n}")
    return repo, keys, base, git(repo, "rev-parse", "HEAD").strip()


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_merged_pr_diff_shards_equal_the_single_run(tmp_path_factory, tmp_path: Path,
                                                    n: int) -> None:
    repo, keys, base, head = pr_repo(tmp_path_factory.mktemp(f"pr{n}"))
    args = [str(repo), "--only", "secrets", "--secrets-scope", "diff", "--base-ref", base,
            "--head-ref", head]
    single = json.loads(run("check", *args, "--format", "json").stdout)
    # every key the PR added is found (k0, k2, k3 removed again: still in the PR's history), the
    # base's is not
    paths = {f["location"]["path"] for f in single["findings"]}
    assert paths == {f"src/f{i}.py" for i in (0, 1, 2, 3, 4, 7)}, paths
    assert secrets_result(single)["figures"]["diff_commits"] == 6
    parts = shards_of(args, tmp_path, n, "pr")
    assert_merged_equals_single(args, parts, keys.values())
    if n > 1:
        files = [secrets_result(json.loads(Path(p).read_text(encoding="utf-8")))["figures"]
                 ["diff_net_changed_files"] for p in parts]
        assert sum(files) == 8 and max(files) < 8  # the diff is split by path


def test_a_partial_clone_merges_to_the_single_run(tmp_path: Path) -> None:
    """A blob:none clone: the old versions of files are missing, each counted by the shard owning
    its first commit, named in one note as in a single run; the present blobs are still scanned."""
    src = tmp_path / "src"
    src.mkdir()
    git(tmp_path, "init", "-q", "-b", "main", str(src))
    (src / "launchgate.yml").write_text(HISTORY_CONFIG, encoding="utf-8")
    r = random.Random(1517)
    key = github_classic(r)
    for n in range(12):
        (src / f"v{n % 4}.py").write_text(f"V = {n}\n", encoding="utf-8")  # old versions: missing
        if n == 10:
            (src / "live.py").write_text(f'TOKEN = "{key}"\n', encoding="utf-8")  # present
        commit(src, f"c{n}")
    git(src, "config", "uploadpack.allowFilter", "true")
    git(tmp_path, "clone", "-q", "--filter=blob:none", f"file://{src}", "pc")
    pc = tmp_path / "pc"
    args = [str(pc), "--only", "secrets", "--secrets-scope", "history", "--all"]
    single = run("check", *args, "--format", "json")
    doc = json.loads(single.stdout)
    assert secrets_result(doc)["figures"]["history_unreadable_blobs"] == 8
    assert any(f["location"]["path"] == "live.py" for f in doc["findings"])
    assert sum("8 blobs could not be read" in f["message"] for f in doc["findings"]) == 1
    for n in (2, 3):
        merged = run("merge", *shards_of(args, tmp_path, n, "pc"), "--format", "json")
        assert steady(merged.stdout) == steady(single.stdout)
        assert not any(v in merged.stdout for v in (key,))
    assert git(pc, "rev-list", "--objects", "--all", "--missing=print").count("?") == 8
