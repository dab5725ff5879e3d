"""全国地方公共団体コード: five digits and a check digit (JIS X 0402, 総務省).

The check digit: multiply the first five digits by 6, 5, 4, 3, 2 and add; take the remainder
of the sum divided by 11; the check digit is the last digit of 11 − remainder. So a remainder
of 1 gives 0 (11 − 1 = 10) and a remainder of 0 gives 1 (11 − 0 = 11): 札幌市中央区 is 011011
(0·6 + 1·5 + 1·4 + 0·3 + 1·2 = 11, remainder 0). Every code of the bundled registry agrees.
"""

from __future__ import annotations

import re
import unicodedata

WEIGHTS = (6, 5, 4, 3, 2)
_SPACES = re.compile(r"\s+")


class InvalidCodeError(ValueError):
    """A code that is not a 全国地方公共団体コード; the message says why, in Japanese."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def check_digit(first_five: str) -> int:
    """The check digit of a five-digit code: `check_digit("01100")` → 2."""
    if len(first_five) != 5 or not first_five.isascii() or not first_five.isdigit():
        raise ValueError(f"five ASCII digits expected, got {first_five!r}")
    total = sum(int(digit) * weight for digit, weight in zip(first_five, WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def with_check_digit(first_five: str) -> str:
    """The six-digit code of a five-digit one: "01100" → "011002"."""
    return first_five + str(check_digit(first_five))


def normalize_code(code: str) -> str:
    """NFKC (全角 → 半角) and no spaces: "０１１００２" → "011002". Does not validate."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", code))


def validate_code(code: str) -> str:
    """The normalised six-digit code, or InvalidCodeError saying what is wrong with it."""
    text = normalize_code(code)
    if not text:
        raise InvalidCodeError("団体コードが空です。", text)
    if not (text.isascii() and text.isdigit()):
        raise InvalidCodeError(
            f"団体コード {text} に数字以外の文字があります（6 桁の数字で書きます）。", text
        )
    if len(text) != 6:
        raise InvalidCodeError(_length_message(text), text)
    expected = with_check_digit(text[:5])
    if text != expected:
        raise InvalidCodeError(
            f"団体コード {text} の検査数字が違います（正しくは {expected}）。", text
        )
    return text


def is_valid_code(code: str) -> bool:
    try:
        validate_code(code)
    except InvalidCodeError:
        return False
    return True


def _length_message(text: str) -> str:
    message = f"団体コード {text} は {len(text)} 桁です（検査数字を含めて 6 桁）。"
    if len(text) != 5:
        return message
    hints = [f"検査数字のない 5 桁のコードなら {with_check_digit(text)}"]
    padded = "0" + text
    if padded == with_check_digit(padded[:5]):
        hints.append(f"先頭の 0 が落ちたのなら {padded}")
    return message + "、".join(hints) + " です。"
