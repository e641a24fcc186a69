"""Dotenv files: parsed with python-dotenv's own parser, plus a line scan for what that parser hides
(hygiene).

python-dotenv's ``dotenv_values`` interpolates from ``os.environ``, which a check must never read,
so we use its ``parse_stream`` for bindings and its ``parse_variables`` for ``${VAR}`` atoms, and
resolve them against the merged layers and the process environment the CLI handed us. Values stay
inside these dataclasses; findings only name the variable, the file and the line.
"""

from __future__ import annotations

import io
import re
from collections import ChainMap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dotenv.parser import parse_stream
from dotenv.variables import Literal, Variable, parse_variables

from launchgate.checks.env import rules as R
from launchgate.checks.env.values import display_name
from launchgate.model import Rule

_VALID_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NEWLINE = re.compile(r"\r\n|\n|\r")
_ASSIGN = re.compile(r"^(?:export[^\S\r\n]+)?('[^']+'|[^=#\s]+)([^\S\r\n]*)=([^\S\r\n]*)")
# `$VAR`, not `${VAR}` (both expand) nor `\$VAR`
_BARE_DOLLAR = re.compile(r"(?<![\\$])\$[A-Za-z_]")
_LOOKS_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*=")


@dataclass(frozen=True, kw_only=True)
class Entry:
    """One ``KEY=value`` binding as python-dotenv parsed it (value before interpolation; None
    without ``=``)."""

    key: str
    value: str | None
    line: int
    quote: str  # "", "'" or '"'


@dataclass(frozen=True, kw_only=True)
class Issue:
    """A hygiene problem on one line; ``key`` is the variable name (or "" when the line has
    none)."""

    rule: Rule
    line: int
    key: str
    message: str


@dataclass(frozen=True, kw_only=True)
class DotenvFile:
    path: str
    entries: tuple[Entry, ...]
    issues: tuple[Issue, ...]
    encoding: str = "utf-8"

    @property
    def dotenvx(self) -> bool:
        """An encrypted dotenvx file: carries a DOTENV_PUBLIC_KEY or ``encrypted:`` values."""
        return any(e.key.startswith("DOTENV_PUBLIC_KEY") or (e.value or "").startswith("encrypted:")
                   for e in self.entries)

    def last(self) -> dict[str, Entry]:
        """The winning binding per key (the last one, as every dotenv parser does)."""
        return {e.key: e for e in self.entries}


def _line_of(original: str, start_line: int) -> tuple[int, str]:
    """python-dotenv marks a binding from the end of the previous one; skip its leading blank
    lines."""
    stripped = original.lstrip()
    lead = original[: len(original) - len(stripped)]
    return start_line + len(_NEWLINE.findall(lead)), stripped


def parse_dotenv(path: str, text: str, encoding: str = "utf-8") -> DotenvFile:
    """Parse one dotenv file into entries and hygiene issues (pure)."""
    entries: list[Entry] = []
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for b in parse_stream(io.StringIO(text, newline="")):
        line, stmt = _line_of(b.original.string, b.original.line)
        if not stmt or stmt.startswith("#"):
            continue
        first = _NEWLINE.split(stmt, maxsplit=1)[0]
        if b.error or b.key is None:
            issues.append(_classify_error(first, line))
            continue
        key = b.key
        shown = display_name(key)
        m = _ASSIGN.match(first)
        rest = first[m.end():] if m else ""
        quote = rest[:1] if rest[:1] in ("'", '"') and b.value is not None else ""
        entries.append(Entry(key=key, value=b.value, line=line, quote=quote))
        issues.extend(_line_issues(key, value=b.value, first=first, stmt=stmt, m=m, quote=quote,
                                   line=line))
        if key in seen:
            issues.append(Issue(rule=R.DUPLICATE_KEY, line=line, key=shown or "",
                                message=f"{shown or 'The variable'} is set again in {path}:{line} "
                                f"(first on line {seen[key]}); the last assignment wins"))
        else:
            seen[key] = line
    crlf = text.find("\r\n")
    if crlf >= 0:
        n = text.count("\r\n")
        issues.append(Issue(rule=R.CRLF_LINE_ENDINGS, line=text.count("\n", 0, crlf) + 1, key="",
                            message=f"{path} has CRLF line endings ({n} lines)"))
    return DotenvFile(path=path, entries=tuple(entries), issues=tuple(issues), encoding=encoding)


def _line_issues(key: str, *, value: str | None, first: str, stmt: str, m: re.Match[str] | None,
                 quote: str,
                 line: int) -> list[Issue]:
    shown = display_name(key)
    if shown is None:
        return [Issue(rule=R.INVALID_KEY_NAME, line=line, key="",
                      message="the name on this line looks " "like a value (perhaps a "
                      "pasted secret), not a " "variable name")]
    found = _name_issues(key, shown)
    if value is None:
        if not found:
            found.append((R.KEY_WITHOUT_VALUE, f"{shown} has no `=`: python-dotenv reads None, "
                          "other loaders skip or empty it"))
    else:
        found += _value_issues(shown, value, first=first, stmt=stmt, m=m, quote=quote)
    return [Issue(rule=rule, line=line, key=shown, message=msg) for rule, msg in found]


def _name_issues(key: str, name: str) -> list[tuple[Rule, str]]:
    if not _VALID_KEY.fullmatch(key):
        return [(R.INVALID_KEY_NAME, f"{name!r} is not a valid variable name (letters, digits, "
                 "underscore; no leading digit)")]
    if key != key.upper():
        return [(R.LOWERCASE_KEY, f"{name} has lowercase letters")]
    return []


def _value_issues(name: str, value: str, *, first: str, stmt: str, m: re.Match[str] | None,
                  quote: str) -> list[tuple[Rule, str]]:
    """How loaders disagree on this assignment's value: spaces, comments, backticks, ``$name``,
    quotes."""
    out: list[tuple[Rule, str]] = []
    if m and (m.group(2) or (m.group(3) and not first[m.end():].startswith("#"))):
        out.append((R.SPACES_AROUND_EQUALS, f"{name} has spaces around `=`"))
    if not quote:
        out += _unquoted_issues(name, value, first)
    if quote != "'" and _BARE_DOLLAR.search(value):
        out.append((R.PARSER_DIVERGENCE, f"{name} has a `$name` reference: dotenv-expand "
                    "(Next.js, Vite) replaces it, python-dotenv keeps it " "literally"))
    if quote and any(_LOOKS_ASSIGNMENT.match(c) for c in _NEWLINE.split(stmt)[1:]):
        out.append((R.UNTERMINATED_QUOTE, f"{name}'s {quote} quote is not closed on its line and "
                    "swallows the assignments that follow"))
    return out


def _unquoted_issues(name: str, value: str, first: str) -> list[tuple[Rule, str]]:
    out: list[tuple[Rule, str]] = []
    if first != first.rstrip(" \t") and "#" not in value and not re.search(r"\s#", first):
        out.append((R.TRAILING_WHITESPACE, f"{name} has trailing whitespace after its unquoted "
                    "value"))
    if "#" in value:
        out.append((R.PARSER_DIVERGENCE, f"{name} has an unquoted `#`: npm dotenv cuts the value "
                    "there, python-dotenv keeps it"))
    elif value.startswith("`") and value.endswith("`") and len(value) > 1:
        out.append((R.PARSER_DIVERGENCE, f"{name} is backtick-quoted: npm dotenv strips the "
                    "backticks, python-dotenv keeps them"))
    return out


def _closed_on_line(first: str, start: int, quote: str) -> bool:
    """Whether the quote opened just before ``start`` is closed later on the line (``"`` honours
    backslashes)."""
    pattern = r'(?:[^"\\]|\\.)*"' if quote == '"' else r"[^']*'"
    return re.match(pattern, first[start:]) is not None


def _classify_error(first: str, line: int) -> Issue:
    """A line python-dotenv could not parse (it skips it with a warning)."""
    m = re.match(r"^(?:export\s+)?('[^']*'|[^=#\s]*)\s*(=?)\s*(.?)", first)
    key = display_name((m.group(1) if m else "").strip("'")) or ""
    if (
        m
        and m.group(2)
        and m.group(3) in ("'", '"')
        and _closed_on_line(first, m.end(), m.group(3))
    ):
        return Issue(rule=R.PARSER_DIVERGENCE, line=line, key=key,
                     message=f"{key or 'the value'}'s {m.group(3)} quote is closed, then more "
                     "text follows: python-dotenv drops the line, npm dotenv keeps part " "of it")
    if m and m.group(2) and m.group(3) in ("'", '"'):
        return Issue(rule=R.UNTERMINATED_QUOTE, line=line, key=key,
                     message=f"{key or 'the value'}'s {m.group(3)} quote is never closed: "
                     "python-dotenv drops it")
    if key and _VALID_KEY.fullmatch(key) and m and not m.group(2):
        return Issue(rule=R.KEY_WITHOUT_VALUE, line=line, key=key,
                     message=f"{key} is not followed by `=`: python-dotenv skips the line")
    return Issue(rule=R.INVALID_KEY_NAME, line=line, key=key,
                 message="line is not `NAME=value` with a valid name: python-dotenv skips it")


# -- merging layers
# --------------------------------------------------------------------------------------------
def layer_names(environment: str) -> tuple[str, ...]:
    """The dotenv files of ``environment``, lowest precedence first (the process environment wins
    over all)."""
    return (".env", ".env.local", f".env.{environment}", f".env.{environment}.local")


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where a merged value came from: a file and line, or the process environment (path None)."""

    value: str
    path: str | None
    line: int | None


@dataclass(frozen=True, kw_only=True)
class Unresolved:
    path: str
    line: int
    key: str
    ref: str


def merge(layers: Sequence[DotenvFile], process_env: Mapping[str, str],
          names: set[str] | None = None) -> tuple[dict[str, Source], list[Unresolved]]:
    """Merge dotenv layers (later wins), interpolate ``${VAR}`` as load_dotenv(override=False)
    would, then let the process environment win. ``names`` limits which process-environment keys are
    taken in (None: all)."""
    merged: dict[str, Source] = {}
    unresolved: list[Unresolved] = []
    # one live view (the process environment over the values so far), updated in place: copying the
    # whole
    # lookup for each binding made a 20,000-line file take minutes
    so_far: dict[str, str] = {}
    lookup: Mapping[str, str] = ChainMap(dict(process_env), so_far)
    for f in layers:
        for e in f.entries:
            if e.value is None:
                continue
            parts: list[str] = []
            for atom in parse_variables(e.value):
                if isinstance(atom, Literal) or not isinstance(atom, Variable):
                    parts.append(atom.resolve(lookup))
                    continue
                if atom.name not in lookup and atom.default is None:
                    unresolved.append(Unresolved(path=f.path, line=e.line, key=e.key,
                                                 ref=atom.name))
                parts.append(atom.resolve(lookup))
            merged[e.key] = Source(value="".join(parts), path=f.path, line=e.line)
            so_far[e.key] = merged[e.key].value
    for k, v in process_env.items():
        if names is None or k in names:
            merged[k] = Source(value=v, path=None, line=None)
    return merged, unresolved
