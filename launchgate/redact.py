"""The only code that turns a secret into text.

A secret travels as ``Secret`` (its ``str``/``repr`` never show the value); ``mask`` gives the one
text form allowed in outputs: at most the first 4 characters, then the length. ``scrub`` removes
known secret values from free text (error messages, response excerpts) before they reach a reporter.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping

from launchgate.model import Redacted, Report

__all__ = ["Redacted", "Secret", "mask", "public", "scrub", "scrub_report", "secret_hash"]

_SHOW = 4


class Secret:
    """A secret value that refuses to print itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The raw value, for comparing and hashing only; never for output."""
        return self._value

    def __str__(self) -> str:
        return mask(self._value)

    __repr__ = __str__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def mask(value: str, show: int = _SHOW) -> Redacted:
    """``sk_l…(32 chars)``: at most ``show`` leading characters (fewer for short values), then the
    length."""
    n = len(value)
    keep = min(show, n // 4)  # a short secret shows proportionally less
    return Redacted(f"{value[:keep]}…({n} chars)")


def public(text: str) -> Redacted:
    """Evidence the caller knows holds no secret (variable names, a SQL diff, an already scrubbed
    excerpt)."""
    return Redacted(text)


def secret_hash(value: str) -> str:
    """sha1 hex of the value, the form detect-secrets baselines use; safe to store, never to print
    whole."""
    return hashlib.sha1(value.encode("utf-8", "surrogateescape"), usedforsecurity=False).hexdigest()


def scrub(text: str, secrets: Iterable[str], min_len: int = 4) -> Redacted:
    """Replace every occurrence of each known secret in ``text`` by its masked form."""
    out = text
    # a value read with its newline still matches the text
    forms = {v for s in secrets for v in (s, s.strip())}
    for s in sorted({s for s in forms if len(s) >= min_len}, key=len, reverse=True):
        if s in out:
            out = out.replace(s, mask(s))
    return Redacted(out)


def scrub_report(report: Report, secrets: Iterable[str]) -> Report:
    """The report with known secret values (from the config: secret keys, secret-named ${VAR}s)
    masked in every check's reason, every finding's message and every figure: an error that quotes a
    config value never shows it."""
    known = sorted(set(secrets))
    if not known:
        return report
    results = tuple(dataclasses.replace(
        r, reason=str(scrub(r.reason, known)),
        findings=tuple(dataclasses.replace(f, message=str(scrub(f.message, known)))
                       for f in r.findings),
        figures=_scrub_figures(r.figures, known))
        for r in report.results)
    return dataclasses.replace(report, results=results)


def _scrub_figures(figures: Mapping[str, float | int | str], known: list[str]
                   ) -> dict[str, float | int | str]:
    """Figures name URLs and requests (the handover pack shows them): names and texts scrubbed."""
    return {str(scrub(k, known)): str(scrub(v, known)) if isinstance(v, str) else v
            for k, v in figures.items()}
