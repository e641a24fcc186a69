"""Binary files are read around prefilter hits only (issue 16's speed work): a key anywhere in a
large binary, ASCII or UTF-16LE, and a PEM body after its header, are still found; far from every
hit nothing is read."""

from __future__ import annotations

import base64
import random

from launchgate.checks.secrets import engine
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
