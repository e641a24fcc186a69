"""The secrets check (issue 3): committed credentials in the tree, a PR's added lines, history, bundles, files."""

from __future__ import annotations

from launchgate.checks.secrets.check import SecretsCheck, render_secrets_baseline
from launchgate.checks.secrets.schema import Settings

__all__ = ["SecretsCheck", "Settings", "render_secrets_baseline"]
