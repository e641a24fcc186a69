"""Pure evaluation of the gathered outcomes: one finding per (case, rule) with masked evidence, the
endpoint's failures (ai.unreachable / ai.errors), and the figures (pass rate per category, requests,
p95 reply times)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from launchgate.checks.ai import rules as R
from launchgate.checks.ai.detect import Hit, Policy, judge
from launchgate.checks.ai.gather import CaseOutcome
from launchgate.checks.probes.smoke import redact_excerpt
from launchgate.model import Finding, Location
from launchgate.redact import Redacted, scrub

EXCERPT_BEFORE, EXCERPT_AFTER = 80, 160
PROMPT_SHOWN = 120


def excerpt(text: str, at: int, hide: Sequence[str]) -> Redacted:
    """A window of the reply around ``at``, widened so no value in ``hide`` is cut by its edges,
    with every such value masked (a key is shown as its mask, never in part), then token-like JSON
    values masked."""
    start, end = max(0, at - EXCERPT_BEFORE), min(len(text), at + EXCERPT_AFTER)
    for v in (h for h in hide if h):
        idx = text.find(v)
        while idx != -1:
            if idx < start < idx + len(v):
                start = idx
            if idx < end < idx + len(v):
                end = idx + len(v)
            idx = text.find(v, idx + 1)
    body = ("…" if start else "") + scrub(text[start:end], hide) + ("…" if end < len(text) else "")
    return Redacted(redact_excerpt(" ".join(body.split()), hide))


def _hidden(outcome: CaseOutcome, policy: Policy, secrets: Sequence[str]) -> list[str]:
    """Every raw value any detector saw in any reply of the case, plus canaries and known
    secrets."""
    out = [c.value for c in policy.canaries] + list(secrets)
    for ex in outcome.exchanges:
        if ex.reply is not None:
            prompts = [e.prompt for e in outcome.exchanges]
            out += [v for h in judge(outcome.case, ex.reply, prompts, policy) for v in h.values]
    return out


def evaluate_case(outcome: CaseOutcome, policy: Policy, where: Location,
                  secrets: Sequence[str]) -> list[Finding]:
    case = outcome.case
    prompts: list[str] = []
    by_rule: dict[str, tuple[Hit, str, int]] = {}
    whats: dict[str, list[str]] = {}
    for turn, ex in enumerate(outcome.exchanges, 1):
        prompts.append(ex.prompt)
        if ex.reply is None:
            continue
        for h in judge(case, ex.reply, prompts, policy):
            by_rule.setdefault(h.rule.id, (h, ex.reply.text, turn))
            if h.what not in whats.setdefault(h.rule.id, []):
                whats[h.rule.id].append(h.what)
    if not by_rule:
        return []
    hide = _hidden(outcome, policy, secrets)
    out = []
    for rule_id, (hit, text, turn) in sorted(by_rule.items()):
        turns = f" (turn {turn}/{len(case.turns)})" if len(case.turns) > 1 else ""
        msg = f"case {case.id} ({case.category}){turns}: {'; '.join(whats[rule_id])}"
        shown_prompt = case.turns[turn - 1][:PROMPT_SHOWN] + (
            "…" if len(case.turns[turn - 1]) > PROMPT_SHOWN else ""
        )
        evidence = "\n".join((f"case: {case.id} [{case.source}]: fails when "
                              f"{case.fails or hit.what}",
                              f"prompt: {scrub(shown_prompt, hide)}", "reply: "
                              f"{excerpt(text, hit.at, hide)}"))
        out.append(Finding.of(hit.rule, str(scrub(msg, hide)), where, key=(case.id,),
                              # every part above is scrubbed or masked
                              evidence=Redacted(evidence)))
    return out


def evaluate_errors(outcomes: Sequence[CaseOutcome], where: Location,
                    secrets: Sequence[str]) -> list[Finding]:
    ran = [o for o in outcomes if o.state != "not-run"]
    errors = [o for o in ran if o.state == "error"]
    late = [o for o in outcomes if o.state == "not-run" and o.reason == "deadline"]
    out: list[Finding] = []
    if not ran and late:
        return [Finding.of(R.UNREACHABLE, "no case finished within ai.budget.deadline_s "
                           f"({len(late)} not run)",
                           where, key=("all",))]
    if ran and len(errors) == len(ran) and not any(e.reply for o in ran for e in o.exchanges):
        reason = str(scrub(errors[0].reason, secrets))
        return [Finding.of(R.UNREACHABLE, f"all {len(ran)} cases failed; first: {reason}", where,
                           key=("all",))]
    if errors or late:
        parts = [f"{o.case.id}: {scrub(o.reason, secrets)}" for o in errors[:5]]
        more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
        msg = f"{len(errors)}/{len(ran)} cases failed" + (f": {'; '.join(parts)}{more}" if parts
                                                          else "")
        if late:
            msg += f"; deadline reached, {len(late)} cases not run"
        out.append(Finding.of(R.ERRORS, msg, where, key=("errors",)))
    answered = [e for o in ran for e in o.exchanges if e.reply is not None]
    if answered and all(e.status is not None and e.status >= 400 for e in answered):
        out.append(Finding.of(R.ERRORS, "every reply was a rejection (HTTP "
                              f"{answered[0].status}): check ai.endpoint's body template", where,
                              key=("rejected",)))
    return out


def p95(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def figures(
    outcomes: Sequence[CaseOutcome], failed: set[str], sent: int
) -> dict[str, float | int | str]:
    out: dict[str, float | int | str] = {"ai.requests": sent,
                                         "ai.cases_run": sum(1 for o in outcomes
                                                             if o.state != "not-run"),
                                         "ai.cases_not_run": sum(1 for o in outcomes
                                                                 if o.state == "not-run")}
    cats: dict[str, list[CaseOutcome]] = {}
    for o in outcomes:
        if o.state == "done":
            cats.setdefault(o.case.category, []).append(o)
    for cat, items in sorted(cats.items()):
        passed = sum(1 for o in items if o.case.id not in failed)
        out[f"ai.pass_rate.{cat}"] = f"{passed}/{len(items)}"
    times = [e.elapsed_ms for o in outcomes for e in o.exchanges if e.reply is not None]
    model = [e.reply.model_ms for o in outcomes for e in o.exchanges if e.reply
             and e.reply.model_ms is not None]
    backend = [e.elapsed_ms - e.reply.model_ms for o in outcomes for e in o.exchanges
               if e.reply and e.reply.model_ms is not None]
    for name, vals in (("ai.p95_ms", times), ("ai.p95_model_ms", model),
                       ("ai.p95_backend_ms", backend)):
        v = p95(vals)
        if v is not None:
            out[name] = round(v, 1)
    return out

