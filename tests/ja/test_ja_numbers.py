"""Truth tables and round-trip properties for `sousei.ja.parse_number`."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kanjize import number2kanji

from sousei.ja import parse_number

CASES = [
    ("6,000", "6000", "comma"),
    ("１２３", "123", "fullwidth"),
    ("1.3", "1.3", "decimal"),
    ("三千", "3000", "kanji-thousand"),
    ("1万2千", "12000", "mixed-man-sen"),
    ("1兆5,071億", "1507100000000", "cho-oku"),
    ("3,687万", "36870000", "comma-man"),
    ("△5", "-5", "white-triangle"),
    ("▲5", "-5", "black-triangle"),
    ("△1,234", "-1234", "triangle-comma"),
    ("-0.5", "-0.5", "ascii-minus"),
    ("−3", "-3", "minus-sign"),
    ("+7", "7", "plus"),
    ("18,167,874", "18167874", "two-commas"),
    ("21.7万", "217000", "decimal-man"),
    ("十", "10", "ten"),
    ("十二", "12", "twelve"),
    ("二十一", "21", "twenty-one"),
    ("百", "100", "hundred"),
    ("千五百", "1500", "sen-go-hyaku"),
    ("百二十", "120", "hyaku-ni-ju"),
    ("三万五千", "35000", "kanji-man"),
    ("一億二千万", "120000000", "kanji-oku"),
    ("百万", "1000000", "hyaku-man"),
    ("二〇二五", "2025", "positional-kanji"),
    ("〇", "0", "kanji-zero"),
    ("12百", "1200", "arabic-hyaku"),
    ("500千", "500000", "arabic-sen"),
    ("1.3億", "130000000", "decimal-oku"),
    ("6,000 万", "60000000", "pdf-space"),
    ("１．５万", "15000", "fullwidth-decimal-man"),
    ("0.05", "0.05", "small-decimal"),
    ("85.20", "85.2", "trailing-zero-dropped"),
    ("100", "100", "plain"),
    ("1兆", "1000000000000", "one-cho"),
]


@pytest.mark.parametrize(("text", "expected"), [c[:2] for c in CASES], ids=[c[2] for c in CASES])
def test_parse_number(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


def test_integral_results_have_no_fraction_digits() -> None:
    assert str(parse_number("1.3億")) == "130000000"


BAD = [
    ("", "empty"),
    ("   ", "blank"),
    ("abc", "letters"),
    ("万", "bare-man"),
    ("億人", "unit-only"),
    ("1,00", "bad-comma-group"),
    ("1.2.3", "two-points"),
    ("1万2億", "units-out-of-order"),
    ("1万2万", "unit-twice"),
    ("6,000人", "trailing-unit"),
    ("--5", "double-minus"),
    ("5%", "percent"),
]


@pytest.mark.parametrize("text", [c[0] for c in BAD], ids=[c[1] for c in BAD])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a Japanese number"):
        parse_number(text)


FULLWIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


def _man_oku(n: int) -> str:
    """Write n the way the documents do: "1兆5,071億3万" (groups with commas, zeros omitted)."""
    parts = []
    for unit, scale in (("兆", 10**12), ("億", 10**8), ("万", 10**4), ("", 1)):
        group, n = divmod(n, scale)
        if group:
            parts.append(f"{group:,}{unit}")
    return "".join(parts) or "0"


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_round_trip_commas(n: int) -> None:
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_round_trip_fullwidth(n: int) -> None:
    assert parse_number(f"{n:,}".translate(FULLWIDTH)) == n


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_round_trip_man_oku_groups(n: int) -> None:
    assert parse_number(_man_oku(n)) == n


@given(st.integers(min_value=1, max_value=10**16 - 1))
def test_round_trip_kanji(n: int) -> None:
    assert parse_number(number2kanji(n)) == n


@given(st.integers(min_value=1, max_value=10**16 - 1))
def test_round_trip_negative(n: int) -> None:
    assert parse_number(f"△{n:,}") == -n


@given(st.integers(min_value=0, max_value=99_999), st.sampled_from(["万", "億", "兆"]))
def test_round_trip_decimal_multiplier(tenths: int, unit: str) -> None:
    scale = {"万": 10**4, "億": 10**8, "兆": 10**12}[unit]
    text = f"{tenths // 10:,}.{tenths % 10}{unit}"
    assert parse_number(text) == Decimal(tenths) * scale / 10
