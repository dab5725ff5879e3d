"""The yearly follow-up report: its data, the workbook (read back with openpyxl), the PDF (text
read back with pypdf, the Japanese font embedded), the chart's axes and the font look-up."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import cast

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject
from sqlalchemy.orm import Session

from sousei.report.chart import chart_of, nice_axis
from sousei.report.followup import FollowUp, KpiLine, collect
from sousei.report.followup_pdf import followup_pdf, title_text
from sousei.report.followup_xlsx import followup_xlsx
from sousei.report.fonts import (
    DEBIAN_PACKAGE,
    FONT_VARIABLE,
    KNOWN_FONTS,
    FontMissingError,
    find_font,
    first_usable,
    usable,
)
from sousei.store import bootstrap, notes
from sousei.store.db import engine_for, transaction, upgrade
from sousei.store.evaluation import evaluate_strategy

VISITORS = "national/A-KPI④-1"
SPENDING = "national/g-1"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The national strategy and its published figures, with a note on the visitors KPI:
    approved for 2025, a draft for 2024 (a draft is not reported)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('followup') / 'sousei.db'}"
    engine = engine_for(url)
    upgrade(engine)
    with transaction(engine) as session:
        bootstrap.initialise(session, actor="test")
        for year, approve in ((2025, True), (2024, False)):
            row = notes.write(
                session,
                key="national",
                year=year,
                subject="kpi",
                subject_id=VISITORS,
                analysis="=円安を背景に訪日需要が回復した",
                next_steps="地方部への誘客を進める",
                actor="editor",
            )
            if approve:
                notes.review(session, note_id=row.id, action="submit", actor="editor")
                notes.review(session, note_id=row.id, action="approve", actor="admin")
    engine.dispose()
    return url


def _report(url: str, year: int) -> FollowUp:
    engine = engine_for(url)
    try:
        with transaction(engine) as session:
            return _collect(session, year)
    finally:
        engine.dispose()


def _collect(session: Session, year: int) -> FollowUp:
    return collect(session, evaluation=evaluate_strategy(session, key="national", year=year))


@pytest.fixture(scope="module")
def report(database: str) -> FollowUp:
    return _report(database, 2025)


def _line(report: FollowUp, kpi_id: str) -> KpiLine:
    return next(k for k in report.kpis if k.kpi_id == kpi_id)


# -- the data --------------------------------------------------------------------------------


def test_every_impact_and_outcome_with_counts_that_add_up(report: FollowUp) -> None:
    keys = [n.key for n in report.nodes]
    assert keys[0] == "strategy"
    assert keys[1:4] == ["impact:1", "outcome:A", "outcome:B"]  # each impact, then its outcomes
    assert {k for k in keys if k.startswith("outcome:")} == {f"outcome:{x}" for x in "ABCDE"}
    assert {k for k in keys if k.startswith("impact:")} == {"impact:1", "impact:2", "impact:3"}
    assert keys[-1] == "group:cross-cutting"
    whole = report.nodes[0]
    assert whole.total == 55
    for node in report.nodes:
        assert sum(c.count for c in node.counts) == node.total
    assert [c.label for c in report.legend] == [
        "達成",
        "順調",
        "遅れ",
        "データなし",
        "対象外",
        "評価不能",
    ]
    assert report.legend[1].count == 2  # 順調: visitors and inbound spending
    impact_1 = next(n for n in report.nodes if n.key == "impact:1")
    assert (impact_1.label, impact_1.reporting) == ("順調", 2)


def test_every_kpi_with_status_figures_and_reasons(report: FollowUp) -> None:
    assert len(report.kpis) == 55
    visitors = _line(report, VISITORS)
    assert visitors.indicator == "訪日外国人旅行者数"
    assert visitors.label == "順調"
    assert (visitors.actual, visitors.unit) == (Decimal(42683600), "人")
    assert (visitors.target, visitors.target_year) == (Decimal(60000000), 2030)
    assert visitors.expected is not None
    assert round(visitors.expected) == 40724917
    assert visitors.achievement is not None
    assert round(visitors.achievement, 4) == Decimal("0.7114")
    assert (visitors.baseline, visitors.baseline_year) == (Decimal(36869900), 2024)
    assert "直線経路上の期待値" in visitors.explanation
    assert (visitors.level, visitors.owner, visitors.owner_title) == (
        "outcome",
        "A",
        "地域における高付加価値型産業創出",
    )
    assert [p.year for p in visitors.series] == [2019, 2024, 2025]
    spending = _line(report, SPENDING)
    assert (spending.level, spending.owner, spending.owner_title) == (
        "output",
        "g",
        "インバウンド促進",
    )


def test_only_approved_notes_are_reported(database: str, report: FollowUp) -> None:
    visitors = _line(report, VISITORS)
    assert visitors.analysis == "=円安を背景に訪日需要が回復した"
    assert visitors.next_steps == "地方部への誘客を進める"
    earlier = _line(_report(database, 2024), VISITORS)
    assert (earlier.analysis, earlier.next_steps) == (None, None)  # 2024's note is a draft


def test_a_report_shows_no_figure_after_its_year(database: str) -> None:
    earlier = _report(database, 2024)
    assert [p.year for p in _line(earlier, VISITORS).series] == [2019, 2024]


def test_a_kpi_without_figures_has_no_chart(report: FollowUp) -> None:
    empty = next(k for k in report.kpis if not k.has_data)
    assert empty.series == ()
    assert chart_of(empty) is None
    assert {k.kpi_id for k in report.charted} == {VISITORS, SPENDING}


# -- the chart -------------------------------------------------------------------------------


def test_the_chart_spans_figures_path_and_target(report: FollowUp) -> None:
    chart = chart_of(_line(report, VISITORS))
    assert chart is not None
    assert (chart.first_year, chart.last_year) == (2019, 2030)
    assert chart.years[-1] == 2030  # the target year is labelled
    assert chart.low <= Decimal(31882049)
    assert chart.high >= Decimal(60000000)
    assert chart.path == ((2024, Decimal(36869900)), (2030, Decimal(60000000)))
    assert chart.y(chart.high, 10, 100) == 10  # the top of the box
    assert chart.y(chart.low, 10, 100) == 110
    assert chart.x(2030, 0, 110) == 110


@pytest.mark.parametrize(
    ("lowest", "highest", "expected"),
    [
        ("31882049", "60000000", ("30000000", "60000000")),
        ("0.5", "3", ("0", "3")),  # zero is near: the axis starts there
        ("-5", "5", ("-5", "5")),
        ("7", "7", ("6", "8")),  # one value: a margin around it
    ],
)
def test_nice_axes(lowest: str, highest: str, expected: tuple[str, str]) -> None:
    low, high, ticks = nice_axis(Decimal(lowest), Decimal(highest))
    assert (low, high) == (Decimal(expected[0]), Decimal(expected[1]))
    assert ticks[0] == low
    assert ticks[-1] == high
    assert 3 <= len(ticks) <= 9


# -- the workbook ----------------------------------------------------------------------------


def test_the_workbook_reads_back(report: FollowUp) -> None:
    book = load_workbook(io.BytesIO(followup_xlsx(report)))
    assert book.sheetnames == ["表紙", "アウトカム別", "KPI"]
    assert book["表紙"]["A1"].value == "年次フォローアップ報告 2025年（度）"
    nodes = list(book["アウトカム別"].iter_rows(values_only=True))
    assert nodes[0][:6] == ("区分", "ID", "名称", "まとめの状況", "KPI", "報告あり")
    assert nodes[1][0] == "全体"
    assert nodes[1][4] == 55
    sheet = book["KPI"]
    header = [c.value for c in sheet[1]]
    rows = {
        row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)
    }
    assert len(rows) == 55
    visitors = rows[VISITORS]
    assert visitors["指標"] == "訪日外国人旅行者数"
    assert visitors["状況"] == "順調"
    assert visitors["実績値"] == 42683600
    assert visitors["目標値"] == 60000000
    assert visitors["達成率"] == pytest.approx(0.7114, abs=1e-4)
    assert visitors["要因分析"] == "=円安を背景に訪日需要が回復した"


def test_text_in_the_workbook_is_never_a_formula(report: FollowUp) -> None:
    sheet = load_workbook(io.BytesIO(followup_xlsx(report)))["KPI"]
    cells = [
        c for row in sheet.iter_rows(2) for c in row if c.value == "=円安を背景に訪日需要が回復した"
    ]
    assert cells
    assert all(c.data_type == "s" for c in cells)
    achievement = next(c for c in sheet[1] if c.value == "達成率").column
    assert sheet.cell(2, achievement).number_format == "0.0%"


# -- the PDF ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf(report: FollowUp) -> PdfReader:
    return PdfReader(io.BytesIO(followup_pdf(report)))


def test_the_pdf_has_the_japanese_text(pdf: PdfReader) -> None:
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "年次フォローアップ報告" in pdf.pages[0].extract_text()
    assert "訪日外国人旅行者数" in text
    assert "順調" in text
    assert "インパクト・アウトカム別の状況" in text
    assert "円安を背景に訪日需要が回復した" in text
    assert pdf.metadata is not None
    assert pdf.metadata.title == "年次フォローアップ報告 2025年（度）"


def test_the_pdf_numbers_its_pages(pdf: PdfReader) -> None:
    pages = len(pdf.pages)
    assert pages > 3  # title page, the outcomes, the KPIs
    assert f"2 / {pages}" in pdf.pages[1].extract_text()
    assert f"{pages} / {pages}" in pdf.pages[-1].extract_text()


def _fonts(reader: PdfReader) -> list[DictionaryObject]:
    found = []
    for page in reader.pages:
        resources = cast(DictionaryObject, page["/Resources"].get_object())
        fonts = cast(DictionaryObject, resources["/Font"].get_object())
        found += [cast(DictionaryObject, font.get_object()) for font in fonts.values()]
    return found


def test_the_japanese_font_is_embedded(pdf: PdfReader) -> None:
    fonts = _fonts(pdf)
    assert fonts
    for font in fonts:
        assert str(font["/Subtype"]) == "/Type0"  # a CID font: Japanese glyphs by index
        descendants = cast(ArrayObject, font["/DescendantFonts"].get_object())
        descendant = cast(DictionaryObject, descendants[0].get_object())
        descriptor = cast(DictionaryObject, descendant["/FontDescriptor"].get_object())
        assert isinstance(descriptor.raw_get("/FontFile2"), IndirectObject)
        assert "+" in str(descriptor["/FontName"])  # a subset: ABCDEF+IPAexGothic


def test_the_pdf_title(report: FollowUp) -> None:
    assert title_text(report) == "年次フォローアップ報告 2025年（度）"


# -- the font --------------------------------------------------------------------------------


def test_no_font_is_a_clear_japanese_error(tmp_path: Path) -> None:
    not_a_font = tmp_path / "fake.ttf"
    not_a_font.write_bytes(b"not a font")
    with pytest.raises(FontMissingError) as raised:
        first_usable([tmp_path / "missing.ttf", not_a_font])
    message = str(raised.value)
    assert DEBIAN_PACKAGE in message
    assert FONT_VARIABLE in message
    assert "日本語フォントが見つかりません" in message


def test_the_variable_names_the_font(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(FONT_VARIABLE, str(tmp_path / "missing.ttf"))
    with pytest.raises(FontMissingError, match=r"missing\.ttf"):
        find_font()
    installed = next((p for p in KNOWN_FONTS if usable(p) is not None), None)
    assert installed is not None, (
        "a Japanese font is needed: make test installs fonts-ipaexfont-gothic"
    )
    monkeypatch.setenv(FONT_VARIABLE, str(installed))
    assert find_font().path == installed


def test_a_character_without_a_glyph_shows_as_geta() -> None:
    font = find_font()
    assert font.shows("訪日") == "訪日"
    missing = next(chr(c) for c in range(0x4E00, 0x9FFF) if c not in font.characters)
    assert font.shows(f"産{missing}学") == "産〓学"
