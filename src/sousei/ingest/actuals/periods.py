"""A figure's period: read, its basis settled, inside the strategy's span and not in the future.

The basis is what the row's 期間区分 says, else what the period's own text says (年 or 年度),
else the KPI's, else 年度. A single year of a 累計 KPI becomes the range from the KPI's start.
"""

from __future__ import annotations

from datetime import date

from sousei.ja import fiscal_year_of
from sousei.model import YearBasis
from sousei.model.actuals import Period

from .cells import BASIS_WORDS, PeriodSpec, period_spec
from .errors import Errors, Problem
from .kpis import KpiFacts


class Periods:
    """Checks periods for one file, reporting every problem; a period text is parsed once."""

    def __init__(
        self,
        errors: Errors,
        *,
        span: tuple[int | None, int | None],
        today: date,
    ) -> None:
        self.errors = errors
        self.span = span
        self.now = {"fiscal": fiscal_year_of(today), "calendar": today.year}
        self._specs: dict[str, PeriodSpec | Problem] = {}
        self._models: dict[tuple[int, int, YearBasis], Period] = {}

    def read(
        self,
        number: int,
        column: str,
        text: str,
        spec: PeriodSpec | None,
        kpi: KpiFacts | None,
        stated: YearBasis | None,
    ) -> Period | None:
        """The period of a figure; `spec` is given when it is a year column's, else `text` is
        read; `stated` is the row's 期間区分. None, with the problem reported, if unusable."""
        if spec is None:
            if not text:
                self.errors.add(number, column, None, "年度が空です")
                return None
            found = self._specs.get(text)
            if found is None:
                found = self._specs[text] = period_spec(text)
            if isinstance(found, Problem):
                self.errors.add(number, column, text, found.reason)
                return None
            spec = found
        if stated and spec.basis and stated != spec.basis:
            self.errors.add(
                number,
                column,
                text,
                f"「{text}」と期間区分「{BASIS_WORDS[stated]}」が食い違っています",
            )
            return None
        kpi_basis = kpi.basis if kpi else None
        basis: YearBasis = stated or spec.basis or kpi_basis or "fiscal"
        period = self._model(spec.start, spec.end, basis)
        if not self._in_range(number, column, text, period):
            return None
        return self._cumulative(period, kpi)

    def _in_range(self, number: int, column: str, text: str, period: Period) -> bool:
        first, last = self.span
        if (first is not None and period.start < first) or (last is not None and period.end > last):
            self.errors.add(
                number,
                column,
                text,
                f"{period.label()}はこの戦略の期間（{first or ''}～{last or ''}年）の外です",
            )
            return False
        current = self.now[period.basis]
        if period.end > current:
            word = BASIS_WORDS[period.basis]
            self.errors.add(
                number, column, text, f"{period.label()}は未来の期間です（今は {current}{word}）"
            )
            return False
        return True

    def _cumulative(self, period: Period, kpi: KpiFacts | None) -> Period:
        """A single year of a 累計 KPI is the total from the KPI's first year through it."""
        start = kpi.cumulative_from if kpi else None
        if start is None or period.start != period.end or period.end <= start:
            return period
        return self._model(start, period.end, period.basis)

    def _model(self, start: int, end: int, basis: YearBasis) -> Period:
        key = (start, end, basis)
        found = self._models.get(key)
        if found is None:
            found = self._models[key] = Period(start=start, end=end, basis=basis)
        return found
