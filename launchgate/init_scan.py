"""What `launchgate init` finds in a repository, monorepos included: every app and migrations
folder.

Apps are folders (up to four levels deep, plus what package.json ``workspaces`` and
pnpm-workspace.yaml name) with their own manifest; each app's framework comes from its own
dependencies, never the root's. Migration folders are found by the migrations check's own detection
(so init names exactly what the check will lint), plus the ORM layouts it cannot lint (Django,
Rails, Alembic). Reads are bounded: small files only, a capped number of paths.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from launchgate.containment import Refused, read_regular

MAX_READ = 512 * 1024
MAX_PATHS = 200_000
APP_DEPTH = 4  # apps/web, packages/api, services/x/y: folders up to four levels below the root
FILE_DEPTH = 8  # files deep enough for packages/db/prisma/migrations/<stamp>/migration.sql
_SKIP = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", "dist", "build", ".next",
                   ".turbo",
                   "vendor", "third_party", "target", ".cache", "coverage", ".output",
                   ".svelte-kit", "tmp"})
_MANIFESTS = ("package.json", "pyproject.toml", "requirements.txt", "Gemfile", "go.mod")

# package.json dependency -> env-schema framework (first match wins: meta-frameworks before Vite).
JS_FRAMEWORKS = (("next", "nextjs"), ("nuxt", "nuxt"), ("@sveltejs/kit", "sveltekit"),
                 ("astro", "astro"),
                 ("gatsby", "gatsby"), ("expo", "expo"), ("@vue/cli-service", "vue-cli"),
                 ("react-scripts", "cra"), ("vite", "vite"))
PY_FRAMEWORKS = ("django", "fastapi", "flask", "starlette", "litestar", "sanic", "quart", "aiohttp")
FRAMEWORK_LABEL = {"nextjs": "Next.js", "nuxt": "Nuxt", "sveltekit": "SvelteKit", "astro": "Astro",
                   "gatsby": "Gatsby", "expo": "Expo", "vue-cli": "Vue CLI",
                   "cra": "Create React App",
                   "vite": "Vite"}


@dataclass(frozen=True, kw_only=True)
class App:
    """One app of the repository: its folder ("." for the root) and the framework its own manifest
    names."""

    path: str
    js_framework: str | None = None  # env-schema framework name
    py_framework: str | None = None
    other: str | None = None  # "Rails", "Go": server-side, nothing reaches a browser bundle
    evidence: str = ""


@dataclass(frozen=True, kw_only=True)
class MigrationDir:
    """A migrations folder: the tool, the dialect, and whether the migrations check lints it (why
    not, if not)."""

    path: str
    tool: str
    dialect: str = "postgresql"
    linted: bool = True
    note: str = ""


def read_small(path: Path) -> str | None:
    try:
        if path.is_symlink():
            return None
        # judged on the descriptor it reads
        return read_regular(path, MAX_READ).decode("utf-8", "replace")
    except (Refused, OSError):
        return None


def list_files(root: Path) -> list[str]:
    """Repo-relative file paths up to FILE_DEPTH, skipping dependency and build folders
    (bounded)."""
    out: list[str] = []
    base = len(root.parts)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        depth = len(Path(dirpath).parts) - base
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP and depth + 1 < FILE_DEPTH)
        rel = Path(dirpath).relative_to(root).as_posix()
        out.extend(f if rel == "." else f"{rel}/{f}" for f in sorted(filenames))
        if len(out) >= MAX_PATHS:
            break
    return out


def js_framework(root: Path, app: str, *, markers: bool = False) -> tuple[str | None, str]:
    """The framework ``app``'s own package.json names; with ``markers``, only when its config files
    say it is an app of that framework (see _APP_MARKERS)."""
    text = read_small(root / app / "package.json")
    try:
        pkg = json.loads(text) if text is not None else None
    except ValueError:
        return None, ""
    deps: dict[str, Any] = {}
    if isinstance(pkg, dict):
        for key in ("dependencies", "devDependencies"):
            if isinstance(pkg.get(key), dict):
                deps.update(pkg[key])
    for dep, name in JS_FRAMEWORKS:
        if dep in deps and (not markers or _is_app(root / app, name)):
            return name, f"{FRAMEWORK_LABEL[name]} ({_join(app, 'package.json')}: {dep})"
    return None, ""


# A package that depends on a framework is an app of it only with the framework's own config or
# entry files:
# libraries list next or vite as peer/dev dependencies (to build or test), and the monorepo root has
# them hoisted.
_APP_MARKERS = {
    "nextjs": ("next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs", "app",
               "pages", "src/app",
               "src/pages"),
    "nuxt": ("nuxt.config.ts", "nuxt.config.js", "nuxt.config.mjs"),
    "sveltekit": ("svelte.config.js", "svelte.config.ts", "svelte.config.mjs"),
    "astro": ("astro.config.mjs", "astro.config.ts", "astro.config.js"),
    "gatsby": ("gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs"),
    "expo": ("app.json", "app.config.js", "app.config.ts"),
    "vue-cli": ("vue.config.js", "public/index.html"),
    "cra": ("public/index.html",),
    # an app has an entry page; a library built with vite has only vite.config
    "vite": ("index.html",),
}


def _is_app(folder: Path, framework: str) -> bool:
    return any((folder / m).exists() for m in _APP_MARKERS.get(framework, ()))


def py_framework(root: Path, app: str) -> tuple[str | None, str]:
    names: list[str] = []
    text = read_small(root / app / "pyproject.toml")
    if text is not None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            data = {}
        project = data.get("project", {}) if isinstance(data.get("project"), dict) else {}
        names += [str(d) for d in project.get("dependencies", []) or []]
        poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"),
                                                                      dict) else {}
        names += list((poetry.get("dependencies") or {}).keys()) if isinstance(poetry, dict) else []
    for req in ("requirements.txt", "requirements/base.txt", "requirements/prod.txt"):
        names += (read_small(root / app / req) or "").splitlines()
    for dep in names:
        base = re.split(r"[\s<>=!~\[;]", dep.strip().lower(), maxsplit=1)[0]
        if base in PY_FRAMEWORKS:
            return base, f"{base} ({_join(app, 'Python dependency')})"
    return None, ""


def _join(app: str, name: str) -> str:
    return name if app == "." else f"{app}/{name}"


def workspace_globs(root: Path) -> list[str]:
    """Folder globs from package.json ``workspaces`` (list or {packages: [...]}) and
    pnpm-workspace.yaml."""
    globs: list[str] = []
    try:
        pkg = json.loads(read_small(root / "package.json") or "null")
    except ValueError:
        pkg = None
    ws = pkg.get("workspaces") if isinstance(pkg, dict) else None
    if isinstance(ws, dict):
        ws = ws.get("packages")
    if isinstance(ws, list):
        globs += [g for g in ws if isinstance(g, str)]
    pnpm = read_small(root / "pnpm-workspace.yaml") or ""
    globs += re.findall(r"""^\s*-\s*["']?([^"'#\n]+?)["']?\s*(?:#.*)?$""", pnpm, re.MULTILINE)
    return [g.strip().rstrip("/") for g in globs if g.strip()
            and not g.strip().startswith("!")][:50]


def find_apps(root: Path, files: list[str]) -> list[App]:
    """Every folder with its own manifest up to APP_DEPTH, plus workspace members; the framework of
    each."""
    dirs = {PurePosixPath(p).parent.as_posix() for p in files
            if PurePosixPath(p).name in _MANIFESTS and len(PurePosixPath(p).parts) <= APP_DEPTH + 1}
    for g in workspace_globs(root):
        try:
            dirs.update(p.relative_to(root).as_posix() for p in list(root.glob(g))[:200]
                        if p.is_dir() and not p.is_symlink() and (p / "package.json").is_file())
        except (ValueError, OSError, NotImplementedError):
            continue  # an absolute or malformed glob: nothing to add
    monorepo = bool(workspace_globs(root)) or len(dirs) > 1
    apps: list[App] = []
    for d in sorted(dirs):
        # a single-app repo's root is the app; in a monorepo the root's dependencies are hoisted
        # tooling
        js, js_ev = js_framework(root, d, markers=monorepo or d != ".")
        py, py_ev = py_framework(root, d)
        other, other_ev = None, ""
        if (root / d / "Gemfile").is_file() and "rails" in (read_small(root / d / "Gemfile") or ""):
            other, other_ev = "Rails", f"Rails ({_join(d, 'Gemfile')})"
        elif (root / d / "go.mod").is_file():
            other, other_ev = "Go", f"Go ({_join(d, 'go.mod')})"
        if js or py or other:
            apps.append(App(path=d, js_framework=js, py_framework=py, other=other,
                            evidence="; ".join(e for e in (js_ev, py_ev, other_ev) if e)))
    return apps


def find_migration_dirs(root: Path, files: list[str], *,
                        django: bool = False) -> list[MigrationDir]:
    """The migrations check's own layouts (tool, dialect), then the ORM folders it cannot lint."""
    from launchgate.checks.migrations.layout import RepoView, candidate_roots, sql_text_paths
    from launchgate.checks.migrations.plan import find_layouts
    from launchgate.checks.migrations.schema import Settings

    roots = candidate_roots(files)
    texts = {p: t for p in sql_text_paths(files, roots) if (t := read_small(root / p)) is not None}
    found = find_layouts(RepoView(paths=tuple(files), texts=texts), Settings.of({}), None)
    out = [MigrationDir(path=lay.root, tool=lay.tool.value, dialect=lay.dialect)
           for lay in found.layouts]
    for note in found.skipped:
        path, _, why = note.partition(": ")
        m = re.match(r"(?P<d>[a-z]+) migrations \((?P<t>[a-z-]+)", why)
        out.append(MigrationDir(path=path, tool=m.group("t") if m else "sql", dialect=m.group("d")
                                if m else "?",
                                linted=False, note=why))
    known = set(files)
    for p in files:
        pp = PurePosixPath(p)
        parent = pp.parent.as_posix()
        if (
            pp.parent.name == "migrations"
            and pp.suffix == ".py"
            and (re.match(r"^\d{4}_", pp.name) or (django and pp.name == "__init__.py"))
        ):
            out.append(MigrationDir(path=parent, tool="django", linted=False))
        elif parent.endswith("db/migrate") and pp.suffix == ".rb":
            out.append(MigrationDir(path=parent, tool="rails", linted=False))
        elif pp.parent.name == "versions" and pp.suffix == ".py" and any(
                f"{a}/alembic.ini" in known or (a == "." and "alembic.ini" in known)
                for a in _ancestors(pp.parent.parent)):
            out.append(MigrationDir(path=parent, tool="alembic", linted=False))
    seen: dict[str, MigrationDir] = {}
    for d in out:
        seen.setdefault(d.path, d)
    return sorted(seen.values(), key=lambda m: (not m.linted, m.path))


def _ancestors(p: PurePosixPath) -> list[str]:
    return [p.as_posix(), *(a.as_posix() for a in p.parents)]
