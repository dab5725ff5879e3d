"""人口 — the population of local governments, kept as the series 人口/<団体コード> (unit 人, one
figure per year) that the comparison divides by for per-capita values and population classes.

An import is checked whole first (each row: a valid code of the registry, a year, a whole number
of people) and written only if every row is right; a year already stored is replaced, audited.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from sousei.ingest.source import decode
from sousei.ja.numbers import parse_number
from sousei.registry import InvalidCodeError, load_registry, validate_code

from . import audit
from .clock import now
from .tables import SeriesValueRow

PREFIX = "人口/"
COLUMNS = {"団体コード": "code", "code": "code", "年": "year", "year": "year"}
COLUMNS |= {"人口": "population", "population": "population"}


@dataclass(frozen=True)
class PopulationRow:
    line: int
    code: str
    year: int
    population: Decimal


@dataclass(frozen=True)
class PopulationError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.line} 行目: {self.reason}"


def read_population(
    data: bytes, *, name: str = "人口.csv"
) -> tuple[list[PopulationRow], list[PopulationError]]:
    """The rows of a CSV (UTF-8, BOM or CP932) with 団体コード, 年, 人口, and every row's error."""
    reader = csv.reader(io.StringIO(decode(data, name=name).text))
    header = next(reader, [])
    names = [COLUMNS.get(cell.strip().lower(), COLUMNS.get(cell.strip(), "")) for cell in header]
    missing = {"code", "year", "population"} - set(names)
    if missing:
        return [], [PopulationError(1, "列「団体コード」「年」「人口」が必要です。")]
    rows: list[PopulationRow] = []
    errors: list[PopulationError] = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        found = dict(zip(names, cells, strict=False))
        try:
            rows.append(_row(line, found))
        except ValueError as error:
            errors.append(PopulationError(line, str(error)))
    if not rows and not errors:
        errors.append(PopulationError(1, "人口の行がありません。"))
    return rows, errors


def _row(line: int, cells: dict[str, str]) -> PopulationRow:
    try:
        code = validate_code(cells.get("code", ""))
    except InvalidCodeError as error:
        raise ValueError(str(error)) from None
    if code not in load_registry():
        raise ValueError(f"団体コード {code} は団体の一覧にありません。")
    year_text = cells.get("year", "").strip().removesuffix("年")
    if not (year_text.isdigit() and 1900 <= int(year_text) <= 2100):
        raise ValueError(f"年「{cells.get('year', '')}」は西暦の年（例: 2020）で書きます。")
    try:
        population = parse_number(cells.get("population", ""))
    except (ValueError, InvalidOperation):
        raise ValueError(f"人口「{cells.get('population', '')}」が数として読めません。") from None
    if population <= 0 or population != population.to_integral_value():
        raise ValueError(f"人口「{cells.get('population', '')}」は正の整数で書きます。")
    return PopulationRow(line, code, int(year_text), population)


def store_population(session: Session, *, rows: list[PopulationRow], actor: str) -> int:
    """Write the rows (new years added, stored years replaced); the number of rows changed."""
    changed = 0
    for row in rows:
        name = PREFIX + row.code
        stored = session.scalar(
            select(SeriesValueRow).where(
                SeriesValueRow.name == name,
                SeriesValueRow.period_start == row.year,
                SeriesValueRow.period_end == row.year,
                SeriesValueRow.period_basis == "calendar",
            )
        )
        if stored is not None and stored.value == row.population:
            continue
        before = None if stored is None else {"value": str(stored.value)}
        if stored is None:
            stored = SeriesValueRow(
                name=name,
                period_start=row.year,
                period_end=row.year,
                period_basis="calendar",
                unit="人",
                value=row.population,
                entered_by=actor,
                entered_at=now(),
            )
            session.add(stored)
        else:
            stored.value = row.population
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="series.population",
            entity="series_value",
            entity_id=str(stored.id),
            before=before,
            after={"name": name, "year": row.year, "value": str(row.population)},
        )
        changed += 1
    return changed
