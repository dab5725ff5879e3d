"""Relative targets (東京圏以上): two series compared, and region series built from prefectures.

Regions are sets of JIS prefecture codes (01 北海道 … 47 沖縄):

* 東京圏 (`TOKYO_AREA`) = 埼玉 11・千葉 12・東京 13・神奈川 14.
* the strategy's 都市圏 (`METROPOLITAN_AREAS`) = 東京圏 + 愛知 23・京都 26・大阪 27・兵庫 28.
* 東京圏以外 = `outside(TOKYO_AREA)`, the other 43 prefectures.

A region's value for a year is the sum over its prefectures (`region_series`), or for a
per-head figure such as 就業者一人当たり付加価値 the sum of numerators over the sum of
denominators (`region_ratio_series`) — never an average of prefecture ratios. A year in which
any prefecture of the region is missing is left out of the series and listed in `incomplete`:
a partial sum would look like a fall.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Literal

from pydantic import Field

from sousei.model.types import Frozen, Number

from .arith import CONTEXT, divide

__all__ = [
    "ALL_PREFECTURES",
    "METROPOLITAN_AREAS",
    "TOKYO_AREA",
    "Comparison",
    "PrefectureValue",
    "Series",
    "growth",
    "outside",
    "region_ratio_series",
    "region_series",
]

ALL_PREFECTURES = frozenset(range(1, 48))
TOKYO_AREA = frozenset({11, 12, 13, 14})
"""東京圏: 埼玉県・千葉県・東京都・神奈川県."""
METROPOLITAN_AREAS = TOKYO_AREA | {23, 26, 27, 28}
"""都市圏 as the strategy uses it: 東京圏 + 愛知県・京都府・大阪府・兵庫県."""


class PrefectureValue(Frozen):
    """都道府県別の値 — one prefecture's figure for one year."""

    prefecture: int = Field(ge=1, le=47)
    year: int
    value: Number


class Series(Frozen):
    """比較系列 — a quantity by year (a region's GDP, 東京圏の伸び率 …)."""

    name: str
    values: dict[int, Number] = {}  # noqa: RUF012  # frozen; pydantic copies defaults
    incomplete: dict[int, tuple[int, ...]] = {}  # noqa: RUF012  # year → missing prefectures


class Comparison(Frozen):
    """相対目標の比較 — the two sides of a relative target such as 東京圏以上.

    `subject` is the side the KPI is about (東京圏以外); None means the KPI's own observations.
    `reference` is the compared quantity (東京圏). With `measure` "growth" each side's growth
    from `base_year` is compared (None: from the previous year, 前年比); with "level" the
    values themselves are compared (the KPI is already a rate, e.g. 賃上げ率 vs 最低賃金の伸び率).
    """

    subject: Series | None = None
    reference: Series | None = None
    measure: Literal["growth", "level"] = "growth"
    base_year: int | None = None


def outside(prefectures: Iterable[int]) -> frozenset[int]:
    """The prefectures not in `prefectures`: outside(TOKYO_AREA) is 東京圏以外."""
    return ALL_PREFECTURES - frozenset(prefectures)


def _by_year(values: Iterable[PrefectureValue]) -> dict[int, dict[int, Decimal]]:
    table: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for item in values:
        row = table[item.year]
        if item.prefecture in row:
            msg = f"都道府県コード {item.prefecture:02d} の {item.year}年の値が2つあります"
            raise ValueError(msg)
        row[item.prefecture] = item.value
    return table


def _region_sums(
    values: Iterable[PrefectureValue], prefectures: frozenset[int]
) -> tuple[dict[int, Decimal], dict[int, tuple[int, ...]]]:
    sums: dict[int, Decimal] = {}
    incomplete: dict[int, tuple[int, ...]] = {}
    for year, row in sorted(_by_year(values).items()):
        missing = tuple(sorted(prefectures - row.keys()))
        if missing:
            incomplete[year] = missing
        else:
            sums[year] = _sum(row[p] for p in prefectures)
    return sums, incomplete


def _sum(values: Iterable[Decimal]) -> Decimal:
    total = Decimal(0)
    for value in values:
        total = CONTEXT.add(total, value)
    return total


def region_series(
    name: str, values: Iterable[PrefectureValue], prefectures: Iterable[int]
) -> Series:
    """The sum over a region's prefectures, by year (years with a gap left out)."""
    sums, incomplete = _region_sums(values, frozenset(prefectures))
    return Series(name=name, values=sums, incomplete=incomplete)


def region_ratio_series(
    name: str,
    numerators: Iterable[PrefectureValue],
    denominators: Iterable[PrefectureValue],
    prefectures: Iterable[int],
) -> Series:
    """Σ numerator ÷ Σ denominator over a region, by year (付加価値 ÷ 就業者数)."""
    region = frozenset(prefectures)
    tops, top_gaps = _region_sums(numerators, region)
    bottoms, bottom_gaps = _region_sums(denominators, region)
    values: dict[int, Decimal] = {}
    incomplete = dict(top_gaps)
    for year, gap in bottom_gaps.items():
        incomplete[year] = tuple(sorted({*incomplete.get(year, ()), *gap}))
    for year in sorted(tops.keys() & bottoms.keys()):
        ratio = divide(tops[year], bottoms[year])
        if ratio is not None:
            values[year] = ratio
    return Series(name=name, values=values, incomplete=incomplete)


def growth(values: Mapping[int, Decimal], year: int, base_year: int) -> Decimal | None:
    """Growth from `base_year` to `year` as a fraction (0.052 = 5.2 %), None if not computable."""
    if year not in values or base_year not in values:
        return None
    ratio = divide(values[year], values[base_year])
    return None if ratio is None else ratio - 1
