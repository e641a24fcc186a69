"""The handover pack as Markdown (for the repo's docs or a wiki): the blocks of ``pack.build`` laid
out.

Each section is a ``##`` heading with an explicit anchor (``<a id="domains"></a>``) so links survive
any renderer's slug rules; the table of contents links to them. Every string from the repository or
a server goes through ``mdsafe`` (``text`` for prose, ``code`` for names): no markup, HTML, link or
mention can come from it. The percentile chart is left to the table beside it (the HTML pack draws
it)."""

from __future__ import annotations

from typing import assert_never

from launchgate.model import Report
from launchgate.report import mdsafe
from launchgate.report.blocks import (
    Block,
    Bullets,
    Chart,
    Code,
    Heading,
    Inline,
    Link,
    Missing,
    Para,
    Risks,
    Table,
)
from launchgate.report.pack import Pack, build

SEVERITY_MARK = {"blocker": "⛔ blocker", "high": "🔴 high", "medium": "🟠 medium"}


def _part(p: Inline, in_table: bool) -> str:
    if isinstance(p, Code):
        return mdsafe.code(p.text, in_table=in_table)
    if isinstance(p, Link):  # our own section ids only: the anchor is never data
        return f"[{mdsafe.text(p.text, in_table=in_table)}](#{p.anchor})"
    # mdsafe folds the edges' whitespace away: keep one space where the part had one (it joins)
    lead, trail = " " if p[:1].isspace() else "", " " if p[-1:].isspace() else ""
    return lead + mdsafe.text(p, in_table=in_table) + trail if p.strip() else (" " if p else "")


def _inline(parts: tuple[Inline, ...], *, in_table: bool = False) -> str:
    return "".join(_part(p, in_table) for p in parts).strip()


def _cell(part: Inline) -> str:
    return _inline((part,), in_table=True) or "-"


def _table(t: Table) -> list[str]:
    head = "| " + " | ".join(mdsafe.text(c, in_table=True) for c in t.columns) + " |"
    rule = "|" + "|".join("---:" if n else "---" for n in t.numeric) + "|"
    return [head, rule, *("| " + " | ".join(_cell(c) for c in row) + " |" for row in t.rows), ""]


def _risks(r: Risks) -> list[str]:
    lines: list[str] = []
    for n, item in enumerate(r.items, 1):
        mark = SEVERITY_MARK.get(item.severity, item.severity)
        lines.append(f"{n}. **{mark}** · {mdsafe.text(item.title)} · {mdsafe.code(item.rule)}  ")
        lines.append(f"   {mdsafe.text(item.message)} ({mdsafe.code(item.where)})  ")
        lines.append(f"   **Fix:** {mdsafe.prose(item.fix)}")
    return [*lines, ""]


def _block(b: Block) -> list[str]:
    match b:
        case Heading():
            return [f"### {mdsafe.text(b.text)}", ""]
        case Para():
            return [_inline(b.parts), ""]
        case Missing():
            return [f"> **Not measured:** {mdsafe.text(b.what)}: {mdsafe.text(b.why)}.", ""]
        case Bullets():
            return [*(f"- {_inline(item)}" for item in b.items), ""]
        case Table():
            return _table(b)
        case Risks():
            return _risks(b)
        case Chart():
            return []  # the table after the chart holds its figures; the HTML pack draws it
        case _:
            assert_never(b)


def render_pack(pack: Pack) -> str:
    lines = [
        f"# {mdsafe.text(pack.title)}",
        "",
        f"*{mdsafe.text(pack.subtitle)}*",
        "",
        "**Contents:** " + " · ".join(f"[{mdsafe.text(s.title)}](#{s.id})" for s in pack.sections),
        "",
    ]
    for n, section in enumerate(pack.sections, 1):
        lines += [f'<a id="{section.id}"></a>', "", f"## {n}. {mdsafe.text(section.title)}", ""]
        for b in section.blocks:
            lines += _block(b)
    return "\n".join(lines).rstrip("\n") + "\n"


def render(report: Report) -> str:
    return render_pack(build(report))
