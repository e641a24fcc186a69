"""detect-secrets' ``.secrets.baseline``: read one (honour its entries) and write one
deterministically.

Matching is on file + type + hashed secret, never on line numbers, so moving code does not break it.
Entries audited ``is_secret: true`` are confirmed secrets and stay reported. The written file is
sorted, has no timestamp and no line numbers, so it never churns in merges. Read only when it is a
regular file inside the repository under MAX_BASELINE_BYTES (a FIFO or a link to /dev/zero is
refused, never read), JSON nested at most yamlio.MAX_DEPTH deep, every entry of the expected shape:
otherwise one line naming the file (exit 2).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchgate import yamlio
from launchgate.checks.secrets.engine import Hit
from launchgate.containment import InputError, Refused, inside, read_regular
from launchgate.redact import secret_hash

MAX_BASELINE_BYTES = 16 * 1024 * 1024

# launchgate rule -> the detect-secrets type name for the same kind of secret (baselines written by
# either tool)
DS_TYPE = {
    "secrets.aws-access-key": "AWS Access Key",
    "secrets.aws-secret-key": "AWS Access Key",
    "secrets.azure-storage-key": "Azure Storage Account access key",
    "secrets.url-password": "Basic Auth Credentials",
    "secrets.github-token": "GitHub Token",
    "secrets.gitlab-token": "GitLab Token",
    "secrets.jwt-token": "JSON Web Token",
    "secrets.npm-token": "NPM tokens",
    "secrets.openai-key": "OpenAI Token",
    "secrets.private-key": "Private Key",
    "secrets.pypi-token": "PyPI Token",
    "secrets.sendgrid-key": "SendGrid API Key",
    "secrets.slack-token": "Slack Token",
    "secrets.slack-webhook": "Slack Token",
    "secrets.stripe-secret-key": "Stripe Access Key",
    "secrets.twilio-key": "Twilio API Key",
    "secrets.generic-password": "Secret Keyword",
    "secrets.database-url-password": "Basic Auth Credentials",
}
_LOOSE = {"Secret Keyword", "Hex High Entropy String", "Base64 High Entropy String",
          "Basic Auth Credentials"}


class BaselineError(InputError):
    """The baseline cannot be read; one line naming the file."""


@dataclass(frozen=True)
class Baseline:
    """Accepted (file, hashed secret) -> the types recorded for it."""

    entries: dict[tuple[str, str], frozenset[str]]

    def accepts(self, hit: Hit) -> bool:
        types = self.entries.get((hit.path, secret_hash(hit.value)))
        if not types:
            return False
        mine = {hit.rule, f"launchgate:{hit.rule}", DS_TYPE.get(hit.rule, ""), hit.ds_type}
        return bool(types & mine) or bool(types & _LOOSE)


def read_baseline(path: Path, root: Path | None = None) -> Baseline | None:
    """The baseline at ``path``, None when there is none; BaselineError (one line) when it is
    unusable.

    With ``root``, a path (or symlink) that leads outside the repository is refused before it is
    opened."""
    if not path.exists() and not path.is_symlink():
        return None
    name = path.name
    if root is not None and inside(root, root, str(path)) is None:
        raise BaselineError(f"{name}: leads outside the repository; not read")
    try:
        data = yamlio.load_json(read_regular(path, MAX_BASELINE_BYTES, name).decode("utf-8"), name)
    except Refused as exc:
        raise BaselineError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise BaselineError(
            f"{name}: not a usable detect-secrets baseline (not UTF-8, byte {exc.start})"
        ) from None
    except yamlio.JsonError as exc:
        where = str(exc).removeprefix(f"{name}:")
        raise BaselineError(
            f"{name}: not a usable detect-secrets baseline (line {where})"
        ) from None
    return Baseline(entries=_entries(data, name))


def _entries(data: Any, name: str) -> dict[tuple[str, str], frozenset[str]]:
    def bad(why: str) -> BaselineError:
        return BaselineError(f"{name}: not a usable detect-secrets baseline ({why})")

    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, dict):
        raise bad("no 'results' object")
    entries: dict[tuple[str, str], set[str]] = {}
    confirmed: set[tuple[str, str]] = set()
    for filename, items in results.items():
        if not isinstance(items, list):
            raise bad(f"results.{str(filename)[:80]} is not a list")
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("hashed_secret"), str) \
                    or not isinstance(item.get("type"), str):
                raise bad(f"results.{str(filename)[:80]}.{i} needs 'type' and 'hashed_secret' "
                          "strings")
            key = (str(filename), item["hashed_secret"])
            if item.get("is_secret") is True:  # audited as a real secret: keep reporting it
                confirmed.add(key)
            else:
                entries.setdefault(key, set()).add(item["type"])
    for key in confirmed:  # another plugin's unaudited entry for the same value does not accept it
        entries.pop(key, None)
    return {k: frozenset(v) for k, v in entries.items()}


def render_baseline(hits: Iterable[Hit]) -> str:
    """A detect-secrets-compatible baseline: sorted, no timestamp, no line numbers; deterministic
    for a tree."""
    from detect_secrets.__version__ import VERSION

    results: dict[str, list[dict[str, object]]] = {}
    seen: set[tuple[str, str, str]] = set()
    for h in hits:
        kind = DS_TYPE.get(h.rule) or h.ds_type or f"launchgate:{h.rule}"
        key = (h.path, kind, secret_hash(h.value))
        if key in seen:
            continue
        seen.add(key)
        results.setdefault(h.path, []).append(
            {"type": kind, "filename": h.path, "hashed_secret": key[2], "is_verified": False}
        )
    doc = {
        "version": VERSION,
        "plugins_used": [{"name": "launchgate"}],
        "filters_used": [],
        "results": {
            p: sorted(v, key=lambda e: (str(e["type"]), str(e["hashed_secret"]))) for p,
            v in sorted(results.items())
        },
    }
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"
