"""Bytes → a table of text cells: CSV or XLSX told by content, decoded, and kept within limits."""

from __future__ import annotations

import codecs
import csv
import io
import math
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.cell.read_only import EmptyCell, ReadOnlyCell

from sousei.model import format_number

from .errors import Problem

MAX_BYTES = 50 * 1024 * 1024
"""A year's actuals of a strategy are kilobytes; 50 MB already holds a million rows."""
_MAX_UNZIPPED = 300 * 1024 * 1024  # an XLSX that inflates beyond this is a zip bomb
_BINARY_MAGIC = {
    b"%PDF": "PDF です",
    b"\x89PNG": "PNG 画像です",
    b"\xff\xd8\xff": "JPEG 画像です",
    b"GIF8": "GIF 画像です",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls, .doc and encrypted .xlsx
_NOT_A_TABLE = "CSV または XLSX ではありません"
_TEXT_BYTES = b"\t\n\r\f" + bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100))
_UNREADABLE_XLSX = "XLSX として読めません（ファイルが壊れているか、XLSX の形式ではありません）"


@dataclass(frozen=True, slots=True)
class Table:
    """The rows of a file's sheet, each with its number as the user sees it (line or row)."""

    file_format: str
    rows: Iterable[tuple[int, list[str]]]
    is_csv: bool


def load(data: bytes, name: str) -> Table | Problem:
    """Tell CSV from XLSX by content, not by the name, and give the rows."""
    if len(data) > MAX_BYTES:
        return Problem(f"ファイルが大きすぎます（{len(data) / 1e6:.0f} MB、上限 50 MB）")
    if not data.strip() or data == codecs.BOM_UTF8:
        return Problem("ファイルが空です")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _xlsx(data)
    if data.startswith(_OLE):
        return Problem(_ole_problem(name))
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return Problem(f"{_NOT_A_TABLE}（{what}）")
    text = _decode(data)
    if isinstance(text, Problem):
        return text
    decoded, encoding = text
    if not decoded.strip():
        return Problem("ファイルが空です")
    return Table(f"CSV（{encoding}）", _csv_rows(decoded), is_csv=True)


def _ole_problem(name: str) -> str:
    """The one use of the name: the old container holds several formats, the name tells which."""
    suffix = name.lower().rsplit(".", 1)[-1]
    if suffix in ("xlsx", "xlsm"):
        return "パスワード付きの XLSX は読めません。パスワードを外して保存し直してください"
    if suffix == "xls":
        what = "旧形式の Excel（.xls）です。「Excel ブック (*.xlsx)」で保存し直してください"
    else:
        what = "旧形式の Office 文書です"
    return f"{_NOT_A_TABLE}（{what}）"


def _decode(data: bytes) -> tuple[str, str] | Problem:
    """BOM → UTF-8; else strict UTF-8; else CP932 (what Excel writes as 'CSV' in Japan)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Problem(
            "文字コードを判別できません（UTF-16 です）。"
            "UTF-8 または Shift_JIS（CP932）の CSV で保存してください"
        )
    sample = data[:65536]
    controls = len(sample.translate(None, _TEXT_BYTES))
    if b"\x00" in sample or controls > len(sample) / 100:
        return Problem(f"{_NOT_A_TABLE}（テキストでないデータを含みます）")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8（BOM 付き）"
        except UnicodeDecodeError as error:
            return Problem(
                f"文字コードを判別できません（BOM 付き UTF-8 として不正: {error.start} バイト目）"
            )
    for encoding, label in (("utf-8", "UTF-8"), ("cp932", "Shift_JIS")):
        try:
            return data.decode(encoding), label
        except UnicodeDecodeError:
            continue
    return Problem(
        "文字コードを判別できません（UTF-8 でも Shift_JIS（CP932）でもありません）。"
        "UTF-8 または Shift_JIS で保存してください"
    )


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each starts on (a quoted cell may span lines)."""
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    for cells in reader:
        yield line, cells
        line = reader.line_num + 1


def _xlsx(data: bytes) -> Table | Problem:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return Problem(f"{_NOT_A_TABLE}（壊れた ZIP ファイルです）")
    if "xl/workbook.xml" not in names:
        what = "Word 文書（.docx）です" if "word/document.xml" in names else "ZIP ファイルです"
        return Problem(f"{_NOT_A_TABLE}（{what}）")
    if inflated > _MAX_UNZIPPED:
        return Problem(f"XLSX が大きすぎます（展開すると {inflated / 1e6:.0f} MB）")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises anything from KeyError to XML errors
        return Problem(_UNREADABLE_XLSX)
    try:
        sheet = workbook["入力"] if "入力" in workbook.sheetnames else workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers leave a wrong dimension; read every row
        rows = [
            (number, [_xlsx_text(cell) for cell in row])
            for number, row in enumerate(sheet.iter_rows(), start=1)
        ]
    except Exception:
        return Problem(_UNREADABLE_XLSX)
    finally:
        workbook.close()
    return Table(f"XLSX（シート「{sheet.title}」）", rows, is_csv=False)


def _xlsx_text(cell: ReadOnlyCell | EmptyCell | object) -> str:
    """A cell as the text the user sees: numbers plain, 52.3% as '52.3%', dates ISO."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        if "%" in (getattr(cell, "number_format", None) or ""):
            return format_number(number * 100) + "%"  # Excel keeps 52.3% as 0.523
        return format_number(number)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    text = getattr(value, "text", None)  # ArrayFormula
    return text if isinstance(text, str) else str(value)
