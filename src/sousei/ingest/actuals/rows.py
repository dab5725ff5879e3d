"""Data rows → reports: the KPI, period and value of each figure, checked against the KPI.

Units must agree with the KPI's dimension, periods fall within the strategy's span and not in
the future, and a KPI × period comes once. The wide layout gives a figure per filled year cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sousei.ja import unit_dimension
from sousei.ja.numbers import tidy_decimal
from sousei.model.actuals import Period, Report

from .cells import NO_FIGURE, PeriodSpec, Unit, beyond_storage, plain, quantity_of
from .columns import Columns, Field
from .details import DETAIL_FIELDS, Details, details_of, picker
from .errors import Errors, Problem
from .kpis import Catalogue, KpiFacts, KpiLike
from .periods import Periods

_ROW_FIELDS: tuple[Field, ...] = ("kpi_id", "indicator", "period", "value")
_TOO_MANY_CELLS = (
    "見出しより多くの列に値があります。"
    '「3,687」のような「,」入りの値は「"3,687"」と引用符で囲んでください'
)


@dataclass
class _Caches:
    kpi: dict[tuple[str, str], KpiLike | Problem] = field(default_factory=dict)
    quantity: dict[str, Unit | Problem] = field(default_factory=dict)
    details: dict[tuple[str, ...], Details | list[tuple[Field, str, str]]] = field(
        default_factory=dict
    )


@dataclass(slots=True)  # not frozen: made for every row, and a frozen one is 4× slower to make
class _FigureAt:
    """Where a figure sits: its period (a cell, or a year column's header) and value cell."""

    period_column: str
    period_text: str
    spec: PeriodSpec | None  # parsed already when the period is a year column
    value_column: str
    value: str


class RowReader:
    """Reads data rows one by one into reports, adding every problem to the error list."""

    def __init__(
        self,
        columns: Columns,
        kpis: Sequence[KpiLike],
        errors: Errors,
        *,
        span: tuple[int | None, int | None],
        today: date,
        is_csv: bool,
    ) -> None:
        self.columns = columns
        # in a CSV, cells past the header are a value split at an unquoted ","; in a sheet,
        # a remark beside the table
        self._overflow = columns.width if is_csv else None
        self.catalogue = Catalogue(kpis)
        self.facts = self.catalogue.facts
        self.errors = errors
        self.periods = Periods(errors, span=span, today=today)
        self.cache = _Caches()
        self.seen: dict[tuple[str, int, int, str], int] = {}
        self.reports: list[tuple[int, Report]] = []
        places = [*columns.index.values(), *(i for i, _, _ in columns.years)]
        self._width = max(places, default=-1) + 1
        self._detail_fields = [f for f in DETAIL_FIELDS if f in columns.index]
        self._pick_details = picker([columns.index[f] for f in self._detail_fields])
        # looked up once: these run for every row
        self._long = columns.layout == "long"
        self._at = {which: columns.index.get(which) for which in _ROW_FIELDS}
        self._period_name, self._value_name = columns.name("period"), columns.name("value")
        self._unit_name = columns.name("unit")

    def read(self, number: int, cells: list[str]) -> None:
        if self._overflows(cells):
            self.errors.add(number, None, None, _TOO_MANY_CELLS)
            return
        if len(cells) < self._width:
            cells = cells + [""] * (self._width - len(cells))
        figures = self._figures(cells)
        if not figures:
            return
        kpi = self._kpi(number, self._cell(cells, "kpi_id"), self._cell(cells, "indicator"))
        facts = self.facts[kpi.kpi_id] if kpi else None
        details = self._details(number, self._pick_details(cells))
        stated = details.basis if details else None
        for at in figures:
            period = self.periods.read(
                number, at.period_column, at.period_text, at.spec, facts, stated
            )
            figure = self._figure(number, at, facts, details)
            if kpi is None or period is None or figure is None or details is None:
                continue
            if self._duplicate(number, at, kpi, period):
                continue
            amount, unit, written = figure
            report = Report(
                kpi_id=kpi.kpi_id,
                period=period,
                value=amount,
                unit=unit,
                written=written,
                status=details.status,
                source=details.source,
                note=details.note,
            )
            self.reports.append((number, report))

    def _overflows(self, cells: list[str]) -> bool:
        width = self._overflow
        return width is not None and len(cells) > width and any(c.strip() for c in cells[width:])

    def _cell(self, cells: list[str], which: Field) -> str:
        i = self._at[which]
        return "" if i is None else cells[i].strip()

    def _figures(self, cells: list[str]) -> list[_FigureAt]:
        """The filled value cells of a row: one (long layout) or one per year column (wide)."""
        if self._long:
            value = self._cell(cells, "value")
            if not value or value in NO_FIGURE:
                return []
            period = self._cell(cells, "period")
            return [_FigureAt(self._period_name, period, None, self._value_name, value)]
        found = []
        for i, header, spec in self.columns.years:
            value = cells[i].strip()
            if value and value not in NO_FIGURE:
                found.append(_FigureAt(header, header, spec, header, value))
        return found

    # each check below reports its own problems and returns None when the cell is unusable

    def _kpi(self, number: int, kpi_id: str, indicator: str) -> KpiLike | None:
        key = (kpi_id, indicator)
        found = self.cache.kpi.get(key)
        if found is None:
            found = self.cache.kpi[key] = self.catalogue.match(kpi_id, indicator)
        if isinstance(found, Problem):
            column: Field = "kpi_id"
            if not kpi_id and "indicator" in self.columns.index:
                column = "indicator"
            self.errors.add(
                number, self.columns.name(column), kpi_id or indicator or None, found.reason
            )
            return None
        return found

    def _details(self, number: int, raw: tuple[str, ...]) -> Details | None:
        found = self.cache.details.get(raw)
        if found is None:  # rows of one file mostly share their unit, status and source
            cell = dict.fromkeys(DETAIL_FIELDS, "")
            cell.update((f, v.strip()) for f, v in zip(self._detail_fields, raw, strict=True))
            found = self.cache.details[raw] = details_of(cell)
        if isinstance(found, Details):
            return found
        for which, value, reason in found:
            self.errors.add(number, self.columns.name(which), value, reason)
        return None

    def _figure(
        self, number: int, at: _FigureAt, facts: KpiFacts | None, details: Details | None
    ) -> tuple[Decimal, str, str] | None:
        """Value in base units, its unit and the text as written; unit checked against the KPI."""
        found = plain(at.value) or self.cache.quantity.get(at.value)
        if found is None:
            found = self.cache.quantity[at.value] = quantity_of(at.value)
        if isinstance(found, Problem):
            self.errors.add(number, at.value_column, at.value, found.reason)
            return None
        value, unit, written = found.scale, found.unit, at.value
        blame = (at.value_column, at.value)
        given = details.unit if details else None
        if given is not None and details is not None:
            if unit and unit != given.unit:
                reason = f"値の単位「{unit}」と単位「{given.unit}」が食い違っています"
                self.errors.add(number, *blame, reason)
                return None
            if not unit:  # "3,687" with 単位 "万人"
                value, unit, written = value * given.scale, given.unit, written + details.unit_text
                value = tidy_decimal(value) if given.scale != 1 else value
                blame = (self._unit_name, details.unit_text)
        short = len(at.value) <= 12 and (given is None or given.scale == 1)
        if not short and (too_big := beyond_storage(value)) is not None:  # short always fits
            self.errors.add(number, at.value_column, at.value, too_big)
            return None
        target = facts.unit if facts else ""
        unit = unit or target  # a bare number is in the KPI's unit
        if target and unit != target and unit_dimension(unit) != unit_dimension(target):
            reason = f"単位「{unit}」はこの KPI（{target}）と次元が合いません"
            self.errors.add(number, *blame, reason)
            return None
        return value, unit, written

    def _duplicate(self, number: int, at: _FigureAt, kpi: KpiLike, period: Period) -> bool:
        key = (kpi.kpi_id, period.start, period.end, period.basis)
        first = self.seen.setdefault(key, number)
        if first != number:
            reason = f"同じ KPI・期間の行が {first} 行目と重複しています"
            self.errors.add(number, at.period_column, at.period_text or None, reason)
            return True
        return False
