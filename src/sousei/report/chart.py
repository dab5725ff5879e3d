"""推移グラフ — the geometry of a KPI's small chart: its figures, the straight path from the
baseline to the target, and the target, on nice axes. The SVG (web) and the PDF draw from it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from sousei.evaluate import format_number
from sousei.model.types import YearBasis

from .followup import KpiLine, Point

TICKS = 4


@dataclass(frozen=True)
class Chart:
    """折れ線グラフ — what to draw, in data units; `x`/`y` place a value in a drawing box."""

    first_year: int
    last_year: int
    low: Decimal
    high: Decimal
    ticks: tuple[Decimal, ...]
    points: tuple[Point, ...]
    path: tuple[tuple[int, Decimal], tuple[int, Decimal]] | None
    """基準値（基準年）→ 目標値（目標年）: the straight path the evaluation compares with."""
    target: tuple[int, Decimal] | None
    unit: str | None
    basis: YearBasis

    @property
    def years(self) -> tuple[int, ...]:
        """The years to label on the x axis: every year, or every few when there are many,
        counted back from the last (the target year is always labelled)."""
        span = self.last_year - self.first_year
        step = 1 if span <= 10 else 2 if span <= 20 else 5
        return tuple(reversed(range(self.last_year, self.first_year - 1, -step)))

    def x(self, year: int, left: float, width: float) -> float:
        span = max(1, self.last_year - self.first_year)
        return left + width * (year - self.first_year) / span

    def y(self, value: Decimal, top: float, height: float) -> float:
        """Larger values higher up (a smaller y), as drawn on screen and by fpdf2."""
        span = self.high - self.low
        share = float((value - self.low) / span) if span else 0.5
        return top + height * (1 - share)


def chart_of(line: KpiLine) -> Chart | None:
    """The chart of a KPI with figures; None for one without (nothing to draw)."""
    if not line.series:
        return None
    target = (
        (line.target_year, line.target)
        if line.target is not None and line.target_year is not None
        else None
    )
    path = (
        ((line.baseline_year, line.baseline), target)
        if target is not None and line.baseline is not None and line.baseline_year is not None
        else None
    )
    years = [p.year for p in line.series]
    values = [p.value for p in line.series]
    for year, value in (*(path or ()), *([target] if target else [])):
        years.append(year)
        values.append(value)
    low, high, ticks = nice_axis(min(values), max(values))
    return Chart(
        first_year=min(years),
        last_year=max(max(years), min(years) + 1),
        low=low,
        high=high,
        ticks=ticks,
        points=line.series,
        path=path,
        target=target,
        unit=line.unit,
        basis=line.basis,
    )


def nice_axis(lowest: Decimal, highest: Decimal) -> tuple[Decimal, Decimal, tuple[Decimal, ...]]:
    """Round bounds and about four ticks (1, 2, 2.5 or 5 × 10ⁿ apart) that hold both values.

    The axis starts at zero when the values are positive and zero is near (within their range),
    so small changes are not blown up; otherwise it starts just below the lowest value."""
    if lowest == highest:
        margin = abs(highest) / 10 or Decimal(1)
        lowest, highest = lowest - margin, highest + margin
    if lowest >= 0 and lowest <= highest - lowest:
        lowest = Decimal(0)
    step = _step((highest - lowest) / TICKS)
    low = (lowest / step).to_integral_value(ROUND_FLOOR) * step
    high = (highest / step).to_integral_value(ROUND_CEILING) * step
    count = int((high - low) / step)
    return low, high, tuple(low + step * i for i in range(count + 1))


def _step(rough: Decimal) -> Decimal:
    magnitude = Decimal(10) ** rough.adjusted()  # 10ⁿ ≤ rough < 10ⁿ⁺¹
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        if magnitude * factor >= rough:
            return magnitude * factor
    return magnitude * 10


def tick_label(value: Decimal) -> str:
    """A tick as the strategy writes numbers: 40000000 → 4,000万."""
    return format_number(value.normalize() if value else Decimal(0))
