"""Per-check figures as small purpose-made tables a reader can scan (shared by the Markdown and
terminal reports).

Checks record flat figures (``latency.GET /api.p95_ms``, ``tls.days_left.HOST``,
``apply_locks:PATH``); this module groups the known ones into tables (latency per endpoint,
certificates, migrations), lifts the ones that say a measurement was skipped or partial into notes,
and leaves the rest as plain name/value pairs. Figures a reader cannot use are said plainly: a
certificate valid for centuries comes from a throwaway or private CA.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Literal, assert_never

from launchgate.model import Report

Value = float | int | str
# longer than ten years: no public CA issues that; it is a private or throwaway CA
CENTURY_DAYS = 3650
LATENCY_KEYS = ("p50_ms", "p95_ms", "p99_ms", "target", "verdict", "model", "samples")
_NOTE_KEYS = ("probes.problems", "probes.writes", "not_linted", "lint_all_hint")
# inventory for the handover pack (pack.py reads it): too long for a PR comment, not in tables
PACK_ONLY = ("tls.names.", "tls.not_after.", "web.redirect.", "web.edge.", "env.var.",
             "env.environments", "dns.subdomain.",
             "health.probe.", "smoke_steps.", "down:", "email.dmarc_report", "env.inventory_cut")


@dataclass(frozen=True, kw_only=True)
class Table:
    """One figures table: ``numeric`` marks the right-aligned columns."""

    kind: Literal["latency", "certificates", "migrations", "probes", "dns", "caa", "email", "edge"]
    check: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    # columns of host names (comma-separated): shown alike, as code, in Markdown
    names: tuple[int, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FigureView:
    tables: tuple[Table, ...]
    notes: tuple[tuple[str, str], ...]          # (check, what was skipped or partial, and why)
    other: tuple[tuple[str, str, str], ...]     # (check, figure, value)


def fmt(value: Value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def days_left_text(days: Value) -> str:
    if isinstance(days, int | float) and days > CENTURY_DAYS:
        return "n/a (private or throwaway CA, over 10 years)"
    return fmt(days)


def view(report: Report) -> FigureView:
    tables: list[Table] = []
    notes: list[tuple[str, str]] = []
    other: list[tuple[str, str, str]] = []
    for r in sorted(report.results, key=lambda r: r.check):
        rest = dict(r.figures)
        tables += (
            _latency(r.check, rest)
            + _certificates(r.check, rest)
            + _migrations(r.check, rest)
            + _probes(r.check, rest)
            + _dns(r.check, rest)
            + _email(r.check, rest)
            + _edge(r.check, rest)
        )
        for name in sorted(rest):
            value = rest[name]
            if name.startswith(PACK_ONLY):
                continue
            if name in _NOTE_KEYS or name.startswith("tls.legacy_untested."):
                notes.append((r.check, _note(name, value)))
            elif name.endswith("_skipped_files") and value:
                notes.append((r.check, f"{fmt(value)} file(s) skipped by the {name.split('_')[0]} "
                              "scan"))
            else:
                other.append((r.check, name, fmt(value)))
    return FigureView(tables=tuple(tables), notes=tuple(notes), other=tuple(other))


def _note(name: str, value: Value) -> str:
    if name.startswith("tls.legacy_untested."):
        return (f"{name.removeprefix('tls.legacy_untested.')}: legacy protocols not tested "
                f"({fmt(value)})")
    return fmt(value)


def take(rest: dict[str, Value], prefix: str, *, split_first: bool = False
         ) -> dict[str, dict[str, Value]]:
    """Pop ``PREFIX<item>.<key>`` figures into item -> key -> value. The item may hold dots (a
    host), unless ``split_first``: then the key may (``env.var.NAME.set.production``)."""
    out: dict[str, dict[str, Value]] = {}
    for name in [n for n in rest if n.startswith(prefix)]:
        if split_first:
            item, _, key = name[len(prefix):].partition(".")
        else:
            item, _, key = name[len(prefix):].rpartition(".")
        if item:
            out.setdefault(item, {})[key] = rest.pop(name)
    return out


def _latency(check: str, rest: dict[str, Value]) -> list[Table]:
    endpoints = take(rest, "latency.")
    if not endpoints:
        return []
    rows = tuple((name, *(_num(f.get(k)) for k in ("p50_ms", "p95_ms", "p99_ms")),
                  fmt(f.get("target", "-")),
                  fmt(f.get("verdict", "-")), _samples(f)) for name, f in sorted(endpoints.items()))
    return [Table(kind="latency", check=check, title="Latency per endpoint (ms)",
                  columns=("Endpoint", "p50", "p95", "p99", "Target", "Verdict", "Samples (model)"),
                  rows=rows, numeric=(False, True, True, True, False, False, False))]


def _samples(f: dict[str, Value]) -> str:
    model = f" ({fmt(f['model'])})" if "model" in f else ""
    return fmt(f.get("samples", "-")) + model


def _num(value: Value | None) -> str:
    return "-" if value is None else fmt(value)


def _certificates(check: str, rest: dict[str, Value]) -> list[Table]:
    hosts = {n.removeprefix("tls.days_left."): rest.pop(n)
             for n in [n for n in rest if n.startswith("tls.days_left.")]}
    issuers = {n.removeprefix("tls.issuer."): rest.pop(n)
               for n in [n for n in rest if n.startswith("tls.issuer.")]}
    if not hosts:
        return []
    rows = tuple((host, fmt(issuers.get(host, "-")), days_left_text(days)) for host,
                 days in sorted(hosts.items()))
    return [Table(kind="certificates", check=check, title="Certificates",
                  columns=("Host", "Issuer", "Days left"),
                  rows=rows, numeric=(False, False, True), names=(0,))]


def _migrations(check: str, rest: dict[str, Value]) -> list[Table]:
    files: dict[str, dict[str, Value]] = {}
    for name in [n for n in rest if ":" in n
                 and n.split(":", 1)[0] in ("apply_ms", "apply_locks", "statements")]:
        key, path = name.split(":", 1)
        files.setdefault(path, {})[key] = rest.pop(name)
    if not files:
        return []
    with_statements = any("statements" in f for f in files.values())
    folder = posixpath.commonpath([posixpath.dirname(p) for p in files]) if len(files) > 1 else ""
    cut = len(folder) + 1 if folder else 0  # the shared folder goes in the title: narrower rows
    rows = tuple(((path[cut:], fmt(f.get("statements", "-"))) if with_statements else (path[cut:],))
                 + (_num(f.get("apply_ms")), fmt(f.get("apply_locks", "-"))) for path,
                 f in sorted(files.items()))
    columns = ("File", *(("Statements",) if with_statements else ()), "Apply (ms)",
               "Locks observed")
    title = "Migrations" + (f" in {folder}/" if folder else "") + " applied to a scratch database"
    return [Table(kind="migrations", check=check, title=title,
                  columns=columns, rows=rows,
                  numeric=(False, *((True,) if with_statements else ()), True, False))]


def _probes(check: str, rest: dict[str, Value]) -> list[Table]:
    kinds = (("rate_limits.", "rate limit"), ("smoke.", "smoke flow"))
    rows = tuple((what, name.removeprefix(prefix), fmt(rest.pop(name)))
                 for prefix, what in kinds
                 for name in sorted(n for n in rest if n.startswith(prefix)))
    if not rows:
        return []
    return [Table(kind="probes", check=check, title="Rate limits and smoke flows",
                  columns=("Probe", "Request or flow",
                  "Result"), rows=rows, numeric=(False, False, False))]


def _dns(check: str, rest: dict[str, Value]) -> list[Table]:
    """Two narrow tables (one wide one overflows a PR comment): what each host resolves to, then who
    may issue certificates (the CAA sets, each with the hosts it governs)."""
    hosts = take(rest, "dns.host.")
    if not hosts:
        return []
    rest.pop("dns.hosts", None)  # the count: the table has one row per host
    out = [Table(kind="dns", check=check, title="DNS records", columns=("Host", "Resolves to"),
                 rows=tuple((host, fmt(f.get("records", "-"))) for host,
                            f in sorted(hosts.items())),
                 numeric=(False, False), names=(0,))]
    governed: dict[str, list[str]] = {}
    for host, f in sorted(hosts.items()):
        if "caa" in f:
            governed.setdefault(fmt(f["caa"]), []).append(host)
    if governed:
        out.append(Table(kind="caa", check=check, title="CAA: who may issue certificates",
                         columns=("CAA", "Hosts"),
                         rows=tuple((caa, ", ".join(names)) for caa,
                                    names in sorted(governed.items())),
                         numeric=(False, False), names=(1,)))
    return out


_EMAIL_ROWS = (("email.mx", "MX"), ("email.spf", "SPF"), ("email.dmarc", "DMARC"),
               ("email.dkim", "DKIM"))


def _email(check: str, rest: dict[str, Value]) -> list[Table]:
    rows = tuple((label, fmt(rest.pop(name))) for name, label in _EMAIL_ROWS if name in rest)
    if not rows:
        return []
    domain = rest.pop("email.domain", "")
    # how many lookups it took: of no use to a reader next to the records
    rest.pop("email.dns_queries", None)
    title = "Email authentication" + (f" of {fmt(domain)}" if domain else "")
    return [Table(kind="email", check=check, title=title, columns=("Record", "Found"), rows=rows,
                  numeric=(False, False))]


def _edge(check: str, rest: dict[str, Value]) -> list[Table]:
    """``web.edge.<host>``: which CDN/edge answers each host (or none recognised)."""
    rows = tuple((name.removeprefix("web.edge."), fmt(rest.pop(name)))
                 for name in sorted(n for n in rest if n.startswith("web.edge.")))
    if not rows:
        return []
    return [Table(kind="edge", check=check, title="Edge in front", columns=("Host", "Edge"),
                  rows=rows, numeric=(False, False), names=(0,))]


def compact(report: Report, *, verbose: bool = False) -> list[str]:
    """Short lines for the terminal: p95 per endpoint with its target, days left per cert, one line
    for the migrations applied (one per file when ``verbose``)."""
    lines: list[str] = []
    for t in view(report).tables:
        match t.kind:
            case "latency":
                lines += [f"{t.check}: {row[0]} p95 {row[2]} ms ({row[4]}, {row[5]})"
                          for row in t.rows]
            case "certificates":
                lines += [f"{t.check}: {row[0]} certificate, days left {row[2]}" for row in t.rows]
            case "migrations" if verbose:
                lines += [f"{t.check}: {row[0]} applied in {row[-2]} ms; {row[-1]}"
                          for row in t.rows]
            case "migrations":
                exclusive = sum("AccessExclusiveLock" in row[-1] for row in t.rows)
                lines.append(f"{t.check}: {len(t.rows)} file(s) applied to a scratch database, "
                             f"{exclusive} taking an ACCESS EXCLUSIVE lock")
            case "probes":
                lines += [f"{t.check}: {row[0]} {row[1]}: {row[2]}" for row in t.rows]
            case "dns":
                lines += [f"{t.check}: {row[0]} → {row[1]}" for row in t.rows]
            case "caa":
                lines += [f"{t.check}: CAA {row[0]}: {row[1]}" for row in t.rows]
            case "email":
                lines += [f"{t.check}: {label} {found}" for label, found in t.rows]
            case "edge":
                lines += [f"{t.check}: {host} edge: {edge}" for host, edge in t.rows]
            case _:
                assert_never(t.kind)
    return lines

