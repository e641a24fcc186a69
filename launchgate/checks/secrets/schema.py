"""The ``secrets`` config section: its JSON Schema fragment (the only place its defaults live) and
the typed Settings built from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from launchgate import pathglob
from launchgate.check import settings_of
from launchgate.saferegex import UntrustedPattern, compile_untrusted

SCOPES = ("tree", "diff", "history", "bundles", "files", "staged")
DEFAULT_BUNDLES = ("dist", "build", ".next/static", "out")

SECTION: dict[str, Any] = {
    "type": "object",
    "description": "Secret scanning: the tracked tree, a PR's added lines, git history, build "
    "output or given files.",
    "additionalProperties": False,
    "properties": {
        "scopes": {"type": "array", "items": {"enum": list(SCOPES)}, "uniqueItems": True,
                   "description": "What to scan. Default: diff when the run has a PR base (and "
                   "not --all), else tree."},
        "bundles": {"type": "array", "items": {"type": "string"}, "default": list(DEFAULT_BUNDLES),
                    "description": "Build-output directories the bundles scope scans (relative to "
                    "the repo)."},
        "history": {"type": "string", "default": "",
                    "description": "Commit range for the history scope (e.g. v1.0..HEAD); empty: "
                    "all commits."},
        "allowlist": {"type": "array", "default": [], "description": "Accepted paths or values, "
                      "each with a reason.",
                      "items": {"type": "object", "additionalProperties": False,
                                "required": ["reason"],
                                "properties": {
                                    "path": {"type": "string",
                                             "description": "Files not to scan (gitignore "
                                             "rules)."},
                                    "regex": {"type": "string", "format": "regex",
                                              "description": "Regex a secret value may match."},
                                    "reason": {"type": "string", "minLength": 3,
                                               "description": "Why it is safe."}},
                                "anyOf": [{"required": ["path"]}, {"required": ["regex"]}]}},
        "max_file_bytes": {"type": "integer", "minimum": 1024, "maximum": 256 * 1024 * 1024,
                           "default": 8 * 1024 * 1024,
                           "description": "Files larger than this are not read (reported as not "
                           "scanned)."},
        "workers": {"type": "integer", "minimum": 1, "maximum": 64, "default": 2,
                    "description": "Scanner processes (detect-secrets' settings are per process)."},
        "detect_secrets": {"type": "boolean", "default": True,
                           "description": "Also run detect-secrets' plugins (offline: no "
                           "verification requests)."},
        "entropy": {"type": "boolean", "default": False,
                    "description": "Report detect-secrets' high-entropy strings (noisy; off by "
                    "default)."},
        "baseline_file": {"type": "string", "default": ".secrets.baseline",
                          "description": "detect-secrets baseline whose entries are accepted."},
        "env_schema": {"type": "string", "default": "env.schema.yaml",
                       "description": "Env schema whose `secret: true` variables' exact values "
                       "are searched for."},
        "timeout_s": {"type": "number", "minimum": 1, "default": 600,
                      "description": "Deadline for each git command of the diff and history "
                      "scopes."},
        "fetch_missing": {"type": "boolean",  # no default: unset means "on under GitHub Actions"
                          "description": "On a shallow clone without the PR's base or head commit, "
                                         "fetch exactly those commits (`git fetch --depth=1 "
                                         "origin SHA`, the only network access before deploy), "
                                         "said in the log. Unset: on under GitHub Actions, off "
                                         "elsewhere. Off: the tree is scanned and the run says it "
                                         "was limited."},
    },
}

SCHEMA: dict[str, dict[str, Any]] = {"secrets": SECTION}


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The ``secrets`` section, typed; every default comes from SCHEMA. ``scopes`` None: chosen from
    the run (diff on a PR, else tree). The allowlist is split once into path globs and compiled
    value patterns."""

    scopes: tuple[str, ...] | None
    bundles: tuple[str, ...]
    history: str
    allowlist: tuple[Mapping[str, str], ...]
    max_file_bytes: int
    workers: int
    detect_secrets: bool
    entropy: bool
    baseline_file: str
    env_schema: str
    timeout_s: float
    fetch_missing: bool | None  # read by the run (clone.prepare), not by the check
    path_allow: tuple[str, ...] = field(init=False)
    value_allow: tuple[UntrustedPattern, ...] = field(init=False)

    # untrusted patterns: a length cap, and a time budget on every match
    def __post_init__(self) -> None:
        regexes = tuple(compile_untrusted(str(a["regex"]), f"secrets.allowlist.{i}.regex")
                        for i, a in enumerate(self.allowlist) if a.get("regex"))
        object.__setattr__(self, "value_allow", regexes)
        object.__setattr__(self, "path_allow",
                           tuple(a["path"] for a in self.allowlist if a.get("path")))

    @classmethod
    def of(cls, section: Mapping[str, Any]) -> Settings:
        return settings_of(cls, SECTION, section)

    def excluded(self, rel: str) -> bool:
        return pathglob.matches(rel, self.path_allow)  # gitignore rules, as every path pattern
