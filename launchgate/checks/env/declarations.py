"""Where a repository declares the environment variables its apps need, besides its dotenv
templates: compose ``environment:`` blocks, ``turbo.json`` env lists, CI workflow ``env:`` maps,
Dockerfile ``ENV``/``ARG``, Kubernetes/Helm ``env: [{name: ...}]`` lists, Heroku ``app.json`` and
Render ``envVars``, and ``*.env`` files (``variables.env``). A variable named in any of them is
declared: env.used-but-undeclared does not report it.

Pure functions of (path, text); the check decides which files to feed in (DECLARATION_GLOBS).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import yaml

# The files read for declarations (basename or path globs, as repo.walk matches them).
# gitignore-style (launchgate/pathglob.py): `**/` matches any depth, a leading folder is anchored
DECLARATION_GLOBS = (
    "docker-compose*.yml", "docker-compose*.yaml", "compose*.yml", "compose*.yaml", "turbo.json",
    ".github/workflows/*.yml", ".github/workflows/*.yaml", "Dockerfile", "Dockerfile.*",
    "*.Dockerfile",
    "*.dockerfile", "app.json", "render.yaml", "*.env", "values*.yaml", "values*.yml",
    "**/templates/*.yaml",
    "**/templates/*.yml", "**/k8s/*.yaml", "**/k8s/*.yml", "**/kubernetes/*.yaml",
    "**/deploy/*.yaml",
    "**/deploy/*.yml", "next.config.js", "next.config.mjs", "next.config.cjs", "next.config.ts",
)
_ENV_KEYS = frozenset({"environment", "env", "envvars", "globalenv", "passthroughenv",
                       "globalpassthroughenv",
                       "extraenv", "extraenvvars"})
_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DOCKER = re.compile(r"^\s*(ENV|ARG)\s+(.+)$", re.IGNORECASE | re.MULTILINE)
_DOTENV_KEY = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=", re.MULTILINE)
# Helm templates are not YAML until rendered: `- name: VAR` lines are read as text.
_NAME_LINE = re.compile(r"^\s*-\s*name:\s*[\"']?([A-Z][A-Z0-9_]*)[\"']?\s*$", re.MULTILINE)
_INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)")


def declared_in(path: str, text: str) -> set[str]:
    """The variable names ``path`` declares (empty when it is not a declaration file or cannot be
    parsed)."""
    name = path.rsplit("/", 1)[-1]
    if (
        name == "Dockerfile"
        or name.startswith("Dockerfile.")
        or name.lower().endswith(".dockerfile")
    ):
        return _dockerfile(text)
    if name.endswith(".env"):
        return set(_DOTENV_KEY.findall(text))
    if name.startswith("next.config."):
        return _next_env(text)
    if name.endswith(".json"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return set()
        return set(_walk(data, 0))
    names = set(_NAME_LINE.findall(text))
    if name.startswith(("docker-compose", "compose")):
        names.update(_INTERPOLATION.findall(text))  # `${VAR:-d}`: compose passes the variable in
    try:
        docs = list(yaml.safe_load_all(text))
    except (yaml.YAMLError, RecursionError, ValueError):
        return names
    for doc in docs:
        names.update(_walk(doc, 0))
    return names


_NEXT_ENV = re.compile(r"\benv\s*:\s*\{")
_ENTRY_KEY = re.compile(r"\s*[\"']?([A-Za-z_$][\w$]*)[\"']?\s*(?::|$)")


def _next_env(text: str) -> set[str]:
    """Next.js inlines ``env: { version, API_URL: "..." }`` of next.config at build time:
    ``process.env.version`` is set by the config itself (shorthand and ``key:`` entries)."""
    m = _NEXT_ENV.search(text)
    if not m:
        return set()
    body, depth, pieces, start = text[m.end():m.end() + 20_000], 0, [], 0
    for i, c in enumerate(body):
        if c in "{[(":
            depth += 1
        elif c in "}])":
            if depth == 0:
                pieces.append(body[start:i])
                break
            depth -= 1
        elif c == "," and depth == 0:
            pieces.append(body[start:i])
            start = i + 1
    return {k.group(1) for p in pieces if (k := _ENTRY_KEY.match(p))}


def _dockerfile(text: str) -> set[str]:
    out: set[str] = set()
    for m in _DOCKER.finditer(text):
        words = m.group(2).split()
        if words and "=" in words[0]:  # ENV A=1 B=2, ARG A=1
            out.update(k for k, _, _ in (w.partition("=") for w in words) if _VAR.fullmatch(k))
        elif words and _VAR.fullmatch(words[0]):  # ENV A 1, ARG A
            out.add(words[0])
    return out


def _walk(node: object, depth: int) -> Iterator[str]:
    """Names under any ``env``-like key, at any depth (bounded)."""
    if depth > 12:
        return
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(k, str) and k.lower() in _ENV_KEYS:
                yield from _env_value(v)
            yield from _walk(v, depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, depth + 1)


def _env_value(v: object) -> Iterator[str]:
    """``{VAR: value}``, ``["VAR=value", "VAR"]`` or ``[{name: VAR}, {key: VAR}]``."""
    if isinstance(v, dict):
        yield from (k for k in v if isinstance(k, str) and _VAR.fullmatch(k))
    elif isinstance(v, list):
        for item in v:
            if isinstance(item, str):
                key = item.split("=", 1)[0].strip()
                if _VAR.fullmatch(key):
                    yield key
            elif isinstance(item, dict):
                named = item.get("name", item.get("key"))
                if isinstance(named, str) and _VAR.fullmatch(named):
                    yield named
