"""Masking for what live checks bring back: a health body, a smoke response excerpt, a header echoed
in an error.

Before a live finding leaves its check, its message and evidence go through the secrets engine (the
same detectors as the repository scan) and every secret-looking value is replaced by its masked
form; so are the values the run knows to be secret (environment variables with secret-like names,
values the config interpolated), compared on their normalised form (a trailing newline or
surrounding spaces do not defeat it). Credentials in a URL's ``user:password@`` are removed from the
location and from the text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping

from launchgate.check import Context, with_defaults
from launchgate.checks.secrets import engine, secret_var_names
from launchgate.checks.secrets.schema import SECTION
from launchgate.model import Finding
from launchgate.redact import mask, public

SECRET_NAME_HINTS = ("PASSWORD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "PASS", "AUTH")
# live excerpts are a few KiB; a longer message is masked on its first 256 KiB of lines
MAX_SCAN = 256 * 1024
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^/?#\s@]*@)")
_OPTS = engine.Options(detect_secrets=True)


def env_secrets(env: Mapping[str, str]) -> set[str]:
    """Values of environment variables whose names say they are secret (``*_TOKEN``, ``DB_PASSWORD``
    ...)."""
    return {v for k, v in env.items() if len(v.strip()) >= 6
            and any(h in k.upper() for h in SECRET_NAME_HINTS)}


def known_secrets(ctx: Context) -> set[str]:
    """Every value this run knows to be secret: ``env_secrets`` and the variables env.schema marks
    ``secret: true``."""
    # the section's own key (its default from the schema); not Settings.of, which would compile the
    # allowlist: a bad pattern there is the secrets check's error, not every live check's
    section = with_defaults(SECTION, ctx.section("secrets") or {})
    names = secret_var_names(ctx, str(section["env_schema"]))
    return env_secrets(ctx.env) | {ctx.env[n] for n in names if ctx.env.get(n)}


def strip_credentials(url: str) -> str:
    """``https://user:pw@host/x`` -> ``https://host/x``: a URL is stored without its userinfo."""
    return _USERINFO.sub(r"\1", url)


def _normalised(values: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for v in values:
        for form in (v, v.strip(), *(ln.strip() for ln in v.splitlines())):
            if len(form) >= 4:
                out.add(form)
    return out


def mask_text(text: str, known: Iterable[str] = ()) -> str:
    """``text`` with credentials stripped from URLs and every secret the engine finds, or ``known``
    holds, masked."""
    out = _USERINFO.sub(r"\1", text)
    values = _normalised(known)
    data = out[:MAX_SCAN].encode("utf-8", "surrogateescape")
    values |= {h.value for h in engine.scan_bytes("live-response", data, _OPTS)
               if len(h.value) >= 4}
    for v in sorted(values, key=len, reverse=True):
        if v in out:
            out = out.replace(v, mask(v))
    return out


def masked_finding(f: Finding, known: Iterable[str] = ()) -> Finding:
    """The finding with its message, evidence and location URL cleaned as ``mask_text`` says."""
    known = tuple(known)
    loc = f.location
    if loc.url:
        loc = dataclasses.replace(loc, url=mask_text(strip_credentials(loc.url), known))
    # masked just now
    evidence = public(mask_text(str(f.evidence), known)) if f.evidence else f.evidence
    return dataclasses.replace(f, message=mask_text(f.message, known), evidence=evidence,
                               location=loc)
