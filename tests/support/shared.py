"""Where ``shared/`` (schemas, tools) is: beside the repository in CI (``../shared``), or one level
higher for a worktree under ``wt/``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def shared_path(*parts: str) -> Path:
    for base in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        p = base.joinpath(*parts)
        if p.exists():
            return p
    message = f"shared/{'/'.join(parts)} not found beside {ROOT}"
    # CI always has shared/ beside the clone: never let it pass untested
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
    raise AssertionError  # unreachable
