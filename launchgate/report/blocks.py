"""The blocks a document renderer lays out (the handover pack): paragraphs, lists, tables, a risk
list, a percentile chart and a "not measured" note. Plain frozen data: every string is untrusted
text until a renderer escapes it; ``Code`` marks a part shown as code (a host, a path, a variable
name)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Block",
    "Bullets",
    "Chart",
    "Code",
    "Heading",
    "Inline",
    "Link",
    "Missing",
    "Para",
    "Percentiles",
    "Risk",
    "Risks",
    "Section",
    "Table",
]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    """A link to a section of this document (``anchor``: one of our own section ids, never data)."""

    text: str
    anchor: str


Inline = str | Code | Link


def plain(part: Inline) -> str:
    return part if isinstance(part, str) else part.text


@dataclass(frozen=True, kw_only=True)
class Para:
    parts: tuple[Inline, ...]

    def strings(self) -> list[str]:
        return [plain(p) for p in self.parts]


@dataclass(frozen=True, kw_only=True)
class Heading:
    """A part of a section (``Certificates`` under the domain map)."""

    text: str

    def strings(self) -> list[str]:
        return [self.text]


@dataclass(frozen=True, kw_only=True)
class Missing:
    """What was not measured and why (instead of an empty table)."""

    what: str
    why: str

    def strings(self) -> list[str]:
        return [self.what, self.why]


@dataclass(frozen=True, kw_only=True)
class Bullets:
    items: tuple[tuple[Inline, ...], ...]

    def strings(self) -> list[str]:
        return [plain(p) for item in self.items for p in item]


@dataclass(frozen=True, kw_only=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    numeric: tuple[bool, ...]
    caption: str = ""

    def strings(self) -> list[str]:
        return [self.caption, *self.columns, *(plain(c) for row in self.rows for c in row)]


@dataclass(frozen=True, kw_only=True)
class Risk:
    severity: str
    rule: str
    title: str
    message: str
    where: str
    fix: str
    why: str = ""


@dataclass(frozen=True, kw_only=True)
class Risks:
    """The ranked launch-risk list (worst first)."""

    items: tuple[Risk, ...]

    def strings(self) -> list[str]:
        return [
            s
            for r in self.items
            for s in (r.severity, r.rule, r.title, r.message, r.where, r.fix, r.why)
        ]


@dataclass(frozen=True, kw_only=True)
class Percentiles:
    """One endpoint's measured percentiles (ms) and its p95 target (ms, None when it has none)."""

    endpoint: str
    kind: str  # read / write
    p50: float
    p95: float
    p99: float
    target: float | None
    verdict: str


@dataclass(frozen=True, kw_only=True)
class Chart:
    """p50/p95/p99 per endpoint against its target (an inline SVG in HTML, a table in Markdown)."""

    title: str
    bars: tuple[Percentiles, ...]

    def strings(self) -> list[str]:
        return [self.title, *(s for b in self.bars for s in (b.endpoint, b.kind, b.verdict))]


Block = Heading | Para | Missing | Bullets | Table | Risks | Chart


@dataclass(frozen=True, kw_only=True)
class Section:
    id: str  # the stable anchor (#domains)
    title: str
    blocks: tuple[Block, ...]

    def strings(self) -> list[str]:
        return [self.title, *(s for b in self.blocks for s in b.strings())]
