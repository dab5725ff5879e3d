"""Projection (見通し): where a KPI's trend leads by its target year — an estimate, never a fact.

Two fits over the single-year figures (docs/formulas.md, "Projection"):

* linear (≥ 2 points): ordinary least squares y = a + b·x; the value in year T is a + b·T.
* compound (≥ 3 points, all positive): least squares on ln y, so y = exp(a + b·x); the annual
  growth rate (CAGR of the fitted line) is exp(b) − 1 and the value in T is exp(a + b·T).

For a 累計 target of yearly flows the fits run on the running total from the period's start
(only while the years are consecutive). Every statement says it is an estimate.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from sousei.model.actuals import Direction, TemporalKind
from sousei.model.strategy import Target
from sousei.model.types import Frozen, Number

from .arith import CONTEXT, divide
from .explain import COMPARATOR_WORDS
from .path import meets, moved
from .series import ObservationLike, index_observations
from .text import format_amount, period_label, year_label

__all__ = ["CAVEAT", "Fit", "Projection", "project"]

CAVEAT = "推計であり実績ではありません"
_NAMES = {"linear": "線形回帰", "compound": "年平均成長率（対数線形回帰）"}


class Fit(Frozen):
    """推計式 — one fitted trend and the value it gives in the target year."""

    method: Literal["linear", "compound"]
    method_name: str
    points: int
    first_year: int
    last_year: int
    slope: Number | None = None  # per year, linear fit
    rate: Number | None = None  # annual growth as a fraction, compound fit
    value: Number
    reaches: bool | None
    statement: str


class Projection(Frozen):
    """見通し（推計）— the fitted trends to the target year; estimates, not actuals."""

    target_year: int
    target: Number | None
    fits: tuple[Fit, ...]
    caveat: str = CAVEAT


def _mean(values: Sequence[Decimal]) -> Decimal:
    total = Decimal(0)
    for value in values:
        total = CONTEXT.add(total, value)
    return CONTEXT.divide(total, len(values))


def _least_squares(xs: Sequence[Decimal], ys: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """(intercept, slope) of y = a + b·x."""
    mx, my = _mean(xs), _mean(ys)
    sxy = sxx = Decimal(0)
    for x, y in zip(xs, ys, strict=True):
        dx = CONTEXT.subtract(x, mx)
        sxy = CONTEXT.add(sxy, CONTEXT.multiply(dx, CONTEXT.subtract(y, my)))
        sxx = CONTEXT.add(sxx, CONTEXT.multiply(dx, dx))
    slope = divide(sxy, sxx) or Decimal(0)
    return CONTEXT.subtract(my, CONTEXT.multiply(slope, mx)), slope


def _running_total(points: list[tuple[int, Decimal]], start: int) -> list[tuple[int, Decimal]]:
    totals: list[tuple[int, Decimal]] = []
    total = Decimal(0)
    expected = start
    for year, value in points:
        if year < start:
            continue
        if year != expected:
            break
        total = CONTEXT.add(total, value)
        totals.append((year, total))
        expected += 1
    return totals


def _target_value(target: Target, baseline: Decimal | None) -> Decimal | None:
    if target.value is None or target.to_be_set:
        return None
    if target.comparator == "multiple":
        return None if baseline is None else CONTEXT.multiply(target.value, baseline)
    return target.value


def _reaches(
    value: Decimal,
    target: Target,
    goal: Decimal | None,
    baseline: Decimal | None,
    direction: Direction,
) -> bool | None:
    comparator = target.comparator
    if comparator in ("increase", "decrease", "improve", "maintain"):
        return None if baseline is None else moved(value, baseline, comparator, direction)
    if goal is None or comparator is None or comparator == "relative":
        return None
    numeric = comparator if comparator in (">=", ">", "<=", "<") else "="
    return meets(value, goal, numeric, direction)


def _statement(
    fit_name: str,
    points: list[tuple[int, Decimal]],
    year: int,
    value: Decimal,
    goal: Decimal | None,
    reached: bool | None,
    unit: str | None,
    target: Target,
) -> str:
    """「線形回帰（3点: 2023～2025年）による推計では、2030年に …の見込みで、…」."""
    span = period_label(points[0][0], points[-1][0], target.year_basis)
    when = year_label(year, target.year_basis)
    amount = format_amount(value, unit)
    head = f"{fit_name}（{len(points)}点: {span}）による推計では、{when}に {amount}の見込み"
    if reached is None:
        return f"{head}です（{CAVEAT}）"
    if goal is None:  # a trend target, judged against the baseline
        return f"{head}で、目標を{'満たします' if reached else '満たしません'}（{CAVEAT}）"
    words = COMPARATOR_WORDS.get(target.comparator or "", "")
    verdict = "を満たします" if reached else "に届きません"
    return f"{head}で、目標 {format_amount(goal, unit)}{words}{verdict}（{CAVEAT}）"


def project(
    observations: Sequence[ObservationLike],
    target: Target,
    *,
    baseline: Decimal | None = None,
    direction: Direction | None = None,
    kind: TemporalKind | None = None,
    unit: str | None = None,
) -> Projection | None:
    """Linear (≥ 2 points) and compound (≥ 3 positive points) fits to the target year, or None."""
    year = target.target_year
    if year is None:
        return None
    points = index_observations(observations).points()
    flows = (kind or ("flow" if target.cumulative else "stock")) == "flow"
    if target.cumulative and target.period_start is not None and flows:
        points = _running_total(points, target.period_start)
    if len(points) < 2:
        return None
    goal = _target_value(target, baseline)
    way = direction or _default_direction(target, goal, baseline)
    shown_unit = unit if target.comparator == "multiple" else unit or target.unit
    fits = [_linear(points, year)]
    if len(points) >= 3 and all(v > 0 for _, v in points):
        fits.append(_compound(points, year))
    built = tuple(
        Fit(
            method=method,
            method_name=_NAMES[method],
            points=len(points),
            first_year=points[0][0],
            last_year=points[-1][0],
            slope=slope,
            rate=rate,
            value=value,
            reaches=(reached := _reaches(value, target, goal, baseline, way)),
            statement=_statement(
                _NAMES[method], points, year, value, goal, reached, shown_unit, target
            ),
        )
        for method, slope, rate, value in fits
    )
    return Projection(target_year=year, target=goal, fits=built)


_FitRow = tuple[Literal["linear", "compound"], Decimal | None, Decimal | None, Decimal]


def _linear(points: list[tuple[int, Decimal]], year: int) -> _FitRow:
    intercept, slope = _least_squares([Decimal(x) for x, _ in points], [y for _, y in points])
    value = CONTEXT.add(intercept, CONTEXT.multiply(slope, year))
    return "linear", slope, None, value


def _compound(points: list[tuple[int, Decimal]], year: int) -> _FitRow:
    logs = [y.ln(CONTEXT) for _, y in points]
    intercept, slope = _least_squares([Decimal(x) for x, _ in points], logs)
    value = CONTEXT.add(intercept, CONTEXT.multiply(slope, year)).exp(CONTEXT)
    rate = CONTEXT.subtract(slope.exp(CONTEXT), 1)
    return "compound", None, rate, value


def _default_direction(target: Target, goal: Decimal | None, baseline: Decimal | None) -> Direction:
    if target.comparator in ("<=", "<", "decrease"):
        return "down"
    if target.comparator == "=" and goal is not None and baseline is not None and goal < baseline:
        return "down"
    return "up"
