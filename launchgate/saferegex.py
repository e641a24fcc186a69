"""Regular expressions from untrusted places (env schema ``pattern``, ``secrets.allowlist``
``regex``).

Python's ``re`` has no deadline: ``^(a+)+$`` against forty ``a`` and a ``b`` backtracks for hours.
These patterns are compiled with the ``regex`` package (the same syntax as ``re``) under a length
cap, and every match runs with its ``timeout=``: a pathological pattern ends in seconds as a
one-line error (exit 2) naming the file and key it came from, never a hang.
"""

from __future__ import annotations

import functools

import regex

from launchgate.containment import InputError

__all__ = ["MATCH_TIMEOUT_S", "MAX_PATTERN_CHARS", "PatternError", "UntrustedPattern", "check",
           "compile_untrusted"]

MAX_PATTERN_CHARS = 1000
MATCH_TIMEOUT_S = 1.0


class PatternError(InputError):
    """An untrusted pattern that does not compile, is too long, or ran past its time budget; one
    line."""


class UntrustedPattern:
    """A compiled untrusted pattern; ``search`` raises PatternError instead of running past its
    budget."""

    __slots__ = ("_compiled", "pattern", "where")

    def __init__(self, compiled: regex.Pattern[str], where: str) -> None:
        self._compiled = compiled
        self.pattern = compiled.pattern
        self.where = where

    def search(self, text: str) -> bool:
        try:
            return self._compiled.search(text, timeout=MATCH_TIMEOUT_S) is not None
        except TimeoutError:
            raise PatternError(f"{self.where}: the pattern took longer than {MATCH_TIMEOUT_S:g} s "
                               f"on a {len(text)}-character value (catastrophic backtracking?); "
                               "simplify it, e.g. (a+)+ -> a+") from None


def check(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used (too long, invalid), or None when it compiles."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return f"longer than {MAX_PATTERN_CHARS} characters ({len(pattern)})"
    try:
        _compile(pattern)
    except regex.error as exc:
        return f"invalid regular expression: {exc}"
    return None


def compile_untrusted(pattern: str, where: str) -> UntrustedPattern:
    """The compiled pattern, or PatternError ``where: why`` (``where`` names the file, line and
    key)."""
    why = check(pattern)
    if why is not None:
        raise PatternError(f"{where}: {why}")
    return UntrustedPattern(_compile(pattern), where)


@functools.lru_cache(maxsize=256)
def _compile(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern, regex.VERSION0)
