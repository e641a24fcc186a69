"""The outside-truth corpus (benchmarks/secrets_outside/, vendor formats from their docs): its
tuning data (the tune split, and since session 6 the first held-out split) holds launchgate to the
issue's floor, and no planted value is ever shown whole. The held-out v2 and v3 splits are scored
by benchmarks/secrets_peers.py only, never here: nothing is tuned against them."""

from __future__ import annotations

import pytest

from benchmarks.secrets_outside.corpus import V2, V3, cases, load
from launchgate.checks.secrets import engine
from launchgate.model import Severity
from launchgate.redact import mask
from tests.fixtures.secrets_corpus.score import Score, severity


def test_every_vendor_names_the_page_its_format_was_read_from() -> None:
    vendors = load()
    assert len(vendors) >= 100
    v2 = load(V2)
    assert len({v.name for v in v2 if v.family != "generic"}) >= 40
    assert {v.split for v in v2} == {"held-out-v2"}
    v3 = load(V3)
    assert len({v.name for v in v3 if v.family != "generic" and v.secrets}) >= 80
    assert {v.split for v in v3} == {"held-out-v3"}
    vendors += v2 + v3
    assert all(v.doc.startswith("https://") for v in vendors), [
        v.name for v in vendors if not v.doc.startswith("https://")
    ]


@pytest.mark.slow  # 3,600 files through the engine: about 3 s alone, 6 s under load
def test_tuning_data_meets_the_floor_and_never_shows_a_secret() -> None:
    total = Score()
    for c in cases(seed=11):
        if c.split in ("held-out-v2", "held-out-v3"):
            continue
        hits = engine.scan_bytes(c.path, c.text.encode(), engine.Options())
        total.add(c.label, any(severity(h) >= Severity.MEDIUM for h in hits))
        for h in hits:
            assert not c.secret or c.secret not in str(mask(h.value))
    assert total.recall >= 0.97, total
    assert total.precision >= 0.97, total
