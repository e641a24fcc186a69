"""The history scope on real temporary git repositories that are not whole: a partial clone, a
deleted object file, pull-request refs (issue 10 item 6)."""

from __future__ import annotations

from pathlib import Path

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
