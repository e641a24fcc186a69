"""The launch handover pack as a document: eight sections of plain blocks, built from a Report
alone.

``build(report)`` is the one place that decides what the pack says; ``handover_md`` and ``html``
only lay the blocks out (Markdown for a repo or wiki, one self-contained HTML file), so the two
formats cannot disagree. Every string in a block is data: the renderers escape it (HTML) or make it
inert (Markdown); a ``Code`` part is shown as code. A section whose data was not measured says what
is missing and why, never an empty table. Nothing here reads a value of an env variable or a secret:
the report carries names only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from launchgate.model import Finding, Phase, Report, Severity, Status
from launchgate.report import pack_inventory, pack_live, pack_ops
from launchgate.report.blocks import (
    Block,
    Bullets,
    Code,
    Heading,
    Inline,
    Link,
    Para,
    Risk,
    Risks,
    Section,
    Table,
)
from launchgate.report.clock import utc_time
from launchgate.report.figures import fmt, take

__all__ = ["SECTION_IDS", "Pack", "build"]

SECTION_IDS = (
    "verdict",
    "domains",
    "email",
    "environment",
    "operations",
    "database",
    "do-not-break",
    "run",
)
LISTED = Severity.MEDIUM  # the risk list: blockers, high and medium; low and info are counted
LISTED_MAX = 50  # a pack is read by people: past this, the rest are counted and left to `check`


@dataclass(frozen=True, kw_only=True)
class Pack:
    title: str
    subtitle: str
    verdict: str  # passed / failed / errored
    sections: tuple[Section, ...]


def verdict(report: Report) -> str:
    if not report.passed:
        return "failed"
    return "errored" if any(r.status is Status.ERROR for r in report.results) else "passed"


def build(report: Report) -> Pack:
    live = pack_live.Live.of(report)
    dont = _do_not_break(live)
    name = live.domain or (report.info.targets[0] if report.info.targets else "this product")
    when = utc_time(report).strftime("%Y-%m-%d %H:%M UTC")
    sections = (
        _verdict(report, _glance(report, live, dont)),
        pack_live.domains(report, live),
        pack_inventory.email(report, live),
        pack_inventory.environment(report, live),
        pack_ops.operations(report, live),
        pack_ops.database(report, live),
        dont,
        _run_facts(report),
    )
    assert tuple(s.id for s in sections) == SECTION_IDS
    return Pack(
        title=f"Launch handover: {name}",
        subtitle=f"launchgate {report.info.version}, run of {when}",
        verdict=verdict(report),
        sections=sections,
    )


def _risk(f: Finding) -> Risk:
    return Risk(
        severity=f.severity.label,
        rule=f.rule.id,
        title=f.rule.title,
        message=f.message,
        where=f.location.describe(),
        fix=f.rule.fix,
        why=f.rule.why,
    )


def _glance(report: Report, live: pack_live.Live, dont: Section) -> Bullets:
    """The founder's questions, one line each, linked to the section with the detail."""
    dns = take(live.of_check("dns"), "dns.host.")
    hosts = [f"{h} → {fmt(dns[h].get('records', '?'))}" if h in dns else h for h in live.hosts()]
    until = sorted(
        (fmt(v), h) for h, v in pack_live.prefixed(live.of_check("tls"), "tls.not_after.").items()
    )
    required = [n for n, f in live.env_vars().items() if pack_live.required_in(f, "production")]
    p95 = [
        f"{b.endpoint} {b.p95:g} ms" + (f" (target {b.target:g})" if b.target else "")
        for b in pack_ops.percentiles(live)
    ]
    listed = next((b for b in dont.blocks if isinstance(b, Bullets)), None)
    rows: list[tuple[Inline, ...]] = [
        (Link("Hosts", "domains"), ": ", "; ".join(hosts) if hosts else "none checked", "."),
        (
            Link("Certificates", "domains"),
            ": ",
            f"the first expires on {until[0][0]} ({until[0][1]})." if until else "not read.",
        ),
        (Link("Email", "email"), ": ", pack_live.email_status(live), "."),
        (Link("Production must have", "environment"), *_required(sorted(required))),
        (
            Link("p95 per endpoint", "operations"),
            ": ",
            "; ".join(p95) + "." if p95 else "not measured.",
        ),
        (
            Link("Do not break", "do-not-break"),
            ": ",
            f"{len(listed.items) if listed else 0} item(s) listed.",
        ),
    ]
    if Phase.POST not in report.info.phases:
        rows.append(
            ("Post-deploy checks did not run (phase pre): the live answers above are missing.",)
        )
    return Bullets(items=tuple(rows))


def _required(names: list[str]) -> tuple[Inline, ...]:
    if not names:
        return (" no declared variable.",)
    return (f" these {len(names)} variables: ", *pack_inventory.names_list(names), ".")


def _verdict(report: Report, glance: Bullets) -> Section:
    counts = report.counts()
    gate = "never" if report.info.fail_on is None else report.info.fail_on.label
    state = {
        "passed": "The gate passed",
        "failed": "The gate failed",
        "errored": "The gate errored",
    }
    head = f"{state[verdict(report)]} (fail_on: {gate})."
    tally = ", ".join(f"{counts[s.label]} {s.label}" for s in reversed(Severity))
    blocks: list[Block] = [
        Para(parts=(head, f" Findings: {tally}.")),
        Heading(text="At a glance"),
        glance,
        Heading(text="Launch risks, worst first"),
    ]
    listed = [f for f in report.findings() if f.severity >= LISTED]
    if listed:
        blocks.append(Risks(items=tuple(_risk(f) for f in listed[:LISTED_MAX])))
        if len(listed) > LISTED_MAX:
            blocks.append(Para(parts=(f"{len(listed) - LISTED_MAX} more blocker, high or medium "
                                      "finding(s), not listed here: run ", Code("launchgate check"),
                                      " for all of them.")))
    else:
        blocks.append(
            Para(
                parts=(
                    "No blocker, high or medium finding: nothing stands in the way of the launch.",
                )
            )
        )
    rest = counts["low"] + counts["info"]
    if rest:
        blocks.append(
            Para(
                parts=(
                    f"{rest} low or info finding(s) are not listed here; run ",
                    Code("launchgate check"),
                    " to see them.",
                )
            )
        )
    errored = [r for r in report.results if r.status is Status.ERROR]
    if errored:
        blocks.append(
            Bullets(items=tuple((Code(r.check), f" could not run: {r.reason}") for r in errored))
        )
    return Section(id="verdict", title="Verdict and launch risks", blocks=tuple(blocks))


def _do_not_break(live: pack_live.Live) -> Section:
    items: list[tuple[str | Code, ...]] = []
    for start, chain in live.redirects():
        hops = chain.split(" → ")
        landing = next((h for h in reversed(hops) if "://" in h), hops[-1])
        items.append(
            (
                "Redirect ",
                Code(start),
                " → ",
                Code(landing),
                f" ({hops[0]}): keeps old links, "
                "bookmarks and login callbacks working; path and query must survive it.",
            )
        )
    for label, found in live.email_records():
        if found not in ("none", "not asked", ""):
            items.append(
                (
                    f"Email {label} record ",
                    Code(found),
                    ": mail stops being delivered or trusted without it.",
                )
            )
    for var in live.critical_vars():
        items.append(
            (
                "Variable ",
                Code(var),
                ": required in production and secret; rotate it, never delete it.",
            )
        )
    for url, what in live.health():
        items.append(
            ("Health URL ", Code(url), f" ({what}): monitors and the deploy's health gate call it.")
        )
    if not items:
        return Section(
            id="do-not-break",
            title="Do not break this",
            blocks=(
                Para(
                    parts=(
                        "Nothing to list: no redirect, email record, required secret or health "
                        "URL was measured in this run.",
                    )
                ),
            ),
        )
    return Section(
        id="do-not-break",
        title="Do not break this",
        blocks=(
            Para(parts=("Change these only on purpose, with a plan to verify them after:",)),
            Bullets(items=tuple(items)),
        ),
    )


def _checks_table(report: Report) -> Table:
    rows = tuple(
        (Code(r.check), r.phase.value, r.status.value, r.reason or "-", f"{r.duration_s:.2f}")
        for r in sorted(report.results, key=lambda r: (r.phase.value != "pre", r.check))
    )
    return Table(
        columns=("Check", "Phase", "Status", "Why skipped or not finished", "Time (s)"),
        rows=rows,
        numeric=(False, False, False, False, True),
    )


def _run_facts(report: Report) -> Section:
    info = report.info
    phases = ", ".join(p.value for p in info.phases) or "-"
    facts: list[tuple[str, str | Code]] = [
        ("launchgate version", info.version),
        ("Commit", Code(info.commit) if info.commit else "not recorded (not a git checkout)"),
        ("Run started", utc_time(report).strftime("%Y-%m-%d %H:%M:%S UTC")),
        ("Environment validated", info.environment or "not given (--environment)"),
        ("Phases", phases),
    ]
    if info.head_ref or info.base_ref:
        facts.append(("Compared", f"{info.base_ref or '-'} .. {info.head_ref or '-'}"))
    blocks: list[Block] = [
        Table(columns=("Fact", "Value"), rows=tuple(facts), numeric=(False, False))
    ]
    if Phase.POST not in info.phases:
        blocks.append(
            Para(
                parts=(
                    "Post-deploy checks did not run (phase pre): hosts, certificates, email, "
                    "health and latency were not measured.",
                )
            )
        )
    if info.deadline_reached:
        blocks.append(
            Para(parts=("The run's deadline was reached: checks still running then are missing.",))
        )
    blocks.append(_checks_table(report) if report.results else Para(parts=("No check ran.",)))
    return Section(id="run", title="Run facts", blocks=tuple(blocks))


def sections_by_id(pack: Pack) -> dict[str, Section]:
    return {s.id: s for s in pack.sections}


def texts(blocks: Sequence[Block]) -> list[str]:
    """Every string of the blocks (tests read the pack's words without a renderer)."""
    out: list[str] = []
    for b in blocks:
        out += b.strings()
    return out
