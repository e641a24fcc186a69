"""The ``tls`` check: the certificate each host serves (trust, names, dates, chain) and legacy
protocol versions.

The family's files: ``rules.py`` (the rules), ``schema.py`` (the ``tls`` section and its typed
Settings), ``gather.py`` (the handshakes, into ``TlsHostSnapshot``s), ``evaluate.py`` (pure rule
logic, the clock passed in).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, ClassVar

from launchgate.check import Context, Skip
from launchgate.checks.tls import rules as R
from launchgate.checks.tls.evaluate import anchor_subjects, days_left, evaluate_host
from launchgate.checks.tls.gather import gather_host
from launchgate.checks.tls.records import certificate_figures
from launchgate.checks.tls.schema import SCHEMA, Settings
from launchgate.model import Finding, Phase, Rule
from launchgate.net.subdomains import existing_subdomains
from launchgate.net.targets import Targets

__all__ = ["Settings", "TlsCheck"]


class TlsCheck:
    """Check id ``tls``."""

    id: ClassVar[str] = "tls"
    phase: ClassVar[Phase] = Phase.POST
    rules: ClassVar[tuple[Rule, ...]] = R.RULES
    schema: ClassVar[Mapping[str, Mapping[str, Any]]] = SCHEMA
    timeout_s: ClassVar[float] = 60.0
    exclusive: ClassVar[bool] = False

    async def run(self, ctx: Context) -> list[Finding]:
        targets = Targets.of(ctx.config)
        if not targets.hosts:
            raise Skip("no targets.hosts configured")
        s = Settings.of(ctx.section("tls"))
        subs = await existing_subdomains(ctx.net, targets)
        # subdomains: the certificate they serve (names, dates, trust); legacy probes stay on hosts
        snaps = await asyncio.gather(
            *(gather_host(ctx.net, h, s.legacy_probe) for h in targets.hosts),
            *(gather_host(ctx.net, h, False, optional=True) for h in subs))
        anchors = anchor_subjects(ctx.net.trust_anchors())
        now = ctx.now()
        findings: list[Finding] = []
        for snap in snaps:
            if snap is None:
                continue
            findings += evaluate_host(snap, now=now, min_days=s.min_days, anchor_subjects=anchors)
            left = days_left(snap, now)
            if left is not None:
                ctx.record(f"tls.days_left.{snap.host}", left)
            for name, value in certificate_figures(snap).items():
                ctx.record(name, value)
            unknown = [label for label, accepted in snap.legacy if accepted is None]
            if unknown:
                ctx.record(f"tls.legacy_untested.{snap.host}", ", ".join(unknown))
        return ctx.anchored(findings, "targets.hosts")
