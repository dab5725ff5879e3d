"""Reading reported actuals (実績値) from a CSV or XLSX file: every row checked, every error kept.

Two layouts are read:

* long — one row per KPI × period: KPI ID or 指標, 年度, 値, 単位, 状態, 出典 …;
* wide — the entry template's (`sousei.report.template`): one row per KPI, one column per year
  ("2025年度", "2025年" or a bare "2025" with a 期間区分 column); each filled year cell is a report.

Header names are Japanese or English (`COLUMN_NAMES`). Each cell goes through a small check that
returns its value or a `Problem`; the row reader turns problems into `RowError`s that carry the
row, the column and the value as the user sees them, so one pass lists everything wrong with a
file. Nothing here raises on bad input and nothing is written: the caller plans and applies a
file only when it has no errors at all.

The KPIs to read against are anything shaped like `KpiLike` (the store's `KpiEntry` is): this
layer does not import the store. Modules, each with one reason to change:

* `files` — bytes → a table of text cells: CSV or XLSX by content, encodings, size limits;
* `columns` — header names and which row is the header;
* `cells` — one cell → its value or a `Problem` (period, value and unit, status, text, URL);
* `kpis` — what reading needs of a KPI, and finding one by KPI ID, document id or indicator;
* `details`, `periods`, `rows` — rows → reports: the row-wide cells, periods checked against
  the strategy's span and today, units against the KPI, duplicates;
* `errors` — `RowError`, `Problem` and the cap on how many are listed.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import chain, islice

from sousei.model.actuals import Report

from .columns import COLUMN_NAMES, HEADER_SEARCH, Layout, header
from .errors import MAX_ERRORS, TRUNCATED, Errors, Problem, RowError
from .files import MAX_BYTES, Table, load
from .kpis import KpiLike, KpiVersionLike
from .rows import RowReader

__all__ = [
    "COLUMN_NAMES",
    "MAX_BYTES",
    "MAX_ERRORS",
    "TRUNCATED",
    "ActualsReading",
    "KpiLike",
    "KpiVersionLike",
    "RowError",
    "read_actuals",
]

MAX_ROWS = 1_000_000
_JST = timezone(timedelta(hours=9))


@dataclass(frozen=True, slots=True)
class ActualsReading:
    """The reports read from a file (with their row numbers) and every error found."""

    reports: list[tuple[int, Report]]
    errors: list[RowError]
    file_format: str = ""
    layout: Layout | None = None
    ignored_columns: tuple[str, ...] = ()


def read_actuals(
    data: bytes,
    *,
    name: str,
    kpis: Sequence[KpiLike],
    first_year: int | None,
    last_year: int | None,
    today: date | None = None,
) -> ActualsReading:
    """Read an actuals file (CSV or XLSX, long or wide layout) against a strategy's KPIs.

    `first_year`..`last_year` is the strategy's span; `today` (default: today in Japan) bounds
    periods from above. `name` is used only to word a message about an old Office file: the
    content, not the name, decides the format. Never raises on bad input: problems come back
    as `RowError`s.
    """
    table = load(data, name)
    if isinstance(table, Problem):
        return ActualsReading([], [RowError(None, None, None, table.reason)])
    errors = Errors()
    try:
        return _read_table(table, kpis, errors, (first_year, last_year), today or _today())
    except csv.Error as error:  # a NUL byte, a cell over the csv module's size limit
        errors.add(None, None, None, f"CSV として読めません: {error}")
        return ActualsReading([], errors.result(), table.file_format)


def _read_table(
    table: Table,
    kpis: Sequence[KpiLike],
    errors: Errors,
    span: tuple[int | None, int | None],
    today: date,
) -> ActualsReading:
    rows = iter(table.rows)
    head = list(islice(rows, HEADER_SEARCH))
    columns = header(head, errors)
    if columns is None:
        return ActualsReading([], errors.result(), table.file_format)
    reader = RowReader(columns, kpis, errors, span=span, today=today, is_csv=table.is_csv)
    for number, cells in chain(head, rows):
        if number <= columns.row:
            continue
        if number > MAX_ROWS + columns.row:
            errors.add(None, None, None, f"行が多すぎます（{MAX_ROWS:,} 行まで）")
            break
        reader.read(number, cells)
    return ActualsReading(
        reader.reports, errors.result(), table.file_format, columns.layout, columns.ignored
    )


def _today() -> date:
    return datetime.now(UTC).astimezone(_JST).date()
