"""The follow-up report as a workbook: a cover sheet, the impacts and outcomes with their counts,
and one row per KPI with its status, figures (as numbers), reasons and notes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sousei.evaluate.text import year_label

from .followup import FollowUp, NodeLine, owner_label

Value = str | int | float | None

KPI_HEADINGS = (
    ("KPI ID", 22),
    ("指標", 50),
    ("区分", 28),
    ("状況", 10),
    ("実績値", 16),
    ("単位", 8),
    ("実績の年（度）", 14),
    ("目標", 30),
    ("目標値", 16),
    ("目標年（度）", 12),
    ("期待値（直線経路）", 16),
    ("基準値", 16),
    ("基準年（度）", 12),
    ("達成率", 10),
    ("進捗率（経路比）", 12),
    ("評価の理由", 70),
    ("備考", 40),
    ("要因分析", 40),
    ("今後の方向性", 40),
)
PERCENT = "0.0%"
NUMBER = "#,##0.##"


def followup_xlsx(report: FollowUp) -> bytes:
    workbook = Workbook()
    cover = workbook.active
    assert cover is not None  # a new workbook has one sheet
    cover.title = "表紙"
    _cover(cover, report)
    _nodes(workbook.create_sheet("アウトカム別"), report.nodes)
    _kpis(workbook.create_sheet("KPI"), report)
    _inert(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _inert(workbook: Workbook) -> None:
    """Every text cell stays text: a leading '=' is never run as a formula."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _cover(sheet: Worksheet, report: FollowUp) -> None:
    sheet["A1"] = f"年次フォローアップ報告 {report.year}年（度）"
    sheet["A1"].font = Font(size=16, bold=True)
    rows: Sequence[tuple[str, Value]] = (
        ("戦略", report.title),
        (
            "評価した実績",
            f"暦年の KPI は {year_label(report.year, 'calendar')}、年度の KPI は "
            f"{year_label(report.year, 'fiscal')} の実績値（承認済みのもの）",
        ),
        ("評価基準", report.rule_set),
        ("戦略の改訂版", report.revision),
        ("作成日", report.made_on.isoformat()),
    )
    for index, (name, value) in enumerate(rows, start=3):
        sheet.cell(index, 1, name).font = Font(bold=True)
        sheet.cell(index, 2, value)
    start = 3 + len(rows) + 1
    sheet.cell(start, 1, "状況").font = Font(bold=True)
    sheet.cell(start, 2, "KPI の件数").font = Font(bold=True)
    for offset, count in enumerate(report.legend, start=1):
        sheet.cell(start + offset, 1, count.label)
        sheet.cell(start + offset, 2, count.count)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 70


def _header(sheet: Worksheet, headings: Sequence[tuple[str, int]]) -> None:
    sheet.append([name for name, _ in headings])
    for index, (_, width) in enumerate(headings, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(1, index).font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _nodes(sheet: Worksheet, nodes: Sequence[NodeLine]) -> None:
    statuses = [c.label for c in nodes[0].counts] if nodes else []
    headings = [
        ("区分", 10),
        ("ID", 6),
        ("名称", 40),
        ("まとめの状況", 12),
        ("KPI", 8),
        ("報告あり", 8),
        *((label, 10) for label in statuses),
    ]
    _header(sheet, headings)
    kinds = {
        "strategy": "全体",
        "impact": "インパクト",
        "outcome": "アウトカム",
        "group": "国の役割など",
    }
    for node in nodes:
        sheet.append(
            [
                kinds.get(node.kind, node.kind),
                node.id if node.kind in ("impact", "outcome") else None,
                node.title,
                node.label,
                node.total,
                node.reporting,
                *(c.count for c in node.counts),
            ]
        )
    sheet.auto_filter.ref = sheet.dimensions


def _kpis(sheet: Worksheet, report: FollowUp) -> None:
    _header(sheet, KPI_HEADINGS)
    for line in report.kpis:
        sheet.append(
            [
                line.kpi_id,
                line.indicator,
                owner_label(line),
                line.label,
                _number(line.actual),
                line.unit,
                line.assessed_year if line.actual is not None else None,
                line.target_text,
                _number(line.target),
                line.target_year,
                _number(line.expected),
                _number(line.baseline),
                line.baseline_year,
                _number(line.achievement),
                _number(line.progress),
                line.explanation,
                "\n".join(line.notes) or None,
                line.analysis,
                line.next_steps,
            ]
        )
        row = sheet.max_row
        for column in (5, 9, 11, 12):
            sheet.cell(row, column).number_format = NUMBER
        for column in (14, 15):
            sheet.cell(row, column).number_format = PERCENT
        for column in (2, 16, 17, 18, 19):
            sheet.cell(row, column).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.auto_filter.ref = sheet.dimensions
