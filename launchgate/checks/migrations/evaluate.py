"""Pure evaluation for the ``migrations`` check: the selected migrations of each layout linted
(``plan.lint_layout`` over ``lint.py``'s rules), why nothing was linted when nothing was, the
figures of the run, and the static findings reconciled with what the scratch database showed.

No I/O: the files, the selection and the apply outcome come from ``gather.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from launchgate.checks.migrations import rules as R
from launchgate.checks.migrations.plan import Found, LayoutLint, lint_layout
from launchgate.checks.migrations.schema import Settings
from launchgate.model import Finding

if TYPE_CHECKING:  # types only: the applier (asyncpg) and the git selection stay in gather.py
    from launchgate.checks.migrations.apply import ApplyOutcome
    from launchgate.checks.migrations.gather import Selection

LINT_ALL_HINT = "--all or migrations.scope: all lints them all"
# findings that say "this rewrites the table": the scratch database can disprove them
REWRITE_RULES = frozenset({R.ADD_COLUMN_REWRITE.id, R.CHANGE_TYPE.id})


@dataclass(frozen=True, kw_only=True)
class Linted:
    """The lint of every PostgreSQL layout: its results, the notes on what was not linted, and
    ``skip``, why the check has nothing to say ('' when it linted something)."""

    results: tuple[LayoutLint, ...]
    notes: tuple[str, ...]
    skip: str = ""
    not_linted: int = 0  # present but outside the selection (released)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]


def lint(found: Found, sel: Selection, s: Settings) -> Linted:
    """Lint the selected migrations of each layout (each against the ones before it)."""
    results = [lint_layout(lay, sel.paths, s, all_new=sel.all_new) for lay in found.layouts]
    notes = (*found.skipped, *(r.not_postgres for r in results if r.not_postgres))
    results = [r for r in results if not r.not_postgres]
    if not results:
        return Linted(results=(), notes=notes, skip="; ".join(notes))
    present = sum(len(r.layout.files) for r in results)
    linted = sum(len(r.linted) for r in results)
    skip = ("" if linted else
            f"no migration {sel.basis} ({present} present, not linted; {LINT_ALL_HINT})")
    return Linted(results=tuple(results), notes=notes, skip=skip, not_linted=present - linted)


def figures(done: Linted, sel: Selection) -> dict[str, str | int]:
    """What the run linted (layouts, files, statements), its scope, and each linted migration's
    down migration (for the handover pack's rollback notes)."""
    out: dict[str, str | int] = {
        "layouts": ", ".join(f"{r.layout.tool.value}:{r.layout.root}" for r in done.results),
        "files_linted": sum(len(r.linted) for r in done.results),
        "statements_linted": sum(r.statements for r in done.results),
    }
    if done.notes:
        out["not_linted"] = "; ".join(done.notes)
    for r in done.results:
        for f in r.layout.files:
            if f.path in r.linted:
                out[f"down:{f.path}"] = ("in the same file" if f.down_path == f.path
                                         else f.down_path or "none")
    out["scope"] = sel.basis
    if done.not_linted:
        out["not_linted_released"] = done.not_linted
        out["lint_all_hint"] = (f"{done.not_linted} older migration(s) not linted (released); "
                                f"{LINT_ALL_HINT}")
    return out


def reconcile(findings: Sequence[Finding], outcome: ApplyOutcome) -> tuple[list[Finding], int]:
    """Confirm static findings with what the scratch database showed, and drop rewrite findings it
    disproved.

    Returns the findings to report and how many were dropped.
    """
    out: list[Finding] = []
    dropped = 0
    for f in findings:
        obs = outcome.observations.get((f.location.path or "", f.location.start_line or 0))
        if obs is None:
            out.append(f)
            continue
        if f.rule.id in REWRITE_RULES and not obs.rewritten:
            dropped += 1  # PostgreSQL did not give the table a new file: no rewrite happened
            continue
        seen = []
        if obs.rewritten:
            seen.append("rewrote " + ", ".join(sorted(obs.rewritten)))
        if obs.locks:
            seen.append("held " + ", ".join(f"{mode} on {t}" for t,
                                            mode in sorted(obs.locks.items())))
        out.append(replace(f, message=f"{f.message} (observed on the scratch database: "
                           f"{'; '.join(seen)})")
                   if seen else f)
    return out, dropped


def apply_figures(outcome: ApplyOutcome, dropped: int) -> dict[str, str | int | float]:
    """The scratch database's figures: the round trip, the findings it disproved, per-migration
    durations and strongest locks."""
    out: dict[str, str | int | float] = {"apply_round_trip": outcome.round_trip,
                                         "static_findings_dropped_by_apply": dropped}
    out |= {f"apply_ms:{path}": ms for path, ms in outcome.durations_ms.items()}
    out |= {f"apply_locks:{path}": locks for path, locks in outcome.locks.items()}
    return out
