"""The model as flat tables: the public interchange columns of `sousei parse --table`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sousei.model import Strategy

Cell = str | int | bool | Decimal | None


@dataclass(frozen=True)
class Table:
    """A named table: its column names and rows of typed cells."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


KPI_COLUMNS = (
    "level",
    "owner",
    "label",
    "indicator",
    "target_text",
    "target_value",
    "target_unit",
    "comparator",
    "target_year",
    "year_basis",
    "recurring",
    "cumulative",
    "period_start",
    "baseline_year",
    "source_line",
    "text",
    "baseline_value",
    "baseline_unit",
    "baseline_year_basis",
)
MEASURE_COLUMNS = ("path", "outcome", "area", "group", "number", "title", "relisted", "source_line")
PROJECT_COLUMNS = ("measure_path", "name")
ROADMAP_COLUMNS = (
    "area",
    "measure_path",
    "project",
    "column_year",
    "start_year",
    "start_month",
    "end_year",
    "end_month",
    "open_ended",
    "text",
    "source_line",
)
WARNING_COLUMNS = ("line", "code", "message", "excerpt")


def kpi_table(strategy: Strategy) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (
            k.level,
            k.owner,
            k.label,
            k.indicator,
            k.target.text,
            k.target.value,
            k.target.unit,
            k.target.comparator,
            k.target.target_year,
            k.target.year_basis,
            k.target.recurring,
            k.target.cumulative,
            k.target.period_start,
            k.target.baseline_year,
            k.lines.start,
            k.text,
            k.target.baseline_value,
            k.target.baseline_unit,
            k.target.baseline_year_basis,
        )
        for k in strategy.kpis
    ]
    return Table("kpis", KPI_COLUMNS, rows)


def measure_table(strategy: Strategy) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (m.path, m.outcome_id, m.area_id, m.group, m.number, m.title, m.relisted, m.lines.start)
        for m in strategy.measures
    ]
    return Table("measures", MEASURE_COLUMNS, rows)


def project_table(strategy: Strategy) -> Table:
    rows: list[tuple[Cell, ...]] = [(p.measure_path, p.name) for p in strategy.projects]
    return Table("projects", PROJECT_COLUMNS, rows)


def roadmap_table(strategy: Strategy) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (
            e.area_id,
            e.measure_path,
            e.project,
            e.column_year,
            e.start_year,
            e.start_month,
            e.end_year,
            e.end_month,
            e.open_ended,
            e.text,
            e.lines.start,
        )
        for e in strategy.roadmap
    ]
    return Table("roadmap", ROADMAP_COLUMNS, rows)


def warning_table(strategy: Strategy) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (w.line, w.code, w.message, w.excerpt) for w in strategy.warnings
    ]
    return Table("warnings", WARNING_COLUMNS, rows)


TABLES: dict[str, Callable[[Strategy], Table]] = {
    "kpis": kpi_table,
    "measures": measure_table,
    "projects": project_table,
    "roadmap": roadmap_table,
    "warnings": warning_table,
}


def all_tables(strategy: Strategy) -> list[Table]:
    return [build(strategy) for build in TABLES.values()]
