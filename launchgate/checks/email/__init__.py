"""The ``email`` check: email authentication of a domain (MX, SPF, DKIM, DMARC, alignment).

Section ``email``; a failing nameserver is reported as ``dns.lookup-failed``. The family's files:
``rules.py`` (the rules), ``schema.py`` (the section and its typed Settings), ``gather.py`` (the DNS
answers, into a ``MailSnapshot``), ``evaluate.py`` (pure rule logic on the snapshot); the SPF walker
is ``launchgate.spf``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from launchgate.check import Context, Skip
from launchgate.checks.email import rules as R

# the submodule keeps its name
from launchgate.checks.email.evaluate import evaluate as evaluate_snapshot
from launchgate.checks.email.gather import gather as gather_snapshot
from launchgate.checks.email.records import record_figures
from launchgate.checks.email.schema import SCHEMA, Settings
from launchgate.model import Finding, Phase, Rule
from launchgate.net.targets import Targets, org_domain, public_suffix

__all__ = ["EmailCheck", "Settings"]


class EmailCheck:
    """Check id ``email``: MX, SPF, DKIM and DMARC of ``email.domain`` (default
    ``targets.domain``)."""

    id: ClassVar[str] = "email"
    phase: ClassVar[Phase] = Phase.POST
    rules: ClassVar[tuple[Rule, ...]] = R.RULES
    schema: ClassVar[Mapping[str, Mapping[str, Any]]] = SCHEMA
    timeout_s: ClassVar[float] = 60.0
    exclusive: ClassVar[bool] = False

    async def run(self, ctx: Context) -> list[Finding]:
        settings = Settings.of(ctx.section("email"))
        if not settings.enabled:
            raise Skip("email.enabled is false")
        domain = settings.domain or Targets.of(ctx.config).domain
        if not domain:
            raise Skip("no email.domain or targets.domain configured")
        snap = await gather_snapshot(ctx.net, domain, settings)
        ctx.record("email.dns_queries", len(snap.answers))
        for name, value in record_figures(snap, (settings.from_domain or domain).lower()).items():
            ctx.record(name, value)
        # DMARC's fallback and relaxed alignment use it
        ctx.record("email.org_domain", org_domain(domain))
        ctx.record("email.public_suffix", public_suffix(domain))  # from the Public Suffix List
        return ctx.anchored(evaluate_snapshot(snap, settings), "email")
