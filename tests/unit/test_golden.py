"""The golden-file helper: a missing golden file fails unless an update is asked for explicitly."""

from __future__ import annotations

import pytest

from tests.support import golden


def test_a_missing_golden_file_fails_and_is_not_written(tmp_path, monkeypatch):
    monkeypatch.delenv("LG_UPDATE_GOLDEN", raising=False)
    monkeypatch.setattr(golden, "UPDATE", False)
    with pytest.raises(pytest.fail.Exception, match=r"golden file new\.txt is missing"):
        golden.assert_golden("new.txt", "hello\n", root=tmp_path)
    assert not (tmp_path / "new.txt").exists()


def test_a_different_output_fails_and_the_same_output_passes(tmp_path, monkeypatch):
    monkeypatch.delenv("LG_UPDATE_GOLDEN", raising=False)
    monkeypatch.setattr(golden, "UPDATE", False)
    (tmp_path / "g.txt").write_text("hello\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=r"g\.txt differs"):
        golden.assert_golden("g.txt", "goodbye\n", root=tmp_path)
    golden.assert_golden("g.txt", "hello\n", root=tmp_path)
    assert (tmp_path / "g.txt").read_text(encoding="utf-8") == "hello\n"


@pytest.mark.parametrize("how", ["env", "option"])
def test_an_explicit_update_writes_the_golden_file(tmp_path, monkeypatch, how):
    monkeypatch.delenv("LG_UPDATE_GOLDEN", raising=False)
    monkeypatch.setattr(golden, "UPDATE", how == "option")
    if how == "env":
        monkeypatch.setenv("LG_UPDATE_GOLDEN", "1")
    (tmp_path / "g.txt").write_text("old\n", encoding="utf-8")
    golden.assert_golden("g.txt", "new\n", root=tmp_path)
    golden.assert_golden("sub/fresh.txt", "made\n", root=tmp_path)
    assert (tmp_path / "g.txt").read_text(encoding="utf-8") == "new\n"
    assert (tmp_path / "sub" / "fresh.txt").read_text(encoding="utf-8") == "made\n"
