"""The native gate's compiled database is cached on disk (launchgate/cache.py): the next process loads it
instead of compiling, gates every line as the compiled one does, and a damaged, foreign or
unwritable cache only means compiling as before."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from launchgate import cache
from launchgate.checks.secrets import prefilter
from launchgate.checks.secrets.dsbridge import ds_plugins

hyperscan = pytest.importorskip("hyperscan")

LINES = [
    b"    // refresh the token before it expires",
    b'DB_PASSWORD = "' + b"q8Zr" + b'T2vLm9Xw"',
    b"postgres://app:" + b"s3cr3tPw" + b"@db.internal/app",
    b"key = " + b"AKIA" + b"Q3ZRT7WNB2KD" + b"4HXP",
    "mot de passe = \u00e9t\u00e9".encode(),
]


def _gate() -> prefilter.Gate:
    return prefilter.Gate(hyperscan, ds_plugins())


def _no_compile(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = prefilter.Gate._compile

    def counted(self: prefilter.Gate, exprs: list[tuple[int, bytes, int]]) -> object:
        calls.append(len(exprs))
        return real(self, exprs)

    monkeypatch.setattr(prefilter.Gate, "_compile", counted)
    return calls


def test_the_second_gate_is_loaded_not_compiled_and_gates_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAUNCHGATE_CACHE_DIR", str(tmp_path))
    calls = _no_compile(monkeypatch)
    first = _gate()
    assert len(calls) == 1 and len(list(tmp_path.glob("gate-*"))) == 1
    second = _gate()
    assert len(calls) == 1  # loaded from the cache
    assert [second.matched(x) for x in LINES] == [first.matched(x) for x in LINES]
    assert second.matched(LINES[1]) and prefilter.GENERIC in (second.matched(LINES[1]) or ())


def test_a_pattern_refused_at_compile_stays_ungated_when_loaded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import re
    from types import SimpleNamespace

    monkeypatch.setenv("LAUNCHGATE_CACHE_DIR", str(tmp_path))
    refused = SimpleNamespace(denylist=[re.compile(r"refused_[0-9]{8}")], secret_type="odd")
    fine = SimpleNamespace(denylist=[re.compile(r"sk_demo_[0-9]{8}")], secret_type="fine")
    real = prefilter.Gate._build

    def refuse(self: prefilter.Gate, exprs: list[tuple[int, bytes, int]]) -> object:
        if any(b"refused_" in e[1] for e in exprs):
            raise hyperscan.error("refused")
        return real(self, exprs)

    with monkeypatch.context() as m:
        m.setattr(prefilter.Gate, "_build", refuse)
        built = prefilter.Gate(hyperscan, [refused, fine])
    loaded = prefilter.Gate(hyperscan, [refused, fine])  # from the cache, refusal included
    assert prefilter.DS_BASE in built.always and prefilter.DS_BASE in loaded.always
    assert prefilter.DS_BASE + 1 not in loaded.always
    assert loaded.matched(b"nothing") == built.matched(b"nothing")
    assert loaded.matched(b"x sk_demo_12345678") == built.matched(b"x sk_demo_12345678")


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign-writable"])
def test_a_damaged_or_untrusted_cache_file_is_compiled_over(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    monkeypatch.setenv("LAUNCHGATE_CACHE_DIR", str(tmp_path))
    first = _gate()
    (path,) = tmp_path.glob("gate-*")
    if damage == "garbage":
        path.write_bytes(b"[]\nnot a database")
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:5000])
    else:
        os.chmod(path, 0o666)  # anyone could have written it: not read
    calls = _no_compile(monkeypatch)
    again = _gate()
    assert len(calls) == 1
    assert [again.matched(x) for x in LINES] == [first.matched(x) for x in LINES]


def test_no_cache_dir_or_an_unwritable_one_still_gates(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAUNCHGATE_CACHE_DIR", "")
    assert cache.directory() is None
    assert _gate().matched(LINES[0]) == frozenset()
    blocked = tmp_path / "file"
    blocked.write_text("a file where the directory should be")
    monkeypatch.setenv("LAUNCHGATE_CACHE_DIR", str(blocked / "sub"))
    assert _gate().matched(LINES[0]) == frozenset()
    assert blocked.read_text() == "a file where the directory should be"


def test_stale_files_of_an_older_key_are_removed(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAUNCHGATE_CACHE_DIR", str(tmp_path))
    old, recent = tmp_path / "gate-old", tmp_path / "gate-recent"
    old.write_bytes(b"x")
    recent.write_bytes(b"y")
    os.utime(old, (1, 1))
    cache.store("gate-new", b"z")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gate-new", "gate-recent"]
    assert cache.load("gate-new") == b"z"
