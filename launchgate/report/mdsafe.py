"""Markdown that untrusted text cannot break out of (GitHub-flavoured Markdown, as in a PR comment
or job summary).

Paths, messages built from repository or server content, and response excerpts reach the comment; a
hostile string must not become a heading, an image, a link, raw HTML, an ``@mention`` or an issue
reference. Two ways in:

- ``code(text)``: an inline code span whose fence is longer than any backtick run inside (nothing in
  a code span is markup, and GitHub resolves no mention or reference inside code);
- ``text(text)``: prose with every Markdown punctuation character backslash-escaped, line breaks
  folded to spaces, URLs put in code spans (no autolink) and ``@``/``#`` followed by a word joiner
  (no mention, no issue link).

``prose(text)`` is for launchgate's own rule text (fixes, reasons we wrote): its inline code is kept
as code, the rest goes through ``text``.
"""

from __future__ import annotations

import re

# invisible; breaks GitHub's @mention and #123 recognition without changing what is read
WORD_JOINER = "\u2060"
_PUNCT = re.compile(r"([\\`*_\[\]<>#!|~&$@])")  # inline markup, HTML, entities, GitHub math
# list items and setext underlines at the start of a line
_LEADING = re.compile(r"^(\d+)([.)])|^([-+=])")
_URL = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+")
_SPAN = re.compile(r"(`+)(.+?)\1")
_BACKTICKS = re.compile(r"`+")


def one_line(value: str) -> str:
    """Whitespace (newlines, tabs, control characters) folded to single spaces."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())


def code(value: str, *, in_table: bool = False) -> str:
    """An inline code span holding ``value`` verbatim (on one line)."""
    value = one_line(value)
    if not value:
        return ""
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    if in_table:
        value = value.replace("|", "\\|")  # a GFM table splits cells on | even inside code spans
    return f"{fence}{pad}{value}{pad}{fence}"


def _neutral(value: str, in_table: bool) -> str:
    escaped = _PUNCT.sub(r"\\\1", value)
    if not in_table:  # a table cell is inline already; elsewhere the text may start a line
        escaped = _LEADING.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)
    # an escaped @ or # still starts a mention/reference on GitHub (it works on the rendered text):
    # add a joiner
    return escaped.replace("\\@", "@" + WORD_JOINER).replace("\\#", "#" + WORD_JOINER)


def text(value: str, *, in_table: bool = False) -> str:
    """Untrusted prose rendered as itself: no markup, no HTML, no autolinks, mentions or
    references."""
    return _text(one_line(value), in_table)


def _text(value: str, in_table: bool) -> str:
    out: list[str] = []
    pos = 0
    for m in _URL.finditer(value):
        out.append(_neutral(value[pos:m.start()], in_table))
        out.append(code(m.group(), in_table=in_table))
        pos = m.end()
    out.append(_neutral(value[pos:], in_table))
    return "".join(out)


def prose(value: str, *, in_table: bool = False) -> str:
    """Our own text with inline code: code spans kept (so they render as code), the rest escaped
    like ``text``."""
    value = one_line(value)
    out: list[str] = []
    pos = 0
    for m in _SPAN.finditer(value):
        out.append(_text(value[pos:m.start()], in_table))
        out.append(code(m.group(2).strip(), in_table=in_table))
        pos = m.end()
    out.append(_text(value[pos:], in_table))
    return "".join(out)
