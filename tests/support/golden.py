"""Golden files: compare rendered output with tests/fixtures/golden/NAME.

A missing or different golden file fails the test. Only an explicit update writes them:
``LG_UPDATE_GOLDEN=1`` or ``pytest --update-golden`` (tests/conftest.py turns the option into
``UPDATE``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "golden"
UPDATE = False  # set by ``pytest --update-golden``


def updating() -> bool:
    return UPDATE or os.environ.get("LG_UPDATE_GOLDEN") == "1"


def assert_golden(name: str, text: str, *, root: Path = GOLDEN) -> None:
    path = root / name
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"golden file {name} is missing: write it with LG_UPDATE_GOLDEN=1 or pytest "
                    "--update-golden, then review and commit it", pytrace=False)
    assert text == path.read_text(encoding="utf-8"), (f"{name} differs from its golden file "
                                                      "(LG_UPDATE_GOLDEN=1)")
