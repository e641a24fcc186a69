"""The secrets check end to end on real git repositories in tmp: tree, diff, history, bundles and
files scopes, baselines, allowlists, bad input (binary, oversize, invalid UTF-8, 50 MB minified,
symlink loop, path outside the repo, shallow clone without base, corrupt baseline), and that no
output format ever shows a planted secret."""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import time
from pathlib import Path

import pytest

from launchgate.check import CheckError, Context, Scope
from launchgate.checks.secrets import SecretsCheck, render_secrets_baseline
from launchgate.checks.secrets.baseline import BaselineError
from launchgate.clone import prepare
from launchgate.model import Severity
from launchgate.net import Net
from launchgate.repo import Repo
from tests.fixtures.secrets_corpus import ALNUM, _s, cases, github_classic, pw

R = random.Random(11)


def stripe() -> str:
    return "sk_live_" + _s(R, ALNUM, 40)


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def init(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "t@example.test")
    git(root, "config", "user.name", "t")
    git(root, "config", "commit.gpgsign", "false")
    return root


def commit(root: Path, files: dict[str, str], msg: str = "c") -> str:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            p.unlink()
        else:
            p.write_text(text)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", msg)
    return git(root, "rev-parse", "HEAD")


def ctx(root: Path, section: dict | None = None, *, base: str | None = None,
        head: str | None = None,
        env: dict[str, str] | None = None, paths: tuple[Path, ...] = (),
        config: dict | None = None) -> Context:
    return Context(config={"secrets": {"workers": 2, **(section or {})}, **(config or {})},
                   repo=Repo(root),
                   net=Net(), env=env or {}, scope=Scope(base=base, head=head), paths=paths)


def run(c: Context):
    return asyncio.run(SecretsCheck().run(c))


def found(findings, minimum: Severity = Severity.INFO) -> set[tuple[str, str, int | None]]:
    return {(f.rule.id, f.location.path, f.location.start_line) for f in findings
            if f.severity >= minimum}


# -- tree
# --------------------------------------------------------------------------------------------------
def test_tree_scans_tracked_files_and_respects_gitignore(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    k1, k2 = stripe(), stripe()
    commit(root,
           {".gitignore": "secret.local\n", "app/pay.py": f'KEY = "{k1}"\n', "README": "hi\n"})
    (root / "secret.local").write_text(f"KEY={k2}\n")
    # untracked but not ignored: a `git add .` away
    (root / "untracked.py").write_text(f'OTHER = "{k2}"\n')
    c = ctx(root)
    assert found(run(c)) == {("secrets.stripe-secret-key", "app/pay.py", 1),
                             ("secrets.stripe-secret-key", "untracked.py", 1)}
    assert c.figures["tree_files"] == 4 and c.figures["tree_scanned"] == 1


def test_tree_is_the_default_without_a_pr_base_and_diff_with_one(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    base = commit(root, {"old.py": f'KEY = "{stripe()}"\n'})
    commit(root, {"new.py": f'KEY = "{stripe()}"\n'})
    assert {p for _, p, _ in found(run(ctx(root)))} == {"old.py", "new.py"}
    assert {p for _, p, _ in found(run(ctx(root, base=base, head="HEAD")))} == {"new.py"}


def test_bad_input_in_the_tree(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    key = stripe()
    outside = tmp_path / "outside.txt"
    outside.write_text(f"KEY={stripe()}\n")
    files = {
        "bin.dat": None, "big.txt": None, "latin1.cfg": None,
        "ok.py": f'KEY = "{key}"\n',
    }
    commit(root, {k: v for k, v in files.items() if v is not None})
    (root / "bin.dat").write_bytes(b"\x00\x01" + f"KEY={stripe()}".encode())
    (root / "big.txt").write_text("x" * 5000 + f"\nKEY={stripe()}\n")
    (root / "latin1.cfg").write_bytes(b"caf\xe9\npassword=" + pw(R).encode() + b"\n")
    (root / "loop").symlink_to(root / "loop")
    (root / "out").symlink_to(outside)
    (root / "dirloop").symlink_to(root)
    c = ctx(root, {"max_file_bytes": 4096})
    started = time.monotonic()
    got = found(run(c))
    assert time.monotonic() - started < 30
    assert ("secrets.stripe-secret-key", "ok.py", 1) in got
    assert ("secrets.generic-password", "latin1.cfg", 2) in got  # invalid UTF-8 still scanned
    assert ("secrets.file-not-scanned", "big.txt", None) in got
    assert ("secrets.file-not-scanned", "out", None) in got
    # a binary file's printable strings are scanned
    assert ("secrets.stripe-secret-key", "bin.dat", 1) in got
    assert c.figures["tree_binary_files"] == 1
    assert c.figures["tree_skipped_files"] >= 2  # big.txt, out (bin.dat is scanned now)


@pytest.mark.slow
def test_fifty_megabyte_minified_file(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    key = stripe()
    chunk = "function a(b){return b+1};var c=a(2);"
    body = chunk * (50 * 1024 * 1024 // len(chunk))
    commit(root, {"public/app.min.js": body + f'var k="{key}";' + "\n"})
    started = time.monotonic()
    got = found(run(ctx(root, {"max_file_bytes": 64 * 1024 * 1024})))
    assert got == {("secrets.stripe-secret-key", "public/app.min.js", 1)}
    assert time.monotonic() - started < 60
    # with the default cap it is reported as not scanned, never silently skipped
    assert found(run(ctx(root))) == {("secrets.file-not-scanned", "public/app.min.js", None)}


# -- diff
# --------------------------------------------------------------------------------------------------
def test_diff_scans_each_commit_and_the_net_diff(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    old, removed, kept = stripe(), github_classic(R), stripe()
    base = commit(root, {"app/a.py": f'OLD = "{old}"\nx = 1\n', "app/b.py": "y = 2\n"})
    c1 = commit(root, {"app/b.py": f'y = 2\nGH = "{removed}"\n'}, "add token")
    commit(root, {"app/b.py": "y = 2\n", "app/c.py": f'import os\n\nKEY = "{kept}"\n'},
           "oops, remove it")
    c = ctx(root, base=base, head="HEAD")
    findings = run(c)
    assert found(findings) == {("secrets.github-token", "app/b.py", 2),
                               ("secrets.stripe-secret-key", "app/c.py", 3)}
    msg = next(f.message for f in findings if f.rule.id == "secrets.github-token")
    assert f"added in commit {c1[:12]}" in msg and "still in its history" in msg
    assert c.figures["diff_commits"] == 2
    assert c.figures["diff_commits_added_lines"] == 4
    assert c.figures["diff_net_added_lines"] == 3
    assert c.figures["diff_net_changed_files"] == 1


@pytest.mark.slow
def test_diff_of_a_huge_added_file_is_scanned_in_pieces(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    base = commit(root, {"a.txt": "x\n"})
    # about 14 MB of added lines
    lines = [f"row_{i:07d} = 'value number {i}'\n" for i in range(400_000)]
    key = stripe()
    commit(root, {"data/generated.py": "".join(lines) + f'KEY = "{key}"\n'})
    started = time.monotonic()
    c = ctx(root, base=base, head="HEAD")
    assert found(run(c)) == {("secrets.stripe-secret-key", "data/generated.py", 400_001)}
    assert c.figures["diff_net_added_lines"] == 400_001
    assert time.monotonic() - started < 60


def test_diff_in_a_monorepo_subdirectory_reports_paths_under_it(tmp_path: Path) -> None:
    """`working-directory: web`: the PR's changes under web/ count, with paths relative to web/."""
    root = init(tmp_path / "r")
    base = commit(root, {"web/a.py": "x = 1\n", "api/b.py": "y = 2\n"})
    commit(root,
           {"web/a.py": f'x = 1\nKEY = "{stripe()}"\n', "api/b.py": f'y = 2\nKEY = "{stripe()}"\n'})
    assert found(run(ctx(root / "web", base=base, head="HEAD"))) == {("secrets.stripe-secret-key",
                                                                      "a.py", 2)}


def test_diff_against_working_tree_and_nothing_added(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    base = commit(root, {"a.py": f'K = "{stripe()}"\n'})
    c = ctx(root, base=base)
    assert found(run(c)) == set()
    assert c.figures["diff_net_added_lines"] == 0 and c.figures["diff_commits"] == 0
    (root / "a.py").write_text(f'K = "{stripe()}"\nJ = "{stripe()}"\n')
    assert {line for _, _, line in found(run(ctx(root, base=base)))} == {1, 2}


def test_diff_does_not_report_old_secrets_in_moved_files(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    body = "".join(f"line_{i} = {i}\n" for i in range(40))
    base = commit(root, {"old/conf.py": f'KEY = "{stripe()}"\n' + body})
    (root / "new").mkdir()
    git(root, "mv", "old/conf.py", "new/conf.py")
    commit(root, {"new/conf.py": (root / "new/conf.py").read_text() + "extra = 1\n"})
    c = ctx(root, base=base, head="HEAD")
    assert found(run(c)) == set()
    assert c.figures["diff_net_added_lines"] == 1


def test_the_check_itself_never_fetches_the_run_decides_once(tmp_path: Path) -> None:
    # before: the secrets check ran `git fetch --deepen` on its own, so the checks of one run saw
    # different clones; now clone.prepare decides before any check starts
    src = init(tmp_path / "src")
    base = commit(src, {"a.txt": "1\n"})
    commit(src, {"a.txt": "2\n"})
    commit(src, {"a.txt": "3\n"})
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{src}", str(clone)], check=True)
    shallow = (clone / ".git" / "shallow").read_text()
    c = ctx(clone, {"fetch_missing": True}, base=base, head="HEAD")
    assert found(run(c)) == set()
    assert (clone / ".git" / "shallow").read_text() == shallow
    assert "fetch-depth: 0" in str(c.figures["diff_shallow"])


def test_a_prepared_shallow_clone_scans_the_net_diff_of_the_two_commits(tmp_path: Path) -> None:
    src = init(tmp_path / "src")
    base = commit(src, {"a.txt": "1\n", "old.py": f'K = "{stripe()}"\n'})
    commit(src, {"b.txt": "2\n"})
    commit(src, {"a.py": f'K = "{stripe()}"\n'})
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{src}", str(clone)], check=True)
    history = asyncio.run(prepare(Repo(clone), base, "HEAD", fetch=True))
    assert history.fetched == (base,) and history.endpoints_only
    c = Context(config={"secrets": {"workers": 2}}, repo=Repo(clone), net=Net(), env={},
                scope=Scope(base=base, head="HEAD", history=history))
    assert found(run(c)) == {("secrets.stripe-secret-key", "a.py", 1)}  # not old.py: on the base
    assert "not each commit" in str(c.figures["diff_shallow"])
    assert git(clone, "cat-file", "-t", base) == "commit"  # fetched: the opt-in was used


def test_shallow_clone_is_not_fetched_without_the_opt_in(tmp_path: Path) -> None:
    # before: `git fetch --deepen` ran against the remote on every PR run from a shallow clone
    src = init(tmp_path / "src")
    base = commit(src, {"a.txt": "1\n"})
    commit(src, {"a.py": f'K = "{stripe()}"\n'})
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{src}", str(clone)], check=True)
    shallow = (clone / ".git" / "shallow").read_text()
    c = ctx(clone, base=base, head="HEAD")
    assert found(run(c)) == {("secrets.stripe-secret-key", "a.py", 1)}  # the tree: what is there
    assert (clone / ".git" / "shallow").read_text() == shallow  # nothing fetched
    assert subprocess.run(["git", "-C", str(clone), "cat-file", "-e", base]).returncode != 0
    assert (
        "shallow clone" in c.figures["diff_shallow"]
        and "fetch-missing" in c.figures["diff_shallow"]
    )


# -- history
# -----------------------------------------------------------------------------------------------
def test_history_reports_each_secret_once_where_it_first_appeared(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    key = stripe()
    commit(root, {"a.txt": "hello\n"})
    first = commit(root, {"config/old.py": f'KEY = "{key}"\n'})
    commit(root, {"config/old.py": "KEY = None\n"})
    commit(root, {"moved/new.py": f'\n\nKEY = "{key}"\n'})
    c = ctx(root, {"scopes": ["history"]})
    findings = run(c)
    assert found(findings) == {("secrets.stripe-secret-key", "config/old.py", 1)}
    assert f"first appeared in commit {first[:12]}" in findings[0].message
    assert c.figures["history_commits"] == 4


# -- bundles
# -----------------------------------------------------------------------------------------------
def test_bundles_find_env_schema_secrets_in_every_form_and_note_source_maps(tmp_path: Path) -> None:
    import base64
    from urllib.parse import quote
    root = init(tmp_path / "r")
    value = "srv/" + _s(R, ALNUM, 24) + "+="
    commit(root,
           {".gitignore": "dist/\n.next/\n", "env.schema.yaml": "version: 1\nvars:\n  "
            "SESSION_SECRET: {type: " "string, secret: true}\n  " "NEXT_PUBLIC_URL: {type: url}\n"})
    (root / "dist").mkdir()
    (root / "dist/main.js").write_text(f'var a="{value}";\n')
    (root / "dist/b64.js").write_text('var '
                                      f'b=atob("{base64.b64encode(value.encode()).decode()}");\n')
    (root / "dist/url.js").write_text(f'fetch("/x?s={quote(value, safe="")}");\n')
    (root / ".next/static/chunks").mkdir(parents=True)
    (root / ".next/static/chunks/page.js.map").write_text('{"version":3,"sources":[]}\n')
    (root / ".next/static/chunks/page.js").write_text(f'const k="{stripe()}";\n')
    env = {"SESSION_SECRET": value, "NEXT_PUBLIC_URL": "https://shop.example"}
    findings = run(ctx(root, {"scopes": ["bundles"]}, env=env))
    assert found(findings) == {
        ("secrets.env-schema-secret", "dist/main.js", 1),
        ("secrets.env-schema-secret", "dist/b64.js", 1),
        ("secrets.env-schema-secret", "dist/url.js", 1),
        ("secrets.stripe-secret-key", ".next/static/chunks/page.js", 1),
        ("secrets.source-map-public", ".next/static/chunks/page.js.map", None)}
    assert all(f.severity == Severity.BLOCKER for f in findings
               if f.rule.id != "secrets.source-map-public")
    assert any("SESSION_SECRET" in f.message and "base64" in f.message for f in findings)


def test_bundles_without_build_output_is_skipped_with_a_reason(tmp_path: Path) -> None:
    from launchgate.check import Skip
    root = init(tmp_path / "r")
    commit(root, {"a.txt": "x\n"})
    with pytest.raises(Skip, match=r"no build output to scan \(dist, build, \.next/static, out\)"):
        run(ctx(root, {"scopes": ["bundles"]}))


# -- files
# -------------------------------------------------------------------------------------------------
def test_files_scope_scans_given_paths_and_refuses_paths_outside(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    commit(root, {"a.txt": "x\n"})
    (root / "build.log").write_text(f"step 3: using token {github_classic(R)}\nexport "
                                    f"DB_PASSWORD={pw(R)}\n")
    out = tmp_path / "elsewhere.log"
    out.write_text(f"{stripe()}\n")
    findings = run(ctx(root, {"scopes": ["files"]},
                       paths=(root / "build.log", out, root / "../r/../elsewhere.log")))
    got = found(findings)
    assert ("secrets.github-token", "build.log", 1) in got and ("secrets.generic-password",
                                                                "build.log", 2) in got
    assert {r for r, p, _ in got if "elsewhere" in p} == {"secrets.file-not-scanned"}


def test_files_scope_expands_directories(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    commit(root, {"a.txt": "x\n"})
    (root / "logs/ci").mkdir(parents=True)
    (root / "logs/ci/step1.log").write_text(f"token: {github_classic(R)}\n")
    assert found(run(ctx(root, {"scopes": ["files"]}, paths=(root / "logs",)))) == {
        ("secrets.github-token", "logs/ci/step1.log", 1)}


def test_fingerprints_are_stable_across_runs_and_line_moves(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    key = stripe()
    commit(root, {"a.py": f'K = "{key}"\n'})
    first = {f.fingerprint for f in run(ctx(root))}
    (root / "a.py").write_text(f'import os\n\n\nK = "{key}"\n')
    assert {f.fingerprint for f in run(ctx(root))} == first


def test_lock_files_are_scanned_for_vendor_tokens_not_hashes(tmp_path: Path) -> None:
    import base64
    root = init(tmp_path / "r")
    token = github_classic(R)
    commit(root, {"package-lock.json": json.dumps({"packages": {"node_modules/x": {
        "resolved": f"https://npm:{token}@npm.pkg.github.com/x/-/x-1.0.0.tgz",
        "integrity": "sha512-" + base64.b64encode(R.randbytes(64)).decode()}}}, indent=2)})
    assert found(run(ctx(root))) == {("secrets.github-token", "package-lock.json", 4)}


def test_scanning_is_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No candidate secret is ever sent anywhere: any HTTP attempt by detect-secrets' plugins fails
    the test."""
    import socket

    import requests

    def refuse(*args, **kwargs):
        raise AssertionError("network access during a secrets scan")

    monkeypatch.setattr(requests.Session, "request", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    root = init(tmp_path / "r")
    commit(
        root,
        {
            ".env": f"MAILCHIMP_KEY={_s(R, '0123456789abcdef', 32)}-us6\nSLACK_BOT_TOKEN=xoxb-1234567890-1234567890123-{_s(R, ALNUM, 24)}\nSTRIPE_SECRET_KEY={stripe()}\n"
        },
    )
    got = found(run(ctx(root, {"workers": 1})))
    assert {r for r, _, _ in got} == {"secrets.mailchimp-key", "secrets.slack-token",
                                      "secrets.stripe-secret-key"}


def test_files_scope_without_files_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(CheckError, match="needs the files"):
        run(ctx(init(tmp_path / "r"), {"scopes": ["files"]}))


# -- noise control
# -----------------------------------------------------------------------------------------
def test_allowlist_by_path_and_regex(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    commit(root,
           {"vendor/x.py": f'K = "{stripe()}"\n', "app/y.py": 'K = '
            f'"sk_live_{"Shared" + _s(R, ALNUM, 30)}"\n',
                  "app/z.py": f'K = "{stripe()}"\n'})
    section = {"allowlist": [{"path": "vendor/**", "reason": "third-party code"},
                             {"regex": "^sk_live_Shared", "reason": "revoked demo key"}]}
    assert found(run(ctx(root, section))) == {("secrets.stripe-secret-key", "app/z.py", 1)}


def test_write_baseline_is_deterministic_and_honoured_across_line_moves(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    k1, k2 = stripe(), github_classic(R)
    commit(root, {"b.py": f'K = "{k1}"\n', "a.py": f'G = "{k2}"\n'})
    path, first = asyncio.run(render_secrets_baseline(ctx(root)))
    path.write_text(first)  # writing is the CLI's job (launchgate baseline)
    assert path == root / ".secrets.baseline"
    assert asyncio.run(render_secrets_baseline(ctx(root)))[1] == first
    doc = json.loads(first)
    assert list(doc["results"]) == ["a.py", "b.py"]
    assert "generated_at" not in doc and "line_number" not in first
    assert k1 not in first and k2 not in first
    (root / "b.py").write_text(f'\n\n# moved\nK = "{k1}"\n')
    assert found(run(ctx(root))) == set()
    c = ctx(root)
    run(c)
    assert c.figures["baselined"] == 2
    (root / "a.py").write_text(f'G = "{k2}"\nH = "{stripe()}"\n')  # a new secret is still reported
    assert found(run(ctx(root))) == {("secrets.stripe-secret-key", "a.py", 2)}


def test_detect_secrets_own_baseline_is_honoured_and_audited_true_still_reported(
    tmp_path: Path,
) -> None:
    """A baseline written by `detect-secrets scan` itself. (Stripe keys of 24 characters:
    detect-secrets 1.5 hashes the whole key there, whereas for GitHub tokens its regex captures only
    the `ghp` prefix, so such entries cannot identify one token.)"""
    import sys
    root = init(tmp_path / "r")
    keys = {"a.py": "sk_live_" + _s(R, ALNUM, 24), "b.py": "sk_live_" + _s(R, ALNUM, 24)}
    commit(root, {name: f'STRIPE = "{key}"\n' for name, key in keys.items()})
    exe = Path(sys.executable).with_name("detect-secrets")
    out = subprocess.run([str(exe), "scan"], cwd=root, check=True, capture_output=True,
                         text=True).stdout
    doc = json.loads(out)
    for entry in doc["results"]["b.py"]:
        entry["is_secret"] = True  # audited: a real secret
    (root / ".secrets.baseline").write_text(json.dumps(doc))
    assert found(run(ctx(root))) == {("secrets.stripe-secret-key", "b.py", 1)}
    # the same value under another plugin's unaudited entry does not accept an audited real secret
    stripe_entry = next(e for e in doc["results"]["b.py"] if e["type"] == "Stripe Access Key")
    doc["results"]["b.py"].append({**stripe_entry, "type": "Base64 High Entropy String",
                                   "is_secret": None})
    (root / ".secrets.baseline").write_text(json.dumps(doc))
    assert found(run(ctx(root))) == {("secrets.stripe-secret-key", "b.py", 1)}


@pytest.mark.parametrize("content",
                         ["{not json", '{"results": []}', '{"results": {"a.py": '
                          '[{"type": "x"}]}}', ""])
def test_corrupt_baseline_is_a_one_line_error(tmp_path: Path, content: str) -> None:
    root = init(tmp_path / "r")
    key = stripe()
    commit(root, {"a.py": f'K = "{key}"\n'})
    (root / ".secrets.baseline").write_text(content.replace("x", key))
    with pytest.raises(BaselineError) as err:  # an InputError: exit 2
        run(ctx(root))
    assert str(err.value).startswith(".secrets.baseline: not a usable detect-secrets baseline")
    assert "\n" not in str(err.value) and key not in str(err.value)


# -- never leak
# ------------------------------------------------------------------------------------------------
def test_no_planted_secret_in_any_output_format(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from launchgate.cli import cli
    from launchgate.report import FORMATS
    root = init(tmp_path / "r")
    planted = [c for c in cases(seed=5, repeat=1) if c.label]
    commit(root, {f"c{i:03d}/{c.path}": c.text for i, c in enumerate(planted)})
    outputs = []
    for fmt in FORMATS:
        res = CliRunner().invoke(cli, ["check", str(root), "--only", "secrets", "--format", fmt,
                                       "--output", str(tmp_path / f"out.{fmt}")],
                                 env={"GITHUB_ACTIONS": ""}, catch_exceptions=False)
        assert res.exit_code == 1, res.output
        outputs += [res.output, (tmp_path / f"out.{fmt}").read_text()]
    blob = "\n".join(outputs)
    assert len(json.loads((tmp_path / "out.json").read_text())["findings"]) >= len(planted)
    for c in planted:
        assert c.secret not in blob
        assert c.secret[:12] not in blob, c.family


def test_pool_is_used_for_large_trees(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    files = {f"pkg/m{i}.py": "token = None\n" + "x = 1\n" * 20000 for i in range(30)}
    files["pkg/m7.py"] += f'API_TOKEN = "{stripe()}"\n'
    commit(root, files)
    c = ctx(root)
    assert found(run(c)) == {("secrets.stripe-secret-key", "pkg/m7.py", 20002)}
    assert c.figures["tree_files"] == 30 and os.cpu_count()


def test_allowlist_paths_match_like_gitignore_at_the_root_and_nested(tmp_path: Path) -> None:
    # `**/fixtures/**` used to miss fixtures/ at the root (fnmatch needs a folder before it); a real
    # key of the same
    # shape outside the fixtures is still reported
    root = init(tmp_path / "r")
    commit(root,
           {"fixtures/x.py": f'K = "{stripe()}"\n', "pkg/a/fixtures/y.py": f'K = "{stripe()}"\n',
                  "app/fixtures.py": f'K = "{stripe()}"\n'})
    section = {"allowlist": [{"path": "**/fixtures/**", "reason": "test data"}]}
    assert found(run(ctx(root, section))) == {("secrets.stripe-secret-key", "app/fixtures.py", 1)}


def test_secrets_file_adds_the_files_to_the_runs_own_scope(tmp_path: Path) -> None:
    """--secrets-file (the Action's secrets-files): a CI log is scanned besides the PR's lines."""
    root = init(tmp_path / "r")
    base = commit(root, {"a.txt": "x\n"})
    commit(root, {"app.py": f"KEY = '{stripe()}'\n"})
    (root / "logs").mkdir()
    (root / "logs/deploy.log").write_text(f"step 3: using token {github_classic(R)}\n")
    c = ctx(root, base=base, head="HEAD", paths=(root / "logs/deploy.log",))
    assert found(run(c), Severity.HIGH) == {("secrets.stripe-secret-key", "app.py", 1),
                                            ("secrets.github-token", "logs/deploy.log", 1)}
    assert c.figures["diff_net_changed_files"] == 1 and c.figures["files_files"] == 1
    # without it, the same run does not read the log
    assert found(run(ctx(root, base=base, head="HEAD")), Severity.HIGH) == {
        ("secrets.stripe-secret-key", "app.py", 1)}
