"""The follow-up report as a PDF (fpdf2): a title page, the table of impacts and outcomes with
their counts, then each KPI with its status, figures, reasons and a small chart drawn with
lines and shapes; page numbers in the footer. A Japanese font is embedded as a subset."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from fpdf import FPDF
from fpdf.enums import Align, TableCellFillMode, WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from sousei.evaluate import format_amount, format_ratio
from sousei.evaluate.text import year_label

from .chart import Chart, chart_of, tick_label
from .followup import FollowUp, KpiLine, NodeLine, owner_label
from .fonts import Font, FontMissingError, find_font

__all__ = ["FontMissingError", "followup_pdf"]

FAMILY = "jp"
TEXT = (26, 26, 26)
MUTED = (77, 77, 77)
RULE = (204, 204, 204)
LINE = (0, 49, 216)
PATH = (77, 77, 77)
TARGET = (199, 71, 0)
CHART_W, CHART_H = 110.0, 52.0


def followup_pdf(report: FollowUp) -> bytes:
    """The report as PDF bytes; FontMissingError when no Japanese font can be found."""
    font = find_font()
    pdf = _Document(report, font)
    pdf.add_font(FAMILY, "", str(font.path), collection_font_number=font.number)
    pdf.set_font(FAMILY, size=10)
    pdf.set_text_color(*TEXT)
    _title_page(pdf, report)
    _nodes_page(pdf, report.nodes)
    _kpis(pdf, report)
    return bytes(pdf.output())


def title_text(report: FollowUp) -> str:
    return f"年次フォローアップ報告 {report.year}年（度）"


class _Document(FPDF):
    def __init__(self, report: FollowUp, font: Font) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report = report
        self.japanese = font
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_title(title_text(report))
        self.set_subject(report.title)
        self.set_creator("sousei")
        self.set_lang("ja")

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FAMILY, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{title_text(self.report)}　{self.report.title}", align=Align.L)
        self.ln(8)
        self.set_text_color(*TEXT)
        self.set_font(FAMILY, size=10)

    def normalize_text(self, text: str) -> str:
        """Every text the page shows passes here: a character without a glyph becomes 〓."""
        return super().normalize_text(self.japanese.shows(text))

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FAMILY, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, f"{self.page_no()} / {{nb}}", align=Align.C)
        self.set_text_color(*TEXT)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _paragraph(pdf: FPDF, text: str, *, size: float = 10, height: float = 5.5) -> None:
    pdf.set_font(FAMILY, size=size)
    pdf.multi_cell(0, height, text, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, text: str, size: float) -> None:
    pdf.set_font(FAMILY, size=size)
    pdf.multi_cell(
        0, size * 0.55, text, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(1.5)
    pdf.set_font(FAMILY, size=10)


def _badge(pdf: FPDF, label: str, colour: str, *, size: float = 9) -> None:
    """A status as a filled box with its label in white: the label carries it, not the colour."""
    pdf.set_font(FAMILY, size=size)
    pdf.set_fill_color(*_rgb(colour))
    pdf.set_text_color(255, 255, 255)
    width = pdf.get_string_width(label) + 4
    pdf.cell(width, size * 0.6, label, fill=True, align=Align.C)
    pdf.set_text_color(*TEXT)
    pdf.set_font(FAMILY, size=10)


# -- the title page --------------------------------------------------------------------------


def _title_page(pdf: _Document, report: FollowUp) -> None:
    pdf.add_page()
    pdf.set_y(60)
    _heading(pdf, "年次フォローアップ報告", 26)
    _heading(pdf, f"{report.year}年（度）", 20)
    pdf.ln(4)
    _paragraph(pdf, report.title, size=14, height=7)
    pdf.ln(8)
    whole = report.nodes[0]
    facts = (
        (
            "評価した実績",
            f"暦年の KPI は {year_label(report.year, 'calendar')}、"
            f"年度の KPI は {year_label(report.year, 'fiscal')} の実績値（承認済みのもの）",
        ),
        ("評価基準", report.rule_set),
        ("戦略の改訂版", str(report.revision)),
        ("作成日", report.made_on.isoformat()),
        ("KPI", f"{whole.total} 件（実績値の報告あり {whole.reporting} 件）"),
    )
    for name, value in facts:
        pdf.set_font(FAMILY, size=10)
        pdf.set_text_color(*MUTED)
        pdf.cell(32, 6, name)
        pdf.set_text_color(*TEXT)
        pdf.multi_cell(0, 6, value, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    _heading(pdf, "評価の概要", 13)
    for count in report.legend:
        _badge(pdf, count.label, count.colour, size=10)
        pdf.cell(30, 6, f"  {count.count} 件", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)


# -- impacts and outcomes --------------------------------------------------------------------


def _nodes_page(pdf: FPDF, nodes: tuple[NodeLine, ...]) -> None:
    pdf.add_page()
    _heading(pdf, "インパクト・アウトカム別の状況", 14)
    if not nodes:
        return
    statuses = [c.label for c in nodes[0].counts]
    headings = ["区分", "名称", "まとめ", "KPI", "報告", *statuses]
    pdf.set_font(FAMILY, size=8)
    counts = [max(10.0, pdf.get_string_width(label) + 3) for label in statuses]
    fixed = 20 + 20 + 10 + 13 + sum(counts)
    widths = (20, pdf.epw - fixed, 20, 10, 13, *counts)  # the name takes what is left
    pdf.set_fill_color(242, 242, 242)
    with pdf.table(
        col_widths=widths,
        width=pdf.epw,
        text_align=(Align.L, Align.L, Align.L, *(Align.R for _ in range(2 + len(statuses)))),
        wrapmode=WrapMode.CHAR,
        line_height=4.5,
        cell_fill_mode=TableCellFillMode.ROWS,
        headings_style=FontFace(fill_color=(230, 230, 230)),
        borders_layout="HORIZONTAL_LINES",
        first_row_as_headings=True,
    ) as table:
        table.row(headings)
        for node in nodes:
            table.row(
                [
                    _node_kind(node),
                    node.title,
                    node.label,
                    str(node.total),
                    str(node.reporting),
                    *(str(c.count) for c in node.counts),
                ]
            )
    pdf.ln(3)
    _paragraph(
        pdf,
        "まとめの状況は、評価基準の集計規則（評価できた KPI の状況から決める）によります。",
        size=8,
        height=4.5,
    )


def _node_kind(node: NodeLine) -> str:
    return {
        "strategy": "全体",
        "impact": f"インパクト {node.id}",
        "outcome": f"アウトカム {node.id}",
        "group": "国の役割など",
    }.get(node.kind, node.id)


# -- each KPI --------------------------------------------------------------------------------


def _kpis(pdf: FPDF, report: FollowUp) -> None:
    pdf.add_page()
    _heading(pdf, "KPI 別の状況", 14)
    for line in report.kpis:
        chart = chart_of(line)
        needed = 48 + (CHART_H + 14 if chart else 0)
        if pdf.get_y() + needed > pdf.h - pdf.b_margin:
            pdf.add_page()
        _kpi(pdf, line, chart)


def _amount(value: Decimal | None, unit: str | None) -> str:
    return "—" if value is None else format_amount(value, unit)


def _ratio(value: Decimal | None) -> str:
    return "—" if value is None else format_ratio(value)


def _with_year(text: str, value: Decimal | None, year: int | None, basis: str) -> str:
    return text if value is None or year is None else f"{text}（{year_label(year, basis)}）"


def _pair(pdf: FPDF, left: tuple[str, str], right: tuple[str, str] | None = None) -> None:
    """One label–value pair across the width, or two side by side."""
    label = 32
    if right is None:
        _label(pdf, left[0], label)
        pdf.multi_cell(0, 5, left[1], wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    half = pdf.epw / 2
    _label(pdf, left[0], label)
    pdf.cell(half - label, 5, left[1])
    _label(pdf, right[0], label)
    pdf.multi_cell(0, 5, right[1], wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _label(pdf: FPDF, text: str, width: float) -> None:
    pdf.set_font(FAMILY, size=9)
    pdf.set_text_color(*MUTED)
    pdf.cell(width, 5, text)
    pdf.set_text_color(*TEXT)


def _kpi(pdf: FPDF, line: KpiLine, chart: Chart | None) -> None:
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    _heading(pdf, line.indicator, 12)
    _badge(pdf, line.label, line.colour)
    pdf.set_font(FAMILY, size=9)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(
        0,
        5.4,
        f"  {owner_label(line)}（{line.doc_id}）",
        wrapmode=WrapMode.CHAR,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_text_color(*TEXT)
    pdf.ln(1)
    _pair(pdf, ("目標", line.target_text))
    actual = _amount(line.actual, line.unit)
    baseline = _amount(line.baseline, line.unit)
    rows: tuple[tuple[tuple[str, str], tuple[str, str] | None], ...] = (
        (
            ("実績値", _with_year(actual, line.actual, line.assessed_year, line.basis)),
            ("基準値", _with_year(baseline, line.baseline, line.baseline_year, line.basis)),
        ),
        (
            ("期待値（直線経路）", _amount(line.expected, line.unit)),
            ("達成率", _ratio(line.achievement)),
        ),
        (("進捗率（経路比）", _ratio(line.progress)), None),
    )
    for left, right in rows:
        _pair(pdf, left, right)
    pdf.ln(1)
    _paragraph(pdf, f"評価の理由: {line.explanation}", size=9, height=5)
    for note in line.notes:
        _paragraph(pdf, note, size=8, height=4.5)
    if line.analysis:
        _paragraph(pdf, f"要因分析: {line.analysis}", size=9, height=5)
    if line.next_steps:
        _paragraph(pdf, f"今後の方向性: {line.next_steps}", size=9, height=5)
    if chart is not None:
        pdf.ln(2)
        _chart(pdf, chart)
    pdf.ln(4)


# -- the chart -------------------------------------------------------------------------------


def _chart(pdf: FPDF, chart: Chart) -> None:
    """Axes with ticks, the path (dashed), the figures (line and dots), the target (diamond)."""
    left = pdf.l_margin + 22
    top = pdf.get_y() + 5
    width, height = CHART_W, CHART_H
    bottom = top + height
    pdf.set_font(FAMILY, size=7)
    pdf.set_line_width(0.2)
    for tick in chart.ticks:
        y = chart.y(tick, top, height)
        pdf.set_draw_color(*RULE)
        pdf.line(left, y, left + width, y)
        label = tick_label(tick)
        pdf.set_text_color(*MUTED)
        pdf.text(left - 2 - pdf.get_string_width(label), y + 1.2, label)
    if chart.unit:
        pdf.text(pdf.l_margin, top - 2.5, f"（単位: {chart.unit}）")
    pdf.set_draw_color(*TEXT)
    pdf.line(left, top, left, bottom)
    pdf.line(left, bottom, left + width, bottom)
    for year in chart.years:
        x = chart.x(year, left, width)
        pdf.line(x, bottom, x, bottom + 1.2)
        label = str(year)
        pdf.text(x - pdf.get_string_width(label) / 2, bottom + 4.5, label)
    if chart.path is not None:
        (y0, v0), (y1, v1) = chart.path
        pdf.set_draw_color(*PATH)
        pdf.set_line_width(0.4)
        pdf.set_dash_pattern(dash=1.6, gap=1.2)
        pdf.line(
            chart.x(y0, left, width),
            chart.y(v0, top, height),
            chart.x(y1, left, width),
            chart.y(v1, top, height),
        )
        pdf.set_dash_pattern()
    points = [(chart.x(p.year, left, width), chart.y(p.value, top, height)) for p in chart.points]
    pdf.set_draw_color(*LINE)
    pdf.set_fill_color(*LINE)
    pdf.set_line_width(0.6)
    for (x0, y0_), (x1, y1_) in pairwise(points):
        pdf.line(x0, y0_, x1, y1_)
    for x, y in points:
        pdf.ellipse(x - 1.1, y - 1.1, 2.2, 2.2, style="F")
    if chart.target is not None:
        year, value = chart.target
        x, y = chart.x(year, left, width), chart.y(value, top, height)
        pdf.set_fill_color(*TARGET)
        pdf.polygon([(x, y - 1.8), (x + 1.8, y), (x, y + 1.8), (x - 1.8, y)], style="F")
    pdf.set_line_width(0.2)
    pdf.set_text_color(*TEXT)
    _legend(pdf, chart, left + width + 5, top + 2)
    pdf.set_y(bottom + 7)


def _legend(pdf: FPDF, chart: Chart, x: float, y: float) -> None:
    """What each mark means, in words beside the marks (shapes and dashes, not colour alone)."""
    pdf.set_font(FAMILY, size=7)
    pdf.set_fill_color(*LINE)
    pdf.ellipse(x + 1.9, y - 1.1, 2.2, 2.2, style="F")
    pdf.text(x + 8, y + 1, "実績値")
    if chart.path is not None:
        y += 5
        pdf.set_draw_color(*PATH)
        pdf.set_line_width(0.4)
        pdf.set_dash_pattern(dash=1.6, gap=1.2)
        pdf.line(x, y, x + 6, y)
        pdf.set_dash_pattern()
        pdf.set_line_width(0.2)
        pdf.text(x + 8, y + 1, "基準値から目標への経路")
    if chart.target is not None:
        y += 5
        pdf.set_fill_color(*TARGET)
        pdf.polygon([(x + 3, y - 1.8), (x + 4.8, y), (x + 3, y + 1.8), (x + 1.2, y)], style="F")
        pdf.text(x + 8, y + 1, "目標")
