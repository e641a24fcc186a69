"""Binary files are read around prefilter hits only (issue 16's speed work): a key anywhere in a
large binary, ASCII or UTF-16LE, and a PEM body after its header, are still found; far from every
hit nothing is read."""

from __future__ import annotations

import base64
import random

import pytest

from launchgate.checks.secrets import engine, prefilter
from launchgate.checks.secrets.textual import as_text
from tests.fixtures.secrets_corpus import ALNUM, _s

R = random.Random(160)


def blob(n: int) -> bytearray:
    return bytearray(R.randbytes(n))  # NUL bytes within the first 8 KiB: a binary file


def stripe() -> str:
    return "sk_" + "live_" + _s(R, ALNUM, 40)


def test_keys_deep_in_a_large_binary_are_found_ascii_utf16_and_pem() -> None:
    data = blob(3 * 1024 * 1024)
    k1, k2 = stripe(), stripe()
    body = base64.b64encode(R.randbytes(600)).decode()
    pem = ("-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(body[i:i + 64]
                                                           for i in range(0, 800, 64))
           + "\n-----END RSA PRIVATE KEY-----\n")
    data[1_000_000:1_000_000] = f"\x00key={k1}\x00".encode()
    data[2_000_000:2_000_000] = f"token={k2}".encode("utf-16-le")
    data[2_900_000:2_900_000] = b"\x00" + pem.encode() + b"\x00"
    res = engine.FileResult()
    engine._scan_any("assets/app.bin", bytes(data), engine.Options(), None, res)
    found = {(h.rule, h.value[:12]) for h in res.hits}
    assert ("secrets.stripe-secret-key", k1[:12]) in found
    assert ("secrets.stripe-secret-key", k2[:12]) in found
    assert "secrets.private-key" in {h.rule for h in res.hits}
    assert res.binary_files == 1


def test_without_a_prefilter_hit_no_run_is_read() -> None:
    data = bytes(b"\x00\x01" * 10) + b"just some printable text here\x00" * 3
    assert as_text(data, lambda raw: ([], [])) is None
    assert as_text(data) is not None  # read whole, it has runs


def _planted(n: int, seed: int) -> bytes:
    """Random bytes with needles planted close together, overlapping and case-mixed (the
    automata's non-overlapping matches then depend on where each search restarts)."""
    r = random.Random(seed)
    data = bytearray(r.randbytes(n))
    words = [b"password", b"passwordpass", b"PassWord=", b"tokentoken", b"sk-sk_live_", b"eyJeyJ",
             b"api_keyapi-key", b"://", b"xoxb-xapp-", b"SecretSECRET_", b"pass\"", b"AKIAASIA"]
    for _ in range(n // 2000):
        w = r.choice(words)
        w = w.decode().encode("utf-16-le") if r.random() < 0.3 else w
        at = r.randrange(0, n - 40)
        data[at:at + len(w)] = w
    return bytes(data)


@pytest.mark.parametrize("seed", range(6))
def test_the_native_needle_pass_gives_the_automata_positions(seed: int) -> None:
    """One native pass plus the automata on the bytes around each occurrence: the same positions
    (so the same regions, runs and findings) as the four automaton passes over every byte."""
    data = _planted(400_000 + seed * 50_000, seed)
    opts = engine.Options(known=(("DEPLOY_TOKEN", "tokentokenXYZ12"),))
    fast = engine._binary_positions(data, opts)
    assert prefilter.needles(engine._needle_groups) is not None
    plain_ascii = engine._positions(data, [b"tokentokenXYZ12"])
    with pytest.MonkeyPatch.context() as m:
        m.setattr(engine, "FAST_BINARY_BYTES", 1 << 62)
        plain = engine._binary_positions(data, opts)
    assert fast == plain and fast[0] == plain_ascii
    assert len(fast[0]) > 100 and len(fast[1]) > 30  # the planted needles were found


def test_a_binary_crowded_with_needles_takes_the_automata(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"\x00" + b"token;" * 30_000
    monkeypatch.setattr(prefilter, "MAX_OCCURRENCES", 1000)
    scanner = prefilter.needles(engine._needle_groups)
    assert scanner is not None and scanner.occurrences(data) is None
    fast = engine._binary_positions(data, engine.Options())
    monkeypatch.setattr(engine, "FAST_BINARY_BYTES", 1 << 62)
    assert fast == engine._binary_positions(data, engine.Options())
    assert len(fast[0]) == 30_000
