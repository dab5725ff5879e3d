"""Writing tables and the model: CSV (UTF-8 with BOM or CP932), XLSX and JSON."""

from __future__ import annotations

import codecs
import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from sousei.model import Strategy, format_number

from .tables import Cell, Table

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT = "〓"  # the customary geta mark for a character the encoding lacks


@dataclass(frozen=True)
class Encoded:
    """Bytes of an export and the characters the encoding could not carry."""

    data: bytes
    replaced: list[str]


def text_cell(value: Cell) -> str:
    """A cell as CSV text: '' for none, true/false, plain decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_number(value)
    return str(value)


def inert(text: str) -> str:
    """Text that a spreadsheet will not run as a formula (OWASP CSV injection).

    A lone "=" (the comparator of a bare-number target) carries no formula and stays as is,
    so the public KPI columns keep their vocabulary.
    """
    return "'" + text if len(text) > 1 and text.startswith(_FORMULA_START) else text


def table_csv(table: Table, encoding: str = "utf-8-sig") -> Encoded:
    """The table as CSV; characters CP932 lacks become 〓 and are reported."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return encode(buffer.getvalue(), encoding)


def _csv_cell(value: Cell) -> str:
    return inert(value) if isinstance(value, str) else text_cell(value)


def encode(text: str, encoding: str) -> Encoded:
    """Encode, replacing what the encoding cannot carry with 〓 and saying which."""
    try:
        return Encoded(text.encode(encoding), [])
    except UnicodeEncodeError:
        pass
    encoder = codecs.getincrementalencoder(encoding)()
    out, replaced = [], []
    for char in text:
        try:
            out.append(encoder.encode(char))
        except UnicodeEncodeError:
            replaced.append(char)
            out.append(encoder.encode(REPLACEMENT))
    return Encoded(b"".join(out), replaced)


def tables_xlsx(tables: list[Table]) -> bytes:
    """A workbook with one sheet per table: header frozen, filter on, text never a formula."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for table in tables:
        sheet = workbook.create_sheet(table.name)
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append([plain(value) for value in row])
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a leading '=' stays text
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for index, name in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = _width(name)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def plain(value: Cell) -> str | int | float | bool | None:
    """A cell as a JSON or spreadsheet value: decimals become numbers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _width(column: str) -> int:
    wide = {"indicator": 60, "text": 80, "title": 50, "name": 60, "message": 50, "excerpt": 40}
    return wide.get(column, max(10, len(column) + 2))


def table_json(table: Table) -> str:
    rows = [
        {name: plain(value) for name, value in zip(table.columns, row, strict=True)}
        for row in table.rows
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def strategy_json(strategy: Strategy) -> str:
    return strategy.model_dump_json(indent=2) + "\n"


def load_strategy_json(text: str) -> Strategy:
    return Strategy.model_validate_json(text)
