"""The native gate (prefilter.py): the same findings with and without it on every labelled case we
have, and a line that cannot hold a finding never reaches a Python regex."""

from __future__ import annotations

import re
import sys
from types import SimpleNamespace

import pytest

from benchmarks.secrets_outside.corpus import cases as outside_cases
from launchgate.checks.secrets import engine, prefilter
from launchgate.checks.secrets.dsbridge import ds_plugins
from tests.fixtures.secrets_corpus import cases as own_cases

hyperscan = pytest.importorskip("hyperscan")


def _found(path: str, text: str, opts: engine.Options) -> list[tuple[object, ...]]:
    hits = engine.scan_bytes(path, text.encode("utf-8", "surrogateescape"), opts)
    return sorted((h.rule, h.line, h.value, h.note, h.severity or "", h.ds_type) for h in hits)


def _texts() -> list[tuple[str, str]]:
    texts = [(c.path, c.text) for c in own_cases()]
    # held-out v3 stays unseen by anything the tuners run (it is scored by secrets_peers.py only)
    texts += [(c.path, c.text) for c in outside_cases() if c.split != "held-out-v3"]
    # the same cases inside ordinary lines, CRLF endings, and a long minified line
    texts += [(c.path, "import os\r\n" + c.text.replace("\n", "\r\n")) for c in own_cases()[::7]]
    texts.append(("dist/app.min.js", ";".join(c.text.replace("\n", " ")
                                               for c in own_cases()[:60])))
    return texts


@pytest.mark.slow  # every case twice: about 4 s alone
@pytest.mark.parametrize("entropy", [False, True])
def test_findings_are_identical_with_and_without_the_gate(entropy: bool) -> None:
    assert prefilter.gate(True, ds_plugins) is not None
    on, off = engine.Options(entropy=entropy), engine.Options(entropy=entropy, native_gate=False)
    differ = [p for p, t in _texts() if _found(p, t, on) != _found(p, t, off)]
    assert differ == []
    found = sum(bool(_found(p, t, on)) for p, t in _texts()[:400])
    assert found > 100  # the comparison is over real findings, not over empty lists


def test_a_line_that_cannot_hold_a_finding_is_not_scanned_further() -> None:
    gate = prefilter.gate(True, ds_plugins)
    assert gate is not None
    # a keyword (the old prefilter lets these through) with no assignment, header or URL password
    assert gate.matched(b"    // refresh the token before it expires") == frozenset()
    assert gate.matched(b"see https://example.com/docs for the password rules") == frozenset()
    assigned = gate.matched(b'DB_PASSWORD = "' + b"q8Zr" + b'T2vLm9Xw"')
    assert assigned is not None and prefilter.GENERIC in assigned
    url = gate.matched(b"postgres://app:" + b"s3cr3tPw" + b"@db.internal/app")
    assert url is not None and prefilter.URL in url


@pytest.mark.parametrize("line", ["mot de passe = \u00e9t\u00e9-2024", "a\x1cpassword = x",
                                  "tab\x0bpassword"])
def test_a_line_the_gate_cannot_judge_runs_every_detector(line: str) -> None:
    """Python's str regexes are Unicode-aware: a non-ASCII byte (or a space only Python counts as
    one) leaves the line ungated."""
    gate = prefilter.gate(True, ds_plugins)
    assert gate is not None
    assert gate.matched(line.encode()) is None


@pytest.mark.parametrize(("before", "after"), [
    (r"[\w.-]{0,30}?x", r"[\w.-]{0,}?x"),
    (r"[a-f0-9]{40}", r"[a-f0-9]{16,}"),
    (r"a{2,5}b{,3}", r"a{2,}b{0,}"),
    (r"\{3\}[{]{3}", r"\{3\}[{]{3,}"),  # escaped and class braces are characters, not repeats
    (r"[]{2}]x{1}", r"[]{2}]x{1,}"),
    (r"[^\v'\"]*", r"[^\x0b'\"]*"),  # Python's \v is the vertical tab alone
])
def test_widen_makes_every_counted_repeat_open_ended(before: str, after: str) -> None:
    assert prefilter.widen(before) == after
    # a superset: whatever the original matches, the widened pattern matches
    sample = "x" * 3 + "{{{" + "a" * 5 + "b" * 3 + "]x"
    if re.search(before, sample):
        assert re.search(after.replace(r"\x0b", r"\v"), sample)


def test_a_pattern_hyperscan_cannot_take_is_never_gated() -> None:
    odd = SimpleNamespace(denylist=[re.compile(r"x", re.ASCII)], secret_type="odd")
    fine = SimpleNamespace(denylist=[re.compile(r"sk_demo_[0-9]{8}")], secret_type="fine")
    gate = prefilter.Gate(hyperscan, [odd, fine])
    got = gate.matched(b"nothing here")
    assert got is not None and prefilter.DS_BASE in got and prefilter.DS_BASE + 1 not in got
    got = gate.matched(b"key sk_demo_12345678")
    assert got is not None and prefilter.DS_BASE + 1 in got


def test_without_the_wheel_nothing_is_gated(monkeypatch: pytest.MonkeyPatch) -> None:
    """A platform without a hyperscan wheel (Linux aarch64): no gate, so every window runs every
    detector (what the identity test above compares against)."""
    monkeypatch.setitem(sys.modules, "hyperscan", None)  # import hyperscan raises ImportError
    assert prefilter._build_gate(ds_plugins) is None
    key = "AKIA" + "Q3ZRT7WNB2KD" + "4HXP"
    on = _found("app.py", f'AWS = "{key}"\n', engine.Options())
    assert [h[0] for h in on] == ["secrets.aws-access-key"]
