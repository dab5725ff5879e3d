"""Export details: inert formulas, encodings, plain numbers."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sousei.report.formats import encode, inert, table_csv, tables_xlsx, text_cell
from sousei.report.tables import Table


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (Decimal("60000000"), "60000000"),
        (Decimal("1.3E+8"), "130000000"),
        (Decimal("50.0"), "50"),
        (Decimal("85.20"), "85.2"),
        (Decimal("0.05"), "0.05"),
        (2030, "2030"),
        ("人", "人"),
    ],
)
def test_text_cell(value: str | int | bool | Decimal | None, expected: str) -> None:
    assert text_cell(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("訪日外国人旅行者数", "訪日外国人旅行者数"),
        ("=", "="),
    ],
)
def test_inert(text: str, expected: str) -> None:
    assert inert(text) == expected


def test_encode_replaces_and_reports() -> None:
    encoded = encode("产学連携", "cp932")
    assert encoded.data.decode("cp932") == "〓学連携"
    assert encoded.replaced == ["产"]
    assert encode("产学連携", "utf-8-sig").data == "\ufeff产学連携".encode()


def test_csv_cells_that_look_like_formulas_stay_text() -> None:
    table = Table("t", ("a", "b"), [("=1+1", Decimal("3"))])
    text = table_csv(table).data.decode("utf-8-sig")
    assert text == "a,b\r\n'=1+1,3\r\n"


def test_xlsx_text_never_becomes_a_formula() -> None:
    table = Table("t", ("a",), [('=HYPERLINK("http://example.invalid","x")',)])
    sheet = load_workbook(io.BytesIO(tables_xlsx([table])))["t"]
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://example.invalid","x")'
