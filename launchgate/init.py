"""`launchgate init`: inspect a repository and render a commented launchgate.yml that validates.

``inspect_repo`` gathers facts (framework, dotenv template, migration folders, Dockerfile) with
bounded reads; ``render`` turns them into YAML text. Sections whose check is not installed are
written commented out, so the output always validates against the schema of the checks that are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from launchgate.editor_schema import CONFIG_SCHEMA_URL, ENV_SCHEMA_URL, modeline
from launchgate.init_scan import (
    App,
    MigrationDir,
    find_apps,
    find_migration_dirs,
    list_files,
    read_small,
)

# (folder, tool) of single-app layouts, kept for the facts' ``migrations`` summary when discovery
# finds nothing
_EXAMPLES = (".env.example", ".env.sample", ".env.template", ".env.dist")
_SECRETISH = re.compile(r"SECRET|PASSWORD|TOKEN|PRIVATE|API_?KEY|_DSN$|CREDENTIAL|"
                        r"(DATABASE|DB|REDIS|MONGO|AMQP|SMTP)_URL", re.IGNORECASE)
_CLIENT_PREFIX = re.compile(
    r"^(NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|PUBLIC_|GATSBY_|VUE_APP_)"
)
_PLAIN = re.compile(r"^[A-Za-z0-9_./@+-]{1,200}$")
_SQL_FROM_HINT = {"django": "`python manage.py sqlmigrate <app> <migration>`",
                  "alembic": "`alembic upgrade <from>:head --sql`",
                  "rails": "SQL you own (Rails cannot print migration SQL)"}


def q(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value``: JSON's double-quoted form, which YAML
    also reads, with every control character, quote and non-ASCII character escaped (a folder name
    cannot become live YAML)."""
    return json.dumps(value, ensure_ascii=True)


def prose(value: str) -> str:
    """Free text for a YAML comment: every character that could break the line (or hide) becomes
    ``?``."""
    return "".join(ch if ch.isprintable() else "?" for ch in value)


def show(value: str) -> str:
    """``value`` for a YAML comment: as is when plain, else quoted (a newline cannot end the
    comment)."""
    return value if _PLAIN.match(value) else q(value)


@dataclass(frozen=True, kw_only=True)
class RepoFacts:
    """What `launchgate init` found in a repository."""

    js_framework: str | None = None  # env-schema framework name, when every app that has one agrees
    py_framework: str | None = None
    env_example: str | None = None
    env_example_keys: tuple[tuple[str, str], ...] = ()  # (name, guessed type)
    env_schema: bool = False
    migrations: tuple[tuple[str, str], ...] = ()  # (dir, tool)
    dockerfile: str | None = None
    exposed_port: int | None = None
    evidence: tuple[str, ...] = field(default_factory=tuple)
    apps: tuple[App, ...] = ()
    migration_dirs: tuple[MigrationDir, ...] = ()
    # a package.json below the root or with dependencies: JavaScript is in play
    js_packages: bool = False


def _read(path: Path) -> str | None:
    return read_small(path)


def _guess_type(name: str, value: str) -> str:
    v = value.strip().strip("'\"")
    if name == "PORT" or name.endswith("_PORT"):
        return "port"
    if re.match(r"^[a-z][a-z0-9+.-]*://", v) or name.endswith(("_URL", "_URI", "_DSN")):
        return "url"
    if v.lower() in ("true",
                     "false") or name.startswith(("ENABLE_",
                                                  "DISABLE_")) or name.endswith("_ENABLED"):
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
    """Facts about ``root`` for `launchgate init`: every app and migrations folder (bounded
    reads)."""
    files = list_files(root)
    apps = tuple(find_apps(root, files))
    dirs = tuple(find_migration_dirs(root, files,
                                     django=any(a.py_framework == "django" for a in apps)))
    js_all = sorted({a.js_framework for a in apps if a.js_framework})
    py_all = [a.py_framework for a in apps if a.py_framework]
    evidence = [f"{show(a.path)}: {a.evidence}" if a.path != "." else a.evidence for a in apps]
    example = next((n for n in _EXAMPLES if (root / n).is_file()), None)
    keys: tuple[tuple[str, str], ...] = ()
    if example:
        keys = _example_keys(_read(root / example) or "")
        evidence.append(f"{example} ({len(keys)} variables)")
    evidence += [f"{d.tool} migrations in {show(d.path)}/" for d in dirs]
    docker = next((n for n in ("Dockerfile", "docker/Dockerfile", "Containerfile")
                   if (root / n).is_file()), None)
    port = None
    if docker:
        evidence.append(f"a {docker}")
        m = re.search(r"^\s*EXPOSE\s+(\d+)", _read(root / docker) or "",
                      re.MULTILINE | re.IGNORECASE)
        port = int(m.group(1)) if m else None
    return RepoFacts(js_framework=js_all[0] if len(js_all) == 1 else None,
                     py_framework=py_all[0] if py_all else None, env_example=example,
                     env_example_keys=keys,
                     env_schema=(root / "env.schema.yaml").is_file(),
                     migrations=tuple((d.path, d.tool) for d in dirs), dockerfile=docker,
                     exposed_port=port,
                     evidence=tuple(evidence), apps=apps, migration_dirs=dirs,
                     js_packages=any(PurePosixPath(p).name == "package.json" for p in files))


def _sections() -> Mapping[str, Any]:
    from launchgate.checks import ALL
    from launchgate.config import build_schema

    props: Mapping[str, Any] = build_schema(ALL)["properties"]
    return props


def _block(lines: list[str], active: bool) -> list[str]:
    """Emit ``lines`` as YAML, or commented out when their section's check is not installed."""
    return lines if active else [("# " + ln) if ln and not ln.startswith("#") else ln
                                 for ln in lines]


def render(facts: RepoFacts, sections: Mapping[str, Any]) -> str:
    """The commented launchgate.yml for ``facts``; sections not in ``sections`` are commented
    out."""
    out = [modeline(CONFIG_SCHEMA_URL),
           "# launchgate.yml, written by `launchgate init`. Every key is optional; `launchgate "
           "schema` prints the",
           "# full JSON Schema (the modeline above lets editors complete and check keys; a ${VAR} "
           "is fine anywhere).",
           "# Run `launchgate check` (add `--environment production` in the deploy job).",
           ""]
    found = "; ".join(facts.evidence) if facts.evidence else "nothing specific (generic defaults)"
    found = prose(found)  # never a line break inside the comment
    out += [f"# Detected: {found}.", "", "version: 1", "",
            "# Fail the gate on findings at or above: blocker | high | medium | low | info | "
            "never.",
            "fail_on: high", "",
            "# Per-rule severity overrides, or off:", "# rules:", "#   env.example-missing-key: "
            "off", ""]
    out += _env_lines(facts, "env" in sections)
    out += _migration_lines(facts, sections)
    if "secrets" in sections:
        out += ["# The secrets check scans the tree with its defaults; see `launchgate rules` for "
                "its rules.", ""]
    out += _target_lines(facts)
    return "\n".join(out).rstrip() + "\n"


def _env_lines(facts: RepoFacts, active: bool) -> list[str]:
    lines = ["# Environment variables: validated per environment against env.schema.yaml "
             "(docs/checks/env.md)."]
    body = ["env:", f"  schema_file: {q('env.schema.yaml')}", "  default_environment: "
            f"{q('development')}"]
    js_all = sorted({a.js_framework for a in facts.apps if a.js_framework})
    if facts.js_framework:
        where = ", ".join(show(a.path) for a in facts.apps if a.js_framework == facts.js_framework)
        body.append(f"  framework: {q(facts.js_framework)}   # from the app's own dependencies "
                    f"({where}): decides which prefixes reach the browser bundle")
    elif len(js_all) > 1:
        lines.append("# The apps use different frameworks (" + "; ".join(
            f"{show(a.path)}: {a.js_framework}" for a in facts.apps
            if a.js_framework) + "), so framework is left")
        lines.append("# unset: every client prefix (NEXT_PUBLIC_, VITE_, ...) then counts as "
                     "reaching a browser.")
    elif facts.apps and not facts.js_packages:
        body.append(f"  framework: {q('none')}   # server-side app(s) only: no variable reaches a "
                    "browser bundle")
    elif facts.apps:
        lines.append("# No app names a framework launchgate knows, but the repository has "
                     "JavaScript packages:")
        lines.append("# framework is left unset, so every client prefix counts as reaching a "
                     "browser.")
    lines += _block(body, active)
    if not facts.env_schema and facts.env_example_keys:
        lines += [f"  # No env.schema.yaml yet: a start from {facts.env_example}, to move into "
                  "env.schema.yaml",
                  "  # (or uncomment here). Set required_in for the variables each environment "
                  "needs. Begin",
                  f"  # env.schema.yaml with `{modeline(ENV_SCHEMA_URL)}` (`launchgate schema "
                  "--env`).",
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
    dirs = facts.migration_dirs or tuple(MigrationDir(path=d, tool=t) for d, t in facts.migrations)
    if not dirs:
        return []
    props = sections.get("migrations", {}).get("properties", {})
    linted = [d for d in dirs if d.linted]
    lines = ["# Migrations: linted for locking and breaking changes. Only those the next deploy "
             "runs are linted",
             "# (scope: unreleased - not on the default branch on a feature branch, else added "
             "since the latest",
             "# release tag): migrations applied to production long ago cannot be changed any "
             "more."]
    for shown, group in _grouped(dirs):
        d = group[0]
        if d.linted:
            lines.append(f"#   {shown}: {d.tool}, linted")
            continue
        hint = _SQL_FROM_HINT.get(d.tool)
        why = f"{d.dialect} migrations: the rules are for PostgreSQL" if d.note else (
            f"{d.tool} migrations are code, not SQL" + (f"; lint the SQL {hint} prints with "
                                                        "migrations.sql_from"
                                                        if hint else ""))
        lines.append(f"#   {shown}: not linted ({prose(why)})")
    body = ["migrations:", f"  scope: {q('unreleased')}"]
    if len(linted) == 1:
        body.append(f"  dir: {q(linted[0].path)}")
    elif len(linted) > 1:
        lines.append("# Several folders: no `dir`, so the check finds and lints every one of them.")
    lines += _block(body, "dir" in props)
    if "apply" in props and linted:
        lines += ["  # Prove they apply on a throwaway PostgreSQL:", "  # apply:",
                  "  #   ephemeral: true"]
    return [*lines, ""]


def _grouped(dirs: Sequence[MigrationDir]) -> list[tuple[str, list[MigrationDir]]]:
    """Folders for the comments; three or more sibling folders alike (versioned subfolders) as one
    line."""
    groups: dict[tuple[str, str, str, bool], list[MigrationDir]] = {}
    for d in dirs:
        groups.setdefault((PurePosixPath(d.path).parent.as_posix(), d.tool, d.dialect, d.linted),
                          []).append(d)
    out: list[tuple[str, list[MigrationDir]]] = []
    for (parent, *_), group in groups.items():
        if len(group) >= 3:
            out.append((f"{show(parent)}/*/ ({len(group)} folders)", group))
        else:
            out += [(f"{show(d.path)}/", [d]) for d in group]
    return out


def _target_lines(facts: RepoFacts) -> list[str]:
    lines = ["# The live deployment, for `launchgate check --phase post` (DNS, TLS, headers, "
             "probes):",
             "# targets:", "#   domain: example.com", "#   canonical: https://example.com",
             "#   hosts: [example.com, www.example.com]"]
    if facts.dockerfile and facts.exposed_port:
        lines += [f"#   # {facts.dockerfile} exposes port {facts.exposed_port}; to gate a "
                  "container running locally:",
                  f"#   resolve: [\"example.com:{facts.exposed_port}:127.0.0.1\"]",
                  f"#   ports: {{http: {facts.exposed_port}}}"]
    return lines


def render_init(root: Path) -> str:
    """Inspect ``root`` and return launchgate.yml text that validates against the installed checks'
    schema."""
    return render(inspect_repo(root), _sections())
