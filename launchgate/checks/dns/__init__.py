"""The ``dns`` check: every configured host resolves, no dangling CNAME, apex and www, CAA.

The family's files: ``rules.py`` (the rules), ``schema.py`` (the ``dns`` section and its typed
Settings), ``gather.py`` (the lookups, into a ``DnsSnapshot``), ``evaluate.py`` (pure rule logic on
the snapshot). Email records (MX, SPF, DKIM, DMARC) are the ``email`` check's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, ClassVar

from launchgate.check import Context, Skip
from launchgate.checks.dns import rules as R

# the submodule keeps its name
from launchgate.checks.dns.evaluate import evaluate as evaluate_snapshot
from launchgate.checks.dns.expect import evaluate_extra, exists, extra_names, gather_names
from launchgate.checks.dns.gather import gather as gather_snapshot
from launchgate.checks.dns.records import describe_host, record_figures
from launchgate.checks.dns.schema import SCHEMA, Settings
from launchgate.model import Finding, Phase, Rule
from launchgate.net.targets import Targets

__all__ = ["DnsCheck", "Settings"]


class DnsCheck:
    """Check id ``dns``: host records (A/AAAA/CNAME), apex and www, CAA."""

    id: ClassVar[str] = "dns"
    phase: ClassVar[Phase] = Phase.POST
    rules: ClassVar[tuple[Rule, ...]] = R.RULES
    schema: ClassVar[Mapping[str, Mapping[str, Any]]] = SCHEMA
    timeout_s: ClassVar[float] = 60.0
    exclusive: ClassVar[bool] = False

    async def run(self, ctx: Context) -> list[Finding]:
        targets = Targets.of(ctx.config)
        if not targets.hosts and not targets.domain:
            raise Skip("no targets.domain or targets.hosts configured")
        s = Settings.of(ctx.section("dns"))
        snap, more = await asyncio.gather(gather_snapshot(ctx.net, targets, s),
                                          gather_names(ctx.net, extra_names(targets), s.lifetime_s))
        ctx.record("dns.hosts", len(snap.hosts))
        for name, value in record_figures(snap).items():
            ctx.record(name, value)
        for name, rec in more.items():
            if exists(rec):
                ctx.record(f"dns.host.{name}.records", describe_host(rec))
        records = {**more, **{r.host: r for r in snap.hosts}}
        found = evaluate_snapshot(snap, s) + evaluate_extra(records, targets)
        unique = list({f.fingerprint: f for f in found}.values())
        pinned = [f for f in unique if f.rule is R.RECORD_MISMATCH]
        rest = [f for f in unique if f.rule is not R.RECORD_MISMATCH]
        return ctx.anchored(rest, "targets.hosts") + ctx.anchored(pinned, "targets.expect")
