"""The handover pack as a phone and a laptop show it (headless Chromium, the sample pack with its
planted risks): at 390 px nothing scrolls sideways (each table row is a card, every cell under its
column's name), the latency chart fits whole with every label inside it and legible; at 1,000 px
the tables are tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchgate.report import html
from tests.support import browser
from tests.support.sample_pack import pack_report

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not browser.CHROMIUM.exists(), reason="chromium: make sysdeps")]


@pytest.mark.parametrize("hostile", [False, True], ids=["plain", "hostile-strings"])
def test_on_a_phone_tables_are_cards_and_the_chart_fits(tmp_path: Path, hostile: bool) -> None:
    pack = tmp_path / "pack.html"
    pack.write_text(html.render(pack_report(hostile=hostile)), encoding="utf-8")
    phone = browser.measure_file(pack, 390, browser.PACK_MEASURE)
    assert phone["pageWidth"] <= 390 and phone["sideways"] == []
    chart = phone["chart"]
    assert chart["right"] <= 390 and chart["outside"] == [], chart
    assert chart["smallest"] >= 9.5 and chart["targets"] == 2
    # a card's cells are labelled with their column: the reader still knows what each value is
    assert {"Host", "Issuer", "Expires", "p95 target", "Migration"} <= set(phone["cards"])
    assert "\n2026-12-12\n" in phone["text"]  # one value per line, under its label


def test_on_a_laptop_tables_keep_their_columns(tmp_path: Path) -> None:
    pack = tmp_path / "pack.html"
    pack.write_text(html.render(pack_report()), encoding="utf-8")
    wide = browser.measure_file(pack, 1000, browser.PACK_MEASURE)
    assert set(wide["cards"]) == {"none"}  # no labels drawn above cells: the header row says it
    assert "Endpoint\tKind\tp50\tp95\tp99\tp95 target\tVerdict" in wide["text"]
    assert wide["sideways"] == [] and wide["chart"]["outside"] == []
