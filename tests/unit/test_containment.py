"""containment: paths kept inside the repository; files read only when regular and under their
cap."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from launchgate import yamlio
from launchgate.checks.probes import latency
from launchgate.containment import Refused, inside, read_regular


def test_paths_inside_resolve_and_paths_outside_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "conf").mkdir(parents=True)
    os.symlink("/etc", root / "up")
    assert inside(root, root / "conf",
                  "../conf/env.schema.yaml") == (root / "conf" / "env.schema.yaml").resolve()
    assert inside(root, root, str(root / "a.json")) == (root / "a.json").resolve()
    for outside in ("../x", "/etc/passwd", "up/passwd", "conf/../../x", "a" * 5000, "a\x00b", ""):
        assert inside(root, root, outside) is None, outside


def test_special_files_are_refused_before_they_are_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    os.symlink("/dev/zero", tmp_path / "zero")
    started = time.monotonic()
    with pytest.raises(Refused, match=r"^fifo: not a regular file \(a FIFO\); not read$"):
        read_regular(tmp_path / "fifo", 1024)
    with pytest.raises(Refused, match=r"^zero: not a regular file \(a character device\); not "
                       r"read$"):
        read_regular(tmp_path / "zero", 1024)
    with pytest.raises(Refused, match=r"^gone: no such file$"):
        read_regular(tmp_path / "gone", 1024)
    assert time.monotonic() - started < 2


def test_regular_files_are_read_up_to_their_cap(tmp_path: Path) -> None:
    (tmp_path / "ok").write_bytes(b"x" * 1024)
    assert read_regular(tmp_path / "ok", 1024) == b"x" * 1024
    with pytest.raises(Refused, match=r"^ok: larger than the 1023 bytes limit \(1024 bytes\)$"):
        read_regular(tmp_path / "ok", 1023)


def test_json_depth_is_limited_without_recursion() -> None:
    nested: list[object] = []
    for _ in range(63):
        nested = [nested]
    assert yamlio.load_json("[" * 64 + "]" * 64, "a.json") == nested  # 64 levels is the limit
    for text in ("[" * 65 + "]" * 65, "[" * 200_000 + "]" * 200_000,
                 '{"a": ' * 70 + "1" + "}" * 70):
        with pytest.raises(yamlio.JsonError, match=r"^a\.json:1: nested deeper than 64 levels$"):
            yamlio.load_json(text, "a.json")


def test_a_latency_baseline_that_is_a_fifo_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "prev.json")
    with pytest.raises(ValueError, match=r"prev\.json: not a regular file \(a FIFO\)"):
        latency.read_baseline(tmp_path / "prev.json")
