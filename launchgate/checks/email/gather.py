"""What the ``email`` check gathers: every DNS answer the rules need, the SPF include/redirect tree
walked until no answer is missing (a bounded number of queries), into a ``MailSnapshot``."""

from __future__ import annotations

import asyncio

from launchgate.checks.email.schema import Settings
from launchgate.net import DnsAnswer, Net
from launchgate.net.targets import org_domain
from launchgate.spf import MailSnapshot, walk_spf


async def gather(net: Net, domain: str, settings: Settings, max_queries: int = 60) -> MailSnapshot:
    """Ask every name the rules need; the SPF tree is walked until no answer is missing (bounded
    count)."""
    domain = domain.lower().rstrip(".")
    frm = (settings.from_domain or domain).lower()
    env = (settings.envelope_domain or domain).lower()
    selectors = settings.dkim_selectors
    answers: dict[tuple[str, str], DnsAnswer] = {}
    wanted = [(domain, "MX"), (domain, "TXT"), (env, "TXT"), (f"_dmarc.{frm}", "TXT"),
              (f"_dmarc.{org_domain(frm)}", "TXT")]
    wanted += [(f"{s}._domainkey.{domain}", "TXT") for s in selectors]
    while wanted and len(answers) < max_queries:
        before = len(answers)
        wave = [k for k in dict.fromkeys(wanted) if k not in answers][: max_queries - len(answers)]
        got = await asyncio.gather(*(net.lookup(name, rdtype, lifetime_s=settings.lifetime_s)
                                     for name, rdtype in wave))
        answers.update(zip(wave, got, strict=True))
        snap = MailSnapshot(domain=domain, answers=answers, selectors=selectors)
        wanted = []
        for d in dict.fromkeys((domain, env)):
            walk_spf(snap, d, need=wanted)
        if len(answers) == before:
            break
    return MailSnapshot(domain=domain, answers=answers, selectors=selectors)
