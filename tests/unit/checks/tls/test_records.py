"""The certificate facts the handover pack shows (issuer, names, expiry day), from trustme
certificates."""

from __future__ import annotations

import datetime as dt

import trustme

from launchgate.checks.tls.gather import TlsHostSnapshot
from launchgate.checks.tls.records import certificate_figures
from tests.unit.checks.tls.test_tls import NOW, hs, leaf


def test_a_served_certificate_gives_its_issuer_names_and_expiry_day():
    ca = trustme.CA(organization_name="Records CA")
    chain = leaf(
        ca, "shop.example.test", "www.shop.example.test", not_after=NOW + dt.timedelta(days=40)
    )
    snap = TlsHostSnapshot(host="shop.example.test", handshake=hs("shop.example.test", chain))
    assert certificate_figures(snap) == {
        "tls.issuer.shop.example.test": "Records CA",
        "tls.names.shop.example.test": "shop.example.test, www.shop.example.test",
        "tls.not_after.shop.example.test": (NOW + dt.timedelta(days=40)).date().isoformat(),
    }


def test_a_failed_handshake_records_nothing():
    failed = TlsHostSnapshot(host="down.example.test", error="connection refused")
    assert certificate_figures(failed) == {}
    empty = TlsHostSnapshot(host="x.example.test", handshake=hs("x.example.test", []))
    assert certificate_figures(empty) == {}
