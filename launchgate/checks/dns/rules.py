"""The rules of the ``dns`` check (host records, apex and www, CAA) and the lookup failure the email
check shares."""

from __future__ import annotations

from launchgate.model import Rule, Severity

HOST_UNRESOLVED = Rule(
    id="dns.host-unresolved", title="Host does not resolve", severity=Severity.HIGH,
    why="Visitors, API clients and certificate renewals cannot reach a name without an address "
    "record.",
    fix="Add an A/AAAA (or CNAME) record for the host, or remove it from targets.hosts.")
DANGLING_CNAME = Rule(
    id="dns.dangling-cname", title="CNAME points at a name that does not resolve",
    severity=Severity.HIGH,
    why="A CNAME to a deleted app, bucket or CDN endpoint lets whoever claims that name serve "
    "your subdomain (subdomain takeover).",
    fix="Delete the CNAME, or point it at a live target you control.")
WWW_MISSING = Rule(
    id="dns.www-missing", title="Apex or www name does not resolve", severity=Severity.MEDIUM,
    why="People type both example.com and www.example.com; one of them failing looks like an "
    "outage.",
    fix="Publish both names and redirect one to the canonical host.",
    suppress="Set dns.check_www: false when one of the names is deliberately unused.")
CAA_MISSING = Rule(
    id="dns.caa-missing", title="No CAA record", severity=Severity.LOW,
    why="Without CAA any certificate authority may issue certificates for the domain.",
    fix='Publish CAA records naming your CA, e.g. `example.com. CAA 0 issue "letsencrypt.org"`.',
    suppress="Set dns.require_caa: false to accept any CA.")
CAA_FORBIDS_ISSUER = Rule(
    id="dns.caa-forbids-issuer", title="CAA does not allow the CA that issued the served "
    "certificate",
    severity=Severity.HIGH,
    why="The next renewal at that CA will be refused, and the site will go down when the "
    "certificate expires.",
    fix="Add a CAA `issue` record for the CA you use, or switch to a CA the CAA records allow.")
RECORD_MISMATCH = Rule(
    id="dns.record-mismatch", title="Host does not point where targets.expect says",
    severity=Severity.HIGH,
    why="The name sends users to another app than the one deployed: an old stack, a staging "
        "copy, or a provider account that is no longer yours.",
    fix="Point the record at the expected target (or update targets.expect if the move was "
        "intended).")

# Declared here because both the dns records and the email records can meet a failing nameserver
# (the email
# check lists it among its rules too).
LOOKUP_FAILED = Rule(
    id="dns.lookup-failed", title="DNS lookup failed (SERVFAIL, REFUSED or timeout)",
    severity=Severity.HIGH,
    why="A failing nameserver is not an absent record: resolvers will fail for users too (broken "
    "DNSSEC, lame delegation, unreachable server).",
    fix="Check the nameservers of the zone (delegation, DNSSEC signatures, reachability) and the "
    "failing record.")

RULES = (HOST_UNRESOLVED, DANGLING_CNAME, WWW_MISSING, CAA_MISSING, CAA_FORBIDS_ISSUER,
         LOOKUP_FAILED, RECORD_MISMATCH)
