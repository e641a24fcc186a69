"""Suite-wide: tests that run the CLI must not write annotations or summaries into a real Actions
run."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _not_inside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("GITHUB_") or name.startswith("INPUT_") or name == "RUNNER_DEBUG":
            monkeypatch.delenv(name, raising=False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Write golden files (tests/fixtures/golden) from the current output "
                     "instead of comparing.")


def pytest_configure(config: pytest.Config) -> None:
    from tests.support import golden

    golden.UPDATE = bool(config.getoption("--update-golden"))
