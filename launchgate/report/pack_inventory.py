"""The handover pack's inventory sections: email (section 3: the records, what each protects, what
to tighten next) and the environment inventory (section 4: per environment, every variable's flags
and where it is set; names only, never a value), read from the email and env checks' figures."""

from __future__ import annotations

from collections.abc import Mapping

from launchgate.model import Report
from launchgate.report.blocks import Block, Bullets, Code, Heading, Inline, Para, Section, Table
from launchgate.report.figures import Value, fmt
from launchgate.report.pack_live import Live, missing, required_in

EMAIL_PROTECTS = {
    "SPF": "Lists the servers allowed to send mail as the domain; others are flagged or rejected.",
    "DKIM": "Signs outgoing mail so receivers can tell it was not altered or forged.",
    "DMARC": "Tells receivers what to do with mail failing SPF and DKIM, and where to report it.",
    "MX": "Where mail to the domain is delivered (password resets replied to, support mail).",
}


# -- 3. email --------------------------------------------------------------------------------------
def _tighten(records: Mapping[str, str]) -> list[tuple[Inline, ...]]:
    out: list[tuple[Inline, ...]] = []
    spf, dmarc, dkim = records.get("SPF", ""), records.get("DMARC", ""), records.get("DKIM", "")
    if spf in ("", "none"):
        out.append(("Publish an SPF record listing the services that send your mail.",))
    elif spf.rstrip().endswith(("~all", "?all")):
        out.append(
            ("End SPF with ", Code("-all"), " once every sender is listed (now: soft or neutral).")
        )
    if "key found: none" in dkim or "no selectors" in dkim:
        out.append(
            (
                "Publish the DKIM key of your mail provider (a selector under ",
                Code("_domainkey"),
                ").",
            )
        )
    if "p=none" in dmarc:
        out.append(
            (
                "Move DMARC from ",
                Code("p=none"),
                " to ",
                Code("p=quarantine"),
                " once reports show only your own senders, then to ",
                Code("p=reject"),
                ".",
            )
        )
    elif "p=quarantine" in dmarc:
        out.append(("Move DMARC from ", Code("p=quarantine"), " to ", Code("p=reject"), "."))
    elif dmarc.startswith("none") or not dmarc:
        out.append(
            (
                "Publish a DMARC record (start with ",
                Code("p=none"),
                " and a ",
                Code("rua"),
                " address, then tighten).",
            )
        )
    if dmarc and records.get("DMARC reports", "none") == "none":
        out.append(
            (
                "Add a reporting address (",
                Code("rua=mailto:…"),
                ") to DMARC to see who sends as you.",
            )
        )
    return out


def email(report: Report, live: Live) -> Section:
    found = dict(live.email_records())
    if not found:
        return Section(
            id="email",
            title="Email",
            blocks=(missing(report, "Email records were not looked up", "email"),),
        )
    mail = live.of_check("email")
    if "email.dmarc_report" in mail:
        found["DMARC reports"] = fmt(mail["email.dmarc_report"])
    rows = tuple(
        (label, Code(value), EMAIL_PROTECTS.get(label, "Where DMARC's aggregate reports go."))
        for label, value in found.items()
    )
    blocks: list[Block] = [
        Para(parts=("Records of ", Code(live.domain), ":")),
        Table(
            columns=("Record", "Found", "What it protects"),
            rows=rows,
            numeric=(False, False, False),
        ),
        Heading(text="What to tighten next"),
    ]
    todo = _tighten(found)
    blocks.append(
        Bullets(items=tuple(todo))
        if todo
        else Para(
            parts=(
                "Nothing to tighten: SPF ends with -all, DKIM has a key and DMARC rejects "
                "what fails.",
            )
        )
    )
    return Section(id="email", title="Email", blocks=tuple(blocks))


# -- 4. environment inventory ----------------------------------------------------------------------
def _kind(f: Mapping[str, Value]) -> str:
    return fmt(f.get("flags", "")) or "plain"


def _cell(f: Mapping[str, Value], env: str) -> str:
    where = fmt(f.get(f"set.{env}", "not set"))
    return f"{'required' if required_in(f, env) else 'optional'}: {where}"


def _missing_in(env: str, variables: Mapping[str, Mapping[str, Value]]) -> list[str]:
    return [
        n
        for n, f in sorted(variables.items())
        if required_in(f, env) and fmt(f.get(f"set.{env}", "not set")) == "not set"
    ]


def names_list(names: list[str]) -> tuple[Inline, ...]:
    parts: list[Inline] = []
    for n, name in enumerate(names):
        parts += [", "] if n else []
        parts.append(Code(name))
    return tuple(parts)


def environments(live: Live) -> list[str]:
    raw = fmt(live.of_check("env").get("env.environments", "production"))
    return [e.strip() for e in raw.split(",") if e.strip()]


def environment(report: Report, live: Live) -> Section:
    variables = live.env_vars()
    if not variables:
        return Section(
            id="environment",
            title="Environment inventory",
            blocks=(missing(report, "No variable inventory", "env"),),
        )
    envs = environments(live)
    rows: tuple[tuple[Inline, ...], ...] = tuple(
        (Code(name), _kind(f), *(_cell(f, env) for env in envs))
        for name, f in sorted(variables.items())
    )
    blocks: list[Block] = [
        Para(
            parts=(
                "Names only, never values. Kind: secret (keep out of logs and the browser), public "
                "(meant for the browser) or plain. Each environment: required or optional, then "
                "where "
                "it is set (the dotenv file and line, or the process environment of this run).",
            )
        ),
        Table(columns=("Variable", "Kind", *envs), rows=rows, numeric=(False,) * (2 + len(envs))),
    ]
    for env in envs:
        gaps = _missing_in(env, variables)
        if gaps:
            blocks.append(
                Para(
                    parts=(
                        f"Required in {env} and set in no file this run saw (set them on the "
                        "deploy platform): ",
                        *names_list(gaps),
                        ".",
                    )
                )
            )
    cut = live.of_check("env").get("env.inventory_cut")
    if cut:
        blocks.append(Para(parts=(fmt(cut) + ".",)))
    return Section(id="environment", title="Environment inventory", blocks=tuple(blocks))
