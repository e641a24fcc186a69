"""Random, well-formed test values for the secrets tests (built at test time: no secret literal in
the repository), and what the scan reports at medium or above."""

from __future__ import annotations

import random
import string

from launchgate.checks.secrets import engine
from launchgate.model import Severity
from tests.fixtures.secrets_corpus.score import severity

AN = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
DIG = string.digits
UP = string.ascii_uppercase + string.digits
LO = string.ascii_lowercase + string.digits
B64 = AN + "+/"
URL = AN + "-_"


class Tokens:
    """A seeded stream of values: each test module keeps its own, so its cases stay the same."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def uuid(self) -> str:
        h = self.s(HEX, 32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def reported(path: str, text: str) -> set[str]:
    """The rules the scan reports at medium or above for ``text`` at ``path``."""
    hits = engine.scan_bytes(path, text.encode(), engine.Options())
    return {h.rule for h in hits if severity(h) >= Severity.MEDIUM}
