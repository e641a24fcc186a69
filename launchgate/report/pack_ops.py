"""The handover pack's running-the-product sections: health, smoke and the performance baseline
(section 5) and the database (section 6), read from the probes' and migrations' figures."""

from __future__ import annotations

import re
from collections.abc import Mapping

from launchgate.model import Report
from launchgate.report.blocks import (
    Block,
    Bullets,
    Chart,
    Code,
    Heading,
    Inline,
    Para,
    Percentiles,
    Section,
    Table,
)
from launchgate.report.figures import Value, fmt, take
from launchgate.report.pack_live import Live, missing

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_P95 = re.compile(r"p95 ≤ ([0-9.]+) ms")
EXCLUSIVE = "AccessExclusiveLock"


def _number(value: Value | None) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def kind_of(endpoint: str) -> str:
    """read for GET/HEAD/OPTIONS, write for the rest (targets differ: the seeds' 300 and 800 ms)."""
    return "read" if endpoint.split(" ", 1)[0].upper() in READ_METHODS else "write"


def percentiles(live: Live) -> list[Percentiles]:
    out: list[Percentiles] = []
    for name, f in sorted(take(live.of_check("probes"), "latency.").items()):
        p50, p95, p99 = (_number(f.get(k)) for k in ("p50_ms", "p95_ms", "p99_ms"))
        if p50 is None or p95 is None or p99 is None:
            continue
        m = _P95.search(fmt(f.get("target", "")))
        out.append(
            Percentiles(
                endpoint=name,
                kind=kind_of(name),
                p50=p50,
                p95=p95,
                p99=p99,
                target=float(m.group(1)) if m else None,
                verdict=fmt(f.get("verdict", "-")),
            )
        )
    return sorted(out, key=lambda p: (p.kind != "read", p.endpoint))


def _latency(report: Report, live: Live) -> list[Block]:
    bars = percentiles(live)
    if not bars:
        return [
            Heading(text="Performance baseline"),
            missing(report, "Latency was not measured", "probes"),
        ]
    rows = tuple(
        (
            Code(b.endpoint),
            b.kind,
            fmt(b.p50),
            fmt(b.p95),
            fmt(b.p99),
            f"{b.target:g}" if b.target is not None else "-",
            b.verdict,
        )
        for b in bars
    )
    return [
        Heading(text="Performance baseline"),
        Para(
            parts=(
                "Milliseconds per request, measured by this run; the target is the p95 this "
                "endpoint "
                "must stay under (reads and writes apart).",
            )
        ),
        Chart(title="p50 / p95 / p99 per endpoint against its p95 target (ms)", bars=tuple(bars)),
        Table(
            columns=("Endpoint", "Kind", "p50", "p95", "p99", "p95 target", "Verdict"),
            rows=rows,
            numeric=(False, False, True, True, True, True, False),
        ),
    ]


def _health(report: Report, live: Live) -> list[Block]:
    urls = live.health()
    if not urls:
        return [Heading(text="Health URLs"), missing(report, "No health URL was probed", "probes")]
    return [
        Heading(text="Health URLs"),
        Table(
            columns=("URL", "What it checks"),
            rows=tuple((Code(u), w) for u, w in urls),
            numeric=(False, False),
        ),
    ]


def _smoke(report: Report, live: Live) -> list[Block]:
    probes = live.of_check("probes")
    results = {
        n.removeprefix("smoke."): fmt(v) for n, v in probes.items() if n.startswith("smoke.")
    }
    steps = {
        n.removeprefix("smoke_steps."): fmt(v)
        for n, v in probes.items()
        if n.startswith("smoke_steps.")
    }
    if not results:
        return [Heading(text="Smoke flows"), missing(report, "No smoke flow ran", "probes")]
    rows = tuple(
        (Code(flow), result, " → ".join(s for s in steps.get(flow, "-").split("\n") if s))
        for flow, result in sorted(results.items())
    )
    return [
        Heading(text="Smoke flows"),
        Table(columns=("Flow", "Result", "Steps"), rows=rows, numeric=(False, False, False)),
    ]


def _rate_limits(report: Report, live: Live) -> list[Block]:
    probes = live.of_check("probes")
    found = sorted(
        (n.removeprefix("rate_limits."), fmt(v))
        for n, v in probes.items()
        if n.startswith("rate_limits.")
    )
    if not found:
        return [Heading(text="Rate limits"), missing(report, "No rate limit was probed", "probes")]
    return [
        Heading(text="Rate limits"),
        Table(
            columns=("Request", "Limit found"),
            rows=tuple((Code(r), v) for r, v in found),
            numeric=(False, False),
        ),
    ]


def operations(report: Report, live: Live) -> Section:
    blocks = (
        _health(report, live)
        + _smoke(report, live)
        + _latency(report, live)
        + _rate_limits(report, live)
    )
    return Section(
        id="operations", title="Health, smoke and performance baseline", blocks=tuple(blocks)
    )


# -- 6. database -----------------------------------------------------------------------------------
def _files(figs: Mapping[str, Value]) -> dict[str, dict[str, Value]]:
    files: dict[str, dict[str, Value]] = {}
    for name, value in figs.items():
        key, sep, path = name.partition(":")
        if sep and key in ("apply_ms", "apply_locks", "down"):
            files.setdefault(path, {})[key] = value
    return files


def _rollback(
    files: Mapping[str, Mapping[str, Value]], figs: Mapping[str, Value]
) -> list[tuple[Inline, ...]]:
    notes: list[tuple[Inline, ...]] = []
    no_down = [p for p, f in sorted(files.items()) if fmt(f.get("down", "none")) == "none"]
    if no_down:
        notes += [
            (
                Code(p),
                ": no down migration; rolling back the code means a forward fix for the schema.",
            )
            for p in no_down
        ]
    elif files and all("down" in f for f in files.values()):
        notes.append(("Every migration has a down migration.",))
    trip = figs.get("apply_round_trip")
    if trip is not None:
        notes.append((f"Up, down and up again on a scratch database: {fmt(trip)}.",))
    for path, f in sorted(files.items()):
        locks = fmt(f.get("apply_locks", ""))
        if EXCLUSIVE in locks:
            notes.append(
                (
                    Code(path),
                    f": {locks} — blocks reads and writes while it runs; apply it at a quiet "
                    "hour and watch the deploy.",
                )
            )
    return notes


def _down(value: Value | None) -> Inline:
    if value is None:
        return "not recorded"
    text = fmt(value)
    return text if text in ("none", "in the same file") else Code(text)


def database(report: Report, live: Live) -> Section:
    figs = live.of_check("migrations")
    files = _files(figs)
    if not files:
        return Section(
            id="database",
            title="Database",
            blocks=(
                missing(report, "No migration was applied to a scratch database", "migrations"),
            ),
        )
    rows = tuple(
        (Code(p), fmt(f.get("apply_ms", "-")), fmt(f.get("apply_locks", "-")), _down(f.get("down")))
        for p, f in sorted(files.items())
    )
    blocks: list[Block] = [
        Para(
            parts=(
                f"{len(files)} migration(s) applied by this run to a scratch PostgreSQL ",
                f"({fmt(figs.get('layouts', '-'))}).",
            )
        ),
        Table(
            columns=("Migration", "Apply (ms)", "Locks observed", "Down migration"),
            rows=rows,
            numeric=(False, True, False, False),
        ),
        Heading(text="Rollback notes"),
    ]
    notes = _rollback(files, figs)
    blocks.append(Bullets(items=tuple(notes)) if notes else Para(parts=("No rollback note.",)))
    return Section(id="database", title="Database", blocks=tuple(blocks))
