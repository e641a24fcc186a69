"""The records a reader needs from a ``MailSnapshot``, as figures (public data, nothing to mask).

``email.mx`` (preference and exchange), ``email.spf`` (the domain's SPF record), ``email.dmarc``
(policy and where it was found), ``email.dmarc_report`` (its ``rua`` reporting address),
``email.dkim`` (selectors with a key, selectors without). The report renders them as a small table
(record, what was found).
"""

from __future__ import annotations

from launchgate.checks.email.evaluate import _dmarc_records, _tags, dmarc_owner
from launchgate.net import DnsAnswer
from launchgate.spf import MailSnapshot, spf_records


def _absent(ans: DnsAnswer | None) -> str:
    if ans is None:
        return "not asked"
    return "none" if ans.status in ("nodata", "nxdomain") else ans.describe()


def _mx(snap: MailSnapshot) -> str:
    ans = snap.get(snap.domain, "MX")
    if ans is None or not ans.records:
        return _absent(ans)

    def preference(record: str) -> tuple[int, str]:
        first = (record.split(maxsplit=1) or [""])[0]
        return (int(first) if first.isdigit() else 0, record)

    return ", ".join(r.rstrip(".") for r in sorted(ans.records, key=preference))


def _spf(snap: MailSnapshot) -> str:
    ans = snap.get(snap.domain, "TXT")
    recs = spf_records(ans)
    if not recs:
        return "none" if ans is not None and not ans.failed else _absent(ans)
    return " | ".join(recs)


def _dmarc(snap: MailSnapshot, from_domain: str) -> str:
    name, ans = dmarc_owner(snap, from_domain)
    recs = _dmarc_records(ans) if ans is not None else []
    if len(recs) != 1:
        return f"{len(recs)} records at {name}" if recs else f"none at {name}"
    tags = _tags(recs[0])
    policy = " ".join(f"{k}={tags[k]}" for k in ("p", "sp", "pct", "adkim", "aspf") if k in tags)
    return f"{policy or 'no policy'} (at {name})"


def _dmarc_report(snap: MailSnapshot, from_domain: str) -> str:
    """Where aggregate reports go (``rua``), ``none`` when the one DMARC record asks for none."""
    _, ans = dmarc_owner(snap, from_domain)
    recs = _dmarc_records(ans) if ans is not None else []
    rua = _tags(recs[0]).get("rua", "") if len(recs) == 1 else ""
    return rua.strip() or "none"


def _dkim(snap: MailSnapshot) -> str:
    found: list[str] = []
    missing: list[str] = []
    for sel in snap.selectors:
        ans = snap.get(f"{sel}._domainkey.{snap.domain}", "TXT")
        (found if ans is not None and any("p=" in r for r in ans.records) else missing).append(sel)
    if not snap.selectors:
        return "no selectors configured (email.dkim_selectors)"
    text = f"key found: {', '.join(found) or 'none'}"
    return text + (f"; no key: {', '.join(missing)}" if missing else "")


def record_figures(snap: MailSnapshot, from_domain: str) -> dict[str, str]:
    return {"email.mx": _mx(snap), "email.spf": _spf(snap),
            "email.dmarc": _dmarc(snap, from_domain),
            "email.dkim": _dkim(snap), "email.domain": snap.domain,
            "email.dmarc_report": _dmarc_report(snap, from_domain)}
