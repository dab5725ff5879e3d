"""The XLSX entry template (実績値入力様式) that a ministry fills in and sends back.

Sheet 「入力」 has one row per KPI: the key columns (KPI ID, 指標, 単位, 目標, 基準値, 基準年) are
locked by sheet protection, the year columns and the source columns are unlocked and validated.
Sheet 「記入方法」 says, in Japanese, what to fill in and how to send it back.
`sousei.ingest.actuals.read_actuals` reads a filled template as its wide layout.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Literal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sousei.model import format_number
from sousei.model.actuals import DATA_STATUSES
from sousei.store.kpis import KpiEntry

__all__ = ["DETAIL_COLUMNS", "GUIDE_SHEET", "INPUT_SHEET", "KEY_COLUMNS", "write_template"]

INPUT_SHEET = "入力"
GUIDE_SHEET = "記入方法"
KEY_COLUMNS = ("KPI ID", "指標", "単位", "目標", "基準値", "基準年")
BASIS_COLUMN = "期間区分"
DETAIL_COLUMNS = ("状態", "公表者", "資料名", "公表日", "URL", "備考")

Basis = Literal["fiscal", "calendar"]
_WORDS = {"fiscal": "年度", "calendar": "年"}
_WIDTHS = {"KPI ID": 20, "指標": 48, "単位": 8, "目標": 32, "基準値": 14, "基準年": 10}
_DETAIL_WIDTHS = {"状態": 10, "公表者": 20, "資料名": 30, "公表日": 12, "URL": 30, "備考": 30}
_LOCKED_FILL = PatternFill("solid", start_color="F2F2F2")
_INPUT_FILL = PatternFill("solid", start_color="FFF2CC")
_HEADER_FILL = PatternFill("solid", start_color="D9D9D9")
_INPUT_HEADER_FILL = PatternFill("solid", start_color="FFE699")
_LIMIT = "1E+18"  # any real figure in base units (円 included) is far below this


def year_header(year: int, basis: Basis | None) -> str:
    """The header of a year column: '2025年度', '2025年', or '2025' (basis per row)."""
    return f"{year}{_WORDS[basis]}" if basis else str(year)


def write_template(
    kpis: Sequence[KpiEntry],
    *,
    years: Sequence[int],
    basis: Basis | None = None,
    organisation: str | None = None,
) -> bytes:
    """The template for `kpis` and `years`.

    With `basis` every year column is 年度 (fiscal) or 年 (calendar); without it a locked
    期間区分 column gives each KPI's own basis (年度 when the strategy does not say). The
    `organisation` is a label on the sheets; choosing its KPIs is the caller's job.
    """
    span = sorted(set(years))
    if not span:
        raise ValueError("years must not be empty")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = INPUT_SHEET
    keys = [*KEY_COLUMNS, *([BASIS_COLUMN] if basis is None else [])]
    headers = [*keys, *(year_header(y, basis) for y in span), *DETAIL_COLUMNS]
    _header(sheet, headers, first_input=len(keys) + 1)
    for number, kpi in enumerate(kpis, start=2):
        _kpi_row(sheet, number, kpi, keys, input_count=len(span) + len(DETAIL_COLUMNS))
    _validate(sheet, first=len(keys) + 1, years=len(span), rows=len(kpis))
    _protect(sheet)
    _guide(workbook.create_sheet(GUIDE_SHEET), span, basis, organisation)
    workbook.properties.title = "KPI 実績値 入力様式"
    workbook.properties.creator = "sousei"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _header(sheet: Worksheet, headers: list[str], *, first_input: int) -> None:
    for column, name in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=name)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL if column < first_input else _INPUT_HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        width = _WIDTHS.get(name) or _DETAIL_WIDTHS.get(name) or 13
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "C2"  # header, KPI ID and 指標 stay in view while scrolling to the years


def _kpi_row(
    sheet: Worksheet, row: int, kpi: KpiEntry, keys: list[str], *, input_count: int
) -> None:
    version, reference = kpi.version, kpi.reference
    unit = version.target_unit or ""
    baseline = (
        f"{format_number(reference.baseline_value)}{unit}"
        if reference.baseline_value is not None
        else ""
    )
    baseline_year = _baseline_year(kpi)
    values = {
        "KPI ID": kpi.kpi_id,
        "指標": version.indicator,
        "単位": unit,
        "目標": version.target_text,
        "基準値": baseline,
        "基準年": baseline_year,
        BASIS_COLUMN: _WORDS.get(version.year_basis or "", "年度"),
    }
    for column, name in enumerate(keys, start=1):
        cell = _text(_cell(sheet, row, column), values[name])
        cell.fill = _LOCKED_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=name in ("指標", "目標"))
        if name == "単位" and not unit:  # no unit in the strategy: let the ministry say it
            _unlock(cell)
    for column in range(len(keys) + 1, len(keys) + input_count + 1):
        _unlock(_cell(sheet, row, column))


def _baseline_year(kpi: KpiEntry) -> str:
    reference = kpi.reference
    if reference.baseline_year is not None:
        word = _WORDS.get(reference.baseline_basis or kpi.version.year_basis or "", "年")
        return f"{reference.baseline_year}{word}"
    if kpi.version.baseline_year is not None:
        return f"{kpi.version.baseline_year}{_WORDS.get(kpi.version.year_basis or '', '年')}"
    return ""


def _cell(sheet: Worksheet, row: int, column: int) -> Cell:
    cell = sheet.cell(row=row, column=column)
    assert isinstance(cell, Cell)  # the template merges no cells
    return cell


def _text(cell: Cell, value: str) -> Cell:
    """Our own text, never a formula, even if it starts with '='."""
    cell.value = value
    if value:
        cell.data_type = "s"
    return cell


def _unlock(cell: Cell) -> None:
    cell.protection = Protection(locked=False)
    cell.fill = _INPUT_FILL


def _validate(sheet: Worksheet, *, first: int, years: int, rows: int) -> None:
    """Year cells take numbers only; 状態 takes one of the publishers' words."""
    if rows == 0:
        return
    last_row = rows + 1
    numbers = DataValidation(
        type="decimal",
        operator="between",
        formula1=f"-{_LIMIT}",
        formula2=_LIMIT,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="数値を入力してください",
        error="「単位」列の単位で数値を入力してください"
        "（例: 3,687万人 → 単位が「人」なら 36870000）。",
        showInputMessage=True,
        promptTitle="実績値",
        prompt="「単位」列の単位で数値を入力。未公表なら空欄。",
    )
    for column in range(first, first + years):
        letter = get_column_letter(column)
        numbers.add(f"{letter}2:{letter}{last_row}")
    statuses = DataValidation(
        type="list",
        formula1='"' + ",".join(DATA_STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="状態を選んでください",
        error="一覧（" + "、".join(DATA_STATUSES) + "）から選んでください。",
    )
    letter = get_column_letter(first + years)
    statuses.add(f"{letter}2:{letter}{last_row}")
    sheet.add_data_validation(numbers)
    sheet.add_data_validation(statuses)


def _protect(sheet: Worksheet) -> None:
    """Lock the key columns against slips; no password: this guards, it does not secure."""
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False  # widening a column stays allowed
    protection.formatRows = False
    protection.formatCells = False


def _guide(
    sheet: Worksheet, years: list[int], basis: Basis | None, organisation: str | None
) -> None:
    span = f"{year_header(years[0], basis)}～{year_header(years[-1], basis)}"
    lines = [
        "KPI 実績値 入力様式",
        f"対象: {organisation or '一覧の KPI'}",
        f"作成日: {date.today().isoformat()}　入力する期間: {span}",
        "",
        *_GUIDE_BODY,
    ]
    lines[lines.index("{period_rule}")] = _PERIOD_RULES[basis or "row"]
    for row, text in enumerate(lines, start=1):
        cell = _text(_cell(sheet, row, 1), text)
        if row == 1 or text[:2] in {f"{n}." for n in range(1, 10)}:
            cell.font = Font(bold=True, size=12 if row == 1 else 11)
    sheet.column_dimensions["A"].width = 100


_PERIOD_RULES = {
    "row": "年の列（2025 など）が年度か暦年かは、各行の「期間区分」のとおりです"
    "（年度: 4月～翌年3月、年: 1月～12月）。",
    "fiscal": "年の列は年度（4月～翌年3月）です。例: 「2025年度」は 2025年4月～2026年3月。",
    "calendar": "年の列は暦年（1月～12月）です。例: 「2025年」は 2025年1月～12月。",
}
_GUIDE_BODY = (
    "1. 何を書くか",
    "「入力」シートの黄色のセルに、各 KPI の実績値と出典を書いてください。",
    "灰色のセル（KPI ID・指標・単位・目標・基準値・基準年）は変更できません。",
    "まだ公表されていない年は空欄のままにしてください（「-」も空欄として扱います）。",
    "",
    "2. 値と単位",
    "値は「単位」列の単位で、数値で書いてください。",
    "例: 単位が「人」で 3,687万人なら 36870000。",
    "例: 単位が「円」で 1兆5,071億円なら 1507100000000。",
    "単位が「%」なら 85.2 のように書きます（85.2% と入力しても同じに読みます）。",
    "「単位」が空欄の KPI は、「単位」のセルに単位（人、円、% など）を書いてください。",
    "数式は使わないでください（値のセルの数式は受け付けません。値として貼り付けてください）。",
    "",
    "3. 年度と年",
    "{period_rule}",
    "目標が「～累計」の KPI は、起点の年（度）からその年（度）までの累計を書いてください。",
    "",
    "4. 状態と出典",
    "状態: " + "、".join(DATA_STATUSES) + " から選んでください。",
    "公表者（例: 観光庁）、資料名、公表日（例: 2025-01-15）、URL（https://…）、備考。",
    "状態と出典は、その行に書いたすべての年の値に当てはまります。",
    "年ごとに状態や出典が違うときは、年ごとにファイルを分けて返送してください。",
    "",
    "5. 返送",
    "このファイルを XLSX 形式のまま（Excel ブック *.xlsx）担当窓口へ返送してください。",
    "行・列の追加、削除、並べ替えや、シート名・見出しの変更はしないでください。",
    "返送されたファイルは、取り込む前に全行を検査し、誤りがあれば行と理由をお知らせします。",
)
