"""The overview: the logic model drawn and listed with counts, the year selector, the headline
KPIs and the strategy's counts — from the national strategy and its published figures."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from sousei.store import accounts
from sousei.store.db import transaction

from .conftest import sign_in

VISITORS_HREF = "/kpis/national/A-KPI%E2%91%A3-1"  # 訪日外国人旅行者数


def row_of(page: str, href: str) -> str:
    """The table row whose indicator links to `href`."""
    found = re.search(
        rf'<tr>\s*<th scope="row"><a href="{re.escape(href)}[^"]*">.*?</tr>', page, re.S
    )
    assert found is not None, f"no row for {href}"
    return found.group(0)


def drawing(page: str) -> ET.Element:
    found = re.search(r'<svg[^>]*class="logic-model".*?</svg>', page, re.S)
    assert found is not None
    return ET.fromstring(found.group(0))


def test_the_overview_draws_the_logic_model_with_every_impact_and_outcome(
    client: TestClient,
) -> None:
    page = client.get("/").text
    svg = drawing(page)
    assert svg.get("role") == "img"
    written = "".join(svg.itertext()).replace(" ", "")
    for name in ("1.強い経済", "2.豊かな生活環境", "3.選ばれる地方", "4.国の役割"):
        assert name in written
    for outcome in "ABCDE":
        assert f"{outcome}." in written
    boxes = svg.findall(".//{http://www.w3.org/2000/svg}g[@class='node']")
    assert len(boxes) == 3 + 5 + 23 + 1


def test_the_text_list_names_3_impacts_and_5_outcomes_whose_counts_add_up_to_55(
    client: TestClient,
) -> None:
    page = client.get("/").text
    impacts = re.findall(r'<a href="/impacts/(\d)">([^<]+)</a>', page)
    assert [name for _id, name in impacts] == [
        "1. 強い経済",
        "2. 豊かな生活環境",
        "3. 選ばれる地方",
    ]
    outcomes = re.findall(r'<a href="/outcomes/([A-E])">', page)
    assert sorted(set(outcomes)) == ["A", "B", "C", "D", "E"]
    tops = re.findall(
        r'<a href="/(?:impacts/\d|groups/cross-cutting)">[^<]+</a>\s*<span class="node-status">'
        r"<span[^>]*>[^<]+</span> KPI (\d+)件",
        page,
    )
    assert [int(n) for n in tops] == [30, 9, 8, 8]
    assert sum(int(n) for n in tops) == 55


def test_the_summary_counts_every_kpi_once_by_status(client: TestClient) -> None:
    page = client.get("/").text
    numbers = [int(n) for n in re.findall(r'<span class="tally-number">(\d+)</span>', page)]
    assert numbers[0] == 55
    assert sum(numbers[1:]) == 55
    assert "施策 115件、主な事業 173件" in page


def test_visitors_is_on_track_with_its_latest_figure_target_and_explanation(
    client: TestClient,
) -> None:
    row = row_of(client.get("/").text, VISITORS_HREF)
    assert "訪日外国人旅行者数" in row
    assert ">順調</span>" in row
    assert "4,268万人" in row
    assert "2025年" in row
    assert "6,000 万人（2030 年）" in row
    assert "直線経路上の期待値 4,072万人を上回っています" in row


def test_the_headline_table_holds_the_3_impact_and_13_outcome_kpis(client: TestClient) -> None:
    page = client.get("/").text
    table = page[page.index('id="headline-heading"') :]
    assert table.count('<th scope="row">') == 16
    assert table.count("インパクト 1") == 1
    assert 'href="/kpis/national/I1"' in table


def test_the_year_selector_lists_the_years_with_figures_and_changes_the_year(
    client: TestClient,
) -> None:
    page = client.get("/").text
    form = re.search(r'<form method="get" action="/" class="year-form">.*?</form>', page, re.S)
    assert form is not None
    assert '<label for="year">' in form.group(0)
    options = re.findall(r'<option value="(\d+)"( selected)?>', form.group(0))
    assert [year for year, _selected in options] == ["2025", "2024", "2019"]
    assert dict(options)["2025"] == " selected"
    assert '<button type="submit"' in form.group(0)

    earlier = client.get("/?year=2024").text
    assert '<option value="2024" selected>' in earlier
    assert "2024年・2024年度 の実績による評価" in earlier
    row = row_of(earlier, VISITORS_HREF)
    assert ">対象外</span>" in row  # 2024 is the baseline year: nothing to judge yet
    assert ">順調</span>" not in row
    assert f'href="{VISITORS_HREF}?year=2024"' in earlier  # links keep the chosen year
    assert 'href="/impacts/1?year=2024"' in earlier


def test_a_year_without_figures_is_evaluated_and_offered_in_the_selector(
    client: TestClient,
) -> None:
    page = client.get("/?year=2027").text
    assert '<option value="2027" selected>' in page
    assert ">データなし</span>" in row_of(page, VISITORS_HREF)


def test_a_year_that_is_no_year_is_refused_in_japanese(client: TestClient) -> None:
    for query in ("year=abc", "year=99999", "year=1"):
        response = client.get(f"/?{query}")
        assert response.status_code == 422
        assert "入力の形式が正しくありません" in response.text


def test_the_overview_needs_sign_in_when_public_reading_is_off(
    client: TestClient, engine: Engine
) -> None:
    with transaction(engine) as session:
        accounts.set_setting(session, key=accounts.PUBLIC_READ, value="off", actor="test")
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    sign_in(client, "viewer")
    assert "ロジックモデル" in client.get("/").text


def test_the_page_has_one_h1_and_headings_in_order(client: TestClient) -> None:
    page = client.get("/").text
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", page)]
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
