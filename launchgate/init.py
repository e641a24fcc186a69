"""`launchgate init`: inspect a repository and render a commented launchgate.yml that validates.

``inspect_repo`` gathers facts (framework, dotenv template, migration folders, Dockerfile) with bounded reads;
``render`` turns them into YAML text. Sections whose check is not installed are written commented out, so the
output always validates against the schema of the checks that are.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_MAX_READ = 512 * 1024

# package.json dependency -> env-schema framework (first match wins: meta-frameworks before Vite).
_JS_FRAMEWORKS = (("next", "nextjs"), ("nuxt", "nuxt"), ("@sveltejs/kit", "sveltekit"), ("astro", "astro"),
                  ("gatsby", "gatsby"), ("expo", "expo"), ("@vue/cli-service", "vue-cli"),
                  ("react-scripts", "cra"), ("vite", "vite"))
_PY_FRAMEWORKS = ("django", "fastapi", "flask", "starlette", "litestar", "sanic", "quart", "aiohttp")
_FRAMEWORK_LABEL = {"nextjs": "Next.js", "nuxt": "Nuxt", "sveltekit": "SvelteKit", "astro": "Astro",
                    "gatsby": "Gatsby", "expo": "Expo", "vue-cli": "Vue CLI", "cra": "Create React App",
                    "vite": "Vite"}
# (folder, tool) in the order a repository is most likely to use them
_MIGRATION_DIRS = (("prisma/migrations", "prisma"), ("supabase/migrations", "supabase"), ("db/migrate", "rails"),
                   ("db/migrations", "sql"), ("migrations", "sql"), ("alembic/versions", "alembic"),
                   ("drizzle", "drizzle"), ("sql/migrations", "sql"))
_EXAMPLES = (".env.example", ".env.sample", ".env.template", ".env.dist")
_SECRETISH = re.compile(r"SECRET|PASSWORD|TOKEN|PRIVATE|API_?KEY|_DSN$|CREDENTIAL|"
                        r"(DATABASE|DB|REDIS|MONGO|AMQP|SMTP)_URL", re.IGNORECASE)
_CLIENT_PREFIX = re.compile(r"^(NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|PUBLIC_|GATSBY_|VUE_APP_)")


@dataclass(frozen=True, kw_only=True)
class RepoFacts:
    """What `launchgate init` found in a repository."""

    js_framework: str | None = None  # env-schema framework name
    py_framework: str | None = None
    env_example: str | None = None
    env_example_keys: tuple[tuple[str, str], ...] = ()  # (name, guessed type)
    env_schema: bool = False
    migrations: tuple[tuple[str, str], ...] = ()  # (dir, tool)
    dockerfile: str | None = None
    exposed_port: int | None = None
    evidence: tuple[str, ...] = field(default_factory=tuple)


def _read(path: Path) -> str | None:
    try:
        if not path.is_file() or path.stat().st_size > _MAX_READ:
            return None
        return path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return None


def _js_framework(root: Path) -> tuple[str | None, str | None]:
    text = _read(root / "package.json")
    if text is None:
        return None, None
    try:
        pkg = json.loads(text)
    except ValueError:
        return None, "package.json (unparseable)"
    deps: dict[str, Any] = {}
    if isinstance(pkg, dict):
        for key in ("dependencies", "devDependencies"):
            if isinstance(pkg.get(key), dict):
                deps.update(pkg[key])
    for dep, name in _JS_FRAMEWORKS:
        if dep in deps:
            return name, f"{_FRAMEWORK_LABEL[name]} (package.json: {dep})"
    return None, "package.json"


def _py_framework(root: Path) -> tuple[str | None, str | None]:
    names: list[str] = []
    text = _read(root / "pyproject.toml")
    if text is not None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            data = {}
        project = data.get("project", {}) if isinstance(data.get("project"), dict) else {}
        names += [str(d) for d in project.get("dependencies", []) or []]
        poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
        names += list((poetry.get("dependencies") or {}).keys()) if isinstance(poetry, dict) else []
    req = _read(root / "requirements.txt")
    if req is not None:
        names += req.splitlines()
    for dep in names:
        base = re.split(r"[\s<>=!~\[;]", dep.strip().lower(), maxsplit=1)[0]
        if base in _PY_FRAMEWORKS:
            return base, f"{base} (Python dependency)"
    return None, None


def _guess_type(name: str, value: str) -> str:
    v = value.strip().strip("'\"")
    if name == "PORT" or name.endswith("_PORT"):
        return "port"
    if re.match(r"^[a-z][a-z0-9+.-]*://", v) or name.endswith(("_URL", "_URI", "_DSN")):
        return "url"
    if v.lower() in ("true", "false") or name.startswith(("ENABLE_", "DISABLE_")) or name.endswith("_ENABLED"):
        return "bool"
    if re.fullmatch(r"\d+", v):
        return "int"
    return "string"


def _example_keys(text: str) -> tuple[tuple[str, str], ...]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        m = re.match(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$", line)
        if m and m.group(1) not in out:
            out[m.group(1)] = _guess_type(m.group(1), m.group(2).split(" #", 1)[0])
    return tuple(out.items())


def inspect_repo(root: Path) -> RepoFacts:
    """Facts about ``root`` for `launchgate init` (reads a few small files; never follows the whole tree)."""
    evidence: list[str] = []
    js, js_ev = _js_framework(root)
    py, py_ev = _py_framework(root)
    evidence += [e for e in (js_ev, py_ev) if e]
    example = next((n for n in _EXAMPLES if (root / n).is_file()), None)
    keys: tuple[tuple[str, str], ...] = ()
    if example:
        keys = _example_keys(_read(root / example) or "")
        evidence.append(f"{example} ({len(keys)} variables)")
    migrations = tuple((d, tool) for d, tool in _MIGRATION_DIRS if (root / d).is_dir())
    if py == "django":
        migrations += tuple((p.parent.relative_to(root).as_posix(), "django")
                            for p in sorted(root.glob("*/migrations/__init__.py"))[:20])
    evidence += [f"{tool} migrations in {d}/" for d, tool in migrations]
    docker = next((n for n in ("Dockerfile", "docker/Dockerfile", "Containerfile") if (root / n).is_file()), None)
    port = None
    if docker:
        evidence.append(f"a {docker}")
        m = re.search(r"^\s*EXPOSE\s+(\d+)", _read(root / docker) or "", re.MULTILINE | re.IGNORECASE)
        port = int(m.group(1)) if m else None
    return RepoFacts(js_framework=js, py_framework=py, env_example=example, env_example_keys=keys,
                     env_schema=(root / "env.schema.yaml").is_file(), migrations=migrations, dockerfile=docker,
                     exposed_port=port, evidence=tuple(evidence))


def _sections() -> Mapping[str, Any]:
    from launchgate.checks import ALL
    from launchgate.config import build_schema

    props: Mapping[str, Any] = build_schema(ALL)["properties"]
    return props


def _block(lines: list[str], active: bool) -> list[str]:
    """Emit ``lines`` as YAML, or commented out when their section's check is not installed."""
    return lines if active else [("# " + ln) if ln and not ln.startswith("#") else ln for ln in lines]


def render(facts: RepoFacts, sections: Mapping[str, Any]) -> str:
    """The commented launchgate.yml for ``facts``; sections not in ``sections`` are commented out."""
    out = ["# launchgate.yml, written by `launchgate init`. Every key is optional; `launchgate schema` prints the",
           "# full JSON Schema. Run `launchgate check` (add `--environment production` in the deploy job).",
           ""]
    found = "; ".join(facts.evidence) if facts.evidence else "nothing specific (generic defaults)"
    out += [f"# Detected: {found}.", "", "version: 1", "",
            "# Fail the gate on findings at or above: blocker | high | medium | low | info | never.",
            "fail_on: high", "",
            "# Per-rule severity overrides, or off:", "# rules:", "#   env.example-missing-key: off", ""]
    out += _env_lines(facts, "env" in sections)
    out += _migration_lines(facts, sections)
    if "secrets" in sections:
        out += ["# The secrets check scans the tree with its defaults; see `launchgate rules` for its rules.", ""]
    out += _target_lines(facts)
    return "\n".join(out).rstrip() + "\n"


def _env_lines(facts: RepoFacts, active: bool) -> list[str]:
    lines = ["# Environment variables: validated per environment against env.schema.yaml (docs/checks/env.md)."]
    body = ["env:", "  schema_file: env.schema.yaml", "  default_environment: development"]
    if facts.js_framework:
        body.append(f"  framework: {facts.js_framework}   # decides which prefixes reach the browser bundle")
    elif facts.py_framework:
        body.append("  framework: none   # server-side app: no variable reaches a browser bundle")
    lines += _block(body, active)
    if not facts.env_schema and facts.env_example_keys:
        lines += [f"  # No env.schema.yaml yet: a start from {facts.env_example}, to move into env.schema.yaml",
                  "  # (or uncomment here). Set required_in for the variables each environment needs.",
                  "  # environments: [development, staging, production]", "  # vars:"]
        for name, typ in facts.env_example_keys[:80]:
            attrs = [f"type: {typ}"]
            if _SECRETISH.search(name) and not _CLIENT_PREFIX.match(name):
                attrs.append("secret: true")
            if _CLIENT_PREFIX.match(name):
                attrs.append("public: true")
            lines.append(f"  #   {name}: {{{', '.join(attrs)}, required_in: [production]}}")
    return [*lines, ""]


def _migration_lines(facts: RepoFacts, sections: Mapping[str, Any]) -> list[str]:
    if not facts.migrations:
        return []
    first_dir, tool = facts.migrations[0]
    props = sections.get("migrations", {}).get("properties", {})
    lines = [f"# Migrations: {tool} files in {first_dir}/ (linted for locking and breaking changes)."]
    body = ["migrations:", f"  dir: {first_dir}"]
    lines += _block(body, "dir" in props)
    if "apply" in props:
        lines += ["  # Prove they apply on a throwaway PostgreSQL:", "  # apply:", "  #   ephemeral: true"]
    return [*lines, ""]


def _target_lines(facts: RepoFacts) -> list[str]:
    lines = ["# The live deployment, for `launchgate check --phase post` (DNS, TLS, headers, probes):",
             "# targets:", "#   domain: example.com", "#   canonical: https://example.com",
             "#   hosts: [example.com, www.example.com]"]
    if facts.dockerfile and facts.exposed_port:
        lines += [f"#   # {facts.dockerfile} exposes port {facts.exposed_port}; to gate a container running locally:",
                  f"#   resolve: [\"example.com:{facts.exposed_port}:127.0.0.1\"]",
                  f"#   ports: {{http: {facts.exposed_port}}}"]
    return lines


def render_init(root: Path) -> str:
    """Inspect ``root`` and return launchgate.yml text that validates against the installed checks' schema."""
    return render(inspect_repo(root), _sections())
