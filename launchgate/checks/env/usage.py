"""Which environment variables the code reads: JS/TS (process.env, import.meta.env, SvelteKit $env,
Nuxt runtimeConfig) and Python (os.environ, os.getenv) by pattern, pydantic-settings fields by
Python's own ast.

Pure functions of (path, text); the check decides which files to feed in.
"""

from __future__ import annotations

import ast
import bisect
import fnmatch
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple


class Use(NamedTuple):
    """One read of an environment variable; ``optional`` when the read has a fallback by
    construction (``?? 'd'``, ``|| 'd'``, a comparison, ``os.getenv("X", "d")``, a settings field
    with a default)."""

    name: str
    path: str
    line: int
    optional: bool = False


# Never "undeclared": set by runtimes, CI systems and hosting platforms, not by the app's owner.
BUILTIN_VARS = frozenset({
    "NODE_ENV", "CI", "HOME", "PATH", "PWD", "USER", "SHELL", "TERM", "LANG", "TZ", "HOSTNAME",
    "TMPDIR", "TEMP",
    "TMP", "DEBUG", "NEXT_RUNTIME", "NEXT_PHASE", "MODE", "DEV", "PROD", "SSR", "BASE_URL",
    "VERCEL", "NETLIFY",
    "RENDER", "DYNO", "K_SERVICE", "K_REVISION", "PYTHONPATH", "VIRTUAL_ENV", "LOGNAME", "EDITOR",
    "PORT", "NODE_OPTIONS", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "VITEST", "JEST_WORKER_ID",
})
BUILTIN_PREFIXES = ("GITHUB_", "RUNNER_", "VERCEL_", "NEXT_PUBLIC_VERCEL_", "NETLIFY_", "RENDER_",
                    "RAILWAY_",
                    "FLY_", "HEROKU_", "AWS_LAMBDA_", "LC_", "npm_", "PYTHON", "PYTEST_", "XDG_",
                    "OTEL_")

# Reads in these places configure tests, scripts, seeds, docs, stories and dev tools, not the
# deployed app: low at
# most (a missing variable there breaks a developer's run, not production).
_DEV_DIRS = frozenset({"test", "tests", "__tests__", "e2e", "integration", "playwright", "cypress",
                       "scripts",
                       "script", "seed", "seeds", "fixtures", "docs", "examples", "example",
                       "stories",
                       ".storybook", "storybook", "benchmarks", "bench", "mocks", "__mocks__",
                       "migrations",
                       ".github", "devtools"})
_DEV_FILE = re.compile(
    r"(?:^|[./_-])(?:test|tests|spec|e2e|stories|story|seed|fixtures?|mocks?)(?:[._-]|$)|^(?:vite|vitest|jest|playwright|cypress|eslint|prettier|tailwind|postcss|babel|webpack|rollup|tsup|storybook|drizzle|prisma|lint-staged|commitlint|knip|turbo)\.config\.|^(?:\.eslintrc|conftest\.py|manage\.py|setup\.py|noxfile\.py|fabfile\.py)"
)


def is_dev_path(path: str) -> bool:
    """A test, script, seed, doc, example, story or dev-tool config file (by a folder name or the
    file name)."""
    *dirs, name = path.split("/")
    return (any(d.lower() in _DEV_DIRS for d in dirs) or "/management/commands/" in f"/{path}"
            or bool(_DEV_FILE.search(name.lower())))


def is_builtin(name: str, extra: Iterable[str] = ()) -> bool:
    return (name in BUILTIN_VARS or name.startswith(BUILTIN_PREFIXES)
            or any(fnmatch.fnmatchcase(name, g) for g in extra))


_NAME = r"([A-Za-z_][A-Za-z0-9_]*)"
_JS_PATTERNS = (
    re.compile(r"\bprocess\.env\??\.\s*" + _NAME),
    re.compile(r"\bprocess\.env\??\.?\[\s*[\"'`]" + _NAME + r"[\"'`]\s*\]"),
    re.compile(r"\bimport\.meta\.env\??\.\s*" + _NAME),
    re.compile(r"\bimport\.meta\.env\[\s*[\"'`]" + _NAME + r"[\"'`]\s*\]"),
)
_JS_DESTRUCTURE = re.compile(r"\{([^{}]*)\}\s*=\s*(?:process\.env|import\.meta\.env)(?![\w$.?\[])")
_SVELTE_STATIC = re.compile(
    r"import\s*\{([^{}]*)\}\s*from\s*[\"']\$env/static/(?:private|public)[\"']"
)
_SVELTE_DYNAMIC = re.compile(
    r"import\s*\{([^{}]*)\}\s*from\s*[\"']\$env/dynamic/(?:private|public)[\"']"
)


def _names_in_braces(body: str) -> Iterator[tuple[str, str]]:
    """``{ A, B: b, C = 1, D as d, ...rest }`` -> (A, A), (B, b), (C, C), (D, d)."""
    for raw in body.split(","):
        part = raw.strip()
        if not part or part.startswith("..."):
            continue
        m = re.match(r"([A-Za-z_$][\w$]*)\s*(?:(?::|\bas\b)\s*([A-Za-z_$][\w$]*))?", part)
        if m:
            yield m.group(1), m.group(2) or m.group(1)


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


_NOT_VARS = frozenset({"hasOwnProperty", "toString", "valueOf", "propertyIsEnumerable",
                       "isPrototypeOf",
                       "constructor", "toLocaleString"})


_JS_HINT = re.compile(r"process\.env|import\.meta\.env|\$env/|runtimeConfig")


# Strings are matched (and kept) so that a `//` or `#` inside one is not taken for a comment;
# comments are
# blanked out with their newlines kept, so the line numbers of the reads after them stay right.
_JS_TOKENS = re.compile(r"""(?P<s>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)"""
                        r"""|(?P<c>//[^\n]*|/\*[\s\S]*?(?:\*/|\Z))""")
_PY_TOKENS = re.compile(r"""(?P<s>'''[\s\S]*?(?:'''|\Z)|\"\"\"[\s\S]*?(?:\"\"\"|\Z)"""
                        r"""|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')|(?P<c>#[^\n]*)""")


def blank_comments(text: str, tokens: re.Pattern[str]) -> str:
    """``text`` with every comment replaced by spaces (newlines kept): a read in a comment is not a
    use."""
    def sub(m: re.Match[str]) -> str:
        return m.group(0) if m.group("c") is None else re.sub(r"[^\n]", " ", m.group(0))
    return tokens.sub(sub, text)


def scan_js(path: str, text: str) -> list[Use]:
    if not _JS_HINT.search(text):
        return []
    text = blank_comments(text, _JS_TOKENS)
    return [u for u in _scan_js(path, text) if u.name not in _NOT_VARS]


# After a read: `?? d`, `|| d`, `&& ...`, `? a : b`, `=== "x"`; before it: `if (` or a comparison.
# Absence is
# handled by construction. `!process.env.X` is not: `if (!process.env.X) throw ...` is how code
# requires one.
_JS_FALLBACK_AFTER = re.compile(r"\s*(?:\?\?|\|\||&&|\?(?![.?])|[!=]==?)")
_JS_FALLBACK_BEFORE = re.compile(r"(?:[!=]==?\s*|\?\?\s*|\|\|\s*|\bif\s*\(\s*)$")
# t3-env / zod schemas: `NAME: z.string().optional()` or `.default(...)` in a file that calls
# createEnv.
_ZOD_OPTIONAL = re.compile(
    r"\b([A-Z][A-Z0-9_]*)\s*:\s*[^\n]{0,200}?\.(?:optional|default|nullish)\("
)


def _js_optional(text: str, start: int, end: int, zod_optional: frozenset[str], name: str) -> bool:
    return (name in zod_optional or bool(_JS_FALLBACK_AFTER.match(text, end))
            or bool(_JS_FALLBACK_BEFORE.search(text[max(0, start - 12):start])))


# A presence test: `process.env.X && f(process.env.X)`, `process.env.X ? g(process.env.X) : null`,
# `if (process.env.X) {...}`. The module handles X's absence, so its other reads of X (inside the
# guarded branch) are optional too.
_JS_TEST_AFTER = re.compile(r"\s*(?:&&|\?(?![.?]))")
_JS_TEST_BEFORE = re.compile(r"\bif\s*\(\s*$")


def _presence_tested(text: str, matches: list[re.Match[str]]) -> frozenset[str]:
    return frozenset(m.group(1) for m in matches
                     if _JS_TEST_AFTER.match(text, m.end())
                     or _JS_TEST_BEFORE.search(text[max(0, m.start() - 12):m.start()]))


def _scan_js(path: str, text: str) -> list[Use]:
    lines = _Lines(text)
    zod = frozenset(_ZOD_OPTIONAL.findall(text)) if "createEnv" in text else frozenset()
    out: list[Use] = []
    direct = [m for rx in _JS_PATTERNS for m in rx.finditer(text)]
    tested = _presence_tested(text, direct)
    out.extend(Use(m.group(1), path, lines.at(m.start()),
                   m.group(1) in tested or _js_optional(text, m.start(), m.end(), zod, m.group(1)))
               for m in direct)
    for m in _JS_DESTRUCTURE.finditer(text):
        out.extend(Use(name, path, lines.at(m.start()), name in zod
                       or _has_default(m.group(1), name))
                   for name, _ in _names_in_braces(m.group(1)))
    for m in _SVELTE_STATIC.finditer(text):
        out.extend(Use(name, path, lines.at(m.start())) for name, _ in _names_in_braces(m.group(1)))
    for m in _SVELTE_DYNAMIC.finditer(text):
        for name, alias in _names_in_braces(m.group(1)):
            if name != "env":
                continue
            rx = re.compile(r"(?<![\w$.])" + re.escape(alias) + r"\??\.\s*" + _NAME)
            out.extend(Use(u.group(1), path, lines.at(u.start()),
                           _js_optional(text, u.start(), u.end(), zod,
                                                                                 u.group(1)))
                       for u in rx.finditer(text))
    if re.search(r"(^|/)nuxt\.config\.[cm]?[jt]s$", path):
        out.extend(scan_nuxt_config(path, text))
    return out


def _has_default(body: str, name: str) -> bool:
    """``{ NAME = 'd' } = process.env``: the destructured name has a default."""
    return re.search(r"(?:^|,)\s*" + re.escape(name) + r"\s*(?::\s*[\w$]+\s*)?=(?!=)",
                     body) is not None


def _camel_to_env(key: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key).upper()


def _object_at(text: str, start: int) -> str:
    """The text of the balanced ``{...}`` starting at ``start`` (bounded by the file)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
    return text[start + 1:]


def _top_level_keys(body: str) -> Iterator[tuple[str, int, int]]:
    """Keys at depth 0 of an object body, with the offset of the key and of a nested object value
    (or -1)."""
    depth = 0
    for m in re.finditer(r"[{}\[\]()]|([A-Za-z_$][\w$]*|[\"'][^\"']+[\"'])\s*:\s*(\{)?", body):
        tok = m.group(0)
        if m.group(1) is None:
            depth += 1 if tok in "{[(" else -1
            continue
        if depth == 0:
            yield m.group(1).strip("\"'"), m.start(), (m.start(2) if m.group(2) else -1)
        if m.group(2):
            depth += 1


def scan_nuxt_config(path: str, text: str) -> list[Use]:
    """Nuxt maps ``runtimeConfig.apiSecret`` to NUXT_API_SECRET, ``runtimeConfig.public.apiBase`` to
    NUXT_PUBLIC_API_BASE and nested objects level by level (``stripe: {key}`` ->
    NUXT_STRIPE_KEY)."""
    m = re.search(r"\bruntimeConfig\s*:\s*\{", text)
    if not m:
        return []
    lines = _Lines(text)
    out: list[Use] = []

    def walk(body: str, base: int, prefix: str, depth: int) -> None:
        for key, off, obj in _top_level_keys(body):
            name = prefix + _camel_to_env(key)
            if obj >= 0 and depth < 4:
                walk(_object_at(body, obj), base + obj + 1, name + "_", depth + 1)
            else:
                # runtimeConfig holds its default
                out.append(Use(name, path, lines.at(base + off), True))

    start = m.end() - 1
    walk(_object_at(text, start), start + 1, "NUXT_", 0)
    return out


# -- Python
# --------------------------------------------------------------------------------------------------
def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _const_str(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


# Each starts with a literal so the regex engine can skip ahead; the character before is checked in
# code.
_PY_PATTERNS = (
    re.compile(r"environ\s*\[\s*[\"']" + _NAME + r"[\"']\s*\]"),
    re.compile(r"environ\.(?:get|setdefault|pop)\(\s*[\"']" + _NAME + r"[\"'](?=\s*[,)])"),
    re.compile(r"getenv\(\s*[\"']" + _NAME + r"[\"'](?=\s*[,)])"),
)


def _standalone(text: str, start: int) -> bool:
    """``environ``/``getenv`` itself or ``os.environ``, not ``my_environ`` or ``self.environ``."""
    if text.startswith("os.", start - 3):
        start -= 3
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_.")


def _py_optional(text: str, m: re.Match[str]) -> bool:
    """``os.getenv("X")``, ``os.environ.get("X", d)``, ``setdefault``, ``pop("X", d)``: the code
    chose an access that tolerates absence (None or the default). ``os.environ["X"]`` and
    ``pop("X")`` raise: required."""
    if m.re is _PY_PATTERNS[0]:
        return False
    return ".pop(" not in m.group(0) or _PY_DEFAULT.match(text, m.end()) is not None


_PY_DEFAULT = re.compile(r"\s*,")
# ``if "X" in os.environ: ... os.environ["X"]``: the module tests for the variable before reading
# it, so its absence is handled (an optional setting), whatever the access used inside; ``not in``
# before a raise is a required read and is not matched
_PY_PRESENCE = re.compile(r"[\"']" + _NAME + r"[\"']\s+in\s+(?:os\.)?environ\b")


def scan_python(path: str, text: str) -> list[Use]:
    """Direct reads by pattern (fast: most modules never touch the environment); pydantic-settings
    classes by the module's ast, only where one is declared."""
    out: list[Use] = []
    if "environ" in text or "getenv" in text:
        text = blank_comments(text, _PY_TOKENS)
        lines = _Lines(text)
        tested = frozenset(_PY_PRESENCE.findall(text))
        for rx in _PY_PATTERNS:
            out.extend(Use(m.group(1), path, lines.at(m.start()),
                           m.group(1) in tested or _py_optional(text, m))
                       for m in rx.finditer(text) if _standalone(text, m.start()))
    if "BaseSettings" not in text:
        return out
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError):
        return out
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(_dotted(b).endswith("BaseSettings")
                                                  for b in node.bases):
            out.extend(_settings_fields(path, node))
    return out


def _settings_fields(path: str, cls: ast.ClassDef) -> list[Use]:
    """pydantic-settings: each annotated field is read from ``env_prefix + NAME`` (case-insensitive
    by default), or from its ``alias``/``validation_alias``."""
    prefix = _env_prefix(cls)
    out: list[Use] = []
    for stmt in cls.body:
        if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
            continue
        field = stmt.target.id
        if (
            field == "model_config"
            or field.startswith("_")
            or "ClassVar" in ast.unparse(stmt.annotation)
        ):
            continue
        out.append(_field_use(path, stmt, (prefix + field).upper()))
    return out


def _env_prefix(cls: ast.ClassDef) -> str:
    """``model_config = SettingsConfigDict(env_prefix=...)`` or a ``class Config: env_prefix =
    ...``."""
    prefix = ""
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(_dotted(t) == "model_config"
                                                for t in stmt.targets) \
                and isinstance(stmt.value, ast.Call):
            for kw in stmt.value.keywords:
                if kw.arg == "env_prefix":
                    prefix = _const_str(kw.value) or ""
        elif isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
            for sub in stmt.body:
                if isinstance(sub, ast.Assign) and any(_dotted(t) == "env_prefix"
                                                       for t in sub.targets):
                    prefix = _const_str(sub.value) or ""
    return prefix


def _field_use(path: str, stmt: ast.AnnAssign, name: str) -> Use:
    """One settings field's read: optional when it has a default; a ``Field(alias=...)`` renames
    it."""
    optional = stmt.value is not None
    if isinstance(stmt.value, ast.Call) and _dotted(stmt.value.func).endswith("Field"):
        optional = bool(stmt.value.args) or any(kw.arg in ("default", "default_factory")
                                                for kw in stmt.value.keywords)
        for kw in stmt.value.keywords:
            alias = _const_str(kw.value) if kw.arg in ("alias", "validation_alias") else None
            if alias:
                name = alias.upper()
    return Use(name, path, stmt.lineno, optional)


_JS_EXT = re.compile(r"\.(?:[cm]?[jt]sx?|vue|svelte|astro)$")


def scan_file(path: str, text: str) -> list[Use]:
    if path.endswith(".py"):
        return scan_python(path, text)
    if _JS_EXT.search(path):
        return scan_js(path, text)
    return []
