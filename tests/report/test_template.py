"""The XLSX entry template: layout, protection, validation, instructions, a filled round trip."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from sousei.ingest.actuals import read_actuals
from sousei.model import Strategy
from sousei.model.actuals import DATA_STATUSES, KpiReference, Period, Report, Source
from sousei.report.template import DETAIL_COLUMNS, KEY_COLUMNS, write_template
from sousei.store.kpis import KpiEntry
from sousei.store.tables import KpiVersionRow

VISITORS = "national/A-KPI④-1"  # 人, calendar
SPENDING = "national/g-1"  # 円, calendar
SMART_FARMING = "national/a-1"  # %, fiscal
RISING_RATE = "national/I1"  # no unit
TODAY = date(2026, 6, 1)


def entry(kpi_id: str, strategy: Strategy, reference: KpiReference | None = None) -> KpiEntry:
    kpi = next(k for k in strategy.kpis if f"national/{k.id}" == kpi_id)
    version = KpiVersionRow(
        kpi_id=kpi_id,
        doc_id=kpi.id,
        indicator=kpi.indicator,
        target_text=kpi.target.text,
        target_unit=kpi.target.unit,
        year_basis=kpi.target.year_basis,
        cumulative=kpi.target.cumulative,
        period_start=kpi.target.period_start,
        baseline_year=kpi.target.baseline_year,
    )
    return KpiEntry(kpi_id, version, reference or KpiReference(), 2015, 2033)


@pytest.fixture(scope="module")
def kpis(national: Strategy) -> list[KpiEntry]:
    baseline = KpiReference(
        organisation="観光庁",
        baseline_value=Decimal(31882049),
        baseline_year=2019,
        baseline_basis="calendar",
    )
    return [
        entry(VISITORS, national, baseline),
        entry(SPENDING, national),
        entry(SMART_FARMING, national),
        entry(RISING_RATE, national),
    ]


def sheet_of(data: bytes, name: str = "入力") -> Worksheet:
    return load_workbook(io.BytesIO(data))[name]


def header(sheet: Worksheet) -> list[str]:
    return [str(cell.value) for cell in sheet[1]]


def test_layout(kpis: list[KpiEntry]) -> None:
    data = write_template(kpis, years=[2025, 2024], basis="fiscal", organisation="観光庁")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["入力", "記入方法"]
    sheet = workbook["入力"]
    assert header(sheet) == [*KEY_COLUMNS, "2024年度", "2025年度", *DETAIL_COLUMNS]
    rows = [[cell.value for cell in row[:6]] for row in sheet.iter_rows(min_row=2)]
    assert rows[0] == [
        VISITORS,
        "訪日外国人旅行者数",
        "人",
        "6,000 万人（2030 年）",
        "31882049人",
        "2019年",
    ]
    assert [r[0] for r in rows] == [k.kpi_id for k in kpis]
    assert rows[3][2] is None  # no unit in the strategy
    assert not sheet.merged_cells.ranges
    assert sheet.freeze_panes == "C2"


def test_basis_per_row_when_none_is_given(kpis: list[KpiEntry]) -> None:
    sheet = sheet_of(write_template(kpis, years=[2024, 2025]))
    assert header(sheet)[6:9] == ["期間区分", "2024", "2025"]
    assert [row[6].value for row in sheet.iter_rows(min_row=2)] == ["年", "年", "年度", "年"]
    calendar = sheet_of(write_template(kpis, years=[2024], basis="calendar"))
    assert header(calendar)[6] == "2024年"


def test_key_columns_are_locked_and_input_cells_open(kpis: list[KpiEntry]) -> None:
    sheet = sheet_of(write_template(kpis, years=[2024, 2025], basis="fiscal"))
    assert sheet.protection.sheet
    for row in sheet.iter_rows(min_row=2):
        keys, inputs = row[: len(KEY_COLUMNS)], row[len(KEY_COLUMNS) :]
        unit_open = row[0].value == RISING_RATE  # a KPI without a unit lets the ministry say it
        assert [c.protection.locked for c in keys] == [True, True, not unit_open, True, True, True]
        assert not any(c.protection.locked for c in inputs)
    assert all(cell.protection.locked for cell in sheet[len(kpis) + 2])  # no room for new rows


def test_year_cells_take_numbers_and_status_a_listed_word(kpis: list[KpiEntry]) -> None:
    sheet = sheet_of(write_template(kpis, years=[2024, 2025], basis="fiscal"))
    rules = {rule.type: rule for rule in sheet.data_validations.dataValidation}
    assert set(rules) == {"decimal", "list"}
    assert str(rules["decimal"].sqref) == "G2:G5 H2:H5"
    assert "数値" in str(rules["decimal"].error)
    assert str(rules["list"].sqref) == "I2:I5"
    assert rules["list"].formula1 == '"' + ",".join(DATA_STATUSES) + '"'


def test_instructions(kpis: list[KpiEntry]) -> None:
    data = write_template(kpis, years=[2024, 2025], basis="fiscal", organisation="観光庁")
    text = "\n".join(str(c.value or "") for c in sheet_of(data, "記入方法")["A"])
    for words in (
        "対象: 観光庁",
        "2024年度～2025年度",
        "黄色のセル",
        "「単位」列の単位で",
        "年度（4月～翌年3月）",
        "累計",
        "速報、確報、確定値",
        "XLSX 形式のまま",
    ):
        assert words in text


def test_own_text_never_becomes_a_formula(national: Strategy) -> None:
    odd = entry(VISITORS, national)
    odd.version.indicator = "=1+1 という指標"
    sheet = sheet_of(write_template([odd], years=[2024]))
    assert sheet["B2"].value == "=1+1 という指標"
    assert sheet["B2"].data_type == "s"


def test_years_are_required(kpis: list[KpiEntry]) -> None:
    with pytest.raises(ValueError, match="years"):
        write_template(kpis, years=[])


def fill(data: bytes, cells: dict[tuple[str, str], object]) -> bytes:
    """Type into the template as a ministry official would: by KPI ID and column header."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["入力"]
    columns = {name: i for i, name in enumerate(header(sheet), start=1)}
    rows = {str(row[0].value): i for i, row in enumerate(sheet.iter_rows(min_row=2), start=2)}
    for (kpi_id, column), value in cells.items():
        cell = sheet.cell(row=rows[kpi_id], column=columns[column])
        cell.value = value  # type: ignore[assignment]
        if isinstance(value, float) and column.startswith("2") and kpi_id == SMART_FARMING:
            cell.number_format = "0.0%"  # "52.3%" typed into Excel
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_filled_template_reads_back(kpis: list[KpiEntry]) -> None:
    template = write_template(kpis, years=[2024, 2025], basis="calendar")
    filled = fill(
        template,
        {
            (VISITORS, "2024年"): 36869900,
            (VISITORS, "2025年"): "4,268.36万",
            (VISITORS, "状態"): "推計値",
            (VISITORS, "公表者"): "日本政府観光局（JNTO）",
            (VISITORS, "公表日"): datetime(2026, 1, 21),
            (VISITORS, "URL"): "https://www.jnto.go.jp/statistics/",
            (SPENDING, "2024年"): 8125700000000,
            (SPENDING, "2025年"): "-",  # not yet published
            (SMART_FARMING, "2024年"): 0.523,
            (RISING_RATE, "単位"): "%",
            (RISING_RATE, "2025年"): 1.5,
            (RISING_RATE, "備考"): "=HYPERLINK(“x”)",
        },
    )
    reading = read_actuals(
        filled, name="返送.xlsx", kpis=kpis, first_year=2015, last_year=2033, today=TODAY
    )
    assert reading.errors == []
    assert (reading.layout, reading.file_format) == ("wide", "XLSX（シート「入力」）")
    source = Source(
        publisher="日本政府観光局（JNTO）",
        published="2026-01-21",
        url="https://www.jnto.go.jp/statistics/",
    )

    assert reading.reports == [
        (2, figure(VISITORS, 2024, "36869900", "36869900人", status="推計値", source=source)),
        (2, figure(VISITORS, 2025, "42683600", "4,268.36万人", status="推計値", source=source)),
        (3, figure(SPENDING, 2024, "8125700000000", "8125700000000円")),
        (4, figure(SMART_FARMING, 2024, "52.3", "52.3%")),
        (5, figure(RISING_RATE, 2025, "1.5", "1.5%", note="=HYPERLINK(“x”)")),
    ]


def figure(
    kpi_id: str,
    year: int,
    value: str,
    written: str,
    *,
    status: str | None = None,
    source: Source | None = None,
    note: str | None = None,
) -> Report:
    unit = {VISITORS: "人", SPENDING: "円"}.get(kpi_id, "%")
    return Report(
        kpi_id=kpi_id,
        period=Period(start=year, end=year, basis="calendar"),
        value=Decimal(value),
        unit=unit,
        written=written,
        status=status,
        source=source or Source(),
        note=note,
    )


def test_a_template_with_a_basis_per_row_reads_back(kpis: list[KpiEntry]) -> None:
    filled = fill(
        write_template(kpis, years=[2024, 2025]),
        {(VISITORS, "2024"): 36869900, (SMART_FARMING, "2025"): 60},
    )
    reading = read_actuals(
        filled, name="x.xlsx", kpis=kpis, first_year=2015, last_year=2033, today=TODAY
    )
    assert reading.errors == []
    assert [(r.kpi_id, r.period, r.unit) for _, r in reading.reports] == [
        (VISITORS, Period(start=2024, end=2024, basis="calendar"), "人"),
        (SMART_FARMING, Period(start=2025, end=2025, basis="fiscal"), "%"),
    ]
