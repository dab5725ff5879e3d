"""The public KPI table: its columns, and the baseline a local strategy gives."""

from __future__ import annotations

from decimal import Decimal

from sousei.ingest import SourceText, parse_source
from sousei.model import Strategy
from sousei.report.tables import KPI_COLUMNS, kpi_table

LOCAL = """第3期みなと市まち・ひと・しごと創生総合戦略

基本目標１　しごとをつくる

【数値目標】

| 指標 | 基準値（令和5年度） | 目標値（令和11年度） |
|---|---|---|
| 市民一人当たり課税対象所得 | 3,012千円 | 3,200千円 |
| 雇用創出数 | － | 5年間累計8,000人 |
"""


def test_the_baseline_columns_come_last() -> None:
    assert KPI_COLUMNS[-4:] == ("text", "baseline_value", "baseline_unit", "baseline_year_basis")
    assert "baseline_year" in KPI_COLUMNS


def test_a_local_kpi_row_carries_its_baseline() -> None:
    table = kpi_table(parse_source(SourceText("local.md", LOCAL, "utf-8")))
    rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    income, jobs = rows
    assert {k: income[k] for k in ("baseline_value", "baseline_unit", "baseline_year")} == {
        "baseline_value": Decimal("3012000"),
        "baseline_unit": "円",
        "baseline_year": 2023,
    }
    assert income["baseline_year_basis"] == "fiscal"
    assert (income["target_value"], income["target_year"]) == (Decimal("3200000"), 2029)
    assert (jobs["baseline_value"], jobs["baseline_unit"], jobs["baseline_year_basis"]) == (
        None,
        None,
        None,
    )
    assert (jobs["cumulative"], jobs["period_start"]) == (True, 2025)


def test_a_national_kpi_has_no_baseline_value(national: Strategy) -> None:
    table = kpi_table(national)
    column = table.columns.index("baseline_value")
    assert all(row[column] is None for row in table.rows)
