"""Truth tables for `sousei.ja.parse_quantity`, `canonical_unit` and `unit_dimension`."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sousei.ja import UNIT_ALIASES, UNIT_DIMENSIONS, canonical_unit, parse_quantity, unit_dimension

QUANTITIES = [
    ("6,000万人", "60000000", "人", "man-nin"),
    ("6,000 万人", "60000000", "人", "pdf-space"),
    ("1.3億人泊", "130000000", "人泊", "oku-ninpaku"),
    ("15兆円", "15000000000000", "円", "cho-en"),
    ("3,687万人", "36870000", "人", "comma-man-nin"),
    ("1兆5,071億円", "1507100000000", "円", "cho-oku-en"),
    ("500千円", "500000", "円", "sen-en"),
    ("12百万円", "12000000", "円", "hyakuman-en"),
    ("千人", "1000", "人", "bare-multiplier"),
    ("85.2%", "85.2", "%", "percent"),
    ("８５．２％", "85.2", "%", "fullwidth-percent"),
    ("5ポイント", "5", "ポイント", "points"),
    ("5pt", "5", "ポイント", "pt-alias"),
    ("3倍", "3", "倍", "multiple"),
    ("35.8ha", "35.8", "ha", "hectare"),
    ("35.8 ha", "35.8", "ha", "hectare-spaced"),
    ("18,167,874t-CO2", "18167874", "t-CO2", "emissions"),
    ("200か所", "200", "か所", "kasho"),
    ("3箇所", "3", "か所", "kasho-kanji"),
    ("4ヶ所", "4", "か所", "kasho-small-ke"),
    ("230団体", "230", "団体", "dantai"),
    ("240件", "240", "件", "ken"),
    ("50件", "50", "件", "ken-50"),
    ("6,000人", "6000", "人", "nin"),
    ("100万人", "1000000", "人", "hyakuman-nin"),
    ("10,000人", "10000", "人", "man-comma-nin"),
    ("100名", "100", "人", "mei-alias"),
    ("12,000㎡", "12000", "m2", "square-metre-sign"),
    ("12,000m²", "12000", "m2", "square-metre-superscript"),
    ("50事業者", "50", "事業者", "jigyosha"),
    ("318事業所", "318", "事業所", "jigyosho"),
    ("1,000人/年", "1000", "人/年", "per-year"),
    ("1,000人/年度", "1000", "人/年", "per-fiscal-year"),
    ("20ルート", "20", "ルート", "unknown-unit-kept"),
    ("1.5", "1.5", "", "bare-number"),
    ("△5%", "-5", "%", "negative"),
]


@pytest.mark.parametrize(
    ("text", "value", "unit"), [c[:3] for c in QUANTITIES], ids=[c[3] for c in QUANTITIES]
)
def test_parse_quantity(text: str, value: str, unit: str) -> None:
    quantity = parse_quantity(text)
    assert (quantity.value, quantity.unit) == (Decimal(value), unit)


BAD = [
    ("", "empty"),
    ("人", "no-number"),
    ("100万人超", "comparator-after-unit"),
    ("80%以上", "ijo-after-unit"),
    ("6,000人（2030年）", "date-after-unit"),
    ("5年3月", "digits-in-unit"),
]


@pytest.mark.parametrize("text", [c[0] for c in BAD], ids=[c[1] for c in BAD])
def test_parse_quantity_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=r"no number|not a unit|not a Japanese number"):
        parse_quantity(text)


DIMENSIONS = [
    ("人", "person"),
    ("人泊", "person-night"),
    ("円", "currency"),
    ("%", "ratio"),
    ("ポイント", "points"),
    ("件", "count"),
    ("か所", "count"),
    ("団体", "count"),
    ("校", "count"),
    ("社", "count"),
    ("地域", "count"),
    ("自治体", "count"),
    ("事業者", "count"),
    ("ha", "area"),
    ("m2", "area"),
    ("t-CO2", "emissions"),
    ("倍", "multiple"),
    ("人/年", "person/year"),
    ("ルート/年", "unknown"),
    ("", "number"),
    ("ルート", "unknown"),
    ("箇所", "unknown"),  # unit_dimension takes base units only
]


@pytest.mark.parametrize(
    ("unit", "dimension"), DIMENSIONS, ids=[d[0] or "empty" for d in DIMENSIONS]
)
def test_unit_dimension(unit: str, dimension: str) -> None:
    assert unit_dimension(unit) == dimension


CANONICAL = [
    ("箇所", "か所"),
    ("ｶ所", "か所"),
    ("名", "人"),
    ("％", "%"),
    ("パーセント", "%"),
    ("㎡", "m2"),
    ("tCO2", "t-CO2"),
    ("人/年度", "人/年"),
    ("人 / 年", "人/年"),
    ("ルート", None),
    ("ルート/年", None),
]


@pytest.mark.parametrize(("written", "base"), CANONICAL, ids=[c[0] for c in CANONICAL])
def test_canonical_unit(written: str, base: str | None) -> None:
    assert canonical_unit(written) == base


def test_every_alias_points_to_a_unit_with_a_dimension() -> None:
    assert set(UNIT_ALIASES.values()) <= set(UNIT_DIMENSIONS)
    assert all(unit_dimension(base) != "unknown" for base in UNIT_ALIASES.values())
