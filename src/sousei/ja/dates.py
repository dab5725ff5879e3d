"""Japanese years: 和暦 ↔ 西暦, fiscal years, and year mentions in running text.

Conventions:

* Eras: 令和 (R, 2019 = 元年), 平成 (H, 1989), 昭和 (S, 1926), 大正 (1912). The year of an
  era change belongs to the new era ("2019" → "令和元年"). Era years past the era's end are
  accepted ("平成32年度" → 2020), as documents written before 2019 use them.
* A fiscal year (年度) starts on 1 April and is named by the calendar year it starts in.
* "年度" (also "年度末", "年度時点", "FY2025") is basis "fiscal"; "年" is "calendar".
* A 4-digit year is read as a year only between 1800 and 2199 and only with 年/年度 after it,
  or as the first year of a range ("2025～2027年度"), so "10,000人" or "3年" are not years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sousei.ja.numbers import parse_number
from sousei.ja.text import normalize
from sousei.model.types import YearBasis  # one vocabulary for the text and the model

__all__ = [
    "ERA_ABBREVIATIONS",
    "ERA_OFFSETS",
    "Period",
    "YearBasis",
    "YearMatch",
    "YearRef",
    "find_years",
    "fiscal_year_label",
    "fiscal_year_of",
    "parse_period",
    "parse_wareki",
    "scan_years",
    "to_seireki",
    "to_wareki",
]


# Western year = offset + era year.
ERA_OFFSETS: dict[str, int] = {"令和": 2018, "平成": 1988, "昭和": 1925, "大正": 1911}
ERA_ABBREVIATIONS: dict[str, str] = {"R": "令和", "H": "平成", "S": "昭和", "T": "大正"}


@dataclass(frozen=True)
class YearRef:
    """A year mentioned in text; `month` only for calendar dates such as "2020年4月"."""

    year: int
    basis: YearBasis
    month: int | None = None


@dataclass(frozen=True)
class Period:
    """An inclusive range of years, e.g. "2025～2027年度" → Period(2025, 2027, "fiscal")."""

    start: int
    end: int
    basis: YearBasis


@dataclass(frozen=True)
class YearMatch:
    """One year mention or range at text[start:end]; `period` is set for a valid range."""

    start: int
    end: int
    refs: tuple[YearRef, ...]
    period: Period | None = None


def _year(prefix: str) -> str:
    """Regex for one year (Western or 和暦) with named groups prefixed by `prefix`."""
    western = rf"(?<![\d.,])(?P<{prefix}w>(?:1[89]|2[01])\d\d)(?!\d)"
    era = r"令和|平成|昭和|大正|(?<![A-Za-z])[RHS]\.?"
    number = r"元|\d{1,2}(?!\d)|[一二三四五六七八九十]{1,3}"
    wareki = rf"(?P<{prefix}era>{era})\s*(?P<{prefix}n>{number})"
    return f"(?:{western}|{wareki})"


_RANGE = (
    rf"{_year('s')}(?P<ssuf>年度|年)?末?\s*(?:{'～'}|から)\s*"
    rf"(?:{_year('e')}|(?P<eshort>\d{{1,2}})(?!\d))(?P<esuf>年度|年)"
)
_SINGLE = rf"{_year('y')}(?P<ysuf>年度|年)(?:(?<=年)(?P<ym>1[0-2]|0?[1-9])月)?"
_FISCAL = r"(?<![A-Za-z])FY\s*(?P<fy>(?:1[89]|2[01])\d\d)(?!\d)"
_YEARS = re.compile(rf"(?P<range>{_RANGE})|{_SINGLE}|{_FISCAL}")
_SINGLE_OR_FISCAL = re.compile(rf"{_SINGLE}|{_FISCAL}")
_WAREKI_ONLY = re.compile(
    r"(?P<era>令和|平成|昭和|大正|[RHST])\.?(?P<n>元|\d{1,2}|[一二三四五六七八九十]{1,3})"
    r"(?:年度?)?(?:末|時点|\d{1,2}月(?:\d{1,2}日)?)?"
)


@lru_cache(maxsize=1024)  # pure; a document names the same few years many times
def to_seireki(era: str, year: int | str) -> int:
    """Western year of an era year: ("令和", 7) → 2025, ("R", "元") → 2019, ("H", 30) → 2018."""
    name = normalize(era).strip().rstrip(".").upper()
    name = ERA_ABBREVIATIONS.get(name, name)
    if name not in ERA_OFFSETS:
        msg = f"unknown era: {era!r}"
        raise ValueError(msg)
    if isinstance(year, str):
        written = normalize(year).strip()
        number = 1 if written == "元" else int(parse_number(written))
    else:
        number = year
    if number < 1:
        msg = f"era year must be 1 or more: {year!r}"
        raise ValueError(msg)
    return ERA_OFFSETS[name] + number


def parse_wareki(text: str) -> int:
    """Western year of a 和暦 year: "令和7年度" → 2025, "R5" → 2023, "令和元年" → 2019."""
    compact = re.sub(r"\s+", "", normalize(text))
    match = _WAREKI_ONLY.fullmatch(compact)
    if match is None:
        msg = f"not a Japanese-era year: {text!r}"
        raise ValueError(msg)
    return to_seireki(match["era"], match["n"])


def to_wareki(year: int) -> str:
    """和暦 name of a Western year: 2025 → "令和7年", 2019 → "令和元年"."""
    # ERA_OFFSETS runs from the newest era, so the first era that has begun is the right one.
    for era, offset in ERA_OFFSETS.items():
        if year > offset:
            number = year - offset
            return f"{era}{'元' if number == 1 else number}年"
    msg = f"no supported era for {year} (大正 onwards, 1912+)"
    raise ValueError(msg)


def fiscal_year_label(year: int) -> str:
    """Display label of a fiscal year: 2025 → "2025年度（令和7年度）"."""
    return f"{year}年度（{to_wareki(year)}度）"


def fiscal_year_of(day: date) -> int:
    """Japanese fiscal year containing `day` (April to March)."""
    return day.year if day.month >= 4 else day.year - 1


def _basis(suffix: str | None) -> YearBasis:
    return "fiscal" if suffix == "年度" else "calendar"


def _era_year(match: re.Match[str], prefix: str) -> int | None:
    western = match[f"{prefix}w"]
    if western:
        return int(western)
    era = match[f"{prefix}era"]
    if era is None:
        return None
    try:
        return to_seireki(era, match[f"{prefix}n"])
    except ValueError:
        return None


def _range(match: re.Match[str]) -> YearMatch | None:
    start = _era_year(match, "s")
    end = _era_year(match, "e")
    short = match["eshort"]
    if start is not None and end is None and short:
        if match["sera"]:  # "令和元～5年度": the era carries over
            end = to_seireki(match["sera"], int(short)) if int(short) else None
        else:  # "2025～27年度": the century carries over
            end = start // 100 * 100 + int(short)
    if start is None or end is None or end < start:
        return None
    end_basis = _basis(match["esuf"])
    start_basis = _basis(match["ssuf"]) if match["ssuf"] else end_basis
    refs = (YearRef(start, start_basis), YearRef(end, end_basis))
    return YearMatch(match.start(), match.end(), refs, Period(start, end, end_basis))


def _single(match: re.Match[str]) -> YearMatch | None:
    if match["fy"]:
        return YearMatch(match.start(), match.end(), (YearRef(int(match["fy"]), "fiscal"),))
    year = _era_year(match, "y")
    if year is None:
        return None
    month = int(match["ym"]) if match["ym"] else None
    return YearMatch(match.start(), match.end(), (YearRef(year, _basis(match["ysuf"]), month),))


def scan_years(text: str) -> list[YearMatch]:
    """Every year mention and year range in already-normalised `text`, with positions."""
    found: list[YearMatch] = []
    pos = 0
    while (match := _YEARS.search(text, pos)) is not None:
        if match["range"]:
            ranged = _range(match)
            if ranged is not None:
                found.append(ranged)
                pos = match.end()
                continue
            # Not a valid range ("2025年～3年"): read its first year alone, if it is one.
            single = _SINGLE_OR_FISCAL.match(text, match.start())
            if single is None:
                pos = match.start() + 1
                continue
            match = single
        pos = match.end()
        item = _single(match)
        if item is not None:
            found.append(item)
    return found


def find_years(text: str) -> list[YearRef]:
    """Years mentioned in `text` in order; both ends of a range are listed."""
    return [ref for match in scan_years(normalize(text)) for ref in match.refs]


def parse_period(text: str) -> Period | None:
    """The first year range in `text` ("2015年度～2027年度累計" → 2015..2027 fiscal), or None."""
    for match in scan_years(normalize(text)):
        if match.period is not None:
            return match.period
    return None
