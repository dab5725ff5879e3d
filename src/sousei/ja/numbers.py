"""Japanese numbers: Arabic with commas, kanji numerals, and the 万/億/兆 grouping.

`parse_number` accepts what the strategy documents write: "6,000", "１２３", "1.3", "三千",
"1万2千", "1兆5,071億", "21.7万", "十", "二〇二五", and the negative marks △ / ▲ / "-".
Decimal arithmetic is exact ("1.3億" is 130000000, not a float approximation), which is why
this module does not delegate to `kanjize` (it truncates through float).
"""

from __future__ import annotations

import re
from decimal import Context, Decimal, InvalidOperation, localcontext
from functools import lru_cache

from sousei.ja.text import normalize

__all__ = ["KANJI_DIGITS", "MULTIPLIERS", "NUMBER_PATTERN", "parse_number", "tidy_decimal"]

KANJI_DIGITS = "〇一二三四五六七八九"
# 十/百/千 multiply within a four-digit group; 万/億/兆 multiply whole groups.
MULTIPLIERS: dict[str, int] = {
    "十": 10,
    "百": 100,
    "千": 1000,
    "万": 10**4,
    "億": 10**8,
    "兆": 10**12,
}
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# An Arabic number with optional multipliers, as found inside running text ("1兆5,071億").
NUMBER_PATTERN = rf"{_ARABIC}(?:[十百千万億兆]+(?:{_ARABIC})?)*"

_NEGATIVE = "△▲-"
_PLAIN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_GROUPS = re.compile(r"(?:(.+?)兆)?(?:(.+?)億)?(?:(.+?)万)?(.*)")
_SMALL = re.compile(r"(?:(.*?)千)?(?:(.*?)百)?(?:(.*?)十)?(.*)")
_TO_ARABIC = str.maketrans({k: str(i) for i, k in enumerate(KANJI_DIGITS)})
# Wide enough for any realistic figure; the default 28 digits would round trillions of yen.
_CONTEXT = Context(prec=1000)


def tidy_decimal(value: Decimal) -> Decimal:
    """Drop a meaningless fractional part: 130000000.0 → 130000000, 85.20 → 85.2."""
    with localcontext(_CONTEXT):
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()


def _digits(text: str) -> Decimal | None:
    """A plain number: Arabic ("6,000", "1.3") or positional kanji digits ("二〇二五")."""
    text = text.translate(_TO_ARABIC)
    if not _PLAIN.fullmatch(text):
        return None
    return Decimal(text.replace(",", ""))


def _small(text: str) -> Decimal | None:
    """A number below the 万 group: "5,071", "三千", "2千", "千五百", "12百"."""
    plain = _digits(text)
    if plain is not None:
        return plain
    match = _SMALL.fullmatch(text)
    if match is None or match.group(4) == text:
        return None
    total = Decimal(0)
    for part, scale in zip(match.groups(), (1000, 100, 10, 1), strict=True):
        if part is None or (scale == 1 and not part):
            continue
        coefficient = _digits(part) if part else Decimal(1)
        if coefficient is None:
            return None
        total += coefficient * scale
    return total


def _unsigned(text: str) -> Decimal | None:
    match = _GROUPS.fullmatch(text)
    if match is None or not text:
        return None
    total = Decimal(0)
    for part, scale in zip(match.groups(), (10**12, 10**8, 10**4, 1), strict=True):
        if part is None or (scale == 1 and not part):
            continue
        value = _small(part)
        if value is None:
            return None
        total += value * scale
    return total


@lru_cache(maxsize=4096)  # pure, and a Decimal is immutable
def parse_number(text: str) -> Decimal:
    """Parse a Japanese number into an exact Decimal; raise ValueError if it is not one.

    Whitespace is ignored. Integral results carry no fractional digits ("1.3億" →
    Decimal("130000000")).
    """
    compact = re.sub(r"\s+", "", normalize(text))
    negative = compact[:1] in tuple(_NEGATIVE)
    body = compact[1:] if negative or compact[:1] == "+" else compact
    try:
        with localcontext(_CONTEXT):
            value = _unsigned(body)
            if value is not None:
                return tidy_decimal(-value if negative else value)
    except InvalidOperation:
        pass
    msg = f"not a Japanese number: {text!r}"
    raise ValueError(msg)
