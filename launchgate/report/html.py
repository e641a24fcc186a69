"""The handover pack as one self-contained HTML file: inline CSS, an inline SVG chart, no script, no
external asset (a Content-Security-Policy of ``default-src 'none'`` says so to the browser),
readable on a phone (below 40rem each table row is a card, cells under their column's name; the
chart fits a 390 px screen) and printable (print CSS: no
navigation, no split rows).

The blocks come from ``pack.build``; every string is escaped with ``html.escape`` (quotes included)
before it reaches the page, so nothing from a repository or a server can become markup."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape
from typing import assert_never

from launchgate.model import Report
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
    Percentiles,
    Risk,
    Risks,
    Table,
)
from launchgate.report.pack import Pack, build

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
       "form-action 'none'")
CSS = """
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--ok:#1a7f37;--bad:#cf222e;
--warn:#9a6700}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0 0}
h2{font-size:1.3rem;border-bottom:1px solid var(--line);padding-bottom:.3rem;margin-top:2rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.sub{color:var(--muted);margin:.2rem 0 1rem}
nav ol{display:flex;flex-wrap:wrap;gap:.3rem 1rem;padding:0;margin:0;list-style:none;
font-size:.95rem}
a{color:#0969da}
.verdict{display:inline-block;padding:.2rem .7rem;border-radius:1rem;font-weight:600;color:#fff}
.passed{background:var(--ok)}.failed{background:var(--bad)}.errored{background:var(--warn)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.5rem 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border:1px solid var(--line);padding:.35rem .55rem;text-align:left;vertical-align:top}
th{background:var(--bg)}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font:.88em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--bg);
padding:.05rem .3rem;border-radius:.3rem;overflow-wrap:break-word}
.missing{border-left:4px solid var(--warn);background:#fff8c5;padding:.5rem .8rem;margin:.5rem 0}
ol.risks{padding-left:1.4rem}
ol.risks li{margin:.6rem 0}
.sev{display:inline-block;font-size:.8rem;font-weight:700;text-transform:uppercase;
padding:0 .45rem;border-radius:.3rem;color:#fff}
.sev-blocker{background:#82071e}.sev-high{background:var(--bad)}.sev-medium{background:#bc4c00}
.fix{margin:.2rem 0 0}
figure{margin:0}
svg.chart{width:100%;min-width:22rem;height:auto;max-width:30rem}
svg text{font:13px system-ui,sans-serif;fill:var(--ink);paint-order:stroke;stroke:#fff;
stroke-width:3px}
svg text.name{font-weight:600}
svg text.tick{fill:var(--muted);text-anchor:middle;font-size:12px}
svg text.goal{text-anchor:middle;font-size:12px}
svg text.tick.first{text-anchor:start}
.legend{font-size:.85rem;color:var(--muted)}
@media (max-width:40rem){body{font-size:15px}main{padding:.6rem}th,td{padding:.3rem .4rem}
.rows table,.rows tbody,.rows tr,.rows td{display:block}
.rows thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.rows tr{border:1px solid var(--line);border-radius:.4rem;margin:0 0 .5rem;padding:.3rem .6rem}
.rows td,.rows td.num{border:0;padding:.1rem 0;text-align:left;white-space:normal}
.rows td::before{content:attr(data-label);display:block;font-size:.78rem;font-weight:600;
color:var(--muted)}}
@media print{nav{display:none}main{max-width:none;padding:0}h2{break-after:avoid}
tr,li,.missing,figure{break-inside:avoid}.scroll{overflow:visible}
a{color:inherit;text-decoration:none}
.verdict,.sev{color:#000;border:1px solid #000;background:none}}
"""

_SPAN = re.compile(r"`+([^`]+)`+")
# a phone's column (about 22rem) shows the whole chart at about 11 px text: nothing scrolls
SVG_WIDTH, TOP, ROW_H, BAR_H, LABEL_X, PLOT_W = 440, 28, 92, 12, 12, 250
NAME_MAX = 48  # characters of an endpoint's name that fit the chart's width
OVER = "#cf222e"  # a p95 over its target is drawn in red
BARS = (("p50", "#54aeff"), ("p95", "#0969da"), ("p99", "#0a3069"))


def _part(p: Inline) -> str:
    if isinstance(p, Code):
        return f"<code>{escape(p.text)}</code>"
    if isinstance(p, Link):  # our own section ids only: the anchor is never data
        return f"<a href='#{escape(p.anchor)}'>{escape(p.text)}</a>"
    return escape(p)


def _inline(parts: tuple[Inline, ...]) -> str:
    return "".join(_part(p) for p in parts)


def _cell(c: Inline, num: bool, column: str) -> str:
    # data-label: on a phone each row is a card, each cell under its column's name
    label = escape(column, quote=True)
    kind = " class=num" if num else ""
    return f"<td{kind} data-label=\"{label}\">{_inline((c,))}</td>"


def _table(t: Table) -> str:
    head = "".join(f"<th scope=col>{escape(c)}</th>" for c in t.columns)
    body = "".join("<tr>" + "".join(_cell(c, num, col) for c, num, col
                                    in zip(row, t.numeric, t.columns, strict=False))
                   + "</tr>" for row in t.rows)
    return (f"<div class='scroll rows'><table><thead><tr>{head}</tr></thead><tbody>{body}"
            "</tbody></table></div>")


def _prose(text: str) -> str:
    """Our own rule text (a fix): its `code` spans shown as code, everything escaped."""
    return "".join(f"<code>{escape(part)}</code>" if n % 2 else escape(part)
                   for n, part in enumerate(_SPAN.split(text)))


def _risk(i: Risk) -> str:
    sev = escape(i.severity)
    return (f"<li><span class='sev sev-{sev}'>{sev}</span> <strong>{escape(i.title)}</strong> "
            f"<code>{escape(i.rule)}</code><br>{escape(i.message)} (<code>{escape(i.where)}</code>)"
            f"<p class=fix><strong>Fix:</strong> {_prose(i.fix)}</p></li>")


def _risks(r: Risks) -> str:
    return "<ol class=risks>" + "".join(_risk(i) for i in r.items) + "</ol>"


@dataclass(frozen=True)
class _Axis:
    """A shared logarithmic axis (latencies span decades: 5 ms beside an 800 ms target)."""

    lo: float
    hi: float

    @classmethod
    def of(cls, bars: tuple[Percentiles, ...]) -> _Axis:
        low = min(b.p50 for b in bars)
        # not rounded up to a decade: the longest bar keeps room for its label on a phone
        high = max(max(b.p99, b.target or 0.0) for b in bars) * 1.25
        lo = 10.0 ** math.floor(math.log10(max(low, 0.1)))
        return cls(lo=lo, hi=max(high, lo * 10))

    def x(self, ms: float) -> float:
        span = math.log10(self.hi) - math.log10(self.lo)
        at = (math.log10(max(ms, self.lo)) - math.log10(self.lo)) / span
        return round(LABEL_X + max(at, 0.004) * PLOT_W, 1)

    def ticks(self) -> list[float]:
        out, t = [], self.lo
        while t <= self.hi * 1.0001:
            out.append(t)
            t *= 10
        return out


def _ms(ms: float) -> str:
    return f"{ms / 1000:g} s" if ms >= 1000 else f"{ms:g} ms"


def _row(n: int, b: Percentiles, axis: _Axis) -> str:
    """One endpoint: its p50/p95/p99 bars and its p95 target, a dashed red line."""
    top = TOP + n * ROW_H
    name = f"{b.endpoint} ({b.kind})"
    if len(name) > NAME_MAX:  # the table below the chart has it whole
        name = name[: NAME_MAX - 1] + "…"
    out = [f"<text class=name x={LABEL_X} y={top}>{escape(name)}</text>"]
    if b.target is not None:  # drawn first: the bars' labels sit over it
        tx, bottom = axis.x(b.target), top + 6 + 3 * (BAR_H + 4)
        # its label under the line, kept inside the chart (never clipped at the right edge)
        half = 4 + 3.6 * len(f"target {b.target:g} ms")
        lx = round(min(max(tx, LABEL_X + half), SVG_WIDTH - half), 1)
        out.append(f"<line class=target x1={tx} x2={tx} y1={top + 2} y2={bottom} stroke='{OVER}' "
                   f"stroke-width=2 stroke-dasharray='5 3'/><text class=goal x={lx} "
                   f"y={bottom + 14} fill='{OVER}'>target {b.target:g} ms</text>")
    for k, (label, colour) in enumerate(BARS):
        ms = (b.p50, b.p95, b.p99)[k]
        y, end = top + 6 + k * (BAR_H + 4), axis.x(ms)
        over = label == "p95" and b.target is not None and ms > b.target
        out.append(f"<rect class=bar x={LABEL_X} y={y} width={round(end - LABEL_X, 1)} "
                   f"height={BAR_H} fill='{OVER if over else colour}'>"
                   f"<title>{label} {ms:g} ms</title></rect>"
                   f"<text x={end + 5} y={y + BAR_H - 2}>{label} {ms:g} ms"
                   f"{' (over target)' if over else ''}</text>")
    return "".join(out)


def _grid(axis: _Axis, height: int) -> str:
    # the first tick sits at the left edge: its label starts there instead of being centred on it
    return "".join(f"<line x1={axis.x(t)} x2={axis.x(t)} y1={TOP - 14} y2={height - 18} "
                   f"stroke='#d1d9e0'/><text class='{'tick first' if n == 0 else 'tick'}' "
                   f"x={axis.x(t)} y={height - 4}>"
                   f"{_ms(t)}</text>" for n, t in enumerate(axis.ticks()))


def _chart(c: Chart) -> str:
    axis = _Axis.of(c.bars)
    height = TOP + len(c.bars) * ROW_H + 10
    label = escape(c.title + ": " + "; ".join(f"{b.endpoint} p95 {b.p95:g} ms" for b in c.bars))
    rows = "".join(_row(n, b, axis) for n, b in enumerate(c.bars))
    return (f"<figure><div class=scroll><svg class=chart xmlns='http://www.w3.org/2000/svg' "
            f"viewBox='0 0 {SVG_WIDTH} {height}' role=img aria-label='{label}'>"
            f"<title>{escape(c.title)}</title>{_grid(axis, height)}{rows}</svg></div>"
            f"<figcaption class=legend>{escape(c.title)}, on a logarithmic scale; the dashed red "
            "line is the endpoint's p95 target.</figcaption></figure>")


def _block(b: Block) -> str:
    match b:
        case Heading():
            return f"<h3>{escape(b.text)}</h3>"
        case Para():
            return f"<p>{_inline(b.parts)}</p>"
        case Missing():
            return (f"<p class=missing><strong>Not measured:</strong> {escape(b.what)}: "
                    f"{escape(b.why)}.</p>")
        case Bullets():
            return "<ul>" + "".join(f"<li>{_inline(item)}</li>" for item in b.items) + "</ul>"
        case Table():
            return _table(b)
        case Risks():
            return _risks(b)
        case Chart():
            return _chart(b)
        case _:
            assert_never(b)


def _head(pack: Pack) -> str:
    return ("<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
            f'<meta http-equiv=Content-Security-Policy content="{CSP}">'
            "<meta name=viewport content='width=device-width,initial-scale=1'>"
            f"<meta name=referrer content=no-referrer><title>{escape(pack.title)}</title>"
            f"<style>{CSS}</style></head>")


def render_pack(pack: Pack) -> str:
    sections = list(enumerate(pack.sections, 1))
    toc = "".join(f"<li><a href='#{s.id}'>{n}. {escape(s.title)}</a></li>" for n, s in sections)
    body = "".join(f"<section id='{s.id}'><h2>{n}. {escape(s.title)}</h2>"
                   + "".join(_block(b) for b in s.blocks) + "</section>" for n, s in sections)
    verdict = f"<span class='verdict {pack.verdict}'>gate {pack.verdict}</span>"
    return (f"{_head(pack)}<body><main><header><h1>{escape(pack.title)}</h1>"
            f"<p class=sub>{escape(pack.subtitle)} · {verdict}</p>"
            f"<nav aria-label=Contents><ol>{toc}</ol></nav></header>{body}</main></body></html>\n")


def render(report: Report) -> str:
    return render_pack(build(report))
