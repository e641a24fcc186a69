"""gitleaks compatibility: ``gitleaks:allow`` comments and ``.gitleaksignore`` fingerprints suppress
findings (bad and good case each), a broken ignore file is one line naming the file and line, and
the history scope honours commit-qualified fingerprints only in their commit."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from launchgate.checks.secrets import engine
from launchgate.checks.secrets.gitleaks import GitleaksIgnoreError, parse
from tests.fixtures.secrets_corpus import ALNUM, _s
from tests.unit.test_secrets_scopes import commit, ctx, found, init, run

R = random.Random(1616)


def stripe() -> str:
    return "sk_" + "live_" + _s(R, ALNUM, 40)


def rules(path: str, text: str) -> set[str]:
    return {h.rule for h in engine.scan_bytes(path, text.encode(), engine.Options())}


def test_gitleaks_allow_comment_suppresses_only_its_line() -> None:
    key = stripe()
    assert rules("pay.py", f'KEY = "{key}"  # gitleaks:allow\n') == set()
    assert rules("pay.py", f'KEY = "{key}"\n') == {"secrets.stripe-secret-key"}
    text = f'A = "{key}"  # gitleaks:allow\nB = "{stripe()}"\n'
    assert [h.line for h in engine.scan_bytes("pay.py", text.encode(), engine.Options())] == [2]


def test_fingerprints_parse_with_and_without_commit() -> None:
    ig = parse(
        "# comment\n\napp/pay.py:stripe-access-token:3\n"
        "0123456789abcdef0123456789abcdef01234567:old/cfg.py:generic-api-key:7\n"
    )
    assert ig.accepts("app/pay.py", 3)
    assert not ig.accepts("app/pay.py", 4)
    assert ig.accepts("old/cfg.py", 7, commit="0123456789abcdef0123456789abcdef01234567")
    assert not ig.accepts("old/cfg.py", 7, commit="f" * 40)
    assert not ig.accepts("old/cfg.py", 7)
    assert len(ig) == 2


@pytest.mark.parametrize("line", ["just-a-path.py", "a.py:rule:notanumber", ":rule:3"])
def test_a_line_that_is_no_fingerprint_is_one_line_of_error(line: str) -> None:
    with pytest.raises(GitleaksIgnoreError) as err:
        parse(f"ok.py:r:1\n{line}\n")
    assert str(err.value).startswith(".gitleaksignore:2: not a gitleaks fingerprint")
    assert "\n" not in str(err.value)


def test_gitleaksignore_suppresses_the_fingerprinted_line_in_the_tree(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    commit(
        root,
        {
            "app/pay.py": f'A = "{stripe()}"\nB = "{stripe()}"\n',
            ".gitleaksignore": "app/pay.py:stripe-access-token:1\n",
        },
    )
    c = ctx(root)
    assert found(run(c)) == {("secrets.stripe-secret-key", "app/pay.py", 2)}
    assert c.figures["gitleaks_ignored"] == 1


def test_without_gitleaksignore_both_lines_are_reported(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    commit(root, {"app/pay.py": f'A = "{stripe()}"\nB = "{stripe()}"\n'})
    assert found(run(ctx(root))) == {
        ("secrets.stripe-secret-key", "app/pay.py", 1),
        ("secrets.stripe-secret-key", "app/pay.py", 2),
    }


def test_history_fingerprint_applies_to_its_commit_only(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    first = commit(root, {"cfg.py": f'K = "{stripe()}"\n'}, "first")
    commit(root, {"cfg.py": f'K = "{stripe()}"\n'}, "second")  # another key, same file and line
    commit(root, {".gitleaksignore": f"{first}:cfg.py:stripe-access-token:1\n"}, "ignore")
    c = ctx(root, {"scopes": ["history"]})
    got = run(c)
    assert c.figures["gitleaks_ignored"] == 1
    assert len([f for f in got if f.rule.id == "secrets.stripe-secret-key"]) == 1


def test_a_broken_gitleaksignore_stops_the_check_with_its_line(tmp_path: Path) -> None:
    root = init(tmp_path / "r")
    commit(root, {"a.py": "x = 1\n", ".gitleaksignore": "not a fingerprint\n"})
    with pytest.raises(GitleaksIgnoreError, match=r"^\.gitleaksignore:1: "):
        run(ctx(root))


def test_a_gitleaksignore_that_is_a_fifo_or_leads_outside_is_refused(tmp_path: Path) -> None:
    import os

    root = init(tmp_path / "r")
    commit(root, {"a.py": "x = 1\n"})
    os.mkfifo(root / ".gitleaksignore")
    with pytest.raises(GitleaksIgnoreError, match=r"^\.gitleaksignore: not a regular file"):
        run(ctx(root))
    (root / ".gitleaksignore").unlink()
    (tmp_path / "elsewhere").write_text("a.py:r:1\n")
    (root / ".gitleaksignore").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(GitleaksIgnoreError, match="leads outside the repository"):
        run(ctx(root))
