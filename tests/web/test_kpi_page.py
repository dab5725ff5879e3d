"""The KPI page of 訪日外国人旅行者数: its status sentence, reference data, place in the logic
model, every observation, notes, the chart, the year selector, the downloads and the 404s."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Engine

from sousei.model.actuals import Period, Report, Source
from sousei.store import accounts, notes, observations
from sousei.store.db import transaction

from .conftest import sign_in

KPI = "national/A-KPI④-1"
PAGE = f"/kpis/{KPI}"
SENTENCE = (
    "2025年の実績 4,268万人は、基準 3,687万人（2024年）から目標 6,000万人（2030年）への"
    "直線経路上の期待値 4,072万人を上回っています（順調）"
)
JNTO = "日本政府観光局（JNTO）"


def _rows(html: str, caption: str) -> list[str]:
    """The body rows (as text) of the table with this caption."""
    table = re.search(rf"<caption>\s*{re.escape(caption)}.*?</table>", html, re.S)
    assert table is not None, caption
    body = table.group(0).split("<tbody>", 1)[1]
    return [re.sub(r"<[^>]+>|\s+", " ", row).strip() for row in body.split("</tr>")[:-1]]


def test_the_page_states_the_status_sentence_and_the_ratios(client: TestClient) -> None:
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.text
    assert "<h1>訪日外国人旅行者数</h1>" in html
    assert SENTENCE in html
    assert '<span class="status" style="background-color: #0D47A1">順調</span>' in html
    assert "71.1%" in html  # 達成率: 4,268万 ÷ 6,000万
    assert "150.8%" in html  # 進捗率（経路比）
    assert "25.1%" in html  # 進捗率（目標比）
    assert "4,072万人" in html  # the year's expected value


def test_the_page_gives_target_baseline_and_reference_data(client: TestClient) -> None:
    html = client.get(PAGE).text
    assert "6,000 万人（2030 年）" in html  # the target as written
    assert "6,000万人（60,000,000人）" in html  # and as read
    assert "2030年（令和12年）" in html
    assert "3,687万人（2024年（令和6年）、参照情報による）" in html
    for fact in (
        "国土交通省",
        "観光庁",
        "日本政府観光局（JNTO）「訪日外客数」",
        "暦年の訪日外客数",
    ):
        assert fact in html


def test_the_breadcrumbs_follow_the_logic_model(client: TestClient) -> None:
    html = client.get(PAGE).text
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)
    assert crumbs is not None
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs.group(0))
    assert links == [
        ("/", "概要"),
        ("/impacts/1", "インパクト1 強い経済"),
        ("/outcomes/A", "アウトカムA 地域における高付加価値型産業創出"),
    ]
    assert '<span aria-current="page">訪日外国人旅行者数</span>' in crumbs.group(0)


def test_an_output_kpi_links_to_its_area_and_the_areas_measures(client: TestClient) -> None:
    html = client.get("/kpis/national/g-1").text  # インバウンド消費額, area g
    assert '<a href="/areas/g">g. インバウンド促進</a>' in html
    assert 'href="/measures/g/' in html


def test_every_observation_is_listed_with_its_source_and_review(client: TestClient) -> None:
    rows = _rows(client.get(PAGE).text, "入力されたすべての実績値")
    assert len(rows) == 3
    for row, year, value, status in zip(
        rows,
        ("2019年", "2024年", "2025年"),
        ("31,882,049", "36,869,900", "42,683,600"),
        ("確定値", "推計値", "推計値"),
        strict=True,
    ):
        assert year in row
        assert value in row
        assert status in row
        assert JNTO in row
        assert "承認済み" in row
    assert "訪日外客数 2025年12月及び年間推計値" in rows[2]
    assert "公表: 2026-01-21" in rows[2]


def test_a_correction_shows_what_it_superseded(client: TestClient, engine: Engine) -> None:
    with transaction(engine) as session:
        figure = observations.record(
            session,
            report=Report(
                kpi_id=KPI,
                period=Period(start=2025, end=2025, basis="calendar"),
                value=Decimal(42700000),
                unit="人",
                status="確定値",
                source=Source(
                    publisher=JNTO,
                    publication="訪日外客数 2025年確定値",
                    url="https://example.org/jnto",
                ),
            ),
            actor="editor",
        )
    assert figure is not None
    html = client.get(PAGE).text
    rows = _rows(html, "入力されたすべての実績値")
    assert len(rows) == 4
    assert f"{figure.id}番で差し替え済み" in rows[2]
    assert f"{figure.supersedes}番を差し替え" in rows[3]
    assert "下書き" in rows[3]
    assert '<a href="https://example.org/jnto">訪日外客数 2025年確定値</a>' in html
    # Until the correction is approved, the approved figure is the one charted and judged.
    chart = _rows(html, "グラフのデータ（訪日外国人旅行者数）")
    [year] = [row for row in chart if row.startswith("2025年")]
    assert year.split()[1] == "4,268万人"
    assert SENTENCE in html


def test_the_chart_has_a_title_a_description_and_a_data_table(client: TestClient) -> None:
    html = client.get(PAGE).text
    assert re.search(
        r'<svg [^>]*role="img"[^>]*aria-labelledby="kpi-chart-title kpi-chart-desc"', html
    )
    assert '<title id="kpi-chart-title">訪日外国人旅行者数の推移</title>' in html
    rows = _rows(html, "グラフのデータ（訪日外国人旅行者数）")
    assert [row.split()[0] for row in rows] == [f"{y}年" for y in (2019, *range(2024, 2031))]
    assert rows[-1].split()[1:3] == ["—", "6,000万人"]  # no actual in 2030, the target


def test_the_projection_is_labelled_an_estimate_with_its_method(client: TestClient) -> None:
    html = client.get(PAGE).text
    assert (
        "線形回帰（3点: 2019～2025年）による推計では、2030年に 4,845万人の見込みで、"
        "目標 6,000万人に届きません（推計であり実績ではありません）"
    ) in html
    assert "推計: 線形回帰（実績ではありません）" in html


def test_the_year_selector_shows_another_year(client: TestClient) -> None:
    html = client.get(PAGE, params={"year": 2024}).text
    assert "2024年（令和6年）の評価" in html
    assert "（対象外）" in html  # 2024 is the baseline year: nothing to judge yet
    assert '<option value="2024" selected>' in html
    assert '<form class="filters year-form" method="get"' in html


def test_the_years_notes_are_shown(client: TestClient, engine: Engine) -> None:
    with transaction(engine) as session:
        notes.write(
            session,
            key="national",
            year=2025,
            subject="kpi",
            subject_id=KPI,
            analysis="航空便の回復と円安が寄与した。",
            next_steps="地方部への分散を進める。",
            actor="editor",
        )
    html = client.get(PAGE).text
    assert "航空便の回復と円安が寄与した。" in html
    assert "地方部への分散を進める。" in html
    assert "航空便の回復" not in client.get(PAGE, params={"year": 2024}).text


def test_the_series_csv_has_a_bom_and_the_figures_in_force(client: TestClient) -> None:
    response = client.get(f"{PAGE}/series.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["period_end"], r["value"], r["publisher"]) for r in rows] == [
        ("2019", "31882049", JNTO),
        ("2024", "36869900", JNTO),
        ("2025", "42683600", JNTO),
    ]
    assert {r["status"] for r in rows} == {"確定値", "推計値"}
    assert {r["review_state"] for r in rows} == {"approved"}


def test_series_text_cells_cannot_run_as_formulas(client: TestClient, engine: Engine) -> None:
    with transaction(engine) as session:
        observations.record(
            session,
            report=Report(
                kpi_id=KPI,
                period=Period(start=2026, end=2026, basis="calendar"),
                value=Decimal(1),
                unit="人",
                note='=HYPERLINK("http://evil.example")',
            ),
            actor="editor",
        )
    text = client.get(f"{PAGE}/series.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_the_series_xlsx_opens_with_the_same_rows(client: TestClient, tmp_path: Path) -> None:
    response = client.get(f"{PAGE}/series.xlsx")
    assert response.status_code == 200
    path = tmp_path / "series.xlsx"
    path.write_bytes(response.content)
    sheet = load_workbook(path).active
    assert sheet is not None
    header, *rows = list(sheet.iter_rows(values_only=True))
    values = [dict(zip(header, row, strict=True)) for row in rows]
    assert [(v["period_end"], v["value"]) for v in values] == [
        (2019, 31882049),
        (2024, 36869900),
        (2025, 42683600),
    ]
    assert all(v["publisher"] == JNTO for v in values)


@pytest.mark.parametrize(
    "path",
    [
        "/kpis/national/no-such-kpi",
        "/kpis/national/no-such-kpi/series.csv",
        "/kpis/national/no-such-kpi/series.xlsx",
        "/kpis/",
    ],
)
def test_an_unknown_kpi_is_a_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "ページが見つかりません" in response.text


def test_a_year_that_is_not_a_number_is_a_422(client: TestClient) -> None:
    assert client.get(PAGE, params={"year": "来年"}).status_code == 422
    assert client.get(PAGE, params={"year": 99999}).status_code == 422


def test_the_page_needs_sign_in_when_public_reading_is_off(
    client: TestClient, engine: Engine
) -> None:
    with transaction(engine) as session:
        accounts.set_setting(session, key=accounts.PUBLIC_READ, value="off", actor="admin")
    response = client.get(PAGE, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    sign_in(client, "viewer")
    assert client.get(PAGE).status_code == 200


def test_the_entry_form_shows_only_to_who_may_write(client: TestClient) -> None:
    form = f'action="/kpis/{quote(KPI)}/actuals"'
    assert 'class="entry-form"' not in client.get(PAGE).text
    sign_in(client, "editor")  # 国土交通省, which owns this KPI
    assert 'class="entry-form"' in client.get(PAGE).text
    assert form in client.get(PAGE).text or f'action="/kpis/{KPI}/actuals"' in client.get(PAGE).text
    other = client.get("/kpis/national/a-1").text  # no organisation set: not the editor's
    assert 'class="entry-form"' not in other
