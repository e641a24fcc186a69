"""The history scope on real temporary git repositories that are not whole: a partial clone, a
deleted object file, pull-request refs (issue 10 item 6)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.unit.test_secrets_scopes import commit, ctx, found, git, init, run, stripe


def _source(tmp_path: Path) -> tuple[Path, str, str]:
    """Three commits: a leaked key in an old version of one file, a later key in the HEAD version of
    another."""
    root = init(tmp_path / "src")
    old_key, new_key = stripe(), stripe()
    commit(root, {"a.txt": "hello\n", "old.py": f'KEY = "{old_key}"\n'})
    commit(root, {"old.py": "KEY = None\n"})
    commit(root, {"new.py": f'KEY = "{new_key}"\n'})
    return root, old_key, new_key


def test_partial_clone_is_scanned_as_far_as_it_goes_and_the_missing_blobs_are_counted(
    tmp_path: Path,
) -> None:
    src, _, _ = _source(tmp_path)
    git(src, "config", "uploadpack.allowFilter", "true")
    git(tmp_path, "clone", "-q", "--filter=blob:none", f"file://{src}", "pc")
    pc = tmp_path / "pc"
    c = ctx(pc, {"scopes": ["history"]})
    findings = run(c)  # no abort (it was exit 3), and nothing fetched from the promisor remote
    # a present blob is still scanned
    assert ("secrets.stripe-secret-key", "new.py", 1) in found(findings)
    # the first version of old.py (the checkout has the rest)
    assert c.figures["history_unreadable_blobs"] == 1
    [note] = [f for f in findings if f.rule.id == "secrets.file-not-scanned"]
    assert (
        "1 blob could not be read from git history: partial clone or damaged objects? (old.py)"
        in note.message
    )
    # still not fetched
    assert git(pc, "rev-list", "--objects", "--all", "--missing=print").count("?") == 1


def test_a_deleted_object_file_is_skipped_and_the_rest_of_history_still_scanned(
    tmp_path: Path,
) -> None:
    root, _, _ = _source(tmp_path)
    blob = git(root, "rev-parse", "HEAD~2:a.txt")
    (root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    c = ctx(root, {"scopes": ["history"]})
    findings = run(c)
    assert {("secrets.stripe-secret-key", "old.py", 1),
            ("secrets.stripe-secret-key", "new.py", 1)} <= found(findings)
    assert c.figures["history_unreadable_blobs"] == 1
    assert any("1 blob could not be read" in f.message for f in findings)


def test_a_whole_repository_has_no_unreadable_blob_note(tmp_path: Path) -> None:
    root, _, _ = _source(tmp_path)
    c = ctx(root, {"scopes": ["history"]})
    findings = run(c)
    assert c.figures["history_unreadable_blobs"] == 0
    assert not [f for f in findings if f.rule.id == "secrets.file-not-scanned"]


def test_a_secret_only_in_a_pull_request_ref_is_found_and_the_refs_are_named(
    tmp_path: Path,
) -> None:
    root = init(tmp_path / "r")
    commit(root, {"a.txt": "hello\n"})
    git(root, "checkout", "-q", "-b", "contrib")
    pr_commit = commit(root, {"pr.py": f'KEY = "{stripe()}"\n'})
    git(root, "checkout", "-q", "main")
    git(root, "branch", "-q", "-D", "contrib")
    without = ctx(root, {"scopes": ["history"]})
    # the commit is unreachable: nothing to scan, and nothing said to be walked
    assert not found(run(without))
    assert without.figures["history_pr_refs"] == 0
    git(root, "update-ref", "refs/pull/7/head", pr_commit)
    c = ctx(root, {"scopes": ["history"]})
    assert ("secrets.stripe-secret-key", "pr.py", 1) in found(run(c))
    assert c.figures["history_pr_refs"] == 1 and c.figures["history_refs"] == 2
    assert c.figures["history_refs_walked"] == "refs/heads/main, refs/pull/7/head"


def test_a_key_compiled_into_a_pyc_or_zipped_in_a_jar_is_found_in_history(tmp_path: Path) -> None:
    import marshal
    import zipfile

    root = init(tmp_path / "r")
    key, jar_key = stripe(), stripe()
    code = compile(f'KEY = "{key}"\n', "settings.py", "exec")
    (root / "app").mkdir()
    (root / "app" / "settings.cpython-311.pyc").write_bytes(
        b"\xa7\r\r\n" + b"\x00" * 12 + marshal.dumps(code)
    )
    with zipfile.ZipFile(root / "app" / "lib.jar", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("META-INF/app.properties", f"api.key={jar_key}\n")
    commit(root, {"a.txt": "hello\n"})
    git(root, "rm", "-q", "--cached", "-r", "app")  # present only in history from here on
    git(root, "commit", "-q", "-m", "untrack")
    c = ctx(root, {"scopes": ["history"]})
    got = found(run(c))
    assert ("secrets.stripe-secret-key", "app/settings.cpython-311.pyc", 1) in got
    assert ("secrets.stripe-secret-key", "app/lib.jar", 1) in got
    assert c.figures["history_compiled_files"] == 2


def test_a_compiled_file_without_a_key_is_scanned_and_reports_nothing(tmp_path: Path) -> None:
    import marshal

    root = init(tmp_path / "r")
    (root / "m.pyc").write_bytes(
        b"\xa7\r\r\n"
        + b"\x00" * 12
        + marshal.dumps(compile("X = 'harmless text'\n", "m.py", "exec"))
    )
    commit(root, {"a.txt": "hello\n"})
    c = ctx(root, {"scopes": ["history"]})
    assert not found(run(c))
    assert c.figures["history_compiled_files"] == 1


def test_an_odd_file_name_in_a_partial_clone_keeps_its_real_name(tmp_path: Path) -> None:
    src = init(tmp_path / "src")
    commit(src, {'we"ird.py': f'KEY = "{stripe()}"\n'})
    commit(src, {"a.txt": "x\n"})
    git(src, "config", "uploadpack.allowFilter", "true")
    git(tmp_path, "clone", "-q", "--filter=blob:none", "--no-checkout", f"file://{src}", "pc")
    c = ctx(tmp_path / "pc", {"scopes": ["history"]})
    findings = run(c)
    assert c.figures["history_unreadable_blobs"] == 2
    assert any('we"ird.py' in f.message for f in findings
               if f.rule.id == "secrets.file-not-scanned")


def _long_history(tmp_path: Path) -> tuple[Path, list[str]]:
    """Forty-two commits (one only a move, so 41 add lines): keys added, removed, moved and
    repeated (the same key twice: its first commit is the one reported), one on a side branch, so
    a split walk has something to get wrong."""
    root = init(tmp_path / "long")
    keys = [stripe() for _ in range(4)]
    for i in range(40):
        files: dict[str, str] = {f"n{i % 7}.txt": f"note {i}\n" * (i % 3 + 1)}
        if i in (3, 30):
            files[f"k{i}.py"] = f'KEY = "{keys[0]}"\n'
        if i == 11:
            files["cfg.env"] = f"A=1\nSTRIPE={keys[1]}\n"
        if i == 12:
            files["cfg.env"] = "A=1\n"
        if i == 25:
            files["deep/x.js"] = f'const k = "{keys[2]}";\n'
        commit(root, files, f"c{i}")
    git(root, "mv", "deep/x.js", "deep/y.js")
    git(root, "commit", "-q", "-m", "move")
    git(root, "checkout", "-q", "-b", "side", "HEAD~5")
    commit(root, {"side.py": f'KEY = "{keys[3]}"\n'}, "side")
    git(root, "checkout", "-q", "main")
    return root, keys


def test_a_history_read_in_parts_by_the_workers_is_the_history_read_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from launchgate.checks.secrets import scopes

    root, _ = _long_history(tmp_path)

    def scanned(parts: bool) -> tuple[list[tuple[str, str, int | None, str]], dict[str, object]]:
        with monkeypatch.context() as m:
            if parts:  # several parts, each its own `git log` in a pool worker
                m.setattr(scopes, "SMALL_HISTORY", 0)
                m.setattr(scopes, "LOG_PART_MIN", 1)
            c = ctx(root, {"scopes": ["history"], "workers": 2})
            findings = run(c)
        return (sorted((f.rule.id, f.location.path, f.location.start_line, f.message)
                       for f in findings), dict(c.figures))

    commits = git(root, "rev-list", "--all").split()
    assert len(scopes.log_parts(commits, 2)) == 1
    with monkeypatch.context() as m:
        m.setattr(scopes, "SMALL_HISTORY", 0)
        m.setattr(scopes, "LOG_PART_MIN", 1)
        assert len(scopes.log_parts(commits, 2)) == 6
    whole, split = scanned(False), scanned(True)
    assert split == whole
    assert sum(f[0] == "secrets.stripe-secret-key" for f in whole[0]) == 4
    assert whole[1]["history_commits"] == 41 and whole[1]["history_added_lines"] > 40


def test_a_git_log_that_fails_or_hangs_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from launchgate.checks.secrets import engine, history
    from launchgate.repo import GitError

    root, _ = _long_history(tmp_path)
    args = ["log", "-p", "--no-walk=unsorted", "--stdin"]
    with pytest.raises(GitError, match=r"^git log: fatal: bad object"):
        history.scan_log(str(root), args, ["0" * 40], engine.Options(), lambda _p: False, 30)
    slow = tmp_path / "bin"
    slow.mkdir()
    (slow / "git").write_text("#!/bin/sh\nexec sleep 30\n")
    (slow / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{slow}:{os.environ['PATH']}")
    t0 = time.monotonic()
    with pytest.raises(GitError, match=r"no answer within 0\.5 s"):
        history.scan_log(str(root), args, ["HEAD"], engine.Options(), lambda _p: False, 0.5)
    assert time.monotonic() - t0 < 10
