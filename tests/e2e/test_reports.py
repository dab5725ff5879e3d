"""The follow-up report in a real browser: the year is chosen without script, the report
shows its charts, the PDF downloads with its Japanese text, and axe finds no A/AA violation."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .conftest import axe_violations, describe, screenshot


def test_the_list_of_years_and_the_report(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="年次フォローアップ", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("年次フォローアップ")
    screenshot(page, "reports")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_label("年（度）").select_option("2025")
    page.get_by_role("button", name="報告を表示").click()
    page.wait_for_url(f"{live_server}/reports/2025")
    expect(page.get_by_role("heading", level=1)).to_have_text("年次フォローアップ報告 2025年（度）")
    chart = page.get_by_role("img", name="訪日外国人旅行者数 の推移")
    expect(chart).to_be_visible()
    chart.scroll_into_view_if_needed()
    screenshot(page, "report-chart")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "report-2025")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_pdf_downloads_from_the_report_page(
    page: Page, live_server: str, tmp_path: Path
) -> None:
    page.goto(f"{live_server}/reports/2025")
    with page.expect_download() as started:
        page.get_by_role("link", name="PDF をダウンロード").click()
    download = started.value
    assert download.suggested_filename == "followup-2025.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = "\n".join(p.extract_text() for p in PdfReader(saved).pages)
    assert "年次フォローアップ報告" in text
    assert "訪日外国人旅行者数" in text
    assert "順調" in text
