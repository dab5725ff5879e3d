"""Truth table for `sousei.ja.normalize`."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sousei.ja import normalize

CASES = [
    ("6,000 万人", "6,000万人", "space-before-multiplier"),
    ("2029 年", "2029年", "space-before-year"),
    ("50%（2030 年度）", "50%(2030年度)", "fullwidth-parens"),
    ("１２３", "123", "fullwidth-digits"),
    ("ＫＰＩ", "KPI", "fullwidth-letters"),
    ("８５．２％", "85.2%", "fullwidth-point-and-percent"),
    ("１，０００人", "1,000人", "fullwidth-comma"),
    ("訪日外国人旅行者数：6,000 万人", "訪日外国人旅行者数:6,000万人", "colon-to-ascii"),
    ("KPI①", "KPI①", "circled-number-kept"),
    ("KPI⑤：", "KPI⑤:", "circled-number-kept-colon-normalised"),
    ("2025～2027", "2025～2027", "fullwidth-tilde-kept"),
    ("2025〜2027", "2025～2027", "wave-dash"),
    ("2025~2027", "2025～2027", "ascii-tilde"),
    ("2025 ～ 2027 年度", "2025～2027年度", "spaced-range"),
    ("2025-2027年度", "2025～2027年度", "hyphen-range"),
    ("2025 年度 – 2029 年度", "2025年度～2029年度", "en-dash-range"),
    ("令和元年度—令和5年度", "令和元年度～令和5年度", "em-dash-wareki-range"),
    ("t-CO2", "t-CO2", "hyphen-in-unit-kept"),
    ("18,167,874t-CO2 (2030 年度)", "18,167,874t-CO2 (2030年度)", "ascii-space-kept"),
    ("−5", "-5", "minus-sign"),
    ("△ 5", "△5", "triangle-negative"),
    ("12,000㎡", "12,000m2", "square-metre"),
    ("35.8 ha", "35.8ha", "ascii-unit"),
    ("6, 000", "6,000", "space-after-comma"),
    ("1 .5", "1.5", "space-before-point"),
    ("50 %", "50%", "space-before-percent"),
    ("( 2030 )", "(2030)", "space-inside-parens"),
    ("GX や DX 分野", "GXやDX分野", "latin-next-to-japanese"),
    ("Society 5.0 の実現", "Society 5.0の実現", "latin-words-kept"),
    ("令和 2 年法律第 18 号", "令和2年法律第18号", "spaces-around-digits"),
    ("2020 年 4 月", "2020年4月", "year-month"),
    ("a\u3000\u3000b", "a b", "ideographic-space"),
    ("  a \t b  ", "a b", "collapse-and-strip"),
    ("行1\n\n  行2  \n", "行1\n行2", "lines-kept-blank-dropped"),
    ("ｶﾞｲﾄﾞ", "ガイド", "halfwidth-katakana"),
    ("", "", "empty"),
]


@pytest.mark.parametrize(("raw", "expected"), [c[:2] for c in CASES], ids=[c[2] for c in CASES])
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


JAPANESE = st.text(
    alphabet=st.sampled_from(
        list("0123456789０１２,.，． 　\n%％万億兆年度～〜~-–（）()令和元R人件①㎡aZ")
    ),
    max_size=40,
)


@given(st.one_of(st.text(max_size=40), JAPANESE))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(JAPANESE)
def test_normalize_leaves_no_fullwidth_digits_or_double_spaces(text: str) -> None:
    out = normalize(text)
    assert not set(out) & set("０１２，．％（）〜~　")
    assert "  " not in out
    assert out == out.strip()
