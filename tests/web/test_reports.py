"""The follow-up report pages: the list of years, the report with a chart and a table per KPI
with figures, and its PDF and XLSX downloads."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import Engine

from sousei.report.fonts import DEBIAN_PACKAGE, FONT_VARIABLE
from sousei.store import accounts, notes
from sousei.store.db import transaction

from .conftest import sign_in


def test_the_list_offers_each_year_with_figures(client: TestClient) -> None:
    page = client.get("/reports")
    assert page.status_code == 200
    assert "<h1>年次フォローアップ</h1>" in page.text
    assert '<label for="year">年（度）</label>' in page.text
    years = re.findall(r'<option value="(\d{4})">', page.text)
    assert years[0] == "2025"
    assert "2024" in years
    assert "2019" in years
    assert years == sorted(years, reverse=True)
    assert '<a href="/reports/2025">年次フォローアップ報告 2025年（度）</a>' in page.text
    assert 'href="/reports/2025.pdf"' in page.text
    assert 'href="/reports/2025.xlsx"' in page.text


def test_the_year_selector_leads_to_the_report(client: TestClient) -> None:
    response = client.get("/reports", params={"year": 2024}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/reports/2024"


def test_the_report_page(client: TestClient) -> None:
    page = client.get("/reports/2025")
    assert page.status_code == 200
    text = page.text
    assert text.count("<h1>") == 1
    assert "<h1>年次フォローアップ報告 2025年（度）</h1>" in text
    assert "<caption>インパクト・アウトカム別の KPI の件数と、まとめの状況</caption>" in text
    assert '<th scope="row">アウトカム A</th>' in text
    assert text.count('<section class="report-kpi"') == 55
    assert '<span class="status" style="background-color: #0D47A1">順調</span>' in text
    assert "2025年の実績 4,268万人は" in text


def test_a_kpi_with_figures_has_a_chart_and_its_table(client: TestClient) -> None:
    text = client.get("/reports/2025").text
    visitors = text[text.index(">訪日外国人旅行者数</h3>") :]
    visitors = visitors[: visitors.index("</section>")]
    svg = re.search(r'<svg [^>]*role="img"[^>]*aria-labelledby="(\S+) (\S+)"', visitors)
    assert svg is not None
    assert f'<title id="{svg.group(1)}">訪日外国人旅行者数 の推移</title>' in visitors
    assert f'<desc id="{svg.group(2)}">実績値: 2019年 3,188万人' in visitors
    assert visitors.count('class="kpi-point"') == 3
    assert 'class="kpi-path"' in visitors
    assert 'class="kpi-target"' in visitors
    assert "<caption>訪日外国人旅行者数 の実績値</caption>" in visitors
    assert '<th scope="row">2024年</th><td class="number">3,687万人</td>' in visitors
    assert 'href="/kpis/national/A-KPI%E2%91%A3-1"' in visitors
    assert text.count("<svg ") == 2  # only the KPIs with figures


def test_a_year_without_figures_is_not_found(client: TestClient) -> None:
    response = client.get("/reports/1999")
    assert response.status_code == 404
    assert "1999年（度） の年次フォローアップはありません" in response.text
    assert client.get("/reports/1999.pdf").status_code == 404
    assert client.get("/reports/latest").status_code == 404
    assert client.get("/reports", params={"year": "x"}).status_code == 422


def test_the_pdf_download(client: TestClient) -> None:
    response = client.get("/reports/2025.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="followup-2025.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "年次フォローアップ報告" in text
    assert "訪日外国人旅行者数" in text


def test_the_xlsx_download(client: TestClient) -> None:
    response = client.get("/reports/2024.xlsx")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="followup-2024.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book["表紙"]["A1"].value == "年次フォローアップ報告 2024年（度）"
    assert book["KPI"].max_row == 56


def test_without_a_japanese_font_the_pdf_says_what_to_install(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FONT_VARIABLE, "/nonexistent/font.ttf")
    response = client.get("/reports/2025.pdf")
    assert response.status_code == 503
    assert "text/html" in response.headers["content-type"]
    assert DEBIAN_PACKAGE in response.text
    assert FONT_VARIABLE in response.text


def test_private_reading_needs_sign_in(client: TestClient, engine: Engine) -> None:
    with transaction(engine) as session:
        accounts.set_setting(session, key="public_read", value="off", actor="test")
    for path in ("/reports", "/reports/2025", "/reports/2025.pdf", "/reports/2025.xlsx"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login")
    sign_in(client, "viewer")
    assert client.get("/reports/2025").status_code == 200


def test_the_pdf_is_made_again_when_the_data_change(client: TestClient, engine: Engine) -> None:
    first = client.get("/reports/2025.pdf").content
    assert client.get("/reports/2025.pdf").content == first  # kept, not made again
    with transaction(engine) as session:
        note = notes.write(
            session,
            key="national",
            year=2025,
            subject="kpi",
            subject_id="national/A-KPI④-1",
            analysis="地方空港の国際線が増えた",
            next_steps=None,
            actor="editor",
        )
        notes.review(session, note_id=note.id, action="submit", actor="editor")
        notes.review(session, note_id=note.id, action="approve", actor="admin")
    changed = client.get("/reports/2025.pdf").content
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(changed)).pages)
    assert "地方空港の国際線が増えた" in text
    assert "地方空港の国際線が増えた" in client.get("/reports/2025").text
