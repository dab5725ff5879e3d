"""Numbers, ratios and years as the explanations write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sousei.evaluate import format_amount, format_number, format_ratio, period_label, year_label


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("42683600", "4,268万", id="man-4-digits"),
        pytest.param("36869900", "3,687万", id="man-rounds-half-up"),
        pytest.param("40724916.67", "4,072万", id="man-fraction"),
        pytest.param("217000", "21.7万", id="man-decimal"),
        pytest.param("40000", "4万", id="man-whole"),
        pytest.param("2300000", "230万", id="man-hundreds"),
        pytest.param("99995000", "1億", id="man-carries-to-oku"),
        pytest.param("130000000", "1億3,000万", id="oku-and-man"),
        pytest.param("9455900000000", "9兆4,559億", id="cho-and-oku"),
        pytest.param("15000000000000", "15兆", id="cho-whole"),
        pytest.param("9271416666666.67", "9兆2,714億", id="cho-rounded-to-oku"),
        pytest.param("6000", "6,000", id="below-man"),
        pytest.param("35.8", "35.8", id="decimal"),
        pytest.param("30.769", "30.77", id="two-places"),
        pytest.param("0", "0", id="zero"),
        pytest.param("-1500", "-1,500", id="negative"),
    ],
)
def test_format_number(value: str, expected: str) -> None:
    assert format_number(Decimal(value)) == expected


def test_format_amount_appends_the_unit() -> None:
    assert format_amount(Decimal(60000000), "人") == "6,000万人"
    assert format_amount(Decimal(50), "%") == "50%"
    assert format_amount(Decimal(3), None) == "3"


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [("1.15789", "115.8%"), ("1", "100.0%"), ("0.8", "80.0%"), ("-0.05", "-5.0%")],
)
def test_format_ratio(fraction: str, expected: str) -> None:
    assert format_ratio(Decimal(fraction)) == expected


def test_year_labels() -> None:
    assert year_label(2025, "calendar") == "2025年"
    assert year_label(2025, "fiscal") == "2025年度（令和7年度）"
    assert year_label(2019, "fiscal") == "2019年度（令和元年度）"
    assert period_label(2025, 2025, "fiscal") == "2025年度（令和7年度）"
    assert period_label(2015, 2027, "fiscal") == "2015年度～2027年度（平成27年度～令和9年度）"
    assert period_label(2024, 2025, "calendar") == "2024～2025年"


def test_fiscal_years_before_the_supported_eras_have_no_wareki() -> None:
    assert year_label(1900, "fiscal") == "1900年度"
    assert period_label(1900, 1905, "fiscal") == "1900年度～1905年度"
