"""What launchgate.yml may point at and what its errors may quote (config.py's guards, kept apart
from parsing).

* ``check_paths``: path keys (PATH_KEYS) resolve inside the repository or the config's folder; a
  value that came whole from ``${VAR}`` is the runner's choice and may point elsewhere; the CA
  bundle must be a regular PEM file under its cap.
* ``Taint``: which key paths and values came from the environment or sit under a secret-looking key,
  so that every error quoting them masks them (``sk_l…(40 chars)``).
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from launchgate.containment import InputError, Refused, inside, read_regular
from launchgate.redact import mask, scrub

MAX_CA_BUNDLE_BYTES = 4 * 1024 * 1024
# Config values that name a file or directory; each must resolve inside the repository (or the
# config's folder).
PATH_KEYS = ("baseline", "targets.ca_bundle", "env.schema_file", "env.dir", "secrets.baseline_file",
             "secrets.env_schema", "migrations.dir", "latency.baseline")
SECRET_KEY_RE = re.compile(
    r"(?:^|[_-])(?:token|secret|secrets|password|passwd|pwd|pass|key|apikey|dsn|credentials?|auth|authorization|cookie|session|private|database_url|db_url)(?:$|[_-])",
    re.IGNORECASE,
)


class ConfigError(InputError):
    """A config problem, already formatted as one line with file, line and key path."""


@dataclass
class Taint:
    """What an error must not quote: key paths whose value came from ${ENV} or sits under a
    secret-looking key, and the substituted values themselves (scrubbed wherever they appear in a
    message)."""

    paths: set[str] = field(default_factory=set)
    values: set[str] = field(default_factory=set)
    # the subset that stays masked in the whole run's output
    secrets: set[str] = field(default_factory=set)
    # paths whose value is one ${VAR}: the runner's choice
    whole: set[str] = field(default_factory=set)

    def covers(self, path: str) -> bool:
        """Whether the value at ``path`` holds (or is part of) something tainted."""
        if secret_key(path):
            return True
        return any(t == path or t.startswith(path + ".") or path.startswith(t + ".") or not path
                   for t in self.paths)

    def clean(self, text: str) -> str:
        return str(scrub(text, self.values))


def secret_key(path: str) -> bool:
    """A dotted key path whose own key (or a parent's) looks like it holds a secret; ``rules`` is
    rule ids."""
    parts = path.split(".")
    if parts[0] == "rules":
        return False
    if parts[0] == "secrets":  # the section's name, not a secret: its keys are judged on their own
        parts = parts[1:]
    return any(SECRET_KEY_RE.search(p) for p in parts if not p.isdigit())


def line_of(lines: Mapping[str, int], path: str) -> int:
    while path:
        if path in lines:
            return lines[path]
        path = path.rsplit(".", 1)[0] if "." in path else ""
    return 1


def check_paths(data: Mapping[str, Any], root: Path, base: Path, where: str,
                lines: Mapping[str, int],
                taint: Taint) -> None:
    """Every PATH_KEYS value resolves inside ``root`` (or the config's own folder): ConfigError
    otherwise.

    A path written in the file is the repository's (a pull request can change it) and must stay
    inside; one that came whole from ${VAR} was chosen by whoever runs launchgate (a CI-provided CA
    bundle, a previous run's report) and may point anywhere. The message quotes the value as written
    (masked when it came from the environment), never the target's content."""
    for key in PATH_KEYS:
        value = _get(data, key)
        if not isinstance(value, str) or not value:
            continue
        spot = f"{where}:{line_of(lines, key)}: {key}"
        shown = str(mask(value)) if taint.covers(key) else (value if len(value) <= 200
                                                            else str(mask(value)))
        target = next((t for b in dict.fromkeys((base, root))
                       for t in (inside(root, b, value), inside(base, b, value))
                       if t is not None), None)
        if target is None and key in taint.whole and len(value) <= 4096:
            target = (base / value).absolute()
        if target is None:
            raise ConfigError(taint.clean(f"{spot}: {shown!r} is outside the repository (paths "
                                          "are resolved inside it: no '..' or absolute paths "
                                          "that leave it)"))
        if key == "targets.ca_bundle":
            _check_ca_bundle(target, f"{spot}: {shown}", taint)


def _check_ca_bundle(target: Path, spot: str, taint: Taint) -> None:
    try:
        text = read_regular(target, MAX_CA_BUNDLE_BYTES, target.name).decode("ascii")
        if "-----BEGIN CERTIFICATE-----" not in text:
            raise ValueError("no -----BEGIN CERTIFICATE----- block")
        ssl.create_default_context().load_verify_locations(cadata=text)
    except Refused as exc:
        raise ConfigError(taint.clean(f"{spot}: {exc.reason}")) from None
    except (UnicodeDecodeError, ValueError, ssl.SSLError) as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        if isinstance(exc, UnicodeDecodeError):
            detail = "not ASCII text"
        raise ConfigError(taint.clean(f"{spot}: not a PEM certificate bundle ({detail})")) from None


def _get(data: Mapping[str, Any], dotted: str) -> Any:
    value: Any = data
    for part in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value

