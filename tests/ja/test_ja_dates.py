"""Truth tables for 和暦/西暦 conversion, fiscal years, year mentions and periods."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sousei.ja import (
    Period,
    YearBasis,
    YearRef,
    find_years,
    fiscal_year_label,
    fiscal_year_of,
    parse_period,
    parse_wareki,
    to_seireki,
    to_wareki,
)

SEIREKI = [
    ("令和", 1, 2019, "reiwa-1"),
    ("令和", 7, 2025, "reiwa-7"),
    ("令和", "元", 2019, "reiwa-gan"),
    ("令和", "７", 2025, "reiwa-fullwidth"),
    ("令和", "七", 2025, "reiwa-kanji"),
    ("R", 5, 2023, "r-5"),
    ("r", 5, 2023, "r-lowercase"),
    ("Ｒ", 5, 2023, "r-fullwidth"),
    ("R.", 5, 2023, "r-dot"),
    ("平成", 1, 1989, "heisei-1"),
    ("平成", 30, 2018, "heisei-30"),
    ("平成", 31, 2019, "heisei-31"),
    ("平成", 32, 2020, "heisei-32-written-before-reiwa"),
    ("H", 30, 2018, "h-30"),
    ("H", "元", 1989, "h-gan"),
    ("昭和", 1, 1926, "showa-1"),
    ("昭和", 64, 1989, "showa-64"),
    ("S", 50, 1975, "s-50"),
    ("大正", 1, 1912, "taisho-1"),
]


@pytest.mark.parametrize(
    ("era", "year", "expected"), [c[:3] for c in SEIREKI], ids=[c[3] for c in SEIREKI]
)
def test_to_seireki(era: str, year: int | str, expected: int) -> None:
    assert to_seireki(era, year) == expected


@pytest.mark.parametrize(
    ("era", "year"),
    [("明治", 1), ("X", 1), ("令和", 0), ("令和", -1), ("令和", "x")],
    ids=["meiji-unsupported", "unknown-letter", "year-zero", "negative", "not-a-number"],
)
def test_to_seireki_rejects(era: str, year: int | str) -> None:
    with pytest.raises(ValueError, match=r"era|number"):
        to_seireki(era, year)


WAREKI = [
    ("令和7年度", 2025, "reiwa-nendo"),
    ("令和7年", 2025, "reiwa-nen"),
    ("令和 7 年度", 2025, "spaced"),
    ("令和元年", 2019, "reiwa-gannen"),
    ("令和元年度", 2019, "reiwa-gannendo"),
    ("令和七年", 2025, "kanji-year"),
    ("R5", 2023, "r5"),
    ("R5年度", 2023, "r5-nendo"),
    ("Ｒ５", 2023, "r5-fullwidth"),
    ("H30", 2018, "h30"),
    ("H30年度末", 2018, "h30-end"),
    ("平成31年", 2019, "heisei-31"),
    ("S64", 1989, "s64"),
    ("令和7年4月1日", 2025, "with-date"),
]


@pytest.mark.parametrize(("text", "expected"), [c[:2] for c in WAREKI], ids=[c[2] for c in WAREKI])
def test_parse_wareki(text: str, expected: int) -> None:
    assert parse_wareki(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2025年", "令和", "令和X年", "R", "5年", "令和7年度補正予算", ""],
    ids=["western", "era-only", "bad-number", "letter-only", "no-era", "trailing-words", "empty"],
)
def test_parse_wareki_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="Japanese-era year"):
        parse_wareki(text)


TO_WAREKI = [
    (2025, "令和7年"),
    (2019, "令和元年"),
    (2020, "令和2年"),
    (2018, "平成30年"),
    (1989, "平成元年"),
    (1988, "昭和63年"),
    (1926, "昭和元年"),
    (1925, "大正14年"),
    (1912, "大正元年"),
]


@pytest.mark.parametrize(("year", "expected"), TO_WAREKI, ids=[str(c[0]) for c in TO_WAREKI])
def test_to_wareki(year: int, expected: str) -> None:
    assert to_wareki(year) == expected


def test_to_wareki_rejects_meiji() -> None:
    with pytest.raises(ValueError, match="no supported era"):
        to_wareki(1911)


@given(st.integers(min_value=1989, max_value=2100))
def test_wareki_round_trip(year: int) -> None:
    assert parse_wareki(to_wareki(year)) == year
    assert parse_wareki(to_wareki(year) + "度") == year


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2025, "2025年度（令和7年度）"),
        (2019, "2019年度（令和元年度）"),
        (2030, "2030年度（令和12年度）"),
        (1989, "1989年度（平成元年度）"),
    ],
    ids=["2025", "2019-gannendo", "2030", "1989"],
)
def test_fiscal_year_label(year: int, expected: str) -> None:
    assert fiscal_year_label(year) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 4, 1), 2025),
        (date(2025, 3, 31), 2024),
        (date(2025, 12, 31), 2025),
        (date(2026, 1, 1), 2025),
        (date(2019, 5, 1), 2019),
    ],
    ids=["april-first", "march-end", "december", "january", "reiwa-start"],
)
def test_fiscal_year_of(day: date, expected: int) -> None:
    assert fiscal_year_of(day) == expected


CAL: YearBasis = "calendar"
FIS: YearBasis = "fiscal"
FIND = [
    ("2029 年", [YearRef(2029, CAL)], "calendar"),
    ("2030 年度", [YearRef(2030, FIS)], "fiscal"),
    ("2026年度末", [YearRef(2026, FIS)], "fiscal-end"),
    ("令和5年度", [YearRef(2023, FIS)], "reiwa"),
    ("R5年度", [YearRef(2023, FIS)], "r5"),
    ("H30年度", [YearRef(2018, FIS)], "h30"),
    ("令和元年", [YearRef(2019, CAL)], "reiwa-gannen"),
    ("2020 年 4 月", [YearRef(2020, CAL, 4)], "month-spaced"),
    ("2025年10月", [YearRef(2025, CAL, 10)], "month-10"),
    ("２０２５年１２月", [YearRef(2025, CAL, 12)], "fullwidth-month"),
    ("FY2025", [YearRef(2025, FIS)], "fy"),
    ("2025～2027年度", [YearRef(2025, FIS), YearRef(2027, FIS)], "range"),
    ("2015年度～2027年度累計", [YearRef(2015, FIS), YearRef(2027, FIS)], "range-both"),
    ("2024年（令和6年）", [YearRef(2024, CAL), YearRef(2024, CAL)], "both-calendars"),
    (
        "2025 年 4 月～ 事業者の採択 2026 年 4 月～",
        [YearRef(2025, CAL, 4), YearRef(2026, CAL, 4)],
        "roadmap-cells",
    ),
    ("令和 2 年法律第 18 号", [YearRef(2020, CAL)], "law-number"),
    ("おおむね3年", [], "duration-not-year"),
    ("5年間の計画", [], "period-length-not-year"),
    ("10,000人", [], "number-not-year"),
    ("2030", [], "bare-number-not-year"),
    ("CO2排出量", [], "no-year"),
    ("SDGs5年", [], "letter-before-s"),
]


@pytest.mark.parametrize(("text", "expected"), [c[:2] for c in FIND], ids=[c[2] for c in FIND])
def test_find_years(text: str, expected: list[YearRef]) -> None:
    assert find_years(text) == expected


PERIODS = [
    ("2025～2027年度", Period(2025, 2027, FIS), "tilde"),
    ("2025～2027 年度", Period(2025, 2027, FIS), "spaced"),
    ("2025〜2027年度", Period(2025, 2027, FIS), "wave-dash"),
    ("2025-2027年度", Period(2025, 2027, FIS), "hyphen"),
    ("2015年度～2027年度累計", Period(2015, 2027, FIS), "cumulative"),
    ("2015 年度～2027 年度累計", Period(2015, 2027, FIS), "cumulative-spaced"),
    ("令和元年度～令和5年度", Period(2019, 2023, FIS), "wareki"),
    ("令和元～5年度", Period(2019, 2023, FIS), "wareki-short-end"),
    ("H30年度から令和2年度まで", Period(2018, 2020, FIS), "kara-made"),
    ("2025～2030年度累計", Period(2025, 2030, FIS), "cumulative-compact"),
    ("2025～27年度", Period(2025, 2027, FIS), "short-end"),
    ("2020～2024年", Period(2020, 2024, CAL), "calendar"),
    ("（2025 年度～2029 年度）", Period(2025, 2029, FIS), "in-parens"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in PERIODS], ids=[c[2] for c in PERIODS]
)
def test_parse_period(text: str, expected: Period) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2030年度", "2027～2025年度", "2024年～5年間", "おおむね3年", ""],
    ids=["single-year", "reversed", "duration-after", "duration", "empty"],
)
def test_parse_period_none(text: str) -> None:
    assert parse_period(text) is None
