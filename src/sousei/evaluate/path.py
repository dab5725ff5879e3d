"""The path to a target: the baseline, the expected value of a year, and the comparisons.

See docs/formulas.md for each formula with worked examples. In short, with baseline b in
year B and target t in year T, the expected value of year y (B < y ≤ T) is

* straight: b + (t − b) × (y − B) ÷ (T − B)
* n20:      b + (t − b) × min(1, (y − B) × 0.2)
* explicit: the interim target of y if one is set; between set points, the straight line
            through the neighbouring points (B, b), (year, interim)…, (T, t).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from sousei.model.actuals import Direction
from sousei.model.types import Comparator

from .arith import CONTEXT, ONE, divide
from .result import BaselineSource

__all__ = [
    "Baseline",
    "Expected",
    "expected_value",
    "meets",
    "moved",
    "reaches",
]

_STEP_N20 = Decimal("0.2")


@dataclass(frozen=True)
class Baseline:
    """基準 — the value a KPI starts from and the year it was measured."""

    value: Decimal | None
    year: int | None
    source: BaselineSource | None = None


@dataclass(frozen=True)
class Expected:
    """期待値 — the value on the path in a year, and how the path was drawn."""

    value: Decimal
    path: Literal["straight", "n20", "explicit"]
    interim: bool = False  # the year has its own explicit interim target


def _straight(b: Decimal, base_year: int, t: Decimal, target_year: int, year: int) -> Decimal:
    # Multiply before dividing: (t − b) × 1 ÷ 3 would round where (t − b) ÷ 3 × 1 need not.
    step = CONTEXT.multiply(CONTEXT.subtract(t, b), Decimal(year - base_year))
    return CONTEXT.add(b, CONTEXT.divide(step, Decimal(target_year - base_year)))


def _explicit(points: dict[int, Decimal], year: int) -> Decimal:
    years = sorted(points)
    if year in points:
        return points[year]
    right = bisect_left(years, year)
    left_year, right_year = years[right - 1], years[right]
    return _straight(points[left_year], left_year, points[right_year], right_year, year)


def expected_value(
    mode: Literal["straight", "n20", "explicit"],
    *,
    baseline: Decimal,
    base_year: int,
    target: Decimal,
    target_year: int,
    year: int,
    interim_targets: Mapping[int, Decimal] | None = None,
) -> Expected:
    """The expected value of `year` on the path (base_year < year; year ≥ target_year → t)."""
    if year >= target_year:
        return Expected(target, mode)
    if mode == "n20":
        share = min(ONE, CONTEXT.multiply(Decimal(year - base_year), _STEP_N20))
        gap = CONTEXT.subtract(target, baseline)
        return Expected(CONTEXT.add(baseline, CONTEXT.multiply(gap, share)), mode)
    if mode == "explicit" and interim_targets:
        inner = {y: v for y, v in interim_targets.items() if base_year < y < target_year}
        points = {base_year: baseline, **inner, target_year: target}
        return Expected(_explicit(points, year), mode, interim=year in inner)
    return Expected(_straight(baseline, base_year, target, target_year, year), mode)


def reaches(actual: Decimal, goal: Decimal, direction: Direction) -> bool:
    """Whether an actual is at or beyond a goal in the good direction (維持: not below it)."""
    if direction == "down":
        return actual <= goal
    return actual >= goal


def meets(actual: Decimal, target: Decimal, comparator: Comparator, direction: Direction) -> bool:
    """Whether an actual satisfies a numeric target (以上, 超, 以下, 未満, a value, N倍)."""
    if comparator == ">=":
        return actual >= target
    if comparator == ">":
        return actual > target
    if comparator == "<=":
        return actual <= target
    if comparator == "<":
        return actual < target
    return reaches(actual, target, direction)


def moved(actual: Decimal, baseline: Decimal, comparator: Comparator, direction: Direction) -> bool:
    """Whether a trend target holds: 増加 a > b, 減少 a < b, 向上/改善 by direction, 維持 a ≥ b."""
    if comparator == "increase":
        return actual > baseline
    if comparator == "decrease":
        return actual < baseline
    if comparator == "maintain":
        return actual <= baseline if direction == "down" else actual >= baseline
    return actual < baseline if direction == "down" else actual > baseline


def ratio_progress(actual: Decimal, baseline: Decimal, goal: Decimal) -> Decimal | None:
    """(actual − baseline) ÷ (goal − baseline); None when goal equals baseline."""
    return divide(CONTEXT.subtract(actual, baseline), CONTEXT.subtract(goal, baseline))
