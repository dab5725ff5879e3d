"""全国地方公共団体コード: the check digit rule, its messages, and normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sousei.registry import (
    InvalidCodeError,
    check_digit,
    is_valid_code,
    load_registry,
    validate_code,
    with_check_digit,
)


def test_every_code_of_the_registry_validates() -> None:
    registry = load_registry()
    assert len(registry) == 47 + 1916
    for government in registry:
        assert validate_code(government.code) == government.code


@pytest.mark.parametrize(
    ("first_five", "digit"),
    [
        ("01100", 2),  # 札幌市: 0+5+4+0+0 = 9, 11 − 9 = 2
        ("01101", 1),  # 札幌市中央区: sum 11, remainder 0 → 11 → 1
        ("09000", 0),  # 栃木県: sum 45, remainder 1 → 10 → 0
        ("13101", 6),  # 千代田区
    ],
)
def test_check_digit_is_the_last_digit_of_eleven_less_the_remainder(
    first_five: str, digit: int
) -> None:
    assert check_digit(first_five) == digit


def test_a_wrong_check_digit_is_refused_with_the_right_one() -> None:
    with pytest.raises(InvalidCodeError) as caught:
        validate_code("011003")
    assert str(caught.value) == "団体コード 011003 の検査数字が違います（正しくは 011002）。"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("", "団体コードが空です。"),
        ("01100X", "団体コード 01100X に数字以外の文字があります（6 桁の数字で書きます）。"),
        ("0110022", "団体コード 0110022 は 7 桁です（検査数字を含めて 6 桁）。"),
        (
            "10006",
            "団体コード 10006 は 5 桁です（検査数字を含めて 6 桁）。検査数字のない 5 桁のコードなら"
            " 100064、先頭の 0 が落ちたのなら 010006 です。",
        ),
    ],
)
def test_wrong_length_and_non_digits_say_what_is_wrong(written: str, message: str) -> None:
    with pytest.raises(InvalidCodeError) as caught:
        validate_code(written)
    assert str(caught.value) == message


def test_full_width_digits_and_spaces_are_normalised() -> None:
    assert validate_code("０１１００２") == "011002"
    assert validate_code(" 011002\u3000") == "011002"


def test_other_digit_scripts_are_not_digits_here() -> None:
    assert not is_valid_code("٠١١٠٠٢")  # Arabic-Indic digits: str.isdigit, but no code


@given(st.text(alphabet="0123456789", min_size=5, max_size=5))
def test_for_any_five_digits_exactly_one_check_digit_validates(first_five: str) -> None:
    valid = [d for d in "0123456789" if is_valid_code(first_five + d)]
    assert valid == [str(check_digit(first_five))]
    assert with_check_digit(first_five) == first_five + valid[0]
