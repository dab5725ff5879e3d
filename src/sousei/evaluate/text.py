"""Numbers, ratios and years written the way a Japanese report writes them.

* Amounts use the 万/億/兆 groups (see docs/formulas.md, "Writing numbers"):
  ≥ 1兆 to the 億 ("9兆4,559億円"), ≥ 1億 to the 万 ("1億3,000万人泊"), ≥ 1万 in 万 with four
  significant digits ("4,268万人", "21.7万人"), below 1万 in full with at most two decimals
  ("6,000人", "35.8ha"). Rounding is 四捨五入 (half up).
* Ratios are fractions (1 = 100 %) written as percentages with one decimal ("115.8%").
* A calendar year is "2025年"; a fiscal year carries its 和暦, "2025年度（令和7年度）".
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from sousei.ja.dates import fiscal_year_label, to_wareki

from .arith import CONTEXT, round_half_up

__all__ = [
    "format_amount",
    "format_number",
    "format_ratio",
    "period_label",
    "year_label",
]

_GROUP = Decimal(10) ** 4
_OKU = Decimal(10) ** 8
_CHO = Decimal(10) ** 12
_FIRST_ERA_YEAR = 1911  # 大正元年 is 1912; earlier years have no supported 和暦


def _grouped(value: Decimal) -> str:
    """An integer with thousands separators."""
    return f"{int(value):,}"


def _plain(value: Decimal, max_places: int = 2) -> str:
    """A number below 1万: integers in full, fractions to at most `max_places` decimals."""
    rounded = round_half_up(value, max_places)
    if rounded == rounded.to_integral_value():
        return _grouped(rounded)
    text = format(rounded.normalize(CONTEXT), "f")
    whole, _, fraction = text.partition(".")
    return f"{int(whole):,}.{fraction}"


def _two_groups(value: Decimal, big: Decimal, big_name: str, small: Decimal, name: str) -> str:
    rounded = round_half_up(value / small, 0) * small
    high, rest = divmod(int(rounded), int(big))
    low = rest // int(small)
    return f"{high:,}{big_name}" + (f"{low:,}{name}" if low else "")


def _man(value: Decimal) -> str:
    """A number between 1万 and 1億, in 万 with four significant digits."""
    count = value / _GROUP
    digits = len(str(int(count)))
    rounded = round_half_up(count, max(0, 4 - digits))
    if rounded >= _GROUP:  # 9,999.95万 rounds up to 1億
        return _two_groups(rounded * _GROUP, _OKU, "億", _GROUP, "万")
    return _plain(rounded, 3) + "万"


def format_number(value: Decimal) -> str:
    """A readable Japanese number: 42683600 → "4,268万", 9455900000000 → "9兆4,559億"."""
    if value == value.to_integral_value() and -_INT_LIMIT < value < _INT_LIMIT:
        whole = int(value)
        return ("-" if whole < 0 else "") + _whole_number(abs(whole))
    sign = "-" if value < 0 else ""
    size = abs(value)
    if size >= _CHO:
        body = _two_groups(size, _CHO, "兆", _OKU, "億")
    elif size >= _OKU:
        body = _two_groups(size, _OKU, "億", _GROUP, "万")
    elif size >= _GROUP:
        body = _man(size)
    else:
        body = _plain(size)
    return sign + body


_INT_LIMIT = 10**20
"""Whole numbers below this take `_whole_number`, in exact int arithmetic (the Decimal path's
divisions are exact there too)."""


def _whole_number(size: int) -> str:
    """`format_number` of a non-negative whole number: the same rules, in int arithmetic (most
    figures and targets are whole, and this runs for each of them)."""
    if size < 10**4:
        return f"{size:,}"
    if size < 10**8:
        digits = len(str(size // 10**4))
        places = max(0, 4 - digits)
        unit = 10 ** (4 - places)  # 四捨五入 of the count of 万 to `places` decimals
        rounded = (size + unit // 2) // unit
        if rounded >= 10 ** (4 + places):  # 9,999.95万 rounds up to 1億
            return _whole_groups(rounded * unit, 10**8, "億", 10**4, "万")
        whole, fraction = divmod(rounded, 10**places)
        if not fraction:
            return f"{whole:,}万"
        return f"{whole:,}.{str(fraction).rjust(places, '0').rstrip('0')}万"
    if size < 10**12:
        return _whole_groups(size, 10**8, "億", 10**4, "万")
    return _whole_groups(size, 10**12, "兆", 10**8, "億")


def _whole_groups(size: int, big: int, big_name: str, small: int, name: str) -> str:
    """`_two_groups` of a whole number."""
    rounded = (size + small // 2) // small * small
    high, rest = divmod(rounded, big)
    low = rest // small
    return f"{high:,}{big_name}" + (f"{low:,}{name}" if low else "")


def format_amount(value: Decimal, unit: str | None) -> str:
    """A number with its unit: (60000000, "人") → "6,000万人"; no unit → the number alone."""
    return format_number(value) + (unit or "")


def format_ratio(fraction: Decimal) -> str:
    """A fraction as a percentage with one decimal: 1.1579 → "115.8%"."""
    percent = round_half_up(fraction * 100, 1)
    return f"{percent}%"


@lru_cache(maxsize=4096)
def year_label(year: int, basis: str | None) -> str:
    """ "2025年", or "2025年度（令和7年度）" for a fiscal year."""
    if basis == "fiscal":
        return fiscal_year_label(year) if year > _FIRST_ERA_YEAR else f"{year}年度"
    return f"{year}年"


@lru_cache(maxsize=4096)
def period_label(start: int, end: int, basis: str | None) -> str:
    """A year or a range: "2015年度～2027年度（平成27年度～令和9年度）", "2024～2025年"."""
    if start == end:
        return year_label(start, basis)
    if basis == "fiscal" and start > _FIRST_ERA_YEAR:
        return f"{start}年度～{end}年度（{to_wareki(start)}度～{to_wareki(end)}度）"
    if basis == "fiscal":
        return f"{start}年度～{end}年度"
    return f"{start}～{end}年"
