"""The ``ai`` check: a post-deploy red-team set run against the product's AI assistant endpoint.

The family's files: ``rules.py`` (the rules), ``schema.py`` (the ``ai`` section and its typed
Settings), ``cases.py`` and ``cases.yaml`` (the built-in set, data), ``gather.py`` (the requests,
within the budget), ``reply.py`` (answers as data: JSON path or OpenAI chat, streamed or not),
``detect.py`` and ``evaluate.py`` (pure judgement and findings). Replies are evidence only after
masking: an excerpt, with canaries, keys and personal data masked.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from launchgate.check import CheckError, Context, Skip
from launchgate.checks.ai import rules as R
from launchgate.checks.ai.cases import CasesError, load_cases, round_robin
from launchgate.checks.ai.detect import Policy
from launchgate.checks.ai.evaluate import evaluate_case, evaluate_errors, figures
from launchgate.checks.ai.gather import Gatherer, run_cases
from launchgate.checks.ai.schema import SCHEMA, Settings
from launchgate.checks.probes import smoke
from launchgate.checks.probes.schema import RequestEntry
from launchgate.checks.probes.spec import SpecError, Vars, request_of, resolve_url
from launchgate.model import Finding, Phase, Rule
from launchgate.redact import scrub

__all__ = ["AiCheck", "Settings"]
SECRET_NAME_HINTS = ("PASSWORD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "PASS", "AUTH")


def policy_of(s: Settings) -> Policy:
    patterns = []
    for i, rx in enumerate(s.forbidden):
        try:
            patterns.append(re.compile(rx))
        except re.error as exc:
            raise CheckError(
                f"ai.forbidden[{i}]: {rx!r} is not a regular expression: {exc}"
            ) from None
    return Policy(canaries=s.canary_list(), forbidden=tuple(patterns), tools=s.tools,
                  allowed_pii=s.allowed_pii)


class AiCheck:
    """Check id ``ai``."""

    id: ClassVar[str] = "ai"
    phase: ClassVar[Phase] = Phase.POST
    rules: ClassVar[tuple[Rule, ...]] = R.RULES
    schema: ClassVar[Mapping[str, Mapping[str, Any]]] = SCHEMA
    # the section's own deadline_s (at most 1800 s) bounds a run first
    timeout_s: ClassVar[float] = 1900.0
    exclusive: ClassVar[bool] = False

    async def run(self, ctx: Context) -> list[Finding]:
        section = ctx.section("ai")
        if not section:
            raise Skip("no ai section in the config")
        s = Settings.of(section)
        base = str((ctx.config.get("targets") or {}).get("canonical") or "")
        if not base.startswith(("http://", "https://")):
            raise CheckError("targets.canonical must be set to the site's base URL (https://...) "
                             "for ai")
        hosts = frozenset(h.lower() for h in [urlsplit(base).hostname or "",
                                               *(ctx.config.get("targets") or {}).get("hosts", [])])
        run_id = ctx.env.get("RUN_ID") or ctx.run_id or ctx.now().strftime("%Y%m%d%H%M%S%f")
        vars_ = Vars(ctx.env, {"RUN_ID": run_id})
        vars_.secrets |= {
            v
            for k, v in ctx.env.items()
            if len(v) >= 6 and any(h in k.upper() for h in SECRET_NAME_HINTS)
        }
        root = ctx.config_path.parent if ctx.config_path else ctx.repo.root
        try:
            cases = round_robin(load_cases(s.cases, Path(root)))
            policy = policy_of(s)
            return await self._run(ctx, s, base, hosts, vars_, cases, policy, run_id)
        except (SpecError, CasesError) as exc:
            raise CheckError(str(scrub(str(exc), sorted(vars_.secrets)))) from None

    async def _run(self, ctx: Context, s: Settings, base: str, hosts: frozenset[str], vars_: Vars,
                   cases: list[Any], policy: Policy, run_id: str) -> list[Finding]:
        budget = s.limits()
        started = time.monotonic()
        findings: list[Finding] = []
        async with ctx.net.client(cookies=True, max_connections=budget.concurrency) as client:
            sent = 0
            session = s.endpoint.get("session")
            if session:
                flow = next((f for f in smoke.flow_specs(ctx.section("smoke") or [])
                             if f.name == session), None)
                if flow is None:
                    raise SpecError(f"ai.endpoint.session: no smoke flow named {session!r}")
                if len(flow.steps) >= budget.max_requests:
                    raise SpecError(f"ai.endpoint.session: flow {session!r} alone exceeds "
                                    "ai.budget.max_requests")
                outcome = await smoke.run_flow(ctx.net, flow, base, hosts, vars_, client=client)
                sent = sum(1 for st in outcome.steps if st.state != "not-run")
                failed = smoke.evaluate_flow(outcome, ctx.anchor("ai.endpoint.session"))
                if failed:
                    raise CheckError(f"ai.endpoint.session: {failed[0].message}")
            req = vars_.expand_request(request_of(RequestEntry.of(s.endpoint),
                                                  str(s.endpoint["request"]),
                                                  "ai.endpoint.request"))
            if vars_.missing:
                names = ", ".join(sorted({f"${{{n}}}" for n in vars_.missing}))
                raise SpecError(f"ai.endpoint: {names} not set (environment variable or a session "
                                "capture)")
            url = resolve_url(base, req.target, req.query, hosts, "ai.endpoint.request")
            g = Gatherer(net=ctx.net, client=client, settings=s, request=req, url=url,
                         budget=budget,
                         run_id=run_id, sent=sent, ends_at=started + budget.deadline_s)
            outcomes = await run_cases(g, cases)
        where = dataclasses.replace(ctx.anchor("ai.endpoint"), url=url)
        secrets = sorted(vars_.secrets)
        failed_ids: set[str] = set()
        for o in outcomes:
            found = evaluate_case(o, policy, where, secrets)
            failed_ids |= {o.case.id} if found else set()
            findings += found
        findings += evaluate_errors(outcomes, where, secrets)
        for name, value in figures(outcomes, failed_ids, g.sent).items():
            ctx.record(name, value)
        ctx.record("ai.duration_s", round(time.monotonic() - started, 2))
        return findings
