"""What the handover pack reads from a run: ``Live.of(report)`` gathers every check's figures once
(the README's JSON report section lists their names), with the helpers the sections share, and the
domain map (section 2). ``missing`` says what was not measured and why when a check did not run,
was skipped, or recorded nothing; pack_inventory.py and pack_ops.py hold the other sections."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from launchgate.model import Phase, Report, Status
from launchgate.report.blocks import (
    Block,
    Bullets,
    Code,
    Heading,
    Inline,
    Missing,
    Section,
    Table,
)
from launchgate.report.figures import CENTURY_DAYS, Value, fmt, take

POST_CHECKS = frozenset({"dns", "email", "tls", "web", "probes", "ai"})
PRODUCT_SUBDOMAINS = ("app", "api", "admin", "auth", "docs")
RENEW_SOON_DAYS = 30


def prefixed(figs: Mapping[str, Value], prefix: str) -> dict[str, Value]:
    return {n[len(prefix) :]: v for n, v in figs.items() if n.startswith(prefix)}


def deep_link_outcome(start: str, rest: str) -> str:
    """The chain from ``http://`` with the web check's deep link, with what it proved.

    The deep link's path is made up (no page has it), so a 404 where the chain lands is the
    expected end, not a broken redirect: what counts is whether path and query survived every
    hop. Said in words, so a reader of the pack does not take the 404 for an outage."""
    hops = rest.split(" → ")
    landing = next((h for h in reversed(hops) if "://" in h), None)
    if landing is None or not hops[-1].isdigit():
        return rest
    begin, end = urlsplit(start), urlsplit(landing)
    kept = (begin.path, begin.query) == (end.path, end.query)
    said = "path and query kept" if kept else "path or query lost on the way"
    if hops[-1] == "404":
        said += "; 404 expected: the link is made up"
    return f"{rest} ({said})"


@dataclass(frozen=True, kw_only=True)
class Live:
    """The figures of every check by check id, and the run's hosts."""

    figures: Mapping[str, Mapping[str, Value]]
    targets: tuple[str, ...]

    @classmethod
    def of(cls, report: Report) -> Live:
        return cls(
            figures={r.check: dict(r.figures) for r in report.results}, targets=report.info.targets
        )

    def of_check(self, check: str) -> dict[str, Value]:
        return dict(self.figures.get(check, {}))

    @property
    def domain(self) -> str:
        """The product's domain: the email check's, else the shortest host without www. or app."""
        mail = self.of_check("email")
        found = mail.get("email.domain") or mail.get("email.org_domain")
        if found:
            return fmt(found)
        hosts = self.hosts()
        if not hosts:
            return ""
        first = min(hosts, key=lambda h: (h.count("."), h))
        label, _, rest = first.partition(".")
        return rest if label in ("www", *PRODUCT_SUBDOMAINS) and rest.count(".") >= 1 else first

    def hosts(self) -> list[str]:
        names = {urlsplit(t).hostname or t if "://" in t else t for t in self.targets}
        names |= set(take(self.of_check("dns"), "dns.host."))
        names |= set(prefixed(self.of_check("tls"), "tls.days_left."))
        return sorted(names)

    def redirects(self) -> list[tuple[str, str]]:
        """(where a chain starts, the rest of the chain) for every host that redirects."""
        web = self.of_check("web")
        out: list[tuple[str, str]] = []
        for key in ("web.redirect.http.", "web.redirect.https."):
            for _host, chain in sorted(prefixed(web, key).items()):
                start, _, rest = fmt(chain).partition(" → ")
                if " → " in rest:  # at least one hop: a status and where it led
                    deep = key == "web.redirect.http."
                    out.append((start, deep_link_outcome(start, rest) if deep else rest))
        return out

    def email_records(self) -> list[tuple[str, str]]:
        mail = self.of_check("email")
        return [(label, fmt(mail[name])) for name, label in EMAIL_ROWS if name in mail]

    def env_vars(self) -> dict[str, dict[str, Value]]:
        return take(self.of_check("env"), "env.var.", split_first=True)

    def critical_vars(self) -> list[str]:
        return sorted(
            name
            for name, f in self.env_vars().items()
            if "secret" in fmt(f.get("flags", "")) and required_in(f, "production")
        )

    def health(self) -> list[tuple[str, str]]:
        return sorted(
            (url, fmt(what))
            for url, what in prefixed(self.of_check("probes"), "health.probe.").items()
        )


EMAIL_ROWS = (
    ("email.spf", "SPF"),
    ("email.dkim", "DKIM"),
    ("email.dmarc", "DMARC"),
    ("email.mx", "MX"),
)
def required_in(f: Mapping[str, Value], environment: str) -> bool:
    req = fmt(f.get("required_in", ""))
    return req == "every environment" or environment in [e.strip() for e in req.split(",")]


def email_status(live: Live) -> str:
    """Is mail authenticated: which of SPF, DKIM and DMARC are in place, and the DMARC policy."""
    found = dict(live.email_records())
    if not found:
        return "not looked up"
    absent = ("none", "not asked", "key found: none", "no selectors")
    have = [k for k in ("SPF", "DKIM", "DMARC") if not found.get(k, "none").startswith(absent)]
    lacking = [k for k in ("SPF", "DKIM", "DMARC") if k not in have]
    policy = next((t for t in found.get("DMARC", "").split() if t.startswith("p=")), "")
    text = f"{', '.join(have) or 'none of SPF, DKIM and DMARC'} in place"
    text += f" (DMARC {policy})" if policy and "DMARC" in have else ""
    return text + (f"; missing: {', '.join(lacking)}" if lacking else "")


def why_missing(report: Report, check: str) -> str | None:
    """Why a check's figures are absent, or None when it ran and recorded them."""
    result = next((r for r in report.results if r.check == check), None)
    if result is None:
        if check in POST_CHECKS and Phase.POST not in report.info.phases:
            return "post-deploy checks did not run (phase pre)"
        return f"the {check} check was not part of this run (--only or --skip)"
    match result.status:
        case Status.SKIPPED:
            return f"the {check} check was skipped: {result.reason}"
        case Status.ERROR:
            return f"the {check} check could not run: {result.reason}"
        case Status.PASSED | Status.FAILED:
            return None
    return None  # pragma: no cover - the match is exhaustive


def missing(report: Report, what: str, check: str) -> Missing:
    why = why_missing(report, check) or f"the {check} check recorded no such figures in this report"
    return Missing(what=what, why=why)


# -- 2. domain map ---------------------------------------------------------------------------------
def _renewal(days: Value | None, issuer: str) -> str:
    if not isinstance(days, int | float):
        return "-"
    if days > CENTURY_DAYS:
        return "Private or throwaway CA (valid for centuries): use a public one before launch."
    if days < RENEW_SOON_DAYS:
        return "Renew now and check that auto-renewal runs."
    if "let's encrypt" in issuer.lower() or days <= 90:
        return "Short-lived: auto-renewal must keep running (check its timer or the platform)."
    return f"Renew before {int(days) - RENEW_SOON_DAYS} days from this run."


def _hosts_table(live: Live) -> Table:
    dns = take(live.of_check("dns"), "dns.host.")
    edges = prefixed(live.of_check("web"), "web.edge.")
    rows = tuple(
        (
            Code(h),
            fmt(dns.get(h, {}).get("records", "not looked up")),
            fmt(edges.get(h, "-")),
            fmt(dns.get(h, {}).get("caa", "-")),
        )
        for h in live.hosts()
    )
    return Table(
        columns=("Host", "Resolves to", "Edge in front", "CAA (who may issue)"),
        rows=rows,
        numeric=(False, False, False, False),
    )


def _certificates(report: Report, live: Live) -> list[Block]:
    tls = live.of_check("tls")
    days = prefixed(tls, "tls.days_left.")
    if not days:
        return [Heading(text="Certificates"), missing(report, "Certificates were not read", "tls")]
    issuers, names, until = (
        prefixed(tls, p) for p in ("tls.issuer.", "tls.names.", "tls.not_after.")
    )
    rows = tuple(
        (
            Code(h),
            fmt(issuers.get(h, "-")),
            fmt(names.get(h, "-")),
            fmt(until.get(h, "-")),
            "n/a" if isinstance(d, int | float) and d > CENTURY_DAYS else fmt(d),
            _renewal(d, fmt(issuers.get(h, ""))),
        )
        for h, d in sorted(days.items())
    )
    return [
        Heading(text="Certificates"),
        Table(
            columns=("Host", "Issuer", "Names (SANs)", "Expires", "Days left", "Renewal"),
            rows=rows,
            numeric=(False, False, False, False, True, False),
        ),
    ]


def _redirect_blocks(report: Report, live: Live) -> list[Block]:
    chains = live.redirects()
    if not chains:
        return [
            Heading(text="Redirects"),
            missing(report, "Redirect chains were not recorded", "web"),
        ]
    return [
        Heading(text="Redirects"),
        Table(
            columns=("From", "Chain"),
            rows=tuple((Code(a), b) for a, b in chains),
            numeric=(False, False),
        ),
    ]


def _looked_up(live: Live) -> list[Block]:
    """The product's usual subdomains as the dns check found them in DNS."""
    found = prefixed(live.of_check("dns"), "dns.subdomain.")
    hosts = set(live.hosts())
    rows: list[tuple[Inline, ...]] = []
    for name, records in sorted(found.items()):
        text = fmt(records)
        absent = text in ("NXDOMAIN", "no address") or text.startswith(("A no answer", "NXDOMAIN"))
        rows.append((Code(name), "missing" if absent else "present",
                     "-" if absent else text, "yes" if name in hosts else "no"))
    return [Heading(text="Product subdomains"),
            Table(columns=("Subdomain", "In DNS", "Resolves to", "Checked (in targets)"),
                  rows=tuple(rows), numeric=(False, False, False, False))]


def _subdomains(live: Live) -> list[Block]:
    if prefixed(live.of_check("dns"), "dns.subdomain."):
        return _looked_up(live)
    domain = live.domain
    if not domain:
        return []
    hosts = set(live.hosts())
    items: list[tuple[Inline, ...]] = []
    for sub in PRODUCT_SUBDOMAINS:
        name = f"{sub}.{domain}"
        items.append(
            (
                Code(name),
                ": in targets (checked)" if name in hosts else ": not in targets (not checked)",
            )
        )
    return [Heading(text="Product subdomains"), Bullets(items=tuple(items))]


def domains(report: Report, live: Live) -> Section:
    if not live.hosts():
        return Section(
            id="domains",
            title="Domain map",
            blocks=(missing(report, "No host was checked", "dns"),),
        )
    blocks: list[Block] = [Heading(text="Hosts"), _hosts_table(live)]
    if "dns" not in live.figures or not take(live.of_check("dns"), "dns.host."):
        blocks.append(missing(report, "DNS records were not looked up", "dns"))
    blocks += _certificates(report, live) + _redirect_blocks(report, live) + _subdomains(live)
    return Section(id="domains", title="Domain map", blocks=tuple(blocks))
