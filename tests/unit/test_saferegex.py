"""Untrusted patterns: re's syntax, a length cap, and a time budget that turns backtracking into one
line."""

from __future__ import annotations

import time

import pytest

from launchgate.checks.secrets import Settings
from launchgate.saferegex import MAX_PATTERN_CHARS, PatternError, compile_untrusted


def test_a_catastrophic_pattern_is_a_one_line_error_within_seconds() -> None:
    pattern = compile_untrusted("^(a|a)*$", "env.schema.yaml:3: vars.A.pattern")
    started = time.monotonic()
    with pytest.raises(PatternError, match=r"^env\.schema\.yaml:3: vars\.A\.pattern: the pattern "
                       r"took longer than 1 s on a 41-character value"):
        pattern.search("a" * 40 + "b")
    assert time.monotonic() - started < 10


def test_ordinary_patterns_match_as_re_does() -> None:
    pattern = compile_untrusted(r"^(?P<scheme>https?)://[\w.-]+(:\d+)?/$", "k")
    assert pattern.search("https://shop.example.test:8443/")
    assert not pattern.search("ftp://shop.example.test/")


@pytest.mark.parametrize(("pattern", "why"),
                         [("(unclosed", "invalid regular expression: missing " "\\)"),
                                              ("a" * (MAX_PATTERN_CHARS + 1),
                                               "longer than 1000 characters")])
def test_bad_patterns_are_refused_naming_the_key(pattern: str, why: str) -> None:
    with pytest.raises(PatternError, match=r"^launchgate\.yml:4: secrets\.allowlist\.0\.regex: "
                       rf"{why}"):
        compile_untrusted(pattern, "launchgate.yml:4: secrets.allowlist.0.regex")


def test_allowlist_regexes_run_under_the_budget() -> None:
    s = Settings.of({"allowlist": [{"regex": "^(a|a)*$", "reason": "fixture"},
                                   {"regex": "^test_", "reason": "x"}]})
    assert s.value_allow[1].search("test_123") and not s.value_allow[1].search("live_123")
    with pytest.raises(PatternError, match=r"^secrets\.allowlist\.0\.regex: the pattern took "
                       r"longer"):
        s.value_allow[0].search("a" * 60 + "!")
